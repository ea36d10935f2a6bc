"""One incident, one toll: the article-level settling of fatalities after merging (CODEBOOK §7, §12).

A sentence reads its own toll (``candidates._attach_casualties``). Three things only the article as a
whole can settle:

- **a toll told nearby**: news often gives the toll in a sentence of its own, before or after the one
  that makes the record ("وقتل 54 شخصا جراء غارة جوية" then "واستهدفت الضربة قرية السوسة"; "ارتفعت
  حصيلة القتلى إلى 25"). A killed figure in a sentence that gave no record, within a couple of
  sentences of exactly one lethal record, with nothing in its clause that makes it background, another
  day or another place, is that record's toll: it fills a record with none or only a vague one
  ("عشرات", "قتلى" → 3); conflicting exact figures give the lowest, a rising total the latest;
- **no deaths in a non-lethal event**: arrests, abductions, agreements, seizures and other strategic
  developments are coded with 0 (ACLED counts deaths only in violent events), as are peaceful protests;
- **a protest where people were killed** is excessive force (or a riot), never a peaceful protest.

Every change is named by its rule (``Candidate.toll_rule``) so ``rasd explain`` shows where a toll came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rasd import tuning
from rasd.assemble.context import FieldContext, read_ahead
from rasd.assemble.filters import background_toll, running_total
from rasd.assemble.model import Candidate, Span, sentence_has
from rasd.assemble.scene import scene_places
from rasd.recognize.actors import load_registry
from rasd.recognize.places import PlaceMention
from rasd.recognize.quantities import Casualty, deaths
from rasd.recognize.times import TimeMention, resolve
from rasd.resolve.locations import Location, resolve_location
from rasd.taxonomy import (
    ABDUCTION,
    EXCESSIVE_FORCE,
    PEACEFUL_PROTEST,
    PROTEST_WITH_INTERVENTION,
    PROTESTS,
    STRATEGIC_DEVELOPMENTS,
    SUICIDE_BOMB,
    VIOLENT_DEMONSTRATION_SUBS,
    VIOLENT_TYPES,
)
from rasd.text.clitics import clitics
from rasd.text.rule_words import word_set
from rasd.text.segment import Sentence

_SINCE_WORDS = word_set("since_words")
_TWO_BOMBERS = word_set("two_bombers")
_AND = clitics().coordinator  # the conjunction a word may carry
_REACH = tuning.TOLL_NEARBY_SENTENCES
_HARD_CUES = frozenset({"negation", "modality", "denial", "attempt"})
_CLAUSE_MARKS = ("،", ",", "؛", ";")
_RISING = frozenset({"rising_toll"})
_DAY_KINDS = frozenset({"absolute", "since", "weekday", "yesterday", "day_before_yesterday", "last_night"})
_PLACE_AFTER_TOKENS = 3  # "مقتل متظاهر (واحد) في الديوانية": a preposition and a word or two before the place
_PLANNED_GAP = 2  # "المقررة في 20 تشرين الأول": words between a modality word and the date it plans
_MONTH_KINDS = frozenset({"month", "year"})  # a month or year named: compared by month, not by day
_OPENING_TOKENS = 2  # a time word this close to a sentence's start ("وفي ديسمبر،") dates the whole sentence


def lethal(event_type: str, sub_event_type: str) -> bool:
    """Whether an event of this type may carry deaths (ACLED: not strategic developments, abductions)."""
    return event_type != STRATEGIC_DEVELOPMENTS and sub_event_type != ABDUCTION


def settle_tolls(
    events: list[Candidate], contexts: Mapping[str, FieldContext], hint: str, published: dt.date | None
) -> None:
    """Give each merged event the toll the article as a whole supports (see the module's docstring)."""
    for event in events:
        _drop_toll_placed_elsewhere(event, contexts, hint)
    text = contexts.get("text")
    if text is not None:
        _tolls_told_nearby(events, contexts, Scene(text, hint, published))
    for event in events:
        if not event.fatalities:
            continue
        if not lethal(event.event_type, event.sub_event_type):
            event.fatalities, event.toll_rule = 0, "no_deaths_in_kind"
        elif event.event_type == PROTESTS and event.sub_event_type not in VIOLENT_DEMONSTRATION_SUBS:
            event.sub_event_type, event.toll_rule = EXCESSIVE_FORCE, event.toll_rule or "killed_at_protest"
        elif event.sub_event_type == SUICIDE_BOMB and (
            _only_vague(event, contexts) or _only_victims(event, contexts)
        ):
            event.fatalities += _bombers(event, contexts)
            event.toll_rule = "bombers_counted"


def _only_vague(event: Candidate, contexts: Mapping[str, FieldContext]) -> bool:
    """Whether every figure the record's toll was read from is vague ("قتلى", "مقتل وإصابة"): no toll is
    stated, so none can already count the bomber."""
    return _every_toll_figure(event, contexts, lambda casualty: not deaths(casualty)[1])


# who a toll counts when it cannot count the bomber: civilians, journalists, children, women, soldiers,
# police, protesters ("مقتل ثمانية صحفيين في تفجير انتحاري"); "persons" or fighters may include him
_VICTIM_ONLY = frozenset({"civilian", "child", "woman", "soldier", "police", "protester"})


def _only_victims(event: Candidate, contexts: Mapping[str, FieldContext]) -> bool:
    """Whether every figure the record's toll was read from counts a kind of victim the bomber is not
    ("لقي ثمانية صحفيين حتفهم إثر تفجير انتحاري مزدوج"): the stated toll plainly leaves him out, so his
    death is added (CODEBOOK §7); a toll of "persons" may include him and is used as it is (§12)."""
    return _every_toll_figure(
        event, contexts, lambda casualty: casualty.victims in _VICTIM_ONLY and bool(deaths(casualty)[0])
    )


def _every_toll_figure(
    event: Candidate, contexts: Mapping[str, FieldContext], test: Callable[[Casualty], bool]
) -> bool:
    """Whether the record's toll was read from some casualty figure and every one passes ``test`` (a
    span whose sentence is not found answers False: nothing is known of it)."""
    found = False
    for field, start, end in event.casualty_spans:
        ctx = contexts.get(field)
        sentence = ctx.doc.sentence_of(start) if ctx is not None else None
        if sentence is None:
            return False
        for casualty in ctx.casualties.get(sentence.index, []):
            if casualty.start == start and casualty.end == end:
                if not test(casualty):
                    return False
                found = True
    return found


def _bombers(event: Candidate, contexts: Mapping[str, FieldContext]) -> int:
    """How many suicide bombers a bombing adds to its toll when no stated figure can already count them
    (no toll stated, "سقوط قتلى" counted 3 by convention, or a toll of victims only: CODEBOOK §7, the
    bomber's death counts; a stated toll of persons is used as it is, §12): two when its sentences say so
    ("تفجير انتحاري مزدوج", "انتحاريان"), else one."""
    for span in event.evidence:
        ctx = contexts.get(span.field)
        if ctx is None:
            continue
        first, last = ctx.token_at(span.start), ctx.token_at(max(span.start, span.end - 1))
        if any(token.text.removeprefix(_AND) in _TWO_BOMBERS for token in ctx.doc.tokens[first : last + 1]):
            return 2
    return 1


# ------------------------------------------------------------------------- a toll placed elsewhere


def _drop_toll_placed_elsewhere(event: Candidate, contexts: Mapping[str, FieldContext], hint: str) -> None:
    """``مظاهرات في بغداد ... ومقتل متظاهر في الديوانية``: a toll whose phrase is followed at once by its
    own place (``في``/``ب`` + a place) is that place's; a record elsewhere does not take it."""
    if not event.fatalities or event.location is None:
        return
    for field, _start, end in event.casualty_spans:
        ctx = contexts.get(field)
        if ctx is None:
            continue
        place = _place_right_after(ctx, end)
        if place is not None and not _same_location(resolve_location(place, hint), event.location):
            event.fatalities, event.toll_rule = 0, "toll_placed_elsewhere"
            event.casualty_spans = set()
            _unless_killed(event, contexts)
            return


def _unless_killed(event: Candidate, contexts: Mapping[str, FieldContext]) -> None:
    """A protest made excessive force by a toll it lost is what its own words make it (as ``refine``
    reads them): an intervention when police dispersed it, else peaceful."""
    if event.event_type != PROTESTS or event.sub_event_type != EXCESSIVE_FORCE:
        return
    intervention = any(  # any passage of the event: the dispersal may be told after its headline
        (ctx := contexts.get(span.field)) is not None
        and (sentence := ctx.doc.sentence_of(span.start)) is not None
        and sentence_has(ctx, sentence, "intervention")
        for span in [*event.evidence, Span(event.field, event.sentence.start, event.sentence.end)]
    )
    event.sub_event_type = PROTEST_WITH_INTERVENTION if intervention else PEACEFUL_PROTEST
    if not intervention:
        event.perpetrator = ""  # a peaceful protest has no second actor


def _place_right_after(ctx: FieldContext, end: int) -> PlaceMention | None:
    """The scene place that follows a phrase at once, with at most a preposition between."""
    sentence = ctx.doc.sentence_of(end - 1)
    if sentence is None:
        return None
    first = ctx.token_at(end)
    for place in ctx.places.get(sentence.index, []):
        if place.is_frame or place.is_country_only or place.start < end:
            continue
        if place.first_token - first <= _PLACE_AFTER_TOKENS and not any(
            mark in ctx.doc.norm[end : place.start] for mark in (*_CLAUSE_MARKS, ".")
        ):
            return place
    return None


# ------------------------------------------------------------------------------- a toll told nearby


@dataclass(frozen=True)
class Scene:
    """The body text, the article's country and its publication day: what a loose figure is read in."""

    ctx: FieldContext
    hint: str
    published: dt.date | None


def _tolls_told_nearby(events: list[Candidate], contexts: Mapping[str, FieldContext], scene: Scene) -> None:
    """Attach the loose killed figures of the body text to the one lethal record told next to them."""
    ctx = scene.ctx
    record_sentences = _record_sentences(events, ctx)
    used = {(start, end) for event in events for field, start, end in event.casualty_spans if field == "text"}
    offers: dict[int, list[tuple[Sentence, Casualty]]] = {}
    read = set().union(*record_sentences.values())  # one look-up per sentence, not one per record
    # a sentence with no lethal record within reach offers its figures to none (``_host``): only the
    # others are read
    near = _within_reach(events, record_sentences) - read
    _read_ahead(ctx, near)
    for sentence in ctx.doc.sentences:
        if sentence.index not in near:
            continue
        for casualty in ctx.casualties.get(sentence.index, []):
            if (casualty.start, casualty.end) in used or not _loose(ctx, sentence, casualty):
                continue
            host = _host(events, record_sentences, sentence.index)
            if host is None or not _same_scene(scene, sentence, casualty, events[host]):
                continue
            offers.setdefault(host, []).append((sentence, casualty))
    for index, offered in offers.items():
        _take(events[index], contexts, offered)


def _within_reach(events: list[Candidate], record_sentences: dict[int, set[int]]) -> set[int]:
    """Indices of the sentences within ``_REACH`` of a lethal record's: the only ones ``_host`` may find
    a record for."""
    near: set[int] = set()
    for n, event in enumerate(events):
        if lethal(event.event_type, event.sub_event_type):
            for index in record_sentences.get(n, ()):
                near.update(range(index - _REACH, index + _REACH + 1))
    return near


def _read_ahead(ctx: FieldContext, indices: Iterable[int]) -> None:
    """Read the figures of the sentences the rule asks about, then the times and cues of those that
    give an exact toll of dead (``_loose`` asks for no others): a long text's other sentences are
    never read, where a first question about one sentence read them all."""
    indices = list(indices)
    read_ahead(ctx.casualties, indices)
    killed = [
        index
        for index in indices
        if any(c.outcome == "killed" and c.count > 0 and c.exact for c in ctx.casualties.get(index, []))
    ]
    read_ahead(ctx.times, killed)
    read_ahead(ctx.cues, killed)


def _record_sentences(events: list[Candidate], ctx: FieldContext) -> dict[int, set[int]]:
    """Body sentences each lethal record was read from (its evidence)."""
    out: dict[int, set[int]] = {}
    for n, event in enumerate(events):
        indices = set()
        for span in event.evidence:
            if span.field != "text":
                continue
            sentence = ctx.doc.sentence_of(span.start)
            if sentence is not None:
                indices.add(sentence.index)
        out[n] = indices
    return out


def _loose(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """An exact killed figure that may be one incident's: not a war or period total, not negated,
    threatened or denied (a cue before it in the sentence). A vague one ("عدد كبير من الشهداء", "قتلى" on
    a leaflet) names no incident's toll."""
    if casualty.outcome != "killed" or casualty.count <= 0 or not casualty.exact:
        return False
    if background_toll(ctx, sentence, casualty) or running_total(ctx, sentence, casualty):
        return False
    if _period_after(ctx, sentence, casualty):
        return False
    first = ctx.token_at(casualty.start)  # a cue's last_token is one past its last word
    return not any(
        cue.value & _HARD_CUES and 0 <= first - cue.last_token <= tuning.FILTER_WINDOW
        for cue in ctx.cues.get(sentence.index, [])
    )


def _period_after(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """``مقتل 100 شخص خلال أقل من أسبوع``: a period word right after a toll makes it a period's toll; so
    does a habit or "since" cue (``قتل أكثر من 130 فلسطينيا بنيران إسرائيلية منذ بدء الاحتجاجات``: a
    cumulative toll, CODEBOOK §12, never one incident's)."""
    if any(
        m.kind in ("recent_days", "past_period", "since", "last_week", "last_month")
        and 0 <= m.start - casualty.end < tuning.TOLL_PERIOD_CHARS
        for m in ctx.times.get(sentence.index, [])
    ):
        return True
    return any(
        "habitual" in cue.value
        and cue.phrase.split()[0] in _SINCE_WORDS
        and 0 <= cue.start - casualty.end < tuning.TOLL_PERIOD_CHARS
        for cue in ctx.cues.get(sentence.index, [])
    )


def _host(events: list[Candidate], record_sentences: dict[int, set[int]], index: int) -> int | None:
    """The one lethal record told closest to a sentence, within reach; None when none or a tie."""
    distances = []
    for n, event in enumerate(events):
        if not lethal(event.event_type, event.sub_event_type) or not record_sentences.get(n):
            continue
        distance = min(abs(index - i) for i in record_sentences[n])
        if distance <= _REACH:
            # as close: the record that already counts dead of its own (the figure refines it), then
            # political violence before a protest or riot (the dead are the violence's)
            distances.append((distance, not event.fatalities, event.event_type not in VIOLENT_TYPES, n))
    if not distances:
        return None
    distances.sort()
    if len(distances) > 1 and distances[1][:3] == distances[0][:3]:
        return None  # two records as close: whose toll it is cannot be told
    return distances[0][3]


def _same_scene(scene: Scene, sentence: Sentence, casualty: Casualty, host: Candidate) -> bool:
    """The figure's clause names no other day and its sentence no other place than the record's."""
    if not _same_day(scene, sentence, casualty, host):
        return False
    if host.location is None:
        return True
    ctx = scene.ctx
    countries = {
        p.country.iso2 for p in ctx.places.get(sentence.index, []) if p.is_country_only and not p.is_frame
    }
    countries -= _sides_home(host) - {host.location.country}  # "بطائرة تابعة للولايات المتحدة": whose drone
    if countries and host.location.country not in countries:
        return False  # "قتل فيه عشرة صحافيين في أفغانستان" is not a toll of the Philippines
    places = scene_places(ctx, sentence.index, scene.hint)
    if not places:
        return True
    before = [p for p in places if p.start < casualty.start]
    nearest = before[-1] if before else places[0]  # the scene the figure is told in
    return _same_location(resolve_location(nearest, scene.hint), host.location)


def _sides_home(host: Candidate) -> set[str]:
    """The countries of the record's own sides (``us_military`` → US): a figure's sentence that names
    one names who struck or was struck, which says nothing of another scene."""
    registry = load_registry()
    return {home for key in (host.perpetrator, host.target) if key and (home := registry.country_of(key))}


def _same_day(scene: Scene, sentence: Sentence, casualty: Casualty, host: Candidate) -> bool:
    """No time word dates the figure more than a day from the record: one in its clause, one that opens
    its sentence ("وفي ديسمبر، ... وقتل تسعة"), or a day named anywhere before it ("أطلقوا في 30 مارس
    احتجاجات ... وقتلت فيها 44"); a future date, or a month named in another clause, dates no toll."""
    ctx = scene.ctx
    opening = ctx.token_at(sentence.start) + _OPENING_TOKENS
    for mention in ctx.times.get(sentence.index, []):
        if mention.kind == "future":
            continue
        some_days_ago = mention.kind == "recent_days" and mention.offset_days is None
        if some_days_ago and host.dated and not _clause_between(ctx, mention.start, mention.end, casualty):
            return False  # "قتل جنديا ... قبل أيام": some days ago, not the record's named day
        fronted = ctx.token_at(mention.start) <= opening
        far = mention.start >= casualty.end or mention.kind not in _DAY_KINDS
        date, _ = resolve(mention, scene.published)
        if date is None or host.date is None or (scene.published is not None and date > scene.published):
            continue
        if _planned(ctx, sentence, mention):
            continue  # "الانتخابات المقررة في 20 تشرين الأول": a date of what is planned dates no toll
        if mention.kind in _MONTH_KINDS and (date.year, date.month) != (host.date.year, host.date.month):
            return False  # "خلال شهر يناير الماضي", anywhere in the sentence: another month's toll
        if far and not fronted and _clause_between(ctx, mention.start, mention.end, casualty):
            continue
        if abs((date - host.date).days) > (1 if host.dated else 0):
            return False  # a record dated only by publication is that day's: a toll named for another is not
    return True


def _planned(ctx: FieldContext, sentence: Sentence, mention: TimeMention) -> bool:
    """Whether a modality word ("المقررة", "المقبل") stands right before a time word."""
    first = ctx.token_at(mention.start)
    cues = ctx.cues.get(sentence.index, [])
    return any("modality" in cue.value and 0 <= first - cue.last_token <= _PLANNED_GAP for cue in cues)


def _clause_between(ctx: FieldContext, start: int, end: int, casualty: Casualty) -> bool:
    """Whether a clause mark separates a mention from the casualty phrase."""
    low, high = (end, casualty.start) if end <= casualty.start else (casualty.end, start)
    return any(mark in ctx.doc.norm[low:high] for mark in _CLAUSE_MARKS)


def _same_location(location: Location | None, host: Location) -> bool:
    """Same place name, or the same province when either is a province-level place."""
    if location is None:
        return True
    if location.name == host.name and location.country == host.country:
        return True
    coarse = location.precision == 3 or host.precision == 3
    return coarse and location.admin1 == host.admin1 and location.country == host.country


def _take(
    event: Candidate, contexts: Mapping[str, FieldContext], offered: list[tuple[Sentence, Casualty]]
) -> None:
    """Settle the record's toll from its own figure and the ones told nearby (CODEBOOK §7): a rising
    total gives the latest figure; an exact figure of its own stands; else the lowest exact figure told
    nearby, or with none, the lowest vague one for a record with no toll at all."""
    text = contexts["text"]
    rising = [c for s, c in offered if c.exact and c.count >= event.fatalities and _rising(text, s, c)]
    exact = [c for _, c in offered if c.exact]
    if rising:
        best = max(rising, key=lambda c: c.start)
    elif event.fatalities and _own_exact(event, contexts):
        return
    elif exact:
        best = min(exact, key=lambda c: c.count)
    elif not event.fatalities:
        best = min((c for _, c in offered), key=lambda c: c.count)
    else:
        return
    event.fatalities = best.count
    event.casualty_spans.add(("text", best.start, best.end))
    event.toll_rule = "toll_told_nearby"


def _own_exact(event: Candidate, contexts: Mapping[str, FieldContext]) -> bool:
    """Whether the record's toll was read from an exact figure ("12 مسلحا", not "عشرات" or "قتلى")."""
    for field, start, end in event.casualty_spans:
        ctx = contexts.get(field)
        if ctx is None:
            continue
        sentence = ctx.doc.sentence_of(start)
        found = ctx.casualties.get(sentence.index, []) if sentence is not None else []
        if any(c.start == start and c.end == end and c.exact and c.count == event.fatalities for c in found):
            return True
    return False


def _rising(ctx: FieldContext, sentence: Sentence, casualty: Casualty) -> bool:
    """``ارتفعت حصيلة القتلى الإجمالية إلى 25``: a rising-toll word before the figure, in its clause."""
    norm = ctx.doc.norm
    return any(
        cue.value & _RISING
        and cue.end <= casualty.start
        and not any(mark in norm[cue.end : casualty.start] for mark in (*_CLAUSE_MARKS, "."))
        for cue in ctx.cues.get(sentence.index, [])
    )
