"""Reads behind the triage queue, its CSV export and the triage page. Each is a fixed number of
queries however many referrals there are: on the queue the triage row and the agencies come
joined, the themes in one prefetch; on the triage page the triage record with its rapid review
and themes, the requests for information, the conflicts declared, the active themes and the
staff timeline each come in one query."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse

from referrals.models import Referral
from referrals.selectors import TimelineEntry, timeline_for_staff

from ..clocks import RUNNING_STATES, Clock, provisional_clock, triage_clocks
from ..lateness import triage_steps
from ..models import ClockState, ConflictOfInterest, InformationRequest, Theme, Triage
from .duplicates import duplicates
from .filters import STAFF_STATES, QueueFilter

# --- The queue -------------------------------------------------------------------------------


def queue_base() -> QuerySet[Referral]:
    """Every referral the queue's filter can show (never a draft), most urgent first, sorted in
    SQL: urgent ones, then by their earliest open clock (overdue first; no clock yet last), then
    the longest waiting. Unfiltered, the filter keeps the queue's own states (QueueFilter)."""
    return (
        Referral.objects.filter(status__in=STAFF_STATES)
        .select_related("triage", "triage__rapid_review", "referrer_agency")
        .prefetch_related(Prefetch("triage__themes", queryset=Theme.objects.order_by("name")))
        .order_by(
            F("is_urgent").desc(),
            F("next_due").asc(nulls_last=True),  # every clock from one place, triage or not
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
    "next_due",
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


def referral_clocks(referral: Referral, today: date) -> list[Clock]:
    """Every clock of the referral: triage's (from its joined triage row), or before triage
    the provisional Panel notification."""
    triage = triage_of(referral)
    if triage is None:
        clock = provisional_clock(referral, today)
        return [clock] if clock is not None else []
    return triage_clocks(triage, today)


def next_open_clock(triage: Triage | None, today: date, referral: Referral | None = None) -> Clock | None:
    """The earliest clock still running (the one `next_due` sorts by), or None. Before triage,
    the provisional Panel notification of the referral."""
    if triage is None:
        return provisional_clock(referral, today) if referral is not None else None
    if triage.next_due is None:
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
        rows.append(QueueRow(referral, next_open_clock(triage, today, referral), themes))
    return rows


# --- The triage page -------------------------------------------------------------------------


# The triage events in words (the generic timeline shows other events by their status).
EVENT_TITLES = {
    "triage.started": "Triage started",
    "triage.sin_recorded": "Serious incident notification recorded",
    "triage.rapid_review_started": "Rapid review started",
    "triage.rapid_review_saved": "Rapid review record saved",
    "triage.rapid_review_completed": "Rapid review sent to the Panel",
    "triage.ready_for_decision": "Ready for a decision (below the threshold for a notification)",
    "triage.withdrawn": "Withdrawn by a coordinator",
    "triage.merged": "Merged into another referral",
    "triage.merged_in": "Another referral was merged into this one",
    "triage.themes_tagged": "Themes changed",
    "triage.conflict_declared": "Conflict of interest declared",
    "triage.information_requested": "The referrer was asked for more information",
    "referral.information_answered": "The referrer answered a request for information",
    "triage.late_reason.notification": "Reason recorded: Panel notification late",
    "triage.late_reason.rapid_review": "Reason recorded: rapid review sent late",
    "triage.related": "Related to another referral about the same child",
    "triage.duplicate_dismissed": "Likely duplicate looked at: not the same child",
}


def triage_for(referral: Referral) -> Triage | None:
    triage = (
        Triage.objects.select_related("rapid_review")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .filter(referral=referral)
        .first()
    )
    if triage is not None:
        triage.referral = referral
    return triage


def triage_timeline(referral: Referral) -> list[TimelineEntry]:
    """The staff timeline (from the prefetched events) with triage events named in words."""
    return [
        TimelineEntry(entry.at, EVENT_TITLES[event.action], entry.note, entry.who)
        if event.action in EVENT_TITLES
        else entry
        for entry, event in zip(timeline_for_staff(referral), referral.events.all(), strict=True)
    ]


def _clocks(referral: Referral, triage: Triage | None) -> list:
    if triage is None:
        return _clocks_before_triage(referral)
    clocks = triage_clocks(triage)
    if referral.status in RUNNING_STATES:
        return clocks
    # A decided, withdrawn or merged referral's unfinished clocks no longer run: only what
    # was done is shown, never a red "overdue" that nobody needs to act on.
    return [clock for clock in clocks if clock.state == ClockState.DONE]


def _clocks_before_triage(referral: Referral) -> list:
    """Before triage starts, the provisional notification clock (Referral.next_due, from the
    referrer's awareness date): the 5 working days run from awareness, not from when the Review
    Group starts to look."""
    clock = provisional_clock(referral)
    return [clock] if clock else []


def _late_steps(triage: Triage | None) -> list:
    """The triage's steps done late, each with its reason or a link to record it."""
    if triage is None:
        return []
    steps = triage_steps(triage, getattr(triage, "rapid_review", None))
    return [step for step in steps.values() if step.is_late]


def triage_page(referral: Referral, user) -> dict:
    """Everything the triage page shows besides the referral itself (loaded in full by
    referrals.selectors.referral_for_viewer)."""
    triage = triage_for(referral)
    conflicts = list(ConflictOfInterest.objects.filter(referral=referral).select_related("member"))
    return {
        "triage": triage,
        "clocks": _clocks(referral, triage),
        "clocks_stopped": referral.status not in RUNNING_STATES,
        "rapid_review": getattr(triage, "rapid_review", None) if triage else None,
        "late_steps": _late_steps(triage),
        "information_requests": list(
            InformationRequest.objects.filter(referral=referral).select_related("asked_by", "answered_by")
        ),
        "conflicts": conflicts,
        "has_declared_conflict": any(conflict.member_id == user.pk for conflict in conflicts),
        "active_themes": list(Theme.objects.filter(is_active=True)),
        "timeline": triage_timeline(referral),
        "duplicates": duplicates(referral),
    }
