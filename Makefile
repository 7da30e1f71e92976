# policycomm — two commands: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1
# The local instance's key and plain http, for the targets that run the app's commands outside serve.sh.
LOCAL := POLICYCOMM_SECRET_KEY="$${POLICYCOMM_SECRET_KEY:-$$(bash scripts/secret-key.sh)}" POLICYCOMM_HTTPS=$${POLICYCOMM_HTTPS:-0}

.PHONY: run dev test lint bench install migrate demo demo-code test-sqlite test-postgres test-e2e test-e2e-postgres system-deps messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(LOCAL) $(BIN)/python manage.py migrate --noinput
	$(LOCAL) $(BIN)/python manage.py createcachetable

demo: migrate
	$(LOCAL) $(BIN)/python manage.py load_demo

## make demo-code: the two-factor code the demo's leaders, monitor and admin type now (README, "Demo logins")
demo-code: install
	@$(LOCAL) $(BIN)/python manage.py demo_code

## make run: set up, migrate, load demo data (once), serve with gunicorn beside the background worker and the
## scheduler on http://$(HOST):$(PORT) (workers: POLICYCOMM_WEB_WORKERS, default 2 × cores + 1); Ctrl-C stops all
run: install
	@bash scripts/system-deps.sh || echo "Chưa cài được gói hệ thống: trang vẫn chạy, riêng xuất PDF cần LibreOffice."
	@bash scripts/serve.sh $(HOST) $(PORT)

## make dev: the same with Django's development server (DEBUG on), reloading the server and the worker on code changes
dev: install
	@bash scripts/system-deps.sh || echo "Chưa cài được gói hệ thống: trang vẫn chạy, riêng xuất PDF cần LibreOffice."
	@bash scripts/serve.sh --dev $(HOST) $(PORT)

## make test: system packages, lint, then the suite on SQLite and PostgreSQL, then the browser tests on SQLite and
## (a representative part) on PostgreSQL
test: install system-deps lint test-sqlite test-postgres test-e2e test-e2e-postgres

system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=policycomm.config.settings_test

test-sqlite: install
	$(BIN)/pytest -m "not e2e" -q

test-postgres: install
	@bash scripts/with-postgres.sh $(BIN)/pytest -m "not e2e" -q

test-e2e: install
	$(BIN)/pytest -m e2e -q

# On PostgreSQL, the browser tests of the citizen's path and of search (ranking, unaccent): the whole loop from
# draft to published answers, the portal, identity, versions and dossier downloads. The others (accessibility
# markup, reports, plans, translations) run on SQLite only, to keep the run short; their queries run on
# PostgreSQL in `make test-postgres` (docs/adr/0026-multi-machine.md).
E2E_ON_POSTGRES := tests/e2e/test_loop.py tests/e2e/test_citizen_portal.py tests/e2e/test_search_flow.py \
	tests/e2e/test_versions_flow.py tests/e2e/test_identity_flow.py

test-e2e-postgres: install
	@bash scripts/with-postgres.sh $(BIN)/pytest -m e2e -q $(E2E_ON_POSTGRES)

## make messages: refresh the translation catalogues (src/policycomm/locale) from the code and templates, compile them
messages: install
	@command -v xgettext >/dev/null || { echo "GNU gettext is missing: run 'make system-deps' (apt-get install gettext)." >&2; exit 1; }
	cd src/policycomm && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l vi -l en --no-obsolete --add-location=file --settings=policycomm.config.settings_test
	cd src/policycomm && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py compilemessages -l vi -l en --settings=policycomm.config.settings_test

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/analysis/run.py
	$(BIN)/python bench/analysis/cluster.py
	$(BIN)/python bench/plans/run.py
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/http_intake.py
	$(BIN)/python bench/channels.py
	$(BIN)/python bench/portal.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
