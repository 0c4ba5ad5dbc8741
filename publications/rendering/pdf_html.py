"""The PDFs of a publication, made in the Celery worker (services.py), never on a
web request: the full report and the one-page briefing from the site's own templates
(templates/publications/pdf/) with print CSS, typeset by WeasyPrint as tagged PDF/UA-1; or the
uploaded report, rebuilt without what a viewer would hide or run (uploads/sanitise.py).

Everything here works on what the publication holds publicly; nothing of the review case is read.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Publication

PDF_VARIANT = "pdf/ua-1"  # tagged, with the document title and language: screen readers can use it
PDF_LANGUAGE = "en-GB"

# The briefing must be one A4 page: try these font sizes (points), then shorten the text.
BRIEFING_FONT_SIZES = (10.5, 9.5, 8.5, 7.5)
# (words of summary, items per list, words per item) kept at each shortening step.
BRIEFING_CUTS = ((300, 8, 60), (180, 5, 40), (90, 3, 25), (40, 2, 15))

# WeasyPrint logs every page it lays out, and fontTools every glyph it keeps, at INFO: thousands
# of lines per report, slowing the worker and naming the glyphs of the text. Warnings still show.
for _noisy in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


class PdfError(Exception):
    """The PDF cannot be made from what the publication holds (the message names no one)."""


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def partnership_name() -> str:
    return settings.CSCP_PARTNERSHIP_NAME


def lines(text: str) -> list[str]:
    """One point per line (learning, recommendations), without empty lines or typed bullets."""
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if _BULLET.sub("", line).strip()]


def paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines, every line stripped: WeasyPrint breaks the last line of a
    paragraph early when it ends in a space."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    blocks = ["\n".join(line.strip() for line in block.strip().splitlines()) for block in blocks]
    return [block for block in blocks if block]


def document_type(publication: Publication) -> str:
    if publication.kind == Publication.Kind.REVIEW:
        return "Safeguarding practice review"
    return publication.get_kind_display()


def dated(publication: Publication):
    """The month the report carries on its cover: when it is (or is to be) published, else now."""
    moment = publication.published_at or publication.scheduled_for or timezone.now()
    return timezone.localtime(moment).date()


def report_url(publication: Publication) -> str:
    # The public page's path (design.md §3), absolute so it works printed and offline.
    return f"{settings.CSCP_SITE_URL}/reports/{publication.slug}/"


# --- HTML -------------------------------------------------------------------------------------


def report_html(publication: Publication, sections=None) -> str:
    sections = list(publication.sections.all()) if sections is None else sections
    learning, recommendations = lines(publication.learning), lines(publication.recommendations)
    contents = [{"anchor": f"section-{n}", "heading": s.heading} for n, s in enumerate(sections, 1)]
    sections = [{"heading": s.heading, "paragraphs": paragraphs(s.body)} for s in sections]
    if learning:
        contents.append({"anchor": "learning", "heading": "Learning includes"})
    if recommendations:
        contents.append({"anchor": "recommendations", "heading": "Recommendations"})
    context = {
        "publication": publication,
        "partnership": partnership_name(),
        "document_type": document_type(publication),
        "dated": dated(publication),
        "sections": sections,
        "contents": contents,
        "learning": learning,
        "recommendations": recommendations,
    }
    return render_to_string("publications/pdf/report.html", context)


def _words(text: str, limit: int | None) -> str:
    words = text.split()
    if limit is None or len(words) <= limit:
        return text
    return " ".join(words[:limit]) + "\u2026"


def briefing_html(publication: Publication, *, font_size: float = BRIEFING_FONT_SIZES[0], cut=None) -> str:
    summary_words, items, item_words = cut or (None, None, None)
    learning, recommendations = lines(publication.learning), lines(publication.recommendations)
    context = {
        "publication": publication,
        "partnership": partnership_name(),
        "document_type": document_type(publication),
        "font_size": font_size,
        "year": publication.year or dated(publication).year,
        "themes": [theme.name for theme in publication.themes.all()],
        "summary": paragraphs(_words(publication.summary, summary_words)),
        "learning": [_words(point, item_words) for point in learning[:items]],
        "recommendations": [_words(point, item_words) for point in recommendations[:items]],
        "shortened": cut is not None,
        "has_report": publication.mode == Publication.Mode.FULL,
        "report_url": report_url(publication),
    }
    return render_to_string("publications/pdf/briefing.html", context)


# --- PDF --------------------------------------------------------------------------------------


def _typeset(html: str):
    import weasyprint  # imported here: only the worker pays for loading it

    return weasyprint.HTML(string=html).render(pdf_variant=PDF_VARIANT)


def _write(document) -> Pdf:
    return Pdf(content=document.write_pdf(pdf_variant=PDF_VARIANT), pages=len(document.pages))


def report_pdf(publication: Publication, sections=None) -> Pdf:
    return _write(_typeset(report_html(publication, sections)))


def briefing_pdf(publication: Publication) -> Pdf:
    """One page: the largest font that fits, then shorter text at the smallest font."""
    smallest = BRIEFING_FONT_SIZES[-1]
    attempts = [(size, None) for size in BRIEFING_FONT_SIZES] + [(smallest, cut) for cut in BRIEFING_CUTS]
    for font_size, cut in attempts:
        document = _typeset(briefing_html(publication, font_size=font_size, cut=cut))
        if len(document.pages) == 1:
            return _write(document)
    raise PdfError("The briefing does not fit on one page even shortened.")


def uploaded_report_pdf(publication: Publication) -> Pdf:
    """The uploaded report rebuilt for the public (uploads/sanitise.py): what its pages show and
    nothing a viewer would hide or run; its metadata the publication's own."""
    from ..uploads import sanitise
    from ..uploads.services import rebuild_for

    if not publication.report_upload:
        raise PdfError("There is no uploaded report.")
    with publication.report_upload.open("rb") as upload:
        data = upload.read()
    try:
        rebuilt = rebuild_for(publication, data)
    except sanitise.SanitiseError as error:
        raise PdfError(str(error)) from error
    return Pdf(content=rebuilt.content, pages=rebuilt.pages)
