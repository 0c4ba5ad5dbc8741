"""What the public pages show, as plain data ready to cache: only public fields of live
publications (and, for a withdrawn one, only that it was withdrawn and when). Nothing here reads
the review case a publication came from."""

import re

from django.db.models import Prefetch

from reviews.models import Theme

from ..models import KeyMessages, NationalLearningLink, Publication, Render
from ..rendering.selectors import current_render, prefetch_current_renders
from . import cache as public_cache

MAX_SLUG = 120  # Publication.slug's max_length: anything longer cannot exist
PARAGRAPHS_RE = re.compile(r"\n\s*\n")


def lines(text: str) -> list[str]:
    """One point per line ("Learning includes", "Recommendations"), leading bullets dropped."""
    return [line.strip().lstrip("-•*").strip() for line in (text or "").splitlines() if line.strip(" -•*\t")]


def paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines; a text without blank lines is one paragraph per line."""
    text = (text or "").strip()
    if not text:
        return []
    parts = PARAGRAPHS_RE.split(text) if PARAGRAPHS_RE.search(text) else text.splitlines()
    return [" ".join(part.split()) for part in parts if part.strip()]


def _download(publication, kind: str):
    render = current_render(publication, kind)
    if render is None:
        return None
    return {"kind": kind, "label": Render.Kind(kind).label, "size": render.size, "pages": render.pages}


def _downloads(publication) -> list[dict]:
    kinds = [Render.Kind.REPORT, Render.Kind.BRIEFING]
    if publication.mode != Publication.Mode.FULL:
        kinds = [Render.Kind.BRIEFING]  # a summary-only publication never serves a full report
    return [found for kind in kinds if (found := _download(publication, kind))]


def _live_page(publication) -> dict:
    full = publication.mode == Publication.Mode.FULL
    written_here = publication.report_source == Publication.ReportSource.SECTIONS
    sections = [
        {"heading": section.heading, "paragraphs": paragraphs(section.body)}
        for section in publication.sections.all()
    ]
    return {
        "state": "live",
        "slug": publication.slug,
        "title": publication.title,
        "kind": publication.get_kind_display(),
        "review_type": publication.get_review_type_display(),
        "year": publication.year,
        "published_at": publication.published_at,
        "themes": [theme.name for theme in publication.themes.all()],
        "age_band": publication.get_age_band_display(),
        "methodology": publication.methodology,
        "summary": paragraphs(publication.summary),
        "learning": lines(publication.learning),
        "recommendations": lines(publication.recommendations),
        "full": full,
        "mode": publication.get_mode_display(),
        "mode_reason": paragraphs(publication.mode_reason) if not full else [],
        "sections": sections if full and written_here else [],
        "downloads": _downloads(publication),
    }


def _publication_page(slug: str) -> dict:
    shown = Publication.objects.filter(
        slug=slug, status__in=[Publication.Status.LIVE, Publication.Status.WITHDRAWN]
    ).prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "name")), "sections")
    publication = prefetch_current_renders(shown).first()
    if publication is None:
        return {"state": "missing"}
    if publication.status == Publication.Status.WITHDRAWN:
        return {"state": "withdrawn", "slug": slug, "withdrawn_at": publication.withdrawn_at}
    return _live_page(publication)


def publication_page(slug: str) -> dict:
    """The page of one publication: state "live" (with its content), "withdrawn" (when, nothing
    else) or "missing" (never published, or no such slug)."""
    if len(slug) > MAX_SLUG:
        return {"state": "missing"}
    return public_cache.get_or_set(f"reports:detail:{slug}", lambda: _publication_page(slug))


def live_publication(slug: str):
    """The live publication with this slug, or None (for its PDFs: never cached, always current)."""
    if len(slug) > MAX_SLUG:
        return None
    return Publication.objects.public().filter(slug=slug).first()


# --- /learning/ -----------------------------------------------------------------------------


def _learning_page() -> dict:
    live = Publication.objects.public().only("pk", "slug", "title", "year").order_by("-published_at", "-pk")
    messages = KeyMessages.objects.filter(is_published=True).prefetch_related(
        Prefetch("publications", queryset=live, to_attr="live_publications")
    )
    return {
        "key_messages": [
            {
                "year": item.year,
                "title": item.live_title,
                "paragraphs": paragraphs(item.live_body),
                "publications": [{"slug": p.slug, "title": p.title} for p in item.live_publications],
            }
            for item in messages.order_by("-year")
        ],
        # Only what a second coordinator approved (the live_ copies), never a draft.
        "links": [
            {"title": title, "url": url, "description": description}
            for title, url, description in NationalLearningLink.objects.filter(is_published=True).values_list(
                "live_title", "live_url", "live_description"
            )
        ],
    }


def learning_page() -> dict:
    return public_cache.get_or_set("learning", _learning_page)
