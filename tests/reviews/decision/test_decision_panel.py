"""The decision panel on the triage page: the way to record the decision, the similar
referrals and reviews, and once recorded the decision itself (staff see the rationale)."""

import pytest
from django.urls import reverse

from reviews.decision.services import decision_record
from reviews.models import ConflictOfInterest
from tests.factories import submitted_referral_factory
from tests.reviews.decision_answers import RATIONALE, decision_kwargs

pytestmark = pytest.mark.django_db


def triage_page(client, referral):
    return client.get(reverse("reviews:triage", args=[referral.reference])).content.decode()


def test_a_referral_awaiting_a_decision_offers_to_record_it(staff_client_for, member, referral):
    content = triage_page(staff_client_for(member), referral)
    assert "Record the decision" in content
    assert reverse("reviews:decision", args=[referral.reference]) in content


def test_it_lists_similar_referrals_by_reference_never_by_name(staff_client_for, member, referral):
    other = submitted_referral_factory()
    content = triage_page(staff_client_for(member), referral)
    assert "Similar referrals and reviews" in content
    assert f"Referral {other.reference}" in content
    panel = content[content.index("Similar referrals and reviews") :]
    panel = panel[: panel.index("</ul>")]
    assert other.children.get().full_name not in panel


def test_a_member_with_a_conflict_is_told_they_cannot_record(staff_client_for, member, referral):
    ConflictOfInterest.objects.create(referral=referral, member=member)
    content = triage_page(staff_client_for(member), referral)
    assert "you cannot record its decision" in content
    assert reverse("reviews:decision", args=[referral.reference]) not in content


def test_once_decided_staff_see_the_decision_and_its_review_case(
    staff_client_for, member, coordinator, referral
):
    decision = decision_record(**decision_kwargs(referral, member))
    content = triage_page(staff_client_for(coordinator), referral)
    assert "Full Safeguarding Practice Review" in content
    assert RATIONALE in content
    assert decision.review_case.reference in content
    assert reverse("reviews:communications", args=[referral.reference]) in content
