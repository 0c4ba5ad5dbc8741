"""The anonymisation guard (issue 6 §2): nothing is published while a protected term appears in
it. check_publication looks in every public field, each section's heading and text, the slug,
the uploaded file's name, and the metadata, bookmarks, comments and text of every PDF that
would be published, page by page.

Matching: case- and accent-insensitive (Zoë is Zoe), whole words only (Janet is not Jane) with
possessives (Jane's, Janes'), hyphens and punctuation counted as spaces (Jane-Marie has Jane;
"12 Acacia Avenue, Croydon" is "12 Acacia Avenue Croydon"), any run of spaces or new lines
between the words of a term (text split across lines in a PDF), and a word hyphenated across a
line end (Smi-/th) or broken by an invisible character counted both as one word and as two.

The text is normalised once into words joined by single spaces, with a map back to the original
for the context shown; all terms are looked for with one compiled expression. A Hit names where
the term is and shows it in its context; the term appears nowhere else (not in the location, not
in a log)."""

import bisect
import hashlib
import io
import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.text import slugify

from ..models import ProtectedTerm, Publication
from . import terms as terms_module

NO_TEXT = "The uploaded PDF has no text that can be checked (is it a scan?). Upload a PDF with real text."
UNREADABLE = "The PDF could not be read, so it cannot be checked. Upload a PDF that opens without a password."

# The public fields, as the coordinator sees them.
FIELD_LABELS = (
    ("title", "Title"),
    ("pseudonym", "Pseudonym"),
    ("summary", "Summary"),
    ("learning", "Learning includes"),
    ("recommendations", "Recommendations"),
    ("methodology", "Methodology"),
    ("mode_reason", "Why the full report is not published"),
)
PDF_LABELS = {"report": "Full report PDF", "briefing": "Briefing PDF", "upload": "Uploaded report PDF"}
METADATA_FIELDS = (
    ("/Title", "title"),
    ("/Author", "author"),
    ("/Subject", "subject"),
    ("/Keywords", "keywords"),
    ("/Creator", "creator"),
    ("/Producer", "producer"),
)

MISSING = "A PDF to be published is missing from storage, so it cannot be checked. Make it again."

CONTEXT_CHARS = 40


class GuardError(Exception):
    """A PDF that cannot be checked (no extractable text, unreadable): refuse it."""


@dataclass(frozen=True)
class Hit:
    location: str  # where: "Summary", "Section 2 text", "Full report PDF, page 3"
    context: str  # up to ~40 characters either side, the term in [brackets]
    source: str  # the term's source label ("Child's name")
    term_id: int
    # The context in three parts, for pages that highlight the term (<mark>).
    before: str = ""
    found: str = ""
    after: str = ""


# --- Normalising text. ---

# A word: letters and digits, with any combining accents that follow them.
_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u2032`")
# Between two parts of one word that may or may not be one word: a hyphen at a line end, a soft
# hyphen, an invisible character.
_MAYBE_JOINED_RE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]+|[-\u2010\u2011\u00ad][ \t]*\r?\n\s*")
_SPACES_RE = re.compile(r"\s+")


class Normalised:
    """A text as words (folded) joined by " ", "'" (an apostrophe right after a word) or "~"
    (maybe one word), with each word's place in the original."""

    __slots__ = ("lengths", "original", "spans", "starts", "text")

    def __init__(self, original: str):
        self.original = original
        pieces: list[str] = []
        starts: list[int] = []
        lengths: list[int] = []
        spans: list[tuple[int, int]] = []
        length = 0
        previous_end = None
        fold = terms_module.fold
        for match in _TOKEN_RE.finditer(original):
            word = fold(match.group())
            if not word:  # only accents, on their own: part of the space around them
                continue
            start, end = match.span()
            if previous_end is not None:
                separator = _separator(original[previous_end:start])
                pieces.append(separator)
                length += len(separator)
            starts.append(length)
            lengths.append(len(word))
            spans.append((start, end))
            pieces.append(word)
            length += len(word)
            previous_end = end
        if previous_end is not None and original[previous_end : previous_end + 1] in _APOSTROPHES:
            pieces.append("'")
        self.text = "".join(pieces)
        self.starts = starts
        self.lengths = lengths
        self.spans = spans

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text of a normalised span, widened to whole words except where a word
        has as many letters folded as written ("Janes" of "Janes'": "Jane")."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, max(start, end - 1)) - 1, 0)
        last_start, last_end = self.spans[last]
        inside = end - self.starts[last]
        if inside < self.lengths[last] and last_end - last_start == self.lengths[last]:
            last_end = last_start + inside
        return self.spans[first][0], last_end


def _separator(gap: str) -> str:
    if gap[0] in _APOSTROPHES:
        return "'" if len(gap) == 1 else "' "
    if _MAYBE_JOINED_RE.fullmatch(gap):
        return "~"
    return " "


def normalise(text: str) -> str:
    return Normalised(text).text


# --- Matching. ---


def _pattern(variant: str) -> str:
    """A normalised variant as a pattern: "~" (maybe joined) allowed inside a word, and
    between words as well as a space."""
    out = []
    for i, char in enumerate(variant):
        if i and variant[i - 1] not in " '" and char not in " '":
            out.append("~?")
        out.append("[ ~]" if char == " " else re.escape(char))
    return "".join(out)


def _lookup_key(text: str) -> str:
    return text.replace("~", "").replace(" ", "")


class Matcher:
    """Every variant of every term, compiled into one expression."""

    def __init__(self, terms: list[ProtectedTerm], *, slug: bool = False):
        self.terms: dict[str, ProtectedTerm] = {}
        variants: dict[str, ProtectedTerm] = {}
        for term in terms:
            for variant in terms_module.variants(term):
                # In the slug, a term is also looked for as Django would slugify it.
                forms = [variant, slugify(variant).replace("-", " ")] if slug else [variant]
                for form in forms:
                    normalised = normalise(form).strip("'")
                    if normalised:
                        variants.setdefault(normalised, term)
                        self.terms.setdefault(_lookup_key(normalised), term)
        self.regex = None
        if variants:
            # Longest first: "Jane Smith" is one hit, not a hit on "Jane".
            body = "|".join(_pattern(v) for v in sorted(variants, key=lambda v: (-len(v), v)))
            self.regex = re.compile(rf"(?<![\w'])(?P<t>{body})(?:'s|s'|')?(?![\w'])")

    def find(self, text: str, location: str) -> list[Hit]:
        if self.regex is None or not text:
            return []
        normalised = Normalised(text)
        hits = []
        for match in self.regex.finditer(normalised.text):
            term = self.terms.get(_lookup_key(match.group("t")))
            if term is None:  # pragma: no cover - every alternative is in the lookup
                continue
            # The term itself is marked; a possessive after it stays in the context.
            start, end = normalised.original_span(*match.span("t"))
            hits.append(_hit(text, start, end, location, term))
        return hits


def _hit(text: str, start: int, end: int, location: str, term: ProtectedTerm) -> Hit:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    before = _SPACES_RE.sub(" ", before)
    after = _SPACES_RE.sub(" ", after)
    if start > CONTEXT_CHARS:
        before = "…" + (before.split(" ", 1)[1] if " " in before.strip() else before).lstrip()
    if end + CONTEXT_CHARS < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after.strip() else after).rstrip() + "…"
    found = _SPACES_RE.sub(" ", text[start:end])
    return Hit(
        location=location,
        context=f"{before}[{found}]{after}",
        source=term.get_source_display(),
        term_id=term.pk,
        before=before,
        found=found,
        after=after,
    )


# --- PDFs. ---


@dataclass(frozen=True)
class PdfText:
    metadata: tuple[tuple[str, str], ...]  # (what, text): ("title", ...), ("XMP", ...), ("bookmarks", ...)
    pages: tuple[str, ...]
    comments: tuple[tuple[int, str], ...]  # (page number, text of an annotation)


# pypdf takes tens of milliseconds a page; the same PDF is often checked twice in a row (the
# publish page, then publishing). The last few texts are kept in this process's memory only,
# keyed by the PDF's digest (never in a shared cache: the text may identify someone).
_READ_CACHE: "OrderedDict[bytes, PdfText]" = OrderedDict()
_READ_CACHE_SIZE = 8
_READ_CACHE_LOCK = threading.Lock()


def read_pdf(data: bytes) -> PdfText:
    """The text of a PDF that the guard checks. GuardError when it cannot be read or has no text
    at all (a scan): what cannot be read cannot be checked."""
    digest = hashlib.sha256(data).digest()
    with _READ_CACHE_LOCK:
        if digest in _READ_CACHE:
            _READ_CACHE.move_to_end(digest)
            return _READ_CACHE[digest]
    pdf = _read_pdf(data)
    with _READ_CACHE_LOCK:
        _READ_CACHE[digest] = pdf
        while len(_READ_CACHE) > _READ_CACHE_SIZE:
            _READ_CACHE.popitem(last=False)
    return pdf


def _read_pdf(data: bytes) -> PdfText:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise GuardError(UNREADABLE)
            metadata = _metadata(reader)
            pages, comments = [], []
            for number, page in enumerate(reader.pages, start=1):
                pages.append(page.extract_text() or "")
                comments += [(number, text) for text in _annotations(page)]
        except GuardError:
            raise
        except Exception as error:  # pypdf raises many kinds on a damaged or odd file
            raise GuardError(UNREADABLE) from error
    if not any(page.strip() for page in pages):
        raise GuardError(NO_TEXT)
    return PdfText(metadata=tuple(metadata), pages=tuple(pages), comments=tuple(comments))


def _metadata(reader) -> list[tuple[str, str]]:
    found = []
    info = reader.metadata or {}
    for key, label in METADATA_FIELDS:
        value = info.get(key)
        if value is not None:
            found.append((label, str(value.get_object() if hasattr(value, "get_object") else value)))
    root = reader.trailer["/Root"].get_object()
    if "/Metadata" in root:
        xml = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
        found.append(("XMP", re.sub(r"<[^>]*>", " ", xml)))
    titles = []
    _outline_titles(reader.outline, titles)
    if titles:
        found.append(("bookmarks", "\n".join(titles)))
    return found


def _outline_titles(outline, titles: list[str]) -> None:
    for item in outline:
        if isinstance(item, list):
            _outline_titles(item, titles)
        else:
            titles.append(str(item.title or ""))


def _annotations(page) -> list[str]:
    texts = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        for key in ("/Contents", "/T", "/TU"):
            if annotation.get(key):
                texts.append(str(annotation[key]))
    return texts


def check_pdf(data: bytes, label: str, matcher: Matcher) -> list[Hit]:
    """Every hit in one PDF, located by its label ("Full report PDF") and page."""
    pdf = read_pdf(data)
    hits = []
    for what, text in pdf.metadata:
        hits += matcher.find(text, f"{label} metadata ({what})")
    for number, text in enumerate(pdf.pages, start=1):
        hits += matcher.find(text, f"{label}, page {number}")
    for number, text in pdf.comments:
        hits += matcher.find(text, f"{label}, page {number} (comment)")
    return hits


# --- Publications. ---


def _default_pdfs(publication: Publication) -> dict[str, bytes]:
    """What would be published: the current render of each kind, and the uploaded report."""
    from ..rendering import selectors

    pdfs = {}
    try:
        for kind in selectors.needed_kinds(publication):
            render = selectors.current_render(publication, kind)
            if render is not None and render.file:
                pdfs[kind] = selectors.render_bytes(render)
        if publication.report_source == Publication.ReportSource.UPLOAD and publication.report_upload:
            with publication.report_upload.open("rb") as upload:
                pdfs["upload"] = upload.read()
    except OSError as error:  # a file gone from storage: what cannot be read cannot be checked
        raise GuardError(MISSING) from error
    return pdfs


def check_fields(publication: Publication, matcher: Matcher, slug_matcher: Matcher) -> list[Hit]:
    hits = []
    for field, label in FIELD_LABELS:
        hits += matcher.find(getattr(publication, field) or "", label)
    for number, section in enumerate(publication.sections.all(), start=1):
        hits += matcher.find(section.heading, f"Section {number} heading")
        hits += matcher.find(section.body, f"Section {number} text")
    hits += slug_matcher.find(publication.slug, "Slug")
    name = publication.report_upload_name or ""
    seen = set()
    # "JaneSmith-final.pdf" is looked at as "Jane Smith final pdf" too.
    for text in dict.fromkeys([name, re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)]):
        for hit in slug_matcher.find(text, "Uploaded file name"):
            if hit.term_id not in seen:
                seen.add(hit.term_id)
                hits.append(hit)
    return hits


def check_publication(publication: Publication, *, pdfs: dict[str, bytes] | None = None) -> list[Hit]:
    """Every place a protected term appears in what this publication would publish. pdfs: kind
    -> PDF bytes to check ("report", "briefing", "upload"); by default the current renders and
    the uploaded report. GuardError when a PDF cannot be checked."""
    held = terms_module.terms_for(publication)
    matcher = Matcher(held)
    slug_matcher = Matcher(held, slug=True)
    hits = check_fields(publication, matcher, slug_matcher)
    if pdfs is None:
        pdfs = _default_pdfs(publication)
    for kind, data in pdfs.items():
        hits += check_pdf(data, PDF_LABELS.get(kind, f"{kind.capitalize()} PDF"), matcher)
    return hits


def check_pdf_for(publication: Publication, data: bytes, label: str = PDF_LABELS["upload"]) -> list[Hit]:
    """One PDF (an upload, before it is kept) against the publication's terms."""
    return check_pdf(data, label, Matcher(terms_module.terms_for(publication)))
