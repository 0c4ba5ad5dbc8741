"""Issue 18 §3: a session ends 12 hours after sign-in, however busy it has been."""

import time

import pytest
from django.urls import reverse

from cscp.accounts.middleware import SIGNED_IN_AT
from cscp.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "You have been signed in for 12 hours, so you were signed out. Sign in again."


@pytest.fixture
def referrer(db):
    return UserFactory(email="ref@allowed.example", roles=[Role.REFERRER])


def signed_in_ago(client, user, seconds):
    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - seconds
    session.save()


def test_sign_in_records_the_time(client, referrer):
    before = int(time.time())
    client.post(reverse("accounts:login"), {"username": referrer.email, "password": PASSWORD})
    assert before <= client.session[SIGNED_IN_AT] <= int(time.time())


def test_a_session_older_than_12_hours_is_signed_out_with_a_message(client, referrer):
    signed_in_ago(client, referrer, 12 * 3600 + 60)
    response = client.get(reverse("referrals:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert MESSAGE in client.get(response.url).content.decode()


def test_a_session_of_11_hours_59_minutes_is_still_signed_in(client, referrer):
    signed_in_ago(client, referrer, 12 * 3600 - 60)
    assert client.get(reverse("referrals:list")).status_code == 200
    assert client.session["_auth_user_id"] == str(referrer.pk)


def test_a_session_with_no_recorded_time_counts_from_now(client, referrer):
    client.force_login(referrer)  # as signed in before the lifetime was recorded
    before = int(time.time())
    assert client.get(reverse("referrals:list")).status_code == 200
    assert client.session[SIGNED_IN_AT] >= before


def test_the_lifetime_follows_the_setting(client, referrer, settings):
    settings.CSCP_SESSION_ABSOLUTE_HOURS = 1
    signed_in_ago(client, referrer, 3600 + 60)
    assert client.get(reverse("referrals:list")).status_code == 302
