"""The ways a protected term is written (issue 14 §3): what the guard looks for, for each kind of
term. Every variant is folded and cut into words like the text it is looked for in
(normalise.tokens), so punctuation never matters: 27/03/2019, 27-03-2019 and 27.03.2019 are one
variant, and so are "St." and "St", "O'Brien" and "O Brien".

- a name: as written; joined (JaneSmith); first and last name alone (of Jane Marie Smith); the
  initial with the surname (J Smith, J. Smith); apostrophes and hyphens left out (OBrien,
  SmithJones). A single word that is also an ordinary English word (Will, May, White, Hope) is
  looked for only where it is written with a capital, and a month's name (May, June) not beside a
  number (in May 2020, 3 May): the lower-case word and the month stay usable; a name is also
  looked for with an s at its end (the Smiths);
- a date: every numeric order the UK writes (day month year, with and without leading zeros,
  two- or four-digit year, the ISO order, the US order where it cannot be another date), with
  and without separators (27032019), and in words (27th of March 2019, March the 27th, 2019,
  the twenty-seventh of March 2019);
- an address line: as written, without its house or flat number, and with the street's type
  written both in full and short (Road/Rd, Avenue/Ave, Saint/St...); a postcode with and
  without its space;
- a school or setting: as written, Saint/St either way, without "School" at its end;
- anything else: as written, apostrophes and hyphens optional.
"""

import datetime
import functools
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from . import normalise

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_SHORT = {"September": ("Sep", "Sept")}

# The ordinals of 1 to 20 in words (dates.py reads them too).
ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]

# Street types and the short forms writers use; each is looked for both ways.
STREET_TYPES = {
    "road": ("rd",),
    "street": ("st",),
    "avenue": ("ave", "av"),
    "lane": ("ln",),
    "drive": ("dr",),
    "close": ("cl",),
    "court": ("ct",),
    "crescent": ("cres",),
    "place": ("pl",),
    "gardens": ("gdns",),
    "terrace": ("terr", "tce"),
    "square": ("sq",),
    "grove": ("gr",),
    "park": ("pk",),
    "mount": ("mt",),
    "parade": ("pde",),
    "walk": ("wlk",),
}
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "floor", "block", "suite", "maisonette"})
_SCHOOL_ENDINGS = frozenset({"school", "academy"})

POSTCODE_RE = re.compile(r"\s*([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\s*", re.IGNORECASE)
_APOSTROPHES_RE = re.compile(r"['\u2019\u2018\u02bc`]")
_NUMBERISH_RE = re.compile(r"^\d+[a-z]?$|^\d+(st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class Spec:
    """One variant as written, and how it must appear to count."""

    text: str
    capital: bool = False  # only where its first word has a capital letter
    not_beside_number: bool = False  # not with a number before or after it (a month)
    plural: bool = False  # also with an s at its end (a family's name: "the Smiths")


@functools.cache
def ordinary_words() -> frozenset[str]:
    """English words written in lower case (SCOWL, as Debian's wbritish ships it; see
    data/ordinary_words.COPYRIGHT): a name that is one of them is also an everyday word."""
    path = Path(__file__).with_name("data") / "ordinary_words.txt"
    return frozenset(path.read_text(encoding="ascii").split())


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _ordinal_words(day: int) -> list[str]:
    if day <= 20:
        return [ORDINAL_WORDS[day - 1]]
    tens = {2: "twenty", 3: "thirty"}[day // 10]
    if day % 10 == 0:
        return [{20: "twentieth", 30: "thirtieth"}[day]]
    unit = ORDINAL_WORDS[day % 10 - 1]
    return [f"{tens} {unit}", f"{tens}{unit}"]


def date_specs(day: datetime.date) -> list[Spec]:
    d, m, y = day.day, day.month, day.year
    yy = f"{y % 100:02d}"
    days = [str(d), f"{d:02d}"]
    months = [str(m), f"{m:02d}"]
    numeric = []
    for dd, mm in itertools.product(dict.fromkeys(days), dict.fromkeys(months)):
        numeric += [f"{dd}/{mm}/{y}", f"{dd}/{mm}/{yy}", f"{dd}{mm}{y}", f"{dd}{mm}{yy}"]
        if d > 12:  # the US order, only where it cannot be read as another date
            numeric += [f"{mm}/{dd}/{y}", f"{mm}/{dd}/{yy}"]
    numeric += [f"{y}-{m:02d}-{d:02d}", f"{y}-{m}-{d}", f"{y}{m:02d}{d:02d}"]
    month = MONTHS[m - 1]
    month_names = [month, *_MONTH_SHORT.get(month, (month[:3],))]
    day_words = [str(d), f"{d:02d}", _ordinal(d), *_ordinal_words(d)]
    worded = []
    for name, dw in itertools.product(month_names, day_words):
        worded += [f"{dw} {name} {y}", f"{dw} of {name} {y}", f"{name} {dw} {y}", f"{name} the {dw} {y}"]
    return [Spec(text) for text in dict.fromkeys(numeric + worded)]


def as_date(text: str) -> datetime.date | None:
    """A term that is a date (ISO, or day/month/year), else None."""
    text = text.strip()
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"):
        match = re.fullmatch(pattern, text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            try:
                return datetime.date(a, b, c) if a > 31 else datetime.date(c, b, a)
            except ValueError:
                return None
    return None


def _without_apostrophes_and_hyphens(text: str) -> list[str]:
    out = [text]
    if _APOSTROPHES_RE.search(text):
        out.append(_APOSTROPHES_RE.sub("", text))
    if re.search(r"\w[-\u2010\u2011]\w", text):
        out.append(re.sub(r"(?<=\w)[-\u2010\u2011](?=\w)", "", _APOSTROPHES_RE.sub("", text)))
    return out


def _word_spec(text: str) -> Spec:
    """A variant of a single word that may be an ordinary word or a month's name."""
    plain = _APOSTROPHES_RE.sub("", text).lower()
    month = any(plain == name.lower() for name in MONTHS)
    ordinary = plain in ordinary_words()
    return Spec(text, capital=ordinary or month, not_beside_number=month)


def name_specs(name: str, *, with_parts: bool = False) -> list[Spec]:
    """A person's name; with_parts: each part of 3 or more letters as well (a name typed by hand:
    the parts of derived names are terms of their own)."""
    words = [w for w in re.split(r"[\s\-\u2010\u2011]+", name.strip()) if w.strip(".,()\"'")]
    words = [w.strip('.,()"') for w in words]
    texts = _without_apostrophes_and_hyphens(name)
    if len(words) >= 2:
        first, last = words[0], words[-1]
        texts += ["".join(words), f"{first} {last}", f"{first}{last}", f"{first[0]} {last}"]
        texts += _without_apostrophes_and_hyphens(f"{first} {last}")[1:]
        texts += [f"{first[0]} {t}" for t in _without_apostrophes_and_hyphens(last)[1:]]
    specs = []
    for text in dict.fromkeys(texts):
        single = len(normalise.tokens(text)) == 1
        specs.append(_word_spec(text) if single else Spec(text))
    if with_parts and len(words) >= 2:
        from .terms import name_terms

        for part in name_terms(name)[1:]:
            specs += [_word_spec(text) for text in _without_apostrophes_and_hyphens(part)]
    return [replace(spec, plural=not spec.not_beside_number) for spec in specs]


def _street_forms(words: list[str]) -> list[list[str]]:
    """The words of an address line with each street type and Saint written every way."""
    choices = []
    for word in words:
        lower = word.lower().rstrip(".")
        if lower in STREET_TYPES:
            choices.append([word, *STREET_TYPES[lower]])
        elif lower == "st":  # Street or Saint
            choices.append([word, "street", "saint"])
        elif lower == "saint":
            choices.append([word, "st"])
        elif any(lower in shorts for shorts in STREET_TYPES.values()):
            full = next(full for full, shorts in STREET_TYPES.items() if lower in shorts)
            choices.append([word, full])
        else:
            choices.append([word])
    return [list(combo) for combo in itertools.islice(itertools.product(*choices), 32)]


def address_specs(line: str, *, street_alone: bool = True) -> list[Spec]:
    """street_alone: also the street without its house or flat number (for a case's own terms;
    not for the partnership register, where every "London Road" of every referral would block
    every publication)."""
    postcode = POSTCODE_RE.fullmatch(line)
    if postcode:
        outward, inward = (g.upper() for g in postcode.groups())
        return [Spec(f"{outward} {inward}"), Spec(f"{outward}{inward}")]
    words = [w for w in re.split(r"[\s,]+", line.strip()) if w]
    forms = _street_forms(words)
    texts = [" ".join(form) for form in forms]
    # Without the house or flat number ("12 Acacia Avenue": "Acacia Avenue"; "Flat 3, Rose
    # Court": "Rose Court"), where a street name is left.
    rest = list(words)
    while rest and (rest[0].lower() in _UNIT_WORDS or _NUMBERISH_RE.match(rest[0])):
        rest = rest[1:]
    if street_alone and rest and rest != words and any(len(w) >= 3 for w in rest):
        texts += [" ".join(form) for form in _street_forms(rest)]
    out = []
    for text in dict.fromkeys(texts):
        out += [Spec(t) for t in _without_apostrophes_and_hyphens(text)]
    return list(dict.fromkeys(out))


def school_specs(name: str) -> list[Spec]:
    words = name.split()
    texts = [" ".join(form) for form in _street_forms(words)]
    if len(words) >= 3 and words[-1].lower() in _SCHOOL_ENDINGS:
        texts += [" ".join(form) for form in _street_forms(words[:-1])]
    out = []
    for text in dict.fromkeys(texts):
        out += [Spec(t) for t in _without_apostrophes_and_hyphens(text)]
    return list(dict.fromkeys(out))


def other_specs(text: str) -> list[Spec]:
    specs = [Spec(t) for t in _without_apostrophes_and_hyphens(text)]
    if len(normalise.tokens(text)) == 1:
        specs = [_word_spec(spec.text) for spec in specs]
    return specs
