"""Supporting documents: checked by content and by name, stored under a random name outside
any public URL, served only to the draft's owner."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cscp.accounts.roles import Role
from referrals.documents.checks import check_upload, safe_name
from referrals.models import ReferralDocument
from tests.factories import ReferralDocumentFactory, UserFactory, submitted_referral_factory
from tests.referrals.draft.posts import step_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, draft, name, content, button="upload"):
    file = SimpleUploadedFile(name, content)
    return client.post(step_url(draft, "documents"), {"file": file, button: ""})


def download_url(draft, document):
    return reverse("referrals:draft_document", args=[draft.public_id, document.pk])


# --- check_upload -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("chronology.pdf", PDF, "application/pdf"),
        ("Report.DOCX", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("old.doc", DOC, "application/msword"),
        ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("photo.png", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("scan.gif", GIF, "image/gif"),
    ],
)
def test_it_accepts_documents_and_images_whose_content_matches_their_name(name, content, content_type):
    checked = check_upload(SimpleUploadedFile(name, content))

    assert (checked.name, checked.content_type, checked.size) == (name, content_type, len(content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "The selected file must be a PDF, Word document"),
        ("report.pdf", EXE, "The selected file is a program"),
        ("report.docx", ELF, "The selected file is a program"),
        ("picture.svg", SVG, "The selected file must be a PDF, Word document"),
        ("picture.png", SVG, "The selected file is not a real PNG image"),
        ("report.pdf", PNG, "The selected file is not a real PDF"),
        ("sheet.docx", XLSX, "The selected file is not a real Word document"),
        ("report.docx", b"PK\x03\x04 not really a zip", "The selected file is not a real Word document"),
        ("report.pdf.exe", PDF, "The selected file must be a PDF, Word document"),
        ("no-extension", PDF, "The selected file must be a PDF, Word document"),
        (".pdf", PDF, "The selected file must be a PDF, Word document"),
    ],
)
def test_it_refuses_what_is_not_what_it_claims(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))

    assert message in refused.value.messages[0]


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="The selected file is empty"):
        check_upload(SimpleUploadedFile("empty.pdf", b""))


def test_it_refuses_a_file_over_the_limit(settings):
    settings.CSCP_UPLOAD_MAX_MB = 1

    with pytest.raises(ValidationError, match="The selected file must be smaller than 1 MB"):
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\report.pdf", "report.pdf"),
        ("C:\\Users\\sam\\Desktop\\report.pdf", "report.pdf"),
        ("..pdf", "pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        ("re\x00port\x1b.pdf", "report.pdf"),
        ("  lots   of\tspace .pdf", "lots of space .pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_a_name_keeps_only_its_last_part_without_control_characters(sent, kept):
    assert safe_name(sent) == kept


# --- The documents page -------------------------------------------------------------------------


def test_an_upload_is_stored_under_a_random_name_and_listed(as_referrer, draft, private_media):
    response = upload(as_referrer, draft, "Child A chronology.pdf", PDF)

    document = ReferralDocument.objects.get(referral=draft)
    assert response.url == step_url(draft, "documents")
    assert document.original_name == "Child A chronology.pdf"
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    stored = Path(document.file.path)
    assert private_media in stored.parents
    assert "chronology" not in document.file.name
    assert stored.read_bytes() == PDF
    page = as_referrer.get(step_url(draft, "documents")).content.decode()
    assert "Child A chronology.pdf" in page
    assert download_url(draft, document) in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", EXE, "The selected file is a program"),
        ("image.svg", SVG, "The selected file must be a PDF"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message(as_referrer, draft, name, content, message):
    response = upload(as_referrer, draft, name, content)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert message in html
    assert not ReferralDocument.objects.exists()


def test_an_oversized_upload_is_refused(as_referrer, draft, settings):
    settings.CSCP_UPLOAD_MAX_MB = 1

    response = upload(as_referrer, draft, "big.pdf", PDF + b"0" * (1024 * 1024))

    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not ReferralDocument.objects.exists()


def test_a_path_sent_as_the_file_name_is_dropped(as_referrer, draft):
    # A browser sends a bare name; a hand-made request can send anything.
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="..\\..\\secret\\report.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="upload"\r\n\r\n\r\n--{boundary}--\r\n'.encode()
    )

    as_referrer.post(
        step_url(draft, "documents"), body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert ReferralDocument.objects.get().original_name == "report.pdf"


def test_upload_asks_for_a_file_when_none_is_chosen(as_referrer, draft):
    response = as_referrer.post(step_url(draft, "documents"), {"upload": ""})

    assert "Select a file to upload" in response.content.decode()


def test_continue_without_a_file_moves_on(as_referrer, draft):
    response = as_referrer.post(step_url(draft, "documents"), {"continue": ""})

    assert response.url == step_url(draft, "declaration")


def test_continue_with_a_file_uploads_it_then_moves_on(as_referrer, draft):
    response = upload(as_referrer, draft, "notes.odt", ODT, button="continue")

    assert response.url == step_url(draft, "declaration")
    assert ReferralDocument.objects.get().content_type == "application/vnd.oasis.opendocument.text"


def test_no_more_than_ten_files(as_referrer, draft):
    ReferralDocumentFactory.create_batch(10, referral=draft)

    response = upload(as_referrer, draft, "eleventh.pdf", PDF)

    assert "You can upload up to 10 files" in response.content.decode()
    assert draft.documents.count() == 10


# --- Downloading and removing -------------------------------------------------------------------


def test_the_owner_downloads_a_document_as_an_attachment(as_referrer, draft):
    document = ReferralDocumentFactory(referral=draft, original_name="Child A chronology.pdf")

    response = as_referrer.get(download_url(draft, document))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Child A chronology.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == Path(document.file.path).read_bytes()
    response.close()


def test_another_users_document_is_not_found(client, draft):
    document = ReferralDocumentFactory(referral=draft)
    client.force_login(UserFactory(email="other@council.example", roles=[Role.REFERRER]))

    assert client.get(download_url(draft, document)).status_code == 404


def test_a_document_of_another_draft_is_not_found_through_mine(as_referrer, draft):
    elsewhere = ReferralDocumentFactory()

    assert as_referrer.get(download_url(draft, elsewhere)).status_code == 404


def test_staff_cannot_download_from_a_draft(staff_client_for, draft):
    document = ReferralDocumentFactory(referral=draft)
    client = staff_client_for(UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR]))

    assert client.get(download_url(draft, document)).status_code == 403


def test_once_submitted_documents_are_served_by_the_referral_page(client):
    referral = submitted_referral_factory()
    document = ReferralDocumentFactory(referral=referral)
    client.force_login(referral.created_by)

    response = client.get(download_url(referral, document))

    assert response.url == reverse("referrals:detail", args=[referral.reference])


def test_removing_a_document_asks_first_then_deletes_the_row_and_the_file(
    as_referrer, draft, django_capture_on_commit_callbacks
):
    document = ReferralDocumentFactory(referral=draft)
    path = Path(document.file.path)
    url = reverse("referrals:draft_document_remove", args=[draft.public_id, document.pk])

    confirm = as_referrer.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_referrer.post(url)

    assert "Are you sure you want to remove chronology.pdf?" in confirm.content.decode()
    assert response.url == step_url(draft, "documents")
    assert not ReferralDocument.objects.exists()
    assert not path.exists()
