"""Referral state changes (style.md 1-3): guard, lock, change, event row, outbox rows. Starting,
submitting and deleting a draft are here; withdrawal is in withdrawal/services.py."""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.services import email_enqueue

from .models import Criterion, ReferenceCounter, Referral, ReferralEvent, ReferralStatus, YesNo, YesNoUnknown

logger = logging.getLogger(__name__)

URGENT_CRITERIA = frozenset({Criterion.DEATH, Criterion.LAC_DEATH, Criterion.CARE_LEAVER_DEATH})


class ReferralStateError(Exception):
    """The referral's state does not allow this; the message says why, for the user."""


def referral_start(*, by: User) -> Referral:
    """A new draft, with the referrer's details filled in from their account."""
    referral = Referral.objects.create(
        created_by=by,
        referrer_name=by.full_name,
        referrer_job_title=by.job_title,
        referrer_agency=by.agency,
        referrer_email=by.email,
        referrer_phone=by.phone,
    )
    ReferralEvent.objects.create(
        referral=referral, action="referral.started", to_status=referral.status, actor=by
    )
    return referral


def _arrival_clock(referral: Referral) -> str:
    """'The Panel notification is overdue: due 1 December 2026, 2 working days overdue' for a
    referral that arrives with its clock due soon or overdue (dates only, no one named)."""
    from reviews.clocks import provisional_clock
    from reviews.models import ClockState

    clock = provisional_clock(referral)
    if clock is None or clock.state not in (ClockState.DUE_SOON, ClockState.OVERDUE):
        return ""
    state = "overdue" if clock.state == ClockState.OVERDUE else "due soon"
    return f"The Panel notification is {state} already: {clock.summary} (counted from the referrer's awareness date)."


def provisional_notification_due(referral: Referral):
    """The Panel notification's due date before triage: the referrer's agency's awareness date
    + 5 working days (reviews/clocks.py replaces it once the local authority's date is known)."""
    from cscp.calendar import add_working_days

    return add_working_days(referral.aware_date, 5) if referral.aware_date else None


def referral_submit(*, referral: Referral, by: User) -> Referral:
    """Submit a complete draft: allocate its reference, record who and when, and queue the
    acknowledgement to the referrer and the alert to the coordinators."""
    from .draft.steps import incomplete_steps

    with transaction.atomic():
        referral = locked(referral)
        guard_owner(referral, by)
        if referral.status != ReferralStatus.DRAFT:
            raise ReferralStateError("This referral has already been submitted.")
        missing = incomplete_steps(referral)
        if missing:
            raise ReferralStateError(
                "Complete every section before you submit: " + ", ".join(s.title for s in missing)
            )
        referral.submitted_at = timezone.now()
        referral.reference = next_reference(referral.submitted_at)
        referral.status = ReferralStatus.SUBMITTED
        referral.submitted_by = by
        reasons = urgent_reasons(referral)
        referral.is_urgent = bool(reasons)
        # The Panel notification's clock runs from now, provisionally from the referrer's
        # awareness date until triage records the local authority's.
        referral.next_due = provisional_notification_due(referral)
        referral.save(
            update_fields=[
                "reference", "status", "submitted_at", "submitted_by", "is_urgent", "next_due", "updated_at"
            ]
        )  # fmt: skip
        record_event(referral, "referral.submitted", ReferralStatus.DRAFT, by)
        _email_referrer(referral, "referrals-submitted")
        email_coordinators(
            referral, "referrals-new-alert", urgent_reasons=reasons, clock=_arrival_clock(referral)
        )
    logger.info("referral submitted referral_id=%s reference=%s", referral.pk, referral.reference)
    return referral


def referral_delete_draft(*, referral: Referral, by: User) -> None:
    with transaction.atomic():
        referral = locked(referral)
        guard_owner(referral, by)
        if referral.status != ReferralStatus.DRAFT:
            raise ReferralStateError("Only a draft can be deleted.")
        for document in referral.documents.all():
            transaction.on_commit(lambda f=document.file: f.delete(save=False), robust=True)
        referral.delete()


def is_urgent(referral: Referral) -> bool:
    """A death, immediate concerns for a child, or media interest (issue 3)."""
    return bool(urgent_reasons(referral))


def locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def guard_owner(referral: Referral, by: User) -> None:
    if referral.created_by_id != by.pk:
        raise ReferralStateError("Only the person who made this referral can do that.")


def next_reference(at) -> str:
    """SPR-<year>-<nnnn>: the next number of the year of `at` (local time), under a row lock so
    that concurrent submissions get distinct numbers. Called inside the submitting transaction."""
    year = timezone.localtime(at).year
    # Make sure the year's row exists without racing another submitter to create it.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SPR-{year}-{counter.last_number:04d}"


def record_event(referral, action, from_status, by, *, note="", to=None):
    ReferralEvent.objects.create(
        referral=referral,
        action=action,
        from_status=from_status,
        to_status=to or referral.status,
        actor=by,
        note=note,
    )


def _referral_url(referral: Referral) -> str:
    from django.conf import settings

    return settings.CSCP_SITE_URL + reverse("referrals:detail", args=[referral.reference])


def _email_referrer(referral: Referral, template: str) -> None:
    # References and links only: never a child's or family member's details (design.md §2).
    email_enqueue(
        to=referral.created_by.email,
        template=template,
        context={"reference": referral.reference, "url": _referral_url(referral)},
        recipient=referral.created_by,
    )


def email_coordinators(
    referral: Referral, template: str, *, urgent_reasons: list[str] = (), clock: str = ""
) -> None:
    """clock: the Panel notification's state in words when it is due soon or overdue already."""
    # Every active coordinator: the business unit shares one queue, nobody is "on duty" yet.
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct()
    context = {
        "reference": referral.reference,
        "url": _referral_url(referral),
        "urgent": bool(urgent_reasons),
        "urgent_reasons": list(urgent_reasons),
        "clock": clock,
    }
    for coordinator in coordinators:
        email_enqueue(to=coordinator.email, template=template, context=context, recipient=coordinator)


def urgent_reasons(referral: Referral) -> list[str]:
    """Why a referral is urgent, in words that carry no personal details."""
    reasons = []
    if (
        URGENT_CRITERIA.intersection(referral.criteria)
        or referral.children.filter(date_of_death__isnull=False).exists()
    ):
        reasons.append("it reports the death of a child")
    if referral.immediate_concerns == YesNo.YES:
        reasons.append("the referrer has immediate concerns for a child")
    if referral.media_interest == YesNoUnknown.YES:
        reasons.append("there is media interest")
    return reasons
