"""The statutory clocks of triage (design.md §2, domain.md §2.1 C and F), in English working days.

- Panel notification: due 5 working days after the local authority became aware (a SHOULD:
  the duty to notify is a MUST, the 5 days are guidance).
- Rapid review: due 15 working days after its start, which is the date the notification was
  sent (the Panel's 2025 guidance) or, if CSCP_RAPID_REVIEW_CLOCK_START is "aware", the date
  the local authority became aware. Done when the rapid review is sent to the Panel.

The due dates are stored on Triage (indexed) so that the queue sorts and filters in SQL;
`triage_refresh_clocks` keeps them in step and every service that changes a date calls it.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from cscp.calendar import add_working_days, day_count, days_late, long_date, working_days_between
from referrals.models import CLOCK_RUNNING_STATES

from .models import ClockState, Triage

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
# A clock with this many working days left, or fewer, is "due soon".
DUE_SOON_WORKING_DAYS = 2

# Once a referral is decided, closed, withdrawn or merged, its open clocks no longer run.
RUNNING_STATES = CLOCK_RUNNING_STATES

TAG_CLASSES = {
    ClockState.ON_TRACK: "govuk-tag--green",
    ClockState.DUE_SOON: "govuk-tag--yellow",
    ClockState.OVERDUE: "govuk-tag--red",
    ClockState.DONE: "govuk-tag--grey",
}


@dataclass(frozen=True)
class Clock:
    name: str
    due: date
    done_on: date | None
    state: ClockState
    working_days_left: int
    calendar_days: bool = False  # the months clock: lateness counted in calendar days
    # False where the clock stopped without its step being done (a review not published).
    counts_lateness: bool = True

    @property
    def late_by(self) -> int:
        """Done after its due date by this many working days (calendar days for the months
        clock); 0 when done on time or not done."""
        if not self.counts_lateness:
            return 0
        return days_late(self.due, self.done_on, calendar_days=self.calendar_days)

    @property
    def tag_class(self) -> str:
        return "govuk-tag--orange" if self.late_by else TAG_CLASSES[self.state]

    @property
    def label(self) -> str:
        return "Done late" if self.late_by else ClockState(self.state).label

    @property
    def summary(self) -> str:
        """'due 3 December 2026, 2 working days left', in words for the tag's neighbour."""
        due = f"due {long_date(self.due)}"
        if self.state == ClockState.DONE:
            late = self.late_by
            if late:
                late_by = day_count(late, calendar_days=self.calendar_days)
                return f"done {long_date(self.done_on)}, {late_by} late ({due})"
            return f"done {long_date(self.done_on)} ({due})"
        left = self.working_days_left
        if left > 0:
            return f"{due}, {day_count(left)} left"
        if left == 0:
            return f"{due}, due today"
        return f"{due}, {day_count(-left)} overdue"


def clock_state(due: date, done_on: date | None, today: date) -> tuple[ClockState, int]:
    left = working_days_between(today, due)
    if done_on is not None:
        return ClockState.DONE, left
    if left < 0:
        return ClockState.OVERDUE, left
    if left <= DUE_SOON_WORKING_DAYS:
        return ClockState.DUE_SOON, left
    return ClockState.ON_TRACK, left


def make_clock(name: str, due: date, done_on: date | None, today: date | None = None) -> Clock:
    state, left = clock_state(due, done_on, today or timezone.localdate())
    return Clock(name=name, due=due, done_on=done_on, state=state, working_days_left=left)


PROVISIONAL_NOTIFICATION = "Panel notification (provisional)"


def provisional_clock(referral, today: date | None = None) -> Clock | None:
    """Before triage: the Panel notification from the referrer's awareness date, while the
    referral is still running."""
    if referral.next_due is None or referral.status not in RUNNING_STATES:
        return None
    return make_clock(PROVISIONAL_NOTIFICATION, referral.next_due, None, today)


def notification_due(la_aware_on: date | None) -> date | None:
    return add_working_days(la_aware_on, NOTIFICATION_WORKING_DAYS) if la_aware_on else None


def rapid_review_start_basis(triage: Triage) -> date | None:
    """The date the rapid review's 15 working days count from (the setting decides which)."""
    if settings.CSCP_RAPID_REVIEW_CLOCK_START == "aware":
        return triage.la_aware_on
    return triage.sin_sent_on


def rapid_review_due(triage: Triage) -> date | None:
    if triage.sin_required is False:
        return None
    start = rapid_review_start_basis(triage)
    return add_working_days(start, RAPID_REVIEW_WORKING_DAYS) if start else None


def _rapid_review(triage: Triage):
    try:
        return triage.rapid_review
    except Triage.rapid_review.RelatedObjectDoesNotExist:
        return None


def triage_clocks(triage: Triage, today: date | None = None) -> list[Clock]:
    """The clocks that apply to this triage, from its stored due dates. A case found below
    the threshold for a notification (sin_required False) has none."""
    if triage.sin_required is False:
        return []
    clocks = []
    if triage.sin_due:
        clocks.append(make_clock("Panel notification", triage.sin_due, triage.sin_sent_on, today))
    if triage.rapid_review_due:
        rapid_review = _rapid_review(triage)
        sent = rapid_review.sent_to_panel_on if rapid_review else None
        clocks.append(make_clock("Rapid review", triage.rapid_review_due, sent, today))
    return clocks


def earliest_open_due(triage: Triage) -> date | None:
    """The due date of the triage's earliest clock not done, while its referral is running:
    what Triage.next_due and Referral.next_due hold."""
    if triage.referral.status not in RUNNING_STATES:
        return None
    return min((clock.due for clock in triage_clocks(triage) if clock.state != ClockState.DONE), default=None)


def triage_refresh_clocks(triage: Triage) -> Triage:
    """Recompute and store the due dates (and the earliest open one, for "most urgent first")
    from the dates recorded, on the triage and on its referral (Referral.next_due, the one
    place the queue reads). Until the local authority's awareness date is recorded, the Panel
    notification runs from the referrer's (provisional). Call inside the transaction that
    changed them."""
    referral = triage.referral
    aware = triage.la_aware_on or referral.aware_date
    triage.sin_due = None if triage.sin_required is False else notification_due(aware)
    triage.rapid_review_due = rapid_review_due(triage)
    triage.next_due = earliest_open_due(triage)
    triage.save(update_fields=["sin_due", "rapid_review_due", "next_due", "updated_at"])
    referral.next_due = triage.next_due  # the database's copy: triage_saved (reviews/apps.py)
    rapid_review = _rapid_review(triage)
    if rapid_review and triage.rapid_review_due and rapid_review.due != triage.rapid_review_due:
        rapid_review.due = triage.rapid_review_due
        rapid_review.save(update_fields=["due", "updated_at"])
    return triage
