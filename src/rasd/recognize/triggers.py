"""Event triggers: words that announce an incident, mapped to ACLED type and sub-type (data/triggers.toml)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rasd import data_cache
from rasd.text.document import Document
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize_term


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """What a trigger phrase announces and how much support it needs."""

    event_type: str
    sub_event_type: str
    strong: bool
    air_upgrade: bool = False
    takeover: bool = False
    execution: bool = False
    protest: bool = False
    riot: bool = False
    arrest: bool = False
    interception: bool = False
    casualty: bool = False
    attack: bool = False  # "an attack": its means, when told, decide its type
    entry: bool = False  # forces entered a place: a deal or a raised flag makes it a transfer of territory
    generic_means: bool = False  # "قصف", "انفجار": the means not told; a word that tells them wins
    verbal: bool = False  # the phrase is a finite verb: it reports an occurrence by itself
    means_only: bool = False  # names only the means of an attack word of its sentence, never an event alone


@dataclass(slots=True, unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class TriggerMention:
    """A trigger found in a document: normalized span, token range and what it announces."""

    start: int
    end: int
    first_token: int
    last_token: int
    phrase: str
    spec: TriggerSpec


_FLAGS = (
    "air_upgrade", "takeover", "execution", "protest", "riot", "arrest", "interception", "casualty", "attack",
    "entry",
    "generic_means", "means_only",
)


_KEYS = frozenset({"type", "sub", "strength", "phrases", *_FLAGS})


def check_triggers(data: dict) -> None:
    """Raise ValueError unless a parsed triggers.toml is well formed: every group has a type, a sub-type,
    a known strength, known keys only, and phrases; every ``[verbal]`` phrase is a phrase of a group.
    (Whether type and sub-type are ACLED's is checked with the taxonomy by ``rasd.datafiles``.)"""
    phrases: set[str] = set()
    for number, group in enumerate(data["trigger"], 1):
        unknown = set(group) - _KEYS
        if unknown:
            raise ValueError(f"triggers.toml: group {number} has unknown keys {sorted(unknown)}")
        if not group.get("type") or not group.get("sub") or not group.get("phrases"):
            raise ValueError(f"triggers.toml: group {number} needs type, sub and phrases")
        if group.get("strength", "strong") not in ("strong", "weak"):
            raise ValueError(f"triggers.toml: group {number} has strength {group['strength']!r}")
        phrases.update(normalize_term(p) for p in group["phrases"])
    stray = sorted(p for p in data["verbal"]["phrases"] if normalize_term(p) not in phrases)
    if stray:
        raise ValueError(f"triggers.toml: [verbal] phrases in no trigger group: {stray}")


def load_triggers(path: Path | None = None) -> dict:
    """Read and check triggers.toml (the packaged file unless ``path`` is given)."""
    data = data_cache.parse_toml(path or data_cache.data_path("triggers.toml"))  # its lexicon is cached
    check_triggers(data)
    return data


@cache
def trigger_lexicon() -> PhraseLexicon[TriggerSpec]:
    """The trigger lexicon, built once from data/triggers.toml (or read from the data cache)."""
    return data_cache.cached("trigger_lexicon", _build_trigger_lexicon)


def _build_trigger_lexicon() -> PhraseLexicon[TriggerSpec]:
    """The trigger lexicon, built from data/triggers.toml."""
    data = load_triggers()
    lexicon: PhraseLexicon[TriggerSpec] = PhraseLexicon()
    verbal = {normalize_term(p) for p in data["verbal"]["phrases"]}
    for group in data["trigger"]:
        spec = TriggerSpec(
            group["type"],
            group["sub"],
            group.get("strength", "strong") == "strong",
            **{flag: bool(group.get(flag, False)) for flag in _FLAGS},
        )
        for phrase in group["phrases"]:
            lexicon.add(phrase, replace(spec, verbal=normalize_term(phrase) in verbal))
    return lexicon


def find_triggers(doc: Document) -> list[TriggerMention]:
    """Every trigger in the document, longest phrase first, non-overlapping."""
    lexicon = trigger_lexicon()
    if not lexicon.may_match(doc.words):
        return []  # half the corpus: told from the words alone, before the document is tokenized
    return [
        TriggerMention(m.start, m.end, m.first_token, m.last_token, m.phrase, m.value)
        for m in lexicon.find(doc.tokens)
    ]
