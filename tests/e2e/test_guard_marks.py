"""Marking a false positive in a real browser (issue 14 §4): the guard stops a report on a word
that is also the child's name; one coordinator marks that hit as not identifying with a reason;
a second confirms it; the hit no longer blocks. axe audits each page, the mark form's error
state included."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from publications.guard import services as guard_services
from publications.models import ProtectedTerm
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory
from tests.publications.helpers import prepared

pytestmark = pytest.mark.browser


@pytest.fixture
def world(base_url, settings):
    settings.CSCP_REQUIRE_2FA = False  # the second factor has its own browser tests
    first = UserFactory(email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR])
    second = UserFactory(email="sam.coord@council.example", full_name="Sam Second", roles=[Role.COORDINATOR])
    publication = prepared(first, summary="Hope was what the family held on to.", render=False)
    guard_services.term_add(publication.case, "Hope", first, kind=ProtectedTerm.Kind.NAME)
    return first, second, publication


def test_a_false_positive_is_marked_and_confirmed_by_two_coordinators(page, base_url, world):
    first, second, publication = world
    login_as(page, base_url, first, PASSWORD)
    page.goto(f"{base_url}/publications/{publication.pk}/")
    hits = page.get_by_test_id("hits")
    expect(hits).to_contain_text("Blocks publishing")
    axe_check(page)
    hits.get_by_role("link", name="Mark as not identifying").first.click()
    expect(page.get_by_test_id("hit")).to_contain_text("Hope")
    page.get_by_role("button", name="Mark as not identifying").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this does not identify anyone")
    axe_check(page)
    page.get_by_label("Why does this not identify anyone?").fill("Here it is the word hope, not the child.")
    page.get_by_role("button", name="Mark as not identifying").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "a second coordinator can now confirm it"
    )
    expect(page.get_by_test_id("hits")).to_contain_text("Waiting for a second coordinator")

    page.context.clear_cookies()
    login_as(page, base_url, second, PASSWORD)
    page.goto(f"{base_url}/publications/{publication.pk}/")
    page.get_by_test_id("hits").get_by_role("button", name="Confirm not identifying").first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no longer stops publishing")
    expect(page.get_by_test_id("hits")).to_contain_text("Not identifying")
    axe_check(page)
