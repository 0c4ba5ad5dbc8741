"""Drill: a real Celery worker is killed (SIGKILL) in the middle of a PDF render (issue 7 §3,
design.md §2).

The worker is a subprocess (`celery -A cscp worker --pool=solo`) on the production settings,
pointed at this test's PostgreSQL database, our own redis-server and the test's private media
directory, so it only sees committed rows (a transactional test). A live publication is edited
and its renders queued; once the report's Render row is RUNNING the worker is killed. The public
still downloads the previous PDF, nothing half-made is served and the publication is unchanged.
Then the row is aged past the sweeper's threshold, a new worker runs the sweeper, and the report
is rendered again: done, a valid PDF, the lost attempt counted."""

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from publications import tasks
from publications.models import ProtectedTerm, Publication, Render
from publications.rendering.selectors import current_render, render_bytes, renders_ready
from publications.rendering.services import STUCK_AFTER, request_renders
from tests.factories import PublicationFactory, PublicationSectionFactory, RenderFactory
from tests.notifications.test_outbox_drill import broker_at

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
PARAGRAPH = (
    "The review found that agencies held pieces of information about the household which, put "
    "together at the strategy discussion, would have shown a pattern of escalating risk. "
) * 4
SECTIONS = 12  # about 10 pages: a second or two of rendering, ample time to kill the worker
OLD_REPORT = b"%PDF-1.7\n% the report published before the edit\n%%EOF\n"
OLD_BRIEFING = b"%PDF-1.7\n% the briefing published before the edit\n%%EOF\n"


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """One `celery worker` subprocess; its output goes to a log file printed on teardown (pytest
    shows it when the test fails)."""

    def __init__(self, name: str, env: dict, log_path: Path):
        self.name = name
        self.log_path = log_path
        self.log = log_path.open("wb")
        command = [sys.executable, "-m", "celery", "-A", "cscp", "worker", "--pool=solo", "--loglevel=INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@drill"]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no acknowledgement, no handler runs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # cold shutdown: it is idle by now
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def celery_worker_process(running_private_redis, tmp_path):
    """start(name) -> a WorkerProcess; every one started is stopped (and its log printed) at
    teardown, whatever happened."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": running_private_redis.url,
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "cscp.settings",
        "CSCP_PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    started: list[WorkerProcess] = []

    def start(name: str) -> WorkerProcess:
        worker = WorkerProcess(name, env, tmp_path / f"{name}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        try:
            worker.stop()
        finally:
            print(
                f"--- celery worker {worker.name} (exit {worker.process.returncode}) ---\n{worker.output()}"
            )


def wait_for(render: Render, state: str, worker: WorkerProcess, timeout: float = 60.0) -> Render:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.state == state:
            return render
        assert worker.process.poll() is None, f"worker {worker.name} exited:\n{worker.output()}"
        time.sleep(0.02)
    pytest.fail(f"render {render.pk} is {render.state}, not {state}, after {timeout} s:\n{worker.output()}")


@pytest.fixture
def live_publication():
    """Published, its two PDFs served, then edited: content version 2 has no PDF yet."""
    publication = PublicationFactory(status=Publication.Status.LIVE, published_at=timezone.now())
    body = "\n\n".join([PARAGRAPH] * 3)
    PublicationSectionFactory.create_batch(SECTIONS, publication=publication, body=body)
    # The guard checks a live publication's new PDF in the worker: give it a term to look for.
    ProtectedTerm.objects.create(publication=publication, term="Zebedee Quirrell")
    old = {
        kind: RenderFactory(publication=publication, kind=kind, content_version=1, file__data=data)
        for kind, data in ((Render.Kind.REPORT, OLD_REPORT), (Render.Kind.BRIEFING, OLD_BRIEFING))
    }
    Publication.objects.filter(pk=publication.pk).update(content_version=2)
    publication.refresh_from_db()
    return publication, old


def public_pdf(client, publication, name: str) -> bytes:
    response = client.get(reverse(f"reports:{name}", args=[publication.slug]))
    assert response.status_code == 200
    return response.content


def test_a_worker_killed_mid_render_leaves_the_publication_consistent_and_the_sweeper_renders_it(
    client, running_private_redis, celery_worker_process, live_publication
):
    publication, old = live_publication

    # 1. A worker takes the report; it is killed while the Render row says RUNNING.
    first = celery_worker_process("first")
    with broker_at(running_private_redis.url), transaction.atomic():
        report, briefing = request_renders(publication)
    assert (report.kind, briefing.kind) == (Render.Kind.REPORT, Render.Kind.BRIEFING)
    report = wait_for(report, Render.State.RUNNING, first)
    first.kill()
    assert first.process.returncode == -signal.SIGKILL

    # 2. Consistent: the previous PDFs are still the ones served, the half-made one is not.
    report.refresh_from_db()
    assert (report.state, report.attempts, report.file.name) == (Render.State.RUNNING, 1, "")
    publication.refresh_from_db()
    assert (publication.status, publication.content_version) == (Publication.Status.LIVE, 2)
    assert current_render(publication, Render.Kind.REPORT) == old[Render.Kind.REPORT]
    assert not renders_ready(publication)
    assert public_pdf(client, publication, "report_pdf") == OLD_REPORT

    # 3. Later: the row has waited past the sweeper's threshold; a new worker runs the sweeper.
    aged = timezone.now() - STUCK_AFTER - timedelta(seconds=30)
    Render.objects.filter(pk=report.pk).update(started_at=aged)
    # The briefing may have waited in the queue or gone down with the first worker: age it too,
    # so the sweeper queues it again either way (a duplicate message is claimed once).
    Render.objects.filter(pk=briefing.pk, state=Render.State.PENDING).update(created_at=aged)
    second = celery_worker_process("second")
    with broker_at(running_private_redis.url):
        tasks.sweep_renders.delay()
    report = wait_for(report, Render.State.DONE, second)
    briefing = wait_for(briefing, Render.State.DONE, second)

    # 4. The report is made again: the lost attempt is counted, the PDF is whole and served.
    assert (report.attempts, briefing.attempts) == (2, 1)
    content = render_bytes(report)
    assert content.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(content)).pages) == report.pages > 5
    assert report.size == len(content)
    publication.refresh_from_db()
    assert (publication.status, publication.content_version) == (Publication.Status.LIVE, 2)
    assert renders_ready(publication)
    assert current_render(publication, Render.Kind.REPORT) == report
    assert public_pdf(client, publication, "report_pdf") == content
    assert public_pdf(client, publication, "briefing_pdf") == render_bytes(briefing)
