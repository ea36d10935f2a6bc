"""Which country a report is about decides whose forces its vague words name and which homonyms are
plausible: actors named by aliases that mean them only in one country do not vote for it, and a city
far larger than its namesakes does. Every sentence is written for these tests."""

from __future__ import annotations

import rasd
from rasd.explanation import explain


def test_an_alias_scoped_to_one_country_does_not_make_a_report_about_it():
    """``المسلحين`` is Syria's rebels in a report on Syria; in Kashmir it is Kashmir's gunmen."""
    text = (
        "هاجم المسلحون مركزا للشرطة في سريناغار يوم الأحد. وقتل سبعة من المسلحين وجنديان هنديان في تبادل "
        "لإطلاق النار. وقالت الشرطة إن المسلحين فروا."
    )
    events = rasd.extract(text, published="2018-04-12")
    assert events and all("Syria" not in f"{e.actor1} {e.actor2}" for e in events)
    clash = "قتل جندي تونسي في اشتباكات مع المسلحين في القصرين يوم الأربعاء."
    tunisia = rasd.extract(clash, published="2018-04-12")
    assert [e.actor1 for e in tunisia] == ["Military Forces of Tunisia"]


def test_a_city_far_larger_than_its_namesakes_tells_the_reports_country():
    text = (
        "دعا عمدة لندن إلى تفتيش المارة في شوارع لندن. وكان مسؤول في الشرطة قد قال إن قوات الأمن اعتقلت "
        "ثلاثة شبان في ملبورن الخميس."
    )
    assert explain(text, published="2018-04-07")["country"] == "GB"
