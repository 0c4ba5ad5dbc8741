"""The Django admin sends the enrolment invitation when it grants a staff role, re-enrols on
request, and asks for a recent second factor before changing an account (issue 18 §2)."""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

INVITATION = "accounts-enrolment-invitation"


def test_creating_a_staff_account_emails_its_invitation(admin_user, staff_client_for):
    client = staff_client_for(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.member@council.example",
            "full_name": "New Member",
            "groups": [Group.objects.get(name=Role.MEMBER).pk],
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.member@council.example")
    assert OutgoingEmail.objects.filter(to=user.email, template=INVITATION).exists()


def test_the_admin_action_re_enrols_staff_but_not_the_admin_themself(admin_user, member, staff_client_for):
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    client = staff_client_for(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_new_enrolment_link", "_selected_action": [member.pk, admin_user.pk]},
    )
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert list(OutgoingEmail.objects.filter(template=INVITATION).values_list("to", flat=True)) == [
        member.email
    ]


def test_changing_an_account_asks_for_the_second_factor_again_when_it_is_stale(
    admin_user, member, staff_client_for
):
    client = staff_client_for(admin_user)
    session = client.session
    session["cscp_second_factor_at"] = int(time.time()) - 16 * 60
    session.save()
    url = reverse("admin:accounts_user_change", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": member.email})
    assert response.url.startswith(reverse("accounts:two_factor_confirm"))
