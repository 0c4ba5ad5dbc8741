"""Requests for information (issue 4, scope 5): the Review Group asks the referrer a question,
the referrer is emailed a reference and a link, answers once in their portal, and the member
who asked is told that the answer is in. Neither email carries the question or the answer:
either may name the child (design.md §2)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.notifications.services import email_enqueue
from referrals.models import Referral
from referrals.services import ReferralStateError

from ..models import InformationRequest
from ..transitions import OPEN_STATES
from .services import referral_changing, referral_noted


def information_request(
    *, referral: Referral, by: User, question: str, expected: str | None = None
) -> InformationRequest:
    """Ask the referrer for more information; they are emailed a reference and a link only."""
    if not question.strip():
        raise ReferralStateError("Enter the question for the referrer.")
    with referral_changing(referral, by, "triage.information_requested", OPEN_STATES, expected) as locked:
        request = InformationRequest.objects.create(referral=locked, question=question, asked_by=by)
        _email_referrer_information_requested(locked, request)
    return request


def information_answer(*, request: InformationRequest, by: User, answer: str) -> InformationRequest:
    """The referrer answers a request, once, while the referral is still open."""
    if not answer.strip():
        raise ReferralStateError("Enter your answer.")
    with transaction.atomic():
        locked = InformationRequest.objects.select_for_update().select_related("referral").get(pk=request.pk)
        referral = locked.referral
        if referral.created_by_id != by.pk:
            raise ReferralStateError("Only the person who made this referral can answer.")
        if locked.answered_at is not None:
            raise ReferralStateError("This question has already been answered.")
        if referral.status not in OPEN_STATES:
            raise ReferralStateError("This referral is no longer open, so the question cannot be answered.")
        locked.answer = answer
        locked.answered_by = by
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        referral_noted(referral, "referral.information_answered", by)
        _email_asker_information_answered(referral, locked)
    return locked


def _email_referrer_information_requested(referral: Referral, request: InformationRequest) -> None:
    # A reference and a link only: never the question (it may name the child) nor any
    # personal details (design.md §2).
    path = reverse("referrals:information_answer", args=[referral.reference, request.pk])
    email_enqueue(
        to=referral.created_by.email,
        template="reviews-information-requested",
        context={"reference": referral.reference, "url": settings.CSCP_SITE_URL + path},
        recipient=referral.created_by,
    )


def _email_asker_information_answered(referral: Referral, request: InformationRequest) -> None:
    # The member who asked hears that the answer is in; the answer itself stays in the service.
    asker = request.asked_by
    if not asker.is_active:
        return
    path = reverse("reviews:triage", args=[referral.reference])
    email_enqueue(
        to=asker.email,
        template="reviews-information-answered",
        context={"reference": referral.reference, "url": settings.CSCP_SITE_URL + path},
        recipient=asker,
    )
