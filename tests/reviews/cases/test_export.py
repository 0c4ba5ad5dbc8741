"""The review case list as CSV: coordinators only, the same filters as the list, nothing personal
(no names, no title, no terms of reference), cells a spreadsheet would run escaped, streamed with
a BOM, audit-logged, and a fixed number of queries whatever the number of cases."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.http import StreamingHttpResponse
from django.utils import timezone

from reviews.cases.export import EXPORT, HEADER
from reviews.models import AgencyContribution, Theme
from tests.factories import (
    ActionItemFactory,
    AgencyContributionFactory,
    AgencyFactory,
    RecommendationFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    UserFactory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.django_db

URL = "/reviews/export.csv"
TODAY = timezone.localdate()


def download(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


def rows(body):
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_it_downloads_the_cases_with_a_bom_a_header_and_the_plan_counts(coordinator_client):
    case = ReviewCaseFactory(
        status="action_monitoring",
        rag="amber",
        review_type="learning_review",
        commissioned_on=TODAY - timedelta(days=200),
        target_publication_on=TODAY - timedelta(days=20),
        earliest_publication_on=TODAY - timedelta(days=30),
    )
    reviewer = UserFactory(full_name="Dr Ada Reviewer", roles=["reviewer"])
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    ReviewerAppointmentFactory(case=case, ended_on=TODAY)  # no longer appointed: not listed
    case.themes.set([Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]])
    first = RecommendationFactory(case=case, number=1)
    RecommendationFactory(case=case, number=2)
    ActionItemFactory(recommendation=first, due_on=TODAY - timedelta(days=1))  # overdue
    ActionItemFactory(recommendation=first, due_on=TODAY + timedelta(days=9))  # open
    ActionItemFactory(recommendation=first, due_on=TODAY - timedelta(days=9), state="closed")

    response, body = download(coordinator_client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="review-cases-{TODAY.isoformat()}.csv"'
    assert response["Cache-Control"] == "no-store, private"  # every signed-in response (cscp/core/headers.py)
    assert body.startswith("\ufeff")
    header, row = rows(body)
    assert header == HEADER
    assert row == [
        case.reference,
        "Learning review",
        "Action monitoring",
        "Amber",
        (TODAY - timedelta(days=200)).isoformat(),
        (TODAY - timedelta(days=20)).isoformat(),
        (TODAY - timedelta(days=30)).isoformat(),
        "Dr Ada Reviewer",
        "Neglect",
        "2",
        "2",
        "1",
        *[""] * 8,  # nothing planned, sent or published yet
        "0",
        "",
    ]


def test_it_exports_each_late_step_by_how_much_and_why(coordinator_client):
    from datetime import date

    # Planned publication Tuesday 14 April 2026 leaves the final report due Wednesday 1 April;
    # sent Tuesday 7 April over Easter: 2 working days late. Decided 3 November 2025, so the
    # target is 3 May 2026; first published 12 June: 40 days late, no reason yet.
    case = ReviewCaseFactory(
        status="published",
        commissioned_on=date(2025, 11, 3),
        planned_publication_on=date(2026, 4, 14),
        final_report_sent_panel_on=date(2026, 4, 7),
        final_report_sent_sos_on=date(2026, 4, 2),
        final_report_late_reason="The draft came back late",
        published_on=date(2026, 6, 12),
    )
    late = AgencyContributionFactory(
        case=case, agency__name="Northshire Police", requested_on=date(2026, 1, 5), due_on=date(2026, 1, 30)
    )
    AgencyContribution.objects.filter(pk=late.pk).update(
        received_on=date(2026, 2, 3), late_reason="Waiting for the custody record"
    )
    weekend = AgencyContributionFactory(case=case, requested_on=date(2026, 1, 5), due_on=date(2026, 1, 30))
    AgencyContribution.objects.filter(pk=weekend.pk).update(received_on=date(2026, 1, 31))  # Saturday

    row = rows(download(coordinator_client)[1])[1]

    assert row[12:] == [
        "2026-04-14", "2026-04-01", "2026-04-07", "2", "The draft came back late",
        "2026-06-12", "40", "",
        "1", "Northshire Police (chronology), 2 working days late: Waiting for the custody record",
    ]  # fmt: skip


def test_a_case_with_nothing_yet_has_empty_cells_and_zero_counts(coordinator_client):
    case = ReviewCaseFactory()

    row = rows(download(coordinator_client)[1])[1]

    assert row[0] == case.reference
    assert row[6:12] == ["", "", "", "0", "0", "0"]
    assert row[12:] == [*[""] * 8, "0", ""]


def test_it_exports_only_what_the_filters_show(coordinator_client):
    red = ReviewCaseFactory(rag="red", status="in_progress")
    ReviewCaseFactory(rag="red", status="scoping")
    ReviewCaseFactory(rag="green", status="in_progress")

    _, body = download(coordinator_client, {"rag": "red", "status": "in_progress"})

    assert [row[0] for row in rows(body)[1:]] == [red.reference]


def test_it_carries_no_names_title_or_terms_of_reference(coordinator_client):
    referral = submitted_referral_factory(status="decided")
    child = referral.children.get()
    family = referral.family_members.get()
    case = ReviewCaseFactory(
        title="Review into the death of Child Q", terms_of_reference="Consider the care of Jo Bloggs"
    )
    case.referrals.add(referral)

    _, body = download(coordinator_client)

    assert case.reference in body
    for personal in [
        child.full_name,
        child.home_address,
        child.date_of_birth.isoformat(),
        family.full_name,
        family.address,
        family.date_of_birth.isoformat(),
        "Child Q",
        "Jo Bloggs",
    ]:
        assert personal not in body


def test_it_escapes_cells_a_spreadsheet_would_run_as_formulas(coordinator_client):
    case = ReviewCaseFactory()
    case.themes.set([Theme.objects.create(name="=HYPERLINK(1)", slug="evil")])
    ReviewerAppointmentFactory(case=case, reviewer=UserFactory(full_name="@cmd", roles=["reviewer"]))

    row = rows(download(coordinator_client)[1])[1]

    assert row[7] == "'@cmd"
    assert row[8] == "'=HYPERLINK(1)"


def test_it_records_who_exported_which_filters_and_how_many_rows(coordinator_client, coordinator):
    theme = Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]
    for _ in range(2):
        ReviewCaseFactory(status="scoping").themes.add(theme)
    ReviewCaseFactory(status="scoping")

    download(coordinator_client, {"status": "scoping", "theme": "neglect", "rag": ""})

    entry = LogEntry.objects.get(additional_data__export=EXPORT)
    assert entry.actor == coordinator
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.content_type.model == "reviewcase"
    assert entry.additional_data["filters"] == {"status": "scoping", "theme": "neglect"}
    assert entry.additional_data["rows"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "nonsense"}, "status"),
        ({"rag": "purple"}, "rag"),
        ({"year": "last year"}, "year"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"reviewer": "99999"}, "reviewer"),
    ],
)
def test_bad_filters_export_nothing_and_go_back_to_the_list_naming_them(coordinator_client, params, field):
    ReviewCaseFactory()

    response = coordinator_client.get(URL, params, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/reviews/?")
    body = response.content.decode()
    assert "The cases were not downloaded. Correct the filters and try again." in body
    assert "govuk-error-summary" in body and f'href="#id_{field}"' in body
    assert not LogEntry.objects.filter(additional_data__export=EXPORT).exists()


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_members_and_reviewers_may_not_export(request, staff_client_for, role):
    ReviewCaseFactory()
    assert staff_client_for(request.getfixturevalue(role)).get(URL).status_code == 403
    assert not LogEntry.objects.filter(additional_data__export=EXPORT).exists()


def test_referrers_may_not_export(client, referrer):
    client.force_login(referrer)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_it_rejects_post(coordinator_client):
    assert coordinator_client.post(URL).status_code == 405


def test_the_list_offers_the_export_with_its_filters_to_coordinators_only(
    staff_client_for, coordinator, member
):
    ReviewCaseFactory()
    coordinator_page = staff_client_for(coordinator).get("/reviews/?rag=red&status=scoping").content.decode()
    assert 'href="/reviews/export.csv?rag=red&amp;status=scoping"' in coordinator_page
    assert "Download these cases as CSV" in coordinator_page
    assert "export.csv" not in staff_client_for(member).get("/reviews/").content.decode()


def make_cases(n):
    agency = AgencyFactory()
    theme = Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]
    for _ in range(n):
        case = ReviewCaseFactory(status="action_monitoring")
        case.themes.add(theme)
        ReviewerAppointmentFactory(case=case)
        ActionItemFactory(recommendation=RecommendationFactory(case=case), owner_agency=agency)


@pytest.mark.parametrize("n", [2, 20])
def test_it_runs_a_fixed_number_of_queries(coordinator_client, django_assert_num_queries, n):
    make_cases(n)
    coordinator_client.get("/reviews/")  # warm the session

    with django_assert_num_queries(QUERIES):
        _, body = download(coordinator_client, {"status": "action_monitoring"})
    assert len(rows(body)) == n + 1


# Session, user, second factor, roles; the row count and the audit entry; the session saved (in
# a savepoint: three); the cases with their counts, their current appointments with reviewers,
# their themes, their contributions received after their due dates.
QUERIES = 13
