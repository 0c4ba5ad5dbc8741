from io import StringIO

import pytest
from django.core.management import call_command

from cscp.accounts.models import Agency, AllowedDomain, User
from cscp.accounts.roles import Role
from cscp.core.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# Most tests read the demo world that tests/conftest.py seeds once for this module; those about
# seeding again seed on top of it. Those that need an empty database are in
# tests/test_seed_demo_debug.py.


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (Agency.objects.count(), AllowedDomain.objects.count(), User.objects.count())


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_it_creates_the_partner_agencies(demo_world):
    partners = set(Agency.objects.filter(is_statutory_partner=True).values_list("kind", flat=True))
    assert partners == {Agency.Kind.LOCAL_AUTHORITY, Agency.Kind.POLICE, Agency.Kind.HEALTH}
    kinds = set(Agency.objects.values_list("kind", flat=True))
    assert {Agency.Kind.EDUCATION, Agency.Kind.VOLUNTARY} <= kinds


def test_it_allow_lists_the_demo_and_partner_domains(demo_world):
    assert AllowedDomain.objects.admits("someone@demo.example")
    assert AllowedDomain.objects.admits("someone@croydon.gov.uk")
    assert AllowedDomain.objects.admits("someone@trust.nhs.net")
    assert AllowedDomain.objects.get(domain="demo.example").agency.kind == Agency.Kind.LOCAL_AUTHORITY


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.email)
def test_it_creates_each_demo_account_in_its_role(demo_world, account):
    user = User.objects.get(email=account.email)
    assert user.check_password(DEMO_PASSWORD)
    assert user.email_verified_at is not None
    assert user.roles == {account.role}
    assert user.full_name and user.job_title


def test_it_puts_the_two_referrers_in_different_agencies(demo_world):
    referrers = User.objects.filter(groups__name=Role.REFERRER)
    assert referrers.count() == 2
    assert len({user.agency_id for user in referrers}) == 2


def test_it_makes_the_admin_a_superuser(demo_world):
    admin = User.objects.get(email="admin@demo.example")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()


def test_it_prints_the_accounts_table(demo_world):
    out = demo_world.output

    assert DEMO_PASSWORD in out
    for account in ACCOUNTS:
        assert account.email in out


def test_it_is_idempotent_and_resets_passwords(demo_world, debug_on):
    before = counts()
    user = User.objects.get(email="member@demo.example")
    user.set_password("changed-by-someone")
    user.save()

    seed()

    assert counts() == before
    assert User.objects.get(email="member@demo.example").check_password(DEMO_PASSWORD)


# --- Demo referrals (referrals/draft/demo.py) ------------------------------------------------


def referral_counts():
    from referrals.models import Child, ReferenceCounter, Referral, ReferralEvent

    return (
        Referral.objects.count(),
        Child.objects.count(),
        ReferralEvent.objects.count(),
        list(ReferenceCounter.objects.values_list("year", "last_number")),
    )


def test_it_adds_about_twenty_referrals_in_every_status_for_both_referrers(demo_world):
    from referrals.models import Referral, ReferralStatus

    assert 18 <= Referral.objects.count() <= 25
    for email in ["referrer@demo.example", "referrer2@demo.example"]:
        assert Referral.objects.filter(created_by__email=email).count() >= 8
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


def test_demo_referrals_beyond_submitted_say_they_are_demo_data(demo_world):
    from referrals.models import Referral, ReferralStatus

    moved_on = Referral.objects.exclude(status__in=[ReferralStatus.DRAFT, ReferralStatus.SUBMITTED])
    for referral in moved_on:
        assert referral.events.filter(to_status=referral.status, note__icontains="demo data").exists()


def test_demo_referrals_are_submitted_complete_with_distinct_references(demo_world):
    from referrals.draft.steps import incomplete_steps
    from referrals.models import Referral, ReferralStatus

    submitted = Referral.objects.exclude(status=ReferralStatus.DRAFT)
    references = [referral.reference for referral in submitted]
    assert all(references) and len(set(references)) == len(references)
    for referral in submitted:
        assert incomplete_steps(referral) == [], referral.reference
        assert referral.events.filter(action="referral.submitted").exists()
    assert Referral.objects.filter(is_urgent=True).exists()
    assert not Referral.objects.filter(status=ReferralStatus.DRAFT, reference__isnull=False).exists()


def test_demo_referrals_send_no_email(demo_world):
    from cscp.notifications.models import OutgoingEmail

    assert not OutgoingEmail.objects.exists()


def test_a_second_run_adds_no_referrals(demo_world, debug_on):
    before = referral_counts()

    out = seed()

    assert referral_counts() == before
    assert "Demo referrals: 0 added" in out
