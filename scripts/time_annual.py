"""Time the annual page's figures worked out afresh (issue 16 §3): the yearly figures and the
timeliness of every statutory step, which read every triage, review case and contribution. The
page is kept by the casework cache, so this is what its first visit after a change costs. Run on
the bench database: DJANGO_SETTINGS_MODULE=cscp.bench_settings .venv/bin/python scripts/time_annual.py [runs]"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cscp.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from reviews.reporting import timeliness  # noqa: E402
from reviews.reporting.views import annual_context  # noqa: E402


def main(runs: int = 5) -> None:
    today = timezone.localdate()
    times, steps = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        context = annual_context(today, timeliness.FINANCIAL, may_export=True)
        times.append(time.perf_counter() - started)
        steps = sum(
            item.on_time + item.late + item.open_past_due
            for s in context["timeliness"].steps
            for item in s.years
        )
    print(f"annual figures, {steps} steps counted: median {statistics.median(times):.2f} s over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
