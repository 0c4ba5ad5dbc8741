"""A coordinator takes a commissioned review case through its first stages in a real browser
(appoint the reviewer, record the terms of reference, move to scoping, then in progress), all
audited by axe; then the reviewer signs in and sees only the case they are appointed to."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, ReviewCaseFactory, ReviewerAppointmentFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    coordinator = UserFactory(
        email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR]
    )
    reviewer = UserFactory(
        email="margaret@independent.example", full_name="Margaret Ellison", roles=[Role.REVIEWER]
    )
    return coordinator, reviewer


@pytest.fixture
def cases(base_url):
    mine = ReviewCaseFactory(reference="REV-2026-101", title="Learning from case A")
    other = ReviewerAppointmentFactory(case__reference="REV-2026-102", case__title="Someone else's").case
    return mine, other


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def follow(page, name):
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_coordinator_moves_a_case_on_and_the_reviewer_sees_only_theirs(
    page, base_url, console, people, cases
):
    coordinator, reviewer = people
    other = cases[1]
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/reviews/")
    expect(page.get_by_test_id("cases")).to_contain_text("REV-2026-102")
    axe_check(page)
    follow(page, "REV-2026-101")
    expect(page.get_by_test_id("stage")).to_have_text("Commissioned")
    axe_check(page)

    follow(page, "Appoint a reviewer")
    press(page, "Appoint reviewer")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a reviewer")
    axe_check(page)
    page.get_by_label("Reviewer").select_option(label="Margaret Ellison (margaret@independent.example)")
    press(page, "Appoint reviewer")
    expect(page.get_by_test_id("reviewers")).to_contain_text("Margaret Ellison")

    follow(page, "Change the case details")
    axe_check(page)
    page.get_by_label("Systems approach").check()
    page.get_by_label("Terms of reference").fill("How agencies shared information before the incident.")
    press(page, "Save details")
    expect(page.get_by_test_id("terms")).to_contain_text("How agencies shared information")

    follow(page, "Move to scoping")
    expect(page.locator("h1")).to_have_text("Move to scoping")
    axe_check(page)
    press(page, "Move to scoping")
    expect(page.get_by_test_id("stage")).to_have_text("Scoping")
    follow(page, "Move to in progress")
    press(page, "Move to in progress")
    expect(page.get_by_test_id("stage")).to_have_text("In progress")
    expect(page.get_by_test_id("timeline")).to_contain_text("Scoping to in progress, by Jo Coord")
    axe_check(page)

    page.context.clear_cookies()
    login_as(page, base_url, reviewer, PASSWORD)
    page.goto(f"{base_url}/reviews/")
    table = page.get_by_test_id("cases")
    expect(table).to_contain_text("REV-2026-101")
    expect(table).not_to_contain_text("REV-2026-102")
    axe_check(page)
    follow(page, "REV-2026-101")
    expect(page.get_by_test_id("stage")).to_have_text("In progress")
    axe_check(page)
    console.allow(rf"status of 404.*/reviews/{other.pk}/")
    response = page.goto(f"{base_url}/reviews/{other.pk}/")
    assert response.status == 404
