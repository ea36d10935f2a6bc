"""A record's ``confidence``: the estimated probability that it is right, i.e. that it matches an
event a human coder would code (``tools/score.py``'s matching: same event type, dates at most one day
apart, the same place).

The estimate is a logistic regression over features the rules already compute (how the event was
triggered, how much supports it, how precise its date and place are, whether its actors are known),
its log-odds recalibrated by a Platt step (a slope and a shift fitted on held-out scores).
Its coefficients are data, ``data/confidence.json``, fitted by ``scripts/fit_confidence.py`` on the
development gold with cross-validation (and on the GSR's assault sentences, at a quarter weight);
applying them needs nothing but the standard library. The features never change what is extracted:
they are read off a finished record and its candidate.

``collecting()`` lets the fit script read each record's features as extraction makes them.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any

from rasd import data_cache
from rasd.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, VIOLENCE_AGAINST_CIVILIANS
from rasd.text.tokens import WORD

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rasd.assemble.context import FieldContext
    from rasd.assemble.model import Candidate
    from rasd.records import Event
    from rasd.text.document import Document

MODEL_FILE = "confidence.json"
_UNIDENTIFIED = "unidentified"
_SINK: ContextVar[dict[int, dict[str, float]] | None] = ContextVar("rasd_confidence_sink", default=None)


def features(
    candidate: Candidate,
    event: Event,
    docs: dict[str, Document],
    contexts: Mapping[str, FieldContext] | None = None,
) -> dict[str, float]:
    """The record's features, each a number (flags are 0/1). Names are the data file's keys; the
    fields' contexts, when given, lend the cues extraction already read."""
    spec = candidate.trigger.spec
    spans = candidate.evidence
    actor1 = event.actor1.lower()
    return {
        **_article_features(candidate, event, docs),
        **_place_features(candidate, docs),
        **_cue_features(candidate, docs, contexts),
        "admin1_known": float(bool(event.admin1)),  # places abroad outside rasd's provinces have none
        "foreign_actor": float(_foreign(candidate)),
        "rule_score": float(candidate.confidence),  # the rules' own additive score (max over merged)
        "strong_trigger": float(spec.strong),
        "verbal_trigger": float(spec.verbal),
        "killing_word": float(candidate.from_killing_word),
        "dated": float(candidate.dated),
        "day_known": float(event.time_precision == 1),
        "town": float(event.geo_precision == 1),
        "province_only": float(event.geo_precision == 3),
        "place_inherited": float(candidate.place_inherited),
        "actor1_named": float(bool(actor1) and _UNIDENTIFIED not in actor1),
        "actor2_named": float(bool(event.actor2)),
        "vague_actor": float(candidate.vague_perpetrator),
        "refers_back": float(candidate.refers_back),
        "toll": float(event.fatalities > 0),
        "log_toll": math.log1p(max(event.fatalities, 0)),
        "sources": float(bool(candidate.sources)),
        "log_evidence": math.log(max(len(spans), 1)),  # candidates merged into the record
        "in_title": float(any(span.field == "title" for span in spans)),
        "lead_sentence": float(candidate.field == "text" and candidate.sentence.index <= 1),
        "log_sentence": math.log1p(candidate.sentence.index if candidate.field == "text" else 0),
        "battle": float(event.event_type == BATTLES),
        "remote": float(event.event_type == EXPLOSIONS),
        "civilians": float(event.event_type == VIOLENCE_AGAINST_CIVILIANS),
        "protest": float(event.event_type in (PROTESTS, RIOTS)),
    }


def _article_features(candidate: Candidate, event: Event, docs: dict[str, Document]) -> dict[str, float]:
    """Where the record's sentence sits in its article, and whether it dates something else: a record
    from deep in a long article, or from a sentence naming another year, is more often background."""
    doc = docs.get(candidate.field) or docs["text"]
    count = max(len(doc.sentences), 1)
    sentence = doc.norm[candidate.sentence.start : candidate.sentence.end]
    year = str(event.event_date.year) if event.event_date else ""
    years = set(_YEAR.findall(sentence))
    return {
        "log_sentences": math.log(count),
        "relative_position": candidate.sentence.index / count if candidate.field == "text" else 0.0,
        "other_year": float(bool(years - {year})),
        "log_sentence_chars": math.log1p(len(sentence)),
    }


_CUE_CLASSES = ("modality", "habitual", "reaction", "occurrence", "denial", "generic", "subordinate")
_CUE_KEYS = tuple((name, f"cue_{name}") for name in _CUE_CLASSES)  # (class, feature name)


def _cue_features(
    candidate: Candidate, docs: dict[str, Document], contexts: Mapping[str, FieldContext] | None = None
) -> dict[str, float]:
    """Which context-cue classes (data/cues.toml) the record's sentence holds anywhere: the filters
    look near the trigger only, and a plan, a reaction or a habit elsewhere in the sentence still
    makes background likelier."""
    doc = docs.get(candidate.field) or docs["text"]
    start, end = candidate.sentence.start, candidate.sentence.end
    found: set[str] = set()
    for cue in _sentence_cues(doc, candidate, contexts):
        if start <= cue.start < end:
            found |= cue.value
    return {key: float(name in found) for name, key in _CUE_KEYS}


def _sentence_cues(
    doc: Document, candidate: Candidate, contexts: Mapping[str, FieldContext] | None = None
) -> list:
    """The cues of the record's sentence alone: reading the whole document for them again, after
    extraction read only the trigger sentences, cost more than every other feature together. The
    record's sentence holds its trigger, so its field's context has read its cues already (those
    starting in it, as ``cues_of`` finds them in a read of that sentence alone): they are taken from
    there, and only a record without its context is read anew."""
    from rasd.assemble.context import cues_of, read_ahead

    ctx = contexts.get(candidate.field) if contexts is not None else None
    if ctx is None or ctx.doc is not doc:
        return cues_of(doc, [candidate.sentence])
    index = candidate.sentence.index
    read_ahead(ctx.cues, [index])  # a no-op once read: never the read of the whole field ``get`` makes
    return ctx.cues.get(index, [])


def _foreign(candidate: Candidate) -> bool:
    """Whether an actor of the record belongs to a country other than the event's place: a national
    force abroad is rarer than a place name read as the wrong homonym."""
    from rasd.recognize.actors import load_registry

    registry = load_registry()
    here = candidate.location.country if candidate.location else ""
    owners = {registry.country_of(key) for key in candidate.actor_keys() if not key.startswith("generic:")}
    return bool(here) and bool(owners - {"", here})


def _place_features(candidate: Candidate, docs: dict[str, Document]) -> dict[str, float]:
    """How sure the place is: a curated name, a cue framing it, one country for all its readings, and
    how often the article names it (in the headline too)."""
    place = candidate.place
    if place is None:
        return {name: 0.0 for name in _PLACE_FEATURES}
    countries = {p.country for p in place.places} | {p.country for p in place.provinces}
    title = docs["title"].norm if "title" in docs else ""
    text = docs["text"]
    mentions = _mentions(text, place.name)
    # an occurrence starting in the lead ends before this: the search stops there, not at the first one
    early = text.norm.find(place.name, 0, _LEAD_CHARS - 1 + len(place.name)) >= 0
    return {
        "place_curated": float(
            bool(place.provinces)
            or place.country is not None
            or any(p.source != "geonames" for p in place.places)
        ),
        "place_framed": float(place.cue in ("settlement", "countryside", "near")),
        "place_ambiguous": float(len(countries) > 1),
        "place_in_title": float(bool(title) and place.name in title),
        "log_place_mentions": math.log1p(mentions),
        "place_early": float(early),
        "place_near_trigger": float(_near(candidate)),
        "place_province": float(bool(place.provinces) and not place.places),
        "place_geonames": float(bool(place.places) and all(p.source == "geonames" for p in place.places)),
    }


# (text, {name: count}, the text's word counts or None) of the last text asked about: an article's
# records often share a place, and each count is a scan of the whole text (records × length, quadratic in
# a long text). One tuple, replaced whole, so threads extracting at once never read another text's counts.
_MENTIONS: tuple[str, dict[str, int], _WordCounts | None] = ("", {}, None)
# a text this long counts the names of its fifth and later places from its words (``_WordCounts``): one
# pass over its distinct words per name instead of one over its characters; shorter texts, or fewer
# places, are counted directly (the index would cost more than it saves)
_INDEX_MIN_CHARS = 50_000
_INDEX_AFTER_NAMES = 4


def _mentions(doc: Document, name: str) -> int:
    """``doc.norm.count(name)``, computed once per text and name."""
    global _MENTIONS
    norm = doc.norm
    text, known, words = _MENTIONS
    if text is not norm:
        known, words = {}, None
        _MENTIONS = (norm, known, words)
    found = known.get(name)
    if found is None:
        if words is None and len(norm) >= _INDEX_MIN_CHARS and len(known) >= _INDEX_AFTER_NAMES:
            words = _WordCounts(doc.words)
            _MENTIONS = (norm, known, words)
        found = words.count(name) if words is not None and _one_word(name) else norm.count(name)
        known[name] = found
    return found


def _one_word(name: str) -> bool:
    """Whether ``name`` is letters only (no digit, space or mark): every occurrence then lies inside one
    word of the text, a maximal run of letters (``tokens.split_words``)."""
    return WORD.fullmatch(name) is not None and not name[0].isdigit()


class _WordCounts:
    """A text's distinct words with how often each is written, for counting names of one word.

    A name of letters only occurs inside words, never across the marks between them, so its count in
    the text is the sum over the words holding it of (occurrences in the word × the word's count). The
    distinct words, joined by newlines, are searched like the text is by ``str.count`` (leftmost
    occurrences, none overlapping: a newline ends each word's), and each occurrence found adds the count
    of the word it falls in: a long text has a fifth as many distinct words' letters as characters."""

    def __init__(self, words: list[tuple[str, str]]) -> None:
        counts = Counter([word for _, word in words])
        self._counts = list(counts.values())
        self._joined = "\n".join(counts)
        self._starts = starts = [0]  # where each word begins in the joined text
        for word in counts:
            starts.append(starts[-1] + len(word) + 1)

    def count(self, name: str) -> int:
        """How often the text holds ``name`` (letters only), as ``text.count(name)`` tells."""
        joined, starts, counts = self._joined, self._starts, self._counts
        total = 0
        at = joined.find(name)
        while at >= 0:
            total += counts[bisect_right(starts, at) - 1]
            at = joined.find(name, at + len(name))
        return total


_LEAD_CHARS = 300  # about the first two sentences: the article's main scene is named there
_NEAR_TOKENS = 8
_PLACE_FEATURES = (
    "place_curated", "place_framed", "place_ambiguous", "place_in_title", "log_place_mentions",
    "place_early", "place_near_trigger", "place_province", "place_geonames",
)  # fmt: skip


def _near(candidate: Candidate) -> bool:
    """Whether the place is named in the trigger's own sentence, a few words from it: a place read
    from an earlier sentence or far across a long one is more often another incident's."""
    place, trigger, sentence = candidate.place, candidate.trigger, candidate.sentence
    if place is None or candidate.place_inherited or not sentence.start <= place.start < sentence.end:
        return False
    gap = max(place.first_token - trigger.last_token, trigger.first_token - place.last_token, 0)
    return gap <= _NEAR_TOKENS


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def estimate(values: dict[str, float], model: dict[str, Any] | None = None) -> float:
    """The probability the model gives a record with these features (a feature it lacks counts 0)."""
    model = model or load_model()
    score = model["intercept"]
    for name, weight, mean, scale in _terms(model):
        score += weight * (values.get(name, 0.0) - mean) / scale
    slope, shift = _calibration(model)
    score = slope * score + shift
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def _terms(model: dict[str, Any]) -> tuple[tuple[str, float, float, float], ...]:
    """Each coefficient with its feature's center and scale, in the model's order: read out of the
    model's three tables once (for the model last asked about), not three look-ups per feature and
    record. The sum is made term by term as before, so every score is the same float. A model is
    read-only once asked about (a changed one must be a new dict)."""
    global _LAST_TERMS
    last = _LAST_TERMS  # one read: another thread may replace it
    if last is not None and last[0] is model:
        return last[1]
    center, scale = model["center"], model["scale"]
    terms = tuple((name, weight, center[name], scale[name]) for name, weight in model["coefficients"].items())
    _LAST_TERMS = (model, terms)
    return terms


# (model, its terms) of the model last asked about (``_terms``): the package's fitted one, in extraction
_LAST_TERMS: tuple[dict[str, Any], tuple[tuple[str, float, float, float], ...]] | None = None


def _calibration(model: dict[str, Any]) -> tuple[float, float]:
    """The Platt step's slope and shift (none in a model without one): the regression's L2 pulls its
    scores toward the mean, and the step, fitted on held-out scores, stretches them back."""
    step = model.get("calibration") or {}
    return float(step.get("slope", 1.0)), float(step.get("shift", 0.0))


def record_confidence(
    candidate: Candidate,
    event: Event,
    docs: dict[str, Document],
    contexts: Mapping[str, FieldContext] | None = None,
) -> float:
    """The hook ``finalize`` calls: the record's estimated probability of being right, rounded."""
    values = features(candidate, event, docs, contexts)
    sink = _SINK.get()
    if sink is not None:
        sink[id(event)] = values
    return round(estimate(values), 3)


@contextmanager
def collecting() -> Iterator[dict[int, dict[str, float]]]:
    """Within the block, every record made maps ``id(event)`` to its features (for the fit script)."""
    sink: dict[int, dict[str, float]] = {}
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)


@cache
def load_model() -> dict[str, Any]:
    """The fitted coefficients, read once per process from the package data."""
    text = data_cache.data_path(MODEL_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def contributions(values: dict[str, float], model: dict[str, Any] | None = None) -> list[tuple[str, float]]:
    """Each model feature's push on the record's log-odds (after the Platt step's slope), largest first:
    what ``rasd explain`` shows so an analyst sees why a record is trusted more or less than the
    average one (0 is the average)."""
    model = model or load_model()
    slope = _calibration(model)[0]
    pushes = [
        (name, slope * weight * (values.get(name, 0.0) - model["center"][name]) / model["scale"][name])
        for name, weight in model["coefficients"].items()
    ]
    return sorted(pushes, key=lambda push: (-abs(push[1]), push[0]))
