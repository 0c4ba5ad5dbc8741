"""Time the full report PDF (issue 6 §5: a 30-page report renders in under 5 seconds in the
worker). Run: DJANGO_DEBUG=true .venv/bin/python scripts/time_pdf.py [runs]

Builds an unsaved publication with 40 sections of long paragraphs (about 30 A4 pages), renders it
the way the worker does (templates, print CSS, WeasyPrint pdf/ua-1) and prints the median time."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django

django.setup()

from publications.models import Publication, PublicationSection  # noqa: E402
from publications.rendering.pdf_html import report_pdf  # noqa: E402

PARAGRAPH = (
    "The review found that agencies held pieces of information about the household which, put "
    "together at the strategy discussion, would have shown a pattern of escalating risk. "
) * 4


def thirty_page_report():
    publication = Publication(title="'Emily' & 'Jack'", slug="emily-and-jack", kind="review")
    body = "\n\n".join([PARAGRAPH] * 3)
    sections = [
        PublicationSection(position=n, heading=f"Key practice episode {n}", body=body) for n in range(1, 41)
    ]
    publication.learning = "\n".join(f"Learning point {n}" for n in range(1, 9))
    publication.recommendations = "\n".join(f"Recommendation {n}" for n in range(1, 9))
    return publication, sections


def main(runs: int = 5) -> None:
    publication, sections = thirty_page_report()
    report_pdf(publication, sections)  # warm up: WeasyPrint's import and font loading happen once per worker
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        pdf = report_pdf(publication, sections)
        times.append(time.perf_counter() - start)
        pages = pdf.pages
    print(
        f"{pages} pages, {len(pdf.content) // 1024} KB: median {statistics.median(times):.2f} s "
        f"over {runs} runs (min {min(times):.2f}, max {max(times):.2f})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
