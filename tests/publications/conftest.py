import pytest

from tests.factories import UserFactory


@pytest.fixture
def second(db):
    """A second coordinator: the one who may publish what `coordinator` prepared."""
    return UserFactory(email="second@council.example", roles=["coordinator"])
