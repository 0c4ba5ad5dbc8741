"""Searching and filtering /reports/: the words, facets and their counts, filters combined,
pagination, hostile queries, a fixed number of queries, and the cache."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from publications.models import Publication
from publications.public import cache as public_cache
from publications.public import search
from reviews.models import Theme
from tests.factories import PublicationFactory, PublicationSectionFactory
from tests.publications.helpers import live

pytestmark = pytest.mark.django_db

URL = reverse("reports:list")


def theme(slug, name):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def titles(response) -> list[str]:
    return [item["title"] for item in response.context["result"]["items"]]


def facet(response, name) -> dict[str, tuple[int, bool]]:
    found = next(f for f in response.context["result"]["facets"] if f["name"] == name)
    return {option["value"]: (option["count"], option["checked"]) for option in found["options"]}


# --- Parsing ----------------------------------------------------------------------------------


def test_parse_cleans_the_words_and_keeps_valid_filters_in_order():
    criteria = search.parse(
        QueryDict("q=++perinatal%00+mental\t health+&year=2024&year=2026&year=2024&type=spr&age=1_4&page=2")
    )
    assert criteria.q == "perinatal mental health"
    assert criteria.year == ("2026", "2024")
    assert criteria.type == ("spr",)
    assert criteria.age == ("1_4",)
    assert criteria.page == 2
    assert criteria.invalid == ()


@pytest.mark.parametrize(
    ("query", "invalid"),
    [
        ("year=twenty", ("year",)),
        ("year=99999", ("year",)),
        ("year=%D9%A2%D9%A0%D9%A2%D9%A4", ("year",)),  # Arabic-Indic digits are not a year here
        ("type=secret", ("type",)),
        ("age=ancient", ("age",)),
        ("theme=Not%20a%20slug!", ("theme",)),
        ("year=2025&type=nope&age=nope", ("type", "age")),
    ],
)
def test_parse_drops_and_names_invalid_filter_values(query, invalid):
    assert search.parse(QueryDict(query)).invalid == invalid


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999", "1.5", ""])
def test_a_strange_page_number_is_page_one(page):
    assert search.parse(QueryDict(f"page={page}")).page == 1


def test_a_long_query_is_cut_at_a_word_and_flagged():
    text, shortened = search.clean_query("word " * 2000)
    assert shortened
    assert len(text) <= search.MAX_QUERY
    assert text.endswith("word")
    assert search.clean_query("short words") == ("short words", False)


def test_the_cache_key_ignores_order_and_repeats():
    one = search.parse(QueryDict("year=2025&type=spr&year=2024&q=neglect"))
    two = search.parse(QueryDict("q=neglect&type=spr&year=2024&year=2025&year=2025"))
    assert one.cache_key() == two.cache_key()
    assert one.cache_key() != search.parse(QueryDict("q=neglect")).cache_key()


# --- The words --------------------------------------------------------------------------------


def test_every_word_must_appear_somewhere_public(client):
    live(title="Child Q", summary="Perinatal mental health of the mother")
    live(title="Child Y", learning="Mental health services were not told")
    other = live(title="Child L", summary="Nothing about that")
    PublicationSectionFactory(publication=other, body="The perinatal team and the health visitor")
    live(title="Child Joe", recommendations="Perinatal pathways")

    response = client.get(URL, {"q": "perinatal health"})

    assert sorted(titles(response)) == ["Child L", "Child Q"]
    assert response.context["result"]["total"] == 2


def test_only_live_publications_are_found(client):
    live(title="Live neglect review", summary="neglect")
    PublicationFactory(title="Draft neglect review", summary="neglect")
    PublicationFactory(
        title="Withdrawn neglect review", summary="neglect", status=Publication.Status.WITHDRAWN
    )
    PublicationFactory(
        title="Scheduled neglect review", summary="neglect", status=Publication.Status.SCHEDULED
    )

    assert titles(client.get(URL, {"q": "neglect"})) == ["Live neglect review"]


def test_the_case_and_private_fields_are_not_searched(client):
    live(
        title="Child K",
        mode_reason="secretword",
        withdrawal_reason="secretword",
        family_not_told_reason="secretword",
    )
    assert titles(client.get(URL, {"q": "secretword"})) == []


def test_a_title_match_ranks_above_a_body_match(client):
    body_match = live(title="Child A", summary="Nothing here", published_at=timezone.now())
    PublicationSectionFactory(publication=body_match, body="Exploitation was not recognised.")
    live(
        title="Exploitation of vulnerable adolescents",
        summary="A thematic review",
        published_at=timezone.now() - timezone.timedelta(days=400),
    )

    assert titles(client.get(URL, {"q": "exploitation"})) == [
        "Exploitation of vulnerable adolescents",
        "Child A",
    ]


@pytest.mark.postgres
def test_postgresql_ranks_by_weight_and_stems_words(client):
    live(title="Child C", summary="Nothing", learning="Drowning risks at bath time were discussed")
    live(title="Child D", summary="The infant drowned in the bath")
    live(
        title="Bath time drowning: Child E",
        summary="Something else",
        published_at=timezone.now() - timezone.timedelta(days=900),
    )

    # "drowning" stems to "drown": all three match; title (A) > summary (B) > learning (C).
    assert titles(client.get(URL, {"q": "drowning"})) == ["Bath time drowning: Child E", "Child D", "Child C"]
    # websearch syntax: a phrase, an exclusion.
    assert titles(client.get(URL, {"q": '"bath time" -infant'})) == ["Bath time drowning: Child E", "Child C"]


def test_no_words_lists_every_live_report_newest_first(client):
    live(title="Older", published_at=timezone.now() - timezone.timedelta(days=30))
    live(title="Newer", published_at=timezone.now())
    response = client.get(URL)
    assert titles(response) == ["Newer", "Older"]
    assert "2 reports</h2>" in response.content.decode()


# --- Hostile queries --------------------------------------------------------------------------


HOSTILE = [
    "'; DROP TABLE publications_publication; --",
    '" OR 1=1 --',
    "(.*)+[a-z]{2,}\\d?^$|",
    "%_%\\",
    "!!! & | <-> :* ()",
    "child\x00name",
    "\x00",
    "<script>alert(1)</script>",
    "neglect " * 2000,
    "x" * 10_000,
    "💥 ﷽ \u202e",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_never_fails(client, query):
    live(title="Child J", summary="neglect and child name")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert len(response.context["criteria"].q) <= search.MAX_QUERY
    assert "\x00" not in response.context["criteria"].q


def test_a_long_query_is_shortened_and_the_user_told(client):
    live(title="Child J", summary="neglect")
    response = client.get(URL, {"q": "neglect " * 2000})
    assert response.status_code == 200
    assert "only its first 200 characters were used" in response.content.decode()
    assert titles(response) == ["Child J"]


def test_the_nul_byte_is_stripped_not_refused(client):
    live(title="Child J", summary="neglect")
    assert titles(client.get(URL, {"q": "neg\x00lect neglect"})) == ["Child J"]


def test_invalid_filters_give_a_clear_message_and_are_ignored(client):
    live(title="Child J", year=2025)

    response = client.get(URL, {"year": "1999); DROP", "type": "secret"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Year must be a year, like 2025" in body
    assert "Review type must be one of the types listed" in body
    assert "<title>Error: " in body
    assert 'class="govuk-form-group govuk-form-group--error" id="filter-year"' in body
    assert 'aria-describedby="filter-type-error"' in body
    assert titles(response) == ["Child J"]


def test_an_unknown_theme_is_named_and_ignored(client):
    live(title="Child J")
    response = client.get(URL, {"theme": "no-such-theme"})
    assert "Theme must be one of the themes listed" in response.content.decode()
    assert titles(response) == ["Child J"]


# --- Facets and filters -----------------------------------------------------------------------


@pytest.fixture
def catalogue():
    neglect = theme("pub-neglect", "Neglect (public)")
    mental = theme("pub-mental-health", "Parental mental health (public)")
    live(
        title="A 2025 SPR neglect",
        year=2025,
        review_type="spr",
        age_band="under_1",
        themes=[neglect],
        summary="bruising",
    )
    live(
        title="B 2025 thematic", year=2025, review_type="thematic", age_band="15_17", themes=[neglect, mental]
    )
    live(
        title="C 2024 SPR mental",
        year=2024,
        review_type="spr",
        age_band="under_1",
        themes=[mental],
        summary="bruising",
    )
    live(title="D 2024 learning", year=2024, review_type="learning_review", age_band="5_9")
    PublicationFactory(title="E draft", year=2023, review_type="spr")
    return {"neglect": neglect, "mental": mental}


def test_facets_count_the_live_reports(client, catalogue):
    response = client.get(URL)

    assert facet(response, "year") == {"2025": (2, False), "2024": (2, False)}
    assert facet(response, "type") == {
        "spr": (2, False),
        "learning_review": (1, False),
        "thematic": (1, False),
    }
    assert facet(response, "theme") == {"pub-neglect": (2, False), "pub-mental-health": (2, False)}
    assert facet(response, "age") == {"under_1": (2, False), "5_9": (1, False), "15_17": (1, False)}
    body = response.content.decode()
    assert 'id="year-2025" name="year" type="checkbox" value="2025"' in body
    assert "Neglect (public) (2)" in body


def test_each_facets_counts_ignore_its_own_selection_but_not_the_others(client, catalogue):
    response = client.get(URL, {"year": "2025", "type": "spr"})

    assert titles(response) == ["A 2025 SPR neglect"]
    # Years: counted over SPRs only; 2025 is chosen, 2024 could be added.
    assert facet(response, "year") == {"2025": (1, True), "2024": (1, False)}
    # Types: counted over 2025 only.
    assert facet(response, "type") == {"spr": (1, True), "thematic": (1, False)}
    # Others: over 2025 SPRs.
    assert facet(response, "theme") == {"pub-neglect": (1, False)}
    assert facet(response, "age") == {"under_1": (1, False)}


def test_values_within_a_facet_widen_and_facets_combined_narrow(client, catalogue):
    assert sorted(titles(client.get(URL, {"year": ["2025", "2024"]}))) == [
        "A 2025 SPR neglect",
        "B 2025 thematic",
        "C 2024 SPR mental",
        "D 2024 learning",
    ]
    assert titles(client.get(URL, {"theme": "pub-mental-health", "age": "under_1"})) == ["C 2024 SPR mental"]
    assert titles(client.get(URL, {"theme": "pub-mental-health", "age": "under_1", "year": "2025"})) == []


def test_filters_combine_with_the_words(client, catalogue):
    response = client.get(URL, {"q": "bruising", "theme": "pub-neglect"})
    assert titles(response) == ["A 2025 SPR neglect"]
    assert facet(response, "theme") == {"pub-neglect": (1, True), "pub-mental-health": (1, False)}
    assert facet(response, "year") == {"2025": (1, False)}


def test_a_chosen_value_without_results_stays_shown_and_checked(client, catalogue):
    response = client.get(URL, {"year": "2020"})
    assert titles(response) == []
    assert facet(response, "year")["2020"] == (0, True)
    assert "No reports match your search and filters" in response.content.decode()


def test_the_selected_filters_are_shown_with_links_removing_each(client, catalogue):
    response = client.get(
        URL, {"q": "bruising", "year": ["2025", "2024"], "theme": "pub-neglect", "page": "1"}
    )

    chips = {(chip["legend"], chip["label"]): chip["remove"] for chip in response.context["result"]["chips"]}
    assert chips[("Search", "bruising")] == "?year=2025&year=2024&theme=pub-neglect"
    assert chips[("Year", "2025")] == "?q=bruising&year=2024&theme=pub-neglect"
    assert chips[("Theme", "Neglect (public)")] == "?q=bruising&year=2025&year=2024"
    body = response.content.decode()
    assert 'href="/reports/?q=bruising&amp;year=2024&amp;theme=pub-neglect"' in body
    assert 'Remove<span class="govuk-visually-hidden"> year 2025</span>' in body


# --- Pagination and queries -------------------------------------------------------------------


def make_many(count, **fields):
    start = timezone.now()
    return [
        live(title=f"Report {n:02d}", published_at=start - timezone.timedelta(days=n), **fields)
        for n in range(count)
    ]


def test_results_come_twenty_to_a_page_with_gov_uk_pagination(client):
    make_many(25)

    first = client.get(URL)
    second = client.get(URL, {"page": "2"})
    beyond = client.get(URL, {"page": "9"})

    assert titles(first) == [f"Report {n:02d}" for n in range(20)]
    assert titles(second) == [f"Report {n:02d}" for n in range(20, 25)]
    assert titles(beyond) == titles(second)  # past the end: the last page
    body = first.content.decode()
    assert 'class="govuk-pagination"' in body
    assert 'href="?page=2" rel="next"' in body
    assert "25 reports</h2>" in body


def test_pagination_keeps_the_search_and_filters(client):
    make_many(22, summary="neglect")
    body = client.get(URL, {"q": "neglect", "year": "2026"}).content.decode()
    assert re.search(r'href="\?q=neglect&amp;year=2026&amp;page=2" rel="next"', body)


@pytest.mark.parametrize(
    "params", [{}, {"q": "neglect"}, {"q": "neglect", "year": "2026", "theme": "pub-neglect"}]
)
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, params):
    tag = theme("pub-neglect", "Neglect (public)")
    make_many(25, summary="neglect", themes=[tag])
    page_two = {**params, "page": "2"}

    # The version, the matching rows, their themes, the themes' names, the page, its themes.
    with django_assert_num_queries(6):
        assert client.get(URL, params).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(URL, page_two).status_code == 200
    make_many(15, summary="neglect", themes=[tag])
    public_cache.bump()
    with django_assert_num_queries(6):  # more reports, the same queries
        assert client.get(URL, page_two).status_code == 200
    with django_assert_num_queries(1):  # cached: the version only
        assert client.get(URL, page_two).status_code == 200


# --- The cache --------------------------------------------------------------------------------


def test_a_publish_or_withdraw_bump_shows_at_once(client):
    first = live(title="Child Q")
    assert titles(client.get(URL)) == ["Child Q"]

    draft = PublicationFactory(title="Child Y")
    Publication.objects.filter(pk=draft.pk).update(
        status=Publication.Status.LIVE, published_at=timezone.now()
    )
    assert titles(client.get(URL)) == ["Child Q"]  # cached, until the publishing bumps the version
    public_cache.bump()
    assert titles(client.get(URL)) == ["Child Y", "Child Q"]

    Publication.objects.filter(pk=first.pk).update(status=Publication.Status.WITHDRAWN)
    public_cache.bump()
    assert titles(client.get(URL)) == ["Child Y"]
    assert titles(client.get(URL, {"q": "child"})) == ["Child Y"]
