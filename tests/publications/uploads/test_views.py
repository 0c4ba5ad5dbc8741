"""The coordinators' pages for an uploaded report's reading: its progress and flagged pages on
the publication's page, and the page where a second coordinator looks at a flagged page and
clears it (happy path, the uploader, a member, bad input, a page that does not exist)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.staff import services
from publications.uploads import reading as reader
from publications.uploads import services as uploads
from tests.factories import UserFactory
from tests.publications.helpers import page, prepared, render_now
from tests.publications.uploads import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scan_read(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        data = hostile.scanned_page()
        return data, reader.read(data)


@pytest.fixture
def flagged(coordinator, scan_read, monkeypatch):
    """A publication whose uploaded report (a scan between two text pages) has been read: page 2
    is flagged."""
    data, pages = scan_read
    monkeypatch.setattr(reader, "read", lambda _data, on_page=None: [on_page(p) or p for p in pages])
    publication = prepared(coordinator, render=False)
    upload = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    return render_now(services.report_upload(publication, coordinator, upload))


def test_the_publication_page_shows_the_reading_and_its_flagged_page(staff_client_for, coordinator, flagged):
    body = staff_client_for(coordinator).get(page(flagged)).content.decode()
    assert "Read by layout and by OCR: 3 pages" in body
    assert f'href="{page(flagged, "pages/2/")}"' in body and "Not yet" in body
    assert reader.FLAG_LABELS[reader.FLAG_MOSTLY_IMAGE] in body


def test_the_progress_shows_while_it_is_read(staff_client_for, coordinator):
    publication = prepared(coordinator, render=False)
    upload = SimpleUploadedFile(
        "report.pdf",
        hostile.saved(hostile.page_pdf(hostile.plain(), hostile.plain())),
        content_type="application/pdf",
    )
    services.report_upload(publication, coordinator, upload)
    body = staff_client_for(coordinator).get(page(publication)).content.decode()
    assert "Waiting to be checked" in body and "Page 0 of 2" in body


def test_a_second_coordinator_looks_at_the_page_and_clears_it(staff_client_for, flagged):
    second = UserFactory(roles=["coordinator"])
    client = staff_client_for(second)

    body = client.get(page(flagged, "pages/2/")).content.decode()
    assert "The page as a reader sees it" in body and hostile.NAME in body  # what OCR read, for them
    image = client.get(page(flagged, "pages/2/image.png"))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert "no-store" in image["Cache-Control"] or "no-cache" in image["Cache-Control"]

    empty = client.post(page(flagged, "pages/2/"), {"note": ""})
    assert "Enter what you looked at on this page" in empty.content.decode()
    done = client.post(page(flagged, "pages/2/"), {"note": "The scanned letter"}, follow=True)
    assert "Page 2 cleared." in done.content.decode()
    assert uploads.refusal(flagged) == ""


def test_the_uploader_cannot_clear_and_keeps_what_they_typed(staff_client_for, coordinator, flagged):
    client = staff_client_for(coordinator)
    assert "You uploaded this report" in client.get(page(flagged, "pages/2/")).content.decode()
    response = client.post(page(flagged, "pages/2/"), {"note": "I checked it myself"})
    body = response.content.decode()
    assert "A coordinator other than the one who uploaded the report must clear its pages." in body
    assert "I checked it myself" in body


def test_members_cannot_and_a_missing_page_is_not_found(staff_client_for, member, flagged):
    assert staff_client_for(member).get(page(flagged, "pages/2/")).status_code == 403
    second = staff_client_for(UserFactory(roles=["coordinator"]))
    assert second.get(page(flagged, "pages/9/")).status_code == 404
    assert (
        second.post(page(flagged, "pages/1/"), {"note": "x"})
        .content.decode()
        .count("This page is not flagged.")
        >= 1
    )


def test_the_publication_page_makes_a_fixed_number_of_queries_however_many_pages_are_flagged(
    staff_client_for, coordinator, flagged, django_assert_num_queries
):
    client = staff_client_for(coordinator)
    client.get(page(flagged))
    with django_assert_num_queries(QUERIES):
        client.get(page(flagged))
    reading = uploads.current_reading(flagged)
    reading.pages.update(flags=[reader.FLAG_HIDDEN], cleared_by=UserFactory(roles=["coordinator"]))
    with django_assert_num_queries(QUERIES):
        assert client.get(page(flagged)).status_code == 200


QUERIES = (
    25  # a draft written in sections makes 21; the reading, its pages for the page, the checks and the guard
)
