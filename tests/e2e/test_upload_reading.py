"""An uploaded report with a scanned page, in a real browser (issue 15): the coordinator uploads
it and is told what was removed; the worker's reading (eager here: real pdfminer and Tesseract)
flags the scanned page; the uploader cannot clear it; a second coordinator looks at the page as
a reader sees it, is refused an empty note with an error summary, and clears it. axe audits each
page."""

import pikepdf
import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.journey_steps import sign_out
from tests.e2e.kit import axe_check, login_as
from tests.factories import PASSWORD, UserFactory
from tests.publications.helpers import prepared
from tests.publications.uploads import hostile

pytestmark = pytest.mark.browser


@pytest.fixture
def world(base_url, settings, tmp_path):
    settings.CSCP_REQUIRE_2FA = False  # the second factor has its own browser tests
    first = UserFactory(email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR])
    second = UserFactory(email="sam.coord@council.example", full_name="Sam Second", roles=[Role.COORDINATOR])
    publication = prepared(first, render=False)
    report = tmp_path / "Overview report.pdf"
    pdf = hostile.page_pdf(hostile.plain(), hostile.plain())
    scan = hostile.page_pdf()
    hostile._image_page(
        scan,
        hostile._lines_image(["Dear colleague,", "The meeting is on Monday."], size=(1240, 1754)),
        box=(0, 0, 595, 842),
    )
    pdf.pages.insert(1, scan.pages[0])
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"notes")
    report.write_bytes(hostile.saved(pdf))
    return first, second, publication, report


def test_a_scanned_page_is_flagged_and_cleared_by_a_second_coordinator(page, base_url, world):
    first, second, publication, report = world
    login_as(page, base_url, first, PASSWORD)
    page.goto(f"{base_url}/publications/{publication.pk}/report/")
    page.get_by_label("The full report (PDF)").set_input_files(str(report))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Removed from the copy the public will get: an attachment."
    )
    reading = page.get_by_role("table", name="Pages a second coordinator must look at")
    expect(reading).to_contain_text("Page 2")
    expect(reading).to_contain_text("Mostly image")
    axe_check(page)
    reading.get_by_role("link", name="Page 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page 2 of the uploaded report")
    expect(page.locator("main .govuk-warning-text")).to_contain_text("You uploaded this report")
    axe_check(page)
    sign_out(page)

    login_as(page, base_url, second, PASSWORD)
    page.goto(f"{base_url}/publications/{publication.pk}/pages/2/")
    image = page.get_by_role("img", name="Page 2 of the uploaded report")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 500
    page.get_by_text("What OCR read on this page").click()
    expect(page.locator(".govuk-details__text")).to_contain_text("Dear colleague")
    page.get_by_role("button", name="Clear this page").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you looked at on this page")
    axe_check(page)
    page.get_by_label("What did you look at on this page?").fill(
        "The scanned letter about a meeting: no one named"
    )
    page.get_by_role("button", name="Clear this page").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Page 2 cleared.")
    expect(page.get_by_role("table", name="Pages a second coordinator must look at")).to_contain_text(
        "By Sam Second"
    )
    axe_check(page)
