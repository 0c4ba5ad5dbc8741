"""Demo decisions for `manage.py seed_demo` (called by triage/demo.py for each demo referral with
an outcome): the decision with its assessment, rationale and message, the review case an
outcome calls for, and who was told before a closed referral was closed. Rows are created
directly, following the models' rules: a review case only for an outcome that calls for one,
family and Panel told before a referral is closed."""

from datetime import date, timedelta

from django.utils import timezone

from cscp.accounts.models import User
from referrals.models import Referral, ReferralStatus

from ..cases.clocks import add_months
from ..cases.services import next_review_reference
from ..models import OUTCOME_REVIEW_TYPES, Communication, Decision, DecisionOutcome, ReviewCase, ReviewStatus

S = ReferralStatus
O = DecisionOutcome  # noqa: E741

# As decision_record stores it: the regulation 11 criteria met, and notes.
ASSESSMENTS = {
    O.SPR: {"met": ["improvements", "recurrent_themes", "agencies_working_together"], "notes": "Demo data."},
    O.LEARNING_REVIEW: {"met": ["improvements"], "notes": "Demo data: good practice to share."},
    O.NEAR_MISS_INQUIRY: {"met": ["improvements", "agencies_working_together"], "notes": "Demo data."},
    O.NO_REVIEW: {"met": [], "notes": "Demo data: no criterion met."},
    O.REFERRED_ELSEWHERE: {
        "met": ["improvements"],
        "notes": "Demo data: learning is mostly for adult services.",
    },
}

RATIONALES = {
    O.SPR: "The criteria for a local review are met: serious harm, abuse known, and concerns about how "
    "agencies worked together. The rapid review found learning no single-agency review would give.",
    O.LEARNING_REVIEW: "The criteria for a full review are not met, but the early help work shows good "
    "practice worth a short learning review with the practitioners involved.",
    O.NEAR_MISS_INQUIRY: "Harm was averted, but three agencies saw the bruise before a referral was made. "
    "A near-miss inquiry will look at how bruising in non-mobile babies is escalated.",
    O.NO_REVIEW: "The case shows agencies working well together. No review is needed; the learning will "
    "go in the partnership's next briefing.",
    O.REFERRED_ELSEWHERE: "The learning is mostly about the adult's care; a safeguarding adults review "
    "is the better process. The Review Group will follow it and take the learning about the child.",
}
MESSAGES = {
    O.SPR: "Thank you for your referral. The Review Group has decided to carry out a Child Safeguarding "
    "Practice Review. The review's coordinator will contact your agency about its part.",
    O.LEARNING_REVIEW: "Thank you for your referral. The Review Group will run a learning review and may "
    "ask the practitioners involved to take part.",
    O.NEAR_MISS_INQUIRY: "Thank you for your referral. The Review Group will hold a near-miss inquiry. "
    "We will ask your agency for a chronology.",
    O.NO_REVIEW: "Thank you for your referral. The Review Group has decided that no review is needed. "
    "The good practice you described will be shared in the partnership's briefing.",
    O.REFERRED_ELSEWHERE: "Thank you for your referral. The Review Group has passed it to the Safeguarding "
    "Adults Board, which will consider a safeguarding adults review.",
}


def seed_decision(referral, outcome, triage, coordinator, members, decided_on: date) -> Decision:
    """The decision on a demo referral, the review case it opens and, once the referral is
    closed, the record that the family and the Panel were told."""
    review_case = _review_case(referral, outcome, triage, coordinator, decided_on)
    decision = Decision.objects.create(
        referral=referral,
        outcome=outcome,
        referred_to="Safeguarding Adults Board (SAR)" if outcome == O.REFERRED_ELSEWHERE else "",
        review_case=review_case,
        rationale=RATIONALES[outcome],
        message_to_referrer=MESSAGES[outcome],
        criteria_assessment=ASSESSMENTS[outcome],
        decided_on=decided_on,
        la_agreed_by="Director of Children's Services (demo)",
        icb_agreed_by="Chief Nurse (demo)",
        police_agreed_by="Detective Superintendent (demo)",
        recorded_by=coordinator,
    )
    decision.members_present.set(members)
    if referral.status == S.CLOSED:
        _told(referral, coordinator, decided_on + timedelta(days=5))
    return decision


def _review_case(referral, outcome, triage, coordinator, decided_on: date) -> ReviewCase | None:
    review_type = OUTCOME_REVIEW_TYPES.get(outcome)
    if review_type is None:
        return None
    case = ReviewCase.objects.create(
        reference=next_review_reference(decided_on),
        review_type=review_type,
        status=ReviewStatus.COMMISSIONED
        if decided_on > timezone.localdate() - timedelta(days=60)
        else ReviewStatus.IN_PROGRESS,
        title=f"{ReviewCase(review_type=review_type).get_review_type_display()} from {referral.reference}",
        commissioned_on=decided_on,
        target_publication_on=add_months(decided_on, 6),
        created_by=coordinator,
    )
    case.referrals.add(referral)
    case.themes.set(triage.themes.all())
    return case


def _told(referral: Referral, coordinator: User, on: date) -> None:
    """A closed referral's family and Panel were told (or why not), as closing requires."""
    Communication.objects.create(
        referral=referral, recipient=Communication.Recipient.FAMILY, channel=Communication.Channel.LETTER,
        sent_on=on, by_whom="Partnership Business Manager", summary="Demo data: letter explaining the decision.",
        recorded_by=coordinator,
    )  # fmt: skip
    Communication.objects.create(
        referral=referral, recipient=Communication.Recipient.PANEL,
        channel=Communication.Channel.NOTIFICATION_SYSTEM, sent_on=on, by_whom="Partnership Business Manager",
        summary="Demo data: decision shared with the Panel.", recorded_by=coordinator,
    )  # fmt: skip
