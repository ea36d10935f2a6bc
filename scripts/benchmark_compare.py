"""Extraction speed of two source trees compared in lockstep, for a machine other jobs keep busy.

usage: python scripts/benchmark_compare.py BASE_SRC [OTHER_SRC] [--corpus C.jsonl.gz] [--limit 5000]
       [--chunk 250] [--rounds 1]

Starts one worker process per tree (``PYTHONPATH=BASE_SRC`` and ``OTHER_SRC``, default this checkout's
``src``), each loading the first ``--limit`` corpus articles and warming up as ``scripts/benchmark.py``
does (``batch_gc`` where the tree has it). Then both extract the same chunk of ``--chunk`` articles, one
after the other, chunk after chunk (which goes first alternates), and report the CPU seconds of each
chunk: whatever load the other jobs put on the machine, both trees meet it within seconds of each other,
so the ratio is steadier than two benchmark runs minutes apart. Prints the CPU time and articles/s of
each over all chunks, the median per-chunk ratio and the load average during the run.

Example: ``git -C . archive main | tar -x -C /tmp/main && python scripts/benchmark_compare.py /tmp/main/src``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018-02-07.jsonl.gz"

# what each worker runs: load, warm up, then extract the chunks it is sent ("start end" per line)
WORKER = """
import gzip, json, sys, time
path, limit = sys.argv[1], int(sys.argv[2])
articles = []
with gzip.open(path, "rt", encoding="utf-8") as handle:
    for line in handle:
        articles.append(json.loads(line))
        if len(articles) >= limit:
            break
import rasd, rasd.pipeline
rasd.extract("قصفت طائرات حربية بلدة خان شيخون أمس.", published="2018-01-01")
if hasattr(rasd.pipeline, "batch_gc"):
    rasd.pipeline.batch_gc()
print("ready", flush=True)
for line in sys.stdin:
    start, end = map(int, line.split())
    cpu = time.process_time()
    for a in articles[start:end]:
        rasd.extract(a["text"], published=a.get("published"), title=a.get("title"),
                     outlet=a.get("outlet"), article_id=a["id"])
    print(time.process_time() - cpu, flush=True)
"""


def start(src: str, corpus: Path, limit: int) -> subprocess.Popen[str]:
    """A worker extracting with the tree at ``src``, ready for chunks."""
    env = dict(os.environ, PYTHONPATH=src)
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(corpus), str(limit)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    return worker


def run_chunk(worker: subprocess.Popen[str], start_at: int, end: int) -> float:
    """CPU seconds the worker took for articles ``start_at`` to ``end``."""
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(f"{start_at} {end}\n")
    worker.stdin.flush()
    return float(worker.stdout.readline())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base")
    parser.add_argument("other", nargs="?", default=str(ROOT / "src"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--chunk", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"benchmark_compare: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    trees = {"base": args.base, "other": args.other}
    workers = {name: start(src, args.corpus, args.limit) for name, src in trees.items()}
    totals = dict.fromkeys(workers, 0.0)
    ratios, loads = [], []
    for turn, begin in enumerate(b for _ in range(args.rounds) for b in range(0, args.limit, args.chunk)):
        order = ["base", "other"] if turn % 2 == 0 else ["other", "base"]
        end = min(begin + args.chunk, args.limit)
        seconds = {name: run_chunk(workers[name], begin, end) for name in order}
        for name, value in seconds.items():
            totals[name] += value
        ratios.append(seconds["base"] / max(seconds["other"], 1e-9))
        loads.append(os.getloadavg()[0])
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    count = args.limit * args.rounds
    for name, src in trees.items():
        print(f"{name:6} {src}: {totals[name]:.2f} CPU s, {count / totals[name]:.1f} articles/s")
    print(f"median per-chunk ratio base/other {statistics.median(ratios):.3f} over {len(ratios)} chunks; "
          f"load average {min(loads):.1f}–{max(loads):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
