"""Issue 12: the rules ``_build`` applies before it looks for a place are judged before places are read.

An article whose every trigger surely gives no candidate (a battle nobody is said to fight, a noun
nothing anchors, a date out of the window) stops before its places; one whose candidate a place could
still save (a country named next to the verb is the doer) does not. The verdicts kept for assembly
give the records a run that judges every trigger afresh gives (``rasd explain``'s recording run).

All texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

import rasd
from rasd.assemble import trace
from rasd.assemble.candidates import candidates_for_field, reported_sentences
from rasd.assemble.context import FieldContext
from rasd.assemble.model import ArticleState
from rasd.explanation import explain
from rasd.geo.countries import country_table
from rasd.recognize.actors import load_registry
from rasd.text.document import Document
from rasd.text.normalize import normalize_term

D = "2018-05-02"
DAY = dt.date(2018, 5, 2)
# a battle word with a place but no fighter: dropped by battle_without_fighter whatever the place
UNFOUGHT = "وتواصلت المعارك العنيفة اليوم في ريف حماة."
# the same kind of trigger, whose doer is the country named right after the verb: a place reading
FOUGHT_BY_A_COUNTRY = "هاجمت تركيا بلدة جنديرس في ريف عفرين يوم الثلاثاء."
# an air strike told of a past year: out of the window, whatever its place
LONG_AGO = "وكانت طائرات حربية قد قصفت بلدة خان شيخون في ريف إدلب في شهر أبريل من عام 2017."


@pytest.fixture
def places_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fields whose places are read, counted by wrapping the real ``read_places``."""
    calls: list[str] = []
    original = FieldContext.read_places

    def counted(self: FieldContext) -> None:
        calls.append(self.doc.field)
        original(self)

    monkeypatch.setattr(FieldContext, "read_places", counted)
    return calls


def _dropped_by(text: str) -> set[str]:
    """The rules that drop the article's candidates in the full analysis ``rasd explain`` makes."""
    return {c["reason"] for c in explain(text, published=D)["candidates"] if c["decision"] == "dropped"}


def test_a_battle_nobody_fights_stops_before_its_places(places_read: list[str]) -> None:
    assert rasd.extract(UNFOUGHT, published=D) == []
    assert places_read == []
    assert _dropped_by(UNFOUGHT) == {"battle_without_fighter"}  # the rule the shortcut anticipated


def test_a_country_next_to_the_verb_may_be_the_doer_so_places_are_read(places_read: list[str]) -> None:
    events = rasd.extract(FOUGHT_BY_A_COUNTRY, published=D)
    assert places_read == ["text"]
    assert [(e.event_type, e.actor1) for e in events] == [("Battles", "Military Forces of Turkey (2016-)")]


def test_an_incident_of_a_past_year_stops_before_its_places(places_read: list[str]) -> None:
    assert rasd.extract(LONG_AGO, published=D) == []
    assert places_read == []
    assert _dropped_by(LONG_AGO) & {"background", "out_of_window", "undated_pluperfect", "past_year"}


def _summary(candidates: list) -> list[tuple]:
    return [
        (c.event_type, c.perpetrator, c.trigger.start, c.place.start if c.place else None) for c in candidates
    ]


def test_kept_verdicts_give_the_records_a_fresh_judgement_gives() -> None:
    text = f"{UNFOUGHT} {FOUGHT_BY_A_COUNTRY} {LONG_AGO}"
    ctx = FieldContext.around_triggers(Document(text, "text"))
    assert reported_sentences(ctx, DAY) == [1]
    assert ctx.memo[("doomed", 0)] == {0} and ctx.memo[("doomed", 2)] == {0}
    ctx.read_places()
    ctx.countries = frozenset({"TR", "SY"})
    kept = candidates_for_field(ctx, ArticleState(DAY, "SY"))
    fresh = FieldContext.build(Document(text, "text"))
    fresh.countries = ctx.countries
    with trace.recording():  # every trigger selected, filtered and built afresh
        judged = candidates_for_field(fresh, ArticleState(DAY, "SY"))
    assert len(kept) == 1 and _summary(kept) == _summary(judged)
    plain = [e.to_dict() for e in rasd.extract(text, published=D)]
    with trace.recording():
        recorded = [e.to_dict() for e in rasd.extract(text, published=D)]
    assert len(plain) == 1 and plain == recorded


def test_a_key_the_same_in_every_country_is_what_every_country_resolves() -> None:
    """``same_in_every_country`` lets assembly read an actor's roles before the article's country is
    known: for every alias of the registry it says so only when every country (and none) resolves the
    mention to its own key; the coalition, which is another force in Yemen than in Syria, is not."""
    registry = load_registry()
    countries = [None, *(c.iso2 for c in country_table())]
    aliases = {a for key in [*registry.actors, *registry.generic_keys] for a in registry.aliases_of(key)}
    same = scoped = 0
    for alias in sorted(aliases):
        for mention in registry.find(alias):
            if registry.same_in_every_country(mention):
                same += 1
                assert {registry.resolve_context(mention, c) for c in countries} == {mention.key}, alias
            else:
                scoped += 1
    assert same > 100 and scoped > 10
    (coalition,) = registry.find(normalize_term("التحالف"))
    assert not registry.same_in_every_country(coalition)


SENTENCES = [
    UNFOUGHT,
    FOUGHT_BY_A_COUNTRY,
    LONG_AGO,
    "واحتجت وزارة الخارجية المصرية لدى السفير الإثيوبي على التصريحات.",
    "احتجت مصر رسميا على بناء السد.",
    "وتجمع آلاف المشجعين في الملعب لمتابعة المباراة النهائية.",
    "وأعدم تنظيم الدولة خمسة أشخاص في مدينة الرقة أمس.",
    "وشن الرئيس هجوما حادا على المعارضة وانتقد خطابها في البرلمان.",
    "وقتل ثلاثة جنود في هجوم شنه مسلحون على حاجز للجيش قرب العريش يوم الاثنين.",
    "وأدت الحرب في البلاد إلى مقتل أكثر من 350 ألف شخص منذ عام 2011.",
    "وقصفت الطائرات الإسرائيلية مواقع في قطاع غزة فجر اليوم.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_a_trigger_judged_before_places_is_one_the_full_analysis_drops(text: str) -> None:
    """Every trigger ``reported_sentences`` judges to give no candidate gives none when every rule is
    asked with the places read (``rasd explain``'s analysis); the records are those of that analysis."""
    ctx = FieldContext.around_triggers(Document(text, "text"))
    reported_sentences(ctx, DAY)
    doomed = [
        ctx.memo[("selected", index)][k].start for index in ctx.triggers for k in ctx.memo[("doomed", index)]
    ]
    kept = {
        c["trigger"]["start"] for c in explain(text, published=D)["candidates"] if c["decision"] != "dropped"
    }
    assert not set(doomed) & kept
    plain = [e.to_dict() for e in rasd.extract(text, published=D)]
    with trace.recording():
        assert plain == [e.to_dict() for e in rasd.extract(text, published=D)]


# countries before, after and one word away from the trigger, a country inside a name, a country-like
# adjective, a city (no country), and none: the doers found after places against the test before them
COUNTRY_PLACES = [
    FOUGHT_BY_A_COUNTRY,
    "قصفت روسيا مواقع المعارضة في ريف إدلب.",
    "إيران تقصف مواقع كردية قرب الحدود.",
    "وقالت تركيا إنها قصفت مواقع للمسلحين شمال العراق.",
    "واعترضت السعودية صاروخا أطلق من اليمن باتجاه جازان.",
    "وشنت الولايات المتحدة غارة على مواقع للتنظيم في سوريا.",
    "وهاجمت قوات سوريا الديمقراطية بلدة هجين.",
    "وقصفت الطائرات الروسية بلدة كفرنبل في ريف إدلب.",
    "وهاجم مسلحون حاجزا في مدينة العريش.",
    UNFOUGHT,
]


@pytest.mark.parametrize("text", COUNTRY_PLACES)
def test_a_country_doer_found_after_places_is_one_the_test_before_them_foresaw(text: str) -> None:
    """``_country_may_adjoin`` (before places) must say yes wherever ``_countries_as_doers`` (after them)
    makes a doer of a country place next to a trigger: a no there would let an article stop before the
    places that would have given its record a doer."""
    from rasd.assemble.roles import _countries_as_doers, _country_may_adjoin

    ctx = FieldContext.around_triggers(Document(text, "text"))
    foreseen = {
        (index, t.start): _country_may_adjoin(ctx.doc.tokens, t)
        for index, triggers in ctx.triggers.items()
        for t in triggers
    }
    ctx.read_places()
    from_places = set()
    for index, triggers in ctx.triggers.items():
        country_spans = {(p.start, p.end) for p in ctx.places.get(index, []) if p.is_country_only}
        sentence = ctx.doc.sentences[index]
        for trigger in triggers:
            doers = _countries_as_doers(ctx, sentence, trigger)
            if any((m.start, m.end) in country_spans for m in doers):
                from_places.add((index, trigger.start))
    assert all(foreseen[key] for key in from_places), text
    if text in (FOUGHT_BY_A_COUNTRY, COUNTRY_PLACES[1], COUNTRY_PLACES[2]):
        assert from_places  # the property is tested where a country doer is there to find


def test_aircraft_owned_by_a_country_asked_before_places_is_asked_again_after_them() -> None:
    """``_national_aircraft`` reads an owner word's country from the places: an answer given before
    places (none) is kept apart from the one after them, so a judgement before places cannot leave a
    stale answer in the memo for assembly."""
    from rasd.assemble.roles import _national_aircraft

    text = "وقصفت طائرة بلا طيار تابعة للولايات المتحدة سيارة قرب مدينة البيضاء."
    ctx = FieldContext.around_triggers(Document(text, "text"))
    sentence = ctx.doc.sentences[0]
    assert _national_aircraft(ctx, sentence) == []  # before places, no country is known
    ctx.read_places()
    after = _national_aircraft(ctx, sentence)
    assert after and after[0].key == load_registry().state_forces("US")
