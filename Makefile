# CSCP Practice Reviews: the two commands a newcomer needs are `make run` and `make test`.
#
#   make run      demo on http://127.0.0.1:8000 (SQLite, Celery eager, email to the console)
#   make test     the whole test suite on every core (SQLite; PostgreSQL when DATABASE_URL is set)
#   make screenshots  the browser tests, keeping a screenshot of every page in test-artifacts/
#   make lint     ruff check + ruff format --check
#   make assets   rebuild static/ from package.json and scss/ (needs Node and npm)
#   make lock     regenerate requirements.lock from requirements.in in a throwaway venv
#   make worker   a Celery worker  (needs REDIS_URL)
#   make beat     Celery beat with the database scheduler (needs REDIS_URL)
#   make bench    benchmark on the machine's PostgreSQL with gunicorn and wrk (not part of CI)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
HOST ?= 127.0.0.1
PORT ?= 8000

# Python 3.11 if there is one, else python3 when it is 3.11 or newer.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || \
	(python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v python3))

# The embedded demo configuration. Demo only: 2FA off (every page says so in a banner), a
# development secret key. DATABASE_URL, REDIS_URL and EMAIL_HOST are cleared so the demo
# always runs on SQLite, eager Celery and console email, whatever the shell has set.
DEMO_ENV := env -u DATABASE_URL -u REDIS_URL -u EMAIL_HOST DJANGO_DEBUG=true CSCP_REQUIRE_2FA=false

.PHONY: help run test screenshots lint format assets lock worker beat venv clean bench

help:
	@sed -n '3,12p' Makefile | sed 's/^# *//'

venv: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11 or python3)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when requirements.lock changes.
$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

run: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist, each worker with its own test database); tests are
# handed out as workers free up, so a long one never holds back a queue of short ones.
# PYTEST_WORKERS=0 runs it in this one process (for a debugger, or -x on a single failure).
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The suite keeps a browser test's screenshot only when it fails; this keeps every one.
screenshots: $(STAMP)
	CSCP_SCREENSHOTS=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -m browser tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

assets:
	bash scripts/build-assets.sh

lock:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed." >&2; exit 1; }
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/bin/python" -m pip install --quiet -r requirements.in && \
	"$$tmp/bin/python" -m pip check && \
	"$$tmp/bin/python" -m pip freeze --exclude-editable > requirements.lock
	@echo "requirements.lock regenerated ($$(wc -l < requirements.lock) packages)"

worker: $(STAMP)
	@test -n "$${REDIS_URL:-}" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) first." >&2; exit 1; }
	$(BIN)/celery -A cscp worker --loglevel=INFO -Q celery,pdf_check

beat: $(STAMP)
	@test -n "$${REDIS_URL:-}" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) first." >&2; exit 1; }
	$(BIN)/celery -A cscp beat --loglevel=INFO --scheduler django_celery_beat.schedulers:DatabaseScheduler

clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache

# Seeds cscp_bench on 127.0.0.1:5432 once (BENCH_DATABASE_URL to change), then measures every
# page against the reference page: scripts/bench/run.py (BENCH_ARGS="--reseed", "--duration 5").
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python scripts/bench/run.py $(BENCH_ARGS)
