"""Celery tasks are an interface (style.md 5): the task calls the service."""

from celery import shared_task

from .triage import reminders


@shared_task(name="reviews.send_clock_reminders", acks_late=True, ignore_result=True)
def send_clock_reminders() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE, hourly): remind coordinators of clocks due or overdue,
    and of actions and agency contributions newly overdue."""
    from .actions.reminders import action_reminders_send
    from .cases.involvement.reminders import contribution_reminders_send

    return reminders.clock_reminders_send() + action_reminders_send() + contribution_reminders_send()


@shared_task(name="reviews.refresh_review_case_rag", acks_late=True, ignore_result=True)
def refresh_review_case_rag() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE, hourly): a case turns amber, then red, as time passes."""
    from .cases.clocks import review_cases_refresh_rag

    return review_cases_refresh_rag()
