"""The statutory clocks of triage: due dates in English working days across the holidays,
their states, the setting that chooses where the rapid review's 15 days start, and the stored
columns the queue sorts by."""

from datetime import date

import pytest
from django.template import Context, Template

from referrals.models import ReferralStatus
from reviews.clocks import (
    clock_state,
    make_clock,
    notification_due,
    rapid_review_due,
    triage_clocks,
    triage_refresh_clocks,
)
from reviews.models import ClockState, RapidReview, Triage
from tests.factories import submitted_referral_factory

S = ReferralStatus


# --- Panel notification: aware + 5 working days ---------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # an ordinary week: Monday to Monday
        (date(2026, 11, 27), date(2026, 12, 4)),  # a Friday: the weekend does not count
        # Christmas 2026 falls on a Friday: Boxing Day's substitute is Monday 28th, then New Year's Day.
        (date(2026, 12, 23), date(2027, 1, 4)),
        (date(2027, 3, 24), date(2027, 4, 2)),  # Easter 2027: Good Friday and Easter Monday
        (date(2026, 8, 26), date(2026, 9, 3)),  # the August bank holiday, 31 August 2026
        (date(2027, 8, 25), date(2027, 9, 2)),  # and 30 August 2027
    ],
)
def test_the_panel_notification_is_due_five_working_days_after_the_la_became_aware(aware, due):
    assert notification_due(aware) == due


def test_there_is_no_notification_due_before_the_la_is_known_to_be_aware():
    assert notification_due(None) is None


# --- Rapid review: start + 15 working days ---------------------------------------------------


def test_the_rapid_review_is_due_fifteen_working_days_after_the_notification_was_sent(settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    triage = Triage(sin_required=True, la_aware_on=date(2026, 12, 21), sin_sent_on=date(2026, 12, 24))
    # 29, 30, 31 December; 4-8, 11-15 January; 18, 19 January.
    assert rapid_review_due(triage) == date(2027, 1, 19)


def test_the_rapid_review_clock_may_start_when_the_la_became_aware(settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "aware"
    triage = Triage(sin_required=True, la_aware_on=date(2027, 3, 22), sin_sent_on=date(2027, 3, 24))
    # 23-25 March, Easter (26 and 29 March) skipped, 30 March - 2 April, 5-9 April, 12-14 April.
    assert rapid_review_due(triage) == date(2027, 4, 14)


def test_the_rapid_review_clock_does_not_start_before_the_notification_is_sent(settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    assert rapid_review_due(Triage(sin_required=True, la_aware_on=date(2026, 12, 1))) is None


def test_a_case_below_the_notification_threshold_has_no_rapid_review_clock(settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "aware"
    assert rapid_review_due(Triage(sin_required=False, la_aware_on=date(2026, 12, 1))) is None


# --- States ----------------------------------------------------------------------------------

DUE = date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        (date(2026, 11, 27), ClockState.ON_TRACK, 4),
        (date(2026, 11, 30), ClockState.ON_TRACK, 3),
        (date(2026, 12, 1), ClockState.DUE_SOON, 2),
        (date(2026, 12, 2), ClockState.DUE_SOON, 1),
        (DUE, ClockState.DUE_SOON, 0),
        (date(2026, 12, 4), ClockState.OVERDUE, -1),
        (date(2026, 12, 7), ClockState.OVERDUE, -2),  # the weekend does not count
    ],
)
def test_a_clock_is_on_track_due_soon_within_two_working_days_then_overdue(today, state, left):
    assert clock_state(DUE, None, today) == (state, left)


def test_a_clock_is_done_once_its_step_is_done_even_late():
    assert clock_state(DUE, date(2026, 12, 10), date(2026, 12, 14))[0] == ClockState.DONE


@pytest.mark.parametrize(
    ("today", "done_on", "text"),
    [
        (date(2026, 12, 1), None, "due 3 December 2026, 2 working days left"),
        (date(2026, 12, 2), None, "due 3 December 2026, 1 working day left"),
        (DUE, None, "due 3 December 2026, due today"),
        (date(2026, 12, 7), None, "due 3 December 2026, 2 working days overdue"),
        (date(2026, 12, 7), date(2026, 12, 2), "done 2 December 2026 (due 3 December 2026)"),
    ],
)
def test_a_clock_says_when_it_is_due_in_words(today, done_on, text):
    assert make_clock("Panel notification", DUE, done_on, today).summary == text


@pytest.mark.parametrize(
    ("today", "done_on", "css", "label"),
    [
        (date(2026, 11, 27), None, "govuk-tag--green", "On track"),
        (date(2026, 12, 1), None, "govuk-tag--yellow", "Due soon"),
        (date(2026, 12, 4), None, "govuk-tag--red", "Overdue"),
        (date(2026, 12, 4), DUE, "govuk-tag--grey", "Done"),
    ],
)
def test_the_clock_tag_is_a_coloured_govuk_tag_with_the_due_date(today, done_on, css, label):
    clock = make_clock("Rapid review", DUE, done_on, today)
    html = Template("{% load clock_tags %}{% clock_tag clock %}").render(Context({"clock": clock}))
    assert f'<strong class="govuk-tag {css}">{label}</strong>' in html
    assert "due 3 December 2026" in html


# --- Stored columns --------------------------------------------------------------------------


@pytest.fixture
def triage(db):
    referral = submitted_referral_factory(status=S.SCREENING)
    return Triage.objects.create(referral=referral, sin_required=True, la_aware_on=date(2026, 12, 23))


def test_refreshing_stores_the_notification_due_date_as_the_next_due(triage, settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    triage_refresh_clocks(triage)
    triage.refresh_from_db()
    assert (triage.sin_due, triage.rapid_review_due, triage.next_due) == (
        date(2027, 1, 4),
        None,
        date(2027, 1, 4),
    )


def test_once_the_panel_is_notified_the_next_due_is_the_rapid_review(triage, settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    triage.sin_sent_on = date(2026, 12, 24)
    triage_refresh_clocks(triage)
    triage.refresh_from_db()
    assert triage.rapid_review_due == date(2027, 1, 19)
    assert triage.next_due == date(2027, 1, 19)


def test_the_rapid_review_record_keeps_the_same_due_date(triage, settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    triage.sin_sent_on = date(2026, 12, 24)
    RapidReview.objects.create(triage=triage, started_on=date(2026, 12, 29), due=date(2026, 12, 29))
    triage_refresh_clocks(triage)
    assert RapidReview.objects.get().due == date(2027, 1, 19)


def test_when_every_clock_is_done_nothing_is_next_due(triage, settings):
    settings.CSCP_RAPID_REVIEW_CLOCK_START = "notified"
    triage.sin_sent_on = date(2026, 12, 24)
    triage.save()
    RapidReview.objects.create(
        triage=triage,
        started_on=date(2026, 12, 29),
        due=date(2027, 1, 19),
        sent_to_panel_on=date(2027, 1, 15),
    )
    triage_refresh_clocks(triage)
    triage.refresh_from_db()
    assert triage.next_due is None
    assert [clock.state for clock in triage_clocks(triage)] == [ClockState.DONE, ClockState.DONE]


def test_a_case_below_the_threshold_has_no_clocks(triage):
    triage.sin_required = False
    triage_refresh_clocks(triage)
    triage.refresh_from_db()
    assert (triage.sin_due, triage.rapid_review_due, triage.next_due) == (None, None, None)
    assert triage_clocks(triage) == []


def test_the_clocks_of_a_withdrawn_referral_stop(triage):
    triage.referral.status = S.WITHDRAWN
    triage_refresh_clocks(triage)
    triage.refresh_from_db()
    assert triage.sin_due == date(2027, 1, 4)
    assert triage.next_due is None


# --- The setting ----------------------------------------------------------------------------


def test_an_unknown_rapid_review_clock_start_stops_start_up_naming_it():
    from tests.test_settings_env import PRODUCTION, manage

    result = manage("check", **PRODUCTION, CSCP_RAPID_REVIEW_CLOCK_START="whenever")
    assert result.returncode != 0
    assert "Environment variable CSCP_RAPID_REVIEW_CLOCK_START must be notified or aware" in result.stderr


def test_the_rapid_review_clock_starts_at_the_notification_by_default():
    from django.conf import settings

    assert settings.CSCP_RAPID_REVIEW_CLOCK_START == "notified"
