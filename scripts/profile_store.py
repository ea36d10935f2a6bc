"""The store's part of an ingest alone: what ``rasd ingest`` does with one worker, minus extraction.

usage: python scripts/profile_store.py [CORPUS] [--limit N] [--cache FILE] [--profile OUT] [--top 30]

Extracts the corpus (default ../shared/data/corpus/*.jsonl.gz, ``--limit N``: its first N records) once
and keeps the records in ``--cache`` (a pickle in the temporary folder, reused while the corpus and the
limit are the same: delete it after an extraction change). Then ingests the same record lines as ``rasd
ingest`` reads them (each line hashed, parsed after the stored hashes are looked up, the file's hash kept)
into a fresh SQLite store, with an extractor that hands back the cached records under the same time
budget, and prints the wall and CPU time of that write path. Parsing the lines is part of it (as it is of
``rasd extract``): about 2 s of CPU over the whole corpus. ``--profile OUT``: cProfile with CPU time as
its clock (wall time on a busy machine mostly measures the other jobs), the ``--top`` functions by own
time printed, the whole profile saved for ``python -m pstats OUT``.

Why: in ``scripts/benchmark_ingest.py`` the store's part is a difference of two noisy totals; here it is
measured and profiled on its own, so two versions of the write path can be compared run after run.
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import gzip
import os
import pickle
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rasd.io import Article, RawRecord, file_hash, line_hash, parse_line
from rasd.store.db import open_store
from rasd.store.ingest import BATCH, TRANSACTION, _budget, _warm_up, extract_records, ingest_articles

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    parser.add_argument("corpus", nargs="?", default=default[0] if default else None)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--cache", help="pickle of the extracted records (default: in the temporary folder)")
    parser.add_argument("--profile", help="write a cProfile (CPU time) of the write path here")
    parser.add_argument("--top", type=int, default=30, help="functions printed with --profile")
    args = parser.parse_args()
    if not args.corpus or not Path(args.corpus).exists():
        print(f"profile: corpus not found: {args.corpus or SHARED / 'data/corpus'}", file=sys.stderr)
        return 2
    lines = record_lines(args.corpus, args.limit)
    cache = args.cache or str(Path(tempfile.gettempdir()) / f"rasd-store-records-{len(lines)}.pkl")
    records = cached_records(lines, cache, args.corpus)
    with tempfile.TemporaryDirectory(prefix="rasd-profile-") as folder:
        url = f"sqlite:///{Path(folder) / 'rasd.db'}"
        write_path(args.corpus, lines, records, url, args.profile, args.top)
    return 0


def record_lines(path: str, limit: int | None) -> list[tuple[str, bytes]]:
    """The first ``limit`` non-blank lines of a records file, each with its place ("line 12")."""
    out = []
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                out.append((f"line {number}", raw))
            if limit is not None and len(out) == limit:
                break
    return out


def cached_records(lines: list[tuple[str, bytes]], cache: str, corpus: str) -> dict[str, Any]:
    """Article id → its extracted records (or why extraction failed), from ``cache`` when it was made
    from this corpus and these lines, else extracted now (one process) and saved there."""
    key = (os.path.abspath(corpus), len(lines), os.path.getmtime(corpus))
    if os.path.exists(cache):
        with open(cache, "rb") as handle:
            saved_key, records = pickle.load(handle)
        if saved_key == key:
            return records
    _warm_up()
    articles = [a for where, raw in lines if isinstance(a := parse_line(raw, where), Article)]
    records: dict[str, Any] = {}
    started = time.process_time()
    for start in range(0, len(articles), BATCH):
        batch = articles[start : start + BATCH]
        records.update(zip((a.id for a in batch), extract_records(batch), strict=True))
    spent = time.process_time() - started
    print(f"extracted {len(articles)} articles in {spent:.1f} s CPU; cached in {cache}")
    with open(cache, "wb") as handle:
        pickle.dump((key, records), handle)
    return records


class CachedExtractor:
    """The ingest's extractor, handing back the records extracted before, each article under its time
    budget as ``InlineExtractor`` extracts it (the budget's timer is part of an ingest's cost)."""

    window = 1

    def __init__(self, records: dict[str, Any]):
        self.records = records

    def submit(self, articles: list[Article]) -> list[Any]:
        out = []
        with _budget(30.0) as budget:
            for article in articles:
                with budget():
                    out.append(self.records[article.id])
        return out

    def wait(self, pending: list[Any]) -> list[Any]:
        return pending


def write_path(
    corpus: str,
    lines: list[tuple[str, bytes]],
    records: dict[str, Any],
    url: str,
    profile: str | None,
    top: int,
) -> None:
    """Ingest the lines as ``rasd ingest`` reads them, with the cached records; print its times."""
    engine = open_store(url)
    digest = file_hash(corpus)
    items = [RawRecord(f"{where} of {corpus}", line_hash(raw), raw, None, digest) for where, raw in lines]
    profiler = cProfile.Profile(time.process_time) if profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    try:
        extractor = CachedExtractor(records)
        result = ingest_articles(
            engine, items, extractor=extractor, log=None, lines=set(), per_transaction=TRANSACTION
        )
    finally:
        if profiler is not None:
            profiler.disable()
        engine.dispose()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"write path      {wall:.2f} s ({cpu:.2f} s CPU{', profiled' if profiler else ''}), load average "
          f"{os.getloadavg()[0]:.1f}; {result.summary().removeprefix('rasd: ')}")
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    sys.exit(main())
