"""An uploaded PDF read as a reader sees it (issue 15 §2), page by page, twice:

1. **By layout** (pdfminer.six): characters are grouped by where they are drawn, not the order
   the file draws them, so a name placed one glyph at a time reads as a word; a marked span's
   /ActualText is read in place of its glyphs, and the structure tree's /Alt, /ActualText and
   /E are read as the page's tags. Text a reader cannot see is noted on its page: drawn outside
   the crop box, in an invisible render mode (3 or 7), white with nothing dark beneath it, or
   smaller than a point.
2. **By OCR** (Tesseract, on the page rendered at OCR_DPI by pdfium): what the page shows,
   whatever the text layer claims (a wrong ToUnicode map, text drawn as outlines, a scan).

A page is flagged for a person to look at when it is mostly image (OCR may miss what a picture
holds), when it has text a reader cannot see, or when OCR reads words its text layer does not
have. The terms are matched against the text later (guard/checks.py), so a change of terms
needs no second OCR.

Nothing read here is logged: counts and page numbers only."""

import io
import os
import re
from dataclasses import dataclass, field

from pdfminer.converter import PDFPageAggregator

OCR_DPI = 200  # Tesseract reads body text reliably from 150 dpi; 200 gives small print a margin
OCR_LANGUAGE = "eng"
MOSTLY_IMAGE = 0.5  # the share of the page's area under images that makes it "mostly image"
SMALLEST_READABLE = 1.0  # points
# OCR words (of 4 letters or more) missing from the text layer that make the layer suspect.
UNMATCHED_OCR_SHARE = 0.5
UNMATCHED_OCR_MIN = 4

FLAG_MOSTLY_IMAGE = "mostly_image"
FLAG_HIDDEN = "hidden_text"
FLAG_MISMATCH = "ocr_mismatch"
FLAG_LABELS = {
    FLAG_MOSTLY_IMAGE: "Mostly image: OCR may miss what a picture or scan holds",
    FLAG_HIDDEN: "Has text a reader cannot see",
    FLAG_MISMATCH: "Shows words its text layer does not have (drawn as shapes, or a wrong character map)",
}
HIDDEN_LABELS = {
    "outside": "outside the visible page",
    "invisible": "in an invisible render mode",
    "white": "white on a white page",
    "tiny": "smaller than a point",
}

_WORD_RE = re.compile(r"[^\W\d_]{4,}")


@dataclass
class PageText:
    number: int
    text: str = ""  # by layout, with ActualText in place of its glyphs
    hidden: dict[str, str] = field(default_factory=dict)  # reason -> the hidden text
    image_share: float = 0.0
    ocr_text: str = ""

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.image_share >= MOSTLY_IMAGE:
            flags.append(FLAG_MOSTLY_IMAGE)
        if self.hidden:
            flags.append(FLAG_HIDDEN)
        if self.ocr_text and _text_layer_misses_words(self.text, self.ocr_text):
            flags.append(FLAG_MISMATCH)
        return flags


def _text_layer_misses_words(layer: str, ocr: str) -> bool:
    """Whether OCR reads English words on the page that its text layer lacks. Only English words
    count: what OCR makes of leader dots, rules or a photo ("ccceee", "eases") is mostly not,
    and a word OCR misread by a letter is still found in the layer."""
    from ..guard import matching
    from ..guard.variants import ordinary_words

    english = ordinary_words()
    layer_words = {word.casefold() for word in _WORD_RE.findall(layer)}
    near_layer = {key for word in layer_words for key in matching.deletions(word)}
    ocr_words = [word.casefold() for word in _WORD_RE.findall(ocr)]
    ocr_words = [word for word in ocr_words if word in english]
    missing = [
        word for word in ocr_words if word not in layer_words and not (matching.deletions(word) & near_layer)
    ]
    return len(missing) >= UNMATCHED_OCR_MIN and len(missing) >= UNMATCHED_OCR_SHARE * len(ocr_words)


# --- By layout --------------------------------------------------------------------------------


def page_count(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def layout_pages(data: bytes):
    """Each page's PageText by layout (no OCR yet), in order."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = _ReadingDevice(manager, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data)), start=1):
        device.start_page(page)
        interpreter.process_page(page)
        yield device.page_text(number, device.get_result())


def tags(data: bytes) -> str:
    """The structure tree's alternative text, actual text and expansions, one per line."""
    import pikepdf

    found: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            _walk_tags(root, found, set())
    return "\n".join(found)


def _walk_tags(node, found, seen) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for item in node:
            _walk_tags(item, found, seen)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.is_indirect:
        if node.objgen in seen:
            return
        seen.add(node.objgen)
    for key in ("/Alt", "/ActualText", "/E", "/T"):
        if key in node and isinstance(node[key], pikepdf.String):
            found.append(str(node[key]))
    if "/K" in node:
        _walk_tags(node.K, found, seen)


class _ReadingDevice(PDFPageAggregator):
    """pdfminer's layout device, noting for each character its render mode, colour and the
    /ActualText of the marked span it is drawn in."""

    def start_page(self, page) -> None:
        self._crop = tuple(page.cropbox)
        self._render_mode = 0
        self._actual: list[str | None] = []
        self._replaced: dict[int, str] = {}  # id of the first char of a span -> its ActualText
        self._span_chars: list[list] = []

    def begin_tag(self, tag, props=None) -> None:
        actual = None
        if isinstance(props, dict) and "ActualText" in props:
            actual = _pdf_string(props["ActualText"])
        self._actual.append(actual)
        self._span_chars.append([])

    def end_tag(self) -> None:
        if not self._actual:
            return
        actual = self._actual.pop()
        chars = self._span_chars.pop()
        if actual is not None and chars:
            self._replaced[id(chars[0])] = actual
            for char in chars[1:]:
                self._replaced[id(char)] = ""

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        self._render_mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        char = self.cur_item._objs[-1]
        char.render_mode = self._render_mode
        for span in self._span_chars:
            span.append(char)
        return advance

    def page_text(self, number: int, layout) -> PageText:
        from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTTextContainer

        page = PageText(number)
        chars, shapes, images = [], [], []
        lines = []

        def walk(item) -> None:
            if isinstance(item, LTChar):
                chars.append(item)
            elif isinstance(item, LTImage):
                images.append(item.bbox)
            elif isinstance(item, LTCurve) and item.fill:
                shapes.append((item.bbox, item.non_stroking_color))
            if isinstance(item, LTTextContainer) and not hasattr(item, "_objs"):
                return
            for child in getattr(item, "_objs", ()):
                walk(child)
            if isinstance(item, LTFigure):
                return

        walk(layout)
        for box in layout:
            if isinstance(box, LTTextContainer):
                lines.append(self._text_of(box))
            elif isinstance(box, LTFigure):
                lines += [self._text_of(inner) for inner in box if isinstance(inner, LTTextContainer)]
        page.text = "\n".join(line for line in lines if line.strip())
        by_position = _by_position(chars)
        if sorted(by_position.split()) != sorted(page.text.split()):
            # Drawn out of order (one glyph at a time, shuffled): pdfminer's lines follow the
            # order of drawing; the letters as they sit on the page are read as well.
            page.text += "\n\n" + by_position
        page.hidden = self._hidden(chars, shapes, images)
        page.image_share = _share(images, self._crop)
        return page

    def _text_of(self, container) -> str:
        from pdfminer.layout import LTChar

        out = []
        for item in _chars_and_spaces(container):
            if isinstance(item, LTChar) and id(item) in self._replaced:
                out.append(self._replaced[id(item)])
            else:
                out.append(item.get_text())
        return "".join(out)

    def _hidden(self, chars, shapes, images) -> dict[str, str]:
        hidden: dict[str, list[str]] = {}
        x0, y0, x1, y1 = self._crop
        for char in chars:
            text = char.get_text()
            if not text.strip():
                continue
            middle = ((char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2)
            reason = None
            if not (x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1):
                reason = "outside"
            elif char.render_mode in (3, 7):
                reason = "invisible"
            elif char.size < SMALLEST_READABLE:
                reason = "tiny"
            elif (
                _white(char.graphicstate.ncolor)
                and char.render_mode in (0, 2, 4, 6)
                and not _on_something(middle, shapes, images)
            ):
                reason = "white"
            if reason:
                hidden.setdefault(reason, []).append(text)
        return {reason: "".join(texts) for reason, texts in hidden.items()}


def _by_position(chars) -> str:
    """The page's characters as they sit on it: lines by baseline, top to bottom, each left to
    right, with a space where the gap between two letters is wider than a narrow letter."""
    rows: list[list] = []
    for char in sorted((c for c in chars if c.get_text().strip()), key=lambda c: (-round(c.y0, 1), c.x0)):
        if rows and abs(rows[-1][0].y0 - char.y0) <= 0.3 * max(char.size, 1):
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        line, last = "", None
        for char in row:
            if last is not None and char.x0 - last.x1 > 0.15 * max(char.size, 1):
                line += " "
            line += char.get_text()
            last = char
        lines.append(line)
    return "\n".join(lines)


def _chars_and_spaces(container):
    from pdfminer.layout import LTAnno, LTChar

    for item in container:
        if isinstance(item, (LTChar, LTAnno)):
            yield item
        else:
            yield from _chars_and_spaces(item)


def _pdf_string(value) -> str:
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1")
    return str(value)


def _white(colour) -> bool:
    if colour is None:
        return False
    values = colour if isinstance(colour, (list, tuple)) else (colour,)
    try:
        values = [float(value) for value in values]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK: no ink
        return all(value <= 0.02 for value in values)
    return bool(values) and all(value >= 0.98 for value in values)


def _on_something(point, shapes, images) -> bool:
    """Whether a non-white filled shape or an image lies under the point (white text on a
    coloured banner is seen)."""
    x, y = point
    for (sx0, sy0, sx1, sy1), colour in shapes:
        if sx0 <= x <= sx1 and sy0 <= y <= sy1 and not _white(colour):
            return True
    return any(ix0 <= x <= ix1 and iy0 <= y <= iy1 for ix0, iy0, ix1, iy1 in images)


def _share(boxes, crop) -> float:
    """The share of the crop box under the boxes (overlaps counted once, on a coarse grid)."""
    x0, y0, x1, y1 = crop
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height <= 0 or not boxes:
        return 0.0
    steps = 40
    covered = 0
    for i in range(steps):
        for j in range(steps):
            x = x0 + (i + 0.5) * width / steps
            y = y0 + (j + 0.5) * height / steps
            if any(bx0 <= x <= bx1 and by0 <= y <= by1 for bx0, by0, bx1, by1 in boxes):
                covered += 1
    return covered / (steps * steps)


# --- By OCR -----------------------------------------------------------------------------------


# Tesseract's own OpenMP threads fight each other on a small machine: a dense page took 20 s
# with them and 3 s without. One thread per Tesseract, and pages read OCR_PROCESSES at a time.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
OCR_PROCESSES = max(1, min(2, os.cpu_count() or 1))


def _ocr(image) -> str:
    import pytesseract

    return pytesseract.image_to_string(image, lang=OCR_LANGUAGE, config="--psm 3")


def _page_picture(document, index: int, dpi: int = OCR_DPI, grayscale: bool = True):
    page = document[index]
    try:
        return page.render(scale=dpi / 72, grayscale=grayscale).to_pil()
    finally:
        page.close()


def read(data: bytes, *, on_page=None) -> list[PageText]:
    """Every page read by layout and by OCR; on_page(page) as each is finished, in order. pdfium
    renders the pages one at a time (it is not thread-safe); Tesseract reads OCR_PROCESSES of
    them at once, each in its own process."""
    from concurrent.futures import ThreadPoolExecutor

    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    pages: list[PageText] = []
    try:
        with ThreadPoolExecutor(max_workers=OCR_PROCESSES) as pool:
            waiting = []  # (page, the OCR's future), in page order

            def finish_first():
                page, future = waiting.pop(0)
                page.ocr_text = future.result()
                pages.append(page)
                if on_page:
                    on_page(page)

            for index, page in enumerate(layout_pages(data)):
                waiting.append((page, pool.submit(_ocr, _page_picture(document, index))))
                if len(waiting) > OCR_PROCESSES:  # no more pictures in memory than are being read
                    finish_first()
            while waiting:
                finish_first()
    finally:
        document.close()
    return pages


def page_image(data: bytes, index: int, *, dpi: int) -> bytes:
    """One page as a PNG, for the coordinator looking at a flagged page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        image = _page_picture(document, index, dpi, grayscale=False)
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
