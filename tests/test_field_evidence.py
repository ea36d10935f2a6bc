"""Per-field evidence: each field of a record names the words it was read from, and the spans survive the
store (ingest), its exports (JSONL, Parquet) and the API's event detail.

The articles here are written for these tests; ``../shared`` is used, when present, to measure coverage.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import rasd
from rasd.api import create_app
from rasd.store.db import open_store, session_scope
from rasd.store.export import export
from rasd.store.ingest import ingest
from rasd.store.query import Filters

REPO = Path(__file__).resolve().parents[1]

TITLE = "غارة على زبيد"
TEXT = (
    "قتل خمسة مدنيين أمس الثلاثاء في غارة جوية شنتها طائرات التحالف على بلدة زبيد في محافظة الحديدة، "
    "بحسب مصادر طبية. "
    "وقال المرصد السوري لحقوق الإنسان إن اشتباكات عنيفة اندلعت اليوم بين قوات النظام وتنظيم داعش "
    "في مدينة الميادين بريف دير الزور، وأسفرت عن مقتل 12 عنصرا."
)
UNDATED = "انفجرت عبوة ناسفة في سوق مدينة الرقة وقتل ثلاثة مدنيين."


def _slice(span: dict, text: str = TEXT, title: str = TITLE) -> str:
    source = title if span.get("field") == "title" else text
    return source[span["start"] : span["end"]]


def _records(text: str = TEXT, title: str | None = TITLE, published: str = "2019-02-13") -> list[dict]:
    return [e.to_dict() for e in rasd.extract(text, published=published, title=title, article_id="fe-1")]


def test_each_field_names_the_words_it_was_read_from():
    records = {r["event_type"]: r for r in _records()}
    assert set(records) == {"Explosions/Remote violence", "Battles"}
    battle = records["Battles"]["field_evidence"]
    assert {name: span["text"] for name, span in battle.items()} == {
        "event_type": "اشتباكات عنيفة",
        "actor1": "قوات النظام",
        "actor2": "وتنظيم داعش",
        "location": "الميادين",
        "event_date": "اليوم",
        "fatalities": "مقتل 12 عنصرا",
        "source": "المرصد السوري لحقوق الإنسان",
    }
    strike = records["Explosions/Remote violence"]["field_evidence"]
    assert strike["actor1"]["text"] == "طائرات التحالف"
    assert strike["event_date"]["text"] == "أمس الثلاثاء"
    assert strike["fatalities"]["text"] == "قتل خمسة مدنيين"
    assert strike["location"] == {"start": 9, "end": 13, "text": "زبيد", "field": "title"}
    for record in records.values():
        for span in record["field_evidence"].values():
            assert _slice(span) == span["text"]


def test_a_default_value_has_no_span():
    (record,) = _records(UNDATED, title=None)
    evidence = record["field_evidence"]
    assert record["event_date"] == "2019-02-13"  # no time word: the publication day
    assert "event_date" not in evidence and "source" not in evidence
    assert evidence["location"]["text"] == "الرقة"
    assert evidence["fatalities"]["text"] == "قتل ثلاثة مدنيين"
    # nobody is named: the unidentified group is read from the explosion itself
    assert record["actor1"].startswith("Unidentified Armed Group")
    assert evidence["actor1"] == evidence["event_type"]
    assert all(_slice(span, UNDATED) == span["text"] for span in evidence.values())


def test_field_evidence_survives_ingest_exports_and_the_api(tmp_path):
    articles = tmp_path / "articles.jsonl"
    item = {"id": "fe-1", "text": TEXT, "title": TITLE, "published": "2019-02-13", "outlet": "Test"}
    articles.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = {r["event_type"]: r["field_evidence"] for r in _records()}
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    assert ingest([str(articles)], url, workers=1).tally.reports == 2

    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            export(session, "jsonl", str(tmp_path / "events.jsonl"), Filters())
            export(session, "parquet", str(tmp_path / "events.parquet"), Filters())
    finally:
        engine.dispose()
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    exported = {json.loads(line)["event_type"]: json.loads(line)["rasd_report_details"][0] for line in lines}
    assert {k: r["field_evidence"] for k, r in exported.items()} == expected

    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "events.parquet").to_pylist()
    for row in rows:
        spans = row["rasd_field_evidence"]
        assert {s["record_field"] for s in spans} == set(expected[row["event_type"]])
        for span in spans:
            assert span["article_id"] == "fe-1" and _slice(span) == span["text"]

    with TestClient(create_app(url, web_dir=tmp_path / "no-dashboard")) as client:
        items = client.get("/api/events").json()["items"]
        assert len(items) == 2
        for item in items:
            (report,) = client.get(f"/api/events/{item['event_id_cnty']}").json()["reports"]
            want = {name: {"field": "text", **span} for name, span in expected[item["event_type"]].items()}
            assert report["field_evidence"] == want
        extracted = client.post(
            "/api/extract", json={"text": TEXT, "title": TITLE, "published": "2019-02-13"}
        )
        got = {e["event_type"]: e["field_evidence"] for e in extracted.json()["events"]}
        assert got["Battles"]["actor1"]["text"] == "قوات النظام"


def _measure():
    spec = importlib.util.spec_from_file_location(
        "field_evidence_script", REPO / "scripts" / "field_evidence.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure


def test_the_measuring_script_counts_fields_and_checks_spans(tmp_path):
    path = tmp_path / "a.jsonl"
    item = {"id": "fe-1", "text": TEXT, "title": TITLE, "published": "2019-02-13"}
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    result = _measure()([path])
    assert result["records"] == 2 and result["wrong_spans"] == []
    assert result["with"]["source"] == 2 and result["share"]["actor1"] == 1.0


def test_most_records_of_the_development_data_carry_field_evidence(shared_dir):
    paths = [shared_dir / "seeds" / "articles.jsonl"]
    paths += [shared_dir / "data" / name / "articles.jsonl" for name in ("dev", "dev2")]
    if not all(p.exists() for p in paths):
        pytest.skip("seeds, dev or dev2 articles missing from ../shared")
    result = _measure()(paths)
    assert result["records"] > 100
    assert result["wrong_spans"] == []
    for name in ("event_type", "actor1", "location"):
        assert result["share"][name] >= 0.95, (name, result["share"])


def test_a_store_written_before_0003_gains_the_column_and_force_fills_it(tmp_path):
    from alembic import command
    from sqlalchemy import select

    from rasd.store.db import alembic_config, make_engine
    from rasd.store.models import Report

    articles = tmp_path / "articles.jsonl"
    item = {"id": "fe-1", "text": TEXT, "title": TITLE, "published": "2019-02-13"}
    articles.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'old.db'}"
    ingest([str(articles)], url, workers=1)
    engine = make_engine(url)
    with engine.begin() as connection:  # back to the schema of an older rasd: no field_evidence column
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        columns = list(connection.exec_driver_sql("SELECT * FROM reports").keys())
        assert "field_evidence" not in columns and "evidence" in columns
    engine.dispose()

    engine = open_store(url)  # upgraded on open: the old reports have none, and nothing else is lost
    try:
        with session_scope(engine) as session:
            assert [r.field_evidence for r in session.scalars(select(Report))] == [None, None]
        with TestClient(create_app(url, web_dir=tmp_path / "no-dashboard")) as client:
            item_id = client.get("/api/events").json()["items"][0]["event_id_cnty"]
            assert client.get(f"/api/events/{item_id}").json()["reports"][0]["field_evidence"] is None
        assert ingest([str(articles)], url, workers=1, force=True).tally.reports == 2
        with session_scope(engine) as session:
            stored = {r.event_type: r.field_evidence for r in session.scalars(select(Report))}
        assert stored == {r["event_type"]: r["field_evidence"] for r in _records()}
    finally:
        engine.dispose()
