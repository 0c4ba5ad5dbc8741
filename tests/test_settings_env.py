"""Configuration comes from the environment, and a bad value stops start-up loudly."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cscp.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parent.parent
SECRET = "ci-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # 50+ characters, not a real key
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "reviews.example"}


def manage(*args, **env):
    """Run manage.py in a fresh process with only the given configuration variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CSCP_", "EMAIL_", "AXES_", "CELERY_"))
        and k not in {"DATABASE_URL", "REDIS_URL", "DATABASE_CONN_MAX_AGE", "DEFAULT_FROM_EMAIL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("CSCP_SESSION_IDLE_MINUTES", "abc"),
        ("CSCP_SESSION_IDLE_MINUTES", "1"),
        ("DATABASE_URL", "mysql://user@127.0.0.1/cscp"),
        ("REDIS_URL", "http://x"),
        ("CSCP_SITE_URL", "reviews.example"),
        ("EMAIL_PORT", "smtp"),
        ("DJANGO_LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(name, value):
    result = manage("check", **{**PRODUCTION, name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Environment variable {name}" in result.stderr


def test_production_mode_requires_a_secret_key():
    result = manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="reviews.example")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_rejects_a_short_secret_key():
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_requires_allowed_hosts():
    result = manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=SECRET)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_defaults_start_without_any_configuration():
    result = manage("check", DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr


# --- cscp.env helpers -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " true "])
def test_env_bool_reads_true(monkeypatch, value):
    monkeypatch.setenv("X_FLAG", value)
    assert env_bool("X_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_env_bool_reads_false(monkeypatch, value):
    monkeypatch.setenv("X_FLAG", value)
    assert env_bool("X_FLAG", True) is False


@pytest.mark.parametrize("value", [None, "", "   "])
def test_env_bool_falls_back_to_the_default_when_unset_or_blank(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("X_FLAG", raising=False)
    else:
        monkeypatch.setenv("X_FLAG", value)
    assert env_bool("X_FLAG", True) is True


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)


def test_env_int_reads_a_number(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "42")
    assert env_int("X_NUMBER", 1) == 42


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER must be a whole number"):
        env_int("X_NUMBER", 1)


def test_env_int_enforces_the_minimum(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "2")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER must be at least 5"):
        env_int("X_NUMBER", 30, minimum=5)


def test_env_int_falls_back_to_the_default(monkeypatch):
    monkeypatch.delenv("X_NUMBER", raising=False)
    assert env_int("X_NUMBER", 30, minimum=5) == 30


def test_env_str_requires_a_value_when_told(monkeypatch):
    monkeypatch.delenv("X_TEXT", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_TEXT is required"):
        env_str("X_TEXT", required=True)
    assert env_str("X_TEXT", "fallback") == "fallback"
    assert env_str("X_TEXT") == ""


def test_env_str_strips_whitespace(monkeypatch):
    monkeypatch.setenv("X_TEXT", "  value ")
    assert env_str("X_TEXT") == "value"


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.delenv("X_LIST")
    assert env_list("X_LIST", ["default"]) == ["default"]


def test_env_url_checks_the_scheme(monkeypatch):
    monkeypatch.setenv("X_URL", "redis://127.0.0.1:6379/0")
    assert env_url("X_URL", "", schemes=("redis", "rediss")) == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("X_URL", "http://127.0.0.1:6379/0")
    with pytest.raises(ImproperlyConfigured, match="X_URL must be a URL starting with redis:// or rediss://"):
        env_url("X_URL", "", schemes=("redis", "rediss"))


def test_env_url_checks_the_default_too(monkeypatch):
    monkeypatch.delenv("X_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_URL"):
        env_url("X_URL", "ftp://x", schemes=("http", "https"))


# --- .env.example ---------------------------------------------------------------------------


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(r"env_(?:str|bool|int|list|url)\(\s*\"([A-Z][A-Z0-9_]*)\"")
    return {name for path in (ROOT / "cscp").rglob("*.py") for name in pattern.findall(path.read_text())}


def variables_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable_the_settings_read():
    read = variables_read_by_the_code()

    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - variables_in_env_example() == set()


def test_the_example_configuration_passes_the_deployment_checklist_once_given_a_secret():
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    example = {name: value for name, value in example.items() if value}

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**example, "DJANGO_SECRET_KEY": SECRET}
    )

    assert result.returncode == 0, result.stderr
