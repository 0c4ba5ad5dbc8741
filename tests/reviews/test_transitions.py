import pytest

from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError
from reviews.transitions import TRANSITIONS, referral_move
from tests.factories import submitted_referral_factory

pytestmark = pytest.mark.django_db

S = ReferralStatus
ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_the_transition_table_is_enforced(member, from_status, to_status):
    referral = submitted_referral_factory()
    referral.status = from_status
    referral.save()
    if (from_status, to_status) in TRANSITIONS:
        moved = referral_move(referral=referral, to=to_status, by=member)
        assert moved.status == to_status
        event = ReferralEvent.objects.filter(referral=referral).latest("id")
        assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, member)
    else:
        with pytest.raises(ReferralStateError):
            referral_move(referral=referral, to=to_status, by=member)
        referral.refresh_from_db()
        assert referral.status == from_status


def test_a_stale_form_is_refused_and_changes_nothing(member):
    referral = submitted_referral_factory()
    referral_move(referral=referral, to=S.SCREENING, by=member)
    with pytest.raises(ReferralStateError, match="Someone else changed this referral"):
        referral_move(referral=referral, to=S.SCREENING, by=member, expected=S.SUBMITTED)


def test_a_failing_guard_changes_nothing(member):
    referral = submitted_referral_factory()
    events = ReferralEvent.objects.filter(referral=referral).count()

    def guard(locked):
        raise ReferralStateError("Not yet")

    with pytest.raises(ReferralStateError, match="Not yet"):
        referral_move(referral=referral, to=S.SCREENING, by=member, guard=guard)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert ReferralEvent.objects.filter(referral=referral).count() == events


@pytest.mark.parametrize("who", ["referrer", "reviewer"])
def test_only_members_and_coordinators_move_referrals(request, who):
    referral = submitted_referral_factory()
    with pytest.raises(ReferralStateError, match="Only Review Group members"):
        referral_move(referral=referral, to=S.SCREENING, by=request.getfixturevalue(who))
