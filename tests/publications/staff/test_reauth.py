"""A stale second factor (over 15 minutes) is asked for again before publishing (issue 18 §2)."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from publications.models import Publication
from tests.accounts.test_reauth import given_minutes_ago
from tests.accounts.test_two_factor import code_for
from tests.publications.helpers import page, prepared

pytestmark = pytest.mark.django_db

CONFIRM = reverse("accounts:two_factor_confirm")


def test_a_stale_publish_goes_back_to_the_page_with_the_button_and_publishes_nothing(
    staff_client_for, coordinator, second
):
    publication = prepared(coordinator)
    client = given_minutes_ago(staff_client_for(second), 16)
    url = page(publication, "publish/")
    response = client.post(url, {"expected": 3, "when": "now"})
    assert response.url == f"{CONFIRM}?next={quote(url, safe='')}"
    publication.refresh_from_db()
    assert publication.status == Publication.Status.DRAFT
    back = client.post(response.url, {"otp_token": code_for(TOTPDevice.objects.get(user=second))})
    assert back.url == url
    assert "Nothing was changed yet" in client.get(url).content.decode()
    assert client.post(url, {"expected": 3, "when": "now"}).status_code == 302
    publication.refresh_from_db()
    assert publication.status == Publication.Status.LIVE
