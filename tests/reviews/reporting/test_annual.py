"""The annual figures for the yearly report: a known data set across two years (referrals,
decisions of several outcomes, review cases and their timelines, medians in working days across
Christmas and New Year), no data at all, who may see the page and the CSV, a fixed number of
queries, and the CSV's content and audit entry."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.http import StreamingHttpResponse
from django.utils import timezone

from reviews.models import Decision, ReviewCaseEvent
from reviews.reporting.annual import FIGURES, annual_figures, figure_display
from reviews.triage.export import csv_stream
from tests.factories import ReferralFactory, ReviewCaseFactory

pytestmark = pytest.mark.django_db

URL = "/dashboard/annual/"
CSV_URL = "/dashboard/annual.csv"
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour=10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def referral(submitted_on: date | None):
    return ReferralFactory(
        status="submitted" if submitted_on else "draft", submitted_at=submitted_on and at(submitted_on)
    )


def decide(referral, decided_on: date, outcome: str, by, case=None) -> Decision:
    return Decision.objects.create(
        referral=referral,
        outcome=outcome,
        review_case=case,
        rationale="Internal rationale.",
        message_to_referrer="Thank you.",
        decided_on=decided_on,
        la_agreed_by="DCS",
        icb_agreed_by="Director of Nursing",
        police_agreed_by="Superintendent",
        recorded_by=by,
    )


def move(case, to_status: str, on: date, from_status="") -> None:
    ReviewCaseEvent.objects.create(
        case=case, action="case.moved", from_status=from_status, to_status=to_status, at=at(on)
    )


@pytest.fixture
def two_years(coordinator):
    """2025: three referrals; an SPR decided in 5 working days, a "no review" in 3; the SPR's
    case commissioned and first approved. 2026: two referrals; a learning review decided 6
    working days after a referral of 22 December 2025 (25, 26 December and 1 January are bank
    holidays), a referral elsewhere in 4 and a "no review" in 1; the SPR's case published 12
    working days after its decision, approved again after a hold (not a second completion); a
    thematic case with no decision, published."""
    referral(None)  # a draft: not received
    spr_case = ReviewCaseFactory(commissioned_on=date(2025, 12, 15))
    decide(referral(date(2025, 12, 8)), date(2025, 12, 15), "spr", coordinator, case=spr_case)
    decide(referral(date(2025, 6, 2)), date(2025, 6, 5), "no_review", coordinator)
    move(spr_case, "final_approved", date(2025, 12, 19), "draft_review")
    move(spr_case, "on_hold", date(2025, 12, 22), "final_approved")
    move(spr_case, "final_approved", date(2026, 1, 2), "on_hold")
    move(spr_case, "published", date(2026, 1, 5), "pre_publication")

    learning_case = ReviewCaseFactory(review_type="learning_review", commissioned_on=date(2026, 1, 2))
    decide(referral(date(2025, 12, 22)), date(2026, 1, 2), "learning_review", coordinator, case=learning_case)
    decide(referral(date(2026, 2, 2)), date(2026, 2, 6), "referred_elsewhere", coordinator)
    decide(referral(date(2026, 2, 9)), date(2026, 2, 10), "no_review", coordinator)
    move(learning_case, "final_approved", date(2026, 5, 1), "draft_review")
    thematic = ReviewCaseFactory(review_type="thematic", commissioned_on=date(2026, 3, 2))
    move(thematic, "published", date(2026, 6, 1), "pre_publication")


def figures_for(year):
    (item,) = annual_figures(year)
    assert item.year == year
    return item.values


def test_it_counts_the_first_year(two_years):
    values = figures_for(2025)

    assert values["referrals"] == 3
    assert values["decisions_spr"] == 1
    assert values["decisions_no_review"] == 1
    assert values["decisions_learning_review"] == 0
    assert values["decisions"] == 2
    assert values["started"] == 1
    assert values["completed"] == 1
    assert values["published"] == 0
    assert values["referral_to_decision"] == 4  # the middle of 5 and 3
    assert values["decision_to_publication"] is None


def test_it_counts_the_second_year(two_years):
    values = figures_for(2026)

    assert values["referrals"] == 2
    assert values["decisions_learning_review"] == 1
    assert values["decisions_referred_elsewhere"] == 1
    assert values["decisions_no_review"] == 1
    assert values["decisions_spr"] == 0
    assert values["decisions"] == 3
    assert values["started"] == 2
    assert values["completed"] == 1  # the SPR's second approval is not a second completion
    assert values["published"] == 2
    assert values["referral_to_decision"] == 4  # the middle of 6 (over Christmas), 4 and 1
    assert values["decision_to_publication"] == 12  # the thematic case has no decision


def test_it_lists_every_year_from_the_first_referral_to_this_one_newest_first(two_years):
    years = [item.year for item in annual_figures()]

    assert years == list(range(timezone.localdate().year, 2024, -1))
    assert annual_figures()[-1].values == figures_for(2025)


def test_it_has_nothing_to_report_without_data():
    assert annual_figures() == []
    values = figures_for(2025)
    assert {key for key, value in values.items() if value} == set()
    assert values["referral_to_decision"] is None


def test_it_shows_a_figure_as_text():
    assert figure_display(3) == "3"
    assert figure_display(4.0) == "4"
    assert figure_display(4.5) == "4.5"
    assert figure_display(None) == "Not available"


# --- The page. ---


def test_it_shows_a_table_per_year_with_what_each_figure_counts(staff_client_for, member, two_years):
    response = staff_client_for(member).get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.index('data-testid="annual-2026"') < body.index('data-testid="annual-2025"')
    for figure in FIGURES:
        assert figure.label in body
    assert "Referrals submitted to the partnership in the year." in body
    assert "Download the annual figures" not in body  # members do not export


def test_it_offers_coordinators_the_csv(staff_client_for, coordinator):
    body = staff_client_for(coordinator).get(URL).content.decode()

    assert CSV_URL in body
    assert "No referral has been submitted yet" in body


def test_the_dashboard_links_to_it(staff_client_for, member):
    assert URL in staff_client_for(member).get("/dashboard/").content.decode()


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_it_requires_member_or_coordinator_role(staff_client_for, request, role):
    client = staff_client_for(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_it_sends_signed_out_visitors_to_sign_in(client):
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_rejects_post(staff_client_for, coordinator):
    client = staff_client_for(coordinator)

    assert client.post(URL).status_code == 405
    assert client.post(CSV_URL).status_code == 405


def test_a_member_may_not_download_the_csv(staff_client_for, member):
    assert staff_client_for(member).get(CSV_URL).status_code == 403
    assert not LogEntry.objects.filter(additional_data__export="annual_figures_csv").exists()


@pytest.mark.parametrize("n", [2, 20])
def test_it_runs_a_fixed_number_of_queries(
    staff_client_for, member, coordinator, django_assert_num_queries, n
):
    for i in range(n):
        day = date(2024 + i % 3, 3, 1 + i)
        case = ReviewCaseFactory(commissioned_on=day)
        decide(referral(day), day, "spr", coordinator, case=case)
        move(case, "final_approved", date(2026, 1, 5))
        move(case, "published", date(2026, 2, 2))
    client = staff_client_for(member)
    client.get("/")  # warm the session

    with django_assert_num_queries(QUERIES):
        client.get(URL)
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        client.get(URL)


# Session, user, second factor, roles; the casework version; referrals, decisions, started,
# completed, published, the two lists of date pairs for the medians; the timeliness of the
# statutory steps (triages, untriaged referrals, cases, contributions: test_timeliness.py); the
# session saved (in a savepoint: three).
QUERIES = 19
# The same page again, kept by the cache (casework_cache.py): session, user, second factor,
# roles; the casework version; the session saved.
QUERIES_WHEN_KEPT = 8


# --- The CSV. ---


def download(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_it_downloads_one_row_a_year_of_numbers_only(staff_client_for, coordinator, two_years):
    response, body = download(staff_client_for(coordinator))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="annual-figures-')
    assert response["Cache-Control"] == "no-store, private"  # every signed-in response (cscp/core/headers.py)
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert header == ["Year", *(figure.label for figure in FIGURES)]
    by_year = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_year["2026"]["Referrals received"] == "2"
    assert by_year["2026"]["Decisions: Referred to another process"] == "1"
    assert by_year["2026"]["Reviews published"] == "2"
    assert by_year["2026"]["Median working days from decision to publication"] == "12"
    assert by_year["2025"]["Median working days from referral to decision"] == "4"
    assert by_year["2025"]["Median working days from decision to publication"] == "Not available"
    assert "REV-" not in body  # nothing that names a case


def test_it_logs_the_download(staff_client_for, coordinator, two_years):
    download(staff_client_for(coordinator))

    entry = LogEntry.objects.get(additional_data__export="annual_figures_csv")
    assert entry.actor == coordinator
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.object_repr == "Annual figures export (CSV)"
    assert entry.additional_data["rows"] == timezone.localdate().year - 2024


def test_the_shared_csv_stream_escapes_what_a_spreadsheet_would_run():
    lines = list(csv_stream(["Year", "Figure"], [["2026", "=1+1"], ["2025", "-3"]]))

    assert lines[0] == "\ufeffYear,Figure\r\n"
    assert lines[1:] == ["2026,'=1+1\r\n", "2025,'-3\r\n"]
