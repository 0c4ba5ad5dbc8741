"""Key messages in a real browser (issue 14 §1): a coordinator writes the year's key messages
with a registered name in them; a second coordinator's "Check and publish" page shows the hit
and refuses; the writer takes the name out; the second coordinator publishes; the public
learning page shows the approved text. axe audits each page, the refusal included."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinators(base_url, settings):
    settings.CSCP_REQUIRE_2FA = False  # the second factor has its own browser tests
    first = UserFactory(email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR])
    second = UserFactory(email="sam.coord@council.example", full_name="Sam Second", roles=[Role.COORDINATOR])
    submitted_referral_factory(referrer_name="Priya Natarajan")  # in the partnership register
    return first, second


def write(page, base_url, body):
    page.goto(f"{base_url}/publications/key-messages/")
    link = page.get_by_role("link", name="Learning from our reviews", exact=True)
    (link if link.count() else page.get_by_role("link", name="Write a year's key messages")).click()
    page.get_by_label("Title").fill("Learning from our reviews")
    page.get_by_label("Key messages").fill(body)
    page.get_by_role("button", name="Save key messages").click()
    page.wait_for_load_state()


def test_key_messages_are_checked_and_published_by_a_second_coordinator(page, base_url, coordinators):
    first, second = coordinators
    login_as(page, base_url, first, PASSWORD)
    write(page, base_url, "Priya Natarajan showed how to listen to children.")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("a second coordinator can now publish")
    axe_check(page)

    page.context.clear_cookies()
    login_as(page, base_url, second, PASSWORD)
    page.goto(f"{base_url}/publications/key-messages/")
    page.get_by_role("link", name="Check and publish Learning from our reviews").click()
    expect(page.get_by_test_id("hits")).to_contain_text("in the partnership register")
    expect(page.get_by_test_id("problem")).to_contain_text("Remove every protected term")
    axe_check(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Remove every protected term")
    axe_check(page)

    page.context.clear_cookies()
    login_as(page, base_url, first, PASSWORD)
    write(page, base_url, "Practitioners showed how to listen to children.")

    page.context.clear_cookies()
    login_as(page, base_url, second, PASSWORD)
    page.goto(f"{base_url}/publications/key-messages/")
    page.get_by_role("link", name="Check and publish Learning from our reviews").click()
    expect(page.locator("body")).to_contain_text("No protected term found")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Published")

    # The register shows where the name came from (coordinators only), and the links' pages.
    page.goto(f"{base_url}/publications/register/")
    page.get_by_label("Name, address, postcode or school").fill("Natarajan")
    page.get_by_role("button", name="Search the register").click()
    expect(page.get_by_test_id("register")).to_contain_text("Professional named in the referral")
    assert "Natarajan" not in page.url
    axe_check(page)
    page.get_by_label("Name, address, postcode or school").fill("x")
    page.get_by_role("button", name="Search the register").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 3 letters")
    axe_check(page)
    page.goto(f"{base_url}/publications/national-learning/new/")
    page.get_by_label("Title").fill("Panel reviews")
    page.get_by_label("Web address").fill(
        "www.gov.uk/government/organisations/child-safeguarding-practice-review-panel"
    )
    page.get_by_role("button", name="Save the link").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "a second coordinator can now publish it"
    )
    axe_check(page)

    page.context.clear_cookies()
    page.goto(f"{base_url}/learning/")
    expect(page.locator("body")).to_contain_text("Practitioners showed how to listen to children.")
    expect(page.locator("body")).not_to_contain_text("Priya")
    axe_check(page)
