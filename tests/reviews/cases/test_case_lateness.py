"""Issue 16 §2 on a review case: the final report sent to the Panel and the Secretary of State
later than 7 working days before the planned publication date, publication later than 6
months after the decision, and agency contributions received after their due date are each
shown late by how much, ask for the reason and keep it with the step.

Dates worked out by hand over Easter 2026 (Good Friday 3 April, Easter Monday 6 April):
planned publication Tuesday 14 April leaves the final report due on Wednesday 1 April (the 7
working days after it are 2, 7, 8, 9, 10, 13, 14 April); sent on Tuesday 7 April it is 2 working
days late (Thursday 2 and Tuesday 7). Planned for Wednesday 8 April instead, it is due on Thursday
26 March (27, 30, 31 March, 1, 2, 7, 8 April)."""

import datetime
from datetime import date

import pytest

from reviews.cases import services
from reviews.cases.clocks import final_report_due
from reviews.cases.involvement import contributions
from reviews.cases.transitions import ReviewCaseError
from reviews.models import ReviewCase
from tests.factories import AgencyContributionFactory, ReviewCaseFactory, ReviewerAppointmentFactory
from tests.reviews.staff_pages import date_parts

pytestmark = pytest.mark.django_db

DECIDED = date(2025, 11, 3)
PLANNED = date(2026, 4, 14)
DUE = date(2026, 4, 1)
SENT_LATE = date(2026, 4, 7)
TODAY = datetime.date.today()


def test_the_hand_worked_due_dates():
    assert final_report_due(PLANNED) == DUE
    assert final_report_due(date(2026, 4, 8)) == date(2026, 3, 26)


@pytest.fixture
def case():
    return ReviewCaseFactory(status="final_approved", commissioned_on=DECIDED)


def details(case, **changes):
    """What the details form posts for `case` as it is, with `changes`."""
    data = {"methodology": case.methodology, "terms_of_reference": case.terms_of_reference}
    for name in ("planned_publication_on", "final_report_sent_panel_on", "final_report_sent_sos_on"):
        if getattr(case, name):
            data.update(date_parts(name, getattr(case, name)))
    data["final_report_late_reason"] = case.final_report_late_reason
    return {**data, **changes}


def sent(planned, panel=SENT_LATE, sos=SENT_LATE):
    return {
        **date_parts("planned_publication_on", planned),
        **date_parts("final_report_sent_panel_on", panel),
        **date_parts("final_report_sent_sos_on", sos),
    }


def test_a_final_report_sent_late_asks_why_and_keeps_what_was_typed(coordinator_client, case):
    data = details(case, terms_of_reference="What happened", **sent(PLANNED))
    response = coordinator_client.post(f"/reviews/{case.reference}/details/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Enter why the final report was sent late: it was sent 2 working days after it was due on 1 April 2026"
        in body
    )
    assert "What happened" in body and 'value="14"' in body
    case.refresh_from_db()
    assert case.planned_publication_on is None and case.final_report_sent_panel_on is None


def test_a_final_report_sent_late_with_its_reason_shows_late_on_the_case(coordinator_client, case):
    data = details(case, final_report_late_reason="The Panel meeting moved", **sent(PLANNED))
    assert coordinator_client.post(f"/reviews/{case.reference}/details/", data).status_code == 302
    case.refresh_from_db()
    assert (case.planned_publication_on, case.final_report_late_reason) == (
        PLANNED,
        "The Panel meeting moved",
    )
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    assert "14 April 2026" in body  # the planned date
    assert "done 7 April 2026, 2 working days late (due 1 April 2026)" in body
    assert "Reason: The Panel meeting moved" in body


def test_the_final_report_clock_counts_down_before_it_is_sent(coordinator_client, case):
    services.review_case_update_details(
        case=case, by=case.created_by, planned_publication_on=TODAY + datetime.timedelta(days=60)
    )
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    due = final_report_due(TODAY + datetime.timedelta(days=60))
    assert f"due {due.day} {due:%B} {due.year}" in body
    assert "Reason not recorded" not in body


def test_sent_in_time_needs_no_reason(coordinator_client, case):
    data = details(case, **sent(PLANNED, panel=date(2026, 3, 30), sos=DUE))
    assert coordinator_client.post(f"/reviews/{case.reference}/details/", data).status_code == 302
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    assert "done 1 April 2026 (due 1 April 2026)" in body
    assert 'data-testid="late-steps"' not in body


def test_moving_the_planned_date_earlier_makes_a_report_sent_in_time_late(coordinator_client, case):
    data = details(case, **sent(PLANNED, panel=date(2026, 3, 30), sos=date(2026, 3, 30)))
    assert coordinator_client.post(f"/reviews/{case.reference}/details/", data).status_code == 302
    case.refresh_from_db()
    earlier = details(case, **date_parts("planned_publication_on", date(2026, 4, 8)))
    response = coordinator_client.post(f"/reviews/{case.reference}/details/", earlier)
    assert "it was sent 2 working days after it was due on 26 March 2026" in response.content.decode()
    earlier["final_report_late_reason"] = "Publication brought forward for the inquest"
    assert coordinator_client.post(f"/reviews/{case.reference}/details/", earlier).status_code == 302


@pytest.fixture
def late_without_reason(case):
    """Sent late, recorded through the service (as before the reason was asked)."""
    services.review_case_update_details(
        case=case,
        by=case.created_by,
        planned_publication_on=PLANNED,
        final_report_sent_panel_on=SENT_LATE,
        final_report_sent_sos_on=SENT_LATE,
    )
    case.refresh_from_db()
    return case


def test_an_unrelated_change_is_not_held_up_by_an_old_lateness(coordinator_client, late_without_reason):
    case = late_without_reason
    data = details(case, terms_of_reference="Revised terms")
    assert coordinator_client.post(f"/reviews/{case.reference}/details/", data).status_code == 302
    case.refresh_from_db()
    assert case.terms_of_reference == "Revised terms"


def test_a_late_step_without_its_reason_says_so_and_links_to_record_it(
    coordinator_client, late_without_reason
):
    case = late_without_reason
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    assert "Reason not recorded" in body
    assert f"/reviews/{case.reference}/late/final_report/" in body


def test_the_reason_is_recorded_on_its_own_page(coordinator_client, late_without_reason):
    case = late_without_reason
    url = f"/reviews/{case.reference}/late/final_report/"
    page = coordinator_client.get(url).content.decode()
    assert "Why was the final report sent late?" in page and "2 working days late" in page
    response = coordinator_client.post(url, {"reason": "  The reviewer's draft came late  "})
    assert response.status_code == 302 and response.url.endswith("#clocks")
    case.refresh_from_db()
    assert case.final_report_late_reason == "The reviewer's draft came late"
    event = case.events.latest("id")
    assert event.action == "review.late_reason_recorded"
    assert event.note.endswith(": The reviewer's draft came late")
    assert event.actor.has_role("coordinator")


def test_an_empty_reason_is_refused_and_nothing_changes(coordinator_client, late_without_reason):
    case = late_without_reason
    response = coordinator_client.post(f"/reviews/{case.reference}/late/final_report/", {"reason": "   "})
    assert response.status_code == 200
    assert "Enter why it was late" in response.content.decode()
    case.refresh_from_db()
    assert case.final_report_late_reason == ""


def test_no_reason_page_for_a_step_on_time_unknown_or_not_started(coordinator_client, case):
    for step in ("final_report", "publication", "contribution", "nonsense"):
        assert coordinator_client.get(f"/reviews/{case.reference}/late/{step}/").status_code == 404


def test_the_service_refuses_a_reason_for_a_step_on_time(case):
    with pytest.raises(ReviewCaseError, match="not done late"):
        services.case_late_reason_record(case=case, by=case.created_by, step="final_report", reason="x")


def test_members_cannot_record_a_reason(member_client, late_without_reason):
    case = late_without_reason
    url = f"/reviews/{case.reference}/late/final_report/"
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.final_report_late_reason == ""


def test_reviewers_cannot_record_a_reason(reviewer_client, reviewer, late_without_reason):
    case = late_without_reason
    url = f"/reviews/{case.reference}/late/final_report/"
    assert reviewer_client.get(url).status_code == 404  # not appointed: the case is not there
    ReviewerAppointmentFactory(case=case, reviewer=reviewer)
    assert reviewer_client.post(url, {"reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.final_report_late_reason == ""


def test_signed_out_visitors_are_sent_to_sign_in(client, late_without_reason):
    response = client.get(f"/reviews/{late_without_reason.reference}/late/final_report/")
    assert response.status_code == 302 and "login" in response.url


def test_a_reason_may_be_recorded_after_the_case_has_closed(coordinator_client, late_without_reason):
    case = late_without_reason
    ReviewCase.objects.filter(pk=case.pk).update(status="closed")
    url = f"/reviews/{case.reference}/late/final_report/"
    assert coordinator_client.post(url, {"reason": "Asked by the Panel afterwards"}).status_code == 302


# --- Publication later than 6 months after the decision (calendar days) ---


@pytest.fixture
def published_late():
    # Decided 3 November 2025, target 3 May 2026; first published 12 June 2026: 40 days late.
    return ReviewCaseFactory(status="published", commissioned_on=DECIDED, published_on=date(2026, 6, 12))


def test_a_review_published_late_shows_by_how_many_days_and_asks_why(coordinator_client, published_late):
    case = published_late
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    assert "done 12 June 2026, 40 days late (due 3 May 2026)" in body
    assert f"/reviews/{case.reference}/late/publication/" in body
    page = coordinator_client.get(f"/reviews/{case.reference}/late/publication/").content.decode()
    assert "Why was the review published later than 6 months after the decision?" in page
    assert "40 days late" in page
    data = {"reason": "Publication deferred for the criminal trial"}
    assert coordinator_client.post(f"/reviews/{case.reference}/late/publication/", data).status_code == 302
    case.refresh_from_db()
    assert case.publication_late_reason == "Publication deferred for the criminal trial"
    body = coordinator_client.get(f"/reviews/{case.reference}/").content.decode()
    assert "Reason: Publication deferred for the criminal trial" in body


def test_a_review_not_published_has_no_publication_step(coordinator_client):
    case = ReviewCaseFactory(status="not_published", commissioned_on=DECIDED)
    assert coordinator_client.get(f"/reviews/{case.reference}/late/publication/").status_code == 404


# --- Agency contributions (their own due dates) ---


@pytest.fixture
def contribution():
    """Requested 1 April 2026, due Friday 10 April (its own date)."""
    case = ReviewCaseFactory(status="in_progress", commissioned_on=DECIDED)
    return AgencyContributionFactory(
        case=case, requested_on=date(2026, 4, 1), due_on=date(2026, 4, 10), agency__name="Northshire Police"
    )


def received_url(contribution):
    return f"/reviews/{contribution.case.reference}/contributions/{contribution.pk}/received/"


def test_a_contribution_received_late_asks_why_and_keeps_the_date(coordinator_client, contribution):
    # Received Tuesday 14 April: Monday 13 (1), Tuesday 14 (2).
    response = coordinator_client.post(
        received_url(contribution), date_parts("received_on", date(2026, 4, 14))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Enter why the contribution came late: it was received 2 working days after it was due on 10 April 2026"
        in body
    )
    assert 'value="14"' in body
    contribution.refresh_from_db()
    assert contribution.received_on is None


def test_a_contribution_received_late_with_its_reason_shows_it(coordinator_client, contribution):
    data = {**date_parts("received_on", date(2026, 4, 14)), "late_reason": "Waiting for the custody record"}
    assert coordinator_client.post(received_url(contribution), data).status_code == 302
    contribution.refresh_from_db()
    assert contribution.late_reason == "Waiting for the custody record"
    body = coordinator_client.get(f"/reviews/{contribution.case.reference}/").content.decode()
    assert "2 working days late" in body
    assert "Reason: Waiting for the custody record" in body
    assert "2 working days late: Waiting for the custody record" in contribution.case.events.latest("id").note


def test_a_contribution_on_time_needs_no_reason(coordinator_client, contribution):
    data = date_parts("received_on", date(2026, 4, 10))
    assert coordinator_client.post(received_url(contribution), data).status_code == 302
    contribution.refresh_from_db()
    assert (contribution.received_on, contribution.late_reason) == (date(2026, 4, 10), "")


def test_the_service_refuses_a_late_contribution_without_a_reason(contribution):
    with pytest.raises(ReviewCaseError, match="Enter why the contribution came late"):
        contributions.contribution_receive(
            contribution=contribution, by=contribution.case.created_by, received_on=date(2026, 4, 14)
        )


def test_a_due_date_moved_earlier_leaves_a_late_contribution_to_explain(coordinator_client, contribution):
    by = contribution.case.created_by
    contributions.contribution_receive(contribution=contribution, by=by, received_on=date(2026, 4, 9))
    contributions.contribution_change(contribution=contribution, by=by, changes={"due_on": date(2026, 4, 7)})
    body = coordinator_client.get(f"/reviews/{contribution.case.reference}/").content.decode()
    assert "Reason not recorded" in body
    url = f"/reviews/{contribution.case.reference}/contributions/{contribution.pk}/late/"
    assert url in body
    assert "Why did the contribution come late?" in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"reason": "Sent to the wrong address"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.late_reason == "Sent to the wrong address"


def test_no_late_page_for_a_contribution_on_time_or_of_another_case(coordinator_client, contribution):
    url = f"/reviews/{contribution.case.reference}/contributions/{contribution.pk}/late/"
    assert coordinator_client.get(url).status_code == 404  # not received yet
    other = ReviewCaseFactory()
    assert (
        coordinator_client.get(
            f"/reviews/{other.reference}/contributions/{contribution.pk}/late/"
        ).status_code
        == 404
    )


def test_a_closed_case_keeps_its_contributions_read_only(coordinator_client, contribution):
    by = contribution.case.created_by
    contributions.contribution_receive(
        contribution=contribution, by=by, received_on=date(2026, 4, 14), late_reason="Late"
    )
    ReviewCase.objects.filter(pk=contribution.case_id).update(status="closed")
    url = f"/reviews/{contribution.case.reference}/contributions/{contribution.pk}/late/"
    response = coordinator_client.post(url, {"reason": "Changed"})
    assert response.status_code == 302 and response.url == f"/reviews/{contribution.case.reference}/"
    contribution.refresh_from_db()
    assert contribution.late_reason == "Late"


# --- A reason names nobody: it goes to the Panel and into the case CSV -----------------------


def named_child_of(case, name="Jade Brown"):
    from referrals.models import Child
    from tests.factories import submitted_referral_factory

    referral = submitted_referral_factory()
    Child.objects.filter(referral=referral).update(full_name=name)
    case.referrals.add(referral)
    return case


def test_a_final_report_reason_naming_a_child_of_the_case_is_refused(coordinator_client, case):
    named_child_of(case)
    data = details(case, final_report_late_reason="Jade Brown's mother asked for a delay", **sent(PLANNED))
    body = coordinator_client.post(f"/reviews/{case.reference}/details/", data).content.decode()
    assert "The reason names the child: ‘Jade Brown’" in body
    case.refresh_from_db()
    assert case.final_report_late_reason == "" and case.planned_publication_on is None


def test_a_contribution_reason_naming_a_child_is_refused(coordinator_client, contribution):
    named_child_of(contribution.case)
    data = {**date_parts("received_on", date(2026, 4, 14)), "late_reason": "Waiting for Jade's records"}
    body = coordinator_client.post(received_url(contribution), data).content.decode()
    assert "The reason names the child: ‘Jade’" in body
    contribution.refresh_from_db()
    assert contribution.received_on is None
