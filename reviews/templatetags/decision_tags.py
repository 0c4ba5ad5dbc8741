"""The decision panel of the triage page: the similar referrals and reviews, then the decision
(or the way to record it). An inclusion tag, so the triage view need not know what it needs."""

from django import template

from reviews.decision.services import has_conflict
from reviews.decision.similar import similar_to
from reviews.models import Decision

register = template.Library()

# The triage page shows the closest few; the decision form offers the full list.
PANEL_SIMILAR = 5


@register.inclusion_tag("reviews/decision/_panel.html", takes_context=True)
def decision_panel(context, referral):
    user = context["request"].user
    decision = (
        Decision.objects.filter(referral=referral)
        .select_related("review_case", "linked_review", "recorded_by")
        .prefetch_related("members_present")
        .first()
    )
    return {
        "referral": referral,
        "decision": decision,
        "similar": similar_to(referral, limit=PANEL_SIMILAR) if decision is None else [],
        "conflict": has_conflict(referral, user),
        "may_decide": referral.status == "awaiting_decision",
    }
