"""The notifications outbox (design.md §2, style.md 5-6).

A message is a row written in the caller's transaction. After commit a Celery task sends it;
if the broker is down the row simply waits for the periodic sweeper. Sending claims the row
with one conditional UPDATE, so a message is sent once however many tasks ask for it.

Logs carry message ids and template names only: never a subject, a body or an address.
"""

import logging
from datetime import timedelta

import redis
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .emails import email_render
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status

# A row left in `sending` this long belongs to a worker that died; the sweeper re-queues it.
SENDING_LEASE = timedelta(minutes=15)
# Back-off after the n-th failed attempt: FIRST_RETRY * 2**(n-1), at most MAX_RETRY_DELAY.
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)
SWEEP_BATCH = 100


class OutboxStateError(Exception):
    """The message is not in a state that allows the requested change."""


def email_enqueue(*, to: str, template: str, context: dict | None = None, recipient=None) -> OutgoingEmail:
    """Render the email now and queue it in the caller's transaction; it is sent after commit.

    Never raises for an unreachable broker and never waits on one: the row stays queued and the
    sweeper sends it.
    """
    rendered = email_render(template, context)
    message = OutgoingEmail.objects.create(
        to=to,
        recipient=recipient,
        template=template,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
    )
    logger.info("outbox: queued message_id=%s template=%s", message.pk, template)
    transaction.on_commit(lambda: _dispatch(message.pk), robust=True)
    return message


def _dispatch(message_id: int) -> None:
    from .tasks import send_email  # the tasks module imports this one

    try:
        send_email.delay(message_id)
    except (BrokerError, redis.RedisError, OSError):
        # Deliberately no traceback or address: the row is safe and the sweeper will send it.
        logger.warning("outbox: broker unreachable, message_id=%s left queued for the sweeper", message_id)


def email_send(*, message_id: int) -> bool:
    """Send one queued, due message. True if this call sent it.

    Does nothing (returns False) if the message is already sent, failed, being sent by another
    worker, or not yet due: retries and duplicate tasks are safe.
    """
    if not _claim(message_id):
        logger.debug("outbox: message_id=%s not claimable, skipped", message_id)
        return False
    message = OutgoingEmail.objects.get(pk=message_id)
    try:
        _deliver(message)
    except Exception as exc:  # any transport failure: record it and back off
        _record_failure(message, exc)
        return False
    OutgoingEmail.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info("outbox: sent message_id=%s template=%s", message_id, message.template)
    return True


def _claim(message_id: int) -> bool:
    # One conditional UPDATE: of two workers racing for the row, exactly one gets it. The
    # attempt is counted now, so a message that kills its worker still runs out of attempts.
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=message_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + SENDING_LEASE)
    return claimed == 1


def _deliver(message: OutgoingEmail) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"X-CSCP-Message-Id": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send()


def _record_failure(message: OutgoingEmail, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:255]
    if message.attempts >= settings.CSCP_OUTBOX_MAX_ATTEMPTS:
        update = {"status": Status.FAILED}
        logger.error("outbox: message_id=%s failed after %s attempts", message.pk, message.attempts)
    else:
        update = {"status": Status.QUEUED, "next_attempt_at": timezone.now() + retry_delay(message.attempts)}
        logger.warning("outbox: message_id=%s attempt %s failed, will retry", message.pk, message.attempts)
    OutgoingEmail.objects.filter(pk=message.pk, status=Status.SENDING).update(last_error=error, **update)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4, 8... minutes, capped."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def outbox_requeue_stale() -> int:
    """Return rows whose worker died mid-send to the queue (or fail them if out of attempts)."""
    now = timezone.now()
    stale = OutgoingEmail.objects.filter(status=Status.SENDING, next_attempt_at__lte=now)
    error = "The worker stopped while sending"
    failed = stale.filter(attempts__gte=settings.CSCP_OUTBOX_MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error=error
    )
    requeued = stale.update(status=Status.QUEUED, next_attempt_at=now, last_error=error)
    if failed or requeued:
        logger.warning("outbox: %s stale messages re-queued, %s failed", requeued, failed)
    return requeued


def outbox_due_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    """Queued messages whose time has come, oldest first."""
    due = OutgoingEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=timezone.now())
    return list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])


def outbox_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Re-queue stale rows, then send up to `limit` due messages. Returns how many were sent."""
    outbox_requeue_stale()
    return sum(email_send(message_id=message_id) for message_id in outbox_due_ids(limit=limit))


def email_requeue(*, message_id: int) -> OutgoingEmail:
    """Give a failed message a fresh set of attempts and send it again after commit."""
    with transaction.atomic():
        requeued = OutgoingEmail.objects.filter(pk=message_id, status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        if not requeued:
            raise OutboxStateError("Only a failed email can be sent again.")
        transaction.on_commit(lambda: _dispatch(message_id), robust=True)
    logger.info("outbox: message_id=%s re-queued by hand", message_id)
    return OutgoingEmail.objects.get(pk=message_id)
