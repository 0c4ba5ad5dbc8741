"""Settings for `make bench` (issue 8): the production settings (DEBUG off, persistent
connections, the manifest static files storage, the real middleware) against a dedicated
PostgreSQL database, plus the bench app and its reference page.

Only what a benchmark on 127.0.0.1 over plain HTTP needs differs from production: no HTTPS
redirect, no second factor for staff (the runner signs in with a session cookie), and the
bench's own database, static and media directories. Never use these settings for a service."""

import os
from pathlib import Path

_BASE = Path(__file__).resolve().parent.parent

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
os.environ["CSCP_REQUIRE_2FA"] = "false"
os.environ["DJANGO_LOG_LEVEL"] = os.environ.get("BENCH_LOG_LEVEL", "WARNING")
# The bench database, never the one DATABASE_URL names (that may be a developer's or CI's).
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cscp_bench"
)
os.environ["DATABASE_CONN_MAX_AGE"] = "600"
# Celery in-process (seeding renders the demo PDFs); no broker is needed.
os.environ.pop("REDIS_URL", None)
os.environ.pop("EMAIL_HOST", None)
os.environ.setdefault("CSCP_PRIVATE_MEDIA_ROOT", str(_BASE / "bench-results" / "media"))

from cscp.settings import *  # noqa: E402, F403
from cscp.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "scripts.bench"]
ROOT_URLCONF = "scripts.bench.urls"
STATIC_ROOT = _BASE / "bench-results" / "static"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Plain HTTP on 127.0.0.1: the cookies must come back without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
