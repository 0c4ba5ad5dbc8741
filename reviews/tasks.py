"""Celery tasks are an interface (style.md 5): the task calls the service."""

from celery import shared_task

from . import reminders


@shared_task(name="reviews.send_clock_reminders", acks_late=True, ignore_result=True)
def send_clock_reminders() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE, hourly): remind coordinators of clocks due or overdue."""
    return reminders.clock_reminders_send()
