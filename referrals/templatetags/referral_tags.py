"""Formatting for the referral pages: the status tag and the labels of multi-choice answers."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from referrals.models import Criterion, ParallelProcess, ReferralStatus

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
    ReferralStatus.CLOSED: "Nothing more will happen on this referral.",
    ReferralStatus.WITHDRAWN: "This referral was withdrawn. The Review Group will not consider it.",
    ReferralStatus.MERGED: (
        "This referral was joined with another referral about the same case, and the Review Group "
        "considers them together."
    ),
}


@register.simple_tag
def draft_url(referral) -> str:
    # Reopens the draft at its first unfinished page.
    return reverse("referrals:draft", args=[referral.public_id])


@register.filter
def status_explanation(status: str) -> str:
    return STATUS_EXPLANATIONS.get(status, "")


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
