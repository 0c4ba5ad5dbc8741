"""A coordinator keeps a published review's action plan in a real browser: adds a
recommendation, closes an action with its evidence, and each page (empty and in its error
state) passes axe."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, ActionItemFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    return UserFactory(email="plan.coord@council.example", full_name="Plan Coord", roles=[Role.COORDINATOR])


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_coordinator_adds_a_recommendation_and_closes_an_action(page, base_url, coordinator):
    action = ActionItemFactory()
    case = action.recommendation.case
    login_as(page, base_url, coordinator, PASSWORD)

    page.goto(base_url + reverse("reviews:case", args=[case.reference]))
    expect(page.get_by_role("heading", name="Recommendations and action plan")).to_be_visible()
    axe_check(page)

    page.goto(base_url + reverse("reviews:recommendation_add", args=[case.reference]))
    axe_check(page)
    press(page, "Save recommendation")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)

    page.goto(base_url + reverse("reviews:action_close", args=[case.reference, action.pk]))
    press(page, "Close action")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Evidence of completion and impact").fill("Quarterly audits ran in March and June.")
    closed = page.get_by_role("group", name="Date closed")
    today = date.today()
    closed.get_by_label("Day").fill(str(today.day))
    closed.get_by_label("Month").fill(str(today.month))
    closed.get_by_label("Year").fill(str(today.year))
    press(page, "Close action")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    action.refresh_from_db()
    assert action.state == "closed"
