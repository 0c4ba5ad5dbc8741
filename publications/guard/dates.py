"""Dates as they are written in a text (issue 14 §2): the partnership register cannot hold every
way of writing every date of tens of thousands of referrals, so the text's dates are read
instead and looked up as dates. Read on the words as written (their digits are not folded):
day month year in digits with any separators (27/03/2019, 27.3.19, 27 - 03 - 2019) or none
(27032019, 270319), the ISO order (2019-03-27, 20190327), the US order where it cannot be another
date (03/27/2019), and in words with or without ordinals (27th of March 2019, March the 27th,
2019, the twenty-seventh of March 2019, 27 Sept 2019)."""

import datetime
import re
import unicodedata

from . import normalise
from .variants import MONTHS, ORDINAL_WORDS

_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)})
_MONTHS["sept"] = 9
_ORDINALS = ORDINAL_WORDS[:19]  # first to nineteenth
_TENS = {"twenty": 20, "thirty": 30}
_DAY_RE = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_FILLERS = frozenset({"of", "the", "on"})


def _raw_words(text: normalise.Tokens) -> list[str]:
    return [unicodedata.normalize("NFKC", text.raw(i)).lower() for i in range(len(text))]


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _year(word: str) -> int | None:
    if re.fullmatch(r"\d{4}", word) and 1900 <= int(word) <= 2100:
        return int(word)
    if re.fullmatch(r"\d{2}", word):
        yy = int(word)
        return 2000 + yy if yy <= datetime.date.today().year % 100 + 1 else 1900 + yy
    return None


def _number(word: str, top: int) -> int | None:
    return int(word) if word.isdigit() and len(word) <= 2 and 1 <= int(word) <= top else None


def _day_words(words: list[str], i: int) -> tuple[int, int] | None:
    """(day, words used) for a day written as a number, an ordinal or ordinal words."""
    if i >= len(words):
        return None
    match = _DAY_RE.match(words[i])
    if match and 1 <= int(match.group(1)) <= 31:
        return int(match.group(1)), 1
    if words[i] in _ORDINALS:
        return _ORDINALS.index(words[i]) + 1, 1
    if words[i] in ("twentieth", "thirtieth"):
        return (20 if words[i] == "twentieth" else 30), 1
    for tens, value in _TENS.items():
        if words[i] == tens and i + 1 < len(words) and words[i + 1] in _ORDINALS[:9]:
            return value + _ORDINALS.index(words[i + 1]) + 1, 2
        if words[i].startswith(tens) and words[i][len(tens) :] in _ORDINALS[:9]:
            return value + _ORDINALS.index(words[i][len(tens) :]) + 1, 1
    return None


def _skip_fillers(words: list[str], i: int) -> int:
    while i < len(words) and words[i] in _FILLERS:
        i += 1
    return i


def _at(words: list[str], i: int) -> tuple[datetime.date, int] | None:
    """The date starting at word i and the index one past it, if one does."""
    word = words[i]
    # One word of digits: ddmmyyyy, yyyymmdd, ddmmyy.
    if word.isdigit() and len(word) in (6, 8):
        candidates = []
        if len(word) == 8:
            candidates += [
                (int(word[4:]), int(word[2:4]), int(word[:2])),
                (int(word[:4]), int(word[4:6]), int(word[6:])),
            ]
        else:
            year = _year(word[4:])
            candidates.append((year or 0, int(word[2:4]), int(word[:2])))
        for year, month, day in candidates:
            if 1900 <= year <= 2100 and (found := _date(year, month, day)):
                return found, i + 1
    # Digits: d m y, y m d, and m d y where the day cannot be a month.
    if i + 2 < len(words):
        a, b, c = words[i : i + 3]
        iso = re.fullmatch(r"\d{4}", a) and (month := _number(b, 12)) and (day := _number(c, 31))
        if iso and (found := _date(int(a), month, day)):
            return found, i + 3
        year = _year(c)
        if year and (first := _number(a, 31)) and (second := _number(b, 31)):
            if second <= 12 and (found := _date(year, second, first)):
                return found, i + 3
            if first <= 12 < second and (found := _date(year, first, second)):
                return found, i + 3
    # Words: day [of] month year.
    if day := _day_words(words, i):
        j = _skip_fillers(words, i + day[1])
        worded = j + 1 < len(words) and words[j] in _MONTHS and (year := _year(words[j + 1]))
        if worded and (found := _date(year, _MONTHS[words[j]], day[0])):
            return found, j + 2
    # Words: month [the] day year.
    if word in _MONTHS:
        j = _skip_fillers(words, i + 1)
        if day := _day_words(words, j):
            k = j + day[1]
            worded = k < len(words) and (year := _year(words[k]))
            if worded and (found := _date(year, _MONTHS[word], day[0])):
                return found, k + 1
    return None


def dates_in(text: normalise.Tokens) -> list[tuple[int, int, datetime.date]]:
    """(first word, one past the last, the date) for every date written in the text."""
    words = _raw_words(text)
    found, i = [], 0
    while i < len(words):
        match = _at(words, i)
        if match:
            found.append((i, match[1], match[0]))
            i = match[1]
        else:
            i += 1
    return found
