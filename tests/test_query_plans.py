"""The API's reads use the store's indexes (migration 0005) and answer what they answered before.

On SQLite and PostgreSQL: ``/api/events`` and ``/api/stats`` over a store of varied events are checked
against an oracle that filters, sorts and pages every event in Python (names in any case, actors by part
of a name, dates, boxes, every sort order, undated events last, pages past the end), and ``q=`` in Arabic
and Latin spellings against the events each sentence was put in; the statements the API really runs
are then given to the database's EXPLAIN, which must name the index that serves them; and a store made
at the previous schema (0004) answers the same after its upgrade. The sentences are written for these
tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import selectinload
from test_api import put, rec, span
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.api import create_app
from rasd.store import query as store
from rasd.store.db import make_engine, migrate, open_store, session_scope
from rasd.store.filters import Filters, actor_needles, parse_filters
from rasd.store.models import Event
from rasd.store.review import REJECTED, correct, set_status

# one sentence per kind of event; the events of a kind are the ones a query for its words must find
SHELLING = "قصفت المدفعية صباح اليوم مواقع قرب مدينة الحُدَيْدة وقتل ثلاثة مسلحين."
STRIKE = "شنت طائرات حربية إسرائيلية غارة على موقع عسكري قرب الحدود."
CLASH = "اندلعت اشتباكات عنيفة في البلدة بين مسلحين محليين وقوات الأمن."
SENTENCES = (SHELLING, STRIKE, CLASH)
PLACES = (
    {"country": "Syria", "iso": 760, "admin1": "Aleppo", "admin2": "Jebel Saman"},
    {"country": "Yemen", "iso": 887, "admin1": "Sanaa", "admin2": "Bani Hushaysh"},
    {"country": "Iraq", "iso": 368, "admin1": "Basrah", "admin2": "Basrah"},
)
TYPES = ("Battles", "Explosions/Remote violence", "Battles", "Protests")
ACTORS = (
    ("Military Forces of Syria (2000-2024)", "Islamic State (Syria)"),
    ("Houthi Movement", "Civilians (Yemen)"),
    ("Unidentified Armed Group (Iraq)", ""),
    ("Protesters (Iraq)", ""),
)
EVENTS = 30


def build(engine) -> None:
    """30 articles of one event each, in three countries, four types, seven days (every eleventh
    undated), tolls that tie, far apart so that none merge; one event corrected, one rejected."""
    for i in range(EVENTS):
        text = SENTENCES[i % 3]
        actor1, actor2 = ACTORS[i % 4]
        fields = dict(PLACES[i % 3], region="Middle East")
        record = rec(
            [span(text, text[:-1])],
            date=None if i % 11 == 4 else f"2018-03-{1 + i % 7:02d}",
            event_type=TYPES[i % 4],
            actor1=actor1,
            actor2=actor2,
            location=f"Site {i}",
            lat=12.0 + i * 0.9,
            lon=35.0 + (i % 5) * 1.7,
            fatalities=i % 4,
            **fields,
        )
        put(engine, f"k{i:02d}", text, [record], f"Outlet {i % 2}", "2018-03-08T09:00:00Z", now=1000 + i)
    with session_scope(engine) as session:
        first, second = session.scalars(select(Event).order_by(Event.id).limit(2))
        correct(session, first, {"fatalities": 9}, "analyst", "a better source", 5000)
        set_status(session, second, REJECTED, "analyst", "not an event", 5001)


@pytest.fixture
def served(db_url, tmp_path):  # noqa: F811
    """(client, engine) over a built store."""
    engine = open_store(db_url)
    build(engine)
    app = create_app(db_url, web_dir=tmp_path / "none")
    with TestClient(app) as client:
        yield client, app.state.engine
    engine.dispose()


# ------------------------------------------------------------------------ the oracle


def all_events(engine) -> list[Event]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Event).options(selectinload(Event.reports)).order_by(Event.id)))


def kind_of(event: Event) -> str:
    """The sentence an event was told in (its article's number modulo three)."""
    return SENTENCES[int(event.reports[0].article_id[1:]) % 3]


def matches(event: Event, params: dict[str, str]) -> bool:
    """Whether the event answers the filters, by their documented meaning, in Python."""
    if event.status == REJECTED and params.get("include_rejected") != "true":
        return False
    for name, raw in params.items():
        values = [v.strip() for v in raw.split(",")]
        if name in ("admin1", "event_type", "sub_event_type", "location", "region"):
            if getattr(event, name).lower() not in {v.lower() for v in values}:
                return False
        elif name == "country":
            iso3 = event.event_id_cnty[:3]
            if not any(v.lower() == event.country.lower() or v.upper() == iso3 for v in values):
                return False
        elif name == "actor":
            needles = [n.lower() for v in values for n in actor_needles(v)]
            names = [event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2]
            if not any(n in name.lower() for n in needles for name in names):
                return False
        elif name in ("since", "until"):
            day = dt.date.fromisoformat(raw)
            if event.event_date is None or (
                event.event_date < day if name == "since" else event.event_date > day
            ):
                return False
        elif name == "min_fatalities" and event.fatalities < int(raw):
            return False
        elif name == "bbox":
            w, s, e, n = (float(x) for x in raw.split(","))
            if event.longitude is None or not (w <= event.longitude <= e and s <= event.latitude <= n):
                return False
    return True


def sort_key(sort: str):
    def key(e: Event) -> tuple:
        day = e.event_date.toordinal() if e.event_date else 0
        return {
            "date": (e.event_date is None, day, e.id),
            "-date": (e.event_date is None, -day, -e.id),
            "fatalities": (e.fatalities, e.id),
            "-fatalities": (-e.fatalities, e.id),
            "timestamp": (e.timestamp, e.id),
            "-timestamp": (-e.timestamp, -e.id),
        }[sort]

    return key


def expected_page(events: list[Event], params: dict[str, str], sort: str, limit: int, offset: int):
    chosen = sorted((e for e in events if matches(e, params)), key=sort_key(sort))
    return len(chosen), chosen[offset : offset + limit]


def summary(event: Event, corrected: set[str]) -> dict[str, Any]:
    """The event as ``EventSummary`` says it, from the ORM row."""
    names = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
             "actor2", "assoc_actor_1", "assoc_actor_2", "country", "admin1", "admin2", "location",
             "latitude", "longitude", "geo_precision", "fatalities", "source", "notes", "status")  # fmt: skip
    out = {name: getattr(event, name) for name in names}
    out["event_date"] = event.event_date.isoformat() if event.event_date else None
    out["corrected"] = event.event_id_cnty in corrected
    out["reports"] = len(event.reports)
    out["timestamp"] = event.timestamp
    return out


FILTER_CASES = [
    {},
    {"country": "syria"},
    {"country": " YEMEN , Iraq"},
    {"country": "irq"},
    {"event_type": "battles"},
    {"country": "Syria", "event_type": "BATTLES"},
    {"country": "Yemen", "event_type": "explosions/remote violence", "since": "2018-03-02"},
    {"sub_event_type": "armed clash"},
    {"admin1": "ALEPPO,basrah"},
    {"location": "site 7"},
    {"since": "2018-03-03", "until": "2018-03-05"},
    {"actor": "islamic state"},
    {"actor": "houthi"},
    {"actor": "Iraq", "min_fatalities": "2"},
    {"bbox": "35,12,40,25"},
    {"region": "middle east", "include_rejected": "true"},
]
PAGES = [("date", 100, 0), ("-date", 7, 3), ("fatalities", 5, 10), ("-fatalities", 4, 2), ("timestamp", 3, 1),
         ("-timestamp", 6, 0), ("date", 10, 25), ("-date", 10, 1000)]  # fmt: skip


def test_filters_sorts_and_pages_answer_as_the_oracle(served):
    client, engine = served
    events = all_events(engine)
    assert len(events) == EVENTS and sum(e.event_date is None for e in events) == 3
    corrected = {e.event_id_cnty for e in events if e.timestamp == 5000}
    for params in FILTER_CASES:
        for sort, limit, offset in PAGES:
            got = client.get("/api/events", params={**params, "sort": sort, "limit": limit, "offset": offset})
            assert got.status_code == 200, got.text
            total, page = expected_page(events, params, sort, limit, offset)
            body = got.json()
            assert body["total"] == total, (params, sort)
            assert body["items"] == [summary(e, corrected) for e in page], (params, sort, limit, offset)
    assert any(item["corrected"] for item in client.get("/api/events", params={"limit": 50}).json()["items"])


@pytest.mark.parametrize(
    ("sentence", "queries"),
    [
        (SHELLING, ["الحديدة", "الحديده", "الحُدَيْدة", "Hodeidah", "HUDAYDAH", "المدفعية"]),
        (STRIKE, ["إسرائيلية", "اسرائيلية", "أسرائيليه", "غارة", "غاره"]),
        (CLASH, ["اشتباكات", "إشتباكات"]),
    ],
    ids=["shelling", "strike", "clash"],
)
def test_text_search_pages_in_order_for_every_spelling(served, sentence, queries):
    client, engine = served
    events = all_events(engine)
    (rejected,) = (e for e in events if e.status == REJECTED)
    for q in queries:
        for sort, limit, offset in PAGES:
            body = client.get(
                "/api/events", params={"q": q, "sort": sort, "limit": limit, "offset": offset}
            ).json()
            chosen = sorted(
                (e for e in events if e.status != REJECTED and kind_of(e) == sentence), key=sort_key(sort)
            )
            assert body["total"] == len(chosen) == 10 - (kind_of(rejected) == sentence), q
            assert [i["event_id_cnty"] for i in body["items"]] == [
                e.event_id_cnty for e in chosen[offset : offset + limit]
            ]
        combined = client.get("/api/events", params={"q": q, "country": "SYRIA"}).json()
        assert {i["event_id_cnty"] for i in combined["items"]} == {
            e.event_id_cnty
            for e in events
            if e.status != REJECTED and kind_of(e) == sentence and e.country == "Syria"
        }


def test_stats_count_as_the_oracle(served):
    client, engine = served
    events = all_events(engine)
    for params in ({}, {"country": "syria"}, {"event_type": "Battles", "since": "2018-03-02"}, {"q": "غارة"}):
        chosen = [e for e in events if matches(e, {k: v for k, v in params.items() if k != "q"})]
        if "q" in params:
            chosen = [e for e in chosen if kind_of(e) == STRIKE]
        body = client.get("/api/stats", params=params).json()
        assert body["events"] == len(chosen) and body["fatalities"] == sum(e.fatalities for e in chosen)
        by_country = Counter(e.country for e in chosen)
        assert body["by_country"] == dict(sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])))
        by_type = Counter(e.event_type for e in chosen)
        assert body["by_event_type"] == dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))
        days = Counter(e.event_date.isoformat() if e.event_date else "" for e in chosen)
        assert body["by_day"] == dict(sorted(days.items()))
        per = Counter((e.event_date.isoformat(), e.event_type) for e in chosen if e.event_date)
        tolls = Counter()
        for e in chosen:
            if e.event_date:
                tolls[(e.event_date.isoformat(), e.event_type)] += e.fatalities
        assert body["by_day_type"] == [
            {"date": d, "event_type": t, "events": n, "fatalities": tolls[(d, t)]}
            for (d, t), n in sorted(per.items())
        ]
        assert body["rejected"] == 1


# ------------------------------------------------------------------------ the plans


@contextmanager
def statements(engine):
    """Every (SQL, parameters) the engine runs inside the block."""
    seen: list[tuple[str, Any]] = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def plan(engine, statement: str, parameters: Any) -> str:
    """The database's plan of one statement, as text. PostgreSQL is told not to scan tables whole nor to
    loop over one (on a store this small those are cheapest): the plan then shows whether an index can
    serve at all."""
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(row[3] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_nestloop = off")  # nor walk one table and probe the other per row
        cursor.execute("EXPLAIN " + statement, parameters)
        return "\n".join(row[0] for row in cursor.fetchall())


def plans_of(client, engine, path: str, params: dict[str, Any]) -> list[str]:
    """The plans of the statements over ``events`` that one request runs."""
    with statements(engine) as seen:
        assert client.get(path, params=params).status_code == 200
    return [plan(engine, sql, parameters) for sql, parameters in seen if re.search(r"FROM events\b", sql)]


INDEXED = [
    ({"country": "syria"}, "ix_events_q_country_type_date"),
    ({"country": "Syria", "event_type": "battles", "since": "2018-03-02"}, "ix_events_q_country_type_date"),
    ({"event_type": "Protests"}, "ix_events_q_type_date"),
    ({"sub_event_type": "armed clash"}, "ix_events_q_sub_type"),
    ({"admin1": "aleppo"}, "ix_events_q_admin1"),
    ({"location": "site 3"}, "ix_events_q_location"),
    ({"bbox": "35,12,40,25"}, "ix_events_q_lon_lat"),
]


@pytest.mark.parametrize(("params", "index"), INDEXED)
def test_filters_are_served_by_their_index(served, params, index):
    client, engine = served
    count, ids, rows = plans_of(client, engine, "/api/events", {**params, "limit": 5})
    assert index in count, count  # the page's ids may come from the order's index instead
    for text in (count, ids):
        assert "SCAN events\n" not in text + "\n" and "Seq Scan on events" not in text, text
    assert "PRIMARY KEY" in rows or "pk_events" in rows, rows  # the page's rows by id


@pytest.mark.parametrize("actor", ["houthi", "Islamic State"])
def test_an_actor_filter_reads_names_from_the_actor_index_alone(served, actor):
    """A part of a name is no key an index can seek: the store's distinct actor names are read from the
    narrow covering index of the actor columns instead of every wide row (SQLite; see migration 0006 for
    PostgreSQL), and the events are then selected by the matching names, not by LIKE."""
    client, engine = served
    if engine.dialect.name != "sqlite":
        pytest.skip("the actor index is SQLite's (migration 0006)")
    *names, ids, _rows = plans_of(client, engine, "/api/events", {"actor": actor, "limit": 5})
    assert len(names) == 4, names  # the distinct names of each actor column (rasd.store.listing)
    assert all("COVERING INDEX ix_events_q_actors" in text for text in names), names
    assert "SCAN events\n" not in ids + "\n", ids


@pytest.mark.parametrize(
    ("sort", "index"),
    [("date", "ix_events_q_date_order"), ("-date", "ix_events_q_date_order_desc"),
     ("-fatalities", "ix_events_q_fatalities_desc")],
)  # fmt: skip
def test_pages_are_read_in_index_order_without_a_sort(served, sort, index):
    client, engine = served
    _count, ids, _rows = plans_of(client, engine, "/api/events", {"sort": sort, "limit": 5, "offset": 10})
    assert re.search(rf"\b{index}\b", ids), ids
    assert "TEMP B-TREE" not in ids and "Sort" not in ids, ids


def test_text_search_is_served_by_the_full_text_index(served):
    client, engine = served
    texts = plans_of(client, engine, "/api/events", {"q": "الحديدة", "limit": 5})
    assert any("event_search_fts" in t or "ix_event_search_tsv" in t for t in texts), texts
    assert not any("LIKE" in t for t in texts)


def test_stats_walk_covering_indexes_in_order(served):
    client, engine = served
    texts = plans_of(client, engine, "/api/stats", {})
    for index in ("ix_events_country_status", "ix_events_event_date_event_type_status_fatalities"):
        (grouped,) = [t for t in texts if re.search(rf"\b{index}\b", t)]
        if engine.dialect.name == "sqlite":
            assert f"COVERING INDEX {index}" in grouped and "TEMP B-TREE" not in grouped, grouped
        else:
            assert "Index Only Scan" in grouped and "Sort" not in grouped, grouped


# ------------------------------------------------------------------------ the upgrade


def answers(engine) -> list[Any]:
    """What the reads give, straight from the store's functions (no migration on open)."""
    out = []
    with engine.connect() as connection:
        for params in FILTER_CASES[:8]:
            filters = parse_filters(params, include_rejected="include_rejected" in params)
            for sort, limit, offset in PAGES:
                out.append(
                    store.event_page(
                        connection, filters, ("event_id_cnty", "fatalities"), sort, limit, offset
                    )
                )
    with session_scope(engine) as session:
        out.append(store.stats(session))
        out.append(store.stats(session, Filters(country="Syria", text="غارة")))
    return out


def index_names(engine) -> set[str]:
    """The indexes of ``events``, expression indexes included (SQLAlchemy's reflection skips those)."""
    sql = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'",
        "postgresql": "SELECT indexname FROM pg_indexes WHERE tablename = 'events'",
    }[engine.dialect.name]
    with engine.connect() as connection:
        return set(connection.exec_driver_sql(sql).scalars())


def test_a_store_at_the_previous_schema_upgrades_and_answers_the_same(db_url):  # noqa: F811
    engine = make_engine(db_url)
    try:
        migrate(engine, "0004")
        build(engine)
        before = answers(engine)
        assert {"ix_events_country_event_type_event_date", "ix_events_event_date"} <= index_names(engine)
        assert not any(name.startswith("ix_events_q_") for name in index_names(engine))
        migrate(engine)
        names = index_names(engine)
        assert {
            "ix_events_q_country_type_date",
            "ix_events_q_date_order",
            "ix_events_q_date_order_desc",
        } <= names
        assert {"ix_events_country_status", "ix_events_event_date_event_type_status_fatalities"} <= names
        assert not names & {"ix_events_country_event_type_event_date", "ix_events_event_date"}
        assert answers(engine) == before
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Event)) == EVENTS
    finally:
        engine.dispose()
