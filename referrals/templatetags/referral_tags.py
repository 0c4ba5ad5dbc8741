"""Formatting for the referral pages: the status tag and the labels of multi-choice answers."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from referrals.models import Criterion, ParallelProcess, ReferralStatus
from reviews.models import DecisionOutcome

register = template.Library()

# One GOV.UK tag colour per status, so a status looks the same on every page; neighbouring
# statuses get colours far apart (blue and light blue are hard to tell apart).
STATUS_COLOURS = {
    ReferralStatus.DRAFT: "govuk-tag--grey",
    ReferralStatus.SUBMITTED: "govuk-tag--blue",
    ReferralStatus.SCREENING: "govuk-tag--turquoise",
    ReferralStatus.RAPID_REVIEW: "govuk-tag--purple",
    ReferralStatus.AWAITING_DECISION: "govuk-tag--yellow",
    ReferralStatus.DECIDED: "govuk-tag--green",
    ReferralStatus.CLOSED: "govuk-tag--grey",
    ReferralStatus.WITHDRAWN: "govuk-tag--orange",
    ReferralStatus.MERGED: "govuk-tag--pink",
}


# What each status means, in the referrer's words.
STATUS_EXPLANATIONS = {
    ReferralStatus.DRAFT: "You have not submitted this referral yet.",
    ReferralStatus.SUBMITTED: (
        "The Review Group has not started to look at your referral yet. You can still withdraw it."
    ),
    ReferralStatus.SCREENING: (
        "The Review Group is looking at your referral. It may ask you, or other agencies involved, "
        "for more information."
    ),
    ReferralStatus.RAPID_REVIEW: (
        "The safeguarding partners are carrying out a rapid review: gathering the facts from the "
        "agencies involved to decide whether a review is needed."
    ),
    ReferralStatus.AWAITING_DECISION: "The Review Group will decide whether a review is needed.",
    ReferralStatus.DECIDED: "The Review Group has made its decision. The outcome is shown on this page.",
    ReferralStatus.CLOSED: "The partnership has finished its work on this referral.",
    ReferralStatus.WITHDRAWN: "This referral was withdrawn. The Review Group will not consider it.",
    ReferralStatus.MERGED: (
        "This referral was joined with another referral about the same case, and the Review Group "
        "considers them together."
    ),
}


# What the Review Group's decision means for the referrer (issue 17 §4), once decided and after
# the referral closes alike: closing is the partnership's own bookkeeping (the family and the
# Panel told), never "nothing more will happen" when a review was opened. Never the rationale.
FOLLOW_UP = "The partnership will contact you if it needs more from you."
OUTCOME_EXPLANATIONS = {
    DecisionOutcome.SPR: f"A full Safeguarding Practice Review is being carried out. {FOLLOW_UP}",
    DecisionOutcome.LEARNING_REVIEW: f"A learning review is being carried out. {FOLLOW_UP}",
    DecisionOutcome.NEAR_MISS_INQUIRY: f"A near-miss inquiry is being carried out. {FOLLOW_UP}",
    DecisionOutcome.LINKED_TO_REVIEW: (
        f"Your referral is being considered as part of a review that was already being carried out. {FOLLOW_UP}"
    ),
    DecisionOutcome.REFERRED_ELSEWHERE: (
        f"The Review Group passed the case to another process rather than carry out a review. {FOLLOW_UP}"
    ),
    DecisionOutcome.NO_REVIEW: (
        "The Review Group decided that no review will be carried out. Nothing more will happen on this referral."
    ),
}
# The referrer's tag once decided, by outcome: "Closed" alone reads as "nothing happened".
OUTCOME_TAGS = {
    DecisionOutcome.SPR: ("Review under way", "govuk-tag--green"),
    DecisionOutcome.LEARNING_REVIEW: ("Review under way", "govuk-tag--green"),
    DecisionOutcome.NEAR_MISS_INQUIRY: ("Review under way", "govuk-tag--green"),
    DecisionOutcome.LINKED_TO_REVIEW: ("Part of a review", "govuk-tag--green"),
    DecisionOutcome.REFERRED_ELSEWHERE: ("Referred elsewhere", "govuk-tag--turquoise"),
    DecisionOutcome.NO_REVIEW: ("No review", "govuk-tag--grey"),
}
DECIDED_STATES = (ReferralStatus.DECIDED, ReferralStatus.CLOSED)
FINISHED_STATES = (*DECIDED_STATES, ReferralStatus.WITHDRAWN, ReferralStatus.MERGED)


def _decided(status: str, outcome: str | None) -> bool:
    return status in DECIDED_STATES and outcome in OUTCOME_TAGS


@register.simple_tag
def referrer_meaning(status: str, outcome: str | None = None) -> str:
    """What the referral's state (and, once decided, its outcome) means for its referrer."""
    if _decided(status, outcome):
        return OUTCOME_EXPLANATIONS[outcome]
    return STATUS_EXPLANATIONS.get(status, "")


@register.simple_tag
def referrer_status_tag(status: str, outcome: str | None = None):
    """The status tag as the referrer sees it: once decided, what was decided."""
    if _decided(status, outcome):
        label, colour = OUTCOME_TAGS[outcome]
        return format_html('<strong class="govuk-tag {}">{}</strong>', colour, label)
    return status_tag(status)


@register.filter
def is_finished(status: str) -> bool:
    return status in FINISHED_STATES


@register.simple_tag
def draft_url(referral) -> str:
    # Reopens the draft at its first unfinished page.
    return reverse("referrals:draft", args=[referral.public_id])


@register.filter
def govuk_datetime(value) -> str:
    """3 March 2026 at 2:05pm, in the service's time zone (GOV.UK style)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, 'j F Y')} at {date_format(local, 'g:i')}{date_format(local, 'A').lower()}"


# Tags are short: the long label wraps in a table cell.
TAG_LABELS = {ReferralStatus.MERGED: "Merged"}


@register.simple_tag
def status_tag(status: str):
    """<strong class="govuk-tag ...">Label</strong> for a ReferralStatus value."""
    try:
        status = ReferralStatus(status)
    except ValueError:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', status)
    label = TAG_LABELS.get(status, status.label)
    return format_html('<strong class="govuk-tag {}">{}</strong>', STATUS_COLOURS[status], label)


@register.filter
def criteria_labels(values) -> list[str]:
    return _labels(Criterion, values)


@register.filter
def parallel_process_labels(values) -> list[str]:
    return _labels(ParallelProcess, values)


def _labels(choices, values) -> list[str]:
    # Values from JSON: an unknown one (an option since retired) is shown as stored, not lost.
    labels = dict(choices.choices)
    return [labels.get(value, value) for value in values or []]
