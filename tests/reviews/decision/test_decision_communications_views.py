"""/triage/<ref>/communications/ and closing the referral."""

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import ReferralStatus
from reviews.decision.communications import communication_record
from reviews.models import Communication
from tests.reviews.decision_answers import awaiting_decision

pytestmark = pytest.mark.django_db

R = Communication.Recipient
TODAY = timezone.localdate()


@pytest.fixture
def referral(decided_referral):
    return decided_referral


def url(referral, name="communications"):
    return reverse(f"reviews:{name}", args=[referral.reference])


def told(**overrides):
    data = {
        "recipient": "family",
        "told": "yes",
        "sent_on_0": str(TODAY.day),
        "sent_on_1": str(TODAY.month),
        "sent_on_2": str(TODAY.year),
        "channel": "letter",
        "by_whom": "Business manager",
        "summary": "",
    }
    return {**data, **overrides}


def test_a_member_sees_who_was_told_but_no_form(staff_client_for, member, referral):
    response = staff_client_for(member).get(url(referral))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The referrer" in content  # recorded automatically with the decision
    assert 'name="recipient"' not in content
    assert "Close the referral" not in content


def test_a_coordinator_records_that_the_family_was_told(staff_client_for, coordinator, referral):
    response = staff_client_for(coordinator).post(url(referral), told())
    assert response.status_code == 302
    row = Communication.objects.get(recipient=R.FAMILY)
    assert (row.sent_on, row.channel, row.by_whom, row.recorded_by) == (
        TODAY,
        "letter",
        "Business manager",
        coordinator,
    )


def test_a_coordinator_records_why_the_family_was_not_told(staff_client_for, coordinator, referral):
    staff_client_for(coordinator).post(
        url(referral), told(told="no", not_sent_reason="Police asked us to wait.")
    )
    assert Communication.objects.get(recipient=R.FAMILY).not_sent_reason == "Police asked us to wait."


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"recipient": ""}, "Select who was told"),
        ({"told": ""}, "Select yes if they were told"),
        ({"sent_on_0": "", "sent_on_1": "", "sent_on_2": ""}, "Enter the date they were told"),
        ({"channel": ""}, "Select how they were told"),
        ({"by_whom": ""}, "Enter who told them"),
        ({"told": "no"}, "Enter why they were not told"),
        ({"told": "no", "recipient": "panel", "not_sent_reason": "x"}, "must be told"),
    ],
)
def test_bad_input_says_what_to_fix(staff_client_for, coordinator, referral, overrides, error):
    response = staff_client_for(coordinator).post(url(referral), told(**overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Communication.objects.exclude(recipient=R.REFERRER).exists()


def test_a_member_cannot_record(staff_client_for, member, referral):
    response = staff_client_for(member).post(url(referral), told())
    assert response.status_code == 302
    assert not Communication.objects.filter(recipient=R.FAMILY).exists()


def test_nothing_is_recorded_before_a_decision(staff_client_for, coordinator):
    referral = awaiting_decision()
    response = staff_client_for(coordinator).post(url(referral), told())
    assert response.status_code == 200
    assert b"No decision has been recorded" in response.content
    assert not Communication.objects.exists()


@pytest.mark.parametrize("who", ["referrer", "reviewer"])
def test_other_roles_are_refused(request, client, referral, who):
    from tests.conftest import _verified_client

    _verified_client(client, request.getfixturevalue(who))
    assert client.get(url(referral)).status_code == 403
    assert client.post(url(referral, "close")).status_code == 403


def test_the_coordinator_closes_once_family_and_panel_are_recorded(staff_client_for, coordinator, referral):
    for recipient in (R.FAMILY, R.PANEL):
        communication_record(
            referral=referral,
            by=coordinator,
            recipient=recipient,
            channel="email",
            sent_on=TODAY,
            by_whom="BM",
        )
    client = staff_client_for(coordinator)
    assert b"Close the referral" in client.get(url(referral)).content
    response = client.post(url(referral, "close"), {"expected": "decided"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED


def test_closing_too_early_names_what_is_missing(staff_client_for, coordinator, referral):
    client = staff_client_for(coordinator)
    response = client.post(url(referral, "close"), {"expected": "decided"}, follow=True)
    assert "how the national Panel was told" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED


def test_a_member_cannot_close(staff_client_for, member, referral):
    assert staff_client_for(member).post(url(referral, "close")).status_code == 403


def test_close_rejects_get(staff_client_for, coordinator, referral):
    assert staff_client_for(coordinator).get(url(referral, "close")).status_code == 405
