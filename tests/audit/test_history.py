import pytest
from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from cscp.accounts.models import Agency
from cscp.audit.access import log_access
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def history_url(obj=None, *, app_label="accounts", model="agency", pk=None):
    return reverse("audit:history", args=[app_label, model, obj.pk if obj else pk])


def _viewed_by(user, obj, times=1):
    request = RequestFactory().get("/")
    request.user = user
    for _ in range(times):
        log_access(request, obj)


@pytest.fixture
def agency(coordinator):
    with set_actor(coordinator):
        agency = AgencyFactory(name="Croydon Council", kind=Agency.Kind.LOCAL_AUTHORITY)
        agency.name = "London Borough of Croydon"
        agency.is_statutory_partner = True
        agency.save()
    return agency


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


def test_it_lists_changes_with_actor_and_fields(coordinator_client, coordinator, agency):
    response = coordinator_client.get(history_url(agency))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.action for row in rows] == ["Changed", "Created"]
    assert {row.actor for row in rows} == {coordinator.email}
    changed = {c.field: (c.old, c.new) for c in rows[0].changes}
    assert changed["Name"] == ("Croydon Council", "London Borough of Croydon")
    assert changed["Is statutory partner"] == ("No", "Yes")
    created = {c.field: (c.old, c.new) for c in rows[1].changes}
    assert created["Kind"] == ("", "Local authority (children's social care)")
    content = response.content.decode()
    assert "History of London Borough of Croydon" in content
    assert 'class="govuk-table"' in content
    assert "Croydon Council" in content


def test_it_shows_views_as_viewed(coordinator_client, member, agency):
    _viewed_by(member, agency)
    rows = coordinator_client.get(history_url(agency)).context["rows"]
    assert (rows[0].action, rows[0].actor, rows[0].changes) == ("Viewed", member.email, [])


def test_it_shows_system_when_there_was_no_actor(coordinator_client):
    agency = AgencyFactory()
    (row,) = coordinator_client.get(history_url(agency)).context["rows"]
    assert row.actor == "System"


def test_it_is_not_itself_logged_as_a_view(coordinator_client, agency):
    coordinator_client.get(history_url(agency))
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_it_shows_the_history_of_a_deleted_record(coordinator_client, coordinator, agency):
    pk = agency.pk
    with set_actor(coordinator):
        agency.delete()
    response = coordinator_client.get(history_url(pk=pk))
    assert response.status_code == 200
    assert [row.action for row in response.context["rows"]] == ["Deleted", "Changed", "Created"]


def test_it_shows_a_record_with_no_history(coordinator_client):
    with disable_auditlog():
        agency = AgencyFactory(name="Quiet Agency")
    response = coordinator_client.get(history_url(agency))
    assert response.status_code == 200
    assert "History of Quiet Agency" in response.content.decode()
    assert "Nothing has been recorded" in response.content.decode()


def test_it_never_shows_a_password(coordinator_client, referrer):
    referrer.set_password("a-new-password-123")
    referrer.save()
    LogEntry.objects.log_create(referrer, action=LogEntry.Action.UPDATE, changes={"password": ["old", "new"]})
    response = coordinator_client.get(history_url(referrer, model="user"))
    assert response.status_code == 200
    for row in response.context["rows"]:
        assert not [c for c in row.changes if "password" in c.field.lower()]
    assert "a-new-password-123" not in response.content.decode()


def test_it_shows_role_changes(coordinator_client, referrer):
    rows = coordinator_client.get(history_url(referrer, model="user")).context["rows"]
    changes = [c for row in rows for c in row.changes if c.field == "Groups"]
    assert changes[-1].new == "Added: referrer"


def test_it_paginates_at_50(coordinator_client, member, agency):
    _viewed_by(member, agency, times=58)  # 60 entries with the two changes
    first = coordinator_client.get(history_url(agency))
    assert len(first.context["rows"]) == 50
    assert 'class="govuk-pagination"' in first.content.decode()
    second = coordinator_client.get(history_url(agency) + "?page=2")
    assert [row.action for row in second.context["rows"]][-2:] == ["Changed", "Created"]
    assert len(second.context["rows"]) == 10


@pytest.mark.parametrize("entries", [3, 30])
def test_its_query_count_does_not_grow_with_entries(
    coordinator_client, member, agency, entries, django_assert_num_queries
):
    _viewed_by(member, agency, times=entries - 2)
    ContentType.objects.get_for_model(Agency)  # warm the cache, as any running process has
    # Session, user, 2FA device, roles; count and page of entries; the session saved again
    # (savepoint, update, release: SESSION_SAVE_EVERY_REQUEST).
    with django_assert_num_queries(9):
        response = coordinator_client.get(history_url(agency))
    assert len(response.context["rows"]) == entries


def test_admins_may_see_it(staff_client_for, admin_user, agency):
    assert staff_client_for(admin_user).get(history_url(agency)).status_code == 200


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_it_refuses_other_staff(request, staff_client_for, role, agency):
    client = staff_client_for(request.getfixturevalue(role))
    assert client.get(history_url(agency)).status_code == 403


def test_it_refuses_referrers(client, referrer, agency):
    client.force_login(referrer)
    assert client.get(history_url(agency)).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, agency):
    response = client.get(history_url(agency))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_rejects_post(coordinator_client, agency):
    assert coordinator_client.post(history_url(agency)).status_code == 405


@pytest.mark.parametrize(
    ("app_label", "model", "pk"),
    [
        ("accounts", "nosuchmodel", "1"),
        ("nosuchapp", "agency", "1"),
        ("notifications", "outgoingemail", "1"),  # exists, but auditlog does not record it
        ("accounts", "agency", "not-a-number"),
        ("accounts", "agency", "999999"),  # no record and no entries
    ],
)
def test_it_404s_for_anything_but_an_audited_record(coordinator_client, app_label, model, pk):
    response = coordinator_client.get(reverse("audit:history", args=[app_label, model, pk]))
    assert response.status_code == 404
