"""The Spark jobs on ``local[2]`` give what the single machine gives, on real articles.

Input: the shared seed and development articles and the first 2,000 corpus articles (``../shared``; the
module is skipped without it), plus a file of bad records. The single-machine reference is ``rasd
extract`` on each file, and the store's merge of those records (``apply_article`` in input order, which is
what ``rasd ingest`` does once its workers have extracted). The Spark jobs must give:
- ``rasd spark extract``: the same event records, the same counts of articles and bad records, and the
  gazetteer loaded once per Python worker, never per article;
- ``rasd spark merge``: the same groups of reports as the store, with the same merged fields;
- ``rasd ingest-parquet``: a store holding the same events as the reference store.

Needs PySpark (``rasd[spark]``, in the dev extra) and Java. Skipped with the reason when either is missing,
except under CI (``CI`` set), where that is a failure: CI installs both. One Spark session serves the module.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from rasd.cli import main as rasd_main
from rasd.io import RecordError, read_input
from rasd.spark.session import java_available
from rasd.store import rows
from rasd.store.db import open_store, session_scope
from rasd.store.models import Event as EventRow
from rasd.store.models import Report
from rasd.store.query import acled_values
from rasd.store.update import Tally, apply_article, content_hash

CORPUS_ARTICLES = 2000


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the Spark test (.ci/run installs Java, make setup PySpark)")
    pytest.skip(reason)


try:
    import pyspark  # noqa: F401

    HAVE_PYSPARK = True
except ImportError:
    HAVE_PYSPARK = False


@pytest.fixture(scope="module")
def spark():
    _require(HAVE_PYSPARK, "PySpark is not installed: pip install 'rasd[spark]'")
    _require(java_available(), "no Java runtime on the PATH (PySpark needs Java 17 or 21)")
    from rasd.spark.session import start

    session = start("local[2]", app="rasd-test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(shared_dir, tmp_path_factory) -> list[Path]:
    """Seeds, development articles, the first corpus articles (gzipped), and bad records, in this order."""
    folder = tmp_path_factory.mktemp("spark-input")
    seeds, dev = shared_dir / "seeds" / "articles.jsonl", shared_dir / "data" / "dev" / "articles.jsonl"
    corpus = sorted((shared_dir / "data" / "corpus").glob("*.jsonl.gz"))
    missing = [str(p) for p in (seeds, dev) if not p.exists()] + (
        [] if corpus else ["data/corpus/*.jsonl.gz"]
    )
    if missing:
        pytest.skip(f"shared development data not available: {', '.join(missing)}")
    first = folder / "corpus-first.jsonl.gz"
    with gzip.open(corpus[0], "rb") as source, gzip.open(first, "wb") as out:
        out.writelines(itertools.islice(source, CORPUS_ARTICLES))
    bad = folder / "bad.jsonl"
    bad.write_bytes(
        b"{not json\n[1, 2]\n"
        + json.dumps({"id": "empty", "text": " "}).encode()
        + b"\n"
        + json.dumps({"id": "latin", "text": "no Arabic"}).encode()
        + b'\n{"id": "bytes", "text": "\xff"}\n'
        + json.dumps({"id": "bad-date", "text": "اشتباكات في حرستا", "published": "yesterday"}).encode()
        + b"\n"
    )
    return [seeds, dev, first, bad]


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> dict:
    """``rasd extract`` on each file: its records, and its count line's numbers."""
    folder = tmp_path_factory.mktemp("reference")
    records, totals = [], Counter()
    for number, path in enumerate(inputs):
        out = folder / f"{number}.jsonl"
        assert rasd_main(["extract", str(path), "-o", str(out), "-q"]) in (0, 1)
        records += [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        read = list(read_input(str(path)))
        totals["errors"] += sum(isinstance(item, RecordError) for item in read)
    # "bad-date" is one of the reader's record errors (published is not a date), not an article
    totals["articles"] = sum(
        1 for path in inputs for item in read_input(str(path)) if not isinstance(item, RecordError)
    )
    return {"records": records, "totals": totals}


@pytest.fixture(scope="module")
def reference_store(inputs, reference, tmp_path_factory) -> str:
    """The store's merge of the reference records: each article written by ``apply_article`` in input
    order, exactly what ``rasd ingest`` does after extraction."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'reference.db'}"
    by_article: dict[str, list[dict]] = {}
    for record in reference["records"]:
        by_article.setdefault(record["article_id"], []).append(record)
    engine = open_store(url)
    try:
        for path in inputs:
            with session_scope(engine) as session:
                for article in read_input(str(path)):
                    if isinstance(article, RecordError):
                        continue
                    records = by_article.get(article.id, [])
                    apply_article(session, article, content_hash(article), records, 1_000)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="module")
def extracted(inputs, spark, tmp_path_factory) -> dict:  # inputs first: no Spark start to skip
    from rasd.spark import extract

    folder = tmp_path_factory.mktemp("spark-out")
    events, articles = str(folder / "events.parquet"), str(folder / "articles.parquet")
    result = extract.run(spark, [str(p) for p in inputs], events, articles_output=articles)
    return {"result": result, "events": events, "articles": articles, "folder": folder}


@pytest.fixture(scope="module")
def merged(spark, extracted) -> str:
    from rasd.spark import merge as spark_merge

    output = str(extracted["folder"] / "merged.parquet")
    spark_merge.run(spark, extracted["events"], output)
    return output


def _parquet_rows(path: str) -> list[dict]:
    import pyarrow.dataset as ds

    return ds.dataset(path, format="parquet").to_table().to_pylist()


def _key(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _store_events(url: str) -> dict[frozenset, dict]:
    """Each event of a store by its group of reports: its ACLED fields (ids and timestamps left out)."""
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            out = {}
            for event in session.query(EventRow):
                group = frozenset((r.article_id, r.ordinal) for r in event.reports)
                out[group] = _fields(acled_values(event), event.confidence)
            return out
    finally:
        engine.dispose()


def _fields(values: dict, confidence: float) -> dict:
    values = {k: v for k, v in values.items() if k not in ("event_id_cnty", "timestamp")}
    values["event_date"] = str(values["event_date"]) if values["event_date"] else None
    values["confidence"] = confidence
    return values


# ------------------------------------------------------------------------ the tests


def test_spark_extract_gives_the_records_of_rasd_extract(extracted, reference):
    result = extracted["result"]
    got = [rows.record_of(row) for row in _parquet_rows(extracted["events"])]
    assert sorted(map(_key, got)) == sorted(map(_key, reference["records"]))
    assert len(got) > 400  # the corpus articles are in it, not only the seeds
    assert (result.articles, result.events, result.errors) == (
        reference["totals"]["articles"],
        len(reference["records"]),
        reference["totals"]["errors"],
    )
    assert any("'bad-date'" in message for message in result.messages)
    # lexicons and gazetteer: loaded once in each Python worker, whatever the number of partitions
    assert result.loads and set(result.loads.values()) == {1}, result.loads


def test_spark_extract_writes_every_article_with_its_hash(extracted, inputs):
    read = {}
    for path in inputs:
        for article in read_input(str(path)):
            if not isinstance(article, RecordError):
                read[article.id] = content_hash(article)
    articles = _parquet_rows(extracted["articles"])
    assert {row["id"]: row["content_hash"] for row in articles} == read
    assert all(row["text"] for row in articles)


def test_spark_merge_gives_the_groups_and_fields_of_the_store(merged, reference_store):
    store = _store_events(reference_store)
    events = _parquet_rows(merged)
    got = {frozenset((k["article_id"], k["ordinal"]) for k in row["rasd_report_keys"]): row for row in events}
    assert len(got) == len(events)
    assert set(got) == set(store)
    assert sum(len(group) > 1 for group in got) >= 30  # merging happened: outlets telling one incident
    for group, row in got.items():
        values = {name: row[name] for name in store[group] if name != "confidence"}
        assert _fields(values, row["rasd_confidence"]) == store[group], sorted(group)
        assert row["rasd_reports"] == len(group) == len(row["reports"])
        assert row["event_id_cnty"] is None and row["timestamp"] is None


def test_merged_file_has_the_store_export_columns(merged):
    import pyarrow.dataset as ds

    from rasd.store.export import parquet_schema

    written = ds.dataset(merged, format="parquet").schema
    for field in parquet_schema():  # the same types as `rasd export --format parquet`
        assert written.field(field.name).type == field.type, field.name
    assert [f.name for f in written][: len(parquet_schema())] == parquet_schema().names


def test_ingest_parquet_builds_the_reference_store(merged, extracted, reference_store, inputs, tmp_path):
    from rasd.store.ingest import ingest
    from rasd.store.parquet import ingest_parquet

    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    first = ingest_parquet(merged, url, articles=extracted["articles"])
    assert first.tally.events_retired == 0 and first.stored == 0
    assert _store_events(url) == _store_events(reference_store)

    again = ingest_parquet(merged, url, articles=extracted["articles"])  # nothing new: nothing changes
    assert (again.stored, again.tally.reports, again.articles_new) == (first.reports, 0, 0)
    # the articles are the ones `rasd ingest` would store: a re-ingest of the files finds all unchanged
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            assert session.query(Report).count() == first.reports
    finally:
        engine.dispose()
    rerun = ingest([str(p) for p in inputs], url, workers=1)
    assert (rerun.tally.new, rerun.tally.changed, rerun.tally.reports) == (0, 0, 0)
    assert isinstance(rerun.tally, Tally)
