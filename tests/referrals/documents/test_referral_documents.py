"""A submitted referral's supporting documents (/referrals/<reference>/documents/<id>/): who may
download them, always as an attachment, and the access log of staff downloads."""

import pytest
from auditlog.models import LogEntry

from tests.factories import ReferralDocumentFactory, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(referrer):
    referral = submitted_referral_factory(created_by=referrer, incident_description="Found at the canal.")
    ReferralDocumentFactory(referral=referral, original_name="agency chronology.pdf")
    return referral


def accesses(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS)


def document_url(referral, document):
    return f"/referrals/{referral.reference}/documents/{document.pk}/"


def test_the_referrer_downloads_a_document_as_an_attachment(as_referrer, referral):
    document = referral.documents.get()

    response = as_referrer.get(document_url(referral, document))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agency chronology.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Reading the content to the end also closes the file (as a WSGI server would).
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n% chronology\n"
    assert not accesses(document).exists()


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_members_and_coordinators_download_and_the_download_is_logged(staff_client_for, referral, role):
    user = UserFactory(roles=[role])
    document = referral.documents.get()

    response = staff_client_for(user).get(document_url(referral, document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    assert accesses(document).get().actor == user


def test_a_reviewer_or_another_referrer_cannot_download(client, staff_client_for, reviewer, referral):
    document = referral.documents.get()

    assert staff_client_for(reviewer).get(document_url(referral, document)).status_code == 404
    client.force_login(UserFactory(roles=["referrer"]))
    assert client.get(document_url(referral, document)).status_code == 404


def test_a_document_of_another_referral_is_not_found_under_this_reference(as_referrer, referral, referrer):
    other = ReferralDocumentFactory(referral=submitted_referral_factory(created_by=referrer))

    assert as_referrer.get(document_url(referral, other)).status_code == 404


def test_a_document_whose_file_is_missing_is_not_found(as_referrer, referral):
    document = referral.documents.get()
    document.file.delete(save=False)

    assert as_referrer.get(document_url(referral, document)).status_code == 404
