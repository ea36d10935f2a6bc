"""Within-article aggregation (``assemble/aggregate.py``) on hand-built candidates: which candidates
are one incident, and what the merged event keeps."""

from __future__ import annotations

import datetime as dt

from rasd.assemble.aggregate import aggregate
from rasd.assemble.model import Candidate, Span
from rasd.resolve.locations import Location

DAY = dt.date(2019, 3, 9)
BAGHUZ = Location("Baghuz", "SY", "Deir-ez-Zor", "Abu Kamal", 34.459, 40.946, 1)
BAGHUZ_TAHTANI = Location("Baghuz Tahtani", "SY", "Deir-ez-Zor", "Abu Kamal", 34.448, 40.937, 1)  # ~1.5 km
HAJIN = Location("Hajin", "SY", "Deir-ez-Zor", "Abu Kamal", 34.69, 40.83, 1)  # ~28 km north
DEIR_EZ_ZOR = Location("Deir-ez-Zor", "SY", "Deir-ez-Zor", "Deir-ez-Zor", 35.336, 40.14, 3)  # province
CLASH, STRIKE, ATTACK = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
)


def candidate(
    kind: tuple[str, str] = CLASH,
    location: Location | None = BAGHUZ,
    date: dt.date | None = DAY,
    perpetrator: str = "sdf",
    target: str = "islamic_state",
    fatalities: int = 0,
    at: int = 0,
    dated: bool = True,
    **fields,
) -> Candidate:
    """A candidate as candidates_for_field leaves it, told at offset ``at`` of the text; an undated one
    (``dated=False``) carries the publication day, as the scene step leaves it."""
    made = Candidate(
        kind[0],
        kind[1],
        "text",
        None,  # type: ignore[arg-type] - aggregation never reads the sentence or the trigger
        None,  # type: ignore[arg-type]
        perpetrator=perpetrator,
        target=target,
        location=location,
        date=date,
        dated=dated and date is not None,
        precision=1 if dated else 2,
        fatalities=fatalities,
        evidence=[Span("text", at, at + 10)],
        **fields,
    )
    if fatalities:
        made.casualty_spans = {("text", at + 20, at + 25)}
    return made


def test_same_type_place_day_and_actors_is_one_event_with_pooled_evidence():
    first = candidate(fatalities=3, sources=["SOHR"], confidence=0.6)
    second = candidate(fatalities=5, sources=["SANA", "SOHR"], confidence=0.8, at=100)
    (event,) = aggregate([first, second])
    assert event is first
    assert event.fatalities == 5  # two casualty figures: the larger
    assert event.sources == ["SOHR", "SANA"]
    assert [(s.start, s.end) for s in event.evidence] == [(0, 10), (100, 110)]
    assert event.confidence == 0.8


def test_the_same_casualty_figure_told_twice_is_not_added():
    first = candidate(fatalities=4)
    second = candidate(fatalities=4, at=0)  # the same figure, same span
    (event,) = aggregate([first, second])
    assert event.fatalities == 4 and len(event.evidence) == 1


def test_another_day_another_place_or_another_type_stay_apart():
    events = aggregate(
        [
            candidate(),
            candidate(date=DAY - dt.timedelta(days=2)),
            candidate(location=HAJIN),
            candidate(kind=ATTACK, target="generic:civilians"),
        ]
    )
    assert len(events) == 4


def test_places_within_five_km_are_one_place():
    (event,) = aggregate([candidate(), candidate(location=BAGHUZ_TAHTANI, at=50)])
    assert event.location == BAGHUZ


def test_one_sided_actors_join_the_named_pair_but_two_named_doers_do_not():
    (battle,) = aggregate([candidate(target=""), candidate(at=40)])
    assert battle.actor_keys() == {"sdf", "islamic_state"}
    apart = aggregate(
        [candidate(kind=ATTACK, perpetrator="islamic_state"), candidate(kind=ATTACK, perpetrator="hts")]
    )
    assert len(apart) == 2


def test_a_bare_institutional_doer_gives_way_to_a_named_one():
    vague = candidate(
        kind=ATTACK, perpetrator="police_generic", target="generic:civilians", vague_perpetrator=True
    )
    named = candidate(kind=ATTACK, perpetrator="syria_police", target="generic:civilians", at=60)
    (event,) = aggregate([vague, named])
    assert (event.perpetrator, event.vague_perpetrator) == ("syria_police", False)


def test_an_undated_candidate_joins_the_dated_one_a_day_away():
    undated = candidate(dated=False)
    dated = candidate(date=DAY - dt.timedelta(days=1), at=80)
    (event,) = aggregate([undated, dated])
    assert (event.date, event.dated, event.precision) == (DAY - dt.timedelta(days=1), True, 1)


def test_a_province_level_candidate_joins_the_specific_place():
    province = candidate(location=DEIR_EZ_ZOR, fatalities=2)
    (event,) = aggregate([province, candidate(at=70)])
    assert event.location == BAGHUZ and event.fatalities == 2


def test_a_province_toll_is_shared_among_its_places():
    province = candidate(location=DEIR_EZ_ZOR, fatalities=7, at=0)
    places = [candidate(location=BAGHUZ, at=100), candidate(location=HAJIN, at=200)]
    events = aggregate([province, *places])
    assert [e.location.name for e in events] == ["Baghuz", "Hajin"]
    assert [e.fatalities for e in events] == [4, 3]  # 7 = 3 + 3, the remainder to the first place


def test_a_strike_at_the_battle_is_part_of_it_whichever_is_told_first():
    for order in ("battle first", "strike first"):
        battle = candidate(fatalities=6)
        strike = candidate(kind=STRIKE, perpetrator="coalition", target="", at=300)
        events = aggregate([battle, strike] if order == "battle first" else [strike, battle])
        assert len(events) == 1, order
        (event,) = events
        assert (event.event_type, event.sub_event_type) == CLASH, order
        assert event.actor_keys() == {"sdf", "islamic_state"} and event.supporters == ["coalition"], order
        assert event.fatalities == 6, order


def test_a_killing_word_at_the_battle_is_its_toll_but_an_attack_elsewhere_is_not():
    battle = candidate()
    killing = candidate(kind=ATTACK, perpetrator="", target="generic:civilians", fatalities=9, at=400)
    killing.from_killing_word = True
    far = candidate(kind=ATTACK, location=HAJIN, perpetrator="islamic_state", target="generic:civilians")
    events = aggregate([battle, killing, far])
    assert [e.event_type for e in events] == ["Battles", "Violence against civilians"]
    assert events[0].fatalities == 9


def test_a_candidate_without_a_location_is_no_event():
    assert aggregate([candidate(location=None)]) == []
    assert len(aggregate([candidate(location=None), candidate()])) == 1


def test_a_same_kind_rule_looks_only_among_its_kind_and_folds_as_a_pass_over_every_kept_event():
    from rasd.assemble import aggregate as module

    arrests = ("Strategic developments", "Arrests")
    looting = ("Strategic developments", "Looting/property destruction")

    def told() -> list[Candidate]:
        """Kinds interleaved, so that a pass over every kept event meets other kinds first; some of each
        kind join (same place and day), some do not (another place or day), some undated or in a province."""
        kinds = [CLASH, ("Protests", "Peaceful protest"), ATTACK, arrests, looting]
        places = [BAGHUZ, BAGHUZ_TAHTANI, HAJIN, DEIR_EZ_ZOR]
        made = []
        for n in range(40):
            kind = kinds[n % len(kinds)]
            made.append(
                candidate(
                    kind=kind,
                    location=places[(n // 5) % len(places)],
                    date=DAY - dt.timedelta(days=(n // 7) % 3),
                    dated=n % 6 != 0,
                    fatalities=n % 4,
                    perpetrator="" if n % 9 == 0 else "sdf",
                    at=n * 50,
                )
            )
        return made

    def plain(events: list[Candidate], joins) -> list[Candidate]:
        kept: list[Candidate] = []
        for event in events:
            host = next((k for k in kept if joins(k, event)), None)
            if host is None:
                kept.append(event)
            else:
                module._merge_into(host, event, told_place_kept=joins is module._borrowed_place_joins_own)
        return kept

    def summary(events: list[Candidate]) -> list[tuple]:
        return [
            (e.event_type, e.sub_event_type, e.location.name, e.date, e.fatalities, e.perpetrator,
             [s.start for s in e.evidence])
            for e in events
        ]  # fmt: skip

    assert len(module._SAME_KIND_RULES) == 5
    for rule in module._SAME_KIND_RULES:
        indexed, expected = module._apply(told(), rule), plain(told(), rule)
        assert summary(indexed) == summary(expected)
    assert len(module._apply(told(), module._same_incident)) < 40  # some were folded
