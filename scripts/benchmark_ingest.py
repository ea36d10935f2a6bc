"""Ingest speed of the event store: what the store adds to extraction, a first ingest, and a re-run.

usage: python scripts/benchmark_ingest.py [CORPUS ...] [--workers 1] [--limit N] [--db URL]

Default corpus: ../shared/data/corpus/*.jsonl.gz (24k articles; ``--limit N`` takes the first N);
default store: a new SQLite file in a temporary folder, deleted at the end (``--db`` to keep one, or to
measure PostgreSQL; it must be empty). In one run, one process, lexicons loaded before any timing:

1. extraction alone: every article through ``extract_records``, nothing stored;
2. the first ingest into the empty store (``--workers``, default 1: the store's cost is then plain to
   see). With one worker, 1 and 2 take turns over chunks of 1,024 articles (extract a chunk alone, and
   ingest it; which goes first alternates from chunk to chunk, so neither always finds the other's
   caches warm), so a machine whose load changes during the run slows both alike. Both start from the
   same record lines in memory (reading and unzipping the file is neither's): extraction alone parses
   them, as ``rasd extract`` does; the ingest reads them as ``rasd ingest`` does (each line hashed, its
   hash and its file's stored with the article, parsed after the stored hashes are looked up, each
   article under its time budget). What the store adds is the ingest's time over extraction's (target:
   at most 15%, issue 12), and inside the ingest, the time not spent extracting over the time spent
   extracting;
3. a re-run of the same input, in this process and as a fresh ``rasd ingest`` command (target: under
   1.5 s for the whole corpus: unchanged articles are read and hashed, never extracted nor written, and
   no worker is started).

Then the store's size on disk and what merging did: reports, events, events told by several articles,
outlets or days, retired ids.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from rasd.io import Article, RawRecord, file_hash, line_hash, parse_line
from rasd.store.db import make_engine, open_store, session_scope
from rasd.store.ingest import (
    BATCH,
    TRANSACTION,
    IngestResult,
    InlineExtractor,
    _warm_up,
    extract_records,
    ingest,
    ingest_articles,
)
from rasd.store.models import Event, Report, RetiredEvent

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TARGET_ADDED = 0.15  # the store may add this much to extraction time (one worker)
TARGET_RERUN_S = 1.5  # seconds for a re-ingest of the unchanged whole corpus
CHUNK = TRANSACTION  # articles extracted alone, then ingested, in turn (one transaction)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_corpus = sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    parser.add_argument("corpus", nargs="*", default=default_corpus)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N articles of the corpus")
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file, removed afterwards)")
    args = parser.parse_args()
    if not args.corpus or not all(Path(p).exists() for p in args.corpus):
        print(f"benchmark: corpus not found: {args.corpus or SHARED / 'data/corpus'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'rasd.db'}"
        corpus = args.corpus if args.limit is None else [first_lines(args.corpus, args.limit, Path(folder))]
        return run(corpus, url, args.workers)


def first_lines(corpus: list[str], limit: int, folder: Path) -> str:
    """The first ``limit`` records of the corpus, as one file to ingest."""
    lines: list[bytes] = []
    for path in corpus:
        with (gzip.open if path.endswith(".gz") else open)(path, "rb") as handle:
            lines.extend(line for line, _ in zip(handle, range(limit - len(lines)), strict=False))
    out = folder / f"first-{limit}.jsonl"
    out.write_bytes(b"".join(lines))
    return str(out)


@dataclass
class Clock:
    """Seconds of wall time and of this process's CPU time (on a machine busy with other work, the CPU
    time is what the code itself cost; the wall time also counts waiting for a core)."""

    wall: float = 0.0
    cpu: float = 0.0

    @contextmanager
    def timing(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu

    def __sub__(self, other: Clock) -> Clock:
        return Clock(self.wall - other.wall, self.cpu - other.cpu)

    def over(self, other: Clock) -> str:
        """This clock's times as a share of another's, wall then CPU."""
        return f"{self.wall / other.wall:.1%} wall, {self.cpu / other.cpu:.1%} CPU"


class TimedExtractor(InlineExtractor):
    """This process's extractor, adding up the time it spends extracting."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()

    def submit(self, articles):
        with self.clock.timing():
            return super().submit(articles)


def run(corpus: list[str], url: str, workers: int) -> int:
    _warm_up()  # lexicons and gazetteer loaded: neither timing below pays the start-up
    if workers == 1:
        first, alone, whole, inside = interleaved(corpus, url)
    else:
        alone, whole, inside = Clock(), Clock(), Clock()
        with whole.timing():
            first = ingest(corpus, url, workers=workers)
    if first.tally.unchanged:
        print("benchmark: the store was not empty; give a fresh --db", file=sys.stderr)
        return 2
    rerun = Clock()
    with rerun.timing():
        second = ingest(corpus, url, workers=workers)
    command = rerun_command(corpus, url, workers)

    print(f"corpus          {', '.join(Path(p).name for p in corpus)}: {first.read} articles")
    print(f"store           {url.split('://')[0]}, {workers} worker{'s' if workers > 1 else ''}")
    if workers == 1:
        added = whole - alone
        verdict = "met" if added.wall <= TARGET_ADDED * alone.wall else "NOT met"
        print(f"extraction      {alone.wall:.1f} s alone ({alone.cpu:.1f} s CPU, "
              f"{first.read / alone.wall:.0f} articles/s)")
        print(f"first ingest    {whole.wall:.1f} s ({whole.cpu:.1f} s CPU, "
              f"{first.read / whole.wall:.0f} articles/s)")
        print(f"                the store adds {added.over(alone)} to extraction "
              f"(target ≤ {TARGET_ADDED:.0%}: {verdict} by wall time)")
        print(f"                inside the ingest: extracting {inside.wall:.1f} s ({inside.cpu:.1f} s CPU), "
              f"the rest {(whole - inside).over(inside)} of that")
    else:
        print(f"first ingest    {whole.wall:.1f} s ({first.read / whole.wall:.0f} articles/s)")
    print(f"                {first.summary().removeprefix('rasd: ')}")
    print(f"re-run          {rerun.wall:.2f} s in this process ({rerun.cpu:.2f} s CPU), "
          f"{command.wall:.2f} s as a `rasd ingest` command ({command.cpu:.2f} s CPU; target < "
          f"{TARGET_RERUN_S} s for the whole corpus: {'met' if command.wall < TARGET_RERUN_S else 'NOT met'} "
          "by wall time); "
          f"{second.tally.unchanged} unchanged, {second.tally.reports} reports written")
    print(f"store size      {store_size(url) / 2**20:.1f} MiB")
    for label, value in merge_counts(url).items():
        print(f"{label:<16}{value}")
    return 0


def interleaved(corpus: list[str], url: str) -> tuple[IngestResult, Clock, Clock, Clock]:
    """The first ingest with one worker, and extraction alone, taken in turns over chunks of the input
    (see the module docstring; the order of the two alternates): a machine whose load changes over the
    run weighs on both alike. Chunks are whole transactions, so the store is written exactly as one ingest of
    the whole input writes it. Returns the ingest's result, and the time of extraction alone, of the
    ingest, and of extraction inside the ingest."""
    result, alone, whole = IngestResult(), Clock(), Clock()
    extractor = TimedExtractor()
    engine = open_store(url)
    turn = 0
    try:
        for path in corpus:
            digest = file_hash(path)
            for chunk in batched(record_lines(path), CHUNK):
                turns = [(alone, extract_alone, ()), (whole, ingest_lines, (engine, path, digest, extractor))]
                for clock, step, more in turns if turn % 2 == 0 else turns[::-1]:
                    with clock.timing():
                        part = step(chunk, *more)
                    result.add(part)
                turn += 1
    finally:
        engine.dispose()
    return result, alone, whole, extractor.clock


def record_lines(path: str) -> Iterator[tuple[str, bytes]]:
    """Each non-blank line of a records file with its place ("line 12"), as ``read_input`` numbers them."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as handle:
        lines = [(f"line {number}", raw) for number, raw in enumerate(handle, 1) if raw.strip()]
    yield from lines


def extract_alone(chunk: list[tuple[str, bytes]]) -> IngestResult:
    """What ``rasd extract`` does with the lines: each parsed, then extracted, a batch at a time."""
    articles = [item for where, raw in chunk if isinstance(item := parse_line(raw, where), Article)]
    for batch in batched(articles, BATCH):
        extract_records(batch)
    return IngestResult()


def ingest_lines(
    chunk: list[tuple[str, bytes]], engine: Engine, path: str, digest: str | None, extractor: TimedExtractor
) -> IngestResult:
    """What ``rasd ingest`` does with the lines of a file: read lazily (``io.read_records``: each line
    hashed, parsed only if its hash is not stored), with the file's hash kept by its articles."""
    items = [RawRecord(f"{where} of {path}", line_hash(raw), raw, None, digest) for where, raw in chunk]
    return ingest_articles(
        engine, items, extractor=extractor, log=None, lines=set(), per_transaction=TRANSACTION
    )


def batched(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rerun_command(corpus: list[str], url: str, workers: int) -> Clock:
    """Time of ``rasd ingest`` over unchanged input in a fresh process (start-up included): wall time,
    and the CPU time of the command and of any process it started."""
    rasd = Path(sys.executable).with_name("rasd")
    command = [str(rasd), "ingest", *corpus, "--db", url, "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Clock(wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))


def store_size(url: str) -> int:
    """Bytes on disk: the SQLite file after a WAL checkpoint, or PostgreSQL's database size."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                return Path(engine.url.database).stat().st_size
            return connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    finally:
        engine.dispose()


def merge_counts(url: str) -> dict[str, int]:
    """What merging did: how many reports became how many events, and how events were joined."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            per_event = (
                select(
                    Report.event_id,
                    func.count().label("reports"),
                    func.count(func.distinct(Report.article_id)).label("articles"),
                    func.count(func.distinct(Report.outlet)).label("outlets"),
                    func.count(func.distinct(Report.event_date)).label("days"),
                )
                .group_by(Report.event_id)
                .subquery()
            )

            def events_with(condition) -> int:
                return session.scalar(select(func.count()).select_from(per_event).where(condition))

            return {
                "reports": session.scalar(select(func.count()).select_from(Report)),
                "events": session.scalar(select(func.count()).select_from(Event)),
                "  ≥2 articles": events_with(per_event.c.articles >= 2),
                "  ≥2 outlets": events_with(per_event.c.outlets >= 2),
                "  two days": events_with(per_event.c.days >= 2),
                "retired ids": session.scalar(select(func.count()).select_from(RetiredEvent)),
            }
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
