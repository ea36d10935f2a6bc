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
