"""The case page's rows for who took part in a review (cases/selectors.py case_page_rows)."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from cscp.accounts.models import Agency

from ...lateness import contribution_step
from ...models import ReviewCase
from .contributions import contribution_clock
from .services import involvement_editable


def page_rows(case: ReviewCase, today: date | None = None) -> dict:
    """The case page's rows for this section in four queries, however many there are. Each
    contribution carries its `clock` and its `step` (lateness.py: how late it came, and why)."""
    today = today or timezone.localdate()
    contributions = list(case.contributions.select_related("agency", "document"))
    for contribution in contributions:
        contribution.clock = contribution_clock(contribution, today)
        contribution.step = contribution_step(contribution)
    events = case.practitioner_events.prefetch_related(Prefetch("agencies", Agency.objects.order_by("name")))
    return {
        "contributions": contributions,
        "practitioner_events": list(events),
        "family_engagements": list(case.family_engagements.all()),
        "involvement_editable": involvement_editable(case),
    }
