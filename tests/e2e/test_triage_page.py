"""Triage in a real browser: a coordinator opens a submitted referral, starts triage, records
the serious incident notification, starts and completes the rapid review and sends it to the
Panel. axe finds no violation on any page, empty or showing errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import ReferralStatus
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


@pytest.fixture
def coordinator(base_url, settings):
    # The second factor has its own browser test; here the coordinator signs in with a password.
    settings.CSCP_REQUIRE_2FA = False
    return UserFactory(email="coordinator@council.example", roles=["coordinator"])


@pytest.fixture
def referral(coordinator):
    return submitted_referral_factory(aware_date=TODAY - timedelta(days=4))


def fill_date(page, name, day):
    page.fill(f"input[name={name}_0]", str(day.day))
    page.fill(f"input[name={name}_1]", str(day.month))
    page.fill(f"input[name={name}_2]", str(day.year))


def test_a_coordinator_takes_a_referral_through_the_rapid_review_to_the_panel(
    page, base_url, coordinator, referral
):
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/triage/{referral.reference}/")
    expect(page.locator("h1")).to_have_text(referral.reference)
    axe_check(page)

    page.get_by_role("button", name="Start triage").click()
    expect(page.get_by_text("Triage started.")).to_be_visible()
    expect(page.get_by_text("Panel notification")).to_be_visible()
    axe_check(page)

    # The notification: first a date in the wrong order, then right.
    page.get_by_role("link", name="Record whether the case must be notified to the Panel").click()
    axe_check(page)
    page.get_by_label("Yes").check()
    fill_date(page, "sent_on", TODAY - timedelta(days=10))
    page.get_by_role("button", name="Save the notification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be the same as or after")
    axe_check(page)
    fill_date(page, "sent_on", TODAY - timedelta(days=1))
    page.get_by_role("button", name="Save the notification").click()
    expect(page.get_by_text("The serious incident notification has been saved.")).to_be_visible()

    # The rapid review starts, then its record: first a Panel response too early.
    page.get_by_role("link", name="Start the rapid review").click()
    axe_check(page)
    fill_date(page, "started_on", TODAY)
    page.get_by_role("button", name="Start the rapid review").click()
    expect(page.get_by_text("The rapid review has started.")).to_be_visible()

    page.get_by_role("link", name="Complete the rapid review record").click()
    axe_check(page)
    page.get_by_label("Good practice (optional)").fill("Health visitor escalated promptly.")
    page.get_by_label("Agrees with the recommendation", exact=True).check()
    page.get_by_role("button", name="Save the rapid review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("after the rapid review has been sent")
    expect(page.get_by_label("Good practice (optional)")).to_have_value("Health visitor escalated promptly.")
    axe_check(page)
    page.get_by_label("(b) It highlights or may highlight recurrent themes").check()
    page.get_by_label("A local child safeguarding practice review", exact=True).check()
    page.get_by_label("Signed off for the local authority (optional)").fill("Director of Children's Services")
    page.get_by_label("Signed off for the integrated care board (optional)").fill("Director of Nursing")
    page.get_by_label("Signed off for the police (optional)").fill("Detective Superintendent")
    # A radio cannot be unticked by clicking it: clear the too-early Panel response directly.
    page.evaluate("document.querySelectorAll('input[name=panel_response]').forEach(r => r.checked = false)")
    page.get_by_role("button", name="Save the rapid review").click()
    expect(page.get_by_text("The rapid review record has been saved.")).to_be_visible()

    # Sent to the Panel after a confirm step.
    page.get_by_role("link", name="Send to the Panel").click()
    expect(page.locator("h1")).to_have_text("Send the rapid review to the Panel")
    axe_check(page)
    page.get_by_role("button", name="Send to the Panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date sent to the Panel")
    axe_check(page)
    fill_date(page, "sent_on", TODAY)
    page.get_by_role("button", name="Send to the Panel").click()
    expect(page.get_by_text("The rapid review has been sent to the Panel.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Awaiting decision")
    axe_check(page)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_DECISION


def test_a_referrer_answers_the_review_groups_question_in_their_portal(page, base_url, coordinator, referral):
    from reviews.triage import services
    from reviews.triage.information_requests import information_request

    services.triage_start(referral=referral, by=coordinator)
    information_request(referral=referral, by=coordinator, question="Was the school told?")
    referral.created_by.set_password(PASSWORD)
    referral.created_by.save()
    login_as(page, base_url, referral.created_by, PASSWORD)

    page.goto(f"{base_url}/referrals/{referral.reference}/")
    expect(page.get_by_text("Questions from the Review Group")).to_be_visible()
    page.get_by_role("link", name="Answer").click()
    expect(page.get_by_text("Was the school told?")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your answer")
    axe_check(page)
    page.get_by_label("Your answer").fill("Yes, the same afternoon.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer has been sent to the Review Group.")).to_be_visible()
    expect(page.get_by_text("Answered")).to_be_visible()


def test_a_coordinator_answers_a_likely_duplicate(page, base_url, coordinator, referral):
    """Issue 17 §3: the match shows on the triage page; the answer page, empty and with its
    error, passes axe; once related, each referral lists the other."""
    from referrals.models import Child

    earlier = submitted_referral_factory(
        incident_date=TODAY - timedelta(days=31), aware_date=TODAY - timedelta(days=30)
    )
    Child.objects.filter(referral__in=[referral, earlier]).update(
        full_name="Jade Brown", home_address="12 Acacia Avenue, Croydon CR0 1AB"
    )
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/triage/{referral.reference}/")
    expect(page.get_by_test_id("likely-duplicates")).to_contain_text(
        "Another referral may be about the same child"
    )
    axe_check(page)
    page.get_by_role("link", name=f"Answer whether {earlier.reference} is about the same child").click()
    expect(page.get_by_role("heading", name=f"Is {earlier.reference} about the same child?")).to_be_visible()
    page.get_by_label("Why?").fill("Same school and GP")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the referrals are about the same child"
    )
    expect(page.get_by_label("Why?")).to_have_value("Same school and GP")
    axe_check(page)
    page.get_by_label("Yes: relate them, so that each shows the other").check()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_test_id("related-referrals")).to_contain_text(earlier.reference)
    page.goto(f"{base_url}/triage/{earlier.reference}/")
    expect(page.get_by_test_id("related-referrals")).to_contain_text(referral.reference)
