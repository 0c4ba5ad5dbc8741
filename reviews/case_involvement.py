"""Who took part in a review (issue 5 §2-§3, domain.md §7.2): the contributions asked of
agencies (with a due-date clock each), practitioner events and the family's involvement.

One service per change, coordinators only, each in a transaction with the case locked and a row
on the case timeline. Timeline notes name the agency, the kind and the dates, never a family
member, a contact or free text: the relationship ("Mother") is the most a note says about a
person. A closed or not-published case is read-only."""

from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cscp.accounts.models import Agency, User
from cscp.calendar import add_working_days, working_days_between

from .case_services import case_event, check_coordinator
from .case_transitions import ReviewCaseError
from .clocks import Clock
from .models import (
    AgencyContribution,
    CaseDocument,
    ClockState,
    FamilyEngagement,
    PractitionerEvent,
    ReviewCase,
    ReviewStatus,
)

# An agency has this long to answer unless the coordinator sets another due date.
CONTRIBUTION_WORKING_DAYS = 20
# A contribution due in this many working days or fewer is "due soon".
CONTRIBUTION_DUE_SOON_WORKING_DAYS = 5

READ_ONLY = (ReviewStatus.CLOSED, ReviewStatus.NOT_PUBLISHED)

CONTRIBUTION_FIELDS = ("due_on", "contact", "notes")
EVENT_FIELDS = ("kind", "held_on", "agencies", "attendees", "notes")
FAMILY_FIELDS = (
    "relationship",
    "invited_on",
    "response",
    "contributed_on",
    "draft_shared_on",
    "pseudonym_agreed_on",
    "told_of_publication_on",
    "not_told_reason",
    "support_offered",
    "notes",
)
# Steps of a family member's involvement that come after their invitation.
AFTER_INVITATION = ("contributed_on", "draft_shared_on", "pseudonym_agreed_on", "told_of_publication_on")


def _long(day: date) -> str:
    return date_format(day, "j F Y")


def involvement_editable(case: ReviewCase) -> bool:
    return case.status not in READ_ONLY


def read_only_message(case: ReviewCase) -> str:
    return f"This case is {case.get_status_display().lower()}: its records can no longer be changed."


def _lock(case: ReviewCase, by: User) -> ReviewCase:
    """Check the user and lock the case; call inside a transaction."""
    check_coordinator(by)
    locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not involvement_editable(locked):
        raise ReviewCaseError(read_only_message(locked))
    return locked


def _check_fields(fields: dict, allowed: tuple[str, ...], what: str) -> None:
    if set(fields) - set(allowed):
        raise ValueError(f"Not {what} fields: {sorted(set(fields) - set(allowed))}")


# --- Agency contributions ---


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
        locked = _lock(case, by)
        contribution = AgencyContribution.objects.create(
            case=locked, agency=agency, kind=kind, requested_on=requested_on, due_on=due_on,
            contact=contact, notes=notes, created_by=by,
        )  # fmt: skip
        note = f"{contribution.get_kind_display()} requested from {agency.name}, due {_long(due_on)}"
        case_event(locked, "review.contribution_requested", by, note)
    return contribution


def contribution_change(*, contribution: AgencyContribution, by: User, changes: dict) -> AgencyContribution:
    """changes: new values for CONTRIBUTION_FIELDS. Moving the due date reminds again if the
    new one passes."""
    _check_fields(changes, CONTRIBUTION_FIELDS, "contribution")
    with transaction.atomic():
        case = _lock(contribution.case, by)
        locked = (
            AgencyContribution.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=contribution.pk)
        )
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
            note += f", now due {_long(locked.due_on)}"
        case_event(case, "review.contribution_changed", by, note)
    return locked


def contribution_receive(
    *,
    contribution: AgencyContribution,
    by: User,
    received_on: date,
    document: CaseDocument | None = None,
) -> AgencyContribution:
    """Record (or correct) when the contribution came back and, optionally, the document it is
    kept as, which must belong to the same case."""
    if received_on > timezone.localdate():
        raise ReviewCaseError("The date received must be today or in the past")
    if document is not None and document.case_id != contribution.case_id:
        raise ReviewCaseError("Choose a document of this review")
    with transaction.atomic():
        case = _lock(contribution.case, by)
        locked = (
            AgencyContribution.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=contribution.pk)
        )
        if received_on < locked.requested_on:
            raise ReviewCaseError("The date received must be on or after the date requested")
        locked.received_on, locked.document = received_on, document
        locked.save(update_fields=["received_on", "document"])
        note = f"{locked.get_kind_display()} received from {locked.agency.name} on {_long(received_on)}"
        case_event(case, "review.contribution_received", by, note)
    return locked


# --- Practitioner events ---


def _event_note(event: PractitionerEvent) -> str:
    return f"{event.get_kind_display()} held {_long(event.held_on)}"


def practitioner_event_record(
    *,
    case: ReviewCase,
    by: User,
    kind: str,
    held_on: date,
    agencies=(),
    attendees: int | None = None,
    notes: str = "",
) -> PractitionerEvent:
    with transaction.atomic():
        locked = _lock(case, by)
        event = PractitionerEvent.objects.create(
            case=locked, kind=kind, held_on=held_on, attendees=attendees, notes=notes, recorded_by=by
        )
        event.agencies.set(agencies)
        case_event(locked, "review.practitioner_event_recorded", by, _event_note(event))
    return event


def practitioner_event_change(*, event: PractitionerEvent, by: User, changes: dict) -> PractitionerEvent:
    _check_fields(changes, EVENT_FIELDS, "practitioner event")
    changes = dict(changes)
    agencies = changes.pop("agencies", None)
    with transaction.atomic():
        case = _lock(event.case, by)
        locked = PractitionerEvent.objects.select_for_update().get(pk=event.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        if changes:
            locked.save(update_fields=list(changes))
        if agencies is not None:
            locked.agencies.set(agencies)
        case_event(case, "review.practitioner_event_changed", by, _event_note(locked))
    return locked


# --- The family's involvement ---


def family_problems(fields: dict) -> list[str]:
    """What is contradictory in a family member's record (the form says the same per field)."""
    problems = []
    invited = fields.get("invited_on")
    if not invited and (fields.get("response") or any(fields.get(name) for name in AFTER_INVITATION)):
        problems.append("Enter the date they were invited")
    if invited and any(fields.get(name) and fields[name] < invited for name in AFTER_INVITATION):
        problems.append("Each date must be on or after the date they were invited")
    if fields.get("told_of_publication_on") and (fields.get("not_told_reason") or "").strip():
        problems.append("Give the date they were told before publication or why not, not both")
    if fields.get("response") == FamilyEngagement.Response.DECLINED and fields.get("contributed_on"):
        problems.append("They cannot have declined and contributed")
    return problems


def _check_family(fields: dict) -> None:
    if not (fields.get("relationship") or "").strip():
        raise ReviewCaseError("Enter their relationship to the child")
    if problems := family_problems(fields):
        raise ReviewCaseError(problems[0])


def family_engagement_add(*, case: ReviewCase, by: User, **fields) -> FamilyEngagement:
    _check_fields(fields, FAMILY_FIELDS, "family engagement")
    _check_family(fields)
    with transaction.atomic():
        locked = _lock(case, by)
        engagement = FamilyEngagement.objects.create(case=locked, updated_by=by, **fields)
        note = f"Family involvement recorded ({engagement.relationship})"
        case_event(locked, "review.family_engagement_recorded", by, note)
    return engagement


def family_engagement_change(*, engagement: FamilyEngagement, by: User, changes: dict) -> FamilyEngagement:
    _check_fields(changes, FAMILY_FIELDS, "family engagement")
    with transaction.atomic():
        case = _lock(engagement.case, by)
        locked = FamilyEngagement.objects.select_for_update().get(pk=engagement.pk)
        _check_family({**{name: getattr(locked, name) for name in FAMILY_FIELDS}, **changes})
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_by, locked.updated_at = by, timezone.now()
        locked.save(update_fields=[*changes, "updated_by", "updated_at"])
        case_event(
            case,
            "review.family_engagement_changed",
            by,
            f"Family involvement updated ({locked.relationship})",
        )
    return locked


# --- The case page ---


def page_rows(case: ReviewCase, today: date | None = None) -> dict:
    """The case page's rows for this section in four queries, however many there are. Each
    contribution carries its `clock`."""
    today = today or timezone.localdate()
    contributions = list(case.contributions.select_related("agency", "document"))
    for contribution in contributions:
        contribution.clock = contribution_clock(contribution, today)
    events = case.practitioner_events.prefetch_related(Prefetch("agencies", Agency.objects.order_by("name")))
    return {
        "contributions": contributions,
        "practitioner_events": list(events),
        "family_engagements": list(case.family_engagements.all()),
        "involvement_editable": involvement_editable(case),
    }
