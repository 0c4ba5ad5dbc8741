"""Protected terms (issue 6 §2): what identifies a child or family member and must never be
published. The review case's terms are filled from its referrals (sync_from_referrals) and added
to by hand (source MANUAL, never touched here); a standalone publication holds its own.

What the referral gives, one term a row:
- each child's full name and other names, each family member's full name, AND every part of a
  name of 3 or more letters ("Jane Smith" gives "Jane Smith", "Jane", "Smith"), except the few
  words in UNSAFE_NAME_WORDS, which are not names on their own (placeholders such as "Child A"
  or "Baby N" are not terms at all: they are how reports name children);
- dates of birth, stored ISO (2019-03-27) and expanded to every way of writing a date when
  checked (variants.py);
- addresses: the first line ("12 Acacia Avenue", "Flat 3, Rose Court") and the postcode, each a
  term (the postcode is matched with and without its space);
- schools or settings: the name.
Answers that are not a value ("Not known", "None", "N/A") are never terms (NON_ANSWERS).

Each term is looked for in every way it is written (specs(), variants.py), compared folded
(normalise.py) as whole words (matching.py)."""

import re
import unicodedata

from django.db import transaction
from django.db.models import Q

from ..models import ProtectedTerm, Publication
from . import variants

Source = ProtectedTerm.Source
Kind = ProtectedTerm.Kind
SOURCE_KINDS = {
    Source.CHILD_NAME: Kind.NAME,
    Source.FAMILY_NAME: Kind.NAME,
    Source.DATE_OF_BIRTH: Kind.DATE,
    Source.KEY_DATE: Kind.DATE,
    Source.ADDRESS: Kind.ADDRESS,
    Source.SCHOOL: Kind.SCHOOL,
}

# Words that are never protected on their own when a name is split into its parts: placeholders
# ("Child A", "Baby N", "Unborn", "Mother A"), titles, and the commonest particles of surnames.
# Kept small on purpose: every word here is a word a real name part could also be.
UNSAFE_NAME_WORDS = frozenset(
    {
        "baby",
        "child",
        "unborn",
        "infant",
        "unknown",
        "known",
        "not",
        "the",
        "and",
        "mrs",
        "miss",
        "master",
        # How reports and referrals name people without their names ("Mother A", "Sibling 2").
        "mother",
        "father",
        "parent",
        "carer",
        "sibling",
        "brother",
        "sister",
        "stepfather",
        "stepmother",
        "grandmother",
        "grandfather",
        "aunt",
        "uncle",
        "cousin",
        "partner",
        "adult",
        "male",
        "female",
        "person",
        "relative",
        "van",
        "von",
        "der",
        "den",
        "del",
        "bin",
    }
)

# What people type in a field when they have no value for it.
NON_ANSWERS = frozenset(
    {
        "none",
        "n a",
        "na",
        "nil",
        "not known",
        "unknown",
        "not applicable",
        "not given",
        "no fixed abode",
        "nfa",
        "as above",
        "same as above",
        "same as child",
        "home educated",
        "elective home education",
        "not in school",
        "no school",
        "no setting",
    }
)

# Parts of an address's first line that do not make it an address on their own ("Flat 3").
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "floor", "block", "suite", "maisonette"})

POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)
_NAME_SPLIT_RE = re.compile(r"[\s\-\u2010\u2011]+")
_OTHER_NAMES_SPLIT_RE = re.compile(r"[,;/\n]+|\s+(?:or|aka|also known as)\s+", re.IGNORECASE)


# Letters other than accented ones that NFKD does not take apart.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
_NON_WORD_RE = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and accent-free: NFKD, combining marks dropped, casefolded ("Zoë" -> "zoe"). For
    telling the words people type apart (a placeholder, a non-answer, the same term twice); the
    guard's own folding, lookalike letters included, is normalise.fold_char."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)


def key(text: str) -> str:
    """The form two terms are the same in: folded, punctuation and spaces one space."""
    return _NON_WORD_RE.sub(" ", fold(text)).strip()


def _is_non_answer(text: str) -> bool:
    return key(text) in NON_ANSWERS


def _clean(text: str) -> str:
    return " ".join(text.split())[:300]


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


def name_terms(name: str) -> list[str]:
    """A name and each of its parts of 3+ letters, placeholders left out."""
    name = _clean(name)
    if not name or _is_non_answer(name):
        return []
    words = [w.strip(".,()[]\"'‘’“”") for w in _NAME_SPLIT_RE.split(name)]
    words = [w for w in words if w]
    if not words:
        return []
    unsafe = [key(w) in UNSAFE_NAME_WORDS for w in words]
    # "Child A", "Baby N", "Unborn child": how reports name children, not a name.
    placeholder = any(unsafe) and all(u or _letters(w) <= 1 for w, u in zip(words, unsafe, strict=True))
    single_letter = len(words) == 1 and _letters(words[0]) <= 1
    found = [] if placeholder or single_letter else [name]
    if len(words) > 1 or words[0] != name:
        found += [w for w, u in zip(words, unsafe, strict=True) if not u and _letters(w) >= 3]
    return found


def address_terms(address: str) -> list[str]:
    """The first line of an address and its postcode."""
    if not address or _is_non_answer(address):
        return []
    postcodes = [f"{a.upper()} {b.upper()}" for a, b in POSTCODE_RE.findall(address)]
    rest = POSTCODE_RE.sub(" ", address)
    lines = [line.strip(" ,.") for line in rest.splitlines()]
    lines = [line for line in lines if line]
    parts = lines if len(lines) > 1 else [p.strip() for p in (lines[0].split(",") if lines else [])]
    parts = [_clean(p) for p in parts if p.strip(" ,.")]
    first = []
    for part in parts:
        first.append(part)
        words = key(part).split()
        if any(len(w) >= 3 and not w.isdigit() and w not in _UNIT_WORDS for w in words):
            break
    first_line = ", ".join(first)
    found = []
    # A lone town ("Croydon") is not an address: only a first line with a number, or one
    # followed by more of the address, identifies a home.
    if first_line and not _is_non_answer(first_line) and (len(parts) > 1 or re.search(r"\d", first_line)):
        found.append(first_line)
    return found + postcodes


def school_terms(school: str) -> list[str]:
    school = _clean(school)
    return [school] if school and not _is_non_answer(school) and _letters(school) >= 3 else []


def _wanted_for_case(case) -> list[tuple[str, str]]:
    return _wanted_for_referrals(list(case.referrals.values_list("pk", flat=True)))


def _wanted_for_referrals(referral_ids) -> list[tuple[str, str]]:
    """(term, source) for every term the referrals give (two queries: children, family)."""
    from referrals.models import Child, FamilyMember

    wanted: list[tuple[str, str]] = []
    for child in Child.objects.filter(referral_id__in=referral_ids).order_by("referral_id", "pk"):
        names = [child.full_name, *_OTHER_NAMES_SPLIT_RE.split(child.other_names or "")]
        wanted += [(t, Source.CHILD_NAME) for name in names if name for t in name_terms(name)]
        if child.date_of_birth:
            wanted.append((child.date_of_birth.isoformat(), Source.DATE_OF_BIRTH))
        # A date of death is on public record (an inquest), and a due date dates a birth: either
        # identifies the child as surely as a date of birth. Reports use "Month 3" or month and year.
        for day in (child.date_of_death, child.expected_due_date):
            if day:
                wanted.append((day.isoformat(), Source.KEY_DATE))
        wanted += [(t, Source.ADDRESS) for t in address_terms(child.home_address)]
        wanted += [(t, Source.SCHOOL) for t in school_terms(child.school_or_setting)]
    for member in FamilyMember.objects.filter(referral_id__in=referral_ids).order_by("referral_id", "pk"):
        wanted += [(t, Source.FAMILY_NAME) for t in name_terms(member.full_name)]
        if member.date_of_birth:
            wanted.append((member.date_of_birth.isoformat(), Source.DATE_OF_BIRTH))
        wanted += [(t, Source.ADDRESS) for t in address_terms(member.address)]
    return wanted


def sync_from_referrals(case) -> None:
    """(Re)create the case's automatic terms from its referrals: adds what is new, removes what
    no longer comes from any referral, keeps every term added by hand. Idempotent."""
    from reviews.models import ReviewCase

    with transaction.atomic():
        ReviewCase.objects.select_for_update().get(pk=case.pk)
        wanted: dict[str, tuple[str, str]] = {}
        for term, source in _wanted_for_case(case):
            wanted.setdefault(key(term), (term, source))
        existing = list(ProtectedTerm.objects.filter(case=case))
        manual_keys = {key(t.term) for t in existing if t.source == Source.MANUAL}
        exact = {t.term for t in existing if t.source == Source.MANUAL}
        kept: set[str] = set()
        stale = []
        for row in existing:
            if row.source == Source.MANUAL:
                continue
            row_key = key(row.term)
            if row_key in wanted and row_key not in manual_keys and row_key not in kept:
                kept.add(row_key)
                exact.add(row.term)
                if row.source != wanted[row_key][1]:
                    row.source = wanted[row_key][1]
                    row.save(update_fields=["source"])
            else:
                stale.append(row.pk)
        ProtectedTerm.objects.filter(pk__in=stale).delete()
        ProtectedTerm.objects.bulk_create(
            ProtectedTerm(case=case, term=term, source=source)
            for row_key, (term, source) in wanted.items()
            if row_key not in kept and row_key not in manual_keys and term not in exact
        )


def terms_for_referral(referral) -> list[ProtectedTerm]:
    """The terms one referral gives, as a case would hold them, unsaved: for what is written
    to its referrer or family (issue 17 §4), which must not identify the child either."""
    # The same term twice gives its variants once (matching.Index keeps the first).
    return [ProtectedTerm(term=term, source=source) for term, source in _wanted_for_referrals([referral.pk])]


def terms_for(publication: Publication) -> list[ProtectedTerm]:
    """Every term the publication is checked against: its case's and its own."""
    return terms_for_all([publication])


def terms_for_all(publications) -> list[ProtectedTerm]:
    """Every term of several publications (their cases' and their own), in one query."""
    publications = list(publications)
    cases = [publication.case_id for publication in publications if publication.case_id]
    held = ProtectedTerm.objects.filter(Q(publication__in=publications) | Q(case_id__in=cases))
    return list(held.order_by("pk"))


# --- What each term is looked for as (variants.py). ---


def kind_of(term: ProtectedTerm) -> str:
    """What a term is, for the ways it is written: from its source, or as the coordinator who
    typed it said."""
    return SOURCE_KINDS.get(term.source) or term.kind or Kind.OTHER


def specs(term: ProtectedTerm) -> list[variants.Spec]:
    """Every way the term is looked for. A term typed by hand is split and varied exactly as one
    taken from a referral (a name's parts are looked for too)."""
    text = term.term
    kind = kind_of(term)
    day = variants.as_date(text)
    if day is not None:
        return variants.date_specs(day)
    if variants.POSTCODE_RE.fullmatch(text):
        return variants.address_specs(text)
    if kind == Kind.NAME:
        return variants.name_specs(text, with_parts=term.source == Source.MANUAL)
    if kind == Kind.ADDRESS:
        return variants.address_specs(text)
    if kind == Kind.SCHOOL:
        return variants.school_specs(text)
    return variants.other_specs(text)
