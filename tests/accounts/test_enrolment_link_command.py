from io import StringIO
from urllib.parse import urlsplit

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.accounts import enrolment

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("enrolment_link", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_working_link_and_audits_it(admin_user, settings):
    output = run("ADMIN@council.example")
    link = next(line for line in output.splitlines() if line.startswith(settings.CSCP_SITE_URL))
    token = urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]
    assert enrolment.invited_device(token, admin_user) is not None
    assert LogEntry.objects.filter(
        object_pk=str(admin_user.pk), additional_data__event="enrolment_link_printed"
    ).exists()


def test_it_refuses_an_unknown_address(db):
    with pytest.raises(CommandError, match="No account has the email address"):
        run("nobody@council.example")


def test_it_refuses_a_referrer(referrer):
    with pytest.raises(CommandError, match="not an active staff account"):
        run(referrer.email)


def test_it_keeps_an_enrolled_app_unless_told_to_replace_it(member):
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    with pytest.raises(CommandError, match="--replace"):
        run(member.email)
    assert "works once" in run(member.email, "--replace")
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
