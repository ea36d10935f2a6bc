"""Throughput of the Spark jobs: articles/s of ``rasd spark extract`` for ``local[1]`` and ``local[2]``.

usage: python scripts/benchmark_spark.py [CORPUS ...] [--limit N] [--masters local[1],local[2]]
                                         [--partitions P] [--no-baseline] [--json FILE]

Default corpus: ../shared/data/corpus/*.jsonl.gz (24k articles); ``--limit N`` takes the first N. Each
master runs in a process of its own (a fresh JVM, as a real run gets): the extraction job, then the merge
job on its output. The time of a job excludes starting Spark (JVM and context, 5–10 s, paid once per
application) but includes everything else a real run pays: reading and checking the input, starting the
Python workers and loading the lexicons and gazetteer in each, the JVM's warm-up, extraction, shuffles,
and writing Parquet. The baseline is the single-machine path on one core:
``rasd.extract`` over the same articles in this process (lexicons loaded first, as in ``rasd extract``).
Needs ``rasd[spark]`` and Java.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpus", nargs="*", default=sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    )
    parser.add_argument("--limit", type=int, help="only the first N articles (default: all)")
    parser.add_argument("--masters", default="local[1],local[2]", help="comma-separated Spark masters")
    parser.add_argument("--partitions", type=int, help="extraction partitions (default: 4 per core)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the single-process baseline")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not args.corpus or not all(Path(p).exists() for p in args.corpus):
        print(f"benchmark: corpus not found: {args.corpus or SHARED / 'data/corpus'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rasd-spark-bench-") as folder:
        corpus = _limited(args.corpus, args.limit, Path(folder)) if args.limit else args.corpus
        figures = {"cores": os.cpu_count(), "runs": []}
        if not args.no_baseline:
            figures["baseline"] = baseline(corpus)
            _print_baseline(figures["baseline"])
        for master in args.masters.split(","):
            output = Path(folder) / re.sub(r"\W+", "-", master)
            figures["runs"].append(_in_child(master, corpus, output, args.partitions))
            _print_run(figures["runs"][-1], figures.get("baseline"))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


def _in_child(master: str, corpus: list[str], folder: Path, partitions: int | None) -> dict:
    """``run`` in a new Python process (so a new JVM): no run profits from an earlier one's warm-up."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import benchmark_spark as b; "
        "print(json.dumps(b.run(sys.argv[2], json.loads(sys.argv[3]), b.Path(sys.argv[4]), "
        "json.loads(sys.argv[5]))))"
    )
    args = [str(Path(__file__).parent), master, json.dumps(corpus), str(folder), json.dumps(partitions)]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark: the {master} run failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _limited(corpus: list[str], limit: int, folder: Path) -> list[str]:
    """The first ``limit`` lines of the corpus files, as one gzip file."""
    path = folder / f"first-{limit}.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.writelines(itertools.islice(_lines(corpus), limit))
    return [str(path)]


def _lines(corpus: list[str]):
    for name in corpus:
        with gzip.open(name, "rb") as source:
            yield from source


def baseline(corpus: list[str]) -> dict:
    """Single-machine extraction on one core: what ``rasd extract`` does, in this process."""
    from rasd.io import RecordError, read_input
    from rasd.store.ingest import _warm_up, extract_records

    started = time.perf_counter()
    _warm_up()
    loaded = time.perf_counter() - started
    articles = events = 0
    started = time.perf_counter()
    for path in corpus:
        for article in read_input(path):
            if isinstance(article, RecordError):
                continue
            (records,) = extract_records([article])
            articles += 1
            events += len(records) if isinstance(records, list) else 0
    seconds = time.perf_counter() - started
    return {"articles": articles, "events": events, "seconds": seconds, "load_seconds": loaded}


def run(master: str, corpus: list[str], folder: Path, partitions: int | None) -> dict:
    from rasd.spark import extract, merge
    from rasd.spark.session import start

    started = time.perf_counter()
    spark = start(master, app=f"rasd benchmark {master}")
    startup = time.perf_counter() - started
    try:
        started = time.perf_counter()
        result = extract.run(spark, corpus, str(folder / "events.parquet"), partitions=partitions)
        extract_s = time.perf_counter() - started
        started = time.perf_counter()
        merge.run(spark, str(folder / "events.parquet"), str(folder / "merged.parquet"))
        merge_s = time.perf_counter() - started
        merged = spark.read.parquet(str(folder / "merged.parquet")).count()
        parallelism = spark.sparkContext.defaultParallelism
    finally:
        spark.stop()
    return {
        "master": master,
        "parallelism": parallelism,
        "startup_seconds": startup,
        "articles": result.articles,
        "events": result.events,
        "errors": result.errors,
        "extract_seconds": extract_s,
        "merge_seconds": merge_s,
        "merged_events": merged,
        "python_workers": len(result.loads),
        "gazetteer_loads": sum(result.loads.values()),
    }


def _print_baseline(b: dict) -> None:
    rate = b["articles"] / b["seconds"]
    print(
        f"single process (rasd.extract)  {b['articles']} articles in {b['seconds']:.1f} s: "
        f"{rate:.0f} articles/s (+{b['load_seconds']:.1f} s loading lexicons), {b['events']} events"
    )


def _print_run(r: dict, base: dict | None) -> None:
    rate = r["articles"] / r["extract_seconds"]
    speedup = f", {rate / (base['articles'] / base['seconds']):.2f}× one process" if base else ""
    print(
        f"spark {r['master']:<10} extract: {r['articles']} articles in {r['extract_seconds']:.1f} s: "
        f"{rate:.0f} articles/s{speedup}; {r['python_workers']} Python workers, "
        f"{r['gazetteer_loads']} gazetteer loads; merge: {r['events']} reports → {r['merged_events']} "
        f"events in {r['merge_seconds']:.1f} s; Spark start {r['startup_seconds']:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
