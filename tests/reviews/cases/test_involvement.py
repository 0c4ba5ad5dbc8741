"""Who took part in a review: contributions asked of agencies (with their due-date clock),
practitioner events and the family's involvement. Coordinators only, closed cases read-only,
timeline notes without names or free text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cscp.calendar import add_working_days
from reviews.cases.involvement import contributions, selectors, services
from reviews.cases.transitions import ReviewCaseError
from reviews.models import AgencyContribution, CaseDocument, ClockState, FamilyEngagement, PractitionerEvent
from tests.factories import (
    AgencyContributionFactory,
    AgencyFactory,
    FamilyEngagementFactory,
    PractitionerEventFactory,
    ReviewCaseFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DECIDED = TODAY - timedelta(days=60)


@pytest.fixture
def case():
    return ReviewCaseFactory(status="in_progress", commissioned_on=DECIDED)


@pytest.fixture
def agency():
    return AgencyFactory(name="Northshire Police")


def last_note(case):
    return case.events.order_by("-id").first().note


# --- Contributions ---


def test_a_contribution_is_due_20_working_days_after_the_request_by_default(case, coordinator, agency):
    contribution = contributions.contribution_request(
        case=case, by=coordinator, agency=agency, kind="chronology", requested_on=DECIDED,
        contact="Jane Smith, DI", notes="Ask about the 2024 referral",
    )  # fmt: skip
    assert contribution.due_on == add_working_days(DECIDED, 20)
    note = last_note(case)
    assert note.startswith("Chronology requested from Northshire Police, due ")
    assert "Jane Smith" not in note and "2024 referral" not in note
    assert case.events.get().action == "review.contribution_requested"


def test_a_due_date_may_be_set(case, coordinator, agency):
    due = DECIDED + timedelta(days=10)
    contribution = contributions.contribution_request(
        case=case, by=coordinator, agency=agency, kind="agency_report", requested_on=DECIDED, due_on=due
    )
    assert contribution.due_on == due


def test_a_due_date_before_the_request_is_refused(case, coordinator, agency):
    with pytest.raises(ReviewCaseError, match="on or after the date requested"):
        contributions.contribution_request(
            case=case, by=coordinator, agency=agency, kind="chronology", requested_on=DECIDED,
            due_on=DECIDED - timedelta(days=1),
        )  # fmt: skip
    assert not AgencyContribution.objects.exists()


@pytest.mark.parametrize("role", ["member", "reviewer", "referrer"])
def test_only_coordinators_request_contributions(request, case, agency, role):
    with pytest.raises(ReviewCaseError, match="Only coordinators"):
        contributions.contribution_request(
            case=case,
            by=request.getfixturevalue(role),
            agency=agency,
            kind="chronology",
            requested_on=DECIDED,
        )
    assert not AgencyContribution.objects.exists()


@pytest.mark.parametrize("status", ["closed", "not_published"])
def test_a_closed_case_is_read_only(coordinator, agency, status):
    case = ReviewCaseFactory(status=status, commissioned_on=DECIDED)
    with pytest.raises(ReviewCaseError, match=f"This case is {status.replace('_', ' ')}"):
        contributions.contribution_request(
            case=case, by=coordinator, agency=agency, kind="chronology", requested_on=DECIDED
        )
    with pytest.raises(ReviewCaseError):
        services.practitioner_event_record(case=case, by=coordinator, kind="workshop", held_on=DECIDED)
    with pytest.raises(ReviewCaseError):
        services.family_engagement_add(case=case, by=coordinator, relationship="Father")
    assert not case.events.exists()


def test_changes_to_a_contribution_of_a_closed_case_are_refused(coordinator):
    contribution = AgencyContributionFactory(case__status="closed", case__commissioned_on=DECIDED)
    with pytest.raises(ReviewCaseError, match="closed"):
        contributions.contribution_change(contribution=contribution, by=coordinator, changes={"notes": "x"})
    with pytest.raises(ReviewCaseError, match="closed"):
        contributions.contribution_receive(contribution=contribution, by=coordinator, received_on=TODAY)


def test_moving_the_due_date_forgets_the_reminder(case, coordinator):
    contribution = AgencyContributionFactory(case=case, reminded_overdue_on=TODAY)
    new_due = TODAY + timedelta(days=7)
    changed = contributions.contribution_change(
        contribution=contribution, by=coordinator, changes={"due_on": new_due, "contact": "Records team"}
    )
    assert (changed.due_on, changed.contact, changed.reminded_overdue_on) == (new_due, "Records team", None)
    assert "now due" in last_note(case)
    assert "Records team" not in last_note(case)


def test_other_changes_keep_the_reminder(case, coordinator):
    contribution = AgencyContributionFactory(case=case, reminded_overdue_on=TODAY)
    changes = {"due_on": contribution.due_on, "notes": "Chased by phone"}
    changed = contributions.contribution_change(contribution=contribution, by=coordinator, changes=changes)
    assert changed.reminded_overdue_on == TODAY
    assert "Chased" not in last_note(case)


def test_a_contribution_change_refuses_unknown_fields_and_a_due_date_before_the_request(case, coordinator):
    contribution = AgencyContributionFactory(case=case)
    with pytest.raises(ValueError):
        contributions.contribution_change(
            contribution=contribution, by=coordinator, changes={"kind": "other"}
        )
    with pytest.raises(ReviewCaseError, match="on or after the date requested"):
        contributions.contribution_change(
            contribution=contribution, by=coordinator, changes={"due_on": DECIDED - timedelta(days=1)}
        )


def test_a_contribution_is_received_with_a_document_of_the_case(case, coordinator):
    contribution = AgencyContributionFactory(case=case, due_on=TODAY)
    document = CaseDocument.objects.create(
        case=case, kind="agency_report", title="Police chronology", created_by=coordinator
    )
    received = contributions.contribution_receive(
        contribution=contribution, by=coordinator, received_on=TODAY, document=document
    )
    assert (received.received_on, received.document) == (TODAY, document)
    assert last_note(case).startswith("Chronology received from")


def test_a_document_of_another_case_is_refused(case, coordinator):
    contribution = AgencyContributionFactory(case=case)
    other = CaseDocument.objects.create(
        case=ReviewCaseFactory(), kind="agency_report", title="Other", created_by=coordinator
    )
    with pytest.raises(ReviewCaseError, match="document of this review"):
        contributions.contribution_receive(
            contribution=contribution, by=coordinator, received_on=TODAY, document=other
        )
    contribution.refresh_from_db()
    assert contribution.received_on is None


@pytest.mark.parametrize(
    ("offset", "message"), [(1, "today or in the past"), (-61, "on or after the date requested")]
)
def test_a_received_date_out_of_order_is_refused(case, coordinator, offset, message):
    contribution = AgencyContributionFactory(case=case)
    with pytest.raises(ReviewCaseError, match=message):
        contributions.contribution_receive(
            contribution=contribution, by=coordinator, received_on=TODAY + timedelta(days=offset)
        )


# --- The clock ---


@pytest.mark.parametrize(
    ("working_days", "state"),
    [(6, ClockState.ON_TRACK), (5, ClockState.DUE_SOON), (0, ClockState.DUE_SOON)],
)
def test_the_clock_is_due_soon_within_5_working_days(working_days, state):
    today = TODAY
    contribution = AgencyContribution(kind="chronology", due_on=add_working_days(today, working_days))
    assert contributions.contribution_clock(contribution, today).state == state


def test_the_clock_is_overdue_after_the_due_date_and_done_once_received():
    contribution = AgencyContribution(kind="chronology", due_on=TODAY - timedelta(days=3))
    clock = contributions.contribution_clock(contribution, TODAY)
    assert clock.state == ClockState.OVERDUE
    assert "overdue" in clock.summary
    contribution.received_on = TODAY
    assert contributions.contribution_clock(contribution, TODAY).state == ClockState.DONE


# --- Practitioner events ---


def test_a_practitioner_event_is_recorded_with_its_agencies(case, coordinator, agency):
    other = AgencyFactory(name="Northshire Council")
    event = services.practitioner_event_record(
        case=case, by=coordinator, kind="learning_event", held_on=DECIDED + timedelta(days=3),
        agencies=[agency, other], attendees=14, notes="Health visitor and DS Brown attended",
    )  # fmt: skip
    assert set(event.agencies.all()) == {agency, other}
    note = last_note(case)
    assert note.startswith("Practitioner learning event held ")
    assert "Brown" not in note


def test_a_practitioner_event_is_changed(case, coordinator, agency):
    event = PractitionerEventFactory(case=case)
    changed = services.practitioner_event_change(
        event=event, by=coordinator, changes={"kind": "workshop", "agencies": [agency], "attendees": None}
    )
    assert (changed.kind, list(changed.agencies.all()), changed.attendees) == ("workshop", [agency], None)
    assert last_note(case).startswith("Reflective workshop held")


def test_a_member_cannot_change_an_event(case, member):
    event = PractitionerEventFactory(case=case)
    with pytest.raises(ReviewCaseError):
        services.practitioner_event_change(event=event, by=member, changes={"kind": "workshop"})
    event.refresh_from_db()
    assert event.kind == "learning_event"
    assert not PractitionerEvent.objects.filter(kind="workshop").exists()


# --- The family ---


def test_a_family_member_is_recorded_by_relationship_only(case, coordinator):
    engagement = services.family_engagement_add(
        case=case, by=coordinator, relationship="Mother", invited_on=DECIDED, response="accepted",
        contributed_on=DECIDED + timedelta(days=5), notes="Ms Jones prefers evening calls",
        support_offered="Advocate from Family Voices",
    )  # fmt: skip
    assert engagement.updated_by == coordinator
    assert last_note(case) == "Family involvement recorded (Mother)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"relationship": " "}, "Enter their relationship"),
        ({"relationship": "Father", "response": "declined"}, "Enter the date they were invited"),
        (
            {"relationship": "Father", "invited_on": DECIDED, "contributed_on": DECIDED - timedelta(days=1)},
            "on or after the date they were invited",
        ),
        (
            {
                "relationship": "Father",
                "invited_on": DECIDED,
                "response": "declined",
                "contributed_on": DECIDED,
            },
            "declined and contributed",
        ),
        (
            {
                "relationship": "Father",
                "invited_on": DECIDED,
                "told_of_publication_on": DECIDED,
                "not_told_reason": "Could not be found",
            },
            "not both",
        ),
    ],
)
def test_contradictory_family_records_are_refused(case, coordinator, fields, message):
    with pytest.raises(ReviewCaseError, match=message):
        services.family_engagement_add(case=case, by=coordinator, **fields)
    assert not FamilyEngagement.objects.exists()


def test_a_change_is_checked_against_what_is_already_recorded(case, coordinator):
    engagement = FamilyEngagementFactory(case=case, invited_on=DECIDED, response="declined")
    with pytest.raises(ReviewCaseError, match="declined and contributed"):
        services.family_engagement_change(
            engagement=engagement, by=coordinator, changes={"contributed_on": DECIDED}
        )
    changed = services.family_engagement_change(
        engagement=engagement, by=coordinator, changes={"response": "accepted", "contributed_on": DECIDED}
    )
    assert changed.contributed_on == DECIDED
    assert last_note(case) == "Family involvement updated (Mother)"


def test_only_coordinators_record_the_family(case, reviewer):
    with pytest.raises(ReviewCaseError, match="Only coordinators"):
        services.family_engagement_add(case=case, by=reviewer, relationship="Mother")


# --- The case page's rows ---


@pytest.mark.parametrize("n", [1, 4])
def test_the_page_rows_take_four_queries_however_many(case, coordinator, django_assert_num_queries, n):
    for i in range(n):
        AgencyContributionFactory(case=case, received_on=TODAY if i % 2 else None)
        PractitionerEventFactory(case=case).agencies.set([AgencyFactory(), AgencyFactory()])
        FamilyEngagementFactory(case=case, relationship=f"Relative {i}")
    with django_assert_num_queries(4):
        rows = selectors.page_rows(case)
        for contribution in rows["contributions"]:
            assert contribution.agency.name and contribution.clock
        for event in rows["practitioner_events"]:
            assert len(event.agencies.all()) == 2
    assert len(rows["family_engagements"]) == n
    assert rows["involvement_editable"] is True
