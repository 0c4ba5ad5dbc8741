"""What the referral tests share: a draft of the referrer's, a client signed in as them, and the
coordinators the referral emails go to (an inactive one and a member, who get none, besides)."""

import pytest

from cscp.accounts.roles import Role
from tests.factories import ReferralFactory, UserFactory


@pytest.fixture
def draft(referrer):
    return ReferralFactory(created_by=referrer)


@pytest.fixture
def as_referrer(client, referrer):
    client.force_login(referrer)
    return client


@pytest.fixture
def coordinators(db):
    UserFactory(email="gone@council.example", roles=[Role.COORDINATOR], is_active=False)
    UserFactory(email="member@council.example", roles=[Role.MEMBER])
    return [
        UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR]),
        UserFactory(email="coordinator2@council.example", roles=[Role.COORDINATOR]),
    ]
