"""Timeliness of the statutory steps for the yearly report (issue 16 §3): for each step, how
many were done on time, done late and are still open past their due date, and the median
lateness of the late ones, by financial year (1 April to 31 March, the partnership's reporting
year) and by calendar year.

- Each step belongs to the year of its due date, and whether it was late is lateness.py's rule
  (its builders make the steps; nothing here re-decides lateness).
- A step not done and not yet past its due date is not counted, nor is a stopped clock: a
  case recorded as not notifiable (the builders leave its steps out), an open triage step of a
  referral that is no longer running (decided, closed, withdrawn or merged: its clocks stop, as
  on the dashboard), and an unsent final report of a case stopped without publication.
- A referral no one has triaged yet has its provisional Panel notification (Referral.next_due,
  from the referrer's awareness date): once past it, it is a notification open past due.
- Lateness is in working days; for publication (the 6-month clock) in calendar days.

A fixed number of queries whatever the data: one per kind of record (triages with their rapid
reviews and referral status, untriaged referrals, review cases, agency contributions), loading
only the fields the builders read.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from ..clocks import RUNNING_STATES
from ..lateness import (
    CONTRIBUTION,
    FINAL_REPORT,
    NOTIFICATION,
    PUBLICATION,
    RAPID_REVIEW,
    STEP_NAMES,
    Step,
    case_steps,
    contribution_step,
    provisional_notification_step,
    triage_steps,
)
from ..models import AgencyContribution, RapidReview, ReviewCase, Triage
from . import selectors

STEPS = (NOTIFICATION, RAPID_REVIEW, FINAL_REPORT, PUBLICATION, CONTRIBUTION)

ON_TIME = "on_time"
LATE = "late"
OPEN_PAST_DUE = "open_past_due"

# --- Years ------------------------------------------------------------------------------------


def financial_year_label(start: int) -> str:
    """GOV.UK style: '2026 to 2027' for 1 April 2026 to 31 March 2027."""
    return f"{start} to {start + 1}"


@dataclass(frozen=True)
class Basis:
    key: str
    name: str  # "financial year", as a sentence says it
    span: str  # what one year runs from and to
    starts_in_april: bool

    def year_of(self, day: date) -> int:
        """The year `day` is counted in: a financial year by the calendar year it starts in."""
        return day.year - 1 if self.starts_in_april and day.month < 4 else day.year

    def label(self, year: int) -> str:
        return financial_year_label(year) if self.starts_in_april else str(year)


FINANCIAL = Basis("financial", "financial year", "1 April to 31 March", starts_in_april=True)
CALENDAR = Basis("calendar", "calendar year", "1 January to 31 December", starts_in_april=False)
BASES = {basis.key: basis for basis in (FINANCIAL, CALENDAR)}


def basis_from(value: str | None) -> Basis:
    """The basis a query parameter asks for; anything else is the financial year."""
    return BASES.get(value or "", FINANCIAL)


def other_basis(basis: Basis) -> Basis:
    return CALENDAR if basis == FINANCIAL else FINANCIAL


# --- The figures ------------------------------------------------------------------------------


def unit(key: str) -> str:
    return "calendar days" if key == PUBLICATION else "working days"


@dataclass(frozen=True)
class StepYear:
    """One step's figures in one year."""

    year: int
    label: str
    on_time: int = 0
    late: int = 0
    open_past_due: int = 0
    median_late_by: float | None = None  # None when nothing was late

    @property
    def median_display(self) -> str:
        return "None late" if self.median_late_by is None else number_display(self.median_late_by)


@dataclass(frozen=True)
class StepTimeliness:
    key: str
    years: list[StepYear]  # oldest first: every year from the first counted to the current one
    current_year: int

    @property
    def name(self) -> str:
        return STEP_NAMES[self.key]

    @property
    def unit(self) -> str:
        return unit(self.key)

    @property
    def current(self) -> StepYear | None:
        return next((item for item in self.years if item.year == self.current_year), None)

    @property
    def summary(self) -> str:
        return summary(self)


@dataclass(frozen=True)
class Timeliness:
    basis: Basis
    current_year: int
    steps: list[StepTimeliness]


@dataclass
class _Tally:
    on_time: int = 0
    late: int = 0
    open_past_due: int = 0
    late_by: list[int] = field(default_factory=list)

    def add(self, outcome: str, late_by: int) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)  # on_time, late or open_past_due
        if outcome == LATE:
            self.late_by.append(late_by)

    def figures(self, year: int, label: str) -> StepYear:
        middle = median(self.late_by) if self.late_by else None
        return StepYear(year, label, self.on_time, self.late, self.open_past_due, middle)


def outcome(step: Step, today: date) -> str | None:
    """On time, late or open past due (lateness.py decides); None while not yet due."""
    if step.done_on is not None:
        return LATE if step.is_late else ON_TIME
    return OPEN_PAST_DUE if step.open_past_due(today) else None


def timeliness_figures(today: date) -> dict[str, Timeliness]:
    """The figures on each basis ("financial", "calendar"), from one load of the steps."""
    counted = [
        (step, found, step.late_by if found == LATE else 0)  # the working days counted once
        for step in counted_steps(today)
        if (found := outcome(step, today))
    ]
    return {key: _on_basis(basis, counted, today) for key, basis in BASES.items()}


def _on_basis(basis: Basis, counted: list[tuple[Step, str, int]], today: date) -> Timeliness:
    tallies: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    for step, found, late_by in counted:
        tallies[(basis.year_of(step.due), step.key)].add(found, late_by)
    current = basis.year_of(today)
    years = _years(tallies, current)
    steps = [
        StepTimeliness(
            key, [tallies.get((y, key), _Tally()).figures(y, basis.label(y)) for y in years], current
        )
        for key in STEPS
    ]
    return Timeliness(basis, current, steps)


def _years(tallies, current: int) -> list[int]:
    """Every year from the first with a step counted to the current one (or to a later one, when
    a step due then is done already); none when nothing has been counted."""
    found = [year for year, _ in tallies]
    if not found:
        return []
    return list(range(min(*found, current), max(*found, current) + 1))


# --- The steps, from one query per kind of record ----------------------------------------------

# What the builders read: the reasons too, or reading them would cost a query per row.
TRIAGE_FIELDS = (
    "referral_id",
    "referral__status",
    "sin_required",
    "sin_due",
    "sin_sent_on",
    "sin_late_reason",
    "rapid_review_due",
    "rapid_review__triage_id",
    "rapid_review__sent_to_panel_on",
    "rapid_review__sent_late_reason",
)
CASE_FIELDS = (
    "status",
    "planned_publication_on",
    "final_report_sent_panel_on",
    "final_report_sent_sos_on",
    "final_report_late_reason",
    "target_publication_on",
    "published_on",
    "publication_late_reason",
)
CONTRIBUTION_FIELDS = ("due_on", "received_on", "late_reason")


def counted_steps(today: date) -> Iterator[Step]:
    """Every step whose clock ran (stopped clocks left out), done or not."""
    yield from _triaged_steps()
    yield from _untriaged_notifications(today)
    yield from _case_steps()
    contributions = AgencyContribution.objects.only(*CONTRIBUTION_FIELDS).order_by()
    yield from (contribution_step(contribution) for contribution in contributions)


def _rapid_review(triage: Triage) -> RapidReview | None:
    try:
        return triage.rapid_review  # joined: no query
    except Triage.rapid_review.RelatedObjectDoesNotExist:
        return None


def _triaged_steps() -> Iterator[Step]:
    triages = Triage.objects.select_related("referral", "rapid_review").only(*TRIAGE_FIELDS).order_by()
    for triage in triages:
        running = triage.referral.status in RUNNING_STATES
        for step in triage_steps(triage, _rapid_review(triage)).values():
            if step.done_on is not None or running:  # an open clock stops with its referral
                yield step


def _untriaged_notifications(today: date) -> Iterator[Step]:
    """The provisional Panel notification of each referral no one has triaged, due by today
    (the dashboard's selector): open, so only those past due will count."""
    for referral in selectors.untriaged_referrals_due_by(today):
        yield provisional_notification_step(referral)


def _case_steps() -> Iterator[Step]:
    for case in ReviewCase.objects.only(*CASE_FIELDS).order_by():
        steps = case_steps(case)
        report = steps.get(FINAL_REPORT)
        if report and report.done_on is None and PUBLICATION not in steps:
            del steps[FINAL_REPORT]  # stopped without publication: no report is awaited
        yield from steps.values()


# --- In words -----------------------------------------------------------------------------------

# (one, many, what doing it is called) for each step's sentence.
SUMMARY_WORDS = {
    NOTIFICATION: ("Panel notification", "Panel notifications", "sent"),
    RAPID_REVIEW: ("rapid review", "rapid reviews", "sent to the Panel"),
    FINAL_REPORT: ("final report", "final reports", "sent to the Panel and the Secretary of State"),
    PUBLICATION: ("review", "reviews", "published"),
    CONTRIBUTION: ("agency contribution", "agency contributions", "received"),
}


def number_display(value: float | None) -> str:
    """12, 2.5, or '' when there is nothing to take a median of."""
    return "" if value is None else f"{value:g}"


def median_words(value: float, key: str) -> str:
    """'2 working days late', '1 calendar day late', '2.5 working days late'."""
    words = unit(key) if value != 1 else unit(key).removesuffix("s")
    return f"{number_display(value)} {words} late"


CSV_HEADER = ["Year basis", "Year", "Step", "On time", "Late", "Open past due", "Median lateness", "Unit"]


def csv_rows(figures: dict[str, Timeliness]) -> list[list[str]]:
    """Long format: one row per basis, step and year (financial years first, oldest first)."""
    return [
        _csv_row(on_basis.basis, step, item)
        for on_basis in figures.values()
        for step in on_basis.steps
        for item in step.years
    ]


def _csv_row(basis: Basis, step: StepTimeliness, item: StepYear) -> list[str]:
    counts = [str(item.on_time), str(item.late), str(item.open_past_due)]
    median = number_display(item.median_late_by)  # empty when nothing was late
    return [basis.name.capitalize(), item.label, step.name, *counts, median, step.unit]


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(step: StepTimeliness) -> str:
    """One sentence on the current year so far, e.g. 'So far in 2026 to 2027, 14 Panel
    notifications were sent on time, 3 late (median 2 working days late) and 1 is open past
    its due date.'"""
    one, many, done = SUMMARY_WORDS[step.key]
    item = step.current
    if item is None:
        return f"No {many} have been due yet."
    late = f"{item.late} late"
    if item.median_late_by is not None:
        late += f" (median {median_words(item.median_late_by, step.key)})"
    return (
        f"So far in {item.label}, {_counted(item.on_time, one, many)} {'was' if item.on_time == 1 else 'were'}"
        f" {done} on time, {late} and {item.open_past_due} {'is' if item.open_past_due == 1 else 'are'} open"
        f" past {'its' if item.open_past_due == 1 else 'their'} due date."
    )
