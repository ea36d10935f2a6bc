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
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

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
    candidate: Candidate,
    contexts: Mapping[str, FieldContext],
    attribute: str,
    question: Question,
    value: Hashable,
) -> Located | None:
    """The first mention (of a ``FieldContext`` bucket) that has ``value`` among ``question``'s values:
    in the supporting sentences, nearest the trigger; else anywhere in the article, title first.

    The article-wide fallback does not depend on the record: each field indexes its mentions by value
    once per question (``_first_by_value``), so a record looks its value up instead of reading every
    mention (records × mentions made long texts quadratic, and each new date or actor asked was a new
    pass)."""
    trigger = candidate.trigger.start
    for field, index in _scope(candidate, contexts):
        bucket = getattr(contexts[field], attribute).get(index, [])
        items = [m for m in bucket if value in question.values(m)]
        if items:
            best = min(items, key=lambda m: abs(m.start - trigger))
            return field, best.start, best.end
    for field, ctx in contexts.items():
        found = _first_by_value(ctx, attribute, question).get(value)
        if found is not None:
            return field, found[0], found[1]
    return None


class Question(NamedTuple):
    """What a field is asked about: ``values`` gives the values a mention answers with (none when it
    answers no such question), ``name`` tells questions apart in the field's memo (equal names for
    equal ``values``)."""

    name: Hashable
    values: Callable[[Any], tuple[Hashable, ...]]


def _first_by_value(ctx: FieldContext, attribute: str, question: Question) -> dict[Hashable, tuple[int, int]]:
    """Each value's first mention in the field, in reading order (sentence by sentence, each sentence's
    mentions in the order found): made once per field and question, kept in the field's memo."""
    key = ("provenance_first", attribute, question.name)
    index = ctx.memo.get(key)
    if index is None:
        index = {}
        mentions = getattr(ctx, attribute)
        for sentence in sorted(mentions):
            for mention in mentions[sentence]:
                for value in question.values(mention):
                    index.setdefault(value, (mention.start, mention.end))
        ctx.memo[key] = index
    return index


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
    where = _first(candidate, contexts, "actors", _naming(country), key)
    if where is None and not key.startswith("generic:"):
        where = _first(candidate, contexts, "places", _STANDS_FOR, key)
    if where is None and (key in (PROTESTERS, RIOTERS, UNIDENTIFIED) or not candidate.perpetrator):
        # no word names them: the event word itself implies them (a protest its protesters, a bomb
        # whose planter nobody names an unidentified group, an air strike in Syria its air force)
        return type_span(candidate, contexts) if role == "actor1" else None
    if where is None and key == CIVILIANS:
        return toll_span(candidate, contexts)
    return where


def _naming(country: str) -> Question:
    """An actor mention names its own key and what its alias means in the article's country."""
    registry = load_registry()

    def values(mention) -> tuple[str, ...]:
        return (mention.key, registry.resolve_context(mention, country or None)) if mention.key else ()

    return Question(("names", country), values)


def _forces_of(place) -> tuple[str, ...]:
    """A country name alone stands for its state forces."""
    return (load_registry().state_forces(place.country.iso2),) if place.is_country_only else ()


_STANDS_FOR = Question("stands_for", _forces_of)


def place_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located | None:
    """The place name the location was resolved from, in the field it was found in."""
    place = candidate.place
    if place is None:
        return None
    for field, ctx in contexts.items():
        if id(place) in _place_ids(ctx):
            return field, place.start, place.end
    field = candidate.field  # a nationality read as a country ("الشرطة الأفغانية"): the candidate's field
    norm = contexts[field].doc.norm
    return (field, place.start, place.end) if norm[place.start : place.end] == place.name else None


def _place_ids(ctx: FieldContext) -> frozenset[int]:
    """The identities of the field's places, made once per field (a pass over every place for each
    record made long texts quadratic). Kept with the list they were taken from, which keeps its places
    alive (so an id cannot be reused), and made again if the field's place list is another."""
    listed, count, ids = ctx.memo.get("provenance_place_ids", (None, 0, frozenset()))
    if listed is not ctx.all_places or count != len(ctx.all_places):
        ids = frozenset(id(p) for p in ctx.all_places)
        ctx.memo["provenance_place_ids"] = (ctx.all_places, len(ctx.all_places), ids)
    return ids


def date_span(
    candidate: Candidate, contexts: Mapping[str, FieldContext], published: dt.date | None
) -> Located | None:
    """The time word that dates the event (none when the date is the publication day's default; the
    lead's time word when an undated event took the lead's day)."""
    if candidate.date is None or (not candidate.dated and candidate.date == published):
        return None
    wanted = (candidate.date, candidate.precision)
    exact = _first(candidate, contexts, "times", _dating(published), wanted)
    return exact or _first(candidate, contexts, "times", _dating(published, day_only=True), candidate.date)


def _dating(published: dt.date | None, day_only: bool = False) -> Question:
    """A time word gives the (date, precision) it resolves to against the publication day, or that
    date alone; a future marker gives none."""

    def values(mention) -> tuple[Hashable, ...]:
        if mention.kind == "future":
            return ()
        resolved = resolve(mention, published)
        return (resolved[0],) if day_only else (resolved,)

    return Question(("day" if day_only else "dates", published), values)


def toll_span(candidate: Candidate, contexts: Mapping[str, FieldContext]) -> Located | None:
    """The casualty phrase of the toll: the one giving exactly the figure, else the largest one."""
    if not candidate.fatalities:
        return None
    counted = list(_casualties(candidate.casualty_spans, contexts))
    if not counted:  # a head count after the trigger ("أعدم 25 عنصرا"): the quantity that gave it
        return _first(candidate, contexts, "quantities", _PEOPLE_COUNT, candidate.fatalities)
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
    return _first(candidate, contexts, "sources", _SOURCE_NAME, name)


_PEOPLE_COUNT = Question("people", lambda q: (q.value,) if q.category in PEOPLE else ())
_SOURCE_NAME = Question("source", lambda s: (s.name,))
