"""Records with a statutory step, made directly with the dates a test of the timeliness figures
needs (the services would stamp today's), and a fixed "today" to count them on.

England's bank holidays the dates are worked across: Christmas Friday 25 December 2026, Boxing
Day's substitute Monday 28 December, New Year's Day Friday 1 January 2027, Good Friday 26 March
and Easter Monday 29 March 2027, the early May bank holiday Monday 3 May 2027."""

from datetime import date, timedelta

from reviews.models import RapidReview, Triage
from tests.factories import AgencyContributionFactory, ReferralFactory, ReviewCaseFactory

TODAY = date(2027, 5, 12)  # a Wednesday in the financial year 2027 to 2028


def notification(due: date, sent: date | None = None, *, status="screening", sin_required=True) -> Triage:
    """A triage with only its Panel notification's clock."""
    referral = ReferralFactory(status=status)
    return Triage.objects.create(referral=referral, sin_required=sin_required, sin_due=due, sin_sent_on=sent)


def rapid_review(due: date, sent: date | None = None, *, recorded=True, status="rapid_review") -> Triage:
    """A triage with only its rapid review's clock, and the rapid review record unless
    `recorded` is False (not started yet)."""
    triage = Triage.objects.create(
        referral=ReferralFactory(status=status), sin_required=True, rapid_review_due=due
    )
    if recorded:
        RapidReview.objects.create(
            triage=triage, started_on=due - timedelta(days=21), due=due, sent_to_panel_on=sent
        )
    return triage


def untriaged(due: date, status="submitted"):
    """A submitted referral no one has started triage on, its provisional notification due."""
    return ReferralFactory(status=status, next_due=due)


def final_report(
    planned: date, *, panel: date | None = None, sos: date | None = None, status="pre_publication"
):
    """A case planned for publication on `planned` (its 6-month target the same day)."""
    return ReviewCaseFactory(
        status=status,
        planned_publication_on=planned,
        target_publication_on=planned,
        final_report_sent_panel_on=panel,
        final_report_sent_sos_on=sos,
    )


def publication(target: date, published: date | None = None, *, status=None):
    """A case with its 6-month target on `target`, published on `published` if given."""
    status = status or ("published" if published else "in_progress")
    return ReviewCaseFactory(status=status, target_publication_on=target, published_on=published)


def contribution(due: date, received: date | None = None, *, case=None):
    # The case's own target is long after TODAY, so that only the contribution is counted.
    case = case or publication(date(2028, 1, 31))
    return AgencyContributionFactory(
        case=case, requested_on=due - timedelta(days=28), due_on=due, received_on=received
    )


def some_of_each(n: int) -> None:
    """n records of each kind, each with steps done on time, late and open past due, over two
    financial years."""
    for i in range(n):
        due = date(2026, 3, 2) + timedelta(days=60 * i)
        notification(due, due + timedelta(days=i % 3))
        rapid_review(due, None if i % 2 else due)
        untriaged(due)
        final_report(due + timedelta(days=14), panel=due, sos=due + timedelta(days=i))
        publication(due, due + timedelta(days=i) if i % 2 else None)
        contribution(due, due + timedelta(days=i % 4) if i % 3 else None)
