from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cscp.accounts.models import Agency, AllowedDomain, User
from cscp.accounts.roles import Role
from cscp.core.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (Agency.objects.count(), AllowedDomain.objects.count(), User.objects.count())


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_it_creates_the_partner_agencies(debug_on):
    seed()

    partners = set(Agency.objects.filter(is_statutory_partner=True).values_list("kind", flat=True))
    assert partners == {Agency.Kind.LOCAL_AUTHORITY, Agency.Kind.POLICE, Agency.Kind.HEALTH}
    kinds = set(Agency.objects.values_list("kind", flat=True))
    assert {Agency.Kind.EDUCATION, Agency.Kind.VOLUNTARY} <= kinds


def test_it_allow_lists_the_demo_and_partner_domains(debug_on):
    seed()

    assert AllowedDomain.objects.admits("someone@demo.example")
    assert AllowedDomain.objects.admits("someone@croydon.gov.uk")
    assert AllowedDomain.objects.admits("someone@trust.nhs.net")
    assert AllowedDomain.objects.get(domain="demo.example").agency.kind == Agency.Kind.LOCAL_AUTHORITY


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.email)
def test_it_creates_each_demo_account_in_its_role(debug_on, account):
    seed()

    user = User.objects.get(email=account.email)
    assert user.check_password(DEMO_PASSWORD)
    assert user.email_verified_at is not None
    assert user.roles == {account.role}
    assert user.full_name and user.job_title


def test_it_puts_the_two_referrers_in_different_agencies(debug_on):
    seed()

    referrers = User.objects.filter(groups__name=Role.REFERRER)
    assert referrers.count() == 2
    assert len({user.agency_id for user in referrers}) == 2


def test_it_makes_the_admin_a_superuser(debug_on):
    seed()

    admin = User.objects.get(email="admin@demo.example")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()


def test_it_prints_the_accounts_table(debug_on):
    out = seed()

    assert DEMO_PASSWORD in out
    for account in ACCOUNTS:
        assert account.email in out


def test_it_is_idempotent_and_resets_passwords(debug_on):
    seed()
    before = counts()
    user = User.objects.get(email="member@demo.example")
    user.set_password("changed-by-someone")
    user.save()

    seed()

    assert counts() == before
    assert User.objects.get(email="member@demo.example").check_password(DEMO_PASSWORD)


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        seed()

    assert not User.objects.exists()


def test_it_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed("--force")

    assert User.objects.count() == len(ACCOUNTS)


# --- Demo referrals (referrals/draft/demo.py) ------------------------------------------------


def referral_counts():
    from referrals.models import Child, ReferenceCounter, Referral, ReferralEvent

    return (
        Referral.objects.count(),
        Child.objects.count(),
        ReferralEvent.objects.count(),
        list(ReferenceCounter.objects.values_list("year", "last_number")),
    )


def test_it_adds_about_twenty_referrals_in_every_status_for_both_referrers(debug_on):
    from referrals.models import Referral, ReferralStatus

    seed()

    assert 18 <= Referral.objects.count() <= 25
    for email in ["referrer@demo.example", "referrer2@demo.example"]:
        assert Referral.objects.filter(created_by__email=email).count() >= 8
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


def test_demo_referrals_beyond_submitted_say_they_are_demo_data(debug_on):
    from referrals.models import Referral, ReferralStatus

    seed()

    moved_on = Referral.objects.exclude(status__in=[ReferralStatus.DRAFT, ReferralStatus.SUBMITTED])
    for referral in moved_on:
        assert referral.events.filter(to_status=referral.status, note__icontains="demo data").exists()


def test_demo_referrals_are_submitted_complete_with_distinct_references(debug_on):
    from referrals.draft.steps import incomplete_steps
    from referrals.models import Referral, ReferralStatus

    seed()

    submitted = Referral.objects.exclude(status=ReferralStatus.DRAFT)
    references = [referral.reference for referral in submitted]
    assert all(references) and len(set(references)) == len(references)
    for referral in submitted:
        assert incomplete_steps(referral) == [], referral.reference
        assert referral.events.filter(action="referral.submitted").exists()
    assert Referral.objects.filter(is_urgent=True).exists()
    assert not Referral.objects.filter(status=ReferralStatus.DRAFT, reference__isnull=False).exists()


def test_demo_referrals_send_no_email(debug_on):
    from cscp.notifications.models import OutgoingEmail

    seed()

    assert not OutgoingEmail.objects.exists()


def test_a_second_run_adds_no_referrals(debug_on):
    seed()
    before = referral_counts()

    out = seed()

    assert referral_counts() == before
    assert "Demo referrals: 0 added" in out
