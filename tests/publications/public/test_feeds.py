"""The Atom feed of publications (/reports/feed/)."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.models import Publication
from publications.public import cache as public_cache
from reviews.models import Theme
from tests.factories import PublicationFactory, ReviewCaseFactory
from tests.publications.helpers import live

pytestmark = pytest.mark.django_db

URL = reverse("reports:feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_the_feed_is_atom_with_the_live_publications_newest_first(client):
    neglect = Theme.objects.get_or_create(slug="feed-neglect", defaults={"name": "Neglect (feed)"})[0]
    newest = live(title="'Emily' & 'Jack'", slug="emily-and-jack", summary="What happened to two children.")
    newest.themes.add(neglect)
    live(title="Child Q", published_at=timezone.now() - timezone.timedelta(days=10))
    PublicationFactory(title="A draft")
    PublicationFactory(title="Scheduled one", status=Publication.Status.SCHEDULED)
    PublicationFactory(
        title="Withdrawn one", status=Publication.Status.WITHDRAWN, published_at=timezone.now()
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.find(f"{ATOM}title").text.startswith("Published reports")
    found = entries(response)
    assert [entry.find(f"{ATOM}title").text for entry in found] == ["'Emily' & 'Jack'", "Child Q"]
    first = found[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/reports/emily-and-jack/"
    assert first.find(f"{ATOM}summary").text == "What happened to two children."
    assert first.find(f"{ATOM}published") is not None
    assert first.find(f"{ATOM}updated") is not None
    assert [category.get("term") for category in first.findall(f"{ATOM}category")] == ["Neglect (feed)"]
    assert b"A draft" not in response.content and b"Withdrawn one" not in response.content


def test_the_feed_holds_the_latest_twenty(client, django_assert_num_queries):
    start = timezone.now()
    for n in range(25):
        live(title=f"Report {n:02d}", published_at=start - timezone.timedelta(days=n))

    with django_assert_num_queries(3):  # the version, the publications, their themes
        response = client.get(URL)
    assert [entry.find(f"{ATOM}title").text for entry in entries(response)] == [
        f"Report {n:02d}" for n in range(20)
    ]
    with django_assert_num_queries(1):  # cached
        client.get(URL)


def test_the_feed_never_shows_the_case(client):
    case = ReviewCaseFactory(reference="REV-2026-777", title="Private case title", status="published")
    live(case=case, title="Child Y")
    body = client.get(URL).content.decode()
    assert "Child Y" in body
    assert "REV-2026-777" not in body and "Private case title" not in body


def test_publishing_and_withdrawing_reach_the_feed_at_once(client):
    shown = live(title="Child Q")
    assert len(entries(client.get(URL))) == 1

    Publication.objects.filter(pk=shown.pk).update(status=Publication.Status.WITHDRAWN)
    assert len(entries(client.get(URL))) == 1  # cached until a bump
    public_cache.bump()
    assert entries(client.get(URL)) == []
