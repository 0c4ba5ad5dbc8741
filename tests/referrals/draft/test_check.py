"""Check your answers (/referrals/drafts/<uuid>/check-your-answers/) and submitting."""

import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralStatus
from tests.factories import ChildFactory, ReferralFactory, UserFactory, complete_referral_factory
from tests.referrals.draft.posts import check_url, item_url, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(referrer):
    return complete_referral_factory(created_by=referrer)


def test_it_shows_every_answer_with_a_change_link_that_returns_here(as_referrer, referral):
    html = as_referrer.get(check_url(referral)).content.decode()

    assert "Check your answers before submitting your referral" in html
    assert referral.lead_name in html
    assert "A child has been seriously harmed and abuse or neglect is known or suspected" in html
    assert f'href="{step_url(referral, "criteria", back_to_check=True)}"' in html
    child = referral.children.get()
    assert f'href="{item_url(referral, "children", child)}?return=check"' in html
    assert "Incomplete" not in html
    assert "Submit referral" in html


def test_it_flags_incomplete_sections_with_what_is_missing(as_referrer, referrer):
    draft = ReferralFactory(created_by=referrer)

    html = as_referrer.get(check_url(draft)).content.decode()

    assert "You need to complete 9 sections before you can submit" in html
    assert "Enter the incident date" in html
    assert "Add at least one child" in html
    assert '<a class="govuk-link" href="#section-what-happened">What happened</a>' in html


def test_it_goes_back_to_the_declaration(as_referrer, referral):
    html = as_referrer.get(check_url(referral)).content.decode()

    assert f'href="{step_url(referral, "declaration")}" class="govuk-back-link"' in html


def test_submitting_a_complete_referral_gives_it_a_reference(as_referrer, referral):
    response = as_referrer.post(check_url(referral))

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.reference.startswith("SPR-")
    assert response.status_code == 302
    assert response.url == reverse("referrals:submitted", args=[referral.reference])


def test_an_incomplete_referral_is_refused_with_a_message(as_referrer, referrer):
    draft = ReferralFactory(created_by=referrer)

    response = as_referrer.post(check_url(draft))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You need to complete every section before you submit" in html
    assert '<a href="#section-children">' in html
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (ReferralStatus.DRAFT, None)


def test_a_second_submit_is_refused_and_takes_no_second_reference(as_referrer, referral):
    as_referrer.post(check_url(referral))
    referral.refresh_from_db()
    reference = referral.reference

    again = as_referrer.post(check_url(referral))

    referral.refresh_from_db()
    # A double click whose second request arrives after the first committed: the same
    # confirmation the first click got, not an error and not a different page.
    assert again.status_code == 302
    assert again.url == reverse("referrals:submitted", args=[reference])
    assert referral.reference == reference
    assert Referral.objects.exclude(reference=None).count() == 1
    # Opening the check page afterwards (the back button) shows the referral itself.
    assert as_referrer.get(check_url(referral)).url == reverse("referrals:detail", args=[reference])


def test_a_submit_that_loses_a_race_shows_the_confirmation(as_referrer, referral, monkeypatch):
    # Two clicks: the other request submitted the referral between this one's read and its lock.
    from referrals import services

    def submitted_meanwhile(*, referral, by):
        Referral.objects.filter(pk=referral.pk).update(
            status=ReferralStatus.SUBMITTED, reference="SPR-2026-0099"
        )
        raise services.ReferralStateError("This referral has already been submitted.")

    monkeypatch.setattr("referrals.draft.views.check.referral_submit", submitted_meanwhile)

    response = as_referrer.post(check_url(referral))

    assert response.url == reverse("referrals:submitted", args=["SPR-2026-0099"])


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR])
def test_staff_cannot_see_or_submit_a_draft(staff_client_for, referral, role):
    client = staff_client_for(UserFactory(email=f"{role}@council.example", roles=[role]))

    assert client.get(check_url(referral)).status_code == 403
    assert client.post(check_url(referral)).status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_another_referrer_cannot_submit_a_draft(client, referral):
    client.force_login(UserFactory(email="other@council.example", roles=[Role.REFERRER]))

    assert client.post(check_url(referral)).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_it_runs_the_same_number_of_queries_for_one_child_or_five(
    as_referrer, referral, django_assert_num_queries
):
    as_referrer.get(check_url(referral))  # warm the session
    with django_assert_num_queries(12) as one:
        as_referrer.get(check_url(referral))

    ChildFactory.create_batch(4, referral=referral)
    with django_assert_num_queries(len(one.captured_queries)):
        as_referrer.get(check_url(referral))


def test_an_agency_taken_off_the_list_is_still_shown_and_flagged(as_referrer, referral):
    agency = referral.agencies_involved.get().agency
    agency.is_active = False
    agency.save()

    html = as_referrer.get(check_url(referral)).content.decode()

    assert agency.name in html
    assert "Select the agency from the list" in html
