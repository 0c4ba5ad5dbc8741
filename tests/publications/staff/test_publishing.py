"""Publishing (publications/staff/publishing.py): the confirm step with every check and its
message, scheduling and publish_due, withdrawing, and what the timeline's notes never hold."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from publications.guard import checks
from publications.guard import services as guard_services
from publications.models import Publication, PublicationEvent, Render
from publications.public import cache as public_cache
from publications.rendering import selectors as render_selectors
from publications.staff import publishing, services
from reviews.models import ReviewStatus
from tests.factories import UserFactory
from tests.publications.helpers import case_ready, prepared, refused, render_now, text_pdf

pytestmark = pytest.mark.django_db

P = Publication.Status
S = ReviewStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


# --- Publishing: each check and its message ---------------------------------------------------


def test_publish_now_goes_live_moves_the_case_and_bumps_the_cache(coordinator, second):
    publication = prepared(coordinator)
    before = public_cache.current_version()
    publishing.publication_publish(publication, second, publication.content_version)
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
        publishing.LAST_EDITOR,
        publishing.publication_publish,
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
    refused("It changed while you were looking", publishing.publication_publish, publication, second, shown)
    unchanged(publication)


def test_a_pending_render_stops_publishing(coordinator, second):
    publication = prepared(coordinator, render=False)
    assert render_selectors.renders_pending(publication)
    refused(
        publishing.RENDERS_NOT_READY,
        publishing.publication_publish,
        publication,
        second,
        publication.content_version,
    )
    unchanged(publication)


def test_a_full_report_needs_its_report(coordinator, second):
    publication = services.publication_start(case_ready(), coordinator)
    services.publication_update(publication, coordinator, summary="Summary", family_told_on=TODAY)
    render_now(publication)
    refused("Write the full report's sections", publishing.publication_publish, publication, second, 2)
    services.publication_update(publication, coordinator, report_source="upload")
    render_now(publication)
    refused("Upload the full report", publishing.publication_publish, publication, second, 3)
    unchanged(publication)


def test_not_before_the_earliest_publication_date(coordinator, second):
    case = case_ready(earliest_publication_on=datetime.date(2027, 3, 4))
    publication = prepared(coordinator, case=case)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 3, 3))
        message = refused("Cannot publish before", publishing.publication_publish, publication, second, 3)
    assert message == (
        "Cannot publish before 4 March 2027, 7 working days after the report went to the Panel and the "
        "Secretary of State"
    )
    unchanged(publication)


def test_not_without_an_earliest_publication_date(coordinator, second):
    publication = prepared(coordinator, case=case_ready(earliest_publication_on=None))
    refused("Cannot publish yet", publishing.publication_publish, publication, second, 3)
    unchanged(publication)


def test_the_family_must_have_been_told_or_the_reason_recorded(coordinator, second):
    publication = prepared(coordinator, family_told_on=None)
    refused(publishing.FAMILY_NOT_TOLD, publishing.publication_publish, publication, second, 3)
    services.publication_update(publication, coordinator, family_not_told_reason="No contact details")
    publication.refresh_from_db()
    assert publication.content_version == 3  # not content: no new renders needed
    assert publication.last_edited_by == coordinator
    services.publication_update(publication, second, family_not_told_reason="No contact details known")
    publishing.publication_publish(publication, second, 3)  # recording it is not editing the content
    publication.refresh_from_db()
    assert publication.status == P.LIVE


def test_a_name_put_back_after_the_check_page_was_seen_is_caught_at_publish_time(coordinator, second):
    publication = prepared(coordinator)
    guard_services.term_add(publication.case, "Janet", coordinator)
    shown = publication.content_version
    assert all(check.ok for check in publishing.publish_checks(publication))  # the page shown to `second`
    section = publication.sections.get()
    services.section_change(section, coordinator, "Introduction", "Janet's teachers noticed she was hungry.")
    render_now(publication)
    refused("It changed while you were looking", publishing.publication_publish, publication, second, shown)
    message = refused(
        "Remove every protected term",
        publishing.publication_publish,
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
    refused("no text that can be checked", publishing.publication_publish, publication, second, 3)
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
        publishing.publication_publish,
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
    publishing.publication_publish(publication, second, 3, when=when)
    publication.refresh_from_db()
    assert publication.status == P.SCHEDULED and publication.scheduled_for == when
    assert publishing.publish_due() == 0  # not yet
    assert publishing.publish_due(now=when + datetime.timedelta(minutes=1)) == 1
    publication.refresh_from_db()
    assert publication.status == P.LIVE and publication.published_by == second
    assert publication.case.status == S.PUBLISHED


def test_a_schedule_before_the_earliest_date_is_refused(coordinator, second):
    publication = prepared(coordinator, case=case_ready(earliest_publication_on=TODAY + 10 * DAY))
    refused(
        "Cannot publish before",
        publishing.publication_publish,
        publication,
        second,
        3,
        when=timezone.now() + DAY,
    )
    publishing.publication_publish(publication, second, 3, when=timezone.now() + 11 * DAY)


def test_a_failing_check_at_due_time_keeps_it_scheduled_and_emails_once(coordinator, second):
    publication = prepared(coordinator)
    when = timezone.now() + datetime.timedelta(hours=1)
    publishing.publication_publish(publication, second, 3, when=when)
    guard_services.term_add(publication.case, "agencies", coordinator)  # now in the summary and the PDFs
    later = when + datetime.timedelta(minutes=1)
    assert publishing.publish_due(now=later) == 0
    assert publishing.publish_due(now=later + datetime.timedelta(minutes=1)) == 0
    publication.refresh_from_db()
    assert publication.status == P.SCHEDULED
    emails = OutgoingEmail.objects.filter(template="publications-publish-failed")
    coordinators = UserFactory._meta.model.objects.filter(groups__name="coordinator").count()
    assert emails.count() == coordinators == 3  # once, to each coordinator
    for email in emails:
        assert f"publication {publication.pk}" in email.body_text.lower()
        assert "agencies" not in email.subject.lower()
    assert publication.events.filter(action=publishing.DUE_FAILED).count() == 1


def test_unschedule(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, 3, when=timezone.now() + DAY)
    publishing.publication_unschedule(publication, coordinator)
    publication.refresh_from_db()
    assert publication.status == P.DRAFT and publication.scheduled_for is None
    refused("not scheduled", publishing.publication_unschedule, publication, coordinator)


# --- Withdrawing ------------------------------------------------------------------------------


def test_withdraw_within_12_months_needs_a_court_order(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, 3)
    refused(
        "must stay public for 12 months",
        publishing.publication_withdraw,
        publication,
        coordinator,
        "Asked to",
    )
    refused(
        "Enter the reason", publishing.publication_withdraw, publication, coordinator, " ", court_order=True
    )
    before = public_cache.current_version()
    publishing.publication_withdraw(publication, coordinator, "Reporting restriction order", court_order=True)
    publication.refresh_from_db()
    assert publication.status == P.WITHDRAWN and publication.withdrawn_by == coordinator
    assert publication.withdrawal_reason == "Court order or legal reason: Reporting restriction order"
    assert public_cache.current_version() > before
    assert "Reporting" not in publication.events.get(action="publication.withdrawn").note
    refused(
        "Only a published",
        publishing.publication_withdraw,
        publication,
        coordinator,
        "Again",
        court_order=True,
    )


def test_withdraw_after_12_months(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, 3)
    Publication.objects.filter(pk=publication.pk).update(min_public_until=TODAY)
    publishing.publication_withdraw(publication, coordinator, "Superseded by a later review")
    publication.refresh_from_db()
    assert publication.status == P.WITHDRAWN


def test_a_draft_cannot_be_withdrawn(coordinator):
    publication = prepared(coordinator, render=False)
    refused(
        "Only a published", publishing.publication_withdraw, publication, coordinator, "x", court_order=True
    )


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
    publishing.publication_publish(publication, second, 3)
    Publication.objects.filter(pk=publication.pk).update(min_public_until=TODAY)
    renders = list(publication.renders.exclude(file=""))
    assert renders, "the prepared publication has rendered PDFs"
    names = [(render.file.storage, render.file.name) for render in renders]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publication_withdraw(publication, coordinator, "Superseded by a later review")
    assert not any(storage.exists(name) for storage, name in names)
    assert not publication.renders.exclude(file="").exists()
    # The rows stay, without files, as the record of what was made.
    assert publication.renders.filter(pk__in=[render.pk for render in renders]).count() == len(renders)
