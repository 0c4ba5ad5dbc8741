"""Recording the Review Group's decision (domain.md §4, issue 4 scope 7): one service, one
transaction. The referral moves to decided through referral_move (the locked row, the
transition table and a stale form refused), and with it the decision row, the review case a
review calls for, the referrer's email and the record that the referrer was told."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.services import email_enqueue
from referrals.models import Referral, ReferralStatus
from referrals.services import ReferralStateError

from ..cases.services import review_case_open
from ..models import (
    OUTCOME_REVIEW_TYPES,
    Communication,
    ConflictOfInterest,
    Decision,
    DecisionOutcome,
    ReviewCase,
    Theme,
)
from ..transitions import referral_move
from . import identifying

# Regulation 11 of SI 2018/789: what the partners must take into account (domain.md §1.12).
REG11_CRITERIA = {
    "improvements": "(a) It highlights or may highlight improvements needed",
    "recurrent_themes": "(b) It highlights or may highlight recurrent themes",
    "agencies_working_together": "(c) It raises concerns about two or more agencies working together",
    "panel_suggested": "(d) The Panel considered it and concluded a local review may be more appropriate",
}

DECIDERS = (Role.MEMBER, Role.COORDINATOR)

CLOSED_TO_DECISION = {
    ReferralStatus.WITHDRAWN: "This referral has been withdrawn, so no decision can be recorded on it.",
    ReferralStatus.MERGED: "This referral was merged into another, so no decision can be recorded on it.",
    ReferralStatus.DECIDED: "A decision has already been recorded on this referral.",
    ReferralStatus.CLOSED: "A decision has already been recorded on this referral and it is closed.",
}
IDENTIFIES = (
    "The message to the referrer identifies the child or family. Go back to the form to see "
    "what was found, and remove it."
)
CONFLICT = (
    "You declared a conflict of interest on this referral, so you cannot record its decision. "
    "Ask another member or a coordinator to record it."
)


@dataclass(frozen=True)
class OutcomeForReferrer:
    """What the referrer sees of a decision: the outcome and the message written for them.
    Never the rationale."""

    label: str
    message: str
    outcome: str = ""  # its DecisionOutcome value, for what it means to the referrer


def outcome_for_referrer(referral: Referral) -> OutcomeForReferrer | None:
    """The referrer's view of the decision, once one is recorded (None before)."""
    if referral.status not in (ReferralStatus.DECIDED, ReferralStatus.CLOSED):
        return None
    decision = Decision.objects.filter(referral=referral).only("outcome", "message_to_referrer").first()
    if decision is None:
        return None
    return OutcomeForReferrer(
        DecisionOutcome(decision.outcome).label, decision.message_to_referrer, decision.outcome
    )


def has_conflict(referral: Referral, user: User) -> bool:
    return ConflictOfInterest.objects.filter(referral=referral, member=user).exists()


def decision_record(
    *,
    referral: Referral,
    by: User,
    expected: str | None,
    outcome: str,
    rationale: str,
    message_to_referrer: str,
    criteria_assessment: dict,
    similar_referrals: Iterable[Referral] = (),
    similar_reviews: Iterable[ReviewCase] = (),
    decided_on: date,
    members_present: Iterable[User] = (),
    la_agreed_by: str,
    icb_agreed_by: str,
    police_agreed_by: str,
    dissent: str = "",
    referred_to: str = "",
    linked_review: ReviewCase | None = None,
) -> Decision:
    """Record the decision on a referral awaiting it, or raise ReferralStateError and change
    nothing. `expected` is the status the user's form was made for (a stale form is refused)."""
    _check_answers(
        outcome=outcome,
        rationale=rationale,
        message_to_referrer=message_to_referrer,
        referred_to=referred_to,
        linked_review=linked_review,
        partners=(la_agreed_by, icb_agreed_by, police_agreed_by),
        decided_on=decided_on,
    )
    if identifying.what_identifies(referral, message_to_referrer):
        # Not what was found: this message may be kept in the session or logged.
        raise ReferralStateError(IDENTIFIES)
    _check_state(referral, expected)
    members_present = list(members_present)
    if any(not member.has_role(*DECIDERS) for member in members_present):
        raise ReferralStateError("Only Review Group members and coordinators can be recorded as present.")
    fields = {
        "outcome": outcome,
        "referred_to": referred_to.strip() if outcome == DecisionOutcome.REFERRED_ELSEWHERE else "",
        "linked_review": linked_review if outcome == DecisionOutcome.LINKED_TO_REVIEW else None,
        "rationale": rationale.strip(),
        "message_to_referrer": message_to_referrer.strip(),
        "criteria_assessment": _assessment(criteria_assessment),
        "decided_on": decided_on,
        "la_agreed_by": la_agreed_by.strip(),
        "icb_agreed_by": icb_agreed_by.strip(),
        "police_agreed_by": police_agreed_by.strip(),
        "dissent": dissent.strip(),
        "recorded_by": by,
    }
    made: list[Decision] = []

    def guard(locked: Referral) -> None:
        if has_conflict(locked, by):
            raise ReferralStateError(CONFLICT)
        if locked.submitted_at and decided_on < timezone.localdate(locked.submitted_at):
            raise ReferralStateError(
                "The date of the decision must be on or after the date the referral was submitted."
            )

    def change(locked: Referral) -> None:
        made.append(_create(locked, fields, similar_referrals, similar_reviews, members_present))

    referral_move(
        referral=referral,
        to=ReferralStatus.DECIDED,
        by=by,
        expected=expected,
        note=f"Outcome: {DecisionOutcome(outcome).label}",
        guard=guard,
        change=change,
    )
    return made[0]


def _check_answers(
    *, outcome, rationale, message_to_referrer, referred_to, linked_review, partners, decided_on
):
    """The answers a decision cannot be recorded without (the form checks them too; the
    service does not trust it)."""
    if outcome not in DecisionOutcome.values:
        raise ReferralStateError("Choose an outcome from the list.")
    if not (rationale or "").strip():
        raise ReferralStateError("Enter the rationale for the decision.")
    if not (message_to_referrer or "").strip():
        raise ReferralStateError("Enter the message to the referrer.")
    if outcome == DecisionOutcome.REFERRED_ELSEWHERE and not (referred_to or "").strip():
        raise ReferralStateError("Enter which process the referral was referred to.")
    if outcome == DecisionOutcome.LINKED_TO_REVIEW and linked_review is None:
        raise ReferralStateError("Choose the review this referral is linked to.")
    missing = [name for name, agreed in zip(PARTNERS, partners, strict=True) if not (agreed or "").strip()]
    if missing:
        raise ReferralStateError(
            "A decision needs the agreement of all three safeguarding partners. Missing: "
            + ", ".join(missing)
            + "."
        )
    if decided_on is None:
        raise ReferralStateError("Enter the date of the decision.")
    if decided_on > timezone.localdate():
        raise ReferralStateError("The date of the decision must be today or in the past.")


PARTNERS = ("the local authority", "the integrated care board", "the police")


def _check_state(referral: Referral, expected: str | None) -> None:
    """A clear word for the states that can never be decided. The locked row in referral_move
    is what counts; this only explains the common cases better than its generic message."""
    status = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
    if expected is not None and status != expected:
        return  # referral_move reports a stale form in its own words
    if status in CLOSED_TO_DECISION:
        raise ReferralStateError(CLOSED_TO_DECISION[status])


def _assessment(criteria_assessment: dict) -> dict:
    met = [key for key in REG11_CRITERIA if key in set((criteria_assessment or {}).get("met", []))]
    return {"met": met, "notes": str((criteria_assessment or {}).get("notes", "")).strip()}


def _create(referral, fields, similar_referrals, similar_reviews, members_present) -> Decision:
    decision = Decision.objects.create(referral=referral, **fields)
    decision.similar_referrals.set(similar_referrals)
    decision.similar_reviews.set(similar_reviews)
    decision.members_present.set(members_present)
    if fields["outcome"] in OUTCOME_REVIEW_TYPES:
        decision.review_case = review_case_open(
            referral=referral,
            review_type=OUTCOME_REVIEW_TYPES[fields["outcome"]],
            commissioned_on=fields["decided_on"],
            by=fields["recorded_by"],
            themes=Theme.objects.filter(triages__referral=referral),
        )
        decision.save(update_fields=["review_case"])
    elif fields["linked_review"] is not None:
        fields["linked_review"].referrals.add(referral)
    _tell_referrer(referral, fields["recorded_by"])
    return decision


def _tell_referrer(referral: Referral, by: User) -> None:
    """Queue the referrer's email (a reference and a link: the outcome itself waits behind
    sign-in) and record that they were told, so the coordinator need not."""
    url = settings.CSCP_SITE_URL + reverse("referrals:detail", args=[referral.reference])
    email_enqueue(
        to=referral.created_by.email,
        template="reviews-decision-made",
        context={"reference": referral.reference, "url": url},
        recipient=referral.created_by,
    )
    Communication.objects.create(
        referral=referral,
        recipient=Communication.Recipient.REFERRER,
        channel=Communication.Channel.PORTAL,
        sent_on=timezone.localdate(),
        summary="The outcome and the message to the referrer are shown on their referral; "
        "an email told them a decision had been made.",
        recorded_by=by,
    )
