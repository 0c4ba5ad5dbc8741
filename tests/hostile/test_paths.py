"""Hostile text in the parts of staff URLs that are text, not numbers (issue 7 §4): a case's
stage to move to, a section's direction, a theme's slug, a record's history address and a
recommendation number in the query. Never a 5xx."""

from urllib.parse import quote

import pytest
from auditlog.registry import auditlog
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PublicationFactory, PublicationSectionFactory, ReviewCaseFactory
from tests.hostile.strategies import HOSTILE, get, post

pytestmark = pytest.mark.django_db

AUDITED = st.sampled_from(sorted((m._meta.app_label, m._meta.model_name) for m in auditlog.get_models()))


def part(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="") or "x"


@pytest.fixture
def world(coordinator):
    case = ReviewCaseFactory(status="in_progress")
    section = PublicationSectionFactory(publication=PublicationFactory(created_by=coordinator))
    return case, section


@given(text=HOSTILE, audited=AUDITED | st.tuples(HOSTILE, HOSTILE), pk=HOSTILE | st.just("1"))
def test_hostile_text_in_staff_urls(as_coordinator, world, text, audited, pk):
    label, model = audited
    case, section = world
    publication = section.publication
    for url in (
        f"/reviews/{case.reference}/move/{part(text)}/",
        f"/publications/{publication.pk}/sections/{section.pk}/move/{part(text)}/",
        f"/triage/themes/{part(text)}/",
        f"/accounts/verify/{part(text)}/",
    ):
        get(as_coordinator, url)
        post(as_coordinator, url, {"expected": text, "note": text})
    get(as_coordinator, f"/reviews/{case.reference}/actions/add/", {"recommendation": text})
    get(as_coordinator, f"/audit/{part(label)}/{part(model)}/{part(pk)}/", {"page": text})
