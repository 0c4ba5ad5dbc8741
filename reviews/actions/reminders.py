"""Reminders to coordinators of overdue actions (issue 5 §5): once per action, when it is
first seen open and past its due date. ActionItem.reminded_overdue_on remembers it; moving the
due date clears it (action_change). Each action is claimed with one conditional UPDATE in the
transaction that queues its emails, so two runs at once remind once."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.services import email_enqueue

from ..models import ActionItem

TEMPLATE = "reviews-reminder-action-overdue"


def action_reminders_send(*, today: date | None = None) -> int:
    """Remind coordinators of each action newly overdue. Returns how many actions."""
    today = today or timezone.localdate()
    coordinators = list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct())
    due = ActionItem.objects.filter(
        state=ActionItem.State.OPEN, due_on__lt=today, reminded_overdue_on__isnull=True
    ).values_list("pk", flat=True)
    return sum(_remind(pk, today, coordinators) for pk in list(due))


def _remind(action_id: int, today: date, coordinators: list[User]) -> int:
    with transaction.atomic():
        claimed = ActionItem.objects.filter(
            pk=action_id, state=ActionItem.State.OPEN, reminded_overdue_on__isnull=True
        ).update(reminded_overdue_on=today)
        if not claimed:
            return 0  # another run reminded of it, or it was closed meanwhile
        action = ActionItem.objects.select_related("recommendation__case").get(pk=action_id)
        for coordinator in coordinators:
            email_enqueue(
                to=coordinator.email, template=TEMPLATE, context=_context(action), recipient=coordinator
            )
    return 1


def _context(action: ActionItem) -> dict:
    # The case reference, the recommendation's number, the due date and a link: nothing about the child.
    case = action.recommendation.case
    return {
        "reference": case.reference,
        "recommendation": action.recommendation.number,
        "due": action.due_on,
        "url": settings.CSCP_SITE_URL + reverse("reviews:case", args=[case.reference]) + "#action-plan",
    }
