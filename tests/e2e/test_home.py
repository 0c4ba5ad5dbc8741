"""The home page in a real browser: accessible, styled, and usable from the keyboard."""

import pytest
from playwright.sync_api import expect

from tests.e2e.kit import axe_check

pytestmark = pytest.mark.browser


def test_the_home_page_passes_an_accessibility_audit(page, base_url):
    page.goto(f"{base_url}/")

    axe_check(page)


def test_the_home_page_has_one_main_heading(page, base_url):
    page.goto(f"{base_url}/")

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()


def test_the_home_page_tells_people_what_to_do_if_a_child_is_in_danger(page, base_url):
    page.goto(f"{base_url}/")

    warning = page.locator(".govuk-warning-text", has_text="999")
    expect(warning.first).to_be_visible()


def test_the_skip_link_moves_focus_to_the_main_content(page, base_url):
    page.goto(f"{base_url}/")

    page.keyboard.press("Tab")
    expect(page.locator(".govuk-skip-link")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("main#main-content")).to_be_focused()


def test_the_stylesheet_loads(page, base_url):
    stylesheets = []
    page.on("response", lambda r: stylesheets.append(r) if r.url.endswith(".css") else None)
    page.goto(f"{base_url}/")

    assert stylesheets, "the page requested no stylesheet"
    assert all(r.status == 200 for r in stylesheets), [(r.url, r.status) for r in stylesheets]
    # GOV.UK Frontend sets the font on its components, not on <body>.
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "arial" in font.lower()
    header = page.locator(".govuk-template__header, header").first
    background = header.evaluate("el => getComputedStyle(el.firstElementChild || el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
