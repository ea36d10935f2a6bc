"""Actor roles within a sentence: who did it (verb-first subject or the nearest actor before), to whom
(after على/ضد/استهدف), who supported whom (بدعم من), who the victims were (عنصرين من X), the two sides of a
battle (بين X و Y, مع, ضد), speakers and launchers."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from rasd.assemble.context import FieldContext
from rasd.assemble.model import ANCHOR_REACH, Candidate, unique
from rasd.recognize.actors import ActorMention, load_registry
from rasd.recognize.cues import cue_words
from rasd.recognize.triggers import TriggerMention
from rasd.text.clitics import clitics
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import alternation, word_set, words
from rasd.text.segment import Sentence
from rasd.text.tokens import strip_article


def attach_actors(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate, country: str
) -> None:
    """Give the actors of the sentence their roles from position and cue words."""
    registry = load_registry()
    mentions = [
        replace(m, key=registry.resolve_context(m, country or None))
        for m in ctx.actors.get(sentence.index, [])
        if m.key
    ]
    mentions = sorted(mentions + _countries_as_doers(ctx, sentence, trigger), key=lambda m: m.start)
    mentions = _same_episode(ctx, sentence, trigger, mentions)
    cues = ctx.cues.get(sentence.index, [])
    roles = {id(m): _role_of(ctx, m, cues) for m in mentions}
    _mark_between(ctx, mentions, cues, roles)
    named = [m for m in mentions if not m.generic]
    partitive = [m for m in named if roles[id(m)] == "partitive"]
    if partitive:
        candidate.victim_group = partitive[0].key
    principal = [m for m in named if roles[id(m)] not in ("support", "partitive", "speaker")]
    speakers = [m for m in named if roles[id(m)] == "speaker" and m.end <= trigger.start]
    if speakers and not any(m.end <= trigger.start for m in principal):
        principal = [speakers[-1], *principal]  # "أعلن الجيش أنه ألقى القبض": the speaker did it
    candidate.supporters = unique(m.key for m in named if roles[id(m)] == "support")
    launchers = [m for m in named if roles[id(m)] == "launcher"]
    if trigger.spec.interception and launchers:
        principal = [m for m in principal if m not in launchers]
    if candidate.event_type == "Battles":
        # in a battle, "مقتل 500 من ميليشيات X" names a side: X's fighters died fighting
        died = any(c.outcome == "killed" for c in ctx.casualties.get(sentence.index, []))
        _battle_sides(ctx, trigger, principal + (partitive if died else []), roles, candidate)
    else:
        _one_sided_roles(ctx, trigger, principal, roles, candidate)
    candidate.supporters = [k for k in candidate.supporters if k not in candidate.actor_keys()]
    if trigger.spec.interception and launchers and not candidate.target:
        candidate.target = launchers[0].key  # "صاروخا أطلقه الحوثيون": whose weapon was stopped
    if candidate.event_type == "Explosions/Remote violence" and partitive and not candidate.target:
        candidate.target = partitive[0].key  # "مقتل 70 من ميليشيات X جراء غارات": X was hit
    generic = [m for m in mentions if m.generic]
    if not candidate.perpetrator:
        unidentified = next((m for m in generic if m.key.endswith("unidentified")), None)
        candidate.perpetrator = unidentified.key if unidentified else ""
    if any(m.key.endswith("civilians") for m in generic) and not candidate.victims:
        candidate.victims = "civilian"


_AND = re.escape(clitics().coordinator)
_EPISODE_BREAK = re.compile(rf"[،,]\s*{_AND}?(?:{alternation('episode_breaks', ' ')})\s")


def _same_episode(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, mentions: list) -> list:
    """"قصفت قوات النظام كفرزيتا، فيما انفجرت عبوة في الميادين": a clause opened by فيما / بينما / في حين
    tells another incident; its actors are not this trigger's."""
    breaks = _episode_breaks(ctx, sentence)
    if not breaks:
        return mentions
    start = max([sentence.start, *(b for b in breaks if b < trigger.start)])
    end = min([sentence.end, *(b for b in breaks if b > trigger.start)])
    return [m for m in mentions if start <= m.start < end]


def _episode_breaks(ctx: FieldContext, sentence: Sentence) -> list[int]:
    """Where the sentence's episode breaks start, found once per sentence (not once per trigger, which
    made a long sentence with many triggers cost its length times theirs)."""
    key = ("episode_breaks", sentence.index)
    if key not in ctx.memo:
        found = _EPISODE_BREAK.finditer(ctx.doc.norm, sentence.start, sentence.end)
        ctx.memo[key] = [m.start() for m in found]
    return ctx.memo[key]


def _countries_as_doers(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> list[ActorMention]:
    """A country named right after a verb trigger or right before any trigger is the doer: its forces
    ("اعترضت السعودية صاروخا", "إسرائيل تقصف مواقع")."""
    registry = load_registry()
    out = []
    for place in ctx.places.get(sentence.index, []):
        if not place.is_country_only:
            continue
        right_after = trigger.spec.verbal and 0 <= place.first_token - trigger.last_token <= 1
        right_before = 0 <= trigger.first_token - place.last_token <= 1
        key = registry.state_forces(place.country.iso2) if (right_after or right_before) else ""
        if key:
            out.append(ActorMention(place.start, place.end, key, place.name, 8, False, False, place.name))
    return out


def _battle_sides(
    ctx: FieldContext, trigger: TriggerMention, principal: list, roles: dict, candidate: Candidate
) -> None:
    """Two sides only where the text opposes them (بين X و Y, مع, ضد, على); a lone actor is one side."""
    paired = [m for m in principal if roles[id(m)] == "between"]
    if len(unique(m.key for m in paired)) >= 2:
        sides = unique(m.key for m in paired)
    else:
        opponents = [m for m in principal if roles[id(m)] in ("versus", "target", "between")]
        agent = _nearest_agent(ctx, [m for m in principal if m not in opponents], trigger)
        sides = unique([agent.key] if agent else [])
        sides += [k for k in unique(m.key for m in opponents) if k not in sides]
    candidate.perpetrator = sides[0] if sides else ""
    candidate.target = sides[1] if len(sides) > 1 else ""
    candidate.vague_perpetrator = False


def _one_sided_roles(
    ctx: FieldContext, trigger: TriggerMention, principal: list, roles: dict, candidate: Candidate
) -> None:
    """The doer (verb-first or nearest before) and the target (after على/ضد/استهدف, else the next actor)."""
    targets = [m for m in principal if roles[id(m)] in ("target", "versus") and m.start > trigger.start]
    agent = _nearest_agent(ctx, [m for m in principal if m not in targets], trigger)
    candidate.perpetrator = agent.key if agent else ""
    candidate.vague_perpetrator = agent is not None and _is_vague(agent)
    close = [m for m in targets if ctx.token_at(m.start) - trigger.last_token <= ANCHOR_REACH]
    target = next((m for m in close if m.key != candidate.perpetrator), None)
    if target is None:  # else the next actor named after the trigger
        after = [m for m in principal if m.start > trigger.end and m.key != candidate.perpetrator]
        target = after[0] if after else None
    candidate.target = target.key if target else ""


def _is_vague(mention: ActorMention) -> bool:
    """Bare institutional words (الشرطة, الجيش) name whoever holds the area, not a specific force."""
    return strip_article(mention.alias) in _vague_words()


@cache
def _vague_words() -> frozenset[str]:
    return frozenset(strip_article(normalize_term(w)) for w in cue_words("vague_actor"))


def _mark_between(ctx: FieldContext, mentions: list, cues: list, roles: dict) -> None:
    """The two actors after ``بين`` are the two sides."""
    for cue in cues:
        if "between" not in cue.value:
            continue
        after = [m for m in mentions if 0 <= ctx.token_at(m.start) - cue.last_token <= 8 and not m.generic]
        for mention in after[:2]:
            roles[id(mention)] = "between"


def _role_of(ctx: FieldContext, mention: ActorMention, cues: list) -> str:
    """ "support" after a support cue, "target" after a target cue, "speaker" after a report verb,
    "partitive" after ``من`` following a count (``عنصرين من مليشيا قسد``: who the victims were)."""
    first = ctx.token_at(mention.start)
    tokens = ctx.doc.tokens
    if first >= 2 and tokens[first - 1].text in _PARTITIVE_OF and _counts_people(tokens[first - 2].text):
        return "partitive"
    if first >= 1 and _is_count(tokens[first - 1].text):
        return "partitive"  # "مقتل عشرات الحوثيين": the counted are the victims
    if first >= 1 and tokens[first - 1].text.startswith(_LAUNCH_VERBS):
        return "launcher"
    for cue in cues:
        gap = first - cue.last_token
        if 0 <= gap <= 1:
            for cue_class, role in _ROLE_OF_CUE:
                if cue_class in cue.value:
                    return role
        elif (
            0 <= gap <= _TARGET_REACH and "target" in cue.value and _joined_run(tokens, cue.last_token, first)
        ):
            return "target"  # "على موقع وتعزيزات الحوثيين": the target cue governs a short noun phrase
    return ""


_ROLE_OF_CUE = (("support", "support"), ("versus", "versus"), ("target", "target"), ("report", "speaker"))


_TARGET_REACH = 3


def _joined_run(tokens: list, start: int, end: int) -> bool:
    """No punctuation between tokens ``start`` and ``end``."""
    return all(tokens[i].joined for i in range(start + 1, end + 1))


_LAUNCH_VERBS = words("launch_verbs")
_PEOPLE_COUNTS = words("people_counts")
_PARTITIVE_OF = word_set("partitive_of")
_COUNT_WORDS = word_set("count_words")


def _is_count(word: str) -> bool:
    return word.isdigit() or word in _COUNT_WORDS


def _counts_people(word: str) -> bool:
    return word.isdigit() or word.startswith(_PEOPLE_COUNTS)


def _nearest_agent(
    ctx: FieldContext, agents: list[ActorMention], trigger: TriggerMention
) -> ActorMention | None:
    """The doer: right after a verb (Arabic is verb-first) or the nearest actor before it."""
    if not agents:
        return None
    after = [m for m in agents if 0 <= ctx.token_at(m.start) - trigger.last_token <= 1]
    if after:
        return after[0]
    before = [m for m in agents if m.end <= trigger.start]
    if before:
        return before[-1]
    return min(agents, key=lambda m: _distance(ctx, m, trigger))


def _distance(ctx: FieldContext, mention: ActorMention, trigger: TriggerMention) -> int:
    index = ctx.token_at(mention.start)
    if index >= trigger.last_token:
        return index - trigger.last_token
    return trigger.first_token - index
