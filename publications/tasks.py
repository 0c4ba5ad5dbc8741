"""Celery tasks are an interface (style.md 5): ids in, services do the work. Rendering lives in
publications/rendering/services.py; scheduled publishing in publications/staff/publishing.py."""

from celery import shared_task

from .rendering.services import render_run, renders_sweep


@shared_task(
    name="publications.render_publication",
    acks_late=True,
    reject_on_worker_lost=True,  # a worker killed mid-render hands the message back
    ignore_result=True,
    soft_time_limit=100,  # well inside the sweeper's 2 minutes: a runaway render fails cleanly
    time_limit=110,
)
def render_publication(render_id: int) -> None:
    render_run(render_id)


@shared_task(
    name="publications.read_upload",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=600,  # a 30-page OCR takes about a minute; a runaway one fails cleanly
    time_limit=620,
)
def read_upload(reading_id: int) -> None:
    """An uploaded report read by layout and OCR (uploads/services.py), on the pdf_check queue
    (CELERY_TASK_ROUTES) so it never holds up an email or a render."""
    from .uploads.services import reading_run

    reading_run(reading_id)


@shared_task(name="publications.sweep_renders", acks_late=True, ignore_result=True)
def sweep_renders() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE, every minute): re-queue renders stuck for over 2 minutes
    and failed ones, up to 3 attempts; and readings of uploads stuck for over 15 minutes."""
    from .uploads.services import readings_sweep

    return renders_sweep() + readings_sweep()


@shared_task(name="publications.publish_due", acks_late=True, ignore_result=True)
def publish_due() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE, every minute): scheduled publications whose time has
    passed go live, after every check again; one that fails stays scheduled and the
    coordinators are told once."""
    from .staff.publishing import publish_due as publish

    return publish()


@shared_task(name="publications.recheck_live_content", acks_late=True, ignore_result=True)
def recheck_live_content() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE), and queued soon after the guard's terms change: every item
    the public can read checked again; coordinators are told of each new hit."""
    from .guard import live

    return live.recheck_all()
