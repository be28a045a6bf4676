# Conóceles: `make run` serves the demo site, `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
REQS_STAMP := $(VENV)/.requirements-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.package-lock-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)

.PHONY: run test install lint e2e-deps demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(REQS_STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.requirements-* && touch $@

install: $(REQS_STAMP)

# migrate + load_catalogs + seed_demo in one process: Django's start-up alone costs seconds.
demo: install
	$(BIN)/python manage.py seed_demo --preparar

# One task worker for every queue (open data, purges, search index, e-mail) runs beside the
# server and stops with it; a deployment runs one per queue (docs/deployment.md).
run: demo
	@echo "Conóceles en http://$(HOST):$(PORT)/ (administración: http://$(HOST):$(PORT)/admin/)"
	@$(BIN)/python manage.py db_worker --no-reload --queue-name "*" & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The reference deployment on loopback (nginx :8160, gunicorn, task worker; docs/deployment.md);
# `deploy/local.sh down` stops it, bench/load.py loads it.
.PHONY: deploy-local
deploy-local: install
	deploy/local.sh up

# Issue 16's figures in one run: dataset (built once), pages, API, the deployment under load.
.PHONY: bench
bench: install
	bench/election_night.sh

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm no está instalado: las pruebas de accesibilidad (axe-core) se omitirán."; fi

e2e-deps: $(NODE_STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install e2e-deps lint
	@# Import contracts (pyproject.toml, docs/architecture.md): layers, no cycles.
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=site_conoceles.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=site_conoceles.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/e2e $(PYTEST_ARGS)
	@# Browser tests flush the database; each module gets a fresh one of its own.
	set -e; for module in tests/e2e/test_*.py; do \
	  $(BIN)/pytest -p no:xdist --create-db $(filter-out --create-db,$(PYTEST_ARGS)) $$module; done

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media collected-static
