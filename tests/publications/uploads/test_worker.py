"""Reading an upload through a real broker and worker (a private redis-server, an in-process
Celery worker consuming only the pdf_check queue, real Tesseract): the reading queued by the
upload is done by the worker listening on its own queue, page by page; a worker on the main
queue alone never takes it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cscp.celery import app
from publications.guard import checks
from publications.models import UploadReading
from publications.staff import services
from publications.uploads import services as uploads
from tests.factories import UserFactory
from tests.notifications.test_outbox_drill import broker_at
from tests.publications.helpers import prepared
from tests.publications.uploads import hostile

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


def wait_for(reading, state, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reading.refresh_from_db()
        if reading.state == state:
            return reading
        time.sleep(0.2)
    pytest.fail(f"reading {reading.pk} is still {reading.state}")


def test_the_pdf_check_worker_reads_a_scan_and_ocr_finds_the_name(running_private_redis):
    coordinator = UserFactory(roles=["coordinator"])
    publication = prepared(coordinator, render=False)
    upload = SimpleUploadedFile("report.pdf", hostile.scanned_page(), content_type="application/pdf")
    with broker_at(running_private_redis.url):
        with transaction.atomic():
            services.report_upload(publication, coordinator, upload)
        reading = uploads.current_reading(publication)
        with start_worker(app, pool="solo", perform_ping_check=False, queues=["celery"]):
            time.sleep(1.5)  # the main queue's worker leaves it alone
            reading.refresh_from_db()
            assert reading.state == UploadReading.State.PENDING
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[uploads.QUEUE]):
            reading = wait_for(reading, UploadReading.State.DONE)
    assert (reading.pages_done, reading.pages_total) == (3, 3)
    scanned = reading.pages.get(number=2)
    assert hostile.NAME in scanned.ocr_text and scanned.needs_clearing
    from publications.guard import services as guard_services

    guard_services.term_add(publication.case, hostile.NAME, coordinator)
    publication.refresh_from_db()
    assert "Full report PDF, page 2 (as OCR reads it)" in [
        hit.location for hit in checks.check_publication(publication)
    ]
