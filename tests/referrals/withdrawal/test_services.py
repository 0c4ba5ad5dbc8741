"""The withdrawal services: withdrawal and withdrawal requests, their guards, their event rows
and the emails they queue."""

import pytest

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferralStatus
from referrals.services import ReferralStateError
from referrals.withdrawal.services import referral_request_withdrawal, referral_withdraw
from tests.factories import UserFactory, complete_referral_factory, submitted_referral_factory

pytestmark = pytest.mark.django_db

S = ReferralStatus


def emails(template):
    return sorted(OutgoingEmail.objects.filter(template=template).values_list("to", flat=True))


# --- Withdrawal ----------------------------------------------------------------------------


def test_the_referrer_withdraws_a_submitted_referral_with_a_reason(coordinators):
    referral = submitted_referral_factory()

    referral_withdraw(referral=referral, by=referral.created_by, reason="Sent by mistake")

    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN
    assert referral.withdrawn_at is not None
    assert referral.withdrawal_reason == "Sent by mistake"
    event = referral.events.get(action="referral.withdrawn")
    assert (event.from_status, event.to_status, event.note) == (S.SUBMITTED, S.WITHDRAWN, "Sent by mistake")
    assert emails("referrals-withdrawn") == sorted(c.email for c in coordinators)


def test_only_the_referrer_can_withdraw(coordinators):
    referral = submitted_referral_factory()

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_withdraw(referral=referral, by=coordinators[0], reason="No")

    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert not referral.events.filter(action="referral.withdrawn").exists()


@pytest.mark.parametrize(
    "status", [S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION, S.DECIDED, S.CLOSED, S.WITHDRAWN, S.MERGED]
)
def test_a_referral_can_be_withdrawn_only_while_submitted(coordinators, status):
    referral = submitted_referral_factory(status=status)

    with pytest.raises(ReferralStateError, match="only withdraw a referral before"):
        referral_withdraw(referral=referral, by=referral.created_by, reason="Too late")

    referral.refresh_from_db()
    assert referral.status == status
    assert not OutgoingEmail.objects.filter(template="referrals-withdrawn").exists()


def test_a_draft_cannot_be_withdrawn(coordinators):
    draft = complete_referral_factory()

    with pytest.raises(ReferralStateError):
        referral_withdraw(referral=draft, by=draft.created_by, reason="Draft")


# --- Withdrawal requests -------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION])
def test_the_referrer_asks_the_coordinators_to_withdraw_once_triage_has_started(coordinators, status):
    referral = submitted_referral_factory(status=status)

    referral_request_withdrawal(referral=referral, by=referral.created_by, reason="The family moved away")

    referral.refresh_from_db()
    assert referral.status == status  # the coordinators decide
    assert referral.withdrawal_requested_at is not None
    assert referral.withdrawal_request_reason == "The family moved away"
    event = referral.events.get(action="referral.withdrawal_requested")
    assert (event.from_status, event.to_status, event.actor) == (status, status, referral.created_by)
    assert event.note == "The family moved away"
    assert emails("referrals-withdrawal-requested") == sorted(c.email for c in coordinators)


def test_a_withdrawal_can_be_requested_only_once(coordinators):
    referral = submitted_referral_factory(status=S.SCREENING)
    referral_request_withdrawal(referral=referral, by=referral.created_by, reason="First")

    with pytest.raises(ReferralStateError, match="already asked"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Second")

    referral.refresh_from_db()
    assert referral.withdrawal_request_reason == "First"
    assert OutgoingEmail.objects.filter(template="referrals-withdrawal-requested").count() == 2


def test_a_submitted_referral_is_withdrawn_not_requested(coordinators):
    referral = submitted_referral_factory()

    with pytest.raises(ReferralStateError, match="can still withdraw this referral yourself"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Please")


@pytest.mark.parametrize("status", [S.DECIDED, S.CLOSED, S.WITHDRAWN, S.MERGED])
def test_a_withdrawal_request_needs_a_referral_being_triaged(coordinators, status):
    referral = submitted_referral_factory(status=status)

    with pytest.raises(ReferralStateError, match="can no longer be withdrawn"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Please")

    referral.refresh_from_db()
    assert referral.withdrawal_requested_at is None


def test_only_the_referrer_can_ask_for_a_withdrawal(coordinators):
    referral = submitted_referral_factory(status=S.SCREENING)

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_request_withdrawal(referral=referral, by=UserFactory(roles=[Role.REFERRER]), reason="Mine")
