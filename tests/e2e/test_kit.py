"""The browser test kit itself: it must catch what it claims to catch."""

import pytest
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from tests.e2e.kit import axe_check, axe_violations, login_as
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_axe_check_reports_each_violation_with_its_target(page):
    page.set_content('<html lang="en"><title>t</title><main><img src="data:," id="bare"></main></html>')

    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)[\s\S]*at #bare"):
        axe_check(page)


def test_axe_check_can_audit_one_part_of_the_page(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><p id="fine">Fine</p><img src="data:,"></main></html>'
    )

    assert axe_violations(page, "#fine") == []


def test_the_console_watch_records_console_errors(page, console):
    page.set_content("<script>console.error('something broke')</script>")

    assert any("something broke" in error for error in console.unexpected())
    console.allow("something broke")  # so that this test's own teardown passes


def test_login_as_signs_in_through_the_form(page, base_url):
    user = UserFactory(email="priya@council.example", roles=[Role.REFERRER])

    login_as(page, base_url, user, PASSWORD)

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
