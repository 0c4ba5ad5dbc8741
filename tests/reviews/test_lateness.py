"""Issue 16 §2: each step with a due date is shown late by how many working days (calendar days
for the months clock) with the reason kept with it. The dates are worked out by hand across
Easter and the new year (England's bank holidays: Good Friday 26 March and Easter Monday
29 March 2027; Christmas on Friday 25 December 2026, Boxing Day's substitute on Monday 28
December, New Year's Day on Friday 1 January 2027)."""

from datetime import date

import pytest

from reviews.cases.clocks import add_months, final_report_due
from reviews.clocks import make_clock, notification_due
from reviews.lateness import (
    FINAL_REPORT,
    NOTIFICATION,
    PUBLICATION,
    Step,
    missing_reason,
)

# --- Hand-worked dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        # Thu 25 (1), Good Friday and Easter Monday skipped, Tue 30 (2) ... Fri 2 April (5)
        (date(2027, 3, 24), date(2027, 4, 2)),
        # Thu 24 (1), Christmas, the weekend and Boxing Day's substitute skipped, Tue 29 (2),
        # Wed 30 (3), Thu 31 (4), New Year's Day skipped, Mon 4 January (5)
        (date(2026, 12, 23), date(2027, 1, 4)),
        # an ordinary week: Mon 7 December + 5 is Mon 14 December
        (date(2026, 12, 7), date(2026, 12, 14)),
    ],
)
def test_notification_due_dates_worked_by_hand(aware, due):
    assert notification_due(aware) == due


@pytest.mark.parametrize(
    ("due", "done", "late"),
    [
        (date(2027, 4, 2), date(2027, 4, 2), 0),  # on the day: on time
        (date(2027, 4, 2), date(2027, 3, 30), 0),  # early
        (date(2027, 4, 2), date(2027, 4, 6), 2),  # Mon 5 (1), Tue 6 (2)
        (date(2027, 3, 25), date(2027, 3, 30), 1),  # over Easter: only Tue 30 counts
        (date(2026, 12, 24), date(2027, 1, 4), 4),  # Tue 29, Wed 30, Thu 31, Mon 4
        (date(2027, 4, 2), date(2027, 4, 3), 0),  # a Saturday after a Friday due date
    ],
)
def test_lateness_in_working_days(due, done, late):
    step = Step(NOTIFICATION, due, done)
    assert step.late_by == late
    assert step.is_late is (late > 0)


def test_a_late_step_says_by_how_much_and_needs_its_reason():
    step = Step(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 6))
    assert step.lateness == "2 working days late"
    assert step.needs_reason
    assert not Step(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 6), reason="Awaiting police").needs_reason
    assert Step(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 7)).lateness == "3 working days late"
    one = Step(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 5))
    assert one.lateness == "1 working day late"


def test_an_open_step_past_its_due_date():
    step = Step(NOTIFICATION, date(2027, 4, 2), None)
    assert not step.open_past_due(date(2027, 4, 2))
    assert not step.open_past_due(date(2027, 4, 3))  # a Saturday: no working day has passed
    assert step.open_past_due(date(2027, 4, 5))
    assert step.late_by == 0


def test_publication_lateness_is_in_calendar_days():
    target = add_months(date(2026, 8, 31), 6)
    assert target == date(2027, 2, 28)  # 31 August + 6 months: the end of February
    step = Step(PUBLICATION, target, date(2027, 3, 3), calendar_days=True)
    assert step.late_by == 3
    assert step.lateness == "3 days late"


@pytest.mark.parametrize(
    ("planned", "due"),
    [
        # 7 working days before Thu 8 April 2027: sent Tue 30 March, the earliest publication is
        # Thu 8 April (Wed 31, Thu 1, Fri 2, Mon 5, Tue 6, Wed 7, Thu 8); sent Wed 31, Fri 9.
        (date(2027, 4, 8), date(2027, 3, 30)),
        # Over the new year: Tue 12 January 2027 - 7 working days is Thu 31 December 2026
        # (Mon 4, Tue 5, Wed 6, Thu 7, Fri 8, Mon 11, Tue 12).
        (date(2027, 1, 12), date(2026, 12, 31)),
        # A Saturday: the latest day still leaving 7 working days is the Wednesday of the week before.
        (date(2026, 12, 19), date(2026, 12, 9)),
    ],
)
def test_final_report_due_dates_worked_by_hand(planned, due):
    assert final_report_due(planned) == due


def test_the_final_report_is_late_once_the_planned_date_moves_earlier():
    sent = date(2027, 3, 30)
    assert Step(FINAL_REPORT, final_report_due(date(2027, 4, 8)), sent).late_by == 0
    # Planned a day earlier: the report sent on Tue 30 March is a working day late.
    assert Step(FINAL_REPORT, final_report_due(date(2027, 4, 7)), sent).late_by == 1


def test_the_error_for_a_late_step_without_its_reason_says_how_late():
    error = missing_reason(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 6), "")
    assert error == (
        "Enter why the notification was sent late: it was sent 2 working days after it was due on 2 April 2027"
    )
    assert missing_reason(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 6), "Police delay") == ""
    assert missing_reason(NOTIFICATION, date(2027, 4, 2), date(2027, 4, 2), "") == ""
    assert missing_reason(NOTIFICATION, None, date(2027, 4, 2), "") == ""
    assert "published 3 days after" in missing_reason(PUBLICATION, date(2027, 2, 28), date(2027, 3, 3), " ")


def test_a_clock_done_late_says_so():
    clock = make_clock("Panel notification", date(2027, 4, 2), date(2027, 4, 6), today=date(2027, 4, 7))
    assert clock.label == "Done late"
    assert clock.tag_class == "govuk-tag--orange"
    assert clock.summary == "done 6 April 2027, 2 working days late (due 2 April 2027)"
    on_time = make_clock("Panel notification", date(2027, 4, 2), date(2027, 4, 1), today=date(2027, 4, 7))
    assert (on_time.label, on_time.tag_class) == ("Done", "govuk-tag--grey")
