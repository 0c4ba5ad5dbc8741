import re

import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")


def test_a_reset_link_is_queued_for_a_known_address(client, referrer):
    response = client.post(URL, {"email": referrer.email.upper()})
    assert response.url == reverse("accounts:password_reset_done")
    message = OutgoingEmail.objects.get(template="accounts-password-reset")
    assert message.to == referrer.email
    assert "/accounts/reset/" in message.body_text


def test_an_unknown_address_looks_the_same_and_gets_no_link(client, db):
    response = client.post(URL, {"email": "nobody@council.example"})
    assert response.url == reverse("accounts:password_reset_done")
    # A notice that no link was sent, queued as a link would be (issue 18 §1: the same work).
    message = OutgoingEmail.objects.get()
    assert message.template == "accounts-no-link-sent" and message.recipient is None
    assert "/accounts/reset/" not in message.body_text and "/accounts/verify/" not in message.body_text


def test_the_link_sets_a_new_password_and_confirms_the_address(client, db):
    user = UserFactory(email="new@council.example", roles=[Role.REFERRER], email_verified_at=None)
    client.post(URL, {"email": user.email})
    link = re.search(r"http://[^\s]+/accounts/reset/[^\s]+/", OutgoingEmail.objects.get().body_text).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    form_page = client.get(path, follow=True)
    assert b"New password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert user.email_verified_at is not None


def test_a_bad_link_says_it_has_expired(client, referrer):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert b"expired or has already been used" in response.content
