"""A Review Group member searches by part of a child's name in a real browser: the form from the
navigation, a refused search with its error summary and what was typed kept, the results with
what each matched (never the name), the closed referral found and opened; axe finds no
violation on the form, the error or the results, and the address never holds the name."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.browser


@pytest.fixture
def member(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    return UserFactory(email="helen.marsh@police.example", full_name="Helen Marsh", roles=[Role.MEMBER])


@pytest.fixture
def referrals(base_url):
    closed = submitted_referral_factory(status="closed")
    closed.children.update(full_name="Amara Ashworth")
    other = submitted_referral_factory()
    other.children.update(full_name="Leo Kingsley")
    return closed


def test_a_member_finds_a_closed_referral_by_part_of_the_childs_name(page, base_url, member, referrals):
    login_as(page, base_url, member, PASSWORD)
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page.locator("h1")).to_have_text("Search referrals and review cases")
    axe_check(page)

    box = page.get_by_label("Reference, child's name, date of birth, agency or theme")
    box.fill("a")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least 2 letters or numbers")
    expect(box).to_have_value("a")
    axe_check(page)

    box.fill("ashwo")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("results-heading")).to_have_text("1 referral and 0 review cases found")
    results = page.get_by_test_id("referral-results")
    expect(results).to_contain_text("Closed")
    expect(results).to_contain_text("Child's name")
    expect(results).not_to_contain_text("Ashworth")
    assert "ashwo" not in page.url.lower()
    axe_check(page)

    results.get_by_role("link", name=referrals.reference).click()
    expect(page.locator("h1")).to_contain_text(referrals.reference)
    expect(page.get_by_text("Amara Ashworth").first).to_be_visible()
