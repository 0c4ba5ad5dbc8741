"""The CI guard, exercised on a throwaway test module in a separate pytest process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

INNER_TESTS = """
import pytest

def test_plain():
    pass

@pytest.mark.postgres
def test_needs_postgres():
    pass
"""


# Every suite's needs met (the guard's check of the machine is replaced), so each marker runs.
EVERY_SUITE_RUNS = """
import pytest
import tests.plugins.ci_guard as guard

guard._unmet_needs = dict

def test_plain():
    pass

@pytest.mark.postgres
def test_postgres():
    pass

@pytest.mark.worker
def test_worker():
    pass

@pytest.mark.browser
def test_browser():
    pass
"""


def run_inner(tmp_path, source, *, required, extra_args=()):
    (tmp_path / "test_inner.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env["CSCP_REQUIRE_ALL_SUITES"] = "1" if required else ""
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.plugins.ci_guard",
            "-c",
            os.devnull,
            "--rootdir",
            str(tmp_path),
            *extra_args,
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_it_skips_postgres_tests_without_postgres(tmp_path):
    result = run_inner(tmp_path, INNER_TESTS, required=False)

    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "needs PostgreSQL" in result.stdout


def test_it_fails_the_session_on_a_skip_when_all_suites_are_required(tmp_path):
    result = run_inner(tmp_path, INNER_TESTS, required=True)

    assert result.returncode == 1, result.stdout
    assert "test_inner.py::test_needs_postgres (skipped" in result.stdout
    assert "no test ran for marker(s): postgres, worker, browser" in result.stdout


def test_it_fails_the_session_when_no_test_ran(tmp_path):
    result = run_inner(tmp_path, "", required=True)

    assert result.returncode == 1, result.stdout
    assert "no test ran\n" in result.stdout


def test_it_passes_a_run_in_which_every_suite_ran(tmp_path):
    result = run_inner(tmp_path, EVERY_SUITE_RUNS, required=True)

    assert result.returncode == 0, result.stdout
    assert "4 passed" in result.stdout


def test_it_counts_the_suites_that_ran_on_parallel_workers(tmp_path):
    # Each xdist worker runs a share of the tests; the controller's tally must see them all,
    # and no worker may fail the run for the suites it happened not to get.
    result = run_inner(tmp_path, EVERY_SUITE_RUNS, required=True, extra_args=("-n", "2"))

    assert result.returncode == 0, result.stdout
    assert "4 passed" in result.stdout


def test_it_fails_a_parallel_run_on_a_skip(tmp_path):
    result = run_inner(tmp_path, INNER_TESTS, required=True, extra_args=("-n", "2"))

    assert result.returncode == 1, result.stdout
    assert "test_inner.py::test_needs_postgres (skipped" in result.stdout
    assert "no test ran for marker(s): postgres, worker, browser" in result.stdout
