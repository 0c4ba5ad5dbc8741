"""Renders through a real broker and worker (a private redis-server, an in-process Celery
worker): a render queued after commit is made by the worker; one whose message was lost while
the broker was down is queued again by the sweeper once it is back."""

import logging
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import transaction
from django.utils import timezone

from cscp.celery import app
from publications import tasks
from publications.models import Render
from publications.rendering.services import request_renders
from tests.factories import PublicationFactory
from tests.notifications.test_outbox_drill import TaskLog, broker_at

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def task_log():
    log = TaskLog()
    task_postrun.connect(log, weak=False)
    yield log
    task_postrun.disconnect(log)


def wait_until_done(render, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if render.state == Render.State.DONE:
            return render
        time.sleep(0.1)
    pytest.fail(f"render {render.pk} is still {render.state}")


def test_the_worker_renders_what_a_request_queued(running_private_redis):
    publication = PublicationFactory(mode="summary")
    with broker_at(running_private_redis.url), start_worker(app, pool="solo", perform_ping_check=False):
        with transaction.atomic():
            (render,) = request_renders(publication)
        render = wait_until_done(render)
    assert (render.pages, render.attempts) == (1, 1)


def test_the_sweeper_queues_again_a_render_lost_while_the_broker_was_down(private_redis, task_log, caplog):
    # An earlier in-process worker may have set the root logger to ERROR: ask for warnings here.
    caplog.set_level(logging.WARNING, logger="publications.rendering")
    publication = PublicationFactory(mode="summary")
    with broker_at(private_redis.url):
        with transaction.atomic():
            (render,) = request_renders(publication)  # nothing listens: the message is lost
        assert f"render_id={render.pk} left for the sweeper" in caplog.text
        Render.objects.filter(pk=render.pk).update(created_at=timezone.now() - timedelta(minutes=3))

        private_redis.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            task_log.wait_for(tasks.sweep_renders.delay())
            render = wait_until_done(render)
    assert render.attempts == 1
