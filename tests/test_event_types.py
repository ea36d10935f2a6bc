"""Event types that depend on who fought and how (CODEBOOK §3, §12), end to end through rasd.extract.

Each article is written for these tests.
"""

from __future__ import annotations

import rasd


def _types(text: str, published: str = "2018-07-15") -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in rasd.extract(text, published=published)]


def test_clash_between_police_and_protesters_is_a_riot() -> None:
    text = "اندلعت اشتباكات عنيفة بين الشرطة ومحتجين غاضبين في مدينة البصرة اليوم وقتل شخصان."
    assert ("Riots", "Violent demonstration") in _types(text)
    assert all(kind != "Battles" for kind, _ in _types(text))


def test_later_clash_sentence_takes_the_crowd_from_the_lead() -> None:
    text = (
        "اندلعت اشتباكات بين قوات الأمن ومحتجين غاضبين في مدينة الناصرية اليوم.\n"
        "وقال مسؤول إن شخصا قتل في الاشتباكات مع الشرطة في الناصرية."
    )
    assert all(kind != "Battles" for kind, _ in _types(text))


def test_clash_between_army_and_armed_group_stays_a_battle() -> None:
    text = "اندلعت اشتباكات عنيفة بين الجيش العراقي وتنظيم داعش في مدينة الموصل اليوم وقتل خمسة مسلحين."
    assert ("Battles", "Armed clash") in _types(text)

