"""The demo publications that `manage.py seed_demo` adds for `make run`."""

from io import StringIO

import pytest
from django.core.management import call_command

from publications.guard import checks
from publications.models import KeyMessages, NationalLearningLink, Publication, Render

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_world, settings):
    # Seeding twice must add nothing: the tests that seed again do so with DEBUG on, as seeding needs.
    settings.DEBUG = True
    return demo_world


def test_eight_reports_are_published_with_their_pdfs_queued(seeded):
    live = Publication.objects.public()
    assert live.count() == 8
    assert {"emily-and-jack", "child-q", "child-y", "child-a-and-baby-n", "child-l", "child-joe",
            "child-j-and-child-k", "vulnerable-adolescents-thematic-review"} == set(live.values_list("slug", flat=True))  # fmt: skip
    # Rendering waits for the commit (and a worker): none are made inside the seeding transaction.
    assert Render.objects.filter(publication__in=live).exists()
    assert all(p.themes.exists() and p.summary and p.learning for p in live)


def test_the_thematic_report_belongs_to_the_published_thematic_case(seeded):
    thematic = Publication.objects.get(slug="vulnerable-adolescents-thematic-review")
    assert thematic.case is not None and thematic.case.status == "published"


def test_no_published_demo_report_trips_the_guard(seeded):
    for publication in Publication.objects.public():
        assert checks.check_publication(publication, pdfs={}) == []


def test_a_draft_with_a_name_left_in_shows_the_guard_at_work(seeded):
    draft = Publication.objects.get(status="draft")
    hits = checks.check_publication(draft, pdfs={})
    assert [hit.location for hit in hits] == ["Summary"]


def test_key_messages_and_national_links(seeded):
    assert KeyMessages.objects.filter(is_published=True).count() == 1
    assert NationalLearningLink.objects.count() == 3


def test_seeding_twice_adds_nothing(seeded):
    before = (Publication.objects.count(), Render.objects.count(), KeyMessages.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Publication.objects.count(), Render.objects.count(), KeyMessages.objects.count()) == before
