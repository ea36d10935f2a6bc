"""Arabic-aware text search (``q``) on SQLite (FTS5) and PostgreSQL (tsvector): spelling variants of one
word find the same events, English place names find Arabic passages through the gazetteer's spellings,
and the index follows every change of an event. The sentences are written for these tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from test_api import put, rec, span
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.api import create_app
from rasd.store.db import open_store, session_scope
from rasd.store.filters import Filters
from rasd.store.models import EventSearch
from rasd.store.query import find_events
from rasd.store.search import index_terms, query_groups, reindex

PORT = "قصفت طائرات التحالف صباح اليوم مواقع في مدينة الحُدَيْدة الساحلية وقتل خمسة مسلحين."
COAST = "دارت اشتباكات أمس قرب بلدة الدريهمي جنوب الحديدة بين القوات الحكومية والحوثيين."
OTHER = "انفجرت عبوة ناسفة في سوق مدينة الرقة وأصيب ثلاثة مدنيين بجروح."
YEMEN = {"country": "Yemen", "iso": 887, "region": "Middle East", "admin1": "Al Hudaydah", "admin2": ""}


def populate(url: str) -> None:
    engine = open_store(url)
    try:
        port = rec([span(PORT, "مواقع في مدينة الحُدَيْدة الساحلية")], location="Al Hudaydah", lat=14.8,
                   lon=42.95, actor1="Operation Restoring Hope", actor2="Military Forces of Yemen (2016-)",
                   event_type="Explosions/Remote violence", date="2018-06-13", **YEMEN)  # fmt: skip
        put(engine, "s-port", PORT, [port], "Sky News Arabia", "2018-06-13T08:00:00Z")
        coast = rec([span(COAST, "اشتباكات أمس قرب بلدة الدريهمي جنوب الحديدة")], location="Ad Durayhimi",
                    lat=14.64, lon=43.05, date="2018-06-12", **YEMEN)  # fmt: skip
        put(engine, "s-coast", COAST, [coast], "Al Arabiya", "2018-06-13T09:00:00Z")
        raqqa = rec([span(OTHER, "انفجرت عبوة ناسفة في سوق مدينة الرقة")], location="Ar-Raqqa", lat=35.95,
                    lon=39.01, date="2018-06-10")  # fmt: skip
        put(engine, "s-raqqa", OTHER, [raqqa], "BBC Arabic", "2018-06-10T09:00:00Z")
    finally:
        engine.dispose()


def ids(url: str, q: str) -> set[str]:
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            return {e.event_id_cnty for e in find_events(session, Filters(text=q))}
    finally:
        engine.dispose()


def test_normalized_terms_and_place_spellings():
    assert "حديده" in index_terms("بالحُدَيْدة") and "الحديده" in index_terms("بالحديدة")
    assert query_groups("الحديده") == query_groups("الحديدة") == query_groups("الحُدَيـدة")
    hodeidah = {" ".join(p) for p in query_groups("Hodeidah")[0]}
    assert {"hudaydah", "الحديده"} <= hodeidah
    assert query_groups("!!!") == []


def test_spellings_find_the_same_events(db_url):  # noqa: F811
    populate(db_url)
    both = {"YEM1", "YEM2"}
    assert ids(db_url, "الحديدة") == ids(db_url, "الحديده") == ids(db_url, "حديدة") == both
    assert ids(db_url, "Hodeidah") == ids(db_url, "Hudaydah") == ids(db_url, "al-Hudaydah") == both
    assert ids(db_url, "الرقة") == {"SYR1"} and ids(db_url, "الدريهمي") == {"YEM2"}
    assert ids(db_url, "عبوة الرقة") == {"SYR1"} and ids(db_url, "عبوة الحديدة") == set()
    assert ids(db_url, "Restoring") == {"YEM1"}  # actors, by the start of a word
    assert ids(db_url, 'x" OR "') == set()  # query syntax is never passed through


def test_the_index_follows_changes_and_can_be_rebuilt(db_url):  # noqa: F811
    populate(db_url)
    changed = "انفجرت سيارة مفخخة في مدينة منبج وقتل سبعة مدنيين."
    moved = rec([span(changed, "انفجرت سيارة مفخخة في مدينة منبج")], location="Manbij", lat=36.5, lon=37.95,
                date="2018-06-10")  # fmt: skip
    put(db_url, "s-raqqa", changed, [moved], "BBC Arabic", "2018-06-10T09:00:00Z")
    assert ids(db_url, "الرقة") == set() and len(ids(db_url, "منبج")) == 1
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            session.execute(delete(EventSearch))
        assert ids(db_url, "منبج") == set()
        with engine.begin() as connection:
            assert reindex(connection) == 3
        with session_scope(engine) as session:
            assert len(list(session.scalars(select(EventSearch.event_id)))) == 3
    finally:
        engine.dispose()
    assert len(ids(db_url, "منبج")) == 1


def test_api_search_answers_the_same_for_variants(db_url, tmp_path):  # noqa: F811
    populate(db_url)
    with TestClient(create_app(db_url, web_dir=tmp_path / "none")) as client:
        answers = [
            {e["event_id_cnty"] for e in client.get("/api/events", params={"q": q}).json()["items"]}
            for q in ("الحديدة", "الحديده", "Hodeidah", "Hudaydah")
        ]
        assert all(answer == {"YEM1", "YEM2"} for answer in answers)
        stats = client.get("/api/stats", params={"q": "Hodeidah"}).json()
        assert stats["events"] == 2


@pytest.mark.parametrize("q", ["الحديدة", "Hodeidah"])
def test_search_combines_with_other_filters(db_url, q):  # noqa: F811
    populate(db_url)
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            found = {e.event_id_cnty for e in find_events(session, Filters(text=q, event_type="Battles"))}
        assert found == {"YEM2"}
    finally:
        engine.dispose()
