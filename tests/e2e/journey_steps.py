"""Steps shared by the whole-journey browser tests: pressing buttons, following links, filling
a form from the same POST-shaped answers the other tests use (tests/referrals/draft_posts.py),
auditing and photographing each page, and a staff member's TOTP codes.

Copied from (not imported out of) the single-journey tests, which stay as they are."""

import re
import time
from datetime import date

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.kit import SCREENSHOTS, SCREENSHOTS_WANTED, axe_check

ERROR_SUMMARY = ".govuk-error-summary"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def follow(page, name):
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()


def heading(page, text):
    expect(page.locator("h1")).to_have_text(text)


def fill_date(page, name: str, day: date):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"[name={name}_{part}]").fill(str(value))


def fill_answers(page, answers: dict):
    """Fill a form from POST-shaped answers ({name: value}, a list for checkboxes, a date
    split into name_0/1/2 by draft_posts.date_parts), in order, as a person would: a radio's
    answer first reveals the questions that follow it. Empty values are left alone."""
    for name, value in answers.items():
        if value in ("", None, []):
            continue
        field = page.locator(f"[name='{name}']")
        kind = field.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : (e.type || 'text')")
        if kind == "select":
            field.select_option(value)
        elif kind == "checkbox" and value in (True, "on"):
            field.check()
        elif kind in ("radio", "checkbox"):
            for one in value if isinstance(value, list) else [value]:
                page.locator(f"[name='{name}'][value='{one}']").check()
        else:
            field.fill(str(value))


class Journey:
    """Audits every page with axe and, when CSCP_SCREENSHOTS is set (`make screenshots`), keeps
    a numbered screenshot of each step in test-artifacts/screenshots/<folder>/NN-<step>.png."""

    def __init__(self, page, folder: str):
        self.page = page
        self.folder = SCREENSHOTS / folder
        if SCREENSHOTS_WANTED:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob("*.png"):
                old.unlink()
        self.number = 0

    def seen(self, step: str, *, same_step=False):
        """The page now showing: no WCAG 2.2 AA violation, and its screenshot (numbered as the
        step before when it is that step's form again, showing its errors)."""
        axe_check(self.page)
        self.number += 0 if same_step else 1
        if not SCREENSHOTS_WANTED:
            return
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        self.page.screenshot(path=str(self.folder / f"{self.number:02d}-{slug}.png"), full_page=True)

    def errors(self, step: str, button: str, *, expect_text: str = ""):
        """The form sent as it is: its error summary shows (and takes the focus), audited."""
        press(self.page, button)
        summary = self.page.locator(ERROR_SUMMARY)
        expect(summary).to_be_visible()
        if expect_text:
            expect(summary).to_contain_text(expect_text)
        self.seen(f"{step}-errors", same_step=True)


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code the staff member's authenticator app shows now (or `steps_ahead` 30-second
    steps later: a code already used is refused, and the device tolerates one step of drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return str(totp.token()).zfill(device.digits)


def staff_sign_in(page, base_url, email, password, device, *, steps_ahead=0):
    """Sign in with a password, then the second factor from an enrolled device."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    press(page, "Sign in")
    heading(page, "Enter your security code")
    device.refresh_from_db()
    page.get_by_label("Enter the 6-digit code").fill(totp_code(device, steps_ahead=steps_ahead))
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()


def sign_out(page):
    press(page, "Sign out")
    page.context.clear_cookies()
