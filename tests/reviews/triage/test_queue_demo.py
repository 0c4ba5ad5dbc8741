"""Demo triage (reviews/triage/demo.py, through seed_demo): clocks in every state relative to today,
a decision of every outcome, review cases only where a decision calls for one; idempotent."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from referrals.models import ReferralStatus
from reviews.clocks import triage_clocks
from reviews.models import (
    OUTCOME_REVIEW_TYPES,
    Communication,
    Decision,
    DecisionOutcome,
    ReviewCase,
    Triage,
)

pytestmark = pytest.mark.django_db

DEMO_OUTCOMES = {"spr", "learning_review", "near_miss_inquiry", "no_review", "referred_elsewhere"}


@pytest.fixture
def seeded(demo_world, settings):
    # Seeding twice must add nothing: the tests that seed again do so with DEBUG on, as seeding needs.
    settings.DEBUG = True
    return demo_world


def test_demo_clocks_are_on_track_due_soon_and_overdue(seeded):
    today = timezone.localdate()
    states = {clock.state for triage in Triage.objects.all() for clock in triage_clocks(triage, today)}

    assert {"on_track", "due_soon", "overdue", "done"} <= states


def test_every_referral_from_screening_on_has_a_triage_with_themes(seeded):
    triages = Triage.objects.select_related("referral")
    statuses = {triage.referral.status for triage in triages}

    assert {"screening", "rapid_review", "awaiting_decision", "decided", "closed"} <= statuses
    assert all(triage.themes.exists() for triage in triages)


def test_there_is_a_decision_of_each_outcome_with_rationale_and_message(seeded):
    decisions = Decision.objects.select_related("referral")

    assert {decision.outcome for decision in decisions} == DEMO_OUTCOMES
    for decision in decisions:
        assert decision.referral.status in (ReferralStatus.DECIDED, ReferralStatus.CLOSED)
        assert decision.rationale and decision.message_to_referrer
        assert decision.la_agreed_by and decision.icb_agreed_by and decision.police_agreed_by


def test_review_cases_open_only_for_outcomes_that_call_for_one(seeded):
    for decision in Decision.objects.select_related("review_case"):
        calls_for_one = DecisionOutcome(decision.outcome) in OUTCOME_REVIEW_TYPES
        assert (decision.review_case is not None) == calls_for_one
        if calls_for_one:
            case = decision.review_case
            assert re.fullmatch(r"REV-\d{4}-\d{3}", case.reference)
            assert case.review_type == OUTCOME_REVIEW_TYPES[decision.outcome]
            assert list(case.referrals.all()) == [decision.referral]
    # The demo action-plan case (reviews/demo_action_plans.py) is set up directly, without a decision.
    assert ReviewCase.objects.filter(decision__isnull=False).count() == 3


def test_closed_referrals_record_telling_the_family_and_the_panel(seeded):
    for decision in Decision.objects.filter(referral__status=ReferralStatus.CLOSED):
        recipients = set(
            Communication.objects.filter(referral=decision.referral).values_list("recipient", flat=True)
        )
        assert {"family", "panel"} <= recipients


def test_a_second_run_adds_nothing(seeded, settings):
    before = (Triage.objects.count(), Decision.objects.count(), ReviewCase.objects.count())
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert (Triage.objects.count(), Decision.objects.count(), ReviewCase.objects.count()) == before
    assert "Demo triage: 0 added" in out.getvalue()


def test_the_demo_queue_and_dashboard_open_for_a_member(seeded, staff_client_for):
    from cscp.accounts.models import User

    client = staff_client_for(User.objects.get(email="member@demo.example"))

    assert client.get("/triage/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
