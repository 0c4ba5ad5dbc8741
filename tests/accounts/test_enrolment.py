"""Enrolment by invitation (issue 18 §2): the second factor is set up only from a single-use,
expiring link sent to the account's own address."""

import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.accounts import enrolment
from cscp.notifications.models import OutgoingEmail
from tests.accounts.test_two_factor import code_for

pytestmark = pytest.mark.django_db


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_the_invitation_link_shows_the_qr_code_and_enrols_with_the_right_code(client, coordinator):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    body = client.get(link).content.decode()
    assert 'src="data:image/png;base64,' in body and 'id="setup-key"' in body
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(link, {"otp_token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Save your recovery codes" in client.get(response.url).content.decode()
    assert client.get(reverse("accounts:domain_list")).status_code == 200


def test_a_wrong_code_on_the_invitation_page_says_so(client, coordinator):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    response = client.post(link, {"otp_token": "000000"})
    assert response.status_code == 200
    assert "The code you entered is wrong" in response.content.decode()
    assert not TOTPDevice.objects.get(user=coordinator).confirmed


def test_the_link_works_once(client, coordinator):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    client.post(link, {"otp_token": code_for(TOTPDevice.objects.get(user=coordinator))})
    response = client.get(link)
    assert response.status_code == 400
    assert "expired or has already been used" in response.content.decode()


def test_the_link_expires(client, coordinator, settings):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    hours = settings.CSCP_ENROLMENT_LINK_HOURS
    with mock.patch("django.core.signing.time.time", return_value=time.time() + hours * 3600 - 60):
        assert client.get(link).status_code == 200
    with mock.patch("django.core.signing.time.time", return_value=time.time() + hours * 3600 + 60):
        assert client.get(link).status_code == 400


def test_a_newer_invitation_voids_the_older_one(client, coordinator):
    old = path_of(enrolment.enrolment_invite(user=coordinator))
    new = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    assert client.get(old).status_code == 400
    assert client.get(new).status_code == 200


def test_another_users_link_is_refused(client, coordinator, member):
    link = path_of(enrolment.enrolment_invite(user=member))
    client.force_login(coordinator)
    assert client.get(link).status_code == 400
    assert client.post(link, {"otp_token": code_for(TOTPDevice.objects.get(user=member))}).status_code == 400
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()


def test_a_tampered_link_is_refused(client, coordinator):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    client.force_login(coordinator)
    assert client.get(link[:-3] + "xyz/").status_code == 400


def test_the_link_works_through_sign_in(client, coordinator):
    link = path_of(enrolment.enrolment_invite(user=coordinator))
    response = client.get(link)
    assert response.status_code == 302
    login = response.url
    assert login.startswith(reverse("accounts:login"))
    client.force_login(coordinator)  # the sign-in form sends on to `next`: the link
    assert client.get(link).status_code == 200


def test_the_invitation_email_holds_the_link_and_is_audited(coordinator):
    enrolment.enrolment_invite_send(user=coordinator)
    message = OutgoingEmail.objects.get(template="accounts-enrolment-invitation")
    assert message.to == coordinator.email
    assert "/accounts/2fa/enrol/" in message.body_text and "/accounts/2fa/enrol/" in message.body_html
    assert coordinator.full_name not in message.body_text  # the link only
    assert LogEntry.objects.filter(
        object_pk=str(coordinator.pk), additional_data__event="enrolment_link_invited"
    ).exists()


# --- Re-enrolment by a coordinator or the administrator ---------------------------------------

STAFF_LINK = reverse("accounts:staff_enrolment_link")


def test_a_coordinator_re_enrols_a_member(staff_client_for, coordinator, member):
    TOTPDevice.objects.create(user=member, name="lost phone", confirmed=True)
    client = staff_client_for(coordinator)
    response = client.post(STAFF_LINK, {"email": member.email.upper()})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    assert OutgoingEmail.objects.filter(to=member.email, template="accounts-enrolment-invitation").exists()
    entry = LogEntry.objects.get(object_pk=str(member.pk), additional_data__event="enrolment_link_reset")
    assert entry.actor == coordinator


def test_a_coordinator_cannot_re_enrol_another_coordinator(staff_client_for, coordinator):
    from tests.factories import UserFactory

    other = UserFactory(email="coordinator2@council.example", roles=["coordinator"])
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    response = staff_client_for(coordinator).post(STAFF_LINK, {"email": other.email})
    assert response.status_code == 200
    assert "Only the system administrator" in response.content.decode()
    assert TOTPDevice.objects.filter(user=other, confirmed=True).exists()


def test_the_administrator_re_enrols_a_coordinator(staff_client_for, admin_user, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    assert staff_client_for(admin_user).post(STAFF_LINK, {"email": coordinator.email}).status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


@pytest.mark.parametrize("email", ["referrer@council.example", "nobody@council.example"])
def test_only_staff_accounts_are_re_enrolled(staff_client_for, coordinator, referrer, email):
    response = staff_client_for(coordinator).post(STAFF_LINK, {"email": email})
    assert "That address is not one" in response.content.decode()
    assert not OutgoingEmail.objects.filter(template="accounts-enrolment-invitation").exists()


def test_members_and_reviewers_cannot_re_enrol_anyone(staff_client_for, member, reviewer):
    assert staff_client_for(member).post(STAFF_LINK, {"email": reviewer.email}).status_code == 403


def test_an_empty_address_gets_a_govuk_error(staff_client_for, coordinator):
    response = staff_client_for(coordinator).post(STAFF_LINK, {"email": ""})
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter the email address of the staff account" in response.content.decode()
