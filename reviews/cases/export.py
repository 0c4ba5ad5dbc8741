"""The review case list as CSV, for coordinators (issue 5 §6).

What leaves the service is the list's own columns and the action-plan counts, nothing personal:
no child's or family member's name, date of birth or address, and neither the case title nor the
terms of reference (free text that may hold names). The independent reviewers are named: they are
professionals appointed to the case. Cells are escaped and rows streamed by export.csv_stream; the
counts are subqueries and the reviewers and themes prefetched per chunk, so the number of queries
does not grow with the number of rows.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import ActionItem, Rag, Recommendation, ReviewCase, ReviewStatus, ReviewType
from ..triage.export import CHUNK, csv_stream
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
        )
        .order_by("-commissioned_on", "-id")
    )


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


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
