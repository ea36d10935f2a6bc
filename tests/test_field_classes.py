"""Field accuracy of matched events, by class of error (CODEBOOK §5–§8, §12): the toll, the date and
the actors a record carries once the event itself is found. Sentences written for these tests."""

from __future__ import annotations

import rasd
from rasd.taxonomy import EXPLOSIONS

PUBLISHED = "2018-05-10"


def _records(text: str, published: str = PUBLISHED) -> list[rasd.EventRecord]:
    return rasd.extract(text, published=published, article_id="t")


def test_a_place_named_again_after_a_comma_does_not_split_the_toll() -> None:
    # "the Afghan capital, Kabul" is one place: the toll is not halved between two scenes of a list
    text = "لقي سبعة مدنيين حتفهم، الأربعاء، إثر تفجير انتحاري في العاصمة الأفغانية، كابل."
    bombs = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [(r.location, r.fatalities) for r in bombs] == [("Kabul", 7)]


def test_two_places_listed_after_a_comma_still_share_the_toll() -> None:
    text = "قتل 10 مسلحين الأربعاء في غارات جوية على قرية الباغوز، وهجين بريف دير الزور."
    strikes = sorted((r.location, r.fatalities) for r in _records(text) if r.event_type == EXPLOSIONS)
    assert [f for _, f in strikes] == [5, 5], strikes
