from io import StringIO

import pytest
from django.core.management import call_command

from reviews.models import Rag, ReviewCase, ReviewCaseEvent, ReviewerAppointment

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


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
