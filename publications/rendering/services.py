"""The PDFs of a publication (issue 6 §5, design.md §2, style.md 6-7): each rendering is a Render
row, made by the Celery worker and never on a web request.

Web code calls `request_renders` only: it writes pending rows in the caller's transaction and
queues them after commit. The worker claims a row with one conditional UPDATE (so of two workers
exactly one renders it), makes the PDF (pdf_html.py), stores it under a random name
and marks the row done. The newest done render of each kind is the one served, so the previous
PDF stays available until the new one is ready. A periodic sweeper re-queues renders whose worker
died or whose message was lost, and failed ones, up to MAX_ATTEMPTS.

Logs and stored errors carry render and publication ids and exception class names only, never
any text from the publication.
"""

import hashlib
import logging
from datetime import timedelta

import redis
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ..models import Publication, Render
from ..public import cache as public_cache
from . import pdf_html
from .selectors import ACTIVE, needed_kinds

logger = logging.getLogger(__name__)

Kind = Render.Kind
State = Render.State

MAX_ATTEMPTS = 3
# A render running or waiting this long has lost its worker or its message.
STUCK_AFTER = timedelta(minutes=2)
STOPPED_ERROR = "The worker stopped, or the render was never picked up, 3 times."


# --- What web code calls ----------------------------------------------------------------------


def _has_report_source(publication: Publication) -> bool:
    if publication.report_source == Publication.ReportSource.UPLOAD:
        return bool(publication.report_upload)
    return publication.sections.exists()


def request_renders(publication: Publication) -> list[Render]:
    """Queue the renders this publication needs at its current content_version; returns the rows
    created now. Kinds with a render pending, running or done at that version are skipped, and so
    is a full report with nothing to make it from (no sections, or no uploaded file): then
    `renders_ready` stays false. The tasks are sent after commit."""
    with transaction.atomic():
        # Locking the publication makes two simultaneous requests queue one render per kind.
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        version = locked.content_version
        taken = set(
            Render.objects.filter(
                publication=locked, content_version=version, state__in=[*ACTIVE, State.DONE]
            ).values_list("kind", flat=True)
        )
        kinds = [k for k in needed_kinds(locked) if k not in taken]
        kinds = [k for k in kinds if k != Kind.REPORT or _has_report_source(locked)]
        renders = [Render.objects.create(publication=locked, kind=k, content_version=version) for k in kinds]
        for render in renders:
            transaction.on_commit(lambda render_id=render.pk: _enqueue(render_id), robust=True)
    if renders:
        logger.info("renders: queued %s for publication_id=%s", [r.pk for r in renders], publication.pk)
    return renders


def _enqueue(render_id: int) -> None:
    from ..tasks import render_publication  # the tasks module imports this one

    try:
        render_publication.delay(render_id)
    except (BrokerError, redis.RedisError, OSError):
        # The row is safe: the sweeper queues it again once it has waited STUCK_AFTER.
        logger.warning("renders: broker unreachable, render_id=%s left for the sweeper", render_id)


# --- What the worker runs ---------------------------------------------------------------------


def render_claim(render_id: int) -> Render | None:
    """Take a pending render for this worker, or None if it is not pending (done, failed,
    running elsewhere). The attempt is counted now, so a render that kills its worker still
    runs out of attempts; the new count is this attempt's token."""
    claimed = Render.objects.filter(pk=render_id, state=State.PENDING).update(
        state=State.RUNNING, started_at=timezone.now(), finished_at=None, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return None
    return Render.objects.select_related("publication").get(pk=render_id)


def render_run(render_id: int) -> bool:
    """Claim and make one render. True if this call stored the PDF."""
    render = render_claim(render_id)
    if render is None:
        logger.info("renders: render_id=%s not pending, skipped", render_id)
        return False
    try:
        pdf = _make(render)
        _guard_public(render, pdf)
    except Exception as error:  # any failure: record it; the sweeper retries up to MAX_ATTEMPTS
        _record_failure(render, error)
        return False
    return _store(render, pdf)


def _make(render: Render) -> pdf_html.Pdf:
    publication = render.publication
    if render.kind == Kind.BRIEFING:
        return pdf_html.briefing_pdf(publication)
    if publication.report_source == Publication.ReportSource.UPLOAD:
        return pdf_html.uploaded_report_pdf(publication)
    return pdf_html.report_pdf(publication)


PROTECTED_TERM_FOUND = (
    "A protected term was found in this PDF, so it is not served: the previous PDF stays public. "
    "Check the publication's fields and sections."
)


def _guard_public(render: Render, pdf: pdf_html.Pdf) -> None:
    """A publication already public (or scheduled) was checked when it was published; a PDF made
    after an edit is checked again here, before it can replace the one the public downloads."""
    from ..guard import checks

    publication = render.publication
    if publication.status not in (Publication.Status.LIVE, Publication.Status.SCHEDULED):
        return
    from ..guard import terms
    from ..uploads import services as uploads

    label = checks.PDF_LABELS.get(render.kind, render.get_kind_display())
    places = None
    if render.kind == Kind.REPORT and uploads.is_uploaded(publication):
        # A new upload replaces the public file only once it has been read page by page (its
        # reading asks for this render again when done) and its flagged pages cleared.
        if refused := uploads.refusal(publication):
            raise pdf_html.PdfError(refused)
        reading = uploads.current_reading(publication)
        places = checks.pdf_places(pdf.content, label, pages=False) + checks.reading_places(reading, label)
    matcher = checks.Matcher(terms.terms_for(publication), register=True)
    if not (matcher.index or matcher.register):
        return  # nothing to look for
    places = places if places is not None else checks.pdf_places(pdf.content, label)
    if matcher.find_many(places):
        raise pdf_html.PdfError(PROTECTED_TERM_FOUND)


def _own_attempt(render: Render):
    # This attempt still owns the row unless another worker has claimed it since (the sweeper
    # may have re-queued it meanwhile: a late but good PDF is still taken).
    return Render.objects.filter(
        pk=render.pk, attempts=render.attempts, state__in=[State.RUNNING, State.PENDING, State.FAILED]
    )


def _store(render: Render, pdf: pdf_html.Pdf) -> bool:
    render.file.save("render.pdf", ContentFile(pdf.content), save=False)  # upload_to: a random name
    with transaction.atomic():
        stored = _own_attempt(render).update(
            state=State.DONE,
            file=render.file.name,
            pages=pdf.pages,
            size=len(pdf.content),
            content_hash=hashlib.sha256(pdf.content).hexdigest(),
            finished_at=timezone.now(),
            error="",
        )
        if stored and Publication.objects.public().filter(pk=render.publication_id).exists():
            public_cache.bump()  # a live publication's PDF (and its size) just changed
    if not stored:
        render.file.delete(save=False)
        logger.info("renders: render_id=%s attempt %s superseded, file dropped", render.pk, render.attempts)
        return False
    logger.info(
        "renders: render_id=%s publication_id=%s done, %s pages", render.pk, render.publication_id, pdf.pages
    )
    return True


def _record_failure(render: Render, error: Exception) -> None:
    # The class name only: an exception's message may quote the publication's text.
    if isinstance(error, pdf_html.PdfError):
        text = str(error)  # our own messages, which name no one
    else:
        text = f"Rendering failed ({type(error).__name__})."
    _own_attempt(render).filter(state=State.RUNNING).update(
        state=State.FAILED, error=text, finished_at=timezone.now()
    )
    logger.warning(
        "renders: render_id=%s attempt %s failed: %s", render.pk, render.attempts, type(error).__name__
    )


# --- The sweeper ------------------------------------------------------------------------------


def renders_sweep() -> int:
    """Periodic: queue again what a dead worker or a lost message left (running or waiting over
    STUCK_AFTER) and what failed, up to MAX_ATTEMPTS; fail what has used them all. Returns how
    many renders were queued. Running it twice is harmless: a render is claimed once."""
    cutoff = timezone.now() - STUCK_AFTER
    stuck = Q(state=State.RUNNING, started_at__lt=cutoff) | Q(
        Q(started_at__isnull=True) | Q(started_at__lt=cutoff), state=State.PENDING, created_at__lt=cutoff
    )
    gave_up = Render.objects.filter(stuck, attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED, error=STOPPED_ERROR, finished_at=timezone.now()
    )
    retry = Render.objects.filter(attempts__lt=MAX_ATTEMPTS)
    stuck_ids = list(retry.filter(stuck).values_list("id", flat=True))
    failed_ids = list(_failed_worth_retrying(retry).values_list("id", flat=True))
    # Every id is gathered before any is queued: with eager Celery a queued render runs (and may
    # fail) at once, and must not be picked up again by this same sweep.
    Render.objects.filter(pk__in=stuck_ids, state=State.RUNNING, started_at__lt=cutoff).update(
        state=State.PENDING
    )
    Render.objects.filter(pk__in=failed_ids, state=State.FAILED).update(state=State.PENDING)
    ids = stuck_ids + failed_ids
    if ids or gave_up:
        logger.warning("renders: sweeper queued %s again, gave up on %s", ids, gave_up)
    for render_id in ids:
        _enqueue(render_id)
    return len(ids)


def _failed_worth_retrying(renders):
    """Failed renders of the current content with no newer attempt of the same kind."""
    other = Render.objects.filter(
        publication=OuterRef("publication"),
        kind=OuterRef("kind"),
        content_version=OuterRef("content_version"),
        state__in=[*ACTIVE, State.DONE],
    )
    return renders.filter(state=State.FAILED, content_version=F("publication__content_version")).exclude(
        Exists(other)
    )
