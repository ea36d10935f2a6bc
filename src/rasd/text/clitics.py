"""The proclitics, loaded once from ``data/clitics.toml``: the one definition every matcher shares.

The tokenizer splits every chain off a word; regex recognizers (times, quantities) and the store's
word comparison allow the named subsets the data file lists, built here into regex pieces so that no
recognizer spells the letters itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rasd import data_cache


@dataclass(frozen=True)
class Clitics:
    """The article, the conjunctions, every chain (longest first) and the named subsets of chains."""

    article: str
    conjunctions: tuple[str, ...]
    coordinator: str
    chains: tuple[str, ...]
    subsets: dict[str, tuple[str, ...]]


def parse_clitics(raw: dict) -> Clitics:
    """Check and build the definition: every subset, the article and each conjunction must be chains."""
    chains = tuple(raw["chains"])
    subsets = {name: tuple(words) for name, words in raw["subsets"].items()}
    known = set(chains)
    checked = [
        ("article", [raw["article"]]),
        ("conjunctions", raw["conjunctions"]),
        ("coordinator", [raw["coordinator"]]),
        *subsets.items(),
    ]
    for name, words in checked:
        unknown = [w for w in words if w not in known]
        if unknown:
            raise ValueError(f"clitics.toml: {name} lists {unknown}, which are not in chains")
    return Clitics(raw["article"], tuple(raw["conjunctions"]), raw["coordinator"], chains, subsets)


def load_clitics(path: Path | None = None) -> Clitics:
    """Read and check ``clitics.toml`` (the packaged file unless ``path`` is given)."""
    return parse_clitics(data_cache.read_toml(path or "clitics.toml"))


@cache
def clitics() -> Clitics:
    """The packaged definition, loaded once per process."""
    return load_clitics()


def subset(name: str) -> tuple[str, ...]:
    """One named subset of proclitic chains, as the data file orders it."""
    return clitics().subsets[name]


def optional_prefix(name: str, group: str) -> str:
    """A named regex group matching one chain of a subset or nothing (longest chain first)."""
    chains = sorted(subset(name), key=len, reverse=True)
    return rf"(?P<{group}>(?:{'|'.join(map(re.escape, chains))})?)"


def left_edge(name: str) -> str:
    """A zero-width regex for the left edge of a word, allowing a chain of the subset glued to it.

    A lookbehind must have a fixed width, so there is one per chain length.
    """
    by_length: dict[int, list[str]] = {}
    for chain in subset(name):
        by_length.setdefault(len(chain), []).append(re.escape(chain))
    behind = [rf"(?<=(?<!\w)(?:{'|'.join(chains)}))" for _, chains in sorted(by_length.items())]
    return rf"(?:(?<!\w)|{'|'.join(behind)})"
