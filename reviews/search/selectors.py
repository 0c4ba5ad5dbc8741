"""The staff-wide search: every submitted referral (never a draft) and every review case that
matches, each with why it matched, in two queries whatever the number found.

A referral matches by a part of its reference, a child's name or other names, a child's date of
birth, its referring agency or an agency involved, or a theme it was tagged with at triage. A
review case matches by a part of its reference, its themes, or a referral linked to it that
matches. On PostgreSQL a name is folded (lower case, accents removed) and matched three ways,
each on an index of referrals/migrations/0005: as a part of the name (trigram LIKE) or by its
words in any order, each the start of a word of the name (full text), both "Child's name"; and
as whole words like the name's, for a small mistake in typing (trigram strict word similarity),
"Child's name (spelt alike)", so the member sees the match is not exact. On SQLite each word typed is looked
for anywhere in the name, ignoring case: the same results for a name typed as it was written."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date
from functools import reduce
from itertools import chain

from django.contrib.postgres.lookups import TrigramStrictWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection, transaction
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.lookups import Contains
from django.utils import timezone

from cscp.accounts.models import Agency
from referrals.models import AgencyInvolved, Child, Referral, ReferralStatus

from ..models import ReviewCase, ReviewStatus, ReviewType, Theme, Triage
from .forms import Terms

SHOWN = 50  # of each kind; the page says how many more there are
MAX_WORDS = 8
ALIKE = " (spelt alike)"


@dataclass(frozen=True)
class ReferralHit:
    reference: str
    status: str
    submitted_on: date | None
    matched: list[str]


@dataclass(frozen=True)
class CaseHit:
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
    if connection.vendor != "postgresql":
        return _search(terms)
    with transaction.atomic():
        # Each part is a few index lookups: a parallel plan spends ~10 ms starting workers for
        # under 1 ms of work (measured on the bench's 20,000 referrals: 45 ms a search, 26 ms
        # without). For this search's transaction only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return _search(terms)


def _search(terms: Terms) -> Found:
    agencies, themes = ((), ()) if terms.born_on else _agencies_and_themes(terms.text)
    reasons = referral_reasons(terms, agencies, themes)
    referrals, referral_count = _rows(
        Referral.objects.submitted(), reasons, ("-submitted_at", "-pk"), "submitted_at"
    )
    cases, case_count = _rows(
        ReviewCase.objects.all(),
        case_reasons(terms, _ids(*chain(*reasons.values())), themes),
        ("-commissioned_on", "-pk"),
        "review_type",
        "commissioned_on",
    )
    return Found(
        referrals=[
            ReferralHit(
                reference=row["reference"],
                status=ReferralStatus(row["status"]).label,
                submitted_on=_local_date(row["submitted_at"]),
                matched=row["matched"],
            )
            for row in referrals
        ],
        referral_count=referral_count,
        cases=[
            CaseHit(
                reference=row["reference"],
                status=ReviewStatus(row["status"]).label,
                review_type=ReviewType(row["review_type"]).label,
                matched=row["matched"],
            )
            for row in cases
        ],
        case_count=case_count,
    )


def _rows(queryset, reasons: dict[str, list], order: tuple[str, ...], *fields: str):
    """The first SHOWN rows of `queryset` whose ids any of `reasons` gives, each with the labels
    of the reasons it matched, and how many match in all: one query.

    Each reason's querysets give ids tagged with the reason's bit; their UNION ALL (each part
    answered on its own, from its index, once) is grouped by id, the bits summed (each at most
    once: a bitwise OR on SQLite and PostgreSQL alike), joined to the table's rows and counted
    with a window. Never a test of every row of the table against each reason."""
    tagged = [
        source.order_by().values(row_id=F(source.query.values_select[0]), why=Value(1 << n))
        for n, sources in enumerate(reasons.values())
        for source in sources
    ]
    first, *rest = tagged
    matches_sql, matches_params = (first.union(*rest, all=True) if rest else first).query.sql_with_params()
    grouped = f"SELECT m.row_id, SUM(DISTINCT m.why) AS why FROM ({matches_sql}) m GROUP BY m.row_id"  # noqa: S608
    if connection.vendor == "postgresql":
        # LATERAL: each id found is looked up by its primary key. Joined, the planner (which
        # expects thousands from the agency and theme conditions) reads the whole table.
        queryset = queryset.filter(pk=RawSQL("g.row_id", []))
    rows_sql, rows_params = (
        queryset.order_by().values("pk", "reference", "status", *fields).query.sql_with_params()
    )
    joined = "CROSS JOIN LATERAL" if connection.vendor == "postgresql" else "JOIN"
    condition = "" if connection.vendor == "postgresql" else " ON r.pk = g.row_id"
    columns = ", ".join(
        f"r.{connection.ops.quote_name(name)}" for name in ("pk", "reference", "status", *fields)
    )
    ordering = ", ".join(f"r.{connection.ops.quote_name(key.lstrip('-'))} DESC" for key in order)
    # Both parts compiled by Django (every value a parameter); the rest is quoted names.
    sql = (
        f"SELECT {columns}, g.why, COUNT(*) OVER () FROM ({grouped}) g "  # noqa: S608
        f"{joined} ({rows_sql}) r{condition} ORDER BY {ordering} LIMIT {SHOWN}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matches_params, *rows_params])
        found = cursor.fetchall()
    labels = list(reasons)
    rows = []
    for *values, why, count in found:
        row = dict(zip(("pk", "reference", "status", *fields), values, strict=True))
        matched = [label for n, label in enumerate(labels) if why & (1 << n)]
        # A name found as typed is not also said to be spelt alike.
        row["matched"] = [
            label for label in matched if not (label.endswith(ALIKE) and label.removesuffix(ALIKE) in matched)
        ]
        row["found"] = count
        rows.append(row)
    return rows, rows[0]["found"] if rows else 0


def _local_date(value) -> date | None:
    """A datetime read by a raw query: aware on PostgreSQL, naive UTC on SQLite."""
    if value is None:
        return None
    return timezone.localdate(value if timezone.is_aware(value) else value.replace(tzinfo=UTC))


def _ids(*sources):
    """The union of querysets of one id each (UNION: each answered on its own, from its index)."""
    first, *rest = [source.order_by() for source in sources]
    return first.union(*rest) if rest else first


# --- What matches: for each reason, the querysets of the ids it gives ------------------------


def referral_reasons(terms: Terms, agencies=(), themes=()) -> dict[str, list]:
    """Why a referral may match, by label: a date of birth alone when a date was typed.
    `agencies` and `themes` are the ids of those whose names hold the text."""
    if terms.born_on:
        return {"Date of birth": [_by_child(Q(date_of_birth=terms.born_on))]}
    text = terms.text
    names = {}
    for label, name_field in (("Child's name", "full_name"), ("Child's other names", "other_names")):
        as_typed, alike = name_matches(name_field, text)
        names[label] = [_by_child(as_typed)]
        if alike is not None:
            names[label + ALIKE] = [_by_child(alike)]
    return {
        # On a trigram index on PostgreSQL (referrals 0005), as a name not on the agency list is.
        "Reference": [Referral.objects.filter(reference__icontains=_as_reference(text)).values("pk")],
        **names,
        "Agency": [
            *(
                [
                    Referral.objects.filter(referrer_agency__in=agencies).values("pk"),
                    AgencyInvolved.objects.filter(agency__in=agencies).values("referral_id"),
                ]
                if agencies
                else []
            ),
            AgencyInvolved.objects.filter(agency_name__icontains=text).values("referral_id"),
        ],
        **(
            {"Theme": [Triage.themes.through.objects.filter(theme__in=themes).values("triage__referral_id")]}
            if themes
            else {}
        ),
    }


def case_reasons(terms: Terms, referral_ids, themes=()) -> dict[str, list]:
    """Why a review case may match: `referral_ids` are those of the referrals that match (a
    draft is never linked to a case)."""
    linked = [
        ReviewCase.referrals.through.objects.filter(referral_id__in=referral_ids).values("reviewcase_id")
    ]
    if terms.born_on:
        return {"A referral it is linked to": linked}
    return {
        "Reference": [ReviewCase.objects.filter(reference__icontains=_as_reference(terms.text)).values("pk")],
        **(
            {"Theme": [ReviewCase.themes.through.objects.filter(theme__in=themes).values("reviewcase_id")]}
            if themes
            else {}
        ),
        "A referral it is linked to": linked,
    }


def _by_child(condition: Q):
    return Child.objects.filter(condition).values("referral_id")


def _agencies_and_themes(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids of the agencies and the themes whose names hold `text`, in one small query made
    first, so that the search names only those found. Given a subquery instead, PostgreSQL
    expects thousands of referrals from them whatever they hold, and plans a parallel scan that
    costs ten times the search."""
    kinds = (
        Agency.objects.filter(name__icontains=text).annotate(is_theme=Value(0)).values_list("pk", "is_theme")
    ).order_by()
    found = kinds.union(
        Theme.objects.filter(name__icontains=text)
        .annotate(kind=Value(1))
        .values_list("pk", "kind")
        .order_by(),
        all=True,
    )
    rows = list(found)
    return tuple(pk for pk, is_theme in rows if not is_theme), tuple(pk for pk, is_theme in rows if is_theme)


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
    # Whole words like those typed (strict word similarity of 0.5 or more, pg_trgm's default): one
    # letter wrong in an eight-letter name, not every name that begins the same way.
    return as_typed, Q(TrigramStrictWordSimilar(folded, typed))
