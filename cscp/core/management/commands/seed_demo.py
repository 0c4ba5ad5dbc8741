"""Demo data for `make run`: partner agencies, allow-listed domains, one account per role,
about twenty referrals in every status (referrals/demo.py) and their triage, clocks, decisions
and review cases (reviews/triage/demo.py, reviews/decision/demo.py, reviews/cases/demo.py), and
published reports with key messages (publications/staff/demo.py).

Idempotent: a second run updates the same rows and resets every demo password. Refuses to run
with DEBUG off unless forced, so a production database never gains accounts with a published
password by accident.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import Agency, AllowedDomain, User
from cscp.accounts.roles import Role
from publications.staff.demo import seed_publications
from referrals.draft.demo import DEMO_REFERRALS, seed_referrals
from reviews.triage.demo import seed_triage

DEMO_PASSWORD = "demo-password"

COUNCIL = "Croydon Council Children's Social Care"
POLICE = "Metropolitan Police"
ICB = "South West London ICB"
TRUST = "Croydon Health Services NHS Trust"
SCHOOL = "Norbury Manor Primary School"
VOLUNTARY = "Croydon Family Support Network"

AGENCIES = [
    # name, kind, one of the three statutory safeguarding partners
    (COUNCIL, Agency.Kind.LOCAL_AUTHORITY, True),
    (POLICE, Agency.Kind.POLICE, True),
    (ICB, Agency.Kind.HEALTH, True),
    (TRUST, Agency.Kind.HEALTH, False),
    (SCHOOL, Agency.Kind.EDUCATION, False),
    (VOLUNTARY, Agency.Kind.VOLUNTARY, False),
]

DOMAINS = [
    # domain, include subdomains, agency
    ("demo.example", False, COUNCIL),
    ("croydon.gov.uk", True, COUNCIL),
    ("met.police.uk", True, POLICE),
    ("nhs.net", True, None),  # shared by every NHS body: no single agency
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    full_name: str
    job_title: str
    agency: str | None
    superuser: bool = False


ACCOUNTS = [
    DemoAccount("referrer@demo.example", Role.REFERRER, "Priya Shah", "Senior Social Worker", COUNCIL),
    DemoAccount(
        "referrer2@demo.example", Role.REFERRER, "Daniel Okafor", "Designated Safeguarding Lead", SCHOOL
    ),
    DemoAccount(
        "member@demo.example",
        Role.MEMBER,
        "Helen Marsh",
        "Detective Chief Inspector, Public Protection",
        POLICE,
    ),
    DemoAccount(
        "coordinator@demo.example", Role.COORDINATOR, "Amara Bello", "Partnership Business Manager", COUNCIL
    ),
    DemoAccount(
        "coordinator2@demo.example", Role.COORDINATOR, "Tom Reynolds", "Learning and Review Officer", COUNCIL
    ),
    DemoAccount("reviewer@demo.example", Role.REVIEWER, "Margaret Ellison", "Independent Reviewer", None),
    DemoAccount("reviewer2@demo.example", Role.REVIEWER, "Samuel Adeyemi", "Independent Reviewer", None),
    DemoAccount(
        "admin@demo.example", Role.ADMIN, "Chris Walker", "Systems Administrator", COUNCIL, superuser=True
    ),
]


class Command(BaseCommand):
    help = "Load demo agencies, domains, accounts (password: demo-password), referrals and their triage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a live service)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password and only runs with DJANGO_DEBUG=true. "
                "Use --force to run it anyway (never on a live service)."
            )
        with transaction.atomic():
            agencies = seed_agencies()
            seed_domains(agencies)
            users = [seed_account(account, agencies) for account in ACCOUNTS]
            referrals = seed_referrals(agencies=agencies)
            triages = seed_triage(agencies=agencies)
            by_email = {user.email: user for user in users}
            publications = seed_publications(
                by_email["coordinator@demo.example"], by_email["coordinator2@demo.example"]
            )
        self.print_accounts(users)
        self.stdout.write(f"Demo referrals: {referrals} added ({len(DEMO_REFERRALS)} in the demo set).")
        self.stdout.write(f"Demo triage: {triages} added (clocks, rapid reviews, decisions, review cases).")
        self.stdout.write(f"Demo publications: {publications} added (their PDFs are rendered by Celery).")

    def print_accounts(self, users):
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {DEMO_PASSWORD}):"))
        self.stdout.write(f"  {'email':<28} {'role':<12} {'name':<18} agency")
        for user in users:
            role = ", ".join(sorted(user.groups.values_list("name", flat=True)))
            agency = user.agency.name if user.agency else "(independent)"
            self.stdout.write(f"  {user.email:<28} {role:<12} {user.full_name:<18} {agency}")


def seed_agencies() -> dict[str, Agency]:
    agencies = {}
    for name, kind, statutory in AGENCIES:
        agencies[name], _ = Agency.objects.update_or_create(
            name=name, defaults={"kind": kind, "is_statutory_partner": statutory, "is_active": True}
        )
    return agencies


def seed_domains(agencies: dict[str, Agency]) -> None:
    for domain, include_subdomains, agency in DOMAINS:
        AllowedDomain.objects.update_or_create(
            domain=domain,
            defaults={"include_subdomains": include_subdomains, "agency": agencies.get(agency)},
        )


def seed_account(account: DemoAccount, agencies: dict[str, Agency]) -> User:
    user = User.objects.filter(email__iexact=account.email).first() or User(email=account.email)
    user.full_name = account.full_name
    user.job_title = account.job_title
    user.agency = agencies.get(account.agency)
    user.is_active = True
    user.is_staff = account.superuser
    user.is_superuser = account.superuser
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=account.role)])
    return user
