"""Celery tasks are an interface (style.md 5): ids in, services do the work."""

from celery import shared_task

from . import services


@shared_task(name="notifications.send_email", acks_late=True, ignore_result=True)
def send_email(message_id: int) -> None:
    services.email_send(message_id=message_id)


@shared_task(name="notifications.sweep_outbox", acks_late=True, ignore_result=True)
def sweep_outbox() -> None:
    """Periodic (CELERY_BEAT_SCHEDULE): send what is due, re-queue what a dead worker left."""
    services.outbox_sweep()
