"""The coordinators' pages that change a publication's content (publications/staff/editing.py):
details, sections, the uploaded report, the family told, protected terms."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publications.guard import checks
from publications.models import ProtectedTerm
from tests.factories import PublicationFactory
from tests.publications.helpers import date_parts, page, text_pdf

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# --- Editing ----------------------------------------------------------------------------------


def details(publication, **changes):
    data = {
        "title": publication.title,
        "pseudonym": publication.pseudonym,
        "slug": publication.slug,
        "mode": publication.mode,
        "summary": "A new summary",
        "report_source": publication.report_source,
        "year": "",
        **changes,
    }
    return data


def test_edit_the_details(coordinator_client, publication):
    response = coordinator_client.post(
        page(publication, "details/"), details(publication, slug="child-q-review")
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert (publication.slug, publication.summary) == ("child-q-review", "A new summary")


def test_bad_details_keep_what_was_typed(coordinator_client, publication):
    PublicationFactory(slug="taken")
    for changes, message in (
        ({"slug": "Child Q!"}, "lowercase words"),
        ({"slug": "taken"}, "already used"),
        ({"mode": "summary", "mode_reason": ""}, "Enter why the full report is not published"),
        ({"year": "twenty"}, "must be a number"),
        ({"title": ""}, "Enter the title"),
    ):
        body = coordinator_client.post(
            page(publication, "details/"), details(publication, **changes)
        ).content.decode()
        assert message in body and "A new summary" in body
    publication.refresh_from_db()
    assert publication.summary == "A review of how agencies worked together."


def test_sections_add_edit_move_remove(coordinator_client, publication):
    body = coordinator_client.post(
        page(publication, "sections/add/"), {"heading": "", "body": "Text"}
    ).content.decode()
    assert "Enter the heading" in body and "Text" in body
    assert (
        coordinator_client.post(
            page(publication, "sections/add/"), {"heading": "Findings", "body": "F"}
        ).status_code
        == 302
    )
    findings = publication.sections.get(heading="Findings")
    coordinator_client.post(page(publication, f"sections/{findings.pk}/move/up/"))
    assert list(publication.sections.values_list("heading", flat=True)) == ["Findings", "Introduction"]
    coordinator_client.post(
        page(publication, f"sections/{findings.pk}/"), {"heading": "Findings 2", "body": "F"}
    )
    coordinator_client.post(page(publication, f"sections/{findings.pk}/remove/"))
    assert list(publication.sections.values_list("heading", flat=True)) == ["Introduction"]
    assert coordinator_client.post(page(publication, "sections/999999/")).status_code == 404


def test_upload_a_pdf_and_refuse_anything_else(coordinator_client, publication):
    png = SimpleUploadedFile("report.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    body = coordinator_client.post(page(publication, "report/"), {"file": png}).content.decode()
    assert "The report must be a PDF" in body
    body = coordinator_client.post(page(publication, "report/"), {}).content.decode()
    assert "Select the report to upload" in body
    report = SimpleUploadedFile("Overview report.pdf", text_pdf(), content_type="application/pdf")
    assert coordinator_client.post(page(publication, "report/"), {"file": report}).status_code == 302
    publication.refresh_from_db()
    assert publication.report_upload_name == "Overview report.pdf" and publication.report_source == "upload"


def test_family_told(coordinator_client, publication):
    body = coordinator_client.post(page(publication, "family/"), {}).content.decode()
    assert "Enter the date the family was told, or why they were not told" in body
    tomorrow = TODAY + datetime.timedelta(days=1)
    body = coordinator_client.post(
        page(publication, "family/"), date_parts("family_told_on", tomorrow)
    ).content.decode()
    assert "must be today or in the past" in body
    response = coordinator_client.post(page(publication, "family/"), {"family_not_told_reason": "No contact"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.family_not_told_reason == "No contact"


def test_protected_terms_page(coordinator_client, publication):
    automatic = ProtectedTerm.objects.create(case=publication.case, term="Oakfield Primary", source="school")
    # What the term is must be said, and what was typed is kept with the message.
    body = coordinator_client.post(page(publication, "terms/"), {"term": "Janet Lowe"}).content.decode()
    assert "Select what the term is" in body and 'value="Janet Lowe"' in body
    response = coordinator_client.post(page(publication, "terms/"), {"term": "Janet Lowe", "kind": "name"})
    assert response.status_code == 302
    body = coordinator_client.get(page(publication, "terms/")).content.decode()
    assert "Janet Lowe" in body and "Oakfield Primary" in body and "A person&#x27;s name" in body
    assert (
        "already protected"
        in coordinator_client.post(
            page(publication, "terms/"), {"term": "janet lowe", "kind": "name"}
        ).content.decode()
    )
    manual = ProtectedTerm.objects.get(term="Janet Lowe")
    assert manual.kind == ProtectedTerm.Kind.NAME
    # Typed by hand as a name, its parts are looked for as a derived name's are.
    publication.summary = "Lowe was seen."
    assert [hit.location for hit in checks.check_publication(publication, pdfs={})] == ["Summary"]
    coordinator_client.post(page(publication, f"terms/{manual.pk}/remove/"))
    response = coordinator_client.post(page(publication, f"terms/{automatic.pk}/remove/"), follow=True)
    assert "comes from the referral" in response.content.decode()
    assert list(ProtectedTerm.objects.values_list("term", flat=True)) == ["Oakfield Primary"]


def test_a_term_of_an_unknown_kind_is_refused(coordinator_client, publication):
    body = coordinator_client.post(
        page(publication, "terms/"), {"term": "Janet", "kind": "alien"}
    ).content.decode()
    assert "Select a valid choice" in body or "Select what the term is" in body
    assert not ProtectedTerm.objects.filter(term="Janet").exists()
