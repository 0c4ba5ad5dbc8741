"""The outbox drill (design.md §2): with the broker down a request still succeeds and the row
waits; when Redis comes back the message is sent exactly once. A real redis-server of our own
and an in-process Celery worker; never the machine's Redis."""

import contextlib
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections, transaction
from kombu import pools as kombu_pools

from cscp.celery import app
from cscp.notifications import tasks
from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import email_enqueue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def broker_at(url):
    """Point the Celery app (and Django's settings) at `url`, not eager; restore afterwards."""
    keys = ("broker_url", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    _reset_connection_pools()
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        _reset_connection_pools()
        app.conf.update(saved)


def _reset_connection_pools():
    # The app caches its broker connections for the URL it first used, and kombu keeps every
    # pool in a process-wide registry keyed by connection: closing a pool without emptying the
    # registry would hand the same closed pool to the next task sent (eager tasks acquire a
    # producer too), so later tests would fail with "Acquire on closed pool".
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class TaskLog:
    """Task ids the in-process worker has finished, so the test waits for exactly those."""

    def __init__(self):
        self.done: set[str] = set()
        self.changed = threading.Condition()

    def __call__(self, sender=None, task_id=None, **kwargs):
        # Runs in the worker thread: give its database connections back before the test ends.
        connections.close_all()
        with self.changed:
            self.done.add(task_id)
            self.changed.notify_all()

    def wait_for(self, *results, timeout=20.0):
        ids = {result.id for result in results}
        with self.changed:
            assert self.changed.wait_for(lambda: ids <= self.done, timeout), (
                "the worker did not run the tasks"
            )


@pytest.fixture
def task_log():
    log = TaskLog()
    task_postrun.connect(log, weak=False)
    yield log
    task_postrun.disconnect(log)


def test_the_outbox_survives_a_broker_outage(private_redis, settings, task_log, caplog):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = private_redis.url
    with broker_at(private_redis.url):
        # 1. Nothing listens on the port: the "request" commits and returns promptly.
        started = time.monotonic()
        with transaction.atomic():
            message = email_enqueue(
                to="coordinator@council.example",
                template="outbox-test",
                context={"name": "Sam", "reference": "SPR-2026-0042", "link": "http://testserver/"},
            )
        assert time.monotonic() - started < 3
        message.refresh_from_db()
        assert message.status == OutgoingEmail.Status.QUEUED
        assert mail.outbox == []
        assert f"broker unreachable, message_id={message.pk} left queued" in caplog.text

        # 2. Redis returns; the periodic sweeper, run through the broker, sends it once.
        private_redis.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            task_log.wait_for(tasks.sweep_outbox.delay())
            assert len(mail.outbox) == 1
            message.refresh_from_db()
            assert message.status == OutgoingEmail.Status.SENT

            # 3. Duplicate tasks for the same message send nothing more.
            task_log.wait_for(tasks.send_email.delay(message.pk), tasks.send_email.delay(message.pk))
            assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Referral SPR-2026-0042 needs your attention"


def test_a_message_enqueued_while_the_broker_is_up_is_sent_by_the_worker(running_private_redis, task_log):
    with broker_at(running_private_redis.url), start_worker(app, pool="solo", perform_ping_check=False):
        with transaction.atomic():
            message = email_enqueue(
                to="member@council.example",
                template="outbox-test",
                context={"name": "Alex", "reference": "SPR-2026-0007", "link": "http://testserver/"},
            )
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(mail.outbox) == 1
        message.refresh_from_db()
        assert message.status == OutgoingEmail.Status.SENT
