"""A referrer whose session ended while they typed loses nothing: the answers they posted
signed out are saved once they sign in again."""

import pytest
from django.urls import reverse

from referrals.models import Child
from tests.factories import PASSWORD
from tests.referrals.draft.posts import item_add_url, step_url

pytestmark = pytest.mark.django_db


def sign_in(client, user, next_url):
    return client.post(
        f"{reverse('accounts:login')}?next={next_url}", {"username": user.email, "password": PASSWORD}
    )


def test_answers_posted_after_the_session_ended_are_saved_after_signing_in(client, referrer, draft):
    url = step_url(draft, "safeguarding-lead")
    response = client.post(
        url, {"lead_name": "Jo Bloggs-Typed", "lead_job_title": "Named nurse", "continue": ""}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    draft.refresh_from_db()
    assert draft.lead_name == ""

    assert sign_in(client, referrer, url).url == url
    page = client.get(url, follow=True)

    draft.refresh_from_db()
    assert draft.lead_name == "Jo Bloggs-Typed"
    assert draft.lead_job_title == "Named nurse"
    assert "We have saved what you typed" in page.content.decode()


def test_a_new_entry_posted_signed_out_is_added_after_signing_in(client, referrer, draft):
    url = item_add_url(draft, "children")
    client.post(url, {"full_name": "Child Kept", "continue": ""})
    sign_in(client, referrer, url)
    client.get(url)
    assert Child.objects.filter(referral=draft, full_name="Child Kept").exists()


def test_kept_answers_are_applied_only_to_the_page_they_came_from(client, referrer, draft):
    client.post(step_url(draft, "safeguarding-lead"), {"lead_name": "Kept", "continue": ""})
    sign_in(client, referrer, step_url(draft, "about-you"))
    client.get(step_url(draft, "about-you"))
    draft.refresh_from_db()
    assert draft.lead_name == ""


def test_kept_answers_never_reach_someone_elses_draft(client, draft, django_user_model):
    from tests.factories import UserFactory

    other = UserFactory(email="other@council.example", roles=["referrer"])
    url = step_url(draft, "safeguarding-lead")
    client.post(url, {"lead_name": "Intruder", "continue": ""})
    sign_in(client, other, url)
    assert client.get(url).status_code == 404
    draft.refresh_from_db()
    assert draft.lead_name == ""
