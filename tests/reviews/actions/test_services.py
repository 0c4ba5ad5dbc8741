import datetime

import pytest

from reviews.actions.services import (
    EDITABLE,
    action_add,
    action_carry_forward,
    action_change,
    action_close,
    action_update,
    recommendation_add,
    recommendation_change,
)
from reviews.cases.transitions import ReviewCaseError, review_move
from reviews.models import ActionItem, Rag, ReviewCaseEvent, ReviewStatus
from tests.factories import ActionItemFactory, AgencyFactory, RecommendationFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db

S = ReviewStatus
TODAY = datetime.date.today()


def test_recommendations_are_numbered_in_turn_with_an_event(coordinator):
    case = ReviewCaseFactory(status=S.PUBLISHED)
    first = recommendation_add(case=case, by=coordinator, text="One", addressed_to="partnership")
    second = recommendation_add(case=case, by=coordinator, text="Two", addressed_to="national")
    assert (first.number, second.number) == (1, 2)
    assert ReviewCaseEvent.objects.filter(case=case, action="review.recommendation_added").count() == 2


@pytest.mark.parametrize("status", S.values)
def test_the_plan_is_editable_only_from_final_approval(coordinator, status):
    case = ReviewCaseFactory(status=status)
    if status in EDITABLE:
        recommendation_add(case=case, by=coordinator, text="One", addressed_to="partnership")
    else:
        with pytest.raises(ReviewCaseError, match="cannot be changed"):
            recommendation_add(case=case, by=coordinator, text="One", addressed_to="partnership")
        assert not case.recommendations.exists()


def test_only_coordinators_change_the_plan(member):
    case = ReviewCaseFactory(status=S.PUBLISHED)
    with pytest.raises(ReviewCaseError, match="Only coordinators"):
        recommendation_add(case=case, by=member, text="One", addressed_to="partnership")


def test_a_recommendation_and_an_action_can_be_changed(coordinator):
    action = ActionItemFactory()
    recommendation_change(
        recommendation=action.recommendation, by=coordinator, accepted=True, response="Agreed"
    )
    action_change(action=action, by=coordinator, changes={"owner_name": "Director"})
    action.refresh_from_db()
    assert action.owner_name == "Director"
    assert action.recommendation.accepted is True


def test_an_action_is_added_to_a_recommendation(coordinator):
    recommendation = RecommendationFactory()
    action = action_add(
        recommendation=recommendation, by=coordinator, action="Train staff",
        owner_agency=AgencyFactory(), due_on=TODAY,
    )  # fmt: skip
    assert action.state == ActionItem.State.OPEN
    assert ReviewCaseEvent.objects.filter(case=recommendation.case, action="review.action_added").exists()


def test_an_update_sets_the_rag(coordinator):
    action = ActionItemFactory()
    action_update(action=action, by=coordinator, note="Behind", rag=Rag.AMBER)
    action.refresh_from_db()
    assert action.rag == Rag.AMBER
    assert action.updates.get().note == "Behind"


@pytest.mark.parametrize(
    ("evidence", "closed_on", "message"),
    [
        ("", TODAY, "Enter the evidence"),
        ("Audit done", TODAY + datetime.timedelta(days=1), "today or in the past"),
        ("Audit done", TODAY - datetime.timedelta(days=400), "on or after"),
    ],
)
def test_closing_needs_evidence_and_a_sensible_date(coordinator, evidence, closed_on, message):
    action = ActionItemFactory()
    with pytest.raises(ReviewCaseError, match=message):
        action_close(action=action, by=coordinator, evidence=evidence, closed_on=closed_on)
    action.refresh_from_db()
    assert action.state == ActionItem.State.OPEN


def test_an_action_closes_with_evidence(coordinator):
    action = action_close(action=ActionItemFactory(), by=coordinator, evidence="Audit done", closed_on=TODAY)
    assert (action.state, action.evidence, action.closed_on) == (ActionItem.State.CLOSED, "Audit done", TODAY)


def test_carrying_forward_needs_a_reason(coordinator):
    action = ActionItemFactory()
    with pytest.raises(ReviewCaseError, match="Enter why"):
        action_carry_forward(action=action, by=coordinator, reason=" ")
    action_carry_forward(action=action, by=coordinator, reason="Into the new strategy")
    action.refresh_from_db()
    assert action.state == ActionItem.State.CARRIED_FORWARD


def test_a_closed_action_cannot_be_updated(coordinator):
    action = action_close(action=ActionItemFactory(), by=coordinator, evidence="Done", closed_on=TODAY)
    with pytest.raises(ReviewCaseError, match="already closed"):
        action_update(action=action, by=coordinator, note="More", rag=Rag.GREEN)


def test_overdue_is_derived_from_state_and_due_date():
    late = ActionItemFactory.build(due_on=TODAY - datetime.timedelta(days=1))
    assert late.is_overdue()
    late.state = ActionItem.State.CLOSED
    assert not late.is_overdue()
    assert not ActionItemFactory.build(due_on=TODAY).is_overdue()


# --- The close guard ---


def test_a_case_with_open_actions_cannot_close(coordinator):
    action = ActionItemFactory()
    ActionItemFactory(recommendation=action.recommendation)
    case = action.recommendation.case
    with pytest.raises(
        ReviewCaseError, match="close the 2 open actions with evidence, or carry forward with a reason"
    ):
        review_move(case=case, to=S.CLOSED, by=coordinator)
    case.refresh_from_db()
    assert case.status == S.ACTION_MONITORING


@pytest.mark.parametrize("finish", ["close", "carry_forward"])
def test_a_case_closes_once_every_action_is_closed_or_carried_forward(coordinator, finish):
    action = ActionItemFactory()
    if finish == "close":
        action_close(action=action, by=coordinator, evidence="Done", closed_on=TODAY)
    else:
        action_carry_forward(action=action, by=coordinator, reason="Into the new plan")
    case = review_move(case=action.recommendation.case, to=S.CLOSED, by=coordinator)
    assert case.status == S.CLOSED
