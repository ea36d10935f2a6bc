"""Shortcuts of assembly (issue 12), each checked against the plain path it stands for.

- the times and figures of the trigger sentences are read when a rule first asks, not before (an
  article whose triggers the filters drop without a look at them reads none);
- ``candidates_for_field`` skips the sentences without a trigger, and keeps an empty trigger selection
  made by ``reported_sentences`` rather than making it again;
- ``scene_places`` keeps its answer per sentence;
- the local-authority test of an actor's name is made once per written form.

All texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import asdict

import rasd
from rasd.assemble import trace
from rasd.assemble.candidates import _sentence_candidates, candidates_for_field, reported_sentences
from rasd.assemble.context import FieldContext, recognizer_work
from rasd.assemble.model import ArticleState
from rasd.assemble.scene import _LOCAL_AUTHORITIES, _local_authority, embassy_destination, scene_places
from rasd.recognize.times import find_times
from rasd.text.document import Document
from rasd.text.normalize import normalize_term
from rasd.text.tokens import stems_of

D = "2018-05-02"
QUESTION = "هل قصفت الطائرات الحربية بلدة خان شيخون صباح أمس وقتلت 7 مدنيين؟"
ARTICLE = (
    "قصفت طائرات حربية أمس بلدة خان شيخون في ريف إدلب ما أسفر عن مقتل 7 مدنيين. "
    "وافتتح وزير الثقافة معرضا للكتاب في مدينة حلب يوم الأحد الماضي. "
    "ونفى الجيش أنه قصف قرية الهبيط. "
    "واندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في مدينة درعا، وقال مصدر طبي إن 3 مسلحين قتلوا. "
    "وتظاهر مئات الأشخاص في مدينة دوما احتجاجا على الغلاء."
)


def test_a_question_is_dropped_before_its_times_and_figures_are_read() -> None:
    before = recognizer_work.copy()
    assert rasd.extract(QUESTION, published=D) == []
    assert recognizer_work["cues"] > before["cues"]  # the filters judged the sentence by its cues ...
    assert recognizer_work["times"] == before["times"]  # ... and needed neither its time words
    assert recognizer_work["figures"] == before["figures"]  # ... nor its figures
    ctx = FieldContext.around_triggers(Document(QUESTION, "text"))
    assert [(m.start, m.kind) for m in ctx.times.get(0, [])] == [
        (m.start, m.kind) for m in find_times(ctx.doc.norm)
    ]  # asked afterwards, they are what a pass over the whole text finds
    assert [c.count for c in ctx.casualties.get(0, [])] == [7]


def _contexts(text: str) -> tuple[FieldContext, ArticleState]:
    ctx = FieldContext.build(Document(text, "text"))
    ctx.countries = frozenset({"SY"})
    state = ArticleState(dt.date(2018, 5, 2), "SY")
    state.names_a_place = True
    return ctx, state


def _summary(candidates: list) -> list[tuple]:
    return [
        (c.event_type, c.sub_event_type, c.trigger.start, c.place.start if c.place else None, c.fatalities)
        for c in candidates
    ]


def test_kept_selections_give_the_candidates_a_fresh_selection_gives() -> None:
    kept, kept_state = _contexts(ARTICLE)
    assert reported_sentences(kept, kept_state.published)  # fills the memo (the denied strike's selection)
    assert any(kept.memo.get(("filtered", i)) == [True] for i in kept.triggers)
    fresh, fresh_state = _contexts(ARTICLE)
    fast = candidates_for_field(kept, kept_state)
    with trace.recording():  # the recording run selects and judges every trigger afresh
        slow = candidates_for_field(fresh, fresh_state)
    assert len(fast) >= 2 and _summary(fast) == _summary(slow)


def test_a_sentence_without_a_trigger_gives_nothing_and_changes_nothing() -> None:
    ctx, state = _contexts(ARTICLE)
    quiet = [s for s in ctx.doc.sentences if not ctx.triggers.get(s.index)]
    assert quiet  # the book fair
    for sentence in quiet:
        before = asdict(state)
        assert _sentence_candidates(ctx, sentence, state) == []
        assert asdict(state) == before


def test_scene_places_kept_per_sentence_are_the_places_judged_afresh() -> None:
    ctx, _ = _contexts(ARTICLE)
    judged = 0
    for sentence in ctx.doc.sentences:
        plain = _plain_scene_places(ctx, sentence.index, "SY")
        first = scene_places(ctx, sentence.index, "SY")
        assert first == plain
        first.clear()  # the caller's own copy
        assert scene_places(ctx, sentence.index, "SY") == plain
        judged += len(plain)
    assert judged >= 4
    ctx.countries = frozenset()  # another question: answered anew
    assert scene_places(ctx, 0, "") == _plain_scene_places(ctx, 0, "")


def _plain_scene_places(ctx: FieldContext, index: int, country: str) -> list:
    """``scene_places`` as it was before it kept its answers."""
    return [
        p
        for p in ctx.places.get(index, [])
        if not p.is_frame
        and not p.is_country_only
        and p.plausible(country, ctx.countries)
        and not embassy_destination(ctx, p)
    ]


def test_the_local_authority_test_kept_per_form_is_the_stem_walk() -> None:
    forms = ["الشرطة", "والجيش", "الجيش السوري", "قوات الأمن", "حركة طالبان", "وزارة الداخلية", "الشرطه"]
    answers = [_local_authority(f) for f in forms]
    plain = [any(s in _LOCAL_AUTHORITIES for s, _ in stems_of(normalize_term(f))) for f in forms]
    assert answers == plain and any(answers) and not all(answers)


FIGURES = [
    "قتل 5 مدنيين وأصيب 12 آخرون في قصف على البلدة.",
    "ولم يسفر الانفجار عن وقوع إصابات في صفوف المدنيين.",
    "وسقط قتلى وجرحى في الاشتباكات التي اندلعت صباح اليوم.",
    "وأطلق المسلح النار على الحارس فأرداه قتيلا قبل أن يفر.",
    "وأكدت المصادر مقتل العقيد سامي في الهجوم على الحاجز.",
    "وافتتح الوزير معرضا للكتاب بحضور 300 زائر.",
    "واعتقلت الشرطة أربعة أشخاص بينهم امرأتان.",
]


def test_casualties_with_one_hint_search_are_those_of_the_four(monkeypatch) -> None:
    """Where the joined hint finds no word, each of the four finds none, and the casualties are what
    the four searches alone give."""
    from rasd.recognize import quantities

    hints = [quantities._ZERO_HINT, quantities._BARE_HINT, quantities._LONE_HINT, quantities._NAMED_HINT]
    texts = [normalize_term(t) for t in FIGURES]
    fast = [quantities.find_casualties(t) for t in texts]
    for text in texts:
        if quantities._ANY_HINT.search(text) is None:
            assert not any(h.search(text) for h in hints)
    assert any(quantities._ANY_HINT.search(t) is None for t in texts)  # the joined search spares some
    monkeypatch.setattr(quantities, "_ANY_HINT", re.compile(""))  # the plain path: the four searches
    assert [quantities.find_casualties(t) for t in texts] == fast
    kinds = {(c.outcome, c.count, c.named) for found in fast for c in found}
    assert {("killed", 0, False), ("killed", 1, True), ("killed", 1, False), ("killed", 5, False)} <= kinds


def _inquiry_in_the_old_order(ctx: FieldContext, sentence, trigger):
    """``filters._inquiry_finding`` as it was, time words first."""
    from rasd.assemble import filters

    if ctx.times.get(sentence.index):
        return None
    tokens = ctx.doc.tokens
    inquiry = None
    for i in range(ctx.token_at(sentence.start), trigger.first_token):
        if inquiry is None and any(stem in filters._INQUIRY_SPEAKERS for stem, _ in tokens[i].stems):
            inquiry = tokens[i]
        elif inquiry is not None and tokens[i].text.removeprefix(filters._AND) in filters._COMPLEMENTIZERS:
            return inquiry
    return None


def test_an_inquiry_finding_looks_at_its_words_before_its_times() -> None:
    from rasd.assemble.filters import _inquiry_finding

    text = (
        "وقال المحققون إن الطائرة أسقطت بصاروخ. "
        "وقال المحققون أمس إن الطائرة أسقطت بصاروخ. "
        "وقصفت الطائرات بلدة خان شيخون أمس."
    )
    ctx = FieldContext.around_triggers(Document(text, "text"))
    answers = []
    for index, triggers in sorted(ctx.triggers.items()):
        sentence = ctx.doc.sentences[index]
        for trigger in triggers:
            found = _inquiry_finding(ctx, sentence, trigger)
            assert found == _inquiry_in_the_old_order(ctx, sentence, trigger)
            answers.append(found is not None)
    assert answers[0] and not any(answers[1:])  # a finding undated, then dated, then no inquiry at all


def test_names_a_country_kept_from_countries_named_by_is_the_plain_answer() -> None:
    from rasd.assemble.scene import countries_named_by, names_a_country

    texts = [ARTICLE, "قصفت طائرات حربية مواقع في محافظة إدلب شمال سوريا أمس.", QUESTION]
    answers = []
    for text in texts:
        ctx, _ = _contexts(text)
        plain = names_a_country([ctx])  # nothing kept yet: every sentence's places judged
        countries_named_by([ctx])
        assert "names_a_country" in ctx.memo
        assert names_a_country([ctx]) == plain
        answers.append(plain)
    assert answers == [True, True, False]  # Idlib, a province only Syria has; Syria; a town names none


def test_windows_kept_for_the_next_reader_are_the_windows_made_afresh() -> None:
    from rasd.assemble import context

    doc = Document(ARTICLE, "text")
    other = Document(ARTICLE + " وقتل شخصان في انفجار عبوة ناسفة في مدينة درعا أمس.", "text")
    first = context._windows(doc, [0, 3])
    first.append((0, 1))  # the caller's copy
    context._LAST_WINDOWS.clear()
    assert context._windows(doc, [0, 3]) == first[:-1]  # made afresh
    assert context._windows(doc, [0, 3]) == first[:-1]  # kept
    assert context._windows(doc, [3]) != first[:-1]  # another question
    assert context._windows(other, [5]) != context._windows(doc, [4])  # another document


def test_a_month_without_a_day_number_skips_the_day_patterns_and_finds_the_same(monkeypatch) -> None:
    from rasd.recognize import times

    texts = [
        "وقصفت الطائرات البلدة في سبتمبر الماضي.",  # a month, no number: the day patterns are skipped
        "وقصفت الطائرات البلدة في 10 سبتمبر الماضي.",
        "وقصفت الطائرات البلدة في العاشر من سبتمبر.",
        "وقصفت الطائرات البلدة في التاسع من الشهر الجاري.",
        "وقع الانفجار في مدينة الرباط الخميس.",  # "اب" inside a word names no month
    ]
    norms = [normalize_term(t) for t in texts]
    fast = [times.find_times(n) for n in norms]
    assert [times._DAY_NUMBER_RE.search(n) is None for n in norms] == [True, False, False, False, True]
    monkeypatch.setattr(times, "_ALSO", {})  # the plain path: every pattern whose part holds is scanned
    assert [times.find_times(n) for n in norms] == fast
    kinds = [[m.kind for m in found] for found in fast]
    assert kinds == [["month"], ["absolute"], ["absolute"], ["absolute"], ["weekday"]]


def test_actors_put_in_context_are_what_dataclasses_replace_made() -> None:
    from dataclasses import replace

    from rasd.assemble.model import Candidate
    from rasd.assemble.roles import _CIVILIANS, _in_context
    from rasd.recognize.actors import load_registry

    text = "وقتل مسلحون من تنظيم داعش ثلاثة صحفيين وجنديا من الجيش العراقي في هجوم على حاجز للشرطة."
    ctx = FieldContext.around_triggers(Document(text, "text"))
    found = ctx.actors.get(0, [])
    trigger = next(t for ts in ctx.triggers.values() for t in ts)
    candidate = Candidate("Violence against civilians", "Attack", "text", ctx.doc.sentences[0], trigger)
    fast = _in_context(found, "IQ", candidate)
    registry = load_registry()
    plain = []
    for mention in found:
        key = registry.resolve_context(mention, "IQ") if mention.key else ""
        if key:
            key = _CIVILIANS if registry.is_victim_group(key) else key
            plain.append(replace(mention, key=key, generic=key.startswith("generic:")))
    assert [vars(m) for m in fast] == [vars(m) for m in plain]  # the alias too, which == leaves out
    assert len(fast) >= 3 and any(m.generic for m in fast) and any(not m.generic for m in fast)


def test_casualty_cue_starts_found_by_search_are_the_zero_width_scan() -> None:
    from rasd.recognize import quantities

    texts = FIGURES + [
        "ومقتل25 شخصا وإصابة آخرين، ولمقتل الجندي وقع كبير، وبمقتل القائد انتهت المعركة.",
        "قتلقتل مقتلمقتل قتل",
        "",
    ]
    found = 0
    for text in (normalize_term(t) for t in texts):
        scan = [m.start() for m in quantities._TRIGGER_STARTS_RE.finditer(text)]
        assert quantities._trigger_starts(text) == scan
        found += len(scan)
    assert found >= 10


def test_the_rare_parts_searched_at_once_give_what_their_own_searches_give(monkeypatch) -> None:
    from rasd.recognize import times

    texts = [
        "وقصفت الطائرات البلدة يوم 10/9/2018 وقتل خمسة مدنيين.",
        "ومن المقرر أن تنطلق المظاهرة غدا في وسط المدينة.",
        "وشهدت المدينة مطلع الأسبوع الماضي اشتباكات عنيفة.",
        "وقتل جندي في التاسع من الشهر الجاري.",
        "وقصفت الطائرات البلدة أمس الخميس.",  # none of the rare parts: their searches are spared
    ]
    norms = [normalize_term(t) for t in texts]
    fast = [times.find_times(n) for n in norms]
    assert [times._RARE_RE.search(n) is not None for n in norms] == [True, True, True, True, False]
    monkeypatch.setattr(times, "_RARE_RE", re.compile(""))  # the plain path: each part searched alone
    assert [times.find_times(n) for n in norms] == fast
    assert all(fast)


def test_quantities_from_the_fields_own_token_offsets_are_those_from_offsets_in_the_window() -> None:
    from rasd.recognize.quantities import find_quantities

    doc = Document(" ".join(FIGURES + ["ونزح نحو خمسة آلاف شخص وسبعة وعشرون طفلا خلال يومين."]), "text")
    tokens, starts = doc.tokens, doc._token_starts
    found = 0
    for sentence in doc.sentences:
        start, end = sentence.start, sentence.end
        piece = doc.norm[start:end]
        low, high = bisect_left(starts, start), bisect_left(starts, end)
        in_window = [(t.start - start, t.text) for t in tokens[low:high]]
        in_field = zip(starts[low:high], (t.text for t in tokens[low:high]), strict=True)
        plain = find_quantities(piece, in_window)
        assert find_quantities(piece, in_field, start) == plain == find_quantities(piece)
        found += len(plain)
    assert found >= 6


def test_inquiry_words_by_written_form_are_the_stem_walk() -> None:
    from rasd.assemble.filters import _INQUIRY_SPEAKERS, _inquiry_forms

    text = (
        "وقال المحققون والمحققين وللمحققين إن التحقيق وبالتحقيق ولجنة التحقيق والمحكمة والنيابة العامة "
        "خلصت إلى أن المسلحين والجنود قصفوا القرية أمس"
    )
    tokens = Document(text, "text").tokens
    walked = [any(stem in _INQUIRY_SPEAKERS for stem, _ in t.stems) for t in tokens]
    assert [t.text in _inquiry_forms() for t in tokens] == walked
    assert any(walked) and not all(walked)
