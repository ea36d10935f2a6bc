"""``GET /api/events`` as ``rasd.api.lists`` answers it is what FastAPI's own handling of the declared
route answers, byte for byte, and its remembered counts and actor names follow every write.

The reference is the declared endpoint (``rasd.api.read.list_events``: FastAPI's parameters, the
``EventPage`` response model, ``rasd.store.query.event_page``) mounted as a plain route over the same
store; both run against the varied store of ``test_query_plans`` on SQLite and PostgreSQL. Every filter
of ``FILTERS`` is given at least once, with the sorts and pages of the plans tests, and bad requests
must be refused alike (status and body).
"""

from __future__ import annotations

import sqlite3

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_query_plans import PAGES, build, statements
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.api import create_app, lists, read, schemas
from rasd.api.deps import reader, single_values
from rasd.store import listing
from rasd.store.db import open_store, session_scope
from rasd.store.filters import FILTERS
from rasd.store.models import Event
from rasd.store.review import REJECTED, correct, set_status
from rasd.store.tokens import create_token

CASES = [
    {},
    {"country": "syria,IRQ"},
    {"iso": "887"},
    {"region": "middle east"},
    {"admin1": "aleppo,SANAA"},
    {"admin2": "basrah"},
    {"location": "SITE 4,site 9"},
    {"event_type": "battles", "sub_event_type": "armed clash"},
    {"disorder_type": "political violence"},
    {"actor": "houthi"},
    {"actor": "Islamic State,protesters"},
    {"actor": "nobody of that name"},
    {"actor": "m_litary,forces%syria"},  # LIKE's wildcards, as the general filter reads them
    {"actor": "HOUTHI MOVEMENT,État"},
    {"interaction": "13,17,60"},
    {"civilian_targeting": "yes"},
    {"civilian_targeting": "no", "country": "Yemen"},
    {"year": "2018"},
    {"since": "2018-03-02", "until": "2018-03-05"},
    {"min_fatalities": "2"},
    {"min_confidence": "0.5"},
    {"changed_since": "1010"},
    {"q": "الحديده"},
    {"q": "Hodeidah", "country": "syria"},
    {"q": "؟؟"},  # no word: nothing matches
    {"bbox": "35,12,40,25"},
    {"include_rejected": "true", "actor": "Military"},
]
BAD = [
    {"limit": "0"},
    {"limit": "abc", "offset": "-1", "sort": "sideways"},
    {"include_rejected": "maybe"},
    {"country": "x" * 201},
    {"country": ["Syria", "y" * 201]},
    {"since": "2018-13-01", "limit": "0"},
    {"until": "2018-01-01", "since": "2018-02-01"},
    {"limit": ["5", "6"]},
    {"bbox": "1,2,3"},
    {"min_fatalities": "many", "sort": "up"},
    {"q": "a\x01b"},
]


def reference_app(app: FastAPI) -> FastAPI:
    """The declared endpoint as a plain FastAPI route, over the same store and settings."""
    router = APIRouter(prefix="/api", dependencies=[Depends(reader), Depends(single_values)])
    router.add_api_route("/events", read.list_events, methods=["GET"], response_model=schemas.EventPage)
    plain = FastAPI()
    plain.state.engine = app.state.engine
    plain.state.settings = app.state.settings
    plain.include_router(router)
    return plain


@pytest.fixture
def both(db_url, tmp_path):  # noqa: F811
    """(fast client, reference client, engine) over the varied store of ``test_query_plans``."""
    engine = open_store(db_url)
    build(engine)
    app = create_app(db_url, web_dir=tmp_path / "none")
    with TestClient(app) as fast:
        yield fast, TestClient(reference_app(app)), app.state.engine
    engine.dispose()


def test_every_filter_is_among_the_cases():
    given = {name for case in CASES for name in case}
    assert {spec.api_name for spec in FILTERS} <= given


def test_pages_are_byte_identical_to_fastapis_answer(both):
    fast, reference, _engine = both
    for params in CASES:
        for sort, limit, offset in PAGES:
            query = {**params, "sort": sort, "limit": limit, "offset": offset}
            got, want = fast.get("/api/events", params=query), reference.get("/api/events", params=query)
            assert got.status_code == want.status_code == 200, (query, got.text, want.text)
            assert got.headers["content-type"] == want.headers["content-type"]
            assert got.content == want.content, query
    assert fast.get("/api/events", params={"actor": "houthi"}).json()["total"] > 0


def test_bad_requests_are_refused_alike(both):
    fast, reference, _engine = both
    for params in BAD:
        got, want = fast.get("/api/events", params=params), reference.get("/api/events", params=params)
        assert got.status_code == want.status_code == 422, (params, got.text)
        assert got.json() == want.json(), params


def test_counts_and_actor_names_follow_writes_from_anywhere(both):
    """A write by another connection (another process, as ``rasd ingest`` beside ``rasd serve``) or
    through the API itself is seen by the next page: nothing remembered outlives a commit."""
    fast, reference, engine = both

    def total(**params) -> int:
        body = fast.get("/api/events", params=params).json()
        assert body["total"] == reference.get("/api/events", params=params).json()["total"], params
        return body["total"]

    houthi, everything = total(actor="houthi"), total()
    fast.get("/api/events", params={"sort": "-fatalities"})  # rows remembered, then changed below
    assert total(actor="houthi") == houthi  # remembered: asked again, same answer
    other = open_store(str(engine.url.render_as_string(hide_password=False)))
    try:
        with session_scope(other) as session:
            event = session.scalars(select(Event).where(Event.actor1 == "Houthi Movement")).first()
            set_status(session, event, REJECTED, "analyst", "a duplicate", 6000)
        assert total(actor="houthi") == houthi - 1 and total() == everything - 1
        with session_scope(other) as session:
            event = session.scalars(select(Event).where(Event.status != REJECTED)).first()
            correct(session, event, {"actor1": "Houthi Movement", "fatalities": 11}, "analyst", "again", 6001)
        assert total(actor="houthi") == houthi  # a name the store did not hold under that event
        for params in ({}, {"actor": "houthi"}, {"sort": "-fatalities"}):  # rows as they now are
            assert (
                fast.get("/api/events", params=params).content
                == reference.get("/api/events", params=params).content
            )
        assert '"fatalities":11' in fast.get("/api/events", params={"sort": "-fatalities"}).text
        with session_scope(other) as session:
            token = create_token(session, "analyst", 6002)
        page = fast.get("/api/events", params={"actor": "houthi"}).json()
        rejected = fast.post(
            f"/api/events/{page['items'][0]['event_id_cnty']}/reject",
            json={"reason": "a duplicate"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert rejected.status_code == 200, rejected.text  # a write through the API itself
        assert total(actor="houthi") == houthi - 1
    finally:
        other.dispose()


def test_a_repeated_list_reads_only_its_page_again(both):
    """Asked again with nothing written in between, a list reads no count, no names, no matches and no
    rows again: only the ids of its page (an indexed filter), or nothing (actor, text)."""
    fast, _reference, engine = both

    def asked(params: dict) -> list[str]:
        """The statements over the store's tables that one request runs (the version's aside)."""
        with statements(engine) as seen:
            assert fast.get("/api/events", params=params).status_code == 200
        return [sql.split(" FROM ")[0].split(",")[0] for sql, _ in seen if "pg_current_snapshot" not in sql]

    actor = {"actor": "houthi", "limit": 5}
    first = asked(actor)
    assert sum(sql.startswith("SELECT DISTINCT") for sql in first) == 4 and len(first) == 6, first
    assert asked(actor) == []  # its matches and its rows are remembered
    assert asked({**actor, "limit": 7}) == ["SELECT events.id"]  # the rows of two more events
    country = {"country": "syria", "limit": 5}
    assert asked(country) == ["SELECT count(*)", "SELECT events.id", "SELECT events.id"]
    assert asked(country) == ["SELECT events.id"]  # the page's ids; its rows are remembered
    assert asked({"q": "غارة"}) == ["SELECT events.id"] * 2 and asked({"q": "غارة"}) == []


def test_the_route_refuses_dependencies_it_cannot_run():
    async def extra() -> None:
        return None

    router = APIRouter(dependencies=[Depends(reader), Depends(extra)])
    with pytest.raises(RuntimeError, match="cannot answer"):
        router.add_api_route(
            "/events", read.list_events, methods=["GET"], route_class_override=lists.EventListRoute
        )


def test_a_filter_without_sql_here_is_answered_the_general_way(both, monkeypatch):
    """A filter ``rasd.store.listing`` has no SQL for (one added to ``FILTERS`` later) still answers,
    through ``rasd.store.query.event_page``, the same bytes."""
    fast, reference, _engine = both

    def unsupported(self, connection, name, value, version):
        raise listing.Unsupported(name)

    monkeypatch.setattr(listing.EventLists, "_clause", unsupported)
    for params in CASES[:6]:
        query = {**params, "sort": "-date", "limit": 7, "offset": 1}
        got, want = fast.get("/api/events", params=query), reference.get("/api/events", params=query)
        assert got.status_code == 200 and got.content == want.content, query


def test_names_match_as_sqlites_like_does():
    """``like_regex`` over ASCII-lowered names finds what ``LIKE '%needle%'`` finds: ASCII letters in
    any case, other letters as written, ``_`` and ``%`` as wildcards."""
    names = ["État Islamique", "état", "ÉTAT", "a_b", "a%b", "ab", "AXB", "Ab\nC", "Ωmega", "ωMEGA", ""]
    needles = ["état", "é", "_", "%", "a_b", "a%b", "ab", "b\nc", "tat", "ωmega", "x", "a__b"]
    connection = sqlite3.connect(":memory:")
    try:
        for needle in needles:
            want = {
                n for n in names if connection.execute("SELECT ? LIKE ?", (n, f"%{needle}%")).fetchone()[0]
            }
            pattern = listing.like_regex(needle)
            got = {n for n in names if pattern.search(n.translate(listing.ASCII_LOWER))}
            assert got == want, needle
    finally:
        connection.close()


def test_serve_loads_the_first_requests_tables_and_freezes_them():
    """``rasd serve`` loads the place spellings and the actor registry before its first answer, and puts
    what is loaded out of the collector's reach."""
    import gc

    from rasd.api.app import ready_to_serve
    from rasd.store import search

    try:
        ready_to_serve()
        assert search._place_spellings.cache_info().currsize == 1
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_pages_are_gzipped_at_zlibs_default_level(tmp_path):
    """Level 6, not Starlette's 9: less than half the CPU per page for 4% more bytes."""
    from starlette.middleware.gzip import GZipMiddleware

    app = create_app(f"sqlite:///{tmp_path / 'rasd.db'}", web_dir=tmp_path / "none")
    (gzip,) = [m for m in app.user_middleware if m.cls is GZipMiddleware]
    assert gzip.kwargs == {"minimum_size": 1024, "compresslevel": 6}
