"""Test settings: the real settings with a fast hasher and eager Celery."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from cscp.settings import *  # noqa: F403
from cscp.settings import BASE_DIR, STATICFILES_DIRS, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CSCP_REQUIRE_2FA = True
# Every request renews the session, as Django's SESSION_SAVE_EVERY_REQUEST would: the pinned
# query counts do not depend on how long ago a test's previous request was.
CSCP_SESSION_RENEW_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate-limit counters in this process's memory, emptied before each test (tests/conftest.py):
# a shared Redis would let one test's (or xdist worker's) requests count against another's.
CACHES = {
    **CACHES,  # noqa: F405
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"},
}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
# axe-core for the browser tests, served by the live server (tests/e2e/kit.py says why); never
# part of the production static files.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("test-vendor", BASE_DIR / "tests" / "e2e" / "vendor")]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# A test database is thrown away: its commits need not wait for the disk. The browser, drill and
# migration tests commit thousands of times, and on the machine's PostgreSQL (fsync on) each
# commit waited for a flush. Durability aside, PostgreSQL behaves exactly the same.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
