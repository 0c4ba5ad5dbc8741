"""A coordinator opens the annual figures from the dashboard in a real browser: a table per
year, each figure explained, the CSV offered; the timeliness of the statutory steps, a chart, a
table and a sentence per step, by financial year and then by calendar year; axe finds no
violation on the page, and with the Content Security Policy enforced the charts draw without
the browser refusing anything."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, ReferralFactory, UserFactory
from tests.reviews.reporting.timeliness_data import notification, publication

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


@pytest.fixture
def steps(base_url):
    """A notification sent on time on 31 March 2026 (financial year 2025 to 2026), one due on
    1 April 2026 and sent on 7 April (Good Friday and Easter Monday between: 2 working days
    late), and a review published 12 days after its target of 31 March 2026."""
    notification(date(2026, 3, 31), sent=date(2026, 3, 31))
    notification(date(2026, 4, 1), sent=date(2026, 4, 7))
    publication(date(2026, 3, 31), date(2026, 4, 12))


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


def cells(table, year: str):
    """The numbers in a year's row (its header is the year, "(so far)" for the current one)."""
    return table.locator("tr", has=table.page.get_by_role("rowheader", name=year, exact=False)).locator("td")


def test_a_coordinator_reads_the_timeliness_by_financial_and_calendar_year(
    page, base_url, coordinator, steps
):
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/dashboard/annual/")
    page.get_by_role("link", name="Timeliness of statutory steps").click()

    expect(page.get_by_role("heading", name="Timeliness of statutory steps")).to_be_visible()
    chart = page.get_by_role(
        "img", name="Panel notification: on time, late and open past due, by financial year"
    )
    expect(chart).to_be_visible()
    notifications = page.locator('table[data-testid="timeliness-notification"]')
    expect(cells(notifications, "2025 to 2026")).to_have_text(["1", "0", "0", "None late"])
    expect(cells(notifications, "2026 to 2027")).to_have_text(["0", "1", "0", "2"])
    expect(
        page.get_by_role("link", name="Download the timeliness figures as a spreadsheet (CSV)")
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Show calendar years (1 January to 31 December) instead").click()
    expect(
        page.get_by_role("img", name="Panel notification: on time, late and open past due, by calendar year")
    ).to_be_visible()
    expect(cells(notifications, "2026")).to_have_text(["1", "1", "0", "2"])
    publications = page.locator('table[data-testid="timeliness-publication"]')
    expect(cells(publications, "2026")).to_have_text(["0", "1", "0", "12"])
    axe_check(page)


def test_the_charts_draw_under_the_content_security_policy(browser, base_url, coordinator, steps):
    # The page fixture bypasses the policy so that axe can be injected: here it is enforced.
    context = browser.new_context(locale="en-GB")
    refused = []
    try:
        page = context.new_page()
        page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
        login_as(page, base_url, coordinator, PASSWORD)
        page.goto(f"{base_url}/dashboard/annual/?basis=calendar")
        expect(page.locator("svg[role=img]")).to_have_count(5)
        box = page.locator('svg[data-testid="timeliness-notification"]').bounding_box()
        assert box["width"] > 200 and box["height"] > 90  # scaled to its column, in proportion
    finally:
        context.close()
    assert refused == []
