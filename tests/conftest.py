"""Shared fixtures: where the development data beside the repository lives (``../shared``), and
``db_url`` (every store test on SQLite and on PostgreSQL; defined with the test PostgreSQL cluster in
``test_store_support.py``), so a test module takes it by name without importing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_store_support import db_url  # noqa: F401 - the fixture, for every test module

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` relative to the repository root; the test is skipped when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared development data not available: {SHARED_DIR} does not exist")
    return SHARED_DIR
