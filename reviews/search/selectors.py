"""The staff-wide search: every submitted referral (never a draft) and every review case that
matches, each with why it matched, in two queries whatever the number found.

A referral matches by a part of its reference, a child's name or other names, a child's date of
birth, its referring agency or an agency involved, or a theme it was tagged with at triage. A
review case matches by a part of its reference, its themes, or a referral linked to it that
matches. On PostgreSQL a name is folded (lower case, accents removed) and matched three ways,
each on an index of referrals/migrations/0005: as a part of the name (trigram LIKE) or by its
words in any order, each the start of a word of the name (full text), both "Child's name"; and
as words like the name's, for a small mistake in typing (trigram word similarity), "Child's name
(spelt alike)", so the member sees the match is not exact. On SQLite each word typed is looked
for anywhere in the name, ignoring case: the same results for a name typed as it was written."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Func, Q, TextField, Value, Window
from django.db.models.functions import Lower
from django.db.models.lookups import Contains
from django.utils import timezone

from cscp.accounts.models import Agency
from referrals.models import AgencyInvolved, Child, Referral, ReferralStatus

from ..models import ReviewCase, ReviewStatus, ReviewType, Theme, Triage
from .forms import Terms

SHOWN = 50  # of each kind; the page says how many more there are
MAX_WORDS = 8
WORD_SIMILARITY = 0.5
ALIKE = " (spelt alike)"


@dataclass(frozen=True)
class ReferralHit:
    reference: str
    status: str
    submitted_on: date | None
    matched: list[str]


@dataclass(frozen=True)
class CaseHit:
    pk: int
    reference: str
    status: str
    review_type: str
    matched: list[str]


@dataclass(frozen=True)
class Found:
    referrals: list[ReferralHit] = field(default_factory=list)
    referral_count: int = 0
    cases: list[CaseHit] = field(default_factory=list)
    case_count: int = 0

    @property
    def more_referrals(self) -> int:
        return self.referral_count - len(self.referrals)

    @property
    def more_cases(self) -> int:
        return self.case_count - len(self.cases)


def staff_search(terms: Terms) -> Found:
    """Everything that matches `terms`, the most recent first, SHOWN of each kind at most."""
    reasons = referral_reasons(terms)
    submitted = Referral.objects.submitted()
    with _names_alike():
        referrals, referral_count = _rows(submitted, reasons, ("-submitted_at", "-id"), "submitted_at")
        matching = submitted.filter(reduce(or_, reasons.values()))
        cases, case_count = _rows(
            ReviewCase.objects.all(),
            case_reasons(terms, matching),
            ("-commissioned_on", "-id"),
            "review_type",
        )
    return Found(
        referrals=[
            ReferralHit(
                reference=row["reference"],
                status=ReferralStatus(row["status"]).label,
                submitted_on=timezone.localdate(row["submitted_at"]) if row["submitted_at"] else None,
                matched=row["matched"],
            )
            for row in referrals
        ],
        referral_count=referral_count,
        cases=[
            CaseHit(
                pk=row["pk"],
                reference=row["reference"],
                status=ReviewStatus(row["status"]).label,
                review_type=ReviewType(row["review_type"]).label,
                matched=row["matched"],
            )
            for row in cases
        ],
        case_count=case_count,
    )


def _rows(queryset, reasons: dict[str, Q], order: tuple[str, ...], *fields: str):
    """The first SHOWN rows of `queryset` matching any of `reasons`, each with the labels of the
    reasons it matched, and how many match in all (a window count: the same query)."""
    flags = {
        f"why_{n}": ExpressionWrapper(q, output_field=BooleanField()) for n, q in enumerate(reasons.values())
    }
    rows = list(
        queryset.filter(reduce(or_, reasons.values()))
        .annotate(**flags, found=Window(Count("pk")))
        .order_by(*order)
        .values("pk", "reference", "status", "found", *fields, *flags)[:SHOWN]
    )
    labels = list(reasons)
    for row in rows:
        matched = [label for n, label in enumerate(labels) if row.pop(f"why_{n}")]
        # A name found as typed is not also said to be spelt alike.
        row["matched"] = [
            label for label in matched if not (label.endswith(ALIKE) and label.removesuffix(ALIKE) in matched)
        ]
    return rows, rows[0]["found"] if rows else 0


# --- What matches ------------------------------------------------------------------------------


def referral_reasons(terms: Terms) -> dict[str, Q]:
    """Why a referral may match, by label: a date of birth alone when a date was typed."""
    if terms.born_on:
        return {"Date of birth": _by_child(Q(date_of_birth=terms.born_on))}
    text = terms.text
    agencies = Agency.objects.filter(name__icontains=text).values("pk")
    names = {}
    for label, name_field in (("Child's name", "full_name"), ("Child's other names", "other_names")):
        as_typed, alike = name_matches(name_field, text)
        names[label] = _by_child(as_typed)
        if alike is not None:
            names[label + ALIKE] = _by_child(alike)
    return {
        "Reference": Q(reference__icontains=_as_reference(text)),
        **names,
        "Agency": Q(referrer_agency__in=agencies)
        | Q(
            pk__in=AgencyInvolved.objects.filter(
                Q(agency__in=agencies) | Q(agency_name__icontains=text)
            ).values("referral_id")
        ),
        "Theme": Q(
            pk__in=Triage.themes.through.objects.filter(theme__in=_themes(text)).values("triage__referral_id")
        ),
    }


def case_reasons(terms: Terms, matching_referrals) -> dict[str, Q]:
    linked = Q(
        pk__in=ReviewCase.referrals.through.objects.filter(
            referral__in=matching_referrals.values("pk")
        ).values("reviewcase_id")
    )
    if terms.born_on:
        return {"A referral it is linked to": linked}
    return {
        "Reference": Q(reference__icontains=_as_reference(terms.text)),
        "Theme": Q(
            pk__in=ReviewCase.themes.through.objects.filter(theme__in=_themes(terms.text)).values(
                "reviewcase_id"
            )
        ),
        "A referral it is linked to": linked,
    }


def _by_child(condition: Q) -> Q:
    return Q(pk__in=Child.objects.filter(condition).values("referral_id"))


def _themes(text: str):
    return Theme.objects.filter(name__icontains=text).values("pk")


def _as_reference(text: str) -> str:
    """'spr 2026 0042' as a reference is written."""
    return re.sub(r"\s+", "-", text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)[:MAX_WORDS]


# --- Names -------------------------------------------------------------------------------------


class Folded(Func):
    """cscp_unaccent(lower(x)): a name as the indexes of referrals/migrations/0005 hold it."""

    function = "cscp_unaccent"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(Lower(expression))


def name_matches(name_field: str, text: str) -> tuple[Q, Q | None]:
    """The name as typed, and spelt alike (PostgreSQL only: None on SQLite)."""
    if connection.vendor != "postgresql":
        return reduce(lambda q, word: q & Q(**{f"{name_field}__icontains": word}), _words(text), Q()), None
    folded, typed = Folded(F(name_field)), Folded(Value(text))
    # Each word typed as the start of a word of the name: 'amara:* & ashw:*' (letters and digits
    # only, so nothing typed is read as the query language).
    prefixes = " & ".join(f"{word}:*" for word in _words(text))
    as_typed = Q(Contains(folded, typed)) | Q(
        SearchVectorExact(
            SearchVector(folded, config="simple"),
            SearchQuery(Folded(Value(prefixes)), config="simple", search_type="raw"),
        )
    )
    return as_typed, Q(TrigramWordSimilar(folded, typed))


@contextmanager
def _names_alike():
    """On PostgreSQL, a name is spelt alike from a word similarity of WORD_SIMILARITY (pg_trgm's
    default, 0.6, misses one letter wrong in the middle of an eight-letter name), for this
    search's transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(WORD_SIMILARITY)]
        )
        yield
