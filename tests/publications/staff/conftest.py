import pytest

from tests.publications.helpers import prepared


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


@pytest.fixture
def member_client(staff_client_for, member):
    return staff_client_for(member)


@pytest.fixture
def publication(coordinator):
    """A publication a coordinator prepared, its PDFs not rendered."""
    return prepared(coordinator, render=False)
