"""Overdue-contribution reminders: once per contribution, to every coordinator, with nothing
about the child, the family or the agency's contact; again only after its due date moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from reviews.cases.involvement.contributions import contribution_change, contribution_receive
from reviews.cases.involvement.reminders import TEMPLATE, contribution_reminders_send
from reviews.tasks import send_clock_reminders
from tests.factories import AgencyContributionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DECIDED = TODAY - timedelta(days=60)


def overdue(**fields):
    return AgencyContributionFactory(
        case__commissioned_on=DECIDED, case__title="Baby Q Smith", requested_on=DECIDED,
        due_on=TODAY - timedelta(days=1), **fields,
    )  # fmt: skip


def reminders(to):
    # The factories make another coordinator (the case's creator); count this one's emails.
    return OutgoingEmail.objects.filter(template=TEMPLATE, to=to.email)


def test_an_overdue_contribution_is_reminded_once(coordinator):
    contribution = overdue()
    assert contribution_reminders_send() == 1
    assert contribution_reminders_send() == 0
    email = reminders(coordinator).get()
    case = contribution.case
    assert case.reference in email.subject
    assert f"/reviews/{case.reference}/#contributions" in email.body_text
    assert "chronology" in email.body_text
    contribution.refresh_from_db()
    assert contribution.reminded_overdue_on == TODAY


def test_the_email_carries_no_personal_data(coordinator):
    contribution = overdue(contact="Jane Smith, DI", notes="Mother's address is 4 Elm Road")
    contribution_reminders_send()
    email = reminders(coordinator).get()
    for text in (email.subject, email.body_text, email.body_html):
        for secret in ("Baby Q", "Smith", "Elm Road", contribution.agency.name):
            assert secret not in text


@pytest.mark.parametrize("days", [0, -5])
def test_a_contribution_not_yet_overdue_is_not_reminded(coordinator, days):
    AgencyContributionFactory(case__commissioned_on=DECIDED, due_on=TODAY - timedelta(days=days))
    assert contribution_reminders_send() == 0


def test_a_received_contribution_is_not_reminded(coordinator):
    contribution = overdue()
    contribution_receive(
        contribution=contribution,
        by=coordinator,
        received_on=TODAY,
        late_reason="The agency was short-staffed",
    )
    assert contribution_reminders_send() == 0


@pytest.mark.parametrize("status", ["closed", "not_published"])
def test_a_closed_case_is_not_reminded(coordinator, status):
    overdue(case__status=status)
    assert contribution_reminders_send() == 0


def test_moving_the_due_date_reminds_again_when_it_passes(coordinator):
    contribution = overdue()
    contribution_reminders_send()
    contribution_change(
        contribution=contribution, by=coordinator, changes={"due_on": TODAY + timedelta(days=3)}
    )
    assert contribution_reminders_send() == 0
    assert contribution_reminders_send(today=TODAY + timedelta(days=4)) == 1
    assert reminders(coordinator).count() == 2


def test_the_hourly_reminder_task_includes_overdue_contributions(coordinator):
    overdue()
    assert send_clock_reminders() == 1
