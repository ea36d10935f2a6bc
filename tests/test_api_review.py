"""Review through the web API, on SQLite and on PostgreSQL: corrections (recorded, validated, re-applied
after every re-merge, carried over when a merge retires the event, shown in every export), rejection and
restoration, ingestion over HTTP, and the end-to-end case: a correction survives ``rasd ingest --force``.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_api import HARASTA_A, harasta, populate, put, rec, span

from rasd.api import create_app
from rasd.cli import main as rasd
from rasd.store import review
from rasd.store.db import open_store, session_scope
from rasd.store.models import Correction, Event
from rasd.store.query import Filters, find_events


@pytest.fixture
def api(db_url, tmp_path):
    token = populate(db_url, token_name="layla")
    with TestClient(create_app(db_url, web_dir=tmp_path / "no-dashboard")) as client:
        client.url = db_url  # type: ignore[attr-defined]
        client.headers_ = {"Authorization": f"Bearer {token}"}  # type: ignore[attr-defined]
        yield client


def patch(api, event_id, changes, reason=None):
    body = {"changes": changes} | ({"reason": reason} if reason else {})
    return api.patch(f"/api/events/{event_id}", json=body, headers=api.headers_)


def exported(api, fmt: str, **params) -> list[dict]:
    """The events of an export through the API, as dicts."""
    response = api.get("/api/export", params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    if fmt == "acled-csv":
        return list(csv.DictReader(io.StringIO(response.text)))
    if fmt == "geojson":
        return [f["properties"] | {"event_id_cnty": f["id"]} for f in response.json()["features"]]
    return [json.loads(line) for line in response.text.splitlines()]


# ------------------------------------------------------------------------ corrections


def test_a_correction_is_recorded_applied_and_exported(api):
    before = api.get("/api/events/SYR1").json()
    changes = {
        "fatalities": 4,
        "location": "Harasta outskirts",
        "latitude": 33.57,
        "longitude": 36.37,
        "geo_precision": 2,
        "sub_event_type": "Government regains territory",
        "notes": "On 10 March 2018, regime forces retook the outskirts of Harasta; 4 fighters were killed.",
        "event_date": "2018-03-09",
        "inter2": 3,
    }
    response = patch(api, "SYR1", changes, reason="read the second report")
    assert response.status_code == 200, response.text
    event = response.json()
    for field, value in changes.items():
        assert event[field] == value, field
    assert event["event_type"] == "Battles" and event["year"] == 2018
    assert event["interaction"] == 13 and event["corrected"] is True
    assert event["timestamp"] > before["timestamp"]
    history = {c["field"]: c for c in event["corrections"]}
    assert set(history) == set(changes)
    assert history["fatalities"] == history["fatalities"] | {
        "before": 7,
        "after": 4,
        "author": "layla",
        "reason": "read the second report",
        "event_id_cnty": "SYR1",
    }
    assert history["event_date"]["before"] == "2018-03-10"
    assert abs(history["fatalities"]["created_at"] - time.time()) < 60
    # the same values again: nothing new to record
    again = patch(api, "SYR1", {"fatalities": 4, "actor1": event["actor1"]})
    assert again.status_code == 200 and len(again.json()["corrections"]) == len(changes)
    # lists, counts and every export show the corrected values
    (item,) = [e for e in api.get("/api/events").json()["items"] if e["event_id_cnty"] == "SYR1"]
    assert (item["fatalities"], item["location"], item["corrected"]) == (4, "Harasta outskirts", True)
    assert api.get("/api/events", params={"until": "2018-03-09"}).json()["total"] == 1
    assert api.get("/api/stats").json()["fatalities"] == 4 + 3
    for fmt in ("acled-csv", "geojson", "jsonl"):
        (row,) = [e for e in exported(api, fmt) if e["event_id_cnty"] == "SYR1"]
        assert str(row["fatalities"]) == "4" and row["location"] == "Harasta outskirts", fmt
        assert row["sub_event_type"] == "Government regains territory" and row["event_date"] == "2018-03-09"
        assert row["interaction"] == "State forces-Political militias", fmt  # ACLED's text, by default
    parquet = api.get("/api/export", params={"format": "parquet"}).content
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(parquet)).to_pylist()
    (row,) = [r for r in table if r["event_id_cnty"] == "SYR1"]
    assert (row["fatalities"], row["location"], row["latitude"]) == (4, "Harasta outskirts", 33.57)
    # and the reports keep what the articles said
    assert [r["fatalities"] for r in event["reports"]] == [7, 0]


def test_a_changed_type_and_country_bring_what_follows_from_them(api):
    event = patch(
        api,
        "SYR2",
        {"event_type": "Violence against civilians", "sub_event_type": "Attack", "country": "iraq"},
    ).json()
    assert (event["disorder_type"], event["country"], event["iso"]) == ("Political violence", "Iraq", 368)
    assert event["event_id_cnty"] == "SYR2"  # ids never change
    protest = patch(api, "IRQ1", {"sub_event_type": "Protest with intervention"}).json()
    assert protest["event_type"] == "Protests" and protest["disorder_type"] == "Demonstrations"
    riot = patch(api, "IRQ1", {"event_type": "Riots", "sub_event_type": "Mob violence"}).json()
    assert riot["disorder_type"] == "Political violence; Demonstrations"


BAD_CHANGES = [
    ({"fatalities": -1}, "fatalities"),
    ({"fatalities": "5"}, "fatalities"),
    ({"fatalities": 2.5}, "fatalities"),
    ({"fatalities": True}, "fatalities"),
    ({"time_precision": 4}, "time_precision"),
    ({"event_type": "Skirmish"}, "event_type"),
    ({"event_type": "Protests"}, "event_type"),  # SYR1's sub-type is a Battles one
    ({"sub_event_type": "Peaceful protest", "event_type": "Battles"}, "sub_event_type"),
    ({"sub_event_type": "Armed clashes"}, "sub_event_type"),
    ({"latitude": 95}, "latitude"),
    ({"latitude": None}, "latitude"),  # a point is both coordinates or neither
    ({"event_date": "2018-02-30"}, "event_date"),
    ({"event_date": "10/03/2018"}, "event_date"),
    ({"event_date": "1850-01-01"}, "event_date"),
    ({"country": "Atlantis"}, "country"),
    ({"actor1": "  "}, "actor1"),
    ({"actor1": None}, "actor1"),
    ({"location": "Harasta\x00"}, "location"),
    ({"notes": "x" * 10_001}, "notes"),
    ({"civilian_targeting": "yes"}, "civilian_targeting"),
    ({"event_id_cnty": "SYR7"}, "event_id_cnty"),
    ({"timestamp": 0}, "timestamp"),
    ({}, "changes"),
]


def test_bad_corrections_are_422_naming_the_field_and_change_nothing(api):
    before = api.get("/api/events/SYR1").json()
    for changes, field in BAD_CHANGES:
        response = patch(api, "SYR1", changes)
        assert response.status_code == 422, (changes, response.text)
        where = [problem["loc"] for problem in response.json()["detail"]]
        assert any(field in loc for loc in where), (changes, where)
    assert api.get("/api/events/SYR1").json() == before
    for body in ({"fatalities": 3}, {"changes": {"fatalities": 3}, "who": "me"}, {"changes": [1]}):
        assert api.patch("/api/events/SYR1", json=body, headers=api.headers_).status_code == 422
    assert patch(api, "SYR404", {"fatalities": 1}).status_code == 404
    assert patch(api, "SYR99", {"fatalities": 1}).json()["merged_into"] == "SYR1"


def test_reject_and_restore(api):
    reject = api.post("/api/events/SYR2/reject", json={"reason": "a training exercise"}, headers=api.headers_)
    assert reject.status_code == 200 and reject.json()["status"] == "rejected"
    assert api.post("/api/events/SYR2/reject", headers=api.headers_).json()["status"] == "rejected"  # no-op
    assert [e["event_id_cnty"] for e in api.get("/api/events").json()["items"]] == ["SYR1", "IRQ1"]
    shown = api.get("/api/events", params={"include_rejected": True}).json()["items"]
    assert [(e["event_id_cnty"], e["status"]) for e in shown][1] == ("SYR2", "rejected")
    assert api.get("/api/events/SYR2").json()["status"] == "rejected"  # still readable by id
    stats = api.get("/api/stats").json()
    assert (stats["events"], stats["rejected"], stats["by_country"]) == (2, 1, {"Syria": 1, "Iraq": 1})
    for fmt in ("acled-csv", "geojson", "jsonl"):
        assert "SYR2" not in [e["event_id_cnty"] for e in exported(api, fmt)], fmt
    deleted = list(csv.reader(io.StringIO(api.get("/api/export", params={"format": "deleted-csv"}).text)))
    assert ["SYR2", str(reject.json()["timestamp"]), ""] in deleted
    article = api.get("/api/articles/t-raqqa").json()
    assert {p["event_status"] for p in article["evidence"]} == {"rejected"}
    restore = api.post("/api/events/SYR2/restore", json={}, headers=api.headers_)
    assert restore.status_code == 200 and restore.json()["status"] == "active"
    assert api.get("/api/events").json()["total"] == 3
    assert "SYR2" not in api.get("/api/export", params={"format": "deleted-csv"}).text
    history = [(c["field"], c["before"], c["after"], c["reason"]) for c in restore.json()["corrections"]]
    assert history == [
        ("status", "active", "rejected", "a training exercise"),
        ("status", "rejected", "active", None),
    ]
    assert restore.json()["corrected"] is False  # a rejection is no correction of a field
    assert api.post("/api/events/XXX1/reject", headers=api.headers_).status_code == 404
    assert api.post("/api/events/SYR2/reject", json={"reason": 5}, headers=api.headers_).status_code == 422


# ------------------------------------------------------------------------ through re-merging


def test_corrections_survive_new_reports_and_changed_articles(api):
    patch(
        api, "SYR1", {"fatalities": 2, "actor2": "HTS: Hayat Tahrir al Sham", "inter2": 2}, reason="checked"
    )
    stamp = api.get("/api/events/SYR1").json()["timestamp"]
    third = "أفاد مراسلنا بأن اشتباكات أمس في حرستا أوقعت تسعة قتلى."
    put(
        api.url,
        "t-harasta-c",
        third,
        [harasta(third, "اشتباكات أمس في حرستا", 9, "Outlet D")],
        "Outlet D",
        "2018-03-11T11:00:00Z",
        now=stamp + 10,
    )
    changed = HARASTA_A + " وتجددت الاشتباكات مساء."
    put(
        api.url,
        "t-harasta-a",
        changed,
        [harasta(changed, "اندلعت اشتباكات عنيفة أمس", 8, "Outlet A")],
        "Outlet A",
        "2018-03-11T08:00:00Z",
        now=stamp + 20,
    )
    event = api.get("/api/events/SYR1").json()
    assert len(event["reports"]) == 3 and "Outlet D" in event["sources"]  # merged anew ...
    assert (event["fatalities"], event["actor2"]) == (2, "HTS: Hayat Tahrir al Sham")  # ... corrected still
    assert event["timestamp"] == stamp + 10  # the source list changed then; nothing changed at +20
    assert len(event["corrections"]) == 2  # inter2 was 2 already: nothing to record
    assert [e["fatalities"] for e in exported(api, "acled-csv", country="SYR")][0] == "2"


def test_corrections_carry_over_when_a_merge_retires_the_event(db_url):
    """A (day 10, 17 dead) and B (day 11) are two events until C bridges them; B, the younger, retires into
    A. B's corrections of fields A has none of go to A, with their author; A's own stay; B's rejection
    does not make A rejected."""
    engine = open_store(db_url)
    try:

        def add(article_id, day, toll, passage, now):
            text = f"{passage} في حرستا."
            put(
                engine,
                article_id,
                text,
                [rec([span(text, passage)], date=day, fatalities=toll)],
                "Outlet A",
                f"{day}T20:00:00Z",
                now=now,
            )

        add("a1", "2018-03-10", 17, "قتل سبعة عشر مقاتلا", 1000)
        add("b1", "2018-03-11", 0, "معارك على أطراف المدينة", 1100)
        with session_scope(engine) as session:
            first, second = (
                session.scalar(select(Event).where(Event.event_id_cnty == i)) for i in ("SYR1", "SYR2")
            )
            review.correct(session, first, {"notes": "A's own note."}, "omar", None, 1150)
            review.correct(
                session,
                second,
                {"notes": "B's note.", "fatalities": 12, "latitude": 33.6},
                "layla",
                "from a local source",
                1160,
            )
            review.set_status(session, second, review.REJECTED, "layla", None, 1170)
        add("c1", "2018-03-11", 17, "حصيلة", 1200)
        with session_scope(engine) as session:
            (event,) = find_events(session, Filters(include_rejected=True))
            assert (event.event_id_cnty, event.status) == ("SYR1", "active")
            assert (event.notes, event.fatalities, event.latitude, event.longitude) == (
                "A's own note.",
                12,
                33.6,
                36.365,
            )
            rows = session.scalars(
                select(Correction).where(Correction.event_id_cnty == "SYR1", Correction.created_at == 1200)
            ).all()
            assert sorted((r.field, r.author) for r in rows) == [
                ("fatalities", "layla"),
                ("latitude", "layla"),
                ("longitude", "layla"),
            ]
            assert all(r.reason == "carried over from SYR2: from a local source" for r in rows)
    finally:
        engine.dispose()


def test_apply_overrides_recomputes_what_follows():
    merged = {
        "event_date": "2018-03-10",
        "year": 2018,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "disorder_type": "Political violence",
        "inter1": 1,
        "inter2": 2,
        "interaction": 12,
        "country": "Syria",
        "iso": 760,
        "region": "Middle East",
        "fatalities": 3,
    }
    assert review.apply_overrides(merged, {}) == merged
    out = review.apply_overrides(
        merged,
        {"sub_event_type": "Peaceful protest", "event_date": "2019-01-02", "inter2": 0, "country": "Libya"},
    )
    assert (out["event_type"], out["disorder_type"], out["year"]) == ("Protests", "Demonstrations", 2019)
    assert (out["interaction"], out["iso"], out["region"]) == (10, 434, "Northern Africa")
    assert out["fatalities"] == 3


# ------------------------------------------------------------------------ ingestion


INGEST_ARTICLES = [
    {
        "id": "http-1",
        "published": "2018-03-05",
        "outlet": "Test Outlet",
        "text": "قتل خمسة مدنيين أمس في غارات جوية شنها الطيران الحربي السوري على بلدة سراقب في ريف إدلب، "
        "بحسب ناشطين محليين.",
    },
    {
        "id": "http-2",
        "published": "2018-03-05",
        "outlet": "Test Outlet",
        "text": "انفجرت عبوة ناسفة صباح أمس في سوق مدينة منبج شمالي حلب، "
        "ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    },
]


def test_ingest_over_http(api):
    with open("examples/sample_articles.jsonl", encoding="utf-8") as handle:
        samples = [json.loads(line) for line in handle if line.strip()]
    bad = [{"id": "empty", "text": " "}, {"id": "english", "text": "No Arabic here."}]
    body = {"articles": INGEST_ARTICLES + samples + bad}
    response = api.post("/api/ingest", json=body, headers=api.headers_)
    assert response.status_code == 200, response.text
    counts = response.json()
    assert (counts["read"], counts["new"], counts["unchanged"]) == (len(body["articles"]) - 2,) * 2 + (0,)
    assert counts["reports"] >= 2 and counts["events_new"] >= 2
    first_bad = len(INGEST_ARTICLES) + len(samples)
    errors = [(e["index"], e["id"]) for e in counts["errors"]]
    assert errors == [(first_bad, "empty"), (first_bad + 1, "english")]
    stored = api.get("/api/articles/http-1").json()
    assert stored["evidence"] and stored["evidence"][0]["event_id_cnty"].startswith("SYR")
    again = api.post("/api/ingest", json={"articles": INGEST_ARTICLES}, headers=api.headers_).json()
    assert (again["unchanged"], again["new"], again["reports"]) == (2, 0, 0)
    forced = api.post("/api/ingest", json={"articles": INGEST_ARTICLES, "force": True}, headers=api.headers_)
    assert forced.json()["changed"] == 2 and forced.json()["events_new"] == 0
    nothing = api.post("/api/ingest", json={"articles": bad}, headers=api.headers_)
    assert nothing.status_code == 422 and len(nothing.json()["errors"]) == 2
    assert api.post("/api/ingest", json={"articles": []}, headers=api.headers_).status_code == 422
    assert (
        api.post("/api/ingest", json={"articles": [{"text": "نص"}]}, headers=api.headers_).status_code == 422
    )


# ------------------------------------------------------------------------ end to end, with the real extractor


E2E_ARTICLES = [
    INGEST_ARTICLES[0],
    INGEST_ARTICLES[1],
    {
        "id": "e2e-harasta-1",
        "published": "2018-03-05T08:00:00Z",
        "outlet": "Outlet A",
        "text": "اندلعت اشتباكات عنيفة أمس بين الجيش السوري وفصائل المعارضة في مدينة حرستا بريف دمشق، "
        "قتل فيها ستة مقاتلين.",
    },
    {
        "id": "e2e-harasta-2",
        "published": "2018-03-05T10:00:00Z",
        "outlet": "Outlet B",
        "text": "قالت مصادر ميدانية إن معارك دارت أمس في حرستا بين قوات النظام والفصائل المسلحة وقتل فيها "
        "ستة مقاتلين.",
    },
]


def test_a_correction_survives_rasd_ingest_force_and_shows_in_every_export(db_url, tmp_path, capsys):
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in E2E_ARTICLES), encoding="utf-8"
    )
    assert rasd(["ingest", str(source), "--db", db_url, "--workers", "1", "-q"]) == 0
    assert rasd(["token", "create", "reviewer", "--db", db_url]) == 0
    token = capsys.readouterr().out.strip()
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(db_url, web_dir=tmp_path)) as api:
        (battle,) = api.get("/api/events", params={"event_type": "Battles", "q": "حرستا"}).json()["items"]
        assert battle["reports"] == 2 and battle["fatalities"] == 6
        (ied,) = api.get("/api/events", params={"sub_event_type": "Remote explosive/landmine/IED"}).json()[
            "items"
        ]
        fixed = {
            "fatalities": 4,
            "notes": "Corrected by an analyst.",
            "location": "Harasta",
            "geo_precision": 2,
        }
        response = api.patch(
            f"/api/events/{battle['event_id_cnty']}", json={"changes": fixed}, headers=headers
        )
        assert response.status_code == 200, response.text
        stamp = response.json()["timestamp"]
        assert api.post(f"/api/events/{ied['event_id_cnty']}/reject", headers=headers).status_code == 200

    assert rasd(["ingest", str(source), "--db", db_url, "--workers", "1", "--force"]) == 0
    summary = capsys.readouterr().err
    assert "4 changed" in summary, summary  # every article was extracted and merged again

    with TestClient(create_app(db_url, web_dir=tmp_path)) as api:
        event = api.get(f"/api/events/{battle['event_id_cnty']}").json()
        for field, value in fixed.items():
            assert event[field] == value, field
        assert len(event["reports"]) == 2 and event["timestamp"] == stamp  # re-merged to the same values
        assert api.get(f"/api/events/{ied['event_id_cnty']}").json()["status"] == "rejected"
    for fmt, suffix in (
        ("acled-csv", "csv"),
        ("geojson", "geojson"),
        ("jsonl", "jsonl"),
        ("parquet", "parquet"),
    ):
        out = tmp_path / f"events.{suffix}"
        deleted = tmp_path / f"deleted-{suffix}.csv"
        assert (
            rasd(["export", "--db", db_url, "--format", fmt, "-o", str(out), "--deleted", str(deleted)]) == 0
        )
        rows = _read_export(fmt, out)
        assert ied["event_id_cnty"] not in rows, fmt  # rejected: not exported ...
        assert ied["event_id_cnty"] in deleted.read_text(encoding="utf-8"), fmt  # ... but listed as deleted
        row = rows[battle["event_id_cnty"]]
        assert str(row["fatalities"]) == "4" and row["notes"] == "Corrected by an analyst.", fmt
        assert str(row["geo_precision"]) == "2", fmt


def _read_export(fmt: str, path) -> dict[str, dict]:
    if fmt == "acled-csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return {row["event_id_cnty"]: row for row in csv.DictReader(handle)}
    if fmt == "geojson":
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return {f["id"]: f["properties"] for f in features}
    if fmt == "jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return {row["event_id_cnty"]: row for row in map(json.loads, lines)}
    import pyarrow.parquet as pq

    return {row["event_id_cnty"]: row for row in pq.read_table(path).to_pylist()}
