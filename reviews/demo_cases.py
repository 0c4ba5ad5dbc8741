"""Demo review case tracking for `manage.py seed_demo` (via reviews/demo.py seed_triage): the
two demo reviewers appointed to different cases, terms of reference, progress checks, cases at
several stages, one slipping (amber) and one rated red at its last progress check, with the late
agency chronologies their notes speak of; one case is
left commissioned with no reviewer, for a coordinator to take through its first stages.

Rows are created directly, with the event rows the services would have written. Idempotent: a
case that already has a reviewer is left alone."""

from datetime import date, timedelta

from django.utils import timezone

from cscp.accounts.models import Agency, User
from referrals.models import Referral

from .case_clocks import review_case_refresh
from .case_transitions import TRANSITIONS
from .demo_action_plans import seed_action_plan
from .demo_case_work import add_contributions, add_document, add_events_and_family, seed_case_stages
from .models import (
    Methodology,
    ProgressCheck,
    Rag,
    ReviewCaseEvent,
    ReviewerAppointment,
    ReviewStatus,
)

S = ReviewStatus

# demo referral key -> (reviewer email, stage, methodology, progress check RAG and notes)
PLAN = {
    "d-closed": (
        "reviewer@demo.example", S.IN_PROGRESS, Methodology.SILP,
        (Rag.AMBER, "Two agency chronologies are late; the practitioner event has moved back a fortnight."),
    ),
    "p-decided": (
        "reviewer2@demo.example", S.SCOPING, Methodology.SYSTEMS,
        (Rag.RED, "Three agencies have not sent their chronologies; scoping cannot finish without them."),
    ),
}  # fmt: skip

PATHS = {
    S.SCOPING: [S.SCOPING],
    S.IN_PROGRESS: [S.SCOPING, S.IN_PROGRESS],
    S.DRAFT_REVIEW: [S.SCOPING, S.IN_PROGRESS, S.DRAFT_REVIEW],
}


def seed_review_cases(*, public_id_of) -> int:
    """Track the demo review cases. `public_id_of(key)` names a demo referral. Returns how many
    cases were set up."""
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    reviewers = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    if coordinator is None:
        return 0
    done = 0
    for key, (email, stage, methodology, check) in PLAN.items():
        referral = Referral.objects.filter(public_id=public_id_of(key)).first()
        case = referral.review_cases.first() if referral else None
        if case and email in reviewers and not case.appointments.exists():
            _track(case, reviewers[email], coordinator, stage, methodology, check)
            done += 1
    seed_action_plan(coordinator)
    return done + seed_case_stages(coordinator)


def _track(case, reviewer, coordinator, stage, methodology, check) -> None:
    start = case.commissioned_on
    ReviewerAppointment.objects.create(case=case, reviewer=reviewer, appointed_on=start + timedelta(days=7))
    case.methodology = methodology
    case.terms_of_reference = (
        "Demo data: how agencies shared information in the year before the incident, and what "
        "helped or hindered the help the family received."
    )
    case.scope_from, case.scope_to = start - timedelta(days=400), start - timedelta(days=30)
    case.panel_informed_on = case.ofsted_informed_on = case.dfe_informed_on = start + timedelta(days=3)
    case.status = stage
    case.save()
    _events(case, coordinator, stage, start + timedelta(days=14))
    rag, notes = check
    checked_on = min(timezone.localdate(), start + timedelta(days=30))
    ProgressCheck.objects.create(
        case=case, checked_on=checked_on, rag=rag, notes=notes, recorded_by=coordinator
    )
    # The late chronologies the progress notes speak of: two on the amber case, three on the red.
    agencies = list(Agency.objects.order_by("name")[:4])
    add_contributions(case, agencies, coordinator, overdue=2 if rag == Rag.AMBER else 3)
    add_events_and_family(case, agencies, coordinator, PATHS.get(stage, []))
    add_document(case, coordinator, "tor", "Terms of reference", versions=1)
    review_case_refresh(case)


def _events(case, coordinator, stage, first: date) -> None:
    previous = S.COMMISSIONED
    for step, to in enumerate(PATHS.get(stage, [])):
        at = timezone.make_aware(
            timezone.datetime.combine(first + timedelta(days=21 * step), timezone.datetime.min.time())
        )
        ReviewCaseEvent.objects.create(
            case=case,
            action=TRANSITIONS[(previous, to)],
            from_status=previous,
            to_status=to,
            actor=coordinator,
            at=at,
        )
        previous = to
