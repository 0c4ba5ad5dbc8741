from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from reviews.lateness import case_steps, triage_steps
from reviews.models import Rag, ReviewCase, ReviewCaseEvent, ReviewerAppointment, Triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_world, settings):
    # Seeding twice must add nothing: the tests that seed again do so with DEBUG on, as seeding needs.
    settings.DEBUG = True
    return demo_world


def test_the_two_demo_reviewers_are_on_different_cases(seeded):
    by_reviewer = {}
    for appointment in ReviewerAppointment.objects.select_related("reviewer"):
        by_reviewer.setdefault(appointment.reviewer.email, set()).add(appointment.case_id)
    assert set(by_reviewer) == {"reviewer@demo.example", "reviewer2@demo.example"}
    assert not by_reviewer["reviewer@demo.example"] & by_reviewer["reviewer2@demo.example"]


def test_some_demo_cases_are_slipping(seeded):
    assert {Rag.GREEN, Rag.AMBER, Rag.RED} <= set(ReviewCase.objects.values_list("rag", flat=True))


def test_seeding_twice_adds_nothing(seeded):
    before = (
        ReviewCase.objects.count(),
        ReviewerAppointment.objects.count(),
        ReviewCaseEvent.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        ReviewCase.objects.count(),
        ReviewerAppointment.objects.count(),
        ReviewCaseEvent.objects.count(),
    ) == before


def test_a_demo_case_is_in_action_monitoring_with_its_plan(seeded):
    from reviews.models import ActionItem, ReviewStatus

    case = ReviewCase.objects.get(status=ReviewStatus.ACTION_MONITORING)
    actions = ActionItem.objects.filter(recommendation__case=case)
    assert case.recommendations.count() == 2
    assert actions.count() == 4
    assert sum(action.is_overdue() for action in actions) == 1
    assert actions.get(state="closed").evidence
    assert actions.get(state="carried_forward").carried_forward_reason


def test_there_is_a_demo_case_in_every_stage(seeded):
    from reviews.models import ReviewStatus

    assert set(ReviewCase.objects.values_list("status", flat=True)) == set(ReviewStatus.values)


def test_demo_cases_carry_the_work_of_a_review(seeded):
    from reviews.models import AgencyContribution, CaseDocumentVersion, FamilyEngagement, PractitionerEvent

    contributions = list(AgencyContribution.objects.all())
    assert sum(c.is_overdue() for c in contributions) == 5  # 2 on the amber case, 3 on the red
    assert any(c.received_on for c in contributions)
    assert PractitionerEvent.objects.exists()
    assert FamilyEngagement.objects.filter(told_of_publication_on__isnull=False).exists()
    draft = CaseDocumentVersion.objects.filter(document__kind="draft", number=2).first()
    assert draft is not None
    with draft.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_the_demo_documents_pass_the_upload_checks(seeded):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from referrals.documents.checks import check_upload
    from reviews.cases.demo import DEMO_PDF

    assert check_upload(SimpleUploadedFile("report.pdf", DEMO_PDF)).content_type == "application/pdf"


def test_no_demo_case_is_past_the_stage_its_dates_allow(seeded):
    from reviews.models import ReviewStatus

    for case in ReviewCase.objects.filter(status=ReviewStatus.PRE_PUBLICATION):
        assert case.earliest_publication_on and case.final_report_sent_panel_on


def test_the_demo_shows_late_steps_with_and_without_their_reasons(seeded):
    """Issue 16 §2: a coordinator trying the demo meets a notification sent late with its
    reason, a rapid review sent late without one, a final report sent too close to its planned
    publication and a review published after its 6 months, each as a late step."""
    triage_late = [
        step
        for triage in Triage.objects.select_related("rapid_review")
        for step in triage_steps(triage, getattr(triage, "rapid_review", None)).values()
        if step.is_late
    ]
    case_late = [
        step for case in ReviewCase.objects.all() for step in case_steps(case).values() if step.is_late
    ]
    assert {step.key for step in triage_late} == {"notification", "rapid_review"}
    assert {step.key for step in case_late} == {"final_report", "publication"}
    late = triage_late + case_late
    assert any(step.reason for step in late) and any(not step.reason for step in late)
    # Every case past publication has its publication date: none counts as open past due.
    assert not ReviewCase.objects.filter(
        status__in=["published", "action_monitoring"], published_on__isnull=True
    ).exists()
    for case in ReviewCase.objects.filter(published_on__isnull=False).exclude(events__to_status="published"):
        assert case.status == "action_monitoring"  # the demo plan's case is set there directly
    for case in ReviewCase.objects.filter(
        published_on__isnull=False, events__to_status="published"
    ).distinct():
        first_published = timezone.localdate(case.events.filter(to_status="published").earliest("at").at)
        assert case.published_on == first_published  # as the move to published records it
