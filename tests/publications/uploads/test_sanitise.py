"""The copy of an uploaded report the public gets (issue 15 §1): each hostile PDF is uploaded the
coordinator's way and rendered the worker's way, and the file that would be served is read byte
by byte. What the rebuild removes is gone from those bytes; what it keeps on the page (a form
field's value drawn in, a layer made visible, a bookmark's title) is stopped by the guard."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.guard import checks
from publications.guard import services as guard_services
from publications.rendering.selectors import current_render, render_bytes
from publications.staff import publishing, services
from publications.uploads import sanitise
from tests.publications.helpers import prepared, refused, render_now
from tests.publications.uploads import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch):
    """What is removed is asserted on the bytes: OCR (tested in test_reading.py) would only add
    a second of Tesseract to each upload here."""
    from publications.uploads import reading

    monkeypatch.setattr(reading, "_ocr", lambda image: "")


# Removed from the served file; the sentence the coordinator is told.
REMOVED = {
    "attachment": "an attachment",
    "attachment_annotation": "an attachment",
    "xfa_form": "an XFA form",
    "web_link": "a link to a web address or another file",
    "launch_action_on_link": "a link to a web address or another file",
    "open_action_javascript": "a script or action",
    "document_javascript": "a script or action",
    "page_action": "a script or action",
    "bookmark_javascript": "a bookmark that did more than go to a page",
    "comment": "a comment or other annotation",
    "page_label": "page labels",
    "earlier_revision": "an earlier revision",
    "xmp_only": "",
    "document_information": "",
    "image_metadata": "",
    "unused_resource": "",
    "internal_link_with_contents": "",
    "named_destination": "",
}


def uploaded(coordinator, data, name="report.pdf"):
    publication = prepared(coordinator, render=False)
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    publication = services.report_upload(publication, coordinator, upload)
    told = publication.removed_for_public
    publication = render_now(publication)
    return publication, told


def served(publication) -> bytes:
    return render_bytes(current_render(publication, "report"))


@pytest.mark.parametrize("trick", sorted(REMOVED))
def test_what_the_rebuild_removes_is_not_in_the_served_file(coordinator, trick):
    data = getattr(hostile, trick)()
    assert hostile.holds(data), "the hostile PDF must hold the name to begin with"

    publication, told = uploaded(coordinator, data)

    content = served(publication)
    assert not hostile.holds(content)
    assert told == REMOVED[trick] or REMOVED[trick] in told
    assert checks.check_publication(publication) == []  # nothing left to find


def test_what_stays_on_the_page_is_stopped_by_the_guard(coordinator, second):
    for trick, where in [
        ("form_field", "Full report PDF, page 1"),  # the field's value drawn into the page
        ("hidden_layer", "Full report PDF, page 1"),  # the hidden layer now shows
        ("bookmark", "Full report PDF metadata (bookmarks)"),
    ]:
        publication, _ = uploaded(coordinator, getattr(hostile, trick)())
        guard_services.term_add(publication.case, hostile.NAME, coordinator)
        hits = checks.check_publication(publication)
        assert where in [hit.location for hit in hits], trick
        refused(
            "Remove every protected term",
            publishing.publication_publish,
            publication,
            second,
            publication.content_version,
        )


def test_the_served_file_has_the_publications_metadata_and_nothing_to_run(coordinator):
    publication, _ = uploaded(coordinator, hostile.document_information())

    with pikepdf.open(io.BytesIO(served(publication))) as pdf:
        assert str(pdf.docinfo.Title) == publication.title
        assert str(pdf.docinfo.Author) == "Croydon Safeguarding Children Partnership"
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == publication.title
        assert set(pdf.Root.keys()) <= sanitise.KEPT_IN_CATALOG | {"/Metadata", "/PageMode", "/Outlines"}
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        for page in pdf.pages:
            assert "/AA" not in page.obj


def test_a_link_within_the_document_is_kept_as_a_plain_link(coordinator):
    publication, _ = uploaded(coordinator, hostile.named_destination())

    with pikepdf.open(io.BytesIO(served(publication))) as pdf:
        (link,) = pdf.pages[0].obj.Annots
        assert link.Subtype == pikepdf.Name.Link
        assert link.Dest[0].objgen == pdf.pages[1].obj.objgen
        assert "/A" not in link and "/Contents" not in link


def test_internal_bookmarks_keep_their_titles_and_pages(coordinator):
    publication, _ = uploaded(coordinator, hostile.bookmark())

    with pikepdf.open(io.BytesIO(served(publication))) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Introduction", f"What happened to {hostile.NAME}"]


def test_an_encrypted_or_broken_upload_is_refused_with_a_message(coordinator):
    publication = prepared(coordinator, render=False)
    locked = io.BytesIO()
    pdf = pikepdf.open(io.BytesIO(hostile.saved(hostile.page_pdf(hostile.plain()))))
    pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    for data, message in [(locked.getvalue(), sanitise.ENCRYPTED), (b"%PDF-1.7\n garbage", "")]:
        upload = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
        refused(message, services.report_upload, publication, coordinator, upload)


def test_the_coordinator_is_told_what_was_removed(staff_client_for, coordinator):
    coordinator_client = staff_client_for(coordinator)
    publication = prepared(coordinator, render=False)
    upload = SimpleUploadedFile("report.pdf", hostile.attachment(), content_type="application/pdf")

    response = coordinator_client.post(
        f"/publications/{publication.pk}/report/", {"file": upload}, follow=True
    )

    assert "Removed from the copy the public will get: an attachment." in response.content.decode()
