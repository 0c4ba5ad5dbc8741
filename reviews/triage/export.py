"""The triage queue as CSV, for coordinators (issue 4 §4).

What leaves the service is the queue's own columns and nothing personal: no child's or family
member's name, date of birth or address, and no account of the incident. The one free text is
the reasons the Panel asks for (why a step was late, why a case is not notifiable): they go in
the Panel's returns, and every form that takes one asks that it names no child or family. A spreadsheet runs a
cell that starts with =, +, - or @ (or a tab or carriage return) as a formula, so such cells are
prefixed with an apostrophe. Rows are streamed, so a long export never sits in memory.
"""

import csv
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect

from referrals.models import Criterion, Referral, ReferralStatus, RequestedReviewType

from ..lateness import NOTIFICATION, RAPID_REVIEW, Step, triage_steps
from .selectors import triage_of

HEADER = [
    "Reference",
    "Status",
    "Submitted",
    "Requested review type",
    "Referring agency",
    "Criteria",
    "Themes",
    "Urgent",
    "Panel notification due",
    "Rapid review due",
    "Next due",
    "Panel notification sent",
    "Panel notification late (working days)",
    "Why the notification was late",
    "Not notifiable: why",
    "Rapid review sent to the Panel",
    "Rapid review late (working days)",
    "Why the rapid review was late",
]
BOM = "\ufeff"  # Excel reads the file as UTF-8 only with it
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Each chunk of the queryset iterator: few enough rows in memory, few enough queries.
CHUNK = 500

_CRITERIA = dict(Criterion.choices)


def safe_cell(value) -> str:
    """The value as text, with an apostrophe in front if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _date(value) -> str:
    return value.isoformat() if value else ""


def late_cells(step: Step | None) -> list:
    """A step's late-by and reason cells (shared by the case export): empty until it is done;
    0 when done on time."""
    if step is None or step.done_on is None:
        return ["", ""]
    return [step.late_by, step.reason if step.is_late else ""]


def lateness_cells(triage) -> list:
    """The notification's and the rapid review's done dates, lateness and reasons."""
    if triage is None:
        return ["", "", "", "", "", "", ""]
    rapid_review = getattr(triage, "rapid_review", None)
    steps = triage_steps(triage, rapid_review)
    not_notifiable = triage.sin_not_required_reason if triage.sin_required is False else ""
    return [
        _date(triage.sin_sent_on),
        *late_cells(steps.get(NOTIFICATION)),
        not_notifiable,
        _date(rapid_review.sent_to_panel_on if rapid_review else None),
        *late_cells(steps.get(RAPID_REVIEW)),
    ]


def export_row(referral: Referral) -> list[str]:
    triage = triage_of(referral)
    themes = [theme.name for theme in triage.themes.all()] if triage else []
    row = [
        referral.reference,
        ReferralStatus(referral.status).label,
        _date(referral.submitted_at.date() if referral.submitted_at else None),
        RequestedReviewType(referral.requested_review_type).label if referral.requested_review_type else "",
        referral.referrer_agency.name if referral.referrer_agency_id else "",
        "; ".join(_CRITERIA.get(value, value) for value in referral.criteria or []),
        "; ".join(themes),
        "Yes" if referral.is_urgent else "No",
        _date(triage.sin_due if triage else referral.next_due),  # before triage: provisional
        _date(triage.rapid_review_due if triage else None),
        _date(referral.next_due),
        *lateness_cells(triage),
    ]
    return [safe_cell(cell) for cell in row]


class _Echo:
    """A file-like object whose write returns the line: csv.writer formats, we stream."""

    def write(self, value):
        return value


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV lines with a BOM first; every cell escaped with safe_cell. Shared by every export."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_lines(referrals: Iterable[Referral]) -> Iterator[str]:
    return csv_stream(HEADER, (export_row(referral) for referral in referrals))


def export_log(
    request,
    *,
    filters: dict[str, str],
    rows: int,
    export: str = "triage_queue_csv",
    description: str = "Triage queue export (CSV)",
) -> LogEntry:
    """An audit entry for the export: who, when, from where, with which filters, how many rows.
    It names no single referral, so it is an ACCESS entry on the referral type as a whole."""
    user = request.user
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Referral),
        object_pk="",
        object_repr=description,
        action=LogEntry.Action.ACCESS,
        actor=user,
        actor_email=user.email,
        remote_addr=AuditlogMiddleware._get_remote_addr(request),
        additional_data={"export": export, "filters": filters, "rows": rows},
    )


def refused(request, *, back: str, what: str):
    """Nothing is exported on filters the page would refuse (a state not understood, an agency
    that does not exist): back to the page with what was asked, where the error summary names
    them. `what`: what was not downloaded ("The referrals")."""
    messages.error(request, f"{what} were not downloaded. Correct the filters and try again.")
    return redirect(f"{back}?{urlencode(list(request.GET.lists()), doseq=True)}")
