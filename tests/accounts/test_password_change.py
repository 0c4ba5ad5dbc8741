"""Issue 18 §3: a signed-in user changes their own password (the current one first)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from cscp.notifications.models import OutgoingEmail
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_change")
NEW = "a-much-longer-new-passphrase"


def change(client, old=PASSWORD, new1=NEW, new2=NEW):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2})


def test_a_referrer_changes_their_password(client, referrer):
    elsewhere = Client()
    elsewhere.force_login(referrer)
    client.force_login(referrer)
    response = change(client)
    assert response.status_code == 302
    assert client.get(reverse("referrals:list")).status_code == 200  # this session stays in
    assert elsewhere.get(reverse("referrals:list")).status_code == 302  # the other is signed out
    notice = OutgoingEmail.objects.get(template="accounts-password-changed")
    assert notice.to == referrer.email
    assert "Your password was changed" in notice.body_text and "Your password was changed" in notice.body_html
    again = Client().post(reverse("accounts:login"), {"username": referrer.email, "password": NEW})
    assert again.status_code == 302


def test_a_wrong_current_password_changes_nothing(client, referrer):
    client.force_login(referrer)
    response = change(client, old="not-my-password")
    assert response.status_code == 200
    assert "Your current password is not right. Enter it again" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    referrer.refresh_from_db()
    assert referrer.check_password(PASSWORD)
    assert not OutgoingEmail.objects.filter(template="accounts-password-changed").exists()


@pytest.mark.parametrize("weak", ["short", "password1234", "123456789012"])
def test_a_weak_new_password_is_refused(client, referrer, weak):
    client.force_login(referrer)
    response = change(client, new1=weak, new2=weak)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    referrer.refresh_from_db()
    assert referrer.check_password(PASSWORD)


def test_the_new_password_must_be_typed_twice_the_same(client, referrer):
    client.force_login(referrer)
    response = change(client, new2=NEW + "x")
    assert "Enter the same password in both boxes" in response.content.decode()


def test_it_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_confirm_a_stale_second_factor_first(staff_client_for, coordinator):
    client = staff_client_for(coordinator)
    session = client.session
    session["cscp_second_factor_at"] = int(time.time()) - 16 * 60
    session.save()
    response = change(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_confirm"))
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


def test_staff_with_a_recent_second_factor_change_it(staff_client_for, coordinator):
    client = staff_client_for(coordinator)
    assert change(client).status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)


def test_the_account_area_links_to_it(client, referrer):
    client.force_login(referrer)
    assert URL in client.get(reverse("home")).content.decode()
