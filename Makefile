# Two entry points (see README): `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup setup-dev demo test lint bench bench-ingest web web-if-npm

PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock
DEMO_DB := sqlite:///rasd-demo.db
DEMO_PORT ?= 8000

# `setup`: what running rasd needs, with the PostgreSQL driver and Parquet (pyarrow) as the README says;
# `setup-dev`: plus what the tests need (Spark, pandas, browser and API test tools).
setup: $(VENV)/.runtime web-if-npm
setup-dev: $(VENV)/.dev web-if-npm

$(VENV)/.runtime: pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(PIP) -e '.[postgresql,parquet]'
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) -e '.[dev]'
	touch $@

# The main job: extract the bundled sample articles, store them (SQLite), then serve the API and dashboard
# until Ctrl-C, which ends the demo quietly (the shell's trap: no "make: *** Interrupt").
demo: setup
	$(BIN)/rasd extract examples/sample_articles.jsonl -o events.jsonl
	@echo "events written to events.jsonl"
	$(BIN)/rasd ingest examples/sample_articles.jsonl --db $(DEMO_DB)
	@$(BIN)/rasd stats --db $(DEMO_DB) --by country --format table
	@echo
	@echo "rasd demo: open http://127.0.0.1:$(DEMO_PORT)/ (dashboard; API docs at /docs). Ctrl-C stops it."
	@echo "your own data: $(BIN)/rasd ingest FILE.jsonl --db $(DEMO_DB), then reload the page (README: Your own data)"
	@trap 'echo; echo "rasd demo: stopped"; exit 0' INT TERM; \
		$(BIN)/rasd serve --db $(DEMO_DB) --port $(DEMO_PORT) || true

lint: setup-dev
	$(BIN)/ruff check src tests scripts

test: lint
	$(BIN)/pytest -q

bench: setup-dev
	$(BIN)/python scripts/benchmark.py

bench-ingest: setup-dev
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
