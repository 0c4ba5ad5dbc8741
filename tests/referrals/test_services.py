"""The referral services: submission, withdrawal and withdrawal requests, their guards, their
event rows and the emails they queue."""

import datetime

import pytest
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferenceCounter, ReferralEvent, ReferralStatus
from referrals.services import (
    ReferralStateError,
    referral_request_withdrawal,
    referral_submit,
    referral_withdraw,
)
from tests.factories import (
    ChildFactory,
    ReferralFactory,
    UserFactory,
    complete_referral_factory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.django_db

S = ReferralStatus
YEAR = timezone.localdate().year


@pytest.fixture
def coordinators(db):
    UserFactory(email="gone@council.example", roles=[Role.COORDINATOR], is_active=False)
    UserFactory(email="member@council.example", roles=[Role.MEMBER])
    return [
        UserFactory(email="coordinator@council.example", roles=[Role.COORDINATOR]),
        UserFactory(email="coordinator2@council.example", roles=[Role.COORDINATOR]),
    ]


def submit(referral):
    return referral_submit(referral=referral, by=referral.created_by)


def emails(template):
    return sorted(OutgoingEmail.objects.filter(template=template).values_list("to", flat=True))


# --- Submission --------------------------------------------------------------------------


def test_submitting_gives_the_first_reference_of_the_year_then_the_next(coordinators):
    first = submit(complete_referral_factory())
    second = submit(complete_referral_factory())

    assert first.reference == f"SPR-{YEAR}-0001"
    assert second.reference == f"SPR-{YEAR}-0002"
    assert ReferenceCounter.objects.get(year=YEAR).last_number == 2


def test_submitting_records_who_when_and_the_new_status(coordinators):
    draft = complete_referral_factory()
    before = timezone.now()

    referral = submit(draft)

    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert referral.submitted_by == draft.created_by
    assert before <= referral.submitted_at <= timezone.now()
    event = ReferralEvent.objects.get(referral=referral, action="referral.submitted")
    assert (event.from_status, event.to_status, event.actor) == (S.DRAFT, S.SUBMITTED, draft.created_by)


def test_submitting_queues_an_acknowledgement_and_an_alert_to_each_active_coordinator(coordinators):
    referral = submit(complete_referral_factory())

    assert emails("referrals-submitted") == [referral.created_by.email]
    assert emails("referrals-new-alert") == sorted(c.email for c in coordinators)
    assert OutgoingEmail.objects.count() == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"criteria": ["death"]},
        {"criteria": ["lac_death"]},
        {"criteria": ["care_leaver_death"]},
        {"immediate_concerns": "yes", "immediate_concerns_details": "A sibling is at home."},
        {"media_interest": "yes", "media_interest_details": "A local newspaper called."},
    ],
    ids=["death", "looked-after child death", "care leaver death", "immediate concerns", "media interest"],
)
def test_a_referral_is_urgent_when_it_reports_a_death_immediate_concerns_or_media_interest(
    coordinators, fields
):
    referral = submit(complete_referral_factory(**fields))

    assert referral.is_urgent
    assert (
        OutgoingEmail.objects.filter(template="referrals-new-alert", subject__startswith="URGENT: ").count()
        == 2
    )


def test_a_child_with_a_date_of_death_makes_a_referral_urgent(coordinators):
    draft = complete_referral_factory(children=0)
    ChildFactory(referral=draft, date_of_death=timezone.localdate() - datetime.timedelta(days=2))

    assert submit(draft).is_urgent


@pytest.mark.parametrize("media_interest", ["no", "unknown"])
def test_a_referral_is_not_urgent_otherwise(coordinators, media_interest):
    referral = submit(complete_referral_factory(media_interest=media_interest))

    assert not referral.is_urgent
    subjects = OutgoingEmail.objects.filter(template="referrals-new-alert").values_list("subject", flat=True)
    assert all(not subject.startswith("URGENT") for subject in subjects)


def test_only_the_referrer_can_submit_their_draft(coordinators):
    draft = complete_referral_factory()
    someone_else = UserFactory(roles=[Role.REFERRER])

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_submit(referral=draft, by=someone_else)

    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.reference is None
    assert not OutgoingEmail.objects.exists()


def test_a_referral_cannot_be_submitted_twice(coordinators):
    referral = submit(complete_referral_factory())

    with pytest.raises(ReferralStateError, match="already been submitted"):
        submit(referral)

    assert ReferenceCounter.objects.get(year=YEAR).last_number == 1
    assert OutgoingEmail.objects.count() == 3


def test_an_incomplete_draft_cannot_be_submitted_and_uses_no_number(coordinators):
    draft = ReferralFactory()  # only the referrer's details

    with pytest.raises(ReferralStateError, match="Complete every section"):
        submit(draft)

    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.reference is None
    assert not ReferenceCounter.objects.filter(year=YEAR, last_number__gt=0).exists()
    assert not OutgoingEmail.objects.exists()


def test_numbering_restarts_at_0001_in_a_new_year(coordinators, monkeypatch):
    ReferenceCounter.objects.create(year=YEAR - 1, last_number=41)
    assert submit(complete_referral_factory()).reference == f"SPR-{YEAR}-0001"

    new_year = datetime.datetime(YEAR + 1, 1, 1, 0, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: new_year)
    referral = submit(complete_referral_factory())

    assert referral.reference == f"SPR-{YEAR + 1}-0001"
    assert referral.submitted_at == new_year
    assert ReferenceCounter.objects.get(year=YEAR).last_number == 1


# --- Withdrawal ----------------------------------------------------------------------------


def test_the_referrer_withdraws_a_submitted_referral_with_a_reason(coordinators):
    referral = submitted_referral_factory()

    referral_withdraw(referral=referral, by=referral.created_by, reason="Sent by mistake")

    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN
    assert referral.withdrawn_at is not None
    assert referral.withdrawal_reason == "Sent by mistake"
    event = referral.events.get(action="referral.withdrawn")
    assert (event.from_status, event.to_status, event.note) == (S.SUBMITTED, S.WITHDRAWN, "Sent by mistake")
    assert emails("referrals-withdrawn") == sorted(c.email for c in coordinators)


def test_only_the_referrer_can_withdraw(coordinators):
    referral = submitted_referral_factory()

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_withdraw(referral=referral, by=coordinators[0], reason="No")

    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert not referral.events.filter(action="referral.withdrawn").exists()


@pytest.mark.parametrize(
    "status", [S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION, S.DECIDED, S.CLOSED, S.WITHDRAWN, S.MERGED]
)
def test_a_referral_can_be_withdrawn_only_while_submitted(coordinators, status):
    referral = submitted_referral_factory(status=status)

    with pytest.raises(ReferralStateError, match="only withdraw a referral before"):
        referral_withdraw(referral=referral, by=referral.created_by, reason="Too late")

    referral.refresh_from_db()
    assert referral.status == status
    assert not OutgoingEmail.objects.filter(template="referrals-withdrawn").exists()


def test_a_draft_cannot_be_withdrawn(coordinators):
    draft = complete_referral_factory()

    with pytest.raises(ReferralStateError):
        referral_withdraw(referral=draft, by=draft.created_by, reason="Draft")


# --- Withdrawal requests -------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION])
def test_the_referrer_asks_the_coordinators_to_withdraw_once_triage_has_started(coordinators, status):
    referral = submitted_referral_factory(status=status)

    referral_request_withdrawal(referral=referral, by=referral.created_by, reason="The family moved away")

    referral.refresh_from_db()
    assert referral.status == status  # the coordinators decide
    assert referral.withdrawal_requested_at is not None
    assert referral.withdrawal_request_reason == "The family moved away"
    event = referral.events.get(action="referral.withdrawal_requested")
    assert (event.from_status, event.to_status, event.actor) == (status, status, referral.created_by)
    assert event.note == "The family moved away"
    assert emails("referrals-withdrawal-requested") == sorted(c.email for c in coordinators)


def test_a_withdrawal_can_be_requested_only_once(coordinators):
    referral = submitted_referral_factory(status=S.SCREENING)
    referral_request_withdrawal(referral=referral, by=referral.created_by, reason="First")

    with pytest.raises(ReferralStateError, match="already asked"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Second")

    referral.refresh_from_db()
    assert referral.withdrawal_request_reason == "First"
    assert OutgoingEmail.objects.filter(template="referrals-withdrawal-requested").count() == 2


def test_a_submitted_referral_is_withdrawn_not_requested(coordinators):
    referral = submitted_referral_factory()

    with pytest.raises(ReferralStateError, match="can still withdraw this referral yourself"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Please")


@pytest.mark.parametrize("status", [S.DECIDED, S.CLOSED, S.WITHDRAWN, S.MERGED])
def test_a_withdrawal_request_needs_a_referral_being_triaged(coordinators, status):
    referral = submitted_referral_factory(status=status)

    with pytest.raises(ReferralStateError, match="can no longer be withdrawn"):
        referral_request_withdrawal(referral=referral, by=referral.created_by, reason="Please")

    referral.refresh_from_db()
    assert referral.withdrawal_requested_at is None


def test_only_the_referrer_can_ask_for_a_withdrawal(coordinators):
    referral = submitted_referral_factory(status=S.SCREENING)

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_request_withdrawal(referral=referral, by=UserFactory(roles=[Role.REFERRER]), reason="Mine")
