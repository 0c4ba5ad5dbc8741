"""Time the anonymisation guard against the full partnership register (issue 14 §3: a
publication's field check under a second with the bench's 20,000 referrals). Run on the bench
database: DJANGO_SETTINGS_MODULE=cscp.bench_settings .venv/bin/python scripts/time_guard.py [runs]

Checks the fields and sections of the longest live publication the way publishing does, then a
30-page report's worth of text as a PDF's pages are read, and prints the register's size and
the median times."""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402

from publications.guard import checks, terms, variants  # noqa: E402
from publications.models import Publication, RegisterEntry, RegisterVariant  # noqa: E402


def _median_seconds(runs: int, check) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(runs: int = 5) -> None:
    publication = (
        Publication.objects.public().annotate(n=Count("sections")).order_by("-n", "pk").first()
        or Publication.objects.order_by("pk").first()
    )
    if publication is None:
        raise SystemExit("no publication to check: seed the bench database first")
    entries, hashes = RegisterEntry.objects.count(), RegisterVariant.objects.count()
    fields = checks.field_places(publication)
    words = sum(len(place.text.split()) for place in fields)

    def field_check():
        return checks.Matcher(terms.terms_for(publication), register=True).find_many(
            checks.field_places(publication)
        )

    hits = len(field_check())
    fields_s = _median_seconds(runs, field_check)
    # A 30-page report's text, as the guard reads a PDF's pages: 15,000 words drawn from the
    # English word list, so that almost every run of words is new (repeated text is cheaper).
    rng = random.Random(30)  # noqa: S311 (test text, not security)
    vocabulary = sorted(variants.ordinary_words())
    pages = [
        checks.Place(" ".join(rng.choice(vocabulary) for _ in range(500)), f"Full report PDF, page {n}")
        for n in range(1, 31)
    ]
    pdf_s = _median_seconds(runs, lambda: checks.Matcher([], register=True).find_many(pages))
    print(
        f"register: {entries} entries, {hashes} variants; publication {publication.pk}: {words} words "
        f"in its fields and sections, {hits} hits; field check median {fields_s:.3f} s over {runs} runs; "
        f"a 30-page report's text (15,000 words): median {pdf_s:.3f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
