"""Shortcuts of the record path (issue 12: roles, scene, confidence), each checked against the plain
test it stands for.

- the agent markers and the attribution words before an actor are looked up as one or two words, not
  by joining the words before it and comparing the end with every marker;
- a field with no air noun has no aircraft of a nation in any sentence (one set intersection per field);
- an embassy word is a written form looked up, not a walk over a word's stems;
- a record's confidence reads its sentence's cues from the field's context, which read them already.

All texts are written for these tests.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

import rasd
from rasd.assemble import confidence, scene, trace
from rasd.assemble.context import FieldContext, cues_of, recognizer_work
from rasd.assemble.model import Candidate
from rasd.assemble.roles import (
    _EPISODE_BREAK,
    _air_in_field,
    _clause_markers,
    _denial_in_field,
    _denial_words,
    _ends_with,
    _find_national_aircraft,
    _marked_role,
    _national_aircraft,
    _reporting_words,
    attach_actors,
)
from rasd.assemble.scene import _EMBASSY, _EMBASSY_FORMS
from rasd.recognize.actors import load_registry
from rasd.text.document import Document
from rasd.text.tokens import Token, forms_with_stem_in

D = "2018-05-02"
MARKED = (
    "قتل ثلاثة مدنيين على يد مسلحين مجهولين في مدينة درعا، وأصيب آخرون بنيران قوات النظام. "
    "وبحسب الجيش، فإن مسلحين من قبل تنظيم الدولة هاجموا حاجزا تابعا للشرطة. "
    "وقال مسؤول في الشرطة إن القتلى سقطوا برصاص قناصة. "
    "ووفقا لمصادر في قوات المعارضة، قصفت الطائرات الحربية الإسرائيلية مواقع لحزب الله. "
    "وقال مصدر في صفوف الجيش، نقلا عن الشرطة، إن الهجوم فشل."
)
AIR = "وقصفت طائرات حربية إسرائيلية أمس مواقع في ريف دمشق. وقال الجيش إن الهجوم استهدف مستودعا."
GROUND = "واندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في مدينة درعا. وقتل ثلاثة مسلحين في الاشتباكات."
EMBASSY = (
    "وتظاهر آلاف الفلسطينيين على حدود غزة احتجاجا على نقل السفارة الأمريكية إلى القدس. "
    "وفي الوقت نفسه افتتحت الولايات المتحدة سفارتها في القدس، "
    "فيما تجمع محتجون أمام سفارة واشنطن في عمان وسفاراتها."
)
CUED = (
    "ونفى الجيش أنه قصف قرية الهبيط أمس. "
    "وقصفت طائرات حربية بلدة خان شيخون صباح اليوم، ومن المقرر أن تستمر الغارات، وقتل 5 مدنيين. "
    "وتظاهر مئات الطلاب أمام مبنى الجامعة في مدينة الخليل احتجاجا على اعتقال زملائهم."
)


def _joined_marked(tokens: list[Token], first: int) -> bool:
    """The agent-marker test as it was: the one or two words before, joined, end with a marker."""
    markers = _clause_markers()[0]
    before = " ".join(t.text for t in tokens[max(0, first - 2) : first])
    return any(before == m or before.endswith(" " + m) for m in markers)


def _joined_ends_with(tokens: list[Token], first: int, phrases: frozenset[str]) -> int:
    """``_ends_with`` as it was: the last one, then two, words before joined and looked up."""
    for size in (1, 2):
        if first >= size and " ".join(t.text for t in tokens[first - size : first]) in phrases:
            return size
    return 0


def test_agent_markers_looked_up_are_the_joined_words_test() -> None:
    tokens = Document(MARKED, "text").tokens
    agents = 0
    for first in range(len(tokens)):
        marked = _marked_role(tokens, first) == "agent"
        assert marked == _joined_marked(tokens, first) or (not marked and _marked_role(tokens, first))
        agents += marked
    assert agents >= 4  # على يد، بنيران قوات، من قبل، برصاص


def test_attribution_and_source_links_looked_up_are_the_joined_words_test() -> None:
    tokens = Document(MARKED, "text").tokens
    data = _reporting_words()
    sizes = set()
    for kind in ("attribution_words", "source_links"):
        for first in range(len(tokens)):
            size = _ends_with(tokens, first, data[kind])
            assert size == _joined_ends_with(tokens, first, data[kind])
            sizes.add(size)
    assert sizes == {0, 1, 2}  # "في", "وبحسب"; "في صفوف", "نقلا عن"


def test_a_field_without_an_air_noun_has_no_national_aircraft_anywhere() -> None:
    air = FieldContext.build(Document(AIR, "text"))
    ground = FieldContext.build(Document(GROUND, "text"))
    assert _air_in_field(air) and not _air_in_field(ground)
    found = 0
    for ctx in (air, ground):
        for sentence in ctx.doc.sentences:
            plain = _find_national_aircraft(ctx, sentence)
            assert _national_aircraft(ctx, sentence) == plain
            found += len(plain)
    assert found >= 1  # Israel's aircraft, in the first field


def test_embassy_forms_are_the_words_whose_stems_name_an_embassy() -> None:
    tokens = Document(EMBASSY, "text").tokens
    walked = [any(stem in _EMBASSY for stem, _ in t.stems) for t in tokens]
    assert [t.text in _EMBASSY_FORMS for t in tokens] == walked
    assert 2 <= sum(walked) < len(tokens)  # السفارة، سفارتها، سفارة ... not every word


def _candidates(ctx: FieldContext) -> list[Candidate]:
    """A bare candidate for every trigger of the field (what confidence's cue features read)."""
    return [
        Candidate(t.spec.event_type, t.spec.sub_event_type, ctx.doc.field, ctx.doc.sentences[index], t)
        for index, triggers in sorted(ctx.triggers.items())
        for t in triggers
    ]


def test_confidence_reads_the_cues_its_context_read_and_finds_what_a_fresh_read_finds() -> None:
    doc = Document(CUED, "text")
    ctx = FieldContext.around_triggers(doc)
    docs = {"text": doc}
    candidates = _candidates(ctx)
    assert len(candidates) >= 2
    for candidate in candidates:
        ctx.cues.get(candidate.sentence.index, [])  # as candidate selection reads them
    before = recognizer_work["cues"]
    shared = [confidence._cue_features(c, docs, {"text": ctx}) for c in candidates]
    assert recognizer_work["cues"] == before  # nothing read again
    fresh = [confidence._cue_features(c, docs) for c in candidates]
    assert shared == fresh
    assert any(any(values.values()) for values in shared)  # the denial, the plan
    sentence = candidates[0].sentence
    inside = [c for c in cues_of(doc, [sentence]) if sentence.start <= c.start < sentence.end]
    assert confidence._sentence_cues(doc, candidates[0], {"text": ctx}) == inside


def test_another_documents_context_is_not_borrowed() -> None:
    doc = Document(CUED, "text")
    other = FieldContext.around_triggers(Document(CUED + " وانفجرت عبوة ناسفة في السوق.", "text"))
    candidate = _candidates(FieldContext.around_triggers(doc))[0]
    assert confidence._sentence_cues(doc, candidate, {"text": other}) == cues_of(doc, [candidate.sentence])


@pytest.mark.parametrize("text", [AIR, CUED, MARKED])
def test_records_features_with_the_contexts_are_those_read_afresh(text: str) -> None:
    with confidence.collecting() as values, trace.recording() as recorder:
        events = rasd.extract(text, published=D, title="غارات على ريف دمشق")
    assert events and len(recorder.records) == len(events)
    docs = {ctx.doc.field: ctx.doc for ctx in recorder.contexts}
    for candidate, event in recorder.records:
        assert values[id(event)] == confidence.features(candidate, event, docs)  # no contexts: read anew


DENIED = (
    "قتل خمسة مدنيين في غارة جوية استهدفت سوقا في مدينة الرقة أمس، واتهم ناشطون الولايات المتحدة بتنفيذها. "
    "ونفت الولايات المتحدة ضلوعها في الهجوم."
)
CLAIMED = (
    "قتل سبعة أشخاص في تفجير انتحاري استهدف حاجزا للشرطة في مدينة قندهار الأفغانية اليوم. "
    "وأعلن تنظيم داعش مسؤوليته عن الهجوم."
)


def _has_both(ctx: FieldContext, sentence, verbs: frozenset[str], nouns: frozenset[str]) -> bool:
    """The denial test of one sentence as it was: a set of every stem of its tokens met with each."""
    tokens = ctx.doc.tokens[ctx.token_at(sentence.start) : ctx.token_at(sentence.end)]
    stems = {stem for token in tokens for stem, _ in token.stems}
    return bool(stems & verbs and stems & nouns)


def test_a_field_the_denial_shortcut_skips_has_no_sentence_with_both_words() -> None:
    verbs, nouns = _denial_words()
    forms = (forms_with_stem_in(verbs), forms_with_stem_in(nouns))
    answers = []
    for text in (DENIED, CLAIMED, AIR, GROUND):
        ctx = FieldContext.build(Document(text, "text"))
        plain = any(_has_both(ctx, s, verbs, nouns) for s in ctx.doc.sentences)
        answers.append(_denial_in_field(ctx, *forms))
        assert answers[-1] or not plain
        assert answers[-1] == plain  # these texts: both words in one sentence, or not both at all
    assert answers == [True, False, False, False]


def test_denial_and_claim_still_settle_the_perpetrator() -> None:
    denied = rasd.extract(DENIED, published=D)
    assert denied and all("United States" not in e.actor1 for e in denied)
    claimed = rasd.extract(CLAIMED, published=D)
    assert claimed and any("Islamic State" in e.actor1 for e in claimed)


STATEMENT = (
    "وأكدت وزارة الدفاع الأربعاء أن طائرات التحالف شنت غارة على مدينة صعدة، "
    "وقال مسؤول إن الغارة وقعت الثلاثاء. "
    "وقتل مسلحان في هجوم على حاجز في مدينة الرمادي، فيما انفجرت عبوة ناسفة في مدينة الفلوجة، بينما اعتقلت "
    "الشرطة ثلاثة أشخاص في مدينة بعقوبة."
)


def test_report_and_complementizer_forms_are_the_stem_walk() -> None:
    tokens = Document(STATEMENT, "text").tokens
    for forms, stems in (
        (scene._REPORT_FORMS, scene._REPORT_WORDS),
        (scene._COMPLEMENTIZER_FORMS, scene._COMPLEMENTIZERS),
    ):
        walked = [bool({stem for stem, _ in t.stems} & stems) for t in tokens]
        assert [t.text in forms for t in tokens] == walked
        assert 0 < sum(walked) < len(tokens)  # أكدت، قال؛ أن، إن


def test_places_of_an_episode_are_those_between_the_breaks_the_roles_found() -> None:
    ctx = FieldContext.build(Document(STATEMENT, "text"))
    norm = ctx.doc.norm
    kept = 0
    for sentence in ctx.doc.sentences:
        places = ctx.places.get(sentence.index, [])
        breaks = [m.start() for m in _EPISODE_BREAK.finditer(norm, sentence.start, sentence.end)]
        for trigger in ctx.triggers.get(sentence.index, []):
            start = max([sentence.start, *(b for b in breaks if b < trigger.start)])
            end = min([sentence.end, *(b for b in breaks if b > trigger.start)])
            plain = ([p for p in places if start <= p.start < end] or places) if breaks else places
            assert scene._same_episode(ctx, sentence, trigger, places) == plain
            kept += len(plain) < len(places)
    assert kept >= 2  # فيما، بينما: the other clauses' towns are not the trigger's


def test_a_sentence_naming_no_actor_leaves_no_doer_target_or_supporter() -> None:
    ctx = FieldContext.build(Document("وقصفت طائرات حربية أمس بلدة خان شيخون في ريف إدلب.", "text"))
    sentence = ctx.doc.sentences[0]
    trigger = ctx.triggers[0][0]
    assert not ctx.actors.get(0)  # the sentence names nobody
    candidate = Candidate(trigger.spec.event_type, trigger.spec.sub_event_type, "text", sentence, trigger)
    candidate.perpetrator, candidate.target, candidate.supporters = "isis", "civilians", ["hts"]
    candidate.vague_perpetrator = True  # what a rule's earlier reading might have left: all replaced
    attach_actors(ctx, sentence, trigger, candidate, "SY")
    assert (candidate.perpetrator, candidate.target, candidate.supporters) == ("", "", [])
    assert candidate.vague_perpetrator is False


def _plain_estimate(values: dict[str, float], model: dict) -> float:
    """``confidence.estimate`` as it was: the model's three tables read per feature."""
    score = model["intercept"]
    for name, weight in model["coefficients"].items():
        score += weight * (values.get(name, 0.0) - model["center"][name]) / model["scale"][name]
    slope, shift = confidence._calibration(model)
    score = slope * score + shift
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def test_the_models_terms_read_once_give_the_same_probability() -> None:
    model = confidence.load_model()
    other = {"intercept": 0.0, "coefficients": {"a": 2.0}, "center": {"a": 0.5}, "scale": {"a": 3.0}}
    with confidence.collecting() as values:
        rasd.extract(CUED + " " + AIR, published=D)
    assert values
    for features in values.values():
        assert confidence.estimate(features) == _plain_estimate(features, model)  # the same float
        assert confidence.estimate(features, other) == _plain_estimate(features, other)  # each its own
    assert confidence.estimate({"a": 2.0}, other) == _plain_estimate({"a": 2.0}, other) > 0.5


HOMES = (
    "وقال الجيش السوري إن قواته قصفت مواقع لتنظيم الدولة قرب مدينة دير الزور، فيما اعتقلت الشرطة "
    "العراقية ثلاثة مسلحين في الموصل. وقالت الشرطة إن التحالف شن غارات على مواقع للمسلحين."
)


def test_an_actors_home_kept_per_form_is_the_one_found_afresh() -> None:
    registry = load_registry()
    mentions = FieldContext.build(Document(HOMES, "text")).all_actors
    homes = [scene._find_home(registry, m) for m in mentions]
    assert [scene._home_named_by(registry, m) for m in mentions] == homes  # asked first
    assert [scene._home_named_by(registry, m) for m in mentions] == homes  # answered from the memo
    assert "SY" in homes and "" in homes
    named = next(m for m, home in zip(mentions, homes, strict=True) if home)
    bare = dataclasses.replace(named, surface="الشرطة")  # the same key, written as a local authority
    assert scene._home_named_by(registry, bare) == scene._find_home(registry, bare) == ""


@pytest.mark.parametrize(
    "text", [HOMES, STATEMENT, EMBASSY, GROUND, "وقال وزير الخارجية إن بلاده ترفض الاتهامات."]
)
def test_a_field_names_a_place_as_asked_of_every_sentence(text: str) -> None:
    ctx = FieldContext.build(Document(text, "text"))
    for country in ("SY", "IQ", ""):
        every = any(scene.scene_places(ctx, s.index, country) for s in ctx.doc.sentences)
        assert scene.names_a_place(ctx, country) == every


def _walked_embassy(ctx: FieldContext, place) -> bool:
    """``embassy_destination`` as it was: a walk back from the place over the stems of each word."""
    tokens, i = ctx.doc.tokens, place.first_token
    for _ in range(scene._EMBASSY_REACH):
        if i <= 0 or not tokens[i].joined:
            return False
        i -= 1
        if any(stem in _EMBASSY for stem, _ in tokens[i].stems):
            low = max(0, i - scene._EMBASSY_REACH + 2)
            return any(tokens[j].text in scene._EMBASSY_MOVES for j in range(low, i))
    return False


def test_a_field_without_an_embassy_word_moves_no_embassy_and_one_with_is_read_as_before() -> None:
    moved = 0
    for text, has in ((EMBASSY, True), (GROUND, False), (HOMES, False)):
        ctx = FieldContext.build(Document(text, "text"))
        assert scene._embassy_in_field(ctx) is has
        for place in ctx.all_places:
            assert scene.embassy_destination(ctx, place) == _walked_embassy(ctx, place)
            moved += scene.embassy_destination(ctx, place)
    assert moved >= 1  # القدس, where the embassy was moved to


YOUTHS = (
    "واندلعت مواجهات بين الشبان وجيش الاحتلال عند مدخل مدينة البيرة. "
    "وقال شهود إن شبانا مسلحين أطلقوا النار على دورية في مدينة جنين. "
    "واندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في مدينة درعا."
)


def test_youths_facing_the_forces_are_read_by_written_forms_as_by_stems() -> None:
    from rasd.assemble.refine import _ARMED, _YOUTHS, _youths_clash

    answers = []
    for text in (YOUTHS, GROUND):
        ctx = FieldContext.build(Document(text, "text"))
        for sentence in ctx.doc.sentences:
            tokens = ctx.doc.tokens[ctx.token_at(sentence.start) : ctx.token_at(sentence.end - 1) + 1]
            stems = {stem for t in tokens for stem, _ in t.stems}
            plain = bool(stems & _YOUTHS) and not stems & _ARMED
            answers.append(_youths_clash(ctx, sentence))
            assert answers[-1] == plain
    assert answers[0] and not answers[1]  # unarmed youths; armed ones


def test_each_rule_words_written_forms_are_the_words_whose_stems_hold_one() -> None:
    from rasd.assemble import refine

    pairs = [
        (scene._DATED_EVENT_FORMS, scene._DATED_EVENT_NAMES),
        (scene._TOOK_PLACE_FORMS, scene._TOOK_PLACE),
        (refine._AIR_DEFENCE_FORMS, refine._AIR_DEFENCE),
        (refine._CIVILIAN_PROPERTY_FORMS, refine._CIVILIAN_PROPERTY),
        (scene._EMBASSY_FORMS, _EMBASSY),
    ]
    texts = " ".join([MARKED, AIR, GROUND, EMBASSY, CUED, STATEMENT, HOMES, YOUTHS])
    for forms, stems in pairs:
        # the text's words, and each rule word written with a conjunction, a preposition, the article
        glued = [f"{p}{w}" for w in stems for p in ("", "و", "ب", "وب", "ل", "ال", "لل")]
        words = Document(texts + " " + " ".join(glued), "text").tokens
        walked = [any(stem in stems for stem, _ in t.stems) for t in words]
        assert [t.text in forms for t in words] == walked
        assert any(walked)


def test_the_leads_protest_scene_reads_the_leads_cues_alone() -> None:
    from rasd.assemble.refine import _amid_protest

    quiet = "وقال الوزير في مؤتمر صحفي إن الحكومة ستعقد اجتماعا الأسبوع المقبل."
    text = "\n".join([quiet, *[quiet] * 6, "وقتل ثلاثة مدنيين برصاص القوات خلال احتجاجات على الحدود."])
    ctx = FieldContext.around_triggers(Document(text, "text"))
    assert list(ctx.triggers) == [7]
    assert not _amid_protest(ctx, ctx.doc.sentences[0])  # the lead names no protest
    assert ctx.cues._reader.done == {0, 7}  # the lead and the trigger sentence: not the five between
    assert _amid_protest(ctx, ctx.doc.sentences[7])  # "خلال احتجاجات": the protest is the scene
