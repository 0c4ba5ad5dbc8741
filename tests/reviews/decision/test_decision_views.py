"""/triage/<ref>/decision/ and its confirm step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import ReferralStatus
from reviews.decision.services import decision_record
from reviews.models import ConflictOfInterest, Decision, ReviewCase, Theme, Triage
from tests.factories import submitted_referral_factory
from tests.reviews.decision_answers import (
    MESSAGE,
    RATIONALE,
    decision_kwargs,
    decision_post,
)

pytestmark = pytest.mark.django_db

S = ReferralStatus


def form_url(referral):
    return reverse("reviews:decision", args=[referral.reference])


def confirm_url(referral):
    return reverse("reviews:decision_confirm", args=[referral.reference])


def post_answers(client, referral, member, **overrides):
    return client.post(form_url(referral), decision_post(members_present=[str(member.pk)], **overrides))


def test_the_form_shows_for_a_member(staff_client_for, member, referral):
    response = staff_client_for(member).get(form_url(referral))
    assert response.status_code == 200
    assert b"Record the Review Group's decision" in response.content
    assert b"the referrer sees this with the outcome" in response.content.lower()


def test_the_form_shows_for_a_coordinator(staff_client_for, coordinator, referral):
    assert staff_client_for(coordinator).get(form_url(referral)).status_code == 200


@pytest.mark.parametrize("who", ["referrer", "reviewer"])
def test_it_refuses_other_roles(request, client, referral, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    if who == "reviewer":
        from tests.conftest import _verified_client

        _verified_client(client, user)
    assert client.get(form_url(referral)).status_code == 403
    assert client.post(confirm_url(referral)).status_code == 403


def test_it_sends_a_visitor_to_sign_in(client, referral):
    response = client.get(form_url(referral))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_reference_is_not_found(staff_client_for, member):
    assert staff_client_for(member).get("/triage/SPR-1999-0001/decision/").status_code == 404


def test_the_similar_referrals_are_offered_unticked_with_none_of_these(staff_client_for, member, referral):
    other = submitted_referral_factory()
    response = staff_client_for(member).get(form_url(referral))
    content = response.content.decode()
    assert f"Referral {other.reference}" in content
    assert other.children.get().full_name not in content
    assert f'value="referral:{other.pk}">' in content  # offered, not ticked
    assert "checked" not in content.split('name="similar"', 1)[1].split("</fieldset>", 1)[0]
    assert '<div class="govuk-checkboxes__divider">or</div>' in content
    assert 'value="none" data-behaviour="exclusive"' in content
    assert "None of these was relevant" in content


def test_a_complete_form_goes_to_the_confirm_page_which_shows_the_answers(staff_client_for, member, referral):
    client = staff_client_for(member)
    response = post_answers(client, referral, member)
    assert response.status_code == 302
    assert response["Location"] == confirm_url(referral)
    page = client.get(confirm_url(referral))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Check the decision before you record it" in content
    assert RATIONALE in content
    assert MESSAGE in content
    assert "Full Safeguarding Practice Review" in content
    assert not Decision.objects.exists()


def test_record_decision_records_it_and_returns_to_the_triage_page(staff_client_for, member, referral):
    client = staff_client_for(member)
    post_answers(client, referral, member)
    response = client.post(confirm_url(referral), follow=False)
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.recorded_by == member
    assert list(decision.members_present.all()) == [member]
    assert decision.criteria_assessment == {"met": ["improvements"], "notes": "Criterion (a) met."}
    assert ReviewCase.objects.get().reference.startswith("REV-")
    assert (
        f"/triage/{referral.reference}/" in response["Location"] or referral.reference in response["Location"]
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Decision recorded" in m and "Review case REV-" in m for m in messages)
    assert "decision-pending:" + referral.reference not in client.session


def test_going_back_from_the_confirm_page_keeps_what_was_typed(staff_client_for, member, referral):
    client = staff_client_for(member)
    post_answers(client, referral, member, dissent="DISSENT-TYPED-ONCE")
    response = client.get(form_url(referral))
    assert b"DISSENT-TYPED-ONCE" in response.content


def test_the_confirm_page_without_answers_returns_to_the_form(staff_client_for, member, referral):
    response = staff_client_for(member).get(confirm_url(referral))
    assert response.status_code == 302
    assert response["Location"] == form_url(referral)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"rationale": ""}, "Enter the rationale for the decision"),
        ({"message_to_referrer": " "}, "Enter the message to the referrer"),
        ({"outcome": ""}, "Select the Review Group&#x27;s decision"),
        ({"outcome": "national_inquiry"}, "Select the Review Group&#x27;s decision"),
        ({"outcome": "referred_elsewhere", "referred_to": ""}, "Enter which process it was referred to"),
        ({"outcome": "linked_to_review"}, "Choose the review it is linked to"),
        ({"la_agreed_by": ""}, "Enter who agreed for the local authority"),
        ({"icb_agreed_by": ""}, "Enter who agreed for the integrated care board"),
        ({"police_agreed_by": ""}, "Enter who agreed for the police"),
        ({"decided_on_2": "2999"}, "The date of the decision must be today or in the past"),
        ({"decided_on_2": "2001"}, "on or after the date the referral was submitted"),
        ({"decided_on_1": "13"}, "The date of the decision must be a real date"),
        ({"members_present": []}, "Select the members who were present"),
    ],
)
def test_bad_answers_are_shown_with_what_to_fix_and_kept(
    staff_client_for, member, referral, overrides, error
):
    client = staff_client_for(member)
    answers = {"members_present": [str(member.pk)], **overrides}
    response = client.post(form_url(referral), decision_post(**answers))
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    assert "govuk-error-summary" in content
    assert "Error: " in content
    if overrides.get("rationale") != "":
        assert RATIONALE in content
    assert not Decision.objects.exists()


def test_a_member_with_a_conflict_sees_why_they_cannot_record(staff_client_for, member, referral):
    ConflictOfInterest.objects.create(referral=referral, member=member)
    client = staff_client_for(member)
    response = client.get(form_url(referral))
    assert response.status_code == 403
    assert b"You declared a conflict of interest" in response.content
    assert client.post(form_url(referral), decision_post()).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (S.SCREENING, "No decision can be recorded now"),
        (S.WITHDRAWN, "the Review Group will not decide on it"),
        (S.DECIDED, "The decision has been recorded"),
    ],
)
def test_a_referral_not_awaiting_a_decision_has_no_form(staff_client_for, member, status, text):
    referral = submitted_referral_factory(status=status)
    response = staff_client_for(member).get(form_url(referral))
    assert response.status_code == 200
    assert text in response.content.decode()
    assert b'name="rationale"' not in response.content


def test_a_stale_confirm_after_someone_else_decided_changes_nothing(
    staff_client_for, member, coordinator, referral
):
    client = staff_client_for(member)
    post_answers(client, referral, member, rationale="MY-LOST-RATIONALE")
    decision_record(**decision_kwargs(referral, coordinator, outcome="no_review"))

    response = client.post(confirm_url(referral))

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Someone else changed this referral" in m for m in messages)
    decision = Decision.objects.get()
    assert decision.outcome == "no_review"
    assert decision.recorded_by == coordinator


def test_a_stale_form_posted_after_someone_else_decided_changes_nothing(
    staff_client_for, member, coordinator, referral
):
    decision_record(**decision_kwargs(referral, coordinator))
    response = post_answers(staff_client_for(member), referral, member)
    assert response.status_code == 302
    assert Decision.objects.count() == 1


def test_a_refused_decision_keeps_the_answers_on_the_confirm_page(staff_client_for, member, referral):
    client = staff_client_for(member)
    post_answers(client, referral, member)
    # The referral is withdrawn between the two steps by a coordinator.
    referral.status = S.WITHDRAWN
    referral.save()
    response = client.post(confirm_url(referral))
    assert response.status_code == 302
    assert not Decision.objects.exists()
    referral.status = S.AWAITING_DECISION
    referral.save()
    assert RATIONALE in client.get(confirm_url(referral)).content.decode()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_rejects_other_methods(staff_client_for, member, referral, method):
    assert getattr(staff_client_for(member), method)(form_url(referral)).status_code == 405


def similar_data(member, n):
    """n referrals with themes from triage and agencies, and a review case over them."""
    theme = Theme.objects.get_or_create(slug="neglect-q", defaults={"name": "Neglect (q)"})[0]
    case = ReviewCase.objects.create(
        reference=f"REV-2025-{ReviewCase.objects.count() + 1:03d}",
        review_type="spr",
        commissioned_on=timezone.localdate(),
        target_publication_on=timezone.localdate(),
        created_by=member,
    )
    for _ in range(n):
        other = submitted_referral_factory()
        Triage.objects.create(referral=other).themes.add(theme)
        case.referrals.add(other)
    case.themes.add(theme)
    return theme


@pytest.mark.parametrize("extra", [1, 6])
def test_the_form_runs_a_fixed_number_of_queries(
    staff_client_for, member, referral, extra, django_assert_num_queries
):
    theme = similar_data(member, extra)
    Triage.objects.create(referral=referral).themes.add(theme)
    client = staff_client_for(member)

    # session, user, second factor, roles, the referral, conflict check; similar: the
    # referral's themes and agencies, the candidates, their triages, themes and agencies, the
    # review cases, their themes, referrals and those referrals' agencies; the review cases to
    # link to, the members (count and list); the idle-timeout session save (3)
    with django_assert_num_queries(22):
        response = client.get(form_url(referral))
    assert response.status_code == 200
