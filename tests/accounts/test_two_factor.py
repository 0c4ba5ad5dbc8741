import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.accounts import two_factor

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
RECOVERY = reverse("accounts:two_factor_recovery")
PROTECTED = reverse("accounts:domain_list")


def code_for(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = two_factor.recovery_codes_issue(user)
    return device, codes


def test_staff_without_an_app_are_sent_to_the_page_about_the_invitation(client, coordinator):
    client.force_login(coordinator)
    response = client.get(PROTECTED)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next={PROTECTED}"
    page = client.get(response.url).content.decode()
    assert "set up from the link in the invitation email" in page
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_staff_with_an_app_are_asked_for_a_code(client, coordinator):
    enrolled(coordinator)
    client.force_login(coordinator)
    assert client.get(PROTECTED).url == f"{VERIFY}?next={PROTECTED}"


def test_referrers_are_not_asked_for_a_second_factor(client, referrer):
    client.force_login(referrer)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(SETUP).status_code == 403


def test_the_demo_can_switch_the_second_factor_off(client, coordinator, settings):
    settings.CSCP_REQUIRE_2FA = False
    client.force_login(coordinator)
    assert client.get(PROTECTED).status_code == 200


@pytest.mark.parametrize(
    ("token", "message"),
    [("", "Enter the 6-digit code"), ("12345", "it has 6 digits"), ("12a456", "numbers only")],
)
def test_badly_formed_codes_get_specific_messages(client, coordinator, token, message):
    enrolled(coordinator)
    client.force_login(coordinator)
    response = client.post(VERIFY, {"otp_token": token})
    assert message in response.content.decode()


def test_signing_in_with_the_right_code_goes_on_to_the_page_asked_for(client, coordinator):
    device, _ = enrolled(coordinator)
    client.force_login(coordinator)
    response = client.post(f"{VERIFY}?next={PROTECTED}", {"otp_token": code_for(device)})
    assert response.url == PROTECTED
    assert client.get(PROTECTED).status_code == 200


def test_a_code_cannot_be_used_twice(client, coordinator):
    device, _ = enrolled(coordinator)
    code = code_for(device)
    client.force_login(coordinator)
    client.post(VERIFY, {"otp_token": code})
    client.logout()
    client.force_login(coordinator)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post(VERIFY, {"otp_token": code})
    assert "That code has already been used" in response.content.decode()
    assert client.get(PROTECTED).status_code == 302


def test_an_offsite_next_is_ignored(client, coordinator):
    device, _ = enrolled(coordinator)
    client.force_login(coordinator)
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"otp_token": code_for(device)})
    assert response.url == reverse("home")


def test_a_recovery_code_works_once(client, coordinator):
    _, codes = enrolled(coordinator)
    client.force_login(coordinator)
    assert client.post(RECOVERY, {"recovery_code": codes[0]}).status_code == 302
    assert client.get(PROTECTED).status_code == 200
    client.logout()
    client.force_login(coordinator)
    response = client.post(RECOVERY, {"recovery_code": codes[0]})
    assert "That code is not valid" in response.content.decode()


def test_a_new_app_cannot_be_enrolled_without_the_current_one(client, coordinator):
    enrolled(coordinator)
    client.force_login(coordinator)
    assert client.get(SETUP).url.startswith(VERIFY)
    assert client.post(reverse("accounts:two_factor_reset")).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_a_verified_member_can_replace_their_app(client, member, staff_client_for):
    TOTPDevice.objects.create(user=member, name="old", confirmed=True)
    client = staff_client_for(member)
    response = client.post(reverse("accounts:two_factor_reset"))
    # Straight on to a new invitation's page: the current app was used to get here.
    assert response.url.startswith("/accounts/2fa/enrol/")
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    assert 'id="setup-key"' in client.get(response.url).content.decode()


def test_a_verified_member_can_get_new_recovery_codes(client, member, staff_client_for):
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    old = set(two_factor.recovery_codes_issue(member))
    client = staff_client_for(member)
    client.post(reverse("accounts:two_factor_regenerate_codes"))
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Save your recovery codes" in page
    assert not any(code in page for code in old)
