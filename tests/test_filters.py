"""What is not an event (``assemble/filters.py``), rule by rule, on single sentences written for the
test: each rule fires on its sentence and not on the plain report beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.assemble import filters
from rasd.assemble.context import FieldContext
from rasd.assemble.model import Candidate
from rasd.recognize.triggers import TriggerMention
from rasd.text.document import Document
from rasd.text.segment import Sentence

REPORT = "قصفت الطائرات الحربية بلدة الباغوز اليوم."
KNOWN = "أثار التفجير الذي استهدف السوق غضبا واسعا في مدينة الرقة."
DATED = "أسفر التفجير الذي وقع يوم السبت عن مقتل ثلاثة في مدينة الرقة."


def trigger_in(text: str, phrase_start: str = "") -> tuple[FieldContext, Sentence, TriggerMention]:
    """The one-sentence text's context, its sentence, and its trigger (the one whose phrase starts so)."""
    ctx = FieldContext.build(Document(text, "text"))
    sentence = ctx.doc.sentences[0]
    found = [t for t in ctx.triggers.get(0, []) if t.phrase.startswith(phrase_start)]
    assert found, f"no trigger {phrase_start!r} in {text!r}"
    return ctx, sentence, found[0]


def test_a_plain_report_passes_every_rule():
    ctx, sentence, trigger = trigger_in(REPORT)
    assert not filters.filtered(ctx, sentence, trigger)
    assert not filters.subordinate(ctx, sentence, trigger)
    assert not filters.known_incident(ctx, sentence, trigger)
    assert filters.anchored(ctx, sentence, trigger, [trigger])


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("negation", "لم تقصف الطائرات الحربية بلدة الباغوز اليوم.", "تقصف"),
        ("question", "هل قصفت الطائرات الحربية بلدة الباغوز اليوم؟", "قصفت"),
        ("denial", "نفت وزارة الدفاع شن غارات على بلدة الباغوز.", "غارات"),
        ("threat", "هدد التنظيم بتفجير السوق في مدينة الرقة.", "تفجير"),
        ("purpose", "حشد الجيش قواته للسيطرة على مدينة الرقة.", "السيطره"),
        ("habit", "تقصف الطائرات الحربية البلدة كل يوم.", "تقصف"),
        ("relative clause", "فرقت الشرطة المتظاهرين الذين تظاهروا أمام البرلمان.", "تظاهروا"),
        (
            "reaction to a known incident",
            "أثار التفجير الذي استهدف السوق غضبا واسعا في مدينة الرقة.",
            "تفجير",
        ),
    ],
)
def test_a_clause_that_does_not_report_is_filtered(why, text, phrase):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert filters.filtered(ctx, sentence, trigger), why


def test_a_known_incident_is_one_the_relative_clause_does_not_date():
    ctx, sentence, trigger = trigger_in(KNOWN, "تفجير")
    assert filters.known_incident(ctx, sentence, trigger)
    ctx, sentence, trigger = trigger_in(
        "أسفر التفجير الذي وقع يوم السبت عن مقتل ثلاثة في مدينة الرقة.", "تفجير"
    )
    assert not filters.known_incident(ctx, sentence, trigger)
    assert not filters.filtered(ctx, sentence, trigger)


def test_a_battle_that_sets_the_scene_is_subordinate_to_the_killing():
    ctx, sentence, battle = trigger_in("قتل ثلاثة مدنيين خلال المعارك في بلدة الباغوز.", "المعارك")
    assert filters.subordinate(ctx, sentence, battle)
    _, _, killing = trigger_in("قتل ثلاثة مدنيين خلال المعارك في بلدة الباغوز.", "قتل")
    assert not filters.subordinate(ctx, sentence, killing)


def test_a_noun_trigger_needs_an_anchor_in_its_sentence():
    ctx, sentence, trigger = trigger_in("اندلعت اشتباكات عنيفة اليوم في بلدة الباغوز.", "اشتباكات")
    assert filters.anchored(ctx, sentence, trigger, ctx.triggers[0])
    ctx, sentence, trigger = trigger_in("ناقش المؤتمر ملف الاشتباكات والمعارك في المنطقة.", "الاشتباكات")
    assert not filters.anchored(ctx, sentence, trigger, ctx.triggers[0])


def test_a_weak_trigger_stands_with_deaths_or_two_sides_or_a_dated_doer():
    ctx, sentence, trigger = trigger_in("ناقش المؤتمر ملف الاشتباكات والمعارك في المنطقة.", "الاشتباكات")

    def made(**fields) -> Candidate:
        return Candidate("Battles", "Armed clash", "text", sentence, trigger, **fields)

    assert not filters.weak_supported(ctx, sentence, made())
    assert not filters.weak_supported(ctx, sentence, made(perpetrator="sdf"))  # no time word here
    assert filters.weak_supported(ctx, sentence, made(fatalities=2))
    assert filters.weak_supported(ctx, sentence, made(perpetrator="sdf", target="islamic_state"))
    dated_ctx, dated_sentence, _ = trigger_in(REPORT)
    assert filters.weak_supported(dated_ctx, dated_sentence, made(perpetrator="sdf"))


def test_a_toll_over_this_period_is_background() -> None:
    """``خلال هذه الفترة``: the toll of the period the article spoke of, no one incident's (CODEBOOK §12)."""
    import rasd

    text = (
        "قتل 12 شخصا في قصف صاروخي على سوق في مدينة جرمانا الثلاثاء.\n"
        "ووثق المرصد خلال هذه الفترة مقتل نحو 45 مدنيا في قذائف الفصائل على المدينة."
    )
    records = rasd.extract(text, published="2018-03-20", article_id="t")
    assert records and all(r.fatalities != 45 for r in records)


def test_a_bloody_weeks_toll_is_background() -> None:
    """``بعد أسبوع دام قتل خلاله 17 فلسطينيا``: a week's toll, no one incident's (CODEBOOK §12)."""
    import rasd

    text = (
        "خرجت مظاهرات الجمعة في قطاع غزة.\n"
        "وتأتي المظاهرات بعد أسبوع دام قتل خلاله 17 فلسطينيا برصاص الجيش."
    )
    records = rasd.extract(text, published="2018-04-06", article_id="t")
    assert records and all(r.fatalities != 17 for r in records)


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("a statement stopped", "أوقفت وزارة الإعلام بيانا كانت تعده أمس في بغداد.", "اوقفت"),
        ("a war stopped", "وقال المدرب إن اللاعب أوقف حربا أهلية في بلاده.", "اوقف"),
        ("ships held", "أعلنت الحكومة احتجاز سفينتين تحملان قمحا في ميناء الحديدة.", "احتجاز"),
        ("a law suspended", "أوقف البرلمان مؤقتا قانونا مقترحا للضرائب.", "اوقف"),
    ],
)
def test_a_stop_verb_with_no_person_taken_is_no_arrest(why, text, phrase):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert trigger.spec.arrest
    assert filters.filtered(ctx, sentence, trigger), why


@pytest.mark.parametrize(
    ("who", "text", "phrase"),
    [
        ("a count of people", "أوقفت الشرطة العراقية ثلاثة أشخاص في البصرة أمس.", "اوقفت"),
        ("a suspect", "أوقفت الشرطة الفرنسية مشتبها به في مدينة ليون.", "اوقفت"),
        ("a number of", "أوقفت الشرطة التركية عددا من الصحفيين في إسطنبول.", "اوقفت"),
        ("a counted noun", "احتجزت قوات الأمن خمسة طلاب في جامعة صنعاء.", "احتجزت"),
        ("a leader", "أعلنت الداخلية توقيف قيادي في التنظيم بمدينة طرابلس.", "توقيف"),
        ("a nationality", "أعلنت الشرطة توقيف تونسيين اثنين في مدينة نيس.", "توقيف"),
    ],
)
def test_a_stop_verb_that_takes_people_is_an_arrest(who, text, phrase):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert trigger.spec.arrest
    assert not filters.filtered(ctx, sentence, trigger), who


def _speech(text: str, phrase: str) -> bool:
    ctx, sentence, trigger = trigger_in(text, phrase)
    return filters.retold_in_speech(ctx, sentence, trigger)


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("a president's accusation", "وقال الرئيس إن الحكومة نفذت الهجوم الكيماوي على دوما.", "الهجوم"),
        ("a minister's claim", "وأكد الوزير أن قوات النظام استخدمت غاز السارين في خان شيخون.", "غاز"),
        ("a leader on a strike", "وقال الأمين العام للحزب إن الاحتلال ارتكب خطأ كبيرا بشنه الغارة.", "غاره"),
    ],
)
def test_a_known_incident_retold_in_speech_is_no_new_report(why, text, phrase):
    assert _speech(text, phrase), why


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("indefinite: a new incident", "وقال الوزير إن هجوما انتحاريا استهدف السوق في مدينة الحلة.", "هجوما"),
        ("dated", "وقال الرئيس إن الهجوم الكيماوي وقع يوم السبت في دوما.", "الهجوم"),
        ("witnesses tell the news", "وأفاد شهود عيان أن الغارات استهدفت سوقا في مدينة إدلب.", "غارات"),
        ("reports tell the news", "وتقول تقارير إن الغارات استهدفت مبنى الوزارة في صنعاء.", "غارات"),
        ("no speech", "واستهدفت الغارات مبنى الوزارة في صنعاء.", "غارات"),
    ],
)
def test_a_definite_incident_told_as_news_is_not_a_retelling(why, text, phrase):
    assert not _speech(text, phrase), why


def _pluperfect(text: str) -> bool:
    ctx = FieldContext.build(Document(text, "text"))
    return filters.undated_pluperfect(ctx, ctx.doc.sentences[0])


@pytest.mark.parametrize(
    ("why", "text", "background"),
    [
        ("undated pluperfect", "وكان مسلحون قد هاجموا مسرحا في باريس وقتلوا 90 شخصا.", True),
        ("a group's earlier word", "وكانت جماعة محلية أكدت أن القصف أسفر عن مقتل سبعين شخصا في دوما.", True),
        ("dated pluperfect", "وكانت القوات قد قصفت بلدة حرض يوم الجمعة.", False),
        ("reports tell the news", "وكانت تقارير قد تحدثت عن خروج مظاهرة في مدينة البصرة.", False),
        ("plain past", "وقصفت القوات بلدة حرض.", False),
    ],
)
def test_an_undated_pluperfect_sentence_is_background(why, text, background):
    assert _pluperfect(text) is background, why


@pytest.mark.parametrize(
    ("why", "text", "phrase", "dropped"),
    [
        ("investigators", "وقال المحققون إن الطائرة أسقطت بصاروخ فوق مدينة دونيتسك.", "اسقطت", True),
        ("an inquiry's finding", "وأكدت التحقيقات أن المتهمين قتلوا ضابطا في مدينة المنصورة.", "قتلوا", True),
        ("dated", "وقال المحققون إن الطائرة أسقطت أمس فوق مدينة دونيتسك.", "اسقطت", False),
        ("no inquiry", "وقال الجيش إن الطائرة أسقطت فوق مدينة دونيتسك.", "اسقطت", False),
    ],
)
def test_an_undated_inquiry_finding_is_no_new_incident(why, text, phrase, dropped):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert filters.filtered(ctx, sentence, trigger) is dropped, why


@pytest.mark.parametrize(
    ("why", "text", "phrase", "dropped"),
    [
        ("since a year", "وقالت المنظمة إن المسلحين خطفوا ألف طفل منذ عام 2013.", "خطفوا", True),
        (
            "the period is another clause's",
            "قتل الجيش أربعة فلسطينيين الجمعة في غزة حيث يتواصل الاحتجاج منذ 30 مارس.",
            "قتل",
            False,
        ),
        ("after a comma", "وخطف المسلحون عشرة أطفال في نيجيريا أمس، في أسوأ هجوم منذ 2014.", "خطف", False),
    ],
)
def test_a_since_period_closing_the_clause_makes_a_total(why, text, phrase, dropped):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert filters.filtered(ctx, sentence, trigger) is dropped, why


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("a practice kept up", "ودأبت الميليشيات على قصف مدينة جازان بالصواريخ.", "قصف"),
        ("incitement", "وكان يتابع تحريض التنظيم على طعن ضباط الشرطة في مدينة لييج.", "طعن"),
    ],
)
def test_a_habit_or_an_incitement_is_no_incident(why, text, phrase):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert filters.filtered(ctx, sentence, trigger), why


def test_a_toll_of_the_running_year_is_background() -> None:
    text = "وقالت المنظمة إن الغارات أوقعت 63 قتيلا في المحافظة هذا العام."
    ctx = FieldContext.build(Document(text, "text"))
    sentence = ctx.doc.sentences[0]
    killed = [c for c in ctx.casualties.get(0, []) if c.outcome == "killed"]
    assert killed and all(filters.background_toll(ctx, sentence, c) for c in killed)


def test_a_toll_a_week_after_which_is_told_is_not_background() -> None:
    text = "ويأتي الهجوم بعد نحو أسبوع من مقتل 25 شخصا في اعتداءين شهدتهما العاصمة كابول."
    ctx = FieldContext.build(Document(text, "text"))
    sentence = ctx.doc.sentences[0]
    killed = [c for c in ctx.casualties.get(0, []) if c.outcome == "killed"]
    assert killed and not any(filters.background_toll(ctx, sentence, c) for c in killed)


@pytest.mark.parametrize(
    ("why", "text", "history"),
    [
        ("before a past year", "وكان الكنيس يستقبل الزوار قبل 2002 حين قتل 21 شخصا في هجوم.", True),
        ("in a past year", "وقتل 30 شخصا في هجوم على السوق في 2014.", True),
        ("since a past year", "وقتل 30 شخصا في أسوأ هجوم على السوق منذ 2014.", False),
        ("this year", "وقتل 30 شخصا في هجوم على السوق في 2018.", False),
    ],
)
def test_a_sentence_naming_a_past_year_tells_history(why, text, history):
    ctx = FieldContext.build(Document(text, "text"))
    published = dt.date(2018, 5, 2)
    assert filters.past_year_named(ctx, ctx.doc.sentences[0], published) is history, why


def test_a_crowd_told_in_the_pluperfect_is_still_a_protest() -> None:
    """The pluperfect drop spares protests: "وكان الآلاف قد خرجوا في مسيرات" tells the news from its start."""
    import rasd

    history = "وكان مسلحون قد هاجموا مركزا للشرطة في مدينة البصرة وقتلوا ثلاثة من عناصره."
    crowd = "وكان الآلاف قد خرجوا في مسيرات في مدينة البصرة للمطالبة بتحسين الخدمات."
    assert not rasd.extract(history, published="2018-07-15")
    assert rasd.extract(crowd, published="2018-07-15")


@pytest.mark.parametrize(
    ("why", "text", "phrase"),
    [
        ("no evidence of it", "وقالت موسكو إنها لم تجد أي دليل على وقوع هجوم كيميائي في دوما.", "هجوم"),
        ("the evidence points", "وقال الاتحاد إن الدلائل تشير إلى هجوم كيماوي على دوما.", "هجوم"),
    ],
)
def test_evidence_or_belief_of_an_incident_is_a_claim(why, text, phrase):
    ctx, sentence, trigger = trigger_in(text, phrase)
    assert filters.filtered(ctx, sentence, trigger), why
