import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")
SAME_MESSAGE = "Enter a correct email address and password"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(URL, {"username": email, "password": password}, **extra)


def test_a_verified_referrer_signs_in(client, referrer):
    response = sign_in(client, "Referrer@Council.Example")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(referrer.pk)


def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, referrer):
    wrong_password = sign_in(client, referrer.email, "not-the-password").content.decode()
    unknown = sign_in(client, "nobody@council.example").content.decode()
    assert SAME_MESSAGE in wrong_password
    assert SAME_MESSAGE in unknown


def test_a_disabled_account_gets_the_same_message(client, referrer):
    referrer.is_active = False
    referrer.save()
    assert SAME_MESSAGE in sign_in(client, referrer.email).content.decode()


def test_an_unverified_referrer_is_asked_to_confirm_their_address(client, db):
    user = UserFactory(email="new@council.example", roles=[Role.REFERRER], email_verified_at=None)
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "Confirm your email address before you sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_empty_form_says_what_is_missing(client, db):
    body = client.post(URL, {}).content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_repeated_failures_lock_out_known_and_unknown_addresses_alike(client, referrer, settings):
    responses = {}
    for email in [referrer.email, "nobody@council.example"]:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, email, "wrong-password")
        responses[email] = sign_in(client, email, PASSWORD if email == referrer.email else "wrong-password")
    assert {r.status_code for r in responses.values()} == {429}
    for response in responses.values():
        assert b"too many unsuccessful attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(client, referrer):
    client.force_login(referrer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_sessions_end_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == settings.CSCP_SESSION_IDLE_MINUTES * 60


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_is_renewed_at_most_once_a_minute(client, referrer, settings, monkeypatch):
    import time as clock

    from cscp.accounts import middleware

    settings.CSCP_SESSION_RENEW_SECONDS = 60
    now = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    client.force_login(referrer)
    client.get("/")
    first = _expiry(client)
    clock.sleep(0.01)
    now[0] += 30
    client.get("/")
    assert _expiry(client) == first  # not written again within the minute
    now[0] += 31
    client.get("/")
    assert _expiry(client) > first  # renewed: the idle clock starts again


def test_a_visitor_without_a_session_gets_none(client, settings):
    settings.CSCP_SESSION_RENEW_SECONDS = 60
    response = client.get("/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
