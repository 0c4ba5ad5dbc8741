"""Render rows and the worker (issue 6 §5): queued after commit and never twice, claimed once,
the previous PDF served until the new one is done, failures recorded without the publication's
text, and the sweeper re-queuing what is stuck or failed, up to 3 attempts."""

import logging
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from publications.models import Publication, PublicSiteVersion, Render
from publications.public import cache as public_cache
from publications.rendering import pdf_html
from publications.rendering import services as rendering
from publications.rendering.selectors import (
    current_render,
    needed_kinds,
    prefetch_current_renders,
    renders_pending,
    renders_ready,
)
from publications.rendering.services import render_claim, render_run, renders_sweep, request_renders
from publications.tasks import render_publication, sweep_renders
from tests.factories import PublicationFactory, PublicationSectionFactory

pytestmark = pytest.mark.django_db

PENDING, RUNNING, DONE, FAILED = Render.State.values


@pytest.fixture
def publication(db):
    publication = PublicationFactory()
    PublicationSectionFactory(publication=publication)
    return publication


@pytest.fixture
def fast_pdfs(monkeypatch):
    """Stand-ins for the typesetting (tested in test_pdf.py), so these tests are quick."""
    made = []

    def fake(publication, *args):
        made.append(publication.pk)
        return pdf_html.Pdf(content=b"%PDF-1.7\n% test\n%%EOF\n", pages=1)

    monkeypatch.setattr(pdf_html, "report_pdf", fake)
    monkeypatch.setattr(pdf_html, "briefing_pdf", fake)
    return made


@pytest.fixture
def failing_pdfs(monkeypatch):
    def fail(publication, *args):
        raise ValueError(f"could not lay out {publication.title}")  # text that must not be kept

    monkeypatch.setattr(pdf_html, "report_pdf", fail)
    monkeypatch.setattr(pdf_html, "briefing_pdf", fail)


def make_render(publication, *, kind="briefing", state=PENDING, attempts=0, minutes_ago=0, **fields):
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    started = moment if state in (RUNNING, DONE, FAILED) else None
    return Render.objects.create(
        publication=publication,
        kind=kind,
        state=state,
        attempts=attempts,
        content_version=fields.pop("content_version", publication.content_version),
        created_at=moment,
        started_at=started,
        **fields,
    )


def bump_content(publication):
    Publication.objects.filter(pk=publication.pk).update(content_version=publication.content_version + 1)
    publication.refresh_from_db()


# --- What the publication needs, and queuing it ------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "kinds"),
    [("full", ["report", "briefing"]), ("summary", ["briefing"]), ("improvements", ["briefing"])],
)
def test_it_needs_the_report_only_in_full_report_mode(mode, kinds):
    assert needed_kinds(Publication(mode=mode)) == kinds


def test_renders_are_queued_after_commit_and_not_before(
    publication, fast_pdfs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        renders = request_renders(publication)

    assert sorted(r.kind for r in renders) == ["briefing", "report"]
    assert len(callbacks) == 2 and fast_pdfs == []  # nothing rendered inside the transaction
    assert set(Render.objects.values_list("state", flat=True)) == {PENDING}
    for callback in callbacks:
        callback()
    assert set(Render.objects.values_list("state", flat=True)) == {DONE}


def test_asking_again_at_the_same_version_queues_nothing(
    publication, fast_pdfs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        request_renders(publication)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert request_renders(publication) == []  # pending ones count
    assert callbacks == []
    Render.objects.update(state=DONE)
    assert request_renders(publication) == []  # done ones count
    assert Render.objects.count() == 2


def test_a_new_content_version_queues_new_renders(publication, fast_pdfs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_renders(publication)
    bump_content(publication)

    with django_capture_on_commit_callbacks(execute=True):
        renders = request_renders(publication)

    assert {(r.kind, r.content_version) for r in renders} == {("report", 2), ("briefing", 2)}


def test_a_render_that_failed_for_good_can_be_asked_for_again(
    publication, fast_pdfs, django_capture_on_commit_callbacks
):
    make_render(publication, kind="briefing", state=FAILED, attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        renders = request_renders(publication)
    assert sorted(r.kind for r in renders) == ["briefing", "report"]


@pytest.mark.parametrize("source", ["sections", "upload"])
def test_a_full_report_with_nothing_to_make_it_from_is_not_queued(
    source, fast_pdfs, django_capture_on_commit_callbacks
):
    publication = PublicationFactory(report_source=source)  # no sections, no uploaded file

    with django_capture_on_commit_callbacks(execute=True):
        renders = request_renders(publication)

    assert [r.kind for r in renders] == ["briefing"]
    assert not renders_ready(publication)


# --- What is served, and whether the publication is ready ---------------------------------------


def test_the_previous_pdf_stays_served_until_the_new_one_is_done(
    publication, fast_pdfs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_renders(publication)
    old = current_render(publication, "report")
    bump_content(publication)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_renders(publication)
    assert current_render(publication, "report") == old
    assert renders_pending(publication) and not renders_ready(publication)

    for callback in callbacks:
        callback()
    new = current_render(publication, "report")
    assert new != old and new.content_version == 2
    assert renders_ready(publication) and not renders_pending(publication)


def test_an_older_version_finishing_late_does_not_replace_a_newer_one(publication):
    newer = make_render(publication, state=DONE, content_version=2)
    make_render(publication, state=DONE, content_version=1)
    assert current_render(publication, "briefing") == newer


def test_a_failed_render_leaves_the_previous_one_served(publication):
    done = make_render(publication, state=DONE)
    make_render(publication, state=FAILED, attempts=3)
    assert current_render(publication, "briefing") == done
    assert current_render(publication, "report") is None


@pytest.mark.parametrize(
    ("report", "briefing", "ready", "pending"),
    [
        (None, None, False, False),
        (DONE, DONE, True, False),
        (DONE, None, False, False),
        (DONE, PENDING, False, True),
        (RUNNING, DONE, False, True),
        (FAILED, DONE, False, False),
        ("old-done", DONE, False, False),  # done, but of the previous content
        ("old-pending", DONE, False, False),  # waiting, but for the previous content
    ],
)
def test_ready_and_pending(publication, report, briefing, ready, pending):
    for kind, state in (("report", report), ("briefing", briefing)):
        if state and state.startswith("old-"):
            make_render(
                publication, kind=kind, state=state[4:], content_version=publication.content_version - 1
            )
        elif state:
            make_render(publication, kind=kind, state=state)
    assert renders_ready(publication) is ready
    assert renders_pending(publication) is pending


def test_a_summary_only_publication_is_ready_with_its_briefing(publication):
    publication.mode = Publication.Mode.SUMMARY
    make_render(publication, kind="briefing", state=DONE)
    assert renders_ready(publication)


def test_prefetched_current_renders_need_no_more_queries(publication, django_assert_num_queries):
    other = PublicationFactory()
    make_render(publication, kind="report", state=DONE, content_version=1)
    newest = make_render(publication, kind="report", state=DONE, content_version=2)
    make_render(other, kind="briefing", state=PENDING)

    with django_assert_num_queries(2):
        publications = list(prefetch_current_renders(Publication.objects.order_by("id")))
    with django_assert_num_queries(0):
        assert current_render(publications[0], "report") == newest
        assert current_render(publications[1], "briefing") is None


# --- The worker -------------------------------------------------------------------------------


def test_the_task_is_declared_to_survive_a_lost_worker():
    assert render_publication.name == "publications.render_publication"
    assert render_publication.acks_late and render_publication.reject_on_worker_lost
    assert sweep_renders.name == "publications.sweep_renders"


def test_a_render_is_claimed_once(publication):
    render = make_render(publication)

    assert render_claim(render.pk) is not None
    assert render_claim(render.pk) is None
    render.refresh_from_db()
    assert (render.state, render.attempts) == (RUNNING, 1) and render.started_at


def test_running_a_render_again_does_nothing(publication, fast_pdfs):
    render = make_render(publication)
    assert render_run(render.pk) is True
    render.refresh_from_db()
    file_name, finished = render.file.name, render.finished_at

    render_publication.delay(render.pk)  # a duplicate message

    render.refresh_from_db()
    assert (render.file.name, render.finished_at, render.attempts) == (file_name, finished, 1)
    assert fast_pdfs == [publication.pk]


def test_a_render_of_content_that_moved_on_is_still_stored(publication, fast_pdfs):
    render = make_render(publication, kind="report")
    bump_content(publication)

    assert render_run(render.pk) is True
    render.refresh_from_db()
    assert render.state == DONE and render.content_version == 1
    assert current_render(publication, "report") == render


def test_a_late_worker_whose_render_was_requeued_still_delivers(publication):
    render = make_render(publication)
    claimed = render_claim(render.pk)
    Render.objects.filter(pk=render.pk).update(state=PENDING)  # the sweeper thought it stuck

    assert rendering._store(claimed, pdf_html.Pdf(content=b"%PDF-1.7\n", pages=1)) is True
    render.refresh_from_db()
    assert render.state == DONE
    assert render_claim(render.pk) is None  # the re-queued message finds it done


def test_a_late_worker_overtaken_by_another_attempt_drops_its_file(publication, settings):
    render = make_render(publication)
    first = render_claim(render.pk)
    Render.objects.filter(pk=render.pk).update(state=PENDING)
    render_claim(render.pk)  # a second worker took it

    assert rendering._store(first, pdf_html.Pdf(content=b"%PDF-1.7\n", pages=1)) is False
    render.refresh_from_db()
    assert render.state == RUNNING and not render.file
    assert not list((settings.MEDIA_ROOT / "publications" / "renders").rglob("*.pdf"))


def test_a_failure_is_recorded_without_the_publications_text(publication, failing_pdfs, caplog):
    publication.title = "Jane Smith"
    publication.save()
    render = make_render(publication)

    with caplog.at_level(logging.DEBUG):
        assert render_run(render.pk) is False

    render.refresh_from_db()
    assert render.state == FAILED and render.attempts == 1 and render.finished_at
    assert render.error == "Rendering failed (ValueError)."
    assert "Jane" not in caplog.text and "Jane" not in render.error


def test_a_pdf_done_for_a_live_publication_makes_the_public_pages_stale(publication, fast_pdfs):
    publication.status = Publication.Status.LIVE
    publication.save()
    before = public_cache.current_version()

    render_run(make_render(publication).pk)

    assert public_cache.current_version() > before


def test_a_pdf_done_for_a_draft_leaves_the_public_pages_alone(publication, fast_pdfs):
    render_run(make_render(publication).pk)
    assert not PublicSiteVersion.objects.exists()


# --- The sweeper ------------------------------------------------------------------------------


def test_the_sweeper_requeues_a_render_whose_worker_died(publication, fast_pdfs):
    render = make_render(publication, state=RUNNING, attempts=1, minutes_ago=3)

    assert sweep_renders.delay().get() == 1

    render.refresh_from_db()
    assert (render.state, render.attempts) == (DONE, 2)


def test_the_sweeper_requeues_a_render_never_picked_up(publication, fast_pdfs):
    render = make_render(publication, minutes_ago=3)

    assert renders_sweep() == 1

    render.refresh_from_db()
    assert (render.state, render.attempts) == (DONE, 1)


def test_the_sweeper_leaves_recent_and_finished_renders_alone(publication, fast_pdfs):
    make_render(publication, kind="briefing", state=RUNNING, attempts=1, minutes_ago=1)
    make_render(publication, kind="report", state=PENDING, minutes_ago=1)
    make_render(publication, kind="report", state=DONE, attempts=1, minutes_ago=30, content_version=0)

    assert renders_sweep() == 0
    assert renders_sweep() == 0
    assert fast_pdfs == []


def test_the_sweeper_retries_a_failure_and_gives_up_after_three_attempts(publication, failing_pdfs):
    render = make_render(publication)
    render_run(render.pk)

    for attempts in (2, 3):
        assert renders_sweep() == 1
        render.refresh_from_db()
        assert (render.state, render.attempts) == (FAILED, attempts)
    assert renders_sweep() == 0
    render.refresh_from_db()
    assert (render.state, render.attempts) == (FAILED, 3)


def test_the_sweeper_fails_a_render_stuck_on_its_third_attempt(publication, fast_pdfs):
    render = make_render(publication, state=RUNNING, attempts=3, minutes_ago=3)

    assert renders_sweep() == 0

    render.refresh_from_db()
    assert render.state == FAILED and render.error == rendering.STOPPED_ERROR
    assert fast_pdfs == []


def test_the_sweeper_does_not_retry_failures_of_older_content_or_already_replaced(publication, fast_pdfs):
    make_render(publication, kind="report", state=FAILED, attempts=1, content_version=0)
    make_render(publication, kind="briefing", state=FAILED, attempts=1)
    make_render(publication, kind="briefing", state=PENDING)  # asked for again since

    assert renders_sweep() == 0


def test_the_sweeper_keeps_the_render_waiting_when_the_broker_is_down(publication, monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(render_publication, "delay", down)
    render = make_render(publication, minutes_ago=3)

    assert renders_sweep() == 1  # queued as far as it could; the row waits for the next sweep

    render.refresh_from_db()
    assert render.state == PENDING
    assert "left for the sweeper" in caplog.text


def test_the_upload_copy_fails_cleanly_when_the_file_is_missing(django_capture_on_commit_callbacks):
    publication = PublicationFactory(report_source=Publication.ReportSource.UPLOAD)
    publication.report_upload.save("x.pdf", ContentFile(b"%PDF-1.7\n"))
    publication.report_upload.storage.delete(publication.report_upload.name)
    render = make_render(publication, kind="report")

    assert render_run(render.pk) is False
    render.refresh_from_db()
    assert render.state == FAILED and render.error == "Rendering failed (FileNotFoundError)."
