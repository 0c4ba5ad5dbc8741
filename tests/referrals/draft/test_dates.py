"""Dates on the referral form (issue 3, Bad input): GOV.UK date inputs with specific messages,
no dates in the future (except an unborn child's due date), and the incident, the child's date
of birth and the date the agency became aware in a possible order."""

from datetime import date, timedelta

import pytest

from tests.factories import ChildFactory
from tests.referrals.draft.posts import (
    AWARE,
    INCIDENT,
    child_post,
    date_parts,
    days_ago,
    family_post,
    item_add_url,
    step_url,
)

pytestmark = pytest.mark.django_db

TOMORROW = date.today() + timedelta(days=1)


def what_happened(client, draft, **dates):
    data = {
        **date_parts("incident_date", INCIDENT),
        **date_parts("aware_date", AWARE),
        "incident_description": "x",
    }
    for name, value in dates.items():
        data.update(date_parts(name, value) if isinstance(value, date) else date_parts(name, **value))
    response = client.post(step_url(draft, "what-happened"), {**data, "continue": ""})
    return response.content.decode()


def add_child(client, draft, **changes):
    response = client.post(item_add_url(draft, "children"), {**child_post(**changes), "continue": ""})
    return response.content.decode()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter the incident date"),
        ({"day": "3", "year": "2025"}, "The incident date must include a month"),
        ({"day": "3", "month": "4"}, "The incident date must include a year"),
        ({"day": "31", "month": "2", "year": "2025"}, "The incident date must be a real date"),
        ({"day": "x", "month": "2", "year": "2025"}, "The incident date must be a real date"),
        ({"day": "1", "month": "2", "year": "25"}, "Year must include 4 numbers"),
        ({"day": "1", "month": "2", "year": "1066"}, "The incident date must be after 1900"),
        ({"day": "1", "month": "2", "year": "99999999999999999999"}, "Year must include 4 numbers"),
    ],
)
def test_an_incomplete_or_impossible_date_gets_a_specific_message(as_referrer, draft, parts, message):
    assert message in what_happened(as_referrer, draft, incident_date=parts)


def test_the_incident_cannot_be_in_the_future(as_referrer, draft):
    html = what_happened(as_referrer, draft, incident_date=TOMORROW)

    assert "The incident date must be today or in the past" in html


def test_the_date_the_agency_became_aware_is_required(as_referrer, draft):
    assert "Enter the date your agency became aware" in what_happened(as_referrer, draft, aware_date={})


def test_the_agency_cannot_have_become_aware_before_the_incident(as_referrer, draft):
    html = what_happened(as_referrer, draft, incident_date=days_ago(10), aware_date=days_ago(11))

    assert "The date your agency became aware must be the same as or after the incident date" in html
    draft.refresh_from_db()
    assert (draft.incident_date, draft.aware_date) == (days_ago(10), None)


def test_the_incident_cannot_be_before_a_childs_date_of_birth(as_referrer, draft):
    ChildFactory(referral=draft, full_name="Child A", date_of_birth=days_ago(100))

    html = what_happened(as_referrer, draft, incident_date=days_ago(200), aware_date=days_ago(50))

    assert "The incident date must be after the child&#x27;s date of birth" in html


def test_an_unborn_child_has_no_date_of_birth_to_check(as_referrer, draft):
    ChildFactory(referral=draft, is_unborn=True, date_of_birth=None, expected_due_date=days_ago(-30))

    what_happened(as_referrer, draft, incident_date=days_ago(60), aware_date=days_ago(50))

    draft.refresh_from_db()
    assert draft.incident_date == days_ago(60)


def test_the_typed_date_is_shown_again_after_an_error(as_referrer, draft):
    html = what_happened(as_referrer, draft, incident_date={"day": "31", "month": "2", "year": "2025"})

    assert 'name="incident_date_0" value="31"' in html
    assert 'name="incident_date_2" value="2025"' in html


# --- A child's dates ------------------------------------------------------------------------------


def test_a_childs_date_of_birth_must_be_in_the_past(as_referrer, draft):
    assert "Date of birth must be in the past" in add_child(
        as_referrer, draft, **date_parts("date_of_birth", TOMORROW)
    )


def test_a_born_child_needs_a_date_of_birth(as_referrer, draft):
    assert "Enter the child&#x27;s date of birth" in add_child(
        as_referrer, draft, **date_parts("date_of_birth")
    )


def test_a_date_of_birth_after_the_incident_is_refused(as_referrer, draft):
    draft.incident_date = days_ago(100)
    draft.save()

    html = add_child(as_referrer, draft, **date_parts("date_of_birth", days_ago(50)))

    assert "Date of birth must be before the incident date" in html


def test_an_unborn_child_needs_an_expected_due_date_which_may_be_in_the_future(as_referrer, draft):
    draft.incident_date = days_ago(20)
    draft.save()

    missing = add_child(as_referrer, draft, is_unborn="yes", **date_parts("date_of_birth"))
    assert "Enter the expected due date" in missing

    add_child(as_referrer, draft, is_unborn="yes", **date_parts("expected_due_date", days_ago(-60)))
    child = draft.children.get(expected_due_date__isnull=False)
    assert child.is_unborn is True
    assert child.date_of_birth is None


def test_an_expected_due_date_far_in_the_future_is_a_mistake(as_referrer, draft):
    html = add_child(as_referrer, draft, is_unborn="yes", **date_parts("expected_due_date", days_ago(-400)))

    assert "The expected due date must be within the next 10 months" in html


def test_a_date_of_death_is_optional_but_not_before_birth_or_in_the_future(as_referrer, draft):
    before_birth = add_child(as_referrer, draft, **date_parts("date_of_death", days_ago(4 * 365)))
    in_future = add_child(as_referrer, draft, **date_parts("date_of_death", TOMORROW))

    assert "The date of death must be the same as or after the date of birth" in before_birth
    assert "The date of death must be today or in the past" in in_future


# --- Other dates --------------------------------------------------------------------------------


def test_the_family_cannot_have_been_told_in_the_future(as_referrer, draft):
    data = {
        "family_informed": "yes",
        "family_informed_by": "Social worker",
        **date_parts("family_informed_date", TOMORROW),
    }

    response = as_referrer.post(step_url(draft, "family-told"), {**data, "continue": ""})

    assert "The date the family was told must be today or in the past" in response.content.decode()


def test_a_family_members_date_of_birth_must_be_in_the_past(as_referrer, draft):
    data = family_post(**date_parts("date_of_birth", TOMORROW))

    response = as_referrer.post(item_add_url(draft, "family"), {**data, "continue": ""})

    assert "Date of birth must be in the past" in response.content.decode()
