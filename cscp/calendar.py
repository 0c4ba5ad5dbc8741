"""English working days: every statutory clock counts with this module (design.md §2).

A working day is a weekday that is not a bank holiday in England and Wales, substitute days
included (the `holidays` package, subdivision ENG). "Due n working days after d" is the n-th
working day after d.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.dateformat import format as date_format


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (n >= 0; n == 0 gives `start` itself)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.
    So working_days_between(d, add_working_days(d, n)) == n. Counted arithmetically (whole
    weeks, the days left over, then the bank holidays falling on weekdays in the range), so a
    span of years costs no more than a week: the dashboard asks this of every clock it shows."""
    if end < start:
        return -working_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    count = weeks * 5 + sum(1 for i in range(1, rest + 1) if (first + i) % 7 < 5)
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in _bank_holidays(year) if start < day <= end and day.weekday() < 5)
    return count


def days_late(due: date, done_on: date | None, *, calendar_days: bool = False) -> int:
    """How late a step was done: the working days (calendar days for a months clock) from its
    due date to the day it was done; 0 when done on or before the due date, or not done. The
    one rule the clocks and the lateness figures share."""
    if done_on is None or done_on <= due:
        return 0
    return (done_on - due).days if calendar_days else working_days_between(due, done_on)


def day_count(n: int, *, calendar_days: bool = False) -> str:
    """'1 working day', '3 working days'; '12 days' for calendar days."""
    unit = "day" if calendar_days else "working day"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def long_date(day: date) -> str:
    """'3 December 2026': how the service writes a date in words (GOV.UK style)."""
    return date_format(day, "j F Y")
