"""Everything the recognizers found in one document field, indexed by sentence.

Actors, sources, triggers and places are found once over the whole field; assembly then asks, per
sentence, for the mentions that fall inside it. Times, quantities, casualty figures and cues are only
read for the sentences that hold a trigger (most hold none), and for the others only when a rule
asks about one (``_NearReader``), exactly as a pass over the whole field would find them there. Offsets are
normalized-text offsets of that field's ``Document``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Any, TypeVar

from rasd import tuning
from rasd.recognize.actors import ActorMention, SourceMention, load_registry
from rasd.recognize.cues import cue_lexicon
from rasd.recognize.places import PlaceMention, find_places
from rasd.recognize.quantities import Casualty, Quantity, find_casualties, find_quantities
from rasd.recognize.times import TimeMention, find_times
from rasd.recognize.triggers import TriggerMention, find_triggers
from rasd.text.document import Document
from rasd.text.lexicon import Match, words_of
from rasd.text.segment import Sentence


@dataclass
class FieldContext:
    """One document field with every mention found in it, bucketed by sentence index."""

    doc: Document
    triggers: dict[int, list[TriggerMention]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[int, list[ActorMention]] = field(default_factory=lambda: defaultdict(list))
    places: dict[int, list[PlaceMention]] = field(default_factory=lambda: defaultdict(list))
    # read by sentence when first asked for (see _NearReader): look up with .get(index, [])
    times: Mapping[int, list[TimeMention]] = field(default_factory=dict)
    casualties: Mapping[int, list[Casualty]] = field(default_factory=dict)
    quantities: Mapping[int, list[Quantity]] = field(default_factory=dict)
    sources: dict[int, list[SourceMention]] = field(default_factory=lambda: defaultdict(list))
    cues: Mapping[int, list[Match[frozenset[str]]]] = field(default_factory=dict)
    all_actors: list[ActorMention] = field(default_factory=list)
    all_places: list[PlaceMention] = field(default_factory=list)
    memo: dict[Any, Any] = field(default_factory=dict)  # per-sentence results assembly computes once
    countries: frozenset[str] = frozenset()  # iso2 of the countries the article names (set by the pipeline)
    _names: _SpanIndex | None = field(default=None, repr=False)  # spans of names: no trigger or place inside
    # whether ``read_places`` has run: a memo of something places could change (before them, none were
    # known) keys on it, so an answer given before places is never served after them
    places_read: bool = False

    @classmethod
    def build(cls, doc: Document, triggers: list[TriggerMention] | None = None) -> FieldContext:
        """Run every recognizer over one field; ``triggers`` are the field's, when already found."""
        ctx = cls.around_triggers(doc, triggers)
        ctx.read_places()
        return ctx

    @classmethod
    def around_triggers(cls, doc: Document, triggers: list[TriggerMention] | None = None) -> FieldContext:
        """The field's triggers and what the clause filters need to judge them, without its places.

        Actors and sources are read over the whole field (a trigger inside a name is no trigger); times,
        figures and cues over the trigger sentences. ``read_places`` completes the context; the
        pipeline skips it when no trigger survives the filters and the rules of assembly no place can
        change (``candidates.reported_sentences``: three in five of the articles with a trigger)."""
        ctx = cls(doc)
        norm = doc.norm
        doc.tokens  # noqa: B018 - made first (a title's may not be yet), so the actors reuse them
        # in one pass over the words; sources once: they both mask places and triggers and are bucketed
        ctx.all_actors, sources = load_registry().find_with_sources(norm, doc.tokens)
        names = [(m.start, m.end) for m in sources]
        names += [(m.start, m.end) for m in ctx.all_actors if not m.generic]
        ctx._names = inside = _SpanIndex(names)
        if triggers is None:
            triggers = find_triggers(doc)
        ctx._bucket(ctx.triggers, [t for t in triggers if not inside.covers(t.start, t.end)])
        ctx._bucket(ctx.actors, ctx.all_actors)
        ctx._bucket(ctx.sources, sources)
        near = sorted(ctx.triggers)  # trigger selection and the filters read these sentences' at once
        cues = _NearReader(doc, _read_cues, near)
        ctx.cues = cues.mentions("cues")
        times = _NearReader(doc, _read_times, near)  # apart: tolls ask for other sentences' figures only
        ctx.times = times.mentions("times")
        figures = _NearReader(doc, _read_figures, near)
        ctx.quantities = figures.mentions("quantities")
        ctx.casualties = figures.mentions("casualties")
        return ctx

    def read_places(self) -> None:
        """The field's places, every sentence's (the article's country, its scene, places inherited)."""
        inside = self._names if self._names is not None else _SpanIndex([])
        recognizer_work["places"] += len(self.doc.norm)
        # a place inside a group's name is not where anything happened ("سرايا القدس" is not Jerusalem)
        self.all_places = [p for p in find_places(self.doc) if not inside.covers(p.start, p.end)]
        self._bucket(self.places, self.all_places)
        self.places_read = True
        for key in ("scene_places", "names_a_country"):  # what was judged of the places before (none)
            self.memo.pop(key, None)

    def killed_anywhere(self) -> int:
        """How many casualty figures of dead people (with a count) the field gives in any sentence: the
        topic gate's conflict signal. Found over the whole field, once, and only when the gate asks."""
        count = self.memo.get("killed_anywhere")
        if count is None:
            recognizer_work["casualties_everywhere"] += len(self.doc.norm)
            count = sum(
                1
                for c in find_casualties(self.doc.norm)
                if c.outcome == "killed" and c.count and self.doc.sentence_of(c.start) is not None
            )
            self.memo["killed_anywhere"] = count
        return count

    def _bucket(self, target: dict[int, list[Any]], items: list[Any]) -> None:
        _file(self.doc, target, items)

    def times_of(self, index: int) -> list[TimeMention]:
        """The time words of one sentence, reading that sentence alone when its times are read on
        ask (``.times.get`` of an unread sentence reads the whole field)."""
        times = self.times
        return times.only(index) if isinstance(times, _ReadOnAsk) else times.get(index, [])

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



def _file(
    doc: Document, target: dict[int, list[Any]], items: list[Any], wanted: AbstractSet[int] | None = None
) -> None:
    """File mentions under the sentence they start in (``wanted``: only these sentences).

    ``Document.sentence_of`` inlined: a field files every actor, place and source it names."""
    if not items:
        return
    ends = doc._sentence_ends
    starts = doc._sentence_starts
    for item in items:
        start = item.start
        i = bisect_right(starts, start) - 1  # a sentence's index is its position
        if i >= 0 and start < ends[i] and (wanted is None or i in wanted):
            target[i].append(item)


class _NearReader:
    """Mentions of a few kinds, found sentence by sentence when first asked for.

    ``recognize(doc, indices)`` finds the mentions of those sentences (it may return some of others,
    which are not kept); each sentence is read once. Asking for every sentence (iterating a mapping)
    reads them all, so a reader is never seen half read.

    ``first`` (the trigger sentences) is read in one pass at the first question of any kind, before
    what was asked: the reads happen in the order an eager read of ``first`` then the questions made,
    only later, and not at all for an article no rule asks (one whose triggers trigger selection and
    the clause filters drop before they look at a time word or a figure)."""

    def __init__(
        self,
        doc: Document,
        recognize: Callable[[Document, list[int]], dict[str, list[Any]]],
        first: list[int] | None = None,
    ) -> None:
        self.doc = doc
        self.recognize = recognize
        self.done: set[int] = set()
        self.found: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        self.first = first

    def mentions(self, kind: str) -> _ReadOnAsk:
        return _ReadOnAsk(self, self.found[kind])

    def read(self, indices: Iterable[int]) -> None:
        """Read the sentences of ``indices`` (in reading order) not read yet, after ``first``."""
        if self.first is not None:
            first, self.first = self.first, None
            self.read(first)
        count = len(self.doc.sentences)
        todo = [i for i in indices if i not in self.done and 0 <= i < count]
        if not todo:
            return
        wanted = frozenset(todo)
        for kind, items in self.recognize(self.doc, todo).items():
            _file(self.doc, self.found[kind], items, wanted)
        self.done.update(todo)  # after filing: a read cut short (a time budget) is not taken as done


class _ReadOnAsk(Mapping[int, list[Any]]):
    """One kind of mention by sentence index; a sentence is read when first asked for."""

    def __init__(self, reader: _NearReader, found: dict[int, list[Any]]) -> None:
        self._reader = reader
        self._found = found

    def get(self, index: int, default: Any = None) -> Any:
        """The mentions of one sentence (how assembly asks: ``.get(sentence.index, [])``).

        The trigger sentences are read first; a rule that asks for another sentence (the tolls told
        near a record) goes through the article's sentences, so the first such question reads all
        the rest in one pass rather than one window per sentence."""
        reader = self._reader
        if index not in reader.done:
            count = len(reader.doc.sentences)
            if reader.first is not None:
                reader.read(())  # the trigger sentences first, as an eager read would have
            if 0 <= index < count and index not in reader.done:
                reader.read(range(count))
        items = self._found.get(index)
        return items if items else default

    def read_ahead(self, indices: Iterable[int]) -> None:
        """Read these sentences now, in one pass over their joined windows: a rule that knows which
        few sentences it will ask about saves the read of the whole field a first miss makes."""
        self._reader.read(sorted(indices))

    def only(self, index: int) -> list[Any]:
        """The mentions of one sentence, reading that sentence alone if it is not read yet: for a rule
        that asks about one sentence and no other (the lead's day), where ``get`` would read them all."""
        self._reader.read([index])
        return self._found.get(index) or []

    def __getitem__(self, index: int) -> list[Any]:
        items = self.get(index)
        if items is None:
            raise KeyError(index)
        return items

    def __iter__(self) -> Iterator[int]:
        self._reader.read(range(len(self._reader.doc.sentences)))
        return iter(sorted(index for index, items in self._found.items() if items))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def read_ahead(mentions: Mapping[int, list[Any]], indices: Iterable[int]) -> None:
    """Read the mentions of these sentences now when ``mentions`` is read on demand (a no-op on a plain
    mapping): the answers do not change, only how much of the field is read for them."""
    if isinstance(mentions, _ReadOnAsk):
        mentions.read_ahead(indices)


def read_so_far(mentions: Mapping[int, list[Any]]) -> tuple[list[Any], list[tuple[int, int]]]:
    """The mentions of the sentences read so far and the windows (``_windows``) a read of all the
    others would scan, without reading them: a rule that asks whether the rest of the field could hold
    something can scan those windows more cheaply than the read would. A plain mapping is all read."""
    if not isinstance(mentions, _ReadOnAsk):
        return [m for items in mentions.values() for m in items], []
    reader = mentions._reader
    reader.read(())  # the trigger sentences, when not read yet
    unread = [i for i in range(len(reader.doc.sentences)) if i not in reader.done]
    return [m for items in mentions._found.values() for m in items], _windows(reader.doc, unread)


def _read_times(doc: Document, indices: list[int]) -> dict[str, list[Any]]:
    """Time mentions of some sentences, read over windows around them (``_windows``), with offsets
    into the whole field."""
    norm = doc.norm
    times: list[TimeMention] = []
    for start, end in _windows(doc, indices):
        piece = norm[start:end]
        recognizer_work["times"] += len(piece)
        times += _shifted(find_times(piece), start)
    return {"times": times}


def _read_figures(doc: Document, indices: list[int]) -> dict[str, list[Any]]:
    """Quantities and casualty figures of some sentences, read like ``_read_times``; apart from the
    times, since the tolls rule asks for the figures of sentences whose times nobody asks for."""
    norm = doc.norm
    tokens, token_starts = doc.tokens, doc._token_starts
    quantities: list[Quantity] = []
    casualties: list[Casualty] = []
    for start, end in _windows(doc, indices):
        piece = norm[start:end]
        recognizer_work["figures"] += len(piece)
        # the window's words, by offset in the field: where a figure may start is found from them (no
        # token crosses a window's edge, which lies at white space); paired in C, not listed anew
        first, last = bisect_left(token_starts, start), bisect_left(token_starts, end)
        words = zip(token_starts[first:last], map(_TEXT, tokens[first:last]), strict=True)
        found = find_quantities(piece, words, start)
        casualties += _shifted(find_casualties(piece, found), start)
        quantities += _shifted(found, start)
    return {"quantities": quantities, "casualties": casualties}


def _read_cues(doc: Document, indices: list[int]) -> dict[str, list[Any]]:
    return {"cues": cues_of(doc, [doc.sentences[i] for i in indices])}


# characters each gated recognizer has read since the process started, by recognizer ("times"; "figures"
# for the quantity and casualty recognizers, which read the same windows; "cues"; "places", read over
# whole fields once a trigger survives the filters; "casualties_everywhere" for the topic gate's
# whole-field count): how tests and benchmarks see where the work went
recognizer_work: Counter[str] = Counter()

_TEXT = attrgetter("text")

_MARGIN = tuning.RECOGNIZER_MARGIN_CHARS
_M = TypeVar("_M", TimeMention, Quantity, Casualty)


def _windows(doc: Document, indices: list[int]) -> list[tuple[int, int]]:
    """Spans of the normalized text to run the regex recognizers over: each listed sentence widened by
    ``tuning.RECOGNIZER_MARGIN_CHARS`` on both sides out to whole words, overlapping ones joined.

    A regex match may reach past a sentence's end ("مقتل" at a paragraph's end, its figure on the next
    line), and the rules look at the word before and after a time word ("حتى الآن"): the margin holds
    those words and lets a scan that starts in it fall into step with a scan of the whole text before it
    reaches the sentence. Mentions starting in the margin are not kept (they may be cut).

    The times and the figures read the same trigger sentences first, so the last answer is kept."""
    last = _LAST_WINDOWS.get("last")  # one read of the entry: another thread may replace it
    if last is not None and last[0] is doc and last[1] == indices:
        return list(last[2])
    norm = doc.norm
    size = len(norm)
    spans: list[tuple[int, int]] = []
    for index in indices:
        sentence = doc.sentences[index]
        start = _word_edge_before(norm, max(0, sentence.start - _MARGIN))
        end = _word_edge_after(norm, min(size, sentence.end + _MARGIN))
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    _LAST_WINDOWS["last"] = (doc, list(indices), tuple(spans))
    return spans


# the last ``_windows`` question and answer, as one entry: (document, sentence indices, spans)
_LAST_WINDOWS: dict[str, tuple[Document, list[int], tuple[tuple[int, int], ...]]] = {}


def _word_edge_before(norm: str, position: int) -> int:
    """The start of the word before ``position`` (over any white space), so a window never begins
    inside a word or right after a space that a lookbehind would read differently."""
    while position > 0 and norm[position - 1].isspace():
        position -= 1
    while position > 0 and not norm[position - 1].isspace():
        position -= 1
    return position


def _word_edge_after(norm: str, position: int) -> int:
    """The end of the word after ``position`` (over any white space)."""
    size = len(norm)
    while position < size and norm[position].isspace():
        position += 1
    while position < size and not norm[position].isspace():
        position += 1
    return position


def _shifted(mentions: list[_M], offset: int) -> list[_M]:
    """Mentions found in a window, with offsets into the whole field: moved in place, since the
    recognizer made them for this one call (``dataclasses.replace`` built each anew, ten times the
    cost of moving two fields)."""
    if offset:
        for mention in mentions:
            mention.start += offset
            mention.end += offset
    return mentions


def cues_of(doc: Document, sentences: list[Sentence]) -> list[Match[frozenset[str]]]:
    """Cue phrases of the given sentences (in reading order), with token indices into the whole field;
    a few before the first may come too.

    A phrase spans only tokens joined to the previous one, so a token that is not joined is where a scan
    of the whole field is between phrases: matching from the last such token at or before a sentence's
    first token, on past its last token to the next such token, finds exactly the phrases the whole
    scan finds there."""
    tokens = doc.tokens
    lexicon = cue_lexicon()
    starters = _cue_starters(tokens)  # once for the field, not once per sentence or per read
    texts = words_of(tokens)
    found: list[Match[frozenset[str]]] = []
    upto = 0  # tokens before this index are scanned already
    for sentence in sentences:
        low = max(_token_index(doc, sentence.start), upto)
        while upto < low < len(tokens) and tokens[low].joined:
            low -= 1
        high = _token_index(doc, sentence.end)
        while high < len(tokens) and tokens[high].joined:
            high += 1
        if high <= low:
            continue
        recognizer_work["cues"] += tokens[high - 1].end - tokens[low].start
        # the tokens that may begin a cue, of these only: most of a field is never read for its cues
        starts = list(compress(range(low, high), map(starters.__contains__, texts[low:high])))
        found += lexicon.find_in(tokens, low, high, starts)
        upto = high
    return found


# token list → the words of its tokens that may begin a cue, for the last few lists: a field's cues are
# read a few sentences at a time (each rule's question), and only the tokens read are looked up in it
# (a pass over all its tokens per read made a long text quadratic; one per field read them all)
_CUE_STARTS: dict[int, tuple[list[Any], set[str]]] = {}
_CUE_STARTS_LIMIT = 4


def _cue_starters(tokens: list[Any]) -> set[str]:
    """``cue_lexicon().starters(tokens)``, made once per token list (the entry holds the list, so its id
    cannot be another list's while it is kept)."""
    entry = _CUE_STARTS.get(id(tokens))
    if entry is None or entry[0] is not tokens:
        if len(_CUE_STARTS) >= _CUE_STARTS_LIMIT:
            _CUE_STARTS.clear()
        entry = _CUE_STARTS[id(tokens)] = (tokens, cue_lexicon().starters(tokens))
    return entry[1]


def _token_index(doc: Document, position: int) -> int:
    """Index of the first token starting at or after a normalized offset (len(tokens) when none does)."""
    return bisect_left(doc._token_starts, position)
