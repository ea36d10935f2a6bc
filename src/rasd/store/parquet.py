"""``rasd ingest-parquet``: the merged events of ``rasd spark merge`` into the store (no Spark needed).

The file is read in batches of events (pyarrow); each batch is one transaction, written through the
store's own code (``rasd.store.update``), so the store stays what ``rasd ingest`` would have made of the
same articles and goes on living afterwards (``rasd ingest`` of later articles, corrections, exports):

- a report already stored (same article id, same content hash, same position) is left alone, so loading
  the same file twice, or again after an interrupted load, changes nothing and finishes the rest;
- new reports are added under their article (created from the report's article fields if the store does
  not have it yet) and their event is re-merged by ``update.remerge``, the neighbourhood merge
  ``rasd ingest`` runs for every article: an event the Spark job grouped comes out as the same group,
  with a fresh ``event_id_cnty``, or joins an event already in the store that it is the same incident as;
- an article the store holds in another version (its content hash differs) is replaced as a whole,
  once all its reports have been read, by ``ingest.ingest_articles`` (the loop of ``rasd ingest`` and
  ``POST /api/ingest``) with the file's records in place of extraction, as a re-ingest of a changed
  article is.

The merged file has no article texts. ``--articles`` (the ``--articles`` output of ``rasd spark
extract``) adds them, and every article that gave no event too, so that a later ``rasd ingest`` of the
same files finds every article unchanged. Without it, articles are stored with an empty text.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.io import Article
from rasd.store import rows
from rasd.store.db import StoreError, open_store, session_scope
from rasd.store.ingest import Extracted, ingest_articles
from rasd.store.models import Article as ArticleRow
from rasd.store.models import Report
from rasd.store.update import Tally, known_hashes, lock_writer, new_report, remerge

BATCH_EVENTS = 256  # events per transaction


@dataclass
class LoadResult:
    """Counts of one load."""

    events: int = 0  # merged events read
    reports: int = 0  # reports read
    stored: int = 0  # reports the store already had
    articles_new: int = 0
    articles_changed: int = 0
    tally: Tally = field(default_factory=Tally)

    def summary(self) -> str:
        t = self.tally
        return (
            f"rasd: {self.events} merged events, {self.reports} reports ({self.stored} already stored); "
            f"articles: {self.articles_new} new, {self.articles_changed} changed; "
            f"events: {t.events_new} new, {t.events_updated} updated, {t.events_retired} retired"
        )


def batches(path: str, size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows of a Parquet file or of a directory of part files (as Spark writes them), ``size`` at a time."""
    try:
        import pyarrow.dataset as ds
    except ModuleNotFoundError as error:
        raise StoreError("reading Parquet needs pyarrow: pip install 'rasd[parquet]'") from error
    for batch in ds.dataset(path, format="parquet").to_batches(batch_size=size):
        if batch.num_rows:
            yield batch.to_pylist()


def ingest_parquet(
    merged: str,
    url: str | None = None,
    articles: str | None = None,
    batch_size: int = BATCH_EVENTS,
    log: TextIO = sys.stderr,
) -> LoadResult:
    """Load ``merged`` (and the article texts of ``articles``) into the store at ``url``."""
    result = LoadResult()
    changed: dict[str, tuple[Article, str]] = {}  # article id → its new version, replaced at the end
    changed_records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    engine = open_store(url)
    try:
        if articles:
            for batch in batches(articles, 4 * batch_size):
                with session_scope(engine) as session:
                    lock_writer(session)
                    _add_articles(session, batch, changed, result)
        for batch in batches(merged, batch_size):
            now = int(time.time())
            with session_scope(engine) as session:
                lock_writer(session)
                for event in batch:
                    _add_event(session, event, changed, changed_records, now, result)
        given = {
            article_id: [rows.record_of(r) for r in sorted(changed_records[article_id], key=rows.report_key)]
            for article_id in changed
        }
        replaced = ingest_articles(
            engine,
            [article for article, _ in changed.values()],
            extractor=GivenRecords(given),
            log=log,
            digest_of=lambda article: changed[article.id][1],
        )
        result.tally.add(replaced.tally)
        result.articles_changed += len(changed)
        if not articles:
            for article_id in changed:
                print(f"rasd: article {article_id!r} changed; stored without its text", file=log)
    finally:
        engine.dispose()
    return result


class GivenRecords:
    """The extractor of ``ingest_articles`` for records already extracted (by the Spark job)."""

    window = 1

    def __init__(self, records: Mapping[str, list[dict[str, Any]]]):
        self.records = records

    def submit(self, articles: list[Article]) -> list[Extracted]:
        return [self.records.get(article.id, []) for article in articles]

    def wait(self, pending: list[Extracted]) -> list[Extracted]:
        return pending


def _add_articles(
    session: Session, batch: list[dict[str, Any]], changed: dict[str, tuple[Article, str]], result: LoadResult
) -> None:
    stored = known_hashes(session, [row["id"] for row in batch])
    for row in batch:
        article = _article(row, row.get("text") or "")
        if row["id"] not in stored:
            session.add(_article_row(article, row["content_hash"]))
            stored[row["id"]] = row["content_hash"]
            result.articles_new += 1
        elif stored[row["id"]] != row["content_hash"]:
            changed[row["id"]] = (article, row["content_hash"])


def _add_event(
    session: Session,
    event: Mapping[str, Any],
    changed: dict[str, tuple[Article, str]],
    changed_records: dict[str, list[dict[str, Any]]],
    now: int,
    result: LoadResult,
) -> None:
    """The event's reports the store lacks, then the store's re-merge of their neighbourhood."""
    result.events += 1
    reports = event["reports"]
    result.reports += len(reports)
    ids = list({r["article_id"] for r in reports})
    stored = known_hashes(session, ids)
    present = {
        (article_id, ordinal)
        for article_id, ordinal in session.execute(
            select(Report.article_id, Report.ordinal).where(Report.article_id.in_(ids))
        )
    }
    new_reports: list[Report] = []
    for row in reports:
        article_id, digest = row["article_id"], row["content_hash"]
        if article_id in changed or (article_id in stored and stored[article_id] != digest):
            changed.setdefault(article_id, (_article(row, ""), digest))
            changed_records[article_id].append(row)
            continue
        if rows.report_key(row) in present:
            result.stored += 1
            continue
        article = _article(row, "")
        if article_id not in stored:
            session.add(_article_row(article, digest))
            stored[article_id] = digest
            result.articles_new += 1
        report = new_report(article, row["ordinal"], rows.record_of(row))
        report.article_id = article_id
        session.add(report)
        new_reports.append(report)
    if new_reports:
        session.flush()
        result.tally.reports += len(new_reports)
        remerge(session, new_reports, [], now, result.tally)


def _article(row: Mapping[str, Any], text: str) -> Article:
    """The article a report (or article) row belongs to."""
    return Article(
        id=row.get("article_id") or row["id"],
        text=text,
        published=row.get("published"),
        title=row.get("title"),
        outlet=row.get("outlet"),
        url=row.get("url"),
    )


def _article_row(article: Article, digest: str) -> ArticleRow:
    from rasd.store.update import write_article

    row = ArticleRow(id=article.id)
    write_article(row, article, digest)
    return row
