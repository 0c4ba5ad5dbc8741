"""Demo review cases for `manage.py seed_demo` (called from reviews/demo.py seed_triage).

The decisions in reviews/demo.py open cases that stay early; `seed_review_cases` tracks two of
them: the two demo reviewers appointed to different cases, terms of reference, progress checks,
one slipping (amber) and one rated red at its last progress check, with the late agency
chronologies their notes speak of; one case is left commissioned with no reviewer, for a
coordinator to take through its first stages.

It then adds the demo action plan (reviews/actions/demo.py) and thematic and learning reviews
set directly in every later stage (draft review, final approved, pre-publication, published,
not published, publication deferred, on hold and closed), each with the work of a review:
agency contributions (some overdue), practitioner events, the family's involvement and
document versions (small generated PDFs).

Rows are created directly, with the event rows the services would have written. Idempotent: a
tracked case that already has a reviewer is left alone, a later-stage case is found by its title."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import Agency, User
from cscp.calendar import add_working_days
from referrals.models import Referral

from ..actions.demo import seed_action_plan
from ..models import (
    AgencyContribution,
    CaseDocument,
    CaseDocumentVersion,
    DocumentKind,
    FamilyEngagement,
    Methodology,
    PractitionerEvent,
    ProgressCheck,
    Rag,
    ReviewCase,
    ReviewCaseEvent,
    ReviewerAppointment,
    ReviewStatus,
    ReviewType,
)
from .clocks import TARGET_MONTHS, add_months, review_case_refresh
from .services import next_review_reference
from .transitions import SERVICE_TRANSITIONS, TRANSITIONS

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
    _track_events(case, coordinator, stage, start + timedelta(days=14))
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


def _track_events(case, coordinator, stage, first: date) -> None:
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


MAIN_PATH = [
    S.SCOPING, S.IN_PROGRESS, S.DRAFT_REVIEW, S.FINAL_APPROVED, S.PRE_PUBLICATION, S.PUBLISHED,
    S.ACTION_MONITORING, S.CLOSED,
]  # fmt: skip


@dataclass(frozen=True)
class DemoCase:
    title: str
    stage: str
    review_type: str
    days_ago: int  # commissioned this many days before today
    reviewer: str
    pseudonym: str = ""
    reason: str = ""  # on hold, not published or deferred


CASES = [
    DemoCase("Demo: draft report with partners", S.DRAFT_REVIEW, ReviewType.LEARNING_REVIEW, 150,
             "reviewer@demo.example", "Child R"),
    DemoCase("Demo: final report approved", S.FINAL_APPROVED, ReviewType.SPR, 170,
             "reviewer2@demo.example", "Child T"),
    DemoCase("Demo: waiting for the earliest publication date", S.PRE_PUBLICATION, ReviewType.SPR, 175,
             "reviewer@demo.example", "Child V"),
    DemoCase("Demo: thematic review of adolescents at risk outside the home", S.PUBLISHED,
             ReviewType.THEMATIC, 200, "reviewer2@demo.example", "Vulnerable adolescents"),
    DemoCase("Demo: improvements information only", S.NOT_PUBLISHED, ReviewType.SPR, 230,
             "reviewer@demo.example", "Child W",
             "Publishing the report would identify a sibling; partners agreed to publish the "
             "improvements information and told the Panel why."),
    DemoCase("Demo: publication deferred for criminal proceedings", S.PUBLICATION_DEFERRED,
             ReviewType.SPR, 190, "reviewer2@demo.example", "Child X",
             "A criminal trial is listed for next spring; the police asked partners to defer publication."),
    DemoCase("Demo: on hold during an inquest", S.ON_HOLD, ReviewType.LEARNING_REVIEW, 120,
             "reviewer@demo.example", "",
             "The coroner asked that practitioner conversations wait until after the inquest."),
    DemoCase("Demo: closed review of a near miss", S.CLOSED, ReviewType.NEAR_MISS_INQUIRY, 420,
             "reviewer2@demo.example", "Baby M"),
]  # fmt: skip

# A minimal valid one-page PDF: enough for the upload checks and a browser's viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def path_to(case: DemoCase) -> list[str]:
    if case.stage == S.ON_HOLD:
        return [S.SCOPING, S.IN_PROGRESS, S.ON_HOLD]
    if case.stage in (S.NOT_PUBLISHED, S.PUBLICATION_DEFERRED):
        return [*MAIN_PATH[: MAIN_PATH.index(S.PRE_PUBLICATION) + 1], case.stage]
    return MAIN_PATH[: MAIN_PATH.index(case.stage) + 1]


def seed_case_stages(coordinator: User) -> int:
    """Create the demo cases that do not exist yet. Returns how many it created."""
    reviewers = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    agencies = list(Agency.objects.order_by("name")[:4])
    if len(agencies) < 2:
        return 0
    existing = set(
        ReviewCase.objects.filter(title__in=[c.title for c in CASES]).values_list("title", flat=True)
    )
    today = timezone.localdate()
    created = 0
    for demo in CASES:
        if demo.title in existing or demo.reviewer not in reviewers:
            continue
        with transaction.atomic():
            case = _case(demo, coordinator, reviewers[demo.reviewer], today)
            stages = path_to(demo)
            _events(case, coordinator, stages, demo.reason)
            add_contributions(case, agencies, coordinator, overdue=0)
            add_events_and_family(case, agencies, coordinator, stages)
            _documents(case, coordinator, stages)
            review_case_refresh(case)
        created += 1
    return created


# Lateness the Panel asks about (issue 16 §2), shown on the demo cases: a final report sent too
# close to its planned publication, and publication later than 6 months (one reason kept, one
# left for a coordinator to record).
LATE_FINAL_REPORT = {
    S.PUBLICATION_DEFERRED: "Demo data: the Panel's comments on the draft took longer than planned."
}
LATE_PUBLICATION = {S.PUBLISHED: "Demo data: publication waited until the family had read the report."}


def stage_days(start: date, stages: list[str], today: date) -> dict[str, date]:
    """The day the case moved to each stage of its path: spread evenly from the commissioning
    date to a few days ago (its timeline's event rows are dated so)."""
    span = max((today - start).days - 3, len(stages))
    return {to: start + timedelta(days=span * step // len(stages)) for step, to in enumerate(stages, start=1)}


def _publication_dates(demo: DemoCase, days: dict[str, date]) -> dict:
    """When the final report went to the Panel and the Secretary of State (on the move to
    pre-publication), the planned and the first publication dates."""
    if S.PRE_PUBLICATION not in days:
        return {}
    sent = days[S.PRE_PUBLICATION]
    planned = days.get(S.PUBLISHED) or add_working_days(sent, 10)
    if demo.stage in LATE_FINAL_REPORT:
        planned = add_working_days(sent, 5)  # 2 working days short of the 7 the Panel needs
    return {
        "final_report_sent_panel_on": sent,
        "final_report_sent_sos_on": sent,
        "final_report_sent_ofsted_on": sent,
        "planned_publication_on": planned,
        "final_report_late_reason": LATE_FINAL_REPORT.get(demo.stage, ""),
        "published_on": days.get(S.PUBLISHED),
        "publication_late_reason": LATE_PUBLICATION.get(demo.stage, ""),
    }


def _case(demo: DemoCase, coordinator: User, reviewer: User, today: date) -> ReviewCase:
    start = today - timedelta(days=demo.days_ago)
    stages = path_to(demo)
    case = ReviewCase.objects.create(
        reference=next_review_reference(start), review_type=demo.review_type, status=demo.stage,
        title=demo.title, pseudonym=demo.pseudonym, commissioned_on=start,
        target_publication_on=add_months(start, TARGET_MONTHS), created_by=coordinator,
        methodology=Methodology.SYSTEMS if demo.review_type != ReviewType.THEMATIC else Methodology.APPRECIATIVE,
        scope_from=start - timedelta(days=500), scope_to=start - timedelta(days=20),
        terms_of_reference="Demo data: how agencies recognised and responded to risk, and how they "
        "worked together with the family.",
        panel_informed_on=start + timedelta(days=2), ofsted_informed_on=start + timedelta(days=2),
        dfe_informed_on=start + timedelta(days=3),
        **_publication_dates(demo, stage_days(start, stages, today)),
        not_published_reason=demo.reason if demo.stage == S.NOT_PUBLISHED else "",
        deferred_reason=demo.reason if demo.stage == S.PUBLICATION_DEFERRED else "",
        on_hold_reason=demo.reason if demo.stage == S.ON_HOLD else "",
        on_hold_from_status=S.IN_PROGRESS if demo.stage == S.ON_HOLD else "",
    )  # fmt: skip
    ReviewerAppointment.objects.create(case=case, reviewer=reviewer, appointed_on=start + timedelta(days=5))
    ProgressCheck.objects.create(
        case=case, checked_on=min(today, start + timedelta(days=60)), rag=Rag.GREEN,
        notes="Demo data: on track; agencies engaged.", recorded_by=coordinator,
    )  # fmt: skip
    return case


def _events(case: ReviewCase, coordinator: User, stages: list[str], reason: str) -> None:
    """Event rows for the path, on the days of stage_days."""
    previous = S.COMMISSIONED
    for to, day in stage_days(case.commissioned_on, stages, timezone.localdate()).items():
        action = TRANSITIONS.get((previous, to)) or SERVICE_TRANSITIONS[(previous, to)]
        ReviewCaseEvent.objects.create(
            case=case, action=action, from_status=previous, to_status=to, actor=coordinator,
            at=timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())),
            note=reason if to == case.status and to in (S.ON_HOLD, S.NOT_PUBLISHED, S.PUBLICATION_DEFERRED) else "",
        )  # fmt: skip
        previous = to


def add_contributions(case: ReviewCase, agencies: list[Agency], coordinator: User, *, overdue: int) -> None:
    """A chronology from each agency: the first `overdue` of them late, the rest received."""
    today = timezone.localdate()
    requested = case.commissioned_on + timedelta(days=10)
    for index, agency in enumerate(agencies):
        late = index < overdue
        due = (
            min(add_working_days(requested, 20), today - timedelta(days=5))
            if late
            else add_working_days(requested, 20)
        )
        AgencyContribution.objects.create(
            case=case, agency=agency, kind=AgencyContribution.Kind.CHRONOLOGY, requested_on=requested,
            due_on=due, received_on=None if late else min(today, due - timedelta(days=2)),
            contact="Designated safeguarding lead", created_by=coordinator,
        )  # fmt: skip


def add_events_and_family(case: ReviewCase, agencies: list[Agency], coordinator: User, stages) -> None:
    today = timezone.localdate()
    if S.IN_PROGRESS in stages:
        event = PractitionerEvent.objects.create(
            case=case, kind=PractitionerEvent.Kind.LEARNING_EVENT,
            held_on=min(today, case.commissioned_on + timedelta(days=50)), attendees=14,
            notes="Demo data: practitioners mapped the key practice episodes together.", recorded_by=coordinator,
        )  # fmt: skip
        event.agencies.set(agencies)
    later = S.DRAFT_REVIEW in stages
    FamilyEngagement.objects.create(
        case=case, relationship="Mother", invited_on=case.commissioned_on + timedelta(days=15),
        response=FamilyEngagement.Response.ACCEPTED,
        contributed_on=case.commissioned_on + timedelta(days=40) if S.IN_PROGRESS in stages else None,
        draft_shared_on=case.commissioned_on + timedelta(days=100) if later else None,
        pseudonym_agreed_on=case.commissioned_on + timedelta(days=100) if later else None,
        told_of_publication_on=today - timedelta(days=3) if S.PRE_PUBLICATION in stages else None,
        support_offered="An advocate from a bereavement charity.", updated_by=coordinator,
    )  # fmt: skip
    FamilyEngagement.objects.create(
        case=case, relationship="Father", invited_on=case.commissioned_on + timedelta(days=15),
        response=FamilyEngagement.Response.DECLINED, updated_by=coordinator,
        not_told_reason="Declined any contact with the review." if S.PRE_PUBLICATION in stages else "",
    )  # fmt: skip


def _documents(case: ReviewCase, coordinator: User, stages: list[str]) -> None:
    add_document(case, coordinator, DocumentKind.TERMS_OF_REFERENCE, "Terms of reference", versions=1)
    if S.DRAFT_REVIEW in stages:
        add_document(case, coordinator, DocumentKind.DRAFT, "Overview report", versions=2)
    if S.FINAL_APPROVED in stages:
        add_document(case, coordinator, DocumentKind.FINAL, "Final report", versions=1)


def add_document(case: ReviewCase, by: User, kind: str, title: str, *, versions: int) -> CaseDocument:
    document = CaseDocument.objects.create(
        case=case, kind=kind, title=title, created_by=by, latest_version=versions
    )
    for number in range(1, versions + 1):
        version = CaseDocumentVersion(
            document=document, number=number, original_name=f"{kind}-v{number}.pdf",
            content_type="application/pdf", size=len(DEMO_PDF), uploaded_by=by,
            note="Demo data" if number == 1 else "Demo data: partners' comments addressed",
        )  # fmt: skip
        version.file.save(version.original_name, ContentFile(DEMO_PDF), save=False)
        version.save()
    return document
