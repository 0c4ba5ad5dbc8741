"""referrals.draft.steps: the form's pages in order, and incomplete_steps, the guard on submission."""

import pytest

from referrals.draft import steps
from referrals.draft.steps import incomplete_steps
from tests.factories import ChildFactory, ReferralFactory, complete_referral_factory
from tests.referrals.draft.posts import days_ago

pytestmark = pytest.mark.django_db


def slugs(found):
    return [step.slug for step in found]


def test_the_pages_come_in_the_order_of_the_form():
    assert slugs(steps.STEPS) == [
        "about-you",
        "safeguarding-lead",
        "children",
        "family",
        "agencies-involved",
        "what-happened",
        "criteria",
        "concerns",
        "parallel-processes",
        "family-told",
        "media",
        "documents",
        "declaration",
    ]


def test_a_complete_referral_has_nothing_left_to_do():
    assert incomplete_steps(complete_referral_factory()) == []


def test_a_new_draft_lists_every_required_page():
    draft = ReferralFactory()

    assert slugs(incomplete_steps(draft)) == [
        "safeguarding-lead",
        "children",
        "agencies-involved",
        "what-happened",
        "criteria",
        "concerns",
        "family-told",
        "media",
        "declaration",
    ]


def test_optional_sections_may_be_left_empty():
    referral = complete_referral_factory(
        family_members=0, parallel_processes=[], parallel_processes_details=""
    )

    assert incomplete_steps(referral) == []


def test_a_section_with_no_entries_where_one_is_needed_is_incomplete():
    assert slugs(incomplete_steps(complete_referral_factory(children=0, agencies=0))) == [
        "children",
        "agencies-involved",
    ]


def test_an_entry_with_a_missing_answer_makes_its_section_incomplete():
    referral = complete_referral_factory()
    ChildFactory(referral=referral, full_name="Child B", date_of_birth=None)

    assert slugs(incomplete_steps(referral)) == ["children"]
    assert steps.get("children").problems(referral, []) == ["Child B: Enter the child's date of birth"]


def test_a_conditional_answer_left_out_makes_its_section_incomplete():
    referral = complete_referral_factory(immediate_concerns="yes", immediate_concerns_details="")

    assert slugs(incomplete_steps(referral)) == ["concerns"]


def test_rules_between_sections_are_checked_again_on_submission():
    # The child's date of birth was changed after the incident date was entered.
    referral = complete_referral_factory(incident_date=days_ago(30), aware_date=days_ago(20))
    referral.children.update(date_of_birth=days_ago(10))

    assert slugs(incomplete_steps(referral)) == ["children", "what-happened"]


def test_an_agency_taken_off_the_list_must_be_chosen_again():
    referral = complete_referral_factory()
    referral.referrer_agency.is_active = False
    referral.referrer_agency.save()

    assert "about-you" in slugs(incomplete_steps(referral))


def test_what_is_missing_is_said_in_the_pages_own_words():
    draft = ReferralFactory()

    assert steps.get("what-happened").problems(draft, []) == [
        "Enter the incident date",
        "Enter the date your agency became aware",
        "Describe what happened",
    ]
    assert steps.get("agencies-involved").problems(draft, []) == ["Add at least one agency"]


def test_following_and_preceding_walk_the_form():
    first, second = steps.STEPS[0], steps.STEPS[1]

    assert steps.following(first) == second
    assert steps.preceding(second) == first
    assert steps.preceding(first) is None
    assert steps.following(steps.STEPS[-1]) is None
