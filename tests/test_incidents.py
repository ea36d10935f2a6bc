"""Incident or background, and where (issue 9): war totals, cumulative and period tolls never become
an incident's toll (CODEBOOK §12); a dateline is never an event's place; a country name is the country.

Every sentence is written for these tests.
"""

from __future__ import annotations

import rasd

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
    assert len(events) == 1 and events[0].event_date == "2018-05-15"


def test_two_incidents_in_one_list_stay_two():
    text = "قتل 4 مدنيين الأحد في غارة جوية على بلدة هجين، وقتل 3 آخرون في غارة على بلدة الباغوز."
    places = sorted(e.location for e in _events(text))
    assert places == ["Baghuz", "Hajin"]
