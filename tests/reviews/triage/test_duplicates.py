"""Likely duplicates at intake (issue 17 §3): a referral whose child matches a child of another
referral (name and date of birth, or home address) shows the match on its triage page, for the
Review Group to relate or dismiss with the reason kept, on both pages and both timelines."""

from datetime import date

import pytest

from referrals.models import Child, Referral, ReferralEvent
from referrals.services import ReferralStateError
from reviews.models import ReferralLink
from reviews.triage import duplicates
from tests.factories import UserFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

BORN = date(2019, 3, 27)


def referral_about(name="Zoë O'Neil", born=BORN, address="12 Acacia Avenue, Croydon CR0 1AB", **fields):
    referral = submitted_referral_factory(**fields)
    Child.objects.filter(referral=referral).update(full_name=name, date_of_birth=born, home_address=address)
    return referral


def open_matches(referral):
    return [(m.other.reference, m.matched_on) for m in duplicates.duplicates(referral).open]


# --- What matches -----------------------------------------------------------------------------


def test_the_same_name_and_date_of_birth_match_whatever_the_case_accents_and_punctuation():
    first = referral_about(address="1 Elm Road, Sutton SM1 1AA")
    second = referral_about(name="  zoe  o neil ", address="Flat 9, Rose Court, Bromley BR1 1AA")
    assert open_matches(second) == [(first.reference, ("A child's name and date of birth",))]
    assert open_matches(first) == [(second.reference, ("A child's name and date of birth",))]  # both ways


def test_another_name_counts_as_a_name():
    first = referral_about(address="1 Elm Road, Sutton SM1 1AA")
    second = referral_about(name="Zed Smith", address="2 Oak Road, Sutton SM2 2BB")
    Child.objects.filter(referral=second).update(other_names="Zoe O'Neil, Zee")
    assert open_matches(second) == [(first.reference, ("A child's name and date of birth",))]


def test_the_same_home_address_matches_written_another_way():
    first = referral_about(name="Amy Jones", born=date(2018, 1, 1))
    second = referral_about(
        name="Ben Jones", born=date(2020, 5, 5), address="12 ACACIA AVENUE\nCroydon\ncr01ab"
    )
    assert open_matches(second) == [(first.reference, ("A child's home address",))]


def test_both_name_and_address_are_said():
    first = referral_about()
    second = referral_about()
    assert open_matches(second) == [
        (first.reference, ("A child's home address", "A child's name and date of birth"))
    ]


@pytest.mark.parametrize(
    ("name", "born", "address"),
    [
        ("Zoë O'Neil", date(2019, 3, 28), "1 Elm Road, Sutton SM1 1AA"),  # the name alone
        ("Amy Jones", BORN, "1 Elm Road, Sutton SM1 1AA"),  # the date of birth alone
        ("Zoë O'Neil", BORN, "14 Acacia Avenue, Croydon CR0 1AB"),  # same postcode, another house
    ],
)
def test_a_part_alone_is_not_a_match(name, born, address):
    referral_about(address="12 Acacia Avenue, Croydon CR0 1AB")
    other = referral_about(name=name, born=born, address=address)
    if (name, born) == ("Zoë O'Neil", BORN):  # the name and date of birth do match here
        assert [m[1] for m in open_matches(other)] == [("A child's name and date of birth",)]
    else:
        assert open_matches(other) == []


@pytest.mark.parametrize("placeholder", ["Child A", "Baby N", "Unborn"])
def test_placeholders_and_unknown_addresses_match_nothing(placeholder):
    referral_about(name=placeholder, address="Not known")
    other = referral_about(name=placeholder, address="Not known")
    assert open_matches(other) == []


def test_drafts_and_merged_referrals_are_never_offered():
    draft = referral_about()
    Referral.objects.filter(pk=draft.pk).update(status="draft")
    merged = referral_about(status="merged")
    other = referral_about()
    assert {reference for reference, _ in open_matches(other)} == set()
    assert draft and merged


def test_closed_and_decided_referrals_are_offered():
    closed = referral_about(status="closed")
    other = referral_about()
    assert [reference for reference, _ in open_matches(other)] == [closed.reference]


def test_it_runs_three_queries_however_many_children_match(django_assert_num_queries):
    for _ in range(5):
        referral_about()
    referral = referral_about()
    with django_assert_num_queries(3):  # its children, the candidates, the answers
        assert len(duplicates.duplicates(referral).open) == 5


# --- The answer -------------------------------------------------------------------------------


@pytest.fixture
def pair():
    return referral_about(), referral_about()


def test_relating_them_shows_each_on_the_others_page_and_timeline(pair, member):
    first, second = pair
    link = duplicates.referral_link(
        referral=second, by=member, other=first, kind="related", reason="  Same child: school confirmed  "
    )
    assert (link.first_id, link.second_id, link.reason) == (
        first.pk,
        second.pk,
        "Same child: school confirmed",
    )
    assert link.matched_on == "A child's home address and A child's name and date of birth"
    for referral in pair:
        found = duplicates.duplicates(referral)
        assert found.open == [] and [item.pk for item in found.related] == [link.pk]
    notes = dict(ReferralEvent.objects.filter(action="triage.related").values_list("referral_id", "note"))
    assert notes == {
        first.pk: f"Related to {second.reference}: Same child: school confirmed",
        second.pk: f"Related to {first.reference}: Same child: school confirmed",
    }


def test_dismissing_keeps_the_reason_and_the_match_goes(pair, member):
    first, second = pair
    duplicates.referral_link(referral=first, by=member, other=second, kind="dismissed", reason="Twins")
    found = duplicates.duplicates(second)
    assert found.open == [] and found.related == []
    assert [link.reason for link in found.dismissed] == ["Twins"]


def test_an_answer_is_given_once(pair, member):
    first, second = pair
    duplicates.referral_link(referral=first, by=member, other=second, kind="dismissed", reason="Twins")
    with pytest.raises(ReferralStateError, match="no longer a likely duplicate"):
        duplicates.referral_link(referral=second, by=member, other=first, kind="related", reason="x")
    assert ReferralLink.objects.count() == 1


def test_no_answer_without_a_reason_or_for_referrals_that_do_not_match(pair, member):
    first, second = pair
    with pytest.raises(ReferralStateError, match="Enter why"):
        duplicates.referral_link(referral=first, by=member, other=second, kind="related", reason=" ")
    unrelated = referral_about(name="Amy Jones", born=date(2018, 1, 1), address="1 Elm Road, Sutton SM1 1AA")
    with pytest.raises(ReferralStateError, match="no longer a likely duplicate"):
        duplicates.referral_link(referral=first, by=member, other=unrelated, kind="related", reason="x")


def test_only_the_review_group_answers(pair):
    first, second = pair
    with pytest.raises(ReferralStateError, match="Only Review Group"):
        duplicates.referral_link(
            referral=first, by=UserFactory(roles=["reviewer"]), other=second, kind="related", reason="x"
        )


# --- The pages --------------------------------------------------------------------------------


def url(referral, suffix=""):
    return f"/triage/{referral.reference}/{suffix}"


def test_the_triage_page_shows_the_likely_duplicate_with_a_link_to_answer(staff_client_for, member, pair):
    first, second = pair
    body = staff_client_for(member).get(url(second)).content.decode()
    assert "Another referral may be about the same child." in body
    assert url(second, f"duplicates/{first.reference}/") in body


def test_a_member_answers_on_its_own_page(staff_client_for, member, pair):
    first, second = pair
    client = staff_client_for(member)
    page = client.get(url(second, f"duplicates/{first.reference}/")).content.decode()
    assert "Is " + first.reference + " about the same child?" in page
    data = {"expected_status": "submitted", "answer": "related", "reason": "Same school and GP"}
    response = client.post(url(second, f"duplicates/{first.reference}/"), data)
    assert response.status_code == 302
    body = client.get(url(first)).content.decode()
    assert 'data-testid="related-referrals"' in body and "Same school and GP" in body
    assert "may be about the same child" not in body


def test_a_bad_answer_says_what_to_fix_and_keeps_the_reason(staff_client_for, member, pair):
    first, second = pair
    data = {"expected_status": "submitted", "reason": "Checked the school"}
    response = staff_client_for(member).post(url(second, f"duplicates/{first.reference}/"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select whether the referrals are about the same child" in body
    assert "Checked the school" in body
    assert not ReferralLink.objects.exists()


def test_no_answer_page_for_referrals_that_do_not_match_or_after_an_answer(staff_client_for, member, pair):
    first, second = pair
    client = staff_client_for(member)
    unrelated = referral_about(name="Amy Jones", born=date(2018, 1, 1), address="1 Elm Road, Sutton SM1 1AA")
    assert client.get(url(second, f"duplicates/{unrelated.reference}/")).status_code == 404
    duplicates.referral_link(referral=first, by=member, other=second, kind="dismissed", reason="Twins")
    assert client.get(url(second, f"duplicates/{first.reference}/")).status_code == 404


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_other_roles_cannot_answer(staff_client_for, request, role, pair):
    first, second = pair
    client = staff_client_for(request.getfixturevalue(role))
    assert client.get(url(second, f"duplicates/{first.reference}/")).status_code == 403
