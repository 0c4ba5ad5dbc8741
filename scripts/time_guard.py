"""Time the anonymisation guard's field check of a publication against the full partnership
register (issue 14 §3: under a second with the bench's 20,000 referrals). Run on the bench
database: DJANGO_SETTINGS_MODULE=cscp.bench_settings .venv/bin/python scripts/time_guard.py [runs]

Checks the fields and sections of the longest live publication (its PDFs aside, which the PDF
timing covers) the way publishing does, and prints the register's size and the median time."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402

from publications.guard import checks, terms  # noqa: E402
from publications.models import Publication, RegisterEntry, RegisterVariant  # noqa: E402


def main(runs: int = 5) -> None:
    publication = (
        Publication.objects.public().annotate(n=Count("sections")).order_by("-n", "pk").first()
        or Publication.objects.order_by("pk").first()
    )
    if publication is None:
        raise SystemExit("no publication to check: seed the bench database first")
    entries, variants = RegisterEntry.objects.count(), RegisterVariant.objects.count()
    words = sum(len(place.text.split()) for place in checks.field_places(publication))
    times, hits = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        matcher = checks.Matcher(terms.terms_for(publication), register=True)
        hits = len(matcher.find_many(checks.field_places(publication)))
        times.append(time.perf_counter() - started)
    print(
        f"register: {entries} entries, {variants} variants; publication {publication.pk}: {words} words "
        f"in its fields and sections, {hits} hits; field check median {statistics.median(times):.3f} s over {runs} runs"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
