"""The web API and dashboard server over the event store (``rasd serve``); see ``rasd.api.app``.

``create_app`` is loaded on first use, so ``rasd.api.cli`` (imported by every ``rasd`` command) does not
import FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from rasd.api.app import create_app

        return create_app
    raise AttributeError(f"module 'rasd.api' has no attribute {name!r}")
