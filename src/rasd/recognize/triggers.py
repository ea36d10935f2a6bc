"""Event triggers: words that announce an incident, mapped to ACLED type and sub-type (data/triggers.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

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
    verbal: bool = False  # the phrase is a finite verb: it reports an occurrence by itself


@dataclass(frozen=True, slots=True)
class TriggerMention:
    """A trigger found in a document: normalized span, token range and what it announces."""

    start: int
    end: int
    first_token: int
    last_token: int
    phrase: str
    spec: TriggerSpec


_FLAGS = ("air_upgrade", "takeover", "execution", "protest", "riot", "arrest", "interception", "casualty")


@cache
def trigger_lexicon() -> PhraseLexicon[TriggerSpec]:
    """The trigger lexicon, built once from data/triggers.toml."""
    data = tomllib.loads(resources.files("rasd.data").joinpath("triggers.toml").read_text(encoding="utf-8"))
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
    return [
        TriggerMention(m.start, m.end, m.first_token, m.last_token, m.phrase, m.value)
        for m in trigger_lexicon().find(doc.tokens)
    ]
