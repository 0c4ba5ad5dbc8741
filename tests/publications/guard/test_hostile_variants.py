"""How a careless or hostile writer could put a protected term into a public text (issue 14 §3):
every variant below is written into a publication's text and must be found; the ordinary
sentences after them must pass. The terms come from a real referral, synced as the service does,
and from terms typed by hand with their kind, so the whole path (derivation, variants, folding,
matching) is what is tested."""

import datetime

import pytest

from publications.guard import checks, terms
from publications.guard import services as guard_services
from publications.models import ProtectedTerm
from tests.factories import UserFactory
from tests.publications.helpers import case_of_a_referral

pytestmark = pytest.mark.django_db

Kind = ProtectedTerm.Kind

BLOCKED = {
    # --- the child's name, as written and joined, with initials, possessives, plurals ---
    "name as written": "Jane Smith was seen at home.",
    "all capitals": "JANE SMITH WAS SEEN.",
    "lower case": "jane smith was seen",
    "full name with middle name": "Jane Marie Smith",
    "joined": "JaneSmith",
    "joined in an address": "janesmith@example.com",
    "initial and surname": "seen by J Smith",
    "initial with a full stop": "J. Smith attended",
    "first name alone": "Jane said she was hungry.",
    "surname alone": "the Smith household",
    "possessive": "Jane's school",
    "curly possessive": "Jane\u2019s school",
    "plural possessive": "the Janes' house",
    "family in the plural": "the Smiths moved in 2020",
    "hyphenated with another name": "Jane-Marie",
    "other name": "known as Janie at nursery",
    "middle name alone": "Marie was quiet",
    # --- invisible characters inside or between words ---
    "zero-width space": "Ja\u200bne",
    "soft hyphen": "Ja\u00adne",
    "word joiner": "Ja\u2060ne",
    "zero-width joiner between names": "Jane\u200dSmith",
    "byte order mark": "Ja\ufeffne",
    "combining grapheme joiner": "J\u034fane",
    "right-to-left override": "Jane\u202eSmith",
    "left-to-right mark": "Jane\u200e Smith",
    "Mongolian vowel separator": "Jane\u180eSmith",
    "variation selector": "Jane\ufe0f",
    "line-end hyphen": "the family of Jane Smi-\nth",
    "split across lines": "Jane\nSmith",
    # --- letters that look like Latin ones, and other forms of them ---
    "Cyrillic a": "J\u0430ne",
    "Cyrillic J, a and e": "\u0408\u0430n\u0435",
    "Cyrillic capitals": "\u0408\u0410N\u0415",
    "Greek alpha": "J\u03b1ne",
    "Greek omicron": "Patel and the R\u03bfse family",
    "mathematical bold": "\U0001d409\U0001d41a\U0001d427\U0001d41e",
    "mathematical italic sans": "\U0001d611\U0001d622\U0001d62f\U0001d626",
    "mathematical script": "\U0001d4a5\U0001d4b6\U0001d4c3\u212f",
    "full-width letters": "\uff2a\uff41\uff4e\uff45",
    "accents": "J\u00e1n\u00e9",
    "combining accents": "J\u0301ane",
    "small capitals": "\u1d0a\u1d00\u0274\u1d07",
    "rn for m": "Jane Srnith",
    "Cyrillic small capitals": "Jane \u0405\u043c\u0456\u0442\u043d",
    # --- the family ---
    "apostrophe name": "Mark O'Brien",
    "apostrophe name without it": "Mr OBrien",
    "apostrophe name as two words": "Mr O Brien",
    "apostrophe name with a curly one": "O\u2019Brien",
    "surname alone, apostrophe kept": "O'Brien",
    "ordinary-word first name with its capital": "Mark said he was tired.",
    "double-barrelled": "Hope Smith-Jones",
    "double-barrelled without hyphen": "Hope Smith Jones",
    "double-barrelled joined": "HopeSmithJones",
    "second barrel alone": "Jones was there",
    "ordinary word at the start of a sentence": "Hope was at home.",
    "month name used as a name": "May Patel",
    "month name alone as a name": "May said no.",
    "surname in capitals": "PATEL",
    "family plural": "the Patels",
    # --- the date of birth, 27 March 2019 ---
    "date with slashes": "born 27/03/2019",
    "date with dashes": "27-03-2019",
    "date with full stops": "27.03.2019",
    "date without leading zero": "27/3/2019",
    "two-digit year": "27/03/19",
    "short with full stops": "27.3.19",
    "ISO date": "2019-03-27",
    "ISO without separators": "20190327",
    "digits only": "27032019",
    "digits only, short year": "270319",
    "day month year": "27 March 2019",
    "ordinal": "27th March 2019",
    "ordinal of": "the 27th of March 2019",
    "US order in words": "March 27, 2019",
    "US order ordinal": "March 27th, 2019",
    "month the day": "March the 27th 2019",
    "short month": "27 Mar 2019",
    "in words": "the twenty-seventh of March 2019",
    "in words without hyphen": "twenty seventh March 2019",
    "US numeric order": "03/27/2019",
    "full-width digits": "\uff12\uff17/\uff10\uff13/\uff12\uff10\uff11\uff19",
    "spaced": "27 / 03 / 2019",
    # --- the date of death, 3 June 2024 ---
    "death date": "died on 3 June 2024",
    "death date numeric": "03/06/2024",
    "death date ordinal": "3rd June 2024",
    "death date US words": "June 3rd, 2024",
    # --- the address and postcode ---
    "address line": "lived at 12 Acacia Avenue",
    "street without number": "lived on Acacia Avenue",
    "street type short": "Acacia Ave",
    "number and short street with full stop": "12 Acacia Ave.",
    "street in lower case": "acacia avenue",
    "postcode": "CR0 1AB",
    "postcode without space": "CR01AB",
    "postcode in lower case": "cr0 1ab",
    "postcode with O for zero": "CRO 1AB",
    # --- the school ---
    "school": "St Mary's Primary School",
    "school with Saint": "Saint Mary's Primary School",
    "school with St. and no apostrophe": "St. Marys Primary",
    "school without School": "St Mary's Primary",
    "school with no apostrophe": "St Marys Primary School",
    # --- terms typed by hand, split and varied as derived ones are ---
    "hand-typed name": "Tyler Brooks",
    "hand-typed name's first part": "Tyler was there",
    "hand-typed name's surname": "the Brooks family",
    "hand-typed name's initial": "T Brooks",
    "hand-typed address, short street type": "5 Elm Rd",
    "hand-typed address without number": "Elm Road",
    "hand-typed date in words": "14th February 2020",
    "hand-typed date as digits": "14022020",
}

PASSES = [
    "Professionals will need to share information sooner.",
    "In May 2020 the family moved to another borough.",
    "On 3 May the health visitor called.",
    "A white van was parked outside.",
    "There is hope that practice will improve.",
    "Staff should mark the record as urgent.",
    "A deer crossed the road near the school.",
    "On 27 March 2020 the review group met.",
    "The strategy meeting was on 28/03/2019.",
    "The child's friend lived on Acacia Road.",
    "Janet attended the meeting.",
    "The smith's forge was closed.",
    "Mary Seacole House is a health centre.",
    "St Mary's Church held a vigil.",
    "In March 2019 the referral was made.",
    "In 2019, 27 children were referred.",
    "Children who hope for help should be heard.",
    "The practitioners met at 12 Elm Grove.",
    "CR0 2AB is the council's postcode.",
    "Patience is needed.",
    "The review used the SILP model.",
    "An avenue of trees.",
    "Croydon Council and its partners.",
    "The family brooks no delay.",
    "Children in care will be consulted in June 2024.",
    "The date 3 June 2023 is another date.",
]


@pytest.fixture(scope="module")
def matcher(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            child = {
                "full_name": "Jane Marie Smith",
                "other_names": "Janie",
                "date_of_birth": datetime.date(2019, 3, 27),
                "date_of_death": datetime.date(2024, 6, 3),
                "home_address": "12 Acacia Avenue\nCroydon\nCR0 1AB",
                "school_or_setting": "St Mary's Primary School",
            }
            names = ("Mark O'Brien", "Hope Smith-Jones", "May Patel", "Ann Rose")
            case = case_of_a_referral(child, [{"full_name": name, "address": "Not known"} for name in names])
            terms.sync_from_referrals(case)
            coordinator = UserFactory(roles=["coordinator"])
            guard_services.term_add(case, "Tyler Brooks", coordinator, kind=Kind.NAME)
            guard_services.term_add(case, "5 Elm Road", coordinator, kind=Kind.ADDRESS)
            guard_services.term_add(case, "14/02/2020", coordinator, kind=Kind.DATE)
            held = list(ProtectedTerm.objects.filter(case=case))
            built = checks.Matcher(held)
            transaction.set_rollback(True)
    return built


def test_there_are_at_least_80_hostile_variants_and_20_ordinary_sentences():
    assert len(BLOCKED) >= 80 and len(PASSES) >= 20


@pytest.mark.parametrize("text", BLOCKED.values(), ids=BLOCKED.keys())
def test_every_variant_is_found(matcher, text):
    hits = matcher.find(text, "Summary")
    assert hits, f"not found: {text!r}"
    assert all(hit.location == "Summary" and hit.found for hit in hits)


@pytest.mark.parametrize("text", PASSES)
def test_ordinary_sentences_pass(matcher, text):
    assert [hit.context for hit in matcher.find(text, "Summary")] == []
