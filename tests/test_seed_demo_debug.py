"""seed_demo is for the demo only: refused with DEBUG off unless forced. On an empty database, so
apart from tests/test_seed_demo.py and its shared demo world."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cscp.accounts.models import User
from cscp.core.management.commands.seed_demo import ACCOUNTS

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command("seed_demo", *args, stdout=StringIO())


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        seed()

    assert not User.objects.exists()


def test_it_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed("--force")

    assert User.objects.count() == len(ACCOUNTS)
