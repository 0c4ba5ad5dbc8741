"""Withdrawal (domain.md §7.1, any pre-decision state → withdrawn): the referrer withdraws a
referral nobody has started to triage, or asks the coordinators to withdraw one being triaged."""

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User

from ..models import Referral, ReferralStatus
from ..services import ReferralStateError, email_coordinators, guard_owner, locked, record_event

# Once triage has started, the referrer may only ask the coordinators to withdraw.
WITHDRAWAL_REQUEST_STATES = frozenset(
    {ReferralStatus.SCREENING, ReferralStatus.RAPID_REVIEW, ReferralStatus.AWAITING_DECISION}
)


def may_request_withdrawal(referral: Referral) -> bool:
    return referral.status in WITHDRAWAL_REQUEST_STATES and referral.withdrawal_requested_at is None


def referral_withdraw(*, referral: Referral, by: User, reason: str) -> Referral:
    """The referrer withdraws a referral nobody has started to triage."""
    with transaction.atomic():
        referral = locked(referral)
        guard_owner(referral, by)
        if referral.status != ReferralStatus.SUBMITTED:
            raise ReferralStateError(
                "You can only withdraw a referral before the Review Group starts looking at it. "
                "Ask the coordinators to withdraw it instead."
            )
        referral.status = ReferralStatus.WITHDRAWN
        referral.withdrawn_at = timezone.now()
        referral.withdrawal_reason = reason
        referral.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        record_event(referral, "referral.withdrawn", ReferralStatus.SUBMITTED, by, note=reason)
        email_coordinators(referral, "referrals-withdrawn")
    return referral


def referral_request_withdrawal(*, referral: Referral, by: User, reason: str) -> Referral:
    """The referrer asks the coordinators to withdraw a referral already being triaged."""
    with transaction.atomic():
        referral = locked(referral)
        guard_owner(referral, by)
        if referral.status == ReferralStatus.SUBMITTED:
            raise ReferralStateError("You can still withdraw this referral yourself.")
        if referral.status not in WITHDRAWAL_REQUEST_STATES:
            raise ReferralStateError("This referral can no longer be withdrawn.")
        if referral.withdrawal_requested_at is not None:
            raise ReferralStateError("You have already asked for this referral to be withdrawn.")
        referral.withdrawal_requested_at = timezone.now()
        referral.withdrawal_request_reason = reason
        referral.save(update_fields=["withdrawal_requested_at", "withdrawal_request_reason", "updated_at"])
        record_event(
            referral, "referral.withdrawal_requested", referral.status, by, note=reason, to=referral.status
        )
        email_coordinators(referral, "referrals-withdrawal-requested")
    return referral
