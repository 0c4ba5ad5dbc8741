import time
from unittest import mock

import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from cscp.accounts.tokens import make_verification_token
from cscp.notifications.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(db):
    return UserFactory(email="new@allowed.example", roles=[Role.REFERRER], email_verified_at=None)


def verify_url(user):
    return reverse("accounts:verify_email", args=[make_verification_token(user)])


def test_the_link_asks_for_confirmation_and_does_not_verify_on_get(client, unverified):
    response = client.get(verify_url(unverified))
    assert response.status_code == 200
    assert b"Confirm email address" in response.content
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_confirming_verifies_the_address(client, unverified):
    response = client.post(verify_url(unverified))
    assert response.url == reverse("accounts:login")
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None


def test_a_link_works_once(client, unverified):
    url = verify_url(unverified)
    client.post(url)
    response = client.post(url)
    assert response.status_code == 400
    assert b"expired or has already been used" in response.content


@pytest.mark.parametrize("token", ["forged", "eyJ1IjoxfQ:1abc:xyz", "x" * 300])
def test_a_forged_link_is_refused(client, unverified, token):
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400


def test_an_expired_link_is_refused(client, unverified, settings):
    url = verify_url(unverified)
    later = time.time() + (settings.CSCP_EMAIL_VERIFICATION_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url)
    assert response.status_code == 400
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_a_new_link_can_be_asked_for(client, unverified):
    response = client.post(reverse("accounts:resend_verification"), {"email": "NEW@allowed.example"})
    assert response.url == reverse("accounts:register_done")
    assert OutgoingEmail.objects.filter(recipient=unverified, template="accounts-verify-email").count() == 1


def test_asking_for_a_link_for_an_unknown_address_looks_the_same_and_gets_no_link(client, db):
    response = client.post(reverse("accounts:resend_verification"), {"email": "nobody@allowed.example"})
    assert response.url == reverse("accounts:register_done")
    # A notice that no link was sent, queued as a link would be (issue 18 §1: the same work).
    message = OutgoingEmail.objects.get()
    assert message.template == "accounts-no-link-sent" and message.recipient is None
    assert "/accounts/reset/" not in message.body_text and "/accounts/verify/" not in message.body_text


def test_asking_for_a_link_needs_a_valid_address(client, db):
    response = client.post(reverse("accounts:resend_verification"), {"email": "nope"})
    assert response.status_code == 200
    assert b"Enter an email address in the correct format" in response.content
