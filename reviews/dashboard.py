"""/dashboard/: the statutory deadlines due and overdue, and where the work stands (issue 4
§10). A fixed number of queries: one per panel, the clocks worked out from the rows loaded."""

from dataclasses import dataclass
from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.calendar import add_working_days
from referrals.models import Referral, ReferralStatus

from . import selectors
from .clocks import DUE_SOON_WORKING_DAYS, Clock, triage_clocks
from .models import ClockState, DecisionOutcome, ReviewCase, ReviewStatus
from .review_cases import add_months

# A review case is flagged this many months before its target publication date.
REVIEW_WARNING_MONTHS = 1


@dataclass(frozen=True)
class DueClock:
    referral: Referral
    clock: Clock

    @property
    def url(self) -> str:
        return selectors.triage_url(self.referral.reference)


@dataclass(frozen=True)
class DueReview:
    case: ReviewCase
    overdue: bool


def due_clocks(today: date) -> list[DueClock]:
    """Every open triage clock due within two working days or overdue, the most overdue first."""
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = [
        DueClock(triage.referral, clock)
        for triage in selectors.triages_with_clocks_due_by(horizon)
        for clock in triage_clocks(triage, today)
        if clock.state in (ClockState.DUE_SOON, ClockState.OVERDUE)
    ]
    return sorted(due, key=lambda item: (item.clock.due, item.referral.reference))


def due_reviews(today: date) -> list[DueReview]:
    cases = selectors.review_cases_due_by(add_months(today, REVIEW_WARNING_MONTHS))
    return [DueReview(case, case.target_publication_on < today) for case in cases]


def counted(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    """(label, count) for every choice, zeros included, in the choices' order."""
    return [(label, counts.get(value, 0)) for value, label in choices]


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def dashboard(request):
    today = timezone.localdate()
    states = [choice for choice in ReferralStatus.choices if choice[0] != ReferralStatus.DRAFT]
    context = {
        "today": today,
        "clocks": due_clocks(today),
        "reviews": due_reviews(today),
        "overdue_actions": list(selectors.overdue_actions(today)),
        "by_state": counted(selectors.referral_counts_by_state(), states),
        "outcome_caption": f"Decisions in {today.year}",
        "by_outcome": counted(selectors.decision_counts_by_outcome(today.year), DecisionOutcome.choices),
        "by_review_status": counted(selectors.review_case_counts_by_status(), ReviewStatus.choices),
    }
    return render(request, "reviews/dashboard.html", context)
