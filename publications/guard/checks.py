"""The anonymisation guard (issue 6 §2): nothing is published while a protected term appears in
it. check_publication looks in every public field, each section's heading and text, the slug,
the uploaded file's name, and the metadata, bookmarks, comments and text of every PDF that
would be published, page by page.

Matching (normalise.py, variants.py, matching.py): both the terms and the text are folded the
same way (compatibility forms, accents, case, invisible characters, Unicode lookalikes), cut
into words, and the text is read once against one index of every variant of every term: whole
words only (Janet is not Jane) with possessives (Jane's, Janes'), punctuation and line breaks
counted as spaces, a word split by a line-end hyphen, an invisible character or a change of
case read both as one word and as two.

A Hit names where the term is and shows it in its context; the term appears nowhere else (not
in the location, not in a log)."""

import dataclasses
import hashlib
import io
import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass

from ..models import ProtectedTerm, Publication, RegisterEntry
from . import matching, normalise
from . import register as register_module
from . import terms as terms_module

NO_TEXT = "The PDF has no text that can be checked, so it cannot be published. Make it again."
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
_SPACES_RE = re.compile(r"\s+")


# Moved on whenever what the guard finds could change for the same text and terms (the folding,
# the variants, the matching): the live content is then re-checked (live.py).
MATCHER_VERSION = 2


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
    entry_id: int | None = None  # a partnership register entry's (term_id is then 0)
    at: int = 0  # where in the text it starts
    # Keyed hashes (never the words): of what was found ("term:..." or "register:..."), and of it
    # with the five words either side in the same text, which a coordinator's "not identifying"
    # mark covers (issue 14 §4; exceptions.py).
    what: str = ""
    window: str = ""

    @property
    def identity(self) -> tuple:
        """Which term it is a hit on: a protected term, or a register entry."""
        return (self.term_id, self.entry_id)

    @property
    def key(self) -> tuple[str, str]:
        return (self.what, self.window)


# --- Matching (normalise.py folds and cuts the text, matching.py finds the terms). ---


class Matcher:
    """Every variant of every term in one index (matching.Index), and, with register=True, the
    partnership register (register.RegisterMatcher): what every publication is checked
    against, with or without a case."""

    def __init__(self, terms: list[ProtectedTerm], *, register: bool = False):
        self.index = matching.Index()
        for term in terms:
            for spec in terms_module.specs(term):
                self.index.add(matching.variant_of(spec, term))
        self.register = register_module.RegisterMatcher() if register else None

    def _near(self) -> matching.NearIndex:
        if getattr(self, "_near_index", None) is None:
            self._near_index = matching.NearIndex(self.index)
        return self._near_index

    def find(self, text: str, location: str, *, any_case: bool = False) -> list[Hit]:
        """any_case: for a slug or a file name, where nothing is capitalised."""
        return self.find_many([Place(text, location, any_case)])

    def find_many(self, places: list["Place"]) -> list[Hit]:
        """Every hit in several texts, in their order: the register is asked once for them all
        (one query for every few thousand runs of words), never once a text."""
        places = [place for place in places if place.text]
        if not places or not (self.index or self.register):
            return []
        cut = [normalise.tokens(place.text) for place in places]
        ocr = [place.ocr for place in places]
        in_register = self.register.find_many(cut, ocr) if self.register else [[] for _ in cut]
        hits = []
        for place, words, registered in zip(places, cut, in_register, strict=True):
            found, covered = [], set()
            matches = self.index.find(words, any_case=place.any_case)
            if place.ocr and self.index:
                taken = {i for match in matches for i in range(match.start, match.end)}
                matches = sorted(matches + self._near().find(words, taken=taken), key=lambda m: m.start)
            for match in matches:
                start, end = words.spans[match.start][0], words.spans[match.end - 1][1]
                hit = _hit(place.text, start, end, place.location, match.variant.holder)
                found.append(_keyed(hit, "term", words, match.start, match.end))
                covered.update(range(match.start, match.end))
            for match in registered:
                if covered.intersection(range(match.start, match.end)):
                    continue  # the case's own term, found already
                start, end = words.spans[match.start][0], words.spans[match.end - 1][1]
                hit = _register_hit(place.text, start, end, place.location, match)
                found.append(_keyed(hit, "register", words, match.start, match.end))
            hits += sorted(found, key=lambda hit: hit.at)
        return hits


@dataclass(frozen=True)
class Place:
    """A text to check and where it is ("Summary", "Full report PDF, page 3")."""

    text: str
    location: str
    any_case: bool = False  # a slug or a file name: never capitalised
    ocr: bool = False  # read by OCR: a term of five letters or more may have one letter misread


WINDOW_WORDS = 5  # either side of a hit, for a "not identifying" mark


def _keyed(hit: Hit, kind: str, words: normalise.Tokens, start: int, end: int) -> Hit:
    """The hit with the keyed hashes of what was found and of its window of words."""
    found = words.words[start:end]
    window = words.words[max(0, start - WINDOW_WORDS) : end + WINDOW_WORDS]
    what = f"{kind}:{register_module.digest(found).hex()}"
    return dataclasses.replace(hit, what=what, window=register_module.digest((kind, *window)).hex())


def _register_hit(text: str, start: int, end: int, location: str, found) -> Hit:
    label = RegisterEntry.Source(found.source).label
    return _hit(text, start, end, location, None, source=f"{label}, in the partnership register", entry=found)


def _hit(text: str, start: int, end: int, location: str, term, *, source: str = "", entry=None) -> Hit:
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
        source=source or term.get_source_display(),
        term_id=term.pk if term is not None else 0,
        before=before,
        found=found,
        after=after,
        entry_id=entry.entry_id if entry is not None else None,
        at=start,
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
    """The text of a PDF that the guard checks. GuardError when it cannot be read: what cannot
    be read cannot be checked."""
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


def pdf_places(data: bytes, label: str, *, pages: bool = True) -> list[Place]:
    """Every text of one PDF, located by its label ("Full report PDF") and page. pages=False:
    its metadata, bookmarks and comments only (an uploaded report's pages are read by layout
    and OCR instead: reading_places)."""
    pdf = read_pdf(data)
    places = [Place(text, f"{label} metadata ({what})") for what, text in pdf.metadata]
    if pages:
        if not any(page.strip() for page in pdf.pages):
            raise GuardError(NO_TEXT)  # a PDF we made always has text; without it, nothing is checked
        places += [Place(text, f"{label}, page {number}") for number, text in enumerate(pdf.pages, start=1)]
    places += [Place(text, f"{label}, page {number} (comment)") for number, text in pdf.comments]
    return places


def reading_places(reading, label: str) -> list[Place]:
    """An uploaded report as it was read (uploads/reading.py): each page's text by layout
    (hidden text included) and by OCR, which may misread a letter (ocr=True), and its tags."""
    places = [Place(reading.tags, f"{label}, alternative text")] if reading.tags else []
    for page in reading.pages.all():
        places.append(Place(page.text, f"{label}, page {page.number}"))
        places.append(Place(page.ocr_text, f"{label}, page {page.number} (as OCR reads it)", ocr=True))
    return places


def _upload_reading_places(publication: Publication) -> list[Place]:
    """The reading of the current upload; GuardError until it is done."""
    from ..uploads import services as uploads

    if not uploads.is_uploaded(publication):
        return []
    reading = uploads.current_reading(publication)
    if reading is None or reading.state != reading.State.DONE:
        raise GuardError(uploads.refusal(publication))
    return reading_places(reading, PDF_LABELS["report"])


def check_pdf(data: bytes, label: str, matcher: Matcher) -> list[Hit]:
    """Every hit in one PDF."""
    return matcher.find_many(pdf_places(data, label))


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
    except OSError as error:  # a file gone from storage: what cannot be read cannot be checked
        raise GuardError(MISSING) from error
    return pdfs


def field_places(publication: Publication) -> list[Place]:
    """Every public text of a publication but its PDFs."""
    places = [Place(getattr(publication, field) or "", label) for field, label in FIELD_LABELS]
    for number, section in enumerate(publication.sections.all(), start=1):
        places += [
            Place(section.heading, f"Section {number} heading"),
            Place(section.body, f"Section {number} text"),
        ]
    # "JaneSmith-final.pdf" holds Jane Smith (a change of case may start a word).
    places += [
        Place(publication.slug, "Slug", any_case=True),
        Place(publication.report_upload_name or "", "Uploaded file name", any_case=True),
    ]
    return places


def check_fields(publication: Publication, matcher: Matcher) -> list[Hit]:
    return _once_in_file_name(matcher.find_many(field_places(publication)))


def _once_in_file_name(hits: list[Hit]) -> list[Hit]:
    seen, kept = set(), []
    for hit in hits:
        if hit.location == "Uploaded file name":
            if hit.identity in seen:
                continue
            seen.add(hit.identity)
        kept.append(hit)
    return kept


def check_publication(publication: Publication, *, pdfs: dict[str, bytes] | None = None) -> list[Hit]:
    """Every place a protected term appears in what this publication would publish. pdfs: kind
    -> PDF bytes to check ("report", "briefing", "upload"); by default the current renders and
    the uploaded report. GuardError when a PDF cannot be checked."""
    matcher = Matcher(terms_module.terms_for(publication), register=True)
    places = field_places(publication)
    read_pages = []
    if pdfs is None:
        pdfs = _default_pdfs(publication)
        # An uploaded report's pages as it was read (never the upload as it came: what the
        # rebuild removes is not published, so does not block).
        read_pages = _upload_reading_places(publication)
    for kind, data in pdfs.items():
        label = PDF_LABELS.get(kind, f"{kind.capitalize()} PDF")
        places += pdf_places(data, label, pages=not (kind == "report" and read_pages))
    return _once_in_file_name(matcher.find_many(places + read_pages))


def check_pdf_for(publication: Publication, data: bytes, label: str = PDF_LABELS["upload"]) -> list[Hit]:
    """One PDF (an upload, before it is kept) against the publication's terms."""
    return check_pdf(data, label, Matcher(terms_module.terms_for(publication), register=True))


# --- Key messages and national learning links (issue 14 §1). ---

PUBLIC_TEXT_LABELS = {
    "keymessages": (("title", "Title"), ("body", "Key messages")),
    "nationallearninglink": (("title", "Title"), ("url", "Web address"), ("description", "Description")),
}


def check_public_text(item, *, live: bool = False) -> list[Hit]:
    """Every hit in the draft of a public text that is not a report (live: in the approved copy
    the public reads): against the partnership register, and, for key messages, the terms of
    every report they come from."""
    held: list[ProtectedTerm] = []
    if hasattr(item, "publications") and item.pk:
        held = terms_module.terms_for_all(item.publications.all())
    labels = PUBLIC_TEXT_LABELS[item._meta.model_name]
    prefix = "live_" if live else ""
    places = [
        Place(getattr(item, prefix + field) or "", label, any_case=field == "url") for field, label in labels
    ]
    return Matcher(held, register=True).find_many(places)


def check_theme(name: str, description: str) -> list[Hit]:
    """A theme's name and description (shown on the public site's filters) against the
    partnership register."""
    places = [Place(name or "", "Name"), Place(description or "", "Description")]
    return Matcher([], register=True).find_many(places)


def check_referral_text(referral, places: list[Place]) -> list[Hit]:
    """Text a referral's referrer or family will read (the decision's message to the referrer)
    against the referral's own terms: its children's names and other names, family members'
    names, dates of birth, death and due dates, addresses and schools, each in every way it is
    written. A Hit's `found` is shown to the staff who typed it, never logged or emailed."""
    return Matcher(terms_module.terms_for_referral(referral)).find_many(places)


def check(item, *, live: bool = False) -> list[Hit]:
    """The guard on anything the public can read: the one call every path makes (publishing a
    report, approving key messages or a link, saving a theme, the nightly re-check). live: for
    key messages and links, the approved copy the public reads rather than the draft."""
    if isinstance(item, Publication):
        return check_publication(item)
    if item._meta.label == "reviews.Theme":
        return check_theme(item.name, item.description)
    if item._meta.model_name in PUBLIC_TEXT_LABELS:
        return check_public_text(item, live=live)
    raise TypeError(f"The guard has no rule for {item._meta.label}")  # a new public model: add one
