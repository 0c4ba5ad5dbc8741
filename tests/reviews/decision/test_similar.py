"""Similar referrals and review cases: shared criteria, themes and agencies, and descriptions
alike (word overlap on SQLite, full-text rank on PostgreSQL)."""

import datetime

import pytest
from django.utils import timezone

from referrals.models import AgencyInvolved, ReferralStatus
from reviews.decision.similar import similar_to, word_overlap, words_of
from reviews.models import ReviewCase, ReviewType, Theme, Triage
from tests.factories import AgencyFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

BRUISING = "Bruising to an infant noticed by the health visitor; the GP was not told and the nursery raised concerns."
UNRELATED = "A teenager missing from care was exploited by a county lines network far away."


def referral_with(*, criteria=("serious_harm",), description="N/A", themes=(), agency=None, **fields):
    referral = submitted_referral_factory(criteria=list(criteria), incident_description=description, **fields)
    referral.agencies_involved.all().delete()  # the factory's agency would be shared by none
    if themes:
        Triage.objects.create(referral=referral).themes.set(themes)
    if agency:
        AgencyInvolved.objects.create(referral=referral, agency=agency)
    return referral


@pytest.fixture
def neglect():
    return Theme.objects.get_or_create(slug="neglect-similar", defaults={"name": "Neglect (similar)"})[0]


def test_words_of_keeps_the_words_that_carry_meaning():
    assert words_of("The child's bruising was NOT seen by them") == {"bruising", "seen"}


def test_word_overlap_is_shared_words_over_all_words():
    assert word_overlap({"bruising", "infant"}, {"bruising", "nursery"}) == pytest.approx(1 / 3)
    assert word_overlap(set(), {"bruising"}) == 0


def test_it_finds_referrals_sharing_criteria_themes_and_agencies_best_first(neglect):
    police = AgencyFactory(name="Example Police")
    referral = referral_with(criteria=["serious_harm", "near_miss"], themes=[neglect], agency=police)
    best = referral_with(criteria=["serious_harm", "near_miss"], themes=[neglect], agency=police)
    some = referral_with(criteria=["serious_harm"])
    referral_with(criteria=["good_practice"])  # nothing shared

    found = similar_to(referral)

    assert [item.reference for item in found] == [best.reference, some.reference]
    top = found[0]
    assert top.kind == "referral"
    assert top.state == "Submitted"
    assert top.shared_themes == ["Neglect (similar)"]
    assert top.shared_agencies == ["Example Police"]
    assert "Theme: Neglect (similar)" in top.shared
    assert "Agency: Example Police" in top.shared


def test_it_never_lists_the_referral_itself_drafts_or_old_referrals():
    referral = referral_with()
    old = referral_with(status=ReferralStatus.CLOSED)
    old.submitted_at = timezone.now() - datetime.timedelta(days=4 * 365)
    old.save(update_fields=["submitted_at"])
    from tests.factories import complete_referral_factory

    complete_referral_factory(criteria=["serious_harm"])  # a draft

    assert similar_to(referral) == []


def test_an_old_referral_still_open_is_current():
    referral = referral_with()
    open_one = referral_with(status=ReferralStatus.AWAITING_DECISION)
    open_one.submitted_at = timezone.now() - datetime.timedelta(days=4 * 365)
    open_one.save(update_fields=["submitted_at"])
    assert [item.reference for item in similar_to(referral)] == [open_one.reference]


def test_text_alone_makes_a_referral_similar_on_sqlite():
    referral = referral_with(criteria=["good_practice"], description=BRUISING)
    alike = referral_with(criteria=["near_miss"], description=BRUISING.replace("infant", "baby"))
    referral_with(criteria=["near_miss"], description=UNRELATED)

    found = similar_to(referral)

    assert [item.reference for item in found] == [alike.reference]
    assert "A similar description of the incident" in found[0].shared


def test_it_lists_review_cases_through_their_referrals_and_themes(member, neglect):
    referral = referral_with(themes=[neglect])
    reviewed = referral_with(criteria=["good_practice"], description=BRUISING)
    case = ReviewCase.objects.create(
        reference="REV-2026-004",
        review_type=ReviewType.SPR,
        commissioned_on=timezone.localdate(),
        target_publication_on=timezone.localdate() + datetime.timedelta(days=180),
        created_by=member,
    )
    case.referrals.add(reviewed)
    case.themes.add(neglect)

    found = similar_to(referral)

    [item] = [item for item in found if item.kind == "review"]
    assert (item.reference, item.state, item.shared_themes) == (
        "REV-2026-004",
        "Commissioned",
        ["Neglect (similar)"],
    )
    assert item.key == f"review:{case.pk}"


def test_the_list_never_names_a_child():
    referral = referral_with()
    other = referral_with()
    child = other.children.get()
    [item] = similar_to(referral)
    assert child.full_name not in repr(item)


def test_it_honours_the_limit():
    referral = referral_with()
    for _ in range(4):
        referral_with()
    assert len(similar_to(referral, limit=3)) == 3


def test_it_runs_a_fixed_number_of_queries(django_assert_max_num_queries, neglect, member):
    police = AgencyFactory(name="Example Police")
    referral = referral_with(themes=[neglect], agency=police)
    for _ in range(2):
        referral_with(themes=[neglect], agency=police)
    with django_assert_max_num_queries(12) as few:
        similar_to(referral)
    for _ in range(6):
        referral_with(themes=[neglect], agency=police)
    with django_assert_max_num_queries(len(few.captured_queries)):
        similar_to(referral)


@pytest.mark.postgres
def test_full_text_search_ranks_alike_descriptions_on_postgresql():
    referral = referral_with(criteria=["good_practice"], description=BRUISING)
    alike = referral_with(
        criteria=["near_miss"], description="An infant was bruised; the health visitor noticed."
    )
    referral_with(criteria=["near_miss"], description=UNRELATED)

    found = similar_to(referral)

    assert [item.reference for item in found] == [alike.reference]
    assert found[0].text_score > 0
