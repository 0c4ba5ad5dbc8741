"""Reads behind the dashboard (dashboard.py): the clocks and the review cases due, the counts
by state and by outcome, the actions overdue, the earliest publication dates near and the agency
contributions overdue. Each is one query, loading only the rows the dashboard shows."""

from datetime import date

from django.db.models import Count, QuerySet

from cscp.calendar import add_working_days
from referrals.models import Referral

from ..cases.clocks import TARGET_STOPPED
from ..clocks import RUNNING_STATES
from ..models import ActionItem, AgencyContribution, Decision, ReviewCase, ReviewStatus
from ..triage.selectors import CLOCK_FIELDS

# A review case past these needs no more reminding of its target date.
REVIEW_FINISHED = (
    ReviewStatus.PUBLISHED,
    ReviewStatus.NOT_PUBLISHED,
    ReviewStatus.ACTION_MONITORING,
    ReviewStatus.CLOSED,
)
# The earliest publication dates shown: those falling within this many working days.
EARLIEST_PUBLICATION_WORKING_DAYS = 10


def referrals_with_clocks_due_by(horizon: date) -> QuerySet[Referral]:
    """Referrals still before their decision whose earliest open clock is due on or before
    `horizon`: Referral.next_due, the one place every clock is read from (triage's, or the
    provisional Panel notification before triage), on its (status, next_due) index. So the
    rows loaded are the ones shown, not every running referral whose notification went long ago."""
    return (
        Referral.objects.filter(status__in=RUNNING_STATES, next_due__lte=horizon)
        .select_related("triage", "triage__rapid_review")
        # The clocks and the reference only: not each referral's and rapid review's text.
        .only("reference", "status", "next_due", *(f"triage__{field}" for field in CLOCK_FIELDS))
        .order_by("next_due", "reference")
    )


def untriaged_referrals_due_by(horizon: date) -> QuerySet[Referral]:
    """Referrals no one has started triage on whose provisional Panel notification (from the
    referrer's awareness date, Referral.next_due) is due on or before `horizon`."""
    return (
        Referral.objects.filter(status__in=RUNNING_STATES, triage__isnull=True, next_due__lte=horizon)
        .only("reference", "status", "next_due")
        .order_by("next_due", "reference")
    )


def review_cases_due_by(horizon: date) -> QuerySet[ReviewCase]:
    """Review cases not yet published (or decided against) whose target date is on or before
    `horizon`."""
    return (
        ReviewCase.objects.exclude(status__in=REVIEW_FINISHED)
        .filter(target_publication_on__lte=horizon)
        .order_by("target_publication_on", "reference")
    )


def referral_counts_by_state() -> dict[str, int]:
    # COUNT(*), not COUNT(id): PostgreSQL counts from the status index without reading the rows.
    rows = Referral.objects.submitted().values("status").annotate(n=Count("*")).order_by()
    return {row["status"]: row["n"] for row in rows}


def decision_counts_by_outcome(year: int) -> dict[str, int]:
    rows = Decision.objects.filter(decided_on__year=year).values("outcome").annotate(n=Count("*")).order_by()
    return {row["outcome"]: row["n"] for row in rows}


def overdue_actions(today: date) -> QuerySet[ActionItem]:
    """Open actions past their due date, with their case and recommendation joined."""
    return (
        ActionItem.objects.filter(state=ActionItem.State.OPEN, due_on__lt=today)
        .select_related("recommendation__case", "owner_agency")
        .order_by("due_on", "id")
    )


def earliest_publications(today: date) -> list[ReviewCase]:
    """Cases not yet published whose earliest publication date falls from today to the
    EARLIEST_PUBLICATION_WORKING_DAYS-th working day."""
    horizon = add_working_days(today, EARLIEST_PUBLICATION_WORKING_DAYS)
    return list(
        ReviewCase.objects.exclude(status__in=TARGET_STOPPED)
        .filter(earliest_publication_on__gte=today, earliest_publication_on__lte=horizon)
        .order_by("earliest_publication_on", "reference")
    )


def overdue_contribution_count(today: date) -> int:
    return AgencyContribution.objects.filter(received_on__isnull=True, due_on__lt=today).count()
