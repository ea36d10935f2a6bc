"""From a merged candidate to the output record: canonical actors, codes, source, notes, evidence."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from rasd import data_cache
from rasd.assemble.confidence import record_confidence
from rasd.assemble.context import FieldContext
from rasd.assemble.model import Candidate
from rasd.assemble.notes import write_note
from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.actors import load_registry
from rasd.records import Event, Evidence, interaction_code
from rasd.taxonomy import (
    AIR_STRIKE,
    ARRESTS,
    CIVILIAN_TARGETING_YES,
    EXPLOSIONS,
    LOOTING,
    PROTESTS,
    RIOTS,
    VIOLENCE_AGAINST_CIVILIANS,
)
from rasd.text.document import Document

CIVILIANS, PROTESTERS, RIOTERS, UNIDENTIFIED = (
    "generic:civilians",
    "generic:protesters",
    "generic:rioters",
    "generic:unidentified",
)


def finalize(
    candidate: Candidate,
    article_id: str,
    outlet: str,
    docs: dict[str, Document],
    contexts: Mapping[str, FieldContext] | None = None,
) -> Event:
    """The ACLED-style record of one merged candidate (``contexts``, the fields' as extraction read them,
    lend the confidence features what was read already)."""
    location = candidate.location
    assert location is not None
    country = load_gazetteer().country(location.country)
    actor1, actor2, assoc1, assoc2 = _actor_keys(candidate, location.country)
    name1, inter1 = _name(actor1, location.country, candidate)
    name2, inter2 = _name(actor2, location.country, candidate)
    event = Event(
        article_id=article_id,
        event_date=candidate.date,
        time_precision=candidate.precision,
        event_type=candidate.event_type,
        sub_event_type=candidate.sub_event_type,
        actor1=name1,
        actor2=name2,
        assoc_actor_1="; ".join(_name(k, location.country, candidate)[0] for k in assoc1),
        assoc_actor_2="; ".join(_name(k, location.country, candidate)[0] for k in assoc2),
        inter1=inter1,
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting=CIVILIAN_TARGETING_YES if _targets_civilians(candidate, actor2) else "",
        country=country.name if country else location.country,
        iso=country.iso if country else 0,
        region=country.region if country else "",
        admin1=location.admin1,
        admin2=location.admin2,
        location=location.name,
        latitude=round(location.latitude, 5),
        longitude=round(location.longitude, 5),
        geo_precision=location.precision,
        fatalities=candidate.fatalities,
        source="; ".join(_unique([outlet, *candidate.sources])) if outlet else "; ".join(candidate.sources),
        notes="",
        evidence=[
            _evidence(docs[span.field], span.field, span.start, span.end) for span in candidate.evidence
        ],
        confidence=candidate.confidence,
    )
    event.notes = write_note(event)
    event.confidence = record_confidence(candidate, event, docs, contexts)  # calibrated: P(record is right)
    return event


def _actor_keys(candidate: Candidate, country: str) -> tuple[str, str, list[str], list[str]]:
    """actor1, actor2 and their associates by event type (CODEBOOK §6)."""
    kind = candidate.event_type
    perpetrator = candidate.perpetrator or _default_perpetrator(candidate, country)
    assoc1 = list(candidate.supporters)
    assoc2: list[str] = []
    if kind == VIOLENCE_AGAINST_CIVILIANS or candidate.sub_event_type == ARRESTS:
        if candidate.victim_group:
            assoc2.append(candidate.victim_group)
        victims = CIVILIANS + (f"@{candidate.victim_country}" if candidate.victim_country else "")
        return perpetrator or UNIDENTIFIED, victims, assoc1, assoc2
    if kind == PROTESTS:
        return PROTESTERS, candidate.perpetrator if _is_state(candidate.perpetrator) else "", [], []
    if kind == RIOTS:
        return RIOTERS, candidate.perpetrator if _is_state(candidate.perpetrator) else "", [], []
    target = candidate.target
    if kind == EXPLOSIONS and not target and candidate.victims in ("civilian", "child", "woman"):
        target = CIVILIANS
    if candidate.sub_event_type == LOOTING and not target and candidate.victims == "civilian":
        target = CIVILIANS  # shops and homes looted or burned (refine.py): their owners were hurt
    if kind == EXPLOSIONS and not perpetrator:
        perpetrator = UNIDENTIFIED
    return perpetrator, target, assoc1, assoc2


def _default_perpetrator(candidate: Candidate, country: str) -> str:
    """Where only one party can have done it (CODEBOOK §6): air strikes in Yemen by the coalition,
    air strikes in Syria by the Syrian government."""
    if candidate.sub_event_type != AIR_STRIKE:
        return ""
    return _defaults()["air_strike"].get(country, "")


@cache
def _defaults() -> dict[str, dict[str, str]]:
    return data_cache.read_toml("defaults.toml")


def _is_state(key: str) -> bool:
    return bool(key) and load_registry().canonical(key, None, None)[1] == 1


def _name(key: str, country: str, candidate: Candidate) -> tuple[str, int]:
    """Canonical ACLED name and inter code; ``generic:x@CC`` names a generic actor of country CC."""
    if not key:
        return "", 0
    key, _, of_country = key.partition("@")
    return load_registry().canonical(key, of_country or country, candidate.date)


def _targets_civilians(candidate: Candidate, actor2: str) -> bool:
    return candidate.event_type == VIOLENCE_AGAINST_CIVILIANS and actor2.startswith(CIVILIANS)


def _evidence(doc: Document, field: str, start: int, end: int) -> Evidence:
    o_start, o_end = doc.original_span(start, end)
    return Evidence(o_start, o_end, doc.original[o_start:o_end], field)


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


def actor_keys(candidate: Candidate) -> dict[str, str]:
    """The registry keys behind a record's ``actor1`` and ``actor2`` (for its per-field evidence)."""
    assert candidate.location is not None
    actor1, actor2, _, _ = _actor_keys(candidate, candidate.location.country)
    return {"actor1": actor1, "actor2": actor2}
