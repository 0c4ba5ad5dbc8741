"""Publishing in a real browser (issue 6): a coordinator prepares the publication of a review
in pre-publication and is stopped by the anonymisation guard (the child's name is in the
summary, and so in the briefing PDF); they take the name out; a second coordinator publishes;
an anonymous visitor finds the report by searching, reads it and downloads both PDFs. axe audits
every page, the publish page with the guard's findings included."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, ChildFactory, ReviewCaseFactory, UserFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
SUMMARY = (
    "Tallulah's mother had severe perinatal mental illness and the family moved between two "
    "boroughs during pregnancy; information did not follow them."
)


@pytest.fixture
def coordinators(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    first = UserFactory(email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR])
    second = UserFactory(email="sam.coord@council.example", full_name="Sam Second", roles=[Role.COORDINATOR])
    return first, second


@pytest.fixture
def case(base_url):
    sent = TODAY - datetime.timedelta(days=30)
    case = ReviewCaseFactory(
        reference="REV-2026-201",
        status="pre_publication",
        pseudonym="Baby N",
        commissioned_on=TODAY - datetime.timedelta(days=200),
        final_report_sent_panel_on=sent,
        final_report_sent_sos_on=sent,
        earliest_publication_on=sent + datetime.timedelta(days=10),
    )
    child = ChildFactory(full_name="Tallulah Brown")
    case.referrals.add(child.referral)
    return case


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def follow(page, name):
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def fill_date(page, name: str, day: datetime.date):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def test_the_guard_stops_a_name_a_second_coordinator_publishes_and_the_public_finds_it(
    page, base_url, console, coordinators, case
):
    first, second = coordinators
    login_as(page, base_url, first, PASSWORD)
    page.goto(f"{base_url}/reviews/{case.reference}/")
    follow(page, "Prepare the publication")
    axe_check(page)
    press(page, "Start the publication")
    expect(page.locator("h1")).to_have_text("Baby N")

    follow(page, "Change the details")
    page.get_by_label("Summary (optional)").fill(SUMMARY)
    page.get_by_label("Learning includes (optional)").fill(
        "Perinatal mental health and midwifery services held information that never met."
    )
    page.get_by_label("1 to 4").check()
    page.get_by_label("Web address").fill("")
    press(page, "Save details")
    expect(page.locator(".govuk-error-summary")).to_contain_text("web address")
    expect(page.get_by_label("Summary (optional)")).to_have_value(SUMMARY)
    axe_check(page)
    page.get_by_label("Web address").fill("baby-n")
    press(page, "Save details")

    follow(page, "Add a section")
    page.get_by_label("Heading").fill("Introduction")
    page.get_by_label("Text").fill("The partners agreed the case met the criteria for a review.")
    press(page, "Save section")
    page.get_by_role("link", name="Change when the family was told").click()
    fill_date(page, "family_told_on", TODAY - datetime.timedelta(days=2))
    press(page, "Save")

    # The guard: the child's first name, found in the summary and in the briefing PDF.
    follow(page, "Publish")
    expect(page.locator("body")).to_contain_text("a second coordinator must publish")
    findings = page.locator("table", has_text="Where")
    expect(findings).to_contain_text("Summary")
    expect(findings).to_contain_text("Briefing PDF")
    expect(page.locator("mark").first).to_have_text("Tallulah")
    axe_check(page)

    follow(page, "Back to the publication")
    follow(page, "Change the details")
    page.get_by_label("Summary (optional)").fill(SUMMARY.replace("Tallulah's", "The baby's"))
    press(page, "Save details")

    # The second coordinator publishes.
    page.context.clear_cookies()
    login_as(page, base_url, second, PASSWORD)
    page.goto(f"{base_url}/publications/")
    axe_check(page)
    follow(page, "Baby N")
    follow(page, "Publish")
    expect(page.locator("body")).not_to_contain_text("Protected terms found")
    axe_check(page)
    press(page, "Publish")
    expect(page.get_by_text("Published", exact=True).first).to_be_visible()
    page.goto(f"{base_url}/reviews/{case.reference}/")
    expect(page.get_by_test_id("stage")).to_have_text("Published")

    # A member of the public.
    page.context.clear_cookies()
    page.goto(f"{base_url}/reports/")
    axe_check(page)
    page.get_by_label("Search reports").fill("perinatal mental health")
    press(page, "Search")
    follow(page, "Baby N")
    expect(page.locator("h1")).to_have_text("Baby N")
    expect(page.locator("body")).not_to_contain_text("REV-2026-201")
    axe_check(page)
    for link, name in (("Full report", "baby-n-report.pdf"), ("One-page briefing", "baby-n-briefing.pdf")):
        href = page.get_by_role("link", name=link).first.get_attribute("href")
        response = page.request.get(f"{base_url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert name in response.headers["content-disposition"]
        assert response.body().startswith(b"%PDF-")
    page.goto(f"{base_url}/learning/")
    axe_check(page)
