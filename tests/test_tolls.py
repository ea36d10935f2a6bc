"""Tests of the article-level tolls (rasd.assemble.tolls): a toll told in a sentence of its own, no
deaths in non-lethal events, deaths at a protest (CODEBOOK §7, §12). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import rasd
from rasd.assemble.tolls import lethal
from rasd.taxonomy import ARRESTS, BATTLES, EXPLOSIONS, STRATEGIC_DEVELOPMENTS

PUBLISHED = "2018-05-10"


def _records(text: str) -> list[rasd.EventRecord]:
    return rasd.extract(text, published=PUBLISHED, article_id="t")


def test_toll_in_the_sentence_before_the_place_goes_to_the_record() -> None:
    text = (
        "قال التحالف إنه نفذ ضربة جوية شرقي سوريا.\n"
        "وقتل 31 شخصا جراء غارة جوية قرب الحدود، وفقا لمراقبين.\n"
        "وقال متحدث إن طائرات التحالف نفذت غارات جوية في قرية الباغوز بريف دير الزور الأربعاء."
    )
    strikes = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [(r.location, r.fatalities) for r in strikes] == [("Baghuz", 31)]
    assert strikes[0].field_evidence["fatalities"].text == "قتل 31 شخصا"


def test_rising_toll_replaces_the_first_figure() -> None:
    text = (
        "أكدت وزارة الصحة مقتل 6 صحفيين في هجوم انتحاري صباح الأربعاء في العاصمة كابل.\n"
        "وأوضح المتحدث أن المصابين نقلوا إلى المستشفيات، فيما ارتفعت حصيلة القتلى الإجمالية إلى 19 شخصا."
    )
    (record,) = _records(text)
    assert record.fatalities == 19


def test_conflicting_figures_told_nearby_give_the_lowest() -> None:
    text = (
        "قتل ما لا يقل عن 40 شخصا في انفجار استهدف سوقا في شرق البلاد الخميس.\n"
        "وقال قائد الشرطة إن عبوة ناسفة انفجرت في سوق مدينة خوست الخميس.\n"
        "وأفاد مسؤول في الصحة أن 17 شخصا قتلوا على الأقل."
    )
    bombs = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [(r.location, r.fatalities) for r in bombs] == [("Khost", 17)]


def test_a_toll_dated_to_another_month_is_not_attached() -> None:
    text = (
        "قتل القيادي في الحركة بغارة بطائرة بلا طيار الخميس في مدينة ميران شاه.\n"
        "وفي ديسمبر الماضي، اقتحم مسلح من الحركة كلية في المدينة، وقتل تسعة أشخاص على الأقل."
    )
    strikes = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert strikes and all(r.fatalities != 9 for r in strikes)


def test_arrests_carry_no_deaths() -> None:
    # (told apart: arrests in the sentence of the clash they ended are part of that battle, CODEBOOK §12)
    text = "اعتقلت الشرطة 5 أشخاص الثلاثاء في مدينة الموصل. وقتل شرطي في الاشتباك معهم."
    arrests = [r for r in _records(text) if r.sub_event_type == ARRESTS]
    assert arrests and all(r.fatalities == 0 for r in arrests)


def test_lethal_kinds() -> None:
    assert lethal(BATTLES, "Armed clash") and lethal(EXPLOSIONS, "Air/drone strike")
    assert not lethal(STRATEGIC_DEVELOPMENTS, ARRESTS)
    assert not lethal("Violence against civilians", "Abduction/forced disappearance")


def test_a_definite_noun_after_an_old_incident_tells_of_it() -> None:
    text = (
        "أعلنت اللجنة نتائج التصويت في مدينة بئر العبد الأحد.\n"
        "وكانت المدينة شهدت في نوفمبر الماضي هجوما على مسجد من قبل مسلحين.\n"
        "وأسفر الهجوم عن مقتل وإصابة العشرات."
    )
    assert [r for r in _records(text) if r.event_type == BATTLES] == []


def test_a_battle_with_dead_and_wounded_has_three_dead() -> None:
    text = (
        "استعادت قوات الجيش مواقع في مديرية ناطع الجمعة بعد معارك سقط فيها عدد كبير من الحوثيين"
        " بين قتيل وجريح."
    )
    battles = [r for r in _records(text) if r.event_type == BATTLES]
    assert [r.fatalities for r in battles] == [3]


def test_a_toll_with_its_own_place_stays_there() -> None:
    text = (
        "تجددت المظاهرات مساء الجمعة في العاصمة بغداد ومقتل متظاهر في مدينة الديوانية.\n"
        "واستخدمت الشرطة الغاز المسيل للدموع لتفريق المحتجين في بغداد."
    )
    baghdad = [r for r in _records(text) if r.location == "Baghdad"]
    assert baghdad and all(r.fatalities == 0 for r in baghdad)


def test_the_other_sides_dead_add_up() -> None:
    text = (
        "أعلن الجيش الأحد مقتل 9 مسلحين خلال تبادل لإطلاق النار في مدينة العريش،"
        " فيما قتل جنديان من القوات خلال العمليات."
    )
    battles = [r for r in _records(text) if r.event_type == BATTLES]
    assert [r.fatalities for r in battles] == [11]


def test_a_figure_told_again_is_not_added() -> None:
    text = "قتل 9 مسلحين في اشتباك مع الجيش الأحد في مدينة العريش، وقال الجيش إن 9 مسلحين قتلوا."
    battles = [r for r in _records(text) if r.event_type == BATTLES]
    assert [r.fatalities for r in battles] == [9]


def test_a_running_total_of_a_campaign_adds_nothing() -> None:
    text = (
        "وارتفع عدد القتلى في احتجاجات أسبوعية بدأت في 30 مارس في قطاع غزة بعد احتجاجات جديدة الجمعة"
        " إلى 97 قتيلا."
    )
    records = _records(text)
    assert records and all(r.fatalities != 97 for r in records)


def test_a_toll_named_for_another_day_is_not_an_undated_records() -> None:
    text = (
        "تظاهر مئات المحتجين أمام مبنى المحافظة في مدينة البصرة.\n"
        "وأكد مسؤولون مقتل اثنين من المتظاهرين في البصرة السبت."
    )
    records = rasd.extract(text, published="2018-07-15", article_id="t")
    assert [r.fatalities for r in records if r.event_date == dt.date(2018, 7, 15)] == [0]


def test_a_toll_told_near_a_town_goes_to_the_scene_told_next() -> None:
    text = (
        "قتل 19 شخصا من مقاتلي قوات الحشد الشعبي في كمين نصبه مسلحو تنظيم الدولة قرب مدينة كركوك.\n"
        "وقال بيان لقوات الحشد الشعبي إن الهجوم وقع مساء الأحد في قضاء الحويجة في محافظة كركوك."
    )
    records = rasd.extract(text, published="2018-02-19", article_id="t")
    battles = [(r.location, r.event_date, r.fatalities) for r in records if r.event_type == BATTLES]
    assert battles == [("Hawija", dt.date(2018, 2, 18), 19)]


def test_a_scheduled_protest_is_no_event() -> None:
    text = "ومن المقرر أن تصل الاحتجاجات في مدينة غزة إلى ذروتها الثلاثاء."
    assert _records(text) == []


def test_the_exact_figure_nearby_refines_the_vague_one_of_its_record() -> None:
    text = (
        "تجمع آلاف المتظاهرين الاثنين على حدود قطاع غزة، وأطلقت القوات الإسرائيلية عليهم الرصاص وقنابل الغاز"
        " ما أسفر عن مقتل العشرات.\n"
        "وأعلنت وزارة الصحة أن الحفل تزامن مع مقتل 38 فلسطينيا على الحدود."
    )
    protests = [r for r in _records(text) if r.event_type == "Protests"]
    assert [r.fatalities for r in protests] == [38]


def test_a_vague_figure_nearby_fills_no_record() -> None:
    text = "قصفت طائرات التحالف مواقع في مدينة صعدة الثلاثاء.\nوتحدث سكان عن سقوط عدد كبير من الضحايا.\n"
    strikes = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert strikes and all(r.fatalities == 0 for r in strikes)


def test_a_toll_told_in_another_country_is_not_the_records() -> None:
    text = (
        "واغتال مسلحون مذيعا إذاعيا الأربعاء في مدينة مانيلا الفلبينية.\n"
        "وقال باحث إن ذلك جرى يوم مقتل 9 صحافيين في أفغانستان."
    )
    records = _records(text)
    assert records and all(r.fatalities != 9 for r in records)


def test_a_toll_of_another_month_is_not_the_records() -> None:
    text = (
        "قصفت ميليشيا الحوثي حيا سكنيا الأربعاء في مدينة تعز.\n"
        "وكان تقرير كشف عن مقتل 17 مدنيا في قصف على أحياء المدينة، خلال شهر يناير الماضي."
    )
    records = rasd.extract(text, published="2018-03-08", article_id="t")
    assert records and all(r.fatalities != 17 for r in records)


def test_an_anniversarys_toll_is_not_the_records() -> None:
    text = (
        "تظاهر آلاف الفلسطينيين الجمعة في حي الشجاعية بمدينة غزة.\n"
        "ويتزامن ذلك مع يوم الأرض، وهو ذكرى مقتل 6 فلسطينيين برصاص القوات الإسرائيلية."
    )
    records = rasd.extract(text, published="2018-03-31", article_id="t")
    assert records and all(r.fatalities != 6 for r in records)
