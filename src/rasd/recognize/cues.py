"""Context cue lexicons (data/cues.toml): negation, modality, habitual, support, target, origin, report, air.

A phrase may belong to several classes (``من`` marks an origin; ``على`` a target), so the payload of
a cue match is the set of its classes. The classes are a closed set (``CueClass``): the code reads
each of them, so a class in the data file that no code knows is an error at load, not a silent list.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from functools import cache
from pathlib import Path

from rasd import data_cache
from rasd.text.document import Document
from rasd.text.lexicon import Match, PhraseLexicon
from rasd.text.normalize import normalize_term


class CueClass(StrEnum):
    """Every cue class of cues.toml (each is documented in data/README.md); members compare as strings."""

    NEGATION = "negation"
    DENIAL = "denial"
    REACTION = "reaction"
    MODALITY = "modality"
    ATTEMPT = "attempt"
    HABITUAL = "habitual"
    SUBORDINATE = "subordinate"
    OCCURRENCE = "occurrence"
    GENERIC = "generic"
    SUPPORT = "support"
    TARGET = "target"
    ORIGIN = "origin"
    BETWEEN = "between"
    VERSUS = "versus"
    REPORT = "report"
    VAGUE_ACTOR = "vague_actor"
    WEAPON = "weapon"
    INTERVENTION = "intervention"
    AIR = "air"
    NEAR = "near"
    COUNTRYSIDE = "countryside"
    SETTLEMENT = "settlement"
    AFFILIATION = "affiliation"
    DESTINATION = "destination"
    MEETING = "meeting"
    ORIGIN_VERBS = "origin_verbs"
    NAMES_PLACE = "names_place"
    DISTANCE = "distance"
    DESCRIBES_PLACE = "describes_place"
    RESPONSE = "response"
    CUMULATIVE = "cumulative"
    RISING_TOLL = "rising_toll"
    NOT_EXPLOSIVE = "not_explosive"
    NATURAL_CAUSE = "natural_cause"


def parse_cue_tables(raw: dict) -> dict[CueClass, list[str]]:
    """The classes of a parsed cues.toml, flattened over its tables and checked: every class is a
    ``CueClass``, none is listed twice (in one table or two), and each is a list of phrases."""
    tables: dict[CueClass, list[str]] = {}
    for table_name, table in raw.items():
        if not isinstance(table, dict):
            raise ValueError(f"cues.toml: {table_name!r} is not a table of cue classes")
        for name, phrases in table.items():
            if name not in CueClass.__members__.values():
                raise ValueError(f"cues.toml: unknown cue class {name!r} in [{table_name}]")
            kind = CueClass(name)
            if kind in tables:
                raise ValueError(f"cues.toml: cue class {name!r} is listed twice")
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
                raise ValueError(f"cues.toml: cue class {name!r} must be a list of phrases")
            tables[kind] = phrases
    return tables


def load_cue_tables(path: Path | None = None) -> dict[CueClass, list[str]]:
    """Read and check cues.toml (the packaged file unless ``path`` is given)."""
    return parse_cue_tables(data_cache.read_toml(path or "cues.toml"))


@cache
def _cue_tables() -> dict[CueClass, list[str]]:
    return load_cue_tables()


def cue_words(kind: CueClass | str) -> list[str]:
    """The phrases of one cue class, as written in the data file."""
    return list(_cue_tables()[CueClass(kind)])


@cache
def cue_forms(kind: CueClass | str) -> frozenset[str]:
    """The normalized phrases of one cue class, for rules that test one token against the class (a
    phrase of several words never equals one token, so it needs no filtering out)."""
    return frozenset(normalize_term(phrase) for phrase in cue_words(kind))


@cache
def cue_lexicon() -> PhraseLexicon[frozenset[str]]:
    """One lexicon for every cue class, built once (or read from the data cache)."""
    return data_cache.cached("cue_lexicon", _build_cue_lexicon)


def _build_cue_lexicon() -> PhraseLexicon[frozenset[str]]:
    """One lexicon for every cue class, built from data/cues.toml."""
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
