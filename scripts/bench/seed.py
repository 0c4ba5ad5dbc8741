"""Seed the bench database (issue 8): the demo accounts (seed_demo), then 20,000 referrals,
2,000 review cases and 500 publications with bulk inserts, and the reference page's 10,000 rows.

Run with DJANGO_SETTINGS_MODULE=cscp.bench_settings (scripts/bench/run.py does). Idempotent: a
BenchSeed row with SEED_VERSION marks a complete seed, and a database holding one is left as it
is. Everything is synthetic (children named from fixed lists of first names and made-up surnames,
"Parent 45"): no real person's details."""

import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.bench_settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from cscp.accounts.models import Agency, User  # noqa: E402
from cscp.accounts.roles import Role  # noqa: E402
from publications.models import AgeBand, Publication, PublicationSection, Render  # noqa: E402
from publications.public import cache as public_cache  # noqa: E402
from referrals.models import (  # noqa: E402
    AgencyInvolved,
    Child,
    FamilyMember,
    ReferenceCounter,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from reviews.models import (  # noqa: E402
    ActionItem,
    Decision,
    DecisionOutcome,
    ProgressCheck,
    RapidReview,
    Recommendation,
    ReviewCase,
    ReviewerAppointment,
    ReviewReferenceCounter,
    ReviewStatus,
    ReviewType,
    Theme,
    Triage,
)
from scripts.bench.models import BenchGroup, BenchItem, BenchSeed  # noqa: E402

# 7: Referral.next_due for every open referral; late steps and their reasons. 8: children named
# as people are (CHILD_FIRST_NAMES and surnames), some with other names, for the staff search.
# 9: render files the guard's re-check can read (sample_pdf).
SEED_VERSION = 9
REFERRALS = 20_000
REVIEW_CASES = 2_000
PUBLICATIONS = 500
REFERENCE_ROWS = 10_000
BATCH = 2_000
# The referrer whose My referrals page is measured (a draft of theirs gives the form page, and
# the runner copies it for the submissions it times).
BENCH_REFERRER = "bench-referrer@demo.example"
MY_REFERRALS = 20

S = ReferralStatus
# Years of history: most referrals are long closed; a few hundred are in the queue at once.
STATUS_WEIGHTS = [
    (S.DRAFT, 3),
    (S.SUBMITTED, 1),
    (S.SCREENING, 1),
    (S.RAPID_REVIEW, 0.8),
    (S.AWAITING_DECISION, 0.5),
    (S.DECIDED, 1.2),
    (S.CLOSED, 85),
    (S.WITHDRAWN, 6),
    (S.MERGED, 1.5),
]
OUTCOME_WEIGHTS = [
    (DecisionOutcome.NO_REVIEW, 50),
    (DecisionOutcome.REFERRED_ELSEWHERE, 20),
    (DecisionOutcome.LINKED_TO_REVIEW, 5),
]
# Review cases by stage: most are old and finished, a realistic few are live.
CASE_STATUS_WEIGHTS = [
    (ReviewStatus.COMMISSIONED, 4),
    (ReviewStatus.SCOPING, 4),
    (ReviewStatus.IN_PROGRESS, 8),
    (ReviewStatus.DRAFT_REVIEW, 4),
    (ReviewStatus.FINAL_APPROVED, 2),
    (ReviewStatus.PRE_PUBLICATION, 2),
    (ReviewStatus.PUBLISHED, 20),
    (ReviewStatus.NOT_PUBLISHED, 4),
    (ReviewStatus.PUBLICATION_DEFERRED, 1),
    (ReviewStatus.ACTION_MONITORING, 16),
    (ReviewStatus.CLOSED, 33),
    (ReviewStatus.ON_HOLD, 2),
]
PUBLISHED_STAGES = {ReviewStatus.PUBLISHED, ReviewStatus.ACTION_MONITORING, ReviewStatus.CLOSED}
ACTION_STAGES = PUBLISHED_STAGES | {
    ReviewStatus.FINAL_APPROVED,
    ReviewStatus.PRE_PUBLICATION,
    ReviewStatus.NOT_PUBLISHED,
}
OPEN_STATES = {S.SUBMITTED, S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION}

# Every section of the referral form answered (as tests/factories.py COMPLETE_REFERRAL).
COMPLETE = {
    "lead_name": "Jo Safeguarding-Lead",
    "lead_job_title": "Head of Safeguarding",
    "lead_contact": "safeguarding.lead@agency.example",
    "lead_agreed": "yes",
    "abuse_or_neglect": "suspected",
    "care_status": "neither",
    "reasons_criteria_met": "Why the referrer thinks the criteria are met, in a few sentences.",
    "learning_anticipated": "What the referrer thinks could be learned about agencies working together.",
    "immediate_concerns": "no",
    "actions_taken": "A strategy meeting was held and a child protection plan put in place.",
    "parallel_processes": ["police_investigation"],
    "parallel_processes_details": "Police investigation open.",
    "family_informed": "yes",
    "family_informed_by": "The allocated social worker",
    "declaration_confirmed": True,
}
CRITERIA = ["death", "serious_harm", "agencies_working_together", "poor_practice", "near_miss"]
REVIEW_TYPES = ["spr", "learning_review", "near_miss_inquiry", "not_sure"]
PARAGRAPH = (
    "Agencies held pieces of information about the household which, put together at the strategy "
    "discussion, would have shown a pattern of escalating risk to the children. "
)


def sample_pdf() -> bytes:
    """A blank one-page PDF, the same bytes for every render row: written by pypdf, so that the
    anonymisation guard's nightly re-check can read it (hand-made bytes with no cross-reference
    table could not be read, and every live report was listed on the dashboard as unreadable)."""
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Children's names, made up from fixed lists so that a staff search for a surname finds a few
# dozen of the 20,000 referrals, as it would in a real partnership's records: 600 surnames of a
# first part and an ending (Ashworth, Kingsley...), most of them no real surname; and first names.
CHILD_FIRST_NAMES = [
    "Amara",
    "Aisha",
    "Alfie",
    "Amelia",
    "Archie",
    "Ava",
    "Bella",
    "Caleb",
    "Chloe",
    "Daniel",
    "Darius",
    "Eliza",
    "Ella",
    "Emily",
    "Ethan",
    "Evie",
    "Farah",
    "Finley",
    "Freya",
    "George",
    "Grace",
    "Hana",
    "Harry",
    "Isla",
    "Ivy",
    "Jack",
    "Jayden",
    "Kai",
    "Kofi",
    "Layla",
    "Leo",
    "Lily",
    "Logan",
    "Luca",
    "Maya",
    "Mia",
    "Mohammed",
    "Musa",
    "Noah",
    "Nia",
    "Olivia",
    "Oscar",
    "Priya",
    "Reuben",
    "Rosie",
    "Ruby",
    "Sami",
    "Sofia",
    "Theo",
    "Tomasz",
    "Yusuf",
    "Zara",
    "Zoë",
    "Zofia",
    "Joséphine",
    "Ngozi",
    "Oluwaseun",
    "Ananya",
]
SURNAME_STARTS = [
    "Ash",
    "Brad",
    "Carl",
    "Dal",
    "Els",
    "Fair",
    "Gold",
    "Hal",
    "Kings",
    "Lang",
    "Mar",
    "Nor",
    "Old",
    "Pen",
    "Rad",
    "Shel",
    "Thorn",
    "Wal",
    "Wes",
    "Whit",
    "Bur",
    "Craw",
    "Den",
    "Hart",
    "Mil",
    "Ros",
    "Sut",
    "Win",
    "Brom",
    "Hay",
]
SURNAME_ENDS = [
    "worth",
    "ley",
    "ton",
    "ford",
    "wood",
    "field",
    "by",
    "well",
    "ham",
    "more",
    "ridge",
    "stone",
    "brook",
    "wick",
    "dale",
    "croft",
    "hurst",
    "den",
    "combe",
    "ington",
]


def child_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAME_STARTS) + rng.choice(SURNAME_ENDS)
    return f"{rng.choice(CHILD_FIRST_NAMES)} {surname}"


def log(message: str) -> None:
    print(f"  seed: {message}", flush=True)


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def aware_dt(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def seeded() -> bool:
    return BenchSeed.objects.filter(version=SEED_VERSION).exists()


def seed_users(rng, agencies):
    """200 referrers, 30 members, 5 coordinators, 20 reviewers, one password hash for all."""
    password = make_password("bench-password-" + str(rng.random()))
    groups = {g.name: g for g in Group.objects.all()}
    specs = [("referrer", Role.REFERRER, 200), ("member", Role.MEMBER, 30), ("reviewer", Role.REVIEWER, 20)]
    users, roles = [], []
    for prefix, role, count in specs:
        for n in range(count):
            users.append(
                User(
                    email=f"bench-{prefix}{n}@demo.example",
                    full_name=f"Bench {prefix.title()} {n}",
                    job_title="Practitioner",
                    agency=rng.choice(agencies) if role != Role.REVIEWER else None,
                    password=password,
                    email_verified_at=timezone.now(),
                )
            )
            roles.append(role)
    users.append(
        User(
            email=BENCH_REFERRER,
            full_name="Bench Referrer",
            job_title="Senior Social Worker",
            agency=agencies[0],
            password=password,
            email_verified_at=timezone.now(),
        )
    )
    roles.append(Role.REFERRER)
    created = User.objects.bulk_create(users, batch_size=BATCH)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=groups[str(role)].pk) for u, role in zip(created, roles, strict=True)]
    )
    by_role = {}
    for user, role in zip(created, roles, strict=True):
        by_role.setdefault(role, []).append(user)
    return by_role


def next_numbers(counter_model, years):
    last = {c.year: c.last_number for c in counter_model.objects.filter(year__in=years)}
    return {year: last.get(year, 0) for year in years}


def seed_referrals(rng, agencies, users, themes, coordinator):
    today = timezone.localdate()
    start = date(today.year - 7, 1, 1)
    span = (today - start).days
    referrers = users[Role.REFERRER][:-1]
    bench_referrer = users[Role.REFERRER][-1]
    counters = next_numbers(ReferenceCounter, range(start.year, today.year + 1))

    referrals = []
    for n in range(REFERRALS):
        mine = n < MY_REFERRALS
        if mine:
            status = [S.DRAFT, S.SUBMITTED, S.SCREENING, S.DECIDED, S.CLOSED][n % 5]
        else:
            status = weighted(rng, STATUS_WEIGHTS)
        # Open referrals are recent; closed ones spread over seven years.
        if status == S.RAPID_REVIEW:
            created_day = today - timedelta(days=rng.randint(10, 32))  # in its 15 working days
        elif status in OPEN_STATES or status == S.DRAFT:
            created_day = today - timedelta(days=rng.randint(1, 60))
        elif status == S.DECIDED:
            created_day = today - timedelta(days=rng.randint(30, 150))
        else:
            created_day = start + timedelta(days=rng.randint(0, max(span - 90, 1)))
        owner = bench_referrer if mine else rng.choice(referrers)
        aware = created_day - timedelta(days=rng.randint(0, 5))
        urgent = rng.random() < 0.12
        criteria = rng.sample(CRITERIA, rng.randint(1, 3))
        values = {
            **COMPLETE,
            "status": status,
            "created_by_id": owner.pk,
            "created_at": aware_dt(created_day),
            "referrer_name": owner.full_name,
            "referrer_job_title": owner.job_title,
            "referrer_agency_id": owner.agency_id or agencies[0].pk,
            "referrer_email": owner.email,
            "referrer_phone": "020 7946 0000",
            "incident_date": aware - timedelta(days=rng.randint(0, 10)),
            "aware_date": aware,
            "incident_description": f"Synthetic incident {n}. " + PARAGRAPH,
            "criteria": criteria,
            "requested_review_type": rng.choice(REVIEW_TYPES),
            "family_informed_date": created_day,
            "media_interest": "yes" if urgent and rng.random() < 0.3 else "no",
            "is_urgent": urgent and status != S.DRAFT,
        }
        if status != S.DRAFT:
            year = created_day.year
            counters[year] += 1
            values |= {
                "reference": f"SPR-{year}-{counters[year]:04d}",
                "submitted_at": aware_dt(created_day) + timedelta(hours=2),
                "submitted_by_id": owner.pk,
            }
        if status == S.WITHDRAWN:
            values |= {
                "withdrawn_at": aware_dt(created_day) + timedelta(days=2),
                "withdrawal_reason": "Withdrawn.",
            }
        referrals.append(Referral(**values))
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    for year, last in counters.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    log(f"{len(referrals)} referrals")

    children, family, involved, events = [], [], [], []
    for r in referrals:
        for c in range(rng.randint(1, 3)):
            children.append(
                Child(
                    referral_id=r.pk,
                    full_name=child_name(rng),
                    other_names=child_name(rng) if rng.random() < 0.1 else "",
                    date_of_birth=r.aware_date - timedelta(days=rng.randint(200, 6000)),
                    sex=rng.choice(["female", "male", "not_known"]),
                    ethnicity="Not known",
                    home_address=f"Flat {c}, Example House {r.pk}, Croydon",
                    school_or_setting="Example Primary School",
                    legal_status=rng.choice(["none", "child_in_need", "cp_plan", "looked_after"]),
                )
            )
        for f in range(rng.randint(1, 2)):
            family.append(
                FamilyMember(
                    referral_id=r.pk,
                    full_name=f"Parent {r.pk}-{f}",
                    relationship=["Mother", "Father", "Stepfather", "Grandmother"][f],
                    household_member="yes",
                    alleged_perpetrator="unknown",
                )
            )
        for agency in rng.sample(agencies, rng.randint(1, 3)):
            involved.append(
                AgencyInvolved(
                    referral_id=r.pk,
                    agency_id=agency.pk,
                    contact_name="Duty manager",
                    contact_details="duty@agency.example",
                    involvement="Involved with the family for two years.",
                    still_involved="yes",
                )
            )
        events.append(
            ReferralEvent(referral_id=r.pk, action="referral.started", to_status=S.DRAFT, at=r.created_at)
        )
        if r.status != S.DRAFT:
            events.append(
                ReferralEvent(
                    referral_id=r.pk,
                    action="referral.submitted",
                    from_status=S.DRAFT,
                    to_status=S.SUBMITTED,
                    actor_id=r.created_by_id,
                    at=r.submitted_at,
                )
            )
    for model, rows in (
        (Child, children),
        (FamilyMember, family),
        (AgencyInvolved, involved),
        (ReferralEvent, events),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
        log(f"{len(rows)} {model._meta.verbose_name_plural}")
    return referrals


def seed_triage(rng, referrals, themes, members):
    today = timezone.localdate()
    triages, rapid_reviews = [], []
    for r in referrals:
        if r.status == S.DRAFT or (r.status == S.SUBMITTED and rng.random() < 0.5):
            continue
        aware = r.aware_date
        sin_due = aware + timedelta(days=7)
        sin_required = rng.random() < 0.7
        open_ = r.status in OPEN_STATES
        # The notification is usually sent in time; a few are late (most with the reason the
        # Panel asks) or still outstanding.
        sin_sent, late_reason = None, ""
        if sin_required and (not open_ or sin_due < today or rng.random() < 0.5):
            roll = rng.random()
            if roll < 0.9:
                sin_sent = sin_due - timedelta(days=rng.randint(0, 4))
            elif roll < 0.97 or not open_:
                sin_sent = min(today, sin_due + timedelta(days=rng.randint(1, 6)))
                late_reason = "Waited for the duty manager's sign-off." if rng.random() < 0.8 else ""
        # A rapid review runs once the referral reaches that stage.
        has_rr = sin_sent is not None and r.status not in (S.SUBMITTED, S.SCREENING)
        rr_due = sin_sent + timedelta(days=21) if has_rr else None
        rr_done = has_rr and r.status != S.RAPID_REVIEW
        next_due = None
        if open_:
            candidates = [
                d
                for d in ((sin_due if sin_required and not sin_sent else None), None if rr_done else rr_due)
                if d
            ]
            next_due = min(candidates) if candidates else None
        t = Triage(
            referral_id=r.pk,
            assigned_to_id=rng.choice(members).pk if rng.random() < 0.7 else None,
            sin_required=sin_required if r.status != S.SUBMITTED else None,
            la_aware_on=aware,
            sin_due=sin_due if sin_required else None,
            sin_sent_on=sin_sent,
            sin_late_reason=late_reason if sin_sent and sin_sent > sin_due else "",
            panel_reference=f"PANEL-{r.pk}" if sin_sent else "",
            rapid_review_due=rr_due,
            next_due=next_due,
        )
        t._status = r.status
        t._rr_done = rr_done
        triages.append(t)
    Triage.objects.bulk_create(triages, batch_size=BATCH)
    Through = Triage.themes.through
    Through.objects.bulk_create(
        [
            Through(triage_id=t.pk, theme_id=theme.pk)
            for t in triages
            for theme in rng.sample(themes, rng.randint(1, 3))
        ],
        batch_size=BATCH * 2,
    )
    for t in triages:
        if t.rapid_review_due:
            done = t._rr_done
            rapid_reviews.append(
                RapidReview(
                    triage_id=t.pk,
                    started_on=t.sin_sent_on,
                    due=t.rapid_review_due,
                    key_practice_episodes=PARAGRAPH,
                    recommendation=rng.choice(["spr", "other_learning", "none"]) if done else "",
                    sent_to_panel_on=t.rapid_review_due - timedelta(days=2) if done else None,
                )
            )
    RapidReview.objects.bulk_create(rapid_reviews, batch_size=BATCH)
    store_referral_next_due(referrals, triages)
    log(f"{len(triages)} triage rows, {len(rapid_reviews)} rapid reviews (today {today})")
    return triages


def published_dates(rng, status, decided_on, today) -> dict:
    """A published case's planned and first publication dates and when its final report went
    to the Panel and the Secretary of State: most in time, some late, most late ones with the
    reason (issue 16 §2)."""
    if status not in PUBLISHED_STAGES:
        return {}
    published = min(today, decided_on + timedelta(days=rng.randint(150, 230)))
    sent = published - timedelta(days=rng.randint(7, 30))
    late = published > decided_on + timedelta(days=183)
    return {
        "planned_publication_on": published,
        "published_on": published,
        "final_report_sent_panel_on": sent,
        "final_report_sent_sos_on": sent,
        "final_report_late_reason": "The Panel's comments came late."
        if sent > published - timedelta(days=9)
        else "",
        "publication_late_reason": "Criminal proceedings came first." if late and rng.random() < 0.8 else "",
    }


def store_referral_next_due(referrals, triages) -> None:
    """Referral.next_due, where the queue, the dashboard and the reminders read every clock
    (issue 16): triage's earliest open one, or before triage the provisional Panel notification
    (the referrer's awareness date + 5 working days). Bulk inserts send no post_save, so the
    seed stores it as the services do."""
    from cscp.calendar import add_working_days

    by_referral = {t.referral_id: t.next_due for t in triages}
    changed = []
    for r in referrals:
        if r.status not in OPEN_STATES:
            continue
        if r.pk in by_referral:
            r.next_due = by_referral[r.pk]
        else:
            r.next_due = add_working_days(r.aware_date, 5) if r.aware_date else None
        changed.append(r)
    Referral.objects.bulk_update(changed, ["next_due"], batch_size=BATCH)


def seed_decisions_and_cases(rng, referrals, themes, users, coordinator, agencies):
    decided = [r for r in referrals if r.status in (S.DECIDED, S.CLOSED)]
    rng.shuffle(decided)
    review_referrals = decided[:REVIEW_CASES]
    years = {r.created_at.year for r in review_referrals}
    counters = next_numbers(ReviewReferenceCounter, years | {timezone.localdate().year})
    today = timezone.localdate()

    cases = []
    for r in sorted(review_referrals, key=lambda r: r.created_at):
        decided_on = r.created_at.date() + timedelta(days=rng.randint(20, 50))
        if decided_on > today:
            decided_on = today
        year = decided_on.year
        counters[year] = counters.get(year, 0) + 1
        age_days = (today - decided_on).days
        # Young cases are under way; old ones published or closed, a few still held up.
        if age_days < 200:
            status = weighted(rng, CASE_STATUS_WEIGHTS[:6])
        elif age_days < 540:
            status = weighted(rng, CASE_STATUS_WEIGHTS[2:])
        elif rng.random() < 0.01:
            status = rng.choice([ReviewStatus.ON_HOLD, ReviewStatus.PUBLICATION_DEFERRED])
        else:
            status = weighted(
                rng,
                [
                    (s, w)
                    for s, w in CASE_STATUS_WEIGHTS
                    if s in PUBLISHED_STAGES | {ReviewStatus.NOT_PUBLISHED}
                ],
            )
        case = ReviewCase(
            reference=f"REV-{year}-{counters[year]:03d}",
            review_type=rng.choice(
                [ReviewType.SPR, ReviewType.LEARNING_REVIEW, ReviewType.NEAR_MISS_INQUIRY]
            ),
            status=status,
            title=f"Review of referral {r.reference}",
            pseudonym=f"Child {r.pk}",
            commissioned_on=decided_on,
            target_publication_on=decided_on + timedelta(days=183),
            created_by_id=coordinator.pk,
            methodology=rng.choice(["systems", "silp", "appreciative"]),
            rag=rng.choice(["green", "green", "amber", "red"]) if age_days < 400 else "green",
            on_hold_from_status=ReviewStatus.IN_PROGRESS if status == ReviewStatus.ON_HOLD else "",
            on_hold_reason="Criminal proceedings." if status == ReviewStatus.ON_HOLD else "",
            **published_dates(rng, status, decided_on, today),
        )
        case._referral = r
        case._decided_on = decided_on
        cases.append(case)
    ReviewCase.objects.bulk_create(cases, batch_size=BATCH)
    for year, last in counters.items():
        ReviewReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    RefThrough = ReviewCase.referrals.through
    RefThrough.objects.bulk_create(
        [RefThrough(reviewcase_id=c.pk, referral_id=c._referral.pk) for c in cases]
    )
    ThemeThrough = ReviewCase.themes.through
    ThemeThrough.objects.bulk_create(
        [
            ThemeThrough(reviewcase_id=c.pk, theme_id=t.pk)
            for c in cases
            for t in rng.sample(themes, rng.randint(1, 3))
        ]
    )
    log(f"{len(cases)} review cases")

    case_by_referral = {c._referral.pk: c for c in cases}
    decisions = []
    for r in decided:
        case = case_by_referral.get(r.pk)
        if case is not None:
            outcome = {
                ReviewType.SPR: DecisionOutcome.SPR,
                ReviewType.LEARNING_REVIEW: DecisionOutcome.LEARNING_REVIEW,
                ReviewType.NEAR_MISS_INQUIRY: DecisionOutcome.NEAR_MISS_INQUIRY,
            }[case.review_type]
            decided_on = case._decided_on
        else:
            outcome = weighted(rng, OUTCOME_WEIGHTS)
            decided_on = min(r.created_at.date() + timedelta(days=rng.randint(20, 50)), today)
        decisions.append(
            Decision(
                referral_id=r.pk,
                outcome=outcome,
                referred_to="Child death review" if outcome == DecisionOutcome.REFERRED_ELSEWHERE else "",
                linked_review_id=rng.choice(cases).pk
                if outcome == DecisionOutcome.LINKED_TO_REVIEW
                else None,
                review_case_id=case.pk if case else None,
                rationale="The Review Group's rationale. " + PARAGRAPH,
                message_to_referrer="Thank you for your referral; the Review Group has decided.",
                decided_on=decided_on,
                la_agreed_by="Director of Children's Services",
                icb_agreed_by="Chief Nurse",
                police_agreed_by="Detective Superintendent",
                recorded_by_id=coordinator.pk,
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    log(f"{len(decisions)} decisions")

    reviewers = users[Role.REVIEWER]
    appointments, checks, recommendations = [], [], []
    for c in cases:
        if c.status != ReviewStatus.COMMISSIONED:
            appointments.append(
                ReviewerAppointment(
                    case_id=c.pk,
                    reviewer_id=rng.choice(reviewers).pk,
                    appointed_on=c.commissioned_on + timedelta(days=14),
                )
            )
        for k in range(rng.randint(0, 3)):
            checks.append(
                ProgressCheck(
                    case_id=c.pk,
                    checked_on=c.commissioned_on + timedelta(days=30 * (k + 1)),
                    rag=rng.choice(["green", "green", "amber", "red"]),
                    notes="On track, agency chronologies received.",
                    recorded_by_id=coordinator.pk,
                )
            )
        if c.status in ACTION_STAGES and rng.random() < 0.6:
            for number in range(1, rng.randint(2, 5)):
                rec = Recommendation(
                    case_id=c.pk,
                    number=number,
                    text=f"Recommendation {number}: agencies should share information at the strategy discussion.",
                    addressed_to="partnership",
                    accepted=True,
                )
                rec._case = c
                recommendations.append(rec)
    ReviewerAppointment.objects.bulk_create(appointments, batch_size=BATCH)
    ProgressCheck.objects.bulk_create(checks, batch_size=BATCH)
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
    actions = []
    for rec in recommendations:
        for _ in range(rng.randint(1, 3)):
            due = rec._case.target_publication_on + timedelta(days=rng.randint(30, 365))
            # Most actions past their date were done; a few from the last months are overdue.
            closed = rec._case.status == ReviewStatus.CLOSED or (
                due < today and (due < today - timedelta(days=120) or rng.random() < 0.7)
            )
            if due < today - timedelta(days=120) and rng.random() < 0.005:
                closed = False
            actions.append(
                ActionItem(
                    recommendation_id=rec.pk,
                    action="Audit of strategy discussions across the partnership.",
                    owner_agency_id=rng.choice(agencies).pk,
                    owner_name="Head of Quality Assurance",
                    due_on=due,
                    rag=rng.choice(["green", "amber", "red"]),
                    state=ActionItem.State.CLOSED if closed else ActionItem.State.OPEN,
                    evidence="Audit report presented to the partnership." if closed else "",
                    closed_on=due if closed else None,
                )
            )
    ActionItem.objects.bulk_create(actions, batch_size=BATCH)
    log(
        f"{len(appointments)} appointments, {len(checks)} progress checks, {len(recommendations)} recommendations, {len(actions)} actions"
    )
    return cases


SAMPLE = sample_pdf()


def seed_publications(rng, cases, themes, coordinator, coordinator2):
    media = Path(settings.MEDIA_ROOT) / "publications" / "renders" / "bench"
    media.mkdir(parents=True, exist_ok=True)
    (media / "sample.pdf").write_bytes(SAMPLE)
    eligible = [c for c in cases if c.status in PUBLISHED_STAGES]
    rng.shuffle(eligible)
    chosen = eligible[:PUBLICATIONS]
    if len(chosen) < PUBLICATIONS:
        raise SystemExit(f"only {len(chosen)} review cases could carry a publication")
    words = [
        "neglect",
        "domestic abuse",
        "bruising",
        "strategy discussion",
        "adolescent",
        "exploitation",
        "mental health",
        "school attendance",
        "health visiting",
        "information sharing",
    ]
    pubs = []
    for n, c in enumerate(chosen):
        published = aware_dt(c.target_publication_on)
        status = Publication.Status.LIVE
        if n % 50 == 1:
            status = Publication.Status.WITHDRAWN
        elif n % 50 == 2:
            status = Publication.Status.DRAFT
        topic = rng.sample(words, 3)
        pubs.append(
            Publication(
                case_id=c.pk,
                kind=Publication.Kind.REVIEW,
                status=status,
                title=f"'Child {c.pk}': learning about {topic[0]}",
                pseudonym=f"Child {c.pk}",
                slug=f"child-{c.pk}-{c.reference.lower()}",
                review_type=c.review_type,
                mode=rng.choice(["full", "full", "full", "summary"]),
                summary=f"This review looked at {topic[0]} and {topic[1]}. " + PARAGRAPH * 2,
                learning="\n".join(f"Learning about {w}" for w in topic),
                recommendations="\n".join(f"Recommendation {k}: improve {w}" for k, w in enumerate(topic, 1)),
                methodology="SILP",
                age_band=rng.choice(AgeBand.values),
                year=published.year if status != Publication.Status.DRAFT else None,
                published_at=published if status != Publication.Status.DRAFT else None,
                withdrawn_at=published + timedelta(days=400)
                if status == Publication.Status.WITHDRAWN
                else None,
                withdrawal_reason="Court order." if status == Publication.Status.WITHDRAWN else "",
                family_told_on=c.target_publication_on - timedelta(days=7),
                min_public_until=c.target_publication_on + timedelta(days=366),
                created_by_id=coordinator.pk,
                last_edited_by_id=coordinator.pk,
                published_by_id=coordinator2.pk if status != Publication.Status.DRAFT else None,
            )
        )
    Publication.objects.bulk_create(pubs, batch_size=BATCH)
    Through = Publication.themes.through
    Through.objects.bulk_create(
        [
            Through(publication_id=p.pk, theme_id=t.pk)
            for p in pubs
            for t in rng.sample(themes, rng.randint(1, 3))
        ]
    )
    sections = [
        PublicationSection(
            publication_id=p.pk, position=k, heading=heading, body=(PARAGRAPH * 3 + "\n\n") * 3
        )
        for p in pubs
        for k, heading in enumerate(["Introduction", "Key practice episodes", "Findings", "Conclusion"], 1)
    ]
    PublicationSection.objects.bulk_create(sections, batch_size=BATCH)
    renders = [
        Render(
            publication_id=p.pk,
            kind=kind,
            state=Render.State.DONE,
            content_version=p.content_version,
            content_hash="0" * 64,
            file="publications/renders/bench/sample.pdf",
            pages=1,
            size=len(SAMPLE),
            attempts=1,
            started_at=p.published_at,
            finished_at=p.published_at,
        )
        for p in pubs
        if p.status == Publication.Status.LIVE
        for kind in (Render.Kind.REPORT, Render.Kind.BRIEFING)
    ]
    Render.objects.bulk_create(renders, batch_size=BATCH)
    log(f"{len(pubs)} publications, {len(sections)} sections, {len(renders)} renders")


def seed_reference(rng):
    groups = BenchGroup.objects.bulk_create(
        [
            BenchGroup(name=f"Group {n}", kind=rng.choice(["council", "police", "health", "school"]))
            for n in range(100)
        ]
    )
    today = timezone.localdate()
    BenchItem.objects.bulk_create(
        [
            BenchItem(
                group=rng.choice(groups),
                reference=f"ITEM-{n:05d}",
                title=f"Reference item number {n} with a title of ordinary length",
                status=rng.choice(["open", "closed", "waiting"]),
                due_on=today + timedelta(days=rng.randint(-30, 30)),
            )
            for n in range(REFERENCE_ROWS)
        ],
        batch_size=BATCH,
    )
    log(f"{REFERENCE_ROWS} reference rows")


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if seeded():
        log(f"already seeded at version {SEED_VERSION}: reusing the database")
        return
    if Referral.objects.exists():
        raise SystemExit(
            "the bench database holds data from another seed version: drop it first (run.py --reseed)"
        )
    log("demo accounts and data (seed_demo)")
    call_command("seed_demo", force=True, verbosity=0)
    rng = random.Random(8)  # noqa: S311 (synthetic data, not security)
    with transaction.atomic():
        agencies = list(Agency.objects.order_by("id"))
        extra = [Agency(name=f"Bench agency {n}", kind="other") for n in range(20)]
        agencies += Agency.objects.bulk_create(extra)
        themes = list(Theme.objects.order_by("id"))
        users = seed_users(rng, agencies)
        coordinator = User.objects.get(email="coordinator@demo.example")
        coordinator2 = User.objects.get(email="coordinator2@demo.example")
        users[Role.MEMBER] += list(User.objects.filter(email="member@demo.example"))
        referrals = seed_referrals(rng, agencies, users, themes, coordinator)
        seed_triage(rng, referrals, themes, users[Role.MEMBER])
        cases = seed_decisions_and_cases(rng, referrals, themes, users, coordinator, agencies)
        seed_publications(rng, cases, themes, coordinator, coordinator2)
        seed_reference(rng)
        # The referrals were bulk-created (no signals): the partnership register from all of them.
        from publications.guard import register

        log(f"partnership register from {register.rebuild()} referrals")
        public_cache.bump()
        BenchSeed.objects.create(version=SEED_VERSION, seconds=time.perf_counter() - started)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now
    log(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
