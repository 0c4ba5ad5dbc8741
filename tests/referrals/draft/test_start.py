"""Starting a referral (/referrals/new/), coming back to a draft, deleting one."""

import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralEvent
from tests.factories import (
    ReferralFactory,
    UserFactory,
    complete_referral_factory,
    submitted_referral_factory,
)
from tests.referrals.draft.posts import check_url, step_url

pytestmark = pytest.mark.django_db

START = "/referrals/new/"


def test_it_lives_at_referrals_new():
    assert reverse("referrals:start") == START


def test_it_explains_what_is_needed_and_that_it_is_not_an_emergency(as_referrer, settings):
    html = as_referrer.get(START).content.decode()

    assert "Before you start" in html
    assert "call 999" in html
    assert "This is not a child protection referral" in html
    assert settings.CSCP_FRONT_DOOR_NAME.replace("'", "&#x27;") in html
    assert settings.CSCP_FRONT_DOOR_PHONE in html
    assert "Start now" in html


def test_start_now_creates_a_draft_and_opens_its_first_page(as_referrer, referrer):
    response = as_referrer.post(START)

    draft = Referral.objects.get(created_by=referrer)
    assert draft.is_draft
    assert draft.referrer_email == referrer.email
    assert response.url == step_url(draft, "about-you")
    assert ReferralEvent.objects.filter(referral=draft, action="referral.started").exists()


def test_a_get_never_creates_a_draft(as_referrer, referrer):
    as_referrer.get(START)

    assert not Referral.objects.exists()


def test_it_lists_only_the_referrers_own_drafts(as_referrer, referrer):
    mine = ReferralFactory(created_by=referrer)
    theirs = ReferralFactory()
    submitted = submitted_referral_factory(created_by=referrer)

    html = as_referrer.get(START).content.decode()

    assert reverse("referrals:draft", args=[mine.public_id]) in html
    assert str(theirs.public_id) not in html
    assert str(submitted.public_id) not in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(START)

    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.REVIEWER])
def test_staff_are_refused(staff_client_for, role):
    client = staff_client_for(UserFactory(email=f"{role}@council.example", roles=[role]))

    assert client.get(START).status_code == 403
    assert client.post(START).status_code == 403
    assert not Referral.objects.exists()


def test_an_expired_session_loses_no_draft(client, referrer):
    client.force_login(referrer)
    client.post(START)
    draft = Referral.objects.get(created_by=referrer)
    client.post(step_url(draft, "safeguarding-lead"), {"lead_name": "Jo Lead", "continue": ""})

    client.logout()  # the session expires
    assert client.get(step_url(draft, "safeguarding-lead")).url.startswith(reverse("accounts:login"))

    client.force_login(referrer)
    html = client.get(START).content.decode()
    assert reverse("referrals:draft", args=[draft.public_id]) in html
    assert 'value="Jo Lead"' in client.get(step_url(draft, "safeguarding-lead")).content.decode()


# --- Continuing a draft -----------------------------------------------------------------------


def test_continuing_opens_the_first_page_still_to_do(as_referrer, referrer):
    draft = ReferralFactory(created_by=referrer)

    response = as_referrer.get(reverse("referrals:draft", args=[draft.public_id]))

    assert response.url == step_url(draft, "safeguarding-lead")


def test_continuing_a_complete_draft_opens_check_your_answers(as_referrer, referrer):
    draft = complete_referral_factory(created_by=referrer)

    response = as_referrer.get(reverse("referrals:draft", args=[draft.public_id]))

    assert response.url == check_url(draft)


def test_continuing_someone_elses_draft_is_not_found(as_referrer):
    assert as_referrer.get(reverse("referrals:draft", args=[ReferralFactory().public_id])).status_code == 404


# --- Deleting a draft --------------------------------------------------------------------------


def test_deleting_a_draft_asks_first(as_referrer, referrer):
    draft = ReferralFactory(created_by=referrer)
    url = reverse("referrals:draft_delete", args=[draft.public_id])

    confirm = as_referrer.get(url)
    response = as_referrer.post(url)

    assert "Are you sure you want to delete this draft referral?" in confirm.content.decode()
    assert response.url == reverse("referrals:list")
    assert not Referral.objects.filter(pk=draft.pk).exists()


def test_nobody_else_can_delete_a_draft(as_referrer):
    draft = ReferralFactory()

    assert as_referrer.post(reverse("referrals:draft_delete", args=[draft.public_id])).status_code == 404
    assert Referral.objects.filter(pk=draft.pk).exists()
