# Two entry points (see README): `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench bench-ingest web web-if-npm

setup: $(VENV)/.installed web-if-npm

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/rasd extract examples/sample_articles.jsonl -o events.jsonl
	@echo "events written to events.jsonl"

lint: setup
	$(BIN)/ruff check src tests scripts

test: lint
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python scripts/benchmark.py

bench-ingest: setup
	$(BIN)/python scripts/benchmark_ingest.py

# The web dashboard (web/, served by `rasd serve`): `npm ci` from the lock (`npm install` creates the lock the
# first time), then `npm run build` (the basemap outlines, then Vite) into web/dist.
WEB_INPUTS := $(wildcard web/package.json web/package-lock.json web/index.html web/vite.config.js web/src/* web/scripts/*)

web:
	cd web && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	cd web && npm run build

web/dist/index.html: $(WEB_INPUTS)
	$(MAKE) --no-print-directory web

# `setup` builds the dashboard when it is out of date and npm is there, and says so when npm is not.
web-if-npm:
	@if command -v npm > /dev/null 2>&1; then \
		$(MAKE) --no-print-directory web/dist/index.html; \
	else \
		echo "make: npm not found: the web dashboard (web/dist) is not built; rasd serve will serve the API only"; \
	fi
