"""Demo triage for `manage.py seed_demo`: triage rows, clocks and rapid reviews, then (through
decision/demo.py) decisions of every outcome and the review cases they open, for the demo
referrals of referrals/demo.py.

Dates are set relative to today so that, whenever the demo is loaded, some clocks are on
track, some due soon and some overdue. Rows are created directly (the services that make them
for real send emails and check who is acting); they follow the models' rules all the same: a
rapid review only after a notification, a review case only for an outcome that calls for one,
family and Panel told before a referral is closed.

Idempotent: a referral that already has its triage is left alone.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from cscp.accounts.models import Agency, User
from cscp.calendar import working_days_between
from referrals.draft import demo as referral_demo
from referrals.models import Referral, ReferralStatus

from ..cases.demo import seed_review_cases
from ..clocks import triage_refresh_clocks
from ..decision.demo import seed_decision
from ..models import DecisionOutcome, RapidReview, Theme, Triage

S = ReferralStatus
O = DecisionOutcome  # noqa: E741

# One more demo referral, so that every outcome has a decision: referred to another process.
EXTRA_REFERRALS = [
    referral_demo.DemoReferral(
        "r-referred-elsewhere", referral_demo.REFERRER2, S.CLOSED, 110,
        "A young person was harmed by an adult lodger; the adult's own care is being looked at.",
        ["serious_harm"],
        [referral_demo.DemoChild("Kit Madeup", 15, "male")], [("Lee Madeup", "Mother")],
        [referral_demo.COUNCIL], via_rapid_review=False,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class DemoTriage:
    """aware / sent: working days before today that the local authority became aware and sent
    the notification (None: not yet); rr_sent: working days ago the rapid review went to the
    Panel; late_reason: why the notification went late (a step late without one shows so)."""

    key: str
    themes: list[str]
    sin_required: bool | None = True
    aware: int | None = None
    sent: int | None = None
    rr_sent: int | None = None
    outcome: str | None = None
    decided: int = 0  # calendar days ago
    late_reason: str = ""
    extra: dict = field(default_factory=dict)


DEMO_TRIAGES = [
    # Panel notification overdue by 2 working days.
    DemoTriage("p-screening-1", ["neglect", "parental-substance-misuse"], aware=7),
    # Below the threshold for a notification: the local track, no clocks.
    DemoTriage("p-screening-2", ["domestic-abuse"], sin_required=False),
    # Panel notification due tomorrow (due soon).
    DemoTriage("d-screening", ["neglect", "disability"], aware=4),
    # Rapid review on track.
    DemoTriage(
        "p-rapid-review", ["sudden-unexpected-death-in-infancy", "perinatal-mental-health"], aware=9, sent=6
    ),
    # Rapid review overdue by 2 working days.
    DemoTriage("d-rapid-review", ["criminal-exploitation", "adolescent-safety"], aware=20, sent=17),
    # Notification sent 2 working days late, with the reason the Panel asks for.
    DemoTriage(
        "p-awaiting",
        ["domestic-abuse", "physical-abuse"],
        aware=25,
        sent=18,
        rr_sent=8,
        late_reason="Demo data: the duty manager who signs notifications off was on leave.",
    ),
    DemoTriage("d-awaiting", ["race-and-culture"], sin_required=False),
    DemoTriage("p-decided", ["physical-abuse"], sin_required=False, outcome=O.NEAR_MISS_INQUIRY, decided=20),
    # Rapid review sent to the Panel 2 working days late, and no reason recorded yet.
    DemoTriage(
        "d-decided", ["physical-abuse", "neglect"], aware=55, sent=52, rr_sent=35, outcome=O.SPR, decided=35
    ),
    DemoTriage(
        "p-closed", ["child-sexual-exploitation"], sin_required=False, outcome=O.NO_REVIEW, decided=120
    ),
    DemoTriage("d-closed", ["neglect"], sin_required=False, outcome=O.LEARNING_REVIEW, decided=170),
    DemoTriage(
        "r-referred-elsewhere",
        ["adolescent-safety"],
        sin_required=False,
        outcome=O.REFERRED_ELSEWHERE,
        decided=90,
    ),
]


def working_days_ago(n: int, today: date) -> date:
    """The latest day with n working days after it up to today (so add_working_days of it by n
    is today)."""
    day = today
    while working_days_between(day, today) < n:
        day -= timedelta(days=1)
    return day


def seed_triage(*, agencies: dict[str, Agency]) -> int:
    """Create the triage of each demo referral that has none yet. Returns how many."""
    _seed_extra_referrals(agencies)
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    members = list(User.objects.filter(email__in=["member@demo.example", "coordinator@demo.example"]))
    referrals = {
        referral.public_id: referral
        for referral in Referral.objects.filter(
            public_id__in=[_public_id(d.key) for d in DEMO_TRIAGES]
        ).filter(triage__isnull=True)
    }
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    for demo in DEMO_TRIAGES:
        referral = referrals.get(_public_id(demo.key))
        if referral is not None and coordinator is not None:
            _create(referral, demo, themes, coordinator, members)
            created += 1
    seed_review_cases(public_id_of=_public_id)
    return created


def _public_id(key: str):
    return uuid.uuid5(referral_demo.DEMO_NAMESPACE, key)  # as referrals/demo.py names them


def _seed_extra_referrals(agencies: dict[str, Agency]) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[d.owner for d in EXTRA_REFERRALS])}
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    for demo in EXTRA_REFERRALS:
        if demo.owner in users and not Referral.objects.filter(public_id=_public_id(demo.key)).exists():
            referral_demo._create(demo, users[demo.owner], coordinator, agencies)


NOT_NOTIFIABLE = "Demo data: no abuse or neglect is known or suspected, so the case is not notifiable."


def _create(
    referral: Referral, demo: DemoTriage, themes: dict, coordinator: User, members: list[User]
) -> None:
    today = timezone.localdate()
    ago = lambda n: working_days_ago(n, today) if n is not None else None  # noqa: E731
    triage = Triage.objects.create(
        referral=referral,
        sin_required=demo.sin_required,
        la_aware_on=ago(demo.aware),
        sin_sent_on=ago(demo.sent),
        panel_reference=f"CSPR-DEMO-{referral.pk:04d}" if demo.sent is not None else "",
        sin_not_required_reason=NOT_NOTIFIABLE if demo.sin_required is False else "",
        sin_late_reason=demo.late_reason,
        assigned_to=coordinator,
    )
    triage.themes.set([themes[slug] for slug in demo.themes if slug in themes])
    triage_refresh_clocks(triage)
    if triage.sin_sent_on and referral.status != S.SCREENING:
        _rapid_review(triage, sent_to_panel_on=ago(demo.rr_sent))
        triage_refresh_clocks(triage)
    if demo.outcome:
        seed_decision(
            referral, demo.outcome, triage, coordinator, members, today - timedelta(days=demo.decided)
        )


def _rapid_review(triage: Triage, *, sent_to_panel_on: date | None) -> RapidReview:
    return RapidReview.objects.create(
        triage=triage,
        started_on=triage.sin_sent_on,
        due=triage.rapid_review_due,
        agencies_asked="Children's social care, police, health, school",
        returns_received="All agencies" if sent_to_panel_on else "Police and health so far",
        key_practice_episodes="Demo data: the weeks before the incident." if sent_to_panel_on else "",
        recommendation=RapidReview.Recommendation.SPR if sent_to_panel_on else "",
        la_signed_off_by="Director of Children's Services (demo)" if sent_to_panel_on else "",
        icb_signed_off_by="Designated Nurse (demo)" if sent_to_panel_on else "",
        police_signed_off_by="Detective Superintendent (demo)" if sent_to_panel_on else "",
        sent_to_panel_on=sent_to_panel_on,
    )
