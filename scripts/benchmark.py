"""Extraction speed and memory over the first N corpus articles, on one core.

usage: python scripts/benchmark.py [CORPUS.jsonl.gz] [--limit 5000]

Reports the one-off load time (lexicons, gazetteer, registry), articles per second and MB of text per
second of extraction proper, the same for a floor measured in the same run (reading the JSON lines,
normalizing and tokenizing title and text: what any extraction must do), the ratio of the two, and
the peak resident memory of the process. Default corpus: ../shared/data/corpus/*.jsonl.gz. The garbage
collector is tuned as ``rasd extract`` and the ingest workers tune it (``rasd.pipeline.batch_gc``).

Each rate is given by the wall clock and by the CPU time of this process: on a machine other jobs
keep busy, wall time counts the time the process waited for a core, CPU time does not (it is still
somewhat inflated by the caches others share). The machine, the date and the load average before and
after are printed with the figures, so a README can say what they were measured on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "ant-2018-02-07.jsonl.gz"
)


def load_articles(path: Path, limit: int) -> list[dict]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            articles.append(json.loads(line))
            if len(articles) >= limit:
                break
    return articles


def floor_seconds(path: Path, limit: int) -> tuple[float, float]:
    """Seconds (wall, CPU) to read, parse, normalize and tokenize the articles: the floor extraction is
    held to."""
    from rasd.text.normalize import normalize
    from rasd.text.tokens import tokenize

    started, cpu = time.perf_counter(), time.process_time()
    for article in load_articles(path, limit):
        for text in (article.get("title"), article.get("text")):
            if text:
                tokenize(normalize(text).text)
    return time.perf_counter() - started, time.process_time() - cpu


def machine() -> str:
    """The processor, its cores and the Python that ran the benchmark."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def data_cache_state() -> str:
    """What the data cache did for the load: a warm start reads every structure, a cold one builds and
    writes them (``rasd.data_cache``; off with RASD_NO_CACHE=1); and where rasd's modules' code came
    from (the code cache, or compiled: a third of the load when Python writes no bytecode cache)."""
    from rasd import data_cache

    if data_cache.cache_dir() is None:
        return "data cache off"
    counts = data_cache.stats()
    try:
        from rasd.code_cache import code_stats
    except ImportError:  # an older tree (a lockstep run) has no code cache
        code = {"cached": 0, "compiled": 0}
    else:
        code = code_stats()
    state = f"data cache: {counts['hits']} read, {counts['misses']} built; rasd's modules: {code['cached']} "
    state += f"from the code cache, {code['compiled']} compiled"
    if sys.dont_write_bytecode:  # Python writes no .pyc: without the code cache every start compiles rasd
        state += " (PYTHONDONTWRITEBYTECODE)"
    return state


def load() -> str:
    """The 1-minute load average ("n/a" where the system has none)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=5000)
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        print(f"benchmark: corpus not found: {path}", file=sys.stderr)
        return 2
    articles = load_articles(path, args.limit)
    chars = sum(len(a.get("text", "")) for a in articles)
    megabytes = sum(len(a.get("text", "").encode("utf-8")) for a in articles) / 1e6

    started, load_cpu = time.perf_counter(), time.process_time()
    import rasd
    from rasd.pipeline import batch_gc

    rasd.extract("قصفت طائرات حربية بلدة خان شيخون أمس.", published="2018-01-01")
    batch_gc()  # the garbage collector as `rasd extract` and the ingest workers run it
    load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - load_cpu

    load_before = load()
    started, cpu = time.perf_counter(), time.process_time()
    events = 0
    for article in articles:
        events += len(
            rasd.extract(
                article["text"],
                published=article.get("published"),
                title=article.get("title"),
                outlet=article.get("outlet"),
                article_id=article["id"],
            )
        )
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    count = len(articles)
    # the articles are read again by the floor: two copies held at once made the harness, not the
    # extraction, the peak of the process's memory (~30 MB of 5,000 articles)
    del articles
    floor, cpu_floor = floor_seconds(path, args.limit)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine         {machine()}")
    print(f"date            {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
          f"load average {load_before} before, {load()} after")
    print(f"articles        {count} ({chars / max(count, 1):.0f} chars on average)")
    print(f"load once       {load_seconds:.2f} s ({load_cpu:.2f} s CPU; {data_cache_state()})")
    print(
        f"extraction      {seconds:.2f} s  →  {count / seconds:.1f} articles/s, "
        f"{megabytes / seconds:.2f} MB/s of text on one core"
    )
    print(
        f"  by CPU time   {cpu_seconds:.2f} s  →  {count / cpu_seconds:.1f} articles/s, "
        f"{megabytes / cpu_seconds:.2f} MB/s"
    )
    print(
        f"floor           {floor:.2f} s  →  {count / floor:.1f} articles/s "
        "(read + JSON + normalize + tokenize)"
    )
    print(f"  by CPU time   {cpu_floor:.2f} s  →  {count / cpu_floor:.1f} articles/s")
    print(f"ratio           {seconds / floor:.1f}× the floor ({cpu_seconds / cpu_floor:.1f}× by CPU time)")
    print(f"events          {events}")
    print(f"peak RSS        {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
