"""The shared demo world of tests/conftest.py: what a test changes in it is gone for the next,
as seeded. (tests/test_demo_world_guard.py: a module cannot mix tests on it and off it.)"""

from pathlib import Path

import pytest

from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_test_may_change_the_world(demo_world):
    assert Referral.objects.filter(decision__isnull=True).exists()
    Referral.objects.filter(decision__isnull=True).delete()
    assert not Referral.objects.filter(decision__isnull=True).exists()


def test_the_next_test_finds_it_as_seeded(demo_world):
    # Run after the test above (in file order, on one worker), this one finds what it deleted.
    assert Referral.objects.filter(decision__isnull=True).exists()


def test_its_documents_are_where_the_test_reads_them(demo_world, settings):
    assert Path(settings.MEDIA_ROOT) == demo_world.media_root
    files = [path for path in demo_world.media_root.rglob("*") if path.is_file()]
    assert files  # the demo case documents
