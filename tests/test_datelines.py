"""Where an event happened, and where its report was only written (issue 9: the month audits).

Every sentence is written for these tests. A place remembered from an earlier sentence is not the scene
of an event its own clause places in another country ("... الأحد في فرنسا"); a dateline, in any of
the outlets' styles, is never a scene.
"""

from __future__ import annotations

import pytest

import rasd
from rasd.audit import find_dateline
from rasd.recognize.places import find_places
from rasd.text.document import Document
from rasd.text.normalize import normalize_term


def _places(text: str) -> list[tuple[str, str, str]]:
    """(sub-event type, location, country) of every record of an article published 16 July 2018."""
    return [(e.sub_event_type, e.location, e.country) for e in rasd.extract(text, published="2018-07-16")]


# ---------------------------------------------------------------- the clause's own country


def test_country_said_after_the_trigger_beats_a_remembered_town_abroad():
    text = (
        "اندلعت اشتباكات عنيفة بين الشرطة ومحتجين في مدينة هلسنكي صباح السبت.\n"
        "وفي تطور آخر، اعتقلت الشرطة ناشطا معارضا الأحد في فرنسا بتهمة التحريض."
    )
    records = _places(text)
    assert ("Arrests", "France", "France") in records
    assert not [r for r in records if r[0] == "Arrests" and r[2] == "Finland"]


def test_country_after_a_proclitic_b_places_the_event_too():
    text = (
        "تظاهر مئات الطلاب في مدينة هلسنكي صباح السبت احتجاجا على رسوم الجامعات.\n"
        "وفي سياق آخر، اعتقلت الشرطة صحفيا الأحد بالسودان بتهمة نشر أخبار كاذبة."
    )
    assert ("Arrests", "Sudan", "Sudan") in _places(text)


def test_a_destination_country_leaves_the_remembered_town():
    """ "إلى مصر" is where the men were going, not where they were held."""
    text = (
        "قصفت طائرات حربية مواقع في بلدة جباليا شمال قطاع غزة فجر الأحد.\n"
        "واعتقلت القوات شابين قرب السياج الأحد كانا في طريقهما إلى مصر."
    )
    countries = {r[2] for r in _places(text)}
    assert countries == {"Palestine"}


# ---------------------------------------------------------------- datelines in the outlets' styles


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("بغداد ـ قتل شخصان بانفجار عبوة في مدينة كركوك.", "بغداد"),
        ("بغداد ـ «الشرق الأوسط»: قتل شخصان بانفجار عبوة في مدينة كركوك.", "بغداد"),
        ("القاهرة/ قتل جنديان بهجوم مسلح في مدينة العريش.", "القاهرة"),
        ("القاهرة/ الأناضول: قتل جنديان بهجوم مسلح في مدينة العريش.", "القاهرة"),
        ("القدس المحتلة - أصيب شاب برصاص الجنود في مدينة نابلس.", "القدس"),
        ("بيروت - رويترز: قتل شخصان بانفجار في مدينة طرابلس.", "بيروت"),
        ("باريس (أ ف ب) - قتل شخصان بانفجار في مدينة طرابلس.", "باريس"),
        ("دبي،\xa0الإمارات العربية المتحدة (CNN)— سقطت قذائف على مدينة إدلب.", "دبي"),
        ("قتلى بقصف على إدلب\nدمشق - سانا: سقطت قذائف على حي باب توما.", "دمشق"),
        ("انتهى الاجتماع دون اتفاق. دبي، الإمارات العربية المتحدة (CNN)-- سقطت قذائف على إدلب.", "دبي"),
    ],
)
def test_every_dateline_style_is_a_frame(text, city):
    mention = next(m for m in find_places(Document(text)) if m.name == normalize_term(city))
    assert mention.cue == "dateline"


def test_a_tatweel_inside_a_word_is_no_dateline_dash():
    """ "بالـ" is the article written long, not a dash after a dateline."""
    mention = next(m for m in find_places(Document("بغداد بالـ قرب مدينة كركوك.")) if m.name == "بغداد")
    assert mention.cue != "dateline"


@pytest.mark.parametrize(
    "text",
    [
        "بغداد ـ «الشرق الأوسط»: اعتقلت الشرطة ثلاثة أشخاص بتهمة تهريب الأسلحة صباح الأحد.",
        "القاهرة/ الأناضول: قتل جنديان بهجوم مسلح صباح الأحد، بحسب بيان للجيش.",
        "القدس المحتلة - أصيب شاب برصاص الجنود خلال مواجهات صباح الأحد.",
    ],
)
def test_a_record_is_never_placed_at_its_dateline(text):
    """The report names no scene: the dateline city is not one (CODEBOOK §12)."""
    assert not [r for r in _places(text) if r[1] in {"Baghdad", "Cairo", "Jerusalem"}]


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("القاهرة/ قتل جنديان بهجوم مسلح في مدينة العريش.", "القاهرة"),
        ("القدس المحتلة - أصيب شاب برصاص الجنود في مدينة نابلس.", "القدس"),
        ("قتلى بقصف على إدلب\nدمشق - سانا: سقطت قذائف على حي باب توما.", "دمشق"),
    ],
)
def test_the_audit_finds_the_same_datelines(text, city):
    line = find_dateline(text)
    assert line is not None and line.city == city and line.points


def test_a_teaser_heading_after_the_first_line_is_no_dateline_for_the_audit():
    assert find_dateline("أخبار اليوم\nسوريا: غارات جوية على مواقع في ريف إدلب.") is None


def test_a_capital_that_only_speaks_yields_to_the_country_the_clause_names():
    """ "موسكو" before the trigger is the government protesting; the arrest was in the United States."""
    records = _places("موسكو تحتج على اعتقال مواطن روسي الأحد في الولايات المتحدة بتهمة التجسس.")
    assert records and {r[2] for r in records} == {"United States"}


def test_a_country_after_an_actor_name_describes_the_actor_not_the_scene():
    """ "قوات التحالف في اليمن" names the coalition; the missile fell on Jizan."""
    text = (
        "سقط صاروخ باليستي على مدينة جازان صباح الأحد.\n"
        "وأسقطت قوات التحالف في اليمن صاروخا ثانيا مساء الأحد."
    )
    assert "Yemen" not in {r[1] for r in _places(text)}


# ---------------------------------------------------------------- a name described by a foreign adjective


def test_a_definite_name_with_a_foreign_nationality_adjective_is_a_common_noun():
    """ "الضفة التشادية" is the Chadian shore of the lake, not the West Bank."""
    names = [m.name for m in find_places(Document("هاجم مسلحون قرية على الضفة التشادية من البحيرة."))]
    assert normalize_term("الضفة") not in names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("قتل شخصان بانفجار في الموصل العراقية.", "الموصل"),  # its own country's adjective
        ("سقطت قذيفة قرب قاعدة حميميم الروسية.", "قاعدة حميميم"),  # the adjective describes the base
        ("هدمت الجرافات منازل في الخليل الإسرائيلية الإدارة.", "الخليل"),  # a held territory's holder
    ],
)
def test_a_name_keeps_its_place_when_the_adjective_may_fit(text, name):
    assert normalize_term(name) in [m.name for m in find_places(Document(text))]


def test_an_attack_on_a_foreign_shore_is_placed_in_the_country_named():
    text = (
        "أعلن مصدر أمني تشادي الأحد مقتل 12 شخصا مساء الخميس "
        "على الضفة التشادية من بحيرة تشاد بأيدي مسلحين."
    )
    records = _places(text)
    assert records and {r[2] for r in records} == {"Chad"}


# ---------------------------------------------------------------- "the capital" and an adjective


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("وشهدت العاصمة البريطانية ظهر الجمعة خروج الآلاف في مظاهرات ضد الزيارة.", "London"),
        ("قتل خمسة أشخاص بانفجار سيارة مفخخة بالعاصمة العراقية صباح الأحد.", "Baghdad"),
        ("قتل خمسة أشخاص بانفجار سيارة مفخخة في العاصمة الأفغانية كابول صباح الأحد.", "Kabul"),
    ],
)
def test_the_capital_with_a_nationality_adjective_is_that_capital_city(text, city):
    records = _places(text)
    assert records and {r[1] for r in records} == {city}


def test_a_temporary_capital_is_not_the_capital():
    """ "العاصمة اليمنية المؤقتة" is Aden, not Sanaa."""
    text = "فجر انتحاري سيارة مفخخة قرب معسكر في العاصمة اليمنية المؤقتة صباح الأحد وقتل ثلاثة جنود."
    assert "Sanaa" not in {r[1] for r in _places(text)}


def test_a_leader_whose_name_begins_with_a_town_names_no_place():
    names = [m.name for m in find_places(Document("خرج أنصار عمران خان في مظاهرات حاشدة مساء الجمعة."))]
    assert normalize_term("عمران") not in names


def test_the_place_people_return_from_is_not_where_they_were_arrested():
    records = rasd.extract(
        "اعتقلت السلطات الهولندية شخصين يشتبه في أنهما مقاتلان لدى عودتهما من تركيا مساء الأحد.",
        published="2018-07-03",
        title="هولندا تعتقل شخصين بعد عودتهما من إسطنبول",
    )
    assert "Turkey" not in {e.country for e in records}


# ------------------------------------------------ capitals that speak, nouns that look like towns


def test_a_foreign_capital_named_bare_as_a_speaker_is_no_remembered_scene():
    """ "وكانت موسكو دعت" is the Russian government; Moscow (Idaho) must not keep it a place."""
    text = (
        "قصفت الطائرات الحربية مدينة دوما في الغوطة الشرقية بريف دمشق صباح الأحد.\n"
        "وكانت موسكو دعت إلى هدنة إنسانية لمدة خمس ساعات يوميا في سوريا.\n"
        "وقتل ما لا يقل عن 20 شخصا يوم الاثنين جراء الغارات الجوية."
    )
    records = _places(text)
    assert records and "Russia" not in {r[2] for r in records}


def test_a_town_name_that_governs_a_definite_noun_is_that_noun():
    """ "جدة الطفلة" is the girl's grandmother, not Jeddah; "في جدة" stays the city."""
    assert not [m for m in find_places(Document("وقالت النيابة إن جدة الطفلة عرضتها للبيع.")) if m.places]
    assert [m for m in find_places(Document("عقد الاجتماع في جدة مساء الأحد.")) if m.places]


def test_a_report_filed_from_a_dateline_about_a_countrys_waters_is_placed_in_that_country():
    """The dateline (Lagos) is no scene; "في المياه النيجيرية" places the kidnapping in Nigeria."""
    records = _places("لاغوس ـ ا ف ب: خطف مسلحون موظف نفط بريطاني من منصة في المياه النيجيرية أمس.")
    assert records and {(r[1], r[2]) for r in records} == {("Nigeria", "Nigeria")}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("انفجرت العبوة في الزاوية الجنوبية الشرقية من مجمع السفارة.", None),  # the southeast corner
        ("قصفت الطائرات مواقع في بادية الرقة الشرقية.", "الرقة"),  # the adjective describes the desert
        ("اقتحمت القوات أحياء في القدس الشرقية صباح الأحد.", "القدس الشرقية"),  # a name of its own
    ],
)
def test_a_compass_adjective_after_a_definite_name(text, kept):
    names = [m.name for m in find_places(Document(text))]
    if kept is None:
        assert normalize_term("الزاوية") not in names
    else:
        assert normalize_term(kept) in names
