import datetime

import pytest

from reviews.cases.clocks import (
    case_rag,
    earliest_publication,
    review_cases_refresh_rag,
    target_clock,
    target_rag,
)
from reviews.cases.services import progress_check_record
from reviews.models import ClockState, ProgressCheck, Rag, ReviewStatus
from tests.factories import ReviewCaseFactory

pytestmark = pytest.mark.django_db

TARGET = datetime.date(2026, 12, 15)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 11, 14), Rag.GREEN),
        (datetime.date(2026, 11, 15), Rag.AMBER),  # five months after the decision
        (datetime.date(2026, 12, 15), Rag.AMBER),  # the target day itself
        (datetime.date(2026, 12, 16), Rag.RED),
    ],
)
def test_the_target_turns_amber_at_five_months_and_red_once_passed(today, expected):
    assert target_rag(TARGET, today) == expected


@pytest.mark.parametrize(
    ("check", "today", "expected"),
    [
        (None, datetime.date(2026, 10, 1), Rag.GREEN),
        (Rag.AMBER, datetime.date(2026, 10, 1), Rag.AMBER),
        (Rag.RED, datetime.date(2026, 10, 1), Rag.RED),
        (Rag.GREEN, datetime.date(2026, 12, 1), Rag.AMBER),
        (Rag.AMBER, datetime.date(2027, 1, 1), Rag.RED),
    ],
)
def test_the_rag_is_the_worse_of_the_target_and_the_latest_check(check, today, expected):
    case = ReviewCaseFactory.build(target_publication_on=TARGET, status=ReviewStatus.IN_PROGRESS)
    latest = ProgressCheck(rag=check) if check else None
    assert case_rag(case, latest, today) == expected


def test_a_published_case_is_no_longer_late():
    case = ReviewCaseFactory.build(target_publication_on=TARGET, status=ReviewStatus.ACTION_MONITORING)
    assert case_rag(case, None, datetime.date(2027, 3, 1)) == Rag.GREEN


def test_the_earliest_publication_is_seven_working_days_after_the_later_date():
    # Friday 18 December 2026: Christmas and Boxing Day (observed Monday 28th) are not working days.
    assert earliest_publication(datetime.date(2026, 12, 1), datetime.date(2026, 12, 18)) == datetime.date(
        2026, 12, 31
    )
    assert earliest_publication(datetime.date(2026, 12, 1), None) is None


def test_the_target_clock_uses_the_clock_tag_states():
    case = ReviewCaseFactory.build(target_publication_on=TARGET, status=ReviewStatus.IN_PROGRESS)
    assert target_clock(case, datetime.date(2026, 9, 1)).state == ClockState.ON_TRACK
    assert target_clock(case, datetime.date(2026, 11, 20)).state == ClockState.DUE_SOON
    assert target_clock(case, datetime.date(2026, 12, 20)).state == ClockState.OVERDUE


def test_a_progress_check_updates_the_stored_rag(coordinator):
    case = ReviewCaseFactory(status=ReviewStatus.IN_PROGRESS)
    progress_check_record(
        case=case, by=coordinator, checked_on=datetime.date.today(), rag=Rag.RED, notes="Late"
    )
    case.refresh_from_db()
    assert case.rag == Rag.RED


def test_the_periodic_refresh_catches_cases_that_time_has_made_late():
    today = datetime.date.today()
    late = ReviewCaseFactory(
        status=ReviewStatus.IN_PROGRESS, commissioned_on=today - datetime.timedelta(days=200), rag=Rag.GREEN
    )
    assert review_cases_refresh_rag() == 1
    late.refresh_from_db()
    assert late.rag == Rag.RED
