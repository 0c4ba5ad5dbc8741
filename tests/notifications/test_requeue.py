import pytest
from django.core import mail
from django.urls import reverse

from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import OutboxStateError, email_requeue
from tests.notifications.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status
CHANGELIST = reverse("admin:notifications_outgoingemail_changelist")


def test_it_requeues_a_failed_message_and_sends_it_after_commit(django_capture_on_commit_callbacks):
    message = OutgoingEmailFactory(status=Status.FAILED, attempts=8, last_error="SMTPServerDisconnected: x")
    with django_capture_on_commit_callbacks(execute=True):
        email_requeue(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [Status.QUEUED, Status.SENDING, Status.SENT])
def test_it_refuses_a_message_that_has_not_failed(status):
    message = OutgoingEmailFactory(status=status)
    with pytest.raises(OutboxStateError):
        email_requeue(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == status


def test_the_admin_lists_messages_read_only(admin_user, staff_client_for):
    message = OutgoingEmailFactory()
    client = staff_client_for(admin_user)
    assert client.get(CHANGELIST).status_code == 200
    change_url = reverse("admin:notifications_outgoingemail_change", args=[message.pk])
    response = client.get(change_url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert client.get(reverse("admin:notifications_outgoingemail_add")).status_code == 403


def test_the_admin_action_resends_failed_messages(
    admin_user, staff_client_for, django_capture_on_commit_callbacks
):
    failed = OutgoingEmailFactory(status=Status.FAILED, attempts=8)
    sent = OutgoingEmailFactory(status=Status.SENT)
    client = staff_client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "resend", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert len(mail.outbox) == 1
    messages = [str(m) for m in response.context["messages"]]
    assert "1 email(s) queued to send again." in messages
    assert "1 email(s) skipped: only failed emails can be sent again." in messages
