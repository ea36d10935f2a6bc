"""Which means an Explosions/Remote violence event was carried out with, and when an attack word is one
(CODEBOOK §3, §12: only an attack whose means are not stated is a clash; sub-types do not split one
incident, which is coded by the means its words tell). End to end through rasd.extract.

Each article is written for these tests.
"""

from __future__ import annotations

import rasd

EXPLOSIONS = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
AIR = "Air/drone strike"


def _types(text: str, published: str = "2018-05-20", title: str | None = None) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in rasd.extract(text, published=published, title=title)]


def test_missile_attack_on_a_market_is_shelling_not_a_clash() -> None:
    text = (
        "أعلنت الشرطة اليوم أن هجوما صاروخيا لفصائل المعارضة استهدف سوقا في مدينة حمص "
        "أسفر عن مقتل عشرة أشخاص."
    )
    assert _types(text) == [(EXPLOSIONS, SHELLING)]


def test_drone_attack_is_an_air_strike() -> None:
    text = "قتل ثلاثة مسلحين اليوم في هجوم بطائرة مسيرة استهدف سيارتهم قرب مدينة مأرب."
    assert _types(text) == [(EXPLOSIONS, AIR)]


def test_missile_attacks_told_as_a_habit_are_no_event() -> None:
    text = "كانت الجماعة تستخدم مدينة الحديدة كنقطة انطلاق لشن هجمات صاروخية على السفن."
    assert _types(text) == []


def test_air_defence_that_saw_a_missile_does_not_make_it_an_air_strike() -> None:
    text = (
        "قال المتحدث إن قوات الدفاع الجوي رصدت صباح اليوم عملية إطلاق صاروخ بالستي باتجاه مدينة نجران، "
        "وأصيب مقيم بجروح طفيفة."
    )
    assert (EXPLOSIONS, AIR) not in _types(text)
    assert (EXPLOSIONS, SHELLING) in _types(text)


def test_aircraft_beside_a_bombardment_still_make_an_air_strike() -> None:
    text = "قصفت الطائرات الحربية اليوم مواقع في مدينة إدلب وقتل أربعة مدنيين."
    assert _types(text) == [(EXPLOSIONS, AIR)]


def test_bombardment_told_again_as_air_raids_is_one_air_strike() -> None:
    text = (
        "قصف الجيش الإسرائيلي ليل الأحد نحو عشرين موقعا في مدينة رفح.\n"
        "واستهدفت الغارات الإسرائيلية مواقع لحركة حماس في رفح ليل الأحد."
    )
    assert _types(text) == [(EXPLOSIONS, AIR)]


def test_bombardment_alone_stays_shelling() -> None:
    text = "قصف الجيش ليل الأحد مواقع المسلحين في مدينة رفح."
    assert _types(text) == [(EXPLOSIONS, SHELLING)]


def test_explosion_told_again_as_a_suicide_bombing_is_a_suicide_bomb() -> None:
    text = (
        "وقع انفجار صباح اليوم أمام مبنى البلدية في مدينة جلال آباد وقتل ستة أشخاص.\n"
        "وقال مسؤول إن تفجيرا انتحاريا نفذه مهاجم في جلال آباد صباح اليوم أدى إلى مقتل ستة أشخاص."
    )
    assert _types(text, "2018-06-17") == [(EXPLOSIONS, "Suicide bomb")]


def test_bombs_that_fell_are_the_air_raids_told_with_them() -> None:
    text = (
        "سقطت قنابل على حي سكني في مدينة إدلب فجر اليوم وقتل طفل.\n"
        "وقالت مصادر محلية إن غارات روسية استهدفت الحي في إدلب فجر اليوم."
    )
    assert _types(text) == [(EXPLOSIONS, AIR)]


def test_attack_a_tanker_was_subjected_to_is_reported() -> None:
    text = "تعرضت ناقلة نفط لهجوم صاروخي شنته جماعة الحوثي غربي ميناء الحديدة اليوم الأربعاء."
    assert _types(text, "2018-07-26") == [(EXPLOSIONS, SHELLING)]


def test_what_someone_already_introduced_was_subjected_to_is_not_reported() -> None:
    text = "أوقفت الشرطة اليوم رجلين يشتبه بصلتهما بالطالبة التي تعرضت للاغتصاب في مدينة كاليه."
    assert ("Violence against civilians", "Sexual violence") not in _types(text)


def test_violence_suffered_repeatedly_is_a_habit_not_an_incident() -> None:
    text = "قالت الفتيات إنهن تعرضن للاغتصاب بشكل متكرر في منزل بمدينة برشلونة."
    assert _types(text) == []


def test_claimed_attack_whose_means_a_later_sentence_tells_is_that_explosion() -> None:
    text = (
        "أعلنت جماعة مسلحة مسؤوليتها عن هجوم تعرضت له القوات الفرنسية في مدينة غاو الأحد.\n"
        'وقال متحدث عسكري: "كان هجوما بسيارة ملغومة صدمت دورية عسكرية".'
    )
    assert _types(text, "2018-07-02") == [(EXPLOSIONS, "Remote explosive/landmine/IED")]


def test_attacks_and_bombings_named_side_by_side_do_not_make_an_ambush_a_bomb() -> None:
    text = (
        "قتل عشرون مقاتلا من قوات الحشد الشعبي في كمين نصبه مسلحو تنظيم داعش قرب مدينة كركوك مساء الأحد.\n"
        "وقال بيان لقوات الحشد الشعبي إن الهجوم وقع مساء الأحد في قضاء الحويجة.\n"
        "وما زال مسلحو التنظيم يشنون هجمات خاطفة أو يقومون بتفجيرات في المدن."
    )
    assert {kind for kind, _ in _types(text, "2018-02-19")} == {"Battles"}


def test_arrests_and_a_cache_found_on_one_day_are_two_developments() -> None:
    text = (
        "أعلن الجيش المصري الخميس أن قواته عثرت على أسلحة وذخائر في مخبأ بمدينة العريش.\n"
        "كما تم القبض على عشرين شخصا من المطلوبين في مدينة العريش الخميس."
    )
    subs = sorted(sub for kind, sub in _types(text, "2018-05-17") if kind == "Strategic developments")
    assert subs == ["Arrests", "Disrupted weapons use"]


def test_forces_dispersing_rioters_in_their_own_words_met_a_protest() -> None:
    text = (
        "أصيب عشرات الفلسطينيين بالرصاص الحي شرق خان يونس اليوم الجمعة خلال احتجاجات قرب الحدود.\n"
        'وقال متحدث عسكري إسرائيلي إن القوات استخدمت "وسائل لتفريق مثيري الشغب" شرق خان يونس اليوم.'
    )
    kinds = {kind for kind, _ in _types(text, "2018-04-13")}
    assert "Riots" not in kinds
    assert "Protests" in kinds


def test_bombardment_by_an_army_whose_jets_the_article_tells_is_an_air_strike() -> None:
    text = (
        "قال بيان للجيش الإسرائيلي إن مقاتلاته استهدفت عشرات المواقع العسكرية داخل سوريا فجر اليوم.\n"
        "وقصف الجيش الإسرائيلي فجر اليوم مواقع عسكرية حول مدينة دمشق."
    )
    assert _types(text, "2018-05-10") == [(EXPLOSIONS, AIR)]


def test_bombardment_by_an_army_whose_guns_the_article_names_stays_shelling() -> None:
    text = (
        "قصفت المدفعية التركية اليوم قرى كردية قرب بلدة سيدكان في محافظة أربيل.\n"
        "وكان الجيش التركي قد نفذ ضربات جوية في منطقة أخرى من كردستان العراق الأسبوع الماضي."
    )
    events = rasd.extract(text, published="2018-07-04")
    assert [e.sub_event_type for e in events if e.event_date.isoformat() == "2018-07-04"] == [SHELLING]


def test_attack_with_the_poison_gases_is_a_chemical_weapon() -> None:
    text = "قال المرصد إن هجوما بالغازات السامة على مدينة دوما السبت أودى بحياة عشرين شخصا."
    assert _types(text, "2018-04-08") == [(EXPLOSIONS, "Chemical weapon")]
