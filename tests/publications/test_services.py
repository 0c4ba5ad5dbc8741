"""The publishing services: starting, editing, protected terms, the confirm step with every
check and its message, scheduling and publish_due, withdrawing, key messages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from publications import services
from publications.guard import checks
from publications.guard import services as guard_services
from publications.models import KeyMessages, Publication, PublicationEvent, Render
from publications.public import cache as public_cache
from publications.rendering import selectors as render_selectors
from reviews.models import ReviewStatus, Theme
from tests.factories import PublicationFactory, ReviewCaseFactory, UserFactory
from tests.publications.helpers import blank_pdf, case_ready, prepared, refused, render_now, text_pdf

pytestmark = pytest.mark.django_db

P = Publication.Status
S = ReviewStatus
TODAY = timezone.localdate()
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
    monkeypatch.setattr("publications.checks.terms.sync_from_referrals", synced.append)
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


def test_report_upload_takes_only_a_pdf_with_text_and_keeps_its_name(coordinator):
    publication = services.publication_start(case_ready(), coordinator)
    png = SimpleUploadedFile("report.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    refused("The report must be a PDF", services.report_upload, publication, coordinator, png)
    scan = SimpleUploadedFile("scan.pdf", blank_pdf(), content_type="application/pdf")
    refused(checks.NO_TEXT, services.report_upload, publication, coordinator, scan)
    upload = SimpleUploadedFile("Final report v3.pdf", text_pdf(), content_type="application/pdf")
    services.report_upload(publication, coordinator, upload)
    publication.refresh_from_db()
    assert publication.report_upload_name == "Final report v3.pdf"
    assert publication.report_source == "upload" and publication.content_version == 2
    assert "Final report" not in publication.report_upload.name


def test_editing_a_live_publication_bumps_the_public_cache_and_refuses_a_protected_term(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, publication.content_version)
    before = public_cache.current_version()
    services.publication_update(publication, second, summary="A clearer summary")
    assert public_cache.current_version() == before + 1
    guard_services.term_add(publication.case, "Janet", coordinator)
    refused("protected term", services.publication_update, publication, second, summary="Janet's school")
    publication.refresh_from_db()
    assert publication.summary == "A clearer summary"


def test_editing_a_scheduled_publication_cancels_the_schedule(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(
        publication, second, publication.content_version, when=timezone.now() + 2 * DAY
    )
    services.section_add(publication, second, "More", "Text")
    publication.refresh_from_db()
    assert publication.status == P.DRAFT and publication.scheduled_for is None


# --- Publishing: each check and its message ---------------------------------------------------


def test_publish_now_goes_live_moves_the_case_and_bumps_the_cache(coordinator, second):
    publication = prepared(coordinator)
    before = public_cache.current_version()
    services.publication_publish(publication, second, publication.content_version)
    publication.refresh_from_db()
    assert publication.status == P.LIVE and publication.published_by == second
    assert publication.year == TODAY.year and publication.published_at
    assert publication.min_public_until == TODAY.replace(year=TODAY.year + 1) or TODAY.month == 2
    assert publication.case.status == S.PUBLISHED
    assert public_cache.current_version() > before
    assert publication.events.filter(action="publication.published", to_status=P.LIVE).exists()


def unchanged(publication):
    publication.refresh_from_db()
    assert publication.status == P.DRAFT and publication.published_at is None
    assert publication.case is None or publication.case.status == S.PRE_PUBLICATION


def test_the_last_editor_cannot_publish(coordinator):
    publication = prepared(coordinator)
    refused(
        services.LAST_EDITOR,
        services.publication_publish,
        publication,
        coordinator,
        publication.content_version,
    )
    unchanged(publication)


def test_a_change_after_the_confirm_page_was_shown_is_refused(coordinator, second):
    publication = prepared(coordinator)
    shown = publication.content_version
    services.publication_update(publication, coordinator, summary="Changed meanwhile")
    render_now(publication)
    refused("It changed while you were looking", services.publication_publish, publication, second, shown)
    unchanged(publication)


def test_a_pending_render_stops_publishing(coordinator, second):
    publication = prepared(coordinator, render=False)
    assert render_selectors.renders_pending(publication)
    refused(
        services.RENDERS_NOT_READY,
        services.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    unchanged(publication)


def test_a_full_report_needs_its_report(coordinator, second):
    publication = services.publication_start(case_ready(), coordinator)
    services.publication_update(publication, coordinator, summary="Summary", family_told_on=TODAY)
    render_now(publication)
    refused("Write the full report's sections", services.publication_publish, publication, second, 2)
    services.publication_update(publication, coordinator, report_source="upload")
    render_now(publication)
    refused("Upload the full report", services.publication_publish, publication, second, 3)
    unchanged(publication)


def test_not_before_the_earliest_publication_date(coordinator, second):
    case = case_ready(earliest_publication_on=datetime.date(2027, 3, 4))
    publication = prepared(coordinator, case=case)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 3, 3))
        message = refused("Cannot publish before", services.publication_publish, publication, second, 3)
    assert message == (
        "Cannot publish before 4 March 2027, 7 working days after the report went to the Panel and the "
        "Secretary of State"
    )
    unchanged(publication)


def test_not_without_an_earliest_publication_date(coordinator, second):
    publication = prepared(coordinator, case=case_ready(earliest_publication_on=None))
    refused("Cannot publish yet", services.publication_publish, publication, second, 3)
    unchanged(publication)


def test_the_family_must_have_been_told_or_the_reason_recorded(coordinator, second):
    publication = prepared(coordinator, family_told_on=None)
    refused(services.FAMILY_NOT_TOLD, services.publication_publish, publication, second, 3)
    services.publication_update(publication, coordinator, family_not_told_reason="No contact details")
    publication.refresh_from_db()
    assert publication.content_version == 3  # not content: no new renders needed
    assert publication.last_edited_by == coordinator
    services.publication_update(publication, second, family_not_told_reason="No contact details known")
    services.publication_publish(publication, second, 3)  # recording it is not editing the content
    publication.refresh_from_db()
    assert publication.status == P.LIVE


def test_a_name_put_back_after_the_check_page_was_seen_is_caught_at_publish_time(coordinator, second):
    publication = prepared(coordinator)
    guard_services.term_add(publication.case, "Janet", coordinator)
    shown = publication.content_version
    assert all(check.ok for check in services.publish_checks(publication))  # the page shown to `second`
    section = publication.sections.get()
    services.section_change(section, coordinator, "Introduction", "Janet's teachers noticed she was hungry.")
    render_now(publication)
    refused("It changed while you were looking", services.publication_publish, publication, second, shown)
    message = refused(
        "Remove every protected term",
        services.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    assert "Section 1 text" in message and "Full report PDF" in message
    assert "Janet" not in message
    unchanged(publication)


def test_a_pdf_that_cannot_be_checked_stops_publishing(coordinator, second, monkeypatch):
    publication = prepared(coordinator)

    def cannot(*args, **kwargs):
        raise checks.GuardError("The uploaded report has no text that can be checked")

    monkeypatch.setattr(checks, "check_publication", cannot)
    refused("no text that can be checked", services.publication_publish, publication, second, 3)
    unchanged(publication)


def test_a_name_in_an_uploaded_report_stops_publishing(coordinator, second):
    publication = prepared(coordinator)
    guard_services.term_add(publication.case, "Janet", coordinator)
    upload = SimpleUploadedFile(
        "report.pdf", text_pdf("Janet was seen at school."), content_type="application/pdf"
    )
    services.report_upload(publication, coordinator, upload)
    render_now(publication)
    message = refused(
        "Remove every protected term",
        services.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    assert "Janet" not in message
    unchanged(publication)


# --- Scheduling and publish_due ---------------------------------------------------------------


def test_schedule_then_publish_due_makes_it_live(coordinator, second):
    publication = prepared(coordinator)
    when = timezone.now() + datetime.timedelta(hours=2)
    services.publication_publish(publication, second, 3, when=when)
    publication.refresh_from_db()
    assert publication.status == P.SCHEDULED and publication.scheduled_for == when
    assert services.publish_due() == 0  # not yet
    assert services.publish_due(now=when + datetime.timedelta(minutes=1)) == 1
    publication.refresh_from_db()
    assert publication.status == P.LIVE and publication.published_by == second
    assert publication.case.status == S.PUBLISHED


def test_a_schedule_before_the_earliest_date_is_refused(coordinator, second):
    publication = prepared(coordinator, case=case_ready(earliest_publication_on=TODAY + 10 * DAY))
    refused(
        "Cannot publish before",
        services.publication_publish,
        publication,
        second,
        3,
        when=timezone.now() + DAY,
    )
    services.publication_publish(publication, second, 3, when=timezone.now() + 11 * DAY)


def test_a_failing_check_at_due_time_keeps_it_scheduled_and_emails_once(coordinator, second):
    publication = prepared(coordinator)
    when = timezone.now() + datetime.timedelta(hours=1)
    services.publication_publish(publication, second, 3, when=when)
    guard_services.term_add(publication.case, "agencies", coordinator)  # now in the summary and the PDFs
    later = when + datetime.timedelta(minutes=1)
    assert services.publish_due(now=later) == 0
    assert services.publish_due(now=later + datetime.timedelta(minutes=1)) == 0
    publication.refresh_from_db()
    assert publication.status == P.SCHEDULED
    emails = OutgoingEmail.objects.filter(template="publications-publish-failed")
    coordinators = UserFactory._meta.model.objects.filter(groups__name="coordinator").count()
    assert emails.count() == coordinators == 3  # once, to each coordinator
    for email in emails:
        assert f"publication {publication.pk}" in email.body_text.lower()
        assert "agencies" not in email.subject.lower()
    assert publication.events.filter(action=services.DUE_FAILED).count() == 1


def test_unschedule(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, 3, when=timezone.now() + DAY)
    services.publication_unschedule(publication, coordinator)
    publication.refresh_from_db()
    assert publication.status == P.DRAFT and publication.scheduled_for is None
    refused("not scheduled", services.publication_unschedule, publication, coordinator)


# --- Withdrawing ------------------------------------------------------------------------------


def test_withdraw_within_12_months_needs_a_court_order(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, 3)
    refused(
        "must stay public for 12 months", services.publication_withdraw, publication, coordinator, "Asked to"
    )
    refused(
        "Enter the reason", services.publication_withdraw, publication, coordinator, " ", court_order=True
    )
    before = public_cache.current_version()
    services.publication_withdraw(publication, coordinator, "Reporting restriction order", court_order=True)
    publication.refresh_from_db()
    assert publication.status == P.WITHDRAWN and publication.withdrawn_by == coordinator
    assert publication.withdrawal_reason == "Court order or legal reason: Reporting restriction order"
    assert public_cache.current_version() > before
    assert "Reporting" not in publication.events.get(action="publication.withdrawn").note
    refused(
        "Only a published", services.publication_withdraw, publication, coordinator, "Again", court_order=True
    )


def test_withdraw_after_12_months(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, 3)
    Publication.objects.filter(pk=publication.pk).update(min_public_until=TODAY)
    services.publication_withdraw(publication, coordinator, "Superseded by a later review")
    publication.refresh_from_db()
    assert publication.status == P.WITHDRAWN


def test_a_draft_cannot_be_withdrawn(coordinator):
    publication = prepared(coordinator, render=False)
    refused(
        "Only a published", services.publication_withdraw, publication, coordinator, "x", court_order=True
    )


# --- Key messages -----------------------------------------------------------------------------


def test_key_messages_save_publish_unpublish(coordinator, second):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, 3)
    draft = PublicationFactory()
    refused("published reports only", services.key_messages_save, 2026, "T", "B", [draft], coordinator)
    messages = services.key_messages_save(
        2026, "Learning in 2026", "Share information.", [publication], coordinator
    )
    before = public_cache.current_version()
    services.key_messages_publish(messages, coordinator)
    assert KeyMessages.objects.get().is_published and public_cache.current_version() == before + 1
    services.key_messages_save(2026, "Learning in 2026", "Changed.", [], second)
    assert public_cache.current_version() == before + 2
    services.key_messages_unpublish(messages, coordinator)
    assert not KeyMessages.objects.get().is_published


def test_event_notes_never_hold_a_protected_term(coordinator, second):
    publication = prepared(coordinator)
    guard_services.term_add(publication.case, "Janet", coordinator)
    services.publication_update(publication, coordinator, summary="Janet was eight")
    notes = " ".join(PublicationEvent.objects.values_list("note", flat=True))
    assert "Janet" not in notes
    assert Render.objects.filter(publication=publication).exists()


def test_withdrawing_deletes_the_pdf_files_once_committed(
    coordinator, second, django_capture_on_commit_callbacks
):
    publication = prepared(coordinator)
    services.publication_publish(publication, second, 3)
    Publication.objects.filter(pk=publication.pk).update(min_public_until=TODAY)
    renders = list(publication.renders.exclude(file=""))
    assert renders, "the prepared publication has rendered PDFs"
    names = [(render.file.storage, render.file.name) for render in renders]
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_withdraw(publication, coordinator, "Superseded by a later review")
    assert not any(storage.exists(name) for storage, name in names)
    assert not publication.renders.exclude(file="").exists()
    # The rows stay, without files, as the record of what was made.
    assert publication.renders.filter(pk__in=[render.pk for render in renders]).count() == len(renders)
