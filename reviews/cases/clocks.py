"""The clocks of a review case (design.md §2, domain.md §2 M-N).

- Target publication: 6 calendar months from the decision (stored on the case when it opens);
  amber from 5 months, red once passed. Stops once the case is published, not published,
  monitoring its actions or closed.
- Final report to the Panel and the Secretary of State: due 7 working days before the planned
  publication date (final_report_due), once the coordinator has planned one.
- Earliest publication: the later of the days the final report went to the Panel and to the
  Secretary of State, plus 7 working days.
- RAG: red if the target has passed or the latest progress check is red; amber within a month
  of the target or if the latest check is amber; green otherwise. Stored (indexed) so that the
  case list filters in SQL; `review_case_refresh` keeps it in step after every change.
"""

import calendar
from datetime import date, timedelta

from django.utils import timezone

from cscp.calendar import add_working_days, is_working_day, working_days_between

from ..clocks import Clock, make_clock
from ..models import ClockState, ProgressCheck, Rag, ReviewCase, ReviewStatus

# Working Together: complete and publish within 6 months of the decision (a SHOULD, §2 step M).
TARGET_MONTHS = 6
# The Panel and the Secretary of State see the final report this long before publication.
PRE_PUBLICATION_WORKING_DAYS = 7
# Amber this many months before the target (5 months after the decision).
WARNING_MONTHS = 1

TARGET_STOPPED = frozenset(
    {
        ReviewStatus.PUBLISHED,
        ReviewStatus.NOT_PUBLISHED,
        ReviewStatus.ACTION_MONITORING,
        ReviewStatus.CLOSED,
    }
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter
    (31 August + 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_publication(sent_panel_on: date | None, sent_sos_on: date | None) -> date | None:
    if sent_panel_on is None or sent_sos_on is None:
        return None
    return add_working_days(max(sent_panel_on, sent_sos_on), PRE_PUBLICATION_WORKING_DAYS)


def final_report_due(planned_publication_on: date) -> date:
    """The last day the final report can go to the Panel and the Secretary of State and still
    leave 7 working days before the planned publication: the latest working day whose earliest
    publication (above) is not after it. (A weekend or bank holiday after it leaves the same 7
    days, so sending then is on time too: it is 0 working days after.)"""
    day = planned_publication_on
    while (
        not is_working_day(day)
        or add_working_days(day, PRE_PUBLICATION_WORKING_DAYS) > planned_publication_on
    ):
        day -= timedelta(days=1)
    return day


FINAL_REPORT_CLOCK = "Final report to the Panel and the Secretary of State"


def final_report_sent_on(case: ReviewCase) -> date | None:
    """When the final report had gone to both the Panel and the Secretary of State."""
    sent = (case.final_report_sent_panel_on, case.final_report_sent_sos_on)
    return max(sent) if all(sent) else None


def final_report_clock(case: ReviewCase, today: date | None = None) -> Clock | None:
    """The final report's due date (7 working days before the planned publication) as a Clock,
    done once it has gone to both; None until a publication date is planned."""
    if case.planned_publication_on is None:
        return None
    due = final_report_due(case.planned_publication_on)
    return make_clock(FINAL_REPORT_CLOCK, due, final_report_sent_on(case), today)


def target_rag(target: date, today: date) -> str:
    if today > target:
        return Rag.RED
    if today >= add_months(target, -WARNING_MONTHS):
        return Rag.AMBER
    return Rag.GREEN


def case_rag(case: ReviewCase, latest_check: ProgressCheck | None, today: date) -> str:
    ratings = [latest_check.rag] if latest_check else []
    if case.status not in TARGET_STOPPED:
        ratings.append(target_rag(case.target_publication_on, today))
    for rating in (Rag.RED, Rag.AMBER):
        if rating in ratings:
            return rating
    return Rag.GREEN


TARGET_STATES = {Rag.GREEN: ClockState.ON_TRACK, Rag.AMBER: ClockState.DUE_SOON, Rag.RED: ClockState.OVERDUE}


def target_clock(case: ReviewCase, today: date | None = None) -> Clock:
    """The 6-month target as a Clock for {% clock_tag %} (done once the target stops)."""
    today = today or timezone.localdate()
    target = case.target_publication_on
    left = working_days_between(today, target)
    if case.published_on is not None and case.status in TARGET_STOPPED:
        return Clock(
            "Target publication", target, case.published_on, ClockState.DONE, left, calendar_days=True
        )
    if case.status in TARGET_STOPPED:  # stopped without being published: neither on time nor late
        done_on = min(today, case.updated_at.date()) if case.updated_at else today
        return Clock("Target publication", target, done_on, ClockState.DONE, left, counts_lateness=False)
    state = TARGET_STATES[target_rag(target, today)]
    return Clock("Target publication", target, None, state, left)


def review_case_refresh(case: ReviewCase, today: date | None = None) -> ReviewCase:
    """Recompute and store the earliest publication date and the RAG. Call inside the
    transaction that changed the case, its dates or its progress checks."""
    today = today or timezone.localdate()
    case.earliest_publication_on = earliest_publication(
        case.final_report_sent_panel_on, case.final_report_sent_sos_on
    )
    case.rag = case_rag(case, case.progress_checks.order_by("-checked_on", "-id").first(), today)
    case.save(update_fields=["earliest_publication_on", "rag", "updated_at"])
    return case


def review_cases_refresh_rag(today: date | None = None) -> int:
    """Every running case's RAG again (time alone turns a case amber, then red). Returns how
    many changed."""
    changed = 0
    for case in ReviewCase.objects.exclude(status__in=TARGET_STOPPED).iterator():
        before = case.rag
        if review_case_refresh(case, today).rag != before:
            changed += 1
    return changed
