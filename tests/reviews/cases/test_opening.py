import datetime

import pytest

from reviews.cases.clocks import add_months
from reviews.cases.services import next_review_reference, review_case_open
from reviews.models import ReviewReferenceCounter, ReviewStatus, ReviewType
from tests.reviews.decision_answers import awaiting_decision

pytestmark = pytest.mark.django_db


def test_review_references_count_up_within_a_year():
    day = datetime.date(2026, 5, 1)
    assert [next_review_reference(day) for _ in range(3)] == ["REV-2026-001", "REV-2026-002", "REV-2026-003"]


def test_each_year_starts_again_at_one():
    next_review_reference(datetime.date(2026, 12, 31))
    assert next_review_reference(datetime.date(2027, 1, 1)) == "REV-2027-001"
    assert ReviewReferenceCounter.objects.get(year=2026).last_number == 1


def test_numbers_past_999_keep_counting():
    ReviewReferenceCounter.objects.create(year=2026, last_number=999)
    assert next_review_reference(datetime.date(2026, 1, 1)) == "REV-2026-1000"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 15), datetime.date(2026, 7, 15)),
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), datetime.date(2027, 6, 1)),
    ],
)
def test_the_target_is_six_calendar_months_on(day, expected):
    assert add_months(day, 6) == expected


def test_a_case_opens_commissioned_with_its_referral_and_target(member):
    referral = awaiting_decision()
    case = review_case_open(
        referral=referral,
        review_type=ReviewType.LEARNING_REVIEW,
        commissioned_on=datetime.date(2026, 3, 2),
        by=member,
    )
    assert case.reference == "REV-2026-001"
    assert case.status == ReviewStatus.COMMISSIONED
    assert case.target_publication_on == datetime.date(2026, 9, 2)
    assert list(case.referrals.all()) == [referral]
    assert case.created_by == member
