"""Hostile PDFs (issue 15): each hides a name where a check of the page text would not see it,
or shows it where the text says otherwise. Built with pikepdf on a plain page, so each one holds
exactly the trick it is named after."""

import contextlib
import io
import re
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

NAME = "Jayden Okafor"
BORN = "14/03/2017"
STREET = "12 Bramble Road"
PLAIN = "The review found that agencies shared information late."


def _font(pdf):
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )


def _text_ops(lines, x=72, y=760, size=12, extra=b""):
    ops = b"BT /F1 %d Tf %s %d %d Td " % (size, extra, x, y)
    for line in lines:
        ops += b"(" + line.encode("cp1252") + b") Tj 0 -18 Td "
    return ops + b"ET\n"


def page_pdf(*pages: bytes, boxes=None) -> pikepdf.Pdf:
    """A PDF whose pages draw the given content streams (Helvetica as /F1)."""
    pdf = pikepdf.new()
    font = _font(pdf)
    for number, content in enumerate(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(content)
        if boxes and boxes[number]:
            page.obj.CropBox = Array(boxes[number])
    return pdf


def annotate(pdf, **fields) -> None:
    """The first page's one annotation."""
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, **fields))])


def plain(*lines: str) -> bytes:
    return _text_ops(lines or (PLAIN,))


def saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def served_text(data: bytes) -> bytes:
    """Every byte of a PDF with its streams decoded: what anyone holding the file can read."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(
            out,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.all,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    return out.getvalue()


_STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def holds(data: bytes, text: str = NAME) -> bool:
    """Whether the name is anywhere in the file: in its current objects, decoded, or in any
    stream of the raw bytes (an earlier revision's, an object nothing refers to)."""
    everything = [served_text(data), data]
    for stream in _STREAM_RE.findall(data):
        with contextlib.suppress(zlib.error):
            everything.append(zlib.decompressobj().decompress(stream))
    forms = [text.encode("latin-1"), text.encode("utf-16-be"), _hexed(text), text.replace(" ", "-").encode()]
    return any(form in blob for blob in everything for form in forms)


def _hexed(text: str) -> bytes:
    return text.encode("latin-1").hex().encode()


# --- Each trick ------------------------------------------------------------------------------


def attachment() -> bytes:
    pdf = page_pdf(plain())
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, f"{NAME}, born {BORN}".encode())
    return saved(pdf)


def attachment_annotation() -> bytes:
    pdf = page_pdf(plain())
    spec = pikepdf.AttachedFileSpec(pdf, f"{NAME} lives at {STREET}".encode(), filename="a.txt")
    annotate(
        pdf, Subtype=Name.FileAttachment, Rect=[72, 600, 90, 620], FS=spec.obj, Contents=String("Attachment")
    )
    return saved(pdf)


def form_field(appearance=True) -> bytes:
    pdf = page_pdf(plain())
    font = pdf.pages[0].obj.Resources.Font.F1
    widget = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Widget,
        FT=Name.Tx,
        T=String("child"),
        V=String(NAME),
        Rect=[72, 600, 300, 620],
        DA=String("/F1 12 Tf 0 g"),
        P=pdf.pages[0].obj,
        F=4,
    )
    if appearance:
        widget.AP = Dictionary(
            N=pdf.make_stream(
                b"/Tx BMC BT /F1 12 Tf 2 5 Td (" + NAME.encode() + b") Tj ET EMC",
                Type=Name.XObject,
                Subtype=Name.Form,
                BBox=[0, 0, 228, 20],
                Resources=Dictionary(Font=Dictionary(F1=font)),
            )
        )
    widget = pdf.make_indirect(widget)
    pdf.pages[0].obj.Annots = Array([widget])
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([widget]), DA=String("/F1 12 Tf 0 g"), DR=Dictionary(Font=Dictionary(F1=font))
    )
    return saved(pdf)


def xfa_form() -> bytes:
    pdf = page_pdf(plain())
    xfa = pdf.make_stream(f"<xdp:xdp><form><child>{NAME}</child></form></xdp:xdp>".encode())
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)
    return saved(pdf)


def web_link() -> bytes:
    pdf = page_pdf(plain("More about the family online."))
    uri = f"https://example.org/news/{NAME.replace(' ', '-')}"
    annotate(pdf, Subtype=Name.Link, Rect=[72, 750, 300, 770], A=Dictionary(S=Name.URI, URI=String(uri)))
    return saved(pdf)


def internal_link_with_contents() -> bytes:
    pdf = page_pdf(plain("See page two."), plain())
    annotate(
        pdf,
        Subtype=Name.Link,
        Rect=[72, 750, 300, 770],
        Contents=String(NAME),
        Dest=Array([pdf.pages[1].obj, Name.Fit]),
    )
    return saved(pdf)


def open_action_javascript() -> bytes:
    pdf = page_pdf(plain())
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String(f"app.alert('{NAME}, {BORN}');"))
    return saved(pdf)


def document_javascript() -> bytes:
    pdf = page_pdf(plain())
    action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String(f"var child = '{NAME}';")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), action])))
    return saved(pdf)


def page_action() -> bytes:
    pdf = page_pdf(plain())
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String(f"// {NAME}")))
    return saved(pdf)


def launch_action_on_link() -> bytes:
    pdf = page_pdf(plain("Open the file."))
    annotate(
        pdf,
        Subtype=Name.Link,
        Rect=[72, 750, 300, 770],
        A=Dictionary(S=Name.Launch, F=String(f"{NAME}.docx")),
    )
    return saved(pdf)


def comment() -> bytes:
    pdf = page_pdf(plain())
    annotate(
        pdf,
        Subtype=Name.Text,
        Rect=[72, 600, 90, 620],
        Contents=String(f"Check with {NAME}"),
        T=String("Reviewer"),
    )
    return saved(pdf)


def xmp_only() -> bytes:
    pdf = page_pdf(plain())
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:description"] = f"About {NAME}"
    return saved(pdf)


def document_information() -> bytes:
    pdf = page_pdf(plain())
    pdf.docinfo = pdf.make_indirect(Dictionary(Author=String(NAME), Title=String(f"Review of {NAME}")))
    return saved(pdf)


def image_metadata() -> bytes:
    pdf = page_pdf(plain() + b"q 10 0 0 10 72 500 cm /Im1 Do Q\n")
    image = pdf.make_stream(
        b"\xff\x00\x00",
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=1,
        Height=1,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
    )
    image.Metadata = pdf.make_stream(
        f"<x:xmpmeta><dc:title>{NAME}</dc:title></x:xmpmeta>".encode(), Type=Name.Metadata, Subtype=Name.XML
    )
    pdf.pages[0].obj.Resources.XObject = Dictionary(Im1=image)
    return saved(pdf)


def unused_resource() -> bytes:
    """A form XObject in the page's resources that the page never draws."""
    pdf = page_pdf(plain())
    font = pdf.pages[0].obj.Resources.Font.F1
    hidden = pdf.make_stream(
        _text_ops([NAME]),
        Type=Name.XObject,
        Subtype=Name.Form,
        BBox=[0, 0, 595, 842],
        Resources=Dictionary(Font=Dictionary(F1=font)),
    )
    pdf.pages[0].obj.Resources.XObject = Dictionary(Fx1=hidden)
    return saved(pdf)


def bookmark() -> bytes:
    pdf = page_pdf(plain(), plain())
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Introduction", 0))
        outline.root.append(pikepdf.OutlineItem(f"What happened to {NAME}", 1))
    return saved(pdf)


def bookmark_javascript() -> bytes:
    pdf = page_pdf(plain())
    with pdf.open_outline() as outline:
        item = pikepdf.OutlineItem("Introduction")
        item.action = Dictionary(S=Name.JavaScript, JS=String(f"// {NAME}"))
        outline.root.append(item)
    return saved(pdf)


def page_label() -> bytes:
    pdf = page_pdf(plain())
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(P=String(f"{NAME} "), S=Name.D)]))
    return saved(pdf)


def named_destination() -> bytes:
    pdf = page_pdf(plain("Go to the findings."), plain())
    dest_name = NAME.replace(" ", "-")
    pdf.Root.Names = Dictionary(
        Dests=Dictionary(Names=Array([String(dest_name), Array([pdf.pages[1].obj, Name.Fit])]))
    )
    annotate(pdf, Subtype=Name.Link, Rect=[72, 750, 300, 770], Dest=String(dest_name))
    return saved(pdf)


def earlier_revision() -> bytes:
    """The first revision names the child; an incremental update replaces the page's text."""
    # qpdf cannot append: the update (a new content stream, the page pointing at it, an xref
    # section with /Prev) is written by hand.
    data = page_pdf(plain(f"{NAME} was born on {BORN}."))
    out = io.BytesIO()
    data.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return _append_update(out.getvalue())


def _append_update(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0].obj
        page_number, _ = page.objgen
        size = int(pdf.trailer.Size)
        root_ref = pdf.Root.objgen[0]
        stream = zlib.compress(plain())
        fields = dict(page.items())
    body = b"\n"
    offsets = {}
    offsets[size] = len(data) + len(body)
    body += (
        b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (size, len(stream))
        + stream
        + b"\nendstream\nendobj\n"
    )
    entries = []
    for key, value in fields.items():
        if key == "/Contents":
            entries.append(b"/Contents %d 0 R" % size)
        else:
            entries.append(key.encode() + b" " + bytes(value.unparse()))
    offsets[page_number] = len(data) + len(body)
    body += b"%d 0 obj\n<< " % page_number + b" ".join(entries) + b" >>\nendobj\n"
    xref_at = len(data) + len(body)
    xref = b"xref\n"
    for number in sorted(offsets):
        xref += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    startxref = data.rfind(b"startxref")
    previous = int(data[startxref + 9 :].split()[0])
    trailer = b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root_ref,
        previous,
        xref_at,
    )
    return data + body + xref + trailer


def hidden_layer() -> bytes:
    pdf = page_pdf(plain() + b"/OC /L1 BDC " + _text_ops([NAME], y=500) + b"EMC\n")
    layer = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String("Notes")))
    pdf.pages[0].obj.Resources.Properties = Dictionary(L1=layer)
    pdf.Root.OCProperties = Dictionary(
        OCGs=Array([layer]), D=Dictionary(OFF=Array([layer]), Order=Array([layer]))
    )
    return saved(pdf)


# Helvetica's widths (thousandths of the font size) of the name's letters.
_HELVETICA = {
    "J": 500,
    "a": 556,
    "y": 500,
    "d": 556,
    "e": 556,
    "n": 556,
    " ": 278,
    "O": 778,
    "k": 500,
    "f": 278,
    "o": 556,
    "r": 333,
}


def glyph_by_glyph() -> bytes:
    """Each letter placed on its own by absolute position, drawn in a shuffled order: the page
    reads the name, a naive extraction gives the letters out of order, one per line."""
    placed, x = [], 72.0
    for letter in NAME:
        placed.append((x, letter))
        x += _HELVETICA[letter] * 12 / 1000
    content = plain()
    for _position, (x, letter) in sorted(enumerate(placed), key=lambda item: (item[0] * 7) % len(NAME)):
        if letter != " ":
            content += b"BT /F1 12 Tf 1 0 0 1 %.3f 600 Tm (%s) Tj ET\n" % (x, letter.encode())
    return saved(page_pdf(content))


def outside_crop_box() -> bytes:
    content = plain() + _text_ops([NAME], x=72, y=100)
    return saved(page_pdf(content, boxes=[[0, 300, 595, 842]]))


def invisible_text() -> bytes:
    return saved(page_pdf(plain() + _text_ops([NAME], y=500, extra=b"3 Tr")))


def white_text() -> bytes:
    return saved(page_pdf(plain() + b"1 1 1 rg " + _text_ops([NAME], y=500)))


def alt_text() -> bytes:
    pdf = page_pdf(plain() + b"/Figure <</MCID 0>> BDC q 100 0 0 50 72 400 cm 0 0 1 1 re f Q EMC\n")
    _tag(pdf, Dictionary(Type=Name.StructElem, S=Name.Figure, Alt=String(f"Photo of {NAME}"), K=0))
    return saved(pdf)


def actual_text() -> bytes:
    content = (
        plain()
        + b"/Span <</ActualText ("
        + NAME.encode()
        + b")>> BDC "
        + _text_ops(["J. O."], y=500)
        + b"EMC\n"
    )
    return saved(page_pdf(content))


def _tag(pdf, element) -> None:
    element.Pg = pdf.pages[0].obj
    element = pdf.make_indirect(element)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([element])))
    element.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.pages[0].obj.StructParents = 0


def wrong_to_unicode() -> bytes:
    """The page shows the name; the font's ToUnicode map says each glyph is an x."""
    pdf = page_pdf(plain() + _text_ops([NAME], y=500))
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Wrong def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <0078> endbfrange "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    pdf.pages[0].obj.Resources.Font.F1.ToUnicode = pdf.make_stream(cmap)
    return saved(pdf)


def _lines_image(lines, size=(1240, 400)):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    for number, line in enumerate(lines):
        draw.text((40, 40 + number * 70), line, fill=0, font=font)
    return image


def _image_page(pdf, image, box=(0, 300, 595, 842)):
    """A page that is one picture (a scan), as a Flate-compressed greyscale image."""
    page = pdf.add_blank_page(page_size=(595, 842))
    stream = pdf.make_stream(
        zlib.compress(image.tobytes()),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=8,
        Filter=Name.FlateDecode,
    )
    x0, y0, x1, y1 = box
    page.obj.Resources = Dictionary(XObject=Dictionary(Scan=stream))
    page.obj.Contents = pdf.make_stream(b"q %d 0 0 %d %d %d cm /Scan Do Q\n" % (x1 - x0, y1 - y0, x0, y0))
    return page


def scanned_page() -> bytes:
    """Two text pages and, between them, a scan of a letter naming the child."""
    pdf = page_pdf(plain(), plain())
    image = _lines_image(["Dear colleague,", f"Re: {NAME}, born {BORN}", f"of {STREET}"], size=(1240, 1754))
    _image_page(pdf, image, box=(0, 0, 595, 842))
    pdf.pages.insert(1, pdf.pages[-1])
    del pdf.pages[-1]
    return saved(pdf)


def outlines() -> bytes:
    """The name drawn as the outlines of its glyphs: shapes, no text at all."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale, x, y = 28 / font["head"].unitsPerEm, 72.0, 500.0
    ops = []

    class Pen(BasePen):
        def _moveTo(self, p):
            ops.append(b"%.2f %.2f m" % (x + p[0] * scale, y + p[1] * scale))

        def _lineTo(self, p):
            ops.append(b"%.2f %.2f l" % (x + p[0] * scale, y + p[1] * scale))

        def _curveToOne(self, p1, p2, p3):
            ops.append(
                b" ".join(b"%.2f %.2f" % (x + q[0] * scale, y + q[1] * scale) for q in (p1, p2, p3)) + b" c"
            )

        def _closePath(self):
            ops.append(b"h")

    for letter in NAME:
        glyph = glyphs[cmap[ord(letter)]]
        glyph.draw(Pen(glyphs))
        x += glyph.width * scale
    return saved(page_pdf(plain() + b"0 g " + b"\n".join(ops) + b" f\n"))
