from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import email_send, retry_delay
from tests.notifications.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status
FAILING = "tests.notifications.backends.FailingBackend"


def _make_due(message):
    OutgoingEmail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_it_sends_a_queued_message():
    message = OutgoingEmailFactory()
    assert email_send(message_id=message.pk) is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [message.to]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_it_is_idempotent():
    message = OutgoingEmailFactory()
    email_send(message_id=message.pk)
    assert email_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [Status.SENDING, Status.SENT, Status.FAILED])
def test_it_does_nothing_unless_queued(status):
    message = OutgoingEmailFactory(status=status)
    assert email_send(message_id=message.pk) is False
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == status


def test_it_does_nothing_before_the_message_is_due():
    message = OutgoingEmailFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert email_send(message_id=message.pk) is False
    assert mail.outbox == []


def test_it_does_nothing_for_a_missing_message():
    assert email_send(message_id=999999) is False


def test_it_backs_off_after_a_failure(settings):
    settings.EMAIL_BACKEND = FAILING
    message = OutgoingEmailFactory()
    before = timezone.now()
    assert email_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert before + timedelta(minutes=1) <= message.next_attempt_at <= timezone.now() + timedelta(minutes=1)


def test_its_last_error_never_holds_the_body(settings):
    settings.EMAIL_BACKEND = FAILING
    message = OutgoingEmailFactory(body_text="Secret body text")
    email_send(message_id=message.pk)
    message.refresh_from_db()
    assert "Secret" not in message.last_error
    assert len(message.last_error) <= 255


def test_it_fails_after_the_maximum_attempts(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.CSCP_OUTBOX_MAX_ATTEMPTS = 3
    message = OutgoingEmailFactory()
    for attempt in (1, 2):
        email_send(message_id=message.pk)
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.QUEUED, attempt)
        _make_due(message)
    email_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    _make_due(message)
    assert email_send(message_id=message.pk) is False


def test_it_sends_once_the_smtp_server_recovers(settings):
    settings.EMAIL_BACKEND = FAILING
    message = OutgoingEmailFactory()
    email_send(message_id=message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _make_due(message)
    assert email_send(message_id=message.pk) is True
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 2, "")


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (7, 64), (20, 360)])
def test_its_retry_delay_doubles_up_to_a_cap(attempts, minutes):
    assert retry_delay(attempts) == timedelta(minutes=minutes)
