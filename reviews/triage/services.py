"""The Review Group's triage of a referral (domain.md §2.1, §7.1): starting it, the serious
incident notification (SIN), themes, conflicts of interest, and the moves to a decision,
withdrawal or merger. The rapid review is in rapid_review.py, requests for information in
information_requests.py.

Status changes go through transitions.referral_move. Changes that keep the status (a date
recorded, a theme tagged) go through `referral_changing`: the same lock on the referral, the same
stale-form check, and an event row in the same transaction. Each service either does all of
its work or raises ReferralStateError with a message for the user and changes nothing.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError

from ..clocks import triage_refresh_clocks
from ..lateness import NOTIFICATION, triage_steps
from ..models import ConflictOfInterest, RapidReview, Theme, Triage
from ..transitions import OPEN_STATES, STAFF_ROLES, STATE_CHANGED, referral_move

S = ReferralStatus

# States in which the triage record exists and may still be added to.
TRIAGE_STATES = frozenset({S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION})
# A referral may be merged into one still open or already decided, never a withdrawn one.
MERGE_TARGET_STATES = OPEN_STATES | {S.DECIDED}


# --- Status changes ----------------------------------------------------------------------------


def triage_start(*, referral: Referral, by: User, expected: str | None = None) -> Triage:
    """submitted -> screening, with the triage record; the date the local authority became
    aware is prefilled from the referral (the referrer's agency's date) for the group to check."""

    def change(locked: Referral) -> None:
        # The reminders already sent on the provisional clock carry over: no second "overdue".
        triage, _ = Triage.objects.get_or_create(
            referral=locked,
            defaults={
                "la_aware_on": locked.aware_date,
                "reminders_sent": dict(locked.clock_reminders_sent or {}),
            },
        )
        triage.referral = locked
        triage_refresh_clocks(triage)

    locked = referral_move(referral=referral, to=S.SCREENING, by=by, expected=expected, change=change)
    return locked.triage


def triage_ready_for_decision(*, referral: Referral, by: User, expected: str | None = None) -> Referral:
    """screening -> awaiting decision, for a case below the threshold for a notification
    (domain.md §2.2: the local track, no rapid review)."""

    def guard(locked: Referral) -> None:
        sin_required = _triage(locked).sin_required
        if sin_required is None:
            raise ReferralStateError(
                "Record whether the case must be notified to the Panel before it goes for a decision."
            )
        if sin_required:
            raise ReferralStateError(
                "This case must be notified to the Panel: it needs a rapid review before the decision."
            )

    def change(locked: Referral) -> None:
        _refresh(locked)

    return referral_move(
        referral=referral, to=S.AWAITING_DECISION, by=by, expected=expected, guard=guard, change=change
    )


def triage_withdraw(*, referral: Referral, by: User, reason: str, expected: str | None = None) -> Referral:
    """A coordinator withdraws an open referral (often at the referrer's request)."""
    _coordinator_only(by)
    _reason_given(reason)

    def change(locked: Referral) -> None:
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
        _refresh(locked)

    return referral_move(
        referral=referral, to=S.WITHDRAWN, by=by, expected=expected, note=reason, change=change
    )


def triage_merge(
    *, referral: Referral, by: User, into: Referral, reason: str, expected: str | None = None
) -> Referral:
    """A coordinator merges a referral into another about the same case. Both timelines say so."""
    _coordinator_only(by)
    _reason_given(reason)
    if into.pk == referral.pk:
        raise ReferralStateError("A referral cannot be merged into itself.")

    def guard(locked: Referral) -> None:
        target = Referral.objects.select_for_update().filter(pk=into.pk).first()
        if target is None or target.status not in MERGE_TARGET_STATES:
            raise ReferralStateError(
                f"Referral {into.reference} is not open or decided, so nothing can be merged into it."
            )

    def change(locked: Referral) -> None:
        _refresh(locked)
        referral_noted(
            into, "triage.merged_in", by, note=f"{locked.reference} was merged into this referral: {reason}"
        )

    note = f"Merged into {into.reference}: {reason}"
    return referral_move(
        referral=referral, to=S.MERGED, by=by, expected=expected, note=note, guard=guard, change=change
    )


# --- Changes that keep the status -------------------------------------------------------------


def sin_record(
    *,
    referral: Referral,
    by: User,
    sin_required: bool,
    la_aware_on: date | None,
    sent_on: date | None = None,
    panel_reference: str = "",
    lac_death_notified_on: date | None = None,
    not_required_reason: str = "",
    late_reason: str = "",
    expected: str | None = None,
) -> Triage:
    """Record whether the case is notified to the Panel (if not, why not: the clock stops on
    it), when the local authority became aware and when the notification was sent, with why it
    was late if it was; the clocks follow."""
    _sin_dates_in_order(sin_required, la_aware_on, sent_on, lac_death_notified_on)
    if not sin_required and not not_required_reason.strip():
        raise ReferralStateError("Enter why the case is not notifiable.")
    with referral_changing(referral, by, "triage.sin_recorded", TRIAGE_STATES, expected) as locked:
        triage = _triage(locked)
        if hasattr(triage, "rapid_review"):
            if not (sin_required and sent_on):
                raise ReferralStateError(
                    "The rapid review has started, so the notification's sent date must stay recorded."
                )
            if sent_on > triage.rapid_review.started_on:
                raise ReferralStateError(
                    "The notification cannot have been sent after the rapid review started."
                )
        triage.sin_required = sin_required
        triage.la_aware_on = la_aware_on
        triage.sin_sent_on = sent_on if sin_required else None
        triage.panel_reference = panel_reference if sin_required else ""
        triage.lac_death_notified_on = lac_death_notified_on
        triage.sin_not_required_reason = "" if sin_required else not_required_reason.strip()
        triage.sin_late_reason = late_reason.strip() if sin_required and sent_on else ""
        triage.save(
            update_fields=[
                "sin_required",
                "la_aware_on",
                "sin_sent_on",
                "panel_reference",
                "lac_death_notified_on",
                "sin_not_required_reason",
                "sin_late_reason",
            ]
        )
        triage.referral = locked
        triage_refresh_clocks(triage)
    return triage


# A late step's reason may be recorded whenever the referral has been submitted: the Panel
# asks it after the decision as well.
LATE_REASON_STATES = frozenset(ReferralStatus.values) - {S.DRAFT}


def late_reason_record(
    *, referral: Referral, by: User, step: str, reason: str, expected: str | None = None
) -> Triage:
    """Keep why the Panel notification or the rapid review was late (lateness.py), with the
    step. Refused for a step that was not done late."""
    _reason_given(reason)
    with referral_changing(
        referral, by, f"triage.late_reason.{step}", LATE_REASON_STATES, expected, note=reason.strip()
    ) as locked:
        triage = _triage(locked)
        rapid_review = RapidReview.objects.filter(triage=triage).first()
        found = triage_steps(triage, rapid_review).get(step)
        if found is None or not found.is_late:
            raise ReferralStateError("That step was not done late, so there is no reason to record.")
        record, field = (
            (triage, "sin_late_reason") if step == NOTIFICATION else (rapid_review, "sent_late_reason")
        )
        setattr(record, field, reason.strip())
        record.save(update_fields=[field, "updated_at"])
    return triage


def themes_tag(
    *, referral: Referral, by: User, themes: Iterable[Theme], expected: str | None = None
) -> Triage:
    """Tag the referral with themes from the controlled vocabulary (active themes only)."""
    themes = list(themes)
    if any(not theme.is_active for theme in themes):
        raise ReferralStateError("Choose themes from the current list.")
    names = ", ".join(sorted(theme.name for theme in themes)) or "none"
    states = TRIAGE_STATES | {S.DECIDED}
    with referral_changing(
        referral, by, "triage.themes_tagged", states, expected, note=f"Themes: {names}"
    ) as locked:
        triage = _triage(locked)
        triage.themes.set(themes)
    return triage


def conflict_declare(*, referral: Referral, by: User, note: str = "") -> ConflictOfInterest:
    """A member declares a conflict of interest: they may not then record the decision."""
    states = OPEN_STATES | {S.DECIDED}
    with referral_changing(referral, by, "triage.conflict_declared", states, note=note) as locked:
        if ConflictOfInterest.objects.filter(referral=locked, member=by).exists():
            raise ReferralStateError("You have already declared a conflict of interest on this referral.")
        try:
            with transaction.atomic():
                return ConflictOfInterest.objects.create(referral=locked, member=by, note=note)
        except IntegrityError:  # declared at the same moment in another tab
            raise ReferralStateError(
                "You have already declared a conflict of interest on this referral."
            ) from None


# --- Helpers ---------------------------------------------------------------------------------


@contextmanager
def referral_changing(
    referral: Referral, by: User, action: str, states, expected: str | None = None, note: str = ""
) -> Iterator[Referral]:
    """Lock the referral, check who acts, the stale form and the state; run the change; write
    the event row. All in one transaction: an error in the body changes nothing."""
    if not by.has_role(*STAFF_ROLES):
        raise ReferralStateError("Only Review Group members and coordinators can do that.")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if expected is not None and locked.status != expected:
            raise ReferralStateError(STATE_CHANGED.format(status=locked.get_status_display().lower()))
        if locked.status not in states:
            raise ReferralStateError(
                f"This cannot be done while the referral is {locked.get_status_display().lower()}."
            )
        yield locked
        referral_noted(locked, action, by, note=note)


def referral_noted(referral: Referral, action: str, by: User, note: str = "") -> ReferralEvent:
    """The event row of a change that keeps the referral's status (its timeline entry)."""
    return ReferralEvent.objects.create(
        referral=referral,
        action=action,
        from_status=referral.status,
        to_status=referral.status,
        actor=by,
        note=note,
    )


def _triage(referral: Referral) -> Triage:
    triage = Triage.objects.filter(referral=referral).first()
    if triage is None:
        raise ReferralStateError("Start triage on this referral first.")
    return triage


def _refresh(locked: Referral) -> None:
    triage = Triage.objects.filter(referral=locked).first()
    if triage is not None:
        triage.referral = locked
        triage_refresh_clocks(triage)


def _coordinator_only(by: User) -> None:
    if not by.has_role(Role.COORDINATOR):
        raise ReferralStateError("Only a coordinator can do that.")


def _reason_given(reason: str) -> None:
    if not reason.strip():
        raise ReferralStateError("Enter the reason.")


def _not_future(day: date | None, subject: str) -> None:
    if day and day > timezone.localdate():
        raise ReferralStateError(f"{subject} must be today or in the past.")


def _sin_dates_in_order(sin_required, la_aware_on, sent_on, lac_death_notified_on) -> None:
    if sin_required and not la_aware_on:
        raise ReferralStateError("Enter the date the local authority became aware.")
    _not_future(la_aware_on, "The date the local authority became aware")
    _not_future(sent_on, "The date the notification was sent")
    _not_future(lac_death_notified_on, "The date the death was notified")
    if sent_on and la_aware_on and sent_on < la_aware_on:
        raise ReferralStateError(
            "The notification cannot have been sent before the local authority became aware."
        )
