"""``rasd ingest-parquet`` without Spark (``rasd.store.parquet``): a merged file written here with pyarrow,
loaded into a real SQLite store. The Spark jobs' own end-to-end check is in ``test_spark.py``."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_store_support import article, record

from rasd.store.db import open_store, session_scope
from rasd.store.models import Article as ArticleRow
from rasd.store.models import Event, Report
from rasd.store.parquet import ingest_parquet
from rasd.store.update import apply_article, content_hash

pa = pytest.importorskip("pyarrow", reason="pyarrow (rasd[parquet]) is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (rasd[parquet]) is not installed")


def report_row(article_id: str, digest: str, ordinal: int, **fields) -> dict:
    """A report as ``rasd spark merge`` nests it in a merged event."""
    values = record(**fields)
    values.update(
        article_id=article_id,
        ordinal=ordinal,
        content_hash=digest,
        outlet="Outlet A",
        published="2018-03-11T09:00Z",
        title=None,
        url=None,
    )
    values["evidence"] = [dict(span, field="text") for span in values["evidence"]]
    return values


def write_merged(path, events: list[list[dict]]) -> str:
    pq.write_table(pa.Table.from_pylist([{"reports": reports} for reports in events]), path)
    return str(path)


def test_a_changed_article_is_replaced_through_the_ingest_loop(tmp_path):
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    engine = open_store(url)
    old = article("a1", "نص قديم عن اشتباكات في حرستا", outlet="Outlet A", published="2018-03-11T09:00Z")
    with session_scope(engine) as session:
        apply_article(session, old, content_hash(old), [dict(record(), article_id="a1")], 1000)
    merged = write_merged(
        tmp_path / "merged.parquet",
        [
            [report_row("a1", "f" * 64, 0, date="2018-03-10", fatalities=4)],  # a1, in another version
            [report_row("b1", "e" * 64, 0, date="2018-03-05", location="Douma", lat=33.57, lon=36.40)],
        ],
    )
    result = ingest_parquet(merged, url)
    assert (result.events, result.reports, result.articles_new, result.articles_changed) == (2, 2, 1, 1)
    with session_scope(engine) as session:
        reports = {r.article_id: r for r in session.scalars(select(Report))}
        assert reports["a1"].fatalities == 4
        assert session.get(ArticleRow, "a1").content_hash == "f" * 64
        assert sorted(e.fatalities for e in session.scalars(select(Event))) == [0, 4]
    again = ingest_parquet(merged, url)  # the same file again: nothing new, nothing changed
    assert (again.stored, again.articles_new, again.articles_changed, again.tally.reports) == (2, 0, 0, 0)
    engine.dispose()
