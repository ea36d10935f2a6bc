"""Actor roles within a sentence: who did it (verb-first subject or the nearest actor before), to whom
(after على/ضد/استهدف), who supported whom (بدعم من), who the victims were (عنصرين من X), the two sides of a
battle (بين X و Y, مع, ضد), speakers and launchers."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rasd import data_cache, tuning
from rasd.assemble import trace
from rasd.assemble.aggregate import same_kind
from rasd.assemble.context import FieldContext
from rasd.assemble.model import ANCHOR_REACH, Candidate, unique
from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.actors import ActorMention, load_registry
from rasd.recognize.cues import CueClass, cue_forms
from rasd.recognize.places import place_lexicon
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import (
    AGREEMENT,
    AIR_STRIKE,
    ARRESTS,
    BATTLES,
    CHANGE_TO_GROUP,
    CHEMICAL_WEAPON,
    DISRUPTED_WEAPONS_USE,
    EXCESSIVE_FORCE,
    EXPLOSIONS,
    GOVERNMENT_REGAINS,
    LOOTING,
    NON_STATE_OVERTAKES,
    PEACEFUL_PROTEST,
    PROTEST_WITH_INTERVENTION,
    PROTESTS,
    RIOTS,
    STRATEGIC_DEVELOPMENTS,
    TAXONOMY,
    VIOLENCE_AGAINST_CIVILIANS,
    VIOLENT_DEMONSTRATION,
)
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.document import Document
from rasd.text.lexicon import distinct_words
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import alternation, word_set, words
from rasd.text.segment import Sentence
from rasd.text.tokens import WORD, Token, forms_with_stem_in, strip_article


def attach_actors(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate, country: str
) -> None:
    """Give the actors of the sentence their roles from position and cue words."""
    mentions = _in_context(ctx.actors.get(sentence.index, []), country, candidate)
    mentions = sorted(mentions + _countries_as_doers(ctx, sentence, trigger), key=lambda m: m.start)
    mentions = _same_episode(ctx, sentence, trigger, mentions)
    if candidate.sub_event_type == AGREEMENT:
        mentions = _before_the_next_incident(ctx, sentence, trigger, mentions)
    if not mentions:  # two in five candidates: the sentence's episode names no actor
        _nobody(candidate)
        trace.roles(candidate, mentions, {})
        return
    cues = ctx.cues.get(sentence.index, [])
    roles = {id(m): _role_of(ctx, m, cues, trigger) for m in mentions}
    counted = [(q.start, q.end) for q in ctx.quantities.get(sentence.index, [])]
    for mention in mentions:
        if mention.generic and any(s < mention.start and mention.end <= e for s, e in counted):
            roles[id(mention)] = "partitive"  # "ثلاثة مسلحين قتلوا": the gunmen counted are the dead
    for mention in mentions:
        if mention.alias.startswith(_NATIONALITY):
            roles[id(mention)] = "agent"  # "استهدف القصف الإسرائيلي": the strike's own nationality did it
    _mark_between(ctx, mentions, cues, roles)
    _owned_forces(ctx, mentions, roles)
    named = [m for m in mentions if not m.generic]
    partitive = [m for m in named if roles[id(m)] == "partitive"]
    if partitive:
        candidate.victim_group = partitive[0].key
    for mention in named:
        if roles[id(mention)] == _REPORTED_BY and _says_it_did_it(ctx, mention, trigger):
            roles[id(mention)] = "speaker"  # "قالت مصادر في الجيش إنها قصفت": the source's force did it
    principal = [m for m in named if roles[id(m)] not in ("support", "partitive", "speaker", _REPORTED_BY)]
    told = [m for m in named if roles[id(m)] == "speaker" and m.end <= trigger.start]
    speakers = [m for m in told if not _tells_of_another(ctx, m, trigger)]
    if candidate.event_type == BATTLES and told and not speakers and not principal:
        speakers = told[-1:]  # "قال بيان للحشد إن الهجوم وقع": the force telling of its fight is a side
    if speakers and not any(m.end <= trigger.start for m in principal):
        principal = [speakers[-1], *principal]  # "أعلن الجيش أنه ألقى القبض": the speaker did it
    candidate.supporters = unique(m.key for m in named if roles[id(m)] == "support")
    launchers = [m for m in named if roles[id(m)] == "launcher"]
    if trigger.spec.interception and launchers:
        principal = [m for m in principal if m not in launchers]
    if candidate.event_type == BATTLES:
        # in a battle, "مقتل 500 من ميليشيات X" names a side: X's fighters died fighting
        died = any(c.outcome == "killed" for c in ctx.casualties.get(sentence.index, []))
        _battle_sides(ctx, trigger, principal + (partitive if died else []), roles, candidate)
    else:
        _one_sided_roles(ctx, trigger, principal, roles, candidate)
    candidate.supporters = [k for k in candidate.supporters if k not in candidate.actor_keys()]
    if trigger.spec.interception and launchers and not candidate.target:
        candidate.target = launchers[0].key  # "صاروخا أطلقه الحوثيون": whose weapon was stopped
    if candidate.event_type == EXPLOSIONS and partitive and not candidate.target:
        candidate.target = partitive[0].key  # "مقتل 70 من ميليشيات X جراء غارات": X was hit
    generic = [m for m in mentions if m.generic]
    if not candidate.perpetrator:
        # "شن مسلحون هجوما": unnamed gunmen did it; "مقتل 5 مسلحين" counts the dead, who did not
        doers = [m for m in generic if roles[id(m)] not in ("partitive", "target", "versus", "between")]
        unidentified = next((m for m in doers if m.key.endswith("unidentified")), None)
        candidate.perpetrator = unidentified.key if unidentified else ""
        # bare "مسلحون" (not "مسلحون مجهولون"): gunmen the article may name elsewhere
        candidate.vague_perpetrator = unidentified is not None and _is_vague(unidentified)
    if any(m.key.endswith("civilians") for m in generic) and not candidate.victims:
        candidate.victims = "civilian"
    _mixed_crowd(candidate, trigger, generic)
    trace.roles(candidate, mentions, roles)


def _nobody(candidate: Candidate) -> None:
    """The roles ``attach_actors`` gives when no actor is named (no doer, no target, no supporter, none
    vague), set at once instead of through every rule, each of which finds nothing to read."""
    candidate.supporters = []
    candidate.perpetrator, candidate.target, candidate.vague_perpetrator = "", "", False


def _mixed_crowd(candidate: Candidate, trigger: TriggerMention, generic: list[ActorMention]) -> None:
    """A bomb in a crowd of fighters and civilians ("في حشد يضم عناصر من طالبان وقوات الأمن ومدنيين") hit
    civilians; who else was in the crowd says who the victims were (assoc_actor_2)."""
    kinds = _roles_data()["civilian_targets"]["sub_event_types"]
    target = candidate.target
    if candidate.sub_event_type not in kinds or not target or load_registry().is_state(target):
        return
    if any(m.key.endswith("civilians") and m.start > trigger.end for m in generic):
        candidate.victim_group = candidate.victim_group or target
        candidate.target = _CIVILIANS


def _owned_forces(ctx: FieldContext, mentions: list[ActorMention], roles: dict) -> None:
    """ "الدفاعات الجوية التابعة للتحالف العربي": a force told as belonging to another actor is that
    actor's; the owner takes the force's role and the force backs it, instead of the owner being read as
    the owner of what was hit."""
    tokens = ctx.doc.tokens
    _, belonging = _aircraft_words()  # "تابعة", "التابعة": not "مواقع", which is what was hit
    for owned, owner in zip(mentions, mentions[1:], strict=False):
        first = ctx.token_at(owner.start)
        if owned.generic or owner.generic or first < 2 or tokens[first - 1].text not in belonging:
            continue
        if ctx.token_at(owned.end - 1) != first - 2 or not tokens[first].text.startswith(_POSSESSIVE):
            continue
        roles[id(owner)] = roles[id(owned)]
        roles[id(owned)] = "support"


_POSSESSIVE = clitic_subset("possessive")


def _in_context(found: list[ActorMention], country: str, candidate: Candidate) -> list[ActorMention]:
    """Mentions with the key their alias has in the event's country; an alias that names nobody there is
    dropped, and a victim group ("صحفيين") stands for civilians, who they were kept for assoc_actor_2."""
    registry = load_registry()
    out = []
    for mention in found:
        key = registry.resolve_context(mention, country or None) if mention.key else ""
        if not key:
            continue
        if registry.is_victim_group(key):
            candidate.victim_group = candidate.victim_group or key
            key = _CIVILIANS
        # ``dataclasses.replace`` made anew (every field through its keyword), at a fifth of its cost:
        # each actor of a sentence is put in context once per candidate of it
        out.append(
            ActorMention(
                mention.start,
                mention.end,
                key,
                mention.surface,
                mention.inter,
                key.startswith("generic:"),
                mention.anaphoric,
                mention.alias,
            )
        )
    return out


_AND = re.escape(clitics().coordinator)
_EPISODE_BREAK = re.compile(rf"[،,]\s*{_AND}?(?:{alternation('episode_breaks', ' ')})\s")


def _same_episode(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, mentions: list) -> list:
    """ "قصفت قوات النظام كفرزيتا، فيما انفجرت عبوة في الميادين": a clause opened by فيما / بينما / في حين
    tells another incident; its actors are not this trigger's."""
    if not episode_breaks(ctx, sentence):
        return mentions
    start, end = episode_bounds(ctx, sentence, trigger)
    return [m for m in mentions if start <= m.start < end]


_CLAUSE_MARK = re.compile("[،,؛;]")


def _before_the_next_incident(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, mentions: list
) -> list:
    """ "وفقا لاتفاقية عقدت الأحد من جهة، وبين هجوم شهدته قاعدة تيفور ... نحو الجيش الإسرائيلي": the
    parties of an agreement are named before the next incident word of its sentence in a clause of its
    own (after a comma); an actor after one (here the force blamed for an attack) belongs to that
    incident, not to the deal. "اتفاق لوقف القتال بين قوات النظام والفصائل" names the fighting it stops."""
    norm = ctx.doc.norm
    later = [
        t.start
        for t in ctx.triggers.get(sentence.index, [])
        if t.start >= trigger.end and not t.spec.casualty and _CLAUSE_MARK.search(norm, trigger.end, t.start)
    ]
    return [m for m in mentions if m.start < min(later)] if later else mentions


def episode_bounds(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> tuple[int, int]:
    """The stretch of the sentence that tells the trigger's episode: between the episode breaks around it
    (its actors and its scene are named there)."""
    breaks = episode_breaks(ctx, sentence)
    start = max([sentence.start, *(b for b in breaks if b < trigger.start)])
    end = min([sentence.end, *(b for b in breaks if b > trigger.start)])
    return start, end


def episode_breaks(ctx: FieldContext, sentence: Sentence) -> list[int]:
    """Where the sentence's episode breaks start, found once per sentence (not once per trigger, which
    made a long sentence with many triggers cost its length times theirs); the roles and the scene
    (``scene._same_episode``) both ask."""
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
        if not place.is_country_only or place.cue == "dateline":
            continue  # a dateline ("دبي، الإمارات العربية المتحدة (CNN) – اعترضت") names no doer
        right_after = trigger.spec.verbal and 0 <= place.first_token - trigger.last_token <= 1
        right_before = 0 <= trigger.first_token - place.last_token <= 1
        key = registry.state_forces(place.country.iso2) if (right_after or right_before) else ""
        if key:
            out.append(ActorMention(place.start, place.end, key, place.name, 8, False, False, place.name))
    adjective = _nationality_after(ctx, trigger)
    if adjective is not None:
        out.append(adjective)
    taken = adjective.start if adjective is not None else -1
    out.extend(m for m in _national_aircraft(ctx, sentence) if m.start != taken)
    return out


def _national_aircraft(ctx: FieldContext, sentence: Sentence) -> list[ActorMention]:
    """Aircraft told with a nationality ("طائرات حربية إسرائيلية", "طائرة مسيرة أمريكية") are that
    country's military: only state forces fly them, and the adjective says whose they are. Kept per
    sentence and per whether places are read: an owner word's country ("تابعة للولايات المتحدة") is read
    from the places (``_owner_country``), which a judgement before places does not see."""
    key = ("national_aircraft", sentence.index, ctx.places_read)
    found = ctx.memo.get(key)
    if found is None:
        # a field none of whose words is an air noun has none in any sentence (most fields of a record)
        found = ctx.memo[key] = _find_national_aircraft(ctx, sentence) if _air_in_field(ctx) else []
    return found


def _air_in_field(ctx: FieldContext) -> bool:
    """Whether any word of the field is an air noun: one set intersection per field, kept in its memo,
    instead of a scan of each record sentence's tokens that would find none."""
    present = ctx.memo.get("air_in_field")
    if present is None:
        present = ctx.memo["air_in_field"] = not cue_forms("air").isdisjoint(distinct_words(ctx.doc.tokens))
    return present


def _find_national_aircraft(ctx: FieldContext, sentence: Sentence) -> list[ActorMention]:
    """The scan behind ``_national_aircraft``: an air noun, then air words, then a nationality adjective
    or an owner word and a country ("طائرة بلا طيار تابعة للولايات المتحدة")."""
    tokens = ctx.doc.tokens
    air = cue_forms("air")
    unmanned, owned = _aircraft_words()
    inside = air | unmanned
    gazetteer = load_gazetteer()
    out = []
    first, last = ctx.token_at(sentence.start), min(ctx.token_at(sentence.end), len(tokens))
    for i in range(first, last):
        if tokens[i].text not in air:
            continue
        j = i + 1
        while j < last and j <= i + 2 and tokens[j].text in inside and tokens[j].joined:
            j += 1
        if j >= last or not tokens[j].joined:
            continue
        if tokens[j].text in owned:
            owner = _owner_country(ctx, sentence, j + 1)
            if owner is not None:
                out.append(owner)
            continue
        country = gazetteer.country_by_name(tokens[j].text)
        if country is None or tokens[j].text in _country_place_names():
            continue
        forces = load_registry().state_forces(country.iso2)
        if forces:
            word = tokens[j]
            alias = _NATIONALITY + word.text
            out.append(ActorMention(word.start, word.end, forces, word.text, 8, False, False, alias))
    return out


def _owner_country(ctx: FieldContext, sentence: Sentence, token: int) -> ActorMention | None:
    """The forces of the country named at ``token``, after an owner word ("تابعة للولايات المتحدة")."""
    for place in ctx.places.get(sentence.index, []):
        if place.is_country_only and place.first_token == token:
            forces = load_registry().state_forces(place.country.iso2)
            if forces:
                alias = _NATIONALITY + place.name
                return ActorMention(place.start, place.end, forces, place.name, 8, False, False, alias)
    return None


def doers_need_places(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """Whether ``attach_actors`` could give the trigger other roles once the field's places and the
    article's country are known: the sentence names an actor whose key depends on the country, a
    country name may stand next to the trigger (``_countries_as_doers``), or an owner word may
    follow aircraft (``_owner_country``). When False, the roles read before places are the roles read
    after them, so assembly may judge the trigger before deciding whether places are worth reading."""
    registry = load_registry()
    if not all(map(registry.same_in_every_country, ctx.actors.get(sentence.index, []))):
        return True
    tokens = ctx.doc.tokens
    first, last = ctx.token_at(sentence.start), min(ctx.token_at(sentence.end), len(tokens))
    _, owned = _aircraft_words()
    if any(token.text in owned for token in tokens[first:last]):
        return True
    return _country_may_adjoin(tokens, trigger)


def _country_may_adjoin(tokens: Sequence[Token], trigger: TriggerMention) -> bool:
    """Whether a country name may start right after the trigger or end right before it, as
    ``_countries_as_doers`` asks (one token may stand between): the place lexicon's match at each
    token it could start at, which is the match a scan of the field makes there when it makes one."""
    lexicon = place_lexicon()
    first_words, longest = _country_names_words()
    low = max(0, trigger.first_token - longest - 1)
    starts = [*range(low, trigger.first_token), trigger.last_token, trigger.last_token + 1]
    for start in starts:
        if start >= len(tokens) or tokens[start].text not in first_words:
            continue  # no country name begins here: the lexicon is not asked
        match = lexicon.match_at(tokens, start)
        if match is None or match.value.country is None or match.value.provinces:
            continue
        if match.first_token >= trigger.last_token or trigger.first_token - match.last_token <= 1:
            return True
    return False


@cache
def _country_names_words() -> tuple[frozenset[str], int]:
    """The written words (proclitics and all) whose stem may begin a country name, as the place lexicon
    keys them, and the tokens of the longest name."""
    names = [WORD.findall(normalize_term(n)) for n in load_gazetteer().country_place_names()]
    return forms_with_stem_in(frozenset(words[0] for words in names if words)), max(map(len, names))


@cache
def _country_place_names() -> frozenset[str]:
    """The gazetteer's country names (not adjectives), kept: it hands out a copy of its table per call."""
    return frozenset(load_gazetteer().country_place_names())


@cache
def _aircraft_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words inside an aircraft's name ("بلا طيار") and owner words after it ("تابعة")."""
    data = _roles_data()["air"]
    unmanned = frozenset(normalize_term(w) for w in data["unmanned_words"])
    return unmanned, frozenset(normalize_term(w) for w in data["owner_words"])


def _nationality_after(ctx: FieldContext, trigger: TriggerMention) -> ActorMention | None:
    """A nationality right after a noun trigger names whose forces did it ("غارة أمريكية", "قصف تركي",
    "طائرة مسيرة إسرائيلية"): that country's military, where the registry has one."""
    if trigger.spec.verbal:
        return None
    tokens = ctx.doc.tokens
    for index in range(trigger.last_token, min(trigger.last_token + 2, len(tokens))):
        token = tokens[index]  # the noun's adjective, or its weapon's: "قصف دبابة إسرائيلية"
        if index > trigger.last_token and not tokens[index].joined:
            break
        country = load_gazetteer().country_by_name(token.text)
        if country is None or token.text in _country_place_names():
            continue
        key = load_registry().state_forces(country.iso2)
        if key:
            alias = _NATIONALITY + token.text
            return ActorMention(token.start, token.end, key, token.text, 8, False, False, alias)
    return None


SHELLING = next(s for s in TAXONOMY[EXPLOSIONS] if s.startswith("Shelling"))
_NATIONALITY = "nationality:"  # alias prefix of a doer read from a trigger's nationality adjective


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
    marked = [m for m in principal if roles[id(m)] == "agent"]  # "قتل على يد X": X did it, wherever it stands
    agent = _nearest_agent(ctx, marked or [m for m in principal if m not in targets], trigger)
    targets = [m for m in targets if m not in marked]
    if agent is not None and trigger.spec.arrest and _detainees_group(ctx, agent, trigger):
        candidate.victim_group, agent = agent.key, None  # "اعتقال شخصين قياديين في تنظيم الدولة"
    candidate.perpetrator = agent.key if agent else ""
    candidate.vague_perpetrator = agent is not None and _is_vague(agent)
    close = [m for m in targets if ctx.token_at(m.start) - trigger.last_token <= ANCHOR_REACH]
    target = next((m for m in close if m.key != candidate.perpetrator), None)
    if target is None:  # else the next actor named after the trigger
        after = [m for m in principal if m.start > trigger.end and m.key != candidate.perpetrator]
        target = after[0] if after else None
    candidate.target = target.key if target else ""


def _detainees_group(ctx: FieldContext, agent: ActorMention, trigger: TriggerMention) -> bool:
    """A non-state group named after an arrest, past the subject's slot, is who the detainees were."""
    after = ctx.token_at(agent.start) - trigger.last_token > 1
    return after and not agent.generic and not load_registry().is_state(agent.key)


def _is_vague(mention: ActorMention) -> bool:
    """Bare institutional words (الشرطة, الجيش) name whoever holds the area, not a specific force."""
    return strip_article(mention.alias) in _vague_words()


@cache
def _vague_words() -> frozenset[str]:
    return frozenset(map(strip_article, cue_forms("vague_actor")))


def _mark_between(ctx: FieldContext, mentions: list, cues: list, roles: dict) -> None:
    """The two actors after ``بين`` are the two sides."""
    if not any("between" in cue.value for cue in cues):
        return  # most sentences: no cue, no need to place the actors
    firsts = [ctx.token_at(m.start) for m in mentions]  # mentions are in text order: firsts ascend
    for cue in cues:
        if "between" not in cue.value:
            continue
        low = bisect_left(firsts, cue.last_token)
        high = bisect_right(firsts, cue.last_token + tuning.BETWEEN_REACH)
        after = [m for m in mentions[low:high] if not m.generic]
        for mention in after[:2]:
            roles[id(mention)] = "between"


def _role_of(
    ctx: FieldContext, mention: ActorMention, cues: list, trigger: TriggerMention | None = None
) -> str:
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
    marked = _marked_role(tokens, first)
    if marked:
        return marked
    if _reporting_source(tokens, first):
        return _REPORTED_BY
    for cue in _cues_ending_before(ctx, cues, first):
        gap = first - cue.last_token
        if trigger is not None and cue.last_token <= trigger.first_token < first:
            continue  # "تزامن ذلك مع قصف مقاتلات التحالف": the cue governs the trigger, not its agent
        if 0 <= gap <= 1:
            for cue_class, role in _ROLE_OF_CUE:
                if cue_class in cue.value:
                    return role
        elif (
            0 <= gap <= _TARGET_REACH and "target" in cue.value and _joined_run(tokens, cue.last_token, first)
        ):
            return "target"  # "على موقع وتعزيزات الحوثيين": the target cue governs a short noun phrase
    return ""


def _cues_ending_before(ctx: FieldContext, cues: list, first: int) -> list:
    """The cues that can mark an actor at token ``first`` (ending at most ``_TARGET_REACH`` tokens, and
    at least one, before it), in the sentence's order: found by binary search over the cues' ends,
    indexed once per sentence, not by a pass over every cue for every actor of every trigger."""
    key = ("cue_ends", id(cues))
    index = ctx.memo.get(key)
    if index is None or index[0] is not cues:
        ordered = sorted(range(len(cues)), key=lambda i: cues[i].last_token)
        index = ctx.memo[key] = (cues, [cues[i].last_token for i in ordered], ordered)
    _, ends, ordered = index
    low = bisect_left(ends, first - max(1, _TARGET_REACH))
    high = bisect_right(ends, first)
    return [cues[i] for i in sorted(ordered[low:high])]


def _marked_role(tokens: list, first: int) -> str:
    """Roles the clause marks in words: the agent of a passive ("على يد", "من قبل", "بنيران"), and the
    owner of what was hit ("موقعا لحركة الجهاد", "مواقع تابعة للحوثيين") as the target."""
    agent_markers, owner_nouns = _clause_markers()
    # the words before, as one (or two) of them: a marker is one or two words, and ends right before
    # the actor (two set look-ups, not a join and a pass over every marker for every actor)
    if first >= 1 and (
        tokens[first - 1].text in agent_markers
        or (first >= 2 and f"{tokens[first - 2].text} {tokens[first - 1].text}" in agent_markers)
    ):
        return "agent"
    word = tokens[first].text
    if first >= 1 and word.startswith(clitic_subset("possessive")) and tokens[first - 1].text in owner_nouns:
        if _owns_the_outlet(tokens, first - 1):
            return _REPORTED_BY
        return "agent" if _owns_the_attacker(tokens, first - 1) else "target"
    return ""


_OUTLET_REACH = 3  # tokens from an outlet noun to the owner noun after it ("الإعلام الحربي، التابع")


def _owns_the_outlet(tokens: list, owner_noun: int) -> bool:
    """ "بحسب الإعلام الحربي، التابع لميليشيا حزب الله": the owned noun is an outlet a report is credited
    to, right after an attribution word, so its owner is where the report came from, not what was hit
    (an agreement's counterpart was taken from it)."""
    data = _reporting_words()
    for outlet in range(owner_noun - 1, max(0, owner_noun - 1 - _OUTLET_REACH), -1):
        if _is_one_of(tokens[outlet], data["outlet_nouns"]):
            return _is_one_of(tokens[outlet - 1], data["attribution_words"])
    return False


_REPORTED_BY = "reported_by"  # the role of a force a report came from; named in trace.RULES


def _reporting_source(tokens: list[Token], first: int) -> bool:
    """The actor at token ``first`` is where a report came from, not who acted (CODEBOOK §4 `source`):
    the home of a source ("بحسب مصادر في قوات النظام", "قال مسؤول في الشرطة") or a force right after an
    attribution word ("بحسب الجيش"). Such a force told of the event and may be its target or a bystander."""
    data = _reporting_words()
    if _ends_with(tokens, first, data["attribution_words"]):
        return True
    link = _ends_with(tokens, first, data["source_links"])
    if not link:
        return False
    noun = first - link - 1
    for index in range(noun, max(-1, noun - data["source_adjectives_reach"] - 1), -1):
        if not _joined_run(tokens, index, first - 1):
            return False
        if _is_one_of(tokens[index], data["source_nouns"]):
            return True
        if _is_one_of(tokens[index], data["official_nouns"]):
            return index >= 1 and _is_one_of(tokens[index - 1], cue_forms("report"))
    return False


def _ends_with(tokens: list[Token], first: int, phrases: frozenset[str]) -> int:
    """How many tokens right before ``first`` form one of ``phrases`` (1 or 2), else 0."""
    if first >= 1 and tokens[first - 1].text in phrases:
        return 1
    if first >= 2 and f"{tokens[first - 2].text} {tokens[first - 1].text}" in phrases:
        return 2
    return 0


def _is_one_of(token: Token, words: frozenset[str]) -> bool:
    """The token or one of its stems (a proclitic stripped: "لمصادر", "وقال") is in ``words``."""
    return token.text in words or any(stem in words for stem, _ in token.stems)


def _says_it_did_it(ctx: FieldContext, mention: ActorMention, trigger: TriggerMention) -> bool:
    """The source's words make its own force the doer: a pronoun of itself ("إنها", "بأنه") between its
    name and the trigger, as in "قالت مصادر في الجيش إنها قصفت"."""
    if mention.end > trigger.start:
        return False
    tokens = ctx.doc.tokens
    words = _reporting_words()["self_report"]
    return any(tokens[i].text in words for i in range(ctx.token_at(mention.end - 1) + 1, trigger.first_token))


def _tells_of_another(ctx: FieldContext, speaker: ActorMention, trigger: TriggerMention) -> bool:
    """The speaker told of someone else's deed (CODEBOOK §4, §12): no word of itself or its own forces
    ("أنه", "طائراته") lies between its name and the trigger, and either its "أن/إن" clause names another
    ("قال الجيش إن مسلحين فتحوا النار") or its verb only reports ("أشارت الشرطة إلى سقوط قذائف")."""
    tokens = ctx.doc.tokens
    data = _reporting_words()
    between = range(ctx.token_at(speaker.end - 1) + 1, trigger.first_token + 1)
    if any(_is_one_of(tokens[i], data["self_possessed"]) for i in between):
        return False  # "قال الجيش إنه قصف", "أعلن الجيش أن طائراته أغارت"
    if any(tokens[i].text in data["complementizers"] for i in between):
        return True
    first = ctx.token_at(speaker.start)
    return first >= 1 and tokens[first - 1].text in data["tell_verbs"]  # "أشارت الشرطة إلى سقوط قذائف"


@cache
def _reporting_words() -> dict:
    data = _roles_data()["reporting"]
    table: dict = {k: frozenset(normalize_term(w) for w in v) for k, v in data.items() if isinstance(v, list)}
    table["source_adjectives_reach"] = int(data["source_adjectives_reach"])
    return table


def _owns_the_attacker(tokens: list, owner_noun: int) -> bool:
    """ "انتحاري تابع لتنظيم داعش": the owned noun is the attacker, so its owner did it, not was hit."""
    if owner_noun < 1:
        return False
    word = tokens[owner_noun - 1].text
    nouns = _attacker_nouns()
    bare = [word[len(c) :] for c in clitics().conjunctions if word.startswith(c)]
    return word in nouns or any(b in nouns for b in bare)


@cache
def _attacker_nouns() -> frozenset[str]:
    return frozenset(normalize_term(w) for w in _roles_data()["clause"]["attacker_nouns"])


@cache
def _clause_markers() -> tuple[frozenset[str], frozenset[str]]:
    """The agent markers (a set: ``_marked_role`` looks the one or two words before an actor up; a
    marker of three words could never end there) and the owner nouns."""
    data = _roles_data()["clause"]
    markers = frozenset(normalize_term(m) for m in data["agent_markers"])
    return markers, frozenset(normalize_term(w) for w in data["owner_nouns"])


_ROLE_OF_CUE = (
    (CueClass.SUPPORT, "support"),
    (CueClass.VERSUS, "versus"),
    (CueClass.TARGET, "target"),
    (CueClass.REPORT, "speaker"),
)


_TARGET_REACH = tuning.TARGET_REACH


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


# ---------------------------------------------------------------- the article-level pass


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class _Seen:
    """A named actor the article mentions: which field and sentence."""

    key: str
    field: str
    sentence: int


class _SeenList(list):
    """An article's named actors (``_article_actors``) and what records ask about all of them, kept in
    ``memo`` with the list: found once per list, not once per record."""

    def __init__(self, items: Iterable[_Seen] = ()) -> None:
        super().__init__(items)
        self.memo: dict[Hashable, Any] = {}


class _SeenIndex:
    """Mentions of an article's actor list with their positions in it, by field and sentence, so that a
    record finds the ones within a few sentences of it by a binary search, not a pass over every one."""

    def __init__(self, items: Iterable[tuple[int, _Seen]]) -> None:
        rows: dict[str, list[tuple[int, int, _Seen]]] = {}
        for n, mention in items:
            rows.setdefault(mention.field, []).append((mention.sentence, n, mention))
        self._fields: dict[str, tuple[list[int], list[tuple[int, _Seen]]]] = {}
        for field, found in rows.items():
            found.sort(key=lambda row: (row[0], row[1]))
            self._fields[field] = ([row[0] for row in found], [(row[1], row[2]) for row in found])

    def near(self, event: Candidate, reach: int, scene: bool = False) -> list[tuple[int, _Seen]]:
        """The mentions whose ``_sentence_distance`` from the event is at most ``reach`` (with ``scene``,
        also those ``_sets_the_scene`` may take: the field's first sentence and the title), in list order."""
        out: list[tuple[int, _Seen]] = []
        here = event.sentence.index
        for field, (sentences, found) in self._fields.items():
            if field == event.field:
                low = bisect_left(sentences, here - reach)
                out += found[low : bisect_right(sentences, here + reach)]
                if scene and low > 0:
                    out += found[: bisect_right(sentences, 0)]
            elif _sentence_distance(event, _Seen("", field, 0)) <= reach or (scene and field == "title"):
                out += found  # another field is as far from the event in every sentence
        out.sort(key=lambda row: row[0])
        return out


def _seen_index(seen: list[_Seen], kind: str) -> _SeenIndex:
    """The index of every mention of ``seen`` (``kind`` "all") or of its armed ones (``_armed_seen``),
    made once per ``_SeenList`` (for another list, made for the one question)."""
    memo = seen.memo if isinstance(seen, _SeenList) else {}
    index = memo.get(("index", kind))
    if index is None:
        index = memo["index", kind] = _SeenIndex(_armed_seen(seen) if kind == "armed" else enumerate(seen))
    return index


def settle_roles(events: list[Candidate], contexts: list[FieldContext], hint: str) -> list[Candidate]:
    """Roles an ACLED coder settles from the whole article once each event has its country.

    Pro-government forces coded as the army they fight for; both sides of every battle (the opponent the
    article establishes, else the usual one); the only party that can have struck; the force in control
    that arrests, disperses or faces rioters; civilians as the target of bombs with no named target;
    never the same actor on both sides, never an empty actor1 (CODEBOOK §6, §12).
    """
    by_country: dict[str, list[_Seen]] = {}
    claims = _claims(contexts, hint)
    unclaimed = _unclaimed_sentences(contexts)
    attacks = sum(1 for e in events if e.event_type in _CLAIMABLE)
    wave = len({e.location.name for e in events if e.event_type in (PROTESTS, RIOTS) and e.location}) > 1
    for event in events:
        before = (event.perpetrator, event.target)
        country = event.location.country if event.location is not None else hint
        if country not in by_country:  # "الشرطة" is France's police at an event in Paris, whatever the hint
            by_country[country] = _article_actors(contexts, country)
        seen = by_country[country]
        if country != hint:
            _rescope(event, contexts, hint, country)
        _code_as_patron(event)
        _police_at_home(event, country)
        _forces_abroad(event, country)
        claimant = _claimant_of(event, claims, attacks)
        if claimant:
            _credit_claim(event, claimant)
        elif event.event_type in _CLAIMABLE and _only_blamed(event, contexts, country, seen):
            event.perpetrator = _UNIDENTIFIED
        if event.target == event.perpetrator:
            event.target = ""
        kind = event.event_type
        if kind == BATTLES:
            _both_sides(event, seen, country, unclaimed)
        elif kind == EXPLOSIONS:
            _bomber(event, seen)
            _explosion_roles(event, country, seen, contexts)
        elif kind in (PROTESTS, RIOTS):
            _facing_force(event, seen, country, contexts, wave)
        elif kind == VIOLENCE_AGAINST_CIVILIANS:
            _lone_attacker(event, contexts, country, claimant)
        elif event.sub_event_type == ARRESTS:
            if not _in_control(event.perpetrator, country):
                event.perpetrator = _force_in_control(event, seen, country, police_first=True)
        elif kind == STRATEGIC_DEVELOPMENTS:
            _strategic_roles(event, seen, country)
        if event.target == event.perpetrator:
            event.target = ""
        event.supporters = [k for k in unique(event.supporters) if k not in event.actor_keys()]
        taken_by_state = _at_home(event.perpetrator, country)
        if event.sub_event_type == NON_STATE_OVERTAKES and taken_by_state:
            event.sub_event_type = GOVERNMENT_REGAINS  # the taker is the state (e.g. its allies)
        trace.settled(event, before)
    return _fold_duplicates(_fold_shootings_into_protests(events))


def _fold_duplicates(events: list[Candidate]) -> list[Candidate]:
    """Events the article told apart only because a side was missing are one once both sides are known:
    same type, day, place and actor pair (CODEBOOK §2)."""
    out: list[Candidate] = []
    for event in events:
        host = next((e for e in out if _same_record(e, event)), None)
        if host is None:
            out.append(event)
            continue
        trace.merged(host, event, "same_record_once_both_sides_known")
        host.fatalities = max(host.fatalities, event.fatalities)
        host.evidence += [span for span in event.evidence if span not in host.evidence]
        host.sources += [source for source in event.sources if source not in host.sources]
        host.supporters = unique([*host.supporters, *event.supporters])
        host.confidence = max(host.confidence, event.confidence)
    return out


def _same_record(a: Candidate, b: Candidate) -> bool:
    return (
        same_kind(a, b)
        and a.date == b.date
        and a.location is not None
        and b.location is not None
        and a.location.name == b.location.name
        and a.actor_keys() == b.actor_keys()
        and a.victim_country == b.victim_country
    )


def _fold_shootings_into_protests(events: list[Candidate]) -> list[Candidate]:
    """Live fire on a protest is the protest's excessive force, not an attack of its own: the same
    force, place and day (CODEBOOK §2: one event per day, place, type and actor pair)."""
    protests = [e for e in events if e.sub_event_type in _FORCE_MET and e.perpetrator]
    out = []
    for event in events:
        host = next((p for p in protests if _same_shooting(p, event)), None)
        if host is None:
            out.append(event)
            continue
        trace.merged(host, event, "shooting_into_protest")
        host.fatalities = max(host.fatalities, event.fatalities)
        host.evidence += [span for span in event.evidence if span not in host.evidence]
    return out


_EXCESSIVE_FORCE = EXCESSIVE_FORCE
_FORCE_MET = frozenset({EXCESSIVE_FORCE, VIOLENT_DEMONSTRATION})  # police fire at a riot is the riot's too


def _same_shooting(protest: Candidate, event: Candidate) -> bool:
    """The same force shooting at the protest's place on its day; a shooting the article does not date
    (a headline's "قتلى برصاص الجيش في مسيرة") joins a protest it dates a day away."""
    apart = abs((event.date - protest.date).days) if event.date and protest.date else None
    return (
        event.event_type == VIOLENCE_AGAINST_CIVILIANS
        and event.perpetrator == protest.perpetrator
        and apart is not None
        and apart <= (1 if event.dated != protest.dated else 0)
        and event.location is not None
        and protest.location is not None
        and event.location.name == protest.location.name
    )


def _rescope(event: Candidate, contexts: list[FieldContext], hint: str, country: str) -> None:
    """The sentence's actors were read for the article's country; an event placed in another country
    reads scoped names for its own ("المسلحين" are Syria's rebels only in Syria, "الشرطة" is the police of
    the country the event is in): a key that means something else there is replaced, or dropped."""
    registry = load_registry()
    ctx = next((c for c in contexts if c.doc.field == event.field), None)
    if ctx is None or not hint:
        return
    moved: dict[str, str] = {}
    for mention in ctx.actors.get(event.sentence.index, []):
        if not mention.key:
            continue
        old, new = registry.resolve_context(mention, hint), registry.resolve_context(mention, country or None)
        if old != new and not old.startswith("generic:"):
            moved.setdefault(old, "" if new.startswith("generic:") else new)
    if not moved:
        return
    event.perpetrator = moved.get(event.perpetrator, event.perpetrator)
    event.target = moved.get(event.target, event.target)
    event.supporters = [k for k in (moved.get(k, k) for k in event.supporters) if k]


def _only_blamed(event: Candidate, contexts: list[FieldContext], country: str, seen: list[_Seen]) -> bool:
    """The named perpetrator denies it, or nobody claimed it and only a teaser or background names it."""
    return _denied_by_perpetrator(event, contexts, country) or _unclaimed_stranger(event, contexts, seen)


def _unclaimed_stranger(event: Candidate, contexts: list[FieldContext], seen: list[_Seen]) -> bool:
    """ "دون إعلان أي جهة عن مسؤوليتها" told with the attack: a non-state perpetrator that none of the
    attack's own sentences names came from elsewhere (a teaser, the article's background) and is dropped
    for an Unidentified Armed Group."""
    doer = event.perpetrator
    registry = load_registry()
    if not doer or doer.startswith("generic:") or registry.is_state(doer):
        return False
    ctx = next((c for c in contexts if c.doc.field == event.field), None)
    if ctx is None:
        return False
    own = {event.sentence.index}
    for span in event.evidence:
        sentence = ctx.doc.sentence_of(span.start) if span.field == event.field else None
        if sentence is not None:
            own.add(sentence.index)
    # a sentence merged in may be a teaser: only the names of the event's own sentence count
    if any(m.key == doer for _, m in _seen_index(seen, "all").near(event, 0)):
        return False
    phrases = _unclaimed_phrases()
    for index in own:
        for sentence in ctx.doc.sentences[max(0, index - 1) : index + 2]:
            text = ctx.doc.norm[sentence.start : sentence.end]
            if any(p in text for p in phrases):
                return True
    return False


def _unclaimed_sentences(contexts: list[FieldContext]) -> frozenset[tuple[str, int]]:
    """(field, sentence) of the sentences that say nobody claimed an attack: a group named there (as the
    claimant of other attacks) is no doer of this one."""
    return frozenset(
        (ctx.doc.field, sentence.index)
        for ctx in contexts
        for sentence in _sentences_holding(ctx.doc, _unclaimed_phrases())
    )


@cache
def _unclaimed_phrases() -> tuple[str, ...]:
    return tuple(normalize_term(p) for p in _roles_data()["claims"]["unclaimed"])


def _denied_by_perpetrator(event: Candidate, contexts: list[FieldContext], country: str) -> bool:
    """The article says the named perpetrator denies any part in it, near the event ("ونفت الولايات
    المتحدة ضلوعها في الهجوم"): the attack was only blamed on it, and stays unattributed."""
    doer = event.perpetrator
    registry = load_registry()
    if not doer or doer.startswith("generic:"):
        return False
    verbs, nouns = (forms_with_stem_in(stems) for stems in _denial_words())
    reach = _roles_data()["claims"]["reach"]
    for ctx in contexts:
        if not _denial_in_field(ctx, verbs, nouns):
            continue  # no sentence of the field has both a denial verb and an involvement noun
        for index in _sentences_within(event, ctx, reach):
            sentence = ctx.doc.sentences[index]
            first = ctx.token_at(sentence.start)
            tokens = ctx.doc.tokens[first : ctx.token_at(sentence.end)]
            # a token with a stem among the words is one whose written form is among their forms
            if not (any(t.text in verbs for t in tokens) and any(t.text in nouns for t in tokens)):
                continue
            denials = [first + i for i, t in enumerate(tokens) if t.text in verbs]
            named = [
                (ctx.token_at(m.start), registry.resolve_context(m, country or None))
                for m in ctx.actors.get(sentence.index, [])
            ]
            named += [
                (p.first_token, registry.state_forces(p.country.iso2))
                for p in ctx.places.get(sentence.index, [])
                if p.is_country_only and p.country is not None
            ]
            # the denier is the denial verb's subject: right after it (verb first) or right before it
            if any(key == doer and -2 <= at - v <= 2 and at != v for at, key in named for v in denials):
                return True
    return False


def _denial_in_field(ctx: FieldContext, verbs: frozenset[str], nouns: frozenset[str]) -> bool:
    """Whether the field's words hold a denial verb and an involvement noun (their written forms): a
    field without both has no denial in any sentence, so the records of an article (each asking about
    the sentences near it) do not look; one intersection of each per field, kept in its memo."""
    found = ctx.memo.get(_DENIAL_IN_FIELD)
    if found is None:
        words = distinct_words(ctx.doc.tokens)
        found = ctx.memo[_DENIAL_IN_FIELD] = not (verbs.isdisjoint(words) or nouns.isdisjoint(words))
    return found


_DENIAL_IN_FIELD = "roles_denial_in_field"  # memo key of ``_denial_in_field``


def _sentences_within(event: Candidate, ctx: FieldContext, reach: int) -> range:
    """The indices of the field's sentences whose ``_sentence_distance`` from the event is at most
    ``reach``, in order, found without measuring every sentence for every record (which made a long
    text quadratic): in the event's field the ones around it, in another field all or none."""
    count = len(ctx.doc.sentences)
    if ctx.doc.field != event.field:
        distance = _sentence_distance(event, _Seen("", ctx.doc.field, 0))  # the same for every sentence
        return range(count) if distance <= reach else range(0)
    index = event.sentence.index
    return range(max(0, index - reach), min(count, index + reach + 1))


@cache
def _denial_words() -> tuple[frozenset[str], frozenset[str]]:
    data = _roles_data()["claims"]
    return (
        frozenset(normalize_term(w) for w in data["denial_verbs"]),
        frozenset(normalize_term(w) for w in data["involvement"]),
    )


def _claims(contexts: list[FieldContext], hint: str) -> list[_Seen]:
    """Each sentence that credits one armed group with an attack ("تبنى تنظيم داعش الهجوم")."""
    registry = load_registry()
    words, denials = (forms_with_stem_in(stems) for stems in _claim_words())
    out = []
    for ctx in contexts:
        if words.isdisjoint(distinct_words(ctx.doc.tokens)):
            continue  # no word of the field claims: no sentence of it does (one intersection a field)
        for sentence in ctx.doc.sentences:
            if not ctx.actors.get(sentence.index):
                continue  # names no group: claims none (the stems need not be read)
            tokens = ctx.doc.tokens[ctx.token_at(sentence.start) : ctx.token_at(sentence.end)]
            # a token with a stem among the words is one whose written form is among their forms: one
            # look-up a token, not a set of every stem of the sentence's tokens
            if not any(t.text in words for t in tokens) or any(t.text in denials for t in tokens):
                continue
            claimed = set()
            for mention in ctx.actors.get(sentence.index, []):
                key = registry.resolve_context(mention, hint or None) if mention.key else ""
                armed_group = registry.inter_of(key) in (2, 3, 4) and not key.startswith("generic:")
                if armed_group and not registry.is_victim_group(key):
                    claimed.add(registry.coded_as(key) or key)
            if len(claimed) == 1:
                out.append(_Seen(claimed.pop(), ctx.doc.field, sentence.index))
    return out


def _claimant_of(event: Candidate, claims: list[_Seen], attacks: int) -> str:
    """The group credited with this attack: the one every claim names when the article tells one attack,
    else the claim nearest the event within reach."""
    if not claims:
        return ""
    if attacks == 1 and len({c.key for c in claims}) == 1:
        return claims[0].key
    reach = _roles_data()["claims"]["reach"]
    near = [c for c in claims if _sentence_distance(event, c) <= reach]
    return min(near, key=lambda c: _sentence_distance(event, c)).key if near else ""


@cache
def _claim_words() -> tuple[frozenset[str], frozenset[str]]:
    data = _roles_data()["claims"]
    return (
        frozenset(normalize_term(w) for w in data["words"]),
        frozenset(normalize_term(w) for w in data["denials"] if " " not in w),
    )


_CLAIMABLE = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS)


def _credit_claim(event: Candidate, claimant: str) -> None:
    """Unnamed attackers are the claimant (CODEBOOK §12: actor1 the group that claimed it)."""
    if event.event_type not in _CLAIMABLE:
        return
    if event.perpetrator in ("", _UNIDENTIFIED):
        event.perpetrator = claimant
    elif event.target == _UNIDENTIFIED and event.event_type == BATTLES:
        event.target = claimant


def _article_actors(contexts: list[FieldContext], hint: str) -> list[_Seen]:
    """Named armed actors of every field, keys resolved for the article's country, coded as ACLED codes
    them (the Giants Brigades fight as the Yemeni army)."""
    pairs = _actor_pairs(contexts)
    coded = {pair: _coded_key(mention, hint) for pair, mention in pairs.items()}  # (alias, key) → key here
    memo = contexts[0].memo if contexts else {}
    question = ("roles_article_actors", tuple(id(ctx) for ctx in contexts), tuple(coded.values()))
    out = memo.get(question)
    if out is None:  # the first country whose names mean these keys: another that reads them alike shares it
        made = memo.setdefault(("roles_seen_made", question[1]), {})  # (key, field, sentence) → _Seen
        out = _SeenList()
        for pair, field, index in _actor_rows(contexts):
            key = coded[pair]
            if key:
                seen = made.get((key, field, index))
                if seen is None:
                    seen = made[key, field, index] = _Seen(key, field, index)
                out.append(seen)
        memo[question] = out
    return out


def _actor_rows(contexts: list[FieldContext]) -> list[tuple[tuple[str, str], str, int]]:
    """((alias, key), field, sentence) of every actor mention of the article, in the order
    ``_article_actors`` lists them: made once per article, since each country of a record lists them
    again with its own keys (a long text has thousands of mentions and tens of countries); the lists
    share their equal ``_Seen`` items (read-only)."""
    memo = contexts[0].memo if contexts else {}
    question = ("roles_actor_rows", tuple(id(ctx) for ctx in contexts))
    rows = memo.get(question)
    if rows is None:
        rows = memo[question] = [
            ((mention.alias, mention.key), ctx.doc.field, index)
            for ctx in contexts
            for index, mentions in ctx.actors.items()
            for mention in mentions
        ]
    return rows


def _actor_pairs(contexts: list[FieldContext]) -> dict[tuple[str, str], ActorMention]:
    """Each (alias, key) the article's actor mentions have, with its first mention, in reading order:
    found once per article (its fields held in the first field's memo)."""
    memo = contexts[0].memo if contexts else {}
    question = ("roles_actor_pairs", tuple(id(ctx) for ctx in contexts))
    pairs = memo.get(question)
    if pairs is None:
        pairs = {}
        for ctx in contexts:
            for mentions in ctx.actors.values():
                for mention in mentions:
                    pairs.setdefault((mention.alias, mention.key), mention)
        memo[question] = pairs
    return pairs


def _coded_key(mention: ActorMention, hint: str) -> str:
    """The key a named armed actor's mention is coded as in a country ("" for a generic actor or a victim
    group): it depends on the mention's alias and key alone, so an article's thousands of mentions of a
    few actors are resolved once per alias (``settle_roles`` asks once per country of its records)."""
    registry = load_registry()
    key = registry.resolve_context(mention, hint or None) if mention.key else ""
    if not key or key.startswith("generic:") or registry.is_victim_group(key):
        return ""
    return registry.coded_as(key) or key


def _code_as_patron(event: Candidate) -> None:
    """Yemeni pro-government forces are the army, the named force its associate (CODEBOOK §12)."""
    registry = load_registry()
    patron = registry.coded_as(event.perpetrator)
    if patron:
        event.supporters.insert(0, event.perpetrator)
        event.perpetrator = patron
    patron = registry.coded_as(event.target)
    if patron and patron != event.perpetrator:
        if event.event_type in (BATTLES, STRATEGIC_DEVELOPMENTS) or not event.perpetrator:
            # order is free in a battle: the patron's side goes first, where its associates are listed
            event.supporters = [event.target]
            event.perpetrator, event.target = patron, event.perpetrator
        else:
            event.target = patron
    elif patron:
        event.target = ""


def _both_sides(
    event: Candidate, seen: list[_Seen], country: str, unclaimed: frozenset[tuple[str, int]] = frozenset()
) -> None:
    """A battle has two actors: the sides the sentence names, then the opponent the article names,
    then the usual opponent (CODEBOOK §12)."""
    if not event.perpetrator and event.target:
        event.perpetrator, event.target = event.target, ""
    gunmen = event.perpetrator == _UNIDENTIFIED
    if gunmen and event.vague_perpetrator:
        # "قام مسلحون بمهاجمة سيارة" under "داعش يقتل 25 شخصا بهجمات متفرقة": the gunmen are the group the
        # article names, unless it names it only to say nobody claimed the attack
        registry = load_registry()
        named = [m for m in seen if (m.field, m.sentence) not in unclaimed and not registry.is_state(m.key)]
        event.perpetrator = _opponent_in_article(event, named, event.target) or _UNIDENTIFIED
    unnamed = not _seen_index(seen, "all").near(event, 0)  # no actor named in the event's sentence
    if not event.perpetrator and unnamed and _civilian_dead(event):
        # "قتل 25 شخصا في هجمات نفذها متشددون": no armed actor in the sentence, people dead in an attack:
        # the attacker is an armed group the article names against the state, not the state (CODEBOOK §3)
        claimants = [m for m in seen if (m.field, m.sentence) not in unclaimed]  # not "لم تعلن أي جهة"
        event.perpetrator = _opponent_in_article(event, claimants, _home_force(country)) or _UNIDENTIFIED
        if _on_civilians(event):
            return
    if not event.perpetrator:
        first = _opponent_in_article(event, seen, "")
        event.perpetrator = first or _home_force(country) or _UNIDENTIFIED
    if not event.target and _unnamed_fighters_fell(event, seen):
        event.target = _UNIDENTIFIED
    if gunmen and not event.target and _on_civilians(event):
        return  # "شن مسلحون هجوما على مركز ... وقتل ثلاثة أشخاص": gunmen on people, whoever the article names
    if not event.target or _allied(event.perpetrator, event.target):
        opponent = _opponent_in_article(event, seen, event.perpetrator)
        if not opponent and _on_civilians(event):
            return
        event.target = opponent or _usual_opponent(event.perpetrator, country)


def _unnamed_fighters_fell(event: Candidate, seen: list[_Seen]) -> bool:
    """State forces killed fighters the sentence does not name ("مقتل 3 إرهابيين في تبادل لإطلاق النار مع
    الشرطة"): the statements that count them do not say whose they were, so the other side is an
    unidentified armed group, not the group the article's background names (unless the war has two
    known sides, [opponent])."""
    if event.victims != "fighter" or not load_registry().is_state(event.perpetrator):
        return False
    opponents = _roles_data()["opponent"]  # a war of two known sides: the dead fighters were the other's
    if event.perpetrator in opponents or _sides_of(event.perpetrator) & opponents.keys():
        return False
    return not _groups_in_sentence(event, seen)


def _on_civilians(event: Candidate) -> bool:
    """An armed group's "attack" that killed civilians, with no armed side named against it, is violence
    against civilians, not a battle (CODEBOOK §3)."""
    if load_registry().is_state(event.perpetrator) or not _civilian_dead(event):
        return False
    event.event_type = VIOLENCE_AGAINST_CIVILIANS
    event.sub_event_type = TAXONOMY[VIOLENCE_AGAINST_CIVILIANS][0]  # Attack
    event.target = ""
    return True


def _civilian_dead(event: Candidate) -> bool:
    """The dead were civilians: named so, or plain "persons" killed in an incident told by an attack word
    ("شن مسلحون هجوما على مركز ... وقتل في الهجوم ثلاثة أشخاص"), an armed group the only side named: an
    attack on people, not on armed forces, is violence against civilians (CODEBOOK §3). An incident told
    by its killing word ("مقتل نجل زعيم التنظيم في هجوم شنه") does not say the dead were unarmed: the
    "person" there may be a fighter of either side."""
    if event.victims in ("civilian", "child", "woman"):
        return True
    return event.victims == "person" and event.trigger.spec.attack


def _opponent_in_article(event: Candidate, seen: list[_Seen], side: str) -> str:
    """The armed actor the article names most, and nearest the event, that is not on ``side``."""
    scores: dict[str, float] = {}
    order: dict[str, int] = {}
    reach = _roles_data()["reach"]["sentences"]
    scene = event.sub_event_type in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES)  # see _sets_the_scene
    for n, mention in _seen_index(seen, "armed").near(event, reach, scene):  # the others are out of reach
        key = mention.key
        if key == side or (side and _allied(side, key)) or key in event.supporters:
            continue
        distance = _sentence_distance(event, mention)
        if distance and not _fights_in(key, event.location.country if event.location else ""):
            continue  # the Houthis named in a report on Syria are no side of a clash in Douma
        if distance > reach and not _sets_the_scene(event, mention):
            continue
        scores[key] = scores.get(key, 0.0) + 1.0 + (2.0 if distance == 0 else 1.0 if distance <= 2 else 0.0)
        order.setdefault(key, n)
    if not scores:
        return ""
    return max(scores, key=lambda k: (scores[k], -order[k]))


def _fights_in(key: str, country: str) -> bool:
    """Whether an armed group can be a side in a country: at home, anywhere when transnational or a state's
    forces (which fight abroad), or where [operates_in] says it fights."""
    registry = load_registry()
    operates = _roles_data()["operates_in"]
    home = registry.country_of(key)
    if not country or not home or home == country:
        return True
    if key not in operates and registry.is_state(key):
        return True
    return country in operates.get(key, ())


# (the article's actor list, its armed mentions with their positions): the last list asked about, replaced
# whole so that threads settling roles at once never read another article's
_ARMED_SEEN: tuple[list[_Seen], list[tuple[int, _Seen]]] = ([], [])


def _armed_seen(seen: list[_Seen]) -> list[tuple[int, _Seen]]:
    """The mentions of armed actors that may oppose a side (not support-only), with their positions in
    ``seen``, found once per article: every battle record reads them (records × mentions before)."""
    global _ARMED_SEEN
    listed, armed = _ARMED_SEEN
    if listed is not seen:
        registry = load_registry()
        support_only = _roles_data()["support_only"]["keys"]
        armed = [
            (n, mention)
            for n, mention in enumerate(seen)
            if registry.inter_of(mention.key) in _ARMED and mention.key not in support_only
        ]
        _ARMED_SEEN = (seen, armed)
    return armed


def _sets_the_scene(event: Candidate, mention: _Seen) -> bool:
    """The lead sentence of a report on territory taken names who held it for every later sentence ("اقتحمت
    القوات آخر معاقل تنظيم القاعدة في درنة" then, paragraphs on, "بسطت سيطرتها على الحي")."""
    if event.sub_event_type not in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES):
        return False
    return (mention.field == event.field and mention.sentence == 0) or mention.field == "title"


_ARMED = frozenset({1, 2, 3, 4, 8})
_UNIDENTIFIED = "generic:unidentified"
_CIVILIANS = "generic:civilians"


def _sentence_distance(event: Candidate, mention: _Seen) -> int:
    """Sentences between an event and a mention; the title is next to every sentence of the lead."""
    if mention.field != event.field:
        return 1 if "title" in (mention.field, event.field) else 9
    return abs(mention.sentence - event.sentence.index)


def _usual_opponent(key: str, country: str) -> str:
    """The side an actor fights when the article names none: the [opponent] table, else the state forces
    of the country for a non-state group, else an unidentified armed group."""
    data = _roles_data()
    if key in data["opponent"] and _fights_in(data["opponent"][key], country):
        return data["opponent"][key]
    for side in _sides_of(key):  # the US is on Yemen's government side, but fights no Houthis in Syria
        if side in data["opponent"] and _fights_in(data["opponent"][side], country):
            return data["opponent"][side]
    registry = load_registry()
    if registry.is_state(key) or key.startswith("generic:"):
        if key == _UNIDENTIFIED:
            return _home_force(country)
        return _UNIDENTIFIED
    home = _home_force(country)
    return home if home and not _allied(key, home) else _UNIDENTIFIED


def _home_force(country: str) -> str:
    """The force in control of a country's territory: the [authority] table, else its military."""
    registry = load_registry()
    authority = _roles_data()["authority"].get(country, "")
    return authority or registry.state_forces(country) or (_NATIONAL_MILITARY if country else "")


def _force_in_control(event: Candidate, seen: list[_Seen], country: str, police_first: bool) -> str:
    """Who arrests, intercepts, disperses where the sentence names nobody: the state force of the country
    the article names nearest the event, else the [authority] table, else its police or its military."""
    registry = load_registry()
    scores = dict(_home_forces_named(seen, country))  # 1 for each mention, then 2 more when in the sentence,
    for _, mention in _seen_index(seen, "all").near(event, _CONTROL_NEAR):  # 1 more when 1-2 sentences away
        if mention.key in scores:
            distance = _sentence_distance(event, mention)
            scores[mention.key] += 2.0 if distance == 0 else 1.0
    if scores:
        return max(scores, key=lambda k: scores[k])
    authority = _roles_data()["authority"].get(country, "")
    if authority:
        return authority
    police = registry.police_forces(country) or (_NATIONAL_POLICE if country else "")
    military = registry.state_forces(country) or (_NATIONAL_MILITARY if country else "")
    found = [police, military] if police_first else [military, police]
    return next((k for k in found if k), _UNIDENTIFIED)


_CONTROL_NEAR = 2  # sentences from the event within which a force named counts more


def _home_forces_named(seen: list[_Seen], country: str) -> dict[str, float]:
    """How often the article names each state force of the country (``_home_of``), in the order first
    named: the same for every record of the country, so counted once per list and country (a pass over
    every mention per arrest made long texts quadratic)."""
    memo = seen.memo if isinstance(seen, _SeenList) else {}
    counts = memo.get(("home_forces", country))
    if counts is None:
        registry = load_registry()
        named = memo.get("named")
        if named is None:  # how often each key is named, in the order first named
            named = memo["named"] = {}
            for mention in seen:
                named[mention.key] = named.get(mention.key, 0.0) + 1.0
        counts = {key: n for key, n in named.items() if registry.is_state(key) and _home_of(key, country)}
        memo["home_forces", country] = counts
    return counts


def _in_control(key: str, country: str) -> bool:
    """Whether a named force can arrest or police in a country: its own state forces, the [authority]
    there, or an armed group that holds ground (the SNA arrests in Afrin); not a foreign state force (a
    "الشرطة" read as Syria's in an article about Germany) and not an unidentified group."""
    if not key or key.startswith("generic:"):
        return False
    if not load_registry().is_state(key):
        return True
    return _at_home(key, country) or key == _roles_data()["authority"].get(country)


def _police_at_home(event: Candidate, country: str) -> None:
    """Police act at home: "الشرطة" read as another country's police (an article hint of Syria about a
    killing in London) is the police of the event's country."""
    registry = load_registry()
    occupier = registry.country_of(_roles_data()["authority"].get(country, ""))
    for name in ("perpetrator", "target"):
        key = getattr(event, name)
        home = registry.country_of(key)
        if key and registry.police_forces(home) == key and home not in (country, occupier):
            setattr(event, name, registry.police_forces(country) or (_NATIONAL_POLICE if country else ""))


def _forces_abroad(event: Candidate, country: str) -> None:
    """A state force named outside its country is the corps that state sends abroad ([abroad]: "مواقع
    إيران حول دمشق" were the Revolutionary Guard's), not its army at home."""
    registry = load_registry()
    abroad = _roles_data()["abroad"]
    for name in ("perpetrator", "target"):
        key = getattr(event, name)
        if key in abroad and country and registry.country_of(key) != country:
            setattr(event, name, abroad[key])


def _at_home(key: str, country: str) -> bool:
    """State forces of the event's own country."""
    registry = load_registry()
    return registry.is_state(key) and registry.country_of(key) == country


def _home_of(key: str, country: str) -> bool:
    """A state force at home in ``country`` (or the authority there)."""
    return load_registry().country_of(key) == country or key == _roles_data()["authority"].get(country)


_NATIONAL_MILITARY = "national_military"
_NATIONAL_POLICE = "national_police"


def _allied(a: str, b: str) -> bool:
    """One side: the same actor, state forces of one country, or listed on one side in roles.toml."""
    if a == b:
        return True
    return _allied_keys(a, b)


@lru_cache(maxsize=8192)
def _allied_keys(a: str, b: str) -> bool:
    """``_allied`` of two different keys, remembered: it reads only the registry and roles.toml, and a
    battle record asks it of every armed actor the article names (records × mentions in a long text)."""
    registry = load_registry()
    country = registry.country_of(a)
    if country and country == registry.country_of(b) and registry.is_state(a) and registry.is_state(b):
        return True
    return bool(_sides_of(a) & _sides_of(b))


def _sides_of(key: str) -> frozenset[str]:
    return _side_index().get(key, frozenset())


@cache
def _side_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for side, keys in _roles_data()["sides"].items():
        for key in keys:
            index.setdefault(key, set()).add(side)
    return {k: frozenset(v) for k, v in index.items()}


@cache
def _roles_data() -> dict:
    return data_cache.read_toml("roles.toml")


def _explosion_roles(event: Candidate, country: str, seen: list[_Seen], contexts: list[FieldContext]) -> None:
    """Who can have struck, and who was hit when the text names no target (CODEBOOK §6)."""
    data = _roles_data()
    if event.sub_event_type == AIR_STRIKE:
        _air_striker(event, country, seen, contexts)
    _strike_on_home_ground(event, country)
    if event.sub_event_type == CHEMICAL_WEAPON and not event.perpetrator:
        event.perpetrator = data["chemical"].get(country, "")
    if event.sub_event_type == SHELLING and event.perpetrator in ("", _UNIDENTIFIED):
        event.perpetrator = _launcher_in_article(event, contexts, country) or event.perpetrator
    if not event.target:
        event.target = _unnamed_target(event, seen, country)
    if not event.perpetrator:
        event.perpetrator = _UNIDENTIFIED


def _launcher_in_article(event: Candidate, contexts: list[FieldContext], country: str) -> str:
    """Shelling whose sentence names nobody ("القصف على الجولان") was fired by whoever the article says
    fired such weapons: the actor after a launch verb ("قذيفة صاروخية أطلقتها التنظيمات الإرهابية") or the
    weapon's nationality ("20 مقذوفا إيرانيا"), when the article names exactly one."""
    registry = load_registry()
    found: set[str] = set()
    for ctx in contexts:
        found |= _launchers_told(ctx, country)
    # a state is not read as shelling its own ground from a word elsewhere in the article ("الصواريخ
    # الإسرائيلية" told beside rockets fired on Israel): its own fire there is told with the shelling
    found = {k for k in found if k and not k.startswith("generic:") and not _at_home(k, country)}
    if len(found) != 1:
        return ""
    key = found.pop()
    abroad = _roles_data()["abroad"]
    return abroad.get(key, key) if registry.country_of(key) != country else key


def _launchers_told(ctx: FieldContext, country: str) -> frozenset[str]:
    """The keys of the actors a field tells launching weapons, and of the weapons' nationalities: the same
    for every shelling record in the country, so found once per field and country (a pass over every
    sentence per record made long texts quadratic)."""
    found = ctx.memo.get(("launchers_told", country))
    if found is None:
        registry = load_registry()
        keys: set[str] = set()
        tokens = ctx.doc.tokens
        for sentence in ctx.doc.sentences:
            for mention in ctx.actors.get(sentence.index, []):
                first = ctx.token_at(mention.start)
                if mention.key and first >= 1 and tokens[first - 1].text.startswith(_LAUNCH_VERBS):
                    keys.add(registry.resolve_context(mention, country or None))
            for trigger in ctx.triggers.get(sentence.index, []):
                if trigger.spec.event_type == EXPLOSIONS:
                    nationality = _nationality_after(ctx, trigger)
                    if nationality is not None:
                        keys.add(nationality.key)
        found = ctx.memo["launchers_told", country] = frozenset(keys)
    return found


def _bomber(event: Candidate, seen: list[_Seen]) -> None:
    """A state force named with a bomb or a suicide attack was hit by it; the bomber is the armed group
    the sentence names, else unidentified ("استهدف تنظيم داعش تجمعا لقوات النظام بسيارة مفخخة")."""
    data = _roles_data()["bombs"]
    registry = load_registry()
    doer = event.perpetrator
    if event.sub_event_type not in data["sub_event_types"] or not registry.is_state(doer):
        return
    if doer in data["planted_by_state_forces"]:
        return
    if event.target in ("", _CIVILIANS):
        event.target = doer
    event.perpetrator = ""
    groups = _groups_in_sentence(event, seen)
    event.perpetrator = groups[0] if groups else _UNIDENTIFIED


def _strike_on_home_ground(event: Candidate, country: str) -> None:
    """A strike inside a country whose own side is named as the striker, hitting nobody of the other
    side, was fired by the country's enemy ([launcher]: Houthi missiles on Najran, told by the coalition)."""
    launcher = _roles_data()["launcher"].get(country, "")
    home = load_registry().state_forces(country)
    doer, target = event.perpetrator, event.target
    if not launcher or not home or doer == launcher:
        return
    if doer in ("", _UNIDENTIFIED) and event.sub_event_type in (AIR_STRIKE, SHELLING):
        event.perpetrator = launcher  # debris of a missile over Najran: only the launcher fires them there
        return
    if not doer or not _allied(doer, home):
        return
    if target in ("", _CIVILIANS) or _allied(target, home):
        event.perpetrator = launcher


def _air_striker(
    event: Candidate, country: str, seen: Sequence[_Seen] = (), contexts: Sequence[FieldContext] = ()
) -> None:
    """Only forces with aircraft strike from the air: a named group that has none was struck ("غارات على
    مواقع حماس"); where one party alone flies, it struck (CODEBOOK §6, §12)."""
    data = _roles_data()["air"]
    registry = load_registry()
    coalition = data["coalition"].get(country)
    if coalition and event.perpetrator in coalition["members"]:
        event.perpetrator = coalition["coalition"]
    only = data["only_striker"].get(country)
    if only is not None and event.target == only["striker"] and event.perpetrator in ("", _UNIDENTIFIED):
        event.perpetrator, event.target = only["striker"], ""  # "غارات لطيران التحالف": its own strikes
    doer = event.perpetrator
    can_fly = registry.is_state(doer) or doer in data["capable"]
    if only is not None:
        can_fly = doer in (only["striker"], *only["also"])
    if doer and not doer.startswith("generic:") and not can_fly:
        flier = only["striker"] if only else ""
        if not event.target or (flier and _allied(event.target, flier)):
            # "قتل خبراء حوثيون في غارات التحالف": the coalition struck, the Houthis were hit
            event.target = "" if _allied(doer, flier) else doer
        event.perpetrator = ""
    striker = data["unnamed"].get(country, "")
    if not event.perpetrator and not striker:
        event.perpetrator = _flier_in_article(event, seen, contexts)
    if not event.perpetrator and not (event.target and _allied(striker, event.target)):
        event.perpetrator = striker  # not the regime striking its own allies' depots


def _flier_in_article(event: Candidate, seen: Sequence[_Seen], contexts: Sequence[FieldContext]) -> str:
    """Where no one party alone flies, the strike nobody is named for in its sentence is the work of the
    air force the article names near it: a military or an air coalition, named or told by its aircraft
    ("طائرة بلا طيار تابعة للولايات المتحدة", "القوات الخاصة الأميركية" in the title), not the side
    that was hit; the most named and nearest wins."""
    registry = load_registry()
    capable = _roles_data()["air"]["capable"]
    reach = _roles_data()["reach"]["sentences"]
    scores: dict[str, float] = {}
    flying: dict[str, bool] = {}  # a key's answer, asked once per key (a long text names a few keys often)
    for mention in [*seen, *_aircraft_in_article(contexts)]:
        distance = _sentence_distance(event, mention)
        if distance > reach:  # the cheap test first: most of a long text's mentions are out of reach
            continue
        key = mention.key
        flies = flying.get(key)
        if flies is None:
            police = registry.police_forces(registry.country_of(key)) == key
            flies = (registry.is_state(key) and not police) or key in capable
            flies = flying[key] = flies and not (event.target and _allied(key, event.target))
        if flies:
            bonus = 2.0 if distance == 0 else 1.0 if distance <= 2 else 0.0
            scores[key] = scores.get(key, 0.0) + 1.0 + bonus
    return max(scores, key=lambda k: scores[k]) if scores else ""


def _aircraft_in_article(contexts: Sequence[FieldContext]) -> list[_Seen]:
    """Aircraft told with their country in any sentence of the article (``_national_aircraft``), each
    field's found once (every air strike record asks)."""
    out: list[_Seen] = []
    for ctx in contexts:
        told = ctx.memo.get("aircraft_in_field")
        if told is None:
            told = ctx.memo["aircraft_in_field"] = [
                _Seen(m.key, ctx.doc.field, sentence.index)
                for sentence in _air_sentences(ctx)
                for m in _national_aircraft(ctx, sentence)
            ]
        out += told
    return out


def _air_sentences(ctx: FieldContext) -> list[Sentence]:
    """The field's sentences among whose tokens (as ``_find_national_aircraft`` reads them) is an air
    noun, in order: that scan finds nothing in the others, and a long text has thousands of sentences
    where a few name aircraft. The air nouns' positions are found once, each sentence's by a binary
    search."""
    tokens = ctx.doc.tokens
    present = cue_forms("air") & distinct_words(tokens)
    if not present:
        return []
    air = [i for i, token in enumerate(tokens) if token.text in present]
    out = []
    for sentence in ctx.doc.sentences:
        first, last = ctx.token_at(sentence.start), min(ctx.token_at(sentence.end), len(tokens))
        k = bisect_left(air, first)
        if k < len(air) and air[k] < last:
            out.append(sentence)
    return out


def _unnamed_target(event: Candidate, seen: list[_Seen], country: str) -> str:
    """Bombs and chemical attacks with no named target hit civilians; a strike that killed civilians did;
    a state strike that killed unnamed fighters hit an unidentified armed group; a state strike with no
    dead hit the armed group named in its sentence, else the one named near it; the [launcher]'s fire
    into the country it fires on hit that country's civilians."""
    data = _roles_data()
    if event.sub_event_type in data["civilian_targets"]["sub_event_types"]:
        return _CIVILIANS
    if event.victims in ("civilian", "child", "woman", "person"):
        return _CIVILIANS
    if event.perpetrator and event.perpetrator == _roles_data()["launcher"].get(country, ""):
        return _CIVILIANS  # Houthi missiles on Najran: the enemy's fire into the country hits its people
    # an air coalition strikes as the states that make it up do
    by_state = load_registry().is_state(event.perpetrator) or event.perpetrator in data["air"]["capable"]
    state_strike = by_state and event.sub_event_type in (AIR_STRIKE, SHELLING)
    if event.fatalities and not by_state:
        return _CIVILIANS
    groups = _groups_in_sentence(event, seen)  # "مقتل قيادي في طالبان بغارة أمريكية"
    if groups and (event.fatalities or state_strike):
        return groups[0]
    if state_strike and not event.fatalities:
        nearby = _struck_group_nearby(event, seen)  # "واستهدفت الغارات مواقع لحماس" the next sentence
        if nearby:
            return nearby
    return _UNIDENTIFIED if event.fatalities else ""


def _struck_group_nearby(event: Candidate, seen: list[_Seen]) -> str:
    """The non-state armed group a state's strike with no dead hit when its own sentence names none: the
    enemy of the striker the article names within reach of it (a strike on Gaza told beside "مواقع تابعة
    لحماس" hit Hamas). Fighters killed unnamed in the strike's sentence stay unidentified, as the army
    statements that count them do not say whose they were."""
    registry = load_registry()
    reach = _roles_data()["reach"]["sentences"]
    near = [
        m
        for _, m in _seen_index(seen, "all").near(event, reach)  # the others are out of reach
        if registry.inter_of(m.key) in (2, 3, 4)
        and not registry.is_state(m.key)
        and not _allied(m.key, event.perpetrator)
        and m.key not in event.actor_keys()
        and m.key not in event.supporters
    ]
    if not near:
        return ""
    return min(near, key=lambda m: _sentence_distance(event, m)).key


def _groups_in_sentence(event: Candidate, seen: list[_Seen]) -> list[str]:
    """Non-state armed groups named in the event's own sentence, other than its actors."""
    registry = load_registry()
    return [
        m.key
        for _, m in _seen_index(seen, "all").near(event, 0)  # the event's own sentence
        if registry.inter_of(m.key) in (2, 3, 4)
        and not registry.is_state(m.key)
        and m.key not in event.actor_keys()
    ]


def _facing_force(
    event: Candidate, seen: list[_Seen], country: str, contexts: list[FieldContext], wave: bool = False
) -> None:
    """A peaceful protest has no second actor; protesters killed make excessive force; dispersal and
    riots face the force in control, unless the text names a state force. In an article about protests
    in several places (``wave``), live fire makes excessive force only where it is told."""
    lethal = event.fatalities or _lethal_force_near(event, contexts, country, near_only=wave)
    if event.event_type == PROTESTS and lethal and event.sub_event_type in _NOT_LETHAL:
        event.sub_event_type = EXCESSIVE_FORCE
    if event.sub_event_type == PEACEFUL_PROTEST:
        event.perpetrator = ""
        return
    if not _in_control(event.perpetrator, country):
        event.perpetrator = _force_in_control(event, seen, country, police_first=True)


_NOT_LETHAL = frozenset({PEACEFUL_PROTEST, PROTEST_WITH_INTERVENTION})  # live fire makes either excessive


def _lone_attacker(event: Candidate, contexts: list[FieldContext], country: str, claimant: str) -> None:
    """A stabbing or ramming that the police ended by shooting the attacker is one event whose actor1 is
    the attacker: the group that claimed it, else an unidentified armed group (CODEBOOK §12 Scope), not
    the force that shot him ("أطلق الشرطي النار على منفذ عملية الطعن")."""
    if not load_registry().is_state(event.perpetrator) or not _lone_attack_near(event, contexts):
        return
    event.perpetrator = claimant or _UNIDENTIFIED
    if not event.target:
        event.target = _CIVILIANS


def _lone_attack_near(event: Candidate, contexts: list[FieldContext]) -> bool:
    """A lone-attack word ([lone_attack]) in the event's sentence or the one after it."""
    words = _lone_attack_words()
    for ctx in contexts:
        if ctx.doc.field != event.field:
            continue
        for sentence in ctx.doc.sentences[event.sentence.index : event.sentence.index + 2]:
            tokens = ctx.doc.tokens[ctx.token_at(sentence.start) : ctx.token_at(sentence.end)]
            if any(t.text in words for t in tokens):
                return True
    return False


@cache
def _lone_attack_words() -> frozenset[str]:
    return frozenset(normalize_term(w) for w in _roles_data()["lone_attack"]["words"])


def _lethal_force_near(
    event: Candidate, contexts: list[FieldContext], country: str, near_only: bool = False
) -> bool:
    """Live fire told next to a protest ("برصاص الجيش", "الرصاص الحي"), or anywhere in the article with
    the force in control named beside it ("قتل 20 فلسطينيا برصاص الجيش الإسرائيلي"), is force against
    its protesters."""
    for ctx in contexts:
        if ctx.doc.field == event.field:
            indices = [sentence.index for sentence in _lethal_sentences(ctx)]
            here = event.sentence.index
            if bisect_right(indices, here + 1) > bisect_left(indices, here - 1):  # one within a sentence
                return True
        if not near_only and _lethal_force_named(ctx, country):
            return True
    return False


def _lethal_force_named(ctx: FieldContext, country: str) -> bool:
    """Whether a sentence of live fire names the force in control of the country beside it: the same for
    every protest record there, so found once per field and country."""
    found = ctx.memo.get(("lethal_force_named", country))
    if found is None:
        registry = load_registry()
        found = False
        for sentence in _lethal_sentences(ctx):
            keys = (registry.resolve_context(m, country or None) for m in ctx.actors.get(sentence.index, []))
            if any(k and registry.is_state(k) and _in_control(k, country) for k in keys):
                found = True
                break
        ctx.memo["lethal_force_named", country] = found
    return found


def _lethal_sentences(ctx: FieldContext) -> list[Sentence]:
    """The field's sentences that hold a word of live fire, in order, found once per field: every
    protest record asks, and a pass over the whole text per record made long texts quadratic."""
    found = ctx.memo.get("lethal_sentences")
    if found is None:
        found = ctx.memo["lethal_sentences"] = _sentences_holding(ctx.doc, _lethal_words())
    return found


def _sentences_holding(doc: Document, phrases: Iterable[str]) -> list[Sentence]:
    """The document's sentences in which one of ``phrases`` is written whole, in order: each phrase
    searched for through the text once, not within every sentence."""
    found: set[int] = set()
    norm = doc.norm
    for phrase in phrases:
        at = norm.find(phrase)
        while at >= 0:
            sentence = doc.sentence_of(at)
            if sentence is not None and at + len(phrase) <= sentence.end:
                found.add(sentence.index)
            at = norm.find(phrase, at + 1)
    return [doc.sentences[index] for index in sorted(found)]


def lethal_words() -> tuple[str, ...]:
    """The words of live fire ("الرصاص الحي", "برصاص"), normalized: refine reads them too (a clash where
    forces fired live rounds on a crowd is excessive force)."""
    return _lethal_words()


@cache
def _lethal_words() -> tuple[str, ...]:
    return tuple(normalize_term(w) for w in _roles_data()["protests"]["lethal_force"])


def _other_party(event: Candidate, country: str) -> None:
    """``قبل مسلحو المعارضة اتفاقا مع الحكومة``: an agreement has two parties (CODEBOOK §12); with one
    named, the other is the side it usually faces there (the [opponent] table, else the state for a
    group), never an unidentified armed group."""
    if not event.perpetrator and event.target:
        event.perpetrator, event.target = event.target, ""
    if not event.perpetrator or event.target:
        return
    other = _usual_opponent(event.perpetrator, country)
    if other and not other.startswith("generic:"):
        event.target = other


def _strategic_roles(event: Candidate, seen: list[_Seen], country: str) -> None:
    """Interceptions and defusals are the work of the force in control; an intercepted missile was
    fired by the side the article names against it."""
    if event.sub_event_type == AGREEMENT:
        _other_party(event, country)
        return
    if event.sub_event_type not in (DISRUPTED_WEAPONS_USE, CHANGE_TO_GROUP):
        if not event.perpetrator and event.sub_event_type == LOOTING:
            event.perpetrator = _UNIDENTIFIED
        return
    if not event.perpetrator or event.perpetrator.startswith("generic:"):
        event.perpetrator = _force_in_control(event, seen, country, police_first=False)
    if event.target and _allied(event.perpetrator, event.target):
        event.target = ""
    if event.trigger.spec.interception and not event.target:
        event.target = _roles_data()["launcher"].get(country, "")
