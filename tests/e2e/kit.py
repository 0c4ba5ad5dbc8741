"""Helpers for the browser tests: accessibility audits and signing in.

The fixtures that launch Chromium and open pages live in tests/e2e/conftest.py.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# The test settings serve tests/e2e/vendor/ as static files under this prefix. Loaded by its URL,
# Chromium keeps axe's compiled code between pages; inlined, it parses its 650 kB on every page
# audited (about 60 ms more each time, and a journey audits a hundred pages).
AXE_STATIC_PREFIX = "test-vendor"
# A full-page screenshot costs a fifth of a second or more, and the browser tests take a few
# hundred: they are kept for a failed test always, for every test and journey step only when
# asked (`make screenshots`).
SCREENSHOTS_WANTED = os.environ.get("CSCP_SCREENSHOTS", "") not in ("", "0")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async ([context, tags]) => {
  const result = await axe.run(context || document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def axe_violations(page, context: str | None = None) -> list[dict]:
    """Run axe-core on the page (or on the elements a CSS selector matches)."""
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `make assets` "
            "(scripts/build-assets.sh copies axe-core's axe.min.js there)."
        )
    # A click that navigates returns once the new document is committed, possibly before it
    # has a <head> to take axe's script tag: wait for the page to have loaded.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        _load_axe(page)
    return page.evaluate(_RUN_AXE, [context, AXE_TAGS])


def _load_axe(page) -> None:
    url = urlsplit(page.url)
    if url.scheme in ("http", "https"):
        page.add_script_tag(
            url=f"{url.scheme}://{url.netloc}{settings.STATIC_URL}{AXE_STATIC_PREFIX}/axe.min.js"
        )
    else:  # a page made with set_content has no server to load it from
        page.add_script_tag(path=str(AXE_JS))


def axe_check(page, context: str | None = None) -> None:
    """Fail the test, listing every WCAG 2.2 AA violation axe-core finds on the page."""
    violations = axe_violations(page, context)
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    at {target}" for target in v["targets"])
        pytest.fail("\n".join(lines), pytrace=False)


def login_as(page, base_url: str, user, password: str) -> None:
    """Sign in through the real form at /accounts/login/ (email address and password)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.email if hasattr(user, "email") else str(user))
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
