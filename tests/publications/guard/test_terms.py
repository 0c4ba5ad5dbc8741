"""Protected terms: what the referral gives (publications/guard/terms.py), and which terms a
publication is checked against."""

import datetime

import pytest

from publications.guard import checks, terms, variants
from publications.models import ProtectedTerm
from tests.factories import (
    ChildFactory,
    FamilyMemberFactory,
    PublicationFactory,
    ReferralFactory,
    ReviewCaseFactory,
)
from tests.publications.helpers import case_of_a_referral

Source = ProtectedTerm.Source


# --- Pure rules (no database). ---


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Smith", ["Jane Smith", "Jane", "Smith"]),
        ("Jane-Marie O'Brien", ["Jane-Marie O'Brien", "Jane", "Marie", "O'Brien"]),
        ("  Jane   Smith ", ["Jane Smith", "Jane", "Smith"]),
        ("Jo Li", ["Jo Li"]),  # parts under 3 letters are not terms on their own
        ("Zoë", ["Zoë"]),
        ("Baby Smith", ["Baby Smith", "Smith"]),  # "Baby" is never a term on its own
        ("Mrs Ann Lee", ["Mrs Ann Lee", "Ann", "Lee"]),
        ("Child A", []),  # a placeholder, how reports name children
        ("Baby N", []),
        ("Unborn child", []),
        ("J", []),
        ("Not known", []),
        ("", []),
    ],
)
def test_name_terms(name, expected):
    assert list(dict.fromkeys(terms.name_terms(name))) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("12 Acacia Avenue\nCroydon\nCR0 1AB", ["12 Acacia Avenue", "CR0 1AB"]),
        ("12 Acacia Avenue, Croydon, cr01ab", ["12 Acacia Avenue", "CR0 1AB"]),
        ("Flat 3, Rose Court, Croydon CR0 2XY", ["Flat 3, Rose Court", "CR0 2XY"]),
        ("Rose Cottage\nLower Street", ["Rose Cottage"]),
        ("Croydon", []),  # a town alone is not a home
        ("Not known", []),
        ("No fixed abode", []),
        ("", []),
    ],
)
def test_address_terms(address, expected):
    assert terms.address_terms(address) == expected


@pytest.mark.parametrize(
    ("school", "expected"),
    [
        ("St Mary's Primary School", ["St Mary's Primary School"]),
        ("None", []),
        ("Home educated", []),
        ("", []),
    ],
)
def test_school_terms(school, expected):
    assert terms.school_terms(school) == expected


def texts(term_text, source=Source.MANUAL, kind=ProtectedTerm.Kind.OTHER):
    return [spec.text for spec in terms.specs(ProtectedTerm(term=term_text, source=source, kind=kind))]


def test_a_date_of_birth_is_looked_for_in_the_common_uk_formats():
    found = set(texts("2019-03-27", Source.DATE_OF_BIRTH))
    assert {
        "27/03/2019",
        "27/3/2019",
        "2019-03-27",
        "27 March 2019",
        "27th March 2019",
        "27 Mar 2019",
        "March 27 2019",
        "27/03/19",
        "27032019",
        "twenty seventh of March 2019",
    } <= found


def test_ordinals_and_september():
    found = {spec.text for spec in variants.date_specs(datetime.date(2020, 9, 2))}
    assert {"2nd September 2020", "2 Sept 2020", "2 Sep 2020", "September 2nd 2020"} <= found
    for day, ordinal in ((1, "1st"), (11, "11th"), (23, "23rd"), (22, "22nd"), (13, "13th")):
        assert f"{ordinal} May 2021" in {
            spec.text for spec in variants.date_specs(datetime.date(2021, 5, day))
        }


def test_a_date_added_by_hand_is_expanded_too():
    assert "27 March 2019" in texts("27/03/2019")
    assert texts("31/02/2019") == ["31/02/2019"]  # not a date: looked for as written


def test_a_postcode_is_looked_for_with_and_without_its_space():
    assert texts("cr0 1ab", Source.ADDRESS) == ["CR0 1AB", "CR01AB"]
    assert texts("CR01AB") == ["CR0 1AB", "CR01AB"]
    assert texts("Jane") == ["Jane"]


def test_a_name_typed_by_hand_is_split_like_a_derived_one():
    found = set(texts("Tyler Brooks", kind=ProtectedTerm.Kind.NAME))
    assert {"Tyler Brooks", "TylerBrooks", "T Brooks", "Tyler", "Brooks"} <= found
    # Typed as "something else", it is looked for as written only (and joined).
    assert "Tyler" not in texts("Tyler Brooks")


def test_an_ordinary_word_in_a_name_needs_its_capital_and_a_month_no_number_beside_it():
    specs = {spec.text: spec for spec in variants.name_specs("May Will", with_parts=True)}
    assert specs["Will"].capital and not specs["Will"].not_beside_number
    assert specs["May"].capital and specs["May"].not_beside_number
    assert not specs["May Will"].capital


def test_fold_drops_case_and_accents():
    assert terms.fold("ZOË") == "zoe"
    assert terms.fold("Søren Łukasz") == "soren lukasz"
    assert terms.fold("Straße") == "strasse"
    assert terms.key("12 Acacia Avenue, Croydon") == "12 acacia avenue croydon"


# --- Syncing from the referrals. ---


@pytest.fixture
def case(db):
    child = {
        "full_name": "Jane Smith",
        "other_names": "Janey, JJ",
        "date_of_birth": datetime.date(2019, 3, 27),
        "home_address": "12 Acacia Avenue\nCroydon\nCR0 1AB",
        "school_or_setting": "St Mary's Primary School",
    }
    mother = {
        "full_name": "Zoë Smith",
        "date_of_birth": datetime.date(1990, 1, 5),
        "address": "12 Acacia Avenue, Croydon, CR0 1AB",
    }
    return case_of_a_referral(child, [mother])


def rows(case):
    return {(t.term, t.source) for t in ProtectedTerm.objects.filter(case=case)}


def test_sync_fills_the_terms_from_the_referrals(case):
    terms.sync_from_referrals(case)
    assert rows(case) == {
        ("Jane Smith", Source.CHILD_NAME),
        ("Jane", Source.CHILD_NAME),
        ("Smith", Source.CHILD_NAME),
        ("Janey", Source.CHILD_NAME),
        ("JJ", Source.CHILD_NAME),
        ("2019-03-27", Source.DATE_OF_BIRTH),
        ("12 Acacia Avenue", Source.ADDRESS),
        ("CR0 1AB", Source.ADDRESS),
        ("St Mary's Primary School", Source.SCHOOL),
        ("Zoë Smith", Source.FAMILY_NAME),
        ("Zoë", Source.FAMILY_NAME),
        ("1990-01-05", Source.DATE_OF_BIRTH),
    }


def test_a_childs_date_of_death_and_due_date_are_protected_as_well(case):
    from referrals.models import Child

    child = Child.objects.filter(referral__in=case.referrals.all()).first()
    Child.objects.filter(pk=child.pk).update(
        date_of_death=datetime.date(2026, 2, 14), expected_due_date=datetime.date(2019, 4, 1)
    )
    terms.sync_from_referrals(case)
    assert {("2026-02-14", Source.KEY_DATE), ("2019-04-01", Source.KEY_DATE)} <= rows(case)
    publication = PublicationFactory(case=case, summary="The child died on 14 February 2026.")
    assert [hit.location for hit in checks.check_publication(publication, pdfs={})] == ["Summary"]


def test_sync_is_idempotent(case):
    terms.sync_from_referrals(case)
    before = sorted(ProtectedTerm.objects.filter(case=case).values_list("pk", "term", "source"))
    terms.sync_from_referrals(case)
    terms.sync_from_referrals(case)
    assert sorted(ProtectedTerm.objects.filter(case=case).values_list("pk", "term", "source")) == before


def test_sync_keeps_terms_added_by_hand(case, coordinator):
    manual = ProtectedTerm.objects.create(
        case=case, term="Acacia", source=Source.MANUAL, added_by=coordinator
    )
    same_as_automatic = ProtectedTerm.objects.create(case=case, term="jane", source=Source.MANUAL)
    terms.sync_from_referrals(case)
    terms.sync_from_referrals(case)
    assert ProtectedTerm.objects.filter(pk__in=[manual.pk, same_as_automatic.pk]).count() == 2
    # The hand-made "jane" stands for the automatic "Jane": no second row for it.
    assert not ProtectedTerm.objects.filter(case=case, term="Jane").exists()


def test_sync_removes_automatic_terms_whose_source_is_gone(case):
    terms.sync_from_referrals(case)
    referral = case.referrals.get()
    referral.family_members.all().delete()
    child = referral.children.get()
    child.full_name = "Jane Jones"
    child.other_names = ""
    child.school_or_setting = ""
    child.save()
    terms.sync_from_referrals(case)
    assert {t for t, _ in rows(case)} == {
        "Jane Jones",
        "Jane",
        "Jones",
        "2019-03-27",
        "12 Acacia Avenue",
        "CR0 1AB",
    }


def test_sync_covers_every_referral_of_a_thematic_case(case):
    other = ReferralFactory()
    case.referrals.add(other)
    ChildFactory(
        referral=other, full_name="Child B", home_address="", school_or_setting="", date_of_birth=None
    )
    FamilyMemberFactory(referral=other, full_name="Femi Adeyemi", address="", date_of_birth=None)
    unrelated = ReferralFactory()
    ChildFactory(referral=unrelated, full_name="Oliver Twist")
    terms.sync_from_referrals(case)
    found = {t for t, _ in rows(case)}
    assert {"Femi Adeyemi", "Femi", "Adeyemi", "Jane Smith"} <= found
    assert "Oliver" not in found
    assert "Child B" not in found


def test_sync_with_no_referrals_leaves_only_manual_terms(db):
    case = ReviewCaseFactory()
    ProtectedTerm.objects.create(case=case, term="Manual", source=Source.MANUAL)
    terms.sync_from_referrals(case)
    assert rows(case) == {("Manual", Source.MANUAL)}


def test_terms_for_combines_the_case_and_the_publication(case):
    terms.sync_from_referrals(case)
    publication = PublicationFactory(case=case)
    own = ProtectedTerm.objects.create(publication=publication, term="Riverside", source=Source.MANUAL)
    other_case = ReviewCaseFactory()
    ProtectedTerm.objects.create(case=other_case, term="Elsewhere", source=Source.MANUAL)
    found = terms.terms_for(publication)
    assert own in found
    assert {t.term for t in found} == {t for t, _ in rows(case)} | {"Riverside"}


def test_terms_for_a_standalone_publication_is_only_its_own(db):
    publication = PublicationFactory()
    other = PublicationFactory()
    ProtectedTerm.objects.create(publication=publication, term="Mine", source=Source.MANUAL)
    ProtectedTerm.objects.create(publication=other, term="Theirs", source=Source.MANUAL)
    ProtectedTerm.objects.create(case=ReviewCaseFactory(), term="A case's", source=Source.MANUAL)
    assert [t.term for t in terms.terms_for(publication)] == ["Mine"]
