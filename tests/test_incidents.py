"""Incident or background, and where (issue 9): war totals, cumulative and period tolls never become
an incident's toll (CODEBOOK §12); a dateline is never an event's place; a country name is the country.

Every sentence is written for these tests.
"""

from __future__ import annotations

import rasd
from rasd.recognize.places import find_places
from rasd.text.document import Document

D = "2018-05-20"


def _events(text: str, title: str | None = None):
    return rasd.extract(text, published=D, title=title, outlet="Test Outlet", article_id="t")


def test_war_total_is_no_incident():
    text = "وأدت الحرب في اليمن إلى مقتل نحو عشرة آلاف شخص منذ عام 2015."
    assert _events(text) == []


def test_war_sized_toll_is_never_attributed():
    text = "وقد خلف القتال في سوريا أكثر من 350 ألف قتيل."
    assert all(e.fatalities < 500 for e in _events(text))


def test_half_a_million_is_background():
    text = "قتل نصف مليون شخص في الحرب السورية."
    assert all(e.fatalities < 500 for e in _events(text))


def test_toll_over_a_protest_campaign_is_background():
    text = "قتل 116 فلسطينيا على الأقل برصاص الجيش الإسرائيلي خلال الاحتجاجات في قطاع غزة."
    assert all(e.fatalities != 116 for e in _events(text))


def test_incident_toll_is_kept():
    text = "قتل 12 مدنيا الأحد في غارة جوية على بلدة هجين."
    events = _events(text)
    assert len(events) == 1 and events[0].fatalities == 12 and events[0].location == "Hajin"


def test_dateline_city_is_not_the_scene():
    text = "دبي، الإمارات العربية المتحدة (CNN)-- قصفت طائرات حربية، الأحد، مواقع في مدينة إدلب السورية."
    events = _events(text)
    assert events and all(e.location != "Dubai" and e.country == "Syria" for e in events)


def test_dateline_alone_gives_no_place():
    text = "القدس - قال مسؤول إن مسلحين خطفوا موظفا الأحد."
    assert all(e.location != "Jerusalem" for e in _events(text))


def test_country_name_is_not_a_town_abroad():
    text = "اندلعت اشتباكات الأحد بين أنصار حزبين في لبنان."
    assert all(e.country != "United States" for e in _events(text))


def test_incident_retold_without_a_date_is_one_record():
    """One incident, one record: a dated strike and a later undated mention of the same strike."""
    text = (
        "قصفت طائرات حربية، الثلاثاء، بلدة هجين بغارات جوية.\n"
        "وأثارت غارات جوية على بلدة هجين انتقادات واسعة من منظمات حقوقية."
    )
    events = [e for e in _events(text) if e.location == "Hajin"]
    assert len(events) == 1 and str(events[0].event_date) == "2018-05-15"


def test_two_incidents_in_one_list_stay_two():
    text = "قتل 4 مدنيين الأحد في غارة جوية على بلدة هجين، وقتل 3 آخرون في غارة على بلدة الباغوز."
    places = sorted(e.location for e in _events(text))
    assert places == ["Baghuz", "Hajin"]


def test_a_protest_campaign_named_with_its_toll_is_background():
    """"قتل 116 ... خلال الاحتجاجات": the toll and the protests are the campaign's, not one incident's."""
    text = (
        "أطلقت فصائل صواريخ من قطاع غزة الثلاثاء.\n"
        "وقتل 116 فلسطينيا على الأقل وأصيب آلاف بجروح برصاص الجيش خلال الاحتجاجات في قطاع غزة."
    )
    assert all(e.fatalities != 116 and e.event_type != "Protests" for e in _events(text))


def test_newspaper_named_after_a_city_is_no_place():
    assert not find_places(Document("ونقلت صحيفة القدس برس عن مصدر قوله إن الجيش اعتقل شبانا."))


def test_a_large_toll_without_a_day_is_background():
    """"مقتل أكثر من 350 مدنيا في الموصل" with no day: a campaign's toll, not one incident's."""
    text = "وقصفت طائرات التحالف الأحد بلدة هجين.\nواعترف التحالف بالتسبب بمقتل أكثر من 350 مدنيا في الموصل."
    assert all(e.fatalities < 100 for e in _events(text))


def test_a_large_toll_dated_to_a_day_is_kept():
    text = "قتل 120 شخصا الأحد في تفجير انتحاري استهدف مسجدا في بلدة هجين."
    assert [e.fatalities for e in _events(text)] == [120]


def test_a_small_town_abroad_does_not_decide_the_article_country():
    """"وقالت تينا ..." (a person) must not make the article Ecuadorian and its towns plausible."""
    text = "قتل مسلح 8 أشخاص الجمعة في مدرسة بولاية تكساس الأمريكية.\nوقالت تينا نيل إن الشرطة طوقت المكان."
    assert all(e.country in ("United States", "") for e in _events(text))


def test_place_of_the_answered_incident_is_not_the_strike_scene():
    """"غارة على قطاع غزة ردا على إطلاق نار ... في مدينة سديروت": the strike is in Gaza."""
    text = "شن الجيش الإسرائيلي الخميس غارة جوية على قطاع غزة ردا على إطلاق نار استهدف منزلا في مدينة سديروت."
    strikes = [e for e in _events(text) if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.location != "Sderot" for e in strikes)
