import contextlib
import logging

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from cscp.notifications import tasks
from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import email_enqueue
from tests.emails import assert_in_both_bodies

pytestmark = pytest.mark.django_db


def _enqueue(context, **kwargs):
    return email_enqueue(to="coordinator@council.example", template="outbox-test", context=context, **kwargs)


def test_it_creates_a_queued_row_with_the_rendered_email(context, coordinator):
    message = _enqueue(context, recipient=coordinator)
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.QUEUED
    assert message.to == "coordinator@council.example"
    assert message.recipient == coordinator
    assert message.template == "outbox-test"
    assert message.subject == "Referral SPR-2026-0042 needs your attention"
    assert "SPR-2026-0042" in message.body_text
    assert "SPR-2026-0042" in message.body_html
    assert message.attempts == 0


def test_it_sends_nothing_before_commit(context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _enqueue(context)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_sends_after_commit(context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue(context)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["coordinator@council.example"]
    assert sent.subject == "Referral SPR-2026-0042 needs your attention"
    assert_in_both_bodies(sent, "Referral SPR-2026-0042 has been updated")
    assert_in_both_bodies(sent, "Sam O'Neill")
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT
    assert message.sent_at is not None
    assert message.attempts == 1


def test_it_sends_nothing_if_the_transaction_rolls_back(context, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        _enqueue(context)
        raise RuntimeError("the event failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_it_leaves_the_row_queued_when_the_broker_is_down(
    context, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "delay", unreachable)
    with (
        caplog.at_level(logging.WARNING, logger="cscp.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = _enqueue(context)
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []
    assert f"message_id={message.pk}" in caplog.text


def test_its_logs_carry_no_address_subject_or_body(context, django_capture_on_commit_callbacks, caplog):
    with (
        caplog.at_level(logging.DEBUG, logger="cscp.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _enqueue(context)
    assert "coordinator@council.example" not in caplog.text
    assert "SPR-2026-0042" not in caplog.text
    assert "Sam O'Neill" not in caplog.text
