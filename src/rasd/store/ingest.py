"""``rasd ingest``: read articles, extract their events on every core, write them into the store.

Work is split so that the store has one writer: worker processes only extract (CPU-bound, the slow
part); the parent reads the input, skips articles whose content hash is already stored (so a re-run
costs reading and hashing, not extraction), and writes results in input order, one transaction per small
batch of articles. A batch is in the store completely or not at all, so a process killed with SIGKILL
loses at most the batch it was writing, and a re-run picks up exactly what is missing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from rasd.io import Article, InputError, RecordError, is_article_file, read_input
from rasd.store.db import open_store, session_scope
from rasd.store.update import Tally, apply_article, content_hash, known_hashes, lock_writer

BATCH = 16  # articles per task and per transaction: small enough that a kill loses little

Extracted = list[dict[str, Any]] | str  # the event records, or why extraction failed
Submit = Callable[[list[Article]], Callable[[], list[Extracted]]]  # start a batch; wait for its result


@dataclass
class IngestResult:
    """Counts of one ingest run."""

    read: int = 0
    errors: int = 0
    tally: Tally = field(default_factory=Tally)

    def summary(self) -> str:
        t = self.tally
        return (
            f"rasd: {self.read} articles ({t.new} new, {t.changed} changed, {t.unchanged} unchanged), "
            f"{t.reports} reports, events: {t.events_new} new, {t.events_updated} updated, "
            f"{t.events_retired} retired, {self.errors} errors"
        )


def input_files(paths: Sequence[str]) -> list[str]:
    """The files to read: each path given, and inside each directory every article file, sorted."""
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if given != "-" and not path.exists():
            raise InputError(f"{given}: no such file or directory")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_article_file(p.name))
            files.extend(str(p) for p in found)
        else:
            files.append(given)
    return files


def ingest(
    paths: Sequence[str],
    url: str | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
    log: TextIO = sys.stderr,
) -> IngestResult:
    """Ingest every article in ``paths`` into the store at ``url``; see the module docstring."""
    files = input_files(paths)
    workers = max(1, workers or os.cpu_count() or 1)
    result = IngestResult()
    with _extractor(workers) as extract_batch:
        engine = open_store(url)
        try:
            with session_scope(engine) as session:
                known = known_hashes(session)
            batches = _batched(_pending(files, known, force, result, log), BATCH)
            with _bar(progress) as advance:
                for batch, extracted in _pipelined(batches, extract_batch, 2 * workers + 2):
                    _write(engine, batch, extracted, force, result, log)
                    advance(len(batch), result)
        finally:
            engine.dispose()
    return result


def _pending(
    files: Sequence[str], known: dict[str, str], force: bool, result: IngestResult, log: TextIO
) -> Iterator[tuple[Article, str]]:
    """Articles that need extraction, with their content hash; unchanged ones are counted and dropped."""
    for path in files:
        for item in read_input(path):
            if isinstance(item, RecordError):
                result.errors += 1
                print(f"rasd: skipped {item} in {path}", file=log)
                continue
            result.read += 1
            digest = content_hash(item)
            if known.get(item.id) == digest and not force:
                result.tally.unchanged += 1
                continue
            known[item.id] = digest
            yield item, digest


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pipelined(
    batches: Iterator[list[tuple[Article, str]]], submit: Submit, window: int
) -> Iterator[tuple[list[tuple[Article, str]], list[Extracted]]]:
    """Batches with their extraction results, in input order, keeping at most ``window`` in flight (the
    input is never read far ahead of the writer, whatever its size)."""
    in_flight: deque = deque()
    for batch in batches:
        in_flight.append((batch, submit([article for article, _ in batch])))
        if len(in_flight) >= window:
            done, pending = in_flight.popleft()
            yield done, pending()
    while in_flight:
        done, pending = in_flight.popleft()
        yield done, pending()


def _write(
    engine: Engine,
    batch: list[tuple[Article, str]],
    extracted: list[Extracted],
    force: bool,
    result: IngestResult,
    log: TextIO,
) -> None:
    """One transaction for one batch: every article of it is stored, or none."""
    now = int(time.time())
    with session_scope(engine) as session:
        lock_writer(session)
        for (article, digest), records in zip(batch, extracted, strict=True):
            if isinstance(records, str):
                result.errors += 1
                print(f"rasd: skipped record {article.id!r}: {records}", file=log)
                continue
            result.tally.add(apply_article(session, article, digest, records, now, force))


# ------------------------------------------------------------------------ extraction workers


def extract_records(articles: Sequence[Article]) -> list[Extracted]:
    """Event records of each article, or the reason it could not be read (never raises)."""
    from rasd.pipeline import extract

    out: list[Extracted] = []
    for article in articles:
        try:
            events = extract(
                article.text,
                published=article.published,
                title=article.title,
                outlet=article.outlet,
                article_id=article.id,
            )
            out.append([event.to_dict() for event in events])
        except ValueError as error:
            out.append(str(error))
        except Exception as error:  # a defect must not cost the rest of the batch
            out.append(f"internal error ({type(error).__name__}: {error})")
    return out


def _inline(articles: Sequence[Article]) -> Callable[[], list[Extracted]]:
    """Extract now; hand back the waiting function the pool would."""
    records = extract_records(articles)
    return lambda: records


def _warm_up() -> None:
    """Worker start: Ctrl-C is the parent's to handle; lexicons load once, before the first batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    extract_records([Article("warm-up", "اشتباكات في دمشق أمس.", published="2018-01-01")])


@contextmanager
def _extractor(workers: int) -> Iterator[Submit]:
    """A function that starts extracting a batch and returns a function that waits for its result: a
    process pool with ``workers`` > 1, in this process otherwise (no pickling, simplest to debug)."""
    if workers == 1:
        yield _inline
        return
    # fork: workers start at once and share the parent's imported code; the pool is made before the
    # parent opens any database connection, so no connection is ever inherited.
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=_warm_up)
    try:
        yield lambda articles: pool.apply_async(extract_records, (articles,)).get
        pool.close()
        pool.join()
    finally:
        pool.terminate()


@contextmanager
def _bar(enabled: bool):
    """A progress bar over extracted articles (on an interactive terminal); a no-op otherwise."""
    if not enabled:
        yield lambda count, result: None
        return
    from tqdm import tqdm

    with tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True) as bar:

        def advance(count: int, result: IngestResult) -> None:
            bar.update(count)
            bar.set_postfix(events=result.tally.events_new, errors=result.errors, refresh=False)

        yield advance
