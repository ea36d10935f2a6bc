"""Shared fixtures: where the development data beside the repository lives (``../shared``)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` relative to the repository root; the test is skipped when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared development data not available: {SHARED_DIR} does not exist")
    return SHARED_DIR
