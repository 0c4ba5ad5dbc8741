"""The staff list pages kept under the casework version (reviews/casework_cache.py, issue 8):
every casework table moves the version, however it is written to; a kept page is never served
after a change, on another day, or to a viewer who may see less; and everything the pages read
is watched."""

import re
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import Referral
from reviews import casework_cache, casework_triggers
from reviews.cases import views as case_views
from reviews.models import ActionItem, CaseworkVersion, ReviewCase, Theme
from reviews.reporting import dashboard
from reviews.triage import views as triage_views
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    UserFactory,
    submitted_referral_factory,
)

TODAY = timezone.localdate()


def version() -> int:
    return CaseworkVersion.objects.values_list("version", flat=True).get(pk=1)


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def queue_references(response) -> list[str]:
    return re.findall(r'<a class="govuk-link app-nowrap" href="[^"]+">([^<]+)</a>', main(response))


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


@pytest.fixture
def member_client(staff_client_for, member):
    return staff_client_for(member)


# --- The version and its triggers -------------------------------------------------------------


@pytest.mark.django_db
def test_every_casework_table_has_the_trigger():
    watched = casework_triggers.casework_tables(apps)
    assert {"referrals_referral", "reviews_triage", "reviews_triage_themes", "accounts_agency"} <= set(
        watched
    )
    assert len(watched) > 30
    assert set(watched) <= casework_triggers.tables_with_trigger(connection)


@pytest.mark.django_db
def test_a_trigger_lost_to_a_migration_comes_back_after_migrate():
    """SQLite drops a table's triggers when a migration rebuilds it (reviews 0009 did): the
    post_migrate handler puts back every one that is missing, and leaves the others alone."""
    from reviews.apps import casework_triggers_reinstalled

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {casework_triggers.TRIGGER} ON reviews_reviewcase")
        else:
            cursor.execute(f'DROP TRIGGER "{casework_triggers.TRIGGER}_reviews_reviewcase_update"')
    assert "reviews_reviewcase" not in casework_triggers.tables_with_trigger(connection)
    casework_triggers_reinstalled(sender=None, using="default", apps=apps)
    assert set(casework_triggers.casework_tables(apps)) <= casework_triggers.tables_with_trigger(connection)
    before = version()
    ReviewCaseFactory()
    assert version() > before


@pytest.mark.django_db
def test_inserting_updating_and_deleting_a_row_each_move_the_version():
    before = version()
    theme = Theme.objects.create(name="Cached theme", slug="cached-theme")
    assert version() == before + 1
    Theme.objects.filter(pk=theme.pk).update(name="Renamed")  # no signal, no save(): still seen
    assert version() == before + 2
    theme.delete()
    assert version() == before + 3


@pytest.mark.django_db
def test_a_row_outside_casework_leaves_the_version_alone(coordinator):
    before = version()
    from cscp.notifications.models import OutgoingEmail

    OutgoingEmail.objects.create(to="someone@example.org", subject="Hello", body_text="Hi", template="test")
    assert version() == before


def version_seen_elsewhere() -> int:
    """The version as another connection (another request) sees it now."""
    seen = []

    def read():
        try:
            seen.append(version())
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=30)
    return seen[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_version_moves_once_as_the_transaction_commits():
    CaseworkVersion.objects.get_or_create(pk=1)  # a transactional test's flush removed it
    before = version()
    with transaction.atomic():
        for i in range(3):
            Theme.objects.create(name=f"Theme {i}", slug=f"theme-{i}")
        # Not before the commit: no other request may key a page by a version whose rows it
        # cannot see yet.
        assert version_seen_elsewhere() == before
    assert version_seen_elsewhere() == before + 1


@pytest.mark.django_db
def test_with_its_row_gone_nothing_is_kept_and_the_next_change_brings_it_back(member_client):
    referral = submitted_referral_factory()
    CaseworkVersion.objects.all().delete()
    assert casework_cache.current_state() is None

    assert queue_references(member_client.get("/triage/")) == [referral.reference]
    Referral.objects.filter(pk=referral.pk).update(status="withdrawn")
    assert queue_references(member_client.get("/triage/")) == []
    assert casework_cache.current_state() is not None


# --- Pages never stale ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_shows_a_change_made_by_a_bulk_update_at_once(member_client):
    leaving, staying = submitted_referral_factory(), submitted_referral_factory()
    assert set(queue_references(member_client.get("/triage/"))) == {leaving.reference, staying.reference}
    assert set(queue_references(member_client.get("/triage/"))) == {leaving.reference, staying.reference}

    Referral.objects.filter(pk=leaving.pk).update(status="withdrawn")

    assert queue_references(member_client.get("/triage/")) == [staying.reference]


@pytest.mark.django_db
def test_the_queue_shows_a_renamed_agency_at_once(member_client):
    referral = submitted_referral_factory()
    agency = AgencyFactory(name="Old name police")
    Referral.objects.filter(pk=referral.pk).update(referrer_agency=agency)
    assert "Old name police" in main(member_client.get("/triage/"))

    agency.name = "New name police"
    agency.save()

    page = main(member_client.get("/triage/"))
    assert "New name police" in page and "Old name police" not in page


@pytest.mark.django_db
def test_the_case_list_shows_a_new_stage_at_once(member_client):
    case = ReviewCaseFactory(status="commissioned")
    assert "Commissioned" in main(member_client.get("/reviews/"))

    ReviewCase.objects.filter(pk=case.pk).update(status="scoping")

    page = main(member_client.get("/reviews/"))
    assert "Scoping" in page


@pytest.mark.django_db
def test_the_dashboard_shows_a_new_overdue_action_and_its_closing_at_once(member_client):
    assert "Audit the front door" not in main(member_client.get("/dashboard/"))
    action = ActionItemFactory(due_on=TODAY - timedelta(days=3), action="Audit the front door")
    assert "Audit the front door" in main(member_client.get("/dashboard/"))

    ActionItem.objects.filter(pk=action.pk).update(state=ActionItem.State.CLOSED)

    assert "Audit the front door" not in main(member_client.get("/dashboard/"))


@pytest.mark.django_db
def test_a_page_kept_yesterday_is_not_served_today(member_client, monkeypatch):
    first = main(member_client.get("/dashboard/"))
    assert TODAY.strftime("%-d %B %Y") in first
    tomorrow = TODAY + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert tomorrow.strftime("%-d %B %Y") in main(member_client.get("/dashboard/"))


# --- Pages never shown to a viewer who may see less -------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_never_gets_the_case_list_kept_for_a_member(member_client, client):
    mine = ReviewerAppointmentFactory().case
    other = ReviewCaseFactory()
    member_page = main(member_client.get("/reviews/"))
    assert mine.reference in member_page and other.reference in member_page

    reviewer = mine.appointments.get().reviewer
    from tests.conftest import _verified_client

    reviewer_page = main(_verified_client(client, reviewer).get("/reviews/"))

    assert mine.reference in reviewer_page
    assert other.reference not in reviewer_page


@pytest.mark.django_db
def test_two_reviewers_each_get_their_own_cases(client):
    first, second = ReviewerAppointmentFactory(), ReviewerAppointmentFactory()
    from tests.conftest import _verified_client

    for appointment, other in ((first, second), (second, first)):
        page = main(_verified_client(client, appointment.reviewer).get("/reviews/"))
        assert appointment.case.reference in page and other.case.reference not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "link"), [("/triage/", "/triage/export.csv"), ("/reviews/", "/reviews/export.csv")]
)
def test_a_member_never_gets_the_export_link_kept_for_a_coordinator(
    coordinator_client, client, member, url, link
):
    submitted_referral_factory()
    ReviewCaseFactory()
    assert link in main(coordinator_client.get(url))

    from tests.conftest import _verified_client

    assert link not in main(_verified_client(client, member).get(url))


@pytest.mark.django_db
def test_the_role_check_runs_before_the_cache_is_asked(member_client, client):
    member_client.get("/dashboard/")  # kept
    from tests.conftest import _verified_client

    referrer = UserFactory(roles=["referrer"])
    assert _verified_client(client, referrer).get("/dashboard/").status_code == 403


# --- Everything the pages read is watched -------------------------------------------------------

QUEUE_ASKS = [
    {},
    {
        "q": "0042",
        "status": "screening",
        "requested_review_type": "spr",
        "criterion": "death",
        "theme": "neglect",
    },
    {"overdue": "on", "urgent": "on", "referrer_agency": "1", "page": "2"},
]
CASE_LIST_ASKS = [
    {},
    {"review_type": "spr", "status": "scoping", "rag": "red", "reviewer": "1", "year": "2026"},
    {"theme": "neglect", "contributions": "overdue", "page": "2"},
]


def tables_read(make_context, template) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        render_to_string(template, make_context())
    return {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}


@pytest.mark.django_db
def test_every_table_the_kept_pages_read_moves_the_version(coordinator):
    ReviewerAppointmentFactory()
    submitted_referral_factory()
    ActionItemFactory(due_on=TODAY - timedelta(days=3))
    read = set()
    for asked in QUEUE_ASKS:
        params = QueryDict(mutable=True)
        params.update(asked)
        read |= tables_read(
            lambda p=params: triage_views.queue_context(p, TODAY, True), "reviews/queue/_content.html"
        )
    for asked in CASE_LIST_ASKS:
        params = QueryDict(mutable=True)
        params.update(asked)
        read |= tables_read(
            lambda p=params: case_views.case_list_context(p, coordinator, TODAY, True),
            "reviews/cases/_list_content.html",
        )
    read |= tables_read(lambda: dashboard.dashboard_context(TODAY), "reviews/_dashboard_content.html")

    assert {"referrals_referral", "reviews_reviewcase", "reviews_actionitem"} <= read
    assert read <= set(casework_triggers.casework_tables(apps))
