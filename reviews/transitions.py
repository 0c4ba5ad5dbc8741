"""The referral's states after submission (domain.md §7.1, simplified) and the one way to move
between them. Every service of the Review Group that changes a referral's state calls
`referral_move`: it checks the transition table and the service's own guard, refuses a form
posted against a state that has since changed (two members acting at once: one wins, the other
is told), and writes the event row, all in one transaction."""

from collections.abc import Callable

from django.db import transaction

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError

S = ReferralStatus

OPEN_STATES = frozenset({S.SUBMITTED, S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION})

# (from, to) -> the action name recorded on the event row.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, S.SCREENING): "triage.started",
    (S.SCREENING, S.RAPID_REVIEW): "triage.rapid_review_started",
    (S.SCREENING, S.AWAITING_DECISION): "triage.ready_for_decision",
    (S.RAPID_REVIEW, S.AWAITING_DECISION): "triage.rapid_review_completed",
    (S.AWAITING_DECISION, S.DECIDED): "triage.decided",
    (S.DECIDED, S.CLOSED): "triage.closed",
    **{(state, S.WITHDRAWN): "triage.withdrawn" for state in OPEN_STATES},
    **{(state, S.MERGED): "triage.merged" for state in OPEN_STATES},
}

STAFF_ROLES = (Role.MEMBER, Role.COORDINATOR)

STATE_CHANGED = (
    "Someone else changed this referral while you were looking at it: it is now {status}. "
    "Nothing you entered has been saved. Check the referral and try again."
)


def allowed(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in TRANSITIONS


def referral_move(
    *,
    referral: Referral,
    to: str,
    by: User,
    expected: str | None = None,
    note: str = "",
    guard: Callable[[Referral], None] | None = None,
    change: Callable[[Referral], None] | None = None,
) -> Referral:
    """Move `referral` to `to`, or raise ReferralStateError and change nothing.

    expected: the status the user's form was made for; if the referral has moved on since,
        the move is refused (a stale form never overwrites someone else's work).
    guard: raises ReferralStateError when the service's own conditions are not met; called on
        the locked row.
    change: further changes to make in the same transaction (after the status is set).
    """
    if not by.has_role(*STAFF_ROLES):
        raise ReferralStateError("Only Review Group members and coordinators can do that.")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if expected is not None and locked.status != expected:
            raise ReferralStateError(STATE_CHANGED.format(status=locked.get_status_display().lower()))
        if not allowed(locked.status, to):
            raise ReferralStateError(
                f"A referral that is {locked.get_status_display().lower()} cannot be moved to "
                f"{ReferralStatus(to).label.lower()}."
            )
        if guard:
            guard(locked)
        from_status = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        if change:
            change(locked)
        ReferralEvent.objects.create(
            referral=locked,
            action=TRANSITIONS[(from_status, to)],
            from_status=from_status,
            to_status=to,
            actor=by,
            note=note,
        )
    return locked
