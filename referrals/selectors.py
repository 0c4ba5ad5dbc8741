"""Reads behind the referral pages: who may see which referral, and what each of them sees."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.http import Http404

from cscp.accounts.roles import Role

from .models import Referral, ReferralEvent, ReferralStatus

# Staff who may open any submitted referral. Reviewers see only the referrals linked to a
# review case they are appointed to (design.md §3), so they are not here.
REFERRAL_STAFF_ROLES = (Role.MEMBER, Role.COORDINATOR)


def referrals_for_owner(user):
    """The referrer's own referrals for My referrals: drafts first (most recently saved first),
    then submitted ones, newest first. Only the columns the list shows."""
    draft_first = Case(
        When(status=ReferralStatus.DRAFT, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Referral.objects.owned_by(user)
        .only(
            "public_id",
            "reference",
            "status",
            "created_at",
            "updated_at",
            "submitted_at",
            "withdrawal_requested_at",
        )
        # What was decided, joined (the referrer's list says what it means for them): no query
        # per row. Only the outcome: never the rationale.
        .annotate(outcome=F("decision__outcome"))
        .order_by(draft_first, F("submitted_at").desc(nulls_last=True), "-updated_at", "-id")
    )


def may_see_any_referral(user) -> bool:
    return user.has_role(*REFERRAL_STAFF_ROLES)


def referral_for_viewer(user, reference: str, *, full: bool = False) -> Referral:
    """The submitted referral with this reference, if `user` may see it: its referrer, a member
    or coordinator, or a reviewer appointed to a review case it is linked to. Anyone else gets
    the same 404 as for a reference that does not exist, so a changed URL reveals nothing.
    Drafts have no reference and never match.

    With `full`, everything the detail page shows comes in a fixed number of queries."""
    referrals = Referral.objects.submitted().select_related("referrer_agency", "created_by")
    if not may_see_any_referral(user):
        visible = Q(created_by=user)
        if user.has_role(Role.REVIEWER):
            visible |= Q(pk__in=_linked_to_appointed_cases(user))
        referrals = referrals.filter(visible)
    if full:
        referrals = referrals.prefetch_related(
            "children",
            "family_members",
            Prefetch("agencies_involved", queryset=_agencies()),
            "documents",
            Prefetch("events", queryset=ReferralEvent.objects.select_related("actor")),
        )
    referral = referrals.filter(reference=reference).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def _linked_to_appointed_cases(user):
    """The ids of the referrals linked to a review case `user` is appointed to now."""
    from reviews.models import ReviewerAppointment

    cases = ReviewerAppointment.objects.filter(reviewer=user, ended_on__isnull=True).values("case_id")
    return Referral.review_cases.through.objects.filter(reviewcase_id__in=cases).values("referral_id")


def owned_referral(user, reference: str) -> Referral:
    """The submitted referral with this reference if `user` made it; otherwise 404, staff too:
    only the referrer withdraws or sees the confirmation page."""
    referral = Referral.objects.submitted().owned_by(user).filter(reference=reference).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def _agencies():
    from .models import AgencyInvolved

    return AgencyInvolved.objects.select_related("agency")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str
    note: str = ""
    who: str = ""


# What each recorded action means to the referrer. Status changes made by the Review Group
# are shown by their new status; their notes are internal and never shown to the referrer.
REFERRER_EVENT_TITLES = {
    "referral.started": "You started the referral",
    "referral.submitted": "You submitted the referral",
    "referral.withdrawn": "You withdrew the referral",
    "referral.withdrawal_requested": "You asked the coordinators to withdraw the referral",
}
STATUS_TITLES = {
    ReferralStatus.SCREENING: "The Review Group started to look at the referral",
    ReferralStatus.RAPID_REVIEW: "A rapid review started",
    ReferralStatus.AWAITING_DECISION: "The referral is waiting for the Review Group's decision",
    ReferralStatus.DECIDED: "The Review Group made its decision",
    ReferralStatus.CLOSED: "The referral was closed",
    ReferralStatus.WITHDRAWN: "The referral was withdrawn",
    ReferralStatus.MERGED: "The referral was merged with another referral about the same case",
}
STAFF_EVENT_TITLES = {
    "referral.started": "Draft started",
    "referral.submitted": "Submitted",
    "referral.withdrawn": "Withdrawn by the referrer",
    "referral.withdrawal_requested": "The referrer asked for it to be withdrawn",
}


def timeline_for_referrer(referral: Referral) -> list[TimelineEntry]:
    """The events meant for the referrer, oldest first, from the prefetched events: their own
    actions (with the reason they gave) and each change of status. Nothing internal."""
    entries = []
    for event in referral.events.all():
        own = event.actor_id == referral.created_by_id
        if own and event.action in REFERRER_EVENT_TITLES:
            entries.append(TimelineEntry(event.at, REFERRER_EVENT_TITLES[event.action], event.note))
        elif not own and event.to_status != event.from_status and event.to_status in STATUS_TITLES:
            entries.append(TimelineEntry(event.at, STATUS_TITLES[event.to_status]))
    return entries


def timeline_for_staff(referral: Referral) -> list[TimelineEntry]:
    """Every event, with who did it and their note."""
    return [
        TimelineEntry(event.at, _staff_title(event), event.note, event.actor.full_name if event.actor else "")
        for event in referral.events.all()
    ]


def _staff_title(event: ReferralEvent) -> str:
    if event.action in STAFF_EVENT_TITLES:
        return STAFF_EVENT_TITLES[event.action]
    if event.to_status and event.to_status != event.from_status:
        return f"Status changed to {ReferralStatus(event.to_status).label.lower()}"
    return event.action.removeprefix("referral.").replace("_", " ").capitalize()
