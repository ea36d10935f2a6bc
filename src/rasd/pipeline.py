"""The pipeline, end to end: article → text layer → recognizers → candidates → merge → records.

``extract`` is the library entry point; everything it needs (lexicons, gazetteer, registry) is loaded
once per process by the modules that own it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
from collections import Counter

from rasd import tuning
from rasd.assemble import trace
from rasd.assemble.aggregate import aggregate
from rasd.assemble.candidates import attacks_by_bomb, candidates_for_field, reported_sentences
from rasd.assemble.context import FieldContext
from rasd.assemble.finalize import actor_keys, finalize
from rasd.assemble.model import ArticleState, Candidate
from rasd.assemble.provenance import field_evidence
from rasd.assemble.refine import strikes_by_told_aircraft
from rasd.assemble.roles import settle_roles
from rasd.assemble.scene import countries_named_by, names_a_country, names_a_place
from rasd.assemble.tolls import settle_tolls
from rasd.assemble.topic import crowd_demonstrated, off_topic, self_evident
from rasd.io import MAX_TEXT_CHARS
from rasd.recognize.actors import load_registry
from rasd.recognize.triggers import TriggerMention, find_triggers
from rasd.records import Event
from rasd.resolve.locations import resolve_location
from rasd.text.document import Document
from rasd.text.normalize import normalize_term

MAX_CHARS = MAX_TEXT_CHARS  # longer texts are cut (inputs refuse them): no news article is this long

# objects made between collections of the youngest generation in a batch run (Python's default is 700)
BATCH_GC_THRESHOLD = 100_000


def batch_gc() -> None:
    """Tune the cyclic garbage collector for a batch of articles (``rasd extract``, ingest workers,
    the benchmark), after the lexicons are loaded: what is loaded lives as long as the process, so it
    is frozen out of every collection, and the youngest generation is collected every 100,000 objects,
    not every 700 (an article makes a few thousand short-lived ones, and collecting them so often was
    a tenth of extraction time; a long text keeps its tokens and mentions alive to its end, and each
    collection walks the ones made since the last: at 20,000 a 1,000,000-character text paid a tenth of
    its time walking them, against none for a short one). At exit everything is frozen as well: Python's
    finalization ran full collections over the ~190,000 loaded containers, longer than a warm start
    (0.25–0.6 s at load 5–7), and only cycles left at exit go uncollected, which Python never promises.
    Only garbage in the young generations is collected before the freeze: a cycle already old when a
    batch starts stays frozen with the lexicons (a one-time leak, the price of 40 ms a start).
    Process-wide, so the library never calls it on its own."""
    extract("اشتباكات في دمشق أمس.", published="2018-01-01")  # loads what extraction needs
    # the young generations only: the data cache put what it loaded in the oldest, where a full
    # collection walked its ~190,000 containers for no garbage (40 ms of a one-article `rasd extract`)
    gc.collect(1)
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(BATCH_GC_THRESHOLD, middle, old)
    if not _FROZEN_AT_EXIT:
        _FROZEN_AT_EXIT.append(True)
        atexit.register(gc.freeze)


_FROZEN_AT_EXIT: list[bool] = []


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """The calendar day of an ISO 8601 publication time (``2019-02-13`` or ``2019-02-13T09:12:46Z``)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise ValueError(f"published is not an ISO 8601 date: {value!r}") from error


def extract(
    text: str,
    published: str | dt.date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    article_id: str = "",
) -> list[Event]:
    """Events reported in one Arabic article, each with the passages that support it."""
    day = parse_published(published)
    docs: dict[str, Document] = {"text": Document(text[:MAX_CHARS], "text")}
    if title:
        docs["title"] = Document(title[:MAX_CHARS], "title")
    found = {name: find_triggers(doc) for name, doc in docs.items()}
    if _nothing_to_extract(found):
        return []
    fields = [name for name in ("title", "text") if name in docs]
    contexts = [FieldContext.around_triggers(docs[name], found[name]) for name in fields]
    if _nothing_reported(contexts, day):
        return []
    for ctx in contexts:
        ctx.read_places()
    by_text, by_actors = countries_named_by(contexts)
    named = by_text | by_actors
    hint = _article_country(contexts, named)
    if hint not in by_text:
        named = named - {hint}  # named by an actor alone ("التحالف"), the article's country is a guess
    for ctx in contexts:
        ctx.countries = named
    state = ArticleState(day, hint)
    state.names_a_place = any(names_a_place(ctx, hint) for ctx in contexts)
    state.names_a_country = names_a_country(contexts)
    candidates: list[Candidate] = []
    for ctx in contexts:
        candidates.extend(candidates_for_field(ctx, state))
    trace.article(contexts, hint, day, candidates)
    if any(not self_evident(c) for c in candidates) and off_topic(contexts):
        candidates = [
            c
            for c in candidates
            if self_evident(c) or crowd_demonstrated(c, contexts) or trace.drop(c, "topic_gate")
        ]
    if not candidates:
        return []
    for candidate in candidates:
        if candidate.place is not None:
            candidate.location = resolve_location(candidate.place, hint)
        if candidate.location is None:
            trace.drop(candidate, "place_unresolved")
    attacks_by_bomb(candidates, contexts)
    strikes_by_told_aircraft(candidates, contexts, hint)
    merged = aggregate(candidates)
    merged = settle_roles(merged, contexts, hint)
    by_field = {ctx.doc.field: ctx for ctx in contexts}
    settle_tolls(merged, by_field, hint, day)
    events = []
    for candidate in merged:
        event = finalize(candidate, article_id, outlet or "", docs, by_field)
        event.field_evidence = field_evidence(candidate, actor_keys(candidate), by_field, hint, day)
        events.append(event)
    trace.records(list(zip(merged, events, strict=True)))
    return events


def _nothing_to_extract(found: dict[str, list[TriggerMention]]) -> bool:
    """Whether the article can give no record, so that the other recognizers need not run.

    Every candidate starts from a trigger, so an article (title and text) with none gives ``[]``
    whatever else it names; about half the corpus is such. ``rasd explain`` still gets the full
    analysis (sentences, places, country) because a recorder is installed then.
    """
    return trace.current() is None and not any(found.values())


def _nothing_reported(contexts: list[FieldContext], day: dt.date | None) -> bool:
    """Whether every trigger of the article is masked by a name, dropped by trigger selection and the
    clause filters (negated, planned, habitual …), or surely dropped by a rule of assembly that reads
    no place (no anchor, a war total, a battle nobody fought, a date out of the window …), so that
    places and assembly need not run. As in ``_nothing_to_extract``, ``rasd explain`` goes on."""
    return trace.current() is None and not any(reported_sentences(ctx, day) for ctx in contexts)


def _article_country(contexts: list[FieldContext], named: frozenset[str] = frozenset()) -> str:
    """The country the article is mostly about: votes of unambiguous places, country names and actors."""
    votes: Counter[str] = Counter()
    registry = load_registry()
    for ctx in contexts:
        for place in ctx.all_places:
            if place.is_frame or not (place.provinces or place.plausible("", named)):
                continue  # "وقالت تينا": a small GeoNames town abroad is no evidence of the article's country
            countries = {p.country for p in place.places} | {p.country for p in place.provinces}
            if place.country is not None:
                countries.add(place.country.iso2)
            if len(countries) > 1 and not place.provinces and place.country is None:
                countries = _dominant_reading(place.places)
            if len(countries) == 1:
                votes[countries.pop()] += 1
        for mention in ctx.all_actors:
            country = registry.country_named_by(mention)
            if country:
                votes[country] += 1
    if not votes and len(named) == 1:
        return next(iter(named))  # "محكمة النقض المصرية": a country named only by an adjective still is
    return votes.most_common(1)[0][0] if votes else ""


def _dominant_reading(places) -> set[str]:
    """``لندن``: London (9 million) and London, Ontario: a city ten times as large as every other place
    of its name is what a report means, so it votes for its country; near-equals (Tripoli in Libya and
    in Lebanon) vote for none."""
    largest = max(places, key=lambda p: p.population)
    others = [p.population for p in places if p.country != largest.country]
    if largest.population >= _DOMINANT_RATIO * max(others, default=0):
        return {largest.country}
    return set()


_DOMINANT_RATIO = tuning.DOMINANT_READING_RATIO


def actor_keys_named(text: str) -> list[str]:
    """Keys of the registry actors an Arabic text names (generic ones left out): how the store's actor
    filter finds an actor by one of its Arabic aliases without reaching into the recognizers."""
    mentions = load_registry().find(normalize_term(text))
    return [m.key for m in mentions if m.key and not m.key.startswith("generic:")]


def actor_name_parts(key: str) -> list[str]:
    """The distinctive parts of the names ACLED gives a registry actor (its suffix, else its name, and its
    per-country names), for matching the actor columns of stored events."""
    actor = load_registry().actors.get(key)
    if actor is None:
        return []
    return [actor.suffix or actor.name, *actor.names_by_country.values()]
