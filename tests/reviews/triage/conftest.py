"""Fixtures of the triage tests (the referral at each step of triage is in tests/reviews/conftest.py)."""

import pytest


@pytest.fixture
def signed_in_as(request, client, staff_client_for):
    """A client signed in as the user of the role fixture named: staff (a reviewer) through
    staff_client_for, a referrer through the plain client."""

    def sign_in(role):
        user = request.getfixturevalue(role)
        return staff_client_for(user) if role == "reviewer" else (client.force_login(user) or client)

    return sign_in
