"""Clients per role, and a savepoint per hypothesis example: each example starts from the same
world (a form that moved a referral or a case on would otherwise refuse every later example)."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client

from cscp.accounts.roles import Role
from tests.conftest import _verified_client
from tests.factories import AgencyFactory, AllowedDomainFactory, UserFactory


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def agency(db):
    """An agency whose staff register with addresses at allowed.example."""
    agency = AgencyFactory(name="Example Council")
    AllowedDomainFactory(domain="allowed.example", agency=agency)
    return agency


@pytest.fixture
def as_coordinator(coordinator):
    return _verified_client(Client(), coordinator)


@pytest.fixture
def as_member(member):
    return _verified_client(Client(), member)


@pytest.fixture
def second_coordinator(db):
    return UserFactory(email="coordinator2@council.example", roles=[Role.COORDINATOR])


@pytest.fixture
def as_second_coordinator(second_coordinator):
    return _verified_client(Client(), second_coordinator)


@pytest.fixture
def as_referrer(referrer):
    client = Client()
    client.force_login(referrer)
    return client


@pytest.fixture
def made_once():
    """Worlds built once per test, outside the examples' savepoints, and reused by every
    example (building a submitted referral for each example would be most of the run time)."""
    made = {}

    def get(key, make):
        if key not in made:
            made[key] = make()
        return made[key]

    return get
