"""Withdrawing a referral while it is still `submitted`, and asking the coordinators to
withdraw it once the Review Group has started: the confirm pages, their guards and messages."""

import pytest
from django.contrib.messages import get_messages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cscp.notifications.models import OutgoingEmail
from referrals.models import Referral, ReferralStatus
from referrals.withdrawal.services import referral_request_withdrawal
from tests.factories import ReferralFactory, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

S = ReferralStatus
LATER = [S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION]
FINISHED = [S.DECIDED, S.CLOSED, S.WITHDRAWN, S.MERGED]


def withdraw_url(referral):
    return f"/referrals/{referral.reference}/withdraw/"


def request_url(referral):
    return f"/referrals/{referral.reference}/request-withdrawal/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Withdraw ------------------------------------------------------------------------------


def test_the_referrer_is_asked_to_confirm_with_a_reason(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer)

    response = as_referrer.get(withdraw_url(referral))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Withdraw this referral" in html
    assert "Why are you withdrawing this referral?" in html
    assert "govuk-button--warning" in html


def test_the_referrer_withdraws_it(as_referrer, referrer, coordinator):
    referral = submitted_referral_factory(created_by=referrer)

    response = as_referrer.post(withdraw_url(referral), {"reason": "Sent twice by mistake"})

    assert response.status_code == 302
    assert response.url == f"/referrals/{referral.reference}/"
    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN
    assert referral.withdrawal_reason == "Sent twice by mistake"
    assert messages_of(response) == [f"You have withdrawn referral {referral.reference}."]
    assert OutgoingEmail.objects.filter(template="referrals-withdrawn", to=coordinator.email).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(as_referrer, referrer, reason):
    referral = submitted_referral_factory(created_by=referrer)

    response = as_referrer.post(withdraw_url(referral), {"reason": reason})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter why you are withdrawing this referral" in html
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_a_reason_that_is_far_too_long_is_refused_and_kept(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer)
    reason = "<script>alert(1)</script>" + "x" * 100_000

    response = as_referrer.post(withdraw_url(referral), {"reason": reason})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Reason must be 5,000 characters or less" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6000))
def test_any_reason_gets_a_withdrawal_or_a_message_never_an_error(as_referrer, referrer, reason):
    referral = Referral.objects.filter(created_by=referrer).first() or submitted_referral_factory(
        created_by=referrer
    )
    Referral.objects.filter(pk=referral.pk).update(status=S.SUBMITTED)  # each example starts afresh

    response = as_referrer.post(withdraw_url(referral), {"reason": reason})

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
    else:
        assert Referral.objects.get(pk=referral.pk).withdrawal_reason == reason.strip()


@pytest.mark.parametrize("status", LATER)
def test_once_triage_has_started_the_page_offers_to_ask_the_coordinators(as_referrer, referrer, status):
    referral = submitted_referral_factory(created_by=referrer, status=status)

    response = as_referrer.get(withdraw_url(referral))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ask the coordinators to withdraw it" in html
    assert f'href="{request_url(referral)}"' in html


@pytest.mark.parametrize("status", LATER + FINISHED)
def test_a_late_post_changes_nothing_and_says_why(as_referrer, referrer, status):
    referral = submitted_referral_factory(created_by=referrer, status=status)

    response = as_referrer.post(withdraw_url(referral), {"reason": "Please"})

    assert response.status_code == 302
    assert messages_of(response) == ["This referral can no longer be withdrawn from that page."]
    referral.refresh_from_db()
    assert referral.status == status


def test_a_withdrawal_that_loses_a_race_gets_the_services_message(as_referrer, referrer, monkeypatch):
    from referrals import services
    from referrals.withdrawal import views

    referral = submitted_referral_factory(created_by=referrer)

    def moved_on(**kwargs):
        raise services.ReferralStateError("You can only withdraw a referral before the Review Group starts")

    monkeypatch.setattr(views.services, "referral_withdraw", moved_on)

    response = as_referrer.post(withdraw_url(referral), {"reason": "Please"})

    assert response.status_code == 302
    assert messages_of(response) == ["You can only withdraw a referral before the Review Group starts"]


@pytest.mark.parametrize("status", FINISHED)
def test_a_finished_referral_cannot_be_withdrawn(as_referrer, referrer, status):
    referral = submitted_referral_factory(created_by=referrer, status=status)

    response = as_referrer.get(withdraw_url(referral))

    assert response.status_code == 200
    assert "You cannot withdraw this referral" in response.content.decode()
    assert request_url(referral) not in response.content.decode()


def test_someone_else_gets_not_found(client, staff_client_for, coordinator, referrer):
    referral = submitted_referral_factory(created_by=referrer)
    client.force_login(UserFactory(roles=["referrer"]))

    assert client.post(withdraw_url(referral), {"reason": "Not mine"}).status_code == 404
    assert staff_client_for(coordinator).get(withdraw_url(referral)).status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_a_draft_or_an_unknown_reference_is_not_found(as_referrer, referrer):
    ReferralFactory(created_by=referrer)

    assert as_referrer.get("/referrals/SPR-1999-0001/withdraw/").status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, referrer):
    referral = submitted_referral_factory(created_by=referrer)

    response = client.post(withdraw_url(referral), {"reason": "x"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_withdraw_rejects_other_methods(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer)

    assert as_referrer.put(withdraw_url(referral)).status_code == 405
    assert as_referrer.delete(withdraw_url(referral)).status_code == 405


# --- Ask the coordinators to withdraw it --------------------------------------------------


@pytest.mark.parametrize("status", LATER)
def test_the_referrer_asks_the_coordinators_with_a_reason(as_referrer, referrer, coordinator, status):
    referral = submitted_referral_factory(created_by=referrer, status=status)
    assert (
        "Why do you want this referral withdrawn?" in as_referrer.get(request_url(referral)).content.decode()
    )

    response = as_referrer.post(request_url(referral), {"reason": "The family moved away"})

    assert response.status_code == 302
    assert messages_of(response) == [
        f"You have asked the coordinators to withdraw referral {referral.reference}. They will contact you."
    ]
    referral.refresh_from_db()
    assert referral.status == status
    assert referral.withdrawal_request_reason == "The family moved away"
    assert OutgoingEmail.objects.filter(
        template="referrals-withdrawal-requested", to=coordinator.email
    ).exists()


def test_the_request_needs_a_reason(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)

    response = as_referrer.post(request_url(referral), {"reason": ""})

    assert response.status_code == 200
    assert "Enter why you want this referral withdrawn" in response.content.decode()
    referral.refresh_from_db()
    assert referral.withdrawal_requested_at is None


def test_a_submitted_referral_is_sent_to_withdraw_instead(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer)

    response = as_referrer.get(request_url(referral))

    assert response.status_code == 302
    assert response.url == withdraw_url(referral)


def test_a_request_already_made_is_not_made_again(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)
    referral_request_withdrawal(referral=referral, by=referrer, reason="First")

    page = as_referrer.get(request_url(referral))
    late = as_referrer.post(request_url(referral), {"reason": "Second"})

    assert "You asked the coordinators to withdraw it on" in page.content.decode()
    assert late.status_code == 302
    referral.refresh_from_db()
    assert referral.withdrawal_request_reason == "First"


@pytest.mark.parametrize("status", FINISHED)
def test_a_finished_referral_cannot_be_asked_about(as_referrer, referrer, status):
    referral = submitted_referral_factory(created_by=referrer, status=status)

    assert "You cannot withdraw this referral" in as_referrer.get(request_url(referral)).content.decode()


def test_someone_else_cannot_ask(client, staff_client_for, member, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)
    client.force_login(UserFactory(roles=["referrer"]))

    assert client.post(request_url(referral), {"reason": "Not mine"}).status_code == 404
    assert staff_client_for(member).get(request_url(referral)).status_code == 404


def test_the_request_page_rejects_other_methods(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)

    assert as_referrer.put(request_url(referral)).status_code == 405
