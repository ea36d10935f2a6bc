"""Ingest speed of the event store: the whole shared corpus into a fresh store, then the same again.

usage: python scripts/benchmark_ingest.py [CORPUS ...] [--workers 2] [--db URL]

Default corpus: ../shared/data/corpus/*.jsonl.gz (24k articles); default store: a new SQLite file in a
temporary folder, deleted at the end (``--db`` to keep one, or to measure PostgreSQL; it must be empty).
Reports articles/s of the first ingest (target: 150/s or more with 2 workers), the store's size on disk,
the time of the re-run (target: under 10% of the first, since unchanged articles are not re-extracted),
and what merging did: reports, events, events told by several articles, outlets or days, retired ids.
"""

from __future__ import annotations

import argparse
import glob
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

from rasd.store.db import make_engine, session_scope
from rasd.store.ingest import ingest
from rasd.store.models import Event, Report, RetiredEvent

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TARGET_RATE = 150.0
TARGET_RERUN = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_corpus = sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    parser.add_argument("corpus", nargs="*", default=default_corpus)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file, removed afterwards)")
    args = parser.parse_args()
    if not args.corpus or not all(Path(p).exists() for p in args.corpus):
        print(f"benchmark: corpus not found: {args.corpus or SHARED / 'data/corpus'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'rasd.db'}"
        return run(args.corpus, url, args.workers)


def run(corpus: list[str], url: str, workers: int) -> int:
    started = time.perf_counter()
    first = ingest(corpus, url, workers=workers)
    first_s = time.perf_counter() - started
    if first.tally.unchanged:
        print("benchmark: the store was not empty; give a fresh --db", file=sys.stderr)
        return 2
    started = time.perf_counter()
    second = ingest(corpus, url, workers=workers)
    second_s = time.perf_counter() - started
    rate = first.read / first_s
    print(f"corpus          {', '.join(Path(p).name for p in corpus)}")
    print(f"store           {url.split('://')[0]}, {workers} workers")
    print(f"first ingest    {first.read} articles in {first_s:.1f} s  →  {rate:.0f} articles/s "
          f"(target ≥ {TARGET_RATE:.0f}: {'met' if rate >= TARGET_RATE else 'NOT met'})")
    print(f"                {first.summary().removeprefix('rasd: ')}")
    print(f"re-run          {second_s:.1f} s = {second_s / first_s:.1%} of the first "
          f"(target < {TARGET_RERUN:.0%}: {'met' if second_s < TARGET_RERUN * first_s else 'NOT met'}); "
          f"{second.tally.unchanged} unchanged, {second.tally.reports} reports written")
    print(f"store size      {store_size(url) / 2**20:.1f} MiB")
    for label, value in merge_counts(url).items():
        print(f"{label:<16}{value}")
    return 0


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
