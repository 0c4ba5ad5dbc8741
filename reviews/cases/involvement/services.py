"""Who took part in a review (issue 5 §2-§3, domain.md §7.2): the contributions asked of
agencies (with a due-date clock each: contributions.py), practitioner events and the family's
involvement (here), and what they share: the lock, the read-only rule, the timeline's dates.

One service per change, coordinators only, each in a transaction with the case locked and a row
on the case timeline. Timeline notes name the agency, the kind and the dates, never a family
member, a contact or free text: the relationship ("Mother") is the most a note says about a
person. A closed or not-published case is read-only."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User
from cscp.calendar import long_date

from ...models import FamilyEngagement, PractitionerEvent, ReviewCase, ReviewStatus
from ..services import case_event, check_coordinator
from ..transitions import ReviewCaseError

READ_ONLY = (ReviewStatus.CLOSED, ReviewStatus.NOT_PUBLISHED)

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


def involvement_editable(case: ReviewCase) -> bool:
    return case.status not in READ_ONLY


def read_only_message(case: ReviewCase) -> str:
    return f"This case is {case.get_status_display().lower()}: its records can no longer be changed."


def lock_editable(case: ReviewCase, by: User) -> ReviewCase:
    """Check the user and lock the case; call inside a transaction."""
    check_coordinator(by)
    locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not involvement_editable(locked):
        raise ReviewCaseError(read_only_message(locked))
    return locked


def check_fields(fields: dict, allowed: tuple[str, ...], what: str) -> None:
    if set(fields) - set(allowed):
        raise ValueError(f"Not {what} fields: {sorted(set(fields) - set(allowed))}")


# --- Practitioner events ---


def _event_note(event: PractitionerEvent) -> str:
    when = "planned for" if event.is_planned else "held"
    return f"{event.get_kind_display()} {when} {long_date(event.held_on)}"


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
        locked = lock_editable(case, by)
        event = PractitionerEvent.objects.create(
            case=locked, kind=kind, held_on=held_on, attendees=attendees, notes=notes, recorded_by=by
        )
        event.agencies.set(agencies)
        case_event(locked, "review.practitioner_event_recorded", by, _event_note(event))
    return event


def practitioner_event_change(*, event: PractitionerEvent, by: User, changes: dict) -> PractitionerEvent:
    check_fields(changes, EVENT_FIELDS, "practitioner event")
    changes = dict(changes)
    agencies = changes.pop("agencies", None)
    with transaction.atomic():
        case = lock_editable(event.case, by)
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
    check_fields(fields, FAMILY_FIELDS, "family engagement")
    _check_family(fields)
    with transaction.atomic():
        locked = lock_editable(case, by)
        engagement = FamilyEngagement.objects.create(case=locked, updated_by=by, **fields)
        note = f"Family involvement recorded ({engagement.relationship})"
        case_event(locked, "review.family_engagement_recorded", by, note)
    return engagement


def family_engagement_change(*, engagement: FamilyEngagement, by: User, changes: dict) -> FamilyEngagement:
    check_fields(changes, FAMILY_FIELDS, "family engagement")
    with transaction.atomic():
        case = lock_editable(engagement.case, by)
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
