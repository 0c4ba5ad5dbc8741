"""The review case list as CSV, for coordinators (issue 5 §6).

What leaves the service is the list's own columns and the action-plan counts, nothing personal:
no child's or family member's name, date of birth or address, and neither the case title nor the
terms of reference (free text that may hold names). The independent reviewers are named: they are
professionals appointed to the case. The one free text is the reasons the Panel asks for a step
done late, which every form that takes one asks to keep free of names. Cells are escaped and rows streamed by export.csv_stream; the
counts are subqueries and the reviewers, themes and contributions prefetched per chunk, so the number of queries
does not grow with the number of rows.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..lateness import contribution_step, final_report_step, publication_step
from ..models import ActionItem, AgencyContribution, Rag, Recommendation, ReviewCase, ReviewStatus, ReviewType
from ..triage.export import CHUNK, csv_stream, late_cells
from .clocks import final_report_sent_on
from .selectors import current_appointments

HEADER = [
    "Reference",
    "Type",
    "Stage",
    "RAG",
    "Commissioned",
    "Target publication",
    "Earliest publication",
    "Reviewers",
    "Themes",
    "Recommendations",
    "Open actions",
    "Overdue actions",
    "Planned publication",
    "Final report due",
    "Final report sent",
    "Final report late (working days)",
    "Why the final report was late",
    "Published",
    "Publication late (days)",
    "Why publication was late",
    "Contributions received late",
    "Late contributions and why",
]

EXPORT = "review_cases_csv"


def _count(queryset: QuerySet, case_field: str) -> Coalesce:
    """How many rows of `queryset` (tied to the case by OuterRef on `case_field`): a subquery."""
    counted = queryset.order_by().values(case_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def export_rows(cases: QuerySet[ReviewCase], today: date) -> QuerySet[ReviewCase]:
    """The cases with what the export needs joined, counted or prefetched."""
    open_actions = ActionItem.objects.filter(recommendation__case=OuterRef("pk"), state=ActionItem.State.OPEN)
    return (
        cases.annotate(
            recommendation_count=_count(Recommendation.objects.filter(case=OuterRef("pk")), "case"),
            open_action_count=_count(open_actions, "recommendation__case"),
            overdue_action_count=_count(open_actions.filter(due_on__lt=today), "recommendation__case"),
        )
        .prefetch_related(
            Prefetch("appointments", current_appointments(), to_attr="current"),
            "themes",
            Prefetch(
                "contributions",
                AgencyContribution.objects.filter(received_on__gt=F("due_on")).select_related("agency"),
                to_attr="received_after_due",
            ),
        )
        .order_by("-commissioned_on", "-id")
    )


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def lateness_cells(case: ReviewCase) -> list:
    final_report = final_report_step(case)
    late_contributions = [
        (contribution, step)
        for contribution in case.received_after_due
        if (step := contribution_step(contribution)).is_late  # a weekend after the due date is not late
    ]
    return [
        _date(case.planned_publication_on),
        _date(final_report.due if final_report else None),
        _date(final_report_sent_on(case)),
        *late_cells(final_report),
        _date(case.published_on),
        *late_cells(publication_step(case)),
        len(late_contributions),
        "; ".join(
            f"{contribution.agency.name} ({contribution.get_kind_display().lower()}), {step.lateness}: "
            f"{step.reason or 'reason not recorded'}"
            for contribution, step in late_contributions
        ),
    ]


def export_row(case: ReviewCase) -> list:
    reviewers = [a.reviewer.full_name or a.reviewer.email for a in case.current]
    return [
        case.reference,
        ReviewType(case.review_type).label,
        ReviewStatus(case.status).label,
        Rag(case.rag).label,
        _date(case.commissioned_on),
        _date(case.target_publication_on),
        _date(case.earliest_publication_on),
        "; ".join(reviewers),
        "; ".join(theme.name for theme in case.themes.all()),
        case.recommendation_count,
        case.open_action_count,
        case.overdue_action_count,
        *lateness_cells(case),
    ]


def csv_lines(cases: Iterable[ReviewCase]) -> Iterator[str]:
    return csv_stream(HEADER, (export_row(case) for case in cases))


def stream(cases: QuerySet[ReviewCase], today: date) -> Iterator[str]:
    return csv_lines(export_rows(cases, today).iterator(chunk_size=CHUNK))


def export_log(request, *, filters: dict[str, str], rows: int) -> LogEntry:
    """An audit entry for the export: who, when, from where, with which filters, how many rows.
    It names no single case, so it is an ACCESS entry on the review case type as a whole."""
    user = request.user
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewCase),
        object_pk="",
        object_repr="Review cases export (CSV)",
        action=LogEntry.Action.ACCESS,
        actor=user,
        actor_email=user.email,
        remote_addr=AuditlogMiddleware._get_remote_addr(request),
        additional_data={"export": EXPORT, "filters": filters, "rows": rows},
    )
