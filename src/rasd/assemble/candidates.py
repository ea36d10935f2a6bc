"""From triggers to candidate events: one sentence at a time, arguments attached by role.

A candidate is one trigger's reading of its sentence: what kind of event, who did it to whom (by
position and cue words), where (the most specific place the sentence frames as the scene), when (the
time word nearest the trigger), how many died (casualty figures of the sentence) and who said so.
Candidates are filtered here for what the codebook does not code (negated, threatened, planned,
habitual, purpose clauses, background older than the window) and merged later in ``aggregate``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache

from rasd.assemble.context import FieldContext
from rasd.recognize.actors import ActorMention, load_registry
from rasd.recognize.cues import cue_words
from rasd.recognize.places import PlaceMention
from rasd.recognize.quantities import Casualty
from rasd.recognize.times import is_background, resolve
from rasd.recognize.triggers import TriggerMention
from rasd.resolve.gazetteer import load_gazetteer
from rasd.resolve.locations import Location
from rasd.text.normalize import normalize_term
from rasd.text.segment import Sentence
from rasd.text.tokens import strip_article

WINDOW_DAYS = 7
_FILTER_WINDOW = 4  # tokens before a trigger searched for negation and modality
_NEAR_TRIGGER = 6  # tokens around a trigger where an agent or an air word counts as attached to it
_DEFINITE = ("ال", "بال", "وال", "فال", "لل", "جراء ال")
_CLAUSE_PENALTY = 200  # characters a comma between a toll and a trigger counts for
_OPENING_PARTICLES = frozenset({"كما", "ثم", "فيما", "بينما", "كذلك", "قد", "وقد", "لقد", "وكما"})
_DATELINE_TOKENS = 6  # a dateline ("بغداد ـ «الشرق الأوسط»:") is at most this long
_ANCHOR_REACH = 8  # tokens from a noun trigger within which a time word or occurrence verb anchors it

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
    confidence: float = 0.5

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
    last_candidate: Candidate | None = None


def candidates_for_field(ctx: FieldContext, state: ArticleState) -> list[Candidate]:
    """Candidate events of every sentence of one field, in reading order."""
    out: list[Candidate] = []
    for sentence in ctx.doc.sentences:
        for candidate in _sentence_candidates(ctx, sentence, state):
            if state.last_candidate is not None and _refers_back(ctx, candidate):
                _fold_reference(state.last_candidate, candidate)
                continue
            out.append(candidate)
            state.last_candidate = candidate
        usable = _scene_places(ctx, sentence.index, state.country)
        if usable:
            state.last_place = usable[0]
            state.last_place_sentence = sentence.index
            if state.lead_place is None:
                state.lead_place = usable[0]
    return out


def _refers_back(ctx: FieldContext, candidate: Candidate) -> bool:
    """``ماتوا جراء الهجوم``: a definite generic noun with no actors and no place of its own takes up
    the incident told just before; it adds to that incident rather than starting another."""
    trigger = candidate.trigger
    definite = ctx.doc.tokens[trigger.first_token].text.startswith(_DEFINITE)
    return not trigger.spec.strong and definite and candidate.place_inherited and not candidate.actor_keys()


def _fold_reference(host: Candidate, reference: Candidate) -> None:
    """Add what a second mention of an incident tells (its toll, its passage) to the first."""
    if reference.fatalities > host.fatalities:
        host.fatalities = reference.fatalities
        host.casualty_spans |= reference.casualty_spans
    host.evidence.extend(e for e in reference.evidence if e not in host.evidence)
    host.sources.extend(s for s in reference.sources if s not in host.sources)


def _sentence_candidates(ctx: FieldContext, sentence: Sentence, state: ArticleState) -> list[Candidate]:
    triggers = _select_triggers(ctx, sentence)
    out = []
    seen_types: dict[tuple[str, str], Candidate] = {}
    for trigger in triggers:
        if _filtered(ctx, sentence, trigger):
            continue
        candidate = _build(ctx, sentence, trigger, state, triggers)
        if candidate is None:
            continue
        key = (candidate.event_type, candidate.sub_event_type)
        if key in seen_types:
            _fold_reference(seen_types[key], candidate)  # one incident named twice in one sentence
            continue
        seen_types[key] = candidate
        out.append(candidate)
        out.extend(_listed_places(ctx, sentence, candidate, state))
    return out


def _listed_places(
    ctx: FieldContext, sentence: Sentence, candidate: Candidate, state: ArticleState
) -> list[Candidate]:
    """``غارات على زبيد والجراحي ومطار الحديدة``: places listed after the scene with و are scenes of
    their own (one event per place, CODEBOOK §2); each copy keeps the sentence's evidence."""
    if candidate.place is None or candidate.place_inherited:
        return []
    tokens = ctx.doc.tokens
    copies = []
    for place in _scene_places(ctx, sentence.index, state.country):
        listed = place.start > candidate.place.start and tokens[place.first_token].text.startswith("و")
        if listed and _specificity(place) == _specificity(candidate.place) == 2:
            copies.append(
                replace(
                    candidate,
                    place=place,
                    evidence=list(candidate.evidence),
                    casualty_spans=set(candidate.casualty_spans),
                )
            )
    _split_toll([candidate, *copies])
    return copies


def _split_toll(events: list[Candidate]) -> None:
    """A toll given for several places is split evenly, the remainder to the first (CODEBOOK §7)."""
    if len(events) < 2:
        return
    share, remainder = divmod(events[0].fatalities, len(events))
    for index, event in enumerate(events):
        event.fatalities = share + (remainder if index == 0 else 0)


def _select_triggers(ctx: FieldContext, sentence: Sentence) -> list[TriggerMention]:
    """Keep the triggers that explain the sentence: killing words yield to any other trigger,
    weak triggers to strong ones of the same type, intercepted missiles to the interception."""
    triggers = [_verb_first(ctx, sentence, t) for t in ctx.triggers.get(sentence.index, [])]
    if not triggers:
        return []
    explaining = [t for t in triggers if not t.spec.casualty]
    if explaining:
        triggers = explaining
    if any(t.spec.strong for t in triggers):
        triggers = [t for t in triggers if t.spec.strong]
    main = [t for t in triggers if not _subordinate(ctx, sentence, t)]
    if main:
        triggers = main
    if any(t.spec.interception for t in triggers):
        triggers = [
            t for t in triggers if t.spec.event_type != "Explosions/Remote violence" or "شظايا" in t.phrase
        ]
    return triggers


def _verb_first(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> TriggerMention:
    """Arabic news sentences open with their verb: a trigger standing first (``خطف موظف ...``,
    ``وقصف الطيران ...``) is the verb even when its spelling could be a noun."""
    if trigger.spec.verbal or trigger.first_token != _clause_start(ctx, sentence):
        return trigger
    return replace(trigger, spec=replace(trigger.spec, verbal=True))


def _clause_start(ctx: FieldContext, sentence: Sentence) -> int:
    """First token of the sentence's main clause: after a dateline ("لاغوس ـ ا ف ب: ...") if any."""
    first = ctx.token_at(sentence.start)
    head = ctx.doc.norm[
        sentence.start : ctx.doc.tokens[min(first + _DATELINE_TOKENS, len(ctx.doc.tokens) - 1)].end
    ]
    colon = head.find(":")
    return ctx.token_at(sentence.start + colon + 1) + 1 if colon >= 0 else first


def _subordinate(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``خلال المعارك`` / ``أثناء الاشتباكات``: the trigger sets the scene for another event."""
    return any(
        "subordinate" in cue.value and 0 <= trigger.first_token - cue.last_token <= 1
        for cue in ctx.cues.get(sentence.index, [])
    )


def _filtered(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """True when the trigger's clause says the event did not happen, may happen, or is general."""
    if _purpose_clause(ctx, trigger) or _question(ctx, sentence) or _relative_clause(ctx, trigger):
        return True
    if trigger.spec.interception and not _sentence_has(ctx, sentence, "weapon"):
        return True
    if trigger.spec.sub_event_type == "Looting/property destruction" and _sentence_has(
        ctx, sentence, "weapon"
    ):
        return True  # "صواريخ ... هدمت طابقها": damage done by a strike belongs to the strike
    sentence_first = ctx.token_at(sentence.start)
    noun = not trigger.spec.verbal
    for cue in ctx.cues.get(sentence.index, []):
        habitual = "habitual" in cue.value and cue.first_token < trigger.last_token + _NEAR_TRIGGER
        if habitual and not _recent_since(ctx, sentence, cue):
            return True
        gap = trigger.first_token - cue.last_token
        if gap < 0 or cue.first_token < sentence_first:
            continue
        if gap < _FILTER_WINDOW and cue.value & {"negation", "modality", "attempt"}:
            return True
        if "denial" in cue.value:
            return True  # "نفت الوزارة شن غارات": denied, not reported
        if noun and cue.value & {"modality", "reaction"}:
            return True  # "أدان ... تفجيرات": the sentence is about the reaction to an incident
        if noun and gap <= 1 and "generic" in cue.value:
            return True  # "عمليات الخطف": a kind of incident, not one incident
    return False


def _recent_since(ctx: FieldContext, sentence: Sentence, cue) -> bool:
    """``منذ صباح أمس`` / ``منذ ساعات``: "since" a recent time is not a habit."""
    if cue.phrase != "منذ":
        return False
    return any(
        0 <= m.start - cue.end <= 12 and m.kind not in ("year", "past_period", "since", "month", "absolute")
        for m in ctx.times.get(sentence.index, [])
    )


def _sentence_has(ctx: FieldContext, sentence: Sentence, cue_class: str) -> bool:
    return any(cue_class in cue.value for cue in ctx.cues.get(sentence.index, []))


def _relative_clause(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``المتظاهرين الذين تجمعوا`` / ``نصر الذي اختطف عام 2003``: a verb in a relative clause describes
    someone already introduced; it is not the report."""
    i = trigger.first_token
    return i > 0 and ctx.doc.tokens[i].joined and ctx.doc.tokens[i - 1].text in _RELATIVE_PRONOUNS


_RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})


def _question(ctx: FieldContext, sentence: Sentence) -> bool:
    """A question asks whether something happened; it does not report that it did."""
    return ctx.doc.norm[sentence.start : sentence.end].rstrip(' "').endswith(("?", "؟"))


def _purpose_clause(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``لتحرير`` / ``للقضاء``: a verbal noun with the preposition ل states an aim, not a deed."""
    token = ctx.doc.tokens[trigger.first_token]
    return token.text.startswith("ل") and not trigger.phrase.startswith("ل") and trigger.start > token.start


def _build(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    state: ArticleState,
    rivals: list[TriggerMention],
) -> Candidate | None:
    spec = trigger.spec
    candidate = Candidate(spec.event_type, spec.sub_event_type, ctx.doc.field, sentence, trigger)
    candidate.from_killing_word = spec.casualty
    _attach_casualties(ctx, sentence, candidate, rivals)
    _attach_actors(ctx, sentence, trigger, candidate, state.country)
    _refine_type(ctx, sentence, trigger, candidate)
    if candidate.event_type == "":
        return None
    if candidate.event_type == "Battles" and not candidate.perpetrator and not candidate.fatalities:
        return None  # fighting needs a fighter: "شن هجوما على خصومه" in politics is not a battle
    if not spec.strong and not _weak_supported(ctx, sentence, candidate):
        return None
    if not spec.verbal and not _anchored(ctx, sentence, trigger, rivals):
        return None
    if not spec.verbal and _known_incident(ctx, sentence, trigger) and not ctx.casualties.get(sentence.index):
        return None
    if not _attach_time(ctx, sentence, trigger, candidate, state.published):
        return None
    _attach_place(ctx, sentence, trigger, candidate, state)
    if candidate.place is None:
        return None
    _attach_sources(ctx, sentence, candidate)
    candidate.evidence.append(Span(ctx.doc.field, sentence.start, sentence.end))
    candidate.confidence = _confidence(candidate, spec.strong)
    return candidate


# --- casualties -------------------------------------------------------------------------------


def _attach_casualties(
    ctx: FieldContext, sentence: Sentence, candidate: Candidate, rivals: list[TriggerMention]
) -> None:
    """The sentence's death toll, when this trigger is the one nearest to it."""
    killed = [
        c
        for c in ctx.casualties.get(sentence.index, [])
        if c.outcome == "killed"
        and _nearest_trigger(c.start, rivals, candidate.trigger, ctx.doc.norm) is candidate.trigger
        and not _toll_of_a_period(ctx, sentence, c)
    ]
    if not killed:
        return
    best = max(killed, key=lambda c: (c.exact, c.count))
    candidate.fatalities = best.count
    candidate.victims = best.victims
    candidate.casualty_spans.add((ctx.doc.field, best.start, best.end))


def _toll_of_a_period(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """``مقتل 500 عنصر خلال الأيام الستة الماضية``: a toll over a period is not one day's deaths."""
    return any(
        m.kind in ("recent_days", "past_period", "since", "last_week", "last_month")
        and 0 <= m.start - casualty.end < 40
        for m in ctx.times.get(sentence.index, [])
    )


def _nearest_trigger(
    position: int, rivals: list[TriggerMention], own: TriggerMention, norm: str
) -> TriggerMention:
    """The trigger closest to a position, a clause boundary counting as far (the own trigger wins ties)."""

    def gap(t: TriggerMention) -> int:
        if t.start <= position < t.end:
            return 0
        distance = min(abs(position - t.end), abs(t.start - position))
        between = norm[min(t.end, position) : max(t.start, position)]
        return distance + (_CLAUSE_PENALTY if "،" in between or "," in between else 0)

    return min([own, *[t for t in rivals if t is not own]], key=gap)


# --- actors -----------------------------------------------------------------------------------


def _attach_actors(
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
    candidate.supporters = _unique(m.key for m in named if roles[id(m)] == "support")
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
    if len(_unique(m.key for m in paired)) >= 2:
        sides = _unique(m.key for m in paired)
    else:
        opponents = [m for m in principal if roles[id(m)] in ("versus", "target", "between")]
        agent = _nearest_agent(ctx, [m for m in principal if m not in opponents], trigger)
        sides = _unique([agent.key] if agent else [])
        sides += [k for k in _unique(m.key for m in opponents) if k not in sides]
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
    close = [m for m in targets if ctx.token_at(m.start) - trigger.last_token <= _ANCHOR_REACH]
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
    if first >= 2 and tokens[first - 1].text == "من" and _counts_people(tokens[first - 2].text):
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


_LAUNCH_VERBS = ("اطلقه", "اطلقها", "اطلقت", "اطلقوا", "اطلق")
_PEOPLE_COUNTS = ("عنصر", "مقاتل", "مسلح", "جندي", "اعضاء", "افراد", "قياد", "اثنين", "عدد", "عشرات", "مئات")


def _is_count(word: str) -> bool:
    return word.isdigit() or word in ("عشرات", "مئات", "الاف", "آلاف", "عدد", "بعض")


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


def _unique(keys) -> list[str]:
    out: list[str] = []
    for key in keys:
        if key and key not in out:
            out.append(key)
    return out


# --- type refinement --------------------------------------------------------------------------


def _refine_type(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate
) -> None:
    """Sub-types that depend on arguments: air strikes, takeovers, killings, arrests, protests."""
    spec = trigger.spec
    registry = load_registry()
    if spec.air_upgrade and _air_word_near(ctx, sentence, trigger):
        candidate.sub_event_type = "Air/drone strike"
    if spec.takeover:
        _refine_takeover(ctx, trigger, candidate, registry)
    if spec.casualty:
        _refine_killing(candidate, registry)
    if spec.execution:
        _refine_execution(ctx, trigger, candidate)
    if spec.arrest:
        _refine_arrest(ctx, sentence, candidate)
    if spec.protest or spec.riot:
        _refine_demonstration(ctx, sentence, candidate, spec.riot)


def _air_word_near(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    for cue in ctx.cues.get(sentence.index, []):
        if "air" in cue.value and abs(cue.first_token - trigger.first_token) <= _NEAR_TRIGGER:
            return True
    return False


def _refine_takeover(ctx: FieldContext, trigger: TriggerMention, candidate: Candidate, registry) -> None:
    tokens = ctx.doc.tokens
    following = {t.text for t in tokens[trigger.last_token : trigger.last_token + 2]}
    if following & {"معظم", "اجزاء", "احياء", "بعض", "عده", "مواقع", "نقاط"}:
        candidate.sub_event_type = "Armed clash"
        return
    if candidate.perpetrator and registry.canonical(candidate.perpetrator, None, None)[1] == STATE:
        candidate.sub_event_type = "Government regains territory"


def _refine_killing(candidate: Candidate, registry) -> None:
    """A killing with no other trigger: violence against civilians, or a battle when fighters died
    at the hands of an armed actor. With no killer named, deaths may be disease or accident: no event."""
    if not candidate.perpetrator:
        candidate.event_type = ""
    elif candidate.victims in COMBATANT_VICTIMS:
        candidate.event_type, candidate.sub_event_type = "Battles", "Armed clash"
    elif candidate.victims not in CIVILIAN_VICTIMS:
        candidate.event_type = ""


def _refine_execution(ctx: FieldContext, trigger: TriggerMention, candidate: Candidate) -> None:
    """Executions kill captives: the victims are civilians, who they were goes to assoc_actor_2."""
    if not candidate.fatalities:
        candidate.fatalities = _count_after(ctx, trigger)
    if candidate.victim_group:
        pass
    elif candidate.target and candidate.target != candidate.perpetrator:
        candidate.victim_group = candidate.target
    elif _own_members_after(ctx, trigger):
        candidate.victim_group = candidate.perpetrator
    candidate.target = ""
    candidate.victims = "civilian"


def _count_after(ctx: FieldContext, trigger: TriggerMention) -> int:
    """The first head count after a trigger in its sentence (``أعدم، أمس، 25 عنصرا``)."""
    sentence = ctx.doc.sentence_of(trigger.start)
    for quantity in ctx.quantities.get(sentence.index if sentence else -1, []):
        if quantity.start >= trigger.end and quantity.category in PEOPLE:
            return quantity.value
    return 0


def _own_members_after(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``من قواته`` / ``من عناصره``: the victims belonged to the perpetrator."""
    words = [t.text for t in ctx.doc.tokens[trigger.last_token : trigger.last_token + 6]]
    return any(
        w.endswith(("ه", "ها", "هم")) and w.startswith(("قوات", "عناصر", "مقاتلي", "افراد")) for w in words
    )


def _refine_arrest(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> None:
    """Arrested people are civilians of their nationality; who they were goes to assoc_actor_2."""
    gaz = load_gazetteer()
    tokens = ctx.doc.tokens[candidate.trigger.last_token : ctx.token_at(sentence.end)]
    marked = [
        t for i, t in enumerate(tokens[1:], 1) if tokens[i - 1].text in ("الجنسيه", "جنسيه", "اصول", "الاصل")
    ]
    for token in marked + tokens:  # "يحملون الجنسية الروسية" names the detainees' nationality outright
        for stem, _ in token.stems:
            country = gaz.country_by_name(stem)
            if country is not None and stem not in ("من",):
                candidate.victim_country = country.iso2
                break
        if candidate.victim_country:
            break
    if candidate.target and candidate.target != candidate.perpetrator:
        candidate.victim_group = candidate.target
    candidate.target = ""


def _refine_demonstration(ctx: FieldContext, sentence: Sentence, candidate: Candidate, riot: bool) -> None:
    """Riot words make a riot; deaths among protesters make excessive force; police dispersal
    (tear gas, water cannon, firing in the air) makes an intervention."""
    intervention = _sentence_has(ctx, sentence, "intervention")
    if riot:
        candidate.event_type, candidate.sub_event_type = "Riots", "Violent demonstration"
    elif candidate.fatalities and candidate.victims == "protester":
        candidate.sub_event_type = "Excessive force against protesters"
    elif intervention:
        candidate.sub_event_type = "Protest with intervention"
    candidate.victim_group = ""


def _known_incident(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``التفجير الذي استهدف ...`` / ``التفجيرات الأخيرة التي شهدتها ...``: a definite noun taken up by a
    relative clause names an incident the reader already knows of; the sentence is about something else
    (unless the clause dates it: ``الهجوم الذي وقع السبت``)."""
    tokens = ctx.doc.tokens
    if not tokens[trigger.first_token].text.startswith(_DEFINITE):
        return False
    following = [t.text for t in tokens[trigger.last_token : trigger.last_token + 3]]
    if not any(word in ("الذي", "التي", "اللذين", "اللتين") for word in following):
        return False
    clause_end = tokens[min(trigger.last_token + _ANCHOR_REACH, len(tokens) - 1)].end
    return not any(trigger.end <= m.start < clause_end for m in ctx.times.get(sentence.index, []))


def _anchored(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, triggers: list[TriggerMention]
) -> bool:
    """A noun trigger reports an incident only when its sentence anchors it: a verbal trigger or a
    casualty figure anywhere in the sentence, or an occurrence verb or a time word close to it (a time
    word three clauses away may date a statement, not the incident)."""
    same_kind = [t for t in triggers if t.spec.event_type == trigger.spec.event_type]
    if any(t.spec.verbal for t in same_kind) or ctx.casualties.get(sentence.index):
        return True
    if trigger.spec.protest and any(
        q.category in PEOPLE or q.qualifier == "vague" for q in ctx.quantities.get(sentence.index, [])
    ):
        return True  # a crowd is counted: "خرج مئات المتظاهرين", "تجمع نحو مئة متظاهر"
    opening = ctx.token_at(sentence.start)
    if ctx.doc.tokens[opening].text in _OPENING_PARTICLES:
        opening += 1  # "كما أصيب ...", "وقد قتل ...": the verb follows the particle
    if any(
        "occurrence" in cue.value
        and (
            _token_gap(cue.first_token, cue.last_token, trigger) <= _ANCHOR_REACH
            or cue.first_token == opening
        )
        for cue in ctx.cues.get(sentence.index, [])
    ):
        return True  # near the trigger, or the sentence's opening verb ("تواصل قسد ... هجومها")
    return any(
        m.kind != "future"
        and _token_gap(ctx.token_at(m.start), ctx.token_at(m.end - 1) + 1, trigger) <= _ANCHOR_REACH
        for m in ctx.times.get(sentence.index, [])
    )


def _token_gap(first: int, last: int, trigger: TriggerMention) -> int:
    """Tokens between a span [first, last) and a trigger (0 when they touch or overlap)."""
    if last <= trigger.first_token:
        return trigger.first_token - last
    if first >= trigger.last_token:
        return first - trigger.last_token
    return 0


def _weak_supported(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> bool:
    """A weak trigger stands when its sentence also gives deaths, two sides, or a date with an actor."""
    if candidate.fatalities or any(
        c.outcome == "killed" and c.count for c in ctx.casualties.get(sentence.index, [])
    ):
        return True
    if candidate.perpetrator and candidate.target:
        return True
    has_time = any(m.kind not in ("future",) for m in ctx.times.get(sentence.index, []))
    return bool(has_time and candidate.perpetrator)


# --- time ---------------------------------------------------------------------------------------


def _attach_time(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    candidate: Candidate,
    published: dt.date | None,
) -> bool:
    """Date the candidate; False when the event lies outside the coding window or in the future."""
    mentions = [
        m
        for m in ctx.times.get(sentence.index, [])
        if m.kind != "future" and not _inside_quotes(ctx.doc.norm, m.start)
    ]
    if mentions:
        mention = min(mentions, key=lambda m: abs(m.start - trigger.start))
        if is_background(mention, published, WINDOW_DAYS):
            return False
        date, precision = resolve(mention, published)
        if date is not None and published is not None and not 0 <= (published - date).days <= WINDOW_DAYS:
            return False
        candidate.date, candidate.precision, candidate.dated = date, precision, date is not None
        return True
    candidate.date, candidate.precision = published, 2
    return True


def _inside_quotes(norm: str, position: int) -> bool:
    """Whether a position lies inside quoted speech: its time words count from when it was said."""
    paragraph_start = norm.rfind("\n", 0, position) + 1
    return norm.count('"', paragraph_start, position) % 2 == 1


# --- place --------------------------------------------------------------------------------------


def names_a_place(ctx: FieldContext, country: str) -> bool:
    """Whether a field names any scene finer than a country."""
    return any(_scene_places(ctx, sentence.index, country) for sentence in ctx.doc.sentences)


def _scene_places(ctx: FieldContext, index: int, country: str) -> list[PlaceMention]:
    """Places a sentence frames as a scene: not an origin, not a bare country, not a chance homonym."""
    return [
        p
        for p in ctx.places.get(index, [])
        if p.cue != "origin" and not p.is_country_only and p.plausible(country)
    ]


def _attach_place(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate, state: ArticleState
) -> None:
    places = _scene_places(ctx, sentence.index, state.country)
    if places:
        candidate.place = _most_specific(places, trigger)
        return
    inherited = None
    if state.last_place is not None and sentence.index - state.last_place_sentence <= 3:
        inherited = state.last_place
    elif state.lead_place is not None:
        inherited = state.lead_place
    if inherited is not None:
        candidate.place = inherited
        candidate.place_inherited = True
        return
    if state.names_a_place:
        return
    # nothing finer anywhere in the article: code to the country, named or implied by a nationality
    countries = [p for p in ctx.places.get(sentence.index, []) if p.is_country_only and p.cue != "origin"]
    if countries:
        candidate.place = countries[0]
    else:  # "في المحافظات المصرية"; for violence also "الشرطة الأفغانية": a country's own territory or forces
        nouns = _TERRITORIES | (
            _LOCAL_AUTHORITIES if candidate.event_type in _SECURITY_INCIDENTS else frozenset()
        )
        candidate.place = _nationality_place(ctx, sentence, nouns)


def _nationality_place(ctx: FieldContext, sentence: Sentence, nouns: frozenset[str]) -> PlaceMention | None:
    """The country of a nationality adjective on one of ``nouns`` ("الشرطة الأفغانية", "المدن المصرية")."""
    gaz = load_gazetteer()
    tokens = ctx.doc.tokens
    for i in range(ctx.token_at(sentence.start) + 1, ctx.token_at(sentence.end) + 1):
        if tokens[i - 1].text not in nouns:
            continue
        country = gaz.country_by_name(tokens[i].text)
        if country is not None:
            token = tokens[i]
            return PlaceMention(token.start, token.end, i, i + 1, token.text, (), (), country, "", "", False)
    return None


_TERRITORIES = frozenset(
    {"المحافظات", "محافظات", "المدن", "مدن", "الاراضي", "العاصمه", "الولايات", "المناطق"}
)
_SECURITY_INCIDENTS = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_LOCAL_AUTHORITIES = frozenset(
    {
        "الشرطه",
        "الامن",
        "الامنيه",
        "المخابرات",
        "الداخليه",
        "السلطات",
        "مصادر",
        "مصدر",
        "الجيش",
        "القوات",
        "امنيه",
        "الحكومه",
    }
)


def _specificity(place: PlaceMention) -> int:
    """Higher is more specific: a settlement or site beats a province; a framed province is lowest."""
    if place.explicit_province or (place.provinces and not place.places):
        return 0
    if place.cue == "countryside" and place.provinces:
        return 0
    if place.places:
        return 2
    return 1


def _most_specific(places: list[PlaceMention], trigger: TriggerMention) -> PlaceMention:
    best = max(_specificity(p) for p in places)
    top = [p for p in places if _specificity(p) == best]
    after = [p for p in top if p.start >= trigger.start]
    return after[0] if after else top[0]


# --- sources ------------------------------------------------------------------------------------


def _attach_sources(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> None:
    candidate.sources = _unique(s.name for s in ctx.sources.get(sentence.index, []))


def _confidence(candidate: Candidate, strong: bool) -> float:
    score = 0.4 + (0.2 if strong else 0.0)
    score += 0.1 if candidate.dated else 0.0
    score += 0.1 if not candidate.place_inherited else 0.0
    score += 0.1 if candidate.perpetrator else 0.0
    score += 0.1 if candidate.sources else 0.0
    return min(score, 1.0)
