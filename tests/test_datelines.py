"""Where an event happened, and where its report was only written (issue 9: the month audits).

Every sentence is written for these tests. A place remembered from an earlier sentence is not the scene
of an event its own clause places in another country ("... الأحد في فرنسا"); a dateline, in any of
the outlets' styles, is never a scene.
"""

from __future__ import annotations

import rasd


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
