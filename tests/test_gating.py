"""Work only where it can matter (issue 12): the recognizers of times, figures and cues read the sentences
that hold a trigger (and a margin around them), an article with no trigger stops after the triggers, and
the topic gate counts deaths over the whole article only when its other signals leave it undecided.

Every gated result is compared with what a pass over the whole text finds in the same sentences.
All texts are written for these tests.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import rasd
from rasd import tuning
from rasd.assemble.context import FieldContext, recognizer_work
from rasd.assemble.topic import off_topic
from rasd.recognize.cues import find_cues
from rasd.recognize.quantities import find_casualties, find_quantities
from rasd.recognize.times import find_times
from rasd.text.document import Document

D = "2018-05-02"
QUIET = "افتتح وزير الثقافة معرضا للكتاب في مدينة حلب وسط حضور كبير من الزوار."
# long sentences without a trigger, full of dates and figures the gate must not read
FILLER = (
    "وكانت الحكومة قد أعلنت يوم الأحد الماضي عن خطة لإعادة بناء 300 مدرسة و40 مستشفى في المحافظة خلال "
    "العامين المقبلين، بكلفة تبلغ نحو 2 مليار دولار، بحسب ما قال الوزير في مؤتمر صحفي عقده في 12 أبريل."
)
STRIKE = "وقصفت طائرات حربية أمس بلدة خان شيخون ما أسفر عن مقتل 7 مدنيين بينهم طفلان."


def _whole_text(ctx: FieldContext, everywhere: bool = False) -> dict[str, dict[int, list[Any]]]:
    """What the recognizers give for the trigger sentences (or all) when they read the whole field."""
    doc = ctx.doc
    quantities = find_quantities(doc.norm)
    found = {
        "times": find_times(doc.norm),
        "quantities": quantities,
        "casualties": find_casualties(doc.norm, quantities),
        "cues": find_cues(doc),
    }
    out: dict[str, dict[int, list[Any]]] = {}
    for name, items in found.items():
        buckets: dict[int, list[Any]] = defaultdict(list)
        for item in items:
            sentence = doc.sentence_of(item.start)
            if sentence is not None and (everywhere or sentence.index in ctx.triggers):
                buckets[sentence.index].append(item)
        out[name] = dict(buckets)
    return out


def _gated(ctx: FieldContext) -> dict[str, dict[int, list[Any]]]:
    """What the context gives when asked for each trigger sentence, as assembly asks."""
    out: dict[str, dict[int, list[Any]]] = {}
    for name in ("times", "quantities", "casualties", "cues"):
        mapping = getattr(ctx, name)
        out[name] = {i: mapping.get(i, []) for i in ctx.triggers if mapping.get(i, [])}
    return out


def test_an_article_without_a_trigger_runs_none_of_the_later_recognizers() -> None:
    before = recognizer_work.copy()
    assert rasd.extract(QUIET, published=D, title="معرض للكتاب في حلب") == []
    assert recognizer_work == before
    assert rasd.extract(STRIKE, published=D) != []
    assert recognizer_work["times"] > before["times"] and recognizer_work["cues"] > before["cues"]


def test_only_the_trigger_sentence_and_its_margin_are_read() -> None:
    text = "\n".join([FILLER, FILLER + " " + FILLER, STRIKE, FILLER, FILLER])
    doc = Document(text)
    before = recognizer_work.copy()
    ctx = FieldContext.build(doc)
    assert list(ctx.triggers) == [3]  # the strike; the filler's "قصف"-free sentences hold none
    strike = doc.sentences[3]
    length = strike.end - strike.start
    gated = ("times", "figures", "cues")
    assert [recognizer_work[k] for k in gated] == [before[k] for k in gated]  # nothing read before asked
    assert ctx.casualties.get(3, [])[0].count == 7
    assert _gated(ctx) == _whole_text(ctx)
    assert 0 < recognizer_work["cues"] - before["cues"] < len(doc.norm) / 3  # cues: the trigger's sentence
    read = recognizer_work["times"] - before["times"]
    assert length <= read <= length + 2 * tuning.RECOGNIZER_MARGIN_CHARS + 40  # margins end at a word's end
    assert find_times(doc.norm)[0].start < strike.start  # the filler's dates exist, and are not read
    assert _gated(ctx) == _whole_text(ctx)
    assert recognizer_work["times"] - before["times"] == read  # asking for what was read reads nothing
    assert ctx.times.get(0, []) == _whole_text(ctx, everywhere=True)["times"][0]  # another sentence ...
    assert recognizer_work["times"] - before["times"] > read + len(doc.norm) / 2  # ... reads the rest


def test_a_sentence_is_read_when_asked_for_and_iterating_reads_them_all() -> None:
    doc = Document("\n".join([FILLER, STRIKE, FILLER]))
    ctx = FieldContext.build(doc)
    whole = _whole_text(ctx, everywhere=True)
    assert set(whole["times"]) == {0, 1, 2}
    assert ctx.times.get(0, []) == whole["times"][0]  # a sentence without a trigger, read on demand
    assert {name: dict(getattr(ctx, name).items()) for name in whole} == whole
    assert len(ctx.quantities) == len(whole["quantities"]) and 2 in ctx.times


def test_a_toll_that_runs_onto_the_next_line_is_read_whole() -> None:
    # the trigger sentence ends its paragraph with "مقتل"; the figure opens the next line
    text = FILLER + "\nوقصفت طائرات حربية أمس بلدة خان شيخون ما أسفر عن مقتل\n12 مدنيا. " + FILLER
    ctx = FieldContext.build(Document(text))
    (index,) = ctx.triggers
    (toll,) = [c for c in ctx.casualties[index] if c.outcome == "killed"]
    assert toll.count == 12
    assert ctx.doc.norm[toll.start : toll.end].startswith("مقتل")
    assert _gated(ctx) == _whole_text(ctx)


def test_time_words_at_the_edges_of_a_trigger_sentence_keep_their_context() -> None:
    # "حتى" closing the previous line rules out "الآن"; "اليوم" closes the trigger sentence
    text = FILLER + " ولم يتغير شيء حتى\nالآن قصفت طائرات حربية بلدة خان شيخون اليوم\n" + FILLER
    ctx = FieldContext.build(Document(text))
    assert ctx.triggers
    assert _gated(ctx) == _whole_text(ctx)
    assert any(m.kind == "today" for items in ctx.times.values() for m in items)


def test_a_cue_across_a_cut_sentence_is_found_as_a_whole_text_scan_finds_it() -> None:
    # a sentence longer than the limit is cut at white space; "ردا على" straddles the cut, so the
    # second part must not also offer "على" as a target cue of its own
    head = "اجتمع المجلس "
    cut = tuning.MAX_SENTENCE_CHARS - 2  # where the space after "ردا" falls: the last one before the limit
    filler = head + "كلمة " * ((cut - len(head) - 10) // len("كلمة "))
    prefix = filler + "ب" * (cut - len(filler) - len(" ردا")) + " ردا"
    text = prefix + " على قصف طائرات حربية بلدة خان شيخون أمس."
    doc = Document(text)
    assert len(doc.sentences) == 2
    assert doc.norm[doc.sentences[1].start :].startswith("علي")  # the cut fell inside the cue
    ctx = FieldContext.build(doc)
    assert list(ctx.triggers) == [1]
    gated = _gated(ctx)
    assert gated == _whole_text(ctx)
    assert all(ctx.doc.norm[c.start : c.end] != "علي" for c in gated["cues"].get(1, []))


def test_the_record_points_at_the_original_text_of_a_gated_date_and_toll() -> None:
    # diacritics and tatweel before the trigger sentence move normalized offsets off the original ones
    text = "وَقَــالَ مُراسِلُنا إنَّ الوَضْعَ هادِئٌ.\n" + FILLER + "\n" + STRIKE + "\n" + FILLER
    (event,) = rasd.extract(text, published=D)
    assert event.fatalities == 7
    for name, words in (("event_date", "أمس"), ("fatalities", "مقتل 7 مدنيين")):
        span = event.field_evidence[name]
        assert text[span.start : span.end] == span.text
        assert span.text.startswith(words)
        assert span.start > text.index(STRIKE) - 1


FOOTBALL = (
    "سجل مهاجم النادي هدفا في الدقيقة العاشرة من الشوط الأول، وأشاد مدرب الفريق بأداء اللاعبين بعد الفوز "
    "في المباراة، وقال إن المنتخب يستعد للبطولة وإن الجماهير ساندت اللاعبين في الملعب حتى نهاية المباراة."
)


def test_the_topic_gate_still_counts_deaths_outside_the_trigger_sentences() -> None:
    deaths = " وكان الملعب شهد العام الماضي سقوط 40 قتيلا من المدنيين."
    doc = Document(FOOTBALL + " هاجم فريق الجيش مرمى الشرطة بقوة." + deaths * 6)
    ctx = FieldContext.build(doc)
    assert list(ctx.triggers) == [1]  # the deaths' sentences hold no trigger ...
    before = recognizer_work.copy()
    assert ctx.killed_anywhere() == 6  # ... and are read once, whole, for the gate
    assert recognizer_work["casualties_everywhere"] - before["casualties_everywhere"] == len(doc.norm)
    assert ctx.killed_anywhere() == 6 and recognizer_work["casualties_everywhere"] == before[
        "casualties_everywhere"
    ] + len(doc.norm)
    assert not off_topic([ctx])  # six tolls outweigh the sport words
    lean = FieldContext.build(Document(FOOTBALL + " هاجم فريق الجيش مرمى الشرطة بقوة." + deaths))
    assert off_topic([lean])


def test_the_topic_gate_reads_no_toll_when_the_sport_words_are_too_few() -> None:
    ctx = FieldContext.build(Document(STRIKE + " وسجل مهاجم النادي هدفا."))
    before = recognizer_work["casualties_everywhere"]
    assert not off_topic([ctx])
    assert recognizer_work["casualties_everywhere"] == before


def test_an_article_whose_every_trigger_is_negated_reads_no_place() -> None:
    text = "نفى المتحدث أن تكون الطائرات قد قصفت بلدة خان شيخون أمس، وقال إن الهدوء يسود المنطقة."
    before = recognizer_work.copy()
    assert rasd.extract(text, published=D) == []
    assert recognizer_work["cues"] > before["cues"]  # the trigger's sentence was judged ...
    assert recognizer_work["places"] == before["places"]  # ... and its places never read
    explained = rasd.explain(text, published=D)
    assert explained["country"] == "SY"  # explain still reads everything
    assert [c["reason"] for c in explained["candidates"]] == ["denial"]
    rasd.extract(STRIKE, published=D)
    assert recognizer_work["places"] > before["places"]



def test_asking_for_another_sentences_figures_reads_no_times() -> None:
    """The tolls rule asks for the casualty figures of sentences without a trigger: that reads their
    quantities and casualties, not their times (which nobody asked for)."""
    doc = Document("\n".join([FILLER, STRIKE, FILLER]))
    ctx = FieldContext.build(doc)
    before = recognizer_work.copy()
    ctx.casualties.get(0, [])
    assert recognizer_work["figures"] > before["figures"]
    assert recognizer_work["times"] == before["times"]
    assert ctx.times.get(0, []) == _whole_text(ctx, everywhere=True)["times"][0]
    assert recognizer_work["times"] > before["times"]
