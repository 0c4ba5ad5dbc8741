from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def email_test_templates(settings):
    """Adds tests/notifications/templates/emails/outbox-test-* beside the real templates."""
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [TEST_TEMPLATES, *engine["DIRS"]]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


@pytest.fixture
def context():
    return {
        "name": "Sam O'Neill",
        "reference": "SPR-2026-0042",
        "link": "http://testserver/referrals/SPR-2026-0042/",
    }
