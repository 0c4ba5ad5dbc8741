"""Demo referrals for `manage.py seed_demo`: about twenty, across both demo referrers and every
status, so that no page is empty. Every name, address and event is invented.

Idempotent: each demo referral has a fixed public id, and one that exists is left alone (a
second run adds nothing). States beyond `submitted` are set directly, with an event row whose
note says "demo data", because the triage services that move them belong to a later feature.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from cscp.accounts.models import Agency, User

from ..models import (
    AgencyInvolved,
    Child,
    FamilyMember,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from ..services import next_reference, provisional_notification_due, urgent_reasons

S = ReferralStatus
DEMO_NAMESPACE = uuid.UUID("6f1d3c1e-5b1a-4e53-9a43-2b3c8e1f0d11")
DEMO_NOTE = "demo data"

# The way a referral travels through triage, in order; a demo referral walks it up to its status.
TRIAGE_PATH = [S.SUBMITTED, S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION, S.DECIDED, S.CLOSED]


@dataclass(frozen=True)
class DemoChild:
    name: str
    age_years: int | None  # None: unborn
    sex: str = "not_known"
    legal_status: str = "none"
    died_days_ago: int | None = None


@dataclass(frozen=True)
class DemoReferral:
    key: str
    owner: str
    status: str
    days_ago: int  # submitted (or, for a draft, started) this many days ago
    incident: str
    criteria: list[str]
    children: list[DemoChild]
    family: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship)
    agencies: list[str] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    withdrawal_requested: bool = False
    via_rapid_review: bool = True


REFERRER = "referrer@demo.example"
REFERRER2 = "referrer2@demo.example"
COUNCIL = "Croydon Council Children's Social Care"
POLICE = "Metropolitan Police"
TRUST = "Croydon Health Services NHS Trust"
SCHOOL = "Norbury Manor Primary School"
VOLUNTARY = "Croydon Family Support Network"

URGENT = {"immediate_concerns": "yes", "immediate_concerns_details": "A sibling remains at home."}
MEDIA = {"media_interest": "yes", "media_interest_details": "Reported in the local press (demo)."}

DEMO_REFERRALS = [
    # Priya Shah, children's social care.
    DemoReferral("p-draft-1", REFERRER, S.DRAFT, 2, "", [], [DemoChild("Rowan Demo-Ashby", 3)]),
    DemoReferral("p-draft-2", REFERRER, S.DRAFT, 9, "", [], []),
    DemoReferral(
        "p-submitted-1", REFERRER, S.SUBMITTED, 1,
        "An infant was taken to hospital with a head injury that did not match the account given.",
        ["serious_harm", "agencies_working_together"],
        [DemoChild("Baby Willow Example", 0, "female", "child_in_need")],
        [("Jay Example", "Father"), ("Sam Example", "Mother")], [TRUST, POLICE], URGENT,
    ),
    DemoReferral(
        "p-submitted-2", REFERRER, S.SUBMITTED, 4,
        "Long-standing neglect of two siblings came to light after a school attendance visit.",
        ["serious_harm", "poor_practice"],
        [DemoChild("Ash Sampleton", 7, "male", "cp_plan"), DemoChild("Bea Sampleton", 5, "female", "cp_plan")],
        [("Lee Sampleton", "Mother")], [SCHOOL, TRUST],
    ),
    DemoReferral(
        "p-screening-1", REFERRER, S.SCREENING, 12,
        "A 15-year-old was found injured after going missing several times; exploitation is suspected.",
        ["serious_harm", "agencies_working_together"],
        [DemoChild("Kai Fictional", 15, "male", "child_in_need")],
        [("Robin Fictional", "Mother")], [POLICE, VOLUNTARY],
    ),
    DemoReferral(
        "p-screening-2", REFERRER, S.SCREENING, 20,
        "A toddler swallowed medication left within reach at a relative's home.",
        ["near_miss"],
        [DemoChild("Ellis Madeup", 2)], [("Pat Madeup", "Grandmother")], [TRUST],
        withdrawal_requested=True,
    ),
    DemoReferral(
        "p-rapid-review", REFERRER, S.RAPID_REVIEW, 9,
        "An infant died suddenly at home; there were earlier concerns about unsafe sleeping and neglect.",
        ["death", "agencies_working_together"],
        [DemoChild("Baby Fern Placeholder", 0, "female", "child_in_need", died_days_ago=23)],
        [("Alex Placeholder", "Mother"), ("Chris Placeholder", "Mother's partner")], [TRUST, POLICE, COUNCIL],
    ),
    DemoReferral(
        "p-awaiting", REFERRER, S.AWAITING_DECISION, 35,
        "A child was seriously hurt during a domestic abuse incident at home.",
        ["serious_harm"],
        [DemoChild("Jordan Invented", 9, "male", "cp_plan")],
        [("Morgan Invented", "Mother"), ("Casey Invented", "Stepfather")], [POLICE, SCHOOL],
    ),
    DemoReferral(
        "p-decided", REFERRER, S.DECIDED, 60,
        "A baby with a bruise was seen by three agencies before anyone made a referral; harm was averted.",
        ["near_miss", "agencies_working_together"],
        [DemoChild("Baby Sky Specimen", 0)], [("Drew Specimen", "Father")], [TRUST, COUNCIL],
        via_rapid_review=False,
    ),
    DemoReferral(
        "p-closed", REFERRER, S.CLOSED, 150,
        "Agencies worked together quickly to protect a child at risk of female genital mutilation.",
        ["good_practice"],
        [DemoChild("Nia Fabricated", 8, "female", "child_in_need")], [], [SCHOOL, POLICE],
        via_rapid_review=False,
    ),
    DemoReferral(
        "p-withdrawn", REFERRER, S.WITHDRAWN, 25,
        "A referral made twice by mistake.",
        ["poor_practice"],
        [DemoChild("Toby Notreal", 11, "male")], [], [COUNCIL],
    ),
    DemoReferral(
        "p-merged", REFERRER, S.MERGED, 40,
        "A second referral about the same incident as another agency's referral.",
        ["serious_harm"],
        [DemoChild("Remy Imaginary", 6)], [("Jo Imaginary", "Father")], [POLICE],
    ),
    # Daniel Okafor, a primary school's designated safeguarding lead.
    DemoReferral("d-draft", REFERRER2, S.DRAFT, 1, "", [], [DemoChild("Lou Pretend", 6)]),
    DemoReferral(
        "d-submitted", REFERRER2, S.SUBMITTED, 2,
        "A pupil disclosed serious harm at home; the case has attracted media interest.",
        ["serious_harm"],
        [DemoChild("Max Fictitious", 10, "male", "child_in_need")],
        [("Val Fictitious", "Mother")], [COUNCIL, POLICE], MEDIA,
    ),
    DemoReferral(
        "d-screening", REFERRER2, S.SCREENING, 15,
        "A pupil's severe weight loss went unnoticed by several agencies over a year.",
        ["serious_harm", "agencies_working_together"],
        [DemoChild("Ola Sample", 9, "female")], [("Ade Sample", "Father")], [TRUST, COUNCIL],
    ),
    DemoReferral(
        "d-rapid-review", REFERRER2, S.RAPID_REVIEW, 7,
        "A looked-after child was seriously harmed while missing from placement.",
        ["serious_harm"],
        [DemoChild("Kit Mockwell", 14, "male", "looked_after")], [], [COUNCIL, POLICE],
        {"care_status": "looked_after"},
    ),
    DemoReferral(
        "d-awaiting", REFERRER2, S.AWAITING_DECISION, 45,
        "Concerns about how the school, health and social care shared information about a pupil.",
        ["agencies_working_together", "poor_practice"],
        [DemoChild("Eden Dummy", 7, "female")], [("Ray Dummy", "Mother")], [TRUST],
        via_rapid_review=False,
    ),
    DemoReferral(
        "d-decided", REFERRER2, S.DECIDED, 80,
        "A pupil was seriously harmed by a family member after concerns were raised but not escalated.",
        ["serious_harm", "poor_practice"],
        [DemoChild("Quinn Testcase", 8, "male", "child_in_need")], [("Ari Testcase", "Uncle")], [COUNCIL],
    ),
    DemoReferral(
        "d-closed", REFERRER2, S.CLOSED, 200,
        "Early help support for a family prevented harm to a child; good practice to share.",
        ["good_practice"],
        [DemoChild("Sol Exemplar", 5)], [], [VOLUNTARY],
        via_rapid_review=False,
    ),
    DemoReferral(
        "d-withdrawn", REFERRER2, S.WITHDRAWN, 30,
        "Referred before the family moved out of the area; the new area is reviewing the case.",
        ["agencies_working_together"],
        [DemoChild("Ren Hypothetical", 12, "female")], [], [SCHOOL],
    ),
]  # fmt: skip


def seed_referrals(*, agencies: dict[str, Agency]) -> int:
    """Create the demo referrals that do not exist yet. Returns how many were created."""
    users = {user.email: user for user in User.objects.filter(email__in=[REFERRER, REFERRER2])}
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    existing = set(
        Referral.objects.filter(public_id__in=[_public_id(d) for d in DEMO_REFERRALS]).values_list(
            "public_id", flat=True
        )
    )
    created = 0
    # Oldest first, so that references rise with the submission dates as they would for real.
    for demo in sorted(DEMO_REFERRALS, key=lambda d: -d.days_ago):
        if _public_id(demo) not in existing:
            _create(demo, users[demo.owner], coordinator, agencies)
            created += 1
    return created


def _public_id(demo: DemoReferral) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, demo.key)


def _create(
    demo: DemoReferral, owner: User, coordinator: User | None, agencies: dict[str, Agency]
) -> Referral:
    started = timezone.now() - timedelta(days=demo.days_ago, hours=3)
    referral = Referral.objects.create(
        public_id=_public_id(demo), created_by=owner, created_at=started, **_answers(demo, owner)
    )
    _people(referral, demo, agencies)
    ReferralEvent.objects.create(
        referral=referral, action="referral.started", to_status=S.DRAFT, actor=owner, at=started
    )
    if demo.status != S.DRAFT:
        _submit(referral, owner, started + timedelta(hours=2))
        _move_on(referral, demo, owner, coordinator)
    # "Last saved" as if the referral had been touched when its last event happened, not now.
    last = referral.events.order_by("-at").values_list("at", flat=True).first()
    Referral.objects.filter(pk=referral.pk).update(updated_at=last)
    return referral


def _answers(demo: DemoReferral, owner: User) -> dict:
    answers = {
        "referrer_name": owner.full_name,
        "referrer_job_title": owner.job_title,
        "referrer_agency": owner.agency,
        "referrer_email": owner.email,
        "referrer_phone": "020 7946 0123",
    }
    if not demo.incident:  # a draft only just started
        return answers
    today = timezone.localdate()
    return {
        **answers,
        "lead_name": "Morgan Leadperson",
        "lead_job_title": "Head of Safeguarding",
        "lead_contact": "safeguarding.lead@demo.example",
        "lead_agreed": "yes",
        "incident_date": today - timedelta(days=demo.days_ago + 14),
        "aware_date": today - timedelta(days=demo.days_ago + 12),
        "incident_description": demo.incident + " (Demo data: every detail is invented.)",
        "criteria": demo.criteria,
        "abuse_or_neglect": "suspected",
        "care_status": "neither",
        "reasons_criteria_met": "The harm is serious and several agencies knew of concerns beforehand.",
        "learning_anticipated": "How information about risk is shared between agencies.",
        "requested_review_type": "not_sure",
        "immediate_concerns": "no",
        "actions_taken": "A strategy meeting was held and a safety plan agreed.",
        "parallel_processes": ["police_investigation"] if "death" in demo.criteria else [],
        "family_informed": "yes",
        "family_informed_date": today - timedelta(days=demo.days_ago + 1),
        "family_informed_by": "The allocated social worker",
        "media_interest": "no",
        "declaration_confirmed": True,
        **demo.answers,
    }


def _people(referral: Referral, demo: DemoReferral, agencies: dict[str, Agency]) -> None:
    today = timezone.localdate()
    # Born before the incident (a draft has none yet: before today).
    Child.objects.bulk_create(
        _child(referral, child, referral.incident_date or today) for child in demo.children
    )
    FamilyMember.objects.bulk_create(
        FamilyMember(
            referral=referral,
            full_name=name,
            relationship=relationship,
            date_of_birth=date(today.year - 30 - i, 1 + i, 10),
            address="1 Example Road, Croydon, CR0 0XX",
            household_member="yes",
            alleged_perpetrator="unknown",
        )
        for i, (name, relationship) in enumerate(demo.family)
    )
    AgencyInvolved.objects.bulk_create(
        AgencyInvolved(
            referral=referral,
            agency=agencies[name],
            contact_name="Duty manager",
            contact_details="duty@demo.example",
            involvement="Worked with the family in the year before the incident.",
            still_involved="yes",
        )
        for name in demo.agencies
    )


def _child(referral: Referral, child: DemoChild, incident: date) -> Child:
    unborn = child.age_years is None
    return Child(
        referral=referral,
        full_name=child.name,
        is_unborn=unborn,
        date_of_birth=None if unborn else incident - timedelta(days=365 * child.age_years + 40),
        expected_due_date=timezone.localdate() + timedelta(days=60) if unborn else None,
        sex=child.sex,
        ethnicity="Not known",
        home_address="1 Example Road, Croydon, CR0 0XX",
        school_or_setting="Example Primary School" if (child.age_years or 0) >= 4 else "",
        legal_status=child.legal_status,
        date_of_death=timezone.localdate() - timedelta(days=child.died_days_ago)
        if child.died_days_ago
        else None,
    )


def _submit(referral: Referral, owner: User, at) -> None:
    # As referral_submit does, without its emails: the demo should not fill the console.
    referral.reference = next_reference(at)
    referral.status = S.SUBMITTED
    referral.submitted_at = at
    referral.submitted_by = owner
    referral.is_urgent = bool(urgent_reasons(referral))
    referral.next_due = provisional_notification_due(referral)
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        action="referral.submitted",
        from_status=S.DRAFT,
        to_status=S.SUBMITTED,
        actor=owner,
        at=at,
    )


def _move_on(referral: Referral, demo: DemoReferral, owner: User, coordinator: User | None) -> None:
    at = referral.submitted_at
    for status in _path_to(demo):
        at = min(at + timedelta(days=3), timezone.now())
        _set_status(referral, status, coordinator, at)
    if demo.status == S.WITHDRAWN:
        at = min(at + timedelta(days=1), timezone.now())
        referral.status = S.WITHDRAWN
        referral.withdrawn_at = at
        referral.withdrawal_reason = "Demo data: " + demo.incident
        referral.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
        ReferralEvent.objects.create(
            referral=referral, action="referral.withdrawn", from_status=S.SUBMITTED, to_status=S.WITHDRAWN,
            actor=owner, at=at, note=referral.withdrawal_reason,
        )  # fmt: skip
    if demo.withdrawal_requested:
        referral.withdrawal_requested_at = at
        referral.withdrawal_request_reason = "Demo data: the family has moved out of the area."
        referral.save(update_fields=["withdrawal_requested_at", "withdrawal_request_reason"])
        ReferralEvent.objects.create(
            referral=referral, action="referral.withdrawal_requested", from_status=referral.status,
            to_status=referral.status, actor=owner, at=at, note=referral.withdrawal_request_reason,
        )  # fmt: skip


def _path_to(demo: DemoReferral) -> list[str]:
    if demo.status == S.WITHDRAWN:
        return []  # the referrer withdrew it themselves: see _move_on
    if demo.status == S.MERGED:
        return [S.SCREENING, S.MERGED]
    path = TRIAGE_PATH[1 : TRIAGE_PATH.index(demo.status) + 1]
    return path if demo.via_rapid_review else [s for s in path if s != S.RAPID_REVIEW]


def _set_status(referral: Referral, status: str, coordinator: User | None, at) -> None:
    ReferralEvent.objects.create(
        referral=referral, action="referral.status_changed", from_status=referral.status, to_status=status,
        actor=coordinator, at=at, note=DEMO_NOTE,
    )  # fmt: skip
    referral.status = status
    referral.save(update_fields=["status"])
