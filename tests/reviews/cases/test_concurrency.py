"""Two coordinators moving one review case at the same moment (PostgreSQL): one move wins, the
other is told, and the timeline records one move."""

import pytest

from reviews.cases.transitions import ReviewCaseError, review_move
from reviews.models import ReviewCase, ReviewCaseEvent
from tests.concurrency import run_at_once
from tests.factories import CaseDocumentFactory, ReviewCaseFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


def test_of_two_simultaneous_moves_from_the_same_stage_one_wins(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = ReviewCaseFactory(status="in_progress")
    CaseDocumentFactory(case=case, kind="draft")  # draft review needs the draft report
    coordinators = [UserFactory(email=f"coord{n}@council.example", roles=["coordinator"]) for n in range(2)]
    moves = [("draft_review", ""), ("on_hold", "Criminal trial listed")]

    results = run_at_once(
        [
            lambda by=by, to=to, note=note: review_move(
                case=case, to=to, by=by, expected="in_progress", note=note
            )
            for by, (to, note) in zip(coordinators, moves, strict=True)
        ]
    )

    assert sum(isinstance(r, ReviewCase) for r in results) == 1
    assert sum(isinstance(r, ReviewCaseError) for r in results) == 1
    case.refresh_from_db()
    assert case.status in {"draft_review", "on_hold"}
    assert ReviewCaseEvent.objects.filter(case=case, from_status="in_progress").count() == 1
