"""Time the full check of a 30-page uploaded report (issue 15: under 90 s on this machine): the
rebuild (uploads/sanitise.py), then every page read by layout and by Tesseract OCR
(uploads/reading.py), as the pdf_check worker runs them, and the guard's match of what was read
against a case's terms. Run: DJANGO_DEBUG=true .venv/bin/python scripts/time_upload_reading.py [runs]

The report is the 30-page one of scripts/time_pdf.py with three of its pages replaced by scans
(pictures of a typed letter), so OCR reads both kinds of page."""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django

django.setup()

import pikepdf  # noqa: E402

from publications.guard import checks  # noqa: E402
from publications.models import ProtectedTerm, RegisterEntry  # noqa: E402
from publications.rendering.pdf_html import report_pdf  # noqa: E402
from publications.uploads import reading, sanitise  # noqa: E402
from scripts.time_pdf import thirty_page_report  # noqa: E402
from tests.publications.uploads import hostile  # noqa: E402

SCANNED = (5, 15, 25)  # page numbers replaced by scans


def thirty_page_upload() -> bytes:
    publication, sections = thirty_page_report()
    text = report_pdf(publication, sections).content
    scans = pikepdf.open(io.BytesIO(hostile.scanned_page()))
    with pikepdf.open(io.BytesIO(text)) as pdf:
        for number in SCANNED:
            pdf.pages[number - 1] = scans.pages[1]
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def main(runs: int = 1) -> None:
    upload = thirty_page_upload()
    term = ProtectedTerm(pk=1, term=hostile.NAME, source=ProtectedTerm.Source.CHILD_NAME)
    times, match_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        rebuilt = sanitise.rebuild(upload, title="Child Q", author="CSCP", language="en-GB")
        pages = reading.read(rebuilt.content)
        times.append(time.perf_counter() - start)
        # What the guard does with it at publishing: the text and OCR of every page against the
        # case's terms and the whole partnership register (OCR's misreadings included).
        start = time.perf_counter()
        matcher = checks.Matcher([term], register=True)
        places = [checks.Place(p.text, f"page {p.number}") for p in pages]
        places += [checks.Place(p.ocr_text, f"page {p.number} (OCR)", ocr=True) for p in pages]
        hits = matcher.find_many(places)
        match_times.append(time.perf_counter() - start)
    flagged = [page.number for page in pages if page.flags]
    median = statistics.median(times)
    entries = RegisterEntry.objects.count()
    print(
        f"{len(pages)}-page upload read by layout and OCR: median {median:.1f} s over {runs} run(s), "
        f"{median / len(pages):.2f} s a page; flagged pages {flagged}; {len(hits)} hits on the name; "
        f"matched against the register ({entries} entries) in {statistics.median(match_times):.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
