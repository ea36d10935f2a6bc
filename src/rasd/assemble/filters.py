"""What is not an event: negated, threatened, planned, habitual, referred-to, asked-about or purpose
clauses (CODEBOOK §2), and the support a noun or weak trigger needs before it counts as a report."""

from __future__ import annotations

import datetime as dt
from functools import cache

from rasd import tuning
from rasd.assemble import trace
from rasd.assemble.context import FieldContext
from rasd.assemble.model import (
    ANCHOR_REACH,
    DEFINITE,
    NEAR_TRIGGER,
    PEOPLE,
    Candidate,
    sentence_has,
    token_gap,
)
from rasd.assemble.provenance import UNIDENTIFIED
from rasd.geo.countries import nationality_adjectives
from rasd.recognize.cues import cue_forms
from rasd.recognize.places import is_capital
from rasd.recognize.quantities import Casualty, names_people
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import (
    AGREEMENT,
    AIR_STRIKE,
    CHANGE_TO_GROUP,
    EXPLOSIONS,
    HEADQUARTERS,
    LOOTING,
    REMOTE_EXPLOSIVE,
    STRATEGIC_DEVELOPMENTS,
)
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.rule_words import word_set, words
from rasd.text.segment import Sentence
from rasd.text.tokens import Token, forms_with_stem_in, strip_article

_FILTER_WINDOW = tuning.FILTER_WINDOW


WAR_TOLL = tuning.WAR_TOLL
_LARGE_TOLL = tuning.LARGE_TOLL
_DAY_KINDS = frozenset(
    {
        "today",
        "yesterday",
        "day_before_yesterday",
        "last_night",
        "tonight",
        "weekday",
        "absolute",
        "recent_hours",
    }
)  # time words that name the day of an incident
_CUMULATIVE_BEFORE = tuning.CUMULATIVE_BEFORE
_CUMULATIVE_AFTER = tuning.CUMULATIVE_AFTER


def background_toll(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """A death toll that belongs to no one incident: a war-sized figure, or one that a cumulative cue in
    its clause frames as a war total, a running total or a toll over a period or campaign (CODEBOOK §12)."""
    if casualty.count >= WAR_TOLL:
        return True
    if casualty.count >= _LARGE_TOLL and not _dated_sentence(ctx, sentence):
        return True  # "مقتل أكثر من 350 مدنيا في الموصل" with no day: a campaign's or a year's toll
    first, last = ctx.token_at(casualty.start), ctx.token_at(max(casualty.start, casualty.end - 1))
    norm = ctx.doc.norm
    for cue in ctx.cues.get(sentence.index, []):
        if "cumulative" not in cue.value:
            continue
        if not first - _CUMULATIVE_BEFORE <= cue.first_token <= last + _CUMULATIVE_AFTER:
            continue
        between = norm[min(cue.end, casualty.end) : max(cue.start, casualty.start)]
        if not any(mark in between for mark in _CLAUSE_MARKS):
            return True
    return False


_CLAUSE_MARKS = ("،", ",", "؛", ";", ".")


def running_total(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """``عدد القتلى في احتجاجات بدأت في 30 مارس ارتفع ... إلى 119``: a toll that rose to a figure, in a
    sentence that names the campaign or period it counts, is a running total: it adds nothing to the
    incident the sentence also tells (CODEBOOK §12), which stays an incident."""
    cues = ctx.cues.get(sentence.index, [])
    norm = ctx.doc.norm
    rising = any(
        "rising_toll" in c.value
        and c.end <= casualty.start
        and not any(mark in norm[c.end : casualty.start] for mark in _CLAUSE_MARKS)
        for c in cues
    )
    return rising and any("cumulative" in c.value for c in cues)


def _inside_cumulative(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention):
    """The cumulative cue a trigger stands inside ("قتلوا خلال الاحتجاجات"): it names the whole campaign,
    not one incident of it (CODEBOOK §12)."""
    return next(
        (
            cue
            for cue in ctx.cues.get(sentence.index, [])
            if "cumulative" in cue.value and cue.start <= trigger.start and trigger.end <= cue.end
        ),
        None,
    )


def _dated_sentence(ctx: FieldContext, sentence: Sentence) -> bool:
    """Whether the sentence names a day (today, yesterday, a weekday, a date)."""
    return any(m.kind in _DAY_KINDS for m in ctx.times.get(sentence.index, []))


def incident_tolls(ctx: FieldContext, sentence: Sentence) -> list[Casualty]:
    """The sentence's casualty figures that may belong to one incident (background totals left out)."""
    return [c for c in ctx.casualties.get(sentence.index, []) if not background_toll(ctx, sentence, c)]


def background_only(ctx: FieldContext, sentence: Sentence) -> bool:
    """True when the sentence gives deaths and every death toll in it is background: a killing word
    there reports a war total or a period's toll, not an incident."""
    killed = [c for c in ctx.casualties.get(sentence.index, []) if c.outcome == "killed"]
    return bool(killed) and all(background_toll(ctx, sentence, c) for c in killed)


_OPENING_PARTICLES = word_set("opening_particles")
_SINCE = word_set("since_cue")
_PURPOSE = clitic_subset("purpose")
_UNDERGO = words("undergo_verbs")


_SCENE_SETTING = frozenset({"subordinate", "response"})


def subordinate(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``خلال المعارك`` / ``أثناء الاشتباكات``: the trigger sets the scene for another event; ``الغارة كانت
    ردا على تسلل``: the trigger right after a response cue names the cause another trigger of the sentence
    answers, told as its reason, not as an incident of its own."""
    return any(
        _SCENE_SETTING & cue.value and 0 <= trigger.first_token - cue.last_token <= 1
        for cue in ctx.cues.get(sentence.index, [])
    )


def filtered(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """True when the trigger's clause says the event did not happen, may happen, or is general."""
    if _purpose_clause(ctx, trigger):
        return trace.because(ctx, trigger, "purpose_clause", ctx.doc.tokens[trigger.first_token])
    if _question(ctx, sentence):
        return trace.because(ctx, trigger, "question")
    sentence_word = _court_sentence(ctx, trigger)
    if sentence_word is not None:
        return trace.because(ctx, trigger, "court_sentence", sentence_word)
    campaign = _inside_cumulative(ctx, sentence, trigger)
    if campaign is not None:
        return trace.because(ctx, trigger, "campaign", campaign)
    if _relative_clause(ctx, trigger):
        return trace.because(ctx, trigger, "relative_clause", ctx.doc.tokens[trigger.first_token - 1])
    if trigger.spec.protest and _in_relative_clause(ctx, trigger) and not incident_tolls(ctx, sentence):
        return trace.because(ctx, trigger, "relative_clause", ctx.doc.tokens[trigger.first_token - 1])
    if trigger.spec.protest and not trigger.spec.verbal and _pointed_back(ctx, trigger):
        return trace.because(ctx, trigger, "demonstrative", ctx.doc.tokens[trigger.first_token - 1])
    answered = _answered_cause(ctx, sentence, trigger)
    if answered is not None:
        return trace.because(ctx, trigger, "answered_cause", answered)
    if trigger.spec.interception and not sentence_has(ctx, sentence, "weapon"):
        return trace.because(ctx, trigger, "interception_without_weapon")
    if trigger.spec.casualty and sentence_has(ctx, sentence, "natural_cause"):
        return trace.because(ctx, trigger, "natural_cause")  # "ضرب الإعصار ... وتسبب بمقتل 7"
    reflexive = _self_inflicted(ctx, trigger)
    if reflexive is not None:
        return trace.because(ctx, trigger, "self_inflicted", reflexive)  # "أطلق النار على نفسه"
    burst = _burst_thing(ctx, sentence, trigger)
    if burst is not None:
        return trace.because(ctx, trigger, "not_a_weapon", burst)
    abstract = _abstract_target(ctx, trigger)
    if abstract is not None:
        return trace.because(ctx, trigger, "abstract_target", abstract)  # "اعتداء على حقوق الإنسان"
    if trigger.spec.sub_event_type == LOOTING and sentence_has(
        ctx, sentence, "weapon"
    ):
        return trace.because(ctx, trigger, "damage_by_strike")  # "صواريخ ... هدمت طابقها"
    earlier = _earlier_incidents(ctx, trigger)
    if earlier is not None:
        return trace.because(ctx, trigger, "earlier_incidents", earlier)
    found = _weapon_found(ctx, sentence, trigger)
    if found is not None:
        return trace.because(ctx, trigger, "weapons_found", found)
    inquiry = _inquiry_finding(ctx, sentence, trigger)
    if inquiry is not None:
        return trace.because(ctx, trigger, "inquiry_finding", inquiry)  # "قال المحققون إن الطائرة أسقطت"
    stop_verb = trigger.spec.arrest and trigger.phrase in _STOP_OR_ARREST
    if stop_verb and not _detainee_named(ctx, sentence, trigger):
        return trace.because(ctx, trigger, "no_detainee")  # "أوقفت الوزارة بيانا", "أوقف حربا أهلية"
    sentence_first = ctx.token_at(sentence.start)
    noun = not trigger.spec.verbal
    crowd_noun = noun and (trigger.spec.protest or trigger.spec.riot)
    prospect = _prospective_after(ctx, trigger) if crowd_noun else None
    if prospect is not None:
        return trace.because(ctx, trigger, "modality", prospect)  # "لمواجهة أي تظاهرات محتملة"
    for cue in ctx.cues.get(sentence.index, []):
        habitual = "habitual" in cue.value and (
            cue.first_token < trigger.last_token + NEAR_TRIGGER or _since_in_clause(ctx, trigger, cue)
        )
        habitual = habitual and not _toll_of_a_day(ctx, sentence, cue)
        if habitual and not _recent_since(ctx, sentence, cue) and not _first_since(ctx, sentence, cue):
            return trace.because(ctx, trigger, "habitual", cue)
        gap = trigger.first_token - cue.last_token
        if gap < 0 or cue.first_token < sentence_first:
            continue
        negating = cue.value & {"negation", "modality", "attempt"}
        if gap < _FILTER_WINDOW and negating and not _named_without(ctx, cue):
            return trace.because(ctx, trigger, negating, cue)
        if "denial" in cue.value:
            return trace.because(ctx, trigger, "denial", cue)  # "نفت الوزارة شن غارات"
        if noun and cue.value & {"modality", "reaction"}:
            # only strikes and bombings, whose retellings name their own day ("الضربات الجوية ... ليل
            # الجمعة السبت"); a protest is called for ahead of its day ("دعت ... إلى مظاهرة مساء الجمعة"),
            # and a clash or an attack under a call or a warning is as often a reason given as an incident
            far = gap >= _FILTER_WINDOW and "reaction" not in cue.value
            far = far and trigger.spec.event_type == EXPLOSIONS
            far = far and cue.phrase not in _CONDEMNATION  # "استنكر ... تفجيرات مدينة الصدر الخميس الماضي"
            if far and _own_day_after(ctx, sentence, trigger):
                continue  # "وسط تحذير من ترامب ... لما يشتبه بأنه هجوم بغاز كيماوي استهدف دوما يوم السبت"
            return trace.because(ctx, trigger, cue.value & {"modality", "reaction"}, cue)  # أدان ... تفجيرات
        generic = noun and gap <= 1 and "generic" in cue.value and not _wave_started(ctx, trigger, cue)
        if generic and not _carried_out(ctx, trigger, cue.first_token):
            return trace.because(ctx, trigger, "generic", cue)  # "عمليات الخطف": a kind of incident
    return False


def _burst_thing(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention):
    """``انفجر محرك الطائرة`` / ``فجرت التجربة موجة غضب``: the cue, if any, naming what an explosion word
    says burst when that is a machine, a gas bottle or a figure of speech rather than a weapon; a bomb
    word itself (``عبوة``، ``سيارة مفخخة``) is its own weapon and never asks."""
    if trigger.spec.event_type != EXPLOSIONS or trigger.spec.sub_event_type not in _BLAST_SUBS:
        return None
    for cue in ctx.cues.get(sentence.index, []):
        if "not_explosive" not in cue.value or not 0 <= cue.first_token - trigger.last_token < _BURST_REACH:
            continue
        if not _clause_between(ctx, trigger, cue):
            return cue
    return None


_ABSTRACT_TARGETS = word_set("abstract_targets")
_ON = word_set("attack_object_prepositions")


def _abstract_target(ctx: FieldContext, trigger: TriggerMention) -> Token | None:
    """``وصفت الأمم المتحدة القانون بأنه "اعتداء على حقوق الإنسان"``: an attack word whose phrase ends in
    "على" and whose object is a right, a law or a value attacks no one; the object word, or None."""
    tokens = ctx.doc.tokens
    if trigger.last_token >= len(tokens) or tokens[trigger.last_token - 1].text not in _ON:
        return None
    following = tokens[trigger.last_token]
    return following if following.text in _ABSTRACT_TARGETS else None


def _self_inflicted(ctx: FieldContext, trigger: TriggerMention):
    """``أطلق النار على نفسه`` / ``قتل نفسه``: the reflexive token right after a shooting, stabbing or killing
    word, when the doer turned it on himself; an explosion word is left alone (``فجر نفسه`` is a suicide
    bombing)."""
    if trigger.spec.event_type == EXPLOSIONS or trigger.last_token >= len(ctx.doc.tokens):
        return None
    token = ctx.doc.tokens[trigger.last_token]
    return token if token.text in _REFLEXIVES else None


def _clause_between(ctx: FieldContext, trigger: TriggerMention, cue) -> bool:
    """Whether punctuation separates the trigger from a cue after it (then the cue is another clause's)."""
    between = ctx.doc.norm[trigger.end : cue.start]
    return any(mark in between for mark in _CLAUSE_MARKS)


_BURST_REACH = 3  # tokens after the explosion word: its subject or object, maybe after a demonstrative
_BLAST_SUBS = frozenset({REMOTE_EXPLOSIVE})

_DEMONSTRATIVES = word_set("demonstratives")
_REFLEXIVES = word_set("reflexive_objects")
_CARRIED_OUT = word_set("carried_out")
_TAKES_L = word_set("takes_l")
_VERBS_OF = {
    CHANGE_TO_GROUP: word_set("dispatch_verbs"),
    AGREEMENT: word_set("agreement_verbs"),
    HEADQUARTERS: word_set("conversion_verbs"),
}
_STANDING_ALONE = frozenset({CHANGE_TO_GROUP, HEADQUARTERS})  # one side acts: no second one to name
_COORDINATOR = clitics().coordinator


def _answered_cause(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention):
    """``ووجهت الولايات المتحدة وبريطانيا وفرنسا، فجر السبت، ضربة ... ردا على هجوم كيماوي مزعوم في دوما``:
    the incident a response answers is told as its reason; the sentence's day is the response's. It is an
    incident of its own only when a time word after the cue dates it ("ردا على هجوم كيميائي في دوما
    السبت الماضي"). Returns the response cue when the trigger is such an undated cause."""
    tokens, norm = ctx.doc.tokens, ctx.doc.norm
    for cue in ctx.cues.get(sentence.index, []):
        near = 0 <= trigger.first_token - cue.last_token <= tuning.RESPONSE_REACH
        if "response" not in cue.value or not near:
            continue
        if any(mark in norm[cue.end : trigger.start] for mark in _CLAUSE_MARKS):
            continue
        own_day = any(m.start >= cue.end and m.kind != "future" for m in ctx.times.get(sentence.index, []))
        return None if own_day else tokens[cue.first_token]
    return None


def _carried_out(ctx: FieldContext, trigger: TriggerMention, first: int) -> bool:
    """``قامت الميليشيات بتنفيذ عمليات نهب``: a past verb of doing right before the generic word (or its
    auxiliary earlier in the clause) says the acts were done on this occasion; "عمليات" then counts them
    instead of naming a kind of incident. Only for looting, raids and arrests: "أعضائه الذين نفذوا عمليات
    انتحارية" describes men by attacks they once made."""
    tokens = ctx.doc.tokens
    if first == 0 or trigger.spec.event_type != STRATEGIC_DEVELOPMENTS:
        return False
    window = tokens[max(0, first - tuning.DISPATCH_REACH) : first]
    before = [t.text.removeprefix(_COORDINATOR) for t in window]
    return any(before[-1] == phrase.split()[-1] and phrase.split()[0] in before for phrase in _CARRIED_OUT)


_WAVE_STARTS = word_set("wave_starts")
_WAVE_WORDS = word_set("wave_words")
_WAVE_REACH = 3  # words before "موجة" its verb of starting may stand ("اندلعت أمس موجة")


def _wave_started(ctx: FieldContext, trigger: TriggerMention, cue) -> bool:
    """``اندلعت أمس موجة من الاحتجاجات في البصرة``: a protest wave whose start the clause tells is news, a
    demonstration at that place on that day (CODEBOOK §12), not a kind of incident."""
    if not trigger.spec.protest or cue.phrase not in _WAVE_WORDS:
        return False
    tokens = ctx.doc.tokens
    window = tokens[max(0, cue.first_token - _WAVE_REACH) : cue.first_token]
    return any(stem in _WAVE_STARTS for token in window for stem, _ in token.stems)


def dispatched(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``أرسلت قوات الشرعية تعزيزات جديدة إلى ...``, ``ودفعت الميليشيات بتعزيزات``: reinforcements that a
    finite verb of their clause sent or brought are a movement of forces that took place (Change to
    group/activity); the verbal noun ("وسط وصول تعزيزات") only sets the scene of something else. So is a
    deal a verb of the clause signed or concluded (``أبرمت الشرطة الروسية اتفاقا مع ...``): Arabic puts the
    subject between the verb and its object, so the verb is looked for a few words back."""
    verbs = _VERBS_OF.get(trigger.spec.sub_event_type)
    if verbs is None:
        return False
    tokens, norm = ctx.doc.tokens, ctx.doc.norm
    start = max(ctx.token_at(sentence.start), trigger.first_token - tuning.DISPATCH_REACH)
    for i in range(trigger.first_token, start - 1, -1):  # the trigger's own first word too ("دفعت بتعزيزات")
        if any(mark in norm[tokens[i].end : trigger.start] for mark in _CLAUSE_MARKS):
            return False
        text = tokens[i].text
        if text in verbs or text.removeprefix(_COORDINATOR) in verbs:  # "وصلت", "ووقعت"
            return True
    return False


_WEAPONS_FOUND = word_set("weapons_found")
_REPORTED = word_set("weapons_found_reported")
_EARLIER = word_set("earlier_incidents")
_AND = clitics().coordinator


def _earlier_incidents(ctx: FieldContext, trigger: TriggerMention):
    """``حركة نفذت عمليات انتحارية سابقة في لاهور وكراتشي``: an incident noun qualified as "earlier" names
    incidents before the news, told as background (a past the sentence does not date). The word, or None."""
    if trigger.spec.verbal:
        return None
    tokens = ctx.doc.tokens
    for token in tokens[trigger.last_token : trigger.last_token + tuning.EARLIER_ADJECTIVE_TOKENS]:
        if token.text in _EARLIER:
            return token
    return None


_COURT_SENTENCES = word_set("court_sentences")


def _court_sentence(ctx: FieldContext, trigger: TriggerMention) -> Token | None:
    """``تنفيذ حكم الإعدام``, ``حكما عراقيا بإعدام``: an execution word just after a court's sentence (one
    adjective may stand between) is a state carrying out or passing a sentence after a trial; ``تمديد توقيف``:
    an arrest word right after "extending" is a court keeping someone in custody. ACLED codes neither
    (CODEBOOK §2, "trials and sentences"); a group executing captives names no court. The word, or None."""
    tokens = ctx.doc.tokens
    # only execution words: "إحكام السيطرة" (tightening control) reads as "أحكام" once its hamza is folded
    if trigger.spec.execution:
        words, reach = _COURT_SENTENCES, 2
    elif trigger.spec.arrest:
        words, reach = _CUSTODY_EXTENSIONS, 1
    else:
        return None
    for index in range(max(0, trigger.first_token - reach), trigger.first_token):
        if any(stem in words for stem, _ in tokens[index].stems):
            return tokens[index]
    return None


_CUSTODY_EXTENSIONS = word_set("custody_extensions")


def _weapon_found(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention):
    """``عثرت القوات على عبوات ناسفة``, ``كشفت السلطات المزيد من الصواريخ والقذائف``, ``اعتقال ثلاثة
    يستقلون سيارة مفخخة``: an explosive noun that is what was found, seized, dismantled or carried names a
    weapon that did not go off; the find is Disrupted weapons use (a Strategic development), no explosion.
    The word that says so, when one stands a few words before the noun in its sentence, else None."""
    spec = trigger.spec
    if spec.event_type != EXPLOSIONS or spec.verbal or spec.sub_event_type == AIR_STRIKE:
        return None
    tokens = ctx.doc.tokens
    start = max(ctx.token_at(sentence.start), trigger.first_token - tuning.WEAPON_FOUND_TOKENS)
    for i in range(trigger.first_token - 1, start - 1, -1):
        word = tokens[i].text.removeprefix(_AND)
        if word in _REPORTED:  # "كشف المرصد أن انفجارات هزت ...": the verb reports what went off
            return None
        if word in _WEAPONS_FOUND:
            return tokens[i]
    return None


_STOP_OR_ARREST = word_set("stop_or_arrest")
_DETAINEE_WORDS = word_set("detainee_words")


_PAST_DAY_KINDS = frozenset({"absolute", "weekday", "yesterday", "day_before_yesterday", "last_night"})
_CONDEMNATION = word_set("condemnation_words")


def _own_day_after(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """A past day named in the noun's own clause after it (``هجوم بغاز كيماوي استهدف دوما يوم السبت
    الماضي``): the incident has happened, whatever threat or plan the sentence opened with far before it;
    a clause mark between them leaves the day to another clause."""
    norm = ctx.doc.norm
    for mention in ctx.times.get(sentence.index, []):
        if mention.kind not in _PAST_DAY_KINDS or mention.start < trigger.end:
            continue
        if ctx.token_at(mention.start) - trigger.last_token > tuning.OWN_DAY_TOKENS:
            continue
        if not any(mark in norm[trigger.end : mention.start] for mark in _CLAUSE_ENDS):
            return True
    return False


def _detainee_named(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``أوقفت الشرطة ثلاثة أشخاص`` but not ``أوقفت الوزارة بيانا``: a verb that may stop a thing as well
    as arrest a person reports an arrest only when its clause names who was taken: an arrested figure,
    a counted noun of people, or a word for a person, a suspect or a group (CODEBOOK §3: arrests are of
    people). The subject (the arresting force) comes between, so a few words after the verb are read."""
    if any(c.outcome == "arrested" for c in ctx.casualties.get(sentence.index, [])):
        return True
    tokens, norm = ctx.doc.tokens, ctx.doc.norm
    sentence_last = ctx.token_at(max(sentence.start, sentence.end - 1))
    last = min(sentence_last, trigger.last_token + tuning.DETAINEE_TOKENS)
    for i in range(trigger.last_token, last + 1):
        gap = norm[tokens[i - 1].end : tokens[i].start] if i > trigger.last_token else ""
        if any(mark in gap for mark in _CLAUSE_ENDS):
            return False
        if any(_people_word(stem) for stem, _ in tokens[i].stems):
            return True
    return False


_CLAUSE_ENDS = ("؛", ";", ".")


def _people_word(word: str) -> bool:
    """Whether a clitic-free word names people: a counted noun of people, a detainee word, or a plural
    nationality ("مصريين", "الفلسطينيون")."""
    bare = strip_article(word)
    if word in _DETAINEE_WORDS or bare in _DETAINEE_WORDS or names_people(word) or names_people(bare):
        return True
    return any(bare.endswith(end) and bare[: -len(end)] in _NATIONALITIES for end in _PEOPLE_NISBA)


_PEOPLE_NISBA = tuple(sorted(word_set("people_nisba_endings")))
_NATIONALITIES = nationality_adjectives()


def _in_relative_clause(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``شيعة العراق الذين خرجوا في مظاهرات`` / ``بوش الذي خرج متظاهرا ضده آلاف المحتجين``: a protest
    told inside a relative clause describes the people or the man the sentence is about; the report of
    that protest, if any, is elsewhere (unless the sentence gives a toll: "قتل متظاهر خلال صدامات مع قوى
    الأمن التي كانت تفرق مظاهرة" reports the protest where the toll fell)."""
    tokens = ctx.doc.tokens
    norm = ctx.doc.norm
    start = max(0, trigger.first_token - tuning.RELATIVE_CLAUSE_TOKENS)
    for i in range(trigger.first_token - 1, start - 1, -1):
        if any(mark in norm[tokens[i].end : trigger.start] for mark in _CLAUSE_MARKS):
            return False
        if tokens[i].text in _RELATIVE_PRONOUNS:
            return True
    return False


_PROSPECTIVE = word_set("prospective_adjectives") | word_set("prospective_verbs")
_PROSPECT_REACH = 2  # words after an incident noun its adjective of expectation may stand


def _prospective_after(ctx: FieldContext, trigger: TriggerMention) -> Token | None:
    """``تظاهرات محتملة``، ``المسيرة المقررة يوم الجمعة``، ``احتجاجات حاشدة مرتقبة``: an adjective of
    expectation (or a verb of intent: ``احتجاجات يعتزم الفلسطينيون تنظيمها``) right after a protest noun makes
    the protest expected or planned, not held (CODEBOOK §2);
    the modality cues before a trigger say the same. Within the clause: punctuation ends the search. Not
    for violence: "هجوم كيماوي محتمل" is an attack whose means are suspected, not an attack to come."""
    tokens = ctx.doc.tokens
    for i in range(trigger.last_token, min(trigger.last_token + _PROSPECT_REACH, len(tokens))):
        if not tokens[i].joined:
            return None
        if tokens[i].text in _PROSPECTIVE:
            return tokens[i]
    return None


def _pointed_back(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``هذه المظاهرات``: a demonstrative before a protest noun refers to protests told before (in a
    quote: "عليهم أن يأخذوا في حسبانهم هذه المظاهرات"); the report, if any, is where they were told."""
    i = trigger.first_token
    return i > 0 and ctx.doc.tokens[i - 1].text in _DEMONSTRATIVES


_NAME_HEADS = word_set("protest_name_heads")
_NAME_LINKS = word_set("protest_name_links")


def protest_named(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``قائد الاحتجاجات``، ``أيقونة الاحتجاج``، ``شكل جديد من الاحتجاج``، ``عرضا أشبه بمظاهرة``: the word
    before a protest noun (or before the "من"/"على" that links it, one adjective between) names its leader,
    symbol, kind or likeness: the noun is part of a name or a comparison, no protest held that day, and
    it is no trigger at all (a killing beside it, "وفي البصرة، مهد الاحتجاجات، قتل متظاهر", keeps its own)."""
    if not trigger.spec.protest or trigger.spec.verbal:
        return False
    tokens = ctx.doc.tokens
    i = trigger.first_token - 1
    if i >= 0 and tokens[i].text in _NAME_LINKS:
        candidates = tokens[max(0, i - 2) : i]
    else:
        candidates = tokens[i : i + 1] if i >= 0 else []
    return any(stem in _NAME_HEADS for token in candidates for stem, _ in token.stems)


_CLAUSE_OPENERS = word_set("clause_openers")


def _since_in_clause(ctx: FieldContext, trigger: TriggerMention, cue) -> bool:
    """``خطفوا أكثر من 1000 طفل في نيجيريا منذ عام 2013``: a "since" period closing the trigger's clause,
    however far after it, makes the deed a total over that period, not one incident (CODEBOOK §12). A
    clause opened in between ("... الجمعة حيث يواصلون الاحتجاج منذ 30 مارس") takes the period for itself."""
    if cue.phrase.split()[0] not in _SINCE or cue.start < trigger.end:
        return False
    if _campaign_age(ctx, trigger, cue):
        return False
    if any(mark in ctx.doc.norm[trigger.end : cue.start] for mark in _CLAUSE_MARKS):
        return False
    between = ctx.doc.tokens[trigger.last_token : cue.first_token]
    return not any(t.text.removeprefix(_AND) in _CLAUSE_OPENERS for t in between)


_ONGOING = word_set("ongoing_adjectives")


def _campaign_age(ctx: FieldContext, trigger: TriggerMention, cue) -> bool:
    """``دخلت القوات مدينة عفرين ... في إطار العملية العسكرية المستمرة منذ نحو شهرين``: a "since" right after
    "ongoing" dates the campaign the deed belongs to, not the deed; a "since" told of the trigger itself
    (``الاحتجاجات المستمرة منذ أسابيع``, the adjective right after it) is still a period of the trigger's."""
    before = cue.first_token - 1
    return before > trigger.last_token and ctx.doc.tokens[before].text.removeprefix(_AND) in _ONGOING


def _recent_since(ctx: FieldContext, sentence: Sentence, cue) -> bool:
    """``منذ صباح أمس`` / ``منذ ساعات``: "since" a recent time is not a habit."""
    if cue.phrase not in _SINCE:
        return False
    return any(
        0 <= m.start - cue.end <= tuning.RECENT_SINCE_CHARS
        and m.kind not in ("year", "past_period", "since", "month", "absolute")
        for m in ctx.times.get(sentence.index, [])
    )


_TOLL_CUE = word_set("toll_cue")
_NAMED_DAY_KINDS = frozenset(
    {"weekday", "today", "tonight", "yesterday", "last_night", "day_before_yesterday"}
)


def _toll_of_a_day(ctx: FieldContext, sentence: Sentence, cue) -> bool:
    """``ارتفعت حصيلة قتلى التفجير الانتحاري الذي وقع الجمعة إلى 128``, ``ارتفعت حصيلة القتلى يوم الأحد إلى
    52``: "the toll" followed by a day is one day's incident and its latest figure, not a total over a war or
    a period (a "since", a war or a period word of the sentence still makes it one: they are cues of their
    own). A day before it (``أعلن المرصد الاثنين حصيلة ...``) dates the statement: the toll stays a total."""
    if cue.phrase not in _TOLL_CUE:
        return False
    return any(
        m.start >= cue.end
        and (m.weekday is not None or m.kind in _NAMED_DAY_KINDS)
        and not _said_on(ctx, cue, m)
        for m in ctx.times.get(sentence.index, [])
    )


def _said_on(ctx: FieldContext, cue, mention) -> bool:
    """``حصيلة ... وفق ما أفاد المرصد الخميس``: a day right after a verb of saying (within a few words, after
    the toll word) dates the report of the toll, not an incident."""
    index = ctx.token_at(mention.start)
    window = ctx.doc.tokens[max(cue.last_token, index - tuning.STATEMENT_DATE_WORDS) : index]
    return any(stem in _SAYING for token in window for stem, _ in token.stems)


_FIRSTS = word_set("first_since")
_WITHOUT_NAMES = word_set("without_names")


def _named_without(ctx: FieldContext, cue) -> bool:
    """``طائرة استطلاع بدون طيار``: "without" before one of these words names a thing (a drone), it negates
    nothing."""
    following = cue.last_token
    tokens = ctx.doc.tokens
    return "negation" in cue.value and following < len(tokens) and tokens[following].text in _WITHOUT_NAMES


def _first_since(ctx: FieldContext, sentence: Sentence, cue) -> bool:
    """``في أول حادث من نوعه منذ انهيار الهدنة``, ``أعنف هجوم منذ أسابيع``: "the first / the worst ... since"
    sets the incident apart from what came before; it reports a new incident, not a habit."""
    if cue.phrase not in _SINCE:
        return False
    start = max(ctx.token_at(sentence.start), cue.first_token - tuning.FIRST_SINCE_TOKENS)
    return any(t.text.removeprefix(_AND) in _FIRSTS for t in ctx.doc.tokens[start : cue.first_token])


def _relative_clause(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``المتظاهرين الذين تجمعوا`` / ``نصر الذي اختطف عام 2003``: a verb in a relative clause describes
    someone already introduced; it is not the report."""
    i = trigger.first_token
    if i > 0 and ctx.doc.tokens[i].joined and ctx.doc.tokens[i - 1].text in _RELATIVE_PRONOUNS:
        return True
    return _undergone(ctx, trigger, after_relative=True)  # "الطالبة التي تعرضت للاغتصاب"


_INCIDENT_PRONOUNS = word_set("relative_pronouns")  # what takes up an incident noun
_RELATIVE_PRONOUNS = _INCIDENT_PRONOUNS | word_set("relative_pronouns_plural")


def _question(ctx: FieldContext, sentence: Sentence) -> bool:
    """A question asks whether something happened; it does not report that it did."""
    return ctx.doc.norm[sentence.start : sentence.end].rstrip(' "').endswith(("?", "؟"))


def _purpose_clause(ctx: FieldContext, trigger: TriggerMention) -> bool:
    """``لتحرير`` / ``للقضاء``: a verbal noun with the preposition ل states an aim, not a deed. Not after
    a word that takes ل as its complement (``وفقا لاتفاقية عقدت الأحد``: "under the deal made on Sunday"),
    nor after "was subjected to" (``تعرضت ناقلة لهجوم``: the ل is the verb's, the noun the deed suffered)."""
    token = ctx.doc.tokens[trigger.first_token]
    glued = token.text.startswith(_PURPOSE) and not trigger.phrase.startswith(_PURPOSE)
    if not (glued and trigger.start > token.start) or _undergone(ctx, trigger):
        return False
    before = ctx.doc.tokens[trigger.first_token - 1].text if trigger.first_token else ""
    return before not in _TAKES_L and before.removeprefix(_COORDINATOR) not in _TAKES_L  # "وفقا", "ووفقا"


def _undergone(ctx: FieldContext, trigger: TriggerMention, after_relative: bool = False) -> bool:
    """Whether "تعرض" (was subjected to) governs the trigger from a few words before it; with
    ``after_relative``, only when that verb opens a relative clause ("التي تعرضت للاغتصاب": it describes
    someone already introduced)."""
    tokens = ctx.doc.tokens
    first = trigger.first_token
    for index in range(max(0, first - tuning.UNDERGO_REACH), first):
        if tokens[index].text.removeprefix(_AND).startswith(_UNDERGO):
            relative = index > 0 and tokens[index - 1].text in _RELATIVE_PRONOUNS
            return relative or not after_relative
    return False


def known_incident(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``التفجير الذي استهدف ...`` / ``التفجيرات الأخيرة التي شهدتها ...``: a definite noun taken up by a
    relative clause names an incident the reader already knows of; the sentence is about something else
    (unless the clause dates it: ``الهجوم الذي وقع السبت``)."""
    tokens = ctx.doc.tokens
    if not tokens[trigger.first_token].text.startswith(DEFINITE):
        return False
    reach = trigger.last_token + tuning.KNOWN_INCIDENT_TOKENS
    following = [t.text for t in tokens[trigger.last_token : reach]]
    if not any(word in _INCIDENT_PRONOUNS for word in following):
        return False
    clause_end = tokens[min(trigger.last_token + ANCHOR_REACH, len(tokens) - 1)].end
    return not any(trigger.end <= m.start < clause_end for m in ctx.times.get(sentence.index, []))


_COMPLEMENTIZERS = word_set("speech_complementizers")


def retold_in_speech(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``وقال الرئيس إن الحكومة نفذت الهجوم الكيماوي على دوما``: a definite incident noun inside what
    someone says (a saying word, then إن/أن before the noun), with no day and no toll in the sentence,
    names an incident the reader already knows of, retold as an accusation or a reminder: it is not a
    new report, and dating it to the article's day would make one (CODEBOOK §2, §12). The caller has
    checked that the trigger is a noun and that the sentence gives no casualties."""
    tokens = ctx.doc.tokens
    phrase = tokens[trigger.first_token : max(trigger.first_token + 1, trigger.last_token)]
    if not any(t.text.startswith(DEFINITE) for t in phrase) or _dated_sentence(ctx, sentence):
        return False  # "الهجوم الكيماوي", "غاز السارين": definite; "هجوم انتحاري": a new one
    if any(m.kind not in _DAY_KINDS for m in ctx.times.get(sentence.index, [])):
        return False  # a month or a year names when: the dating rules judge it
    first = ctx.token_at(sentence.start)
    said = [c.last_token for c in ctx.cues.get(sentence.index, []) if "report" in c.value]
    opening = next(
        (
            i
            for i in range(first, trigger.first_token)
            if tokens[i].text.removeprefix(_AND) in _COMPLEMENTIZERS and any(last < i for last in said)
        ),
        None,
    )
    return opening is not None and not _news_speaker(ctx, sentence, first, opening)


_NEWS_SPEAKERS = word_set("news_speakers")
_INQUIRY_SPEAKERS = word_set("inquiry_speakers")


@cache
def _inquiry_forms() -> frozenset[str]:
    """Every written word with a stem among ``_INQUIRY_SPEAKERS`` (``words_with_stem`` is the exact
    inverse of a token's stems): each word before a trigger is looked up once, not stem by stem."""
    return forms_with_stem_in(frozenset(_INQUIRY_SPEAKERS))
_BEFORE_YEAR = word_set("before_past_year")
_FIRST_YEAR = 1900  # a four-digit figure from this year on, before the article's, may name a past year


_SAYING = cue_forms("report")


def inside_later_speech(ctx: FieldContext, trigger: TriggerMention, position: int) -> bool:
    """``تظاهر عشرات النشطاء أمام المحكمة ... وقال إن القانون الذي أقر منتصف عام 2005 ...``: a word after a
    verb of saying and its "إن"/"أن", both after the trigger, is inside what someone said after the
    demonstration was told; a past year there dates what was said, not the demonstration."""
    if position <= trigger.end:
        return False
    said = False
    for token in ctx.doc.tokens[trigger.last_token : ctx.token_at(position)]:
        stems = {stem for stem, _ in token.stems}
        if stems & _SAYING:
            said = True
        elif said and stems & _COMPLEMENTIZERS:
            return True
    return False


def past_year_named(
    ctx: FieldContext, sentence: Sentence, published: dt.date | None, trigger: TriggerMention | None = None
) -> bool:
    """``قبل 2002 حين قتل 21 شخصا إثر هجوم انتحاري``: a sentence naming a past year (a four-digit year
    before the article's, after في، قبل، عام ...) that the time words did not date tells of that year;
    an incident in it with no day of its own is history, not news of the window (CODEBOOK §2). "منذ
    2014" is not one: "the worst attack since 2014" describes today's."""
    if published is None:
        return False
    tokens = ctx.doc.tokens
    first, last = ctx.token_at(sentence.start), ctx.token_at(max(sentence.start, sentence.end - 1))
    for i in range(first + 1, last + 1):
        word = tokens[i].text
        past = len(word) == 4 and word.isdigit() and _FIRST_YEAR <= int(word) < published.year
        if past and tokens[i - 1].text.removeprefix(_AND) in _BEFORE_YEAR:
            protest = trigger if trigger is not None and trigger.spec.protest else None
            if protest is not None and inside_later_speech(ctx, protest, tokens[i].start):
                continue  # the year of what was said after the demonstration, not the demonstration's
            return True
    return False


def _inquiry_finding(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention):
    """``قال المحققون إن الطائرة أسقطت بصاروخ``، ``خلص التحقيق إلى أن ...``، ``ذكرت المحكمة أن المتهم فجر
    ...``: what investigators, a court or prosecutors found is the incident they examined, told again as a
    finding; with no time word in the sentence it is no new incident (CODEBOOK §2: investigations and
    trials are not coded). The word naming the inquiry, when one stands before the complementizer that
    opens the trigger's clause, else None. The words are looked at before the time words, which only
    a rare finding needs: a sentence whose times no other rule asks for is not read for them."""
    tokens = ctx.doc.tokens
    first = ctx.token_at(sentence.start)
    inquiry = None
    inquiry_forms = _inquiry_forms()
    for i in range(first, trigger.first_token):
        if inquiry is None and tokens[i].text in inquiry_forms:
            inquiry = tokens[i]
        elif inquiry is not None and tokens[i].text.removeprefix(_AND) in _COMPLEMENTIZERS:
            return None if ctx.times.get(sentence.index) else inquiry
    return None
_PLUPERFECT = word_set("pluperfect_openers")


def undated_pluperfect(ctx: FieldContext, sentence: Sentence) -> bool:
    """``وكانت جماعة الخوذ البيضاء أكدت أن الهجوم أسفر عن مصرع سبعين``، ``وكان مسلحون قد هاجموا ...``: a
    sentence opened by the pluperfect "كان" tells what had happened before the news; with no time word
    of its own it is background the reader is reminded of, and dating it to the article's day would
    make a new incident of it (CODEBOOK §2: older events mentioned as background are not coded). When
    its subject tells the news ("وكانت تقارير قد تحدثت عن خروج مظاهرة"), the news is what it reports."""
    first = ctx.token_at(sentence.start)
    opener = ctx.doc.tokens[first].text.removeprefix(_AND)
    if opener not in _PLUPERFECT or ctx.times.get(sentence.index):
        return False
    subject_end = min(first + tuning.PLUPERFECT_SUBJECT_TOKENS + 1, ctx.token_at(sentence.end - 1))
    return not _news_speaker(ctx, sentence, first, subject_end)


def _news_speaker(ctx: FieldContext, sentence: Sentence, first: int, opening: int) -> bool:
    """``أفاد شهود عيان أن``، ``وتقول تقارير إن``: witnesses, sources, reports and monitors tell the news
    itself, the incident as it happened; what officials and politicians say of a definite incident
    retells it."""
    limit = ctx.doc.tokens[opening].start
    if any(m.start < limit for m in ctx.sources.get(sentence.index, [])):
        return True
    return any(
        any(stem in _NEWS_SPEAKERS for stem, _ in token.stems) for token in ctx.doc.tokens[first:opening]
    )


def anchored(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, triggers: list[TriggerMention]
) -> bool:
    """A noun trigger reports an incident only when its sentence anchors it: a verbal trigger or a
    casualty figure anywhere in the sentence, or an occurrence verb or a time word close to it (a time
    word three clauses away may date a statement, not the incident)."""
    same_kind = [t for t in triggers if t.spec.event_type == trigger.spec.event_type]
    if trigger.spec.riot:  # "المحتجين الذين هاجموا المقر بالحجارة": the crowd's deed is told by any verb
        same_kind = triggers
    # a death named by a title ("مقتل النقيب", also a family name) is told of a person, not of an incident
    if any(t.spec.verbal for t in same_kind) or any(not c.named for c in incident_tolls(ctx, sentence)):
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
            token_gap(cue.first_token, cue.last_token, trigger) <= ANCHOR_REACH or cue.first_token == opening
        )
        for cue in ctx.cues.get(sentence.index, [])
    ):
        return True  # near the trigger, or the sentence's opening verb ("تواصل قسد ... هجومها")
    return any(
        m.kind != "future"
        and token_gap(ctx.token_at(m.start), ctx.token_at(m.end - 1) + 1, trigger) <= ANCHOR_REACH
        and not (trigger.spec.protest and _speech_opens_between(ctx, m.start, trigger.start))
        for m in ctx.times.get(sentence.index, [])
    )


def _speech_opens_between(ctx: FieldContext, time_start: int, trigger_start: int) -> bool:
    """``اعتبر المفوض الجمعة أن الرد الإسرائيلي على تظاهرات الفلسطينيين لم يكن متكافئا``: a time word
    before the "أن"/"إن" that opens what was said dates the saying; it does not anchor a protest noun
    told inside what was said as a new incident."""
    if time_start >= trigger_start:
        return False
    first, last = ctx.token_at(time_start), ctx.token_at(trigger_start)
    return any(token.text in _COMPLEMENTIZERS for token in ctx.doc.tokens[first + 1 : last])


_CROWD_VERBS = word_set("crowd_verbs")
_PROTEST_MARKS = word_set("protest_marks")
_PROTEST_DEMANDS = word_set("protest_demands")
_PROTEST_ADVERBIALS = word_set("protest_adverbials")
_CROWD_ACTORS = frozenset({"generic:protesters", "generic:rioters"})


def crowd_without_protest(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``تجمع`` / ``احتشدوا`` only say that people gathered (fans in a stadium, leaders at a summit, an
    alliance called "تجمع"): the crowd is a protest when its sentence names protesters, another protest
    or riot word, or what protesters do (demand, chant, carry banners: ``protest_marks``); a celebration
    ("للاحتفال") outweighs chants, banners and the street, never a demand (``protest_demands``).
    ``احتجاجا على`` only says why someone acted ("استقال احتجاجا على"): a protest beside protesters or a
    counted crowd."""
    adverbial = trigger.phrase in _PROTEST_ADVERBIALS
    if trigger.phrase not in _CROWD_VERBS and not adverbial:
        return False
    others = ctx.triggers.get(sentence.index, [])
    lone = _CROWD_VERBS | _PROTEST_ADVERBIALS if not adverbial else _PROTEST_ADVERBIALS
    if any((t.spec.protest or t.spec.riot) and t.phrase not in lone for t in others):
        return False
    if any(m.key in _CROWD_ACTORS for m in ctx.actors.get(sentence.index, [])):
        return False
    if adverbial:  # "اعتصم مئات العمال احتجاجا على": the crowd counted in its clause protested
        quantities = ctx.quantities.get(sentence.index, [])
        counts = [q for q in quantities if q.category in PEOPLE or q.qualifier == "vague"]
        norm = ctx.doc.norm
        return not any(
            q.end <= trigger.start and not any(mark in norm[q.end : trigger.start] for mark in _CLAUSE_MARKS)
            for q in counts
        )
    first, last = ctx.token_at(sentence.start), ctx.token_at(max(sentence.start, sentence.end - 1))
    tokens = ctx.doc.tokens[first : last + 1]
    stems = {stem for token in tokens for stem, _ in token.stems}
    if not stems.isdisjoint(_PROTEST_DEMANDS):
        return False  # "للاحتفال بعيد الاستقلال رافعين لافتات تطالب بإسقاط النظام": a demand outweighs

    if not stems.isdisjoint(_CELEBRATIONS):
        return True  # "خرج آلاف الفرنسيين إلى شوارع باريس للاحتفال بتأهل المنتخب"
    if _into_the_street(tokens):
        return False
    return stems.isdisjoint(_PROTEST_MARKS)


_STREETS = word_set("street_words")
_CELEBRATIONS = word_set("crowd_celebrations")
_STREET_OPENERS = word_set("street_openers")


def _into_the_street(tokens: list[Token]) -> bool:
    """``خرج آلاف الأشخاص إلى الشوارع``: a crowd going out into the street shows itself, as protesters do;
    one standing in the streets may be watching a wedding procession."""
    return any(
        before.text in _STREET_OPENERS and any(stem in _STREETS for stem, _ in token.stems)
        for before, token in zip(tokens, tokens[1:], strict=False)
    )


_OBJECTION_TRIGGERS = word_set("objection_triggers")
_OFFICIAL_OBJECTORS = word_set("official_objectors")
_OFFICIAL_MARKS = word_set("official_objection_marks")
_LETTER_MARKS = _OFFICIAL_MARKS | word_set("objection_letter_marks")
_OBJECTION_MARK_REACH = 3  # tokens after the trigger an official mark ("رسميا", "لدى") may stand


def official_objection(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``احتجت وزارة الخارجية لدى السفير``، ``احتجت كوريا الشمالية على المناورات``، ``موسكو احتجت``،
    ``تقدمت السعودية بمذكرة احتجاج``: a state objecting through diplomacy, not a demonstration (CODEBOOK
    §2: statements are not coded). The verb's subject, the word right after it or right before it, is an
    official body, a country or a capital; or an official mark stands by the trigger."""
    if trigger.phrase not in _OBJECTION_TRIGGERS:
        return False
    tokens = ctx.doc.tokens
    first, after = trigger.first_token, trigger.last_token
    if first > 0 and any(stem in _LETTER_MARKS for stem, _ in tokens[first - 1].stems):
        return True  # "مذكرة احتجاج"; after the trigger a bare "خطاب" is what was protested
    reach = tokens[after : min(after + _OBJECTION_MARK_REACH, len(tokens))]
    if any(stem in _OFFICIAL_MARKS for token in reach for stem, _ in token.stems):
        return True
    if after < len(tokens) and any(stem in _OFFICIAL_OBJECTORS for stem, _ in tokens[after].stems):
        return True
    return any(
        (m.first_token == after or m.last_token == first)
        and (m.is_country_only or any(map(is_capital, m.places)))
        for m in ctx.places.get(sentence.index, [])
    )


_STORMING = word_set("storming_riot_triggers")
_YOUTHS = word_set("crowd_youths")
_ARMED_WORDS = word_set("armed_words") | word_set("militant_words")


def riot_without_crowd(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> bool:
    """``اقتحم مسلحون بينهم انتحاريان مقر المفوضية وأضرموا النار``، ``اقتحم الجنود المخيم``، ``تمكن اللص من
    اقتحام السجن``: storming and burning are a riot only when a crowd does them (CODEBOOK §3: demonstrators
    burn, storm). The sentence names the crowd (protesters, a protest word, youths), or, naming no armed doer,
    counts people or stands in an article that tells a demonstration; an armed doer with no crowd, or an
    article with no demonstration at all, makes it no riot."""
    if trigger.phrase not in _STORMING:
        return False
    index = sentence.index
    if _crowd_told(ctx, index):
        return False
    first, last = ctx.token_at(sentence.start), ctx.token_at(max(sentence.start, sentence.end - 1))
    stems = {stem for token in ctx.doc.tokens[first : last + 1] for stem, _ in token.stems}
    if stems & _YOUTHS:
        return False
    # the doer stands before the verb ("اقتحم مسلحون", "جنوده اقتحموا"); a force named after it guarded the
    # crowd or answered it ("اقتحم مستوطنون الأقصى وسط حماية الشرطة")
    before = {stem for token in ctx.doc.tokens[first : trigger.first_token] for stem, _ in token.stems}
    armed = bool(before & _ARMED_WORDS) or any(
        m.key == UNIDENTIFIED or not m.key.startswith("generic:")
        for m in ctx.actors.get(index, [])
        if m.key and m.end <= trigger.start
    )
    if armed:
        return True
    if any(q.category in PEOPLE or q.qualifier == "vague" for q in ctx.quantities.get(index, [])):
        return False
    return not any(_crowd_told(ctx, other) for other in ctx.triggers)


def _crowd_told(ctx: FieldContext, index: int) -> bool:
    """Whether a sentence names protesters or rioters, or holds a protest word."""
    if any(m.key in _CROWD_ACTORS for m in ctx.actors.get(index, [])):
        return True
    return any(t.spec.protest for t in ctx.triggers.get(index, []))


def weak_supported(ctx: FieldContext, sentence: Sentence, candidate: Candidate) -> bool:
    """A weak trigger stands when its sentence also gives deaths, two sides, or a date with an actor."""
    if candidate.fatalities or any(c.outcome == "killed" and c.count for c in incident_tolls(ctx, sentence)):
        return True
    if candidate.perpetrator and candidate.target:
        return True
    moved = candidate.sub_event_type in _STANDING_ALONE and dispatched(ctx, sentence, candidate.trigger)
    if candidate.perpetrator and moved:
        return True  # "أرسلت قوات الشرعية تعزيزات": a movement of forces needs no second side
    has_time = any(m.kind not in ("future",) for m in ctx.times.get(sentence.index, []))
    return bool(has_time and candidate.perpetrator)
