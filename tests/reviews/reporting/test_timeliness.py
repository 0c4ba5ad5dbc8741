"""The timeliness of the statutory steps (issue 16 §3): each step on time, late, open past its
due date, not yet due or stopped; counted in the financial year (1 April to 31 March) and the
calendar year of its due date; the median lateness of the late ones in working days (calendar
days for publication); the provisional notification of a referral no one has triaged; the
sentence and the CSV rows; a fixed number of queries. Every date is worked by hand (the bank
holidays are listed in timeliness_data.py); "today" is Wednesday 12 May 2027."""

from datetime import date

import pytest

from reviews.cases.clocks import final_report_due
from reviews.lateness import CONTRIBUTION, FINAL_REPORT, NOTIFICATION, PUBLICATION, RAPID_REVIEW
from reviews.reporting.timeliness import (
    CALENDAR,
    CSV_HEADER,
    FINANCIAL,
    basis_from,
    csv_rows,
    financial_year_label,
    median_words,
    timeliness_figures,
)

from .timeliness_data import (
    TODAY,
    contribution,
    final_report,
    notification,
    publication,
    rapid_review,
    some_of_each,
    untriaged,
)

pytestmark = pytest.mark.django_db


def figures(key: str, basis="financial", today=TODAY) -> dict:
    """{year label: (on time, late, open past due, median lateness)} for one step."""
    (step,) = [step for step in timeliness_figures(today)[basis].steps if step.key == key]
    return {
        item.label: (item.on_time, item.late, item.open_past_due, item.median_late_by) for item in step.years
    }


def step_of(key: str, basis="financial", today=TODAY):
    return next(step for step in timeliness_figures(today)[basis].steps if step.key == key)


# --- Years ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "financial", "calendar"),
    [
        (date(2027, 3, 31), "2026 to 2027", "2027"),  # the last day of the financial year
        (date(2027, 4, 1), "2027 to 2028", "2027"),  # the first day of the next
        (date(2026, 12, 31), "2026 to 2027", "2026"),
        (date(2027, 1, 1), "2026 to 2027", "2027"),
    ],
)
def test_a_day_belongs_to_its_financial_and_calendar_year(day, financial, calendar):
    assert FINANCIAL.label(FINANCIAL.year_of(day)) == financial
    assert CALENDAR.label(CALENDAR.year_of(day)) == calendar


def test_a_financial_year_is_labelled_gov_uk_style():
    assert financial_year_label(2026) == "2026 to 2027"


@pytest.mark.parametrize(("value", "basis"), [("calendar", CALENDAR), ("financial", FINANCIAL)])
def test_the_basis_is_chosen_by_its_key(value, basis):
    assert basis_from(value) is basis


@pytest.mark.parametrize("value", [None, "", "fiscal", "<script>", "CALENDAR"])
def test_any_other_basis_is_the_financial_year(value):
    assert basis_from(value) is FINANCIAL


# --- Each step ------------------------------------------------------------------------------------


def test_notifications_on_either_side_of_31_march_fall_in_their_financial_years():
    notification(date(2027, 3, 31), sent=date(2027, 3, 31))  # on the day: on time
    notification(date(2027, 3, 30), sent=date(2027, 3, 25))  # early: on time
    # Due Thursday 1 April, sent Tuesday 6 April: Friday 2 (1), Monday 5 (2), Tuesday 6 (3).
    notification(date(2027, 4, 1), sent=date(2027, 4, 6))

    assert figures(NOTIFICATION) == {"2026 to 2027": (2, 0, 0, None), "2027 to 2028": (0, 1, 0, 3)}
    assert figures(NOTIFICATION, "calendar") == {"2027": (2, 1, 0, 3)}


def test_steps_on_either_side_of_new_year_fall_in_their_calendar_years():
    # Due Thursday 31 December, sent Monday 4 January: New Year's Day is a bank holiday, so 1.
    notification(date(2026, 12, 31), sent=date(2027, 1, 4))
    notification(date(2027, 1, 4), sent=date(2027, 1, 4))

    assert figures(NOTIFICATION, "calendar") == {"2026": (0, 1, 0, 1), "2027": (1, 0, 0, None)}
    assert figures(NOTIFICATION) == {"2026 to 2027": (1, 1, 0, 1), "2027 to 2028": (0, 0, 0, None)}


def test_a_notification_not_sent_counts_once_a_working_day_has_passed_its_due_date():
    notification(date(2027, 5, 10))  # Monday: two working days before today, open past due
    notification(date(2027, 5, 12))  # due today: not yet due
    notification(date(2027, 5, 14))  # not yet due

    assert figures(NOTIFICATION) == {"2027 to 2028": (0, 0, 1, None)}
    # On Saturday 8 May a notification due the Friday before is not past due yet.
    notification(date(2027, 5, 7))
    assert figures(NOTIFICATION, today=date(2027, 5, 8)) == {}


def test_stopped_notification_clocks_are_not_counted():
    notification(date(2027, 4, 1), sin_required=False)  # recorded as not notifiable
    notification(date(2027, 4, 1), status="withdrawn")  # its clock stopped with the referral
    notification(date(2027, 4, 1), status="decided")
    # A notification sent late stays late whatever became of the referral.
    notification(date(2027, 4, 1), sent=date(2027, 4, 2), status="decided")

    assert figures(NOTIFICATION) == {"2027 to 2028": (0, 1, 0, 1)}


def test_an_untriaged_referral_past_its_provisional_notification_is_open_past_due():
    untriaged(date(2027, 5, 10))  # open past due
    untriaged(date(2027, 5, 13))  # not yet due
    untriaged(date(2027, 4, 1), status="withdrawn")  # stopped: a withdrawn referral has no clock
    notification(date(2027, 3, 31), sent=date(2027, 3, 31))

    assert figures(NOTIFICATION) == {"2026 to 2027": (1, 0, 0, None), "2027 to 2028": (0, 0, 1, None)}


def test_rapid_reviews_sent_late_open_and_stopped():
    rapid_review(date(2027, 3, 31), sent=date(2027, 3, 31))
    # Due Thursday 1 April, sent Thursday 8 April: Friday 2, Monday 5 to Thursday 8: 5 late.
    rapid_review(date(2027, 4, 1), sent=date(2027, 4, 8))
    rapid_review(date(2027, 5, 10))  # recorded, not sent
    rapid_review(date(2027, 5, 10), recorded=False)  # not even started
    rapid_review(date(2027, 5, 10), status="decided")  # stopped with the referral

    assert figures(RAPID_REVIEW) == {"2026 to 2027": (1, 0, 0, None), "2027 to 2028": (0, 1, 2, 5)}


def test_final_reports_are_due_7_working_days_before_the_planned_publication():
    # Planned Friday 9 April: Wednesday 31 March + 7 working days is 9 April, so due 31 March;
    # it went to the Panel on 30 March and the Secretary of State on 1 April: 1 late.
    assert final_report_due(date(2027, 4, 9)) == date(2027, 3, 31)
    final_report(date(2027, 4, 9), panel=date(2027, 3, 30), sos=date(2027, 4, 1))
    # Planned Monday 12 April: due Thursday 1 April, sent to both by then: on time.
    assert final_report_due(date(2027, 4, 12)) == date(2027, 4, 1)
    final_report(date(2027, 4, 12), panel=date(2027, 4, 1), sos=date(2027, 3, 31))
    # Planned Monday 17 May: due Thursday 6 May; only the Panel has it, so it is not done.
    assert final_report_due(date(2027, 5, 17)) == date(2027, 5, 6)
    final_report(date(2027, 5, 17), panel=date(2027, 5, 5))
    # A case that will not be published awaits no report.
    final_report(date(2027, 4, 9), status="not_published")

    assert figures(FINAL_REPORT) == {"2026 to 2027": (0, 1, 0, 1), "2027 to 2028": (1, 0, 1, None)}


def test_publication_lateness_is_in_calendar_days():
    # Target Thursday 31 December, published Tuesday 5 January: 5 days (2 working days).
    publication(date(2026, 12, 31), date(2027, 1, 5))
    publication(date(2027, 1, 1), date(2027, 1, 1))
    publication(date(2027, 3, 31), date(2027, 4, 12))  # 12 days late
    publication(date(2027, 4, 1))  # not published yet: open past due
    publication(date(2027, 2, 1), status="not_published")  # stopped
    publication(date(2027, 2, 1), status="closed")  # stopped without publication

    assert figures(PUBLICATION) == {"2026 to 2027": (1, 2, 0, 8.5), "2027 to 2028": (0, 0, 1, None)}
    assert figures(PUBLICATION, "calendar") == {"2026": (0, 1, 0, 5), "2027": (1, 1, 1, 12)}
    assert step_of(PUBLICATION).unit == "calendar days"
    assert step_of(NOTIFICATION).unit == "working days"


def test_agency_contributions_received_late_and_overdue():
    contribution(date(2026, 12, 31), received=date(2026, 12, 31))
    # Due on New Year's Day, received Wednesday 6 January: Monday 4 (1) to Wednesday 6 (3).
    contribution(date(2027, 1, 1), received=date(2027, 1, 6))
    contribution(date(2027, 5, 10))  # not received: open past due
    contribution(date(2027, 6, 1))  # not yet due

    assert figures(CONTRIBUTION, "calendar") == {"2026": (1, 0, 0, None), "2027": (0, 1, 1, 3)}


def test_the_median_of_an_even_number_is_halfway_between_the_middle_two():
    # Due Monday 2 June 2025; sent 1, 2, 3 and 6 working days late (Tuesday 10 June), and on time.
    for sent in (date(2025, 6, 3), date(2025, 6, 4), date(2025, 6, 5), date(2025, 6, 10), date(2025, 6, 2)):
        notification(date(2025, 6, 2), sent=sent)

    assert figures(NOTIFICATION)["2025 to 2026"] == (1, 4, 0, 2.5)


def test_every_year_from_the_first_to_the_current_one_is_listed_oldest_first():
    notification(date(2024, 6, 3), sent=date(2024, 6, 3))

    assert list(figures(NOTIFICATION)) == ["2024 to 2025", "2025 to 2026", "2026 to 2027", "2027 to 2028"]
    assert figures(RAPID_REVIEW)["2026 to 2027"] == (0, 0, 0, None)  # every step, every year
    assert list(figures(NOTIFICATION, "calendar")) == ["2024", "2025", "2026", "2027"]


def test_there_is_no_year_before_anything_is_due():
    notification(date(2027, 6, 1))

    assert all(step.years == [] for step in timeliness_figures(TODAY)["financial"].steps)
    assert step_of(NOTIFICATION).summary == "No Panel notifications have been due yet."


# --- In words ----------------------------------------------------------------------------------


def test_the_sentence_gives_the_current_year_so_far():
    notification(date(2027, 4, 1), sent=date(2027, 4, 1))
    notification(date(2027, 4, 2), sent=date(2027, 4, 2))
    notification(date(2027, 4, 1), sent=date(2027, 4, 6))  # 3 late
    notification(date(2027, 4, 1), sent=date(2027, 4, 2))  # 1 late
    notification(date(2027, 5, 10))
    notification(date(2026, 4, 1), sent=date(2026, 4, 2))  # last year: not in the sentence

    assert step_of(NOTIFICATION).summary == (
        "So far in 2027 to 2028, 2 Panel notifications were sent on time, 2 late (median 2 working "
        "days late) and 1 is open past its due date."
    )
    assert step_of(NOTIFICATION, "calendar").summary.startswith("So far in 2027, 2 Panel notifications")


def test_the_sentence_speaks_of_one_in_the_singular_and_of_none_in_the_plural():
    rapid_review(date(2027, 4, 1), sent=date(2027, 4, 1))
    publication(date(2027, 4, 1), date(2027, 4, 2))

    assert step_of(RAPID_REVIEW).summary == (
        "So far in 2027 to 2028, 1 rapid review was sent to the Panel on time, 0 late and 0 are open "
        "past their due date."
    )
    assert step_of(PUBLICATION).summary == (
        "So far in 2027 to 2028, 0 reviews were published on time, 1 late (median 1 calendar day late) "
        "and 0 are open past their due date."
    )


def test_a_median_says_its_unit():
    assert median_words(2.5, NOTIFICATION) == "2.5 working days late"
    assert median_words(1, CONTRIBUTION) == "1 working day late"
    assert median_words(12, PUBLICATION) == "12 calendar days late"


def test_the_csv_rows_are_one_per_basis_step_and_year():
    notification(date(2027, 3, 31), sent=date(2027, 3, 31))
    notification(date(2027, 4, 1), sent=date(2027, 4, 6))
    publication(date(2027, 3, 31), date(2027, 4, 12))

    rows = csv_rows(timeliness_figures(TODAY))

    assert CSV_HEADER == [
        "Year basis", "Year", "Step", "On time", "Late", "Open past due", "Median lateness", "Unit"
    ]  # fmt: skip
    assert len(rows) == 2 * 5 + 1 * 5  # two financial years, one calendar year, five steps each
    assert rows[0] == [
        "Financial year",
        "2026 to 2027",
        "Panel notification",
        "1",
        "0",
        "0",
        "",
        "working days",
    ]
    assert [
        "Financial year",
        "2027 to 2028",
        "Panel notification",
        "0",
        "1",
        "0",
        "3",
        "working days",
    ] in rows
    assert [
        "Calendar year", "2027", "Publication within 6 months of the decision", "0", "1", "0", "12", "calendar days"
    ] in rows  # fmt: skip


# --- Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 8])
def test_it_runs_one_query_per_kind_of_record(django_assert_num_queries, n):
    some_of_each(n)

    # Triages with their rapid reviews and referrals, untriaged referrals, cases, contributions.
    with django_assert_num_queries(4):
        found = timeliness_figures(TODAY)

    # Every step of every record is due before today, so each is counted once: the untriaged
    # referrals' notifications as well as the triages', the final report cases' publication as
    # well as the published ones'.
    counted = {
        step.key: sum(item.on_time + item.late + item.open_past_due for item in step.years)
        for step in found["financial"].steps
    }
    assert counted == {
        NOTIFICATION: 2 * n, RAPID_REVIEW: n, FINAL_REPORT: n, PUBLICATION: 2 * n, CONTRIBUTION: n
    }  # fmt: skip
