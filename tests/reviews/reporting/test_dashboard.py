"""The dashboard: every statutory clock due within two working days or overdue, review cases
near or past their target date, counts by state, outcome and status, the review cases by stage
group and RAG, earliest publication dates near, agency contributions overdue; a fixed query
count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cscp.calendar import add_working_days
from referrals.models import Referral
from reviews.cases.clocks import add_months
from reviews.models import AgencyContribution, Decision, RapidReview, ReviewCase, ReviewStatus, Triage
from tests.factories import ActionItemFactory, AgencyFactory, ReviewCaseFactory, submitted_referral_factory
from tests.reviews.conftest import store_next_due

pytestmark = pytest.mark.django_db

URL = "/dashboard/"
TODAY = timezone.localdate()


def triage(status="screening", **fields):
    """A triage with its due dates set by hand, and the earliest open one stored as every path
    that changes a triage stores it (clocks.triage_refresh_clocks)."""
    made = Triage.objects.create(
        referral=submitted_referral_factory(status=status), sin_required=True, **fields
    )
    return store_next_due(made)


def review_case(coordinator, reference, target, status=ReviewStatus.COMMISSIONED):
    return ReviewCase.objects.create(
        reference=reference,
        review_type="spr",
        status=status,
        commissioned_on=TODAY - timedelta(days=150),
        target_publication_on=target,
        created_by=coordinator,
    )


def due_references(response):
    return [
        (item.referral.reference, item.clock.name, item.clock.state) for item in response.context["clocks"]
    ]


def test_it_lists_clocks_due_soon_and_overdue_most_overdue_first(member_client):
    overdue = triage(sin_due=TODAY - timedelta(days=3))
    due_soon = triage(sin_due=add_working_days(TODAY, 2))
    triage(sin_due=add_working_days(TODAY, 3))  # on track
    triage(sin_due=TODAY - timedelta(days=3), sin_sent_on=TODAY - timedelta(days=4))  # done
    triage(status="decided", sin_due=TODAY - timedelta(days=3))  # clocks stop at the decision

    response = member_client.get(URL)

    assert response.status_code == 200
    assert due_references(response) == [
        (overdue.referral.reference, "Panel notification", "overdue"),
        (due_soon.referral.reference, "Panel notification", "due_soon"),
    ]


def test_a_referral_no_one_has_triaged_shows_its_provisional_clock(member_client):
    """Issue 16 §1: aware 18 days before it was submitted (the factory's), so the Panel
    notification was overdue on arrival; one aware today is on track and not listed."""
    late = submitted_referral_factory()
    submitted_referral_factory(aware_date=TODAY)

    response = member_client.get(URL)

    assert due_references(response) == [(late.reference, "Panel notification (provisional)", "overdue")]


def test_it_lists_rapid_reviews_due_until_sent_to_the_panel(member_client):
    open_review = triage(status="rapid_review", rapid_review_due=TODAY - timedelta(days=1))
    sent = triage(status="rapid_review", rapid_review_due=TODAY - timedelta(days=1))
    RapidReview.objects.create(
        triage=sent, started_on=TODAY - timedelta(days=30), due=sent.rapid_review_due, sent_to_panel_on=TODAY
    )
    store_next_due(sent)

    response = member_client.get(URL)

    assert due_references(response) == [(open_review.referral.reference, "Rapid review", "overdue")]
    assert f'href="/triage/{open_review.referral.reference}/"' in response.content.decode()


def test_it_lists_review_cases_within_a_month_of_their_target_or_past_it(member_client, coordinator):
    review_case(coordinator, "REV-2026-001", TODAY - timedelta(days=1))
    review_case(coordinator, "REV-2026-002", TODAY + timedelta(days=20))
    review_case(coordinator, "REV-2026-003", TODAY + timedelta(days=60))
    review_case(coordinator, "REV-2026-004", TODAY - timedelta(days=9), ReviewStatus.PUBLISHED)

    response = member_client.get(URL)

    listed = [(item.case.reference, item.overdue) for item in response.context["reviews"]]
    assert listed == [("REV-2026-001", True), ("REV-2026-002", False)]


def test_it_counts_referrals_by_state_decisions_by_outcome_this_year_and_cases_by_status(
    member_client, coordinator
):
    for status in ["screening", "screening", "decided", "decided"]:
        submitted_referral_factory(status=status)
    decided = Referral.objects.filter(status="decided")
    for referral, outcome, on in zip(
        decided, ["spr", "no_review"], [TODAY, TODAY - timedelta(days=400)], strict=True
    ):
        Decision.objects.create(
            referral=referral, outcome=outcome, rationale="r", message_to_referrer="m", decided_on=on,
            la_agreed_by="LA", icb_agreed_by="ICB", police_agreed_by="Police", recorded_by=coordinator,
        )  # fmt: skip
    review_case(coordinator, "REV-2026-010", TODAY + timedelta(days=120))

    context = member_client.get(URL).context

    assert dict(context["by_state"])["Screening"] == 2
    assert dict(context["by_state"])["Decided"] == 2
    assert "Draft" not in dict(context["by_state"])
    assert dict(context["by_outcome"])["Full Safeguarding Practice Review"] == 1
    assert dict(context["by_outcome"])["No review"] == 0  # last year's
    assert dict(context["by_review_status"])["Commissioned"] == 1


def test_it_says_so_when_nothing_is_due(member_client):
    page = member_client.get(URL).content.decode()

    assert "No panel notification or rapid review is due" in page
    assert "No review case is due for publication" in page


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_members_and_coordinators_may_open_it(request, staff_client_for, role):
    assert staff_client_for(request.getfixturevalue(role)).get(URL).status_code == 200


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_it_refuses_other_roles(request, client, staff_client_for, role):
    user = request.getfixturevalue(role)
    signed_in = staff_client_for(user) if role == "reviewer" else (client.force_login(user) or client)
    assert signed_in.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_it_rejects_post(member_client):
    assert member_client.post(URL).status_code == 405


def contribution(case, due_on, received_on=None):
    return AgencyContribution.objects.create(
        case=case, agency=AgencyFactory(), kind="agency_report", requested_on=due_on - timedelta(days=20),
        due_on=due_on, received_on=received_on, created_by=case.created_by,
    )  # fmt: skip


def make_data(n, coordinator):
    for i in range(n):
        triage(sin_due=TODAY - timedelta(days=i % 3))
        triage(status="rapid_review", rapid_review_due=TODAY + timedelta(days=i % 2))
        submitted_referral_factory()  # not triaged: its provisional notification is overdue
        case = review_case(coordinator, f"REV-2026-{i:03d}", TODAY + timedelta(days=i))
        ReviewCase.objects.filter(pk=case.pk).update(
            rag=["red", "amber", "green"][i % 3],
            status=ReviewStatus.PRE_PUBLICATION,
            earliest_publication_on=TODAY + timedelta(days=i % 5),
        )
        contribution(case, TODAY - timedelta(days=1 + i % 4))
        ActionItemFactory(due_on=TODAY - timedelta(days=i + 1))


@pytest.mark.parametrize("n", [2, 15])
def test_it_runs_a_fixed_number_of_queries(member_client, coordinator, django_assert_num_queries, n):
    make_data(n, coordinator)
    member_client.get("/")  # warm the session

    with django_assert_num_queries(QUERIES):
        response = member_client.get(URL)
    assert len(response.context["reviews"]) == n
    assert len(response.context["earliest_publications"]) == n
    assert response.context["overdue_contributions"] == n
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        kept = member_client.get(URL)
    assert kept.content.count(b"govuk-table__row") == response.content.count(b"govuk-table__row")


# Session, user, second factor, roles; the casework version; due clocks (one query for triaged
# and untriaged referrals alike, on Referral.next_due), due review cases,
# overdue actions; referrals by state, decisions by outcome, review cases by status and RAG (one
# query for both); earliest publication dates, agency contributions overdue; the session saved
# (in a savepoint: three); and, never kept, the live content with guard hits (issue 14 §5).
QUERIES = 17
# The same page again, kept by the cache: session, user, second factor, roles; the casework
# version; the live content with guard hits; the session saved.
QUERIES_WHEN_KEPT = 9


def test_it_lists_overdue_actions_with_case_and_recommendation(member_client):
    late = ActionItemFactory(due_on=TODAY - timedelta(days=2), action="Audit the front door")
    ActionItemFactory(due_on=TODAY, action="Due today")
    ActionItemFactory(due_on=TODAY - timedelta(days=2), action="Already closed", state="closed")
    body = member_client.get(URL).content.decode()
    assert "Overdue actions" in body
    assert "Audit the front door" in body and late.recommendation.case.reference in body
    assert "Due today" not in body and "Already closed" not in body


# --- The review cases part (issue 5 §2, §5) ---


def test_it_counts_review_cases_by_stage_group(member_client):
    for status in ["commissioned", "scoping", "in_progress", "draft_review", "on_hold", "closed", "closed"]:
        ReviewCaseFactory(status=status)

    groups = dict(member_client.get(URL).context["by_stage_group"])

    assert groups == {
        "Setting up": 2,
        "Under review": 2,
        "Final report and pre-publication": 0,
        "On hold": 1,
        "Published or not published": 0,
        "Monitoring actions": 0,
        "Closed": 2,
    }


def test_it_counts_review_cases_by_rag_linking_to_the_filtered_list(member_client):
    for rag in ["red", "red", "amber"]:
        ReviewCaseFactory(rag=rag)

    response = member_client.get(URL)

    assert response.context["by_rag"] == [
        ("Red", 2, "/reviews/?rag=red"),
        ("Amber", 1, "/reviews/?rag=amber"),
        ("Green", 0, "/reviews/?rag=green"),
    ]
    body = response.content.decode()
    assert '<a class="govuk-link" href="/reviews/?rag=red">Red</a>' in body
    assert "Review cases by RAG status" in body


def test_the_target_clock_warns_from_five_months_and_turns_red_once_passed(member_client):
    warned = ReviewCaseFactory(
        commissioned_on=add_months(TODAY, -5), target_publication_on=add_months(TODAY, 1)
    )
    late = ReviewCaseFactory(status="on_hold", target_publication_on=TODAY - timedelta(days=1))
    ReviewCaseFactory(target_publication_on=add_months(TODAY, 1) + timedelta(days=1))  # not yet 5 months
    ReviewCaseFactory(status="action_monitoring", target_publication_on=TODAY - timedelta(days=9))  # stopped

    response = member_client.get(URL)

    listed = [(item.case.reference, item.clock.state) for item in response.context["reviews"]]
    assert listed == [(late.reference, "overdue"), (warned.reference, "due_soon")]
    body = response.content.decode()
    assert f'href="/reviews/{late.reference}/"' in body
    assert "working day" in body  # the clock's summary


def test_it_lists_cases_whose_earliest_publication_falls_in_the_next_ten_working_days(member_client):
    soon = ReviewCaseFactory(status="pre_publication", earliest_publication_on=TODAY)
    last_day = ReviewCaseFactory(
        status="pre_publication", earliest_publication_on=add_working_days(TODAY, 10)
    )
    ReviewCaseFactory(status="pre_publication", earliest_publication_on=add_working_days(TODAY, 11))
    ReviewCaseFactory(status="pre_publication", earliest_publication_on=TODAY - timedelta(days=1))
    ReviewCaseFactory(status="published", earliest_publication_on=TODAY + timedelta(days=1))

    response = member_client.get(URL)

    assert response.context["earliest_publications"] == [soon, last_day]
    assert f'href="/reviews/{last_day.reference}/"' in response.content.decode()


def test_it_counts_agency_contributions_overdue_and_links_to_the_cases(member_client):
    case = ReviewCaseFactory(status="in_progress")
    contribution(case, TODAY - timedelta(days=1))
    contribution(case, TODAY - timedelta(days=9))
    contribution(case, TODAY)  # due today: not yet overdue
    contribution(case, TODAY - timedelta(days=9), received_on=TODAY - timedelta(days=2))

    response = member_client.get(URL)

    assert response.context["overdue_contributions"] == 2
    body = response.content.decode()
    assert "2 agency contributions past their due date and not received" in body
    assert 'href="/reviews/?contributions=overdue">See the review cases waiting for them</a>' in body
    listed = member_client.get("/reviews/?contributions=overdue").content.decode()
    assert case.reference in listed


def test_it_says_so_when_no_review_case_needs_attention(member_client):
    body = member_client.get(URL).content.decode()

    assert "No review case reaches its earliest publication date in the next 10 working days." in body
    assert "No agency contribution is overdue." in body
    assert '<a class="govuk-link" href="/reviews/actions/">See every action</a>' in body
