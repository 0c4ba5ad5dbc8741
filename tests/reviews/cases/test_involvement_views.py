"""The pages for who took part in a review: agency contributions, practitioner events and the
family's involvement. Coordinators change them; members and the appointed reviewer read them on
the case page; any other reviewer gets 404 everywhere; a closed case is read-only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cscp.calendar import add_working_days
from reviews.models import AgencyContribution, CaseDocument, FamilyEngagement, PractitionerEvent
from tests.factories import (
    AgencyContributionFactory,
    AgencyFactory,
    FamilyEngagementFactory,
    PractitionerEventFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
)
from tests.reviews.staff_pages import date_parts

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DECIDED = TODAY - datetime.timedelta(days=60)


@pytest.fixture
def case():
    return ReviewCaseFactory(status="in_progress", commissioned_on=DECIDED)


@pytest.fixture
def rows(case):
    return {
        "contribution": AgencyContributionFactory(case=case, agency__name="Northshire Police"),
        "event": PractitionerEventFactory(case=case, notes="Social worker and health visitor"),
        "family": FamilyEngagementFactory(case=case, relationship="Grandmother"),
    }


def page(case):
    return f"/reviews/{case.reference}/"


def urls(case, rows):
    base = page(case)
    return [
        f"{base}contributions/add/",
        f"{base}contributions/{rows['contribution'].pk}/",
        f"{base}contributions/{rows['contribution'].pk}/received/",
        f"{base}practitioner-events/add/",
        f"{base}practitioner-events/{rows['event'].pk}/",
        f"{base}family/add/",
        f"{base}family/{rows['family'].pk}/",
    ]


# --- The case page ---


def test_the_case_page_shows_the_sections_with_links_for_coordinators(coordinator_client, case, rows):
    body = coordinator_client.get(page(case)).content.decode()
    headings = ["Agency contributions", "Practitioner events", "Family involvement"]
    positions = [body.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "Northshire Police" in body and "Grandmother" in body and "Social worker" in body
    assert 'govuk-tag--green">On track' in body
    for url in urls(case, rows):
        assert f'href="{url}"' in body


def test_members_and_the_appointed_reviewer_read_without_links(
    member_client, reviewer_client, reviewer, case, rows
):
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    for client in (member_client, reviewer_client):
        body = client.get(page(case)).content.decode()
        assert "Northshire Police" in body and "Grandmother" in body
        assert "Add a contribution request" not in body
        assert "/contributions/" not in body and "/family/" not in body


def test_an_overdue_contribution_is_red_and_a_received_one_links_its_document(
    coordinator_client, coordinator, case
):
    AgencyContributionFactory(case=case, due_on=TODAY - datetime.timedelta(days=2))
    document = CaseDocument.objects.create(
        case=case, kind="agency_report", title="Police IMR", created_by=coordinator
    )
    AgencyContributionFactory(
        case=case, kind="agency_report", due_on=TODAY, received_on=TODAY, document=document
    )
    body = coordinator_client.get(page(case)).content.decode()
    assert 'govuk-tag--red">Overdue' in body
    assert 'govuk-tag--grey">Done' in body
    assert f'href="/reviews/{case.reference}/documents/{document.pk}/">Police IMR</a>' in body


@pytest.mark.parametrize("n", [2, 5])
def test_the_case_page_queries_do_not_grow_with_rows(member_client, case, django_assert_num_queries, n):
    for i in range(n):
        AgencyContributionFactory(case=case, received_on=TODAY if i % 2 else None)
        PractitionerEventFactory(case=case).agencies.set([AgencyFactory(), AgencyFactory()])
        FamilyEngagementFactory(case=case, relationship=f"Relative {i}")
    member_client.get(page(case))  # warm the session
    with django_assert_num_queries(QUERIES):
        response = member_client.get(page(case))
    assert response.status_code == 200


# The rest of the case page (session, user, roles, the case, its audit entry, its other rows)
# plus four for this section: contributions with agency and document, events, their agencies,
# family members.
QUERIES = 20


def test_this_section_adds_four_queries_to_the_case_page(member_client, case):
    def count():
        with CaptureQueriesContext(connection) as queries:
            member_client.get(page(case))
        return len(queries)

    member_client.get(page(case))
    before = count()
    AgencyContributionFactory(case=case)
    PractitionerEventFactory(case=case).agencies.set([AgencyFactory()])
    FamilyEngagementFactory(case=case)
    assert count() == before + 1  # the events' agencies, fetched once there are events


# --- Who may use the pages ---


def test_another_reviewer_gets_404_on_every_url(reviewer_client, case, rows):
    for url in [page(case), *urls(case, rows)]:
        assert reviewer_client.get(url).status_code == 404, url
        assert reviewer_client.post(url, {}).status_code in (404, 405), url


def test_members_and_the_appointed_reviewer_get_403_on_every_form(
    member_client, reviewer_client, reviewer, case, rows
):
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    for client in (member_client, reviewer_client):
        for url in urls(case, rows):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"relationship": "Father"}).status_code == 403, url
    assert FamilyEngagement.objects.count() == 1


def test_the_forms_refuse_other_methods(coordinator_client, case, rows):
    for url in urls(case, rows):
        assert coordinator_client.put(url).status_code == 405


def test_a_row_of_another_case_is_404(coordinator_client, case, rows):
    other = ReviewCaseFactory(status="in_progress", commissioned_on=DECIDED)
    for url in urls(case, rows)[1:]:
        if "/add/" not in url:
            assert (
                coordinator_client.get(url.replace(f"/{case.reference}/", f"/{other.reference}/")).status_code
                == 404
            )


# --- Contributions ---


def test_a_coordinator_requests_a_contribution_due_in_20_working_days(coordinator_client, case):
    agency = AgencyFactory(name="Northshire Council")
    url = f"{page(case)}contributions/add/"
    assert coordinator_client.get(url).status_code == 200
    data = {
        "agency": agency.pk,
        "kind": "chronology",
        "contact": "Head of service",
        **date_parts("requested_on", DECIDED),
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert response.url == f"{page(case)}#contributions"
    contribution = case.contributions.get()
    assert (contribution.agency, contribution.due_on) == (agency, add_working_days(DECIDED, 20))
    assert case.events.get().note.startswith("Chronology requested from Northshire Council, due ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the agency"),
        ({}, "Select what has been asked for"),
        ({}, "Enter the date requested"),
        (
            {**date_parts("requested_on", TODAY + datetime.timedelta(days=1))},
            "The date requested must be today or in the past",
        ),
        (
            {**date_parts("requested_on", DECIDED - datetime.timedelta(days=1))},
            "The date requested must be on or after the decision",
        ),
        (
            {
                **date_parts("requested_on", DECIDED + datetime.timedelta(days=5)),
                **date_parts("due_on", DECIDED + datetime.timedelta(days=3)),
            },
            "The due date must be on or after the date requested",
        ),
        (
            {**date_parts("requested_on", DECIDED), "due_on_0": "31", "due_on_1": "2", "due_on_2": "2027"},
            "The due date must be a real date",
        ),
    ],
)
def test_a_bad_request_is_explained_and_kept(coordinator_client, case, data, message):
    response = coordinator_client.post(
        f"{page(case)}contributions/add/", {"contact": "Typed contact", "notes": "Typed notes", **data}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "Typed contact" in body and "Typed notes" in body
    assert not AgencyContribution.objects.exists()


def test_the_due_date_is_moved(coordinator_client, case, rows):
    contribution = rows["contribution"]
    contribution.reminded_overdue_on = TODAY
    contribution.save()
    url = f"{page(case)}contributions/{contribution.pk}/"
    body = coordinator_client.get(url).content.decode()
    assert "Northshire Police" in body
    due = TODAY + datetime.timedelta(days=10)
    response = coordinator_client.post(url, {**date_parts("due_on", due), "contact": "Records", "notes": ""})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.due_on, contribution.contact, contribution.reminded_overdue_on) == (
        due,
        "Records",
        None,
    )


def test_a_due_date_before_the_request_is_refused_on_change(coordinator_client, case):
    contribution = AgencyContributionFactory(case=case, requested_on=DECIDED + datetime.timedelta(days=5))
    url = f"{page(case)}contributions/{contribution.pk}/"
    due = DECIDED + datetime.timedelta(days=2)
    response = coordinator_client.post(url, {**date_parts("due_on", due), "contact": "Kept"})
    body = response.content.decode()
    assert "The due date must be on or after the date requested" in body
    assert "Kept" in body
    response = coordinator_client.post(
        url, {"due_on_0": "", "due_on_1": "", "due_on_2": "", "contact": "Kept"}
    )
    assert "Enter the due date" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.contact == ""


def test_a_contribution_is_received_with_its_document(coordinator_client, coordinator, case, rows):
    contribution = rows["contribution"]
    document = CaseDocument.objects.create(
        case=case, kind="agency_report", title="Police IMR", created_by=coordinator
    )
    url = f"{page(case)}contributions/{contribution.pk}/received/"
    assert "Police IMR" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url,
        {
            **date_parts("received_on", TODAY),
            "document": document.pk,
            "late_reason": "The IMR author was ill",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.received_on, contribution.document) == (TODAY, document)
    assert contribution.late_reason == "The IMR author was ill"


def test_a_document_of_another_case_cannot_be_chosen(coordinator_client, coordinator, case, rows):
    contribution = rows["contribution"]
    other = CaseDocument.objects.create(
        case=ReviewCaseFactory(), kind="agency_report", title="Other", created_by=coordinator
    )
    url = f"{page(case)}contributions/{contribution.pk}/received/"
    assert "Other" not in coordinator_client.get(url).content.decode().split("<select")[1]
    response = coordinator_client.post(url, {**date_parts("received_on", TODAY), "document": other.pk})
    assert "Choose a document of this review from the list" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.received_on is None


def test_a_received_date_in_the_future_is_refused(coordinator_client, case, rows):
    url = f"{page(case)}contributions/{rows['contribution'].pk}/received/"
    response = coordinator_client.post(url, date_parts("received_on", TODAY + datetime.timedelta(days=1)))
    assert "The date received must be today or in the past" in response.content.decode()


# --- Practitioner events ---


def test_a_practitioner_event_is_recorded_and_changed(coordinator_client, case):
    agencies = [AgencyFactory(name="Northshire Police"), AgencyFactory(name="Northshire NHS Trust")]
    url = f"{page(case)}practitioner-events/add/"
    data = {
        "kind": "learning_event",
        **date_parts("held_on", DECIDED),
        "agencies": [a.pk for a in agencies],
        "attendees": "15",
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    event = case.practitioner_events.get()
    assert (event.attendees, set(event.agencies.all())) == (15, set(agencies))
    url = f"{page(case)}practitioner-events/{event.pk}/"
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(
        url, {"kind": "workshop", **date_parts("held_on", TODAY), "agencies": [agencies[0].pk]}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.kind, event.attendees, list(event.agencies.all())) == ("workshop", None, [agencies[0]])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"attendees": "lots"}, "The number attending must be a whole number"),
        (
            {**date_parts("held_on", DECIDED - datetime.timedelta(days=1))},
            "The date of the event must be on or after",
        ),
        (
            {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2027"},
            "The date of the event must be a real date",
        ),
        ({"agencies": ["999999"]}, "Select agencies from the list"),
    ],
)
def test_a_bad_event_is_explained_and_kept(coordinator_client, case, data, message):
    response = coordinator_client.post(
        f"{page(case)}practitioner-events/add/", {"kind": "workshop", "notes": "Typed notes", **data}
    )
    body = response.content.decode()
    assert message in body and "Typed notes" in body
    assert not PractitionerEvent.objects.exists()


def test_a_practitioner_event_may_be_planned_and_shows_as_planned_until_its_day(coordinator_client, case):
    """Issue 17 §5: a date still to come is a planned event, not an error."""
    planned_for = TODAY + datetime.timedelta(days=21)
    data = {"kind": "learning_event", **date_parts("held_on", planned_for), "attendees": "12"}
    assert coordinator_client.post(f"{page(case)}practitioner-events/add/", data).status_code == 302
    event = case.practitioner_events.get()
    assert event.held_on == planned_for and event.is_planned
    body = coordinator_client.get(page(case)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--blue">Planned</strong>' in body
    assert case.events.latest("id").note.startswith("Practitioner learning event planned for")
    PractitionerEvent.objects.filter(pk=event.pk).update(held_on=TODAY)
    assert ">Planned</strong>" not in coordinator_client.get(page(case)).content.decode()


# --- The family ---


def test_a_family_member_is_recorded_and_changed(coordinator_client, case):
    url = f"{page(case)}family/add/"
    body = coordinator_client.get(url).content.decode()
    assert "Not their name" in body
    data = {"relationship": "Father", "response": "accepted", **date_parts("invited_on", DECIDED)}
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert response.url == f"{page(case)}#family"
    engagement = case.family_engagements.get()
    assert case.events.get().note == "Family involvement recorded (Father)"
    url = f"{page(case)}family/{engagement.pk}/"
    data = {**data, **date_parts("told_of_publication_on", TODAY), **date_parts("draft_shared_on", TODAY)}
    assert coordinator_client.post(url, data).status_code == 302
    engagement.refresh_from_db()
    assert (engagement.told_of_publication_on, engagement.draft_shared_on) == (TODAY, TODAY)
    body = coordinator_client.get(page(case)).content.decode()
    assert "Agreed to take part" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"relationship": ""}, "Enter their relationship to the child"),
        (
            {"response": "declined", **date_parts("contributed_on", TODAY)},
            "They cannot have declined and contributed",
        ),
        ({**date_parts("told_of_publication_on", TODAY), "not_told_reason": "Typed reason"}, "not both"),
        (
            {
                "invited_on_0": "",
                "invited_on_1": "",
                "invited_on_2": "",
                **date_parts("contributed_on", TODAY),
            },
            "Enter the date invited",
        ),
        (
            {**date_parts("draft_shared_on", DECIDED - datetime.timedelta(days=1))},
            "The date the draft was shared must be on or after the decision",
        ),
        (
            {
                **date_parts("invited_on", TODAY),
                **date_parts("pseudonym_agreed_on", TODAY - datetime.timedelta(days=1)),
            },
            "The date the pseudonym was agreed must be on or after the date invited",
        ),
        (
            {**date_parts("contributed_on", TODAY + datetime.timedelta(days=1))},
            "The date they contributed must be today or in the past",
        ),
    ],
)
def test_a_contradictory_family_record_is_explained_and_kept(coordinator_client, case, data, message):
    answers = {"relationship": "Aunt", "notes": "Typed notes", **date_parts("invited_on", DECIDED), **data}
    response = coordinator_client.post(f"{page(case)}family/add/", answers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "Typed notes" in body
    assert not FamilyEngagement.objects.exists()


# --- A closed case ---


@pytest.mark.parametrize("status", ["closed", "not_published"])
def test_a_closed_case_is_read_only(coordinator_client, status):
    case = ReviewCaseFactory(status=status, commissioned_on=DECIDED)
    rows = {
        "contribution": AgencyContributionFactory(case=case),
        "event": PractitionerEventFactory(case=case),
        "family": FamilyEngagementFactory(case=case),
    }
    body = coordinator_client.get(page(case)).content.decode()
    assert "Add a contribution request" not in body and "Add a family member" not in body
    for url in urls(case, rows):
        response = coordinator_client.post(url, {"relationship": "Uncle"}, follow=True)
        assert "its records can no longer be changed" in response.content.decode(), url
    assert FamilyEngagement.objects.count() == 1
    assert not case.events.exists()


def test_referrers_are_refused_and_anonymous_visitors_sent_to_sign_in(
    client, staff_client_for, referrer, case, rows
):
    for url in urls(case, rows):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    referrer_client = staff_client_for(referrer)
    for url in urls(case, rows):
        assert referrer_client.get(url).status_code == 403
