import datetime

import pytest

from reviews.models import ActionItem, Recommendation, ReviewStatus
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    RecommendationFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
)
from tests.reviews.staff_pages import date_parts

pytestmark = pytest.mark.django_db

S = ReviewStatus
TODAY = datetime.date.today()


@pytest.fixture
def action():
    return ActionItemFactory(due_on=TODAY - datetime.timedelta(days=3), action="Audit the front door")


def page(case):
    return f"/reviews/{case.reference}/"


# --- The section on the case page ---


def test_the_case_page_shows_the_plan_with_overdue_actions_in_red(coordinator_client, action):
    body = coordinator_client.get(page(action.recommendation.case)).content.decode()
    assert "Recommendations and action plan" in body
    assert "Audit the front door" in body
    assert 'govuk-tag--red">Overdue' in body
    assert "Add a recommendation" in body


def test_members_and_the_appointed_reviewer_read_the_plan_without_links(
    member_client, reviewer_client, reviewer, action
):
    case = action.recommendation.case
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    for client in (member_client, reviewer_client):
        body = client.get(page(case)).content.decode()
        assert "Audit the front door" in body
        assert "Add a recommendation" not in body


def test_another_reviewer_gets_404_on_every_plan_page(reviewer_client, action):
    case = action.recommendation.case
    for url in (
        page(case),
        f"{page(case)}recommendations/add/",
        f"{page(case)}recommendations/{action.recommendation.number}/",
        f"{page(case)}actions/{action.pk}/",
        f"{page(case)}actions/{action.pk}/close/",
    ):
        assert reviewer_client.get(url).status_code == 404


def test_the_plan_is_not_shown_before_final_approval(coordinator_client):
    case = ReviewCaseFactory(status=S.IN_PROGRESS)
    assert "Recommendations and action plan" not in coordinator_client.get(page(case)).content.decode()


# --- Recommendations ---


def test_a_coordinator_adds_a_recommendation(coordinator_client):
    case = ReviewCaseFactory(status=S.PUBLISHED)
    agency = AgencyFactory()
    response = coordinator_client.post(
        f"{page(case)}recommendations/add/",
        {"text": "Share information", "addressed_to": "agency", "agency": agency.pk, "accepted": "yes"},
    )
    assert response.status_code == 302
    recommendation = case.recommendations.get()
    assert (recommendation.number, recommendation.agency, recommendation.accepted) == (1, agency, True)


def test_bad_input_is_explained_and_kept(coordinator_client):
    case = ReviewCaseFactory(status=S.PUBLISHED)
    response = coordinator_client.post(
        f"{page(case)}recommendations/add/", {"text": "Typed text", "addressed_to": "agency"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose the agency the recommendation is addressed to" in body
    assert "Typed text" in body
    assert not Recommendation.objects.exists()


def test_a_member_cannot_add_a_recommendation(member_client):
    case = ReviewCaseFactory(status=S.PUBLISHED)
    response = member_client.post(
        f"{page(case)}recommendations/add/", {"text": "x", "addressed_to": "partnership"}
    )
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


def test_the_plan_cannot_be_changed_before_final_approval(coordinator_client):
    case = ReviewCaseFactory(status=S.IN_PROGRESS)
    response = coordinator_client.post(
        f"{page(case)}recommendations/add/", {"text": "x", "addressed_to": "partnership"}
    )
    assert response.status_code == 302
    assert not Recommendation.objects.exists()


def test_a_recommendation_is_changed(coordinator_client, action):
    recommendation = action.recommendation
    url = f"{page(recommendation.case)}recommendations/{recommendation.number}/"
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, {"text": "Changed", "addressed_to": "partnership", "accepted": "no", "response": "Declined"}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.accepted) == ("Changed", False)


def test_an_unknown_recommendation_is_404(coordinator_client, action):
    case = action.recommendation.case
    assert coordinator_client.get(f"{page(case)}recommendations/99/").status_code == 404
    for number in ("x", "9" * 30):
        assert coordinator_client.get(f"{page(case)}actions/add/?recommendation={number}").status_code == 404


# --- Actions ---


def test_a_coordinator_adds_an_action(coordinator_client):
    recommendation = RecommendationFactory()
    agency = AgencyFactory()
    url = f"{page(recommendation.case)}actions/add/?recommendation={recommendation.number}"
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, {"action": "Train staff", "owner_agency": agency.pk, **date_parts("due_on", TODAY)}
    )
    assert response.status_code == 302
    assert recommendation.actions.get().action == "Train staff"


def test_an_action_needs_its_due_date(coordinator_client):
    recommendation = RecommendationFactory()
    url = f"{page(recommendation.case)}actions/add/?recommendation={recommendation.number}"
    response = coordinator_client.post(url, {"action": "Train staff", "owner_agency": AgencyFactory().pk})
    assert "Enter the due date" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_an_update_is_added(coordinator_client, action):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/"
    assert "No updates yet" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"note": "Slipping", "rag": "red"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.rag == "red"


def test_an_action_is_changed(coordinator_client, action):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/change/"
    response = coordinator_client.post(
        url,
        {"action": "Audit", "owner_agency": action.owner_agency.pk, **date_parts("due_on", TODAY)},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.action == "Audit"


def test_an_action_is_closed_with_evidence(coordinator_client, action):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/close/"
    response = coordinator_client.post(url, {"evidence": "Audit done", **date_parts("closed_on", TODAY)})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == ActionItem.State.CLOSED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"evidence": "", **date_parts("closed_on", TODAY)}, "Enter the evidence"),
        (
            {"evidence": "Done", **date_parts("closed_on", TODAY + datetime.timedelta(days=2))},
            "today or in the past",
        ),
    ],
)
def test_closing_refuses_bad_input(coordinator_client, action, data, message):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/close/"
    response = coordinator_client.post(url, data)
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.state == ActionItem.State.OPEN


def test_an_action_is_carried_forward_with_a_reason(coordinator_client, action):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/carry-forward/"
    assert "Enter why" in coordinator_client.post(url, {"reason": ""}).content.decode()
    assert coordinator_client.post(url, {"reason": "New plan"}).status_code == 302
    action.refresh_from_db()
    assert action.state == ActionItem.State.CARRIED_FORWARD


def test_a_closed_action_cannot_be_closed_again(coordinator_client, action):
    action.state = ActionItem.State.CLOSED
    action.save()
    url = f"{page(action.recommendation.case)}actions/{action.pk}/close/"
    response = coordinator_client.post(url, {"evidence": "Again", **date_parts("closed_on", TODAY)})
    assert "already closed" in response.content.decode()


def test_the_case_page_offers_no_close_button_while_an_action_is_open(coordinator_client, action):
    """Issue 17 §5: what the move needs, with a link to it, instead of its button; the confirm
    page is never reached."""
    case = action.recommendation.case
    body = coordinator_client.get(page(case)).content.decode()
    assert f'href="{page(case)}move/closed/"' not in body
    assert 'data-testid="move-needs-closed"' in body and f'href="{page(case)}#action-plan"' in body
    response = coordinator_client.get(f"{page(case)}move/closed/")
    assert (response.status_code, response.url) == (302, page(case))


def test_wrong_method_is_refused(coordinator_client, action):
    url = f"{page(action.recommendation.case)}actions/{action.pk}/"
    assert coordinator_client.put(url).status_code == 405


def test_closing_the_case_with_open_actions_says_how_many(coordinator_client, action):
    case = action.recommendation.case
    response = coordinator_client.post(f"{page(case)}move/closed/", {"expected": case.status}, follow=True)
    assert "close the open action with evidence, or carry forward with a reason" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.ACTION_MONITORING
