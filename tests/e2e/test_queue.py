"""The triage queue and the dashboard in a real browser: a member filters the queue to the
overdue referrals and opens one; a coordinator adds a theme; axe finds no violation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Theme, Triage
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


@pytest.fixture
def staff(base_url, settings):
    # The second factor has its own browser test; here staff sign in with a password.
    settings.CSCP_REQUIRE_2FA = False
    return {
        "member": UserFactory(email="member@council.example", roles=["member"]),
        "coordinator": UserFactory(email="coordinator@council.example", roles=["coordinator"]),
    }


@pytest.fixture
def referrals(staff):
    overdue = submitted_referral_factory(status="screening")
    on_track = submitted_referral_factory(status="screening")
    neglect = Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]
    Triage.objects.create(
        referral=overdue,
        sin_required=True,
        sin_due=TODAY - timedelta(days=3),
        next_due=TODAY - timedelta(days=3),
    ).themes.add(neglect)
    Triage.objects.create(
        referral=on_track,
        sin_required=True,
        sin_due=TODAY + timedelta(days=14),
        next_due=TODAY + timedelta(days=14),
    )
    return overdue, on_track


def test_a_member_filters_the_queue_to_overdue_and_opens_a_referral(page, base_url, staff, referrals):
    overdue, on_track = referrals
    login_as(page, base_url, staff["member"], PASSWORD)

    page.get_by_role("link", name="Triage", exact=True).click()
    expect(page.locator("h1")).to_have_text("Triage")
    expect(page.get_by_role("link", name=on_track.reference)).to_be_visible()
    axe_check(page)

    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="1 referral matches the filters")).to_be_visible()
    expect(page.get_by_role("link", name=on_track.reference)).to_have_count(0)
    row = page.get_by_role("row", name=overdue.reference)
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("Neglect")
    axe_check(page)

    page.get_by_role("link", name=overdue.reference).click()
    expect(page).to_have_url(f"{base_url}/triage/{overdue.reference}/")
    expect(page.locator("h1")).to_contain_text(overdue.reference)


def test_a_member_sees_the_deadlines_on_the_dashboard(page, base_url, staff, referrals):
    overdue, _ = referrals
    login_as(page, base_url, staff["member"], PASSWORD)

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.get_by_role("row", name=overdue.reference)).to_contain_text("Panel notification")
    axe_check(page)


def test_a_coordinator_adds_a_theme_after_a_name_already_taken(page, base_url, staff, referrals):
    login_as(page, base_url, staff["coordinator"], PASSWORD)

    page.get_by_role("link", name="Themes").click()
    axe_check(page)
    page.get_by_role("button", name="Add a theme").click()
    page.get_by_label("Name").fill("neglect")
    page.get_by_role("button", name="Add theme").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is already a theme called Neglect")
    axe_check(page)
    page.get_by_label("Name").fill("Private fostering")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_text("Theme Private fostering added.")).to_be_visible()
    expect(page.get_by_role("row", name="Private fostering")).to_contain_text("Active")
