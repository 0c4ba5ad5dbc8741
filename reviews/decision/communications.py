"""Who was told of the decision (domain.md §4.3) and closing the referral once the family and
the national Panel have been told, or the reason the family was not is recorded (§7.1:
communicated requires a row for the family)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralStatus
from referrals.services import ReferralStateError

from ..models import Communication, Decision
from ..transitions import referral_move

R = Communication.Recipient
# The coordinator records these; the referrer's row is written by decision_record itself.
RECORDED_RECIPIENTS = (R.FAMILY, R.PANEL, R.OFSTED, R.DFE, R.AGENCY, R.OTHER)
# Where telling them is optional, "why not" is no substitute for the Panel's notification.
MAY_GIVE_REASON = frozenset({R.FAMILY, R.AGENCY, R.OTHER})


def communication_record(
    *,
    referral: Referral,
    by: User,
    recipient: str,
    channel: str = "",
    sent_on: date | None = None,
    by_whom: str = "",
    not_sent_reason: str = "",
    summary: str = "",
) -> Communication:
    """Record that `recipient` was told (when, how, by whom), or why they were not."""
    if not by.has_role(Role.COORDINATOR):
        raise ReferralStateError("Only coordinators record who was told of the decision.")
    if recipient not in RECORDED_RECIPIENTS:
        raise ReferralStateError("Choose who was told from the list.")
    not_sent_reason = not_sent_reason.strip()
    _check_told(recipient, channel, sent_on, by_whom, not_sent_reason)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != ReferralStatus.DECIDED:
            raise ReferralStateError(
                "Communications are recorded once a decision is made and until the referral is closed."
            )
        decided_on = Decision.objects.filter(referral=locked).values_list("decided_on", flat=True).first()
        if sent_on and decided_on and sent_on < decided_on:
            raise ReferralStateError("The date they were told must be on or after the date of the decision.")
        told = bool(sent_on)
        return Communication.objects.create(
            referral=locked,
            recipient=recipient,
            channel=channel if told else "",
            sent_on=sent_on if told else None,
            by_whom=by_whom.strip() if told else "",
            not_sent_reason="" if told else not_sent_reason,
            summary=summary.strip(),
            recorded_by=by,
        )


def _check_told(recipient, channel, sent_on, by_whom, not_sent_reason) -> None:
    if sent_on is None:
        if recipient not in MAY_GIVE_REASON:
            raise ReferralStateError("Enter the date they were told.")
        if not not_sent_reason:
            raise ReferralStateError("Enter the date they were told, or why they were not told.")
        return
    if sent_on > timezone.localdate():
        raise ReferralStateError("The date they were told must be today or in the past.")
    if channel not in Communication.Channel.values:
        raise ReferralStateError("Choose how they were told.")
    if not by_whom.strip():
        raise ReferralStateError("Enter who told them.")


def missing_before_close(referral: Referral) -> list[str]:
    """What must still be recorded before the referral can close, in words for the user."""
    rows = Communication.objects.filter(referral=referral)
    missing = []
    family = rows.filter(recipient=R.FAMILY).exclude(sent_on__isnull=True, not_sent_reason="")
    if not family.exists():
        missing.append("how the family was told, or why they were not")
    if not rows.filter(recipient=R.PANEL, sent_on__isnull=False).exists():
        missing.append("how the national Panel was told")
    return missing


def referral_close(*, referral: Referral, by: User, expected: str | None = None) -> Referral:
    """decided -> closed, once the family and the Panel have been told (or the reason the
    family was not is recorded)."""
    if not by.has_role(Role.COORDINATOR):
        raise ReferralStateError("Only coordinators close a referral.")

    def guard(locked: Referral) -> None:
        missing = missing_before_close(locked)
        if missing:
            raise ReferralStateError("Before you close this referral, record " + " and ".join(missing) + ".")

    return referral_move(
        referral=referral, to=ReferralStatus.CLOSED, by=by, expected=expected, guard=guard, note="Closed"
    )
