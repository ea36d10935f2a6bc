"""The merge rule as pure functions over plain records (``rasd.store.merge``): no database here."""

from __future__ import annotations

import datetime as dt
import random

from test_store_support import record

from rasd.store import merge

HARASTA = (33.558, 36.365)
NEAR_HARASTA = (33.585, 36.365)  # 3.0 km north
FAR_FROM_HARASTA = (33.612, 36.365)  # 6.0 km north


def rep(article_id: str, ordinal: int = 0, outlet: str = "Outlet A", published: str = "", **fields):
    """A report: a record plus the article fields merge uses."""
    out = record(**fields)
    out.update(article_id=article_id, ordinal=ordinal, outlet=outlet, published=published or "2018-03-11")
    return out


# ------------------------------------------------------------------------ the relation


def test_battle_actor_pairs_are_order_free_and_periods_ignored():
    a = rep("a", actor1="Military Forces of Syria (2000-2024)", actor2="Opposition Rebels (Syria)")
    b = rep("b", actor1="Opposition Rebels (Syria)", actor2="Military Forces of Syria (2000-)")
    assert merge.same_incident(a, b)


def test_one_sided_actor_pairs_keep_their_order():
    kw = {"event_type": "Explosions/Remote violence"}
    a = rep("a", actor1="Military Forces of Syria (2000-2024)", actor2="Civilians (Syria)", **kw)
    b = rep("b", actor1="Civilians (Syria)", actor2="Military Forces of Syria (2000-2024)", **kw)
    assert not merge.same_incident(a, b)


def test_different_type_or_actors_are_different_incidents():
    a = rep("a")
    assert not merge.same_incident(a, rep("b", event_type="Explosions/Remote violence"))
    assert not merge.same_incident(a, rep("b", actor2="HTS: Hayat Tahrir al Sham"))


def test_place_by_name_or_within_five_km():
    a = rep("a", location="Harasta", lat=HARASTA[0], lon=HARASTA[1])
    near = rep("b", location="Harasta outskirts", lat=NEAR_HARASTA[0], lon=NEAR_HARASTA[1])
    far = rep("c", location="Elsewhere", lat=FAR_FROM_HARASTA[0], lon=FAR_FROM_HARASTA[1])
    same_name = rep("d", location="harasta", lat=None, lon=None)
    assert merge.same_incident(a, near)
    assert not merge.same_incident(a, far)
    assert merge.same_incident(a, same_name)


def test_same_name_in_another_country_is_another_place():
    a = rep("a", location="Tripoli", lat=None, lon=None)
    b = rep("b", location="Tripoli", lat=None, lon=None, country="Libya", iso=434)
    assert not merge.same_place(a, b)


def test_two_days_apart_never_merge():
    a = rep("a", date="2018-03-10", fatalities=17, evidence="قتل 17 في حرستا")
    b = rep("b", date="2018-03-12", fatalities=17, evidence="قتل 17 في حرستا")
    assert not merge.same_incident(a, b)


def test_one_day_apart_needs_the_same_story():
    a = rep("a", date="2018-03-10", fatalities=17, evidence="قتل سبعة عشر مدنيا في قصف على حرستا")
    same_toll = rep("b", date="2018-03-11", fatalities=17, evidence="غارات جوية متتالية")
    vague_toll = rep("c", date="2018-03-11", fatalities=10, evidence="غارات جوية متتالية")
    vague_too = rep("d", date="2018-03-10", fatalities=10, evidence="قتلى في مواجهات")
    same_words = rep("e", date="2018-03-11", evidence="سبعة عشر مدنيا قتلوا بقصف حرستا")
    other_words = rep("f", date="2018-03-11", evidence="معارك عنيفة على أطراف المدينة الشرقية")
    assert merge.same_incident(a, same_toll)
    assert not merge.same_incident(vague_too, vague_toll)  # 10 is what "عشرات" gives: no fingerprint
    assert merge.same_incident(a, same_words)
    assert not merge.same_incident(a, other_words)


def test_evidence_words_drop_clitics_and_particles():
    words = merge.evidence_words(rep("a", evidence="وبالباغوز في الباغوز من القصف"))
    assert words == {"باغوز", "قصف"}


def test_one_article_never_links_its_own_days():
    a = rep("a", date="2018-03-10", evidence="اشتباكات في حرستا")
    b = rep("a", ordinal=1, date="2018-03-11", evidence="اشتباكات في حرستا")
    assert not merge.same_incident(a, b)


def test_undated_reports_stay_alone():
    reports = [rep("a", date=None), rep("b", date=None)]
    assert merge.clusters(reports) == [[0], [1]]


# ------------------------------------------------------------------------ clustering


def test_daily_coverage_does_not_chain_into_one_event():
    """Three days of one battle, each day linked to the next by the same wording: at most two days
    end up in one event."""
    text = "اشتباكات عنيفة بين الجيش والفصائل في حرستا"
    reports = [rep(f"a{i}", date=f"2018-03-1{i}", evidence=text) for i in range(3)]
    groups = merge.clusters(reports)
    assert len(groups) == 2
    for group in groups:
        days = sorted(merge.event_day(reports[i]) for i in group)
        assert (days[-1] - days[0]).days <= 1


def test_same_day_links_always_hold_even_across_a_two_day_group():
    text = "اشتباكات عنيفة بين الجيش والفصائل في حرستا"
    reports = [
        rep("a", date="2018-03-10", evidence=text),
        rep("b", date="2018-03-11", evidence=text),
        rep("c", date="2018-03-11", evidence="نص مختلف تماما عن غيره"),
    ]
    assert merge.clusters(reports) == [[0, 1, 2]]


def test_clusters_do_not_depend_on_input_order():
    text = "اشتباكات عنيفة بين الجيش والفصائل في حرستا"
    reports = [rep(f"a{i}", date=f"2018-03-{10 + i // 2}", evidence=text) for i in range(8)]
    reports += [rep(f"b{i}", date="2018-03-10", location="Douma", lat=33.57, lon=36.40) for i in range(3)]

    def as_sets(order):
        shuffled = [reports[i] for i in order]
        return {frozenset(shuffled[i]["article_id"] for i in g) for g in merge.clusters(shuffled)}

    expected = as_sets(list(range(len(reports))))
    assert len(expected) >= 2  # the Douma reports are an incident of their own
    rng = random.Random(7)
    for _ in range(5):
        order = list(range(len(reports)))
        rng.shuffle(order)
        assert as_sets(order) == expected


# ------------------------------------------------------------------------ merged fields


def test_fatalities_lowest_across_outlets_latest_within_one():
    reports = [
        rep("a1", outlet="A", published="2018-03-10T08:00", fatalities=12),
        rep("a2", outlet="A", published="2018-03-10T20:00", fatalities=20),  # A's newer figure
        rep("b1", outlet="B", published="2018-03-10T09:00", fatalities=15),
    ]
    assert merge.merged_fatalities(reports) == 15


def test_a_report_without_a_toll_is_silence_not_zero():
    reports = [rep("a", outlet="A", fatalities=0), rep("b", outlet="B", fatalities=9)]
    assert merge.merged_fatalities(reports) == 9
    assert merge.merged_fatalities([rep("a", fatalities=0)]) == 0


def test_one_article_s_reports_of_one_incident_add_up():
    reports = [rep("a", ordinal=0, fatalities=2), rep("a", ordinal=1, fatalities=3)]
    assert merge.merged_fatalities(reports) == 5


def test_sources_union_in_publication_order():
    reports = [
        rep("b", published="2018-03-11T10:00", source="BBC Arabic; SOHR"),
        rep("a", published="2018-03-11T09:00", source="Sky News Arabia; SOHR"),
    ]
    assert merge.merged_fields(reports)["source"] == "Sky News Arabia; SOHR; BBC Arabic"


def test_date_and_place_come_from_the_most_precise_reports():
    vague = rep("a", date="2018-03-11", time_precision=2, location="Duma", geo_precision=3)
    precise_day = rep("b", date="2018-03-10", time_precision=1, location="Douma", geo_precision=2)
    precise_place = rep("c", date="2018-03-11", time_precision=2, location="Harasta", geo_precision=1)
    fields = merge.merged_fields([vague, precise_day, precise_place])
    assert (fields["event_date"], fields["time_precision"]) == (dt.date(2018, 3, 10), 1)
    assert (fields["location"], fields["geo_precision"]) == ("Harasta", 1)
    assert fields["year"] == 2018


def test_associated_actors_are_kept_on_their_side():
    a = rep("a", actor1="Military Forces of Syria (2000-2024)", actor2="Opposition Rebels (Syria)",
            assoc_actor_1="Military Forces of Russia (2000-)", time_precision=1)
    b = rep("b", actor1="Opposition Rebels (Syria)", actor2="Military Forces of Syria (2000-2024)",
            assoc_actor_1="HTS: Hayat Tahrir al Sham", time_precision=2)
    fields = merge.merged_fields([a, b])
    assert fields["actor1"].startswith("Military Forces of Syria")
    assert fields["assoc_actor_1"] == "Military Forces of Russia (2000-)"
    assert fields["assoc_actor_2"] == "HTS: Hayat Tahrir al Sham"


def test_merged_fields_do_not_depend_on_report_order():
    reports = [
        rep("a", published="2018-03-11T09:00", fatalities=4, source="A"),
        rep("b", published="2018-03-11T10:00", fatalities=6, source="B", location="Harasta town"),
        rep("c", published="2018-03-11T11:00", fatalities=5, source="C; SOHR"),
    ]
    assert merge.merged_fields(reports) == merge.merged_fields(list(reversed(reports)))


# ------------------------------------------------------------------------ ids


def test_ids_follow_their_incidents():
    # two events merge: the older keeps its id, the younger retires into it
    ids, retired = merge.assign_ids([{"E1": 1, "E2": 1}], ["E1", "E2"])
    assert ids == ["E1"] and retired == {"E2": "E1"}
    # an event splits: its id stays with the larger part, the other part is new
    ids, retired = merge.assign_ids([{"E1": 1}, {"E1": 2}], ["E1"])
    assert ids == [None, "E1"] and retired == {}
    # an event whose reports all went away retires into nothing
    ids, retired = merge.assign_ids([{}], ["E1"])
    assert ids == [None] and retired == {"E1": None}
