"""The staff search (reviews/search/selectors.py): each kind of match, every state but a draft,
review cases by their own reference and themes and by the referrals linked to them."""

from datetime import date

import pytest

from reviews.models import Theme, Triage
from reviews.search.forms import Terms, read_date
from reviews.search.selectors import SHOWN, staff_search
from tests.factories import (
    AgencyFactory,
    AgencyInvolvedFactory,
    ChildFactory,
    ReferralFactory,
    ReviewCaseFactory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.django_db

BORN = date(2019, 3, 27)


def referral_with_child(status="submitted", **child):
    referral = submitted_referral_factory(status=status)
    referral.children.update(**{"full_name": "Amara Ashworth", "date_of_birth": BORN, **child})
    return referral


def theme(name):
    return Theme.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})[0]


def found(text, born_on=None):
    return staff_search(Terms(text, born_on))


def references(result):
    return {hit.reference for hit in result.referrals}


def test_it_finds_a_referral_by_a_part_of_its_reference(member):
    referral = referral_with_child()
    number = referral.reference.rsplit("-", 1)[1]
    for text in (referral.reference, referral.reference.lower(), number, referral.reference[:-2]):
        result = found(text)
        assert references(result) == {referral.reference}, text
        assert result.referrals[0].matched == ["Reference"]


def test_it_finds_a_referral_by_the_childs_name_or_a_part_of_it():
    referral = referral_with_child()
    for text in ("Amara Ashworth", "ashworth", "Ashw", "AMARA"):
        result = found(text)
        assert references(result) == {referral.reference}, text
        assert result.referrals[0].matched == ["Child's name"]


def test_it_finds_a_referral_by_the_childs_other_names():
    referral = referral_with_child(other_names="Mimi Okafor")
    result = found("okafor")
    assert references(result) == {referral.reference}
    assert result.referrals[0].matched == ["Child's other names"]


def test_it_finds_a_referral_by_the_childs_date_of_birth():
    referral = referral_with_child()
    referral_with_child(full_name="Someone Else", date_of_birth=date(2019, 3, 28))
    result = found("27/3/2019", BORN)
    assert references(result) == {referral.reference}
    assert result.referrals[0].matched == ["Date of birth"]


def test_it_finds_a_referral_by_its_referring_agency_or_an_agency_involved():
    by_referrer = referral_with_child()
    by_referrer.referrer_agency = AgencyFactory(name="Norbury Manor Primary School")
    by_referrer.save(update_fields=["referrer_agency"])
    involved = referral_with_child()
    AgencyInvolvedFactory(referral=involved, agency=AgencyFactory(name="Croydon Health Services NHS Trust"))
    unlisted = referral_with_child()
    AgencyInvolvedFactory(referral=unlisted, agency=None, agency_name="Purley Youth Club")

    assert references(found("norbury manor")) == {by_referrer.reference}
    assert references(found("health services")) == {involved.reference}
    assert references(found("youth club")) == {unlisted.reference}
    assert found("youth club").referrals[0].matched == ["Agency"]


def test_it_finds_a_referral_by_a_theme_tagged_at_triage():
    referral = referral_with_child()
    triage = Triage.objects.create(referral=referral)
    triage.themes.add(theme("Criminal exploitation"))
    result = found("exploitation")
    assert references(result) == {referral.reference}
    assert result.referrals[0].matched == ["Theme"]


def test_it_says_each_way_a_referral_matched():
    referral = referral_with_child(full_name="Neglect Smith")
    Triage.objects.create(referral=referral).themes.add(theme("Neglect"))
    assert found("neglect").referrals[0].matched == ["Child's name", "Theme"]


@pytest.mark.parametrize(
    "status",
    [
        "submitted",
        "screening",
        "rapid_review",
        "awaiting_decision",
        "decided",
        "closed",
        "withdrawn",
        "merged",
    ],
)
def test_it_finds_a_referral_in_every_state(status):
    referral = referral_with_child(status=status)
    result = found("ashworth")
    assert references(result) == {referral.reference}
    assert result.referrals[0].status == referral.get_status_display()


def test_it_never_finds_a_draft():
    draft = ReferralFactory()
    ChildFactory(referral=draft, full_name="Amara Ashworth", date_of_birth=BORN)
    assert found("ashworth").referral_count == 0
    assert found("27 3 2019", BORN).referral_count == 0


def test_it_finds_a_review_case_by_its_reference_its_themes_and_its_referrals():
    referral = referral_with_child()
    by_referral = ReviewCaseFactory(reference="REV-2026-012")
    by_referral.referrals.add(referral)
    themed = ReviewCaseFactory(reference="REV-2025-007")
    themed.themes.add(theme("Domestic abuse"))
    ReviewCaseFactory(reference="REV-2024-003")

    result = found("rev-2026-01")
    assert [(hit.reference, hit.matched) for hit in result.cases] == [("REV-2026-012", ["Reference"])]
    assert [hit.matched for hit in found("Ashworth").cases] == [["A referral it is linked to"]]
    assert [hit.matched for hit in found("27 3 2019", BORN).cases] == [["A referral it is linked to"]]
    assert [(hit.reference, hit.matched) for hit in found("domestic").cases] == [("REV-2025-007", ["Theme"])]
    assert found("REV-20").case_count == 3
    assert found("REV-2026-012").cases[0].status == "Commissioned"


def test_it_shows_the_most_recent_few_and_counts_them_all():
    for _ in range(SHOWN + 2):
        referral_with_child()
    result = found("ashworth")
    assert (len(result.referrals), result.referral_count, result.more_referrals) == (SHOWN, SHOWN + 2, 2)
    submitted = [hit.reference for hit in result.referrals]
    assert submitted == sorted(submitted, reverse=True)


def test_it_finds_nothing_when_nothing_matches():
    referral_with_child()
    result = found("zzzz")
    assert (result.referrals, result.referral_count, result.cases, result.case_count) == ([], 0, [], 0)


def test_the_words_of_a_name_are_found_in_any_order_and_with_other_names_between():
    referral = referral_with_child(full_name="Amara Jane Ashworth")
    assert references(found("Ashworth Amara")) == {referral.reference}
    assert references(found("amara ashworth")) == {referral.reference}


def test_a_reference_typed_with_spaces_is_found():
    referral = referral_with_child()
    assert references(found(referral.reference.replace("-", " "))) == {referral.reference}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("27 3 2019", BORN),
        ("27/3/2019", BORN),
        ("27/03/2019", BORN),
        ("27-3-2019", BORN),
        ("27.3.2019", BORN),
        ("2019-03-27", BORN),
        ("27 March 2019", BORN),
        ("27th Mar 2019", BORN),
        ("SPR-2026-0042", None),
        ("0042", None),
        ("12 Acacia 2019", None),
        ("Amara", None),
    ],
)
def test_it_reads_a_date_of_birth_written_in_the_usual_ways(text, expected):
    assert read_date(text) == expected


def test_a_date_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        read_date("31 2 2019")
