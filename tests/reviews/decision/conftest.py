"""The referral the decision's tests work on: awaiting its decision, or already decided."""

import pytest

from reviews.decision.services import decision_record
from tests.reviews.decision_answers import awaiting_decision, decision_kwargs


@pytest.fixture
def referral():
    return awaiting_decision()


@pytest.fixture
def decided_referral(member):
    """Decided (no review): the referrer has been told, the family and the Panel not yet."""
    referral = awaiting_decision()
    decision_record(**decision_kwargs(referral, member, outcome="no_review"))
    referral.refresh_from_db()
    return referral
