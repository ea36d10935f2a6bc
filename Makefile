# Two entry points (see README): `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench bench-ingest

setup: $(VENV)/.installed

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
