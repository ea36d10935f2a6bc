"""Per-field evidence: for each field of a record, the passage its value was read from.

A record's ``evidence`` says which sentences support the event; ``field_evidence`` says which words gave
each value: the trigger for ``event_type``, the actor mention for ``actor1``/``actor2``, the place name
for ``location``, the time word for ``event_date``, the casualty phrase for ``fatalities`` and the
credited source for ``source``. A value that is a default (a date taken from the publication day, an
unnamed perpetrator, a source that is only the outlet, no toll) has no span.

It works from the merged candidate and the recognizers' mentions, after assembly, so that assembly
itself needs no bookkeeping: a mention is looked up in the sentences that support the event first
(nearest its trigger), then anywhere in the article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator, Mapping

from rasd.assemble.context import FieldContext
from rasd.assemble.model import PEOPLE, Candidate
from rasd.recognize.actors import load_registry
from rasd.recognize.times import resolve
from rasd.records import Evidence

PROTESTERS, RIOTERS, CIVILIANS = "generic:protesters", "generic:rioters", "generic:civilians"
UNIDENTIFIED = "generic:unidentified"

Located = tuple[str, int, int]  # (field, normalized start, normalized end)


def field_evidence(
    candidate: Candidate,
    keys: Mapping[str, str],
    contexts: Mapping[str, FieldContext],
    country: str,
    published: dt.date | None,
) -> dict[str, Evidence]:
    """The span behind each field of one record; ``keys`` holds the actor keys of ``actor1``/``actor2``."""
    found: dict[str, Located | None] = {
        "event_type": type_span(candidate, contexts),
        "actor1": _actor_span(candidate, "actor1", keys.get("actor1", ""), contexts, country),
        "actor2": _actor_span(candidate, "actor2", keys.get("actor2", ""), contexts, country),
        "location": place_span(candidate, contexts),
        "event_date": date_span(candidate, contexts, published),
        "fatalities": toll_span(candidate, contexts),
        "source": _source_span(candidate, contexts),
    }
    return {name: evidence_of(contexts, where) for name, where in found.items() if where is not None}


def evidence_of(contexts: Mapping[str, FieldContext], where: Located) -> Evidence:
    """A normalized span as original-text evidence (``text[start:end] == evidence.text``)."""
    field, start, end = where
    doc = contexts[field].doc
    o_start, o_end = doc.original_span(start, end)
    return Evidence(o_start, o_end, doc.original[o_start:o_end], field)


def _scope(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Iterator[tuple[str, int]]:
    """(field, sentence index) of every sentence supporting the candidate, its trigger's sentence first."""
    seen: list[tuple[str, int]] = [(candidate.field, candidate.sentence.index)]
    for span in candidate.evidence:
        ctx = contexts.get(span.field)
        sentence = ctx.doc.sentence_of(span.start) if ctx else None
        if sentence is not None and (span.field, sentence.index) not in seen:
            seen.append((span.field, sentence.index))
    yield from seen


def _first(
    candidate: Candidate, contexts: Mapping[str, FieldContext], attribute: str, wanted, asked: Hashable
) -> Located | None:
    """The first mention (of a ``FieldContext`` bucket) that ``wanted`` accepts: in the supporting
    sentences, nearest the trigger; else anywhere in the article, title first.

    ``asked`` names what ``wanted`` accepts (equal for predicates that accept the same mentions): the
    article-wide fallback does not depend on the record, so it is found once per field and question,
    not once per record (records × mentions made long texts quadratic)."""
    trigger = candidate.trigger.start
    for field, index in _scope(candidate, contexts):
        items = [m for m in getattr(contexts[field], attribute).get(index, []) if wanted(m)]
        if items:
            best = min(items, key=lambda m: abs(m.start - trigger))
            return field, best.start, best.end
    for field, ctx in contexts.items():
        found = _first_in_field(ctx, attribute, wanted, asked)
        if found is not None:
            return field, found[0], found[1]
    return None


_NONE_FOUND = (-1, -1)


def _first_in_field(ctx: FieldContext, attribute: str, wanted, asked: Hashable) -> tuple[int, int] | None:
    """The span of the field's first mention in reading order that ``wanted`` accepts, kept in the
    field's memo under ``asked``."""
    key = ("provenance_first", attribute, asked)
    found = ctx.memo.get(key)
    if found is None:
        found = _NONE_FOUND
        mentions = getattr(ctx, attribute)
        for index in sorted(mentions):
            mention = next((m for m in mentions[index] if wanted(m)), None)
            if mention is not None:
                found = (mention.start, mention.end)
                break
        ctx.memo[key] = found
    return None if found is _NONE_FOUND else found


def _trigger(candidate: Candidate) -> Located:
    return candidate.field, candidate.trigger.start, candidate.trigger.end


def type_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located:
    """The trigger; when a merge made the event another type (a battle absorbing a strike), the
    supporting trigger of that type."""
    if candidate.trigger.spec.event_type == candidate.event_type:
        return _trigger(candidate)
    for field, index in _scope(candidate, contexts):
        for trigger in contexts[field].triggers.get(index, []):
            if trigger.spec.event_type == candidate.event_type:
                return field, trigger.start, trigger.end
    return _trigger(candidate)


def _actor_span(
    candidate: Candidate, role: str, key: str, contexts: Mapping[str, FieldContext], country: str
) -> Located | None:
    """The mention naming an actor key: by its own key, by what its alias means in the article's
    country, or a country name standing for its forces. Protesters and rioters are named by the
    protest or riot word itself; civilians by the casualty phrase that counts them."""
    key = key.partition("@")[0]
    if not key:
        return None
    registry = load_registry()

    def names(mention) -> bool:
        return mention.key == key or (
            bool(mention.key) and registry.resolve_context(mention, country or None) == key
        )

    def stands_for(place) -> bool:
        return place.is_country_only and registry.state_forces(place.country.iso2) == key

    where = _first(candidate, contexts, "actors", names, ("names", key, country))
    if where is None and not key.startswith("generic:"):
        where = _first(candidate, contexts, "places", stands_for, ("stands_for", key))
    if where is None and (key in (PROTESTERS, RIOTERS, UNIDENTIFIED) or not candidate.perpetrator):
        # no word names them: the event word itself implies them (a protest its protesters, a bomb
        # whose planter nobody names an unidentified group, an air strike in Syria its air force)
        return type_span(candidate, contexts) if role == "actor1" else None
    if where is None and key == CIVILIANS:
        return toll_span(candidate, contexts)
    return where


def place_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located | None:
    """The place name the location was resolved from, in the field it was found in."""
    place = candidate.place
    if place is None:
        return None
    for field, ctx in contexts.items():
        if any(p is place for p in ctx.all_places):
            return field, place.start, place.end
    field = candidate.field  # a nationality read as a country ("الشرطة الأفغانية"): the candidate's field
    norm = contexts[field].doc.norm
    return (field, place.start, place.end) if norm[place.start : place.end] == place.name else None


def date_span(
    candidate: Candidate, contexts: Mapping[str, FieldContext], published: dt.date | None
) -> Located | None:
    """The time word that dates the event (none when the date is the publication day's default; the
    lead's time word when an undated event took the lead's day)."""
    if candidate.date is None or (not candidate.dated and candidate.date == published):
        return None
    wanted = (candidate.date, candidate.precision)
    exact = _first(
        candidate,
        contexts,
        "times",
        lambda m: m.kind != "future" and resolve(m, published) == wanted,
        ("dates", wanted, published),
    )
    return exact or _first(
        candidate,
        contexts,
        "times",
        lambda m: m.kind != "future" and resolve(m, published)[0] == candidate.date,
        ("day", candidate.date, published),
    )


def toll_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located | None:
    """The casualty phrase of the toll: the one giving exactly the figure, else the largest one."""
    if not candidate.fatalities:
        return None
    counted = list(_casualties(candidate.casualty_spans, contexts))
    if not counted:  # a head count after the trigger ("أعدم 25 عنصرا"): the quantity that gave it
        return _first(
            candidate,
            contexts,
            "quantities",
            lambda q: q.value == candidate.fatalities and q.category in PEOPLE,
            ("people", candidate.fatalities),
        )
    exact = [c for c in counted if c[0] == candidate.fatalities]
    best = min(exact, key=lambda c: c[1]) if exact else max(counted)
    return best[1]


def _casualties(
    spans: Iterable[tuple[str, int, int]], contexts: Mapping[str, FieldContext]
) -> Iterator[tuple[int, Located]]:
    """(count, span) of each casualty phrase a candidate's toll was read from."""
    for field, start, end in sorted(spans):
        ctx = contexts.get(field)
        if ctx is None:
            continue
        sentence = ctx.doc.sentence_of(start)
        found = ctx.casualties.get(sentence.index, []) if sentence else []
        count = next((c.count for c in found if (c.start, c.end) == (start, end)), 0)
        yield count, (field, start, end)


def _source_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located | None:
    """The first credited source (the outlet alone is the article's metadata: no span)."""
    if not candidate.sources:
        return None
    name = candidate.sources[0]
    return _first(candidate, contexts, "sources", lambda s: s.name == name, ("source", name))
