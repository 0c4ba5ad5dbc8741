"""A member finds a referral in the triage queue and records the Review Group's decision in a
real browser: the form empty and in its error state, the confirm page, all audited by axe; then
the referrer signs in and sees the outcome and the message written for them, never the
rationale."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory
from tests.reviews.decision_answers import awaiting_decision

pytestmark = pytest.mark.browser

RATIONALE = "RATIONALE-FOR-STAFF-ONLY: agencies shared information late."
MESSAGE = "Thank you for your referral. The Review Group has commissioned a learning review."


@pytest.fixture
def member(base_url, settings):
    # Staff sign in with a password only here: the second factor has its own browser tests.
    settings.CSCP_REQUIRE_2FA = False
    return UserFactory(email="amara.bello@council.example", full_name="Amara Bello", roles=[Role.MEMBER])


@pytest.fixture
def referral(base_url):
    return awaiting_decision()


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_member_records_the_decision_and_the_referrer_sees_the_outcome(page, base_url, member, referral):
    login_as(page, base_url, member, PASSWORD)
    page.goto(f"{base_url}/triage/")
    page.get_by_label("Reference").fill(referral.reference)
    press(page, "Apply filters")
    page.get_by_role("link", name=referral.reference).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Record the decision").click()
    expect(page.locator("h1")).to_have_text("Record the Review Group's decision")
    axe_check(page)

    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the rationale for the decision")
    axe_check(page)

    page.get_by_label("Learning review").check()
    page.get_by_label("Rationale").fill(RATIONALE)
    page.get_by_label("Message to the referrer").fill(MESSAGE)
    page.get_by_label("(c) It raises concerns about two or more agencies working together").check()
    page.get_by_label("Amara Bello").check()
    page.get_by_label("Local authority").fill("Director of Children's Services")
    page.get_by_label("Integrated care board").fill("Director of Nursing")
    page.get_by_label("Police").fill("Detective Superintendent")
    press(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check the decision before you record it")
    expect(page.locator(".govuk-summary-list")).to_contain_text(RATIONALE)
    axe_check(page)
    press(page, "Record decision")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Review case REV-")

    page.context.clear_cookies()
    login_as(page, base_url, referral.created_by, PASSWORD)
    page.goto(f"{base_url}/referrals/{referral.reference}/")
    outcome = page.locator(".govuk-inset-text")
    expect(outcome).to_contain_text("Learning review")
    expect(outcome).to_contain_text(MESSAGE)
    assert "RATIONALE-FOR-STAFF-ONLY" not in page.content()
    axe_check(page)


def test_the_group_chooses_what_it_considered_and_a_message_naming_the_child_is_refused(
    page, base_url, member, referral
):
    """Issue 17 §4 in the browser: no similar referral starts ticked; 'None of these' clears the
    others (and they clear it); a message naming the child is refused on its field with what was
    found, the typed text kept; both states audited by axe."""
    from tests.factories import submitted_referral_factory

    referral.children.update(full_name="Zoë Okonkwo-Hart")
    similar = submitted_referral_factory(criteria=referral.criteria)
    login_as(page, base_url, member, PASSWORD)
    page.goto(f"{base_url}/triage/{referral.reference}/decision/")

    suggestion = page.get_by_label(f"Referral {similar.reference}", exact=False)
    none = page.get_by_label("None of these was relevant")
    expect(suggestion).not_to_be_checked()
    expect(none).not_to_be_checked()
    suggestion.check()
    none.check()
    expect(suggestion).not_to_be_checked()  # exclusive: 'None of these' clears the others
    suggestion.check()
    expect(none).not_to_be_checked()
    axe_check(page)

    typed = "Thank you. The review will look at what happened to zoe\nand her family."
    page.get_by_label("Message to the referrer").fill(typed)
    press(page, "Continue")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The message names the child: ‘zoe’")
    expect(page.locator("#div_id_message_to_referrer .govuk-error-message")).to_contain_text("‘zoe’")
    expect(page.get_by_label("Message to the referrer")).to_have_value(typed)
    expect(page.get_by_label(f"Referral {similar.reference}", exact=False)).to_be_checked()
    axe_check(page)
