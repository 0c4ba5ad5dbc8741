"""A review case's documents (issue 5 §3, §4): every version kept privately, uploaded by
coordinators and the appointed reviewer only, checked by content, downloaded as an attachment
with the access logged; a reviewer not appointed gets 404 for all of it."""

import datetime
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from referrals.documents.checks import check_upload
from reviews.cases.documents.services import document_add, document_version_add, page_rows
from reviews.cases.transitions import ReviewCaseError
from reviews.models import CaseDocument, CaseDocumentVersion, ReviewCaseEvent, ReviewerAppointment
from tests.factories import (
    CaseDocumentFactory,
    CaseDocumentVersionFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def mine(reviewer):
    return ReviewerAppointmentFactory(reviewer=reviewer, case__status="in_progress").case


@pytest.fixture
def theirs():
    return ReviewerAppointmentFactory(case__status="in_progress").case


def pdf(name="Draft report.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def add(case, by, *, kind="draft", title="Draft report", name="draft.pdf", content=PDF, note=""):
    upload = pdf(name, content)
    return document_add(
        case=case, kind=kind, title=title, upload=upload, checked=check_upload(upload), by=by, note=note
    )


def add_version(document, by, *, name="draft v2.pdf", note=""):
    upload = pdf(name)
    return document_version_add(
        document=document, upload=upload, checked=check_upload(upload), by=by, note=note
    )


# --- The services -----------------------------------------------------------------------------


def test_a_coordinator_adds_a_document_as_version_1(coordinator, mine, private_media):
    document = add(mine, coordinator, name="Draft report (Child Q).pdf", note="First draft")

    version = document.versions.get()
    assert (document.kind, document.title, document.latest_version, document.created_by) == (
        "draft",
        "Draft report",
        1,
        coordinator,
    )
    assert (version.number, version.original_name, version.content_type, version.size, version.note) == (
        1,
        "Draft report (Child Q).pdf",
        "application/pdf",
        len(PDF),
        "First draft",
    )
    # Stored under a random name in the case's folder: the original name is only in the database.
    assert version.file.name.startswith(f"reviews/{mine.pk}/")
    assert "Child" not in version.file.name
    (path,) = stored_files(private_media)
    assert path.read_bytes() == PDF
    event = ReviewCaseEvent.objects.get(case=mine)
    assert (event.action, event.note, event.actor) == (
        "review.document_added",
        "Draft report v1",
        coordinator,
    )


def test_each_new_version_takes_the_next_number(coordinator, mine):
    document = add(mine, coordinator)
    before = document.updated_at

    second = add_version(document, coordinator, note="After the panel's comments")
    third = add_version(document, coordinator)

    document.refresh_from_db()
    assert (second.number, third.number, document.latest_version) == (2, 3, 3)
    assert document.updated_at > before
    assert list(document.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert list(ReviewCaseEvent.objects.filter(case=mine).values_list("action", "note")) == [
        ("review.document_added", "Draft report v1"),
        ("review.document_version_added", "Draft report v2"),
        ("review.document_version_added", "Draft report v3"),
    ]


def test_the_title_typed_by_a_person_is_not_on_the_timeline(coordinator, mine):
    add(mine, coordinator, kind="agency_report", title="Police report on Jane Smith")
    assert ReviewCaseEvent.objects.get(case=mine).note == "Agency report v1"


def test_the_appointed_reviewer_uploads_on_their_case(reviewer, mine):
    document = add(mine, reviewer)
    assert add_version(document, reviewer).number == 2


@pytest.mark.parametrize("who", ["member", "other_reviewer", "ended_reviewer", "referrer"])
def test_nobody_else_uploads(request, coordinator, reviewer, mine, theirs, private_media, who):
    document = add(theirs, coordinator)
    if who == "ended_reviewer":
        ReviewerAppointment.objects.filter(case=mine).update(ended_on=TODAY)
        by, case = reviewer, mine
    elif who == "other_reviewer":
        by, case = reviewer, theirs
    else:
        by, case = request.getfixturevalue(who), theirs
    files_before = stored_files(private_media)

    with pytest.raises(ReviewCaseError, match="Only coordinators and the case's appointed reviewer"):
        add(case, by)
    if case == theirs:
        with pytest.raises(ReviewCaseError, match="Only coordinators"):
            add_version(document, by)

    assert CaseDocument.objects.count() == 1
    assert CaseDocumentVersion.objects.count() == 1
    assert stored_files(private_media) == files_before


def test_a_document_needs_a_known_kind_and_a_title(coordinator, mine):
    with pytest.raises(ReviewCaseError, match="Select the kind"):
        add(mine, coordinator, kind="diary")
    with pytest.raises(ReviewCaseError, match="Enter the title"):
        add(mine, coordinator, title="  ")
    assert not CaseDocument.objects.exists()


# --- The pages ---------------------------------------------------------------------------------


def docs(case, suffix=""):
    return f"/reviews/{case.reference}/documents/{suffix}"


def post_document(client, case, **changes):
    data = {"kind": "draft", "title": "Draft report", "file": pdf(), "note": "", **changes}
    return client.post(docs(case, "add/"), data)


def test_a_coordinator_uploads_a_document_and_a_new_version(coordinator_client, mine):
    response = post_document(coordinator_client, mine, title="First draft", note="For the panel")
    document = CaseDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == docs(mine, f"{document.pk}/")

    response = coordinator_client.post(
        docs(mine, f"{document.pk}/add-version/"), {"file": pdf("second draft.pdf"), "note": "Comments in"}
    )
    assert response.status_code == 302

    body = coordinator_client.get(docs(mine, f"{document.pk}/")).content.decode()
    assert "Draft report uploaded as version 2." in body
    assert "second draft.pdf" in body and "Draft report.pdf" in body
    assert "Comments in" in body
    assert docs(mine, f"{document.pk}/v1/") in body and docs(mine, f"{document.pk}/v2/") in body


def test_the_appointed_reviewer_uploads_through_the_pages(reviewer_client, reviewer, mine):
    assert reviewer_client.get(docs(mine, "add/")).status_code == 200
    assert post_document(reviewer_client, mine).status_code == 302
    document = CaseDocument.objects.get(case=mine)
    assert document.versions.get().uploaded_by == reviewer
    assert "Add a document" in reviewer_client.get(f"/reviews/{mine.reference}/").content.decode()


def test_the_add_form_is_multipart_and_warns_against_names(coordinator_client, mine):
    body = coordinator_client.get(docs(mine, "add/")).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "Do not name the child or family" in body
    assert "Final report" in body and "Improvements information" in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "The selected file is a program"),
        ("report.svg", SVG, "The selected file must be a PDF"),
        ("report.pdf", b"<html>not a pdf</html>", "The selected file is not a real PDF"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_bad_file_is_refused_with_its_message_and_the_answers_kept(
    coordinator_client, mine, private_media, name, content, message
):
    response = post_document(
        coordinator_client, mine, kind="final", title="Final report to the Panel", file=pdf(name, content)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="Final report to the Panel"' in body
    assert re.search(r'value="final"\s+checked', body)
    assert not CaseDocument.objects.exists()
    assert stored_files(private_media) == []


def test_a_bad_new_version_is_refused_and_nothing_changes(
    coordinator_client, coordinator, mine, private_media
):
    document = add(mine, coordinator)
    response = coordinator_client.post(
        docs(mine, f"{document.pk}/add-version/"), {"file": pdf("run me.pdf", EXE), "note": "v2"}
    )
    assert response.status_code == 200
    assert "The selected file is a program" in response.content.decode()
    document.refresh_from_db()
    assert document.latest_version == 1
    assert len(stored_files(private_media)) == 1


def test_missing_answers_say_what_to_enter(coordinator_client, mine):
    body = coordinator_client.post(docs(mine, "add/"), {"title": "", "note": ""}).content.decode()
    for message in ("Select the kind of document", "Enter the title", "Select a file to upload"):
        assert message in body
    assert not CaseDocument.objects.exists()


def test_members_read_and_download_but_do_not_upload(member_client, coordinator, mine):
    document = add(mine, coordinator)
    for suffix in ("", f"{document.pk}/"):
        response = member_client.get(docs(mine, suffix))
        assert response.status_code == 200
        assert "Add a document" not in response.content.decode()
        assert "Upload a new version" not in response.content.decode()
    response = member_client.get(docs(mine, f"{document.pk}/v1/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    for suffix in ("add/", f"{document.pk}/add-version/"):
        assert member_client.get(docs(mine, suffix)).status_code == 403
        assert (
            member_client.post(docs(mine, suffix), {"file": pdf(), "title": "x", "kind": "draft"}).status_code
            == 403
        )
    assert CaseDocumentVersion.objects.count() == 1
    assert "Add a document" not in member_client.get(f"/reviews/{mine.reference}/").content.decode()


def test_referrers_are_refused(client, referrer, coordinator, mine):
    document = add(mine, coordinator)
    client.force_login(referrer)
    for suffix in ("", "add/", f"{document.pk}/", f"{document.pk}/add-version/", f"{document.pk}/v1/"):
        assert client.get(docs(mine, suffix)).status_code == 403


def test_signed_out_visitors_go_to_sign_in(client, coordinator, mine):
    document = add(mine, coordinator)
    assert client.get(docs(mine, f"{document.pk}/v1/")).status_code == 302


def test_a_reviewer_gets_404_for_every_documents_url_on_another_case(reviewer_client, coordinator, theirs):
    document = add(theirs, coordinator)
    suffixes = ("", "add/", f"{document.pk}/", f"{document.pk}/add-version/", f"{document.pk}/v1/")
    for suffix in suffixes:
        assert reviewer_client.get(docs(theirs, suffix)).status_code == 404
        response = reviewer_client.post(docs(theirs, suffix), {"file": pdf(), "title": "x", "kind": "draft"})
        assert response.status_code in (404, 405)
    assert CaseDocumentVersion.objects.count() == 1
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_reviewer_whose_appointment_ended_gets_404(reviewer_client, coordinator, mine):
    document = add(mine, coordinator)
    ReviewerAppointment.objects.filter(case=mine).update(ended_on=TODAY)
    for suffix in ("", "add/", f"{document.pk}/", f"{document.pk}/v1/"):
        assert reviewer_client.get(docs(mine, suffix)).status_code == 404


def test_a_document_of_another_case_or_an_unknown_version_is_404(
    coordinator_client, coordinator, mine, theirs
):
    document = add(theirs, coordinator)
    for suffix in (f"{document.pk}/", f"{document.pk}/add-version/", f"{document.pk}/v1/"):
        assert coordinator_client.get(docs(mine, suffix)).status_code == 404
    assert (
        coordinator_client.post(docs(mine, f"{document.pk}/add-version/"), {"file": pdf()}).status_code == 404
    )
    assert coordinator_client.get(docs(theirs, f"{document.pk}/v2/")).status_code == 404
    assert coordinator_client.get(docs(theirs, "999999/v1/")).status_code == 404
    assert CaseDocument.objects.get().latest_version == 1


def test_a_download_is_a_private_attachment_and_is_logged(coordinator_client, coordinator, mine):
    document = add(mine, coordinator, name="Draft report (v1).pdf")
    add_version(document, coordinator, name="draft-2.pdf")
    version = document.versions.get(number=1)

    response = coordinator_client.get(docs(mine, f"{document.pk}/v1/"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Draft report (v1).pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.content_type, entry.object_pk, entry.actor) == (
        ContentType.objects.get_for_model(CaseDocumentVersion),
        str(version.pk),
        coordinator,
    )


def test_a_missing_file_is_404_not_500(coordinator_client, coordinator, mine, private_media):
    document = add(mine, coordinator)
    for path in stored_files(private_media):
        path.unlink()
    assert coordinator_client.get(docs(mine, f"{document.pk}/v1/")).status_code == 404


def test_the_pages_reject_other_methods(coordinator_client, coordinator, mine):
    document = add(mine, coordinator)
    assert coordinator_client.post(docs(mine)).status_code == 405
    assert coordinator_client.post(docs(mine, f"{document.pk}/")).status_code == 405
    assert coordinator_client.post(docs(mine, f"{document.pk}/v1/")).status_code == 405


# --- The case page's section and the query counts ----------------------------------------------


def test_the_case_page_lists_the_documents(coordinator_client, coordinator, mine):
    document = add(mine, coordinator, kind="tor", title="Agreed terms")
    add_version(document, coordinator)
    body = coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert "Terms of reference" in body and "Agreed terms" in body and "Version 2" in body
    assert docs(mine, f"{document.pk}/") in body
    assert "Add a document" in body


def test_the_case_page_says_when_there_are_none(member_client, mine):
    assert "No documents yet." in member_client.get(f"/reviews/{mine.reference}/").content.decode()


def make_documents(case, n):
    for i in range(n):
        document = CaseDocumentFactory(
            case=case, kind="agency_report", title=f"Agency report {i}", latest_version=2
        )
        CaseDocumentVersionFactory(
            document=document, number=2, uploaded_by=UserFactory(roles=["coordinator"])
        )


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize(
    ("page", "queries"), [("documents", "LIST"), ("document", "DOCUMENT"), ("case", "CASE")]
)
def test_the_pages_run_a_fixed_number_of_queries(
    coordinator_client, mine, django_assert_num_queries, n, page, queries
):
    make_documents(mine, n)
    first = mine.documents.first()
    url = {
        "documents": docs(mine),
        "document": docs(mine, f"{first.pk}/"),
        "case": f"/reviews/{mine.reference}/",
    }[page]
    coordinator_client.get(url)  # warm the session
    with django_assert_num_queries(QUERY_COUNTS[queries]):
        response = coordinator_client.get(url)
    assert response.status_code == 200


# Session, user, second factor, roles; the case; its documents, their versions with uploaders;
# the session saved (in a savepoint). The document page: the document with who added it
# instead of the list. The case page: the same first five, the access log entry, then one query
# for each of its sections (documents and their versions, contributions, practitioner events,
# family, reviewers, timeline, checks, referrals, themes, recommendations), whether the next
# stage's needs are met (in progress: is there a draft report?), the session saved.
QUERY_COUNTS = {"LIST": 10, "DOCUMENT": 10, "CASE": 21}


def test_a_reviewer_costs_one_more_query_to_check_their_appointment(
    reviewer_client, mine, django_assert_num_queries
):
    make_documents(mine, 3)
    reviewer_client.get(docs(mine))
    with django_assert_num_queries(QUERY_COUNTS["LIST"] + 1):
        response = reviewer_client.get(docs(mine))
    assert "Add a document" in response.content.decode()


@pytest.mark.parametrize("n", [0, 1, 5])
def test_the_page_rows_take_two_queries_however_many(mine, django_assert_num_queries, n):
    make_documents(mine, n)
    with django_assert_num_queries(2 if n else 1):
        rows = page_rows(mine)
        for document in rows["documents"]:
            assert document.versions.all()[0].uploaded_by.email


# --- The stage guards through the page --------------------------------------------------------


def test_moving_to_draft_review_without_a_draft_says_upload_it(coordinator_client, coordinator, mine):
    add(mine, coordinator, kind="agency_report", title="Health report")
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/move/draft_review/", {"expected": "in_progress"}, follow=True
    )
    assert "Before moving to draft review, upload the draft report." in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "in_progress"

    add(mine, coordinator)
    coordinator_client.post(f"/reviews/{mine.reference}/move/draft_review/", {"expected": "in_progress"})
    mine.refresh_from_db()
    assert mine.status == "draft_review"


def test_moving_to_pre_publication_without_a_final_report_says_upload_it(coordinator_client, coordinator):
    case = ReviewCaseFactory(
        status="final_approved", final_report_sent_panel_on=TODAY, final_report_sent_sos_on=TODAY
    )
    add(case, coordinator, kind="draft")
    response = coordinator_client.post(
        f"/reviews/{case.reference}/move/pre_publication/", {"expected": "final_approved"}, follow=True
    )
    assert "Upload the final report" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "final_approved"
