"""The decision trace behind ``rasd explain``: every rule that drops, narrows or merges says so here.

Assembly calls these functions at each of its exits (``return trace.drop(candidate, "no_place")``
instead of a bare ``return None``). They record into the ``Recorder`` of the current context, which
only ``rasd.explain`` installs; when nothing is explained there is no recorder and each call costs one
``ContextVar.get``, so extraction is unchanged and no slower. The functions return what the call
site returned before (``None``, ``True``, ``False``, the narrowed list), so a call site stays one line.

Mentions are kept as they are (normalized offsets of their field's document); ``rasd.explain`` turns
them into original-text spans and words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

# the rules a trace names, with the sentence ``rasd explain`` shows for each
RULES: dict[str, str] = {
    # trigger selection (one sentence, several triggers)
    "casualty_word_yields": "a killing word yields to a trigger of the sentence that says what happened",
    "weak_yields_to_strong": "a weak trigger yields to a strong one in the same sentence",
    "subordinate": (
        "the trigger sets the scene for another event (خلال المعارك ...)"
        " or names the cause it answers (ردا على ...)"
    ),
    "intercepted_weapon": "the missile was intercepted: the interception is the event",
    "erupted_protest": "an explosion verb whose subject is a protest: the protests erupted",
    "not_a_weapon": "what burst is a machine or a gas bottle, or violence, a crisis or anger erupting",
    "abstract_target": "an attack on a right, a law or a value (اعتداء على حقوق الإنسان): a figure of speech",
    "natural_cause": "a storm, a flood, an accident or a disease killed them, not violence",
    "self_inflicted": "one shot, stabbed or killed himself: a suicide, not political violence",
    "means_told": "an attack word yields to the bomb or suicide bomber that carried it out",
    "means_alone": "a word that names only an attack's means (الأسلحة الكيماوية) with no attack word",
    # filters: the clause says it did not happen, may happen, or is general
    "purpose_clause": "a verbal noun with ل states an aim, not a deed",
    "question": "the sentence asks whether it happened",
    "court_sentence": "a court's sentence (حكم الإعدام) or custody extended (تمديد توقيف): not coded",
    "relative_clause": "the verb describes someone already introduced (relative clause)",
    "interception_without_weapon": "an interception word with no weapon in the sentence",
    "damage_by_strike": "damage done by a strike belongs to the strike",
    "habitual": "a habit or repeated practice, not one incident",
    "negation": "negated",
    "modality": "modality: threatened, planned or possible",
    "attempt": "an attempt, not a deed",
    "denial": "denied",
    "reaction": "the sentence is about the reaction to an incident",
    "generic": "a kind of incident, not one incident",
    "earlier_incidents": "an incident noun qualified as earlier (عمليات سابقة): background",
    "inquiry_finding": "what investigators, a court or prosecutors found, undated, is the incident examined",
    "weapons_found": "the explosive was found, seized, dismantled or carried: it did not go off",
    "no_detainee": "a verb that may stop a thing as well as arrest names no person, group or number taken",
    "campaign": "the trigger names a war or a campaign as a whole (خلال الاحتجاجات، الحرب)",
    "answered_cause": "the incident a response answers (ردا على ...), told with no day of its own",
    # building a candidate
    "war_total": "a killing word or noun trigger whose sentence only gives a war, period or campaign total",
    "no_event_type": "the arguments rule the trigger out (e.g. deaths with nobody who caused them)",
    "battle_without_fighter": "fighting needs a fighter or deaths",
    "verbal_attack": "an attack word with no deaths in a sentence of criticism, a dispute or a speech",
    "weak_unsupported": "a weak trigger needs deaths, two sides, or a date with an actor",
    "crowd_without_protest": "a gathered crowd is a protest only when its sentence says so (demands, chants)",
    "official_objection": (
        "a state's objection (احتجت الخارجية، مذكرة احتجاج) is diplomacy, not a demonstration"
    ),
    "riot_without_crowd": (
        "storming or burning with no crowd named (militants, soldiers, a burglar) is no riot"
    ),
    "demonstrative": "a protest noun after a demonstrative (هذه المظاهرات) refers to protests told before",
    "protest_name": (
        "a protest noun after its leader, symbol, kind, likeness or span (قائد الاحتجاجات، كنوع من الاحتجاج،"
        " بعد شهر من التظاهرات) names no protest held"
    ),
    "not_anchored": "a noun trigger needs a verb, a toll, an occurrence verb or a time word near it",
    "known_incident": "a definite noun taken up by a relative clause names an incident already known",
    "retold_in_speech": (
        "a definite incident noun in what someone says, with no day or toll, retells a known incident"
    ),
    "background": "background: the time word puts it before the article's news",
    "out_of_window": "its date lies outside the coding window or in the future",
    "no_place": "no place in the sentence, before it, or anywhere in the article",
    "undated_pluperfect": "a sentence opened by a pluperfect كان and no time word tells earlier background",
    "past_year": "an undated incident in a sentence naming a past year (قبل 2002 حين ...) is history",
    "told_of_old_incident": "a definite noun right after an incident outside the window tells of that one",
    # actor roles (assemble/roles.py)
    "reported_by": (
        "the force is where the report came from (بحسب مصادر في X، قال مسؤول في X، وفقا لـX), not its doer,"
        " unless its words say it did it (إنها، بأنه)"
    ),
    # the article as a whole
    "place_unresolved": "the place does not resolve to at least a province",
    "topic_gate": "an article about sport, markets or technology keeps only named killers with a toll",
    # merging
    "told_again": "the same incident told again (a second trigger or a sentence referring back)",
    "_same_incident": "same type, place, day and compatible actors",
    "_undated_joins_dated": "an undated report joins a dated one a day away",
    "_statement_days_join": (
        "two tellings dated only by the days they were said on, a day apart, at one place are one incident"
    ),
    "_borrowed_place_joins_own": (
        "a telling whose place was borrowed from an earlier sentence joins the same incident"
        " placed by its own words"
    ),
    "_province_joins_specific": "a province-level report joins a more specific place in that province",
    "_battle_absorbs": "a strike or a toll at a battle's place and day is part of the battle",
    "_one_demonstration": "a protest and a riot at one place and day are one demonstration, its worst form",
    "_arrests_at_demonstrations": "arrests at a demonstration's place and day are its dispersal",
    "_told_within_incident": (
        "a foiled attack or arrests told in a battle's sentence, or arrests told with an abduction,"
        " are part of it"
    ),
    "_crowd_means": (
        "fire bombs or projectiles thrown by nobody named, told with a demonstration, are the crowd's"
    ),
    "day_of_the_weapon": "an undated interception of 'the missile' takes the day the sentence before gave it",
    "day_right_after_trigger": "a time word right after the trigger dates it, not a statement before them",
    "same_place_named_again": (
        "a place set after another that is the same settlement (العاصمة الأفغانية، كابل)"
        " is one scene, not a list"
    ),
    "province_toll_spread": "a province's toll is shared among the places named in it",
    "shooting_into_protest": "live fire on a protest is its excessive force, not an attack of its own",
    "same_record_once_both_sides_known": "the same type, day, place and actor pair once both sides are known",
    # the toll the article as a whole supports (assemble/tolls.py)
    "toll_told_nearby": "the toll was told in a sentence of its own next to the record's",
    "no_deaths_in_kind": "arrests, abductions, agreements and other strategic developments carry no deaths",
    "killed_at_protest": "a protest where people were killed is excessive force against protesters",
    "bombers_counted": "a suicide bombing with no stated toll counts its bomber (two when told so) too",
    "toll_placed_elsewhere": "the toll's phrase names its own place, not the record's",
}


@dataclass
class Recorder:
    """What one article's extraction decided, in the order it decided it."""

    contexts: list[Any] = field(default_factory=list)
    country: str = ""
    published: Any = None
    selection: list[tuple[Any, Any, str]] = field(default_factory=list)  # (ctx, trigger, rule)
    filtered: list[tuple[Any, Any, str, Any]] = field(default_factory=list)  # (ctx, trigger, rule, words)
    dropped: list[tuple[Any, str, Any]] = field(default_factory=list)  # (candidate, rule, words)
    merges: list[tuple[Any, Any, str]] = field(default_factory=list)  # (host, merged, rule)
    # (candidate, [(actor mention, role)]): the actors its sentence offered it
    roles: list[tuple[Any, list[tuple[Any, str]]]] = field(default_factory=list)
    # (candidate, (perpetrator, target) before): roles the article as a whole settled differently
    settled: list[tuple[Any, tuple[str, str]]] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    records: list[tuple[Any, Any]] = field(default_factory=list)  # (candidate, Event)


_CURRENT: ContextVar[Recorder | None] = ContextVar("rasd_trace", default=None)


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record every decision made in this context (one ``rasd.extract`` call)."""
    recorder = Recorder()
    token = _CURRENT.set(recorder)
    try:
        yield recorder
    finally:
        _CURRENT.reset(token)


def current() -> Recorder | None:
    return _CURRENT.get()


def narrowed(ctx: Any, before: Sequence[Any], after: list[Any], rule: str) -> list[Any]:
    """Trigger selection kept ``after`` of ``before``: the others lose by ``rule``. Returns ``after``."""
    recorder = _CURRENT.get()
    if recorder is not None:
        kept = {(t.start, t.end) for t in after}
        recorder.selection.extend((ctx, t, rule) for t in before if (t.start, t.end) not in kept)
    return after


def because(ctx: Any, trigger: Any, rule: str | AbstractSet[str], words: Any = None) -> bool:
    """A filter's verdict on a trigger (``words``: the cue or token that fired it; ``rule``: a rule
    name, or the cue classes that fired, named by the first of them in ``RULES``). Returns True."""
    recorder = _CURRENT.get()
    if recorder is not None:
        if not isinstance(rule, str):
            rule = next((name for name in RULES if name in rule), ",".join(sorted(rule)))
        recorder.filtered.append((ctx, trigger, rule, words))
    return True


def drop(candidate: Any, rule: str, words: Any = None) -> None:
    """A candidate given up while it was being built; the first reason given for it stands."""
    recorder = _CURRENT.get()
    if recorder is not None and not any(c is candidate for c, _, _ in recorder.dropped):
        recorder.dropped.append((candidate, rule, words))


def refuse(candidate: Any, rule: str, words: Any = None) -> bool:
    """``drop`` for a check that answers False (e.g. dating a candidate). Returns False."""
    drop(candidate, rule, words)
    return False


def merged(host: Any, other: Any, rule: str) -> None:
    """``other`` was folded into ``host`` by ``rule``."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.merges.append((host, other, rule))


def roles(candidate: Any, mentions: Sequence[Any], role_of: dict[int, str]) -> None:
    """The actors a sentence offered a candidate and the role each was given."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.roles.append((candidate, [(m, role_of.get(id(m), "")) for m in mentions]))


def settled(candidate: Any, before: tuple[str, str]) -> None:
    """The article-level roles changed a candidate's (perpetrator, target) from ``before``."""
    recorder = _CURRENT.get()
    if recorder is not None and before != (candidate.perpetrator, candidate.target):
        recorder.settled.append((candidate, before))


def article(contexts: Sequence[Any], country: str, published: Any, candidates: Sequence[Any]) -> None:
    """The article's fields with their mentions, its country, and the candidates its sentences gave."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.contexts, recorder.country, recorder.published = list(contexts), country, published
        recorder.candidates = list(candidates)


def records(pairs: Sequence[tuple[Any, Any]]) -> None:
    """The records made, each with the merged candidate it was made from."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.records = list(pairs)
