"""Two members record a decision on the same referral at the same moment (PostgreSQL): the
referral's row lock lets one win; the other is told and nothing of theirs is kept."""

import pytest

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferralStatus
from referrals.services import ReferralStateError
from reviews.decision.services import decision_record
from reviews.models import Communication, Decision, ReviewCase
from tests.concurrency import run_at_once
from tests.factories import UserFactory
from tests.reviews.decision_answers import awaiting_decision, decision_kwargs

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


def test_of_two_simultaneous_decisions_exactly_one_is_recorded():
    referral = awaiting_decision()
    members = [UserFactory(email=f"member{n}@council.example", roles=[Role.MEMBER]) for n in range(2)]

    results = run_at_once(
        [
            lambda by=by, outcome=outcome: decision_record(**decision_kwargs(referral, by, outcome=outcome))
            for by, outcome in zip(members, ["spr", "no_review"], strict=True)
        ]
    )

    assert sum(isinstance(r, ReferralStateError) for r in results) == 1
    [decision] = [r for r in results if isinstance(r, Decision)]
    assert Decision.objects.count() == 1
    assert ReviewCase.objects.count() == (1 if decision.outcome == "spr" else 0)
    assert Communication.objects.count() == 1
    assert OutgoingEmail.objects.filter(template="reviews-decision-made").count() == 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED


def test_simultaneous_decisions_on_different_referrals_get_distinct_review_references():
    referrals = [awaiting_decision() for _ in range(5)]
    member = UserFactory(email="member@council.example", roles=[Role.MEMBER])

    results = run_at_once([lambda r=r: decision_record(**decision_kwargs(r, member)) for r in referrals])

    assert not [r for r in results if isinstance(r, Exception)], results
    references = sorted(ReviewCase.objects.values_list("reference", flat=True))
    year = results[0].decided_on.year
    assert references == [f"REV-{year}-{n:03d}" for n in range(1, 6)]
