"""A new referrer makes a referral in a real browser: every page of the form, empty and in
its error state audited by axe; they leave half way, come back to the draft, check their
answers, submit, and see the reference."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, AgencyFactory, AllowedDomainFactory, UserFactory
from tests.referrals.draft.posts import AWARE, CHILD_BORN, INCIDENT

pytestmark = pytest.mark.browser

SUMMARY = ".govuk-error-summary"


@pytest.fixture
def referrer(base_url):
    council = AgencyFactory(name="Example Council")
    AgencyFactory(name="Example Police")
    AllowedDomainFactory(domain="council.example", agency=council)
    return UserFactory(
        email="sam.patel@council.example",
        full_name="Sam Patel",
        job_title="Senior Social Worker",
        phone="020 7946 0000",
        agency=council,
        roles=[Role.REFERRER],
    )


def heading(page, text):
    expect(page.locator("h1")).to_have_text(text)


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def audit_empty_then_error(page, button="Save and continue"):
    """axe on the page as it first appears, then sent as it is, then axe on its errors."""
    axe_check(page)
    press(page, button)
    expect(page.locator(SUMMARY)).to_be_visible()
    axe_check(page)


def fill_date(page, name, value: date):
    page.fill(f"#id_{name}_0", str(value.day))
    page.fill(f"#id_{name}_1", str(value.month))
    page.fill(f"#id_{name}_2", str(value.year))


def choose(page, name, value):
    page.check(f"input[name={name}][value={value}]")


@pytest.mark.longest
def test_a_referrer_makes_a_referral_leaves_comes_back_and_submits(page, base_url, referrer):
    login_as(page, base_url, referrer, PASSWORD)
    page.goto(f"{base_url}/referrals/new/")
    heading(page, "Refer a case for a Safeguarding Practice Review")
    expect(page.locator(".govuk-warning-text", has_text="call 999").first).to_be_visible()
    axe_check(page)
    press(page, "Start now")

    heading(page, "About you")
    expect(page.get_by_label("Full name")).to_have_value("Sam Patel")
    page.get_by_label("Telephone number").fill("")
    audit_empty_then_error(page)
    page.get_by_label("Telephone number").fill("020 7946 0000")
    press(page, "Save and continue")

    heading(page, "Your agency's safeguarding lead")
    audit_empty_then_error(page)
    page.get_by_label("Full name of your agency's safeguarding lead").fill("Jo Lead")
    page.get_by_label("Their job title").fill("Head of Safeguarding")
    page.get_by_label("Their email address or telephone number").fill("jo.lead@council.example")
    reason = page.get_by_label("Why has the safeguarding lead not agreed?")
    expect(reason).to_be_hidden()
    choose(page, "lead_agreed", "no")
    expect(reason).to_be_visible()  # the answer reveals its question
    choose(page, "lead_agreed", "yes")
    expect(reason).to_be_hidden()
    press(page, "Save and continue")

    heading(page, "The child or children")
    audit_empty_then_error(page)
    page.get_by_role("button", name="Add a child").click()
    heading(page, "Add a child")
    audit_empty_then_error(page)
    page.get_by_label("Full name or initials").fill("Child A")
    choose(page, "is_unborn", "no")
    fill_date(page, "date_of_birth", CHILD_BORN)
    press(page, "Save and continue")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Child A")
    press(page, "Save and continue")

    heading(page, "Family members and significant others")
    axe_check(page)
    page.get_by_role("button", name="Add a family member").click()
    audit_empty_then_error(page)
    page.locator(".govuk-back-link").click()
    press(page, "There are no family members to add")

    heading(page, "Agencies involved")
    audit_empty_then_error(page)
    page.get_by_role("button", name="Add an agency").click()
    audit_empty_then_error(page)
    page.get_by_label("Agency", exact=True).select_option(label="Example Police")
    press(page, "Save and continue")
    press(page, "Save and continue")

    heading(page, "What happened")
    audit_empty_then_error(page)
    fill_date(page, "incident_date", INCIDENT)
    fill_date(page, "aware_date", AWARE)
    page.get_by_label("What happened?").fill("The child was admitted to hospital with injuries.")
    press(page, "Save and continue")

    heading(page, "Why this case should be considered for a review")
    audit_empty_then_error(page)
    page.get_by_label("A child has been seriously harmed").check()
    choose(page, "abuse_or_neglect", "suspected")
    choose(page, "care_status", "neither")
    page.get_by_label("Why do you think the case meets the criteria for a review?").fill("Serious harm.")
    page.get_by_label("What do you think agencies could learn from a review?").fill("Information sharing.")
    choose(page, "requested_review_type", "not_sure")

    # Leave half way, and come back in a new session.
    press(page, "Save and come back later")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your draft has been saved")
    press(page, "Sign out")
    login_as(page, base_url, referrer, PASSWORD)
    page.goto(f"{base_url}/referrals/new/")
    page.get_by_role("link", name=re.compile("^Continue")).click()

    heading(page, "Immediate concerns and action taken")
    audit_empty_then_error(page)
    choose(page, "immediate_concerns", "no")
    page.get_by_label("What action has already been taken to keep children safe?").fill("Strategy meeting.")
    press(page, "Save and continue")

    heading(page, "Other investigations and reviews")
    axe_check(page)  # optional: no error state to show
    page.get_by_label("Police investigation").check()
    press(page, "Save and continue")

    heading(page, "Whether the family has been told")
    audit_empty_then_error(page)
    choose(page, "family_informed", "no")
    page.get_by_label("Why have they not been told?").fill("The police asked us to wait.")
    press(page, "Save and continue")

    heading(page, "Media interest")
    audit_empty_then_error(page)
    choose(page, "media_interest", "unknown")
    press(page, "Save and continue")

    heading(page, "Supporting documents")
    audit_empty_then_error(page, button="Upload file")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "chronology.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    press(page, "Upload file")
    expect(page.locator(".govuk-summary-list")).to_contain_text("chronology.pdf")
    press(page, "Save and continue")

    heading(page, "Declaration")
    audit_empty_then_error(page)
    page.get_by_label(re.compile("I confirm the information is accurate")).check()
    press(page, "Save and continue")

    heading(page, "Check your answers before submitting your referral")
    expect(page.locator("main")).not_to_contain_text("Incomplete")
    expect(page.locator("main")).to_contain_text("Child A")
    axe_check(page)
    press(page, "Submit referral")

    reference = f"SPR-{date.today().year}-0001"
    expect(page).to_have_url(f"{base_url}/referrals/{reference}/submitted/")
    expect(page.locator("main")).to_contain_text(reference)
    axe_check(page)
