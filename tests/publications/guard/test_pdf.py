"""The anonymisation guard on PDFs: metadata, bookmarks, comments, the text page by page, PDFs
that cannot be checked, and the PDFs check_publication looks at by default."""

import io

import pytest
import weasyprint
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text

from publications.guard import checks
from publications.models import ProtectedTerm, Publication
from tests.factories import PublicationFactory, RenderFactory, ReviewCaseFactory

Source = ProtectedTerm.Source


def html_pdf(*pages, title="A review", author="", description="", keywords="", generator="", **options):
    """A PDF made by WeasyPrint, one page for each HTML fragment."""
    head = f"<title>{title}</title>"
    for name, value in [
        ("author", author),
        ("description", description),
        ("keywords", keywords),
        ("generator", generator),
    ]:
        if value:
            head += f'<meta name="{name}" content="{value}">'
    body = "".join(f'<section style="break-after: page">{page}</section>' for page in pages)
    return weasyprint.HTML(string=f'<html lang="en"><head>{head}</head><body>{body}</body></html>').write_pdf(
        **options
    )


def rewritten(data, *, metadata=None, comment=None, password=None):
    """The PDF with its metadata replaced, a comment added on page 1, or encrypted."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    if metadata:
        writer.add_metadata(metadata)
    if comment:
        writer.add_annotation(page_number=0, annotation=Text(text=comment, rect=(50, 550, 200, 650)))
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def term(text, source=Source.CHILD_NAME, pk=1):
    return ProtectedTerm(pk=pk, term=text, source=source)


JANE = checks.Matcher(
    [term("Jane Smith", pk=1), term("Smith", pk=2), term("2019-03-27", Source.DATE_OF_BIRTH, pk=3)]
)


@pytest.fixture(scope="module")
def three_pages():
    return html_pdf(
        "<h1>Introduction</h1><p>Nothing to see.</p>",
        "<h1>Background</h1><p>Still nothing here.</p>",
        "<h1>Findings</h1><p>The child was born on 27 March 2019 and lived with her mother.</p>",
    )


def locations(hits):
    return [hit.location for hit in hits]


def test_a_clean_pdf_has_no_hits(clean_pdf):
    assert checks.check_pdf(clean_pdf, "Full report PDF", JANE) == []


def test_the_page_a_term_is_on_is_named(three_pages):
    [hit] = checks.check_pdf(three_pages, "Full report PDF", JANE)
    assert hit.location == "Full report PDF, page 3"
    assert hit.found == "27 March 2019"
    assert hit.source == "Date of birth"


def test_every_page_is_checked():
    data = html_pdf(*[f"<p>Page {n}: Jane Smith was seen.</p>" for n in range(1, 5)])
    assert locations(checks.check_pdf(data, "Briefing PDF", JANE)) == [
        f"Briefing PDF, page {n}" for n in range(1, 5)
    ]


def test_a_name_split_across_lines_in_a_pdf():
    data = html_pdf('<p style="width: 3em">Seen by Jane Smith today</p>')
    assert "Jane\nSmith" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    [hit] = checks.check_pdf(data, "Full report PDF", JANE)
    assert hit.term_id == 1


def test_a_name_hyphenated_across_a_line_end_in_a_pdf():
    data = html_pdf("<p>The family of Smi-<br>th moved.</p>")
    [hit] = checks.check_pdf(data, "Full report PDF", JANE)
    assert (hit.term_id, hit.location) == (2, "Full report PDF, page 1")


@pytest.mark.parametrize(
    ("meta", "label"),
    [
        ({"title": "Review of Jane Smith"}, "title"),
        ({"author": "Smith"}, "author"),
        ({"description": "About Jane Smith"}, "subject"),
        ({"keywords": "neglect, Smith"}, "keywords"),
        ({"generator": "Smith's laptop"}, "creator"),
    ],
)
def test_the_pdf_metadata_is_checked(meta, label):
    data = html_pdf("<p>Nothing to see.</p>", **meta)
    hits = checks.check_pdf(data, "Full report PDF", JANE)
    assert f"Full report PDF metadata ({label})" in locations(hits)
    assert all("metadata" in location for location in locations(hits))


def test_the_producer_is_checked():
    data = rewritten(html_pdf("<p>Nothing to see.</p>"), metadata={"/Producer": "Jane Smith's PDF maker"})
    assert locations(checks.check_pdf(data, "Full report PDF", JANE)) == [
        "Full report PDF metadata (producer)"
    ]


def test_the_xmp_metadata_is_checked():
    data = html_pdf("<p>Nothing to see.</p>", title="Jane Smith", pdf_variant="pdf/ua-1")
    assert "Full report PDF metadata (XMP)" in locations(checks.check_pdf(data, "Full report PDF", JANE))


def test_bookmarks_are_checked():
    data = rewritten(html_pdf("<h1>The Smith family</h1>"), metadata={"/Title": "A review"})
    hits = checks.check_pdf(data, "Full report PDF", JANE)
    assert locations(hits) == ["Full report PDF metadata (bookmarks)", "Full report PDF, page 1"]


def test_comments_on_a_page_are_checked():
    data = rewritten(html_pdf("<p>Nothing to see.</p>"), comment="Check with Jane Smith")
    assert locations(checks.check_pdf(data, "Full report PDF", JANE)) == ["Full report PDF, page 1 (comment)"]


def test_a_rendered_pdf_with_no_text_is_refused():
    # An uploaded scan is read by OCR (uploads/reading.py); a PDF read by its text layer alone
    # with no text at all has nothing the guard could check.
    with pytest.raises(checks.GuardError) as refused:
        checks.check_pdf(blank_pdf(3), "Full report PDF", JANE)
    assert str(refused.value) == checks.NO_TEXT


def test_a_pdf_with_no_text_is_refused_even_with_no_terms():
    with pytest.raises(checks.GuardError):
        checks.check_pdf(blank_pdf(), "Uploaded report PDF", checks.Matcher([]))


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.7\n% a broken file\n%%EOF\n"])
def test_a_pdf_that_cannot_be_read_is_refused(data):
    with pytest.raises(checks.GuardError):
        checks.check_pdf(data, "Uploaded report PDF", JANE)


def test_a_pdf_with_a_password_is_refused(three_pages):
    with pytest.raises(checks.GuardError, match="cannot be checked"):
        checks.check_pdf(rewritten(three_pages, password="secret"), "Uploaded report PDF", JANE)


def test_a_pdf_read_again_is_not_parsed_again(three_pages):
    assert checks.read_pdf(three_pages) is checks.read_pdf(three_pages)


# --- The PDFs of a publication. ---


@pytest.fixture
def publication(db):
    case = ReviewCaseFactory()
    ProtectedTerm.objects.create(case=case, term="Jane Smith", source=Source.CHILD_NAME)
    return PublicationFactory(case=case, title="Child Q", pseudonym="Child Q", slug="child-q")


@pytest.fixture(scope="module")
def naming_pdf():
    return html_pdf("<p>Nothing here.</p>", "<p>Jane Smith was seen at home.</p>")


@pytest.fixture(scope="module")
def clean_pdf():
    return html_pdf("<p>Child Q was seen at home.</p>")


def render(publication, kind, data):
    return RenderFactory(publication=publication, kind=kind, file=ContentFile(data, name="render.pdf"))


def test_pdfs_passed_in_are_checked_by_kind(publication, naming_pdf):
    hits = checks.check_publication(publication, pdfs={"report": naming_pdf, "briefing": naming_pdf})
    assert locations(hits) == ["Full report PDF, page 2", "Briefing PDF, page 2"]


def test_by_default_the_current_renders_are_checked(publication, naming_pdf, clean_pdf):
    render(publication, "report", naming_pdf)
    render(publication, "briefing", clean_pdf)
    assert locations(checks.check_publication(publication)) == ["Full report PDF, page 2"]


def test_by_default_the_newest_render_is_checked(publication, naming_pdf, clean_pdf):
    render(publication, "briefing", naming_pdf)
    newer = render(publication, "briefing", clean_pdf)
    newer.content_version = publication.content_version + 1
    newer.save()
    assert checks.check_publication(publication) == []


def test_a_report_render_is_not_checked_when_the_report_is_not_published(publication, naming_pdf):
    publication.mode = Publication.Mode.SUMMARY
    publication.save()
    render(publication, "report", naming_pdf)
    assert checks.check_publication(publication) == []


def test_by_default_the_uploaded_report_is_checked_as_it_was_read(publication, naming_pdf, coordinator):
    from publications.uploads import services as uploads
    from tests.publications.helpers import read_now

    publication.report_source = Publication.ReportSource.UPLOAD
    publication.report_upload.save("upload.pdf", ContentFile(naming_pdf))
    with pytest.raises(checks.GuardError, match="still being checked"):
        checks.check_publication(publication)  # and asks for the reading
    assert uploads.current_reading(publication).state == "pending"

    read_now(publication)

    assert locations(checks.check_publication(publication)) == [
        "Full report PDF, page 2",
        "Full report PDF, page 2 (as OCR reads it)",
    ]


def test_a_pdf_is_checked_against_a_publications_terms_before_it_is_kept(publication, naming_pdf, clean_pdf):
    assert locations(checks.check_pdf_for(publication, naming_pdf)) == ["Uploaded report PDF, page 2"]
    assert checks.check_pdf_for(publication, clean_pdf) == []
    with pytest.raises(checks.GuardError):
        checks.check_pdf_for(publication, blank_pdf())
