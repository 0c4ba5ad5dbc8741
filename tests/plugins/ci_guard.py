"""Environment-dependent suites and the CI guard that forbids skipping them.

Three markers name tests that need something beyond the embedded defaults:

- ``postgres``: runs only when the database is PostgreSQL (``DATABASE_URL=postgres://...``);
- ``browser``: runs only when Debian's Chromium is installed (/usr/bin/chromium);
- ``worker``: runs only when ``redis-server`` is on the PATH (the tests start their own).

On a developer's machine a missing dependency skips those tests with a reason. With
``CSCP_REQUIRE_ALL_SUITES=1`` (set by .ci/run) a skip is a failure: the session exits non-zero
if any test was skipped, if no test ran, or if no test of one of the markers ran.

Under pytest-xdist the tally is kept by the controller, which receives every worker's reports:
a worker sees only its share of the suite, so it never judges the run itself.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SUITES = ("postgres", "worker", "browser")


def _database_is_postgres() -> bool:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return "postgresql" in settings.DATABASES["default"]["ENGINE"]
    except ImproperlyConfigured:  # run without Django settings (the plugin's own tests)
        return False


def _unmet_needs() -> dict[str, str]:
    """Marker -> reason to skip, for each suite this machine cannot run."""
    unmet = {}
    if not _database_is_postgres():
        unmet["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if not shutil.which("redis-server"):
        unmet["worker"] = "needs redis-server on the PATH (apt-get install redis-server)"
    if not CHROMIUM.exists():
        unmet["browser"] = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    return unmet


def required() -> bool:
    return os.environ.get("CSCP_REQUIRE_ALL_SUITES", "") == "1"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (DATABASE_URL); CI requires it")
    config.addinivalue_line(
        "markers", "worker: needs redis-server for a real broker and worker; CI requires it"
    )
    config.addinivalue_line("markers", "browser: drives Debian's Chromium with Playwright; CI requires it")


def pytest_collection_modifyitems(config, items):
    unmet = _unmet_needs()
    for item in items:
        for marker, reason in unmet.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


class _Tally:
    """What actually ran, read from the reports."""

    def __init__(self):
        self.ran: set[str] = set()
        self.ran_by_suite: dict[str, int] = dict.fromkeys(SUITES, 0)
        self.skipped: list[str] = []

    def record(self, report):
        if report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            kind = "xfail" if hasattr(report, "wasxfail") else "skipped"
            self.skipped.append(f"{report.nodeid} ({kind}: {reason})")
        elif report.when == "call" and report.nodeid not in self.ran:
            self.ran.add(report.nodeid)
            for suite in SUITES:
                if suite in report.keywords:
                    self.ran_by_suite[suite] += 1

    def problems(self) -> list[str]:
        found = []
        if not self.ran:
            found.append("no test ran")
        missing = [suite for suite, count in self.ran_by_suite.items() if count == 0]
        if missing:
            found.append("no test ran for marker(s): " + ", ".join(missing))
        if self.skipped:
            found.append(f"{len(self.skipped)} test(s) skipped:")
            found.extend(f"  {line}" for line in self.skipped)
        return found


_tally = _Tally()


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report):
    _tally.record(report)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if not required() or session.config.option.collectonly or _is_xdist_worker(session.config):
        return
    problems = _tally.problems()
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_sep("=", "CSCP_REQUIRE_ALL_SUITES=1: every suite must run, none may skip", red=True)
        for line in problems:
            reporter.write_line(line, red=True)
    if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
