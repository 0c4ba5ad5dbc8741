import pytest
from django.conf import settings

from cscp.celery import app

pytestmark = pytest.mark.worker


def test_the_periodic_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "notifications.sweep_outbox" in names
    for name in names:
        assert name in app.tasks, f"{name} is scheduled but no such task is registered"


def test_the_sweeper_runs_every_minute_or_so():
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "notifications.sweep_outbox"
    ]
    assert entry["schedule"] <= 300
