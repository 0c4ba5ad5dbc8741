"""Clock reminders: coordinators hear once when a clock becomes due soon and once when it
becomes overdue; never daily, never for a done clock, and with nothing but the reference, a
link, the clock and its date."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.calendar import add_working_days
from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import email_send
from reviews.models import Triage
from reviews.tasks import send_clock_reminders
from reviews.triage.reminders import clock_reminders_send
from tests.emails import assert_in_both_bodies, assert_not_in_either_body
from tests.factories import UserFactory, submitted_referral_factory
from tests.reviews.conftest import store_next_due

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def coordinators(coordinator):
    return [coordinator, UserFactory(email="coordinator2@council.example", roles=[Role.COORDINATOR])]


def triage(status="screening", **fields):
    referral = submitted_referral_factory(status=status)
    OutgoingEmail.objects.all().delete()  # the submission's own emails
    mail.outbox.clear()
    return store_next_due(Triage.objects.create(referral=referral, sin_required=True, **fields))


def reminders():
    return OutgoingEmail.objects.filter(template__startswith="reviews-reminder")


def test_the_first_run_reminds_every_coordinator_of_a_clock_due_soon(coordinators):
    row = triage(sin_due=add_working_days(TODAY, 1))

    assert clock_reminders_send(today=TODAY) == 1

    assert sorted(reminders().values_list("to", flat=True)) == sorted(c.email for c in coordinators)
    assert set(reminders().values_list("template", flat=True)) == {"reviews-reminder-due-soon"}
    row.refresh_from_db()
    assert row.reminders_sent == {"sin": "due_soon"}


def test_a_second_run_sends_nothing():
    triage(sin_due=TODAY - timedelta(days=1))
    clock_reminders_send(today=TODAY)
    sent = reminders().count()

    assert clock_reminders_send(today=TODAY) == 0
    assert clock_reminders_send(today=TODAY + timedelta(days=1)) == 0  # nor the next day
    assert reminders().count() == sent


def test_a_change_of_state_sends_again():
    row = triage(sin_due=add_working_days(TODAY, 2))
    clock_reminders_send(today=TODAY)

    later = add_working_days(TODAY, 3)
    assert clock_reminders_send(today=later) == 1

    assert reminders().filter(template="reviews-reminder-overdue").count() == 2
    row.refresh_from_db()
    assert row.reminders_sent == {"sin": "overdue"}


def test_a_clock_on_track_sends_nothing():
    triage(sin_due=add_working_days(TODAY, 3))

    assert clock_reminders_send(today=TODAY) == 0
    assert not reminders().exists()


def test_a_done_clock_never_reminds():
    triage(sin_due=TODAY - timedelta(days=5), sin_sent_on=TODAY - timedelta(days=6))

    assert clock_reminders_send(today=TODAY) == 0


def test_a_decided_referrals_clocks_never_remind():
    triage(status="decided", sin_due=TODAY - timedelta(days=5))

    assert clock_reminders_send(today=TODAY) == 0


def test_a_clock_done_after_its_reminder_is_forgotten():
    row = triage(sin_due=TODAY - timedelta(days=1))
    clock_reminders_send(today=TODAY)
    row.sin_sent_on = TODAY
    store_next_due(row)

    assert clock_reminders_send(today=TODAY) == 0
    row.refresh_from_db()
    assert row.reminders_sent == {}


def test_each_clock_is_reminded_of_separately():
    row = triage(status="rapid_review", sin_due=TODAY - timedelta(days=1), rapid_review_due=TODAY)

    assert clock_reminders_send(today=TODAY) == 2
    row.refresh_from_db()
    assert row.reminders_sent == {"sin": "overdue", "rapid_review": "due_soon"}


def test_the_email_gives_the_reference_link_clock_and_date_and_nothing_personal():
    row = triage(sin_due=TODAY - timedelta(days=1))
    referral = row.referral

    clock_reminders_send(today=TODAY)
    email_send(message_id=reminders().first().pk)

    (message,) = mail.outbox
    assert referral.reference in message.subject and "Panel notification overdue" in message.subject
    assert_in_both_bodies(message, referral.reference)
    assert_in_both_bodies(message, f"{settings.CSCP_SITE_URL}/triage/{referral.reference}/")
    assert_in_both_bodies(message, "Panel notification")
    assert_in_both_bodies(message, row.sin_due.strftime("%-d %B %Y"))
    for personal in [referral.children.get().full_name, referral.family_members.get().full_name]:
        assert_not_in_either_body(message, personal)
    assert_not_in_either_body(message, referral.incident_description)


def test_the_task_runs_the_reminders_and_is_on_the_beat_schedule():
    triage(sin_due=TODAY - timedelta(days=1))

    assert send_clock_reminders.apply().get() == 1
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviews.send_clock_reminders" in names


def test_a_clock_moved_back_on_track_is_forgotten_and_reminds_again_when_due():
    row = triage(sin_due=TODAY - timedelta(days=1))
    clock_reminders_send(today=TODAY)
    row.sin_due = add_working_days(TODAY, 10)
    store_next_due(row)

    assert clock_reminders_send(today=TODAY) == 0
    row.refresh_from_db()
    assert row.reminders_sent == {}

    row.sin_due = TODAY - timedelta(days=1)
    store_next_due(row)
    assert clock_reminders_send(today=TODAY) == 1


def test_a_referral_no_one_has_triaged_is_reminded_of_once_and_triage_takes_the_memory_over(
    coordinators, member
):
    """Issue 16 §1: the provisional Panel notification (the factory's referral was aware 18 days
    before it was submitted: overdue on arrival) is reminded of like triage's clocks, once."""
    from reviews.triage import services

    referral = submitted_referral_factory()
    submitted_referral_factory(aware_date=TODAY)  # on track: nothing to say
    OutgoingEmail.objects.all().delete()

    assert clock_reminders_send(today=TODAY) == 1
    assert set(reminders().values_list("template", flat=True)) == {"reviews-reminder-overdue"}
    assert reminders().count() == len(coordinators)
    body = reminders().first().body_text
    assert referral.reference in body and "Panel notification (provisional)" in body

    assert clock_reminders_send(today=TODAY) == 0  # never daily
    services.triage_start(referral=referral, by=member)
    assert clock_reminders_send(today=TODAY) == 0  # still the same overdue notification
    assert Triage.objects.get(referral=referral).reminders_sent == {"sin": "overdue"}
