"""Settings, read from the environment (see .env.example for every variable).

Defaults give the embedded mode `make run` uses: SQLite, Celery eager, email to the console.
DJANGO_DEBUG=false switches on the production hardening (secure cookies, HSTS, SSL redirect)
and makes DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS mandatory.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cscp.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=not DEBUG)
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Environment variable DJANGO_SECRET_KEY must be at least 50 characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Environment variable DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# --- The partnership running this instance -------------------------------------------------
# The key of the partnership register's hashes (publications/guard/register.py); by default one
# derived from SECRET_KEY. Set it once and keep it: a new key loses the erased entries' hashes.
CSCP_REGISTER_KEY = env_str("CSCP_REGISTER_KEY", "")
CSCP_PARTNERSHIP_NAME = env_str("CSCP_PARTNERSHIP_NAME", "Croydon Safeguarding Children Partnership")
CSCP_PARTNERSHIP_SHORT_NAME = env_str("CSCP_PARTNERSHIP_SHORT_NAME", "CSCP")
CSCP_SERVICE_NAME = env_str("CSCP_SERVICE_NAME", "Safeguarding Practice Reviews")
CSCP_LOCAL_AUTHORITY = env_str("CSCP_LOCAL_AUTHORITY", "Croydon")
CSCP_FRONT_DOOR_NAME = env_str("CSCP_FRONT_DOOR_NAME", "Croydon Children's Social Care Front Door")
CSCP_FRONT_DOOR_PHONE = env_str("CSCP_FRONT_DOOR_PHONE", "020 8255 2888")
CSCP_CONTACT_EMAIL = env_str("CSCP_CONTACT_EMAIL", "cscp@croydon.gov.uk")
CSCP_SITE_URL = env_url("CSCP_SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
CSCP_PHASE = env_str("CSCP_PHASE", "Beta")
# Staff (members, coordinators, reviewers, admins) must use a TOTP second factor. Only the
# demo turns this off, and every page then says so in a banner.
CSCP_REQUIRE_2FA = env_bool("CSCP_REQUIRE_2FA", True)
CSCP_SESSION_IDLE_MINUTES = env_int("CSCP_SESSION_IDLE_MINUTES", 30, minimum=5)
# A session ends this long after sign-in, however busy (issue 18 §3).
CSCP_SESSION_ABSOLUTE_HOURS = env_int("CSCP_SESSION_ABSOLUTE_HOURS", 12, minimum=1)
CSCP_EMAIL_VERIFICATION_DAYS = env_int("CSCP_EMAIL_VERIFICATION_DAYS", 3, minimum=1)
# A staff enrolment link (the second factor is set up only from one) works for this long.
CSCP_ENROLMENT_LINK_HOURS = env_int("CSCP_ENROLMENT_LINK_HOURS", 72, minimum=1)
# Publishing, exports and role changes ask for the second factor again when older than this.
CSCP_REAUTH_MINUTES = env_int("CSCP_REAUTH_MINUTES", 15, minimum=1)

# --- Statutory clocks ------------------------------------------------------------------------
# The rapid review's 15 working days count from the date the Panel was notified (the Panel's
# 2025 guidance, "notified") or, as older local procedures say, from the date the local
# authority became aware ("aware"). domain.md §2.1 F'.
CSCP_RAPID_REVIEW_CLOCK_START = env_str("CSCP_RAPID_REVIEW_CLOCK_START", "notified").lower()
if CSCP_RAPID_REVIEW_CLOCK_START not in {"notified", "aware"}:
    raise ImproperlyConfigured(
        "Environment variable CSCP_RAPID_REVIEW_CLOCK_START must be notified or aware "
        f"(got {CSCP_RAPID_REVIEW_CLOCK_START!r})."
    )

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "django_celery_beat",
    "csp",
    "django_ratelimit",
    "cscp.accounts",
    "cscp.notifications",
    "cscp.audit",
    "cscp.core",
    "referrals",
    "reviews",
    "publications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the session middlewares below, so a session ended for its age can say why.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cscp.accounts.middleware.SessionRenewalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cscp.accounts.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "cscp.core.headers.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "cscp.urls"
WSGI_APPLICATION = "cscp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cscp.core.context_processors.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}", schemes=("sqlite", "postgres", "postgresql")
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Persistent connections on PostgreSQL; SQLite gains nothing from them.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
        if DATABASE_URL.startswith("postgres")
        else 0,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Failures are counted on the address in its one spelling and on the client's address, read
# through the configured number of proxies (cscp/accounts/throttle.py; issue 18 §1).
AXES_USERNAME_CALLABLE = "cscp.accounts.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "cscp.accounts.throttle.client_ip"
CSCP_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)
# Emails the signed-out forms (registration, new link, password reset) may send an hour, per
# address and per client (django-ratelimit, on the "ratelimit" cache below).
CSCP_EMAIL_RATE_PER_ADDRESS = "3/h"
CSCP_EMAIL_RATE_PER_CLIENT = "10/h"

OTP_TOTP_ISSUER = CSCP_SERVICE_NAME

# Sessions end after a period of inactivity. A request renews a session (writes it, with a new
# expiry) once its last renewal is CSCP_SESSION_RENEW_SECONDS old, rather than on every request:
# a session then ends between 30 minutes less that interval and 30 minutes after its last use,
# and a page costs no session write in between (cscp.accounts.middleware.SessionRenewalMiddleware).
SESSION_COOKIE_AGE = CSCP_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
CSCP_SESSION_RENEW_SECONDS = env_int("CSCP_SESSION_RENEW_SECONDS", 60, minimum=0)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cscp.core.views.csrf_failure"

# --- Security headers -----------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The container health check calls /healthz over plain HTTP from inside the container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("CSCP_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# Largest supporting document a referrer may upload, in megabytes.
CSCP_UPLOAD_MAX_MB = env_int("CSCP_UPLOAD_MAX_MB", 10, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input",
    "dateinput": "govuk-input",
    "urlinput": "govuk-input",
    "timeinput": "govuk-input",
    "datetimeinput": "govuk-input",
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{CSCP_SERVICE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox gives up on a message after this many attempts (backing off 1, 2, 4... minutes).
CSCP_OUTBOX_MAX_ATTEMPTS = env_int("CSCP_OUTBOX_MAX_ATTEMPTS", 8, minimum=1)

# --- Caches -------------------------------------------------------------------------------
# The rate limits' counters must be shared by every gunicorn worker and container: Redis when
# REDIS_URL is set (production, the compose setup). The embedded default keeps them in each
# process's memory, so each process counts on its own (README, Security).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
RATELIMIT_USE_CACHE = "ratelimit"
# django-ratelimit names only django-redis and memcached as supported (W001); Django's own
# RedisCache increments with Redis INCR, which is atomic. Its E003 (memory is not shared) is
# silenced for the embedded default only.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss")) if env_str("REDIS_URL") else ""
CELERY_BROKER_URL = REDIS_URL or "memory://"
if REDIS_URL:
    CACHES["ratelimit"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Without a broker (the embedded default) tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A request must never hang on an unreachable broker: fail fast when publishing, and let the
# outbox sweeper pick the work up later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Reading an uploaded report (layout and OCR, a minute for 30 pages) has a queue of its own, so
# it never delays an email or a render; a worker started with `-Q celery,pdf_check` serves both.
CELERY_TASK_ROUTES = {"publications.read_upload": {"queue": "pdf_check"}}
from celery.schedules import crontab  # noqa: E402  (only the beat schedule needs it)

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "notifications.sweep_outbox", "schedule": 60.0},
    # Once per change of a clock's state, so hourly is soon enough and never repeats itself.
    "clock-reminders": {"task": "reviews.send_clock_reminders", "schedule": 3600.0},
    # A review case's RAG changes with the date alone (amber at 5 months, red once past 6).
    "review-case-rag": {"task": "reviews.refresh_review_case_rag", "schedule": 3600.0},
    # A render left running or waiting for over 2 minutes (a worker died) is queued again.
    "publication-render-sweep": {"task": "publications.sweep_renders", "schedule": 60.0},
    # Publications scheduled (embargoed) for a time now past go live.
    "publication-publish-due": {"task": "publications.publish_due", "schedule": 60.0},
    # Everything the public can read, checked again by the anonymisation guard (issue 14 §5).
    "publication-live-recheck": {
        "task": "publications.recheck_live_content",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Logging: ids and references only, never a child's or family member's details ----------
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"Environment variable DJANGO_LOG_LEVEL must be a log level (got {LOG_LEVEL!r})."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # axes logs every sign-in attempt; pikepdf announces its logger bridge at every start.
    "loggers": {"axes": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}
