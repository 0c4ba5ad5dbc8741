"""Profile one page against the bench database (issue 8): where a request's time goes.

    .venv/bin/python scripts/bench/profile_page.py /triage/ [--as coordinator@demo.example]
        [--repeat 50] [--top 30] [--sort tottime] [--uncached]

Runs the request through Django's test client with the bench settings (the seeded `cscp_bench`
database, DEBUG off, the real middleware), once to warm up, then `--repeat` times under cProfile.
Prints the mean time per request, the queries per request and their share of the time, and the
functions that cost most. Run `make bench` once first so the database is seeded."""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "cscp.bench_settings"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path")
    parser.add_argument("--as", dest="email", default="coordinator@demo.example", help="'' for anonymous")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="ask with a new parameter every time, so the staff pages' cache never has the page",
    )
    args = parser.parse_args()
    requests = iter(range(10**9))

    def path() -> str:
        if not args.uncached:
            return args.path
        return f"{args.path}{'&' if '?' in args.path else '?'}fresh={next(requests)}"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if args.email:
        user = get_user_model().objects.get(email=args.email)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(path())
    if response.status_code != 200:
        sys.exit(f"{args.path} answered {response.status_code}")

    with CaptureQueriesContext(connection) as queries:
        client.get(path())
    # Read them now: the next request's request_started signal empties the connection's log.
    query_count = len(queries)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000

    started = time.perf_counter()
    for _ in range(args.repeat):
        client.get(path())
    plain_ms = (time.perf_counter() - started) * 1000 / args.repeat

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(path())
    profiler.disable()

    print(
        f"{args.path}: {plain_ms:.1f} ms per request without the profiler; "
        f"{query_count} queries, {sql_ms:.1f} ms of SQL (as the database driver saw it)"
    )
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
