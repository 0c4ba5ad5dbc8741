"""Two Review Group members acting on one referral at the same moment (PostgreSQL): one wins,
the other is told, and nothing is done twice."""

import pytest

from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError
from reviews.models import Triage
from reviews.triage.services import triage_start, triage_withdraw
from tests.concurrency import run_at_once
from tests.factories import UserFactory, submitted_referral_factory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


def test_two_members_starting_triage_at_once_start_it_once():
    referral = submitted_referral_factory()
    members = [UserFactory(email=f"member{n}@council.example", roles=["member"]) for n in range(2)]

    results = run_at_once(
        [
            lambda m=m: triage_start(referral=referral, by=m, expected=ReferralStatus.SUBMITTED)
            for m in members
        ]
    )

    assert sum(isinstance(r, Triage) for r in results) == 1
    assert sum(isinstance(r, ReferralStateError) for r in results) == 1
    assert Triage.objects.filter(referral=referral).count() == 1
    assert ReferralEvent.objects.filter(referral=referral, action="triage.started").count() == 1


def test_a_withdrawal_and_a_start_at_once_leave_one_consistent_state():
    referral = submitted_referral_factory()
    member = UserFactory(email="member@council.example", roles=["member"])
    coordinator = UserFactory(email="coordinator2@council.example", roles=["coordinator"])

    results = run_at_once(
        [
            lambda: triage_start(referral=referral, by=member, expected=ReferralStatus.SUBMITTED),
            lambda: triage_withdraw(
                referral=referral, by=coordinator, reason="Duplicate", expected=ReferralStatus.SUBMITTED
            ),
        ]
    )

    assert sum(isinstance(r, ReferralStateError) for r in results) == 1
    referral.refresh_from_db()
    assert referral.status in {ReferralStatus.SCREENING, ReferralStatus.WITHDRAWN}
