"""/reviews/actions/: every action of every case's plan for members and coordinators, overdue
first and then by due date, filtered, paginated, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.models import ActionItem
from tests.factories import ActionItemFactory, AgencyFactory, RecommendationFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db

URL = "/reviews/actions/"
TODAY = timezone.localdate()


def listed(response):
    return [action.action for action in response.context["page"].object_list]


def action(name, due_in_days, **fields):
    return ActionItemFactory(action=name, due_on=TODAY + timedelta(days=due_in_days), **fields)


def test_it_lists_overdue_actions_first_then_by_due_date(member_client):
    action("Later", 20)
    action("Long overdue", -30)
    action("Soon", 2)
    action("Just overdue", -1)
    action("Closed, was due long ago", -60, state="closed", evidence="Done", closed_on=TODAY)

    response = member_client.get(URL)

    assert response.status_code == 200
    assert listed(response) == ["Long overdue", "Just overdue", "Closed, was due long ago", "Soon", "Later"]
    assert [a.overdue for a in response.context["page"].object_list] == [True, True, False, False, False]


def test_each_row_shows_the_case_recommendation_owner_due_date_rag_and_state(member_client):
    agency = AgencyFactory(name="Croydon Health Services")
    item = ActionItemFactory(
        recommendation=RecommendationFactory(number=3),
        owner_agency=agency,
        due_on=TODAY - timedelta(days=1),
        rag="amber",
        action="Audit the front door",
    )
    case = item.recommendation.case

    body = member_client.get(URL).content.decode()

    assert case.reference in body
    assert f'href="/reviews/{case.reference}/#action-plan"' in body  # members read the plan on the case page
    assert "Croydon Health Services" in body and "Audit the front door" in body
    assert (TODAY - timedelta(days=1)).strftime("%-d %b %Y") in body
    assert "govuk-tag--yellow" in body and ">Amber<" in body
    assert ">Overdue<" in body
    assert '<td class="govuk-table__cell">3</td>' in body


def test_coordinators_go_to_the_action_page_while_the_plan_can_change(coordinator_client):
    open_plan = ActionItemFactory()
    closed_case = ReviewCaseFactory(status="closed")
    closed_plan = ActionItemFactory(
        recommendation=RecommendationFactory(case=closed_case),
        state="carried_forward",
        carried_forward_reason="r",
    )

    body = coordinator_client.get(URL).content.decode()

    case = open_plan.recommendation.case
    assert f'href="/reviews/{case.reference}/actions/{open_plan.pk}/"' in body
    assert f'href="/reviews/{closed_case.reference}/#action-plan"' in body
    assert ">Carried forward<" in body
    assert closed_plan.action in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "open"}, ["Overdue red", "Open green"]),
        ({"state": "closed"}, ["Closed"]),
        ({"state": "carried_forward"}, ["Carried"]),
        ({"rag": "red"}, ["Overdue red"]),
        ({"overdue": "on"}, ["Overdue red"]),
        ({"overdue": ""}, ["Overdue red", "Closed", "Carried", "Open green"]),
    ],
)
def test_it_filters_by_state_rag_and_overdue(member_client, query, expected):
    action("Overdue red", -3, rag="red")
    action("Closed", -2, state="closed", evidence="e", closed_on=TODAY)
    action("Carried", -1, state="carried_forward", carried_forward_reason="r")
    action("Open green", 5)

    assert listed(member_client.get(URL, query)) == expected


def test_it_filters_by_owner_agency_and_case(member_client):
    police = AgencyFactory(name="Police")
    mine = action("Police action", 1, owner_agency=police)
    other = action("Health action", 2)

    assert listed(member_client.get(URL, {"owner_agency": police.pk})) == ["Police action"]
    case = other.recommendation.case
    assert listed(member_client.get(URL, {"case": case.reference})) == ["Health action"]
    assert mine.recommendation.case.reference != case.reference


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"state": "finished"}, "state", "Select a valid choice"),
        ({"rag": "purple"}, "rag", "Select a valid choice"),
        ({"owner_agency": "99999"}, "owner_agency", "Select a valid choice"),
        ({"owner_agency": "police"}, "owner_agency", "Select a valid choice"),
        ({"case": "REV-1999-999"}, "case", "Select a valid choice"),
    ],
)
def test_a_bad_filter_value_is_named_in_an_error_summary_not_a_500(member_client, query, field, message):
    action("Still listed", 1)

    response = member_client.get(URL, query)

    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and f'href="#id_{field}"' in body
    assert message in body
    assert "<title>Error:" in body


def test_a_bad_page_number_shows_a_page_not_a_500(member_client):
    action("Only one", 1)
    for page in ["abc", "999", "-1"]:
        response = member_client.get(URL, {"page": page})
        assert response.status_code == 200
        assert listed(response) == ["Only one"]


def test_it_says_so_when_there_are_no_actions(member_client):
    body = member_client.get(URL).content.decode()
    assert "There are no actions." in body
    body = member_client.get(URL, {"state": "closed"}).content.decode()
    assert "No actions match these filters." in body


def test_it_pages_by_fifty(member_client):
    recommendation = RecommendationFactory()
    ActionItem.objects.bulk_create(
        ActionItem(
            recommendation=recommendation,
            action=f"Action {n:02d}",
            owner_agency=AgencyFactory(),
            due_on=TODAY + timedelta(days=n),
        )
        for n in range(55)
    )

    first = member_client.get(URL)
    second = member_client.get(URL, {"page": 2})

    assert len(listed(first)) == 50
    assert listed(second) == [f"Action {n:02d}" for n in range(50, 55)]
    assert 'aria-label="Page 2"' in first.content.decode()


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_members_and_coordinators_may_open_it(request, staff_client_for, role):
    assert staff_client_for(request.getfixturevalue(role)).get(URL).status_code == 200


def test_reviewers_are_refused(staff_client_for, reviewer):
    assert staff_client_for(reviewer).get(URL).status_code == 403


def test_referrers_are_refused(client, referrer):
    client.force_login(referrer)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_it_rejects_post(member_client):
    assert member_client.post(URL).status_code == 405


def test_it_is_in_the_navigation_of_members_and_coordinators_only(staff_client_for, member, reviewer):
    body = staff_client_for(member).get(URL).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/reviews/actions/" aria-current="page">' in body
    assert 'href="/reviews/actions/"' not in staff_client_for(reviewer).get("/reviews/").content.decode()


def make_actions(n):
    agency = AgencyFactory()
    for i in range(n):
        recommendation = RecommendationFactory(case=ReviewCaseFactory(status="action_monitoring"))
        ActionItemFactory(
            recommendation=recommendation, owner_agency=agency, due_on=TODAY + timedelta(days=i - 5)
        )


@pytest.mark.parametrize(("n", "page"), [(3, 1), (60, 1), (60, 2)])
def test_it_runs_a_fixed_number_of_queries(coordinator_client, django_assert_num_queries, n, page):
    make_actions(n)
    coordinator_client.get(URL)  # warm the session

    with django_assert_num_queries(QUERIES):
        response = coordinator_client.get(URL, {"page": page, "state": "open"})
    assert response.status_code == 200
    assert len(listed(response)) == min(50, n - 50 * (page - 1))


# Session, user, second factor, roles; the count and the page of actions with their case,
# recommendation and owner; the agency and case lists of the filter form; the session saved
# (in a savepoint: three).
QUERIES = 11
