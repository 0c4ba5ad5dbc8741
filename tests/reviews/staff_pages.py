"""What the tests of the staff pages on review cases share (cases/, actions/, themes/,
reporting/): a signed-in client for each role, and a date as the GOV.UK date input posts it.
The folders' conftest.py files import the fixtures."""

import pytest


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


@pytest.fixture
def member_client(staff_client_for, member):
    return staff_client_for(member)


@pytest.fixture
def reviewer_client(staff_client_for, reviewer):
    return staff_client_for(reviewer)
