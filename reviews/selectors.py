"""Reads behind the triage queue and its CSV export (the dashboard's are in
reviews/reporting/selectors.py). Each is a fixed number of queries however many referrals there
are: the triage row and the agencies come joined, the themes in one prefetch."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse

from referrals.models import Referral

from .clocks import Clock, triage_clocks
from .filters import QUEUE_STATES, QueueFilter
from .models import ClockState, Theme, Triage


def queue_base() -> QuerySet[Referral]:
    """The referrals in the queue, most urgent first, sorted in SQL: urgent ones, then by their
    earliest open clock (overdue first; no clock yet last), then the longest waiting."""
    return (
        Referral.objects.filter(status__in=QUEUE_STATES)
        .select_related("triage", "triage__rapid_review", "referrer_agency")
        .prefetch_related(Prefetch("triage__themes", queryset=Theme.objects.order_by("name")))
        .order_by(
            F("is_urgent").desc(),
            F("triage__next_due").asc(nulls_last=True),
            F("submitted_at").asc(nulls_last=True),
            "id",
        )
    )


# What the clocks read from a triage row and its rapid review (clocks.triage_clocks).
CLOCK_FIELDS = (
    "referral_id",
    "sin_required",
    "la_aware_on",
    "sin_due",
    "sin_sent_on",
    "rapid_review_due",
    "next_due",
    "rapid_review__triage_id",
    "rapid_review__sent_to_panel_on",
)
# What a queue row shows (templates/reviews/queue/_content.html): the page loads only these, not
# each referral's answers.
QUEUE_ROW_FIELDS = (
    "reference",
    "status",
    "is_urgent",
    "submitted_at",
    "requested_review_type",
    "referrer_agency__name",
    *(f"triage__{field}" for field in CLOCK_FIELDS),
)


def queue_filter(params) -> QueueFilter:
    """The queue filtered by the GET parameters `params` (the page and the export share it)."""
    return QueueFilter(params, queryset=queue_base())


def triage_of(referral: Referral):
    """The joined triage row, or None before triage has started (no query either way)."""
    try:
        return referral.triage
    except Referral.triage.RelatedObjectDoesNotExist:
        return None


def next_open_clock(triage: Triage | None, today: date) -> Clock | None:
    """The earliest clock still running (the one `next_due` sorts by), or None."""
    if triage is None or triage.next_due is None:
        return None
    running = [clock for clock in triage_clocks(triage, today) if clock.state != ClockState.DONE]
    return min(running, key=lambda clock: clock.due, default=None)


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    clock: Clock | None
    themes: list[Theme]

    @property
    def url(self) -> str:
        return triage_url(self.referral.reference)


def triage_url(reference: str) -> str:
    return reverse("reviews:triage", args=[reference])


def queue_rows(referrals, today: date) -> list[QueueRow]:
    """One row per referral on the page, from what the queue query already loaded."""
    rows = []
    for referral in referrals:
        triage = triage_of(referral)
        themes = list(triage.themes.all()) if triage else []
        rows.append(QueueRow(referral, next_open_clock(triage, today), themes))
    return rows
