import datetime
import itertools

import pytest

from reviews.cases.transitions import (
    SERVICE_TRANSITIONS,
    TRANSITIONS,
    ReviewCaseError,
    next_moves,
    review_mark_published,
    review_move,
)
from reviews.models import ReviewCaseEvent, ReviewStatus
from tests.factories import CaseDocumentFactory, ReviewCaseFactory, ReviewerAppointmentFactory

pytestmark = pytest.mark.django_db

S = ReviewStatus
TODAY = datetime.date.today()
REASONED = {S.NOT_PUBLISHED, S.PUBLICATION_DEFERRED, S.ON_HOLD}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ready_case(status, **fields):
    """A case in `status` with everything any guard asks for."""
    fields = {"final_report_sent_panel_on": TODAY, "final_report_sent_sos_on": TODAY, **fields}
    case = ReviewCaseFactory(status=status, terms_of_reference="Agreed terms", **fields)
    ReviewerAppointmentFactory(case=case)
    CaseDocumentFactory(case=case, kind="draft", title="Draft report")
    CaseDocumentFactory(case=case, kind="final", title="Final report")
    return case


@pytest.mark.parametrize(("from_status", "to"), list(itertools.product(S.values, S.values)))
def test_the_transition_table(coordinator, from_status, to):
    hold_from = S.IN_PROGRESS if from_status == S.ON_HOLD else ""
    case = ready_case(from_status, on_hold_from_status=hold_from)
    note = "A reason" if to in REASONED else ""
    legal = (from_status, to) in TRANSITIONS and (from_status != S.ON_HOLD or to == hold_from)
    if legal:
        moved = review_move(case=case, to=to, by=coordinator, expected=from_status, note=note)
        assert moved.status == to
        event = ReviewCaseEvent.objects.get(case=case)
        assert (event.from_status, event.to_status, event.actor) == (from_status, to, coordinator)
    else:
        with pytest.raises(ReviewCaseError):
            review_move(case=case, to=to, by=coordinator, note=note)
        case.refresh_from_db()
        assert case.status == from_status
        assert not ReviewCaseEvent.objects.filter(case=case).exists()


def test_published_is_not_a_move_from_the_page(coordinator):
    assert (S.PRE_PUBLICATION, S.PUBLISHED) not in TRANSITIONS
    assert S.PUBLISHED not in next_moves(ready_case(S.PRE_PUBLICATION))


def test_the_publication_service_can_mark_a_case_published(coordinator):
    case = ready_case(S.PRE_PUBLICATION)
    assert review_mark_published(case=case, by=coordinator).status == S.PUBLISHED
    assert (
        ReviewCaseEvent.objects.get(case=case).action == SERVICE_TRANSITIONS[(S.PRE_PUBLICATION, S.PUBLISHED)]
    )


def test_scoping_needs_a_reviewer_and_terms_of_reference(coordinator):
    case = ReviewCaseFactory()
    with pytest.raises(ReviewCaseError, match="appoint a reviewer and record the terms of reference"):
        review_move(case=case, to=S.SCOPING, by=coordinator)
    case.refresh_from_db()
    assert case.status == S.COMMISSIONED


def test_an_ended_appointment_does_not_count(coordinator):
    case = ReviewCaseFactory(terms_of_reference="Terms")
    ReviewerAppointmentFactory(case=case, ended_on=TODAY)
    with pytest.raises(ReviewCaseError, match="appoint a reviewer"):
        review_move(case=case, to=S.SCOPING, by=coordinator)


def test_pre_publication_needs_the_final_report_sent_to_the_panel_and_sos(coordinator):
    case = ReviewCaseFactory(status=S.FINAL_APPROVED, final_report_sent_panel_on=TODAY)
    with pytest.raises(ReviewCaseError, match="Secretary of State"):
        review_move(case=case, to=S.PRE_PUBLICATION, by=coordinator)


def test_draft_review_needs_a_draft_report(coordinator):
    case = ready_case(S.IN_PROGRESS)
    case.documents.filter(kind="draft").delete()
    CaseDocumentFactory(case=case, kind="agency_report", title="Police report")
    with pytest.raises(ReviewCaseError, match="Before moving to draft review, upload the draft report"):
        review_move(case=case, to=S.DRAFT_REVIEW, by=coordinator)
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS
    assert not ReviewCaseEvent.objects.filter(case=case).exists()


def test_a_document_with_no_version_yet_does_not_count(coordinator):
    case = ready_case(S.IN_PROGRESS)
    case.documents.filter(kind="draft").update(latest_version=0)
    with pytest.raises(ReviewCaseError, match="upload the draft report"):
        review_move(case=case, to=S.DRAFT_REVIEW, by=coordinator)


def test_a_case_resumed_into_draft_review_needs_no_new_draft(coordinator):
    case = ready_case(S.ON_HOLD, on_hold_from_status=S.DRAFT_REVIEW)
    case.documents.all().delete()
    assert review_move(case=case, to=S.DRAFT_REVIEW, by=coordinator).status == S.DRAFT_REVIEW


def test_pre_publication_needs_the_final_report_uploaded(coordinator):
    case = ready_case(S.FINAL_APPROVED)
    case.documents.filter(kind="final").delete()
    with pytest.raises(ReviewCaseError, match="upload the final report"):
        review_move(case=case, to=S.PRE_PUBLICATION, by=coordinator)
    case.refresh_from_db()
    assert case.status == S.FINAL_APPROVED


def test_improvements_information_will_do_for_pre_publication(coordinator):
    case = ready_case(S.FINAL_APPROVED)
    case.documents.filter(kind="final").delete()
    CaseDocumentFactory(case=case, kind="improvements_info", title="Improvements information")
    assert review_move(case=case, to=S.PRE_PUBLICATION, by=coordinator).status == S.PRE_PUBLICATION


def test_pre_publication_computes_the_earliest_publication_date(coordinator):
    case = ready_case(
        S.FINAL_APPROVED,
        final_report_sent_panel_on=datetime.date(2026, 11, 2),
        final_report_sent_sos_on=datetime.date(2026, 11, 4),
    )
    # 7 working days after Wednesday 4 November.
    moved = review_move(case=case, to=S.PRE_PUBLICATION, by=coordinator)
    assert moved.earliest_publication_on == datetime.date(2026, 11, 13)


@pytest.mark.parametrize("to", sorted(REASONED))
def test_a_reason_is_required(coordinator, to):
    from_status = S.IN_PROGRESS if to == S.ON_HOLD else S.PRE_PUBLICATION
    case = ready_case(from_status)
    with pytest.raises(ReviewCaseError, match="Enter the reason"):
        review_move(case=case, to=to, by=coordinator, note="  ")


def test_on_hold_keeps_the_reason_and_returns_to_the_state_it_left(coordinator):
    case = ready_case(S.DRAFT_REVIEW)
    held = review_move(case=case, to=S.ON_HOLD, by=coordinator, note="Criminal trial")
    assert (held.on_hold_reason, held.on_hold_from_status) == ("Criminal trial", S.DRAFT_REVIEW)
    assert next_moves(held) == [S.DRAFT_REVIEW]
    with pytest.raises(ReviewCaseError):
        review_move(case=held, to=S.IN_PROGRESS, by=coordinator)
    resumed = review_move(case=held, to=S.DRAFT_REVIEW, by=coordinator)
    assert (resumed.status, resumed.on_hold_from_status) == (S.DRAFT_REVIEW, "")


def test_a_stale_form_changes_nothing(coordinator):
    case = ready_case(S.SCOPING)
    review_move(case=case, to=S.IN_PROGRESS, by=coordinator, expected=S.SCOPING)
    with pytest.raises(ReviewCaseError, match="Someone else changed this review case"):
        review_move(case=case, to=S.IN_PROGRESS, by=coordinator, expected=S.SCOPING)
    assert ReviewCaseEvent.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_only_coordinators_move_cases(request, who):
    case = ready_case(S.SCOPING)
    with pytest.raises(ReviewCaseError, match="Only coordinators"):
        review_move(case=case, to=S.IN_PROGRESS, by=request.getfixturevalue(who))
    case.refresh_from_db()
    assert case.status == S.SCOPING


@pytest.mark.parametrize(
    ("from_status", "to", "label"),
    [
        ("in_progress", "on_hold", "Put on hold"),
        ("on_hold", "in_progress", "Resume"),
        ("draft_review", "in_progress", "Send the draft back"),
        ("pre_publication", "not_published", "Record that it will not be published"),
        ("pre_publication", "publication_deferred", "Defer publication"),
        ("commissioned", "scoping", "Move to scoping"),
    ],
)
def test_each_move_has_a_plain_label(from_status, to, label):
    from reviews.cases.transitions import move_label
    from reviews.models import ReviewCase

    assert move_label(ReviewCase(status=from_status), to) == label
