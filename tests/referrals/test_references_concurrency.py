"""References under concurrency (PostgreSQL): the counter row lock gives simultaneous
submissions distinct, gap-free numbers, and the referral row lock lets one of two
simultaneous withdrawals win."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError, referral_submit, referral_withdraw
from tests.factories import UserFactory, complete_referral_factory, submitted_referral_factory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


@pytest.fixture(autouse=True)
def role_groups():
    # Transactional tests flush every table, the role groups of migration accounts/0002 too.
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR])


def run_at_once(calls):
    """Run each callable in its own thread (and database connection), released together.
    Returns what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


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
