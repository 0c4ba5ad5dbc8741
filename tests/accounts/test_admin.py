import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admins_can_list_and_open_users(admin_user, referrer, staff_client_for):
    client = staff_client_for(admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[referrer.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_admins_cannot_change_the_allow_list_behind_the_coordinators_back(admin_user, staff_client_for):
    client = staff_client_for(admin_user)
    assert client.get(reverse("admin:accounts_alloweddomain_add")).status_code == 403


def test_non_admins_cannot_reach_the_admin(coordinator, staff_client_for):
    response = staff_client_for(coordinator).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
