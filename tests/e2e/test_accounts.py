"""Registering, signing in and the staff second factor, in a real browser, audited by axe in
the empty and the error state of every form."""

from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cscp.accounts import enrolment
from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, AgencyFactory, AllowedDomainFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def agency(base_url):
    agency = AgencyFactory(name="Example Council")
    AllowedDomainFactory(domain="council.example", agency=agency)
    return agency


def submit(page):
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()


def test_a_referrer_registers_and_confirms_their_address(page, base_url, agency):
    page.goto(f"{base_url}/accounts/register/")
    axe_check(page)

    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe_check(page)

    page.get_by_label("Full name").fill("Sam Patel")
    page.get_by_label("Work email address").fill("sam@evil.example")
    page.get_by_label("Job title").fill("Designated safeguarding lead")
    page.get_by_label("Agency").select_option(label="Example Council")
    page.get_by_label("Create a password").fill("a-long-unguessable-passphrase")
    page.get_by_label("Confirm your password").fill("a-long-unguessable-passphrase")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("registered with the partnership")
    expect(page.get_by_label("Full name")).to_have_value("Sam Patel")

    page.get_by_label("Work email address").fill("sam@council.example")
    page.get_by_label("Create a password").fill("a-long-unguessable-passphrase")
    page.get_by_label("Confirm your password").fill("a-long-unguessable-passphrase")
    submit(page)
    expect(page.locator("h1")).to_have_text("Check your email")
    axe_check(page)

    link = next(w for w in OutgoingEmail.objects.get().body_text.split() if "/accounts/verify/" in w)
    page.goto(base_url + link[link.index("/accounts/verify/") :])
    axe_check(page)
    page.get_by_role("button", name="Confirm email address").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed")
    assert User.objects.get(email="sam@council.example").email_verified_at is not None

    login_as(page, base_url, "sam@council.example", "a-long-unguessable-passphrase")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_sign_in_page_is_accessible_with_and_without_errors(page, base_url):
    page.goto(f"{base_url}/accounts/login/")
    axe_check(page)
    login_as(page, base_url, "nobody@council.example", "wrong-password")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    axe_check(page)


def test_staff_enrol_an_authenticator_app_from_the_invitation_and_sign_in_with_it(page, base_url):
    coordinator = UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR])
    # With the password alone there is nothing to set up: only the invitation's link enrols.
    login_as(page, base_url, coordinator, PASSWORD)
    expect(page.locator("main")).to_contain_text("set up from the link in the invitation email")
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    link = enrolment.enrolment_invite(user=coordinator)
    page.goto(base_url + urlsplit(link).path)
    page.fill("input[name=username]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    axe_check(page)

    page.get_by_label("Enter the 6-digit code").fill("000000")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("wrong")
    axe_check(page)

    device = TOTPDevice.objects.get(user=coordinator)
    device.throttling_failure_count = 0
    device.save()
    page.get_by_label("Enter the 6-digit code").fill(_code(device))
    submit(page)
    expect(page.locator("h2.govuk-panel__title")).to_have_text("Save your recovery codes")
    expect(page.locator(".cscp-recovery-codes li")).to_have_count(10)
    axe_check(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    login_as(page, base_url, coordinator, PASSWORD)
    expect(page.locator("h1")).to_have_text("Enter your security code")
    axe_check(page)


def _code(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)
