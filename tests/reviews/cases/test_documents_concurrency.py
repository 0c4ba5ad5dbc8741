"""Two people uploading a new version of one document at the same moment (PostgreSQL): the
case lock gives them distinct numbers, one after the other."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from referrals.documents.checks import check_upload
from reviews.cases.documents.services import document_version_add
from reviews.models import CaseDocument, CaseDocumentVersion, ReviewCaseEvent
from tests.concurrency import run_at_once
from tests.factories import CaseDocumentFactory, ReviewerAppointmentFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]

PDF = b"%PDF-1.7\n%%EOF\n"


def upload_as(document, by):
    upload = SimpleUploadedFile(f"by {by.pk}.pdf", PDF)
    checked = check_upload(upload)
    return lambda: document_version_add(document=document, upload=upload, checked=checked, by=by)


def test_two_simultaneous_uploads_get_distinct_version_numbers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    appointment = ReviewerAppointmentFactory(case__status="in_progress")
    coordinator = UserFactory(email="coord@council.example", roles=["coordinator"])
    document = CaseDocumentFactory(case=appointment.case, created_by=coordinator)

    results = run_at_once([upload_as(document, coordinator), upload_as(document, appointment.reviewer)])

    assert all(isinstance(result, CaseDocumentVersion) for result in results), results
    assert sorted(result.number for result in results) == [2, 3]
    assert CaseDocument.objects.get().latest_version == 3
    assert sorted(
        ReviewCaseEvent.objects.filter(action="review.document_version_added").values_list("note", flat=True)
    ) == ["Draft report v2", "Draft report v3"]
