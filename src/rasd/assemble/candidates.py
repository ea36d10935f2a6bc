"""From triggers to candidate events: one sentence at a time.

A candidate is one trigger's reading of its sentence: what kind of event (``refine``), who did it to
whom (``roles``), where and when (``scene``), how many died (the sentence's casualty figures) and who
said so. Triggers that do not report an event are dropped by ``filters``; candidates are merged later
in ``aggregate``. Later sentences may refer back to the incident told before them.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from rasd import tuning
from rasd.assemble import trace
from rasd.assemble.context import FieldContext
from rasd.assemble.filters import (
    anchored,
    background_only,
    background_toll,
    crowd_without_protest,
    dispatched,
    filtered,
    known_incident,
    official_objection,
    past_year_named,
    protest_named,
    retold_in_speech,
    riot_without_crowd,
    running_total,
    subordinate,
    undated_pluperfect,
    weak_supported,
)
from rasd.assemble.model import DEFINITE, WINDOW_DAYS, ArticleState, Candidate, Span, unique
from rasd.assemble.refine import refine_type
from rasd.assemble.roles import attach_actors, doers_need_places
from rasd.assemble.scene import (
    attach_place,
    attach_time,
    date_told_again,
    place_told_after,
    scene_places,
    specificity,
)
from rasd.recognize.places import PlaceMention
from rasd.recognize.quantities import Casualty, adds_to, deaths
from rasd.recognize.times import is_background
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import AGREEMENT, BATTLES, CHEMICAL_WEAPON, EXPLOSIONS, REMOTE_EXPLOSIVE, SUICIDE_BOMB
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.rule_words import word_set, words
from rasd.text.segment import Sentence

_AND = clitics().coordinator
_PURPOSE = clitic_subset("purpose")
_DEBRIS = words("interception_debris")
_BOTH_SIDES = word_set("both_sides")
_PASSIVE_AUXILIARIES = word_set("passive_auxiliaries")
_ACHIEVEMENT_VERBS = word_set("achievement_verbs")
_ACHIEVEMENT_LINKS = word_set("achievement_links")
_BY = tuple(words("achievement_by"))
_BOMBS = frozenset({SUICIDE_BOMB, REMOTE_EXPLOSIVE, CHEMICAL_WEAPON})  # the means an attack word names
_COMMAS = frozenset("،,")  # clause boundaries, punctuation only
_CLAUSE_PENALTY = tuning.CLAUSE_PENALTY
_ATTACK_MEANS = "attack_means"  # memo key: per sentence, the bomb an attack word of it was carried out with


_DATELINE_TOKENS = tuning.DATELINE_TOKENS


def candidates_for_field(ctx: FieldContext, state: ArticleState) -> list[Candidate]:
    """Candidate events of every sentence of one field, in reading order."""
    out: list[Candidate] = []
    for sentence in ctx.doc.sentences:
        placed = place_told_after(ctx, sentence, state)  # "ووقع الهجوم قرب X": where the last one was
        # a sentence without a trigger gives none, and its reading changes nothing (no selection to trace)
        found = _sentence_candidates(ctx, sentence, state) if ctx.triggers.get(sentence.index) else []
        if not found:  # "ووقع الهجوم مساء الجمعة": the day of the last one
            date_told_again(ctx, sentence, state.last_candidate, state.published)
        for candidate in found:
            if placed is not None and candidate.trigger.first_token == ctx.token_at(sentence.start) + 1:
                _fold_reference(placed, candidate)
                continue
            if state.last_candidate is not None and _refers_back(ctx, candidate):
                _fold_reference(state.last_candidate, candidate)
                continue
            out.append(candidate)
            state.last_candidate = candidate
        usable = scene_places(ctx, sentence.index, state.country)
        if usable:
            state.last_place = usable[0]
            state.last_place_sentence = sentence.index
            if state.lead_place is None:
                state.lead_place = usable[0]
    return out


def reported_sentences(ctx: FieldContext, published: dt.date | None) -> list[int]:
    """Sentences of the field where some trigger survives trigger selection, the clause filters and
    the rules ``_build`` applies before it looks for a place: only they can give candidates (these read
    the trigger's own sentence and the article's day; what places could change is judged so that they
    could only drop more, see ``_dies_before_places``), so a field with none needs no places. The
    selection and the verdicts are kept for ``_sentence_candidates``: the filters' (``"filtered"``)
    and, of the triggers that pass them, those that surely give no candidate (``"doomed"``; judged
    only when no trace is recorded, since ``rasd explain`` shows the rule that drops each candidate)."""
    out = []
    judge = trace.current() is None
    for index in sorted(ctx.triggers):
        sentence = ctx.doc.sentences[index]
        selected = ctx.memo[("selected", index)] = _select_triggers(ctx, sentence)
        verdicts = ctx.memo[("filtered", index)] = []  # kept too: the filters read nothing places change
        doomed = ctx.memo[("doomed", index)] = set()
        for k, trigger in enumerate(selected):
            verdicts.append(filtered(ctx, sentence, trigger))
            if verdicts[-1]:
                continue
            if judge and _dies_before_places(ctx, sentence, trigger, selected, published):
                doomed.add(k)
                continue
            out.append(index)
            break
    return out


def _refers_back(ctx: FieldContext, candidate: Candidate) -> bool:
    """``ماتوا جراء الهجوم``: a definite generic noun with no actors and no place of its own takes up
    the incident told just before; it adds to that incident rather than starting another."""
    trigger = candidate.trigger
    definite = ctx.doc.tokens[trigger.first_token].text.startswith(DEFINITE)
    return not trigger.spec.strong and definite and candidate.place_inherited and not candidate.actor_keys()


def _fold_reference(host: Candidate, reference: Candidate) -> None:
    """Add what a second mention of an incident tells (its toll, its passage) to the first."""
    trace.merged(host, reference, "told_again")
    if reference.dated and not host.dated:  # "ووقع الهجوم مساء الجمعة": the day the incident had not
        host.date, host.precision, host.dated = reference.date, reference.precision, True
    if reference.fatalities > host.fatalities:
        host.fatalities = reference.fatalities
        host.casualty_spans |= reference.casualty_spans
    host.evidence.extend(e for e in reference.evidence if e not in host.evidence)
    host.sources.extend(s for s in reference.sources if s not in host.sources)


def _sentence_candidates(ctx: FieldContext, sentence: Sentence, state: ArticleState) -> list[Candidate]:
    selected = ctx.memo.pop(("selected", sentence.index), None)  # [] too: nothing selected is an answer
    triggers = _select_triggers(ctx, sentence) if selected is None else selected
    verdicts = ctx.memo.pop(("filtered", sentence.index), [])  # of the first triggers, when judged already
    doomed = ctx.memo.pop(("doomed", sentence.index), ())  # surely no candidate: _build would drop them
    out = []
    seen_types: dict[tuple[str, str], Candidate] = {}
    split: list[Candidate] = []
    for k, trigger in enumerate(triggers):
        if k in doomed or (verdicts[k] if k < len(verdicts) else filtered(ctx, sentence, trigger)):
            continue
        candidate = _build(ctx, sentence, trigger, state, triggers)
        if candidate is None:
            continue
        key = (candidate.event_type, candidate.sub_event_type)
        if key in seen_types:
            if not _elsewhere(seen_types[key], candidate):
                _fold_reference(seen_types[key], candidate)  # one incident named twice in one sentence
                continue
            split.append(candidate)
        seen_types[key] = candidate
        out.append(candidate)
        out.extend(_listed_places(ctx, sentence, candidate, state))
    for candidate in split:  # "فيما انفجرت عبوة ناسفة في الميادين": the explosion is the bomb's
        host = next((o for o in out if o is not candidate and _same_scene(o, candidate)), None)
        if host is not None:
            _fold_reference(host, candidate)
            out.remove(candidate)
    if out:
        state.outside_sentence = None
    elif triggers and _dated_outside(ctx, sentence, state):
        state.outside_sentence = (ctx.doc.field, sentence.index)
    return out


def _dated_outside(ctx: FieldContext, sentence: Sentence, state: ArticleState) -> bool:
    """Whether a time word of the sentence puts what it tells before the coding window."""
    return any(is_background(m, state.published, WINDOW_DAYS) for m in ctx.times.get(sentence.index, []))


def _same_scene(host: Candidate, other: Candidate) -> bool:
    return (
        host.event_type == other.event_type
        and host.place is not None
        and other.place is not None
        and host.place.start == other.place.start
    )


def _elsewhere(first: Candidate, other: Candidate) -> bool:
    """``غارة على هجين، وغارة على الباغوز``: a second trigger of the same kind whose own place differs
    is another incident of the list, not the first one named again."""
    if first.place is None or other.place is None or other.place_inherited or first.place_inherited:
        return False
    return other.place.name != first.place.name and other.place.start != first.place.start


def _listed_places(
    ctx: FieldContext, sentence: Sentence, candidate: Candidate, state: ArticleState
) -> list[Candidate]:
    """``غارات على زبيد والجراحي ومطار الحديدة``: places listed after the scene with و are scenes of
    their own (one event per place, CODEBOOK §2); each copy keeps the sentence's evidence. Not an
    agreement's: one deal names every place it covers ("خروج المسلحين من مخيم اليرموك ... وكفريا والفوعة")."""
    if candidate.place is None or candidate.place_inherited or candidate.sub_event_type == AGREEMENT:
        return []
    tokens = ctx.doc.tokens
    copies = []
    previous = candidate.place
    for place in scene_places(ctx, sentence.index, state.country):
        if place.start <= candidate.place.start:
            continue
        joined = tokens[place.first_token].text.startswith(_AND) or _next_in_list(ctx, previous, place)
        listed = joined and specificity(place) == specificity(candidate.place) == 2
        listed = listed and not _same_settlement(previous, place)  # trace rule same_place_named_again
        previous = place if listed else previous
        if listed:
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


def _same_settlement(previous: PlaceMention, place: PlaceMention) -> bool:
    """``في العاصمة الأفغانية، كابل``: a name set after a place that stands for the same settlement (the
    capital, then its name) is that place said again, not the next scene of a list; taking it for one
    split the toll between two records of one incident that then merged at half the toll."""
    if not previous.places or not place.places:
        return False
    first, second = previous.places[0], place.places[0]
    return first.name == second.name and first.country == second.country


def _next_in_list(ctx: FieldContext, previous: PlaceMention, place: PlaceMention) -> bool:
    """``في الدريهمي، الفازة، وحيس``: a bare name set off by a comma right after the last place of a
    list is its next item (only the last item takes و). A name with a cue after the comma ("قرية
    الجراحي، مديرية حيس") says where the first lies, not another scene."""
    return not place.cue and ctx.doc.norm[previous.end : place.start].strip() in _COMMAS


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
    found = ctx.triggers.get(sentence.index, [])
    triggers = [_noun_when_definite(ctx, _verb_first(ctx, sentence, t)) for t in found]
    if not triggers:
        return []
    unnamed = [t for t in triggers if not protest_named(ctx, t)]  # "قائد الاحتجاجات": a name, no trigger
    triggers = trace.narrowed(ctx, triggers, unnamed, "protest_name")
    if not any(t.spec.attack for t in triggers):  # "منظمة حظر الأسلحة الكيماوية": no attack word, no event
        alone = [t for t in triggers if not t.spec.means_only]
        triggers = trace.narrowed(ctx, triggers, alone, "means_alone")
    explaining = [t for t in triggers if not t.spec.casualty]
    if explaining:
        triggers = trace.narrowed(ctx, triggers, explaining, "casualty_word_yields")
    strong = [t for t in triggers if t.spec.strong and _can_stand(ctx, sentence, t, triggers)]
    if strong:
        kinds = {t.spec.event_type for t in strong}
        standing = [
            t
            for t in triggers
            if t.spec.strong
            or (t.spec.event_type not in kinds and (_told(ctx, sentence, t) or dispatched(ctx, sentence, t)))
        ]
        triggers = trace.narrowed(ctx, triggers, standing, "weak_yields_to_strong")
    erupted = [t for t in triggers if not _erupted_protest(t, triggers)]
    triggers = trace.narrowed(ctx, triggers, erupted, "erupted_protest")
    bombs = [t for t in triggers if _is_bomb(t.spec.event_type, t.spec.sub_event_type)]
    if bombs:
        told = [t for t in triggers if not t.spec.attack]
        means = [b for b in bombs if any(_means_of(a, b) for a in triggers if a.spec.attack)]
        if means:  # "كان هجوما بسيارة ملغومة": the article tells the attack's means
            ctx.memo.setdefault(_ATTACK_MEANS, {})[sentence.index] = means[0].spec
        triggers = trace.narrowed(ctx, triggers, told, "means_told")
    main = [t for t in triggers if not subordinate(ctx, sentence, t)]
    if main:
        triggers = trace.narrowed(ctx, triggers, main, "subordinate")
    if any(t.spec.interception for t in triggers):
        intercepted = [
            t for t in triggers if t.spec.event_type != EXPLOSIONS or any(w in t.phrase for w in _DEBRIS)
        ]
        triggers = trace.narrowed(ctx, triggers, intercepted, "intercepted_weapon")
    return triggers


def _means_of(attack: TriggerMention, bomb: TriggerMention) -> bool:
    """``هجوما بسيارة ملغومة``: the bomb right after the attack word is what it was carried out with
    (not "يشنون هجمات أو يقومون بتفجيرات", two kinds of attack named side by side)."""
    return 0 <= bomb.first_token - attack.last_token <= tuning.MEANS_REACH


def _can_stand(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, triggers: list[TriggerMention]
) -> bool:
    """A strong trigger a weak one may yield to: a verb, or a noun its sentence anchors. ``وتتواصل
    الاشتباكات بين القوات والحوثيين وسط سماع دوي القصف``: the sound of shelling reports nothing of its own,
    so the clashes, which do, are not given up for it."""
    return trigger.spec.verbal or anchored(ctx, sentence, trigger, triggers)


def _told(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """A weak trigger that is the subject of an occurrence verb right before it (``وتتواصل الاشتباكات
    بين ...``, ``تدور المعارك``) reports its own incident; it does not yield to a strike word of the
    sentence (the battle then absorbs the supporting fire)."""
    tokens = ctx.doc.tokens
    return any(
        "occurrence" in cue.value
        and "target" not in cue.value  # "استهدفت تعزيزات": the noun is the verb's object
        and cue.last_token == trigger.first_token
        and not tokens[cue.first_token].text.removeprefix(_AND).startswith(_PURPOSE)  # "ولشن هجمات": an aim
        for cue in ctx.cues.get(sentence.index, [])
    )


def _erupted_protest(trigger: TriggerMention, triggers: list[TriggerMention]) -> bool:
    """``انفجرت الاحتجاجات``: an explosion verb whose subject, right after it, is a protest says that the
    protests erupted; nothing exploded."""
    return trigger.spec.event_type == EXPLOSIONS and any(
        t.spec.protest and 0 <= t.first_token - trigger.last_token <= 1 for t in triggers
    )


def _is_bomb(event_type: str, sub_event_type: str) -> bool:
    return event_type == EXPLOSIONS and sub_event_type in _BOMBS


def attacks_by_bomb(candidates: list[Candidate], contexts: list[FieldContext] = ()) -> None:
    """``3 قتلى بهجوم في كابول`` in the headline, ``بانفجار في كابول`` in the text: an attack whose means
    the article tells elsewhere (a bomb or a suicide bomber at the same place and day) is that explosion,
    not a clash (CODEBOOK §12: only an attack whose means are not stated is Battles). So is the one attack
    of an article that names its means in a sentence of their own ("تبنت الجماعة هجوما على القوات في
    غاو" then "كان هجوما بسيارة ملغومة صدمت دورية"), though that sentence gives no record itself."""
    bombs = [c for c in candidates if _is_bomb(c.event_type, c.sub_event_type) and c.location is not None]
    attacks = [
        c for c in candidates if c.event_type == BATTLES and c.trigger.spec.attack and c.location is not None
    ]
    for candidate in attacks:
        place = candidate.location.name
        bomb = next((b for b in bombs if b.date == candidate.date and b.location.name == place), None)
        if bomb is not None:
            candidate.event_type, candidate.sub_event_type = bomb.event_type, bomb.sub_event_type
    means = [spec for ctx in contexts for spec in ctx.memo.get(_ATTACK_MEANS, {}).values()]
    one_attack = len({(c.location.name, c.location.country) for c in attacks}) == 1
    if means and one_attack and not bombs:
        for candidate in attacks:
            candidate.event_type, candidate.sub_event_type = means[0].event_type, means[0].sub_event_type


def _verb_first(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> TriggerMention:
    """Arabic news sentences open with their verb: a trigger standing first (``خطف موظف ...``,
    ``وقصف الطيران ...``) is the verb even when its spelling could be a noun; so is a verbal noun after a
    passive auxiliary (``تم اكتشاف مخزن``), and reinforcements a verb of their clause sent (``أرسلت ...
    تعزيزات``)."""
    if trigger.spec.verbal:
        return trigger
    opening = trigger.first_token == _clause_start(ctx, sentence)
    done = _after_passive_auxiliary(ctx, trigger) or _achieved(ctx, sentence, trigger)
    if not (opening or done or dispatched(ctx, sentence, trigger)):
        return trigger
    return replace(trigger, spec=replace(trigger.spec, verbal=True))


def _noun_when_definite(ctx: FieldContext, trigger: TriggerMention) -> TriggerMention:
    """``التظاهر السلمي حق مشروع``, ``الطعن في القرار``, ``جرائم القتل``: a verb's spelling with the article
    is its verbal noun, the act named in general; like any noun it needs its sentence to anchor it before
    it reports an incident (a retold "حادثة الطعن" with no verb, toll or day reports nothing new)."""
    token = ctx.doc.tokens[trigger.first_token]
    definite = token.text.startswith(DEFINITE) and not trigger.phrase.startswith(DEFINITE)
    if not trigger.spec.verbal or not definite:
        return trigger
    return replace(trigger, spec=replace(trigger.spec, verbal=False))
def _after_passive_auxiliary(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``تم اكتشاف مخزن``، ``جرى تدمير``: a past auxiliary before a verbal noun makes it a passive verb.
    Not for crowd words: ``تم إغلاق المعبر`` is the authorities closing a crossing, no riot."""
    if trigger.spec.riot or trigger.spec.protest:
        return False
    before = trigger.first_token - 1
    return before >= 0 and ctx.doc.tokens[before].text.removeprefix(_AND) in _PASSIVE_AUXILIARIES


def _achieved(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``تمكنت قوات المقاومة من السيطرة على``، ``نجحت القوات بالسيطرة على``: the verbal noun after
    "succeeded in" is the deed itself (the verb, then its subject, then من/في or ب glued to the noun)."""
    tokens = ctx.doc.tokens
    first = trigger.first_token
    linked = first > 0 and tokens[first - 1].text in _ACHIEVEMENT_LINKS
    glued = tokens[first].text.removeprefix(_AND).startswith(_BY)
    if not (linked or glued):
        return False
    start = max(ctx.token_at(sentence.start), first - tuning.ACHIEVEMENT_REACH)
    return any(t.text.removeprefix(_AND) in _ACHIEVEMENT_VERBS for t in tokens[start:first])


def _clause_start(ctx: FieldContext, sentence: Sentence) -> int:
    """First token of the sentence's main clause: after a dateline ("لاغوس ـ ا ف ب: ...") if any."""
    first = ctx.token_at(sentence.start)
    head = ctx.doc.norm[
        sentence.start : ctx.doc.tokens[min(first + _DATELINE_TOKENS, len(ctx.doc.tokens) - 1)].end
    ]
    colon = head.find(":")
    return ctx.token_at(sentence.start + colon + 1) + 1 if colon >= 0 else first


def _build(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    state: ArticleState,
    rivals: list[TriggerMention],
) -> Candidate | None:
    candidate = _new_candidate(ctx, sentence, trigger)
    rule = _unreported(ctx, sentence, candidate, rivals, state.country, state.published)
    if rule is not None:
        return trace.drop(candidate, rule)
    attach_place(ctx, sentence, trigger, candidate, state)
    if candidate.place is None:
        return trace.drop(candidate, "no_place")
    if _tells_of_the_old_incident(ctx, sentence, candidate, state):
        return trace.drop(candidate, "told_of_old_incident")
    _attach_sources(ctx, sentence, candidate)
    candidate.evidence.append(Span(ctx.doc.field, sentence.start, sentence.end))
    candidate.confidence = _confidence(candidate, trigger.spec.strong)
    return candidate


def _new_candidate(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> Candidate:
    """The trigger's candidate as its word alone gives it, before any rule has read its sentence."""
    spec = trigger.spec
    candidate = Candidate(spec.event_type, spec.sub_event_type, ctx.doc.field, sentence, trigger)
    candidate.from_killing_word = spec.casualty
    candidate.refers_back = not spec.verbal
    return candidate


def _unreported(
    ctx: FieldContext,
    sentence: Sentence,
    candidate: Candidate,
    rivals: list[TriggerMention],
    country: str,
    published: dt.date | None,
    roles: bool = True,
) -> str | None:
    """The first rule that drops the candidate before its place is looked for (None when every one lets
    it stand), giving it its toll, roles, type and date on the way. Two of them read the field's
    places: the roles (through the article's country and the countries named next to the trigger) and
    ``official_objection`` (a country next to a protest word), which places can only make drop more,
    so a drop before places is a drop after them. ``roles`` False judges without the roles (before
    places are read, for a sentence whose roles the places could change): the rules that read them
    are passed over, and those whose answer they could change are asked as if the roles saved the
    candidate, so that a rule it still fails drops it whatever the places are
    (``_dies_before_places``)."""
    trigger = candidate.trigger
    spec = trigger.spec
    if (spec.casualty or not spec.verbal) and background_only(ctx, sentence):
        return "war_total"  # "أدت الحرب إلى مقتل عشرة آلاف", "خلال الاحتجاجات"
    _attach_casualties(ctx, sentence, candidate, rivals)
    if roles:
        attach_actors(ctx, sentence, trigger, candidate, country)
        refine_type(ctx, sentence, trigger, candidate)
        if candidate.event_type == "":
            return "no_event_type"
        unfought = candidate.event_type == BATTLES and not candidate.perpetrator and not candidate.fatalities
        if unfought and not _between_both_sides(ctx, sentence):
            return "battle_without_fighter"  # "شن هجوما على خصومه" in politics
    toll_to_come = not roles and spec.execution  # an execution counts its dead while its type is refined
    if spec.attack and not candidate.fatalities and not toll_to_come and _in_a_dispute(ctx, sentence):
        return "verbal_attack"  # "صعد ماكين من هجومه على روسيا وانتقد الناتو"
    if roles and not spec.strong and not weak_supported(ctx, sentence, candidate):
        return "weak_unsupported"
    if spec.protest and crowd_without_protest(ctx, sentence, trigger):
        return "crowd_without_protest"  # fans, a summit, an alliance named "تجمع"
    if spec.protest and official_objection(ctx, sentence, trigger):
        return "official_objection"  # "احتجت الخارجية لدى السفير": diplomacy
    if spec.riot and riot_without_crowd(ctx, sentence, trigger):
        return "riot_without_crowd"  # "اقتحم مسلحون المقر وأضرموا النار"
    battle = candidate.event_type == BATTLES or not roles
    both_sides = battle and _between_both_sides(ctx, sentence)
    if not spec.verbal and not both_sides and not anchored(ctx, sentence, trigger, rivals):
        return "not_anchored"
    if not spec.verbal and known_incident(ctx, sentence, trigger) and not ctx.casualties.get(sentence.index):
        return "known_incident"
    retold = not spec.verbal and retold_in_speech(ctx, sentence, trigger)
    if retold and not ctx.casualties.get(sentence.index):
        return "retold_in_speech"
    if not attach_time(ctx, sentence, trigger, candidate, published):
        return "out_of_window"
    # a crowd told in the pluperfect ("وكان الآلاف قد خرجوا في مسيرات") is most often the same news told
    # from its start, not history: protests keep to the dating rules
    if not candidate.dated and not spec.protest and undated_pluperfect(ctx, sentence):
        return "undated_pluperfect"  # "وكانت الخوذ البيضاء أكدت أن الهجوم ..."
    if not candidate.dated and past_year_named(ctx, sentence, published, trigger):
        return "past_year"  # "قبل 2002 حين قتل 21 شخصا إثر هجوم انتحاري"
    return None


def _dies_before_places(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    rivals: list[TriggerMention],
    published: dt.date | None,
) -> bool:
    """Whether a trigger that passed the clause filters surely gives no candidate, whatever places the
    field names: one of the rules before the place drops it (``_unreported``) on what its sentence
    says. Only the roles read the places, so they are read here only where the places cannot change
    them (``doers_need_places``); elsewhere the rules that read them are passed over. What the rules
    read (times, figures, cues) is read for the trigger's own sentence, as ``_build`` reads it."""
    roles = not doers_need_places(ctx, sentence, trigger)
    candidate = _new_candidate(ctx, sentence, trigger)
    return _unreported(ctx, sentence, candidate, rivals, "", published, roles) is not None


def _tells_of_the_old_incident(
    ctx: FieldContext, sentence: Sentence, candidate: Candidate, state: ArticleState
) -> bool:
    """``هاجم مسلحون مسجدا في نوفمبر الماضي.`` then ``وأسفر الهجوم عن مقتل ...``: a definite noun with no
    date and no place of its own, right after a sentence whose incident lay outside the window, tells
    of that incident (its toll too), not of a new one."""
    definite = ctx.doc.tokens[candidate.trigger.first_token].text.startswith(DEFINITE)
    return (
        definite
        and not candidate.trigger.spec.verbal
        and not candidate.dated
        and candidate.place_inherited
        and state.outside_sentence == (ctx.doc.field, sentence.index - 1)
    )
_DISPUTE_WORDS = word_set("dispute_words")


def _in_a_dispute(ctx: FieldContext, sentence: Sentence) -> bool:
    """``وانتقد``، ``تفجر الخلاف``، ``في خطابه``: an attack word with no deaths in a sentence of criticism, a
    dispute or a speech is a verbal attack ("هاجم خطباء حماس اضرابات الموظفين"), not a fight."""
    first, last = ctx.token_at(sentence.start), ctx.token_at(sentence.end)
    return any(token.text.removeprefix(_AND) in _DISPUTE_WORDS for token in ctx.doc.tokens[first : last + 1])


def _between_both_sides(ctx: FieldContext, sentence: Sentence) -> bool:
    """``تشهد الجبهات اشتباكات متقطعة بين الطرفين``: the fighters are the two sides the article has named
    (the roles are settled over the article), not nobody; a fight between them is one the article tells,
    so it needs no other anchor."""
    first, last = ctx.token_at(sentence.start), ctx.token_at(sentence.end)
    return any(token.text.removeprefix(_AND) in _BOTH_SIDES for token in ctx.doc.tokens[first : last + 1])


def _attach_casualties(
    ctx: FieldContext, sentence: Sentence, candidate: Candidate, rivals: list[TriggerMention]
) -> None:
    """The sentence's death toll, when this trigger is the one nearest to it."""
    killed = [
        c
        for c in ctx.casualties.get(sentence.index, [])
        if deaths(c)[0]
        and _nearest_is_own(ctx, sentence, c.start, rivals, candidate.trigger)
        and not _toll_of_a_period(ctx, sentence, c)
        and not background_toll(ctx, sentence, c)
        and not running_total(ctx, sentence, c)
    ]
    if not killed:
        return
    best = max(killed, key=lambda c: (deaths(c)[1], deaths(c)[0]))
    candidate.fatalities = deaths(best)[0]
    candidate.victims = best.victims
    candidate.casualty_spans.add((ctx.doc.field, best.start, best.end))
    for other in killed:  # "مقتل 12 مسلحا ... فيما قتل عنصران من القوات": the other side's dead add up
        if other is not best and other.exact and best.exact and adds_to(ctx.doc.norm, other, best):
            candidate.fatalities += other.count
            candidate.casualty_spans.add((ctx.doc.field, other.start, other.end))


def _toll_of_a_period(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """``مقتل 500 عنصر خلال الأيام الستة الماضية``: a toll over a period is not one day's deaths."""
    return any(
        m.kind in ("recent_days", "past_period", "since", "last_week", "last_month")
        and 0 <= m.start - casualty.end < tuning.TOLL_PERIOD_CHARS
        for m in ctx.times.get(sentence.index, [])
    )


def _nearest_is_own(
    ctx: FieldContext, sentence: Sentence, position: int, rivals: list[TriggerMention], own: TriggerMention
) -> bool:
    """Whether ``own`` is the trigger closest to a position among the sentence's triggers (it wins ties).

    The closest gap over the rivals is found once per sentence and position, by binary search (see
    ``_closest_gap``), not by a pass over the rivals for every trigger and toll of the sentence."""
    memo = ctx.memo.get(("nearest", sentence.index))
    if memo is None or memo[0] is not rivals:  # the list itself is kept, so identity is safe
        memo = ctx.memo[("nearest", sentence.index)] = (rivals, _RivalIndex.of(rivals), {})
    closest: dict[int, int | None] = memo[2]
    commas = _commas(ctx)
    if position not in closest:
        closest[position] = memo[1].closest_gap(position, commas)
    best = closest[position]
    return best is None or _gap(own, position, commas) <= best


@dataclass(frozen=True)
class _RivalIndex:
    """A sentence's triggers sorted by start, with the running maximum of their ends.

    A gap grows with the distance on each side of a position, and so does its comma penalty, so the
    closest trigger is one that covers the position, the left trigger ending last, or the right one
    starting first: three look-ups instead of a pass over every trigger."""

    starts: list[int]
    max_ends: list[int]

    @classmethod
    def of(cls, rivals: list[TriggerMention]) -> _RivalIndex:
        ordered = sorted(rivals, key=lambda t: t.start)
        max_ends: list[int] = []
        for trigger in ordered:
            max_ends.append(max(trigger.end, max_ends[-1]) if max_ends else trigger.end)
        return cls([t.start for t in ordered], max_ends)

    def closest_gap(self, position: int, commas: list[int]) -> int | None:
        if not self.starts:
            return None
        before = bisect_right(self.starts, position)  # triggers starting at or before the position
        gaps = []
        if before:
            end = self.max_ends[before - 1]
            if end > position:
                return 0  # a trigger covers the position
            gaps.append(position - end + _penalty(commas, end, position))
        if before < len(self.starts):
            start = self.starts[before]
            gaps.append(start - position + _penalty(commas, position, start))
        return min(gaps)


def _penalty(commas: list[int], low: int, high: int) -> int:
    """The clause penalty when a comma lies in ``[low, high)``."""
    return _CLAUSE_PENALTY if bisect_left(commas, low) < bisect_left(commas, high) else 0


def _commas(ctx: FieldContext) -> list[int]:
    """Offsets of the field's commas, sorted, found once: a gap asks whether one lies between two points
    (slicing the text for each pair made a sentence of many triggers and tolls cost its length again)."""
    commas = ctx.memo.get("commas")
    if commas is None:
        norm = ctx.doc.norm
        commas = ctx.memo["commas"] = [m.start() for m in _COMMA_RE.finditer(norm)]
    return commas


# the same characters as ``_COMMAS``, found by one C-level scan (a Python loop over every character was
# most of the cost of a long text's first record)
_COMMA_RE = re.compile("[" + re.escape("".join(sorted(_COMMAS))) + "]")


def _gap(trigger: TriggerMention, position: int, commas: list[int]) -> int:
    """Distance from a trigger to a position, a clause boundary counting as far."""
    if trigger.start <= position < trigger.end:
        return 0
    distance = min(abs(position - trigger.end), abs(trigger.start - position))
    return distance + _penalty(commas, min(trigger.end, position), max(trigger.start, position))


def _attach_sources(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> None:
    candidate.sources = unique(s.name for s in ctx.sources.get(sentence.index, []))


def _confidence(candidate: Candidate, strong: bool) -> float:
    score = 0.4 + (0.2 if strong else 0.0)
    score += 0.1 if candidate.dated else 0.0
    score += 0.1 if not candidate.place_inherited else 0.0
    score += 0.1 if candidate.perpetrator else 0.0
    score += 0.1 if candidate.sources else 0.0
    return min(score, 1.0)
