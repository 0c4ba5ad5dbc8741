"""Reminders to coordinators when a statutory clock becomes due soon (2 working days or fewer)
or overdue (issue 4 §9): once per change of a clock's state, never daily.

Triage.reminders_sent remembers the state each clock was last reminded in, e.g.
{"sin": "due_soon"}. A reminder goes when a clock is due soon or overdue and that is not the
state remembered; a clock back on track (its date moved) is forgotten, so it reminds again if
it comes due. A done clock never reminds. Each triage is locked while it is checked and its
emails are queued in the same transaction, so two runs at once send each reminder once.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.calendar import add_working_days
from cscp.notifications.services import email_enqueue
from referrals.models import Referral

from ..clocks import DUE_SOON_WORKING_DAYS, RUNNING_STATES, Clock, provisional_clock, triage_clocks
from ..models import ClockState, Triage
from .selectors import triage_url

# The key each clock is remembered by in Triage.reminders_sent.
CLOCK_KEYS = {"Panel notification": "sin", "Rapid review": "rapid_review"}  # provisional: "sin" too
REMINDED_STATES = (ClockState.DUE_SOON, ClockState.OVERDUE)
TEMPLATES = {ClockState.DUE_SOON: "reviews-reminder-due-soon", ClockState.OVERDUE: "reviews-reminder-overdue"}


def clock_reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due now. Returns how many clocks were reminded about."""
    today = today or timezone.localdate()
    coordinators = list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct())
    sent = sum(_remind(pk, today, coordinators) for pk in _candidate_ids(today))
    return sent + sum(_remind_untriaged(pk, today, coordinators) for pk in _untriaged_candidate_ids(today))


def _candidate_ids(today: date) -> list[int]:
    """Triages whose referral's earliest open clock (Referral.next_due, where every clock is
    read from) is due by the horizon, or with reminders remembered (to forget them when the
    clock is done or back on track)."""
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = Q(referral__status__in=RUNNING_STATES, referral__next_due__lte=horizon)
    return list(Triage.objects.filter(due | ~Q(reminders_sent={})).values_list("pk", flat=True))


def _untriaged_candidate_ids(today: date) -> list[int]:
    """Referrals no one has started triage on whose provisional Panel notification is due by
    the horizon, or with a reminder remembered."""
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    untriaged = Referral.objects.filter(triage__isnull=True)
    due = Q(status__in=RUNNING_STATES, next_due__lte=horizon)
    return list(untriaged.filter(due | ~Q(clock_reminders_sent={})).values_list("pk", flat=True))


def _remind_untriaged(referral_id: int, today: date, coordinators: list[User]) -> int:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if Triage.objects.filter(referral_id=referral_id).exists():
            return 0  # triage started meanwhile: its own reminders take over
        clock = provisional_clock(referral, today)
        states = {"sin": clock} if clock is not None else {}
        updated, sent = _send_changes(referral, states, referral.clock_reminders_sent, coordinators)
        if updated != (referral.clock_reminders_sent or {}):
            referral.clock_reminders_sent = updated
            referral.save(update_fields=["clock_reminders_sent", "updated_at"])
    return sent


def _remind(triage_id: int, today: date, coordinators: list[User]) -> int:
    with transaction.atomic():
        triage = Triage.objects.select_for_update(of=("self",)).select_related("referral").get(pk=triage_id)
        clocks = triage_clocks(triage, today) if triage.referral.status in RUNNING_STATES else []
        states = {CLOCK_KEYS[clock.name]: clock for clock in clocks if clock.name in CLOCK_KEYS}
        updated, sent = _send_changes(triage.referral, states, triage.reminders_sent, coordinators)
        if updated != (triage.reminders_sent or {}):
            triage.reminders_sent = updated
            triage.save(update_fields=["reminders_sent", "updated_at"])
    return sent


def _send_changes(referral: Referral, states: dict, remembered, coordinators: list[User]) -> tuple[dict, int]:
    """Email each clock whose reminded state (due soon, overdue) is not the one remembered;
    returns what to remember now and how many clocks were emailed about."""
    remembered = dict(remembered or {})
    updated, sent = {}, 0
    for key, clock in states.items():
        if clock.state not in REMINDED_STATES:
            continue  # done or on track: nothing to say, and nothing to remember
        updated[key] = ClockState(clock.state).value
        if remembered.get(key) != updated[key]:
            _email(referral, clock, coordinators)
            sent += 1
    return updated, sent


def _email(referral: Referral, clock: Clock, coordinators: list[User]) -> None:
    # Reference, link, which clock and its date only: never anything about the child.
    reference = referral.reference
    context = {
        "reference": reference,
        "url": settings.CSCP_SITE_URL + triage_url(reference),
        "clock": clock.name,
        "due": clock.due,
        "summary": clock.summary,
    }
    for coordinator in coordinators:
        email_enqueue(
            to=coordinator.email, template=TEMPLATES[clock.state], context=context, recipient=coordinator
        )
