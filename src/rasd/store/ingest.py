"""``rasd ingest``: read articles, extract their events on every core, write them into the store.

Work is split so that the store has one writer: worker processes only extract (CPU-bound, the slow
part); the parent reads the input, skips articles whose content hash is already stored (so a re-run
costs reading and hashing, not extraction), and writes results in input order, one transaction per
``TRANSACTION`` articles (a few extraction batches). A transaction is in the store completely or not at
all, so a process killed with SIGKILL loses at most the articles it was writing, and a re-run picks up
exactly what is missing.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import signal
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from sqlalchemy import Engine

from rasd.io import (
    ARTICLE_SUFFIXES,
    RECORD_SUFFIXES,
    Article,
    InputError,
    RawRecord,
    RecordError,
    count_records,
    file_hash,
    is_article_file,
    read_input,
)
from rasd.store.db import open_store, session_scope
from rasd.store.update import (
    Tally,
    Writer,
    content_hash,
    file_unchanged,
    known_hashes,
    lock_writer,
    mark_lines,
    note_file,
    stored_lines,
)

# articles per extraction task (and per transaction where no ``per_transaction`` is given: the API's
# ingest, the Parquet loader): small enough that a kill loses little, large enough that a
# transaction's fixed cost (write lock, hash look-up, counters, search bodies, commit) is small per
# article (16 made these a third of what the store added to extraction)
BATCH = 64
# articles per transaction of ``rasd ingest``, in whole batches: a transaction's fixed cost (a session,
# the write lock, the batch's hashes read, the counters, the commit with its full-text segment) and the
# pages it rewrites (an index page changed by every batch goes to the WAL once per transaction) were
# a fifth of the store's CPU time at 64 articles (write path over the corpus, scripts/profile_store.py:
# 8.4-9.7 s at 64, 7.8-7.9 s at 256, 6.5-7.4 s at 1024, no better at 4096); a process killed loses at
# most this many articles' extraction (two seconds of it), and readers see new events as often
TRANSACTION = 1024
LOOKUP = 256  # input records per query for stored content hashes
TIME_LIMIT = 30.0  # seconds one article may take to extract; 200,000 characters need a few
STALL_SECONDS = 30.0  # beyond a batch's budget: a worker silent this long is hung, and replaced

Extracted = list[dict[str, Any]] | str  # the event records, or why extraction failed
Item = Article | RecordError | RawRecord  # what the ingest loop reads: a record, parsed or not yet


@dataclass
class IngestResult:
    """Counts of one ingest run."""

    read: int = 0
    errors: int = 0
    tally: Tally = field(default_factory=Tally)

    def add(self, other: IngestResult) -> None:
        """Fold in the counts of another run (another file of the same ingest)."""
        self.read += other.read
        self.errors += other.errors
        self.tally.add(other.tally)

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


class NothingToIngest(InputError):
    """The inputs hold no article (an empty folder, one of no article files, empty files): the store is
    not opened, so none is created (an empty store file left behind looked like a successful ingest)."""


class NoArticleFiles(NothingToIngest):
    """The paths name no article file at all (an empty folder, one of no ``ARTICLE_SUFFIXES`` files): a
    mistake of the command line, as a path that does not exist, where empty files are empty data
    (``rasd ingest`` exits 2 for this one, 1 for the other)."""


def _nothing_to_ingest(paths: Sequence[str], files: Sequence[str]) -> str | None:
    """Why the inputs hold no article, or None when they may hold one (standard input, a plain-text
    file, a records file with a non-blank line, a file its reader will report as unreadable)."""
    given = " ".join(paths)
    if not files:
        kinds = ", ".join(ARTICLE_SUFFIXES)
        return f"no articles found in {given}: no article files there ({kinds}); nothing to ingest"
    if any(_may_hold_records(path) for path in files):
        return None
    empty = "standard input is empty" if list(files) == ["-"] else "every file is empty"
    return f"no articles found in {given}: {empty}; nothing to ingest"


def _may_hold_records(path: str) -> bool:
    """Whether a file may hold an article: it stops at the first non-blank line, so a big file costs
    one read, not a count; empty standard input holds none."""
    if path == "-":  # standard input: its first byte, looked at, not taken (the reader reads it all)
        try:
            return bool(sys.stdin.buffer.peek(1))
        except (AttributeError, OSError, ValueError):  # a stream that cannot be looked into
            return True
    if not path.endswith(RECORD_SUFFIXES):
        return True
    opener: Callable[..., Any] = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            return any(line.strip() for line in handle)
    except (OSError, EOFError, zlib.error):
        return True  # the reader reports it, as an error of the run


def ingest(
    paths: Sequence[str],
    url: str | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: bool = False,
    log: TextIO = sys.stderr,
    time_limit: float = TIME_LIMIT,
) -> IngestResult:
    """Ingest every article in ``paths`` into the store at ``url``; see the module docstring. Raises
    ``NothingToIngest`` before the store is opened when the inputs hold no article."""
    files = input_files(paths)
    nothing = _nothing_to_ingest(paths, files)
    if nothing:
        raise (NothingToIngest if files else NoArticleFiles)(nothing)
    workers = max(1, workers or os.cpu_count() or 1)
    total = count_records(list(files)) if progress else None
    engine = open_store(url)
    result = IngestResult()
    try:
        with _bar(progress, total) as advance, _extractor(workers, time_limit, engine.dispose) as extractor:
            for group, digest in _file_groups(files, force):
                if digest is not None and _known_file(engine, group[0], digest, result, log, advance):
                    continue
                noted = _Noted(log, group[0])
                part = ingest_articles(
                    engine,
                    _read(group, lazy=not force, source_file=digest),
                    force=force,
                    extractor=extractor,
                    on_error=noted.error,
                    advance=advance,
                    lines=noted.lines if digest is not None else None,
                    log=log,  # an id given twice is told where errors are
                    per_transaction=TRANSACTION,
                )
                result.add(part)
                if digest is not None and part.read and part.tally.unchanged == part.read:
                    note_file(engine, digest, part.read, sorted(noted.lines), noted.errors)
        return result
    finally:
        engine.dispose()


def _file_groups(files: Sequence[str], force: bool) -> Iterator[tuple[list[str], str | None]]:
    """The files in input order, in runs for ``ingest_articles``: each records file alone with the hash
    of its bytes (none with ``force``: every record is read then), other inputs together."""
    others: list[str] = []
    for path in files:
        digest = None if force else file_hash(path)
        if digest is None:
            others.append(path)
            continue
        if others:
            yield others, None
            others = []
        yield [path], digest
    if others:
        yield others, None


def _known_file(
    engine: Engine,
    path: str,
    digest: str,
    result: IngestResult,
    log: TextIO | None,
    advance: Callable[[int, IngestResult], None],
) -> bool:
    """Whether a run over a file with these bytes changed nothing and every article it gave still says it
    came from it (``file_unchanged``): then its records are counted unchanged, its bad records reported
    again, and nothing of it is read."""
    with engine.connect() as connection:
        noted = file_unchanged(connection, digest)
    if noted is None:
        return False
    records, errors = noted
    result.read += records
    result.tally.unchanged += records
    for where, article_id, message in errors:  # where in the file: this path may be another copy's
        result.errors += 1
        if log is not None:
            print(f"rasd: skipped {RecordError(f'{where} of {path}', article_id, message)}", file=log)
    advance(records, result)
    return True


class _Noted:
    """What a run over one file needs to note it (``note_file``): its lines' hashes and its bad records
    (each still reported on ``log`` as it comes)."""

    def __init__(self, log: TextIO | None, path: str):
        self.log = log
        self.suffix = f" of {path}"  # what ``_read`` adds to a bad record's place; not noted
        self.lines: set[str] = set()
        self.errors: list[list[str]] = []

    def error(self, item: Article | RecordError, message: str) -> None:
        if isinstance(item, RecordError):
            self.errors.append([item.where.removesuffix(self.suffix), item.id, item.message])
        if self.log is not None:
            print(f"rasd: skipped {message}", file=self.log)


def ingest_articles(
    engine: Engine,
    items: Iterable[Item],
    force: bool = False,
    extractor: Extractor | None = None,
    on_error: Callable[[Article | RecordError, str], None] | None = None,
    advance: Callable[[int, IngestResult], None] | None = None,
    log: TextIO | None = sys.stderr,
    digest_of: Callable[[Article], str] = content_hash,
    batch_size: int = BATCH,
    lines: set[str] | None = None,
    on_note: Callable[[str], None] | None = None,
    per_transaction: int | None = None,
) -> IngestResult:
    """The one ingest loop (``rasd ingest``, ``POST /api/ingest``): skip articles whose content hash is
    stored, extract the others (``extractor``: a pool, or this process), write them in transactions of
    ``per_transaction`` articles. A record that cannot be read or extracted is an error (``on_error``,
    else a line on ``log``) and the batch goes on. ``digest_of`` gives an article's content hash (the
    Parquet loader passes the hash of the full text the Spark job read, for an article it stores without
    its text).
    ``batch_size``: articles per extraction task (tests make it small to see many batches);
    ``lines``: gets the line hash of every record read (``note_file``); ``on_note``: what is worth
    telling but no error (an id given twice), else a line on ``log``; ``per_transaction``: articles
    written in one transaction, in whole batches (``TRANSACTION``; by default one batch)."""
    result = IngestResult()

    def error(item: Article | RecordError, message: str) -> None:
        result.errors += 1
        if on_error is not None:
            on_error(item, message)
        elif log is not None:
            print(f"rasd: skipped {message}", file=log)

    def note(message: str) -> None:
        if on_note is not None:
            on_note(message)
        elif log is not None:
            print(f"rasd: {message}", file=log)

    extractor = extractor or InlineExtractor()
    pending = _pending(engine, items, force, result, error, digest_of, lines, note)
    group: list[tuple[Article, str]] = []  # batches extracted, not written yet
    extracted: list[Extracted] = []
    for batch, records in _pipelined(_batched(pending, batch_size), extractor, extractor.window):
        group += batch
        extracted += records
        if len(group) >= (per_transaction or 0):
            _write(engine, group, extracted, force, result, error)
            if advance is not None:
                advance(len(group), result)
            group, extracted = [], []
    if group:
        _write(engine, group, extracted, force, result, error)
        if advance is not None:
            advance(len(group), result)
    return result


def _read(
    files: Sequence[str], lazy: bool = False, source_file: str | None = None
) -> Iterator[Article | RecordError | RawRecord]:
    """Every record of every file; a record error names its file. ``lazy``: record lines unparsed
    (``RawRecord``), so that ``_pending`` parses only those whose hash is not stored; ``source_file``:
    the hash of the (one) file's bytes, which the articles written from it keep."""
    for path in files:
        for item in read_input(path, lazy=lazy):
            if isinstance(item, RawRecord):
                item.where = f"{item.where} of {path}"
                item.source_file = source_file
            elif isinstance(item, RecordError):
                item = RecordError(_place(item.where, path), item.id, item.message)
            elif item.where is not None:
                item.where = _place(item.where, path)
            yield item


def _place(where: str, path: str) -> str:
    """Where in which input a record was: "line 3 of a.jsonl"; a plain-text article is its file (not
    "x.txt of reports/x.txt")."""
    return path if where == os.path.basename(path) else f"{where} of {path}"


def _pending(
    engine: Engine,
    items: Iterable[Item],
    force: bool,
    result: IngestResult,
    error: Callable[[Article | RecordError, str], None],
    digest_of: Callable[[Article], str] = content_hash,
    lines: set[str] | None = None,
    note: Callable[[str], None] | None = None,
) -> Iterator[tuple[Article, str]]:
    """Articles that need extraction, with their content hash; unchanged ones are counted and dropped.
    Stored hashes are looked up a chunk of input at a time, so a small request costs a small query.

    An unparsed line (``RawRecord``) whose hash is stored as an article's ``source_hash`` gives that
    article as stored: it is counted unchanged without being parsed, validated or hashed again (most of
    a re-ingest's time was that). Unless this run already re-extracted an article of that id (a later
    line repeats an id): then it is parsed and compared like any other, as is every line whose hash is
    not stored. An unchanged article whose line hash is not stored yet (a store older than migration
    0006) gets it, so the next re-ingest passes over it. A record repeating an id met earlier in this
    run is told to ``note`` with both places (the later one is what the store keeps)."""
    seen: dict[str, str] = {}  # ids met in this run: a repeated unchanged record is skipped too
    met = _Repeats(note)
    for chunk in _batched(items, LOOKUP):
        raws = [item.source_hash for item in chunk if isinstance(item, RawRecord)]
        with engine.connect() as connection:
            by_line = stored_lines(connection, raws) if raws and not force else {}
        chunk = [_parsed(item, by_line) for item in chunk]
        articles = [item for item in chunk if isinstance(item, Article)]
        with engine.connect() as connection:
            known = known_hashes(connection, [a.id for a in articles if a.id not in seen])
        unmarked: list[dict[str, str]] = []  # unchanged articles whose line hash is not stored yet
        if lines is not None:
            lines.update(h for item in chunk if (h := getattr(item, "source_hash", None)) is not None)
        for item in chunk:
            if isinstance(item, RawRecord):  # stored as this line gives it
                article_id = by_line[item.source_hash]
                if article_id not in seen:
                    met.check(article_id, item.where, same=True)
                    result.read += 1
                    result.tally.unchanged += 1
                    continue
                item = item.parse()  # its id was re-extracted earlier in this run: compare
            if isinstance(item, RecordError):
                error(item, str(item))
                continue
            result.read += 1
            digest = digest_of(item)
            stored = seen.get(item.id, known.get(item.id))  # what the store keeps under this id so far
            met.check(item.id, item.where, same=stored == digest)
            if stored == digest and (not force or item.id in seen):
                result.tally.unchanged += 1
                if item.source_hash is not None and item.id not in seen:
                    unmarked.append({"id_": item.id, "digest": digest, "line": item.source_hash})
                continue
            seen[item.id] = digest
            yield item, digest
        if unmarked:
            mark_lines(engine, unmarked)


class _Repeats:
    """Ids met in one run, with where each was first read: an id given twice in one input is told (an
    analyst's file with two articles under one id loses the earlier one, which must not pass unseen)."""

    def __init__(self, note: Callable[[str], None] | None):
        self.note = note
        self.first: dict[str, str] = {}

    def check(self, article_id: str, where: str | None, same: bool) -> None:
        if self.note is None or where is None:
            return
        first = self.first.setdefault(article_id, where)
        if first == where:
            return
        what = "the same article again: counted once" if same else "another text: it replaces the earlier"
        self.note(f"{where}: id {article_id!r} was already given on {first}; {what}")


def _parsed(item: Item, by_line: Mapping[str, str]) -> Item:
    """A raw line parsed, unless its hash is stored (left raw: ``_pending`` decides in input order)."""
    if isinstance(item, RawRecord) and item.source_hash not in by_line:
        return item.parse()
    return item


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
    batches: Iterator[list[tuple[Article, str]]], extractor: Extractor, window: int
) -> Iterator[tuple[list[tuple[Article, str]], list[Extracted]]]:
    """Batches with their extraction results, in input order, keeping at most ``window`` in flight (the
    input is never read far ahead of the writer, whatever its size)."""
    in_flight: deque = deque()
    for batch in batches:
        in_flight.append((batch, extractor.submit([article for article, _ in batch])))
        if len(in_flight) >= window:
            done, pending = in_flight.popleft()
            yield done, extractor.wait(pending)
    while in_flight:
        done, pending = in_flight.popleft()
        yield done, extractor.wait(pending)


def _write(
    engine: Engine,
    batch: list[tuple[Article, str]],
    extracted: list[Extracted],
    force: bool,
    result: IngestResult,
    error: Callable[[Article | RecordError, str], None],
) -> None:
    """One transaction for a batch or a few: every article of them is stored, or none (one ``Writer``: the
    batch's stored hashes read in one query, its rows written with Core statements)."""
    now = int(time.time())
    with session_scope(engine) as session:
        lock_writer(session)
        writer = Writer(session, now, force, [article.id for article, _ in batch])
        tally = Tally()  # the batch's, added to the run's once (its event counts are set differences)
        for (article, digest), records in zip(batch, extracted, strict=True):
            if isinstance(records, str):
                error(article, f"record {article.id!r}: {records}")
                continue
            tally.add(writer.apply(article, digest, records))
        writer.finish()
        result.tally.add(tally)


# ------------------------------------------------------------------------ extraction workers


class ArticleTimeout(Exception):
    """An article took longer than its time budget to extract."""


def extract_records(articles: Sequence[Article], time_limit: float | None = None) -> list[Extracted]:
    """Event records of each article, or the reason it could not be read (never raises). Each article
    has ``time_limit`` seconds (where a timer signal can interrupt it: a process's main thread)."""
    from rasd.pipeline import extract

    out: list[Extracted] = []
    with _budget(time_limit) as budget:
        for article in articles:
            try:
                with budget():
                    events = extract(
                        article.text,
                        published=article.published,
                        title=article.title,
                        outlet=article.outlet,
                        article_id=article.id,
                    )
                out.append([event.to_dict() for event in events])
            except ArticleTimeout as error:
                out.append(str(error))
            except ValueError as error:
                out.append(str(error))
            except Exception as error:  # a defect must not cost the rest of the batch
                out.append(f"internal error ({type(error).__name__}: {error})")
    return out


_BUDGET_REPEAT = 0.01  # seconds between repeats of an expired time budget's signal


@contextmanager
def _budget(seconds: float | None) -> Iterator[Callable[[], Any]]:
    """A batch's time budgets: each block run under the context manager it gives is interrupted with
    ``ArticleTimeout`` after ``seconds`` (SIGALRM; main thread only; elsewhere, or without ``seconds``,
    never). The handler is set once for the batch and only the timer per article: setting and
    restoring a signal handler for every article cost a tenth of what the store adds to extraction."""
    usable = seconds and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield nullcontext
        return

    message = f"extraction took longer than {seconds:g} s (the time budget of one article)"

    armed = [False]  # inside a block: a signal delivered late, after it, must not raise elsewhere

    def expire(_signum: int, _frame: Any) -> None:
        if armed[0]:
            raise ArticleTimeout(message)

    @contextmanager
    def timed() -> Iterator[None]:
        # The timer repeats: a handler that fires while the garbage collector runs a finalizer has its
        # exception swallowed ("Exception ignored in ..."), so it fires again until the block is left.
        armed[0] = True
        signal.setitimer(signal.ITIMER_REAL, seconds, _BUDGET_REPEAT)
        try:
            yield
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        yield timed
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _warm_up() -> None:
    """Worker start: Ctrl-C is the parent's to handle; lexicons load once, before the first batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    extract_records([Article("warm-up", "اشتباكات في دمشق أمس.", published="2018-01-01")])
    from rasd.pipeline import batch_gc

    batch_gc()


def _start_worker() -> None:
    """A pool worker: warmed up, and gone when the parent is (a SIGKILLed parent cannot tell it). The
    parent is noted before the warm-up: one killed while this worker loads its lexicons (the pool now
    starts at the first batch, so an ingest can be killed then) would otherwise leave it waiting on init."""
    parent = os.getppid()
    _warm_up()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="rasd-parent-watch").start()


class InlineExtractor:
    """Extraction in this process (one worker, the API): no pickling, simplest to debug."""

    window = 1

    def __init__(self, time_limit: float | None = TIME_LIMIT):
        self.time_limit = time_limit

    def submit(self, articles: list[Article]) -> list[Extracted]:
        return extract_records(articles, self.time_limit)

    def wait(self, pending: list[Extracted]) -> list[Extracted]:
        return pending


@dataclass
class _Job:
    """A batch given to the pool: its future, the pool generation that runs it, and its failures."""

    articles: list[Article]
    future: Future
    generation: int
    failures: int = 0


class PoolExtractor:
    """Extraction in worker processes. A worker that dies (killed, out of memory) breaks the pool, and
    one that hangs misses its deadline: either way the pool is replaced and the batches in flight are
    given again; a batch that fails twice is split, and the article that still fails alone is an error.
    So the run goes on and never waits forever.

    ``lazy``: the workers start at the first batch to extract, not before, so a run with nothing to
    extract (a re-ingest of unchanged input) forks nothing and loads no lexicon; ``before_start`` is
    called first (``ingest`` closes the store's pooled connections there: no child inherits one)."""

    def __init__(
        self,
        workers: int,
        time_limit: float = TIME_LIMIT,
        stall: float = STALL_SECONDS,
        lazy: bool = False,
        before_start: Callable[[], None] | None = None,
    ):
        self.workers = workers
        self.time_limit = time_limit
        self.stall = stall
        self.window = 2 * workers + 2
        self.generation = 0
        self.before_start = before_start
        self.executor: ProcessPoolExecutor | None = None if lazy else self._start()

    def _start(self) -> ProcessPoolExecutor:
        # fork: workers start at once and share the parent's imported code; all of them start here,
        # before the first batch is given (and after ``before_start`` let go of the store's connections).
        if self.before_start is not None:
            self.before_start()
        for _ in range(_START_ATTEMPTS):
            executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            )
            try:
                executor.submit(int).result(timeout=_START_SECONDS)  # a fork can inherit a held lock and hang
                return executor
            except (BrokenProcessPool, TimeoutError):
                _kill(executor)
        raise RuntimeError(f"the extraction workers did not start in {_START_ATTEMPTS} attempts")

    def _restart(self) -> None:
        self.abort()
        self.generation += 1
        self.executor = self._start()

    def submit(self, articles: list[Article], failures: int = 0) -> _Job:
        if self.executor is None:
            self.executor = self._start()
        future = self.executor.submit(extract_records, articles, self.time_limit)
        return _Job(articles, future, self.generation, failures)

    def wait(self, job: _Job) -> list[Extracted]:
        deadline = self.time_limit * len(job.articles) + self.stall
        try:
            return job.future.result(timeout=deadline)
        except (BrokenProcessPool, CancelledError):
            reason = "the extraction worker died (killed, or out of memory)"
            if job.generation < self.generation:  # broken by another batch: not this one's failure
                return self.wait(self.submit(job.articles, job.failures))
            self._restart()
        except TimeoutError:
            reason = f"the extraction worker did not answer within {deadline:g} s"
            self._restart()
        if job.failures:
            if len(job.articles) == 1:
                return [reason]
            return [r for article in job.articles for r in self.wait(self.submit([article], 1))]
        return self.wait(self.submit(job.articles, job.failures + 1))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        if self.executor is not None:
            _kill(self.executor)


def _kill(executor: ProcessPoolExecutor) -> None:
    """Stop a pool at once: its workers killed, its pending batches cancelled."""
    for process in list(getattr(executor, "_processes", {}).values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


_START_ATTEMPTS = 3  # a new pool that does not answer in time is replaced, at most this many times
_START_SECONDS = 30.0  # time a new pool has to answer its first task (forking and warming up)


class Extractor(Protocol):
    """What the ingest loop extracts with: ``submit`` starts a batch, ``wait`` gives its records (one
    list per article, or the reason it failed); at most ``window`` batches are in flight."""

    window: int

    def submit(self, articles: list[Article]) -> Any: ...

    def wait(self, pending: Any) -> list[Extracted]: ...


@contextmanager
def _extractor(
    workers: int, time_limit: float, before_start: Callable[[], None] | None = None
) -> Iterator[Extractor]:
    """A pool of ``workers`` processes started at the first batch to extract (after ``before_start``),
    or this process when ``workers`` is 1."""
    if workers == 1:
        yield InlineExtractor(time_limit)
        return
    pool = PoolExtractor(workers, time_limit, lazy=True, before_start=before_start)
    try:
        yield pool
    except BaseException:
        pool.abort()
        raise
    pool.close()


@contextmanager
def _bar(enabled: bool, total: int | None = None):
    """A progress bar over extracted articles (on an interactive terminal), with a total and the time
    left when the input's size is known; a no-op otherwise."""
    if not enabled:
        yield lambda count, result: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True) as bar:

        def advance(count: int, result: IngestResult) -> None:
            bar.update(count)
            bar.set_postfix(events=result.tally.events_new, errors=result.errors, refresh=False)

        yield advance
