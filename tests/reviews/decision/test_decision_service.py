import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError
from reviews.cases.clocks import add_months
from reviews.decision.services import decision_record, outcome_for_referrer
from reviews.models import (
    Communication,
    ConflictOfInterest,
    Decision,
    DecisionOutcome,
    ReviewCase,
    ReviewStatus,
    ReviewType,
    Theme,
    Triage,
)
from tests.emails import assert_in_both_bodies, assert_not_in_either_body
from tests.reviews.decision_answers import MESSAGE, RATIONALE, awaiting_decision, decision_kwargs

pytestmark = pytest.mark.django_db

S = ReferralStatus


def test_it_records_the_decision_and_moves_the_referral_to_decided(referral, member):
    decision = decision_record(**decision_kwargs(referral, member, dissent="The police delegate hesitated."))

    referral.refresh_from_db()
    assert referral.status == S.DECIDED
    assert decision.outcome == DecisionOutcome.SPR
    assert decision.rationale == RATIONALE
    assert decision.recorded_by == member
    assert decision.criteria_assessment == {
        "met": ["improvements", "agencies_working_together"],
        "notes": "Met.",
    }
    event = ReferralEvent.objects.filter(referral=referral).latest("id")
    assert (event.from_status, event.to_status, event.action) == (
        S.AWAITING_DECISION,
        S.DECIDED,
        "triage.decided",
    )
    assert RATIONALE not in event.note


def test_it_keeps_the_similar_reviews_considered_and_who_was_present(referral, member, coordinator):
    other = awaiting_decision()
    case = ReviewCase.objects.create(
        reference="REV-2025-001",
        review_type=ReviewType.SPR,
        commissioned_on=datetime.date(2025, 3, 1),
        target_publication_on=datetime.date(2025, 9, 1),
        created_by=coordinator,
    )
    decision = decision_record(
        **decision_kwargs(
            referral,
            member,
            similar_referrals=[other],
            similar_reviews=[case],
            members_present=[member, coordinator],
        )
    )
    assert list(decision.similar_referrals.all()) == [other]
    assert list(decision.similar_reviews.all()) == [case]
    assert set(decision.members_present.all()) == {member, coordinator}


@pytest.mark.parametrize(
    ("outcome", "review_type"),
    [
        ("spr", ReviewType.SPR),
        ("learning_review", ReviewType.LEARNING_REVIEW),
        ("near_miss_inquiry", ReviewType.NEAR_MISS_INQUIRY),
    ],
)
def test_a_decision_for_a_review_opens_a_commissioned_review_case(referral, member, outcome, review_type):
    neglect = Theme.objects.get_or_create(slug="neglect-test", defaults={"name": "Neglect (test)"})[0]
    Triage.objects.create(referral=referral).themes.add(neglect)
    decided_on = timezone.localdate() - datetime.timedelta(days=1)

    decision = decision_record(**decision_kwargs(referral, member, outcome=outcome, decided_on=decided_on))

    case = decision.review_case
    assert case.review_type == review_type
    assert case.status == ReviewStatus.COMMISSIONED
    assert case.reference == f"REV-{decided_on.year}-001"
    assert case.commissioned_on == decided_on
    assert case.target_publication_on == add_months(decided_on, 6)
    assert list(case.referrals.all()) == [referral]
    assert list(case.themes.all()) == [neglect]


@pytest.mark.parametrize(
    ("outcome", "extra"),
    [("no_review", {}), ("referred_elsewhere", {"referred_to": "Child death review (CDOP)"})],
)
def test_a_decision_without_a_review_opens_no_case(referral, member, outcome, extra):
    decision = decision_record(**decision_kwargs(referral, member, outcome=outcome, **extra))
    assert decision.review_case is None
    assert not ReviewCase.objects.exists()


def test_referred_elsewhere_keeps_which_process(referral, member):
    decision = decision_record(
        **decision_kwargs(referral, member, outcome="referred_elsewhere", referred_to="A DHR")
    )
    assert decision.referred_to == "A DHR"


def test_linked_to_review_adds_the_referral_to_the_existing_case(referral, member, coordinator):
    case = ReviewCase.objects.create(
        reference="REV-2026-009",
        review_type=ReviewType.THEMATIC,
        commissioned_on=timezone.localdate(),
        target_publication_on=add_months(timezone.localdate(), 6),
        created_by=coordinator,
    )
    decision = decision_record(
        **decision_kwargs(referral, member, outcome="linked_to_review", linked_review=case)
    )
    assert decision.linked_review == case
    assert decision.review_case is None
    assert referral in case.referrals.all()
    assert ReviewCase.objects.count() == 1


def test_it_emails_the_referrer_a_reference_and_link_only(
    referral, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(**decision_kwargs(referral, member))

    row = OutgoingEmail.objects.get(template="reviews-decision-made")
    assert row.to == referral.created_by.email
    [message] = [m for m in mail.outbox if referral.reference in m.subject]
    assert "A decision has been made" in message.subject
    assert_in_both_bodies(message, referral.reference)
    assert_in_both_bodies(message, f"/referrals/{referral.reference}/")
    child, family = referral.children.get(), referral.family_members.get()
    for private in (
        RATIONALE,
        MESSAGE,
        DecisionOutcome.SPR.label,
        child.full_name,
        child.home_address,
        family.full_name,
        child.date_of_birth.strftime("%-d %B %Y"),
        child.date_of_birth.isoformat(),
    ):
        assert private not in message.subject
        assert_not_in_either_body(message, private)


def test_it_records_that_the_referrer_was_told(referral, member):
    decision_record(**decision_kwargs(referral, member))
    told = Communication.objects.get(referral=referral)
    assert told.recipient == Communication.Recipient.REFERRER
    assert told.channel == Communication.Channel.PORTAL
    assert told.sent_on == timezone.localdate()


def test_the_referrer_sees_the_outcome_and_message_not_the_rationale(referral, member):
    assert outcome_for_referrer(referral) is None
    decision_record(**decision_kwargs(referral, member, outcome="no_review"))
    referral.refresh_from_db()
    outcome = outcome_for_referrer(referral)
    assert (outcome.label, outcome.message) == ("No review", MESSAGE)
    assert RATIONALE not in repr(outcome)


TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rationale": "  "}, "Enter the rationale"),
        ({"message_to_referrer": ""}, "Enter the message to the referrer"),
        ({"outcome": "national_inquiry"}, "Choose an outcome from the list"),
        ({"outcome": "referred_elsewhere", "referred_to": ""}, "Enter which process"),
        ({"outcome": "linked_to_review", "linked_review": None}, "Choose the review"),
        ({"la_agreed_by": ""}, "Missing: the local authority"),
        ({"icb_agreed_by": " "}, "Missing: the integrated care board"),
        ({"police_agreed_by": "", "la_agreed_by": ""}, "Missing: the local authority, the police"),
        ({"decided_on": TOMORROW}, "today or in the past"),
        ({"decided_on": datetime.date(2000, 1, 1)}, "on or after the date the referral was submitted"),
        ({"expected": S.RAPID_REVIEW}, "Someone else changed this referral"),
    ],
)
def test_it_refuses_a_decision_that_breaks_a_rule_and_changes_nothing(referral, member, overrides, message):
    with pytest.raises(ReferralStateError, match=message):
        decision_record(**decision_kwargs(referral, member, **overrides))
    _assert_nothing_changed(referral)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.WITHDRAWN, "has been withdrawn"),
        (S.MERGED, "was merged"),
        (S.DECIDED, "already been recorded"),
        (S.CLOSED, "already been recorded"),
        (S.SCREENING, "cannot be moved to decided"),
        (S.RAPID_REVIEW, "cannot be moved to decided"),
    ],
)
def test_it_refuses_a_referral_not_awaiting_a_decision(member, status, message):
    referral = awaiting_decision()
    referral.status = status
    referral.save()
    with pytest.raises(ReferralStateError, match=message):
        decision_record(**decision_kwargs(referral, member, expected=None))
    assert not Decision.objects.exists()


def test_a_member_who_declared_a_conflict_cannot_record_it(referral, member):
    ConflictOfInterest.objects.create(
        referral=referral, member=member, note="My team worked with the family."
    )
    with pytest.raises(ReferralStateError, match="conflict of interest"):
        decision_record(**decision_kwargs(referral, member))
    _assert_nothing_changed(referral)


@pytest.mark.parametrize("who", ["referrer", "reviewer"])
def test_only_members_and_coordinators_record_decisions(request, referral, who):
    with pytest.raises(ReferralStateError, match="Only Review Group members"):
        decision_record(**decision_kwargs(referral, request.getfixturevalue(who)))
    _assert_nothing_changed(referral)


def test_only_members_and_coordinators_are_recorded_as_present(referral, member, referrer):
    with pytest.raises(ReferralStateError, match="recorded as present"):
        decision_record(**decision_kwargs(referral, member, members_present=[member, referrer]))
    _assert_nothing_changed(referral)


def test_a_second_decision_on_the_same_referral_is_refused(referral, member, coordinator):
    decision_record(**decision_kwargs(referral, member))
    with pytest.raises(ReferralStateError, match="Someone else changed this referral"):
        decision_record(**decision_kwargs(referral, coordinator))
    assert Decision.objects.count() == 1


def _assert_nothing_changed(referral):
    referral.refresh_from_db()
    assert referral.status == S.AWAITING_DECISION
    assert not Decision.objects.exists()
    assert not ReviewCase.objects.exists()
    assert not Communication.objects.exists()
    assert not OutgoingEmail.objects.filter(template="reviews-decision-made").exists()
