"""A referral made with the keyboard alone (WCAG 2.1.1), in a real browser: from the home page's
"Start a new referral" to the confirmation, with Tab and Shift+Tab to move, Space for radios and
checkboxes, the arrow keys within a group of radios, typing, and Enter to follow a link or press
a button. No mouse click, no page.fill. Along the way: the focused control has a visible focus
style (WCAG 2.4.7), and a page sent with a mistake puts the focus on its error summary."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.factories import PASSWORD, AgencyFactory, AllowedDomainFactory, UserFactory
from tests.referrals.draft.posts import AWARE, CHILD_BORN, INCIDENT

pytestmark = pytest.mark.browser

# The GOV.UK focus colour (#ffdd00): every focus style of the design system shows it, as an
# outline, a background or a box shadow (on a radio's or checkbox's label for those inputs).
FOCUS_COLOUR = "rgb(255, 221, 0)"
_FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const box = el.type === 'radio' || el.type === 'checkbox';
  const style = getComputedStyle(box ? el.labels[0] : el, box ? '::before' : null);
  const outline = style.outlineStyle !== 'none' ? style.outlineColor : '';
  return [outline, style.backgroundColor, style.boxShadow].join(' | ');
}"""
_ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, name: el.name || '', value: el.value || '', id: el.id || '',
          text: (el.innerText || '').trim(), href: el.getAttribute('href') || ''};
}"""


@pytest.fixture
def referrer(base_url):
    council = AgencyFactory(name="Example Council")
    AllowedDomainFactory(domain="council.example", agency=council)
    return UserFactory(
        email="sam.patel@council.example",
        full_name="Sam Patel",
        job_title="Senior Social Worker",
        phone="020 7946 0000",
        agency=council,
        roles=[Role.REFERRER],
    )


def active(page) -> dict:
    return page.evaluate(_ACTIVE)


def tab_to(page, matches, *, backwards=False, limit=80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element is the one wanted."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = active(page)
        if matches(element):
            return element
    pytest.fail(f"{key} never reached the control wanted on {page.url}")


def field(name):
    return lambda element: element["name"] == name


def button(text):
    return lambda element: element["tag"] in ("BUTTON", "A") and element["text"] == text


def type_into(page, name, text, *, clear=False):
    tab_to(page, field(name))
    if clear:
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
    page.keyboard.type(text)


def type_date(page, name, day: date):
    tab_to(page, field(f"{name}_0"))
    page.keyboard.type(str(day.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.year))


def choose(page, name, value):
    """Tab into a group of radios, then the arrow keys to the answer (which selects it), or
    Space when the answer is the radio the focus lands on."""
    element = tab_to(page, field(name))
    for _ in range(10):
        if element["value"] == value:
            page.keyboard.press("Space")
            expect(page.locator(f"input[name={name}][value={value}]")).to_be_checked()
            return
        page.keyboard.press("ArrowDown")
        element = active(page)
    pytest.fail(f"no radio {name}={value}")


def tick(page, name, value=None):
    tab_to(page, lambda e: e["name"] == name and (value is None or e["value"] == value))
    page.keyboard.press("Space")


def press_enter(page):
    """Enter on a link, a button or a text box: the next page loads."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def enter_on(page, text, *, backwards=False):
    tab_to(page, button(text), backwards=backwards)
    press_enter(page)


def heading(page, text):
    expect(page.locator("h1")).to_have_text(text)


def assert_focus_visible(page):
    style = page.evaluate(_FOCUS_STYLE)
    assert FOCUS_COLOUR in style, f"no visible focus style on {active(page)}: {style}"


def test_a_referral_can_be_made_with_the_keyboard_alone(page, base_url, referrer):
    # Sign in.
    page.goto(f"{base_url}/accounts/login/")
    type_into(page, "username", referrer.email)
    assert_focus_visible(page)
    type_into(page, "password", PASSWORD)
    press_enter(page)  # implicit submission from a text box
    expect(page.locator("header")).to_contain_text("Sign out")

    # The service navigation's "My referrals", then "Start a new referral".
    tab_to(page, lambda e: e["tag"] == "A" and e["text"] == "My referrals")
    assert_focus_visible(page)  # a link
    press_enter(page)
    enter_on(page, "Start a new referral")
    heading(page, "Refer a case for a Safeguarding Practice Review")
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"].startswith("Start now"))
    assert_focus_visible(page)  # a button
    press_enter(page)

    # About you: prefilled; a mistake first, whose error summary takes the focus.
    heading(page, "About you")
    type_into(page, "referrer_phone", "", clear=True)
    enter_on(page, "Save and continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a telephone number")
    tab_to(page, lambda e: e["tag"] == "A" and e["href"] == "#id_referrer_phone")
    page.keyboard.press("Enter")  # the summary's link moves the focus to the field
    expect(page.locator("#id_referrer_phone")).to_be_focused()
    assert_focus_visible(page)  # a text box
    page.keyboard.type("020 7946 0000")
    press_enter(page)

    heading(page, "Your agency's safeguarding lead")
    type_into(page, "lead_name", "Jo Lead")
    type_into(page, "lead_job_title", "Head of Safeguarding")
    type_into(page, "lead_contact", "jo.lead@council.example")
    choose(page, "lead_agreed", "no")
    tab_to(page, field("lead_not_agreed_reason"))  # the answer revealed its question
    tab_to(page, field("lead_agreed"), backwards=True)
    page.keyboard.press("ArrowUp")  # back to "Yes", which hides the question again
    expect(page.locator("input[name=lead_agreed][value=yes]")).to_be_checked()
    assert_focus_visible(page)  # a radio
    expect(page.locator("[name=lead_not_agreed_reason]")).to_be_hidden()
    enter_on(page, "Save and continue")

    heading(page, "The child or children")
    enter_on(page, "Add a child")
    type_into(page, "full_name", "Child A")
    choose(page, "is_unborn", "no")
    type_date(page, "date_of_birth", CHILD_BORN)
    enter_on(page, "Save and continue")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Child A")
    enter_on(page, "Save and continue")

    heading(page, "Family members and significant others")
    enter_on(page, "There are no family members to add")

    heading(page, "Agencies involved")
    enter_on(page, "Add an agency")
    type_into(page, "agency_name", "Example Community Health Trust")
    enter_on(page, "Save and continue")
    enter_on(page, "Save and continue")

    heading(page, "What happened")
    type_date(page, "incident_date", INCIDENT)
    type_date(page, "aware_date", AWARE)
    type_into(page, "incident_description", "The child was admitted to hospital with injuries.")
    enter_on(page, "Save and continue")

    heading(page, "Why this case should be considered for a review")
    tick(page, "criteria", "serious_harm")
    assert_focus_visible(page)  # a checkbox
    expect(page.locator("input[name=criteria][value=serious_harm]")).to_be_checked()
    choose(page, "abuse_or_neglect", "suspected")
    choose(page, "care_status", "neither")
    type_into(page, "reasons_criteria_met", "Serious harm.")
    type_into(page, "learning_anticipated", "Information sharing.")
    choose(page, "requested_review_type", "not_sure")
    enter_on(page, "Save and continue")

    heading(page, "Immediate concerns and action taken")
    choose(page, "immediate_concerns", "no")
    type_into(page, "actions_taken", "Strategy meeting.")
    enter_on(page, "Save and continue")

    heading(page, "Other investigations and reviews")
    tick(page, "parallel_processes", "police_investigation")
    enter_on(page, "Save and continue")

    heading(page, "Whether the family has been told")
    choose(page, "family_informed", "no")
    type_into(page, "family_not_informed_reason", "The police asked us to wait.")
    enter_on(page, "Save and continue")

    heading(page, "Media interest")
    choose(page, "media_interest", "unknown")
    enter_on(page, "Save and continue")

    heading(page, "Supporting documents")
    enter_on(page, "Save and continue")

    heading(page, "Declaration")
    tick(page, "declaration_confirmed")
    enter_on(page, "Save and continue")

    heading(page, "Check your answers before submitting your referral")
    expect(page.locator("main")).not_to_contain_text("Incomplete")
    tab_to(page, button("Submit referral"))
    assert_focus_visible(page)
    press_enter(page)

    reference = f"SPR-{date.today().year}-0001"
    expect(page).to_have_url(re.compile(rf"/referrals/{reference}/submitted/$"))
    expect(page.locator("main")).to_contain_text(reference)
