"""The referral emails carry a reference and a link, never a child's or family member's
details (design.md §2): rendered here from a referral full of distinctive personal data."""

import datetime

import pytest
from django.core import mail

from cscp.accounts.roles import Role
from referrals.models import ReferralStatus
from referrals.services import referral_submit
from referrals.withdrawal.services import referral_request_withdrawal, referral_withdraw
from tests.emails import assert_in_both_bodies, assert_not_in_either_body, html_body
from tests.factories import (
    ChildFactory,
    FamilyMemberFactory,
    UserFactory,
    complete_referral_factory,
)

pytestmark = pytest.mark.django_db

DOB = datetime.date(2019, 3, 14)
PERSONAL = [
    "Zebedee",
    "Quartermaine",
    "Ophelia",
    "Secret Lane",
    "Frobisher",
    "Balcony-incident",
    "14 March 2019",
    "14/03/2019",
    "2019-03-14",
    "Mar. 14, 2019",
]


@pytest.fixture
def coordinators(db):
    return [
        UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR]),
        UserFactory(email="coordinator2@council.example", roles=[Role.COORDINATOR]),
    ]


@pytest.fixture
def referral(coordinators):
    referral = complete_referral_factory(
        children=0,
        family_members=0,
        incident_description="Balcony-incident at the Frobisher flat, 1 Secret Lane.",
        reasons_criteria_met="Zebedee Quartermaine was seriously harmed.",
        immediate_concerns="yes",
        immediate_concerns_details="Zebedee's sibling still lives at 1 Secret Lane.",
        media_interest="yes",
        media_interest_details="The Frobisher Gazette named Zebedee.",
    )
    ChildFactory(
        referral=referral,
        full_name="Zebedee Quartermaine",
        date_of_birth=DOB,
        home_address="1 Secret Lane, Croydon",
        date_of_death=datetime.date.today() - datetime.timedelta(days=3),
    )
    FamilyMemberFactory(
        referral=referral, full_name="Ophelia Quartermaine", date_of_birth=DOB, address="1 Secret Lane"
    )
    return referral


def _submit(referral, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return referral_submit(referral=referral, by=referral.created_by)


def _assert_no_personal_data(message):
    for text in PERSONAL:
        assert text not in message.subject, f"{text!r} in the subject {message.subject!r}"
        assert_not_in_either_body(message, text)


def _assert_reference_and_link(message, referral):
    url = f"http://127.0.0.1:8000/referrals/{referral.reference}/"
    assert referral.reference in message.subject
    assert_in_both_bodies(message, referral.reference)
    assert_in_both_bodies(message, url)
    assert f'href="{url}"' in html_body(message)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CSCP_SITE_URL = "http://127.0.0.1:8000"


def test_the_acknowledgement_to_the_referrer_has_the_reference_and_link_only(
    referral, django_capture_on_commit_callbacks
):
    referral = _submit(referral, django_capture_on_commit_callbacks)

    [message] = [m for m in mail.outbox if m.to == [referral.created_by.email]]
    assert message.subject == f"Referral {referral.reference} received"
    _assert_reference_and_link(message, referral)
    assert_in_both_bodies(message, "We will tell you the outcome.")
    _assert_no_personal_data(message)


def test_the_alert_to_each_coordinator_is_urgent_and_says_why_without_personal_data(
    referral, coordinators, django_capture_on_commit_callbacks
):
    referral = _submit(referral, django_capture_on_commit_callbacks)

    alerts = [m for m in mail.outbox if m.to != [referral.created_by.email]]
    assert sorted(m.to[0] for m in alerts) == sorted(c.email for c in coordinators)
    for message in alerts:
        # Aware 18 days before it was submitted: the Panel notification was overdue on arrival.
        assert message.subject == f"URGENT: New referral {referral.reference}: Panel notification overdue"
        _assert_reference_and_link(message, referral)
        assert_in_both_bodies(message, "it reports the death of a child")
        assert_in_both_bodies(message, "the referrer has immediate concerns for a child")
        assert_in_both_bodies(message, "there is media interest")
        _assert_no_personal_data(message)


def test_the_alert_for_a_referral_that_is_not_urgent_does_not_say_urgent(
    coordinators, django_capture_on_commit_callbacks
):
    on_time = complete_referral_factory(aware_date=datetime.date.today())  # its clock just started
    referral = _submit(on_time, django_capture_on_commit_callbacks)

    [alert, _] = [m for m in mail.outbox if m.to != [referral.created_by.email]]
    assert alert.subject == f"New referral {referral.reference}"
    assert "URGENT" not in alert.body
    assert "URGENT" not in html_body(alert)
    assert_in_both_bodies(alert, referral.reference)


def test_the_withdrawal_email_leaves_out_the_reason_and_personal_data(
    referral, django_capture_on_commit_callbacks
):
    referral = _submit(referral, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referral_withdraw(
            referral=referral, by=referral.created_by, reason="Zebedee Quartermaine is safe now"
        )

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject == f"Referral {referral.reference} withdrawn by the referrer"
        _assert_reference_and_link(message, referral)
        _assert_no_personal_data(message)


def test_the_withdrawal_request_email_leaves_out_the_reason_and_personal_data(
    referral, django_capture_on_commit_callbacks
):
    referral = _submit(referral, django_capture_on_commit_callbacks)
    referral.status = ReferralStatus.SCREENING
    referral.save(update_fields=["status"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referral_request_withdrawal(
            referral=referral, by=referral.created_by, reason="Ophelia Quartermaine moved to 1 Secret Lane"
        )

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject == f"Withdrawal requested for referral {referral.reference}"
        _assert_reference_and_link(message, referral)
        _assert_no_personal_data(message)
