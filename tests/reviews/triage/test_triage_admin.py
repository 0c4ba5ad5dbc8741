"""Triage and rapid reviews in the Django admin: read-only, for system administrators only."""

import pytest
from django.urls import reverse

from reviews.triage import services
from tests.factories import submitted_referral_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def triage(member):
    referral = submitted_referral_factory()
    return services.triage_start(referral=referral, by=member)


@pytest.mark.parametrize("model", ["triage", "rapidreview"])
def test_admins_list_them(admin_user, staff_client_for, triage, model):
    response = staff_client_for(admin_user).get(reverse(f"admin:reviews_{model}_changelist"))
    assert response.status_code == 200


def test_admins_open_a_triage_read_only(admin_user, staff_client_for, triage):
    html = (
        staff_client_for(admin_user)
        .get(reverse("admin:reviews_triage_change", args=[triage.pk]))
        .content.decode()
    )
    assert triage.referral.reference in html
    assert 'name="_save"' not in html


@pytest.mark.parametrize("name", ["admin:reviews_triage_add", "admin:reviews_rapidreview_add"])
def test_nobody_adds_them_in_the_admin(admin_user, staff_client_for, name):
    assert staff_client_for(admin_user).get(reverse(name)).status_code == 403


def test_other_staff_do_not_see_them(staff_client_for, coordinator, triage):
    coordinator.is_staff = True
    coordinator.save()
    response = staff_client_for(coordinator).get(reverse("admin:reviews_triage_changelist"))
    assert response.status_code in (302, 403)
