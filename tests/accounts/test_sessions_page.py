"""Issue 18 §3: "Your sessions" lists where the user is signed in, and signs out everywhere else."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from cscp.accounts.models import UserSession
from cscp.accounts.sessions import short_user_agent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:sessions")
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1"
)


def signed_in(user, agent=FIREFOX):
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_it_lists_only_the_users_own_sessions(referrer):
    here = signed_in(referrer)
    signed_in(referrer, SAFARI)
    signed_in(UserFactory(email="someone@else.example"), "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    page = here.get(URL).content.decode()
    assert "Firefox on Windows" in page and "This session" in page
    assert "Safari on iPhone" in page
    assert "Linux" not in page
    assert page.count("govuk-table__row") == 3  # the head and two sessions


def test_sign_out_everywhere_else_ends_the_others_and_keeps_this_one(referrer):
    here, phone = signed_in(referrer), signed_in(referrer, SAFARI)
    someone = signed_in(UserFactory(email="someone@else.example"))
    response = here.post(URL)
    assert response.status_code == 302
    assert here.get(reverse("referrals:list")).status_code == 200
    assert phone.get(reverse("referrals:list")).status_code == 302
    assert someone.get(URL).status_code == 200  # another user's session is untouched
    assert UserSession.objects.filter(user=referrer).count() == 1
    entry = LogEntry.objects.get(additional_data__event="sessions_end_others")
    assert entry.actor == referrer and entry.additional_data["ended"] == 1


def test_the_button_is_a_csrf_protected_post(referrer):
    here = Client(enforce_csrf_checks=True)
    here.force_login(referrer)
    assert here.post(URL).status_code == 403


def test_signing_out_forgets_the_session(referrer):
    here = signed_in(referrer)
    here.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=referrer).exists()


def test_a_session_signed_out_by_a_password_change_is_not_listed(referrer):
    here, phone = signed_in(referrer), signed_in(referrer, SAFARI)
    new = "a-much-longer-new-passphrase"
    here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    page = here.get(URL).content.decode()
    assert "Safari on iPhone" not in page and "This session" in page
    assert phone.get(reverse("referrals:list")).status_code == 302


def test_it_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_see_their_sessions(staff_client_for, coordinator):
    assert "This session" in staff_client_for(coordinator).get(URL).content.decode()


@pytest.mark.parametrize(
    ("header", "label"),
    [
        (FIREFOX, "Firefox on Windows"),
        (SAFARI, "Safari on iPhone"),
        ("", "Unknown browser"),
        ("curl/8.0", "Unknown browser"),
    ],
)
def test_the_device_is_a_short_label(header, label):
    assert short_user_agent(header) == label
