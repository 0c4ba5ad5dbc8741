"""What a complete decision looks like, for the decision tests: the service's keyword
arguments and the form's POST data."""

import datetime

from django.utils import timezone

from referrals.models import ReferralStatus
from tests.factories import submitted_referral_factory

RATIONALE = "INTERNAL-RATIONALE-7f3a: the partners weighed the chronologies of the agencies."
MESSAGE = "Thank you for your referral. The Review Group will commission a review."


def awaiting_decision(**fields):
    """Submitted two weeks ago, so a decision may be dated in the past fortnight."""
    referral = submitted_referral_factory(status=ReferralStatus.AWAITING_DECISION, **fields)
    referral.submitted_at = timezone.now() - datetime.timedelta(days=14)
    referral.save(update_fields=["submitted_at"])
    return referral


def decision_kwargs(referral, by, **overrides) -> dict:
    answers = {
        "referral": referral,
        "by": by,
        "expected": ReferralStatus.AWAITING_DECISION,
        "outcome": "spr",
        "rationale": RATIONALE,
        "message_to_referrer": MESSAGE,
        "criteria_assessment": {"met": ["improvements", "agencies_working_together"], "notes": "Met."},
        "decided_on": timezone.localdate(),
        "la_agreed_by": "Director of Children's Services",
        "icb_agreed_by": "ICB Director of Nursing",
        "police_agreed_by": "Chief Superintendent",
    }
    return {**answers, **overrides}


def decision_post(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "expected": ReferralStatus.AWAITING_DECISION,
        "outcome": "spr",
        "rationale": RATIONALE,
        "message_to_referrer": MESSAGE,
        "criteria_met": ["improvements"],
        "criteria_notes": "Criterion (a) met.",
        "decided_on_0": str(today.day),
        "decided_on_1": str(today.month),
        "decided_on_2": str(today.year),
        "la_agreed_by": "Director of Children's Services",
        "icb_agreed_by": "ICB Director of Nursing",
        "police_agreed_by": "Chief Superintendent",
        "dissent": "",
    }
    return {**data, **overrides}
