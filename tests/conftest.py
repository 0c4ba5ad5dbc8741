import os
import time
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import hypothesis
import pytest

from cscp.accounts.roles import Role
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told it is safe (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.plugins.ci_guard", "tests.conftest_redis", "tests.concurrency"]

# Property-based tests: few examples, the same ones every run, no time limit per example (a
# request through the test client is slow by hypothesis's standards). Choose another profile
# with HYPOTHESIS_PROFILE=... to search harder locally.
hypothesis.settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture, hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.register_profile(
    "thorough",
    parent=hypothesis.settings.get_profile("ci"),
    max_examples=500,
    derandomize=False,
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def referrer(db):
    return UserFactory(email="referrer@council.example", roles=[Role.REFERRER])


@pytest.fixture
def member(db):
    return UserFactory(email="member@council.example", roles=[Role.MEMBER])


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR])


@pytest.fixture
def reviewer(db):
    return UserFactory(email="reviewer@independent.example", roles=[Role.REVIEWER])


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@council.example", roles=[Role.ADMIN], is_staff=True, is_superuser=True)


def _verified_client(client, user):
    """Signed in, second factor passed (as django-otp's middleware would record it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session["cscp_second_factor_at"] = int(time.time())  # given just now (accounts/reauth.py)
    session.save()
    return client


@pytest.fixture
def staff_client_for(client):
    """A client signed in as the given staff user with 2FA already verified."""
    return lambda user: _verified_client(client, user)


class DemoWorld(NamedTuple):
    output: str  # what seed_demo printed
    media_root: Path  # where its documents were written


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py seed_demo`'s data, seeded once for the tests of a module that read it: a seeding
    takes about two seconds and some forty tests read one. It is seeded inside a transaction that
    is rolled back after the module's last test; each test on `db` runs in a savepoint inside it,
    so what one test changes the next never sees. Not for `transactional_db` tests."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(DEBUG=True, MEDIA_ROOT=media_root):
            call_command("seed_demo", stdout=out)
        yield DemoWorld(out.getvalue(), media_root)
        transaction.set_rollback(True)


def strays_from_the_demo_world(items) -> list[str]:
    """The tests in a module whose other tests use the demo world but that do not use it
    themselves. The world is open from the module's first test on it to the module's end, so
    such a test would see its data or not depending on the order the tests ran in."""
    on_world = {item.path for item in items if "demo_world" in getattr(item, "fixturenames", ())}
    return [
        item.nodeid
        for item in items
        if item.path in on_world and "demo_world" not in getattr(item, "fixturenames", ())
    ]


def _transactional(item) -> bool:
    """As pytest-django tells a test that flushes the database afterwards."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    flagged = bool(marker) and any(validate_django_db(marker)[:2])
    fixtures = getattr(item, "fixturenames", ())
    return flagged or "transactional_db" in fixtures or "live_server" in fixtures


def longest_first(items) -> list:
    """The tests marked `longest` first among those like them, the rest in the order collected.
    On two workers the run ends when the busier one does: a 50-second journey handed out near
    the end left the other worker idle for 40 seconds (issue 13); first, it starts as soon as
    its worker reaches the browser tests and the others are shared out around it.

    pytest-django has already put the transactional tests after the others, because each one
    flushes the database, and with it the rows the migrations made (the role groups, the
    themes): the order between the two kinds is kept."""
    return sorted(items, key=lambda item: (_transactional(item), item.get_closest_marker("longest") is None))


def pytest_collection_modifyitems(config, items):
    stray = strays_from_the_demo_world(items)
    if stray:
        raise pytest.UsageError(
            "Not on the demo world, in a module whose other tests are: put them on `demo_world` "
            "or in a module of their own:\n  " + "\n  ".join(stray)
        )
    items[:] = longest_first(items)


@pytest.fixture(autouse=True)
def private_media_in_a_temporary_directory(request, settings, tmp_path_factory):
    """No test writes an uploaded or generated file into the checkout's private-media/. A test
    on the demo world reads the documents that its seeding wrote."""
    if "demo_world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("demo_world").media_root
    else:
        settings.MEDIA_ROOT = tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (the public pages are cached per process, and the
    rate limits count in the "ratelimit" cache)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def casework_version_moves_at_once(request):
    """A test on the `db` fixture runs inside one transaction that is rolled back, never
    committed, so the casework version's deferred triggers (reviews/casework_triggers.py) would
    never fire and a cached staff page would outlive the changes a test makes. Inside that
    transaction, make them fire at each statement instead, as a commit would. Tests on
    `transactional_db` (and the browser tests) commit for real and need nothing."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    from django.db import connection

    request.getfixturevalue("_django_db_helper")
    # True only inside the TestCase transaction of a `db` test.
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS cscp_casework_version IMMEDIATE")


@pytest.fixture(autouse=True)
def root_logger_level_restored():
    """Celery's in-process test worker (start_worker) sets the root logger to ERROR and leaves it
    there, so a later test in the same process that reads a warning from caplog saw nothing: which
    test came later depended on how the suite was shared among the parallel workers."""
    import logging

    level = logging.root.level
    yield
    logging.root.setLevel(level)
