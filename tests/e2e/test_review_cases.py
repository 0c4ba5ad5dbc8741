"""A coordinator takes a commissioned review case all the way to pre-publication in a real
browser: appoints the reviewer, records the terms of reference and who was told, requests an
agency's chronology and marks it received, records a practitioner event and the family's
involvement, uploads the draft and the final report (a wrong file first), and moves the case
through every stage, each page and error state audited by axe. Then the reviewer signs in,
sees only the case they are appointed to, adds a version of the draft, and gets 404 for the
other case and its documents."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, login_as
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    CaseDocumentFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TODAY = timezone.localdate()
DECIDED = TODAY - datetime.timedelta(days=90)


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
    AgencyFactory(name="Northshire Police")
    mine = ReviewCaseFactory(reference="REV-2026-101", title="Learning from case A", commissioned_on=DECIDED)
    other = ReviewerAppointmentFactory(case__reference="REV-2026-102", case__title="Someone else's").case
    document = CaseDocumentFactory(case=other, title="Their draft")
    return mine, other, document


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def follow(page, name):
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def fill_date(page, name: str, day: datetime.date):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def move(page, label, stage):
    follow(page, label)
    press(page, label)
    expect(page.get_by_test_id("stage")).to_have_text(stage)


def upload(page, kind, title, *, name="report.pdf", content=PDF):
    follow(page, "Add a document")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("File").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": content}
    )
    press(page, "Upload document")


@pytest.mark.longest
def test_a_coordinator_takes_a_case_to_pre_publication_and_the_reviewer_sees_only_theirs(
    page, base_url, console, people, cases
):
    coordinator, reviewer = people
    mine, other, their_document = cases
    login_as(page, base_url, coordinator, PASSWORD)
    page.goto(f"{base_url}/reviews/")
    expect(page.get_by_test_id("cases")).to_contain_text("REV-2026-102")
    axe_check(page)
    follow(page, "REV-2026-101")
    expect(page.get_by_test_id("stage")).to_have_text("Commissioned")
    axe_check(page)

    # Commissioned: scoping needs a reviewer and the terms of reference, so the page says so,
    # each with its link, instead of the button (issue 17 §5).
    needs = page.get_by_test_id("move-needs-scoping")
    expect(needs).to_contain_text("Appoint a reviewer")
    expect(needs).to_contain_text("Record the terms of reference")
    expect(page.get_by_role("link", name="Move to scoping")).to_have_count(0)
    needs.get_by_role("link", name="Appoint a reviewer").click()
    page.wait_for_load_state()
    press(page, "Appoint reviewer")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a reviewer")
    axe_check(page)
    page.get_by_label("Reviewer").select_option(label="Margaret Ellison (margaret@independent.example)")
    press(page, "Appoint reviewer")
    expect(page.get_by_test_id("reviewers")).to_contain_text("Margaret Ellison")

    follow(page, "Change the case details")
    axe_check(page)
    page.get_by_label("Pseudonym for the published report (optional)").fill("Child Q")
    page.get_by_label("Systems approach").check()
    page.get_by_label("Terms of reference").fill("How agencies shared information before the incident.")
    for name in ("panel_informed_on", "ofsted_informed_on", "dfe_informed_on"):
        fill_date(page, name, DECIDED + datetime.timedelta(days=2))
    press(page, "Save details")
    expect(page.get_by_test_id("terms")).to_contain_text("How agencies shared information")

    move(page, "Move to scoping", "Scoping")
    move(page, "Move to in progress", "In progress")
    expect(page.get_by_test_id("timeline")).to_contain_text("Scoping to in progress, by Jo Coord")

    # In progress: an agency's chronology, asked for and received.
    follow(page, "Add a contribution request")
    press(page, "Request contribution")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what has been asked for")
    axe_check(page)
    page.get_by_label("Agency", exact=True).select_option(label="Northshire Police")
    page.get_by_label("Chronology").check()
    fill_date(page, "requested_on", DECIDED + datetime.timedelta(days=10))
    press(page, "Request contribution")
    contributions = page.get_by_test_id("contributions")
    expect(contributions).to_contain_text("Northshire Police")
    expect(contributions).to_contain_text("Overdue")
    axe_check(page)
    page.get_by_role("link", name="Mark received").click()
    fill_date(page, "received_on", TODAY - datetime.timedelta(days=1))
    press(page, "Save")
    # Received after its due date: the Panel asks why (issue 16 §2), and what was typed is kept.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the contribution came late")
    page.get_by_label("If it came after its due date, why?").fill("The agency's author was on leave")
    press(page, "Save")
    expect(contributions).not_to_contain_text("Not yet")
    expect(contributions).to_contain_text("Reason: The agency's author was on leave")

    follow(page, "Add a practitioner event")
    page.get_by_label("Practitioner learning event").check()
    fill_date(page, "held_on", TODAY - datetime.timedelta(days=7))
    page.get_by_label("Number of practitioners attending (optional)").fill("12")
    press(page, "Save event")
    expect(page.get_by_test_id("practitioner-events")).to_contain_text("12")

    follow(page, "Add a family member")
    page.get_by_label("Relationship to the child").fill("Mother")
    fill_date(page, "invited_on", DECIDED + datetime.timedelta(days=14))
    page.get_by_label("Agreed to take part").check()
    fill_date(page, "contributed_on", DECIDED + datetime.timedelta(days=40))
    press(page, "Save")
    expect(page.get_by_role("heading", name="Mother")).to_be_visible()
    expect(page.get_by_test_id("family")).to_contain_text("Agreed to take part")
    axe_check(page)

    # The draft: refused without it, then a wrong file, then the PDF.
    # No draft yet: what the move needs, with its link, instead of the button (issue 17 §5).
    expect(page.get_by_test_id("move-needs-draft_review")).to_contain_text("Upload the draft report")
    expect(page.get_by_role("link", name="Move to draft review")).to_have_count(0)
    axe_check(page)
    upload(page, "Draft report", "Overview report", name="draft.pdf", content=b"MZ\x90\x00not a pdf")
    expect(page.locator(".govuk-error-summary")).to_contain_text("program")
    expect(page.get_by_label("Title")).to_have_value("Overview report")
    axe_check(page)
    page.get_by_label("File").set_input_files(
        {"name": "draft.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, "Upload document")
    page.goto(f"{base_url}/reviews/{mine.reference}/")
    expect(page.get_by_test_id("documents")).to_contain_text("Overview report")
    move(page, "Move to draft review", "Draft review")
    move(page, "Move to final approved", "Final approved")

    # Final approved: the final report and the dates it went to the Panel and the Secretary of State.
    upload(page, "Final report", "Final report")
    page.goto(f"{base_url}/reviews/{mine.reference}/")
    follow(page, "Change the case details")
    for name in ("final_report_sent_panel_on", "final_report_sent_sos_on", "final_report_sent_ofsted_on"):
        fill_date(page, name, TODAY)
    press(page, "Save details")
    move(page, "Move to pre-publication", "Pre-publication")
    expect(page.locator("body")).to_contain_text("7 working days after the final report")
    expect(page.get_by_test_id("timeline")).to_contain_text("Final approved to pre-publication, by Jo Coord")
    axe_check(page)

    # The reviewer: only their case, a new version of the draft, 404 elsewhere.
    page.context.clear_cookies()
    login_as(page, base_url, reviewer, PASSWORD)
    page.goto(f"{base_url}/reviews/")
    table = page.get_by_test_id("cases")
    expect(table).to_contain_text("REV-2026-101")
    expect(table).not_to_contain_text("REV-2026-102")
    axe_check(page)
    follow(page, "REV-2026-101")
    expect(page.get_by_test_id("stage")).to_have_text("Pre-publication")
    axe_check(page)
    follow(page, "Overview report")
    follow(page, "Upload a new version")
    page.get_by_label("File").set_input_files(
        {"name": "draft-v2.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, "Upload version")
    expect(page.locator("body")).to_contain_text("draft-v2.pdf")
    axe_check(page)

    console.allow(rf"status of 404.*/reviews/{other.reference}/")
    for url in (
        f"/reviews/{other.reference}/",
        f"/reviews/{other.reference}/documents/",
        f"/reviews/{other.reference}/documents/{their_document.pk}/v1/",
    ):
        assert page.goto(f"{base_url}{url}").status == 404, url
