"""Overdue-action reminders: once per action, to every coordinator, with nothing about the child;
again only after its due date moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from reviews.actions.reminders import action_reminders_send
from reviews.actions.services import action_change, action_close
from reviews.tasks import send_clock_reminders
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def reminders(to):
    # The factories make another coordinator (the case's creator); count this one's emails.
    return OutgoingEmail.objects.filter(template="reviews-reminder-action-overdue", to=to.email)


def test_an_overdue_action_is_reminded_once(coordinator):
    action = ActionItemFactory(due_on=TODAY - timedelta(days=1))
    assert action_reminders_send() == 1
    assert action_reminders_send() == 0
    email = reminders(coordinator).get()
    assert email.to == coordinator.email
    assert action.recommendation.case.reference in email.subject
    assert f"/reviews/{action.recommendation.case.reference}/" in email.body_text


@pytest.mark.parametrize("due", [0, -5])
def test_an_action_not_yet_overdue_is_not_reminded(coordinator, due):
    ActionItemFactory(due_on=TODAY - timedelta(days=due))
    assert action_reminders_send() == 0


def test_a_closed_action_is_not_reminded(coordinator):
    action = ActionItemFactory(due_on=TODAY - timedelta(days=3))
    action_close(action=action, by=coordinator, evidence="Done", closed_on=TODAY)
    assert action_reminders_send() == 0


def test_moving_the_due_date_reminds_again_when_it_passes(coordinator):
    action = ActionItemFactory(due_on=TODAY - timedelta(days=3))
    action_reminders_send()
    action_change(action=action, by=coordinator, changes={"due_on": TODAY - timedelta(days=1)})
    assert action_reminders_send() == 1
    assert reminders(coordinator).count() == 2


def test_the_reminder_task_includes_overdue_actions(coordinator):
    ActionItemFactory(due_on=TODAY - timedelta(days=1))
    assert send_clock_reminders() == 1
