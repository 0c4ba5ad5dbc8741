"""The report and briefing PDFs (issue 6 §5): tagged PDF/UA with title, language and author,
the cover, contents with page numbers, running headers, and a briefing of exactly one page."""

import hashlib
import io
import re

import pytest
import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter

from publications.models import Publication, Render
from publications.rendering import pdf_html
from publications.rendering.selectors import current_render, render_bytes
from publications.rendering.services import request_renders
from reviews.models import Theme
from tests.factories import PublicationFactory, PublicationSectionFactory

pytestmark = pytest.mark.django_db

PARTNERSHIP = "Croydon Safeguarding Children Partnership"


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(pdf: PdfReader) -> list[str]:
    return [page.extract_text() for page in pdf.pages]


def rendered(publication, kind, django_capture_on_commit_callbacks) -> Render:
    with django_capture_on_commit_callbacks(execute=True):
        request_renders(publication)
    render = current_render(publication, kind)
    assert render is not None, Render.objects.filter(publication=publication).values("kind", "state", "error")
    return render


@pytest.fixture
def report(db):
    publication = PublicationFactory(
        title="'Emily' & 'Jack'",
        learning="- Professional curiosity about who lives in the home\n\n* Escalation when a plan drifts",
        recommendations="1. Strategy discussions include every agency\n2. Health visitors see the children at home",
    )
    for position, heading in enumerate(["Introduction", "Key practice episodes", "Findings"], 1):
        body = "\n\n".join(["The agencies knew parts of the picture. " * 40] * 6)
        PublicationSectionFactory(publication=publication, position=position, heading=heading, body=body)
    return publication


def test_the_report_is_a_tagged_pdf_with_title_language_and_author(
    report, django_capture_on_commit_callbacks
):
    pdf = reader(render_bytes(rendered(report, Render.Kind.REPORT, django_capture_on_commit_callbacks)))

    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata.title == "'Emily' & 'Jack'"
    assert pdf.metadata.author == settings.CSCP_PARTNERSHIP_NAME == PARTNERSHIP


def test_the_report_has_a_cover_contents_sections_and_the_public_lists(
    report, django_capture_on_commit_callbacks
):
    pdf = reader(render_bytes(rendered(report, Render.Kind.REPORT, django_capture_on_commit_callbacks)))
    pages = text_of(pdf)
    month_year = pdf_html.dated(report).strftime("%B %Y")

    cover = pages[0]
    for text in ("'Emily' & 'Jack'", "Safeguarding practice review", PARTNERSHIP, month_year):
        assert text in cover
    contents = pages[1]
    assert "Contents" in contents
    for heading in (
        "Introduction",
        "Key practice episodes",
        "Findings",
        "Learning includes",
        "Recommendations",
    ):
        # Each entry carries the number of the page its heading falls on.
        entry = re.search(rf"{heading}[ .]*(\d+)", contents)
        assert entry, heading
        assert heading in pages[int(entry.group(1)) - 1]
    whole = "\n".join(pages)
    assert "Professional curiosity about who lives in the home" in whole
    assert "Health visitors see the children at home" in whole
    assert "- Professional" not in whole and "1. Strategy" not in whole  # typed bullets dropped


def test_the_report_has_page_numbers_and_running_headers_after_the_cover(
    report, django_capture_on_commit_callbacks
):
    render = rendered(report, Render.Kind.REPORT, django_capture_on_commit_callbacks)
    pages = text_of(reader(render_bytes(render)))

    assert render.pages == len(pages) > 3
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
    assert pages[0].count("'Emily' & 'Jack'") == 1  # the cover has its title, no running header
    assert all(text.count("'Emily' & 'Jack'") == 1 for text in pages[1:])  # the header, in the margin


def test_the_render_records_its_file_hash_size_pages_and_times(report, django_capture_on_commit_callbacks):
    render = rendered(report, Render.Kind.REPORT, django_capture_on_commit_callbacks)
    data = render_bytes(render)

    assert render.state == Render.State.DONE
    assert render.content_version == report.content_version
    assert render.content_hash == hashlib.sha256(data).hexdigest()
    assert render.size == len(data)
    assert render.pages == len(reader(data).pages)
    assert render.started_at <= render.finished_at
    assert render.attempts == 1 and render.error == ""
    # A random name under the publication's folder: nothing from the title.
    assert re.fullmatch(rf"publications/renders/{report.pk}/[0-9a-f]{{32}}\.pdf", render.file.name)


def test_the_briefing_is_one_tagged_page_from_the_public_fields(django_capture_on_commit_callbacks):
    publication = PublicationFactory(title="Child Q", slug="child-q", year=2025, review_type="spr")
    publication.themes.add(Theme.objects.get_or_create(name="Neglect", defaults={"slug": "neglect"})[0])
    render = rendered(publication, Render.Kind.BRIEFING, django_capture_on_commit_callbacks)
    pdf = reader(render_bytes(render))
    text = pdf.pages[0].extract_text()

    assert render.pages == len(pdf.pages) == 1
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB" and "/StructTreeRoot" in pdf.trailer["/Root"]
    assert pdf.metadata.title == "Child Q"
    for expected in (
        "Child Q",
        "Safeguarding Practice Review",
        "2025",
        "Neglect",
        "Agencies did not share what they knew",
        "Learning includes",
        "Escalation when a plan drifts",
        "Recommendations include",
        "Read the full report and more about this review at",
        "/reports/child-q/",
        PARTNERSHIP,
    ):
        assert expected in text, expected
    assert "shortened" not in text


def test_a_long_briefing_shrinks_its_font_before_shortening_anything():
    publication = PublicationFactory(summary="The family moved between three boroughs. " * 70)

    pdf = pdf_html.briefing_pdf(publication)
    text = reader(pdf.content).pages[0].extract_text()

    assert pdf.pages == 1
    assert "shortened" not in text and text.count("three boroughs") == 70


def test_a_very_long_briefing_is_shortened_to_stay_on_one_page():
    publication = PublicationFactory(
        summary="The family moved between three boroughs. " * 1000,
        learning="\n".join(f"Learning point {n}: " + "word " * 200 for n in range(30)),
        recommendations="\n".join(f"Recommendation {n}: " + "word " * 200 for n in range(30)),
    )

    pdf = pdf_html.briefing_pdf(publication)
    text = reader(pdf.content).pages[0].extract_text()

    assert pdf.pages == 1
    assert "This briefing is shortened to fit one page" in text
    assert "/reports/" in text  # the link to the whole report is always kept


def test_a_summary_only_publication_needs_no_report_and_its_briefing_says_so(
    django_capture_on_commit_callbacks,
):
    publication = PublicationFactory(mode=Publication.Mode.SUMMARY)
    PublicationSectionFactory(publication=publication)

    with django_capture_on_commit_callbacks(execute=True):
        renders = request_renders(publication)

    assert [render.kind for render in renders] == ["briefing"]
    text = reader(render_bytes(current_render(publication, "briefing"))).pages[0].extract_text()
    assert "Read more about this review at" in text and "full report" not in text


def uploaded_pdf(title="Draft for Jane Smith", author="Jane Smith") -> bytes:
    html = "<html lang='en'><body><h1>Uploaded report</h1><p>What the review found.</p></body></html>"
    writer = PdfWriter(clone_from=reader(weasyprint.HTML(string=html).write_pdf()))
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": "About Jane"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_uploaded_report_is_copied_with_its_metadata_replaced(django_capture_on_commit_callbacks):
    publication = PublicationFactory(title="Child L", report_source=Publication.ReportSource.UPLOAD)
    publication.report_upload.save("Jane Smith final.pdf", ContentFile(uploaded_pdf()))

    render = rendered(publication, Render.Kind.REPORT, django_capture_on_commit_callbacks)
    data = render_bytes(render)
    pdf = reader(data)

    assert pdf.metadata.title == "Child L"
    assert pdf.metadata.author == PARTNERSHIP
    assert "/Subject" not in pdf.metadata
    assert b"Jane" not in data  # the old title, author and subject are gone, XMP included
    assert "Uploaded report" in pdf.pages[0].extract_text()
    assert render.pages == 1 and render.size == len(data)
    assert render.content_hash == hashlib.sha256(data).hexdigest()
    assert render.file.name != publication.report_upload.name


def test_an_uploaded_file_that_is_not_a_pdf_fails_with_a_plain_message(django_capture_on_commit_callbacks):
    publication = PublicationFactory(report_source=Publication.ReportSource.UPLOAD)
    publication.report_upload.save("report.pdf", ContentFile(b"not a pdf at all"))

    with django_capture_on_commit_callbacks(execute=True):
        request_renders(publication)

    render = Render.objects.get(publication=publication, kind="report")
    assert render.state == Render.State.FAILED
    assert (
        render.error == "The uploaded report is not a readable PDF. Save it again as a PDF and upload that."
    )
    assert not render.file


def test_the_typed_lines_become_points():
    assert pdf_html.lines(" - one\n\n* two \n3) three\n• four\n  \n10. ten") == [
        "one",
        "two",
        "three",
        "four",
        "ten",
    ]


def test_paragraphs_split_on_blank_lines_with_every_line_stripped():
    text = "First line \r\nsecond line  \r\n \r\n\r\n  Second paragraph. \n\n\n"
    assert pdf_html.paragraphs(text) == ["First line\nsecond line", "Second paragraph."]


def test_a_paragraph_ending_in_a_space_keeps_its_last_line_whole():
    sentence = (
        "The review found that agencies held pieces of information about the household which, put "
        "together at the strategy discussion, would have shown a pattern of escalating risk. "
    )
    publication = PublicationFactory()
    PublicationSectionFactory(publication=publication, heading="Findings", body=sentence * 4)

    text = text_of(reader(pdf_html.report_pdf(publication).content))[2]

    assert "Findings" in text
    assert "\nput\n" not in text  # the last line was broken one word early


def test_a_new_pdf_of_a_live_publication_with_a_protected_term_is_not_served(
    report, django_capture_on_commit_callbacks
):
    from publications.models import ProtectedTerm
    from publications.rendering.services import PROTECTED_TERM_FOUND

    before = rendered(report, "briefing", django_capture_on_commit_callbacks)
    Publication.objects.filter(pk=report.pk).update(status=Publication.Status.LIVE)
    report.refresh_from_db()
    # A term the publication's text holds, added after it went live (the edit services refuse
    # such edits; this is the net under them).
    word = report.title.split()[0]
    ProtectedTerm.objects.create(publication=report, term=word)
    Publication.objects.filter(pk=report.pk).update(content_version=report.content_version + 1)
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        request_renders(report)
    newest = report.renders.filter(kind="briefing").order_by("-id").first()
    assert newest.state == Render.State.FAILED and newest.error == PROTECTED_TERM_FOUND
    assert word not in newest.error
    assert current_render(report, "briefing") == before
