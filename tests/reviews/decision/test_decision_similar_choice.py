"""Issue 17 §4: the similar referrals and reviews start unticked; the Review Group chooses the
ones it considered, or says 'None of these' (never nothing at all, never both), and the decision
records exactly what was ticked."""

import html

import pytest
from django.urls import reverse

from reviews.decision.forms import DecisionForm
from reviews.decision.similar import similar_to
from reviews.models import Decision, ReviewCase
from tests.factories import ReviewCaseFactory, submitted_referral_factory
from tests.reviews.decision_answers import decision_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggested(referral):
    """Three referrals and a review case like the fixture's (the same criteria), suggested."""
    others = [submitted_referral_factory(criteria=referral.criteria) for _ in range(3)]
    case = ReviewCaseFactory()
    case.referrals.add(others[0])
    items = similar_to(referral)
    assert {item.pk for item in items if item.kind == "referral"} >= {other.pk for other in others}
    return items


def form(referral, member, items, **overrides):
    return DecisionForm(
        decision_post(members_present=[str(member.pk)], **overrides), referral=referral, similar_items=items
    )


def test_nothing_starts_ticked(referral, suggested):
    unbound = DecisionForm(referral=referral, similar_items=suggested)
    assert unbound["similar"].value() in (None, [])


def test_choosing_nothing_is_refused_with_an_instruction(referral, member, suggested):
    refused = form(referral, member, suggested)

    assert not refused.is_valid()
    assert refused.errors["similar"] == [
        "Select the similar referrals and reviews the Review Group considered, or 'None of these'"
    ]


def test_none_of_these_is_a_choice_and_records_none(referral, member, suggested):
    chosen = form(referral, member, suggested, similar=["none"])

    assert chosen.is_valid(), chosen.errors
    answers = chosen.service_answers()
    assert answers["similar_referrals"] == [] and answers["similar_reviews"] == []
    assert chosen.similar_text() == "None of the suggested referrals and reviews was relevant"


def test_none_of_these_with_another_is_refused(referral, member, suggested):
    both = form(referral, member, suggested, similar=["none", suggested[0].key])

    assert not both.is_valid()
    assert both.errors["similar"] == [
        "Select the referrals and reviews considered, or 'None of these', not both"
    ]


def test_a_decision_records_exactly_what_was_ticked(staff_client_for, member, referral, suggested):
    client = staff_client_for(member)
    ticked = [item for item in suggested if item.kind == "referral"][:2]
    ticked += [item for item in suggested if item.kind == "review"][:1]

    posted = client.post(
        reverse("reviews:decision", args=[referral.reference]),
        decision_post(members_present=[str(member.pk)], similar=[item.key for item in ticked]),
    )
    assert posted.status_code == 302
    confirm = html.unescape(client.get(posted["Location"]).content.decode())
    for item in ticked:
        assert item.reference in confirm
    client.post(posted["Location"])

    decision = Decision.objects.get(referral=referral)
    assert sorted(decision.similar_referrals.values_list("pk", flat=True)) == sorted(
        item.pk for item in ticked if item.kind == "referral"
    )
    assert list(decision.similar_reviews.values_list("pk", flat=True)) == [
        item.pk for item in ticked if item.kind == "review"
    ]
    assert ReviewCase.objects.filter(pk__in=[i.pk for i in ticked if i.kind == "review"]).count() == 1


def test_none_of_these_through_the_pages_records_an_empty_choice(
    staff_client_for, member, referral, suggested
):
    client = staff_client_for(member)
    url = reverse("reviews:decision", args=[referral.reference])
    posted = client.post(url, decision_post(members_present=[str(member.pk)], similar=["none"]))
    confirm = client.get(posted["Location"]).content.decode()
    assert "None of the suggested referrals and reviews was relevant" in confirm

    client.post(posted["Location"])

    decision = Decision.objects.get(referral=referral)
    assert not decision.similar_referrals.exists() and not decision.similar_reviews.exists()


def test_an_error_elsewhere_keeps_what_was_ticked(staff_client_for, member, referral, suggested):
    key = suggested[1].key

    response = staff_client_for(member).post(
        reverse("reviews:decision", args=[referral.reference]),
        decision_post(members_present=[str(member.pk)], similar=[key], rationale=""),
    )

    content = response.content.decode()
    assert response.status_code == 200 and "Enter the rationale for the decision" in content
    assert f'value="{key}" checked' in content
    assert 'value="none" checked' not in content


def test_the_error_summary_links_to_the_first_similar_checkbox(staff_client_for, member, referral, suggested):
    response = staff_client_for(member).post(
        reverse("reviews:decision", args=[referral.reference]),
        decision_post(members_present=[str(member.pk)]),
    )

    content = html.unescape(response.content.decode())
    assert 'href="#id_similar_1"' in content and 'id="id_similar_1"' in content
    assert (
        "Select the similar referrals and reviews the Review Group considered, or 'None of these'" in content
    )


def test_with_nothing_suggested_there_is_nothing_to_choose(staff_client_for, member, referral):
    assert similar_to(referral) == []
    client = staff_client_for(member)

    content = client.get(reverse("reviews:decision", args=[referral.reference])).content.decode()
    posted = client.post(
        reverse("reviews:decision", args=[referral.reference]),
        decision_post(members_present=[str(member.pk)]),
    )

    assert "The service found no similar current or recent referrals or reviews." in content
    assert 'name="similar"' not in content
    assert posted.status_code == 302
