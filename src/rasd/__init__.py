"""rasd: Arabic conflict news to ACLED-style event records, with the passages that support them.

>>> import rasd
>>> events = rasd.extract(text, published="2019-02-13", outlet="Sky News Arabia")
>>> why = rasd.explain(text, published="2019-02-13")   # every decision behind those events (JSON-ready)

The top-level names are loaded on first use, so importing a single stage (``rasd.text``) stays light.
"""

from __future__ import annotations

from typing import Any

from rasd import code_cache

__all__ = ["Event", "EventRecord", "Evidence", "explain", "extract"]
__version__ = "0.1.0"

code_cache.install_code_cache()  # rasd's modules compiled once, not at every start (see its docstring)


def __getattr__(name: str) -> Any:
    if name == "extract":
        from rasd.pipeline import extract

        return extract
    if name == "explain":
        from rasd.explanation import explain

        return explain
    if name in ("Event", "EventRecord", "Evidence"):
        from rasd import records

        return getattr(records, name)
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")
