"""Closed-class rule words (``data/rule_words.toml``), loaded once: the code names a class, never a word.

Each class is a list of words or phrases, normalized at load. ``word_set`` serves rules that compare a
token's text (as written, proclitics included), ``alternation`` the regex recognizers.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from rasd import data_cache
from rasd.text.normalize import normalize_term


def parse_rule_words(raw: dict) -> dict[str, tuple[str, ...]]:
    """The classes of a parsed rule_words.toml, checked: each is a non-empty list of words, and no class
    name appears in two tables."""
    classes: dict[str, tuple[str, ...]] = {}
    for table_name, table in raw.items():
        if not isinstance(table, dict):
            raise ValueError(f"rule_words.toml: {table_name!r} is not a table of word classes")
        for name, words in table.items():
            if name in classes:
                raise ValueError(f"rule_words.toml: class {name!r} is listed twice")
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
                raise ValueError(f"rule_words.toml: class {name!r} must be a non-empty list of words")
            classes[name] = tuple(normalize_term(w) for w in words)
    return classes


def load_rule_words(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Read and check rule_words.toml (the packaged file unless ``path`` is given)."""
    return parse_rule_words(data_cache.read_toml(path or "rule_words.toml"))


@cache
def _classes() -> dict[str, tuple[str, ...]]:
    return load_rule_words()


def words(name: str) -> tuple[str, ...]:
    """One class's words, normalized, in file order (a missing class is a KeyError at import)."""
    return _classes()[name]


def word_set(name: str) -> frozenset[str]:
    """One class's words as a set, for comparing a token's text."""
    return frozenset(words(name))


def alternation(name: str, space: str = r"\s+") -> str:
    """One class as a regex alternation, longest first; the words of a phrase are joined by ``space``
    (any run of white space unless told otherwise)."""
    unique = sorted(set(words(name)), key=lambda w: (-len(w), w))
    return "|".join(space.join(re.escape(part) for part in w.split()) for w in unique)
