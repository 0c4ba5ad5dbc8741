"""design.md §3: a reviewer may open a referral only if it is linked to a review case they are
appointed to. Found by the access matrix: every reviewer got 404, linked or not."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import (
    ReferralDocumentFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(referrer):
    referral = submitted_referral_factory(created_by=referrer)
    ReferralDocumentFactory(referral=referral)
    return referral


def urls(referral):
    document = referral.documents.get()
    return reverse("referrals:detail", args=[referral.reference]), reverse(
        "referrals:document", args=[referral.reference, document.pk]
    )


def test_the_reviewer_of_a_linked_case_reads_the_referral_and_its_documents(
    staff_client_for, reviewer, referral
):
    case = ReviewCaseFactory()
    case.referrals.add(referral)
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    client = staff_client_for(reviewer)

    # Their case page links to it (members and coordinators are linked to its triage page).
    case_page = client.get(reverse("reviews:case", args=[case.reference])).content.decode()
    assert f'href="{urls(referral)[0]}"' in case_page
    for url in urls(referral):
        response = client.get(url)
        assert response.status_code == 200, url
        response.getvalue()  # read to the end: the download's file is closed
    # The view is on the referral's audit trail, as any staff view is.
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, actor=reviewer, object_repr__contains=referral.reference
        ).count()
        == 2
    )


def test_a_reviewer_of_another_case_or_no_longer_appointed_gets_not_found(
    staff_client_for, reviewer, referral
):
    linked = ReviewCaseFactory()
    linked.referrals.add(referral)
    ReviewerAppointmentFactory(case=linked, reviewer=reviewer, ended_on=datetime.date.today())
    ReviewerAppointmentFactory(case=ReviewCaseFactory(), reviewer=reviewer)  # a case without it
    client = staff_client_for(reviewer)

    for url in urls(referral):
        assert client.get(url).status_code == 404, url
