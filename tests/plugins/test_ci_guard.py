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


def run_inner(tmp_path, source, *, required):
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
