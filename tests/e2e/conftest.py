"""Browser tests: Debian's Chromium driven by Playwright's sync API, against pytest-django's
live server (which also serves the static files through django.contrib.staticfiles).

Never run `playwright install`: it downloads a browser build, and this service tests against
the distribution's Chromium (apt-get install chromium).
"""

import re
from pathlib import Path

import pytest

from cscp.accounts.roles import Role
from tests.e2e.kit import SCREENSHOTS, SCREENSHOTS_WANTED

CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _chromium() -> Path:
    # The real binary first: /usr/bin/chromium is a shell wrapper that prints a harmless
    # "unexpected operator" line on every start.
    for path in CHROMIUM_CANDIDATES:
        if path.exists():
            return path
    pytest.skip("needs Debian's Chromium (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(_chromium()), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleWatch:
    """Console errors and uncaught exceptions seen by a page. A test that expects one (a 404
    page logs the failed document load) says so with allow()."""

    IGNORED = (re.compile(r"/favicon\.(ico|svg)"),)

    def __init__(self):
        self.errors: list[str] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        self.errors.append(f"{message.text} [{where}]")

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def unexpected(self) -> list[str]:
        return [
            error
            for error in self.errors
            if not any(pattern.search(error) for pattern in (*self.IGNORED, *self.allowed))
        ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Each phase's report on the test item, so that the page fixture knows whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(node) -> bool:
    reports = (getattr(node, f"report_{when}", None) for when in ("setup", "call"))
    return any(report is not None and report.failed for report in reports)


@pytest.fixture
def console():
    return ConsoleWatch()


@pytest.fixture
def page(browser, console, request):
    """A fresh browser context per test. CSP is bypassed only so that axe can be injected;
    the page's own scripts still carry their nonces. Fails the test on console errors and, when
    the test failed (or CSCP_SCREENSHOTS is set), keeps a screenshot of the last page in
    test-artifacts/screenshots/."""
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    yield page
    try:
        if SCREENSHOTS_WANTED or _failed(request.node):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    unexpected = console.unexpected()
    if unexpected:
        pytest.fail("Console errors on the page:\n" + "\n".join(unexpected), pytrace=False)


@pytest.fixture
def base_url(live_server, transactional_db):
    """The live server's root URL, without a trailing slash."""
    _restore_role_groups()
    return live_server.url.rstrip("/")


def _restore_role_groups():
    # Transactional tests flush every table afterwards, including the role groups that
    # migration accounts/0002 created; put them back for the next browser test.
    from django.contrib.auth.models import Group

    for role in Role.values:
        Group.objects.get_or_create(name=role)
