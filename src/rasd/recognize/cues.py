"""Context cue lexicons (data/cues.toml): negation, modality, habitual, support, target, origin, report, air.

A phrase may belong to several classes (``من`` marks an origin; ``على`` a target), so the payload of
a cue match is the set of its classes.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from functools import cache
from importlib import resources

from rasd.text.document import Document
from rasd.text.lexicon import Match, PhraseLexicon
from rasd.text.normalize import normalize_term


@cache
def _cue_tables() -> dict[str, list[str]]:
    raw = tomllib.loads(resources.files("rasd.data").joinpath("cues.toml").read_text(encoding="utf-8"))
    return {kind: phrases for table in raw.values() for kind, phrases in table.items()}


def cue_words(kind: str) -> list[str]:
    """The phrases of one cue class, as written in the data file."""
    return list(_cue_tables().get(kind, []))


@cache
def cue_lexicon() -> PhraseLexicon[frozenset[str]]:
    """One lexicon for every cue class, built once."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for kind, phrases in _cue_tables().items():
        for phrase in phrases:
            kinds[normalize_term(phrase)].add(kind)
    lexicon: PhraseLexicon[frozenset[str]] = PhraseLexicon()
    for phrase, classes in kinds.items():
        lexicon.add(phrase, frozenset(classes))
    return lexicon


def find_cues(doc: Document) -> list[Match[frozenset[str]]]:
    """All cue phrases in a document."""
    return cue_lexicon().find(doc.tokens)
