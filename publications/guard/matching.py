"""Finding terms in a text (issue 14 §3): one index over every variant of every term, keyed by
the variant's first word, so a text is read once, word by word, whatever the number of terms (no
expression per term, no loop over terms).

Matching is on whole folded words (normalise.tokens): Janet is not Jane, and Jane's, Janes' and
Jane-Marie all hold Jane. Where the text may hold one word as two ("Smi-/th" at a line end, an
invisible character, JaneSmith) the parts are tried both joined and apart. At each word the
longest variant that matches wins (Jane Smith is one hit, not also a hit on Jane)."""

import re
from collections import defaultdict
from dataclasses import dataclass

from . import normalise
from .variants import Spec

_NUMBER_RE = re.compile(r"^\d+(st|nd|rd|th)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Variant:
    words: tuple[str, ...]
    holder: object  # what it is a variant of (a ProtectedTerm, a register entry)
    capital: bool = False
    not_beside_number: bool = False
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # first word's index
    end: int  # one past the last word's index
    variant: Variant


def variant_of(spec: Spec, holder) -> Variant | None:
    """A variant's words: where its text may be one word or two ("JaneSmith"), one word (the
    text side tries both)."""
    cut = normalise.tokens(spec.text)
    words: list[str] = []
    for word, sep in zip(cut.words, cut.seps, strict=False):
        if sep == "~" and words:
            words[-1] += word
        else:
            words.append(word)
    if not words:
        return None
    return Variant(tuple(words), holder, spec.capital, spec.not_beside_number, spec.plural)


class Index:
    """Variants keyed by their first word."""

    def __init__(self, variants=()):
        self.by_first: dict[str, list[Variant]] = defaultdict(list)
        self.seen: set[tuple] = set()
        self.longest = 0  # the longest first word of a variant
        for variant in variants:
            self.add(variant)

    def add(self, variant: Variant | None) -> None:
        if variant is None:
            return
        seen_key = (variant.words, variant.capital, variant.not_beside_number, variant.plural)
        if seen_key in self.seen:
            return  # the first term to give a variant keeps it
        self.seen.add(seen_key)
        self.by_first[variant.words[0]].append(variant)
        self.longest = max(self.longest, len(variant.words[0]))

    def __bool__(self):
        return bool(self.by_first)

    def find(self, text: normalise.Tokens, *, any_case: bool = False) -> list[Match]:
        """Every match, longest first at each word. any_case: a word looked for only where it
        has a capital is looked for in lower case too (a slug, a file name: never capitalised)."""

        def longest_at(i: int) -> Match | None:
            best = None
            for first in _starts(text, i, self.longest):
                candidates = self.by_first.get(first, [])
                if first.endswith("s"):  # "Janes'", "the Smiths": a plural of a one-word variant
                    candidates = candidates + self.by_first.get(first[:-1], [])
                for variant in candidates:
                    end = _match_at(text, i, variant.words, variant.plural)
                    if end is None or not _allowed(text, i, end, variant, any_case):
                        continue
                    if best is None or end > best.end:
                        best = Match(i, end, variant)
            return best

        return _each_longest(len(text), longest_at)


def _each_longest(count: int, longest_at) -> list[Match]:
    """Reading the words in order: the longest match starting at each word (longest_at), then
    on from its end, so matches never overlap."""
    found, i = [], 0
    while i < count:
        best = longest_at(i)
        if best is None:
            i += 1
        else:
            found.append(best)
            i = best.end
    return found


def _starts(text: normalise.Tokens, i: int, longest: int):
    """The word at i, and the words from i joined with the next ones where they may be one (up
    to the length of the longest first word of a variant)."""
    joined = text.words[i]
    yield joined
    j = i
    while j + 1 < len(text) and text.seps[j + 1] == "~" and len(joined) < longest:
        j += 1
        joined += text.words[j]
        yield joined


def _match_at(text: normalise.Tokens, i: int, words: tuple[str, ...], plural: bool = False) -> int | None:
    """The index one past the last text word when `words` start at i, else None. The last word
    may have an s after it in a possessive plural (Janes'), or in any plural if `plural`."""
    j = i
    count = len(text)
    for position, wanted in enumerate(words):
        if j >= count:
            return None
        last = position == len(words) - 1
        have = text.words[j]
        while have != wanted:
            # A possessive plural: "Janes'" holds Jane.
            if last and have == wanted + "s" and (plural or text.seps[j + 1].startswith("'")):
                break
            if len(have) >= len(wanted) or j + 1 >= count or text.seps[j + 1] != "~":
                return None
            if not wanted.startswith(have):
                return None
            j += 1
            have += text.words[j]
        j += 1
    return j


def _allowed(text: normalise.Tokens, start: int, end: int, variant: Variant, any_case: bool) -> bool:
    if variant.capital and not any_case and not text.capital[start]:
        return False
    if variant.not_beside_number:
        before = text.raw(start - 1) if start > 0 else ""
        after = text.raw(end) if end < len(text) else ""
        if _NUMBER_RE.match(before) or _NUMBER_RE.match(after):
            return False
    return True


# --- Text read by OCR: one letter may be misread (issue 15 §2) ---------------------------------

NEAR_MIN_LETTERS = 5  # a term this long or longer is found with one letter misread


def _letters(text: str) -> int:
    return len(text) - text.count(" ")


def deletions(text: str) -> set[str]:
    """The text and every way of dropping one of its letters: two texts one edit apart (a
    letter changed, added or dropped) share one of these."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text)) if text[i] != " "}


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


class NearIndex:
    """Every variant of five letters or more of an Index, by the deletions of its words."""

    def __init__(self, index: Index):
        self.by_deletion: dict[str, list[Variant]] = defaultdict(list)
        self.lengths: set[int] = set()
        for variants in index.by_first.values():
            for variant in variants:
                joined = " ".join(variant.words)
                if _letters(joined) >= NEAR_MIN_LETTERS:
                    self.lengths.add(len(variant.words))
                    for key in deletions(joined):
                        self.by_deletion[key].append(variant)

    def find(self, text: normalise.Tokens, *, taken: set[int]) -> list[Match]:
        """Matches one edit away from a variant, at words not `taken` by an exact match."""
        count = len(text)

        def longest_at(i: int) -> Match | None:
            for n in sorted(self.lengths, reverse=True):
                if i + n > count or taken.intersection(range(i, i + n)):
                    continue
                joined = " ".join(text.words[i : i + n])
                if _letters(joined) < NEAR_MIN_LETTERS - 1:
                    continue
                for key in deletions(joined):
                    for variant in self.by_deletion.get(key, ()):
                        if within_one_edit(joined, " ".join(variant.words)) and _allowed(
                            text, i, i + n, variant, False
                        ):
                            return Match(i, i + n, variant)
            return None

        return _each_longest(count, longest_at)
