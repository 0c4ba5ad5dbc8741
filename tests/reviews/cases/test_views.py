import datetime

import pytest
from auditlog.models import LogEntry

from reviews.models import Rag, ReviewCase, ReviewCaseEvent, ReviewerAppointment, ReviewStatus
from tests.factories import ReferralFactory, ReviewerAppointmentFactory, UserFactory
from tests.reviews.staff_pages import date_parts

pytestmark = pytest.mark.django_db

S = ReviewStatus
TODAY = datetime.date.today()
LIST = "/reviews/"


@pytest.fixture
def mine(reviewer):
    return ReviewerAppointmentFactory(reviewer=reviewer, case__title="Mine").case


@pytest.fixture
def theirs():
    return ReviewerAppointmentFactory(case__title="Theirs").case


# --- The list ---


def test_coordinators_and_members_see_every_case(coordinator_client, member_client, mine, theirs):
    for client in (coordinator_client, member_client):
        body = client.get(LIST).content.decode()
        assert mine.reference in body and theirs.reference in body


def test_a_reviewer_sees_only_their_own_cases(reviewer_client, mine, theirs):
    body = reviewer_client.get(LIST).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body


def test_an_ended_appointment_no_longer_shows_the_case(reviewer_client, reviewer, mine):
    ReviewerAppointment.objects.filter(case=mine).update(ended_on=TODAY)
    assert mine.reference not in reviewer_client.get(LIST).content.decode()


def test_referrers_are_refused(client, referrer, mine):
    client.force_login(referrer)
    assert client.get(LIST).status_code == 403
    assert client.get(f"/reviews/{mine.reference}/").status_code == 403


def test_signed_out_visitors_go_to_sign_in(client, mine):
    assert client.get(LIST).status_code == 302
    assert client.get(f"/reviews/{mine.reference}/").status_code == 302


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"status": "in_progress"}, "Mine"),
        ({"rag": "red"}, "Theirs"),
        ({"review_type": "thematic"}, "Theirs"),
        ({"year": "2025"}, "Theirs"),
    ],
)
def test_the_filters(member_client, mine, theirs, query, shown):
    type(mine).objects.filter(pk=mine.pk).update(status=S.IN_PROGRESS)
    type(theirs).objects.filter(pk=theirs.pk).update(
        rag=Rag.RED, review_type="thematic", commissioned_on=datetime.date(2025, 6, 1)
    )
    body = member_client.get(LIST, query).content.decode()
    expected, other = (mine, theirs) if shown == "Mine" else (theirs, mine)
    assert expected.reference in body
    assert other.reference not in body


def test_the_overdue_contributions_filter(member_client, mine, theirs):
    from reviews.models import AgencyContribution
    from tests.factories import AgencyFactory

    today = datetime.date.today()
    for case, due, received in ((mine, today - datetime.timedelta(days=1), None),
                                (theirs, today - datetime.timedelta(days=9), today)):  # fmt: skip
        AgencyContribution.objects.create(
            case=case, agency=AgencyFactory(), kind="chronology", requested_on=due - datetime.timedelta(days=30),
            due_on=due, received_on=received, created_by=case.created_by,
        )  # fmt: skip
    body = member_client.get(LIST, {"contributions": "overdue"}).content.decode()
    assert mine.reference in body and theirs.reference not in body


def test_the_reviewer_filter(member_client, reviewer, mine, theirs):
    body = member_client.get(LIST, {"reviewer": reviewer.pk}).content.decode()
    assert mine.reference in body and theirs.reference not in body


def test_a_bad_filter_value_says_so(member_client, mine):
    response = member_client.get(LIST, {"rag": "purple"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Error:" in body
    # Nothing listed rather than every case as if the filter had not been asked.
    assert mine.reference not in body
    assert "No review cases are shown until the filters are corrected." in body


def make_cases(n):
    reviewer = UserFactory(roles=["reviewer"])
    for i in range(n):
        case = ReviewerAppointmentFactory(reviewer=reviewer).case
        if i % 2:
            ReviewerAppointmentFactory(case=case)


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(member_client, django_assert_num_queries, n):
    make_cases(n)
    member_client.get(LIST)  # warm the session
    with django_assert_num_queries(QUERIES):
        response = member_client.get(LIST, {"status": "commissioned"})
    assert response.status_code == 200
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        kept = member_client.get(LIST, {"status": "commissioned"})
    main = lambda r: r.content.split(b"<main", 1)[1].split(b"</main>", 1)[0]  # noqa: E731
    assert main(kept) == main(response)


# Session, user, second factor, roles; the casework version; count and page of cases, their
# current appointments with reviewers; the reviewer and theme lists of the filter form; the
# session saved.
QUERIES = 13
# The same page again, kept by the cache: session, user, second factor, roles; the casework
# version; the session saved.
QUERIES_WHEN_KEPT = 8


# --- The case page ---


def test_the_case_page_shows_the_case_and_logs_the_view(coordinator_client, coordinator, mine):
    referral = ReferralFactory(status="decided", reference="CSCP-2026-0042")
    mine.referrals.add(referral)
    response = coordinator_client.get(f"/reviews/{mine.reference}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in body
    assert 'href="/triage/CSCP-2026-0042/"' in body
    # The reviewer is appointed but the terms of reference are not recorded: what scoping
    # needs, with its link, instead of the button (issue 17 §5).
    assert f"/reviews/{mine.reference}/move/scoping/" not in body
    assert 'data-testid="move-needs-scoping"' in body
    assert f'href="/reviews/{mine.reference}/details/">Record the terms of reference</a>' in body
    assert "Appoint a reviewer</a></li>" not in body
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(mine.pk)).count() == 1


def test_a_reviewer_sees_their_case_without_links_to_the_referrals_or_buttons(reviewer_client, mine):
    mine.referrals.add(ReferralFactory(status="decided", reference="CSCP-2026-0042"))
    body = reviewer_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert "CSCP-2026-0042" in body
    assert "/triage/CSCP-2026-0042/" not in body
    assert "/move/" not in body


@pytest.mark.parametrize(
    "suffix", ["", "move/scoping/", "reviewers/", "details/", "progress/", "move/nowhere/"]
)
def test_a_reviewer_gets_404_for_anything_on_another_case(reviewer_client, theirs, suffix):
    assert reviewer_client.get(f"/reviews/{theirs.reference}/{suffix}").status_code == 404
    assert reviewer_client.post(f"/reviews/{theirs.reference}/{suffix}", {}).status_code in (404, 405)


@pytest.mark.parametrize(
    ("who", "suffix"),
    [
        *[("member_client", suffix) for suffix in ("move/scoping/", "reviewers/", "details/", "progress/")],
        # The appointed reviewer records progress checks (below), nothing else here.
        *[("reviewer_client", suffix) for suffix in ("move/scoping/", "reviewers/", "details/")],
    ],
)
def test_only_coordinators_change_a_case(request, mine, suffix, who):
    client = request.getfixturevalue(who)
    assert client.get(f"/reviews/{mine.reference}/{suffix}").status_code == 403
    assert client.post(f"/reviews/{mine.reference}/{suffix}", {}).status_code == 403


def test_an_unknown_case_is_404(coordinator_client):
    assert coordinator_client.get("/reviews/999999/").status_code == 404


# --- Moves ---


def test_a_coordinator_moves_a_case(coordinator_client, mine):
    type(mine).objects.filter(pk=mine.pk).update(terms_of_reference="Terms")
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/move/scoping/", {"expected": "commissioned"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == S.SCOPING
    assert ReviewCaseEvent.objects.get(case=mine).to_status == S.SCOPING


def test_a_move_the_guard_refuses_changes_nothing(coordinator_client, mine):
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/move/scoping/", {"expected": "commissioned"}, follow=True
    )
    assert "record the terms of reference" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.COMMISSIONED


def test_a_stale_move_form_is_refused(coordinator_client, mine):
    type(mine).objects.filter(pk=mine.pk).update(status=S.IN_PROGRESS)
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/move/draft_review/", {"expected": "scoping"}, follow=True
    )
    assert "Someone else changed this review case" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.IN_PROGRESS


def test_a_move_not_allowed_from_this_stage_is_not_offered(coordinator_client, mine):
    response = coordinator_client.get(f"/reviews/{mine.reference}/move/closed/")
    assert response.status_code == 302
    assert coordinator_client.get(f"/reviews/{mine.reference}/move/published/").status_code == 404


def test_on_hold_needs_a_reason(coordinator_client, mine):
    type(mine).objects.filter(pk=mine.pk).update(status=S.IN_PROGRESS)
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/move/on_hold/", {"expected": "in_progress", "note": ""}
    )
    assert response.status_code == 200
    assert "Enter the reason" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.IN_PROGRESS


def test_the_move_page_rejects_other_methods(coordinator_client, mine):
    assert coordinator_client.put(f"/reviews/{mine.reference}/move/scoping/").status_code == 405


# --- Reviewers, details, progress ---


def test_a_coordinator_appoints_a_reviewer(coordinator_client, theirs):
    someone = UserFactory(roles=["reviewer"], full_name="Pat Reviewer")
    response = coordinator_client.post(
        f"/reviews/{theirs.reference}/reviewers/",
        {"reviewer": someone.pk, **date_parts("appointed_on", TODAY)},
    )
    assert response.status_code == 302
    assert theirs.appointments.filter(reviewer=someone).exists()


def test_only_people_with_the_reviewer_role_can_be_appointed(coordinator_client, member, theirs):
    response = coordinator_client.post(
        f"/reviews/{theirs.reference}/reviewers/",
        {"reviewer": member.pk, **date_parts("appointed_on", TODAY)},
    )
    assert "Choose a reviewer from the list" in response.content.decode()
    assert not theirs.appointments.filter(reviewer=member).exists()


def test_a_reviewer_is_not_appointed_twice(coordinator_client, reviewer, mine):
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/reviewers/",
        {"reviewer": reviewer.pk, **date_parts("appointed_on", TODAY)},
    )
    assert "already appointed" in response.content.decode()
    assert mine.appointments.count() == 1


def details(**changes):
    data = {"methodology": "systems", "terms_of_reference": "What happened and why", "methodology_other": ""}
    return {**data, **changes}


def test_a_coordinator_records_the_case_details(coordinator_client, mine):
    data = details(
        pseudonym="Child Q",
        **date_parts("scope_from", TODAY - datetime.timedelta(days=400)),
        **date_parts("scope_to", TODAY),
    )
    response = coordinator_client.post(f"/reviews/{mine.reference}/details/", data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.pseudonym, mine.methodology, mine.terms_of_reference, mine.scope_to) == (
        "Child Q",
        "systems",
        "What happened and why",
        TODAY,
    )
    assert "Child Q" in coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            details(
                **date_parts("scope_from", TODAY),
                **date_parts("scope_to", TODAY - datetime.timedelta(days=1)),
            ),
            "The end of the scope period must be on or after its start",
        ),
        (details(methodology="other"), "Enter the methodology"),
        (
            details(**date_parts("panel_informed_on", TODAY - datetime.timedelta(days=3))),
            "The date the Panel was told must be on or after the decision",
        ),
        (
            details(**date_parts("dfe_informed_on", TODAY + datetime.timedelta(days=3))),
            "The date the DfE was told must be today or in the past",
        ),
    ],
)
def test_bad_details_say_what_to_fix_and_change_nothing(coordinator_client, mine, data, message):
    response = coordinator_client.post(f"/reviews/{mine.reference}/details/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    mine.refresh_from_db()
    assert mine.terms_of_reference == ""


def test_a_coordinator_records_a_progress_check(coordinator_client, mine):
    data = {"rag": "amber", "notes": "Agency reports late", **date_parts("checked_on", TODAY)}
    assert coordinator_client.post(f"/reviews/{mine.reference}/progress/", data).status_code == 302
    mine.refresh_from_db()
    assert mine.rag == Rag.AMBER
    assert "Agency reports late" in coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()


def test_the_appointed_reviewer_records_a_progress_check(reviewer_client, reviewer, mine):
    assert "Record a progress check" in reviewer_client.get(f"/reviews/{mine.reference}/").content.decode()
    data = {"rag": "red", "notes": "Two agencies have not replied", **date_parts("checked_on", TODAY)}
    assert reviewer_client.post(f"/reviews/{mine.reference}/progress/", data).status_code == 302
    check = mine.progress_checks.get()
    assert (check.rag, check.recorded_by) == (Rag.RED, reviewer)


def test_a_reviewer_whose_appointment_ended_cannot_record_progress(reviewer, mine):
    from reviews.cases.services import progress_check_record
    from reviews.cases.transitions import ReviewCaseError

    mine.appointments.update(ended_on=TODAY)
    with pytest.raises(ReviewCaseError, match="Only coordinators and the case's reviewer"):
        progress_check_record(case=mine, by=reviewer, checked_on=TODAY, rag=Rag.GREEN)
    assert not mine.progress_checks.exists()


def test_a_progress_check_needs_a_rating(coordinator_client, mine):
    response = coordinator_client.post(
        f"/reviews/{mine.reference}/progress/", date_parts("checked_on", TODAY)
    )
    assert "Select a RAG rating" in response.content.decode()
    assert not mine.progress_checks.exists()


@pytest.mark.parametrize(
    ("suffix", "data", "message"),
    [
        (
            "progress/",
            {"rag": "green", **date_parts("checked_on", TODAY)},
            "The date of the check must be on",
        ),
        (
            "reviewers/",
            date_parts("appointed_on", TODAY),
            "The date appointed must be on or after the decision",
        ),
    ],
)
def test_dates_before_the_decision_are_refused(coordinator_client, reviewer, suffix, data, message):
    case = ReviewerAppointmentFactory().case
    type(case).objects.filter(pk=case.pk).update(commissioned_on=TODAY + datetime.timedelta(days=1))
    response = coordinator_client.post(
        f"/reviews/{case.reference}/{suffix}", {"reviewer": reviewer.pk, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not case.progress_checks.exists()
    assert case.appointments.count() == 1


# --- The case's publication (publications app) ---


def test_a_coordinator_is_offered_to_prepare_the_publication_once_the_final_report_is_approved(
    coordinator_client, mine
):
    assert (
        "Prepare the publication"
        not in coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()
    )
    type(mine).objects.filter(pk=mine.pk).update(status=S.FINAL_APPROVED)
    body = coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert f'href="/publications/start/{mine.pk}/">Prepare the publication' in body


def test_members_are_not_offered_to_prepare_the_publication(member_client, mine):
    type(mine).objects.filter(pk=mine.pk).update(status=S.FINAL_APPROVED)
    assert "Prepare the publication" not in member_client.get(f"/reviews/{mine.reference}/").content.decode()


def test_the_case_page_links_its_publication_for_staff(member_client, mine):
    from tests.factories import PublicationFactory

    publication = PublicationFactory(case=mine, title="Child Q")
    body = member_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert f'href="/publications/{publication.pk}/">Child Q</a>: draft' in body


def test_the_case_page_names_its_publication_to_the_reviewer_without_a_link(reviewer_client, mine):
    from tests.factories import PublicationFactory

    publication = PublicationFactory(case=mine, title="Child Q")
    body = reviewer_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert "Child Q: draft" in body and f"/publications/{publication.pk}/" not in body


# --- Addresses by reference (issue 17 §6) ---


def test_a_case_lives_at_its_reference(coordinator_client, mine):
    response = coordinator_client.get(f"/reviews/{mine.reference}/")
    assert response.status_code == 200
    assert f'href="/reviews/{mine.reference}/details/"' in response.content.decode()


def test_an_old_id_address_goes_on_to_the_reference_with_the_rest_of_the_path(coordinator_client, mine):
    response = coordinator_client.get(f"/reviews/{mine.pk}/")
    assert (response.status_code, response.url) == (302, f"/reviews/{mine.reference}/")
    response = coordinator_client.get(f"/reviews/{mine.pk}/documents/?page=2")
    assert response.url == f"/reviews/{mine.reference}/documents/?page=2"


def test_an_old_id_address_says_nothing_to_those_who_may_not_see_the_case(
    staff_client_for, reviewer, referrer, theirs
):
    # The reviewer is not appointed to `theirs`: 404, as for an id no case has.
    assert staff_client_for(reviewer).get(f"/reviews/{theirs.pk}/").status_code == 404
    assert staff_client_for(reviewer).get("/reviews/999999/").status_code == 404
    assert staff_client_for(referrer).get(f"/reviews/{theirs.pk}/").status_code == 404


def test_an_old_id_address_sends_signed_out_visitors_to_sign_in(client, mine):
    response = client.get(f"/reviews/{mine.pk}/")
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("rest", ["..%2F..%2Fadmin/", "details/%3Cscript%3E", "DETAILS/"])
def test_an_old_id_address_goes_on_only_to_a_path_of_the_case(coordinator_client, mine, rest):
    assert coordinator_client.get(f"/reviews/{mine.pk}/{rest}").status_code == 404


def test_a_reference_of_no_case_or_another_shape_is_404(coordinator_client):
    assert coordinator_client.get("/reviews/REV-2026-999/").status_code == 404
    assert coordinator_client.get("/reviews/rev-2026-001/").status_code == 404


def test_a_move_whose_needs_are_met_shows_its_button(coordinator_client, mine):
    ReviewCase.objects.filter(pk=mine.pk).update(terms_of_reference="What happened and why")
    body = coordinator_client.get(f"/reviews/{mine.reference}/").content.decode()
    assert f'href="/reviews/{mine.reference}/move/scoping/"' in body
    assert 'data-testid="move-needs-scoping"' not in body


def test_the_confirm_page_of_a_move_not_yet_possible_is_never_shown(coordinator_client, mine):
    response = coordinator_client.get(f"/reviews/{mine.reference}/move/scoping/", follow=True)
    body = response.content.decode()
    assert response.redirect_chain == [(f"/reviews/{mine.reference}/", 302)]
    assert "Before moving to scoping, record the terms of reference." in body
