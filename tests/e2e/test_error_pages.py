"""Error pages in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.e2e.kit import axe_check

pytestmark = pytest.mark.browser


def test_the_not_found_page_is_accessible(page, base_url, console):
    console.allow(r"status of 404.*no-such-page")

    response = page.goto(f"{base_url}/no-such-page/")

    assert response.status == 404
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)
