"""A coordinator opens the annual figures from the dashboard in a real browser: a table per
year, each figure explained, the CSV offered; axe finds no violation on the page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, ReferralFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    return UserFactory(email="kemi.ade@council.example", full_name="Kemi Ade", roles=[Role.COORDINATOR])


@pytest.fixture
def referrals(base_url):
    for day in (date(2025, 3, 3), date(2025, 9, 1)):
        ReferralFactory(status="submitted", submitted_at=f"{day.isoformat()}T10:00:00+00:00")


def test_a_coordinator_reads_the_annual_figures(page, base_url, coordinator, referrals):
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/dashboard/")
    page.get_by_role("link", name="Annual figures for the yearly report").click()
    page.wait_for_load_state()

    expect(page.locator("h1")).to_have_text("Annual figures")
    table_2025 = page.get_by_role("table", name="2025")
    expect(table_2025.get_by_role("row", name="Referrals received").locator("td").last).to_have_text("2")
    expect(table_2025).to_contain_text("Review cases commissioned in the year.")
    expect(
        page.get_by_role("link", name="Download the annual figures as a spreadsheet (CSV)")
    ).to_be_visible()
    axe_check(page)
