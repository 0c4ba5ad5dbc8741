"""My referrals (/referrals/): the referrer's drafts and submitted referrals, with status."""

import pytest
from django.urls import reverse

from referrals.models import ReferralStatus
from tests.factories import ReferralFactory, UserFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

URL = "/referrals/"
S = ReferralStatus


def test_it_lives_at_referrals():
    assert reverse("referrals:list") == URL


def test_it_lists_the_referrers_drafts_with_a_continue_link(as_referrer, referrer):
    draft = ReferralFactory(created_by=referrer)

    response = as_referrer.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Drafts" in html
    assert f'href="/referrals/drafts/{draft.public_id}/"' in html


def test_it_lists_submitted_referrals_with_reference_date_and_status(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)

    response = as_referrer.get(URL)

    html = response.content.decode()
    assert f'href="/referrals/{referral.reference}/"' in html
    assert referral.submitted_at.strftime("%-d %B %Y") in html
    assert '<strong class="govuk-tag govuk-tag--turquoise">Screening</strong>' in html


def test_it_notes_a_withdrawal_request(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)
    referral.withdrawal_requested_at = referral.submitted_at
    referral.save()

    response = as_referrer.get(URL)

    assert "You asked for it to be withdrawn on" in response.content.decode()


def test_it_offers_to_start_a_new_referral(as_referrer):
    response = as_referrer.get(URL)

    assert 'href="/referrals/new/"' in response.content.decode()
    assert "Start a new referral" in response.content.decode()
    assert "You have not started any referrals yet." in response.content.decode()


def test_it_hides_other_referrers_referrals(as_referrer, referrer):
    other = UserFactory(roles=["referrer"])
    theirs = submitted_referral_factory(created_by=other)
    their_draft = ReferralFactory(created_by=other)

    html = as_referrer.get(URL).content.decode()

    assert theirs.reference not in html
    assert str(their_draft.public_id) not in html


def test_it_lists_drafts_first_then_the_newest_submitted(as_referrer, referrer):
    older = submitted_referral_factory(created_by=referrer)
    newer = submitted_referral_factory(created_by=referrer)
    draft = ReferralFactory(created_by=referrer)

    html = as_referrer.get(URL).content.decode()

    assert html.index(str(draft.public_id)) < html.index(newer.reference) < html.index(older.reference)


def test_it_paginates_at_fifty(as_referrer, referrer):
    ReferralFactory.create_batch(51, created_by=referrer)

    first = as_referrer.get(URL).content.decode()
    second = as_referrer.get(URL, {"page": 2}).content.decode()

    assert first.count(">Continue<span") == 50
    assert second.count(">Continue<span") == 1
    assert 'class="govuk-pagination"' in first


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_a_fixed_number_of_queries_however_many_referrals(
    as_referrer, referrer, count, django_assert_num_queries
):
    ReferralFactory.create_batch(count, created_by=referrer)
    for status in [S.SUBMITTED, S.SCREENING, S.WITHDRAWN]:
        submitted_referral_factory(created_by=referrer, status=status)

    # session, user, the user's roles, the count, the page of referrals; the idle-timeout
    # session save (savepoint, update, release)
    with django_assert_num_queries(8):
        assert as_referrer.get(URL).status_code == 200


def test_it_sends_a_signed_out_visitor_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("role", ["member", "coordinator", "reviewer", "admin"])
def test_it_is_forbidden_to_staff(staff_client_for, role):
    user = UserFactory(roles=[role])

    assert staff_client_for(user).get(URL).status_code == 403


def test_it_rejects_a_post(as_referrer):
    assert as_referrer.post(URL).status_code == 405


def test_referrers_find_it_in_the_navigation_marked_current(as_referrer):
    html = as_referrer.get(URL).content.decode()

    assert '<a class="govuk-service-navigation__link" href="/referrals/" aria-current="page">' in html


def test_staff_do_not_see_it_in_the_navigation(staff_client_for, member):
    html = staff_client_for(member).get("/").content.decode()

    assert 'href="/referrals/"' not in html
