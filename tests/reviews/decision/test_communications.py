import datetime

import pytest
from django.utils import timezone

from referrals.models import ReferralStatus
from referrals.services import ReferralStateError
from reviews.decision.communications import communication_record, missing_before_close, referral_close
from reviews.models import Communication
from tests.reviews.decision_answers import awaiting_decision

pytestmark = pytest.mark.django_db

R = Communication.Recipient
TODAY = timezone.localdate()


@pytest.fixture
def referral(decided_referral):
    return decided_referral


def tell(referral, by, recipient, **fields):
    told = {"channel": "letter", "sent_on": TODAY, "by_whom": "Business manager"}
    return communication_record(referral=referral, by=by, recipient=recipient, **{**told, **fields})


def test_a_coordinator_records_that_the_family_was_told(referral, coordinator):
    row = tell(referral, coordinator, R.FAMILY, summary="Letter to the mother.")
    assert (row.recipient, row.channel, row.sent_on, row.by_whom) == (
        R.FAMILY,
        "letter",
        TODAY,
        "Business manager",
    )
    assert row.recorded_by == coordinator


def test_a_coordinator_records_why_the_family_was_not_told(referral, coordinator):
    row = communication_record(
        referral=referral, by=coordinator, recipient=R.FAMILY, not_sent_reason="Police asked us to wait."
    )
    assert row.sent_on is None
    assert row.not_sent_reason == "Police asked us to wait."


@pytest.mark.parametrize(
    ("recipient", "fields", "message"),
    [
        (R.FAMILY, {"sent_on": None, "not_sent_reason": ""}, "or why they were not told"),
        (R.PANEL, {"sent_on": None, "not_sent_reason": "No reason"}, "Enter the date they were told"),
        (R.FAMILY, {"channel": ""}, "Choose how they were told"),
        (R.FAMILY, {"by_whom": " "}, "Enter who told them"),
        (R.FAMILY, {"sent_on": TODAY + datetime.timedelta(days=1)}, "today or in the past"),
        (R.FAMILY, {"sent_on": TODAY - datetime.timedelta(days=30)}, "on or after the date of the decision"),
        (R.REFERRER, {}, "Choose who was told"),
        ("the_press", {}, "Choose who was told"),
    ],
)
def test_it_refuses_an_incomplete_record(referral, coordinator, recipient, fields, message):
    before = Communication.objects.count()
    with pytest.raises(ReferralStateError, match=message):
        tell(referral, coordinator, recipient, **fields)
    assert Communication.objects.count() == before


def test_members_see_but_do_not_record(referral, member):
    with pytest.raises(ReferralStateError, match="Only coordinators"):
        tell(referral, member, R.FAMILY)


def test_nothing_is_recorded_before_the_decision(coordinator):
    referral = awaiting_decision()
    with pytest.raises(ReferralStateError, match="once a decision is made"):
        tell(referral, coordinator, R.FAMILY)


def test_the_referral_closes_once_the_family_and_the_panel_were_told(referral, coordinator):
    tell(referral, coordinator, R.FAMILY)
    tell(referral, coordinator, R.PANEL, channel="notification_system")
    assert missing_before_close(referral) == []
    closed = referral_close(referral=referral, by=coordinator, expected=ReferralStatus.DECIDED)
    assert closed.status == ReferralStatus.CLOSED


def test_a_reason_the_family_was_not_told_is_enough_to_close(referral, coordinator):
    communication_record(
        referral=referral, by=coordinator, recipient=R.FAMILY, not_sent_reason="Criminal trial."
    )
    tell(referral, coordinator, R.PANEL)
    assert referral_close(referral=referral, by=coordinator).status == ReferralStatus.CLOSED


@pytest.mark.parametrize(
    ("told", "message"),
    [
        ([], "record how the family was told, or why they were not and how the national Panel was told"),
        ([R.PANEL], "record how the family was told, or why they were not\\."),
        ([R.FAMILY, R.OFSTED], "record how the national Panel was told"),
    ],
)
def test_it_will_not_close_until_the_family_and_panel_are_recorded(referral, coordinator, told, message):
    for recipient in told:
        tell(referral, coordinator, recipient)
    with pytest.raises(ReferralStateError, match=message):
        referral_close(referral=referral, by=coordinator)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED


def test_only_coordinators_close(referral, member):
    with pytest.raises(ReferralStateError, match="Only coordinators close"):
        referral_close(referral=referral, by=member)


def test_a_stale_close_is_refused(referral, coordinator):
    tell(referral, coordinator, R.FAMILY)
    tell(referral, coordinator, R.PANEL)
    referral_close(referral=referral, by=coordinator)
    with pytest.raises(ReferralStateError, match="Someone else changed"):
        referral_close(referral=referral, by=coordinator, expected=ReferralStatus.DECIDED)
