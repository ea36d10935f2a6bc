"""Everything the recognizers found in one document field, indexed by sentence.

Recognizers run once over the whole field; assembly then asks, per sentence, for the mentions that
fall inside it. Offsets are normalized-text offsets of that field's ``Document``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rasd.recognize.actors import ActorMention, SourceMention, find_sources, load_registry
from rasd.recognize.cues import find_cues
from rasd.recognize.places import PlaceMention, find_places
from rasd.recognize.quantities import Casualty, Quantity, find_casualties, find_quantities
from rasd.recognize.times import TimeMention, find_times
from rasd.recognize.triggers import TriggerMention, find_triggers
from rasd.text.document import Document
from rasd.text.lexicon import Match


@dataclass
class FieldContext:
    """One document field with every mention found in it, bucketed by sentence index."""

    doc: Document
    triggers: dict[int, list[TriggerMention]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[int, list[ActorMention]] = field(default_factory=lambda: defaultdict(list))
    places: dict[int, list[PlaceMention]] = field(default_factory=lambda: defaultdict(list))
    times: dict[int, list[TimeMention]] = field(default_factory=lambda: defaultdict(list))
    casualties: dict[int, list[Casualty]] = field(default_factory=lambda: defaultdict(list))
    quantities: dict[int, list[Quantity]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[int, list[SourceMention]] = field(default_factory=lambda: defaultdict(list))
    cues: dict[int, list[Match[frozenset[str]]]] = field(default_factory=lambda: defaultdict(list))
    all_actors: list[ActorMention] = field(default_factory=list)
    all_places: list[PlaceMention] = field(default_factory=list)
    memo: dict[Any, Any] = field(default_factory=dict)  # per-sentence results assembly computes once
    countries: frozenset[str] = frozenset()  # iso2 of the countries the article names (set by the pipeline)

    @classmethod
    def build(cls, doc: Document, triggers: list[TriggerMention] | None = None) -> FieldContext:
        """Run every recognizer over one field; ``triggers`` are the field's, when already found."""
        ctx = cls(doc)
        norm = doc.norm
        ctx.all_actors = load_registry().find(norm)
        sources = find_sources(norm)  # once: they both mask places and triggers and are bucketed
        names = [(m.start, m.end) for m in sources]
        names += [(m.start, m.end) for m in ctx.all_actors if not m.generic]
        inside = _SpanIndex(names)
        # a place inside a group's name is not where anything happened ("سرايا القدس" is not Jerusalem)
        ctx.all_places = [p for p in find_places(doc) if not inside.covers(p.start, p.end)]
        if triggers is None:
            triggers = find_triggers(doc)
        ctx._bucket(ctx.triggers, [t for t in triggers if not inside.covers(t.start, t.end)])
        ctx._bucket(ctx.actors, ctx.all_actors)
        ctx._bucket(ctx.places, ctx.all_places)
        ctx._bucket(ctx.times, find_times(norm))
        quantities = find_quantities(norm)
        ctx._bucket(ctx.casualties, find_casualties(norm, quantities))
        ctx._bucket(ctx.quantities, quantities)
        ctx._bucket(ctx.sources, sources)
        ctx._bucket(ctx.cues, find_cues(doc))
        return ctx

    def _bucket(self, target: dict[int, list[Any]], items: list[Any]) -> None:
        for item in items:
            sentence = self.doc.sentence_of(item.start)
            if sentence is not None:
                target[sentence.index].append(item)

    def token_at(self, position: int) -> int:
        """Index of the token that starts at or contains a normalized offset."""
        starts = self.doc._token_starts
        i = bisect_left(starts, position)
        if i < len(starts) and starts[i] == position:
            return i
        return max(0, i - 1)


class _SpanIndex:
    """Spans sorted by start with the running maximum of their ends, so that whether a span covers
    [start, end) takes a binary search, not a pass over every span (a long text has thousands)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        for _, end in ordered:
            self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies within a span: "المسيرة" in "تلفزيون المسيرة" is a channel's name,
        not a march."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._max_end[i - 1] >= end
