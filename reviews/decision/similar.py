"""Similar current and recent referrals and review cases (domain.md §2 step J: the Review Group
considers similar issues in other current or recent local reviews before it decides).

A candidate scores for each criterion, theme (tagged at triage) and agency it shares with the
referral, and for how alike the incident descriptions read: PostgreSQL full-text rank where
the database is PostgreSQL, word overlap on SQLite. The lists show references, states and what
is shared, never a child's name. A fixed number of queries, however many referrals there are:
candidates are the most recent CANDIDATES only, scored in Python.
"""

import operator
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Prefetch, Q, Value
from django.utils import timezone

from referrals.models import AgencyInvolved, Criterion, Referral, ReferralStatus

from ..models import ReviewCase, ReviewStatus, Theme
from ..transitions import OPEN_STATES

RECENT_YEARS = 3
# Enough to cover a partnership's last three years many times over; bounds the work per page.
CANDIDATES = 500
QUERY_WORDS = 40

WEIGHT_CRITERION = 2.0
WEIGHT_THEME = 3.0
WEIGHT_AGENCY = 1.0
WEIGHT_TEXT = 10.0
# ts_rank of one description against the OR of another's words is small (a near copy scores
# about 0.05): scaled so that it weighs like the 0-1 word overlap of the SQLite fallback.
PG_RANK_SCALE = 10.0
# Below this (after weighting) the descriptions are not said to be alike.
TEXT_SHOWN_FROM = 2.0

STOP_WORDS = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "been",
        "before",
        "being",
        "both",
        "child",
        "children",
        "could",
        "from",
        "have",
        "into",
        "more",
        "most",
        "other",
        "over",
        "said",
        "same",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
    ]
)


@dataclass
class SimilarItem:
    kind: str  # "referral" or "review"
    pk: int
    reference: str
    state: str
    shared_criteria: list[str] = field(default_factory=list)
    shared_themes: list[str] = field(default_factory=list)
    shared_agencies: list[str] = field(default_factory=list)
    text_score: float = 0.0
    score: float = 0.0

    @property
    def key(self) -> str:
        """The value a form uses for it: "referral:12" or "review:3"."""
        return f"{self.kind}:{self.pk}"

    @property
    def similar_description(self) -> bool:
        return self.text_score * WEIGHT_TEXT >= TEXT_SHOWN_FROM

    @property
    def shared(self) -> list[str]:
        """What it has in common, in words for the list (no personal details)."""
        parts = [*self.shared_criteria, *(f"Theme: {t}" for t in self.shared_themes)]
        parts += [f"Agency: {a}" for a in self.shared_agencies]
        if self.similar_description:
            parts.append("A similar description of the incident")
        return parts


def similar_to(referral: Referral, limit: int = 10) -> list[SimilarItem]:
    """The referrals and review cases most like `referral`, best first."""
    target = _Profile(
        criteria=set(referral.criteria or []),
        themes=set(Theme.objects.filter(triages__referral=referral).values_list("pk", flat=True)),
        agencies=set(
            AgencyInvolved.objects.filter(referral=referral).values_list("agency_id", "agency_name")
        ),
        words=words_of(referral.incident_description),
    )
    text_rank = _text_rank(referral.incident_description)
    candidates = _candidate_referrals(referral, text_rank)
    items = [_score_referral(target, candidate) for candidate in candidates]
    items += [_score_case(target, case, referral) for case in _candidate_cases(text_rank)]
    items = [item for item in items if item.score > 0]
    items.sort(key=lambda item: (-item.score, item.reference))
    return items[:limit]


@dataclass
class _Profile:
    criteria: set
    themes: set
    agencies: set
    words: set


def words_of(text: str) -> set[str]:
    """The words that carry meaning: lower case, four letters or more, no common words."""
    return {w for w in re.findall(r"[a-z]{4,}", (text or "").lower()) if w not in STOP_WORDS}


def word_overlap(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets, 0 to 1."""
    return len(a & b) / len(a | b) if a and b else 0.0


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_rank(description: str):
    """On PostgreSQL, an expression ranking a referral's description against this one: any
    of its meaningful words may match (the words OR-ed, each as a plain query, so nothing
    typed is parsed as query syntax). None elsewhere."""
    words = sorted(words_of(description))[:QUERY_WORDS]
    if not _is_postgres() or not words:
        return None
    query = reduce(operator.or_, (SearchQuery(w, config="english") for w in words))
    return SearchRank(SearchVector("incident_description", config="english"), query)


def _recent_referrals(text_rank):
    cutoff = timezone.now() - timedelta(days=365 * RECENT_YEARS)
    referrals = (
        Referral.objects.submitted()
        .filter(Q(submitted_at__gte=cutoff) | Q(status__in=OPEN_STATES))
        .only("pk", "reference", "status", "criteria", "incident_description", "submitted_at")
    )
    rank = text_rank if text_rank is not None else Value(0.0, output_field=FloatField())
    return referrals.annotate(text_rank=rank)


def _candidate_referrals(referral, text_rank):
    referrals = (
        _recent_referrals(text_rank)
        .exclude(pk=referral.pk)
        .prefetch_related(
            Prefetch("triage__themes", queryset=Theme.objects.only("pk", "name")),
            Prefetch("agencies_involved", queryset=AgencyInvolved.objects.select_related("agency")),
        )
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    )
    return list(referrals[:CANDIDATES])


def _candidate_cases(text_rank):
    cutoff = timezone.localdate() - timedelta(days=365 * RECENT_YEARS)
    cases = (
        ReviewCase.objects.filter(Q(commissioned_on__gte=cutoff) | ~Q(status=ReviewStatus.CLOSED))
        .only("pk", "reference", "status")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("pk", "name")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.only("pk", "criteria", "incident_description").annotate(
                    text_rank=text_rank if text_rank is not None else Value(0.0, output_field=FloatField())
                ),
            ),
            Prefetch(
                "referrals__agencies_involved", queryset=AgencyInvolved.objects.select_related("agency")
            ),
        )
        .order_by("-commissioned_on", "-pk")
    )
    return list(cases[:CANDIDATES])


def _themes_of(referral) -> list[Theme]:
    return list(referral.triage.themes.all()) if _has_triage(referral) else []


def _has_triage(referral) -> bool:
    try:
        return referral.triage is not None
    except Referral.triage.RelatedObjectDoesNotExist:
        return False


def _text_score(target: _Profile, referral) -> float:
    if _is_postgres():
        return min(1.0, float(referral.text_rank or 0.0) * PG_RANK_SCALE)
    return word_overlap(target.words, words_of(referral.incident_description))


def _fill(item: SimilarItem, target: _Profile, referrals, themes) -> SimilarItem:
    criteria = set().union(*(set(r.criteria or []) for r in referrals)) & target.criteria
    agencies = {(a.agency_id, a.agency_name): a.name for r in referrals for a in r.agencies_involved.all()}
    item.shared_criteria = [Criterion(c).label for c in Criterion.values if c in criteria]
    item.shared_themes = sorted(t.name for t in themes if t.pk in target.themes)
    item.shared_agencies = sorted({name for key, name in agencies.items() if _agency_match(key, target)})
    item.text_score = max((_text_score(target, r) for r in referrals), default=0.0)
    item.score = (
        WEIGHT_CRITERION * len(item.shared_criteria)
        + WEIGHT_THEME * len(item.shared_themes)
        + WEIGHT_AGENCY * len(item.shared_agencies)
        + WEIGHT_TEXT * item.text_score
    )
    return item


def _agency_match(key, target: _Profile) -> bool:
    agency_id, name = key
    if agency_id is not None:
        return any(agency_id == other_id for other_id, _ in target.agencies)
    return bool(name) and any(name.lower() == (other or "").lower() for _, other in target.agencies)


def _score_referral(target: _Profile, referral) -> SimilarItem:
    item = SimilarItem("referral", referral.pk, referral.reference, ReferralStatus(referral.status).label)
    return _fill(item, target, [referral], _themes_of(referral))


def _score_case(target: _Profile, case: ReviewCase, referral) -> SimilarItem:
    # The case's own referral is this one only when the decision is already recorded.
    others = [r for r in case.referrals.all() if r.pk != referral.pk]
    item = SimilarItem("review", case.pk, case.reference, ReviewStatus(case.status).label)
    return _fill(item, target, others, case.themes.all())
