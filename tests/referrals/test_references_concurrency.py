"""References under concurrency (PostgreSQL): the counter row lock gives simultaneous
submissions distinct, gap-free numbers, and the referral row lock lets one of two
simultaneous withdrawals win."""

import pytest
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError, referral_submit
from referrals.withdrawal.services import referral_withdraw
from tests.concurrency import run_at_once
from tests.factories import UserFactory, complete_referral_factory, submitted_referral_factory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


@pytest.fixture(autouse=True)
def coordinator_on_duty(role_groups):
    UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR])


def test_simultaneous_submissions_get_distinct_consecutive_references():
    drafts = [complete_referral_factory() for _ in range(THREADS)]

    results = run_at_once([lambda d=draft: referral_submit(referral=d, by=d.created_by) for draft in drafts])

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    year = timezone.localdate().year
    assert sorted(r.reference for r in results) == [f"SPR-{year}-{n:04d}" for n in range(1, THREADS + 1)]
    assert OutgoingEmail.objects.filter(template="referrals-submitted").count() == THREADS


def test_of_two_simultaneous_withdrawals_one_wins():
    referral = submitted_referral_factory()
    owner = referral.created_by

    results = run_at_once(
        [
            lambda reason=reason: referral_withdraw(referral=referral, by=owner, reason=reason)
            for reason in "AB"
        ]
    )

    assert sum(isinstance(r, ReferralStateError) for r in results) == 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert ReferralEvent.objects.filter(referral=referral, action="referral.withdrawn").count() == 1
    assert OutgoingEmail.objects.filter(template="referrals-withdrawn").count() == 1
