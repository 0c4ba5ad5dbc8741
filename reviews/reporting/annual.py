"""Figures for the safeguarding partners' yearly report (domain.md §2 S; issue 5 §7).

Each figure belongs to the calendar year its event happened in: a referral to the year it was
submitted, a decision to the year it was dated, a review case to the year it was commissioned,
completed (first reached final approved) or published (first moved to published), both taken
from the case timeline. A median belongs to the year of its later date. Dates and times are
read in the service's time zone (Europe/London).

A fixed number of queries whatever the data: one GROUP BY year per count, and one list of date
pairs per median (the working days are counted here, on the working-day calendar).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cscp.calendar import working_days_between
from referrals.models import Referral

from ..models import Decision, DecisionOutcome, ReviewCase, ReviewCaseEvent, ReviewStatus


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    counts: str  # what the figure counts, for the report's reader


FIGURES = [
    Figure("referrals", "Referrals received", "Referrals submitted to the partnership in the year."),
    *(
        Figure(
            f"decisions_{outcome.value}",
            f"Decisions: {outcome.label}",
            f"Decisions dated in the year with the outcome “{outcome.label}”.",
        )
        for outcome in DecisionOutcome
    ),
    Figure("decisions", "Decisions in total", "Every decision dated in the year, whatever its outcome."),
    Figure("started", "Reviews started", "Review cases commissioned in the year."),
    Figure(
        "completed",
        "Reviews completed",
        "Review cases whose final report was first approved in the year.",
    ),
    Figure("published", "Reviews published", "Review cases first published in the year."),
    Figure(
        "referral_to_decision",
        "Median working days from referral to decision",
        "For decisions dated in the year: the middle number of working days from the referral's "
        "submission to the decision (weekends and bank holidays in England not counted).",
    ),
    Figure(
        "decision_to_publication",
        "Median working days from decision to publication",
        "For reviews first published in the year: the middle number of working days from the "
        "decision to commission the review to its publication.",
    ),
]
MEDIANS = {"referral_to_decision", "decision_to_publication"}


@dataclass(frozen=True)
class YearFigures:
    year: int
    values: dict[str, float | int | None]

    def rows(self) -> list[tuple[Figure, str]]:
        """(figure, value as shown) in report order."""
        return [(figure, figure_display(self.values[figure.key])) for figure in FIGURES]


def figure_display(value: float | int | None) -> str:
    """A count or median as text: 12, 12.5, or "Not available" when there is nothing to take it from."""
    if value is None:
        return "Not available"
    return f"{value:g}"


def _in_year(queryset: QuerySet, field: str, year: int | None) -> QuerySet:
    return queryset.filter(**{f"{field}__year": year}) if year else queryset


def _counts_by_year(queryset: QuerySet, field: str, year: int | None, *group) -> QuerySet:
    """One query: how many rows per year of `field` (and per each of `group`)."""
    queryset = _in_year(queryset.filter(**{f"{field}__isnull": False}), field, year)
    return queryset.values(*group, year=ExtractYear(field)).annotate(n=Count("pk")).order_by()


def _first_event_at(status: str) -> Subquery:
    """When a case first moved to `status`, from its timeline."""
    events = ReviewCaseEvent.objects.filter(case=OuterRef("pk"), to_status=status).order_by("at", "id")
    return Subquery(events.values("at")[:1])


def _cases_first_reaching(status: str) -> QuerySet:
    return ReviewCase.objects.annotate(reached_at=_first_event_at(status))


def _local_date(value: datetime) -> date:
    return timezone.localtime(value).date()


def _medians(pairs) -> dict[int, float]:
    """{year of the later date: median working days} from (earlier, later) date pairs."""
    days = defaultdict(list)
    for start, end in pairs:
        days[end.year].append(working_days_between(start, end))
    return {year: median(values) for year, values in days.items()}


def _referral_to_decision(year: int | None) -> dict[int, float]:
    decisions = _in_year(Decision.objects.filter(referral__submitted_at__isnull=False), "decided_on", year)
    pairs = decisions.values_list("referral__submitted_at", "decided_on").order_by()
    return _medians((_local_date(submitted), decided) for submitted, decided in pairs)


def _decision_to_publication(year: int | None) -> dict[int, float]:
    cases = _in_year(_cases_first_reaching(ReviewStatus.PUBLISHED), "reached_at", year)
    cases = cases.filter(reached_at__isnull=False, decision__isnull=False)
    pairs = cases.values_list("decision__decided_on", "reached_at").order_by()
    return _medians((decided, _local_date(published)) for decided, published in pairs)


def _tally(rows, key=lambda row: "") -> Counter:
    return Counter({(row["year"], key(row)): row["n"] for row in rows})


def _collect(year: int | None) -> dict[str, Counter | dict]:
    return {
        "referrals": _tally(_counts_by_year(Referral.objects, "submitted_at", year)),
        "decisions": _tally(
            _counts_by_year(Decision.objects, "decided_on", year, "outcome"), key=lambda row: row["outcome"]
        ),
        "started": _tally(_counts_by_year(ReviewCase.objects, "commissioned_on", year)),
        "completed": _tally(
            _counts_by_year(_cases_first_reaching(ReviewStatus.FINAL_APPROVED), "reached_at", year)
        ),
        "published": _tally(
            _counts_by_year(_cases_first_reaching(ReviewStatus.PUBLISHED), "reached_at", year)
        ),
        "referral_to_decision": _referral_to_decision(year),
        "decision_to_publication": _decision_to_publication(year),
    }


def _year_figures(year: int, found: dict) -> YearFigures:
    values: dict[str, float | int | None] = {
        key: found[key][(year, "")] for key in ("referrals", "started", "completed", "published")
    }
    for outcome in DecisionOutcome:
        values[f"decisions_{outcome.value}"] = found["decisions"][(year, outcome.value)]
    values["decisions"] = sum(n for (y, _), n in found["decisions"].items() if y == year)
    for key in MEDIANS:
        values[key] = found[key].get(year)
    return YearFigures(year, values)


def _first_year(found: dict) -> int | None:
    """The first year with anything to count: normally the first submitted referral's."""
    years = [key[0] for name in ("referrals", "decisions", "started") for key in found[name]]
    return min(years, default=None)


def annual_figures(year: int | None = None) -> list[YearFigures]:
    """The figures for `year`, or for every year from the first to this one; newest first.
    With no year and nothing yet recorded, an empty list."""
    found = _collect(year)
    if year:
        return [_year_figures(year, found)]
    first = _first_year(found)
    if first is None:
        return []
    this_year = timezone.localdate().year
    return [_year_figures(y, found) for y in range(max(this_year, first), first - 1, -1)]
