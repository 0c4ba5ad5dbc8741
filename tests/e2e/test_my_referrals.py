"""My referrals and one referral in a real browser: a referrer finds their referrals, opens
one, and starts to withdraw it; axe finds no violation on the way."""

import pytest
from playwright.sync_api import expect

from referrals.models import ReferralStatus
from tests.e2e.kit import axe_check, login_as
from tests.factories import (
    PASSWORD,
    ReferralDocumentFactory,
    ReferralFactory,
    UserFactory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def referrer(base_url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return UserFactory(email="sam@council.example", roles=["referrer"])


@pytest.fixture
def referrals(referrer):
    ReferralFactory(created_by=referrer)
    screening = submitted_referral_factory(created_by=referrer, status=ReferralStatus.SCREENING)
    submitted = submitted_referral_factory(created_by=referrer)
    ReferralDocumentFactory(referral=submitted, original_name="chronology.pdf")
    return submitted, screening


def test_a_referrer_finds_their_referrals_and_opens_one(page, base_url, referrer, referrals):
    submitted, screening = referrals
    login_as(page, base_url, referrer, PASSWORD)

    page.get_by_role("link", name="My referrals").click()
    expect(page.locator("h1")).to_have_text("My referrals")
    expect(page.get_by_role("link", name="Continue")).to_be_visible()
    expect(page.get_by_role("row", name=screening.reference)).to_contain_text("Screening")
    axe_check(page)

    page.get_by_role("link", name=submitted.reference).click()
    expect(page.locator("h1")).to_have_text(submitted.reference)
    expect(page.get_by_role("link", name="chronology.pdf")).to_be_visible()
    expect(page.get_by_text("You submitted the referral")).to_be_visible()
    axe_check(page)


def test_a_referrer_is_asked_for_a_reason_before_withdrawing(page, base_url, referrer, referrals):
    submitted, _ = referrals
    login_as(page, base_url, referrer, PASSWORD)
    page.goto(f"{base_url}/referrals/{submitted.reference}/")

    page.get_by_role("link", name="Withdraw this referral").click()
    axe_check(page)
    page.get_by_role("button", name="Withdraw referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are withdrawing this referral"
    )
    axe_check(page)

    page.get_by_label("Why are you withdrawing this referral?").fill("Sent twice by mistake")
    page.get_by_role("button", name="Withdraw referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You have withdrawn referral {submitted.reference}"
    )
    expect(page.locator("main .govuk-tag").first).to_have_text("Withdrawn")
    axe_check(page)
