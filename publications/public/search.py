"""Search and facets for the public list of reports (/reports/).

Whatever is typed and however many publications there are, a search runs the same few queries:
one for the live publications that match the words (ranked full-text search on PostgreSQL, every
word `icontains` somewhere on SQLite), one for their themes, one for the names of the themes
asked for, and two for the page shown. Filters and facet counts are worked out in Python from the
matching rows (a few hundred at most), each facet counted over the search and every *other*
filter, as faceted searches usually are.

The result is a plain dict, cached by the public cache (cache.py) under a key made of the normalised query."""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from reviews.models import ReviewType, Theme

from ..models import AgeBand, Publication, PublicationSection
from . import cache as public_cache

PER_PAGE = 20
MAX_QUERY = 200  # characters; a longer query is cut and the user told
MAX_WORDS = 12  # words searched for on SQLite
MAX_PAGE = 10_000
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,100}$")
# NUL and the other control characters: PostgreSQL refuses NUL in text, none means anything here.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FACET_LEGENDS = {"year": "Year", "type": "Review type", "theme": "Theme", "age": "Age of child"}
FACET_ERRORS = {
    "year": "Year must be a year, like 2025: the year filter was ignored",
    "type": "Review type must be one of the types listed: the review type filter was ignored",
    "theme": "Theme must be one of the themes listed: the theme filter was ignored",
    "age": "Age of child must be one of the age groups listed: the age filter was ignored",
}


@dataclass(frozen=True)
class Criteria:
    """What a visitor asked for, cleaned: safe to search with and to build a cache key from."""

    q: str = ""
    year: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    age: tuple[str, ...] = ()
    page: int = 1
    shortened: bool = False
    invalid: tuple[str, ...] = field(default=(), compare=False)  # facets with a bad value

    def params(self, *, page=True) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        for name in FACET_LEGENDS:
            pairs += [(name, value) for value in getattr(self, name)]
        if page and self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, *, page=True) -> str:
        return urlencode(self.params(page=page))

    def cache_key(self) -> str:
        digest = hashlib.sha256(self.querystring().encode()).hexdigest()
        return f"reports:list:{digest}"

    def without(self, name: str, value: str | None = None) -> str:
        """The query string with one filter value (or the search words) removed, on page 1."""
        if name == "q":
            other = replace(self, q="", page=1)
        else:
            other = replace(self, page=1, **{name: tuple(v for v in getattr(self, name) if v != value)})
        text = other.querystring()
        return f"?{text}" if text else "?"

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.year or self.type or self.theme or self.age)


def clean_query(text: str) -> tuple[str, bool]:
    """The search words without control characters or extra spaces, and whether they were cut."""
    text = " ".join(CONTROL_RE.sub(" ", (text or "").replace("\x00", "")).split())
    if len(text) <= MAX_QUERY:
        return text, False
    cut = text[:MAX_QUERY]
    if " " in cut and not text[MAX_QUERY].isspace():
        cut = cut.rsplit(" ", 1)[0]  # not half a word
    return cut.strip(), True


def _valid(name: str, value: str) -> bool:
    if name == "year":
        return value.isascii() and value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100
    if name == "type":
        return value in ReviewType.values
    if name == "age":
        return value in AgeBand.values
    return bool(SLUG_RE.match(value))  # theme: whether it exists is checked with the search


def parse(params) -> Criteria:
    """Criteria from a QueryDict: invalid filter values are dropped and named in `invalid`."""
    q, shortened = clean_query(params.get("q", ""))
    values, invalid = {}, []
    for name in FACET_LEGENDS:
        given = [CONTROL_RE.sub("", value).strip() for value in params.getlist(name)]
        given = [value for value in given if value]
        good = sorted({value for value in given if _valid(name, value)}, reverse=name == "year")
        if len(good) < len(set(given)):
            invalid.append(name)
        values[name] = tuple(good)
    page = params.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < len(page) <= 5 else 1
    return Criteria(
        q=q, page=max(1, min(page, MAX_PAGE)), shortened=shortened, invalid=tuple(invalid), **values
    )


# --- Matching -------------------------------------------------------------------------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _sections_text():
    """Every section's heading and body of a publication, as one text (PostgreSQL)."""
    sections = (
        PublicationSection.objects.filter(publication=OuterRef("pk"))
        .order_by()
        .values("publication")
        .annotate(text=StringAgg("body", delimiter="\n"))
        .values("text")
    )
    return Subquery(sections[:1])


def _postgres_matches(queryset, q: str):
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("pseudonym", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("learning", "recommendations", weight="C", config="english")
        + SearchVector(_sections_text(), weight="D", config="english")
    )
    query = SearchQuery(q, search_type="websearch", config="english")
    return (
        queryset.annotate(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
    )


def _words(q: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in q.split()))[:MAX_WORDS]


def _simple_matches(queryset, q: str):
    """SQLite: every word somewhere in the public text (case-insensitively)."""
    for word in _words(q):
        in_sections = PublicationSection.objects.filter(body__icontains=word).values("publication_id")
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(pseudonym__icontains=word)
            | Q(summary__icontains=word)
            | Q(learning__icontains=word)
            | Q(recommendations__icontains=word)
            | Q(pk__in=in_sections)
        )
    return queryset


def _title_hits(row, words) -> int:
    text = f"{row['title']} {row['pseudonym']}".lower()
    return sum(word in text for word in words)


def matching_rows(q: str) -> list[dict]:
    """The live publications matching the words, best first: one query."""
    fields = ("pk", "year", "review_type", "age_band", "title", "pseudonym")
    live = Publication.objects.public()
    if not q:
        return list(live.order_by(F("published_at").desc(nulls_last=True), "-pk").values(*fields))
    if _is_postgres():
        return list(_postgres_matches(live, q).values(*fields))
    rows = list(
        _simple_matches(live, q).order_by(F("published_at").desc(nulls_last=True), "-pk").values(*fields)
    )
    words = _words(q)
    return sorted(rows, key=lambda row: -_title_hits(row, words))  # stable: newest first within


# --- Facets ---------------------------------------------------------------------------------


def _row_values(row, themes_of) -> dict[str, set[str]]:
    return {
        "year": {str(row["year"])} if row["year"] else set(),
        "type": {row["review_type"]} if row["review_type"] else set(),
        "theme": themes_of.get(row["pk"], set()),
        "age": {row["age_band"]} if row["age_band"] else set(),
    }


def _passes(values, criteria: Criteria, skip: str | None = None) -> bool:
    return all(
        not getattr(criteria, name) or values[name] & set(getattr(criteria, name))
        for name in FACET_LEGENDS
        if name != skip
    )


def _labels(theme_names) -> dict[str, dict[str, str]]:
    return {
        "type": dict(ReviewType.choices),
        "age": dict(AgeBand.choices),
        "theme": theme_names,
    }


def _options(name, counts: Counter, criteria: Criteria, labels) -> list[dict]:
    chosen = set(getattr(criteria, name))
    values = set(counts) | chosen
    if name == "year":
        ordered = sorted(values, reverse=True)
    elif name == "theme":
        ordered = sorted(values, key=lambda slug: labels["theme"].get(slug, slug).lower())
    else:
        order = list(labels[name])
        ordered = sorted(values, key=lambda value: order.index(value) if value in order else len(order))
    return [
        {
            "value": value,
            "label": labels.get(name, {}).get(value, value),
            "count": counts.get(value, 0),
            "checked": value in chosen,
            "id": f"{name}-{value}",
        }
        for value in ordered
    ]


def _facets(rows, criteria, labels) -> list[dict]:
    facets = []
    for name, legend in FACET_LEGENDS.items():
        counts = Counter()
        for values in rows:
            if _passes(values, criteria, skip=name):
                counts.update(values[name])
        options = _options(name, counts, criteria, labels)
        facets.append(
            {
                "name": name,
                "legend": legend,
                "options": options,
                "checked": any(o["checked"] for o in options),
            }
        )
    return facets


def _chips(criteria: Criteria, labels) -> list[dict]:
    chips = [{"legend": "Search", "label": criteria.q, "remove": criteria.without("q")}] if criteria.q else []
    for name, legend in FACET_LEGENDS.items():
        for value in getattr(criteria, name):
            label = labels.get(name, {}).get(value, value)
            chips.append({"legend": legend, "label": label, "remove": criteria.without(name, value)})
    return chips


# --- The page -------------------------------------------------------------------------------


def _item(publication) -> dict:
    return {
        "slug": publication.slug,
        "title": publication.title,
        "kind": publication.get_kind_display(),
        "review_type": publication.get_review_type_display(),
        "year": publication.year,
        "published_at": publication.published_at,
        "summary": publication.summary,
        "themes": [theme.name for theme in publication.themes.all()],
        "age_band": publication.get_age_band_display(),
    }


def _page_items(pks: list[int]) -> list[dict]:
    if not pks:
        return []
    publications = Publication.objects.filter(pk__in=pks).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("pk", "name"))
    )
    by_pk = {publication.pk: publication for publication in publications}
    return [_item(by_pk[pk]) for pk in pks if pk in by_pk]


def run(criteria: Criteria) -> dict:
    """The search result for these criteria (uncached): five queries, four when nothing matches."""
    rows = matching_rows(criteria.q)
    pairs = Publication.themes.through.objects.filter(publication__status=Publication.Status.LIVE)
    themes_of: dict[int, set[str]] = {}
    for publication_id, slug in pairs.values_list("publication_id", "theme__slug"):
        themes_of.setdefault(publication_id, set()).add(slug)
    wanted = {slug for slugs in themes_of.values() for slug in slugs} | set(criteria.theme)
    theme_names = dict(Theme.objects.filter(slug__in=wanted).values_list("slug", "name"))

    invalid = list(criteria.invalid)
    if any(slug not in theme_names for slug in criteria.theme):
        invalid.append("theme")
        criteria = replace(criteria, theme=tuple(s for s in criteria.theme if s in theme_names))
    labels = _labels(theme_names)
    values = [_row_values(row, themes_of) for row in rows]
    results = [row["pk"] for row, vals in zip(rows, values, strict=True) if _passes(vals, criteria)]
    page = Paginator(results, PER_PAGE).get_page(criteria.page)
    facets = _facets(values, criteria, labels)
    for found in facets:
        found["error"] = FACET_ERRORS[found["name"]] if found["name"] in invalid else ""
    return {
        "total": len(results),
        "page_number": page.number,
        "items": _page_items(list(page.object_list)),
        "facets": facets,
        "chips": _chips(criteria, labels),
        "errors": [{"name": name, "text": FACET_ERRORS[name]} for name in FACET_LEGENDS if name in invalid],
    }


def search(criteria: Criteria) -> dict:
    """The search result, from the public cache when this query was asked since the last change."""
    return public_cache.get_or_set(criteria.cache_key(), lambda: run(criteria))
