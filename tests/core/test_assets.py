"""The committed front-end build: what the pages load must exist, and carry no GOV.UK branding."""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
CSS = STATIC / "css" / "app.css"


def test_the_stylesheet_uses_arial_not_the_gov_uk_font():
    css = CSS.read_text()

    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css


def test_every_file_the_stylesheet_references_is_shipped():
    # collectstatic with the manifest storage fails on a missing reference (the footer crest).
    for url in re.findall(r'url\("?([^")]+)"?\)', CSS.read_text()):
        if url.startswith("data:"):
            continue
        assert (CSS.parent / url).resolve().is_file(), url


def test_the_pages_scripts_and_icons_are_shipped():
    for path in ("govuk/govuk-frontend.min.js", "images/favicon.svg", "images/favicon.ico"):
        assert (STATIC / path).is_file(), path


def test_no_gov_uk_icons_or_fonts_are_shipped():
    shipped = {p.name for p in STATIC.rglob("*")}

    assert not {n for n in shipped if n.startswith("govuk-icon") or n.endswith((".woff", ".woff2"))}
    assert "manifest.json" not in shipped


def test_axe_core_is_vendored_for_the_browser_tests():
    assert (Path(settings.BASE_DIR) / "tests" / "e2e" / "vendor" / "axe.min.js").stat().st_size > 100_000
