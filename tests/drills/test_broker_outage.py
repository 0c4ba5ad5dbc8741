"""Drill: Redis is down while a referrer submits (issue 7 §3, design.md §2).

The referrer's real POST to "Check your answers" succeeds promptly with no broker listening; the
acknowledgement and the coordinators' alerts wait as outbox rows. Then our own redis-server
starts, an in-process Celery worker runs, the sweeper runs twice, and duplicate send tasks
arrive: each email goes exactly once. Never the machine's Redis."""

import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from cscp.accounts.roles import Role
from cscp.celery import app
from cscp.notifications import tasks
from cscp.notifications.models import OutgoingEmail
from cscp.notifications.services import outbox_sweep
from referrals.models import ReferralStatus
from referrals.services import referral_submit
from tests.concurrency import run_at_once
from tests.factories import UserFactory, complete_referral_factory
from tests.notifications.test_outbox_drill import broker_at
from tests.referrals.draft.posts import check_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


@pytest.fixture
def coordinators():
    return [UserFactory(email=f"coordinator{n}@council.example", roles=[Role.COORDINATOR]) for n in (1, 2)]


def test_a_submission_while_redis_is_down_is_emailed_exactly_once_when_it_returns(
    client, referrer, coordinators, private_redis, settings, task_log, caplog
):
    # An earlier in-process worker may have set the root logger to ERROR: ask for warnings here.
    caplog.set_level(logging.WARNING, logger="cscp.notifications.services")
    referral = complete_referral_factory(created_by=referrer)
    client.force_login(referrer)
    settings.REDIS_URL = settings.CELERY_BROKER_URL = private_redis.url

    with broker_at(private_redis.url):
        # 1. No broker listens: the referrer's submission still commits and answers promptly.
        assert not private_redis.running
        started = time.monotonic()
        response = client.post(check_url(referral))
        assert time.monotonic() - started < 5
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.SUBMITTED
        assert response.status_code == 302
        assert response.url == reverse("referrals:submitted", args=[referral.reference])

        rows = OutgoingEmail.objects.order_by("id")
        expected = {
            (referrer.email, "referrals-submitted"),
            *((c.email, "referrals-new-alert") for c in coordinators),
        }
        assert {(row.to, row.template) for row in rows} == expected
        assert {(row.status, row.attempts) for row in rows} == {(OutgoingEmail.Status.QUEUED, 0)}
        assert mail.outbox == []
        for row in rows:
            assert f"broker unreachable, message_id={row.pk} left queued" in caplog.text

        # 2. Redis returns and a worker starts; the sweeper runs twice, and a stray duplicate
        #    send task arrives for every row.
        private_redis.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            task_log.wait_for(tasks.sweep_outbox.delay(), tasks.sweep_outbox.delay())
            task_log.wait_for(*(tasks.send_email.delay(row.pk) for row in rows))

    # 3. Each email went exactly once, to the right person, carrying only the reference.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(to for to, _ in expected)
    for message in mail.outbox:
        assert referral.reference in message.subject + message.body
        for child in referral.children.all():
            assert child.full_name not in message.subject + message.body
    assert {(row.status, row.attempts) for row in rows.all()} == {(OutgoingEmail.Status.SENT, 1)}
    response = client.get(reverse("referrals:submitted", args=[referral.reference]))
    assert response.status_code == 200


@pytest.mark.postgres
def test_sweepers_running_at_the_same_moment_after_an_outage_send_each_email_once(
    referrer, coordinators, private_redis, settings
):
    # Two beat schedulers by mistake, or a slow sweep overlapping the next one: three sweeps
    # race for the rows the outage left, each in its own connection.
    settings.REDIS_URL = settings.CELERY_BROKER_URL = private_redis.url
    with broker_at(private_redis.url):
        referrals = [complete_referral_factory(created_by=referrer) for _ in range(3)]
        for referral in referrals:
            referral_submit(referral=referral, by=referrer)
    queued = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED)
    assert queued.count() == len(referrals) * (1 + len(coordinators))
    assert mail.outbox == []

    sent = run_at_once([outbox_sweep] * 3)

    assert not [r for r in sent if isinstance(r, Exception)], sent
    rows = OutgoingEmail.objects.all()
    assert sum(sent) == len(mail.outbox) == rows.count()
    assert sorted(m.extra_headers["X-CSCP-Message-Id"] for m in mail.outbox) == sorted(
        str(pk) for pk in rows.values_list("pk", flat=True)
    )
    assert {(row.status, row.attempts) for row in rows} == {(OutgoingEmail.Status.SENT, 1)}
