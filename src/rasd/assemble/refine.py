"""Sub-types that depend on the arguments: air strikes, takeovers, killings, executions, arrests,
protests and riots."""

from __future__ import annotations

from rasd import tuning
from rasd.assemble.context import FieldContext, read_ahead
from rasd.assemble.filters import WAR_TOLL, crowd_without_protest
from rasd.assemble.model import (
    CIVILIAN_VICTIMS,
    COMBATANT_VICTIMS,
    NEAR_TRIGGER,
    PEOPLE,
    STATE,
    Candidate,
    sentence_has,
)
from rasd.assemble.roles import lethal_words
from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.actors import load_registry
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import (
    AIR_STRIKE,
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    EXCESSIVE_FORCE,
    EXPLOSIONS,
    GOVERNMENT_REGAINS,
    LOOTING,
    MOB_VIOLENCE,
    NON_STATE_OVERTAKES,
    NON_VIOLENT_TRANSFER,
    PROTEST_WITH_INTERVENTION,
    PROTESTS,
    RIOTS,
    STRATEGIC_DEVELOPMENTS,
    TAXONOMY,
    VIOLENCE_AGAINST_CIVILIANS,
    VIOLENT_DEMONSTRATION,
)
from rasd.text.clitics import clitics
from rasd.text.lexicon import distinct_words
from rasd.text.rule_words import word_set, words
from rasd.text.segment import Sentence
from rasd.text.tokens import forms_with_stem_in

_PARTIAL_TAKEOVER = word_set("partial_takeover")
_TRANSFER_FRAMES = words("transfer_frames")
_CIVILIAN_PROPERTY = word_set("civilian_property")
_CIVILIAN_PROPERTY_FORMS = forms_with_stem_in(_CIVILIAN_PROPERTY)  # written words with one as a stem
_FLAG_RAISING = words("flag_raising")
_TERRITORY = frozenset({GOVERNMENT_REGAINS, NON_STATE_OVERTAKES})
_COORDINATOR = clitics().coordinator
_SHELLING = next(s for s in TAXONOMY[EXPLOSIONS] if s.startswith("Shelling"))
_AIR_DEFENCE = word_set("air_defence")
_AIR_DEFENCE_FORMS = forms_with_stem_in(_AIR_DEFENCE)  # written words with one as a stem
_GROUND_FIRE = word_set("ground_fire")
_OWN_FORCES = words("own_forces")
_OWN_SUFFIXES = words("own_suffixes")
_NATIONALITY_MARKERS = word_set("nationality_markers")
_NOT_COUNTRY = word_set("not_country")
_ATTACKER_WORDS = word_set("attacker_words")
_ACCUSATIVE_NISBA = words("accusative_nisba")
_CROWDS = frozenset({"generic:protesters", "generic:rioters"})
_WAR_FIGHTING = word_set("war_fighting")
_YOUTHS = word_set("crowd_youths")
_ARMED = word_set("armed_words")
# the dead are the crowd's when named as protesters, civilians or nationals ("قتل 9 فلسطينيين"); "قتل
# شخصان" in a clash with the police may be anyone's
_CROWD_VICTIMS = CIVILIAN_VICTIMS - {"person"}


def refine_type(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate) -> None:
    """Sub-types that depend on arguments: air strikes, takeovers, killings, arrests, protests."""
    spec = trigger.spec
    registry = load_registry()
    if spec.air_upgrade and _air_word_near(ctx, sentence, trigger):
        candidate.sub_event_type = AIR_STRIKE
    if spec.takeover:
        _refine_takeover(ctx, trigger, candidate, registry)
    if (candidate.event_type == BATTLES and candidate.sub_event_type in _TERRITORY) or spec.entry:
        _refine_transfer(ctx, sentence, trigger, candidate)
    if candidate.sub_event_type == LOOTING and not candidate.victims:
        _refine_looting(ctx, sentence, candidate)
    if spec.casualty:
        _refine_killing(ctx, sentence, candidate, registry)
    if spec.execution:
        _refine_execution(ctx, trigger, candidate)
    if spec.arrest:
        _refine_arrest(ctx, sentence, candidate)
    if spec.protest or spec.riot:
        _refine_demonstration(ctx, sentence, candidate, spec.riot)
    shooting = candidate.event_type == VIOLENCE_AGAINST_CIVILIANS and not (spec.execution or spec.arrest)
    if shooting and candidate.sub_event_type == ATTACK and (
        candidate.victims == "protester" or _amid_protest(ctx, sentence) or _lead_amid_protest(ctx, sentence)
    ):
        # "مقتل 4 متظاهرين برصاص الجيش": the dead are counted as protesters, so lethal force met a protest
        # "قتل 61 فلسطينيا برصاص القوات خلال احتجاجات": the shooting of protesters is the protest's
        candidate.event_type, candidate.sub_event_type = PROTESTS, EXCESSIVE_FORCE
    clash = candidate.event_type == BATTLES and candidate.sub_event_type == ARMED_CLASH
    if clash and trigger.phrase not in _WAR_FIGHTING and _crowd_fight(ctx, sentence):
        # a crowd fighting the police is a riot, not a battle (CODEBOOK §3) ...
        candidate.event_type, candidate.sub_event_type = RIOTS, VIOLENT_DEMONSTRATION
        if _crowd_shot(ctx, sentence, candidate):
            candidate.event_type, candidate.sub_event_type = PROTESTS, EXCESSIVE_FORCE
        elif _mob(ctx, sentence):
            candidate.sub_event_type = MOB_VIOLENCE


def _crowd_shot(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> bool:
    """"Confrontations" whose dead are the crowd's (protesters, civilians, nationals), with nothing the
    crowd did told (no burning, storming or stoning in the sentence), tell lethal force on protesters:
    excessive force, not a riot (the Gaza border protests, CODEBOOK §3)."""
    # any of the sentence's dead, even a toll framed as the protests' ("قتلت القوات 61 فلسطينيا خلال
    # اشتباكات واحتجاجات الاثنين"): whether or not it is this event's toll, it tells whose dead they were
    dead = ctx.casualties.get(sentence.index, [])
    tolls = [c for c in dead if c.outcome == "killed" and 0 < c.count < WAR_TOLL]
    amid = _amid_protest(ctx, sentence)  # "قتل 62 منهم خلال تظاهرات ومواجهات": the dead were at the protest
    crowd_dead = any(
        c.victims in _CROWD_VICTIMS or _nationals(ctx, c) or (amid and c.victims == "person") for c in tolls
    )
    # "مواجهات دامية أطلقت فيها القوات الرصاص الحي": live fire on the crowd is force used on protesters
    norm = ctx.doc.norm[sentence.start : sentence.end]
    live_fire = any(word in norm for word in lethal_words())
    return (crowd_dead or live_fire) and not any(t.spec.riot for t in ctx.triggers.get(sentence.index, []))


def _nationals(ctx: FieldContext, casualty) -> bool:
    """``مقتل 9 فلسطينيين``: the dead are counted by nationality, as a crowd's people are (not the
    police or soldiers it fought, who are counted as such)."""
    gaz = load_gazetteer()
    last = ctx.token_at(max(casualty.start, casualty.end - 1))
    words = ctx.doc.tokens[last : last + 2]  # the counted noun closes the phrase or follows its figure
    return any(gaz.country_by_name(stem) is not None for token in words for stem, _ in token.stems)


def _amid_protest(ctx: FieldContext, sentence: Sentence) -> bool:
    """A protest sets the scene of the sentence ("خلال احتجاجات على الحدود", "أثناء المظاهرات"): the people
    shot or killed there were protesters (CODEBOOK §3 excessive force; dev3 notes: not VAC)."""
    read_ahead(ctx.cues, [sentence.index])  # the lead's alone when unread, not every sentence's
    cues = [c for c in ctx.cues.get(sentence.index, []) if "subordinate" in c.value]
    return any(
        t.spec.protest and any(0 <= t.first_token - c.last_token <= 1 for c in cues)
        for t in ctx.triggers.get(sentence.index, [])
    )


def _protest_told(ctx: FieldContext, sentence: Sentence) -> bool:
    """Any protest word of the sentence, even one that is no trigger of its own (a span, "بعد شهر من
    التظاهرات", or a name, "مهد الاحتجاجات"): the sentence's scene is a protest."""
    return any(t.spec.protest for t in ctx.triggers.get(sentence.index, []))


def _lead_amid_protest(ctx: FieldContext, sentence: Sentence) -> bool:
    """The text's lead sets a protest as the scene ("أصيب فلسطينيان بنيران القوات خلال احتجاجات على
    الحدود") and a later sentence tells the shooting without it ("عندما قتلت القوات 59 فلسطينيا"): the
    people shot were protesters there too (CODEBOOK §3 excessive force)."""
    if sentence.index == 0 or not ctx.doc.sentences:
        return False
    return _amid_protest(ctx, ctx.doc.sentences[0])


def _crowd_fight(ctx: FieldContext, sentence: Sentence) -> bool:
    """The fighting is a crowd's, not an armed group's: protesters or rioters are named in the sentence,
    or in the lead when the sentence names no armed group ("قتل شخص في الاشتباكات مع الشرطة" after a
    lead about clashes between the police and protesters)."""
    if _crowd_in(ctx, sentence.index):
        return True
    found = ctx.triggers.get(sentence.index, [])
    if any(t.spec.protest and not crowd_without_protest(ctx, sentence, t) for t in found):
        return True  # "خرج الآلاف في مسيرات ... وأدت المواجهات مع القوات إلى": the marchers clashed
    registry = load_registry()
    armed = any(
        not m.key.startswith("generic:") and not registry.is_state(m.key)
        for m in ctx.actors.get(sentence.index, [])
    )
    # a gathering word alone makes a crowd of the fighters when people are counted gathering ("حيث تجمع
    # الآلاف منهم وألقوا الحجارة"); "مركز تجمع الميليشيات" is where a militia massed, and it fought a battle
    quantities = ctx.quantities.get(sentence.index, [])
    counted = any(q.category in PEOPLE or q.qualifier == "vague" for q in quantities)
    gathered = counted and any(t.spec.protest for t in found)
    return not armed and (gathered or _crowd_in(ctx, 0) or _youths_clash(ctx, sentence))


def _mob(ctx: FieldContext, sentence: Sentence) -> bool:
    """``مواجهات بين شبان وقوات الاحتلال التي اقتحمت المخيم``: youths who confront a raid, in an article
    that tells no demonstration, are an unorganized violent crowd: mob violence, not a violent
    demonstration (CODEBOOK §3)."""
    demonstration = any(_crowd_in(ctx, index) for index in {0, sentence.index}) or any(
        t.spec.protest for found in ctx.triggers.values() for t in found
    )
    return not demonstration and _youths_clash(ctx, sentence)


def _youths_clash(ctx: FieldContext, sentence: Sentence) -> bool:
    """``مواجهات بين الشبان وجيش الاحتلال``: unarmed youths facing the forces are a crowd (a riot), unless
    the sentence arms them ("شبان مسلحون")."""
    youths, armed = forms_with_stem_in(_YOUTHS), forms_with_stem_in(_ARMED)
    if youths.isdisjoint(distinct_words(ctx.doc.tokens)):
        return False  # no word of the field names youths (one intersection, kept with its words)
    # a stem among the words is a written form among their forms: one look-up a token, no stem set
    first, last = ctx.token_at(sentence.start), ctx.token_at(sentence.end - 1)
    texts = [t.text for t in ctx.doc.tokens[first : last + 1]]
    return not youths.isdisjoint(texts) and armed.isdisjoint(texts)



def _crowd_in(ctx: FieldContext, index: int) -> bool:
    return any(m.key in _CROWDS for m in ctx.actors.get(index, []))


def _air_word_near(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """Aircraft named next to a shelling word make it an air strike ("قصف الطيران"); the air defence
    that stopped a missile ("رصدت قوات الدفاع الجوي إطلاق صاروخ بالستي") names no aircraft."""
    for cue in ctx.cues.get(sentence.index, []):
        near = abs(cue.first_token - trigger.first_token) <= NEAR_TRIGGER
        if "air" in cue.value and near and not _air_defence(ctx, cue.first_token):
            return True
    return False


def strikes_by_told_aircraft(candidates: list[Candidate], contexts: list[FieldContext], hint: str) -> None:
    """``إسرائيل تقصف مواقع إيران حول دمشق`` in the headline, ``ذكر بيان للجيش الإسرائيلي أن مقاتلاته
    استهدفت ...`` in the text: a bare bombardment word ("قصف") by an actor whose aircraft the article tells
    elsewhere is that actor's air strike, unless the article tells the same actor's guns or rockets
    ("قصف مدفعي", "قذائف"), which the bare word may be too."""
    if not any(c.event_type == EXPLOSIONS and c.perpetrator for c in candidates):
        return
    guns = {
        c.perpetrator
        for c in candidates
        if c.event_type == EXPLOSIONS and c.sub_event_type == _SHELLING and not c.trigger.spec.generic_means
    }
    guns |= _actors_told_with(contexts, hint, _tells_guns)
    flyers = _actors_told_with(contexts, hint, _tells_aircraft) - guns
    for candidate in candidates:
        spec = candidate.trigger.spec
        bare = spec.generic_means and spec.air_upgrade and candidate.sub_event_type == _SHELLING
        if candidate.event_type == EXPLOSIONS and bare and candidate.perpetrator in flyers:
            candidate.sub_event_type = AIR_STRIKE


def _tells_aircraft(ctx: FieldContext, index: int) -> bool:
    """The sentence names aircraft ("أن مقاتلاته استهدفت", "الطائرات الإسرائيلية"), not air defence."""
    cues = ctx.cues.get(index, [])
    return any("air" in cue.value and not _air_defence(ctx, cue.first_token) for cue in cues)


def _tells_guns(ctx: FieldContext, index: int) -> bool:
    """The sentence names guns that fire from the ground ("قصفت المدفعية التركية"): a token whose written
    form has a stem among the ground-fire words (one look-up a token, not a walk over its stems)."""
    sentence = ctx.doc.sentences[index]
    tokens = ctx.doc.tokens[ctx.token_at(sentence.start) : ctx.token_at(sentence.end - 1) + 1]
    forms = forms_with_stem_in(_GROUND_FIRE)
    return any(token.text in forms for token in tokens)


def _actors_told_with(contexts: list[FieldContext], hint: str, tells) -> set[str]:
    """Named actors of the sentences with a cue that ``tells`` accepts.

    Only a sentence that names an actor can add one, so only those sentences' cues are read and told
    (the answer of a pass over every sentence with a cue, without reading the whole field's cues or
    testing every one of its sentences)."""
    registry = load_registry()
    out: set[str] = set()
    for ctx in contexts:
        named = sorted(index for index, mentions in ctx.actors.items() if mentions)
        read_ahead(ctx.cues, named)
        for index in named:
            if not ctx.cues.get(index) or not tells(ctx, index):
                continue
            for mention in ctx.actors.get(index, []):
                key = registry.resolve_context(mention, hint or None) if mention.key else ""
                if key and not key.startswith("generic:"):
                    out.add(key)
    return out


def _air_defence(ctx: FieldContext, first: int) -> bool:
    """Whether the air word at token ``first`` follows a defence word ("الدفاع الجوي", "لدفاعاتها الجوية")."""
    if first == 0:
        return False
    word = ctx.doc.tokens[first - 1].text
    return word.removeprefix(_COORDINATOR) in _AIR_DEFENCE or word in _AIR_DEFENCE_FORMS


def _refine_takeover(ctx: FieldContext, trigger: TriggerMention, candidate: Candidate, registry) -> None:
    tokens = ctx.doc.tokens
    reach = trigger.last_token + tuning.PARTIAL_TAKEOVER_TOKENS
    following = {t.text for t in tokens[trigger.last_token : reach]}
    if following & _PARTIAL_TAKEOVER:
        candidate.sub_event_type = ARMED_CLASH
        return
    if candidate.perpetrator and registry.canonical(candidate.perpetrator, None, None)[1] == STATE:
        candidate.sub_event_type = GOVERNMENT_REGAINS


def _refine_transfer(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate
) -> None:
    """``سيطرت قوات النظام على المعبر كجزء من الاتفاق``, ``دخلت وحدات من الجيش ... ورفعت العلم``: a place
    taken under a deal or without a fight changed hands peacefully (CODEBOOK §3: Non-violent transfer of
    territory); a flag raised counts only after an entry: after a battle it crowns a place won by force."""
    readings = [f" {_sentence_words(ctx, sentence, bare)} " for bare in (False, True)]
    frames = _TRANSFER_FRAMES + (_FLAG_RAISING if trigger.spec.entry else ())
    if any(f" {frame} " in words_of for frame in frames for words_of in readings):
        candidate.event_type, candidate.sub_event_type = STRATEGIC_DEVELOPMENTS, NON_VIOLENT_TRANSFER


def _refine_looting(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> None:
    """``نهب المحال التجارية``, ``إحراق منازل المواطنين``: what was looted or burned belonged to civilians,
    who are actor2 (CODEBOOK §6); concrete barriers or a state's offices name no civilian victim."""
    tokens = ctx.doc.tokens
    first, last = ctx.token_at(sentence.start), ctx.token_at(max(sentence.start, sentence.end - 1))
    if any(token.text in _CIVILIAN_PROPERTY_FORMS for token in tokens[first : last + 1]):
        candidate.victims = "civilian"


def _sentence_words(ctx: FieldContext, sentence: Sentence, bare: bool) -> str:
    """The sentence's tokens as written, one space apart; ``bare`` drops a leading coordinator ("ورفعت"
    → "رفعت"), which the other reading keeps for words that begin with its letter ("وفقا")."""
    tokens = ctx.doc.tokens
    first, last = ctx.token_at(sentence.start), ctx.token_at(max(sentence.start, sentence.end - 1))
    return " ".join(t.text.removeprefix(_COORDINATOR) if bare else t.text for t in tokens[first : last + 1])


def _refine_killing(ctx: FieldContext, sentence: Sentence, candidate: Candidate, registry) -> None:
    """A killing with no other trigger: violence against civilians, or a battle when fighters died
    at the hands of an armed actor. With no killer named, deaths may be disease or accident: no event,
    unless protesters died where the sentence tells protests (``قتل متظاهر في البصرة بعد شهر من
    التظاهرات``, whose span of protests is no trigger of its own): force met the protest (typed below)."""
    if not candidate.perpetrator:
        if not (candidate.victims == "protester" and _protest_told(ctx, sentence)):
            candidate.event_type = ""
    elif candidate.victims in COMBATANT_VICTIMS:
        candidate.event_type, candidate.sub_event_type = BATTLES, ARMED_CLASH
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
    reach = trigger.last_token + tuning.OWN_MEMBERS_TOKENS
    words = [t.text for t in ctx.doc.tokens[trigger.last_token : reach]]
    return any(
        w.endswith(_OWN_SUFFIXES) and w.startswith(_OWN_FORCES) for w in words
    )


def _refine_arrest(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> None:
    """Arrested people are civilians of their nationality; who they were goes to assoc_actor_2."""
    gaz = load_gazetteer()
    names = [(m.start, m.end) for m in ctx.actors.get(sentence.index, []) if not m.generic]
    tokens = [  # "اعتقل الجيش الإسرائيلي ثلاثين فلسطينيا": the arresting force's adjective is not theirs
        t
        for t in ctx.doc.tokens[candidate.trigger.last_token : ctx.token_at(sentence.end)]
        if not any(start <= t.start < end for start, end in names)
    ]
    marked = [
        t for i, t in enumerate(tokens[1:], 1) if tokens[i - 1].text in _NATIONALITY_MARKERS
    ]
    for token in marked + tokens:  # "يحملون الجنسية الروسية" names the detainees' nationality outright
        for stem, _ in token.stems:
            country = gaz.country_by_name(stem) or _accusative_adjective(gaz, stem)
            if country is not None and stem not in _NOT_COUNTRY:
                candidate.victim_country = country.iso2
                break
        if candidate.victim_country:
            break
    if candidate.target and candidate.target != candidate.perpetrator:
        candidate.victim_group = candidate.target
    candidate.target = ""
    candidate.takes_attacker = _attacker_taken(ctx, sentence, candidate)


def _attacker_taken(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> bool:
    """``تمكنت قوات الأمن من إلقاء القبض على منفذ الهجوم``: the one arrested is the attacker of an incident
    told in the article, within a few words after the arrest word (its subject may come between)."""
    tokens = ctx.doc.tokens
    first = candidate.trigger.last_token
    last = min(ctx.token_at(max(sentence.start, sentence.end - 1)), first + tuning.DETAINEE_TOKENS)
    for i in range(first, min(last + 1, len(tokens))):
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        for stem, _ in tokens[i].stems:
            if stem in _ATTACKER_WORDS or f"{stem} {after}" in _ATTACKER_WORDS:
                return True
    return False


def _accusative_adjective(gaz, word: str):
    """A nationality in the indefinite accusative ("ثلاثين فلسطينيا") is the adjective without its alif."""
    if len(word) > 4 and word.endswith(_ACCUSATIVE_NISBA):
        return gaz.country_by_name(word[:-1])
    return None


def _refine_demonstration(ctx: FieldContext, sentence: Sentence, candidate: Candidate, riot: bool) -> None:
    """Riot words make a riot; deaths among protesters make excessive force; police dispersal
    (tear gas, water cannon, firing in the air) makes an intervention."""
    intervention = sentence_has(ctx, sentence, "intervention")
    if riot:
        candidate.event_type, candidate.sub_event_type = RIOTS, VIOLENT_DEMONSTRATION
    elif candidate.fatalities and candidate.victims == "protester":
        candidate.sub_event_type = EXCESSIVE_FORCE
    elif intervention:
        candidate.sub_event_type = PROTEST_WITH_INTERVENTION
    candidate.victim_group = ""
