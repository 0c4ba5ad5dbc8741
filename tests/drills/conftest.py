"""Fixtures shared by the failure drills: the task log of an in-process Celery worker."""

import pytest
from celery.signals import task_postrun

from tests.notifications.test_outbox_drill import TaskLog


@pytest.fixture
def task_log():
    """Task ids the in-process worker has finished (wait_for(*results))."""
    log = TaskLog()
    task_postrun.connect(log, weak=False)
    yield log
    task_postrun.disconnect(log)
