# Sikkerhedsnet — the way in. `make run` starts the product, `make test` runs the whole suite.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# The test database gets a per-run name (test_skn_<pid>) unless PG_TEST_NAME is set, so two runs on one
# PostgreSQL server never drop each other's database.
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install run serve test test-sqlite test-postgres test-browser test-crash bench check mypy-baseline fmt messages soak audit figures screenshots

install: .venv/.installed static/vendor/.installed

.venv/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json
	npm install --no-audit --no-fund --silent
	rm -rf static/vendor && mkdir -p static/vendor/dkfds static/vendor/htmx static/vendor/axe
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img static/vendor/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	touch $@

# The job worker (exports, hourly purge of technical records) runs beside the web server and stops with it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py print_demo_logins
	$(PY) manage.py run_jobs & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

# Production start (DJANGO_ENV=production and the settings of README "Production" in the environment): collect the
# static files first (without them every page is a 500, and the server refuses to start: check core.E001), migrate,
# then gunicorn beside the job worker. Nothing of the demo is loaded.
GUNICORN_BIND ?= 127.0.0.1:8000
GUNICORN_WORKERS ?= 3
serve: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(PY) manage.py run_jobs & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		.venv/bin/gunicorn config.wsgi --bind $(GUNICORN_BIND) --workers $(GUNICORN_WORKERS)

# The whole suite: SQLite always; PostgreSQL when reachable (required in CI; tests that touch no database, the pure
# rules, run once, on SQLite: DB_FREE_TESTS=skip); browser tests when Chromium exists.
# Hardening figures (crash trials, fuzz examples, matrix size) land in test-artifacts/figures/ and are printed last.
CRASH_TRIALS ?= 5
# Fuzz examples per API operation and per form in `make test` (reduced, to keep CI under 20 minutes);
# `make soak` runs 500.
export FUZZ_EXAMPLES ?= 10
test: install
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	rm -rf test-artifacts/figures
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser
	$(MAKE) --no-print-directory test-crash
	$(PY) scripts/figures.py

test-sqlite:
	@echo "== Test suite on SQLite"
	$(PY) -m pytest -m "not browser" -n 2 -q

test-postgres:
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		echo "== Test suite on PostgreSQL ($(PG_TEST_URL))"; \
		DATABASE_URL="$(PG_TEST_URL)" PG_TEST_NAME="$${PG_TEST_NAME:-test_skn_$$$$}" DB_FREE_TESTS=skip $(PY) -m pytest -m "not browser" -n 2 -q; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but not reachable at $(PG_TEST_URL)"; exit 1; \
	else echo "== SKIPPED PostgreSQL: not reachable at $(PG_TEST_URL) (set PG_TEST_URL to override)"; fi

test-browser:
	@if [ -x /usr/bin/chromium ]; then \
		echo "== Browser tests (Playwright + Debian Chromium, axe-core)"; \
		$(PY) -m pytest -m browser -q -p no:xdist; \
	elif [ -n "$$CI" ]; then echo "Chromium is required in CI (/usr/bin/chromium)"; exit 1; \
	else echo "== SKIPPED browser tests: /usr/bin/chromium missing (apt-get install chromium)"; fi

# kill -9 during a stream of API writes; every acknowledged write must survive (scripts/crash_trials.py).
test-crash:
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then engine=both; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required in CI"; exit 1; \
	else engine=sqlite; echo "== Crash trials on SQLite only: PostgreSQL not reachable at $(PG_TEST_URL)"; fi; \
	PG_TEST_URL="$(PG_TEST_URL)" $(PY) scripts/crash_trials.py --trials $(CRASH_TRIALS) --engine $$engine

# The long runs: 50 crash trials per engine, 500 fuzz examples per API operation and per form, hypothesis soak.
soak: install
	rm -rf test-artifacts/figures
	FUZZ_EXAMPLES=500 HYPOTHESIS_PROFILE=soak $(PY) -m pytest -m "not browser" -n 2 -q \
		sikkerhedsnet/api/tests/test_fuzz_api.py sikkerhedsnet/core/tests/test_fuzz_forms.py \
		sikkerhedsnet/core/tests/test_access_matrix.py
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		FUZZ_EXAMPLES=500 HYPOTHESIS_PROFILE=soak DATABASE_URL="$(PG_TEST_URL)" PG_TEST_NAME="$${PG_TEST_NAME:-test_skn_$$$$}" $(PY) -m pytest -m "not browser" -n 2 -q \
			sikkerhedsnet/api/tests/test_fuzz_api.py sikkerhedsnet/core/tests/test_fuzz_forms.py; fi
	$(MAKE) --no-print-directory test-crash CRASH_TRIALS=50
	$(PY) scripts/figures.py

# Known vulnerabilities in the installed packages (pip-audit, PyPI advisories) and high-severity bandit findings.
audit: install
	$(PY) scripts/audit_deps.py
	.venv/bin/bandit -q -r sikkerhedsnet config scripts -x "*/tests/*,*/migrations/*" --severity-level high

figures:
	$(PY) scripts/figures.py

# Screenshots of the main pages at 1366 px and 390 px, in Danish and English, into test-artifacts/screenshots/ (not
# committed). Uses a server already running on SCREENSHOT_BASE; otherwise starts one on a throwaway demo database.
SCREENSHOT_BASE ?= http://127.0.0.1:8000
screenshots: install
	@if curl -sf -o /dev/null "$(SCREENSHOT_BASE)/healthz"; then \
		SCREENSHOT_BASE="$(SCREENSHOT_BASE)" $(PY) scripts/screenshots.py; \
	else \
		db=$$(mktemp -d)/screens.sqlite3; export DATABASE_URL="sqlite:///$$db"; \
		$(PY) manage.py migrate --noinput > /dev/null && $(PY) manage.py seed_demo > /dev/null || exit 1; \
		$(PY) manage.py runserver 127.0.0.1:8765 --noreload > /dev/null 2>&1 & server=$$!; \
		trap 'kill $$server 2>/dev/null; rm -f "$$db"*' EXIT INT TERM; \
		for i in $$(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:8765/healthz && break; sleep 1; done; \
		SCREENSHOT_BASE=http://127.0.0.1:8765 $(PY) scripts/screenshots.py; \
	fi

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Static checks: lint, format, types against the committed baseline (may only shrink), the import contracts of the
# layers (docs/architecture.md), Django's system checks and missing migrations.
check: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) scripts/mypy_baseline.py
	.venv/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Drop fixed errors from mypy-baseline.txt (it never grows).
mypy-baseline: install
	$(PY) scripts/mypy_baseline.py --update

fmt: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# English translations: the Danish text is the msgid. Translate new entries in locale/en/LC_MESSAGES/django.po.
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=var --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules
