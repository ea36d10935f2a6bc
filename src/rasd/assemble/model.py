"""The assembly data model: a candidate event read from one sentence, the article state that later
sentences refer back to, and small helpers every assembly step shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rasd import tuning
from rasd.assemble.context import FieldContext
from rasd.recognize.places import PlaceMention
from rasd.recognize.triggers import TriggerMention
from rasd.resolve.locations import Location
from rasd.text.clitics import subset as clitic_subset
from rasd.text.segment import Sentence

WINDOW_DAYS = tuning.WINDOW_DAYS


NEAR_TRIGGER = tuning.NEAR_TRIGGER


DEFINITE = clitic_subset("definite")  # token prefixes of a definite word


ANCHOR_REACH = tuning.ANCHOR_REACH


STATE = 1


CIVILIAN_VICTIMS = {"civilian", "child", "woman", "person", "protester"}


COMBATANT_VICTIMS = {"fighter", "soldier", "police"}


PEOPLE = CIVILIAN_VICTIMS | COMBATANT_VICTIMS | {"killed"}


@dataclass
class Span:
    """A normalized span in one field, to become evidence."""

    field: str
    start: int
    end: int


@dataclass
class Candidate:
    """One event as read from one sentence, before merging and resolution."""

    event_type: str
    sub_event_type: str
    field: str
    sentence: Sentence
    trigger: TriggerMention
    perpetrator: str = ""  # actor registry key ("" unknown)
    target: str = ""  # actor key of the attacked side / second actor
    supporters: list[str] = field(default_factory=list)  # assoc actors of actor1
    target_supporters: list[str] = field(default_factory=list)
    victim_group: str = ""  # actor key of who the victims were (assoc_actor_2)
    victims: str = ""  # victim category from casualties ("civilian", "fighter" …)
    victim_country: str = ""  # nationality of arrested people (iso2)
    place: PlaceMention | None = None
    place_inherited: bool = False
    location: Location | None = None
    date: dt.date | None = None
    precision: int = 2
    dated: bool = False
    fatalities: int = 0
    casualty_spans: set[tuple[str, int, int]] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    vague_perpetrator: bool = False  # named by a bare institutional word ("الشرطة")
    from_killing_word: bool = False
    refers_back: bool = False  # a noun, not a verb: may name an incident told elsewhere
    confidence: float = 0.5
    toll_rule: str = ""  # the article-level rule that set the toll, if one did (assemble/tolls.py)
    takes_attacker: bool = False  # an arrest of the attacker ("اعتقلت الشرطة منفذ الهجوم"): the attack's end

    def actor_keys(self) -> set[str]:
        return {k for k in (self.perpetrator, self.target) if k}


@dataclass
class ArticleState:
    """What earlier sentences of the article established, for sentences that refer back."""

    published: dt.date | None
    country: str = ""  # the country the article is mostly about (iso2), for context-dependent aliases
    last_place: PlaceMention | None = None
    last_place_sentence: int = -10
    lead_place: PlaceMention | None = None
    names_a_place: bool = False  # any field names a place finer than a country
    names_a_country: bool = False  # the text names a country outright (its name, or a province only it has)
    last_candidate: Candidate | None = None
    # (field, sentence index) of the last sentence whose incident lay outside the window and that gave no
    # record: "وأسفر الهجوم عن مقتل ..." right after it tells of that old incident, not a new one
    outside_sentence: tuple[str, int] | None = None


def sentence_has(ctx: FieldContext, sentence: Sentence, cue_class: str) -> bool:
    return any(cue_class in cue.value for cue in ctx.cues.get(sentence.index, []))


def token_gap(first: int, last: int, trigger: TriggerMention) -> int:
    """Tokens between a span [first, last) and a trigger (0 when they touch or overlap)."""
    if last <= trigger.first_token:
        return trigger.first_token - last
    if first >= trigger.last_token:
        return first - trigger.last_token
    return 0


def unique(keys) -> list[str]:
    out: list[str] = []
    for key in keys:
        if key and key not in out:
            out.append(key)
    return out
