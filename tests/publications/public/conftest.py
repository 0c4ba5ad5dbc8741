import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_public_cache():
    # Without a PublicSiteVersion row every test's keys share version 0: start each one empty.
    cache.clear()
    yield
    cache.clear()
