"""Opening a review case (domain.md §7.2): the decision that calls for a review opens it in its
own transaction, so a case never exists without the decision behind it."""

import calendar
from collections.abc import Iterable
from datetime import date

from cscp.accounts.models import User
from referrals.models import Referral

from .models import ReviewCase, ReviewReferenceCounter, ReviewStatus, Theme

# Working Together: complete and publish within 6 months of the decision (a SHOULD, §2 step M).
TARGET_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter
    (31 August + 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_reference(on: date) -> str:
    """REV-<year>-<nnn>: the next number of the year of `on`, under a row lock so that two
    decisions recorded at once get distinct numbers. Call it inside the deciding transaction."""
    # Make sure the year's row exists without racing another decision to create it.
    ReviewReferenceCounter.objects.bulk_create([ReviewReferenceCounter(year=on.year)], ignore_conflicts=True)
    counter = ReviewReferenceCounter.objects.select_for_update().get(year=on.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"REV-{on.year}-{counter.last_number:03d}"


def review_case_open(
    *,
    referral: Referral,
    review_type: str,
    commissioned_on: date,
    by: User,
    themes: Iterable[Theme] = (),
) -> ReviewCase:
    """A commissioned review case for `referral`, due for publication six months after the
    decision. The caller holds the transaction (decision_record)."""
    case = ReviewCase.objects.create(
        reference=next_review_reference(commissioned_on),
        review_type=review_type,
        status=ReviewStatus.COMMISSIONED,
        commissioned_on=commissioned_on,
        target_publication_on=add_months(commissioned_on, TARGET_MONTHS),
        created_by=by,
    )
    case.referrals.add(referral)
    if themes:
        case.themes.set(themes)
    return case
