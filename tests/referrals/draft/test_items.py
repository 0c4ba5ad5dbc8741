"""The repeatable sections of the referral form: children, family members, agencies involved.
Entries are added, changed and removed one at a time without losing the others."""

import re

import pytest
from django.urls import reverse

from referrals.models import AgencyInvolved, Child
from tests.factories import AgencyFactory, ChildFactory, FamilyMemberFactory, ReferralFactory
from tests.referrals.draft.posts import (
    agency_post,
    check_url,
    child_post,
    date_parts,
    family_post,
    item_add_url,
    item_url,
    post,
    step_url,
)

pytestmark = pytest.mark.django_db


def remove_url(referral, section, item):
    return reverse("referrals:item_remove", args=[referral.public_id, section, item.pk])


# --- The list pages ---------------------------------------------------------------------------


def test_the_list_shows_each_entry_with_change_and_remove_links(as_referrer, draft):
    first = ChildFactory(referral=draft, full_name="Child A")
    ChildFactory(referral=draft, full_name="Child B", date_of_birth=None)

    html = as_referrer.get(step_url(draft, "children")).content.decode()

    assert "Child A" in html
    assert "Child B" in html
    assert f'href="{item_url(draft, "children", first)}"' in html
    assert f'href="{remove_url(draft, "children", first)}"' in html
    assert html.count("govuk-tag--green") == 1  # Child B has no date of birth yet
    assert html.count("govuk-tag--red") == 1
    assert "Add another child" in html


def test_at_least_one_child_is_needed_to_continue(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "children"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#add-item">Add at least one child</a>' in html
    assert 'id="add-item"' in html


def test_at_least_one_agency_is_needed_to_continue(as_referrer, draft):
    assert (
        "Add at least one agency" in post(as_referrer, step_url(draft, "agencies-involved")).content.decode()
    )


def test_family_members_are_optional(as_referrer, draft):
    page = as_referrer.get(step_url(draft, "family")).content.decode()
    response = post(as_referrer, step_url(draft, "family"))

    assert "There are no family members to add" in page
    assert response.url == step_url(draft, "agencies-involved")


def test_save_and_come_back_later_from_a_list_goes_to_my_referrals(as_referrer, draft):
    assert post(as_referrer, step_url(draft, "children"), button="later").url == reverse("referrals:list")


# --- Adding and changing ------------------------------------------------------------------------


def test_a_child_is_added_on_its_own_page(as_referrer, draft):
    response = post(as_referrer, item_add_url(draft, "children"), child_post(full_name="Sam"))

    assert response.url == step_url(draft, "children")
    child = draft.children.get()
    assert (child.full_name, child.is_unborn, child.sex) == ("Sam", False, "female")


def test_an_add_with_an_error_stores_nothing_and_keeps_what_was_typed(as_referrer, draft):
    """Issue 17 §6: no "Incomplete" entry left behind by an add that failed, and no second one
    when the referrer tries again."""
    bad = post(
        as_referrer,
        item_add_url(draft, "children"),
        child_post(full_name="Sam", **date_parts("date_of_birth")),
    )

    assert bad.status_code == 200
    assert 'value="Sam"' in bad.content.decode()
    assert not draft.children.exists()

    post(as_referrer, item_add_url(draft, "children"), child_post(full_name="Sam"))
    assert list(draft.children.values_list("full_name", flat=True)) == ["Sam"]
    assert draft.children.get().date_of_birth is not None


def test_an_add_saved_to_come_back_later_keeps_its_entry_and_the_next_post_changes_it(as_referrer, draft):
    response = post(
        as_referrer, item_add_url(draft, "children"), child_post(full_name="Sam", sex=""), button="later"
    )
    child = draft.children.get()
    assert child.full_name == "Sam"
    assert (response.status_code, response.url) == (302, "/referrals/")
    post(as_referrer, item_url(draft, "children", child), child_post(full_name="Sam"))
    assert draft.children.count() == 1


def test_a_change_with_an_error_keeps_what_was_valid(as_referrer, draft):
    post(as_referrer, item_add_url(draft, "children"), child_post(full_name="Sam"))
    child = draft.children.get()
    post(
        as_referrer,
        item_url(draft, "children", child),
        child_post(full_name="Samuel", **date_parts("date_of_birth")),
    )
    child.refresh_from_db()
    assert child.full_name == "Samuel" and draft.children.count() == 1


def test_an_empty_add_page_adds_nothing(as_referrer, draft):
    post(as_referrer, item_add_url(draft, "children"), {})
    post(as_referrer, item_add_url(draft, "children"), {}, button="later")

    assert not draft.children.exists()


def test_a_child_is_changed_without_touching_the_others(as_referrer, draft):
    first = ChildFactory(referral=draft, full_name="Child A")
    second = ChildFactory(referral=draft, full_name="Child B")

    post(as_referrer, item_url(draft, "children", second), child_post(full_name="Child B2"))

    assert list(draft.children.values_list("full_name", flat=True)) == ["Child A", "Child B2"]
    first.refresh_from_db()
    assert first.full_name == "Child A"


def test_the_change_page_shows_the_stored_answers(as_referrer, draft):
    child = ChildFactory(referral=draft, full_name="Child A", is_unborn=True, expected_due_date=None)

    html = as_referrer.get(item_url(draft, "children", child)).content.decode()

    assert 'value="Child A"' in html
    assert re.search(r'value="yes"\s+checked="checked"', html)


def test_a_new_childs_unborn_question_starts_unanswered(as_referrer, draft):
    html = as_referrer.get(item_add_url(draft, "children")).content.decode()

    assert 'checked="checked"' not in html


def test_a_family_member_is_added(as_referrer, draft):
    post(as_referrer, item_add_url(draft, "family"), family_post(full_name="Alex", relationship="Father"))

    assert draft.family_members.get().relationship == "Father"


def test_an_agency_is_chosen_from_the_list_or_named(as_referrer, draft):
    listed = AgencyFactory(name="Example Police")

    post(as_referrer, item_add_url(draft, "agencies-involved"), agency_post(listed))
    post(
        as_referrer,
        item_add_url(draft, "agencies-involved"),
        agency_post(None, agency_name="Example Charity"),
    )

    assert [a.name for a in AgencyInvolved.objects.filter(referral=draft)] == [
        "Example Police",
        "Example Charity",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agency": "", "agency_name": ""}, "Select the agency from the list, or enter its name"),
        ({"agency_name": "Also this one"}, "Select the agency from the list or enter its name, not both"),
        ({"agency": "999999", "agency_name": ""}, "Select the agency from the list"),
    ],
)
def test_an_agency_needs_exactly_one_of_a_choice_and_a_name(as_referrer, draft, changes, message):
    data = agency_post(AgencyFactory(name="Example Police"), **changes)

    response = post(as_referrer, item_add_url(draft, "agencies-involved"), data)

    assert message in response.content.decode()


def test_an_item_page_goes_back_to_its_list(as_referrer, draft):
    html = as_referrer.get(item_add_url(draft, "children")).content.decode()

    assert f'href="{step_url(draft, "children")}" class="govuk-back-link"' in html
    assert '<h1 class="govuk-heading-l">Add a child</h1>' in html


def test_from_check_your_answers_the_list_and_its_entries_lead_back_there(as_referrer, draft):
    child = ChildFactory(referral=draft)
    item = item_url(draft, "children", child) + "?return=check"

    saved = post(as_referrer, item, child_post())
    continued = post(as_referrer, step_url(draft, "children", back_to_check=True))

    assert saved.url == step_url(draft, "children", back_to_check=True)
    assert continued.url == check_url(draft)


# --- Removing ------------------------------------------------------------------------------------


def test_removing_asks_first_then_removes_only_that_entry(as_referrer, draft):
    keep = FamilyMemberFactory(referral=draft, full_name="Keep Me")
    drop = FamilyMemberFactory(referral=draft, full_name="Drop Me")

    confirm = as_referrer.get(remove_url(draft, "family", drop))
    response = as_referrer.post(remove_url(draft, "family", drop))

    assert "Are you sure you want to remove Drop Me?" in confirm.content.decode()
    assert response.url == step_url(draft, "family")
    assert list(draft.family_members.all()) == [keep]


def test_removing_an_entry_of_another_draft_is_not_found(as_referrer, draft):
    elsewhere = ChildFactory()

    assert as_referrer.get(item_url(draft, "children", elsewhere)).status_code == 404
    assert as_referrer.post(remove_url(draft, "children", elsewhere)).status_code == 404
    assert Child.objects.filter(pk=elsewhere.pk).exists()


def test_another_referrer_cannot_open_an_entry(client, draft):
    child = ChildFactory(referral=draft)
    client.force_login(ReferralFactory().created_by)

    assert client.get(item_url(draft, "children", child)).status_code == 404
    assert client.post(remove_url(draft, "children", child)).status_code == 404


def test_an_unknown_section_is_not_found(as_referrer, draft):
    assert as_referrer.get(item_add_url(draft, "about-you")).status_code == 404
    assert as_referrer.get(item_add_url(draft, "nothing")).status_code == 404
