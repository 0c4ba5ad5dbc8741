"""The review case's states (domain.md §7.2) and the one way to move between them:
`review_move` checks the table and the move's own guard, refuses a form posted against a state
that has since changed, and writes the event row, all in one transaction (as
reviews/transitions.py does for referrals).

The move to `published` belongs to the publication service (a later issue): it is not offered
on the case page and goes through `review_mark_published`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role

from ..models import ActionItem, CaseDocument, DocumentKind, ReviewCase, ReviewCaseEvent, ReviewStatus
from .clocks import review_case_refresh

S = ReviewStatus

# A case can be paused from these, and returns to the one it left.
HOLDABLE = (S.SCOPING, S.IN_PROGRESS, S.DRAFT_REVIEW)

# (from, to) -> the action recorded on the event row. The moves a coordinator makes.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.COMMISSIONED, S.SCOPING): "review.scoping_started",
    (S.SCOPING, S.IN_PROGRESS): "review.started",
    (S.IN_PROGRESS, S.DRAFT_REVIEW): "review.draft_ready",
    (S.DRAFT_REVIEW, S.IN_PROGRESS): "review.draft_returned",
    (S.DRAFT_REVIEW, S.FINAL_APPROVED): "review.final_approved",
    (S.FINAL_APPROVED, S.PRE_PUBLICATION): "review.pre_publication",
    (S.PRE_PUBLICATION, S.NOT_PUBLISHED): "review.not_published",
    (S.PRE_PUBLICATION, S.PUBLICATION_DEFERRED): "review.publication_deferred",
    (S.PUBLICATION_DEFERRED, S.PRE_PUBLICATION): "review.deferral_ended",
    (S.PUBLISHED, S.ACTION_MONITORING): "review.action_monitoring",
    (S.ACTION_MONITORING, S.CLOSED): "review.closed",
    **{(state, S.ON_HOLD): "review.on_hold" for state in HOLDABLE},
    **{(S.ON_HOLD, state): "review.resumed" for state in HOLDABLE},
}

# Made only by a service, never from the case page.
SERVICE_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PRE_PUBLICATION, S.PUBLISHED): "review.published",
}

# The moves whose note is a required reason, and the field that keeps it.
REASON_FIELDS = {
    S.NOT_PUBLISHED: "not_published_reason",
    S.PUBLICATION_DEFERRED: "deferred_reason",
    S.ON_HOLD: "on_hold_reason",
}

MOVERS = (Role.COORDINATOR,)

STATE_CHANGED = (
    "Someone else changed this review case while you were looking at it: it is now {status}. "
    "Nothing you entered has been saved. Check the case and try again."
)


class ReviewCaseError(Exception):
    """A change to a review case that is not allowed now; the message is for the user."""


def allowed(case: ReviewCase, to: str) -> bool:
    """Whether a coordinator may move `case` to `to` from the page (on hold: back only to the
    state it left)."""
    if (case.status, to) not in TRANSITIONS:
        return False
    return case.status != S.ON_HOLD or case.on_hold_from_status == to


# What the button says for a move, where "Move to <stage>" would read oddly.
_MOVE_LABELS = {
    S.ON_HOLD: "Put on hold",
    S.NOT_PUBLISHED: "Record that it will not be published",
    S.PUBLICATION_DEFERRED: "Defer publication",
}


def move_label(case: ReviewCase, to: str) -> str:
    if case.status == S.ON_HOLD:
        return "Resume"
    if case.status == S.DRAFT_REVIEW and to == S.IN_PROGRESS:
        return "Send the draft back"
    return _MOVE_LABELS.get(to) or f"Move to {ReviewStatus(to).label.lower()}"


def next_moves(case: ReviewCase) -> list[str]:
    return [to for (from_status, to) in TRANSITIONS if from_status == case.status and allowed(case, to)]


@dataclass(frozen=True)
class Missing:
    """Something a move needs first, and the page where it is done (issue 17 §5: the case page
    shows these instead of the move's button, so its confirm step is never reached)."""

    text: str  # "Upload the draft report", a sentence's start
    url_name: str
    anchor: str = ""

    def url(self, case: ReviewCase) -> str:
        return reverse(f"reviews:{self.url_name}", args=[case.reference]) + (
            f"#{self.anchor}" if self.anchor else ""
        )


APPOINT = Missing("Appoint a reviewer", "case_reviewers")
TERMS = Missing("Record the terms of reference", "case_details")
DRAFT = Missing("Upload the draft report", "case_document_add")
SENT = Missing(
    "Record when the final report was sent to the Panel and to the Secretary of State", "case_details"
)
FINAL = Missing("Upload the final report (or the improvements information)", "case_document_add")


def missing_for(case: ReviewCase, to: str) -> list[Missing]:
    """What the move of `case` to `to` still needs, in the order to do it; [] when it can go."""
    missing = []
    if to == S.SCOPING:
        if not case.appointments.filter(ended_on__isnull=True).exists():
            missing.append(APPOINT)
        if not case.terms_of_reference.strip():
            missing.append(TERMS)
    elif to == S.DRAFT_REVIEW and case.status == S.IN_PROGRESS:
        if not _has_document(case, DocumentKind.DRAFT):
            missing.append(DRAFT)
    elif to == S.PRE_PUBLICATION and case.status == S.FINAL_APPROVED:
        if not (case.final_report_sent_panel_on and case.final_report_sent_sos_on):
            missing.append(SENT)
        if not _has_document(case, DocumentKind.FINAL, DocumentKind.IMPROVEMENTS_INFO):
            missing.append(FINAL)
    elif to == S.CLOSED:
        # A carried-forward action always has its reason (action_carry_forward requires one).
        still_open = ActionItem.objects.filter(recommendation__case=case, state=ActionItem.State.OPEN).count()
        if still_open:
            actions = "the open action" if still_open == 1 else f"the {still_open} open actions"
            missing.append(
                Missing(
                    f"Close {actions} with evidence, or carry forward with a reason", "case", "action-plan"
                )
            )
    return missing


def _guard(case: ReviewCase, to: str, note: str) -> None:
    if to in REASON_FIELDS and not note.strip():
        raise ReviewCaseError("Enter the reason")
    missing = missing_for(case, to)
    if missing:
        todo = " and ".join(item.text[0].lower() + item.text[1:] for item in missing)
        raise ReviewCaseError(f"Before moving to {ReviewStatus(to).label.lower()}, {todo}.")


def _has_document(case: ReviewCase, *kinds: str) -> bool:
    """Whether the case has a document of one of `kinds` with at least one version."""
    return CaseDocument.objects.filter(case=case, kind__in=kinds, latest_version__gte=1).exists()


def _apply(case: ReviewCase, from_status: str, to: str, note: str) -> None:
    fields = ["status"]
    if to in REASON_FIELDS:
        setattr(case, REASON_FIELDS[to], note.strip())
        fields.append(REASON_FIELDS[to])
    if to == S.ON_HOLD:
        case.on_hold_from_status = from_status
        fields.append("on_hold_from_status")
    elif from_status == S.ON_HOLD:
        case.on_hold_from_status = ""
        fields.append("on_hold_from_status")
    if to == S.PUBLISHED and case.published_on is None:
        case.published_on = timezone.localdate()  # the 6-month target's done date: the first time
        fields.append("published_on")
    case.status = to
    case.save(update_fields=[*fields, "updated_at"])


def _move(*, case, to, by, expected, note, table: dict, check: Callable[[ReviewCase], bool]) -> ReviewCase:
    if not by.has_role(*MOVERS):
        raise ReviewCaseError("Only coordinators can move a review case.")
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if expected is not None and locked.status != expected:
            raise ReviewCaseError(STATE_CHANGED.format(status=locked.get_status_display().lower()))
        if not check(locked):
            raise ReviewCaseError(
                f"A review case that is {locked.get_status_display().lower()} cannot be moved to "
                f"{ReviewStatus(to).label.lower()}."
            )
        _guard(locked, to, note)
        from_status = locked.status
        _apply(locked, from_status, to, note)
        review_case_refresh(locked)
        ReviewCaseEvent.objects.create(
            case=locked, action=table[(from_status, to)], from_status=from_status, to_status=to,
            actor=by, note=note.strip(),
        )  # fmt: skip
    return locked


def review_move(
    *, case: ReviewCase, to: str, by: User, expected: str | None = None, note: str = ""
) -> ReviewCase:
    """Move `case` to `to`, or raise ReviewCaseError and change nothing.

    expected: the state the user's form was made for; if the case has moved on since, the move
        is refused. note: the reason, required for not published, deferred and on hold.
    """
    return _move(
        case=case, to=to, by=by, expected=expected, note=note, table=TRANSITIONS,
        check=lambda locked: allowed(locked, to),
    )  # fmt: skip


def review_mark_published(*, case: ReviewCase, by: User, note: str = "") -> ReviewCase:
    """For the publication service (a later issue): pre-publication to published."""
    to = S.PUBLISHED
    return _move(
        case=case, to=to, by=by, expected=S.PRE_PUBLICATION, note=note, table=SERVICE_TRANSITIONS,
        check=lambda locked: (locked.status, to) in SERVICE_TRANSITIONS,
    )  # fmt: skip
