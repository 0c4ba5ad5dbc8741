"""The queue as CSV: coordinators only, the same filters as the page, nothing personal, every
cell a spreadsheet would run escaped, streamed with a BOM, and audit-logged."""

import csv
import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.http import StreamingHttpResponse

from referrals.models import Referral
from reviews.models import Theme, Triage
from reviews.triage.export import HEADER, safe_cell
from tests.factories import AgencyFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

URL = "/triage/export.csv"


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


def download(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def rows(body):
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_it_downloads_the_queue_with_a_bom_and_a_header(coordinator_client):
    referral = submitted_referral_factory(status="screening", requested_review_type="spr")
    triage = Triage.objects.create(
        referral=referral,
        sin_due=date(2026, 12, 1),
        rapid_review_due=date(2026, 12, 22),
        next_due=date(2026, 12, 1),
    )
    triage.themes.set([Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]])

    response, body = download(coordinator_client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="triage-queue-')
    assert body.startswith("\ufeff")
    header, row = rows(body)
    assert header == HEADER
    assert row[0] == referral.reference
    assert row[1] == "Screening"
    assert row[3] == "Safeguarding Practice Review (full SPR)"
    assert row[4] == referral.referrer_agency.name
    assert "seriously harmed" in row[5]
    assert row[6] == "Neglect"
    assert row[7] == "No"
    assert row[8:11] == ["2026-12-01", "2026-12-22", "2026-12-01"]
    assert row[11:] == ["", "", "", "", "", "", ""]  # nothing sent yet: nothing late


def test_it_exports_each_step_late_by_how_much_and_why(coordinator_client):
    from reviews.models import RapidReview

    # Notification due Wednesday 1 April 2026, sent Tuesday 7 April over Easter: 2 working days
    # late. Rapid review due Friday 17 April, sent Friday 17 April: on time.
    late = Triage.objects.create(
        referral=submitted_referral_factory(status="rapid_review"),
        sin_required=True,
        sin_due=date(2026, 4, 1),
        sin_sent_on=date(2026, 4, 7),
        sin_late_reason="=The duty manager was away",
        rapid_review_due=date(2026, 4, 17),
    )
    RapidReview.objects.create(
        triage=late, started_on=date(2026, 3, 27), due=date(2026, 4, 17), sent_to_panel_on=date(2026, 4, 17)
    )
    Triage.objects.create(
        referral=submitted_referral_factory(status="screening"),
        sin_required=False,
        sin_not_required_reason="No serious harm: the threshold is not met",
    )

    _, body = download(coordinator_client)

    found = {row[0]: row[11:] for row in rows(body)[1:]}
    assert found[late.referral.reference] == [
        "2026-04-07", "2", "'=The duty manager was away", "", "2026-04-17", "0", "",
    ]  # fmt: skip
    (not_notifiable,) = [cells for reference, cells in found.items() if reference != late.referral.reference]
    assert not_notifiable == ["", "", "", "No serious harm: the threshold is not met", "", "", ""]


def test_a_referral_not_triaged_yet_exports_its_provisional_notification_due(coordinator_client):
    from cscp.calendar import add_working_days

    referral = submitted_referral_factory()
    due = add_working_days(referral.aware_date, 5).isoformat()

    _, body = download(coordinator_client)

    (row,) = rows(body)[1:]
    assert row[0] == referral.reference and row[8:11] == [due, "", due]


def test_it_exports_only_what_the_filters_show(coordinator_client):
    screening = submitted_referral_factory(status="screening")
    submitted_referral_factory(status="rapid_review")

    _, body = download(coordinator_client, {"status": "screening"})

    assert [row[0] for row in rows(body)[1:]] == [screening.reference]


@pytest.mark.parametrize("state", ["closed", "withdrawn", "merged"])
def test_it_exports_finished_referrals_when_their_state_is_chosen(coordinator_client, state):
    finished = submitted_referral_factory(status=state)
    open_one = submitted_referral_factory(status="screening")

    _, chosen = download(coordinator_client, {"status": state})
    _, plain = download(coordinator_client)
    _, every = download(coordinator_client, {"status": "all"})

    assert [row[0] for row in rows(chosen)[1:]] == [finished.reference]
    assert rows(chosen)[1][1] == Referral.objects.get(pk=finished.pk).get_status_display()
    assert [row[0] for row in rows(plain)[1:]] == [open_one.reference]
    assert sorted(row[0] for row in rows(every)[1:]) == sorted([finished.reference, open_one.reference])


@pytest.mark.parametrize(
    "query", [{"status": "nonsense"}, {"status": "draft"}, {"referrer_agency": "999999"}]
)
def test_it_refuses_filters_the_queue_would_refuse_and_sends_the_coordinator_back(coordinator_client, query):
    submitted_referral_factory(status="screening")

    response = coordinator_client.get(URL, query)

    assert response.status_code == 302
    assert response["Location"] == "/triage/?" + "&".join(f"{k}={v}" for k, v in query.items())
    assert not LogEntry.objects.filter(additional_data__export="triage_queue_csv").exists()
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "The referrals were not downloaded. Correct the filters and try again." in page
    assert "There is a problem" in page


def test_the_queue_offers_no_export_while_a_filter_is_not_understood(coordinator_client):
    assert "export.csv" not in coordinator_client.get("/triage/?status=nonsense").content.decode()
    assert "export.csv?status=closed" in coordinator_client.get("/triage/?status=closed").content.decode()


def test_it_carries_no_names_dates_of_birth_addresses_or_incident_text(coordinator_client):
    referral = submitted_referral_factory(status="screening", incident_description="Secret account of events")
    child = referral.children.get()
    family = referral.family_members.get()

    _, body = download(coordinator_client)

    for personal in [
        child.full_name,
        child.home_address,
        child.date_of_birth.isoformat(),
        family.full_name,
        family.address,
        family.date_of_birth.isoformat(),
        "Secret account of events",
        referral.referrer_name,
        referral.referrer_email,
    ]:
        assert personal not in body


def test_it_escapes_cells_a_spreadsheet_would_run_as_formulas(coordinator_client):
    referral = submitted_referral_factory(status="screening")
    agency = AgencyFactory(name='=HYPERLINK("http://evil.example","click")')
    Referral.objects.filter(pk=referral.pk).update(referrer_agency=agency)
    Triage.objects.create(referral=referral).themes.set(
        [Theme.objects.create(name="+SUM(A1:A2)", slug="sum"), Theme.objects.create(name="@cmd", slug="cmd")]
    )

    _, body = download(coordinator_client)

    row = rows(body)[1]
    assert row[4] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[6].startswith("'")  # the first theme, "+SUM...", sorted first
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Croydon Council", "Croydon Council"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_safe_cell_prefixes_only_formula_starts(value, expected):
    assert safe_cell(value) == expected


def test_it_records_who_exported_what_and_how_many_rows(coordinator_client, coordinator):
    submitted_referral_factory(status="screening")
    submitted_referral_factory(status="screening")
    submitted_referral_factory(status="rapid_review")

    download(coordinator_client, {"status": "screening", "urgent": ""})

    entry = LogEntry.objects.get(additional_data__export="triage_queue_csv")
    assert entry.actor == coordinator
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.additional_data["filters"] == {"status": "screening"}
    assert entry.additional_data["rows"] == 2


def test_members_may_not_export(staff_client_for, member):
    assert staff_client_for(member).get(URL).status_code == 403
    assert not LogEntry.objects.filter(additional_data__export="triage_queue_csv").exists()


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_other_roles_may_not_export(signed_in_as, role):
    assert signed_in_as(role).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_the_queue_offers_the_export_to_coordinators_only(staff_client_for, coordinator, member):
    assert "export.csv" in staff_client_for(coordinator).get("/triage/?status=screening").content.decode()
    assert "export.csv" not in staff_client_for(member).get("/triage/").content.decode()


def test_it_runs_a_fixed_number_of_queries(coordinator_client, django_assert_max_num_queries):
    for _ in range(12):
        Triage.objects.create(referral=submitted_referral_factory(status="screening"))
    coordinator_client.get("/triage/")

    with django_assert_max_num_queries(16):
        download(coordinator_client)
