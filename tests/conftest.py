import os

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
    session.save()
    return client


@pytest.fixture
def staff_client_for(client):
    """A client signed in as the given staff user with 2FA already verified."""
    return lambda user: _verified_client(client, user)


@pytest.fixture(autouse=True)
def private_media_in_a_temporary_directory(settings, tmp_path_factory):
    """No test writes an uploaded or generated file into the checkout's private-media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the public pages are cached per process)."""
    from django.core.cache import cache

    cache.clear()
