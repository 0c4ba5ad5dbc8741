"""Reminders to coordinators of overdue agency contributions (issue 5 §2): once per
contribution, when it is first seen not received and past its due date.
AgencyContribution.reminded_overdue_on remembers it; moving the due date clears it
(contribution_change). Each contribution is claimed with one conditional UPDATE in the
transaction that queues its emails, so two runs at once remind once. A closed or not-published
case no longer reminds."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.services import email_enqueue

from ...models import AgencyContribution
from .services import READ_ONLY

TEMPLATE = "reviews-reminder-contribution-overdue"


def _overdue(today: date):
    return AgencyContribution.objects.filter(
        received_on__isnull=True, due_on__lt=today, reminded_overdue_on__isnull=True
    ).exclude(case__status__in=READ_ONLY)


def contribution_reminders_send(*, today: date | None = None) -> int:
    """Remind coordinators of each contribution newly overdue. Returns how many contributions."""
    today = today or timezone.localdate()
    coordinators = list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct())
    due = list(_overdue(today).values_list("pk", flat=True))
    return sum(_remind(pk, today, coordinators) for pk in due)


def _remind(contribution_id: int, today: date, coordinators: list[User]) -> int:
    with transaction.atomic():
        claimed = _overdue(today).filter(pk=contribution_id).update(reminded_overdue_on=today)
        if not claimed:
            return 0  # another run reminded of it, or it was received meanwhile
        contribution = AgencyContribution.objects.select_related("case").get(pk=contribution_id)
        for coordinator in coordinators:
            email_enqueue(
                to=coordinator.email, template=TEMPLATE, context=_context(contribution), recipient=coordinator
            )
    return 1


def _context(contribution: AgencyContribution) -> dict:
    # The case reference, what was asked for, the due date and a link: nothing about the child,
    # the family or the agency's contact.
    case = contribution.case
    return {
        "reference": case.reference,
        "kind": contribution.get_kind_display(),
        "due": contribution.due_on,
        "url": settings.CSCP_SITE_URL + reverse("reviews:case", args=[case.reference]) + "#contributions",
    }
