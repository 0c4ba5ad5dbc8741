"""What the referral tests share: a draft of the referrer's, and a client signed in as them."""

import pytest

from tests.factories import ReferralFactory


@pytest.fixture
def draft(referrer):
    return ReferralFactory(created_by=referrer)


@pytest.fixture
def as_referrer(client, referrer):
    client.force_login(referrer)
    return client
