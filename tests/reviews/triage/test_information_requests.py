"""Requests for information: the Review Group asks, the referrer is emailed a reference and a
link (never the question or anyone's details), answers once in their portal, and the answer
shows on the triage page. Nobody else can see or answer the question."""

import pytest
from django.core import mail

from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError
from reviews.models import InformationRequest
from reviews.triage import information_requests as asking
from reviews.triage import services
from tests.emails import assert_in_both_bodies, assert_not_in_either_body
from tests.factories import UserFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

S = ReferralStatus
CHILD_NAME = "Zebedee Quigglesworth"
CHILD_ADDRESS = "17 Marmalade Crescent"
PARENT_NAME = "Ophelia Quigglesworth"
QUESTION = f"Did the school see {CHILD_NAME} after half term?"


@pytest.fixture
def referral(referrer, member):
    referral = submitted_referral_factory(created_by=referrer)
    referral.children.update(full_name=CHILD_NAME, home_address=CHILD_ADDRESS)
    referral.family_members.update(full_name=PARENT_NAME, address=CHILD_ADDRESS)
    services.triage_start(referral=referral, by=member)
    return referral


@pytest.fixture
def question(referral, member, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return asking.information_request(referral=referral, by=member, question=QUESTION)


def answer_url(question):
    return f"/referrals/{question.referral.reference}/information-requests/{question.pk}/"


# --- The email --------------------------------------------------------------------------------


def test_the_referrer_is_emailed_a_reference_and_a_link(question, referrer):
    [message] = mail.outbox
    assert message.to == [referrer.email]
    assert question.referral.reference in message.subject
    assert_in_both_bodies(message, question.referral.reference)
    assert_in_both_bodies(message, answer_url(question))


@pytest.mark.parametrize("personal", [CHILD_NAME, CHILD_ADDRESS, PARENT_NAME, QUESTION, "Quigglesworth"])
def test_the_email_carries_no_personal_details_nor_the_question(question, personal):
    [message] = mail.outbox
    assert personal not in message.subject
    assert_not_in_either_body(message, personal)


def test_asking_is_recorded_on_the_timeline(question, member):
    event = ReferralEvent.objects.filter(referral=question.referral).last()
    assert (event.action, event.actor) == ("triage.information_requested", member)


# --- The referrer's portal ----------------------------------------------------------------------


@pytest.fixture
def referrer_client(client, referrer):
    client.force_login(referrer)
    return client


def test_the_referrer_sees_the_open_question_on_their_referral(referrer_client, question):
    html = referrer_client.get(f"/referrals/{question.referral.reference}/").content.decode()
    assert "Questions from the Review Group" in html
    assert answer_url(question) in html
    assert "To answer" in html


def test_the_referrer_answers_and_the_review_group_sees_it(
    referrer_client, question, staff_client_for, member, referrer
):
    assert QUESTION in referrer_client.get(answer_url(question)).content.decode()
    response = referrer_client.post(answer_url(question), {"answer": "Yes, twice."}, follow=True)
    assert "Your answer has been sent to the Review Group." in response.content.decode()
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("Yes, twice.", referrer)
    triage_html = staff_client_for(member).get(f"/triage/{question.referral.reference}/").content.decode()
    assert "Yes, twice." in triage_html


def test_an_empty_answer_is_refused_on_the_form(referrer_client, question):
    response = referrer_client.post(answer_url(question), {"answer": "  "})
    assert response.status_code == 200
    assert "Enter your answer" in response.content.decode()
    question.refresh_from_db()
    assert question.answered_at is None


def test_a_question_is_answered_only_once(referrer_client, question):
    referrer_client.post(answer_url(question), {"answer": "First."})
    response = referrer_client.post(answer_url(question), {"answer": "Second."}, follow=True)
    assert "You have already answered this question." in response.content.decode()
    question.refresh_from_db()
    assert question.answer == "First."
    assert "First." in referrer_client.get(answer_url(question)).content.decode()


def test_another_referrer_gets_404(client, question):
    client.force_login(UserFactory(email="other@council.example", roles=["referrer"]))
    assert client.get(answer_url(question)).status_code == 404
    assert client.post(answer_url(question), {"answer": "Hijack"}).status_code == 404
    question.refresh_from_db()
    assert question.answered_at is None


def test_staff_get_404_on_the_referrers_page(staff_client_for, member, question):
    assert staff_client_for(member).get(answer_url(question)).status_code == 404


def test_a_question_of_another_referral_gets_404(referrer_client, question, referrer):
    mine = submitted_referral_factory(created_by=referrer)
    assert (
        referrer_client.get(f"/referrals/{mine.reference}/information-requests/{question.pk}/").status_code
        == 404
    )


def test_a_signed_out_visitor_is_sent_to_sign_in(client, question):
    assert client.get(answer_url(question)).status_code == 302


# --- The service's guards ---------------------------------------------------------------------


def test_only_the_referrer_who_made_the_referral_can_answer(question, member):
    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        asking.information_answer(request=question, by=member, answer="x")


def test_a_withdrawn_referrals_question_cannot_be_answered(question, coordinator, referrer):
    services.triage_withdraw(referral=question.referral, by=coordinator, reason="Duplicate.")
    with pytest.raises(ReferralStateError, match="no longer open"):
        asking.information_answer(request=question, by=referrer, answer="x")


def test_an_empty_question_is_refused(referral, member):
    with pytest.raises(ReferralStateError, match="Enter the question"):
        asking.information_request(referral=referral, by=member, question=" ")
    assert not InformationRequest.objects.exists()


def test_a_referrer_cannot_ask(referral, referrer):
    with pytest.raises(ReferralStateError):
        asking.information_request(referral=referral, by=referrer, question="?")


def test_a_stale_form_cannot_ask(referral, member):
    with pytest.raises(ReferralStateError, match="Someone else changed"):
        asking.information_request(referral=referral, by=member, question="?", expected=S.SUBMITTED)


def test_the_member_who_asked_is_emailed_when_the_answer_comes_without_the_answer(
    question, referrer, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asking.information_answer(request=question, by=referrer, answer=f"{CHILD_NAME} was seen.")
    [message] = mail.outbox
    assert message.to == [member.email]
    assert_in_both_bodies(message, f"/triage/{question.referral.reference}/")
    for personal in (CHILD_NAME, "was seen", QUESTION):
        assert_not_in_either_body(message, personal)
