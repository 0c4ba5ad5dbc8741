"""The partnership register (issue 14 §2): the distinctive terms of every submitted referral,
which every publication is checked against, with or without a review case (a thematic review
names no case, and once named every family in it). What makes a term distinctive enough to
block every publication, among tens of thousands of referrals:

- full names, first and last together (never a first name or a surname alone: "Jane" or
  "Smith" would block every report), of the children, their other names of two words or more,
  the family members and the professionals named in the referral (the referrer, the agency's
  safeguarding lead, the agencies' contacts);
- address lines with their house number, and postcodes (never a street alone: "London Road");
- schools and settings.

The register is kept in step with the referral on every path (signals on the referral and the
rows under it, the Django admin included): each change rebuilds that referral's entries. Each
entry's variants (variants.py, as a case's own terms are varied) are stored only as keyed hashes
of their folded words; the text is kept beside them for the coordinators' register page until
the referral is erased, after which the hashes alone still catch the name (erase_referral).

Matching (RegisterMatcher): the text's runs of one to a few words are hashed the same way and
looked up in one query per few thousand runs, so the cost follows the text's length, not the
number of referrals."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from ..models import RegisterEntry, RegisterVariant
from . import dates, matching, normalise, terms, variants

Source = RegisterEntry.Source
NEAR_WORDS = 30  # a registered date counts this close to a registered name of its referral
_LOOKUP_CHUNK = 20000  # digests a query where the database sets no limit (PostgreSQL takes 65,535)


# --- Keyed hashes --------------------------------------------------------------------------


def _key() -> bytes:
    """The key of the register's hashes: CSCP_REGISTER_KEY, or one derived from SECRET_KEY.
    Changing it loses the erased entries (their text is gone): set it once and keep it."""
    configured = getattr(settings, "CSCP_REGISTER_KEY", "") or ""
    secret = configured or settings.SECRET_KEY
    return hashlib.blake2b(secret.encode(), digest_size=32, person=b"cscp-register").digest()


def digest(words: tuple[str, ...] | list[str], key: bytes | None = None) -> bytes:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16, key=key or _key()).digest()


# --- What a referral gives -----------------------------------------------------------------


# A professional is often named by their role ("Duty manager", "Jo Safeguarding-Lead" in a
# form's example): a "name" with one of these words is a role, not a person's name.
ROLE_WORDS = frozenset(
    [
        "duty",
        "manager",
        "team",
        "worker",
        "officer",
        "visitor",
        "nurse",
        "doctor",
        "social",
        "health",
        "lead",
        "head",
        "teacher",
        "designated",
        "safeguarding",
        "police",
        "constable",
        "sergeant",
        "detective",
        "practitioner",
        "gp",
        "midwife",
        "consultant",
        "paediatrician",
        "receptionist",
        "staff",
        "member",
        "call",
        "desk",
        "service",
        "services",
        "unit",
        "hub",
        "mash",
        "front",
        "door",
        "coordinator",
        "advisor",
        "adviser",
        "named",
        "practice",
        "school",
        "nursery",
        "hospital",
        "ward",
        "clinic",
        "agency",
        "council",
        "department",
        "on",
        "the",
        "of",
    ]
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "pc", "ds", "dc", "dci", "sgt", "rev"})


def _full_name(name: str, *, professional: bool = False) -> str | None:
    """A name of two words or more, placeholders ("Baby N", "Mother A"), non-answers and (for
    a professional) roles left out."""
    found = terms.name_terms(name or "")
    if not found or found[0] != terms._clean(name):
        return None
    words = terms.key(found[0]).split()
    while words and words[0] in _TITLES:
        words = words[1:]
    if len(words) < 2 or (professional and ROLE_WORDS.intersection(words)):
        return None
    return found[0]


def entries_for(referral) -> list[tuple[str, str, list[variants.Spec]]]:
    """(source, term, specs) for each distinctive term of a referral."""
    out: list[tuple[str, str, list[variants.Spec]]] = []

    def name(source, text):
        full = _full_name(text, professional=source == Source.PROFESSIONAL_NAME)
        if full:
            out.append((source, full, variants.name_specs(full)))

    for child in referral.children.all():
        name(Source.CHILD_NAME, child.full_name)
        for other in terms._OTHER_NAMES_SPLIT_RE.split(child.other_names or ""):
            name(Source.OTHER_NAME, other)
        _address(out, child.home_address)
        for school in terms.school_terms(child.school_or_setting):
            out.append((Source.SCHOOL, school, variants.school_specs(school)))
    for member in referral.family_members.all():
        name(Source.FAMILY_NAME, member.full_name)
        _address(out, member.address)
    for professional in (referral.referrer_name, referral.lead_name):
        name(Source.PROFESSIONAL_NAME, professional)
    for agency in referral.agencies_involved.all():
        name(Source.PROFESSIONAL_NAME, agency.contact_name)
    return out


def dates_for(referral) -> list[tuple[str, "datetime.date"]]:
    """(source, date) for each date of a referral that identifies someone beside their name."""
    found = []
    for child in referral.children.all():
        found.append((Source.DATE_OF_BIRTH, child.date_of_birth))
        found += [(Source.KEY_DATE, child.date_of_death), (Source.KEY_DATE, child.expected_due_date)]
    found += [(Source.DATE_OF_BIRTH, member.date_of_birth) for member in referral.family_members.all()]
    found += [(Source.KEY_DATE, referral.incident_date), (Source.KEY_DATE, referral.aware_date)]
    return list(dict.fromkeys((source, day) for source, day in found if day))


def _address(out: list, address: str) -> None:
    for line in terms.address_terms(address or ""):
        out.append((Source.ADDRESS, line, variants.address_specs(line, street_alone=False)))


# --- Keeping it in step --------------------------------------------------------------------


def _rebuild(referral_ids: list[int], key: bytes) -> int:
    """Rebuild these referrals' entries (none for a draft or a referral gone) in a few queries;
    erased entries are kept. Returns how many entries were made."""
    from referrals.models import Referral

    RegisterEntry.objects.filter(referral_id__in=referral_ids, erased_at=None).delete()
    referrals = (
        Referral.objects.submitted()
        .filter(pk__in=referral_ids)
        .prefetch_related("children", "family_members", "agencies_involved")
    )
    entries, variant_words = [], []
    for referral in referrals:
        for source, term, specs in entries_for(referral):
            entries.append(
                RegisterEntry(referral=referral, origin=referral.pk, source=source, term=term[:300])
            )
            variant_words.append({v.words for spec in specs if (v := matching.variant_of(spec, None))})
        for source, day in dates_for(referral):
            entries.append(
                RegisterEntry(
                    referral=referral, origin=referral.pk, source=source, term=day.isoformat(), on=day
                )
            )
            variant_words.append(set())  # a date is read from the text, not looked up by hash
    RegisterEntry.objects.bulk_create(entries, batch_size=2000)
    RegisterVariant.objects.bulk_create(
        (
            RegisterVariant(entry=entry, digest=digest(words, key), words=len(words))
            for entry, all_words in zip(entries, variant_words, strict=True)
            for words in all_words
        ),
        batch_size=5000,
    )
    return len(entries)


def sync_referral(referral_id: int) -> int:
    """Rebuild one referral's entries from what it holds now (none for a draft), and re-check
    what is already public against them soon. Returns how many entries it has."""
    from . import live

    with transaction.atomic():
        made = _rebuild([referral_id], _key())
        live.queue_recheck()
    return made


def rebuild(batch: int = 500) -> int:
    """Every submitted referral's entries rebuilt (the first time, or after a bulk import that
    sent no signals), in batches: a few queries for every `batch` referrals, not a few for each.
    Returns how many referrals were read."""
    from referrals.models import Referral

    key = _key()
    ids = list(Referral.objects.submitted().order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch):
        with transaction.atomic():
            _rebuild(ids[first : first + batch], key)
    return len(ids)


def erase_referral(referral_id: int) -> int:
    """The referral's personal data is being erased: its entries lose their text and their link
    to it, and keep their hashes, so its names are still caught. Returns how many."""
    # The dates stay (a date alone identifies no one) and still go with the erased names, by origin.
    return RegisterEntry.objects.filter(referral_id=referral_id, erased_at=None).update(
        term="", referral=None, erased_at=timezone.now()
    )


# --- Matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterMatch:
    start: int  # first word's index in the text
    end: int  # one past the last word
    entry_id: int
    referral_id: int | None  # the referral it came from (its origin, kept after erasure)
    source: str


class RegisterMatcher:
    """Finds registered terms in texts: every run of up to `longest` words, hashed."""

    def __init__(self):
        self.key = _key()
        self.longest = RegisterVariant.objects.aggregate(longest=Max("words"))["longest"] or 0

    def __bool__(self):
        return self.longest > 0

    def find(self, text: normalise.Tokens) -> list[RegisterMatch]:
        return self.find_many([text])[0]

    def find_many(
        self, texts: list[normalise.Tokens], ocr: list[bool] | None = None
    ) -> list[list[RegisterMatch]]:
        """The matches in each text; the register is asked once for all of them (in chunks as
        large as the database takes). ocr: which texts were read by OCR, where a run of words
        is also looked up as OCR commonly misreads it (near_runs)."""
        found: list[list[RegisterMatch]] = [[] for _ in texts]
        if not self.longest:
            return found
        runs: dict[bytes, list[tuple[int, int, int]]] = {}  # digest -> (text, start, end)
        for number, text in enumerate(texts):
            by_ocr = bool(ocr and ocr[number])
            for words, spans in _sequences(text):
                for i in range(len(words)):
                    for n in range(1, min(self.longest, len(words) - i) + 1):
                        run = words[i : i + n]
                        at = (number, spans[i][0], spans[i + n - 1][1])
                        runs.setdefault(digest(run, self.key), []).append(at)
                        last = run[-1]
                        if len(last) > 1 and last.endswith("s"):  # Smiths, Janes'
                            runs.setdefault(digest((*run[:-1], last[:-1]), self.key), []).append(at)
                        if by_ocr and n in NEAR_RUN_WORDS:
                            for near in near_runs(run):
                                runs.setdefault(digest(near, self.key), []).append(at)
        keys = list(runs)
        chunk = connection.features.max_query_params or _LOOKUP_CHUNK
        for first in range(0, len(keys), chunk):
            rows = RegisterVariant.objects.filter(digest__in=keys[first : first + chunk]).values_list(
                "digest", "entry_id", "entry__origin", "entry__source"
            )
            for row_digest, entry_id, origin, source in rows:
                for number, start, end in runs[bytes(row_digest)]:
                    found[number].append(RegisterMatch(start, end, entry_id, origin, source))
        found = [_longest_first(matches) for matches in found]
        return self._dates_near_names(texts, found)

    def _dates_near_names(self, texts, found: list[list[RegisterMatch]]) -> list[list[RegisterMatch]]:
        """Add each date written within NEAR_WORDS of a registered name, where the register holds
        that date for the same referral (one query for every text)."""
        wanted = []  # (text number, start, end, date)
        origins = {match.referral_id for matches in found for match in matches if match.referral_id}
        if not origins:
            return found
        for number, text in enumerate(texts):
            if found[number]:
                wanted += [(number, start, end, day) for start, end, day in dates.dates_in(text)]
        if not wanted:
            return found
        registered: dict[tuple, list] = {}
        rows = RegisterEntry.objects.filter(
            on__in={day for *_, day in wanted}, origin__in=origins
        ).values_list("on", "origin", "pk", "source")
        for day, origin, pk, source in rows:
            registered.setdefault(day, []).append((origin, pk, source))
        for number, start, end, day in wanted:
            names = found[number]
            for origin, pk, source in registered.get(day, ()):
                near = any(
                    match.referral_id == origin
                    and match.start - NEAR_WORDS <= start <= match.end + NEAR_WORDS
                    for match in names
                )
                if near:
                    found[number].append(RegisterMatch(start, end, pk, origin, source))
                    break
        return [sorted(matches, key=lambda m: m.start) for matches in found]


# What OCR commonly reads in place of what is printed, in folded text (lower case; 0 and 1 are
# folded to o and l already, as lookalikes).
OCR_MISREADS = (
    ("l", "i"), ("5", "s"), ("8", "b"), ("rn", "m"), ("cl", "d"), ("vv", "w"), ("c", "e"),
    ("h", "b"), ("u", "n"), ("f", "t"), ("g", "q"),
)  # fmt: skip
NEAR_RUN_WORDS = (2, 3)  # full names and address lines; longer runs are not looked up misread


def near_runs(run: list[str] | tuple[str, ...]) -> set[tuple[str, ...]]:
    """A run of OCR'd words of five letters or more as it may have been printed, with one of
    OCR's usual misreadings undone (OCR_MISREADS). The register holds only hashes, so the text's
    side is varied, and only in the ways OCR commonly goes wrong: every edit of every run would
    be tens of lookups a word. Against the publication's own terms, whose text is known, any one
    edit is found (matching.NearIndex)."""
    joined = " ".join(run)
    if len(joined) - joined.count(" ") < matching.NEAR_MIN_LETTERS:
        return set()
    near = set()
    for printed, read in OCR_MISREADS:
        for wrong, right in ((read, printed), (printed, read)):
            start = joined.find(wrong)
            while start != -1:
                near.add(joined[:start] + right + joined[start + len(wrong) :])
                start = joined.find(wrong, start + 1)
    return {tuple(text.split(" ")) for text in near}


def _sequences(text: normalise.Tokens):
    """The text's words as written, and with the parts that may be one word joined; each with
    the range of the text's words each of its words covers."""
    plain = list(text.words)
    yield plain, [(i, i + 1) for i in range(len(plain))]
    joined, spans = [], []
    for i, (word, sep) in enumerate(zip(text.words, text.seps, strict=False)):
        if sep == "~" and joined:
            joined[-1] += word
            spans[-1] = (spans[-1][0], i + 1)
        else:
            joined.append(word)
            spans.append((i, i + 1))
    if len(joined) != len(plain):
        yield joined, spans


def _longest_first(found: list[RegisterMatch]) -> list[RegisterMatch]:
    """Of overlapping matches, the one starting first and then the longest."""
    out, reached = [], -1
    for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start), m.entry_id)):
        if match.start >= reached:
            out.append(match)
            reached = match.end
    return out


# --- Signals: every path that changes a referral ----------------------------------------------

_NAMES_ON_THE_REFERRAL = frozenset({"status", "referrer_name", "lead_name"})


def _referral_saved(sender, instance, update_fields=None, **kwargs):
    from referrals.models import ReferralStatus

    if instance.status == ReferralStatus.DRAFT:
        return  # drafts are not in the register
    if update_fields is not None and not _NAMES_ON_THE_REFERRAL & set(update_fields):
        return  # a change that names no one (a triage step's status or timestamps)
    sync_referral(instance.pk)


def _row_changed(sender, instance, **kwargs):
    """A child, family member or agency added, changed or removed."""
    from referrals.models import Referral, ReferralStatus

    if instance.referral_id is None:
        return
    origin = kwargs.get("origin")  # a deletion: what it started from
    if isinstance(origin, Referral) or getattr(origin, "model", None) is Referral:
        return  # the referral itself is going: _referral_deleted took its entries
    # The referral is usually loaded already (the page that changed the row had it).
    cached = instance._state.fields_cache.get("referral")
    status = cached.status if isinstance(cached, Referral) else None
    if status is None:
        status = Referral.objects.filter(pk=instance.referral_id).values_list("status", flat=True).first()
    if status is None or status == ReferralStatus.DRAFT:
        return
    sync_referral(instance.referral_id)


def _referral_deleted(sender, instance, **kwargs):
    RegisterEntry.objects.filter(referral_id=instance.pk, erased_at=None).delete()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete

    from referrals.models import AgencyInvolved, Child, FamilyMember, Referral

    post_save.connect(_referral_saved, sender=Referral, dispatch_uid="register-referral-saved")
    pre_delete.connect(_referral_deleted, sender=Referral, dispatch_uid="register-referral-deleted")
    for model in (Child, FamilyMember, AgencyInvolved):
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(_row_changed, sender=model, dispatch_uid=f"register-{model.__name__}-{name}")
