"""The Django admin shows referrals read-only, to system administrators only, with no child
or family details in the list."""

import pytest
from django.urls import reverse

from tests.factories import submitted_referral_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(db):
    referral = submitted_referral_factory()
    referral.children.update(full_name="Zebedee Quartermaine")
    return referral


def test_admins_list_referrals_by_reference_without_child_details(admin_user, staff_client_for, referral):
    response = staff_client_for(admin_user).get(reverse("admin:referrals_referral_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert referral.reference in html
    assert "Zebedee" not in html


def test_admins_open_a_referral_read_only_with_its_people_and_events(admin_user, staff_client_for, referral):
    response = staff_client_for(admin_user).get(
        reverse("admin:referrals_referral_change", args=[referral.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Zebedee Quartermaine" in html
    assert "referral.submitted" in html
    assert 'name="_save"' not in html


@pytest.mark.parametrize("name", ["admin:referrals_referral_add", "admin:referrals_referral_delete"])
def test_nobody_adds_or_deletes_referrals_in_the_admin(admin_user, staff_client_for, referral, name):
    args = [referral.pk] if name.endswith("delete") else []

    assert staff_client_for(admin_user).get(reverse(name, args=args)).status_code == 403


def test_a_post_to_the_change_page_changes_nothing(admin_user, staff_client_for, referral):
    url = reverse("admin:referrals_referral_change", args=[referral.pk])

    response = staff_client_for(admin_user).post(url, {"status": "withdrawn"})

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "submitted"


def test_staff_flag_without_the_admin_role_sees_no_referrals(staff_client_for, coordinator, referral):
    coordinator.is_staff = True
    coordinator.save()

    response = staff_client_for(coordinator).get(reverse("admin:referrals_referral_changelist"))

    assert response.status_code == 403
