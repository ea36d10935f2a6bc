"""Protests and riots as ACLED codes them (CODEBOOK §3, §12): what a protest is, its sub-type from who
used force and how, one record per city of a protest list, and the force that intervened as actor2.

Each article is written for these tests.
"""

from __future__ import annotations

import rasd

_DAY = "2018-07-20"


def _demonstrations(text: str, published: str = _DAY) -> list[rasd.EventRecord]:
    return [e for e in rasd.extract(text, published=published) if e.event_type in ("Protests", "Riots")]


def test_fans_who_gathered_in_a_stadium_did_not_protest() -> None:
    text = "وتجمع آلاف المشجعين أمس في ملعب مدينة البصرة لمتابعة المباراة النهائية للدوري."
    assert _demonstrations(text) == []


def test_a_summit_that_brings_leaders_together_is_no_protest() -> None:
    text = "تستضيف بغداد اليوم قمة تجمع رئيس الوزراء العراقي إلى الرئيس الإيراني لبحث أمن الحدود."
    assert _demonstrations(text) == []


def test_a_crowd_that_gathered_to_demand_is_a_protest() -> None:
    text = "تجمع مئات من الأهالي أمس أمام مبنى المحافظة في مدينة البصرة مطالبين بتوفير الكهرباء والماء."
    events = _demonstrations(text)
    assert [(e.event_type, e.sub_event_type, e.location) for e in events] == [
        ("Protests", "Peaceful protest", "Basrah")
    ]


def test_a_protest_in_a_capital_abroad_is_placed_though_its_country_is_not_named() -> None:
    text = "تظاهر مئات من الطلاب أمس وسط نيودلهي احتجاجا على رفع رسوم الجامعات."
    assert [(e.location, e.country) for e in _demonstrations(text)] == [("New Delhi", "India")]


def test_towns_of_one_country_listed_together_vouch_for_each_other() -> None:
    text = "وخرجت أمس مظاهرات في مدن واو وملكال ورمبيك تأييدا لقرار الحركة."
    places = {(e.location, e.country) for e in _demonstrations(text)}
    assert ("Wau", "South Sudan") in places and ("Malakal", "South Sudan") in places


def test_a_march_that_ended_in_stone_throwing_is_one_riot() -> None:
    text = (
        "تظاهر مئات الشبان أمس في مدينة الناصرية احتجاجا على انقطاع الكهرباء.\n"
        "ورشق المتظاهرون قوات الأمن بالحجارة أمام مبنى المحافظة في الناصرية أمس."
    )
    events = _demonstrations(text)
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Riots", "Violent demonstration")]


def test_arrests_at_a_protest_are_its_intervention_not_an_event_of_their_own() -> None:
    text = (
        "تظاهر مئات العمال أمس في مدينة خرمشهر احتجاجا على تلوث مياه الشرب.\n"
        "واعتقلت الشرطة أمس عددا من المحتجين في خرمشهر."
    )
    events = rasd.extract(text, published=_DAY)
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Protests", "Protest with intervention")]
    assert events[0].actor2.startswith("Police Forces of Iran")


def test_confrontations_whose_dead_are_the_crowd_are_excessive_force() -> None:
    text = (
        "خرج آلاف الفلسطينيين في مسيرات قرب السياج الحدودي شرق مدينة خان يونس يوم الجمعة، "
        "وأدت المواجهات مع القوات الإسرائيلية إلى مقتل ثلاثة فلسطينيين."
    )
    events = _demonstrations(text, "2018-04-14")
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]
    assert events[0].actor2.startswith("Military Forces of Israel")


def test_confrontations_where_the_crowd_burned_offices_stay_a_riot() -> None:
    text = "وسقط قتلى خلال مواجهات بين قوات الأمن ومتظاهرين في السماوة أمس، حيث تم إحراق مقرات الأحزاب."
    events = _demonstrations(text)
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Riots", "Violent demonstration")]


def test_thousands_who_took_to_the_streets_of_listed_cities_protested_in_each() -> None:
    text = "وأفادت تقارير أمس بخروج الآلاف إلى الشوارع في مدن الناصرية والديوانية والسماوة."
    places = sorted(e.location for e in _demonstrations(text))
    assert len(places) == 3 and len(set(places)) == 3


def test_thousands_leaving_a_besieged_town_are_no_protest() -> None:
    text = "وأفادت تقارير أمس بخروج آلاف المدنيين من مدينة دوما عبر ممر آمن."
    assert _demonstrations(text, "2018-04-10") == []


def test_a_quote_about_these_protests_is_no_new_protest() -> None:
    text = 'وقال أحد المشاركين في البصرة أمس إن "على الحكومة أن تأخذ في حسبانها هذه المظاهرات".'
    assert _demonstrations(text) == []


def test_the_right_to_demonstrate_is_no_demonstration() -> None:
    text = 'وأكد محافظ البصرة أن "التظاهر السلمي حق يكفله الدستور".'
    assert _demonstrations(text) == []


def test_resigning_in_protest_is_no_demonstration() -> None:
    text = "استقال وزير الكهرباء أمس في بغداد احتجاجا على قرار الحكومة خفض ميزانية الوزارة."
    assert _demonstrations(text) == []


def test_a_counted_crowd_in_protest_is_a_demonstration() -> None:
    text = "ووقف مئات العمال أمس أمام مصفاة البصرة احتجاجا على تأخر رواتبهم."
    assert [e.location for e in _demonstrations(text)] == ["Basrah"]


def test_a_date_that_names_a_coup_does_not_date_the_protest_against_it() -> None:
    text = "اندلعت في نواكشوط مظاهرات مناوئة لانقلاب السادس من أغسطس الماضي."
    events = _demonstrations(text, "2018-10-17")
    found = [(e.location, str(e.event_date), e.time_precision) for e in events]
    assert found == [("Nouakchott", "2018-10-17", 2)]


def test_a_protest_told_in_a_relative_clause_describes_people_and_is_no_report() -> None:
    text = "وقال النائب إن شيعة العراق الذين خرجوا في مظاهرات في النجف وكربلاء أدركوا خطأهم."
    assert _demonstrations(text) == []


def test_a_protest_told_in_a_relative_clause_beside_its_toll_is_reported() -> None:
    text = "قتل متظاهر أمس في نواكشوط خلال صدامات مع قوى الأمن التي كانت تفرق مظاهرة احتجاج على الغلاء."
    assert [e.location for e in _demonstrations(text)] == ["Nouakchott"]


def test_protesters_remembering_soldiers_killed_in_battles_did_not_riot() -> None:
    text = (
        "ووضع متظاهرون مناهضون للحرب أمس في لندن أحذية لجنود قتلوا أثناء معارك وقعت في العراق."
    )
    assert all(e.event_type != "Riots" for e in rasd.extract(text, published=_DAY))


def test_a_protest_that_is_the_scene_of_a_killing_yields_to_it() -> None:
    text = "وقتل شاب أمس في أحد الاحتجاجات بمدينة الموصل عندما فجر انتحاري نفسه وسط الحشد."
    assert _demonstrations(text) == []


def test_a_date_of_a_past_attack_before_the_trigger_still_frames_the_sentence() -> None:
    text = "وأجاز الرئيس برنامج الاحتجاز في واشنطن بعد هجمات 11 سبتمبر 2001."
    assert rasd.extract(text, published="2018-05-08") == []


def test_forces_that_killed_nationals_during_clashes_and_protests_used_excessive_force() -> None:
    text = "وقتل 61 فلسطينيا برصاص القوات الإسرائيلية خلال اشتباكات واحتجاجات الاثنين شرق مدينة غزة."
    events = _demonstrations(text, "2018-05-15")
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]


def test_an_execution_recalled_at_a_rally_is_no_force_against_its_protesters() -> None:
    text = "وتحدثت ابنته أمس أثناء تجمع في عمان مطالبين بالإفراج عن المعتقلين بعد إعدام والدها."
    events = rasd.extract(text, published=_DAY)
    assert all(e.sub_event_type != "Excessive force against protesters" for e in events)


def test_people_killed_during_protests_and_clashes_with_forces_met_excessive_force() -> None:
    text = "وقتل 62 منهم أمس شرق مدينة غزة خلال تظاهرات ومواجهات مع القوات الإسرائيلية."
    events = _demonstrations(text, "2018-05-15")
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]


def test_protesters_who_block_a_road_protest_peacefully() -> None:
    text = "وقطعوا الطريق المؤدي إلى ميناء أم قصر أمس."
    events = _demonstrations(text)
    assert [(e.event_type, e.sub_event_type, e.location) for e in events] == [
        ("Protests", "Peaceful protest", "Umm Qasr")
    ]


def test_closing_a_border_crossing_is_no_riot() -> None:
    text = "وأعلنت السلطات أمس إغلاق معبر رفح في الاتجاهين حتى إشعار آخر."
    assert _demonstrations(text, "2018-05-20") == []


def test_protesters_who_tried_to_storm_a_building_rioted_whatever_verb_tells_it() -> None:
    text = "وقالت تقارير إن مئات المتظاهرين حاولوا اقتحام مبنى محافظة البصرة."
    assert [(e.event_type, e.location) for e in _demonstrations(text)] == [("Riots", "Basrah")]


def test_a_crowd_that_attacked_with_stones_rioted() -> None:
    text = "وأطلق حراس المقر النار لإبعاد المحتجين الذين هاجموا المقر بالحجارة في الديوانية."
    assert [e.event_type for e in _demonstrations(text)] == ["Riots"]


def test_a_protest_scheduled_to_peak_on_a_weekday_is_not_yet_an_event() -> None:
    text = "ومن المقرر أن تصل الاحتجاجات في مدينة غزة إلى ذروتها الثلاثاء."
    assert _demonstrations(text, "2018-05-14") == []


def test_dispersal_with_live_fire_and_tear_gas_is_excessive_force() -> None:
    text = "وأطلقت القوات الإسرائيلية أمس الرصاص الحي وقنابل الغاز على المتظاهرين شرق مدينة غزة."
    events = _demonstrations(text, "2018-05-15")
    assert [e.sub_event_type for e in events] == ["Excessive force against protesters"]


def test_allegations_that_police_pushed_rioters_into_a_march_are_no_report() -> None:
    text = "ونشرت صحيفة أمس ادعاءات بأن الشرطة دفعت مشاغبين نحو مسيرة سلمية في بودابست."
    assert _demonstrations(text, "2006-11-03") == []


def test_detainees_of_past_protests_are_people_not_a_protest() -> None:
    text = "وتوفي في طهران أمس معتقل من معتقلي الاحتجاجات الأخيرة."
    assert _demonstrations(text, "2018-02-25") == []


def test_live_fire_told_for_one_city_of_a_wave_does_not_make_every_protest_excessive() -> None:
    text = (
        "وأطلقت الشرطة العراقية الرصاص الحي على المتظاهرين في الناصرية أمس.\n"
        "وتظاهر مئات العمال أمس أمام مبنى محافظة المثنى في السماوة.\n"
        "وفي الكوت، قال مسؤول محلي إن الوضع هادئ.\n"
        "وفي البصرة، تجمع مئات الطلاب أمام الجامعة أمس مطالبين بفرص عمل."
    )
    subs = {e.location: e.sub_event_type for e in _demonstrations(text)}
    assert subs.get("Basrah") == "Peaceful protest"


def test_confrontations_where_forces_fired_live_rounds_are_excessive_force() -> None:
    text = "واندلعت أمس مواجهات دامية شرق مدينة غزة أطلقت فيها القوات الإسرائيلية الرصاص الحي على المتظاهرين."
    events = _demonstrations(text, "2018-05-15")
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]


def test_forces_that_used_tear_gas_to_disperse_a_crowd_intervened() -> None:
    text = "واستخدمت القوات الأمنية الغاز المسيل للدموع والهراوات لتفريق المحتجين في بغداد."
    events = _demonstrations(text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Protest with intervention", "Baghdad")]


def test_a_protest_that_lost_a_toll_placed_elsewhere_keeps_the_dispersal_told_later() -> None:
    text = (
        "مظاهرات في شوارع بغداد ومقتل متظاهر في الديوانية أمس.\n"
        "واستخدمت القوات الأمنية الغاز المسيل للدموع لتفريق المحتجين في بغداد أمس."
    )
    baghdad = [e for e in _demonstrations(text) if e.location == "Baghdad"]
    assert [(e.sub_event_type, bool(e.actor2)) for e in baghdad] == [("Protest with intervention", True)]


def test_youths_confronting_the_army_rioted() -> None:
    text = "واندلعت مواجهات أمس بين الشبان وجيش الاحتلال خلال اقتحامه مخيم الدهيشة قرب بيت لحم."
    events = rasd.extract(text, published="2018-04-16")
    assert [e.event_type for e in events] == ["Riots"]


def test_armed_youths_clashing_with_the_army_fought_a_battle() -> None:
    text = "واندلعت اشتباكات أمس بين شبان مسلحين وجيش الاحتلال قرب بيت لحم."
    assert all(e.event_type != "Riots" for e in rasd.extract(text, published="2018-04-16"))


def test_smaller_demonstrations_in_two_named_cities_are_one_protest_each() -> None:
    text = "ولم ترد تقارير بوقوع حوادث في مظاهرات أصغر حجما في مدينتي كولونيا وفوبرتال."
    places = sorted(e.location for e in _demonstrations(text, "2018-03-17"))
    assert places == ["Köln", "Wuppertal"]  # GeoNames spells Cologne so
