"""The timeliness section of the annual page and its CSV (issue 16 §3): a chart, a table and a
sentence per step, by financial year unless calendar years are asked for; who may see the page
and download the CSV; the CSV's content and audit entry; a fixed number of queries. The page
counts on Wednesday 12 May 2027 (timeliness_data.TODAY)."""

import csv
import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.utils import timezone
from lxml import html

from reviews.reporting.charts import TIMELINESS_SERIES, bar_chart, scale
from tests.reviews.reporting.test_annual import QUERIES

from .timeliness_data import TODAY, contribution, notification, publication, some_of_each, untriaged

pytestmark = pytest.mark.django_db

URL = "/dashboard/annual/"
CSV_URL = "/dashboard/annual/timeliness.csv"


@pytest.fixture(autouse=True)
def on_12_may_2027(monkeypatch):
    """The view counts on timezone.localdate(): make it TODAY (a date passed in still converts)."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else TODAY
    )


@pytest.fixture
def steps():
    """Financial year 2026 to 2027: a notification on time, a publication 12 days late and a
    contribution 3 working days late. 2027 to 2028 so far: a notification 3 working days late and
    an untriaged referral's notification open past due."""
    notification(date(2027, 3, 31), sent=date(2027, 3, 31))
    notification(date(2027, 4, 1), sent=date(2027, 4, 6))
    untriaged(date(2027, 5, 10))
    publication(date(2027, 3, 31), date(2027, 4, 12))
    contribution(date(2027, 1, 1), received=date(2027, 1, 6))


def page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def table(tree, key) -> list[list[str]]:
    """The rows of a step's table, each cell's text."""
    (found,) = tree.xpath(f'//table[@data-testid="timeliness-{key}"]')
    return [[" ".join(cell.text_content().split()) for cell in row] for row in found.xpath(".//tr")]


def summary(tree, key) -> str:
    (found,) = tree.xpath(f'//p[@data-testid="timeliness-{key}-summary"]')
    return " ".join(found.text_content().split())


def test_it_shows_each_step_by_financial_year(member_client, steps):
    tree = page(member_client)

    assert table(tree, "notification") == [
        ["Financial year", "On time", "Late", "Open past due", "Median lateness (working days)"],
        ["2026 to 2027", "1", "0", "0", "None late"],
        ["2027 to 2028 (so far)", "0", "1", "1", "3"],
    ]
    assert table(tree, "publication")[1] == ["2026 to 2027", "0", "1", "0", "12"]
    assert table(tree, "publication")[0][-1] == "Median lateness (calendar days)"
    assert summary(tree, "notification") == (
        "So far in 2027 to 2028, 0 Panel notifications were sent on time, 1 late (median 3 working "
        "days late) and 1 is open past its due date."
    )
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h3")]
    assert headings == [
        "Panel notification",
        "Rapid review sent to the Panel",
        "Final report sent to the Panel and the Secretary of State",
        "Publication within 6 months of the decision",
        "Agency contributions",
    ]


def test_it_shows_calendar_years_when_asked(member_client, steps):
    tree = page(member_client, "?basis=calendar")

    assert table(tree, "notification") == [
        ["Calendar year", "On time", "Late", "Open past due", "Median lateness (working days)"],
        ["2027 (so far)", "1", "1", "1", "3"],
    ]
    assert table(tree, "contribution")[1] == ["2027 (so far)", "0", "1", "0", "3"]
    assert summary(tree, "notification").startswith("So far in 2027, 1 Panel notification was sent on time")
    (switch,) = tree.xpath('//p[@data-testid="timeliness-basis"]/a')
    assert switch.get("href") == "?basis=financial#timeliness"


@pytest.mark.parametrize(
    "query", ["?basis=fiscal", "?basis=%3Cscript%3E", "?basis=", "?basis=calendar&basis=x"]
)
def test_any_other_basis_shows_financial_years(member_client, steps, query):
    tree = page(member_client, query)

    assert table(tree, "notification")[0][0] == "Financial year"
    (switch,) = tree.xpath('//p[@data-testid="timeliness-basis"]/a')
    assert switch.get("href") == "?basis=calendar#timeliness"


def test_each_chart_is_an_image_named_by_its_title_and_description(member_client, steps):
    tree = page(member_client)

    charts = tree.xpath("//svg")
    assert len(charts) == 5
    for chart in charts:
        assert chart.get("role") == "img"
        title_id, desc_id = chart.get("aria-labelledby").split()
        assert chart.xpath(f'./title[@id="{title_id}"]') and chart.xpath(f'./desc[@id="{desc_id}"]')
        assert chart.get("style") is None and not chart.xpath(".//*[@style]")  # the CSP refuses them
    (notifications,) = tree.xpath('//svg[@data-testid="timeliness-notification"]')
    assert notifications.xpath("./title")[0].text == (
        "Panel notification: on time, late and open past due, by financial year"
    )
    # The legend in words, and each bar's number.
    texts = [text.text for text in notifications.xpath(".//text")]
    assert texts[:3] == ["On time", "Late", "Open past due"]
    assert "2026 to 2027" in texts and "2027 to 2028" in texts
    assert not tree.xpath("//script[not(@src)][not(@nonce)]")


def test_it_says_when_nothing_has_been_due_yet(member_client):
    tree = page(member_client)

    assert not tree.xpath("//svg")
    assert "No Panel notifications have been due yet." in tree.text_content()


def test_a_member_is_not_offered_the_csv(member_client, steps):
    assert CSV_URL not in member_client.get(URL).content.decode()


def test_a_coordinator_is_offered_the_csv(coordinator_client, steps):
    assert f'href="{CSV_URL}"' in coordinator_client.get(URL).content.decode()


@pytest.mark.parametrize("n", [2, 6])
def test_the_page_runs_a_fixed_number_of_queries(member_client, django_assert_num_queries, n):
    some_of_each(n)
    member_client.get("/")  # warm the session

    with django_assert_num_queries(QUERIES):  # 4 of them the timeliness figures'
        member_client.get(URL)


def test_the_page_is_kept_until_the_casework_changes(member_client, steps):
    before = table(page(member_client), "notification")
    notification(date(2027, 4, 2), sent=date(2027, 4, 9))  # another late one in 2027 to 2028
    after = table(page(member_client), "notification")
    assert before != after
    assert after[-1][:3] == ["2027 to 2028 (so far)", "0", "2"]


def test_a_member_never_gets_the_page_kept_for_a_coordinator(staff_client_for, coordinator, member, steps):
    assert CSV_URL in staff_client_for(coordinator).get(URL).content.decode()
    assert CSV_URL not in staff_client_for(member).get(URL).content.decode()


def test_other_query_parameters_share_the_kept_page_of_their_basis(member_client, steps):
    from reviews import casework_cache

    made = []
    real = casework_cache.render_to_string
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(casework_cache, "render_to_string", lambda *a, **k: made.append(1) or real(*a, **k))
        for query in ("?basis=calendar", "?basis=calendar&utm=1", "?basis=calendar&x=%00"):
            page(member_client, query)
    assert len(made) == 1


# --- The chart on its own ----------------------------------------------------------------------


def test_the_chart_escapes_every_word():
    chart = bar_chart(
        chart_id="chart",
        title='<script>alert("x")</script> & co',
        description="<b>bold</b>",
        categories=["<i>2026</i>"],
        series=TIMELINESS_SERIES,
        values=[[1, 2, 3]],
    )
    svg = render_to_string("reviews/_timeliness_chart.html", {"chart": chart})

    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in svg
    assert "&lt;b&gt;bold&lt;/b&gt;" in svg and "&lt;i&gt;2026&lt;/i&gt;" in svg


def test_bars_are_as_tall_as_their_numbers_on_a_whole_number_axis():
    chart = bar_chart(
        chart_id="chart", title="t", description="d", categories=["a", "b"], series=TIMELINESS_SERIES,
        values=[[4, 2, 0], [1, 0, 3]],
    )  # fmt: skip

    (four, two, zero), (one, _, three) = (group.bars for group in chart.groups)
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3, 4]
    assert four.height == 2 * two.height == 4 * one.height
    assert zero.height == 0 and zero.y == chart.baseline
    assert four.y + four.height == chart.baseline
    assert three.fill == "url(#chart-open_past_due-hatch)"  # hatched as well as orange
    assert [pattern.id for pattern in chart.patterns] == ["chart-open_past_due-hatch"]


@pytest.mark.parametrize(
    ("largest", "top", "interval"), [(0, 1, 1), (3, 3, 1), (5, 5, 1), (7, 8, 2), (12, 15, 5), (48, 50, 10)]
)
def test_the_axis_counts_in_ones_twos_or_fives(largest, top, interval):
    assert scale(largest) == (top, interval)


# --- The CSV ------------------------------------------------------------------------------------


def download(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_it_downloads_the_figures_in_long_format(coordinator_client, steps):
    response, body = download(coordinator_client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="annual-timeliness-2027-05-12.csv"'
    assert response["Cache-Control"] == "no-store, private"  # every signed-in response (cscp/core/headers.py)
    header, *rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert header == [
        "Year basis",
        "Year",
        "Step",
        "On time",
        "Late",
        "Open past due",
        "Median lateness",
        "Unit",
    ]
    assert len(rows) == 2 * 5 + 1 * 5  # two financial years and one calendar year, five steps each
    assert [
        "Financial year",
        "2027 to 2028",
        "Panel notification",
        "0",
        "1",
        "1",
        "3",
        "working days",
    ] in rows
    assert [
        "Financial year",
        "2026 to 2027",
        "Agency contributions",
        "0",
        "1",
        "0",
        "3",
        "working days",
    ] in rows
    assert [
        "Calendar year", "2027", "Publication within 6 months of the decision", "0", "1", "0", "12", "calendar days"
    ] in rows  # fmt: skip
    assert "REV-" not in body and "SPR-" not in body  # nothing that names a case or a referral


def test_it_logs_the_download(coordinator_client, coordinator, steps):
    download(coordinator_client)

    entry = LogEntry.objects.get(additional_data__export="annual_timeliness_csv")
    assert entry.actor == coordinator
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.object_repr == "Annual timeliness export (CSV)"
    assert entry.additional_data["rows"] == 15


def test_a_member_may_not_download_it(member_client):
    assert member_client.get(CSV_URL).status_code == 403
    assert not LogEntry.objects.filter(additional_data__export="annual_timeliness_csv").exists()


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_other_roles_may_not_see_the_page_or_the_csv(staff_client_for, request, role):
    client = staff_client_for(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (URL + "?basis=calendar", CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_csv_refuses_post(coordinator_client):
    assert coordinator_client.post(CSV_URL).status_code == 405
