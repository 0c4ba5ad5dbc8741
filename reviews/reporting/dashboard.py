"""What /dashboard/ shows (views.py renders it): the statutory deadlines due and overdue, and
where the work stands (issue 4 §10), with the review cases' part (issue 5 §2, §5): counts by stage group and by RAG, the cases
past or near their 6-month target, those whose earliest publication date is near, and the agency
contributions overdue. A fixed number of queries: one per panel, the clocks worked out from the
rows loaded. What it renders is kept until the casework changes or the day turns
(casework_cache), so a dashboard asked for again costs one query beyond signing in."""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from cscp.calendar import add_working_days
from referrals.models import Referral, ReferralStatus

from ..cases.clocks import WARNING_MONTHS, add_months, target_clock
from ..clocks import DUE_SOON_WORKING_DAYS, Clock
from ..models import ClockState, DecisionOutcome, Rag, ReviewCase, ReviewStatus
from ..triage.selectors import referral_clocks, triage_url
from . import selectors

S = ReviewStatus

# The stages in a few groups, in the order a case goes through them.
STAGE_GROUPS = [
    ("Setting up", (S.COMMISSIONED, S.SCOPING)),
    ("Under review", (S.IN_PROGRESS, S.DRAFT_REVIEW)),
    ("Final report and pre-publication", (S.FINAL_APPROVED, S.PRE_PUBLICATION, S.PUBLICATION_DEFERRED)),
    ("On hold", (S.ON_HOLD,)),
    ("Published or not published", (S.PUBLISHED, S.NOT_PUBLISHED)),
    ("Monitoring actions", (S.ACTION_MONITORING,)),
    ("Closed", (S.CLOSED,)),
]

# What the dashboard shows of a case near its target (and target_clock reads), and of an
# overdue action: not each case's terms of reference or each action's evidence.
DUE_REVIEW_FIELDS = (
    "reference",
    "review_type",
    "status",
    "target_publication_on",
    "published_on",
    "updated_at",
)
OVERDUE_ACTION_FIELDS = (
    "action",
    "due_on",
    "recommendation__number",
    "recommendation__case__reference",
    "owner_agency__name",
)


@dataclass(frozen=True)
class DueClock:
    referral: Referral
    clock: Clock

    @property
    def url(self) -> str:
        return triage_url(self.referral.reference)


@dataclass(frozen=True)
class DueReview:
    case: ReviewCase
    clock: Clock

    @property
    def overdue(self) -> bool:
        return self.clock.state == ClockState.OVERDUE


def due_clocks(today: date) -> list[DueClock]:
    """Every open clock due within two working days or overdue, the most overdue first: triage's,
    and the provisional Panel notification of referrals no one has started triage on."""
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = [
        DueClock(referral, clock)
        for referral in selectors.referrals_with_clocks_due_by(horizon)
        for clock in referral_clocks(referral, today)
        if clock.state in (ClockState.DUE_SOON, ClockState.OVERDUE)
    ]
    return sorted(due, key=lambda item: (item.clock.due, item.referral.reference))


def due_reviews(today: date) -> list[DueReview]:
    """Running cases past their target publication date or within the warning month of it
    (amber or red on the 6-month clock of cases/clocks.py). Months differ in length, so a few
    days more are loaded and the clock itself decides."""
    horizon = add_months(today, WARNING_MONTHS) + timedelta(days=3)
    cases = selectors.review_cases_due_by(horizon).only(*DUE_REVIEW_FIELDS)
    due = [DueReview(case, target_clock(case, today)) for case in cases]
    return [item for item in due if item.clock.state in (ClockState.DUE_SOON, ClockState.OVERDUE)]


@dataclass(frozen=True)
class CaseCounts:
    by_status: dict[str, int]
    by_rag: dict[str, int]

    @classmethod
    def load(cls) -> "CaseCounts":
        """Every case counted by status and RAG in one query."""
        by_status, by_rag = {}, {}
        for row in ReviewCase.objects.values("status", "rag").annotate(n=Count("id")).order_by():
            by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
            by_rag[row["rag"]] = by_rag.get(row["rag"], 0) + row["n"]
        return cls(by_status, by_rag)

    def stage_groups(self) -> list[tuple[str, int]]:
        """(group, count) for every stage group, zeros included."""
        return [(label, sum(self.by_status.get(s, 0) for s in states)) for label, states in STAGE_GROUPS]

    def rags(self) -> list[tuple[str, int, str]]:
        """(RAG, count, the case list filtered by it) for red, amber and green."""
        case_list = reverse("reviews:case_list")
        return [
            (rag.label, self.by_rag.get(rag.value, 0), f"{case_list}?{urlencode({'rag': rag.value})}")
            for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
        ]


def counted(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    """(label, count) for every choice, zeros included, in the choices' order."""
    return [(label, counts.get(value, 0)) for value, label in choices]


def dashboard_context(today: date) -> dict:
    states = [choice for choice in ReferralStatus.choices if choice[0] != ReferralStatus.DRAFT]
    cases = CaseCounts.load()
    return {
        "today": today,
        "clocks": due_clocks(today),
        "reviews": due_reviews(today),
        "overdue_actions": list(selectors.overdue_actions(today).only(*OVERDUE_ACTION_FIELDS)),
        "by_state": counted(selectors.referral_counts_by_state(), states),
        "outcome_caption": f"Decisions in {today.year}",
        "by_outcome": counted(selectors.decision_counts_by_outcome(today.year), DecisionOutcome.choices),
        "by_review_status": counted(cases.by_status, ReviewStatus.choices),
        "by_stage_group": cases.stage_groups(),
        "by_rag": cases.rags(),
        "earliest_publications": selectors.earliest_publications(today),
        "earliest_publication_days": selectors.EARLIEST_PUBLICATION_WORKING_DAYS,
        "overdue_contributions": selectors.overdue_contribution_count(today),
    }
