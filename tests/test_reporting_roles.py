"""A force named only as where a report came from is not the doer (CODEBOOK §4 `source`, §12): "بحسب مصادر
في قوات النظام", "وفقا لمصادر في الجيش", "أفاد مسؤول في الشرطة بأن". Unless its words say it did it itself
("قالت مصادر في الجيش إنها قصفت"), or it announces its own deed ("أعلن الجيش أنه").

Sentences are written for these tests; each is a class of error seen in the May and July 2018 months.
"""

from __future__ import annotations

import rasd
from rasd.assemble import trace

DAY = "2018-05-08"


def _one(text: str) -> dict:
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    assert len(events) == 1, events
    return events[0]


def test_shelling_told_by_sources_in_the_army_is_not_the_army_s():
    event = _one("سقطت قذائف صاروخية على مواقع في ريف حماة الشمالي يوم الثلاثاء، بحسب مصادر في قوات النظام.")
    assert event["event_type"] == "Explosions/Remote violence"
    assert "Syria (2000" not in event["actor1"]
    assert event["actor1"] == "Unidentified Armed Group (Syria)"


def test_trailing_attribution_with_a_source_noun_is_no_perpetrator():
    event = _one(
        "قتل خمسة مدنيين في قصف مدفعي على حي سكني بمدينة تعز يوم الاثنين، وفقا لمصادر في الجيش اليمني."
    )
    assert event["actor1"] != "Military Forces of Yemen (2012-)"
    assert event["actor2"] == "Civilians (Yemen)"


def test_official_of_the_police_telling_of_gunmen_is_the_side_attacked_not_the_attacker():
    event = _one(
        "أفاد مسؤول في الشرطة العراقية بأن مسلحين هاجموا نقطة تفتيش في قضاء الطارمية يوم الأحد وقتلوا شرطيين."
    )
    assert event["actor1"] == "Unidentified Armed Group (Iraq)"
    assert event["actor2"] == "Police Forces of Iraq (2014-2018)"


def test_sources_saying_their_own_force_did_it_keep_it_as_the_doer():
    event = _one("قالت مصادر في الجيش اليمني إنها قصفت تجمعات لميليشيا الحوثي في مديرية نهم يوم الأحد.")
    assert event["actor1"] == "Military Forces of Yemen (2012-)"


def test_an_official_killed_is_a_victim_not_a_source():
    event = _one("قتل مسؤول في حركة حماس بغارة إسرائيلية على مدينة رفح يوم الثلاثاء.")
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Hamas Movement"


def test_explain_names_the_reporting_rule():
    text = "سقطت قذائف صاروخية على مواقع في ريف حماة الشمالي يوم الثلاثاء، بحسب مصادر في قوات النظام."
    explained = rasd.explain(text, published=DAY)
    offered = [actor for c in explained["candidates"] for actor in c["roles"]["offered"]]
    assert [(a["text"], a["role"], a["chosen_as"]) for a in offered] == [("قوات النظام", "reported_by", "")]
    assert "reported_by" in trace.RULES


def test_army_saying_others_opened_fire_is_not_the_gunman():
    event = _one(
        "قال الجيش العراقي إن مسلحين أطلقوا النار على مزارعين في بلدة الطارمية يوم الاثنين وقتلوا أربعة."
    )
    assert event["actor1"] == "Unidentified Armed Group (Iraq)"
    assert event["actor2"] == "Civilians (Iraq)"


def test_army_announcing_that_its_own_aircraft_struck_is_the_doer():
    event = _one("أعلن الجيش الإسرائيلي أن طائراته قصفت موقعا لحركة حماس شمال قطاع غزة يوم الاثنين.")
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Hamas Movement"


def test_army_announcing_a_deed_as_its_object_is_the_doer():
    event = _one("أعلن الجيش المصري مقتل ستة مسلحين في اشتباكات بمدينة الشيخ زويد يوم الاثنين.")
    assert event["actor1"] == "Military Forces of Egypt (2014-)"


def test_police_pointing_to_shells_that_fell_did_not_fire_them():
    event = _one("أشارت الشرطة الأفغانية إلى سقوط قذائف هاون على حي سكني في مدينة غزني يوم الاثنين.")
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["actor1"] == "Unidentified Armed Group (Afghanistan)"


def test_army_saying_one_of_its_tanks_fired_is_the_doer():
    event = _one(
        "أعلن الجيش الإسرائيلي في بيان أن إحدى دباباته قصفت موقعا لحركة حماس شرق خان يونس يوم الاثنين."
    )
    assert event["actor1"] == "Military Forces of Israel (2009-)"


def test_a_leader_saying_we_did_it_keeps_his_group_as_the_doer():
    event = _one(
        "قال قيادي في حركة الشباب إننا شننا هجوما بقذائف الهاون على قاعدة في بلدة بولو مرير يوم الاثنين."
    )
    assert event["actor1"] == "Al Shabaab"
