"""The Atom feed of the latest live publications (/reports/feed/), cached until the next change."""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviews.models import Theme

from ..models import Publication
from . import cache as public_cache

FEED_SIZE = 20
# XML 1.0 has no place for these control characters: a coordinator's pasted text may hold one,
# and one would stop the whole feed (UnserializableContentError), so they are left out.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    return XML_ILLEGAL.sub("", text or "")


class LatestReports(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"Published reports – {settings.CSCP_PARTNERSHIP_NAME}"

    def subtitle(self):
        return (
            f"Safeguarding practice reviews and learning published by the {settings.CSCP_PARTNERSHIP_NAME}."
        )

    def link(self):
        return reverse("reports:list")

    def feed_url(self):
        return reverse("reports:feed")

    def author_name(self):
        return settings.CSCP_PARTNERSHIP_NAME

    def items(self):
        return (
            Publication.objects.public()
            .only("pk", "slug", "title", "summary", "published_at", "last_edited_at")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "name")))
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        return xml_text(item.summary)

    def item_link(self, item):
        return reverse("reports:detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if item.published_at and item.last_edited_at:
            return max(item.published_at, item.last_edited_at)
        return item.published_at

    def item_categories(self, item):
        return [xml_text(theme.name) for theme in item.themes.all()]


latest_reports = LatestReports()


def feed(request):
    """The feed's bytes from the public cache; its links are absolute, so the host is in the key."""

    def make():
        response = latest_reports(request)
        return {"content": response.content, "content_type": response["Content-Type"]}

    cached = public_cache.get_or_set(f"reports:feed:{request.get_host()}", make)
    return HttpResponse(cached["content"], content_type=cached["content_type"])
