"""Issue 18 §2: a staff account not yet enrolled could be enrolled by anyone who had only its
password. Now only the invitation's link, sent to the account's own address, enrols."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def test_the_password_alone_no_longer_enrols_a_second_factor():
    staff = UserFactory(email="new.member@council.example", roles=[Role.MEMBER])
    attacker = Client()
    signed_in = attacker.post(reverse("accounts:login"), {"username": staff.email, "password": PASSWORD})
    assert signed_in.status_code == 302

    setup = reverse("accounts:two_factor_setup")
    page = attacker.get(setup).content.decode()
    assert "data:image/png;base64," not in page and 'id="setup-key"' not in page
    assert "set up from the link in the invitation email" in page
    # Whatever device might exist, a code posted to the old enrolment page enrols nothing.
    device = TOTPDevice.objects.filter(user=staff).first()
    attacker.post(setup, {"otp_token": _code(device) if device else "123456"})
    for guess in ("x", "0" * 40, "eyJ1IjoxfQ:1abc:def"):
        assert attacker.get(reverse("accounts:two_factor_enrol", args=[guess])).status_code == 400
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    # And no service page opens.
    assert attacker.get(reverse("reviews:queue")).status_code == 302
