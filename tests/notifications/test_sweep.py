from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cscp.notifications import tasks
from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import outbox_sweep
from tests.notifications.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status


def _ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_it_sends_due_queued_messages():
    due = OutgoingEmailFactory.create_batch(3)
    assert outbox_sweep() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to for m in due)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}


def test_it_leaves_messages_that_are_not_yet_due():
    later = OutgoingEmailFactory(next_attempt_at=timezone.now() + timedelta(minutes=4))
    assert outbox_sweep() == 0
    later.refresh_from_db()
    assert later.status == Status.QUEUED


@pytest.mark.parametrize("status", [Status.SENT, Status.FAILED])
def test_it_leaves_final_messages_alone(status):
    OutgoingEmailFactory(status=status, next_attempt_at=_ago(hours=1))
    assert outbox_sweep() == 0
    assert mail.outbox == []


def test_it_requeues_and_sends_a_message_whose_worker_died():
    # Claimed 16 minutes ago: the 15-minute lease ran out a minute ago.
    stale = OutgoingEmailFactory(status=Status.SENDING, attempts=1, next_attempt_at=_ago(minutes=1))
    assert outbox_sweep() == 1
    stale.refresh_from_db()
    assert (stale.status, stale.attempts) == (Status.SENT, 2)


def test_it_leaves_a_message_being_sent_now():
    busy = OutgoingEmailFactory(
        status=Status.SENDING, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=14)
    )
    assert outbox_sweep() == 0
    busy.refresh_from_db()
    assert busy.status == Status.SENDING


def test_it_fails_a_stale_message_out_of_attempts(settings):
    settings.CSCP_OUTBOX_MAX_ATTEMPTS = 2
    stale = OutgoingEmailFactory(status=Status.SENDING, attempts=2, next_attempt_at=_ago(minutes=1))
    outbox_sweep()
    stale.refresh_from_db()
    assert stale.status == Status.FAILED
    assert mail.outbox == []


def test_it_sends_at_most_a_batch(settings):
    OutgoingEmailFactory.create_batch(3)
    assert outbox_sweep(limit=2) == 2
    assert OutgoingEmail.objects.filter(status=Status.QUEUED).count() == 1


def test_the_task_sweeps():
    OutgoingEmailFactory()
    tasks.sweep_outbox.delay()
    assert len(mail.outbox) == 1
