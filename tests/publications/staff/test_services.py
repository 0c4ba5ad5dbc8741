"""The coordinators' services before publishing (publications/staff/services.py): starting a
publication, editing its details, sections and uploaded report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publications.guard import services as guard_services
from publications.models import Publication
from publications.public import cache as public_cache
from publications.staff import publishing, services
from reviews.models import ReviewStatus, Theme
from tests.factories import PublicationFactory, ReviewCaseFactory
from tests.publications.helpers import case_ready, prepared, refused, text_pdf

pytestmark = pytest.mark.django_db

P = Publication.Status
S = ReviewStatus
DAY = datetime.timedelta(days=1)


# --- Starting ---------------------------------------------------------------------------------


def test_start_takes_title_slug_type_methodology_and_themes_from_the_case(coordinator):
    theme = Theme.objects.create(name="A test theme", slug="a-test-theme")
    case = case_ready(review_type="learning_review", methodology="silp")
    case.themes.add(theme)
    publication = services.publication_start(case, coordinator)
    assert (publication.title, publication.slug, publication.pseudonym) == ("Child Q", "child-q", "Child Q")
    assert publication.review_type == "learning_review"
    assert publication.methodology == "Significant Incident Learning Process (SILP)"
    assert list(publication.themes.all()) == [theme]
    assert publication.kind == Publication.Kind.REVIEW and publication.status == P.DRAFT
    assert publication.last_edited_by == coordinator
    assert publication.events.get().action == "publication.started"
    assert set(publication.renders.values_list("kind", flat=True)) == {"briefing"}  # no sections yet


def test_start_refuses_a_second_publication_and_a_case_not_ready(coordinator):
    case = case_ready()
    services.publication_start(case, coordinator)
    refused("This review already has a publication", services.publication_start, case, coordinator)
    early = ReviewCaseFactory(status=S.IN_PROGRESS)
    refused("once the final report is approved", services.publication_start, early, coordinator)
    assert not Publication.objects.filter(case=early).exists()


def test_a_pseudonym_that_would_make_a_reserved_address_gets_another(coordinator):
    case = case_ready(pseudonym="Feed")
    assert services.publication_start(case, coordinator).slug == "feed-2"


def test_start_makes_a_unique_slug_and_an_untitled_default(coordinator):
    PublicationFactory(slug="child-q")
    PublicationFactory(slug="child-q-2")
    assert services.publication_start(case_ready(), coordinator).slug == "child-q-3"
    untitled = services.publication_start(case_ready(pseudonym=""), coordinator)
    assert (untitled.title, untitled.slug) == ("Untitled review", "untitled-review")


def test_start_of_a_thematic_review_and_of_improvements_information(coordinator):
    assert services.publication_start(case_ready(review_type="thematic"), coordinator).kind == "thematic"
    improvements = services.publication_start(case_ready(status=S.NOT_PUBLISHED), coordinator)
    assert improvements.mode == Publication.Mode.IMPROVEMENTS


def test_start_fills_the_protected_terms_from_the_referrals(coordinator, monkeypatch):
    synced = []
    monkeypatch.setattr("publications.guard.terms.sync_from_referrals", synced.append)
    case = case_ready()
    services.publication_start(case, coordinator)
    assert synced == [case]


def test_standalone_publication_and_wrong_roles(coordinator, member):
    publication = services.publication_new_standalone(
        "national", "Learning from national reviews", coordinator
    )
    assert publication.case is None and publication.slug == "learning-from-national-reviews"
    refused("Only coordinators", services.publication_new_standalone, "thematic", "Title", member)
    refused("Only coordinators", services.publication_start, case_ready(), member)
    refused("Only coordinators", services.publication_update, publication, member, summary="x")


# --- Editing ----------------------------------------------------------------------------------


def test_update_bumps_the_version_records_the_editor_and_asks_for_renders(coordinator, second):
    publication = services.publication_start(case_ready(), coordinator)
    services.publication_update(publication, second, summary="What happened")
    publication.refresh_from_db()
    assert publication.content_version == 2 and publication.last_edited_by == second
    assert publication.renders.filter(content_version=2, state="pending").exists()
    # Nothing changed: no new version.
    services.publication_update(publication, second, summary="What happened")
    publication.refresh_from_db()
    assert publication.content_version == 2


def test_slug_rules(coordinator):
    PublicationFactory(slug="child-y")
    publication = services.publication_start(case_ready(), coordinator)
    for bad in ("Child Q", "child_q", "-child", "child--q", "", "a" * 121):
        refused("web address", services.publication_update, publication, coordinator, slug=bad)
    refused("already used", services.publication_update, publication, coordinator, slug="child-y")
    # /reports/feed/ is the Atom feed: no report may take "feed" as its address.
    refused("the site uses it", services.publication_update, publication, coordinator, slug="feed")
    services.publication_update(publication, coordinator, slug="child-q-2027")
    publication.refresh_from_db()
    assert publication.slug == "child-q-2027"


def test_sections_add_change_move_remove(coordinator):
    publication = services.publication_start(case_ready(), coordinator)
    first = services.section_add(publication, coordinator, "One", "First")
    second_section = services.section_add(publication, coordinator, "Two", "Second")
    services.section_move(second_section, coordinator, "up")
    assert list(publication.sections.values_list("heading", flat=True)) == ["Two", "One"]
    refused("already first", services.section_move, second_section, coordinator, "up")
    services.section_change(first, coordinator, "One, changed", "First")
    services.section_remove(second_section, coordinator)
    assert list(publication.sections.values_list("heading", "position")) == [("One, changed", 1)]
    publication.refresh_from_db()
    assert publication.content_version == 6


def test_report_upload_takes_only_a_pdf_and_keeps_its_name(coordinator):
    publication = services.publication_start(case_ready(), coordinator)
    png = SimpleUploadedFile("report.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    refused("The report must be a PDF", services.report_upload, publication, coordinator, png)
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf")
    refused("not a readable PDF", services.report_upload, publication, coordinator, broken)
    upload = SimpleUploadedFile("Final report v3.pdf", text_pdf(), content_type="application/pdf")
    services.report_upload(publication, coordinator, upload)
    publication.refresh_from_db()
    assert publication.report_upload_name == "Final report v3.pdf"
    assert publication.report_source == "upload" and publication.content_version == 2
    assert "Final report" not in publication.report_upload.name


def test_editing_a_live_publication_bumps_the_public_cache_and_refuses_a_protected_term(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, publication.content_version)
    before = public_cache.current_version()
    services.publication_update(publication, second, summary="A clearer summary")
    assert public_cache.current_version() == before + 1
    guard_services.term_add(publication.case, "Janet", coordinator)
    refused("protected term", services.publication_update, publication, second, summary="Janet's school")
    publication.refresh_from_db()
    assert publication.summary == "A clearer summary"


def test_editing_a_scheduled_publication_cancels_the_schedule(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(
        publication, second, publication.content_version, when=timezone.now() + 2 * DAY
    )
    services.section_add(publication, second, "More", "Text")
    publication.refresh_from_db()
    assert publication.status == P.DRAFT and publication.scheduled_for is None
