"""Reading an uploaded report in the worker (issue 15 §3), on a queue of its own (pdf_check) so a
30-page OCR never delays an email or a render.

Web code calls `reading_request` when a report is uploaded; the worker runs `reading_run`, which
claims the reading with one conditional UPDATE, reads the rebuilt copy page by page (layout,
then OCR), stores each page as it goes (the coordinator's page shows "page n of N") and marks it
done. The guard (guard/checks.py) matches the stored text against the terms whenever it checks,
so changing terms needs no second OCR. Publishing waits until the current file's reading is done
and each flagged page has been cleared by a coordinator other than the one who uploaded it.

Logs and stored errors carry ids and exception class names only."""

import hashlib
import logging
from datetime import timedelta

import redis
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ..models import Publication, PublicationEvent, ReadPage, UploadReading
from ..services import PublicationError, check_publisher
from . import reading as reader
from . import sanitise

logger = logging.getLogger(__name__)

State = UploadReading.State
QUEUE = "pdf_check"
MAX_ATTEMPTS = 3
# A 30-page OCR takes under a minute and a half; a reading running this long lost its worker.
STUCK_AFTER = timedelta(minutes=15)

STILL_CHECKING = (
    "The uploaded report is still being checked (page {done} of {total}). Try again when it has finished."
)
NOT_CHECKED = "The uploaded report could not be checked: {error} Upload it again."
FLAGGED = (
    "{pages} of the uploaded report must be looked at by a coordinator other than the one "
    "who uploaded it, and cleared, before it is published."
)


def upload_hash(publication: Publication) -> str:
    with publication.report_upload.open("rb") as upload:
        return hashlib.sha256(upload.read()).hexdigest()


def is_uploaded(publication: Publication) -> bool:
    return publication.report_source == Publication.ReportSource.UPLOAD and bool(publication.report_upload)


# --- What web code calls ----------------------------------------------------------------------


def reading_request(
    publication: Publication, by=None, *, digest: str | None = None, pages: int = 0
) -> UploadReading:
    """The reading of the publication's current upload: an earlier reading of the same file is
    reused (and made current again), else a new one is queued after commit."""
    digest = digest or upload_hash(publication)
    _forget_reading(publication)
    with transaction.atomic():
        found, created = UploadReading.objects.get_or_create(
            publication=publication, upload_hash=digest, defaults={"uploaded_by": by, "pages_total": pages}
        )
        if not created:
            UploadReading.objects.filter(pk=found.pk).update(requested_at=timezone.now())
            if found.state == State.FAILED:  # a new upload of the same file: try it again
                UploadReading.objects.filter(pk=found.pk).update(state=State.PENDING, attempts=0, error="")
                created = True
            found.refresh_from_db()
        if created:
            transaction.on_commit(lambda reading_id=found.pk: _enqueue(reading_id), robust=True)
    return found


def current_reading(publication: Publication) -> UploadReading | None:
    """The reading of the latest upload. Kept on the publication object for the rest of the
    request (the page, its checks and the guard all ask); a new upload forgets it."""
    if not hasattr(publication, "_current_reading"):
        publication._current_reading = publication.readings.order_by("-requested_at", "-id").first()
    return publication._current_reading


def _forget_reading(publication: Publication) -> None:
    publication.__dict__.pop("_current_reading", None)


def _enqueue(reading_id: int) -> None:
    from ..tasks import read_upload

    try:
        read_upload.apply_async((reading_id,), queue=QUEUE)
    except (BrokerError, redis.RedisError, OSError):
        logger.warning("readings: broker unreachable, reading_id=%s left for the sweeper", reading_id)


def refusal(publication: Publication) -> str:
    """Why the uploaded report cannot be published yet, or "" when its reading is done and
    every flagged page cleared. A publication with no reading of its current file gets one."""
    if not is_uploaded(publication):
        return ""
    found = current_reading(publication)
    if found is None:
        found = reading_request(publication)
    if found.state == State.FAILED:
        return NOT_CHECKED.format(error=found.error)
    if found.state != State.DONE:
        return STILL_CHECKING.format(done=found.pages_done, total=found.pages_total or "?")
    flagged = [
        page.number
        for page in found.pages.only("number", "flags", "cleared_at", "reading_id")
        if page.needs_clearing
    ]
    if flagged:
        return FLAGGED.format(pages=_numbers(flagged))
    return ""


def read_through(publication: Publication) -> bool:
    """Whether the current upload's reading is done (flagged pages cleared or not)."""
    found = current_reading(publication)
    return found is not None and found.state == State.DONE


def _numbers(numbers: list[int]) -> str:
    """'Page 2', 'Pages 2, 5 and 9'."""
    words = [str(number) for number in numbers]
    if len(words) == 1:
        return f"Page {words[0]}"
    return "Pages " + ", ".join(words[:-1]) + " and " + words[-1]


def page_clear(page: ReadPage, by, note: str) -> ReadPage:
    """A coordinator other than the uploader has looked at a flagged page and says it names no
    one (the note says what they looked at). Recorded on the publication's history."""
    check_publisher(by)
    note = (note or "").strip()
    if not note:
        raise PublicationError("Enter what you looked at on this page")
    with transaction.atomic():
        locked = ReadPage.objects.select_for_update().select_related("reading").get(pk=page.pk)
        reading = locked.reading
        if not locked.flags:
            raise PublicationError("This page is not flagged.")
        if locked.cleared_at is not None:
            raise PublicationError("This page has been cleared already.")
        if reading.uploaded_by_id == by.pk:
            raise PublicationError(
                "A coordinator other than the one who uploaded the report must clear its pages."
            )
        current = current_reading(reading.publication)
        if current is None or current.pk != reading.pk:
            raise PublicationError("This page is of a report that has been replaced.")
        locked.cleared_by, locked.cleared_at, locked.cleared_note = by, timezone.now(), note[:500]
        locked.save(update_fields=["cleared_by", "cleared_at", "cleared_note"])
        PublicationEvent.objects.create(
            publication_id=reading.publication_id,
            actor=by,
            action="publication.page_cleared",
            note=f"Page {locked.number} of the uploaded report: {locked.cleared_note}",
        )
        if not refusal(reading.publication):
            transaction.on_commit(lambda: _renders_for(reading.publication_id), robust=True)
    return locked


# --- What the worker runs ---------------------------------------------------------------------


def reading_claim(reading_id: int) -> UploadReading | None:
    claimed = UploadReading.objects.filter(pk=reading_id, state=State.PENDING).update(
        state=State.RUNNING, started_at=timezone.now(), finished_at=None, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return UploadReading.objects.select_related("publication").get(pk=reading_id)


def reading_run(reading_id: int) -> bool:
    """Claim and read one upload. True if this call finished it."""
    found = reading_claim(reading_id)
    if found is None:
        logger.info("readings: reading_id=%s not pending, skipped", reading_id)
        return False
    try:
        _read(found)
    except Exception as error:  # any failure is recorded; the sweeper retries up to MAX_ATTEMPTS
        message = _failure_message(error)
        UploadReading.objects.filter(pk=found.pk, state=State.RUNNING).update(
            state=State.FAILED, error=message, finished_at=timezone.now()
        )
        logger.warning("readings: reading_id=%s failed: %s", found.pk, type(error).__name__)
        return False
    _renders_for(found.publication_id)
    return True


def rebuilt_copy(publication: Publication) -> bytes:
    """The copy of the upload the public would get (what is read, and what is shown when a
    flagged page is looked at)."""
    return _rebuilt(publication).content


def _rebuilt(publication: Publication, expected_hash: str = "") -> sanitise.Rebuilt:
    with publication.report_upload.open("rb") as upload:
        data = upload.read()
    if expected_hash and hashlib.sha256(data).hexdigest() != expected_hash:
        raise sanitise.SanitiseError("The report was replaced while it was being checked.")
    return rebuild_for(publication, data)


def rebuild_for(publication: Publication, data: bytes) -> sanitise.Rebuilt:
    """An upload rebuilt for this publication's public: its title, the partnership as author."""
    from ..rendering.pdf_html import PDF_LANGUAGE, partnership_name

    return sanitise.rebuild(data, title=publication.title, author=partnership_name(), language=PDF_LANGUAGE)


NO_OCR = "Tesseract OCR is not installed on this server, so its pages could not be read: ask whoever runs the service."


def _failure_message(error: Exception) -> str:
    import pytesseract

    if isinstance(error, sanitise.SanitiseError):
        return str(error)
    if isinstance(error, pytesseract.TesseractNotFoundError):
        return NO_OCR
    return "It could not be read."


def _read(found: UploadReading) -> None:
    rebuilt = _rebuilt(found.publication, found.upload_hash)
    ReadPage.objects.filter(reading=found).delete()  # an earlier attempt's pages
    UploadReading.objects.filter(pk=found.pk).update(
        pages_total=rebuilt.pages, pages_done=0, tags=reader.tags(rebuilt.content)
    )
    reader.read(rebuilt.content, on_page=lambda page: _store_page(found, page))
    UploadReading.objects.filter(pk=found.pk, state=State.RUNNING).update(
        state=State.DONE, finished_at=timezone.now(), error=""
    )
    logger.info("readings: reading_id=%s done, %s pages", found.pk, rebuilt.pages)


def _store_page(found: UploadReading, page: reader.PageText) -> None:
    ReadPage.objects.create(
        reading=found,
        number=page.number,
        text=page.text,
        ocr_text=page.ocr_text,
        hidden=page.hidden,
        image_share=round(page.image_share, 3),
        flags=page.flags,
    )
    UploadReading.objects.filter(pk=found.pk).update(pages_done=page.number)


def _renders_for(publication_id: int) -> None:
    """A report checked clean: make (or make again) its renders, which waited for it."""
    from ..rendering.services import request_renders

    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is not None and publication.status != Publication.Status.WITHDRAWN:
        request_renders(publication)


def readings_sweep() -> int:
    """Queue again the readings whose worker died or whose message was lost, up to MAX_ATTEMPTS;
    fail those that have used them all."""
    cutoff = timezone.now() - STUCK_AFTER
    stuck = UploadReading.objects.filter(
        state__in=[State.PENDING, State.RUNNING], requested_at__lt=cutoff
    ).exclude(started_at__gte=cutoff)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED, error="The check stopped 3 times.", finished_at=timezone.now()
    )
    ids = list(stuck.filter(attempts__lt=MAX_ATTEMPTS).values_list("id", flat=True))
    UploadReading.objects.filter(pk__in=ids).update(state=State.PENDING)
    for reading_id in ids:
        _enqueue(reading_id)
    if ids:
        logger.warning("readings: sweeper queued %s again", ids)
    return len(ids)
