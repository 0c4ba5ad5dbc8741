"""Publishing, exports and role changes ask for the second factor again when it was last given
more than 15 minutes before (issue 18 §2)."""

import time
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import code_for

pytestmark = pytest.mark.django_db

CONFIRM = reverse("accounts:two_factor_confirm")
EXPORTS = [
    "reviews:queue_export",
    "reviews:case_export",
    "reviews:annual_csv",
    "reviews:annual_timeliness_csv",
]


def given_minutes_ago(client, minutes: int):
    """The client's second factor, as if given `minutes` ago."""
    session = client.session
    session["cscp_second_factor_at"] = int(time.time()) - minutes * 60
    session.save()
    return client


@pytest.fixture
def stale(staff_client_for, coordinator):
    return given_minutes_ago(staff_client_for(coordinator), 16)


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_16_minutes_after_the_second_factor_asks_for_it_again(stale, name):
    url = reverse(name)
    response = stale.get(url)
    assert response.status_code == 302
    assert response.url == f"{CONFIRM}?next={quote(url, safe='')}"


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_14_minutes_after_does_not(staff_client_for, coordinator, name):
    client = given_minutes_ago(staff_client_for(coordinator), 14)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_after_confirming_the_export_comes_straight_back(stale, coordinator):
    url = reverse("reviews:queue_export") + "?sort=due"
    confirm_page = stale.get(url).url
    assert "Confirm it" in stale.get(confirm_page).content.decode()
    response = stale.post(confirm_page, {"otp_token": code_for(TOTPDevice.objects.get(user=coordinator))})
    assert response.url == url
    assert stale.get(url).status_code == 200


def test_a_wrong_code_is_refused_with_a_govuk_error(stale):
    response = stale.post(f"{CONFIRM}?next=/triage/export.csv", {"otp_token": "000000"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "The code you entered is wrong" in body
    assert stale.get(reverse("reviews:queue_export")).status_code == 302  # still stale


def test_the_demo_never_asks_again(stale, settings):
    settings.CSCP_REQUIRE_2FA = False
    assert stale.get(reverse("reviews:queue_export")).status_code == 200


def test_re_enrolling_someone_asks_again_too(stale):
    assert stale.get(reverse("accounts:staff_enrolment_link")).url.startswith(CONFIRM)


def test_a_recovery_code_confirms_too(stale, coordinator):
    from cscp.accounts import two_factor

    codes = two_factor.recovery_codes_issue(coordinator)
    url = reverse("reviews:queue_export")
    confirm_page = stale.get(url).url
    assert "Use a recovery code instead" in stale.get(confirm_page).content.decode()
    recovery = reverse("accounts:two_factor_recovery") + "?next=" + quote(url, safe="")
    assert stale.post(recovery, {"recovery_code": codes[0]}).url == url
    assert stale.get(url).status_code == 200
