"""The contributions asked of agencies for a review (issue 5 §2-§3): requested with a due date
(20 working days unless the coordinator sets another), changed, received. Each due date is a
clock on the case page; an overdue one reminds the coordinators once (reminders.py). Coordinators
only, under the rules of services.py (case locked, read-only once closed, a timeline row)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import Agency, User
from cscp.calendar import add_working_days, long_date, working_days_between

from ...clocks import Clock
from ...lateness import CONTRIBUTION, contribution_step, missing_reason
from ...models import AgencyContribution, CaseDocument, ClockState, ReviewCase
from ..services import case_event
from ..transitions import ReviewCaseError
from .services import check_fields, lock_editable

# An agency has this long to answer unless the coordinator sets another due date.
CONTRIBUTION_WORKING_DAYS = 20
# A contribution due in this many working days or fewer is "due soon".
CONTRIBUTION_DUE_SOON_WORKING_DAYS = 5

CONTRIBUTION_FIELDS = ("due_on", "contact", "notes")


def contribution_due(requested_on: date) -> date:
    return add_working_days(requested_on, CONTRIBUTION_WORKING_DAYS)


def contribution_clock(contribution: AgencyContribution, today: date | None = None) -> Clock:
    """The contribution's due date as a Clock for {% clock_tag %}: done once received."""
    today = today or timezone.localdate()
    left = working_days_between(today, contribution.due_on)
    if contribution.received_on:
        state = ClockState.DONE
    elif left < 0:
        state = ClockState.OVERDUE
    elif left <= CONTRIBUTION_DUE_SOON_WORKING_DAYS:
        state = ClockState.DUE_SOON
    else:
        state = ClockState.ON_TRACK
    name = contribution.get_kind_display()
    return Clock(name, contribution.due_on, contribution.received_on, state, left)


def _check_due(requested_on: date, due_on: date) -> None:
    if due_on < requested_on:
        raise ReviewCaseError("The due date must be on or after the date requested")


def _lock_contribution(contribution: AgencyContribution) -> AgencyContribution:
    """The contribution again, locked (its agency joined, for the timeline note); call after
    locking the case."""
    return (
        AgencyContribution.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=contribution.pk)
    )


def contribution_request(
    *,
    case: ReviewCase,
    by: User,
    agency: Agency,
    kind: str,
    requested_on: date,
    due_on: date | None = None,
    contact: str = "",
    notes: str = "",
) -> AgencyContribution:
    due_on = due_on or contribution_due(requested_on)
    _check_due(requested_on, due_on)
    with transaction.atomic():
        locked = lock_editable(case, by)
        contribution = AgencyContribution.objects.create(
            case=locked, agency=agency, kind=kind, requested_on=requested_on, due_on=due_on,
            contact=contact, notes=notes, created_by=by,
        )  # fmt: skip
        note = f"{contribution.get_kind_display()} requested from {agency.name}, due {long_date(due_on)}"
        case_event(locked, "review.contribution_requested", by, note)
    return contribution


def contribution_change(*, contribution: AgencyContribution, by: User, changes: dict) -> AgencyContribution:
    """changes: new values for CONTRIBUTION_FIELDS. Moving the due date reminds again if the
    new one passes."""
    check_fields(changes, CONTRIBUTION_FIELDS, "contribution")
    with transaction.atomic():
        case = lock_editable(contribution.case, by)
        locked = _lock_contribution(contribution)
        if "due_on" in changes:
            _check_due(locked.requested_on, changes["due_on"])
        moved = "due_on" in changes and changes["due_on"] != locked.due_on
        for name, value in changes.items():
            setattr(locked, name, value)
        if moved:
            locked.reminded_overdue_on = None
        locked.save(update_fields=[*changes, "reminded_overdue_on"])
        note = f"{locked.get_kind_display()} from {locked.agency.name} changed"
        if moved:
            note += f", now due {long_date(locked.due_on)}"
        case_event(case, "review.contribution_changed", by, note)
    return locked


def contribution_receive(
    *,
    contribution: AgencyContribution,
    by: User,
    received_on: date,
    document: CaseDocument | None = None,
    late_reason: str = "",
) -> AgencyContribution:
    """Record (or correct) when the contribution came back and, optionally, the document it is
    kept as, which must belong to the same case. Received after its due date, it needs the
    reason (the Panel asks it), kept with the contribution."""
    if received_on > timezone.localdate():
        raise ReviewCaseError("The date received must be today or in the past")
    if document is not None and document.case_id != contribution.case_id:
        raise ReviewCaseError("Choose a document of this review")
    with transaction.atomic():
        case = lock_editable(contribution.case, by)
        locked = _lock_contribution(contribution)
        if received_on < locked.requested_on:
            raise ReviewCaseError("The date received must be on or after the date requested")
        if error := missing_reason(CONTRIBUTION, locked.due_on, received_on, late_reason):
            raise ReviewCaseError(error)
        locked.received_on, locked.document = received_on, document
        locked.late_reason = late_reason.strip()
        locked.save(update_fields=["received_on", "document", "late_reason"])
        note = f"{locked.get_kind_display()} received from {locked.agency.name} on {long_date(received_on)}"
        step = contribution_step(locked)
        if step.is_late:
            note += f", {step.lateness}: {locked.late_reason}"
        case_event(case, "review.contribution_received", by, note)
    return locked


def contribution_late_reason_record(
    *, contribution: AgencyContribution, by: User, reason: str
) -> AgencyContribution:
    """Keep why a contribution came late where none was kept (its due date moved earlier after
    it came, or it was received before the reason was asked)."""
    if not reason.strip():
        raise ReviewCaseError("Enter why it was late")
    with transaction.atomic():
        case = lock_editable(contribution.case, by)
        locked = _lock_contribution(contribution)
        step = contribution_step(locked)
        if not step.is_late:
            raise ReviewCaseError("That contribution did not come late, so there is no reason to record.")
        locked.late_reason = reason.strip()
        locked.save(update_fields=["late_reason"])
        note = f"{locked.get_kind_display()} from {locked.agency.name}, {step.lateness}: {locked.late_reason}"
        case_event(case, "review.late_reason_recorded", by, note)
    return locked
