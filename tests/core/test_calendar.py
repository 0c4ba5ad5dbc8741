from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cscp.calendar import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: substitute Monday
        date(2027, 1, 1),  # New Year's Day
        date(2027, 3, 26),  # Good Friday 2027
        date(2027, 3, 29),  # Easter Monday 2027
        date(2026, 8, 31),  # August bank holiday
        date(2026, 11, 28),  # a Saturday
    ],
)
def test_bank_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(date(2026, 11, 26))


def test_due_five_working_days_after_is_the_fifth_working_day_after():
    assert add_working_days(date(2026, 11, 26), 5) == date(2026, 12, 3)


def test_clocks_skip_christmas_and_new_year():
    # From Thu 24 Dec 2026: 25th holiday, weekend, Mon 28th substitute Boxing Day, 1 Jan holiday.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)


def test_clocks_skip_easter_2027():
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_fifteen_working_days_across_the_august_bank_holiday():
    assert add_working_days(date(2026, 8, 21), 15) == date(2026, 9, 14)


def test_zero_working_days_is_the_same_day():
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_working_days_between_inverts_add_working_days():
    start = date(2026, 12, 20)
    for n in range(0, 30):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_working_days_between_is_negative_when_overdue():
    assert working_days_between(date(2026, 12, 3), date(2026, 11, 26)) == -5


@given(
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
    span=st.integers(min_value=-1200, max_value=1200),
)
def test_working_days_between_counts_like_a_walk_day_by_day(start, span):
    """The arithmetic count (issue 8: the dashboard asks it of every clock) equals counting
    each day in turn, across weekends, bank holidays and years."""
    end = start + timedelta(days=span)
    low, high = sorted((start, end))
    walked = sum(is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert working_days_between(start, end) == (walked if end >= start else -walked)
