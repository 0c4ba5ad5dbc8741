"""Demo action plan for `manage.py seed_demo` (via reviews/cases/demo.py): a published review
in action monitoring with two recommendations and four actions: one overdue, one closed with
evidence, one carried forward with its reason, one on track.

Rows are created directly, with the event rows the services would have written. Idempotent: the
case is found by its title and left alone once it exists."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import Agency, User

from ..cases.clocks import add_months
from ..cases.services import next_review_reference
from ..cases.transitions import TRANSITIONS
from ..models import ActionItem, Rag, Recommendation, ReviewCase, ReviewCaseEvent, ReviewStatus, ReviewType

S = ReviewStatus
TITLE = "Demo: published review in action monitoring"

RECOMMENDATIONS = [
    ("The partnership should audit how strategy discussions share health information.", "partnership"),
    (
        "Children's social care should check that every child in need plan names a lead professional.",
        "agency",
    ),
]


def seed_action_plan(coordinator: User) -> bool:
    """Create the demo case in action monitoring, unless it exists. Returns whether it did."""
    if ReviewCase.objects.filter(title=TITLE).exists():
        return False
    agencies = list(Agency.objects.order_by("name")[:2])
    if not agencies:
        return False
    today = timezone.localdate()
    with transaction.atomic():
        case = _case(coordinator, today - timedelta(days=300))
        first, second = (
            Recommendation.objects.create(
                case=case, number=number, text=text, addressed_to=to, accepted=True,
                agency=agencies[-1] if to == "agency" else None,
            )
            for number, (text, to) in enumerate(RECOMMENDATIONS, start=1)
        )  # fmt: skip
        _actions(first, second, agencies, today)
    return True


def _case(coordinator: User, commissioned_on) -> ReviewCase:
    case = ReviewCase.objects.create(
        reference=next_review_reference(commissioned_on), review_type=ReviewType.SPR,
        status=S.ACTION_MONITORING, title=TITLE, commissioned_on=commissioned_on,
        target_publication_on=add_months(commissioned_on, 6), created_by=coordinator,
        published_on=commissioned_on + timedelta(days=170),  # within its 6 months
        terms_of_reference="Demo data: how agencies shared information before the incident.",
    )  # fmt: skip
    ReviewCaseEvent.objects.create(
        case=case, action=TRANSITIONS[(S.PUBLISHED, S.ACTION_MONITORING)], from_status=S.PUBLISHED,
        to_status=S.ACTION_MONITORING, actor=coordinator, note="Demo data: set directly.",
    )  # fmt: skip
    return case


def _actions(first, second, agencies, today) -> None:
    owner = agencies[0]
    ActionItem.objects.create(
        recommendation=first, action="Audit ten strategy discussions a quarter", owner_agency=owner,
        due_on=today - timedelta(days=20), rag=Rag.RED,
    )  # fmt: skip
    ActionItem.objects.create(
        recommendation=first, action="Add health to the strategy discussion template", owner_agency=owner,
        due_on=today - timedelta(days=60), state=ActionItem.State.CLOSED, closed_on=today - timedelta(days=70),
        evidence="Template changed in March; the audit found health present in 9 of 10 discussions.",
    )  # fmt: skip
    ActionItem.objects.create(
        recommendation=second, action="Train team managers on lead professional duties", owner_agency=owner,
        due_on=today - timedelta(days=10), state=ActionItem.State.CARRIED_FORWARD,
        carried_forward_reason="Taken into the partnership's new workforce development plan.",
    )  # fmt: skip
    ActionItem.objects.create(
        recommendation=second, action="Check every child in need plan at review", owner_agency=agencies[-1],
        due_on=today + timedelta(days=60), rag=Rag.AMBER,
    )  # fmt: skip
