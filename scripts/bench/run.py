"""`make bench` (issue 8): seed PostgreSQL once, serve the app with gunicorn (2 sync workers,
cscp.bench_settings: DEBUG off, persistent connections), load each page with wrk at 16
connections for a fixed time, and print requests/s, p50 and p99 per page with the ratio to the
reference page (/bench/reference/: 50 rows of a 10,000-row table, one join, no sign-in),
measured at the start and the end of the same run. Also times a 30-page report PDF render
(scripts/time_pdf.py, median of 5), the anonymisation guard's field check of a publication
against the full partnership register (scripts/time_guard.py, median of 5), a 30-page uploaded
report read by layout and OCR (scripts/time_upload_reading.py, one run) and a referral
submission POST through the server (median). The staff search is loaded as a POST (wrk with a
Lua script: the form's body and CSRF token), searching for a part of a child's surname.
Writes the same as JSON (test-artifacts/bench.json) and exits 1 if any budget is missed.

    .venv/bin/python scripts/bench/run.py [--duration 10] [--reseed] [--json PATH]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust; BENCH_DATABASE_URL to change) and wrk
(`apt-get install wrk`). Not part of CI or `make test`."""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/cscp_bench"
CONNECTIONS = 16
THREADS = 2
SUBMISSIONS = 10
# The staff search measured: a part of a surname (scripts/bench/seed.py names the children), which
# a few dozen of the 20,000 referrals match.
SEARCH_TEXT = "ashwort"

# name, budget: minimum ratio to the reference's requests/s, and the p99 ceiling in ms (or None).
BUDGETS = {
    "Triage queue": (0.6, 150),
    "Review cases": (0.6, 150),
    # A new staff page, budgeted as the queue (design.md §5); a POST, never kept.
    "Staff search": (0.6, 150),
    "Dashboard": (0.5, None),
    # Kept by the casework cache like the dashboard; worked out afresh, time_annual.py below.
    "Annual figures": (0.5, None),
    "Public reports": (1.0, None),
}
PDF_BUDGET_S = 5.0
GUARD_BUDGET_S = 1.0  # the field check of a publication against the full register (issue 14)
# The annual page's figures worked out afresh (once per change to the casework: issue 16 §3).
ANNUAL_BUDGET_S = 3.0
UPLOAD_BUDGET_S = 90.0  # a 30-page upload read by layout and OCR (issue 15)


def env_for_django() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cscp.bench_settings", PYTHONUNBUFFERED="1")
    env.setdefault("BENCH_DATABASE_URL", DEFAULT_DB_URL)
    return env


def seed_version() -> int:
    text = (ROOT / "scripts" / "bench" / "seed.py").read_text()
    return int(re.search(r"^SEED_VERSION = (\d+)$", text, re.M).group(1))


def seeded_at_version(url: str) -> bool:
    """Whether the bench database holds a complete seed of the current version (its marker row)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('bench_benchseed')").fetchone()[0]:
            return False
        row = conn.execute("SELECT 1 FROM bench_benchseed WHERE version = %s", (seed_version(),)).fetchone()
        return row is not None


def ensure_database(url: str, reseed: bool) -> None:
    """Create the bench database; drop it first when asked to, or when it holds anything but a
    complete seed of the current version (an older seed, or one interrupted half-way)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not reseed and not seeded_at_version(url):
            print(f"{name} holds no complete seed of version {seed_version()}: seeding it again")
            reseed = True
        if exists and reseed:
            print(f"Dropping {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, path, cookie="", method="GET", body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    all_headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {}), **(headers or {})}
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("Location", ""), data


def wait_for_server(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited: see bench-results/gunicorn.log")
        try:
            status, _, _ = request(port, "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def parse_ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)", text)
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


# Each request asks with a parameter no other request has (`fresh`, ignored by the page but part
# of what it is kept under), so the staff pages' cache never has it: the cost of the first view
# after a change.
NOTHING_KEPT_LUA = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "%s" .. "fresh=" .. tid .. "-" .. n)
end
"""


# A form posted on every request (the staff search): wrk's own request, made a POST.
POST_LUA = """
wrk.method = "POST"
wrk.body = "%s"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def wrk(port, path, cookie, duration, nothing_kept=False, body=None) -> dict:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if nothing_kept:
        script = ROOT / "bench-results" / "nothing-kept.lua"
        script.write_text(NOTHING_KEPT_LUA % ("&" if "?" in path else "?"))
        command += ["-s", str(script)]
    if body:
        script = ROOT / "bench-results" / "post.lua"
        script.write_text(POST_LUA % body)
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = parse_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "requests": total,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def prepare(env) -> dict:
    """Sign-in cookies, the URLs to measure, and fresh complete drafts for the submissions (in
    the bench database, through the ORM)."""
    os.environ.update({k: v for k, v in env.items() if k in ("DJANGO_SETTINGS_MODULE", "BENCH_DATABASE_URL")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from cscp.accounts.models import User
    from publications.models import Publication
    from referrals.models import AgencyInvolved, Child, FamilyMember, Referral, ReferralStatus

    def cookie_for(email):
        client = Client()
        client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
        return f"sessionid={client.cookies['sessionid'].value}"

    referrer = User.objects.get(email="bench-referrer@demo.example")
    drafts = Referral.objects.filter(created_by=referrer, status=ReferralStatus.DRAFT).order_by("id")
    # Submissions from earlier runs are removed so that the data stays as seeded.
    Referral.objects.filter(created_by=referrer, referrer_job_title="bench-submission").delete()
    template = drafts.first()
    new_drafts = []
    for _ in range(SUBMISSIONS):
        children = list(Child.objects.filter(referral=template))
        family = list(FamilyMember.objects.filter(referral=template))
        agencies = list(AgencyInvolved.objects.filter(referral=template))
        template.pk = template.id = None
        template.public_id = __import__("uuid").uuid4()
        template.referrer_job_title = "bench-submission"
        template.save()
        for row in children + family + agencies:
            row.pk = row.id = None
            row.referral = template
            row.save()
        new_drafts.append(str(template.public_id))
        template = Referral.objects.get(pk=template.pk)
    report = Publication.objects.public().order_by("-published_at").first()
    form_draft = drafts.first()
    from django.db import connections

    connections.close_all()
    return {
        "staff": cookie_for("coordinator@demo.example"),
        "referrer": cookie_for("bench-referrer@demo.example"),
        "report_slug": report.slug,
        "form_draft": str(form_draft.public_id),
        "submission_drafts": new_drafts,
        "my_referrals": Referral.objects.filter(created_by=referrer)
        .exclude(referrer_job_title="bench-submission")
        .count(),
    }


def csrf_for(port, path, cookie) -> tuple[str, str]:
    """The CSRF cookie and the form's token from a GET of `path`, as a browser has them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": cookie})
    response = conn.getresponse()
    page = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return csrf, token


def search_post(port, cookie) -> tuple[str, str]:
    """The staff search's cookie and body, and (checked once here) how many it finds."""
    csrf, token = csrf_for(port, "/search/", cookie)
    cookie, body = f"{cookie}; csrftoken={csrf}", f"csrfmiddlewaretoken={token}&q={SEARCH_TEXT}"
    status, _, page = request(
        port, "/search/", cookie, "POST", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    found = re.search(rb"(\d+) referrals? and (\d+) review cases? found", page)
    if status != 200 or not found:
        raise SystemExit(f"the staff search answered {status}: {page[:300]!r}")
    print(
        f"  Staff search for {SEARCH_TEXT!r}: {found.group(1).decode()} referrals and {found.group(2).decode()} cases found"
    )
    return cookie, body


def time_submissions(port, cookie, drafts) -> list[float]:
    """Submit each fresh draft from its check-your-answers page as a browser would (the CSRF
    cookie and token from the GET), timing only the POST."""
    times = []
    for public_id in drafts:
        path = f"/referrals/drafts/{public_id}/check-your-answers/"
        csrf, token = csrf_for(port, path, cookie)
        start = time.perf_counter()
        status, location, page = request(
            port,
            path,
            f"{cookie}; csrftoken={csrf}",
            method="POST",
            body=f"csrfmiddlewaretoken={token}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        elapsed = time.perf_counter() - start
        if status != 302 or "/submitted/" not in location:
            raise SystemExit(f"submission answered {status} {location!r}: {page[:300]!r}")
        times.append(elapsed * 1000)
    return times


def _script_output(name: str, env) -> str:
    """What one of scripts/'s timing scripts prints (5 runs)."""
    return subprocess.run(  # noqa: S603 (fixed commands of our own)
        [PYTHON, str(ROOT / "scripts" / name), "5"], env=env, capture_output=True, text=True, check=True
    ).stdout


def time_pdf(env) -> dict:
    out = _script_output("time_pdf.py", env)
    match = re.search(r"(\d+) pages, .*median ([\d.]+) s", out)
    return {"pages": int(match.group(1)), "median_s": float(match.group(2)), "output": out.strip()}


def time_guard(env) -> dict:
    out = _script_output("time_guard.py", env)
    match = re.search(r"register: (\d+) entries, (\d+) variants.*field check median ([\d.]+) s", out)
    pdf = re.search(r"report's text .*: median ([\d.]+) s", out)
    return {
        "entries": int(match.group(1)),
        "variants": int(match.group(2)),
        "median_s": float(match.group(3)),
        "pdf_text_median_s": float(pdf.group(1)),
        "output": out.strip(),
    }


def time_annual(env) -> dict:
    out = _script_output("time_annual.py", env)
    match = re.search(r"(\d+) steps counted: median ([\d.]+) s", out)
    return {"steps": int(match.group(1)), "median_s": float(match.group(2)), "output": out.strip()}


def time_upload_reading(env) -> dict:
    out = subprocess.run(  # noqa: S603 (a fixed command of our own); one run: OCR takes most of a minute
        [PYTHON, str(ROOT / "scripts" / "time_upload_reading.py"), "1"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"(\d+)-page upload .*median ([\d.]+) s .*, ([\d.]+) s a page.*in ([\d.]+) s", out)
    return {
        "pages": int(match.group(1)),
        "median_s": float(match.group(2)),
        "per_page_s": float(match.group(3)),
        "match_s": float(match.group(4)),
        "output": out.strip(),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} CPUs ({cpu}){mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("--reseed", action="store_true", help="drop the bench database and seed again")
    parser.add_argument("--json", default=str(ROOT / "test-artifacts" / "bench.json"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = env_for_django()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > (os.cpu_count() or 1):
        print(
            f"Warning: load average {load_before:.1f} on {os.cpu_count()} CPUs: other work is running, "
            "and every figure below will be lower than on a quiet machine (the ratios less so)."
        )
    ensure_database(env["BENCH_DATABASE_URL"], args.reseed)
    subprocess.run([PYTHON, str(ROOT / "scripts" / "bench" / "seed.py")], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603 (fixed commands of our own)
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"], env=env, check=True
    )
    seeded_at = time.perf_counter()
    ctx = prepare(env)

    port = free_port()
    results_dir = ROOT / "bench-results"
    results_dir.mkdir(exist_ok=True)
    log = (results_dir / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (fixed commands of our own)
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "cscp.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_server(port, server)
        staff, referrer = ctx["staff"], ctx["referrer"]
        search_cookie, search_body = search_post(port, staff)
        pages = [
            ("Reference", "/bench/reference/", ""),
            # The same page signed in: what the session (loaded, and renewed by a write on every
            # request for the idle timeout) costs every staff page before it does anything.
            ("Reference signed in", "/bench/reference/", staff),
            ("Triage queue", "/triage/", staff),
            ("Dashboard", "/dashboard/", staff),
            ("Review cases", "/reviews/", staff),
            ("Annual figures", "/dashboard/annual/", staff),
            # Posted (what is searched for is a name), so never kept by the casework cache.
            ("Staff search", "/search/", search_cookie, False, search_body),
            # The same three with nothing kept (a new parameter on every request): what a
            # page costs the first time it is asked for after a change. No budget of its own.
            ("Triage queue, uncached", "/triage/", staff, True),
            ("Dashboard, uncached", "/dashboard/", staff, True),
            ("Review cases, uncached", "/reviews/", staff, True),
            ("Public reports", "/reports/", ""),
            ("Public search", "/reports/?q=neglect+strategy", ""),
            ("Report page", f"/reports/{ctx['report_slug']}/", ""),
            ("My referrals", "/referrals/", referrer),
            ("Referral form page", f"/referrals/drafts/{ctx['form_draft']}/what-happened/", referrer),
            ("Reference (again)", "/bench/reference/", ""),
        ]
        # (name, path, cookie, nothing kept, body posted)
        pages = [(*page, *(False, None)[len(page) - 3 :]) for page in pages]
        posted = {"Content-Type": "application/x-www-form-urlencoded"}
        for name, path, cookie, _, body in pages:  # warm up both workers, and check every page answers 200
            for _ in range(4):
                method = "POST" if body else "GET"
                status, location, _ = request(port, path, cookie, method, body, posted if body else None)
                if status != 200:
                    raise SystemExit(f"{name} {path} answered {status} {location}: not measured")
        rows = []
        for name, path, cookie, nothing_kept, body in pages:
            rows.append(
                {"page": name, "path": path, **wrk(port, path, cookie, args.duration, nothing_kept, body)}
            )
            row = rows[-1]
            # Requests wrk left queued in gunicorn's backlog are served before the next page starts.
            request(port, "/healthz", timeout=300)
            print(
                f"  {name:<24} {row['rps']:>8.1f} req/s  p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms",
                flush=True,
            )
        submissions = time_submissions(port, referrer, ctx["submission_drafts"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    pdf = time_pdf(env)
    guard = time_guard(env)
    annual = time_annual(env)
    upload = time_upload_reading(env)

    reference_rps = statistics.mean(r["rps"] for r in rows if r["page"] in ("Reference", "Reference (again)"))
    failures = []
    for row in rows:
        row["ratio"] = round(row["rps"] / reference_rps, 2)
        budget = BUDGETS.get(row["page"])
        row["budget"] = None
        row["ok"] = row["non_2xx"] == 0 and row["requests"] > 0
        if budget:
            min_ratio, max_p99 = budget
            row["budget"] = f">= {min_ratio}x" + (f", p99 < {max_p99} ms" if max_p99 else "")
            row["ok"] = (
                row["ok"] and row["ratio"] >= min_ratio and (max_p99 is None or row["p99_ms"] < max_p99)
            )
        if not row["ok"]:
            failures.append(row["page"])
    pdf["ok"] = pdf["median_s"] < PDF_BUDGET_S
    if not pdf["ok"]:
        failures.append("PDF")
    upload["ok"] = upload["median_s"] < UPLOAD_BUDGET_S
    if not upload["ok"]:
        failures.append("Upload reading")
    guard["ok"] = guard["median_s"] < GUARD_BUDGET_S
    if not guard["ok"]:
        failures.append("Guard")
    annual["ok"] = annual["median_s"] < ANNUAL_BUDGET_S
    if not annual["ok"]:
        failures.append("Annual figures worked out")

    print()
    print(
        f"Machine: {machine()}; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    print(
        f"{CONNECTIONS} connections, {args.duration} s per page, gunicorn 2 sync workers, reference {reference_rps:.0f} req/s"
    )
    print()
    print(f"{'page':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  {'budget':<22} result")
    for row in rows:
        result = "ok" if row["ok"] else "OVER BUDGET" if row["non_2xx"] == 0 else f"{row['non_2xx']} errors"
        print(
            f"{row['page']:<24} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['ratio']:>5.2f}x  {row['budget'] or '-':<22} {result}"
        )
    submit_median = statistics.median(submissions)
    print()
    print(f"Referral submission POST: median {submit_median:.0f} ms over {len(submissions)} (one round trip)")
    print(
        f"Report PDF ({pdf['pages']} pages): median {pdf['median_s']:.2f} s over 5 renders (budget < {PDF_BUDGET_S:.0f} s): {'ok' if pdf['ok'] else 'OVER BUDGET'}"
    )
    print(
        f"Anonymisation guard, a publication's fields against the register ({guard['entries']} entries, "
        f"{guard['variants']} variants): median {guard['median_s']:.3f} s over 5 (budget < {GUARD_BUDGET_S:.0f} s): "
        f"{'ok' if guard['ok'] else 'OVER BUDGET'}; a 30-page report's text {guard['pdf_text_median_s']:.3f} s"
    )
    print(
        f"Annual figures worked out afresh ({annual['steps']} statutory steps counted): median "
        f"{annual['median_s']:.2f} s over 5 (budget < {ANNUAL_BUDGET_S:.0f} s): {'ok' if annual['ok'] else 'OVER BUDGET'}"
    )
    print(
        f"Uploaded report, {upload['pages']} pages read by layout and OCR as the pdf_check worker does: "
        f"{upload['median_s']:.1f} s, {upload['per_page_s']:.2f} s a page (budget < {UPLOAD_BUDGET_S:.0f} s): "
        f"{'ok' if upload['ok'] else 'OVER BUDGET'}; what was read matched against the register in {upload['match_s']:.2f} s"
    )
    total = time.perf_counter() - started
    print(f"Bench took {total:.0f} s ({seeded_at - started:.0f} s seeding and setup)")
    report = {
        "machine": machine(),
        "load_average": {"start": round(load_before, 1), "end": round(os.getloadavg()[0], 1)},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "connections": CONNECTIONS,
        "duration_s": args.duration,
        "workers": 2,
        "reference_rps": round(reference_rps, 1),
        "my_referrals_count": ctx["my_referrals"],
        "pages": rows,
        "submission_ms": {"median": round(submit_median, 1), "runs": [round(t, 1) for t in submissions]},
        "pdf": pdf,
        "guard": guard,
        "annual": annual,
        "upload_reading": upload,
        "within_budget": not failures,
        "failures": failures,
        "total_s": round(total),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {args.json}")
    if failures:
        print("Over budget: " + ", ".join(failures))
        return 1
    print("Every page within its budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
