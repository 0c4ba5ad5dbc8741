"""The triage queue: who may see it, what it lists and in which order, its filters, search and
pagination, and a fixed number of queries however many referrals there are."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from referrals.models import Referral
from reviews.models import Theme, Triage
from reviews.triage.filters import STAFF_STATES, criterion_contains
from tests.factories import AgencyFactory, ReferralFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

URL = "/triage/"
TODAY = timezone.localdate()


def triage(referral, *, next_due=None, sin_due=None, themes=(), **fields):
    row = Triage.objects.create(referral=referral, next_due=next_due, sin_due=sin_due or next_due, **fields)
    row.themes.set(themes)
    return row


def theme(name):
    return Theme.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})[0]


def references(response):
    """The references listed, read from the page (a page kept by the cache has no context)."""
    return re.findall(r'<a class="govuk-link app-nowrap" href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def member_client(staff_client_for, member):
    return staff_client_for(member)


def test_it_lists_every_referral_needing_attention(member_client):
    shown = [submitted_referral_factory(status=s) for s in ("submitted", "screening", "rapid_review")]
    shown += [submitted_referral_factory(status=s) for s in ("awaiting_decision", "decided")]
    hidden = [submitted_referral_factory(status=s) for s in ("closed", "withdrawn", "merged")]

    response = member_client.get(URL)

    assert response.status_code == 200
    assert sorted(references(response)) == sorted(r.reference for r in shown)
    for referral in hidden:
        assert referral.reference not in response.content.decode()


def test_it_puts_urgent_first_then_the_nearest_deadline_then_the_longest_waiting(member_client):
    waiting_long = submitted_referral_factory(status="screening")
    no_clock = submitted_referral_factory(status="screening")
    due_later = submitted_referral_factory(status="screening")
    overdue = submitted_referral_factory(status="screening")
    urgent = submitted_referral_factory(status="screening")
    Referral.objects.filter(pk=urgent.pk).update(is_urgent=True)
    Referral.objects.filter(pk=waiting_long.pk).update(submitted_at=timezone.now() - timedelta(days=30))
    triage(due_later, next_due=TODAY + timedelta(days=10))
    triage(overdue, next_due=TODAY - timedelta(days=2))
    triage(urgent, next_due=TODAY + timedelta(days=20))
    # Not triaged, with no awareness date to run a provisional clock from.
    Referral.objects.filter(pk__in=[waiting_long.pk, no_clock.pk]).update(next_due=None)

    response = member_client.get(URL)

    assert references(response) == [
        urgent.reference,
        overdue.reference,
        due_later.reference,
        waiting_long.reference,
        no_clock.reference,
    ]


def test_each_row_shows_state_dates_agency_clock_themes_and_a_link(member_client):
    referral = submitted_referral_factory(status="screening", requested_review_type="learning_review")
    Referral.objects.filter(pk=referral.pk).update(is_urgent=True)
    triage(referral, next_due=TODAY - timedelta(days=3), sin_required=True, themes=[theme("Neglect")])

    page = member_client.get(URL).content.decode()

    assert f'href="/triage/{referral.reference}/"' in page
    assert "Screening" in page and "Learning review" in page
    assert referral.referrer_agency.name in page
    assert "Panel notification" in page and "Overdue" in page
    assert "Neglect" in page and "Urgent" in page


def test_it_never_shows_a_childs_name(member_client):
    referral = submitted_referral_factory(status="screening")

    page = member_client.get(URL).content.decode()

    assert referral.reference in page
    assert referral.children.get().full_name not in page


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_members_and_coordinators_may_open_it(request, staff_client_for, role):
    assert staff_client_for(request.getfixturevalue(role)).get(URL).status_code == 200


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_it_refuses_other_roles(signed_in_as, role):
    assert signed_in_as(role).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_rejects_post(member_client):
    assert member_client.post(URL).status_code == 405


# --- Filters -----------------------------------------------------------------------------------


def test_it_filters_by_state(member_client):
    screening = submitted_referral_factory(status="screening")
    submitted_referral_factory(status="rapid_review")

    assert references(member_client.get(URL, {"status": "screening"})) == [screening.reference]


def test_it_filters_by_requested_review_type(member_client):
    spr = submitted_referral_factory(requested_review_type="spr")
    submitted_referral_factory(requested_review_type="not_sure")

    assert references(member_client.get(URL, {"requested_review_type": "spr"})) == [spr.reference]


def test_it_filters_by_referring_agency(member_client):
    referral = submitted_referral_factory()
    other = submitted_referral_factory()
    agency = AgencyFactory(name="Example Police")
    Referral.objects.filter(pk=other.pk).update(referrer_agency=agency)

    assert references(member_client.get(URL, {"referrer_agency": agency.pk})) == [other.reference]
    assert referral.reference not in references(member_client.get(URL, {"referrer_agency": agency.pk}))


def test_it_filters_by_criterion_without_matching_a_longer_one(member_client):
    death = submitted_referral_factory(criteria=["death"])
    submitted_referral_factory(criteria=["lac_death"])
    submitted_referral_factory(criteria=["serious_harm"])

    assert references(member_client.get(URL, {"criterion": "death"})) == [death.reference]


def test_it_filters_by_theme(member_client):
    tagged = submitted_referral_factory(status="screening")
    untagged = submitted_referral_factory(status="screening")
    triage(tagged, themes=[theme("Neglect")])
    triage(untagged, themes=[theme("Online harm")])

    assert references(member_client.get(URL, {"theme": "neglect"})) == [tagged.reference]


def test_it_filters_to_overdue_only(member_client):
    overdue = submitted_referral_factory(status="screening")
    due_today = submitted_referral_factory(status="screening")
    no_clock = submitted_referral_factory(status="screening")
    Referral.objects.filter(pk=no_clock.pk).update(next_due=None)
    triage(overdue, next_due=TODAY - timedelta(days=1))
    triage(due_today, next_due=TODAY)

    assert references(member_client.get(URL, {"overdue": "on"})) == [overdue.reference]


def test_it_filters_to_urgent_only(member_client):
    urgent = submitted_referral_factory()
    submitted_referral_factory()
    Referral.objects.filter(pk=urgent.pk).update(is_urgent=True)

    assert references(member_client.get(URL, {"urgent": "on"})) == [urgent.reference]


def test_it_finds_a_reference_by_any_part_in_any_case(member_client):
    wanted = submitted_referral_factory()
    submitted_referral_factory()
    number = wanted.reference.rsplit("-", 1)[1]

    assert references(member_client.get(URL, {"q": number})) == [wanted.reference]
    assert references(member_client.get(URL, {"q": wanted.reference.lower()})) == [wanted.reference]


@pytest.mark.parametrize("state", [state.value for state in STAFF_STATES])
def test_it_filters_by_every_state_finished_ones_included(member_client, state):
    wanted = submitted_referral_factory(status=state)
    others = [submitted_referral_factory(status=s) for s in ("screening", "closed", "withdrawn", "merged")]

    listed = references(member_client.get(URL, {"status": state}))

    assert listed == [wanted.reference] + [o.reference for o in others if o.status == state]


def test_every_state_lists_finished_and_open_referrals_but_never_a_draft(member_client):
    shown = [submitted_referral_factory(status=s) for s in ("screening", "closed", "withdrawn", "merged")]
    ReferralFactory()  # a draft: the referrer's own

    page = member_client.get(URL, {"status": "all"})

    assert Referral.objects.count() == 5
    assert sorted(references(page)) == sorted(r.reference for r in shown)
    assert "4 referrals match the filters" in page.content.decode()


def test_with_no_state_chosen_it_lists_what_needs_attention_only(member_client):
    open_one = submitted_referral_factory(status="awaiting_decision")
    for state in ("closed", "withdrawn", "merged"):
        submitted_referral_factory(status=state)

    assert references(member_client.get(URL, {"status": ""})) == [open_one.reference]
    assert references(member_client.get(URL, {"urgent": ""})) == [open_one.reference]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"status": "nonsense"}, "status", "Select a state from the list"),
        ({"status": "draft"}, "status", "Select a state from the list"),
        ({"status": "<script>x</script>"}, "status", "Select a state from the list"),
        ({"referrer_agency": "999999"}, "referrer_agency", "Select a valid choice"),
        ({"status": "closed", "theme": "no-such-theme"}, "theme", "Select a valid choice"),
    ],
)
def test_a_value_not_understood_is_named_and_nothing_is_listed(member_client, query, field, message):
    submitted_referral_factory(status="screening")
    submitted_referral_factory(status="closed")

    response = member_client.get(URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error:" in page
    assert f'href="#id_{field}"' in page and message in page
    assert references(response) == []
    assert "No referrals shown" in page and "No referrals are shown until the filters are corrected" in page
    assert "<script>x</script>" not in page


def test_a_bad_value_is_kept_once_and_never_serves_another_query(
    member_client, django_assert_max_num_queries
):
    """The page is kept per query string: a bad one's page (with its error) is its own, and the
    plain queue is unchanged by it."""
    referral = submitted_referral_factory(status="screening")

    bad = member_client.get(URL, {"status": "nonsense"})
    with django_assert_max_num_queries(QUERIES_WHEN_KEPT):
        again = member_client.get(URL, {"status": "nonsense"})
    plain = member_client.get(URL)

    assert references(bad) == references(again) == []
    assert "Select a state from the list" in again.content.decode()
    assert references(plain) == [referral.reference]
    assert "There is a problem" not in plain.content.decode()


def test_the_state_filter_offers_every_state_but_draft(member_client):
    page = member_client.get(URL).content.decode()
    options = re.findall(
        r'<option value="([^"]*)"', page[page.index('name="status"') :].split("</select>")[0]
    )

    assert options == [
        "", "submitted", "screening", "rapid_review", "awaiting_decision", "decided", "closed", "withdrawn",
        "merged", "all",
    ]  # fmt: skip


def test_no_match_says_so_and_offers_to_clear_the_filters(member_client):
    submitted_referral_factory()

    page = member_client.get(URL, {"q": "nothing-like-it"}).content.decode()

    assert "No referrals match these filters" in page
    assert "Clear the filters" in page


def test_criterion_contains_works_on_this_database():
    death = submitted_referral_factory(criteria=["serious_harm", "death"])
    submitted_referral_factory(criteria=["care_leaver_death"])

    assert list(criterion_contains(Referral.objects.all(), "death")) == [death]


@pytest.mark.postgres
def test_criterion_contains_uses_json_containment_on_postgresql():
    death = submitted_referral_factory(criteria=["death"])
    query = str(criterion_contains(Referral.objects.all(), "death").query)

    assert connection.vendor == "postgresql"
    assert "@>" in query
    assert list(criterion_contains(Referral.objects.all(), "death")) == [death]


# --- Pagination and queries ----------------------------------------------------------------------


def test_it_shows_fifty_a_page_and_its_page_links_keep_the_filters(member_client):
    referral = submitted_referral_factory(status="screening")
    Referral.objects.filter(pk=referral.pk).update(status="screening")
    for _ in range(50):
        referral.pk = None
        referral.public_id = __import__("uuid").uuid4()
        referral.reference = f"{referral.reference[:9]}{int(referral.reference[9:]) + 1:04d}"
        referral.save()

    response = member_client.get(URL, {"status": "screening"})

    assert len(references(response)) == 50
    assert 'href="?status=screening&amp;page=2"' in response.content.decode()
    assert len(references(member_client.get(URL, {"status": "screening", "page": 2}))) == 1


def make_queue(n):
    agencies = [AgencyFactory(name=f"Agency {i}") for i in range(3)]
    themes = [theme("Neglect"), theme("Online harm")]
    for i in range(n):
        referral = submitted_referral_factory(status="screening" if i % 2 else "rapid_review")
        Referral.objects.filter(pk=referral.pk).update(referrer_agency=agencies[i % 3], is_urgent=i % 5 == 0)
        if i % 4:
            triage(referral, next_due=TODAY + timedelta(days=i - 10), sin_required=True, themes=themes)


@pytest.mark.parametrize("n", [3, 40])
def test_it_runs_a_fixed_number_of_queries(member_client, django_assert_num_queries, n):
    make_queue(n)
    member_client.get(URL)  # warm the session

    with django_assert_num_queries(QUERIES):
        response = member_client.get(URL, {"overdue": "", "theme": "neglect"})
    assert response.status_code == 200
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        kept = member_client.get(URL, {"overdue": "", "theme": "neglect"})
    assert references(kept) == references(response)


# Session, user, second factor, roles; the casework version; the theme filter's value checked;
# count and page of referrals (triage and agency joined), their themes; the agency and theme
# lists of the filter form; the session saved (in a savepoint: three).
QUERIES = 14
# The same page again, kept by the cache: session, user, second factor, roles; the casework
# version; the session saved.
QUERIES_WHEN_KEPT = 8


def test_a_referral_that_arrives_overdue_is_first_with_its_provisional_clock_and_in_overdue_only(
    member_client,
):
    """Issue 16 §1: before anyone starts triage, the Panel notification runs from the
    referrer's awareness date: one aware 10 working days ago arrives 5 working days overdue."""
    from cscp.calendar import add_working_days

    aware = TODAY - timedelta(days=30)
    while add_working_days(aware, 10) < TODAY:
        aware += timedelta(days=1)  # the first day from which 10 working days reach today
    on_track = submitted_referral_factory(aware_date=TODAY)
    late = submitted_referral_factory(aware_date=aware)
    assert Referral.objects.get(pk=late.pk).next_due == add_working_days(aware, 5)

    page = member_client.get(URL)
    assert references(page)[:2] == [late.reference, on_track.reference]
    body = page.content.decode()
    assert "Panel notification (provisional)" in body and "working days overdue" in body
    assert references(member_client.get(URL, {"overdue": "on"})) == [late.reference]
