"""Classes of false protest and riot records met on the GSR PROTEST half and the tuning months (issue 9):
a state's diplomatic objection, protests expected rather than held, storming and burning by armed men or a
burglar, and the Maghreb or the sunset prayer read as Morocco. Each test has its control: the
demonstration told plainly still gives its record. Every sentence is written for these tests.
"""

from __future__ import annotations

import rasd

_DAY = "2018-05-15"


def _demonstrations(text: str, published: str = _DAY) -> list[rasd.EventRecord]:
    return [e for e in rasd.extract(text, published=published) if e.event_type in ("Protests", "Riots")]


def test_a_ministry_that_protested_to_an_ambassador_held_no_demonstration() -> None:
    text = "واحتجت وزارة الخارجية المصرية رسميا لدى السفير الإثيوبي في القاهرة على تصريحاته."
    assert not _demonstrations(text)


def test_a_country_or_capital_that_protested_held_no_demonstration() -> None:
    assert not _demonstrations("واحتجت كوريا الشمالية على المناورات الأميركية في شبه الجزيرة الكورية.")
    assert not _demonstrations("وأفادت الخارجية في بيان أن موسكو احتجت بشدة على طرد دبلوماسيين روس من أثينا.")


def test_a_note_of_protest_is_diplomacy() -> None:
    text = "وتقدمت المملكة العربية السعودية بمذكرة احتجاج لدى الأمم المتحدة ضد الزوارق الإيرانية في الخليج."
    assert not _demonstrations(text)


def test_staff_of_a_ministry_who_protested_in_the_street_demonstrated() -> None:
    events = _demonstrations("واحتج مئات من موظفي وزارة الصحة أمام مقر الوزارة في بغداد أمس.")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Baghdad")]


def test_protests_expected_are_not_held() -> None:
    text = "أعلن الجيش الإسرائيلي أنه سيضاعف قواته حول قطاع غزة لمواجهة أي تظاهرات محتملة الاثنين في رفح."
    assert not _demonstrations(text)
    assert not _demonstrations("وتشهد العاصمة الفرنسية باريس السبت مظاهرات حاشدة مرتقبة ضد الإصلاحات.")


def test_protests_held_with_an_adjective_of_size_are_reported() -> None:
    events = _demonstrations("وشهدت باريس أمس مظاهرات حاشدة ضد الإصلاحات.")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Paris")]


def test_militants_who_stormed_and_burned_a_building_did_not_riot() -> None:
    text = "واقتحم مسلحون بينهم انتحاريان مقر المفوضية في طرابلس وأضرموا النار في المبنى."
    assert not _demonstrations(text)


def test_soldiers_who_stormed_a_camp_did_not_riot() -> None:
    assert not _demonstrations("وأعلن الجيش الإسرائيلي أن جنوده اقتحموا مخيم الدهيشة في بيت لحم أمس.")


def test_a_burglar_breaking_in_is_no_riot() -> None:
    assert not _demonstrations("وتمكن أصدقاء اللص من اقتحام بهو السجن في مدينة ليون أمس.")


def test_protesters_who_stormed_a_building_rioted() -> None:
    events = _demonstrations("وأقدم عشرات المحتجين صباح الأحد على اقتحام مبنى محافظة البصرة.")
    assert [(e.event_type, e.sub_event_type, e.location) for e in events] == [
        ("Riots", "Violent demonstration", "Basrah")
    ]


def test_the_maghreb_is_not_morocco() -> None:
    text = (
        "واستخدمت قوات الأمن قنابل الغاز المسيل للدموع لتفريق المتظاهرين، وفتحت الطريق الذي يربط بين دول "
        "المغرب العربي ودول المشرق."
    )
    assert not _demonstrations(text)


def test_a_march_after_the_sunset_prayer_is_not_in_morocco() -> None:
    assert not _demonstrations("وخرج العشرات في مظاهرة بعد صلاة المغرب احتجاجا على الغلاء.")
    events = _demonstrations("وخرج العشرات في مظاهرة في الرباط بعد صلاة المغرب احتجاجا على الغلاء.")
    assert [(e.country, e.location) for e in events] == [("Morocco", "Rabat")]


def test_a_past_year_in_what_was_said_after_a_protest_does_not_make_it_history() -> None:
    text = (
        "وتظاهر عشرات النشطاء أمام مقر المحكمة في القاهرة احتجاجا على الحكم، وقال محامي الحزب إن "
        "المحكمة استندت إلى القانون الذي أقر في عام 2005."
    )
    events = _demonstrations(text, published="2007-01-07")
    assert [(e.event_type, e.location, e.event_date.isoformat()) for e in events] == [
        ("Protests", "Cairo", "2007-01-07")
    ]


def test_a_protest_of_a_past_year_is_history() -> None:
    text = "وتظاهر عشرات النشطاء أمام مقر المحكمة في القاهرة في عام 2005 احتجاجا على الحكم."
    assert not _demonstrations(text, published="2007-01-07")


def test_protests_between_seasons_of_past_years_are_history() -> None:
    text = "وهزت احتجاجات واسعة مدينة الرباط على مدى أشهر ما بين خريف 2016 وصيف 2017."
    assert not _demonstrations(text, published="2018-07-13")
    events = _demonstrations("وهزت احتجاجات واسعة مدينة الرباط أمس.", published="2018-07-13")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Rabat")]


def test_a_protest_that_will_be_organized_or_is_wanted_is_not_held() -> None:
    for text in (
        "وسينظم أكبر احتجاج من أجل البيئة والسلام في هلسنكي يوم الأحد.",
        "ويريدون تنظيم احتجاجات مشابهة في مدينة شيكاغو في اليوم نفسه.",
        "وقالت الناشطة إنها ستبدأ إضرابا مفتوحا في مدينة دلهي يوم الجمعة.",
    ):
        assert not _demonstrations(text, "2018-07-13"), text
    events = _demonstrations("ونظم الآلاف أكبر احتجاج من أجل البيئة في هلسنكي يوم الأحد.", "2018-07-16")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Helsinki")]


def test_arrests_made_in_the_past_are_no_incident_of_the_window() -> None:
    def arrests(text: str) -> list[rasd.EventRecord]:
        return [e for e in rasd.extract(text, published=_DAY) if e.sub_event_type == "Arrests"]

    assert not arrests("وقال الوزير في أنقرة إن جهاز الاستخبارات اعتقل أشخاصا في السابق دون الإعلان عن ذلك.")
    assert arrests("وقال الوزير في أنقرة إن جهاز الاستخبارات اعتقل أمس ستة أشخاص.")


def test_a_strike_declared_for_tomorrow_is_not_held() -> None:
    text = "أعلن الرئيس الفلسطيني الاثنين تنكيس الأعلام والإضراب العام في الأراضي الفلسطينية غدا حدادا."
    assert not _demonstrations(text, published="2018-05-14")
    text = "وتظاهر الآلاف أمس في تونس العاصمة، وسيعقد اجتماع للنقابات غدا."
    events = _demonstrations(text, published="2018-05-14")
    assert [(e.event_type, e.event_date.isoformat()) for e in events] == [("Protests", "2018-05-13")]


def test_protesters_who_later_besieged_a_house_protested_that_day() -> None:
    text = "وتظاهر المئات أمس في مدينة الناصرية، وحاصر المتظاهرون في وقت لاحق منزل المحافظ."
    events = _demonstrations(text, published="2018-07-20")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Nassriya")]


def test_listed_cities_after_such_as_are_places() -> None:
    text = "وتظاهر الآلاف أمس في عدد من المدن الجنوبية كالبصرة والناصرية."
    events = _demonstrations(text, published="2018-07-20")
    assert sorted(e.location for e in events) == ["Basrah", "Nassriya"]
    assert not _demonstrations("وقال إن العملية كسرت شوكة المحتجين.", published="2018-07-20")


def test_thousands_demonstrating_in_a_headline_present_tense_protested() -> None:
    events = _demonstrations("الآلاف يتظاهرون في عفرين ضد العملية العسكرية التركية", published="2018-02-19")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Afrin")]


def test_to_pretend_is_no_demonstration() -> None:
    for text in (
        "وأضاف الطبيب أن رئيس الفريق قال إنه يتظاهر وإنه لا يعاني شيئا في تونس.",
        "وآخرون يتظاهرون أنهم عرافون في برلين.",
        "ويتظاهرون بقبول المحادثات في كابول.",
    ):
        assert not _demonstrations(text, published="2018-05-14"), text


def test_the_city_an_embassy_moved_to_is_not_the_scene_of_the_protest() -> None:
    text = (
        "وقتلت القوات الإسرائيلية عشرات الفلسطينيين أمس خلال احتجاجات على حدود قطاع غزة على نقل السفارة "
        "الأميركية إلى القدس."
    )
    events = _demonstrations(text)
    assert [(e.country, e.location) for e in events] == [("Palestine", "Gaza City")]


def test_a_protest_in_front_of_an_embassy_is_at_the_embassy() -> None:
    events = _demonstrations("وتظاهر المئات أمس أمام السفارة الأميركية في عمان احتجاجا على القرار.")
    assert [(e.country, e.location) for e in events] == [("Jordan", "Amman")]


def test_protests_named_in_what_was_said_on_a_day_are_no_new_protest() -> None:
    text = "واعتبر المفوض الأممي الجمعة أن الرد الإسرائيلي على تظاهرات الفلسطينيين في غزة لم يكن متكافئا."
    assert not _demonstrations(text, published="2018-05-18")
    events = _demonstrations("وشهدت غزة الجمعة تظاهرات للفلسطينيين قرب الحدود.", published="2018-05-18")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Gaza City")]


def test_explain_tells_why_the_embassy_city_and_the_objection_were_set_aside() -> None:
    text = (
        "وقتلت القوات الإسرائيلية عشرات الفلسطينيين أمس خلال احتجاجات على حدود قطاع غزة على نقل السفارة "
        "الأميركية إلى القدس. واحتجت وزارة الخارجية الأردنية رسميا على القرار في عمان."
    )
    why = rasd.explain(text, published=_DAY)
    places = [c["place"] for c in why["candidates"] if c.get("place")]
    notes = {option["text"]: option["note"] for place in places for option in place["candidates"]}
    assert notes["القدس"].startswith("where an embassy was moved")
    assert "official_objection" in {c["reason"] for c in why["candidates"]}
