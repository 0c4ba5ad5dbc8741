"""The action-plan services under concurrency (PostgreSQL). Every service locks the case row
(select_for_update) before it reads or writes the plan, and the move to closed locks the same
row, so two coordinators working on one case at once are served one after the other: numbers
stay distinct, an action gets one outcome, and a case never closes over an open action."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.actions.services import action_add, action_carry_forward, action_close, recommendation_add
from reviews.cases.transitions import ReviewCaseError, review_move
from reviews.models import ActionItem, Recommendation, ReviewCase, ReviewCaseEvent
from tests.concurrency import run_at_once
from tests.factories import ActionItemFactory, AgencyFactory, ReviewCaseFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]

TODAY = timezone.localdate()


@pytest.fixture
def coordinators():
    return [UserFactory(email=f"coord{n}@council.example", roles=["coordinator"]) for n in range(2)]


def test_two_recommendations_added_at_once_get_distinct_numbers(coordinators):
    case = ReviewCaseFactory(status="action_monitoring")

    results = run_at_once(
        [
            lambda by=by: recommendation_add(
                case=case, by=by, text=f"By {by.email}", addressed_to="partnership"
            )
            for by in coordinators
        ]
    )

    assert all(isinstance(result, Recommendation) for result in results), results
    assert sorted(result.number for result in results) == [1, 2]
    assert sorted(case.recommendations.values_list("number", flat=True)) == [1, 2]
    assert ReviewCaseEvent.objects.filter(case=case, action="review.recommendation_added").count() == 2


def test_closing_and_carrying_forward_one_action_at_once_leaves_one_outcome(coordinators):
    action = ActionItemFactory(created_at=timezone.now() - timedelta(days=5))
    closer, carrier = coordinators

    results = run_at_once(
        [
            lambda: action_close(action=action, by=closer, evidence="Audit done", closed_on=TODAY),
            lambda: action_carry_forward(action=action, by=carrier, reason="Into next year's plan"),
        ]
    )

    assert sum(isinstance(result, ActionItem) for result in results) == 1, results
    refused = [result for result in results if isinstance(result, ReviewCaseError)]
    assert len(refused) == 1 and "already" in str(refused[0])
    action.refresh_from_db()
    if action.state == ActionItem.State.CLOSED:
        assert action.evidence == "Audit done" and action.carried_forward_reason == ""
    else:
        assert action.state == ActionItem.State.CARRIED_FORWARD
        assert action.evidence == "" and action.closed_on is None
    outcomes = ReviewCaseEvent.objects.filter(
        case=action.recommendation.case, action__in=["review.action_closed", "review.action_carried_forward"]
    )
    assert outcomes.count() == 1


def test_a_case_never_closes_over_an_action_added_at_the_same_moment(coordinators):
    """Closing needs every action done; adding needs a plan that is still open. Without the
    lock on the case both could pass their check and the case would close with an open action."""
    done = ActionItemFactory(state="closed", evidence="Done", closed_on=TODAY)
    recommendation = done.recommendation
    case = recommendation.case
    mover, adder = coordinators
    agency = AgencyFactory()

    results = run_at_once(
        [
            lambda: review_move(case=case, to="closed", by=mover, expected="action_monitoring"),
            lambda: action_add(
                recommendation=recommendation, by=adder, action="One more", owner_agency=agency, due_on=TODAY
            ),
        ]
    )

    assert sum(isinstance(result, ReviewCaseError) for result in results) == 1, results
    case.refresh_from_db()
    still_open = ActionItem.objects.filter(recommendation__case=case, state="open").count()
    if case.status == "closed":
        assert isinstance(results[0], ReviewCase) and still_open == 0
        assert "cannot be changed while the case is closed" in str(results[1])
    else:
        assert case.status == "action_monitoring" and still_open == 1
        assert "close the open action" in str(results[0])


def test_a_case_closes_or_its_last_action_is_closed_first_never_a_half(coordinators):
    """Closing the case while its last open action is being closed: either the action closes
    first and then the case, or the case is refused; never a closed case with an open action."""
    action = ActionItemFactory(created_at=timezone.now() - timedelta(days=5))
    case = action.recommendation.case
    mover, closer = coordinators

    results = run_at_once(
        [
            lambda: review_move(case=case, to="closed", by=mover, expected="action_monitoring"),
            lambda: action_close(action=action, by=closer, evidence="Audit done", closed_on=TODAY),
        ]
    )

    assert isinstance(results[1], ActionItem), results  # the action always closes
    case.refresh_from_db()
    action.refresh_from_db()
    assert action.state == ActionItem.State.CLOSED
    if isinstance(results[0], ReviewCase):
        assert case.status == "closed"
    else:
        assert "close the open action" in str(results[0])
        assert case.status == "action_monitoring"
