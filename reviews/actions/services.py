"""A case's recommendations and their action plans (issue 5 §5, domain.md §5.4): one service
per change, coordinators only, each in a transaction with the case locked and a row on the
case timeline. The plan is kept from final approval onwards."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cscp.accounts.models import User

from ..cases.services import case_event, check_coordinator
from ..cases.transitions import ReviewCaseError
from ..models import ActionItem, ActionUpdate, Recommendation, ReviewCase, ReviewStatus

S = ReviewStatus

# The plan can be written once the final report is approved and is kept until the case closes.
EDITABLE = (
    S.FINAL_APPROVED,
    S.PRE_PUBLICATION,
    S.PUBLICATION_DEFERRED,
    S.NOT_PUBLISHED,
    S.PUBLISHED,
    S.ACTION_MONITORING,
)

# The case page shows the plan while it can be changed and after the case closes.
PLAN_SHOWN = (*EDITABLE, S.CLOSED)

RECOMMENDATION_FIELDS = ("text", "addressed_to", "agency", "accepted", "response")
ACTION_FIELDS = ("action", "owner_agency", "owner_name", "due_on")


def plan_editable(case: ReviewCase) -> bool:
    return case.status in EDITABLE


def _lock(case: ReviewCase, by: User) -> ReviewCase:
    """Check the user and lock the case; call inside a transaction."""
    check_coordinator(by)
    locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not plan_editable(locked):
        raise ReviewCaseError(
            f"The action plan cannot be changed while the case is {locked.get_status_display().lower()}."
        )
    return locked


def _lock_open_action(action: ActionItem, by: User) -> tuple[ReviewCase, ActionItem]:
    case = _lock(action.recommendation.case, by)
    locked = ActionItem.objects.select_for_update().get(pk=action.pk)
    if locked.state != ActionItem.State.OPEN:
        raise ReviewCaseError(f"This action is already {locked.get_state_display().lower()}.")
    return case, locked


def recommendation_add(*, case: ReviewCase, by: User, **fields) -> Recommendation:
    with transaction.atomic():
        locked = _lock(case, by)
        last = locked.recommendations.aggregate(last=Max("number"))["last"] or 0
        recommendation = Recommendation.objects.create(case=locked, number=last + 1, **fields)
        case_event(locked, "review.recommendation_added", by, f"Recommendation {recommendation.number}")
    return recommendation


def recommendation_change(*, recommendation: Recommendation, by: User, **fields) -> Recommendation:
    if set(fields) - set(RECOMMENDATION_FIELDS):
        raise ValueError(f"Not recommendation fields: {sorted(set(fields) - set(RECOMMENDATION_FIELDS))}")
    with transaction.atomic():
        case = _lock(recommendation.case, by)
        for name, value in fields.items():
            setattr(recommendation, name, value)
        recommendation.save(update_fields=list(fields))
        case_event(case, "review.recommendation_changed", by, f"Recommendation {recommendation.number}")
    return recommendation


def action_add(*, recommendation: Recommendation, by: User, **fields) -> ActionItem:
    with transaction.atomic():
        case = _lock(recommendation.case, by)
        action = ActionItem.objects.create(recommendation=recommendation, **fields)
        case_event(
            case, "review.action_added", by, f"Recommendation {recommendation.number}: {action.action}"
        )
    return action


def action_change(*, action: ActionItem, by: User, changes: dict) -> ActionItem:
    """changes: new values for ACTION_FIELDS (a dict, as one of them is called `action`)."""
    fields = changes
    if set(fields) - set(ACTION_FIELDS):
        raise ValueError(f"Not action fields: {sorted(set(fields) - set(ACTION_FIELDS))}")
    with transaction.atomic():
        case, locked = _lock_open_action(action, by)
        moved = "due_on" in fields and fields["due_on"] != locked.due_on
        for name, value in fields.items():
            setattr(locked, name, value)
        if moved:
            locked.reminded_overdue_on = None  # a new due date: remind again if that one passes
        locked.save(update_fields=[*fields, "reminded_overdue_on"])
        case_event(case, "review.action_changed", by, locked.action)
    return locked


def action_update(*, action: ActionItem, by: User, note: str, rag: str, updated_on: date | None = None):
    if not note.strip():
        raise ReviewCaseError("Enter the update")
    with transaction.atomic():
        case, locked = _lock_open_action(action, by)
        update = ActionUpdate.objects.create(
            action=locked, note=note.strip(), rag=rag, by=by, updated_on=updated_on or timezone.localdate()
        )
        locked.rag = rag
        locked.save(update_fields=["rag"])
        case_event(case, "review.action_updated", by, f"{update.get_rag_display()}: {update.note}")
    return update


def action_close(*, action: ActionItem, by: User, evidence: str, closed_on: date) -> ActionItem:
    if not evidence.strip():
        raise ReviewCaseError("Enter the evidence that the action is complete")
    if closed_on > timezone.localdate():
        raise ReviewCaseError("The date closed must be today or in the past")
    if closed_on < timezone.localtime(action.created_at).date():
        raise ReviewCaseError("The date closed must be on or after the date the action was added")
    with transaction.atomic():
        case, locked = _lock_open_action(action, by)
        locked.state, locked.evidence, locked.closed_on = ActionItem.State.CLOSED, evidence.strip(), closed_on
        locked.save(update_fields=["state", "evidence", "closed_on"])
        case_event(case, "review.action_closed", by, locked.action)
    return locked


def action_carry_forward(*, action: ActionItem, by: User, reason: str) -> ActionItem:
    if not reason.strip():
        raise ReviewCaseError("Enter why the action is carried forward")
    with transaction.atomic():
        case, locked = _lock_open_action(action, by)
        locked.state, locked.carried_forward_reason = ActionItem.State.CARRIED_FORWARD, reason.strip()
        locked.save(update_fields=["state", "carried_forward_reason"])
        case_event(
            case, "review.action_carried_forward", by, f"{locked.action}: {locked.carried_forward_reason}"
        )
    return locked


def open_actions(case: ReviewCase):
    return ActionItem.objects.filter(recommendation__case=case, state=ActionItem.State.OPEN)
