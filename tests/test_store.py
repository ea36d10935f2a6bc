"""The event store on real databases: every test runs on SQLite and on PostgreSQL (``db_url``).

Merging, ids, retirement and updates are checked through ``apply_article`` with records written here, so
they do not move when the extractor improves; the seed and development articles then go through the
whole ``ingest`` (extraction included).
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from test_store_support import article, record

from rasd.records import ACLED_COLUMNS, RASD_COLUMNS
from rasd.store.db import alembic_config, open_store, session_scope
from rasd.store.export import export, export_deleted
from rasd.store.ingest import ingest
from rasd.store.models import Article as ArticleRow
from rasd.store.models import Base, Event, Report, RetiredEvent
from rasd.store.query import Filters, find_events, stats
from rasd.store.update import apply_article, content_hash

# Arabic articles written for these tests (not taken from any corpus).
BAGHUZ_DUPLICATE = (
    "قالت مصادر محلية إن اشتباكات عنيفة دارت أمس بين قوات سوريا الديمقراطية وعناصر تنظيم داعش في "
    "بلدة الباغوز شرقي دير الزور، وأسفرت عن مقتل خمسة من عناصر التنظيم."
)
IED_SENTENCE = "وفي سياق آخر، انفجرت عبوة ناسفة أمس في مدينة الرقة ما أدى إلى مقتل ثلاثة مدنيين."


@pytest.fixture
def engine(db_url):
    engine = open_store(db_url)
    yield engine
    engine.dispose()


def put(engine, article_id, records, text=None, outlet="Outlet A", published="2018-03-11T09:00Z", now=1000):
    """Store one article with the given records (as the extractor would hand them over)."""
    item = article(article_id, text or f"نص المقال {article_id}", outlet=outlet, published=published)
    with session_scope(engine) as session:
        return apply_article(
            session, item, content_hash(item), [dict(r, article_id=article_id) for r in records], now
        )


def events_of(engine) -> dict[str, dict]:
    """event_id_cnty → the event's columns plus the ids of its articles."""
    with session_scope(engine) as session:
        out = {}
        for event in find_events(session, Filters()):
            values = {c.name: getattr(event, c.name) for c in Event.__table__.columns}
            values["articles"] = sorted(r.article_id for r in event.reports)
            out[event.event_id_cnty] = values
        return out


def retired_of(engine) -> dict[str, str | None]:
    with session_scope(engine) as session:
        return {r.event_id_cnty: r.merged_into for r in session.scalars(select(RetiredEvent))}


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


# ------------------------------------------------------------------------ schema


def not_search_index(name, kind, _parent) -> bool:
    """The full-text index of text search (an FTS5 table and its shadow tables, a GIN expression index)
    is made by migration 0004 in SQL of its dialect, beside the models, and the expression indexes of
    the API's reads (``ix_events_q_*``) by migration 0005: not a difference."""
    return not (name or "").startswith(("event_search_fts", "ix_event_search_tsv", "ix_events_q_"))


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_build_exactly_the_models_and_reopening_keeps_data(db_url):  # noqa: F811
    engine = open_store(db_url)
    try:
        with engine.connect() as connection:
            opts = {"compare_type": True, "include_name": not_search_index}
            context = MigrationContext.configure(connection, opts=opts)
            assert compare_metadata(context, Base.metadata) == []
            head = ScriptDirectory.from_config(alembic_config()).get_current_head()
            assert context.get_current_revision() == head
        put(engine, "a1", [record()])
    finally:
        engine.dispose()
    again = open_store(db_url)  # an existing store: upgrade is a no-op, nothing is lost
    try:
        assert count(again, ArticleRow) == 1 and count(again, Event) == 1
    finally:
        again.dispose()


# ------------------------------------------------------------------------ merging and ids


def test_duplicate_reports_merge_into_one_event(engine):
    put(engine, "a1", [record(fatalities=12, source="Outlet A; SOHR")], outlet="Outlet A")
    put(engine, "b1", [record(fatalities=9, source="Outlet B")], outlet="Outlet B")
    events = events_of(engine)
    assert list(events) == ["SYR1"]
    event = events["SYR1"]
    assert event["articles"] == ["a1", "b1"]
    assert event["fatalities"] == 9
    assert event["source"] == "Outlet A; SOHR; Outlet B"
    assert count(engine, Report) == 2


def test_different_days_and_places_stay_apart(engine):
    put(engine, "a1", [record(date="2018-03-10")])
    put(engine, "b1", [record(date="2018-03-13")])  # same place, three days later
    put(engine, "c1", [record(date="2018-03-10", location="Daraa", lat=32.62, lon=36.10)])
    assert len(events_of(engine)) == 3


def test_a_later_report_of_the_same_outlet_replaces_its_figure(engine):
    put(engine, "a1", [record(fatalities=4)], outlet="Outlet A", published="2018-03-10T08:00:00Z")
    put(engine, "a2", [record(fatalities=11)], outlet="Outlet A", published="2018-03-10T22:00:00Z")
    put(engine, "b1", [record(fatalities=15)], outlet="Outlet B", published="2018-03-10T12:00:00Z")
    (event,) = events_of(engine).values()
    assert event["fatalities"] == 11


def test_reingesting_the_same_article_changes_nothing(engine):
    put(engine, "a1", [record(fatalities=5)], now=1000)
    before = events_of(engine)
    tally = put(engine, "a1", [record(fatalities=5)], now=2000)
    assert (tally.unchanged, tally.new, tally.changed, tally.reports) == (1, 0, 0, 0)
    assert events_of(engine) == before
    assert count(engine, Report) == 1


def test_a_changed_article_replaces_its_reports_and_keeps_its_ids(engine):
    put(engine, "a1", [record(fatalities=5)], text="النص الأول", now=1000)
    put(engine, "b1", [record(fatalities=7)], outlet="Outlet B", now=1000)
    raqqa = record(event_type="Explosions/Remote violence", location="Ar-Raqqa", lat=35.95, lon=39.01)
    tally = put(engine, "a1", [record(fatalities=6), raqqa], text="النص بعد التصحيح", now=2000)
    assert (tally.changed, tally.reports, tally.events_new) == (1, 2, 1)
    events = events_of(engine)
    assert set(events) == {"SYR1", "SYR2"}
    assert events["SYR1"]["articles"] == ["a1", "b1"] and events["SYR1"]["fatalities"] == 6
    assert events["SYR1"]["timestamp"] == 2000  # its figure changed
    assert events["SYR2"]["location"] == "Ar-Raqqa"
    assert count(engine, Report) == 3


def test_an_unchanged_event_keeps_its_timestamp_when_its_article_changes(engine):
    put(engine, "a1", [record(fatalities=5)], text="النص الأول", now=1000)
    put(engine, "a1", [record(fatalities=5)], text="النص الأول مع فقرة جديدة", now=2000)
    assert events_of(engine)["SYR1"]["timestamp"] == 1000


def test_an_incident_no_longer_reported_retires(engine):
    put(engine, "a1", [record()], text="النص الأول", now=1000)
    put(engine, "a1", [], text="النص بلا أحداث", now=2000)
    assert events_of(engine) == {}
    assert retired_of(engine) == {"SYR1": None}
    assert count(engine, ArticleRow) == 1  # the article itself stays


def test_a_bridging_report_merges_two_events_and_the_younger_retires(engine):
    """A (day 10, 17 dead) and B (day 11, other words) are two events until C arrives: the same day as B
    and the same precise toll as A. The older id stays, the younger retires into it."""
    put(engine, "a1", [record(date="2018-03-10", fatalities=17, evidence="قتل سبعة عشر مقاتلا")], now=1000)
    put(engine, "b1", [record(date="2018-03-11", evidence="معارك على أطراف المدينة")], now=1100)
    assert set(events_of(engine)) == {"SYR1", "SYR2"}
    put(engine, "c1", [record(date="2018-03-11", fatalities=17, evidence="حصيلة")], now=1200)
    events = events_of(engine)
    assert list(events) == ["SYR1"]
    assert events["SYR1"]["articles"] == ["a1", "b1", "c1"]
    assert events["SYR1"]["timestamp"] == 1200
    assert retired_of(engine) == {"SYR2": "SYR1"}


def test_ids_are_per_country_and_never_given_twice(engine):
    put(engine, "a1", [record(date="2018-03-01")])
    put(engine, "a2", [record(date="2018-03-05")], text="نص", now=1000)
    iraq = record(country="Iraq", iso=368, location="Mosul", lat=36.34, lon=43.13, admin1="Ninewa")
    put(engine, "a3", [iraq])
    assert set(events_of(engine)) == {"SYR1", "SYR2", "IRQ1"}
    put(engine, "a2", [], text="نص آخر", now=2000)  # SYR2 retires
    put(engine, "a4", [record(date="2018-03-20")])
    assert set(events_of(engine)) == {"SYR1", "SYR3", "IRQ1"}


# ------------------------------------------------------------------------ reading


def _small_store(engine) -> None:
    put(engine, "s1", [record(date="2018-03-01", fatalities=3)])
    put(engine, "s2", [record(date="2018-04-01", event_type="Explosions/Remote violence",
                              actor2="Civilians (Syria)", admin1="Idleb", location="Saraqib",
                              lat=35.86, lon=36.80)])
    put(engine, "s3", [record(date="2018-03-15", country="Iraq", iso=368, location="Mosul",
                              lat=36.34, lon=43.13, admin1="Ninewa", actor1="Islamic State (Iraq)",
                              actor2="Military Forces of Iraq (2014-2018)")])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"SYR1", "SYR2", "IRQ1"}),
        (Filters(country="syria"), {"SYR1", "SYR2"}),
        (Filters(country="IRQ"), {"IRQ1"}),
        (Filters(event_type="Battles"), {"SYR1", "IRQ1"}),
        (Filters(since=dt.date(2018, 3, 10)), {"SYR2", "IRQ1"}),
        (Filters(until=dt.date(2018, 3, 10)), {"SYR1"}),
        (Filters(admin1="idleb"), {"SYR2"}),
        (Filters(actor="islamic state"), {"IRQ1"}),
        (Filters(country="Syria", event_type="Battles", actor="Opposition"), {"SYR1"}),
    ],
)
def test_filters(engine, filters, expected):
    _small_store(engine)
    with session_scope(engine) as session:
        assert {e.event_id_cnty for e in find_events(session, filters)} == expected


def test_stats(engine):
    _small_store(engine)
    with session_scope(engine) as session:
        counts = stats(session)
    assert (counts["articles"], counts["reports"], counts["events"], counts["retired"]) == (3, 3, 3, 0)
    assert counts["by_country"] == {"Syria": 2, "Iraq": 1}
    assert counts["by_event_type"] == {"Battles": 2, "Explosions/Remote violence": 1}
    assert list(counts["by_day"]) == ["2018-03-01", "2018-03-15", "2018-04-01"]


def test_exports(engine, tmp_path):
    import pyarrow.parquet as pq

    _small_store(engine)
    put(engine, "s4", [record(date="2018-03-01", fatalities=2, source="Outlet B")], outlet="Outlet B")
    put(engine, "s3", [], text="نص معدل", now=2000)  # IRQ1 retires
    paths = {fmt: tmp_path / f"out.{fmt}" for fmt in ("acled-csv", "geojson", "jsonl", "parquet")}
    with session_scope(engine) as session:
        for fmt, path in paths.items():
            assert export(session, fmt, str(path), Filters()) == 2
        assert export_deleted(session, str(tmp_path / "deleted.csv")) == 1
        assert export_deleted(session, str(tmp_path / "none.csv"), Filters(country="Syria")) == 0
        assert export_deleted(session, str(tmp_path / "later.csv"), Filters(changed_since=2001)) == 0

    with paths["acled-csv"].open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert tuple(header[len(ACLED_COLUMNS) :]) == RASD_COLUMNS + ("rasd_reports", "rasd_urls")
    merged = next(r for r in rows if r["event_id_cnty"] == "SYR1")
    assert merged["rasd_article_id"] == "s1; s4" and merged["rasd_reports"] == "2"
    assert merged["fatalities"] == "2" and merged["disorder_type"] == "Political violence"
    assert merged["year"] == "2018" and merged["timestamp"] == "1000"
    assert [e["article_id"] for e in json.loads(merged["rasd_evidence"])] == ["s1", "s4"]

    collection = json.loads(paths["geojson"].read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    feature = next(f for f in collection["features"] if f["id"] == "SYR2")
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.80, 35.86]}  # lon, lat
    assert feature["properties"]["location"] == "Saraqib"

    lines = [json.loads(line) for line in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert [len(line["rasd_report_details"]) for line in lines] == [2, 1]
    assert [line["rasd_reports"] for line in lines] == [2, 1]
    assert lines[0]["rasd_report_details"][0]["evidence"][0]["text"] == "اشتباكات في حرستا"
    assert "اشتباكات في حرستا" in paths["jsonl"].read_text(encoding="utf-8")  # UTF-8, not \\uXXXX
    assert lines[0]["admin3"] is None and "confidence" not in lines[0]  # null, and one naming

    table = pq.read_table(paths["parquet"])
    assert table.num_rows == 2 and table.column_names[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    first = table.to_pylist()[0]
    assert str(first["event_date"]) == "2018-03-01" and first["rasd_article_id"] == ["s1", "s4"]
    assert first["rasd_evidence"][0]["text"] == "اشتباكات في حرستا"

    deleted = (tmp_path / "deleted.csv").read_text(encoding="utf-8").splitlines()
    assert deleted == ["event_id_cnty,deleted_timestamp,merged_into", "IRQ1,2000,"]


# ------------------------------------------------------------------------ the real pipeline


def _seed_and_dev_paths(shared_dir, tmp_path) -> list[str]:
    paths = [shared_dir / "seeds" / "articles.jsonl", shared_dir / "data" / "dev" / "articles.jsonl"]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"shared development data not available: {', '.join(missing)}")
    extra = tmp_path / "more.jsonl"
    duplicate = {"id": "test-baghuz-duplicate", "text": BAGHUZ_DUPLICATE, "published": "2019-02-10",
                 "outlet": "Test Outlet"}
    extra.write_text(json.dumps(duplicate, ensure_ascii=False) + "\n", encoding="utf-8")
    return [str(p) for p in paths] + [str(extra)]


def _baghuz_battles(engine) -> list[dict]:
    return sorted(
        (e for e in events_of(engine).values() if e["location"] == "Baghuz" and e["event_type"] == "Battles"),
        key=lambda e: e["event_date"],
    )


def test_seed_and_dev_articles(db_url, shared_dir, tmp_path):
    paths = _seed_and_dev_paths(shared_dir, tmp_path)
    first = ingest(paths, db_url, workers=1)
    assert first.errors == 0 and first.tally.new == first.read == 23
    engine = open_store(db_url)
    try:
        battles = _baghuz_battles(engine)
        # the Baghuz battles of different days stay separate events ...
        assert len({e["event_date"] for e in battles}) == len(battles) >= 2
        # ... and the second outlet's report of the 9 February battle joined the seed's event
        joined = [e for e in battles if "test-baghuz-duplicate" in e["articles"]]
        assert len(joined) == 1 and len(joined[0]["articles"]) == 2
        assert "Test Outlet" in joined[0]["source"] and joined[0]["fatalities"] == 5
        # no event anywhere holds reports more than a day apart
        with session_scope(engine) as session:
            for event in find_events(session, Filters()):
                days = sorted(r.event_date for r in event.reports if r.event_date)
                assert not days or (days[-1] - days[0]).days <= 1, event.event_id_cnty
        before = events_of(engine)

        again = ingest(paths, db_url, workers=1)  # idempotent
        assert (again.tally.unchanged, again.tally.new, again.tally.reports) == (23, 0, 0)
        assert events_of(engine) == before

        forced = ingest(paths, db_url, workers=1, force=True)  # re-extracted: same ids, same events
        assert forced.tally.changed == 23 and forced.tally.events_new == 0
        assert forced.tally.events_retired == 0
        assert events_of(engine) == before
    finally:
        engine.dispose()


def test_changed_text_is_re_extracted(db_url, shared_dir, tmp_path):
    paths = _seed_and_dev_paths(shared_dir, tmp_path)
    ingest(paths, db_url, workers=1)
    engine = open_store(db_url)
    try:
        before = events_of(engine)
        seeds = (shared_dir / "seeds" / "articles.jsonl").read_text(encoding="utf-8")
        seed = json.loads(seeds.splitlines()[0])
        seed["text"] += "\n" + IED_SENTENCE
        changed = tmp_path / "changed.jsonl"
        changed.write_text(json.dumps(seed, ensure_ascii=False) + "\n", encoding="utf-8")
        result = ingest([str(changed)], db_url, workers=1)
        assert (result.tally.changed, result.tally.events_retired) == (1, 0)
        after = events_of(engine)
        assert set(before) <= set(after)  # every id survives
        new = [after[i] for i in set(after) - set(before)]
        assert [(e["location"], e["event_type"]) for e in new] == [("Ar-Raqqa", "Explosions/Remote violence")]
        with session_scope(engine) as session:
            stored = session.get(ArticleRow, seed["id"])
            assert stored.text.endswith(IED_SENTENCE)
            assert len(stored.reports) == len([r for e in before.values() for r in e["articles"]
                                               if r == seed["id"]]) + 1
    finally:
        engine.dispose()
