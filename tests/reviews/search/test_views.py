"""/search/ (reviews/search/views.py): members and coordinators only; GET shows the form, POST the
results on the same response, never stored by the browser; bad input is refused with what was
typed kept; the terms are in no address, log line or audit entry; a fixed number of queries."""

import logging
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given

from tests.conftest import _verified_client
from tests.factories import ReviewCaseFactory, submitted_referral_factory
from tests.hostile.strategies import HOSTILE, assert_escaped, post

pytestmark = pytest.mark.django_db

URL = reverse("reviews:search")
NAME = "Amara Ashworth"


def referral_named(name=NAME, born=date(2019, 3, 27)):
    referral = submitted_referral_factory()
    referral.children.update(full_name=name, date_of_birth=born)
    return referral


@pytest.fixture
def member_client(staff_client_for, member):
    return staff_client_for(member)


def search(client, q):
    return client.post(URL, {"q": q})


def test_it_shows_an_empty_search_form(member_client):
    response = member_client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Search referrals and review cases</h1>' in body
    assert 'name="q"' in body and 'method="post"' in body and "csrfmiddlewaretoken" in body
    assert 'autocomplete="off"' in body
    assert "found</h2>" not in body


def test_a_member_finds_a_referral_by_the_childs_name(member_client):
    referral = referral_named()
    response = search(member_client, "ashworth")
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 referral and 0 review cases found" in body
    assert f'href="{reverse("reviews:triage", args=[referral.reference])}">{referral.reference}</a>' in body
    assert "Child&#x27;s name" in body
    # What matched is said by field; the name typed is kept in the box, never echoed in the results.
    results = body[body.index('data-testid="results-heading"') :]
    assert "Ashworth" not in results and "ashworth" not in results


def test_a_coordinator_finds_a_review_case_and_opens_it(staff_client_for, coordinator):
    case = ReviewCaseFactory(reference="REV-2026-012")
    body = search(staff_client_for(coordinator), "rev-2026-01").content.decode()
    assert "0 referrals and 1 review case found" in body
    assert f'href="{reverse("reviews:case", args=[case.reference])}">REV-2026-012</a>' in body


@pytest.mark.parametrize("role", ["reviewer", "referrer"])
def test_reviewers_and_referrers_get_nothing(client, staff_client_for, reviewer, referrer, role):
    referral_named()
    if role == "reviewer":
        client = staff_client_for(reviewer)
    else:
        client.force_login(referrer)
    assert client.get(URL).status_code == 403
    response = search(client, "ashworth")
    assert response.status_code == 403
    assert b"SPR-" not in response.content


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = search(client, "ashworth")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_results_come_only_from_a_post(member_client):
    referral_named()
    response = member_client.get(URL, {"q": "ashworth"})
    assert "found</h2>" not in response.content.decode()
    assert 'value="ashworth"' not in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(client, member):
    guarded = _verified_client(Client(enforce_csrf_checks=True), member)
    assert guarded.post(URL, {"q": "ashworth"}).status_code == 403


def test_no_page_of_it_is_stored(member_client):
    for response in (member_client.get(URL), search(member_client, "ashworth"), search(member_client, "")):
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter a reference, a child&#x27;s name or date of birth, an agency or a theme"),
        ("   ", "Enter a reference, a child&#x27;s name or date of birth, an agency or a theme"),
        ("a", "Enter at least 2 letters or numbers"),
        ("-- / !", "Enter at least 2 letters or numbers"),
        ("x" * 101, "must be 100 characters or less"),
        ("31/2/2019", "Enter a real date of birth, for example 27 3 2019"),
    ],
)
def test_bad_input_is_refused_with_an_error_summary_keeping_what_was_typed(member_client, typed, message):
    response = search(member_client, typed)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert "<title>Error: " in body
    if typed.strip():
        assert f'value="{typed}"' in body
    assert "found</h2>" not in body


@given(text=HOSTILE)
def test_hostile_input_is_answered_never_with_a_server_error_and_shown_escaped(member_client, text):
    # Markup, NUL bytes, lone surrogates, SQL, LIKE and tsquery characters, 10,000 characters.
    response = post(member_client, URL, {"q": text})
    assert_escaped({"q": text}, response)


def test_the_search_is_in_the_audit_trail_without_what_was_searched_for(member_client, member):
    referral_named()
    search(member_client, "ashworth")
    entry = LogEntry.objects.filter(object_repr="Staff search").get()
    assert entry.actor == member and entry.action == LogEntry.Action.ACCESS
    assert entry.additional_data == {"search": "staff", "referrals": 1, "cases": 0}
    everything = list(
        LogEntry.objects.values_list("object_repr", "changes_text", "additional_data", "changes")
    )
    assert "ashworth" not in str(everything).lower()


def test_what_was_searched_for_goes_into_no_log_line(member_client, caplog):
    referral_named()
    with caplog.at_level(logging.DEBUG):
        search(member_client, "ashworth")
        search(member_client, "a")  # refused
    assert "ashworth" not in caplog.text.lower()


def test_opening_a_result_is_access_logged(member_client, member):
    referral = referral_named()
    ReviewCaseFactory(reference="REV-2026-012").referrals.add(referral)
    search(member_client, "ashworth")
    member_client.get(reverse("reviews:triage", args=[referral.reference]))
    member_client.get(reverse("reviews:case", args=["REV-2026-012"]))
    opened = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=member).exclude(object_pk="")
    assert sorted(entry.object_repr for entry in opened) == sorted([str(referral), "REV-2026-012"])


def test_it_is_in_the_navigation_of_members_and_coordinators_only(
    staff_client_for, member, coordinator, reviewer
):
    link = f'href="{URL}"'
    assert link in staff_client_for(member).get(URL).content.decode()
    assert link in staff_client_for(coordinator).get("/triage/").content.decode()
    assert link not in staff_client_for(reviewer).get("/reviews/").content.decode()


@pytest.mark.parametrize("n", [2, 20])
def test_a_search_runs_a_fixed_number_of_queries(member_client, django_assert_num_queries, n):
    for _ in range(n):
        referral_named()
    member_client.get(URL)  # warm the session

    with django_assert_num_queries(QUERIES + (3 if connection.vendor == "postgresql" else 0)):
        response = search(member_client, "ashworth")
    assert f"{n} referrals and 0 review cases found" in response.content.decode()


# Session, user, second factor, roles; the agencies and themes named, the referrals found, the
# review cases found; the audit entry and its content type (cached after the first); the session
# saved (in a savepoint: three); on PostgreSQL, the search's own savepoint and its setting
# (selectors.staff_search: three more).
QUERIES = 11
