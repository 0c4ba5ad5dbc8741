"""The public page cache's key: the site version and the moment it changed."""

import pytest

from publications.models import PublicSiteVersion
from publications.public import cache as public_cache

pytestmark = pytest.mark.django_db


def test_a_bump_makes_a_new_key():
    public_cache.bump()
    first = public_cache.key("reports:list")
    public_cache.bump()
    assert public_cache.key("reports:list") != first


def test_a_counter_that_starts_again_never_meets_pages_cached_before():
    # A database restored, rebuilt or flushed between tests: the counter is back where it was,
    # but the cached page belongs to other content.
    public_cache.bump()
    public_cache.get_or_set("reports:list", lambda: "old content")
    PublicSiteVersion.objects.all().delete()
    public_cache.bump()
    assert public_cache.current_version() == 2
    assert public_cache.get_or_set("reports:list", lambda: "new content") == "new content"
