"""The web API's read side, on SQLite and on PostgreSQL (``db_url``): events with every filter, one event,
articles, counts, exports, extraction, tokens, body limits, the dashboard's files.

The store is filled here (``populate``) with articles written for these tests and event records written to
match them (evidence offsets included), through the store's own ``apply_article``: what the API shows does
not move when the extractor improves. Extraction and ingestion through the API use the real extractor.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from test_store_support import article, record

from rasd.api import create_app
from rasd.store.db import alembic_config, open_store, session_scope
from rasd.store.models import RetiredEvent
from rasd.store.query import Filters
from rasd.store.query import stats as store_stats
from rasd.store.tokens import create_token
from rasd.store.update import apply_article, content_hash

# Articles written for these tests (not taken from any corpus).
HARASTA_A = (
    "اندلعت اشتباكات عنيفة أمس بين الجيش السوري وفصائل المعارضة في مدينة حرستا بريف دمشق، "
    "وقتل فيها سبعة مقاتلين من الطرفين."
)
HARASTA_B = "قالت مصادر ميدانية إن معارك دارت أمس في حرستا بين قوات النظام والفصائل المسلحة."
RAQQA = "انفجرت عبوة ناسفة صباح اليوم في سوق شعبي بمدينة الرقة، ما أدى إلى مقتل ثلاثة مدنيين."
BASRA = "تظاهر مئات من أهالي البصرة اليوم أمام مبنى المحافظة مطالبين بتحسين خدمات الكهرباء والماء."
SPORT = "فاز فريق الشرطة على منافسه بهدفين دون رد في مباراة أقيمت مساء اليوم على ملعب الشعب."

IRAQ = {"country": "Iraq", "iso": 368, "admin1": "Basrah", "admin2": "Basrah"}


def span(text: str, passage: str) -> dict[str, Any]:
    start = text.index(passage)
    return {"start": start, "end": start + len(passage), "text": passage}


def put(
    url_or_engine, article_id: str, text: str, records: list[dict], outlet: str, published: str, now=1000
):
    """Store one article with the records given (as the extractor would hand them over)."""
    engine = open_store(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    item = article(article_id, text, outlet=outlet, published=published, title=f"عنوان {article_id}")
    try:
        with session_scope(engine) as session:
            return apply_article(
                session, item, content_hash(item), [dict(r, article_id=article_id) for r in records], now
            )
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def rec(spans: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """An event record (``test_store_support.record``) with these evidence passages."""
    out = record(**fields)
    out["evidence"] = spans
    return out


def harasta(text: str, passage: str, fatalities: int, source: str) -> dict[str, Any]:
    return rec([span(text, passage)], fatalities=fatalities, source=source)


def populate(url: str, token_name: str = "analyst") -> str:
    """Four articles, three events (one told by two outlets), a retired id, and a token; the token."""
    engine = open_store(url)
    try:
        put(
            engine,
            "t-harasta-a",
            HARASTA_A,
            [harasta(HARASTA_A, "اندلعت اشتباكات عنيفة أمس", 7, "Outlet A")],
            "Outlet A",
            "2018-03-11T08:00:00Z",
        )
        put(
            engine,
            "t-harasta-b",
            HARASTA_B,
            [harasta(HARASTA_B, "معارك دارت أمس في حرستا", 0, "Outlet B; Field sources")],
            "Outlet B",
            "2018-03-11T09:00:00Z",
        )
        raqqa = rec(
            [span(RAQQA, "انفجرت عبوة ناسفة"), span(RAQQA, "مقتل ثلاثة مدنيين")],
            date="2018-03-12",
            event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED",
            actor1="Unidentified Armed Group (Syria)",
            actor2="Civilians (Syria)",
            location="Ar-Raqqa",
            lat=35.95,
            lon=39.01,
            fatalities=3,
            admin1="Ar-Raqqa",
            admin2="Ar-Raqqa",
            source="Outlet A",
            notes="On 12 March 2018, an IED exploded in a market in Ar-Raqqa, killing 3 civilians.",
        )
        put(engine, "t-raqqa", RAQQA, [raqqa], "Outlet A", "2018-03-12T10:00:00Z")
        basra = rec(
            [span(BASRA, "تظاهر مئات من أهالي البصرة")],
            date="2018-07-02",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1="Protesters (Iraq)",
            actor2="",
            location="Basrah",
            lat=30.508,
            lon=47.783,
            source="Outlet C",
            **IRAQ,
        )
        put(engine, "t-basra", BASRA, [basra], "Outlet C", "2018-07-02T12:00:00Z")
        put(engine, "t-sport", SPORT, [], "Outlet C", "2018-07-03T12:00:00Z")
        with session_scope(engine) as session:
            session.add(RetiredEvent(event_id_cnty="SYR99", retired_at=900, merged_into="SYR1"))
            session.add(RetiredEvent(event_id_cnty="SYR98", retired_at=950, merged_into=None))
            token = create_token(session, token_name, 1000)
    finally:
        engine.dispose()
    return token


@pytest.fixture
def api(db_url, tmp_path):
    """A client of the API over a populated store (no dashboard built), and a write token."""
    token = populate(db_url)
    app = create_app(db_url, web_dir=tmp_path / "no-dashboard")
    with TestClient(app) as client:
        client.token = token  # type: ignore[attr-defined]
        client.engine = app.state.engine  # type: ignore[attr-defined]
        client.auth_headers = {"Authorization": f"Bearer {token}"}  # type: ignore[attr-defined]
        yield client


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["event_id_cnty"] for item in response.json()["items"]]


# ------------------------------------------------------------------------ events


def test_events_page_and_summary_fields(api):
    page = api.get("/api/events").json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 100, 0)
    assert [e["event_id_cnty"] for e in page["items"]] == ["SYR1", "SYR2", "IRQ1"]  # by date
    harasta_event = page["items"][0]
    assert set(harasta_event) >= {
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "source",
        "notes",
        "status",
        "corrected",
    }
    assert harasta_event["event_date"] == "2018-03-10"
    assert harasta_event["reports"] == 2 and harasta_event["fatalities"] == 7
    assert harasta_event["source"] == "Outlet A; Outlet B; Field sources"
    assert (harasta_event["status"], harasta_event["corrected"]) == ("active", False)
    second = api.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert (second["total"], [e["event_id_cnty"] for e in second["items"]]) == (3, ["SYR2"])
    assert ids(api.get("/api/events", params={"offset": 10})) == []
    assert ids(api.get("/api/events", params={"sort": "-date"})) == ["IRQ1", "SYR2", "SYR1"]
    assert ids(api.get("/api/events", params={"sort": "-fatalities"}))[0] == "SYR1"


FILTER_CASES = [
    ({"country": "Syria"}, ["SYR1", "SYR2"]),
    ({"country": "irq"}, ["IRQ1"]),
    ({"admin1": "ar-raqqa"}, ["SYR2"]),
    ({"event_type": "Protests"}, ["IRQ1"]),
    ({"sub_event_type": "Remote explosive/landmine/IED"}, ["SYR2"]),
    ({"actor": "opposition"}, ["SYR1"]),
    ({"since": "2018-03-11", "until": "2018-03-31"}, ["SYR2"]),
    ({"q": "market"}, ["SYR2"]),  # notes
    ({"q": "basrah"}, ["IRQ1"]),  # location
    ({"q": "معارك دارت"}, ["SYR1"]),  # an evidence passage (Arabic, of the second report)
    ({"q": "100%_"}, []),  # LIKE's wildcards are plain characters
    ({"q": "عبوة"}, ["SYR2"]),
    ({"q": "text"}, []),  # a key of the stored evidence JSON, not a word of any passage
    ({"q": "start"}, []),
    ({"q": '"'}, []),
    ({"q": "\\"}, []),
    ({"q": "!"}, []),
    ({"bbox": "36,33,37,34"}, ["SYR1"]),
    ({"bbox": "35,29,48,36"}, ["SYR1", "SYR2", "IRQ1"]),
    ({"country": "Syria", "event_type": "battles", "q": "حرستا"}, ["SYR1"]),
]


def test_event_filters(api):
    for params, expected in FILTER_CASES:
        assert ids(api.get("/api/events", params=params)) == expected, params
        assert api.get("/api/stats", params=params).json()["events"] == len(expected), params


BAD_FILTERS = [
    {"since": "2018-13-01"},
    {"until": "yesterday"},
    {"since": "2018-04-01", "until": "2018-03-01"},
    {"bbox": "1,2,3"},
    {"bbox": "a,b,c,d"},
    {"bbox": "40,30,30,40"},
    {"bbox": "-200,0,0,10"},
    {"limit": 0},
    {"limit": 1001},
    {"offset": -1},
    {"sort": "random"},
    {"country": "Syr\x00ia"},
    {"q": "x" * 201},
    {"include_rejected": "maybe"},
    {"until": "0.0"},
    {"since": "2018-02-30"},
    {"since": ["2018-01-01", "2018-02-01"]},  # a one-value filter given twice
    {"min_fatalities": "many"},
    {"civilian_targeting": "perhaps"},
    {"year": "2018,twenty"},
]


def test_bad_filters_are_422(api):
    for params in BAD_FILTERS:
        response = api.get("/api/events", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["detail"]
        if not {"limit", "offset", "sort"} & params.keys():  # the filters, which counts and exports take too
            assert api.get("/api/stats", params=params).status_code == 422, params
            assert api.get("/api/export", params={"format": "jsonl", **params}).status_code == 422, params


def test_one_event_with_reports_evidence_sources_and_history(api):
    event = api.get("/api/events/SYR1").json()
    assert event["event_id_cnty"] == "SYR1" and event["year"] == 2018
    assert event["disorder_type"] == "Political violence" and event["timestamp"] == 1000
    assert event["article_ids"] == ["t-harasta-a", "t-harasta-b"]
    assert event["sources"] == ["Outlet A", "Outlet B", "Field sources"]
    assert event["corrections"] == [] and event["status"] == "active"
    first, second = event["reports"]
    assert (first["article_id"], first["outlet"], first["title"]) == (
        "t-harasta-a",
        "Outlet A",
        "عنوان t-harasta-a",
    )
    assert first["fatalities"] == 7 and second["fatalities"] == 0
    texts = {"t-harasta-a": HARASTA_A, "t-harasta-b": HARASTA_B}
    for report in event["reports"]:
        for passage in report["evidence"]:
            assert texts[report["article_id"]][passage["start"] : passage["end"]] == passage["text"]
            assert passage["field"] == "text"


def test_unknown_and_retired_events_are_404(api):
    assert api.get("/api/events/SYR12345").json() == {"detail": "no such event"}
    assert api.get("/api/events/not-an-id").status_code == 404
    merged = api.get("/api/events/SYR99")
    assert merged.status_code == 404 and merged.json()["merged_into"] == "SYR1"
    withdrawn = api.get("/api/events/SYR98")
    assert withdrawn.status_code == 404 and "withdrawn" in withdrawn.json()["detail"]


# ------------------------------------------------------------------------ articles


def test_articles_list_and_one_article_with_its_evidence(api):
    page = api.get("/api/articles").json()
    assert page["total"] == 5
    assert [a["id"] for a in page["items"]][:2] == ["t-sport", "t-basra"]  # newest first
    by_id = {a["id"]: a for a in page["items"]}
    assert by_id["t-harasta-b"]["events"] == ["SYR1"] and by_id["t-sport"]["reports"] == 0
    assert "text" not in by_id["t-raqqa"]
    assert (
        api.get("/api/articles", params={"limit": 2, "offset": 4}).json()["items"][0]["id"] == "t-harasta-a"
    )
    raqqa = api.get("/api/articles/t-raqqa").json()
    assert raqqa["text"] == RAQQA and raqqa["outlet"] == "Outlet A" and raqqa["title"] == "عنوان t-raqqa"
    assert len(raqqa["evidence"]) == 2
    for passage in raqqa["evidence"]:
        assert RAQQA[passage["start"] : passage["end"]] == passage["text"]
        assert (passage["event_id_cnty"], passage["event_status"], passage["report"]) == ("SYR2", "active", 0)
    assert api.get("/api/articles/t-sport").json()["evidence"] == []
    assert api.get("/api/articles/no-such-article").status_code == 404
    assert api.get("/api/articles", params={"limit": 5000}).status_code == 422


# ------------------------------------------------------------------------ counts and exports


def test_stats_with_and_without_filters(api):
    stats = api.get("/api/stats").json()
    assert (stats["articles"], stats["reports"], stats["events"], stats["retired"]) == (5, 4, 3, 2)
    assert stats["fatalities"] == 10 and stats["rejected"] == 0
    assert stats["by_country"] == {"Syria": 2, "Iraq": 1}
    assert stats["by_event_type"] == {"Battles": 1, "Explosions/Remote violence": 1, "Protests": 1}
    assert stats["by_day"] == {"2018-03-10": 1, "2018-03-12": 1, "2018-07-02": 1}
    assert stats["by_day_type"][0] == {
        "date": "2018-03-10",
        "event_type": "Battles",
        "events": 1,
        "fatalities": 7,
    }
    searched = api.get("/api/stats", params={"q": "حرستا"}).json()  # counted in Python, not by the database
    assert (searched["events"], searched["fatalities"], searched["by_country"]) == (1, 7, {"Syria": 1})
    assert searched["by_day_type"] == stats["by_day_type"][:1] and searched["articles"] == 5
    with session_scope(api.engine) as session:  # both ways of counting agree (" " is in every note)
        assert store_stats(session, Filters(text=" ")) == store_stats(session, Filters())
    syria = api.get("/api/stats", params={"country": "SYR", "since": "2018-03-11"}).json()
    assert (syria["events"], syria["articles"], syria["by_country"]) == (1, 5, {"Syria": 1})


def test_exports_in_every_format(api, tmp_path):
    response = api.get("/api/export", params={"format": "acled-csv", "country": "Syria"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="rasd-events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id_cnty"] for r in rows] == ["SYR1", "SYR2"] and rows[0]["rasd_reports"] == "2"
    geojson = api.get("/api/export", params={"format": "geojson", "bbox": "35,29,48,36"}).json()
    assert [f["id"] for f in geojson["features"]] == ["SYR1", "SYR2", "IRQ1"]
    lines = api.get("/api/export", params={"format": "jsonl", "q": "حرستا"}).text.splitlines()
    assert [json.loads(line)["event_id_cnty"] for line in lines] == ["SYR1"]
    parquet = api.get("/api/export", params={"format": "parquet"})
    assert parquet.status_code == 200
    import pyarrow.parquet as pq

    (tmp_path / "e.parquet").write_bytes(parquet.content)
    assert pq.read_table(tmp_path / "e.parquet").column("event_id_cnty").to_pylist() == [
        "SYR1",
        "SYR2",
        "IRQ1",
    ]
    deleted = api.get("/api/export", params={"format": "deleted-csv"}).text.splitlines()
    assert deleted == ["event_id_cnty,deleted_timestamp,merged_into", "SYR99,900,SYR1", "SYR98,950,"]
    assert api.get("/api/export", params={"format": "xlsx"}).status_code == 422
    assert api.get("/api/export").status_code == 422


# ------------------------------------------------------------------------ the rest


def test_meta_and_health(api):
    meta = api.get("/api/meta").json()
    assert len(meta["event_types"]) == 6 and sum(len(s) for s in meta["event_types"].values()) == 25
    assert "fatalities" in meta["editable_fields"] and "Syria" in meta["countries"]
    assert meta["export_formats"] == ["acled-csv", "geojson", "jsonl", "parquet", "deleted-csv"]
    # the review form's fields are the API's: every field PATCH accepts, with its kind and choices
    editable = {f["name"]: f for f in meta["editable"]}
    assert list(editable) == meta["editable_fields"] and len(editable) == 23
    assert editable["geo_precision"]["choices"] == [1, 2, 3] and editable["notes"].get("choices") is None
    assert len(editable["sub_event_type"]["choices"]) == 25
    assert meta["inter_codes"]["8"] == "External/Other forces"
    assert meta["interaction_codes"]["27"] == "Rebel groups-Civilians"
    assert meta["disorder_types"]["Riots"] == ["Demonstrations", "Political violence; Demonstrations"]
    health = api.get("/api/health").json()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert health["status"] == "ok" and health["schema_revision"] == head and int(head) >= 5
    assert api.get("/api/no-such-endpoint").status_code == 404
    assert api.get("/openapi.json").json()["info"]["title"] == "rasd"
    assert api.get("/docs").status_code == 200


def test_write_endpoints_need_a_valid_token(api):
    attempts = [
        ("patch", "/api/events/SYR1", {"changes": {"fatalities": 1}}),
        ("post", "/api/events/SYR1/reject", {}),
        ("post", "/api/events/SYR1/restore", {}),
        ("post", "/api/ingest", {"articles": [{"id": "x", "text": RAQQA}]}),
    ]
    for method, path, body in attempts:
        for headers in ({}, {"Authorization": "Bearer rasd_wrong"}, {"Authorization": f"Basic {api.token}"}):
            response = getattr(api, method)(path, json=body, headers=headers)
            assert response.status_code == 401, (path, headers, response.text)
            assert response.headers["www-authenticate"] == "Bearer"
    assert api.get("/api/events/SYR1").json()["corrections"] == []  # nothing was written
    ok = api.patch("/api/events/SYR1", json={"changes": {"fatalities": 1}}, headers=api.auth_headers)
    assert ok.status_code == 200


def test_reading_can_require_a_token(db_url, tmp_path):
    token = populate(db_url)
    app = create_app(db_url, web_dir=tmp_path, read_token_required=True)
    with TestClient(app) as client:
        assert client.get("/api/events").status_code == 401
        assert client.get("/api/events/SYR1").status_code == 401
        assert client.get("/api/health").status_code == 200
        good = client.get("/api/events", headers={"Authorization": f"Bearer {token}"})
        assert good.status_code == 200 and good.json()["total"] == 3
        assert client.get("/api/meta", headers={"Authorization": f"Bearer {token}"}).json()[
            "read_token_required"
        ]


# ------------------------------------------------------------------------ without the store's variants


@pytest.fixture
def sqlite_api(tmp_path):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    token = populate(url)
    app = create_app(url, web_dir=tmp_path / "no-dashboard", max_body=64 * 1024)
    with TestClient(app) as client:
        client.auth_headers = {"Authorization": f"Bearer {token}"}  # type: ignore[attr-defined]
        yield client


EXTRACT_TEXT = "قتل أربعة مدنيين أمس في غارات جوية شنها الطيران الحربي السوري على بلدة سراقب في ريف إدلب."


def test_extract_reads_an_article_without_storing_it(sqlite_api):
    response = sqlite_api.post(
        "/api/extract",
        json={"text": EXTRACT_TEXT, "published": "2019-03-05", "outlet": "Test", "title": "غارات"},
    )
    assert response.status_code == 200, response.text
    events = response.json()["events"]
    assert events, "the extractor found no event in a plain air-strike report"
    for event in events:
        assert event["event_date"] == "2019-03-04" and event["country"] == "Syria"
        for passage in event["evidence"]:
            source = "غارات" if passage["field"] == "title" else EXTRACT_TEXT
            assert source[passage["start"] : passage["end"]] == passage["text"]
    assert sqlite_api.get("/api/stats").json()["articles"] == 5  # nothing stored


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   \n "}, 422, "empty"),
        ({"text": "Clashes broke out in Harasta yesterday."}, 422, "no Arabic"),
        ({"text": EXTRACT_TEXT, "published": "last Tuesday"}, 422, "ISO 8601"),
        ({"text": EXTRACT_TEXT, "colour": "red"}, 422, "Extra inputs"),
        ({"published": "2019-03-05"}, 422, "Field required"),
        ({"text": 42}, 422, "valid string"),
        ({"text": "ا" * 1_000_001}, 413, "too long"),
    ],
)
def test_extract_refuses_what_is_not_an_article(tmp_path, body, status, says):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    with TestClient(create_app(url, web_dir=tmp_path)) as client:  # the default 2 MB body limit
        response = client.post("/api/extract", json=body)
    assert response.status_code == status, response.text
    assert says in json.dumps(response.json())


def test_request_bodies_are_size_limited(sqlite_api):
    big = {"text": "ا" * 40_000}  # 80 KB of UTF-8, over this server's 64 KiB
    response = sqlite_api.post("/api/extract", content=json.dumps(big, ensure_ascii=False).encode())
    assert response.status_code == 413 and "65,536 bytes" in response.json()["detail"]

    def chunks():  # no Content-Length: counted as it comes
        for _ in range(20):
            yield b"x" * 8192

    chunked = sqlite_api.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert (
        sqlite_api.post(
            "/api/extract", content=b"{not json", headers={"Content-Type": "application/json"}
        ).status_code
        == 422
    )
    small = sqlite_api.post("/api/extract", json={"text": EXTRACT_TEXT, "published": "2019-03-05"})
    assert small.status_code == 200


def test_cors_is_off_unless_asked_and_security_headers(tmp_path):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    preflight = {"Origin": "http://evil.example", "Access-Control-Request-Method": "PATCH"}
    with TestClient(create_app(url, web_dir=tmp_path)) as client:
        response = client.get("/api/events", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in response.headers
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert (
            "access-control-allow-origin" not in client.options("/api/events/SYR1", headers=preflight).headers
        )
    with TestClient(create_app(url, web_dir=tmp_path, cors_origins=["http://localhost:5173"])) as client:
        response = client.get("/api/events", headers={"Origin": "http://localhost:5173"})
        assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
        assert "access-control-allow-origin" not in client.get("/api/events", headers=preflight).headers


def test_dashboard_files_fallback_and_outlines(tmp_path):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    with TestClient(create_app(url, web_dir=tmp_path / "missing")) as client:
        page = client.get("/")
        assert (
            page.status_code == 200
            and "make web" in page.text
            and page.headers["content-type"].startswith("text/html")
        )
        assert client.get("/some/view").status_code == 404
        outlines = client.get("/api/geo/outlines")
        assert outlines.status_code == 404 and "outlines.geojson" in outlines.json()["detail"]
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>dashboard</title>", encoding="utf-8")
    (dist / "assets" / "app-1234.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "outlines.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not to be served", encoding="utf-8")
    with TestClient(create_app(url, web_dir=dist)) as client:
        for path in ("/", "/index.html", "/events/SYR1", "/map"):
            response = client.get(path)
            assert response.status_code == 200 and "dashboard" in response.text, path
        asset = client.get("/assets/app-1234.js")
        assert asset.text == "console.log(1)" and "immutable" in asset.headers["cache-control"]
        assert client.get("/assets/missing.js").status_code == 404
        for sneaky in (
            "/../secret.txt",
            "/assets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2Fsecret.txt",
        ):
            assert "not to be served" not in client.get(sneaky).text, sneaky
        assert client.get("/api/nothing-here").json() == {"detail": "no such endpoint; see /docs"}
        outlines = client.get("/api/geo/outlines")
        assert outlines.status_code == 200 and outlines.headers["content-type"] == "application/geo+json"
        assert outlines.json()["type"] == "FeatureCollection"


def test_api_docs_load_nothing_from_a_cdn(tmp_path):
    """/redoc was FastAPI's ReDoc page, which loads ReDoc from a CDN: blank offline. It now leads to /docs
    (Swagger UI from the built dashboard); without a built dashboard /docs says how to build it."""
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    dist = tmp_path / "dist"
    (dist / "api-docs").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>dashboard</title>", encoding="utf-8")
    (dist / "api-docs" / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = 1", encoding="utf-8")
    external = re.compile(r"""(?:src|href)=["']?(?:https?:)?//""")
    with TestClient(create_app(url, web_dir=dist)) as client:
        moved = client.get("/redoc", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == "/docs"
        docs = client.get("/redoc")  # followed
        assert docs.status_code == 200 and "/api-docs/swagger-ui-bundle.js" in docs.text
        assert not external.search(docs.text), docs.text
        assert "https:" not in docs.headers["content-security-policy"]
        assert "/redoc" not in json.dumps(client.get("/openapi.json").json())
    with TestClient(create_app(url, web_dir=tmp_path / "missing")) as client:
        docs = client.get("/docs")
        assert docs.status_code == 200 and "make web" in docs.text and "/openapi.json" in docs.text
        assert not external.search(docs.text), docs.text
        assert client.get("/redoc").url.path == "/docs"


@pytest.mark.parametrize(
    "path", ["/api/events?country=Syria", "/api/export?format=acled-csv", "/api/stats", "/api/events/SYR1"]
)
def test_head_answers_as_get_without_a_body(api, path):
    """``HEAD /api/export`` answered 405 (FastAPI routes take only the methods they declare): a link
    checker or ``curl -I`` saw the export as missing. HEAD now gives the GET's status and headers."""
    plain = {"Accept-Encoding": "identity"}
    got, head = api.get(path, headers=plain), api.head(path, headers=plain)
    assert got.status_code == 200 and head.status_code == 200, head.text
    assert head.content == b"" and got.content != b""
    for name in ("content-type", "content-length", "content-disposition", "x-content-type-options"):
        assert head.headers.get(name) == got.headers.get(name), name
    assert int(head.headers["content-length"]) == len(got.content)


def test_head_goes_through_the_gets_checks(api):
    bad = api.head("/api/export?format=acled-csv&country=Syira")
    assert bad.status_code == 422 and bad.content == b""
    assert api.head("/api/export").status_code == 422  # no format, as GET
    assert api.post("/api/events").status_code == 405  # other methods are left as they were


def test_export_for_excel_takes_bom(api):
    """``GET /api/export?format=acled-csv&bom=true`` as ``rasd export --bom``: a UTF-8 BOM first, for
    Excel; the default is unchanged; a format that is not CSV refuses it (422)."""
    plain = api.get("/api/export?format=acled-csv")
    marked = api.get("/api/export?format=acled-csv&bom=true")
    assert plain.status_code == 200 and marked.status_code == 200, marked.text
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    assert marked.content == b"\xef\xbb\xbf" + plain.content
    deleted = api.get("/api/export?format=deleted-csv&bom=true")
    assert deleted.content.startswith(b"\xef\xbb\xbfevent_id_cnty,")
    refused = api.get("/api/export?format=geojson&bom=true")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "bom"]
