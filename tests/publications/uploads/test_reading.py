"""An uploaded report read as a reader sees it (issue 15 §2-3): the hostile PDFs whose trick is
on the page itself (glyphs placed one by one, a scan among text pages, outlines, a wrong
character map, hidden text, tags) are uploaded the coordinator's way, read the worker's way
(layout, then Tesseract), and publishing is refused: on a hit, or until a second coordinator has
cleared each flagged page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.guard import checks
from publications.guard import services as guard_services
from publications.models import PublicationEvent, ReadPage, UploadReading
from publications.staff import publishing, services
from publications.uploads import reading as reader
from publications.uploads import services as uploads
from tests.factories import UserFactory
from tests.publications.helpers import prepared, read_now, refused, render_now
from tests.publications.uploads import hostile

pytestmark = pytest.mark.django_db

# Where the guard finds the name, for each trick whose name stays on the page.
FOUND_AT = {
    "glyph_by_glyph": "Full report PDF, page 1",
    "actual_text": "Full report PDF, page 1",
    "outside_crop_box": "Full report PDF, page 1",
    "invisible_text": "Full report PDF, page 1",
    "white_text": "Full report PDF, page 1",
    "alt_text": "Full report PDF, alternative text",
    "scanned_page": "Full report PDF, page 2 (as OCR reads it)",
    "outlines": "Full report PDF, page 1 (as OCR reads it)",
    "wrong_to_unicode": "Full report PDF, page 1 (as OCR reads it)",
}
FLAGGED = {
    "outside_crop_box": {1: [reader.FLAG_HIDDEN]},
    "invisible_text": {1: [reader.FLAG_HIDDEN]},
    "white_text": {1: [reader.FLAG_HIDDEN]},
    "scanned_page": {2: [reader.FLAG_MOSTLY_IMAGE, reader.FLAG_MISMATCH]},
    "wrong_to_unicode": {1: [reader.FLAG_MISMATCH]},
}


def uploaded(coordinator, data, *, read=True):
    publication = prepared(coordinator, render=False)
    guard_services.term_add(publication.case, hostile.NAME, coordinator)
    upload = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    publication = services.report_upload(publication, coordinator, upload)
    return render_now(publication) if read else publication


@pytest.fixture(scope="module")
def read_tricks(django_db_setup, django_db_blocker):
    """Each trick read once by layout and OCR (a second each), shared by the tests below."""
    with django_db_blocker.unblock():
        return {trick: reader.read(getattr(hostile, trick)()) for trick in sorted(FOUND_AT)}


@pytest.mark.parametrize("trick", sorted(FOUND_AT))
def test_each_trick_on_the_page_is_read_and_found(coordinator, trick, read_tricks, monkeypatch):
    monkeypatch.setattr(
        reader, "read", lambda data, on_page=None: [on_page(p) or p for p in read_tricks[trick]]
    )
    publication = uploaded(coordinator, getattr(hostile, trick)())

    hits = checks.check_publication(publication)

    assert FOUND_AT[trick] in [hit.location for hit in hits]
    found = {number: page.flags for number, page in _pages(publication).items() if page.flags}
    assert found == FLAGGED.get(trick, {})


def test_ocr_finds_the_name_with_a_letter_misread():
    near = checks.Matcher([checks_term(hostile.NAME)])
    hits = near.find_many([checks.Place("Letter about Jayden Okafar of Croydon", "page 1", ocr=True)])
    assert [hit.found for hit in hits] == ["Jayden Okafar"]
    # The same text from the text layer is taken as written.
    assert near.find_many([checks.Place("Letter about Jayden Okafar of Croydon", "page 1")]) == []
    # Short words are never read fuzzily: "Jon" is not "Jan".
    assert checks.Matcher([checks_term("Jan")]).find_many([checks.Place("Jon", "p", ocr=True)]) == []


def checks_term(text):
    from publications.models import ProtectedTerm

    return ProtectedTerm(pk=1, term=text, source=ProtectedTerm.Source.CHILD_NAME)


def _pages(publication) -> dict[int, ReadPage]:
    return {page.number: page for page in uploads.current_reading(publication).pages.all()}


def test_publishing_waits_for_the_reading_and_shows_its_progress(coordinator, second):
    publication = uploaded(
        coordinator, hostile.saved(hostile.page_pdf(hostile.plain(), hostile.plain())), read=False
    )
    render_now_without_reading(publication)

    message = refused(
        "still being checked",
        publishing.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    assert "page 0 of 2" in message

    read_now(publication)
    publishing.publication_publish(publication, second, publication.content_version)
    publication.refresh_from_db()
    assert publication.status == "live"


def render_now_without_reading(publication):
    from publications.rendering import services as rendering

    rendering.request_renders(publication)
    for render in publication.renders.filter(state="pending"):
        rendering.render_run(render.pk)


def test_a_flagged_page_must_be_cleared_by_a_second_coordinator(
    coordinator, second, read_tricks, monkeypatch
):
    monkeypatch.setattr(
        reader, "read", lambda data, on_page=None: [on_page(p) or p for p in read_tricks["scanned_page"]]
    )
    publication = prepared(coordinator, render=False)  # no protected term: only the flag stops it
    upload = SimpleUploadedFile("report.pdf", hostile.scanned_page(), content_type="application/pdf")
    publication = render_now(services.report_upload(publication, coordinator, upload))
    page = _pages(publication)[2]

    refused(
        "Page 2 of the uploaded report must be looked at",
        publishing.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    refused("other than the one who uploaded", uploads.page_clear, page, coordinator, "Looked at the letter")
    refused("Enter what you looked at", uploads.page_clear, page, second, "  ")
    refused("Only coordinators", uploads.page_clear, page, UserFactory(roles=["member"]), "Looked")

    uploads.page_clear(page, second, "The scanned letter: no one named in what it shows")

    refused("cleared already", uploads.page_clear, page, second, "Again")
    event = PublicationEvent.objects.get(publication=publication, action="publication.page_cleared")
    assert event.actor == second and "Page 2" in event.note
    publication = render_now(publication)
    publishing.publication_publish(publication, second, publication.content_version)


def test_a_new_upload_is_read_again_and_the_same_file_is_not(coordinator, read_tricks, monkeypatch):
    calls = []
    monkeypatch.setattr(
        reader,
        "read",
        lambda data, on_page=None: calls.append(1) or [on_page(p) or p for p in read_tricks["alt_text"]],
    )
    same = hostile.alt_text()
    publication = uploaded(coordinator, same)
    first = uploads.current_reading(publication)
    services.report_upload(
        publication,
        coordinator,
        SimpleUploadedFile("b.pdf", hostile.white_text(), content_type="application/pdf"),
    )
    render_now(publication)
    services.report_upload(
        publication, coordinator, SimpleUploadedFile("a.pdf", same, content_type="application/pdf")
    )
    render_now(publication)

    assert uploads.current_reading(publication) == first
    assert len(calls) == 2 and UploadReading.objects.filter(publication=publication).count() == 2


def test_a_reading_that_fails_is_recorded_without_the_text_and_swept_again(coordinator, monkeypatch):
    publication = uploaded(coordinator, hostile.saved(hostile.page_pdf(hostile.plain())), read=False)

    def broken(data, on_page=None):
        raise RuntimeError(f"tesseract choked on {hostile.NAME}")

    monkeypatch.setattr(reader, "read", broken)
    found = uploads.current_reading(publication)
    assert uploads.reading_run(found.pk) is False
    found.refresh_from_db()
    assert found.state == "failed" and hostile.NAME not in found.error
    second = UserFactory(roles=["coordinator"])
    refused(
        "could not be checked",
        publishing.publication_publish,
        publication,
        second,
        publication.content_version,
    )


def test_the_sweeper_queues_again_a_reading_whose_worker_died_and_gives_up_after_three(coordinator):
    from datetime import timedelta

    from django.utils import timezone

    publication = uploaded(coordinator, hostile.saved(hostile.page_pdf(hostile.plain())), read=False)
    found = uploads.current_reading(publication)
    long_ago = timezone.now() - uploads.STUCK_AFTER - timedelta(minutes=1)
    UploadReading.objects.filter(pk=found.pk).update(
        state="running", started_at=long_ago, requested_at=long_ago, attempts=1
    )

    assert uploads.readings_sweep() == 1  # eager Celery: read again at once
    found.refresh_from_db()
    assert found.state == "done" and found.attempts == 2

    UploadReading.objects.filter(pk=found.pk).update(state="running", started_at=long_ago, attempts=3)
    assert uploads.readings_sweep() == 0
    found.refresh_from_db()
    assert found.state == "failed" and found.error == "The check stopped 3 times."


def test_a_server_without_tesseract_says_so(coordinator, monkeypatch):
    import pytesseract

    publication = uploaded(coordinator, hostile.saved(hostile.page_pdf(hostile.plain())), read=False)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    found = uploads.current_reading(publication)

    assert uploads.reading_run(found.pk) is False
    found.refresh_from_db()
    assert found.error == uploads.NO_OCR
