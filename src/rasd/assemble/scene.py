"""When and where: the date of a candidate and its scene (the most specific place the sentence frames,
inherited from earlier sentences, or the country).

The date (CODEBOOK §5, §12) is the sentence's time word nearest the trigger, inside the coding window;
a relative word in quoted speech ("أمس") counts from when it was said and is skipped, a weekday or a
date is not; the day of a statement ("قال الجيش الثلاثاء إن ...") yields to a time word of the event,
and alone dates it with precision 2. An event with no time word of its own takes the day of the
article's lead, until the body turns to another story or goes back before the window (precision 2,
still "undated" for tolls and merges); the next sentence naming it again with a day ("ووقع الهجوم
مساء الجمعة") dates it."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from functools import cache, lru_cache

from rasd import data_cache, tuning
from rasd.assemble import trace
from rasd.assemble.context import FieldContext
from rasd.assemble.filters import inside_later_speech
from rasd.assemble.model import DEFINITE, WINDOW_DAYS, ArticleState, Candidate, Span
from rasd.assemble.roles import episode_bounds, episode_breaks
from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.actors import ActorMention, ActorRegistry, load_registry
from rasd.recognize.cues import cue_forms
from rasd.recognize.places import COMPASS as _COMPASS_WORDS
from rasd.recognize.places import PlaceMention, is_capital
from rasd.recognize.times import TimeMention, is_background, resolve
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import INTER_EXTERNAL, VIOLENT_TYPES
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.lexicon import distinct_words
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import alternation, word_set
from rasd.text.segment import Sentence
from rasd.text.tokens import forms_with_stem_in, stems_of, words_with_stem


def attach_time(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    candidate: Candidate,
    published: dt.date | None,
) -> bool:
    """Date the candidate; False when the event lies outside the coding window or in the future."""
    later = _set_for_a_later_day(ctx, sentence, trigger) if trigger.spec.protest else None
    if later is not None:
        return trace.refuse(candidate, "out_of_window", later)
    mentions = [
        m
        for m in ctx.times.get(sentence.index, [])
        if m.kind != "future"
        and (_names_its_day(m) or not _inside_quotes(ctx.doc.norm, m.start))
        and not (trigger.spec.protest and m.start > trigger.end and _names_an_event(ctx, m.start))
        and not _dates_another_noun(ctx, sentence, trigger, m)
        and not (trigger.spec.protest and _said_after(ctx, trigger, m, published))
    ]
    if mentions:
        said = [
            m for m in mentions if _dates_a_statement(ctx, sentence, m) and not _right_after(ctx, trigger, m)
        ]
        # a statement's day yields to a day the sentence names otherwise, or to a past ("منذ عام 2013")
        # that is the event's own; not to a vaguer word of a relative clause ("الذي استحدثته قبل أشهر"):
        # then the nearest word decides as before
        days = [m for m in mentions if m not in said and _dates_the_event(ctx, m, trigger, published)]
        mention = min(days or mentions, key=lambda m: _time_distance(ctx.doc.norm, m, trigger))
        if is_background(mention, published, WINDOW_DAYS):
            return trace.refuse(candidate, "background", mention)
        date, precision = resolve(mention, published)
        if date is not None and published is not None and not 0 <= (published - date).days <= WINDOW_DAYS:
            return trace.refuse(candidate, "out_of_window", mention)
        if said and precision > 1:  # "خلال الشهر الجاري" in the window: the statement's day says more
            mention = min(said, key=lambda m: _time_distance(ctx.doc.norm, m, trigger))
            date, precision = resolve(mention, published)
        if mention in said:
            precision = max(precision, 2)  # the day of a statement only (CODEBOOK §12)
        candidate.date, candidate.precision, candidate.dated = date, precision, date is not None
        return True
    # a day from the lead stays "undated": the sentence names none, so tolls and merges read it as soft
    candidate.date, candidate.precision = _lead_date(ctx, sentence, published) or published, 2
    date_of_the_weapon_told_before(ctx, sentence, trigger, candidate, published)
    return True


def _right_after(ctx: FieldContext, trigger: TriggerMention, mention: TimeMention) -> bool:
    """``وفقا لاتفاقية عقدت الأحد``: a time word right after a trigger that is itself the object of the word
    of saying before it ("وفقا" read as "according to a source") dates the trigger, not a statement
    (rule ``day_right_after_trigger``). "أعلنت منظمة حظر الأسلحة الكيميائية السبت": a trigger word inside
    the speaker's name leaves the statement's day a statement's."""
    if ctx.token_at(mention.start) != trigger.last_token or trigger.first_token < 1:
        return False
    return ctx.doc.tokens[trigger.first_token - 1].text in _REPORT_FORMS


def _dates_the_event(
    ctx: FieldContext, mention: TimeMention, trigger: TriggerMention, published: dt.date | None
) -> bool:
    """Whether a time word other than a statement's dates the event over the statement's day: it names
    a day, or it puts the event before the window and no relative pronoun ("الذي") between it and the
    trigger gives it to another verb."""
    if resolve(mention, published)[1] == 1:
        return True
    if not is_background(mention, published, WINDOW_DAYS):
        return False
    low, high = sorted((ctx.token_at(trigger.start), ctx.token_at(mention.start)))
    return not any(token.text in _RELATIVE_PRONOUNS for token in ctx.doc.tokens[low:high])


def date_told_again(
    ctx: FieldContext, sentence: Sentence, host: Candidate | None, published: dt.date | None
) -> None:
    """``ووقع الهجوم مساء الجمعة``, ``وأوضحت المصادر أن الهجوم وقع فجر الجمعة``: a sentence that gives no
    event of its own but names the incident again (a definite noun trigger of its kind) with a day in
    the window dates the incident told just before it, when that one has no day of its own."""
    if host is None or host.dated or host.field != ctx.doc.field or published is None:
        return
    told = ctx.doc.sentence_of(host.trigger.start)
    if told is None or sentence.index - told.index > tuning.RETOLD_DATE_SENTENCES:
        return  # further on, "الهجوم" is as likely another incident the article goes back to
    if sentence.index not in ctx.triggers:
        return
    nouns = [
        t
        for t in ctx.triggers[sentence.index]
        if not t.spec.verbal
        and ctx.doc.tokens[t.first_token].text.startswith(DEFINITE)
        and _same_kind(t.spec.event_type, host.event_type)
    ]
    if not nouns:
        return
    days = [
        m
        for m in ctx.times.get(sentence.index, [])
        if _day_in_window(ctx, m, published) is not None and not _dates_a_statement(ctx, sentence, m)
    ]
    if not days:
        return
    mention = min(days, key=lambda m: _time_distance(ctx.doc.norm, m, nouns[0]))
    date, _ = resolve(mention, published)
    host.date, host.precision, host.dated = date, 1, True


def date_of_the_weapon_told_before(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    candidate: Candidate,
    published: dt.date | None,
) -> None:
    """``وأعلن التحالف أن الصاروخ الذي أطلق من اليمن ظهر الجمعة استهدف نجران`` then ``وتمكنت الدفاعات الجوية
    من اعتراض الصاروخ``: an undated interception whose weapon is definite, right after the trigger, is the
    weapon the sentence just before told with a day; that day (one, in the window, not a statement's) is
    the interception's (trace rule ``day_of_the_weapon``)."""
    if candidate.dated or not trigger.spec.interception or published is None or sentence.index < 1:
        return
    tokens = ctx.doc.tokens
    if trigger.last_token >= len(tokens):
        return
    weapon = tokens[trigger.last_token].text
    if not weapon.startswith(DEFINITE):
        return
    before = ctx.doc.sentences[sentence.index - 1]
    first, last = ctx.token_at(before.start), ctx.token_at(max(before.start, before.end - 1))
    if not any(token.text == weapon for token in tokens[first : last + 1]):
        return
    days = {
        day
        for mention in ctx.times_of(before.index)
        if not _dates_a_statement(ctx, before, mention) and (day := _day_in_window(ctx, mention, published))
    }
    if len(days) == 1:
        candidate.date, candidate.precision, candidate.dated = days.pop(), 1, True


def _same_kind(event_type: str, other: str) -> bool:
    """One kind of incident: the same type, or both political violence ("الهجوم" told of an attack that
    the article's first telling coded by its means)."""
    return event_type == other or (event_type in VIOLENT_TYPES and other in VIOLENT_TYPES)


_RELATIVE_PRONOUNS = word_set("relative_pronouns") | word_set("relative_pronouns_plural")
_REPORT_WORDS = cue_forms("report")
_COMPLEMENTIZERS = word_set("complementizers")
# the written words with one of these as a stem: a token is tested by one look-up, not a set of its stems
_REPORT_FORMS = forms_with_stem_in(frozenset(_REPORT_WORDS))
_COMPLEMENTIZER_FORMS = forms_with_stem_in(frozenset(_COMPLEMENTIZERS))


def _dates_a_statement(ctx: FieldContext, sentence: Sentence, mention: TimeMention) -> bool:
    """Whether a time word follows a verb of saying closely ("أكدت السعودية الأربعاء شن غارة … في
    التاسع من الشهر"): it dates the statement, and another time word of the sentence dates the event
    (CODEBOOK §12: the statement's day dates the event only when nothing else does)."""
    index = ctx.token_at(mention.start)
    for token in reversed(ctx.doc.tokens[max(0, index - tuning.STATEMENT_DATE_WORDS) : index]):
        if token.start < sentence.start:
            return False
        if token.text in _COMPLEMENTIZER_FORMS:
            return False  # "قال القائد إن المعركة بدأت الليلة": the time word is inside what was said
        if token.text in _REPORT_FORMS:
            return True
    return False


def _lead_date(ctx: FieldContext, sentence: Sentence, published: dt.date | None) -> dt.date | None:
    """The day the article's lead gives its news, for an event told later with no time word of its own
    (the lead's "مساء الأحد" dates the attacks the body then tells one by one): the lead's first time
    word naming a day in the window, a statement's day only when the lead has no other. None when the
    event is in the lead, the lead names no such day, a sentence since has left the lead's story
    (``_leaves_the_lead``), or there is no publication day. Both are found once per field."""
    if published is None or ctx.doc.field != "text" or sentence.index == 0:
        return None
    if "lead_day" not in ctx.memo:
        ctx.memo["lead_day"] = _lead_day(ctx, published)
        ctx.memo["lead_left"] = _lead_left(ctx, published) if ctx.memo["lead_day"] else 0
    return ctx.memo["lead_day"] if sentence.index < ctx.memo["lead_left"] else None


def _lead_day(ctx: FieldContext, published: dt.date) -> dt.date | None:
    """The day of the lead (see ``_lead_date``); only the lead is read for it."""
    lead = ctx.doc.sentences[0]
    days = [
        (_dates_a_statement(ctx, lead, mention), date)
        for mention in ctx.times_of(0)
        if (date := _day_in_window(ctx, mention, published)) is not None
    ]
    return min(days, key=lambda pair: pair[0])[1] if days else None  # the first, unless a statement's


def _lead_left(ctx: FieldContext, published: dt.date) -> int:
    """The index of the first sentence that leaves the lead's story (the number of sentences if none):
    one that opens on another story, or one with a trigger that goes back before the window (only
    sentences with a trigger are read for their time words: a retold past incident has one)."""
    for sentence in ctx.doc.sentences[1:]:
        if _switches_topic(ctx.doc.norm, sentence):
            return sentence.index
        if sentence.index in ctx.triggers and any(
            is_background(m, published, WINDOW_DAYS) for m in ctx.times.get(sentence.index, [])
        ):
            return sentence.index
    return len(ctx.doc.sentences)


def _day_in_window(ctx: FieldContext, mention: TimeMention, published: dt.date) -> dt.date | None:
    """The day a time word names, when it names one (precision 1) inside the window; quoted relative
    words ("أمس" said on another day) name none."""
    if mention.kind == "future":
        return None
    if not _names_its_day(mention) and _inside_quotes(ctx.doc.norm, mention.start):
        return None
    date, precision = resolve(mention, published)
    if date is None or precision != 1 or is_background(mention, published, WINDOW_DAYS):
        return None
    return date if 0 <= (published - date).days <= WINDOW_DAYS else None


_TOPIC_SWITCH = re.compile(
    rf"\W*(?:{'|'.join(map(re.escape, clitics().conjunctions))})?(?:{alternation('topic_switches')})(?!\w)"
)


def _switches_topic(norm: str, sentence: Sentence) -> bool:
    """Whether a sentence opens by turning to another story ("إلى ذلك،", "ومن جهة أخرى،")."""
    return _TOPIC_SWITCH.match(norm, sentence.start, sentence.end) is not None


def _names_its_day(mention: TimeMention) -> bool:
    """A date or a weekday names its day whoever says it and whenever ("قتلوا مساء الأحد 7 أشخاص" in a
    quote): only words that count from the moment of speech ("اليوم", "أمس") depend on when it was said."""
    return mention.kind in ("absolute", "weekday") or mention.weekday is not None


_DATED_EVENT_NAMES = word_set("dated_event_names")
_DATED_EVENT_FORMS = forms_with_stem_in(_DATED_EVENT_NAMES)  # written words with one as a stem


def _dates_another_noun(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, mention: TimeMention
) -> bool:
    """``تظاهر الآلاف رغم محاولات قمع الحراك الذي انطلق قبل 3 أشهر``: a time word in a relative
    clause opened well after the trigger dates the noun that clause describes, not the trigger (a clause
    right after the trigger, ``التفجير الذي وقع قبل عام``, describes the trigger itself and dates it)."""
    if mention.start <= trigger.end:
        return False
    tokens = ctx.doc.tokens
    first = trigger.last_token + tuning.KNOWN_INCIDENT_TOKENS
    at = ctx.token_at(mention.start)
    span = range(max(first, at - tuning.RELATIVE_TIME_TOKENS), at)
    opener = next((i for i in span if tokens[i].text in _RELATIVE_PRONOUNS), None)
    if opener is None:
        return False
    # "أسقطت 20 صاروخا في الهجوم الذي وقع الخميس": a clause on an incident noun dates that incident, this one
    described = opener - tuning.KNOWN_INCIDENT_TOKENS
    return not any(described <= t.last_token <= opener for t in ctx.triggers.get(sentence.index, []))


_RELATIVE_PRONOUNS = word_set("relative_pronouns") | word_set("relative_pronouns_plural")


_LATER_IN_THE_STORY = word_set("later_in_the_story")


def _set_for_a_later_day(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention
) -> TimeMention | None:
    """``أعلن الرئيس الاثنين الإضراب العام غدا``، ``مظاهرة الأسبوع المقبل``: a protest whose nearest time
    word (the day of a statement aside) is a day to come is called or planned, not held (CODEBOOK §2); that
    word, else None. Future words are otherwise left out of dating ("وسيعقد اجتماع غدا" dates its clause)."""
    mentions = [
        m
        for m in ctx.times.get(sentence.index, [])
        if not _inside_quotes(ctx.doc.norm, m.start) and not _dates_a_statement(ctx, sentence, m)
    ]
    if not mentions:
        return None
    nearest = min(mentions, key=lambda m: _time_distance(ctx.doc.norm, m, trigger))
    later = nearest.kind == "future" and ctx.doc.norm[nearest.start : nearest.end] not in _LATER_IN_THE_STORY
    return nearest if later else None


def _said_after(
    ctx: FieldContext, trigger: TriggerMention, mention: TimeMention, published: dt.date | None
) -> bool:
    """A past time word inside what someone said after the demonstration was told (``inside_later_speech``)
    dates what was said; it must not make the demonstration background."""
    return is_background(mention, published, WINDOW_DAYS) and inside_later_speech(ctx, trigger, mention.start)


def _names_an_event(ctx: FieldContext, position: int) -> bool:
    """``مظاهرات مناوئة لانقلاب السادس من أغسطس``: a date right after "coup", "revolution", "anniversary"
    that follows a protest names what was protested or remembered, not the protest's day (which is elsewhere
    or not told). Before the trigger ("بعد هجمات 11 سبتمبر ... الاحتجاز") it still frames the sentence."""
    index = ctx.token_at(position)
    if index <= 0:
        return False
    return ctx.doc.tokens[index - 1].text in _DATED_EVENT_FORMS


def _time_distance(norm: str, mention: TimeMention, trigger: TriggerMention) -> int:
    """How far a time word is from a trigger, in characters: a comma between them counts as a clause
    away, and an absolute date after the trigger is a little nearer. "عبر المدير، الإثنين، عن قلقه من
    الهجوم الكيماوي في 7 أبريل" dates the attack by its own date; the weekday dates the statement."""
    low, high = sorted((mention.start, trigger.start))
    between = norm[low:high]
    penalty = tuning.CLAUSE_PENALTY if "،" in between or "," in between else 0
    bonus = tuning.ABSOLUTE_DATE_PULL if mention.kind == "absolute" and mention.start > trigger.start else 0
    return high - low + penalty - bonus


def _inside_quotes(norm: str, position: int) -> bool:
    """Whether a position lies inside quoted speech: its time words count from when it was said
    (an odd number of quotes since the paragraph's start; counted by binary search over the positions
    of quotes and newlines, since a scan per time word made a long paragraph quadratic)."""
    quotes, newlines = _marks(norm)
    line = bisect_left(newlines, position)
    paragraph_start = newlines[line - 1] + 1 if line else 0
    return (bisect_left(quotes, position) - bisect_left(quotes, paragraph_start)) % 2 == 1


@lru_cache(maxsize=4)
def _marks(norm: str) -> tuple[list[int], list[int]]:
    """Positions of the quotes and of the newlines of a text (the text of the article being read),
    found by the regex engine: a Python pass over every character cost a percent of extraction."""
    return _positions(_QUOTE_RE, norm), _positions(_NEWLINE_RE, norm)


_QUOTE_RE = re.compile('"')
_NEWLINE_RE = re.compile("\n")


def _positions(mark: re.Pattern[str], norm: str) -> list[int]:
    """Offsets of every occurrence of a one-character mark."""
    return [found.start() for found in mark.finditer(norm)]


def named_countries(contexts: list[FieldContext]) -> frozenset[str]:
    """Countries an article names: by name or nationality adjective ("لبنان", "اللبنانية"), by a province
    or two places only that country has, or by an actor of one country. A town abroad needs one of these
    (a single town does not vouch for itself: "منطقة العريش" in a report on Yemen)."""
    by_text, by_actors = countries_named_by(contexts)
    return by_text | by_actors


def countries_named_by(contexts: list[FieldContext]) -> tuple[frozenset[str], frozenset[str]]:
    """The countries of ``named_countries`` in one pass, split by what names them: the text (names,
    adjectives, places) and the actors. The pipeline needs both: a country named by an actor alone
    ("التحالف") leaves the article's own country a guess."""
    registry = load_registry()
    named: set[str] = set()
    by_actor: set[str] = set()
    by_places: dict[str, set[str]] = {}
    for ctx in contexts:
        by_name = False
        for mentions in ctx.places.values():
            countries = _countries_by_name(mentions)
            by_name = by_name or bool(countries)
            named |= countries
            for country, name in _vouching_towns(mentions):
                by_places.setdefault(country, set()).add(name)
        ctx.memo[_NAMES_A_COUNTRY] = by_name  # kept for ``names_a_country``, which asks the same next
        named |= _countries_of_words(distinct_words(ctx.doc.tokens))
        for mention in ctx.all_actors:
            country = _home_named_by(registry, mention)
            if country:
                by_actor.add(country)
    # a town names its country only beside another of its towns: one homonym must not vouch for itself
    named |= {iso2 for iso2, names in by_places.items() if len(names) >= tuning.SELF_VOUCH_PLACES}
    return frozenset(named), frozenset(by_actor)


def _home_named_by(registry: ActorRegistry, mention: ActorMention) -> str:
    """The country an actor mention names as its home, "" when none: a force abroad ("التحالف" in a
    report on Yemen) does not bring its home in, "الشرطة", "الجيش" alone name nobody's country, and
    "المسلحين" is Syria's rebels only in Syria (``country_named_by``). Shared by the countries an
    article names and the home of a force that fights only there.

    The answer depends on the mention's key, alias and written form alone: it is kept per registry and
    those three (an article names a few actors many times, and the corpus a few thousand forms)."""
    memo_key = (id(registry), mention.key, mention.alias, mention.surface)
    found = _HOMES.get(memo_key)
    if found is not None and found[0] is registry:
        return found[1]
    home = _find_home(registry, mention)
    if len(_HOMES) >= _HOMES_LIMIT:
        _HOMES.clear()  # one atomic step, safe when threads extract at once
    _HOMES[memo_key] = (registry, home)
    return home


# (registry id, key, alias, written form) → (the registry, the home ``_home_named_by`` gives); the entry
# holds the registry, so its id cannot be another registry's while it is kept
_HOMES: dict[tuple[int, str, str, str], tuple[ActorRegistry, str]] = {}
_HOMES_LIMIT = 20_000


def _find_home(registry: ActorRegistry, mention: ActorMention) -> str:
    """``_home_named_by`` without the memo."""
    if not mention.key or registry.inter_of(mention.key) == INTER_EXTERNAL:
        return ""
    if _local_authority(mention.surface):
        return ""
    return registry.country_named_by(mention)


@lru_cache(maxsize=4096)
def _local_authority(surface: str) -> bool:
    """Whether a name's written form is a local authority's ("الشرطة", "الجيش"): asked of every actor
    mention of every article, of a few hundred distinct forms, so each is normalized and stemmed once."""
    return any(stem in _LOCAL_AUTHORITIES for stem, _ in stems_of(normalize_term(surface)))


def names_a_country(contexts: list[FieldContext]) -> bool:
    """Whether the article names a country outright (its name, or a province only it has) outside a
    dateline or a frame; an adjective ("الإسرائيلية", "وكالة الصحافة الفرنسية") names none."""
    return any(_names_a_country(ctx) for ctx in contexts)


def _names_a_country(ctx: FieldContext) -> bool:
    """``names_a_country`` of one field, as ``countries_named_by`` found it when it has read the field."""
    known = ctx.memo.get(_NAMES_A_COUNTRY)
    if known is None:
        known = any(_countries_by_name(mentions) for mentions in ctx.places.values())
    return known


_NAMES_A_COUNTRY = "names_a_country"  # memo key: whether some sentence of the field names a country


def _countries_by_name(mentions: list[PlaceMention]) -> set[str]:
    """Countries a sentence names outright: a country's name, or a province only one country has
    ("قطاع غزة", "محافظة تعز"). A dateline or a frame names none."""
    named: set[str] = set()
    for place in mentions:
        if place.is_frame:
            continue
        if place.country is not None:
            named.add(place.country.iso2)
        if not place.provinces:
            continue  # most places: no province, so none named (the rule below needs one)
        provinces = {p.country for p in place.provinces}
        curated = {p.country for p in place.places if p.source != "geonames"}
        if len(provinces | curated) == 1 and provinces:
            named |= provinces
    return named


def _vouching_towns(mentions: list[PlaceMention]) -> list[tuple[str, str]]:
    """The towns of one sentence that may vouch for their country, as (country, name): the one rule
    that lets towns name a country abroad is that two distinct ones of it do, over the whole article
    (``SELF_VOUCH_PLACES``). A curated town counts wherever it stands (a landmark too: "الإسحاقي (100
    كم شمال بغداد)"); a GeoNames-only town, likelier a chance homonym, counts only beside another town
    of its country in its own sentence ("مظاهرات في مدن جوبا وواو وملكال": chance homonyms of one small
    country seldom meet in a sentence)."""
    out: list[tuple[str, str]] = []
    loose: dict[str, set[str]] = {}
    for place in mentions:
        if place.cue == "dateline" or place.country is not None or (place.provinces and not place.is_frame):
            continue  # a province in the scene names its country outright (``_countries_by_name``)
        curated = {p.country for p in place.places if p.source != "geonames"} | {
            p.country for p in place.provinces
        }
        if len(curated) == 1:
            out.append((next(iter(curated)), place.name))
            continue
        every = {p.country for p in place.places}
        if not curated and len(every) == 1 and not place.is_frame:
            loose.setdefault(next(iter(every)), set()).add(place.name)
    for country, names in loose.items():
        if len(names | {name for c, name in out if c == country}) >= 2:
            out.extend((country, name) for name in names)
    return out


def _countries_of_words(words: set[str]) -> set[str]:
    """The countries written words name, each by its first stem that is a country name: the words
    that name one are known in advance (``_country_words``), so an article's words are matched by one
    set intersection, not a stem walk per word."""
    table = _country_words()
    return {table[word] for word in words & _country_word_set()}


@cache
def _country_words() -> dict[str, str]:
    """Every written word with a stem that is a country name → the country of its first such stem
    (``words_with_stem`` is the exact inverse of the stems a word is given); ~37,000 words, read from
    the data cache (making them was half of the first article's time)."""
    return data_cache.cached("country_words", _build_country_words)


def _build_country_words() -> dict[str, str]:
    """``_country_words``, made from the gazetteer's country names and adjectives."""
    names = _country_names()
    table: dict[str, str] = {}
    shared = set()  # words two names give: their first stem decides
    for name, iso2 in names.items():
        for word in words_with_stem(name):
            if table.setdefault(word, iso2) != iso2:
                shared.add(word)
    for word in shared:
        table[word] = next(names[stem] for stem, _ in stems_of(word) if stem in names)
    return table


@cache
def _country_word_set() -> frozenset[str]:
    """The words of ``_country_words`` as a set (~1 MB): a set meets a set in one C loop over the
    smaller (an article's words), at half the cost of ``words & table.keys()``, which tests each word
    against the dict through its keys view."""
    return frozenset(_country_words())


@cache
def _country_names() -> dict[str, str]:
    """Country names and nationality adjectives (normalized) → iso2, fetched once for the hot loop."""
    return load_gazetteer().country_names()


def names_a_place(ctx: FieldContext, country: str) -> bool:
    """Whether a field names any scene finer than a country: asked of the sentences that name a place
    (in order), not of every sentence (the others have no scene)."""
    return any(scene_places(ctx, index, country) for index in sorted(ctx.places) if ctx.places[index])


def scene_places(ctx: FieldContext, index: int, country: str) -> list[PlaceMention]:
    """Places a sentence frames as a scene: not an origin, not a bare country, not a chance homonym, not
    where an embassy was moved.

    Asked of one sentence by several rules (the article's places, each sentence in turn, each
    candidate's place and its list), so each answer is kept for the field's places as read
    (``read_places`` forgets them) and the countries it names; a copy is given, the caller's to change."""
    found = ctx.places.get(index)
    if not found:
        return []
    memo = ctx.memo.setdefault(_SCENE_PLACES, {})
    key = (index, country, ctx.countries)
    places = memo.get(key)
    if places is None:
        places = memo[key] = [
            p
            for p in found
            if not p.is_frame
            and not p.is_country_only
            and p.plausible(country, ctx.countries)
            and not embassy_destination(ctx, p)
        ]
    return list(places)


_SCENE_PLACES = "scene_places"  # memo key of ``scene_places``


_EMBASSY = word_set("embassy_words")
_EMBASSY_FORMS = forms_with_stem_in(frozenset(_EMBASSY))  # written words with an embassy word as a stem
_EMBASSY_MOVES = word_set("embassy_moves")
_EMBASSY_REACH = 6  # words from an embassy to the place it was moved to ("سفارتها لدى إسرائيل في القدس")


def embassy_destination(ctx: FieldContext, place: PlaceMention) -> bool:
    """``احتجاجات على حدود غزة تزامنت مع نقل السفارة الأميركية إلى القدس``، ``في الوقت الذي افتتحت فيه
    الولايات المتحدة سفارتها في القدس``: the place an embassy was moved to or opened in is the cause
    protested, not the scene of the protest or of the shooting told beside it. "أمام السفارة الأمريكية في
    عمان" (no moving word) is still a scene. Within one clause: punctuation ends the search."""
    if not _embassy_in_field(ctx):
        return False  # most fields: no embassy word at all, so none before any place
    tokens = ctx.doc.tokens
    i = place.first_token
    for _ in range(_EMBASSY_REACH):
        if i <= 0 or not tokens[i].joined:
            return False
        i -= 1
        if tokens[i].text in _EMBASSY_FORMS:  # one look-up, not a walk over its stems per place
            low = max(0, i - _EMBASSY_REACH + 2)
            return any(tokens[j].text in _EMBASSY_MOVES for j in range(low, i))
    return False


def _embassy_in_field(ctx: FieldContext) -> bool:
    """Whether any word of the field is an embassy word (by written form): one set intersection per
    field, kept in its memo, instead of a walk back from every place of every sentence."""
    found = ctx.memo.get(_EMBASSY_IN_FIELD)
    if found is None:
        found = ctx.memo[_EMBASSY_IN_FIELD] = not _EMBASSY_FORMS.isdisjoint(distinct_words(ctx.doc.tokens))
    return found


_EMBASSY_IN_FIELD = "scene_embassy_in_field"  # memo key of ``_embassy_in_field``


def attach_place(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate, state: ArticleState
) -> None:
    places = _same_episode(ctx, sentence, trigger, scene_places(ctx, sentence.index, state.country))
    places = _without_metonyms(places, ctx.places.get(sentence.index, []))
    if places:
        own = _country_said_here(ctx, sentence, trigger)
        if own is not None and all(_speaks_from_abroad(p, trigger, own) for p in places):
            candidate.place = own  # "موسكو تعلق على اعتقال روسية بالولايات المتحدة": Moscow only speaks
            return
        candidate.place = _most_specific(_before_a_response(ctx, sentence, trigger, places), trigger)
        return
    inherited = None
    back = sentence.index - state.last_place_sentence
    if state.last_place is not None and back <= tuning.PLACE_MEMORY_SENTENCES:
        inherited = state.last_place
    elif state.lead_place is not None:
        inherited = state.lead_place
    if inherited is None and state.last_place is None and candidate.event_type in _SECURITY_INCIDENTS:
        inherited = _place_told_next(ctx, sentence, state.country)
    if inherited is not None:
        own = _country_said_here(ctx, sentence, trigger)
        if own is not None and own.country.iso2 != _best_country(inherited):
            candidate.place = own  # "واعتقلت ... الأحد في الولايات المتحدة" after a lead in Helsinki
            return
        home = _home_contradicting(ctx, sentence, inherited, state.country)
        if home is not None:
            lead = state.lead_place
            if lead is not None and _best_country(lead) == home.country.iso2:
                inherited = lead  # the article's first scene, in the actors' own country
            else:
                candidate.place = home
                return
        candidate.place = inherited
        candidate.place_inherited = True
        return
    if state.names_a_place:
        return
    # nothing finer anywhere in the article: code to the country, named or implied by a nationality
    countries = [
        p
        for p in ctx.places.get(sentence.index, [])
        if p.is_country_only
        and not p.is_frame
        and not (candidate.event_type in _SECURITY_INCIDENTS and _subject_of(p, trigger))
    ]
    if countries:
        candidate.place = countries[0]
    else:  # "في المحافظات المصرية"; for violence also "الشرطة الأفغانية": a country's own territory or forces
        local = _LOCAL_AUTHORITIES | _LOCAL_FIGHTERS
        nouns = _TERRITORIES | (local if candidate.event_type in _SECURITY_INCIDENTS else frozenset())
        candidate.place = _nationality_place(ctx, sentence, nouns)
    if candidate.place is None and not state.names_a_country and candidate.event_type in _SECURITY_INCIDENTS:
        candidate.place = _actor_home(ctx, sentence)


def _home_contradicting(
    ctx: FieldContext, sentence: Sentence, inherited: PlaceMention, country: str
) -> PlaceMention | None:
    """``وأشادت أنقرة بجهود الحكومة الأفغانية ... مقتل 20 من طالبان في اشتباكات``: a capital abroad named
    bare (``توقيع بوغوتا``, ``الموالية لأنقرة``) is its government, no scene to borrow, when the event's own
    sentence names only actors that fight at home (the Taliban: Afghanistan) and that home is the
    article's country: the event then takes the article's first scene if it lies there, else that
    country (``_actor_home``). A city abroad named as a scene ("في الرياض": a Houthi missile), forces
    abroad, actors of two countries, or a home other than the article's leave the borrowed place alone
    (measured on three months: wider, the rule moved cross-border strikes home)."""
    if not country or country in _countries_of(inherited) or _best_country(inherited) == country:
        return None
    if not (inherited.bare and inherited.places and all(is_capital(p) for p in inherited.places)):
        return None
    home = _actor_home(ctx, sentence)
    if home is None or home.country is None or home.country.iso2 != country:
        return None
    return home


def _subject_of(place: PlaceMention, trigger: TriggerMention) -> bool:
    """``اغتالت إسرائيل مغنية``: a country named bare right after the verb is its subject (its government
    did it), not where it happened."""
    return place.bare and trigger.spec.verbal and place.first_token == trigger.last_token


def _actor_home(ctx: FieldContext, sentence: Sentence) -> PlaceMention | None:
    """``انفجرت سيارة مفخخة لدى مرور حافلة تقل عناصر من الحرس الثوري``: violence in an article that names no
    place and no country at all, told with a force that fights only at home (one country, not a force abroad),
    is coded to that country, as a nationality on its police would place it. Actors of several countries
    leave it placeless; so does an article that names a country (its own sentences say where)."""
    registry = load_registry()
    homes: dict[str, ActorMention] = {}
    for mention in ctx.actors.get(sentence.index, []):
        country = _home_named_by(registry, mention)
        if country:
            homes.setdefault(country, mention)
    if len(homes) != 1:
        return None
    ((iso2, mention),) = homes.items()
    country = load_gazetteer().country(iso2)
    if country is None:
        return None
    first = ctx.token_at(mention.start)
    last = max(first + 1, ctx.token_at(max(mention.start, mention.end - 1)) + 1)
    name = ctx.doc.norm[mention.start : mention.end]
    return PlaceMention(mention.start, mention.end, first, last, name, (), (), country, "", "", False)


def _country_said_here(ctx: FieldContext, sentence: Sentence, trigger: TriggerMention) -> PlaceMention | None:
    """The country a clause says its event happened in, right after the trigger ("واعتقلت الأحد في
    فرنسا", "مقتل جنديين بمالي"): a place of another country, remembered from an earlier sentence (or
    the lead) or named bare in the sentence as a speaker ("موسكو تعلق على اعتقال روسية بالولايات
    المتحدة"), lies elsewhere, so the country itself is the scene. A country named bare ("شنت إسرائيل
    غارات") is an actor, one after "من"/"إلى" an origin or a destination, one before the trigger or
    right after an actor's name ("قوات التحالف في اليمن") a part of a name."""
    tokens = ctx.doc.tokens
    actor_ends = {m.end for m in ctx.actors.get(sentence.index, [])}
    for place in ctx.places.get(sentence.index, []):
        first = place.first_token
        if not place.is_country_only or place.is_frame:
            continue
        if not trigger.last_token <= first <= trigger.last_token + tuning.OWN_COUNTRY_REACH:
            continue
        proclitic = ctx.doc.norm[tokens[first].start : place.start]
        if any(clitic in proclitic for clitic in _AT_CLITICS):
            before = first - 1
        elif tokens[first].joined and tokens[first - 1].text in _IN_WORDS:
            before = first - 2
        else:
            continue
        if before >= 0 and tokens[before].end in actor_ends:
            continue
        return place
    return None


_IN_WORDS = word_set("seat_preposition")
_AT_CLITICS = clitic_subset("at")


_TOOK_PLACE = word_set("took_place")
_TOOK_PLACE_FORMS = forms_with_stem_in(_TOOK_PLACE)  # written words with one as a stem
_TELLING_REACH = 2  # sentences back to the incident a "ووقع الهجوم في X" sentence places
_TELLING_TOKENS = 8  # tokens after the incident noun within which the place it took place at is named


def place_told_after(ctx: FieldContext, sentence: Sentence, state: ArticleState) -> Candidate | None:
    """``قتل مسلحون 15 شخصا على طريق رئيسي. ووقع الهجوم قرب قضاء أمرلي``: a sentence that opens with
    "took place" and a definite incident noun tells where the incident just told happened. That
    incident, when it had no place of its own (inherited, or only a direction from a city: "جنوب
    كركوك"), takes the sentence's place; returns it (the sentence's own reading of the same noun then
    folds into it rather than standing as another incident)."""
    host = state.last_candidate
    if host is None or host.field != ctx.doc.field or sentence.index - host.sentence.index > _TELLING_REACH:
        return None
    if not _opens_with_a_telling(ctx, sentence):
        return None
    noun = ctx.token_at(sentence.start) + 1
    others = [t.first_token for t in ctx.triggers.get(sentence.index, []) if t.first_token > noun]
    reach = min([noun + _TELLING_TOKENS, *others])  # "ووقع القصف وسط تحذيرات من ضربة كيماوية في دوما"
    places = [p for p in scene_places(ctx, sentence.index, state.country) if p.first_token <= reach]
    if not places:
        return None
    place = max(places, key=specificity)
    old = host.place
    vague = old is None or host.place_inherited or (old.cue == "near" and old.cue_word in _COMPASS_WORDS)
    if not vague and specificity(place) <= specificity(old):
        return None
    host.place, host.place_inherited = place, False
    host.evidence.append(Span(ctx.doc.field, sentence.start, sentence.end))
    if not host.dated:
        _date_from_telling(ctx, sentence, host, state.published)
    return host


def _date_from_telling(
    ctx: FieldContext, sentence: Sentence, host: Candidate, published: dt.date | None
) -> None:
    """``ووقع الهجوم، مساء الأحد، قرب قضاء أمرلي``: the sentence that places an undated incident may
    date it too (its first time word, when it lies inside the coding window)."""
    mentions = [m for m in ctx.times.get(sentence.index, []) if m.kind != "future"]
    if not mentions or is_background(mentions[0], published, WINDOW_DAYS):
        return
    date, precision = resolve(mentions[0], published)
    if date is None or (published is not None and not 0 <= (published - date).days <= WINDOW_DAYS):
        return
    host.date, host.precision, host.dated = date, precision, True


def _opens_with_a_telling(ctx: FieldContext, sentence: Sentence) -> bool:
    """Whether the sentence's first word is a verb of taking place ("ووقع", "وجرى") and its second a
    definite incident trigger ("الهجوم", "الانفجار")."""
    first = ctx.token_at(sentence.start)
    tokens = ctx.doc.tokens
    if first + 1 >= len(tokens) or tokens[first].text not in _TOOK_PLACE_FORMS:
        return False
    noun = tokens[first + 1]
    return noun.text.startswith(DEFINITE) and any(
        t.first_token == first + 1 for t in ctx.triggers.get(sentence.index, [])
    )


def _without_metonyms(places: list[PlaceMention], mentions: list[PlaceMention]) -> list[PlaceMention]:
    """``في أحدث انتهاكات طهران، اعتقلت السلطات علماء في إحدى مدن مقاطعة هرمزغان``: a capital named
    bare (no preposition or cue before it) beside another place of its own country names its
    government, not a scene; alone, or beside places abroad, it may still be one ("قصفت الطائرات دمشق",
    "أمضى ليلته في موسكو وشهدت سماء دمشق انفجارات"). A correspondent's seat ("قصفت المدفعية قرى في
    كردستان العراق، وفق ما أفاد مراسلنا في أربيل") yields to any other place the sentence names, a
    country or a region too (``mentions``: all of the sentence's); alone it may be the scene."""
    seats = [p for p in places if p.cue == "seat" and any(o is not p and not o.is_frame for o in mentions)]
    places = [p for p in places if p not in seats]
    metonyms = [
        p
        for p in places
        if p.bare
        and p.places
        and all(is_capital(q) for q in p.places)
        and any(o is not p and _countries_of(o) & _countries_of(p) for o in places)
    ]
    return [p for p in places if p not in metonyms] or places


def _same_episode(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, places: list[PlaceMention]
) -> list[PlaceMention]:
    """``خطفت الميليشيات مسؤولا في محافظة حجة، في وقت أرسلت القوات تعزيزات إلى الساحل الغربي``: a clause
    opened by فيما / بينما / في حين / في وقت tells another incident; its places are not this trigger's
    (the roles' episode rule, for places), unless the trigger's own clause names none."""
    if not episode_breaks(ctx, sentence):  # the roles' breaks, found once per sentence for both
        return places
    start, end = episode_bounds(ctx, sentence, trigger)
    return [p for p in places if start <= p.start < end] or places


def _place_told_next(ctx: FieldContext, sentence: Sentence, country: str) -> PlaceMention | None:
    """``شن مسلحون هجوما على مركز شرق أفغانستان. واستخدم المسلحون المتفجرات في مدينة جلال أباد``: an
    article's first act of violence, placed only in a country, is placed by the sentence right after it
    when that sentence names a place of the same country (a protest wave "in Iraq" is not one scene)."""
    if sentence.index != ctx.doc.sentences[0].index:
        return None
    opening = ctx.places.get(sentence.index, [])
    named = {p.country.iso2 for p in opening if p.is_country_only and not p.is_frame}
    if not named:
        return None
    last = min(sentence.index + tuning.PLACE_LOOKAHEAD_SENTENCES, len(ctx.doc.sentences) - 1)
    for index in range(sentence.index + 1, last + 1):
        places = [p for p in scene_places(ctx, index, country) if _countries_of(p) & named]
        if places:
            return max(places, key=specificity)
    return None


def _speaks_from_abroad(place: PlaceMention, trigger: TriggerMention, own: PlaceMention) -> bool:
    """A place of another country than the clause's own, named bare before the trigger ("موسكو تعلق على
    اعتقال ... بالولايات المتحدة"): a government that speaks of the event, not where it happened."""
    return place.bare and place.start < trigger.start and _best_country(place) != _best_country(own)


def _best_country(place: PlaceMention) -> str:
    """The country of a place name's best reading (Moscow, not Moscow in Idaho)."""
    if place.country is not None:
        return place.country.iso2
    return place.places[0].country if place.places else place.provinces[0].country


def _countries_of(place: PlaceMention) -> set[str]:
    """Countries a place name may lie in (its settlements' and provinces')."""
    return {p.country for p in place.places} | {p.country for p in place.provinces}


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


_TERRITORIES = word_set("territories")
# gunmen, militants or civilians of a nationality ("المسلحين الفلسطينيين"): people who fight or fall at home,
# unlike soldiers, who serve abroad as often
_LOCAL_FIGHTERS = word_set("local_fighters")


_SECURITY_INCIDENTS = VIOLENT_TYPES


# the one-word vague actors of cues.toml ("الشرطة", "الجيش") and the local authorities of rule_words.toml
_LOCAL_AUTHORITIES = cue_forms("vague_actor") | word_set("local_authorities")


def _before_a_response(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, places: list[PlaceMention]
) -> list[PlaceMention]:
    """``شن غارة على قطاع غزة ردا على إطلاق نار ... في مدينة سديروت``: what follows "ردا على" after the
    trigger is the incident answered, elsewhere; its places are not this trigger's scene. So is what
    follows "بالتزامن مع" ("مقتل 60 فلسطينيا على حدود غزة بالتزامن مع افتتاح السفارة في القدس"): the
    event the incident coincided with, told with its own place."""
    cut = min(
        (
            *(
                cue.start
                for cue in ctx.cues.get(sentence.index, [])
                if "response" in cue.value and cue.start >= trigger.end
            ),
            *(m.start() for m in _CONCURRENT.finditer(ctx.doc.norm, trigger.end, sentence.end)),
        ),
        default=None,
    )
    start, end = episode_bounds(ctx, sentence, trigger)  # "خطفوا مسؤولا في حجة، في وقت أرسلت ... إلى الساحل"
    places = [p for p in places if start <= p.start < end] or places
    if cut is None:
        return places
    return [p for p in places if p.start < cut] or places


_CONCURRENT = re.compile(
    rf"(?<!\S){re.escape(clitics().coordinator)}?(?:{alternation('concurrent_events')})(?!\S)"
)


def specificity(place: PlaceMention) -> int:
    """Higher is more specific: a settlement or site beats a province; a framed province is lowest."""
    if place.explicit_province or (place.provinces and not place.places):
        return 0
    if place.cue == "countryside" and place.provinces:
        return 0
    if place.places:
        return 2
    return 1


def _most_specific(places: list[PlaceMention], trigger: TriggerMention) -> PlaceMention:
    best = max(specificity(p) for p in places)
    top = [p for p in places if specificity(p) == best]
    after = [p for p in top if p.start >= trigger.start]
    return after[0] if after else top[0]
