"""How the guard reads text (issue 14 §3): both the protected terms and the text checked go
through the same folding, so how a text is written cannot hide a term in it.

Each character is folded on its own (and the result kept, so a long text costs one dictionary
look-up a character):
- compatibility decomposition (NFKD: mathematical, full-width and circled letters become plain
  ones, ligatures their letters), then every combining mark dropped (Zoë is Zoe);
- every default-ignorable and bidirectional control character removed, by Unicode property
  (zero-width spaces and joiners, soft hyphens, variation selectors, the direction overrides);
- case folded, then mapped to its confusable skeleton per Unicode TR39 (Cyrillic а, Greek ο and
  the digit 0 in a word read as the Latin letters they look like), from the Unicode
  consortium's confusables data as the confusable_homoglyphs package carries it. A capital whose
  lower case has no Latin lookalike (Cyrillic Н) is mapped from the capital instead (Н is H).

Then the text is cut into words ("tokens": runs of letters and digits), each remembered with its
place in the original, whether it began with a capital, and what separated it from the word
before: a space (or punctuation), an apostrophe, or "~" where the two may be one word (a word
hyphenated across a line end: Smi-/th)."""

import functools
import json
import os
import unicodedata
from dataclasses import dataclass

import regex

# Removed wherever they are: they change nothing a reader sees.
_INVISIBLE_RE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]+")
# A word: letters, digits and marks (after folding the marks are gone).
_TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+")
_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u2032`")
# A hyphen at a line end between two parts of what may be one word.
_LINE_END_HYPHEN_RE = regex.compile(r"[-\u2010\u2011][ \t]*\r?\n\s*")


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype (TR39's confusables.txt: source -> prototype).

    The package stores each line of confusables.txt both ways round; the direction is told apart
    as the file guarantees it: a prototype is never itself a source, so a character listed with
    more than one lookalike, or with a lookalike of several characters, is a prototype, and a
    source has exactly one entry, its prototype. For the few pairs that name only each other,
    the ASCII one (or else the lower code point) is the prototype."""
    import confusable_homoglyphs

    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as data:
        pairs: dict[str, list[dict]] = json.load(data)
    mapping: dict[str, str] = {}
    for char, entries in pairs.items():
        if len(char) != 1 or len(entries) != 1:
            continue
        other = entries[0]["c"].replace("\u200e", "").replace("\u200f", "")
        if not other or other == char:
            continue
        # Each names only the other: the ASCII one, else the lower code point, is the prototype.
        names_only_each_other = len(other) == 1 and len(pairs.get(other, ())) == 1
        if names_only_each_other and (char.isascii() or (not other.isascii() and ord(char) < ord(other))):
            continue
        mapping[char] = other
    return mapping


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character to its prototype, NFD again."""
    mapping = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(mapping.get(c, c) for c in decomposed))


# Letters that NFKD does not take apart and TR39 does not map to the letter a reader sees.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


# Beyond TR39, which maps Cyrillic м, т and н to the small capitals they look like: a reader
# reads a small capital as its letter, so the guard does too.
_SMALL_CAPITALS = str.maketrans(
    dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢʍ", "abcdefghijklmnoprstuvwyzm", strict=True))
)


@functools.lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character as the guard compares it ("" for an invisible one or a lone mark)."""
    if _INVISIBLE_RE.fullmatch(char):
        return ""
    out = []
    for plain in _strip_marks(char):
        folded = _strip_marks(skeleton(plain.casefold())).casefold()
        if not folded.isascii() and not plain.isascii():
            from_capital = _strip_marks(skeleton(plain)).casefold()
            folded = _strip_marks(skeleton(from_capital)).casefold()
        read = folded.translate(_SMALL_CAPITALS)
        if read != folded:  # the letters read are folded as typed ones are
            read = _strip_marks(skeleton(read)).casefold()
        out.append(read)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text as the guard reads it: folded words, each with its span in the original text,
    whether it began with a capital, and the separator before it (" ", "'" for an apostrophe
    alone, "' " for one followed by a space, or "~"; seps has one more entry: what follows the
    last word, "'" or "")."""

    original: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    capital: tuple[bool, ...]
    seps: tuple[str, ...]

    def __len__(self):
        return len(self.words)

    def raw(self, index: int) -> str:
        start, end = self.spans[index]
        return self.original[start:end]


_BOUNDARY = "\x00"  # in the folded text: where two words may be one (never a word character)


def tokens(original: str) -> Tokens:
    """Cut a text into folded words, keeping each word's place in the original. An invisible
    character between letters, and a capital straight after a small letter (JaneSmith), are
    places where the words on either side are read both as one word and as two."""
    folded_chars: list[str] = []
    origin: list[int] = []  # for each folded character, the index of the original it came from
    previous = ""
    for index, char in enumerate(original):
        folded = fold_char(char)
        if not folded or (previous.islower() and (char.isupper() or char.istitle())):
            folded_chars.append(_BOUNDARY)
            origin.append(index)
        for piece in folded:
            folded_chars.append(piece)
            origin.append(index)
        if folded:
            previous = char
    folded = "".join(folded_chars)
    words, spans, capital, seps = [], [], [], []
    previous_end = None  # in the folded text
    for match in _TOKEN_RE.finditer(folded):
        start, end = match.span()
        original_start, original_end = origin[start], origin[end - 1] + 1
        if previous_end is None:
            seps.append(" ")
        else:
            gap = folded[previous_end:start]
            original_gap = original[origin[previous_end - 1] + 1 : original_start]
            seps.append(_separator(gap, original_gap))
        words.append(match.group())
        spans.append((original_start, original_end))
        first = original[original_start]
        capital.append(first.isupper() or first.istitle())
        previous_end = end
    trailing = ""
    if previous_end is not None:
        after = original[origin[previous_end - 1] + 1 : origin[previous_end - 1] + 2]
        trailing = "'" if after in _APOSTROPHES else ""
    seps.append(trailing)
    return Tokens(original, tuple(words), tuple(spans), tuple(capital), tuple(seps))


def _separator(gap: str, original_gap: str) -> str:
    if not gap.strip(_BOUNDARY):
        return "~"  # only invisible characters, or a change of case inside a word
    if original_gap[:1] in _APOSTROPHES:
        return "'" if len(original_gap) == 1 else "' "  # O'Brien, Jane's; the Janes' house
    if _LINE_END_HYPHEN_RE.fullmatch(_INVISIBLE_RE.sub("", original_gap)):
        return "~"
    return " "


def key(text: str) -> str:
    """The form in which two terms are the same: folded words joined by single spaces."""
    return " ".join(tokens(text).words)
