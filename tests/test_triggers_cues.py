"""Event triggers and context cues (rasd.recognize.triggers, rasd.recognize.cues, CODEBOOK §3).

Each sentence is written for these tests. A trigger is looked up by the words it covers, so a phrase
added to the lexicon elsewhere in a sentence does not change what is checked here.
"""

from __future__ import annotations

import pytest

from rasd.assemble.context import FieldContext
from rasd.recognize.cues import find_cues
from rasd.recognize.triggers import TriggerMention, find_triggers
from rasd.text.document import Document
from rasd.text.normalize import normalize

ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"
SD = "Strategic developments"


def trigger_at(text: str, words: str) -> TriggerMention:
    """The trigger overlapping ``words`` in ``text``."""
    doc = Document(text)
    target = normalize(words).text
    position = doc.norm.find(target)
    assert position >= 0, (words, doc.norm)
    found = [t for t in find_triggers(doc) if t.start < position + len(target) and position < t.end]
    assert found, (words, [t.phrase for t in find_triggers(doc)])
    return found[0]


# ---------------------------------------------------------------- type and sub-type


@pytest.mark.parametrize(
    ("text", "words", "event_type", "sub_event_type"),
    [
        # Battles
        ("اندلعت اشتباكات بين الطرفين عند الحاجز.", "اشتباكات", "Battles", "Armed clash"),
        ("وقع تبادل إطلاق النار مع المهربين.", "تبادل إطلاق النار", "Battles", "Armed clash"),
        ("قتل جنديان في كمين نصبه مسلحون.", "كمين", "Battles", "Armed clash"),
        (
            "أعلن الجيش استعادة السيطرة على التلة.",
            "استعادة السيطرة",
            "Battles",
            "Government regains territory",
        ),
        (
            "تمكن المسلحون من السيطرة على القرية.",
            "السيطرة على",
            "Battles",
            "Non-state actor overtakes territory",
        ),
        # Explosions/Remote violence
        ("استهدفت غارة جوية مستودعا للذخيرة.", "غارة جوية", ERV, "Air/drone strike"),
        ("سقطت قذائف الهاون على الحي السكني.", "قذائف الهاون", ERV, "Shelling/artillery/missile attack"),
        (
            "أطلقت الجماعة صاروخا باليستيا نحو المدينة.",
            "صاروخا باليستيا",
            ERV,
            "Shelling/artillery/missile attack",
        ),
        ("فجر انتحاري حزاما ناسفا عند المدخل.", "حزاما ناسفا", ERV, "Suicide bomb"),
        ("انفجرت عبوة ناسفة بسيارة مدنية.", "عبوة ناسفة", ERV, "Remote explosive/landmine/IED"),
        ("انفجرت سيارة مفخخة قرب السوق.", "سيارة مفخخة", ERV, "Remote explosive/landmine/IED"),
        ("ألقى مجهول قنبلة يدوية على المحل.", "قنبلة يدوية", ERV, "Grenade"),
        ("أصيب العشرات بالاختناق بغاز الكلور.", "غاز الكلور", ERV, "Chemical weapon"),
        # Violence against civilians
        ("أعدم المسلحون أسيرين في الساحة.", "أعدم", VAC, "Attack"),
        ("اغتال مسلحون قاضيا أمام منزله.", "اغتال", VAC, "Attack"),
        ("اختطف مسلحون طبيبا من عيادته.", "اختطف", VAC, "Abduction/forced disappearance"),
        ("وثقت المنظمة حالة اغتصاب في القرية.", "اغتصاب", VAC, "Sexual violence"),
        # Protests and riots
        ("نظم الأهالي وقفة احتجاجية أمام البلدية.", "وقفة احتجاجية", "Protests", "Peaceful protest"),
        ("تظاهروا في الساحة الرئيسية.", "تظاهروا", "Protests", "Peaceful protest"),
        (
            "أطلقت الشرطة الغاز لتفريق المتظاهرين.",
            "لتفريق المتظاهرين",
            "Protests",
            "Protest with intervention",
        ),
        ("أضرموا النار في مبنى البلدية.", "أضرموا النار", "Riots", "Violent demonstration"),
        ("شهدت المدينة أعمال شغب ليلية.", "أعمال شغب", "Riots", "Violent demonstration"),
        # Strategic developments
        ("ألقت القبض على مهرب.", "ألقت القبض", SD, "Arrests"),
        ("اعتقلت القوات ناشطا في منزله.", "اعتقلت", SD, "Arrests"),
        ("اعترضت الدفاعات صاروخا فوق البحر.", "اعترضت", SD, "Disrupted weapons use"),
        ("نهب مسلحون محتويات المستودع.", "نهب", SD, "Looting/property destruction"),
        ("انسحبت القوات من المعسكر.", "انسحبت", SD, "Change to group/activity"),
        ("أعلن الطرفان هدنة لمدة يومين.", "هدنة", SD, "Agreement"),
    ],
)
def test_trigger_type_and_sub_type(text, words, event_type, sub_event_type):
    spec = trigger_at(text, words).spec
    assert (spec.event_type, spec.sub_event_type) == (event_type, sub_event_type)


def test_longest_phrase_wins():
    """``قنبلة يدوية`` is a grenade, not the bare ``قنبلة`` (an explosive)."""
    trigger = trigger_at("ألقى مجهول قنبلة يدوية على المحل.", "قنبلة")
    assert trigger.phrase == normalize("قنبلة يدوية").text


def test_trigger_with_proclitic():
    spec = trigger_at("وباشتباكات الأمس قتل عنصران.", "اشتباكات").spec
    assert spec.event_type == "Battles"


def test_killing_word_is_a_casualty_trigger():
    spec = trigger_at("قتل ثلاثة أشخاص في الحادث.", "قتل").spec
    assert spec.casualty
    assert not trigger_at("اغتال مسلحون قاضيا.", "اغتال").spec.casualty


def test_shelling_word_may_become_an_air_strike():
    assert trigger_at("قصفت القوات القرية.", "قصفت").spec.air_upgrade
    assert not trigger_at("استهدفت غارة جوية القرية.", "غارة").spec.air_upgrade


def test_weak_and_strong_triggers():
    assert not trigger_at("استمر القتال حتى المساء.", "القتال").spec.strong
    assert trigger_at("اندلعت اشتباكات حتى المساء.", "اشتباكات").spec.strong


def test_no_trigger_in_a_plain_sentence():
    assert find_triggers(Document("افتتح الوزير مدرسة جديدة في المدينة.")) == []


# ---------------------------------------------------------------- verbal flag


@pytest.mark.parametrize(
    ("text", "words", "verbal"),
    [
        ("قصفت المدفعية القرية.", "قصفت", True),
        ("تواصل القصف على القرية.", "القصف", False),
        ("اشتبكت القوات مع المسلحين.", "اشتبكت", True),
        ("تجددت الاشتباكات في الحي.", "الاشتباكات", False),
        ("اعتقلت الشرطة ناشطا.", "اعتقلت", True),
        ("أدان الحزب اعتقال ناشط.", "اعتقال", False),
        ("انفجرت عبوة في الشارع.", "انفجرت", True),
        ("أسفر انفجار عن أضرار.", "انفجار", False),
        ("اختطف مسلحون تاجرا.", "اختطف", True),
        ("تزايد الخطف في المنطقة.", "الخطف", False),
    ],
)
def test_verbal_flag(text, words, verbal):
    assert trigger_at(text, words).spec.verbal is verbal


# ---------------------------------------------------------------- triggers inside names


def test_trigger_inside_an_actor_name_is_ignored_by_the_context():
    """``الدفاع الجوي`` announces an interception, but in ``الدفاع الجوي السعودي`` it names the force;
    the interception itself (``اعتراض``) still counts."""
    text = "أعلن الدفاع الجوي السعودي اعتراض صاروخ فوق جازان."
    doc = Document(text)
    phrases = [t.phrase for t in find_triggers(doc)]
    assert normalize("الدفاع الجوي").text in phrases  # the recognizer sees it ...
    ctx = FieldContext.build(Document(text))
    kept = [t.phrase for items in ctx.triggers.values() for t in items]
    assert normalize("الدفاع الجوي").text not in kept  # ... the assembly context drops it
    assert normalize("اعتراض").text in kept


def test_channel_named_masira_is_not_a_protest_march():
    """``قناة المسيرة`` is a channel; ``مسيرة احتجاجية`` is a march."""
    text = "أفادت قناة المسيرة بأن الطرق مغلقة."
    assert find_triggers(Document(text)) == []
    channel = FieldContext.build(Document(text))
    assert [t for items in channel.triggers.values() for t in items] == []
    march = FieldContext.build(Document("خرجت مسيرة احتجاجية في الساحة."))
    assert [t.spec.event_type for items in march.triggers.values() for t in items] == ["Protests"]


# ---------------------------------------------------------------- cues


def cue_classes(text: str, words: str) -> frozenset[str]:
    """The classes of the cue covering the first character of ``words``."""
    doc = Document(text)
    position = doc.norm.find(normalize(words).text)
    assert position >= 0, (words, doc.norm)
    found = [m for m in find_cues(doc) if m.start <= position < m.end]
    assert found, (words, [m.phrase for m in find_cues(doc)])
    return found[0].value


@pytest.mark.parametrize(
    ("text", "words", "cue_class"),
    [
        ("لم تقصف الطائرات القرية.", "لم", "negation"),
        ("نفت الوزارة شن غارات على القرية.", "نفت", "denial"),
        ("هددت الجماعة بقصف المطار.", "هددت", "modality"),
        ("سوف تبدأ العملية قريبا.", "سوف", "modality"),
        ("أدان الحزب الهجوم على القافلة.", "أدان", "modality"),
        ("انتقدت المنظمة الاعتقالات.", "انتقدت", "reaction"),
        ("تكررت الغارات منذ بداية الشهر.", "منذ بداية", "habitual"),
        ("قتل جنديان خلال المعارك.", "خلال", "subordinate"),
        ("وقع انفجار في السوق.", "وقع", "occurrence"),
        ("تصاعدت عمليات الخطف في المنطقة.", "عمليات", "generic"),
        ("تقدمت القوات بدعم من الطيران.", "بدعم من", "support"),
        ("هاجمت الفصائل المدعومة من تركيا القرية.", "المدعومة من", "support"),
        ("شنت الطائرات غارات على مواقع المسلحين.", "على", "target"),
        ("اندلعت معارك بين الجيش والمسلحين.", "بين", "between"),
        ("اشتبكت القوات مع المسلحين.", "مع", "versus"),
        ("قال المتحدث إن الوضع هادئ.", "قال", "report"),
        ("قصفت الطائرات الحربية القرية.", "الطائرات", "air"),
        ("ضبطت الشرطة عبوة في السيارة.", "عبوة", "weapon"),
        ("سقطت قذيفة قرب المدرسة.", "قرب", "near"),
        ("سقطت قذيفة بريف المدينة.", "ريف", "countryside"),
        ("سقطت قذيفة في بلدة صغيرة.", "بلدة", "settlement"),
        ("قصف التحالف بقيادة الرياض المواقع.", "بقيادة", "affiliation"),
        ("سقطت صواريخ أطلقها المسلحون.", "أطلقها", "origin_verbs"),
    ],
)
def test_cue_class(text, words, cue_class):
    assert cue_class in cue_classes(text, words)


def test_one_phrase_can_hold_several_classes():
    """``استهدفت`` says an incident happened and introduces its target."""
    assert {"occurrence", "target"} <= cue_classes("استهدفت قذيفة المدرسة.", "استهدفت")


def test_cues_are_found_with_proclitics():
    assert "support" in cue_classes("وتقدمت القوات وبدعم من الطيران.", "بدعم")


def test_plain_words_are_not_cues():
    doc = Document("افتتح الوزير مدرسة جديدة.")
    assert [m.phrase for m in find_cues(doc)] == []
