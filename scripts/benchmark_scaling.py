"""How extraction time grows with text length: the fitted exponent of time against characters.

usage: python scripts/benchmark_scaling.py [CORPUS.jsonl.gz] [--sizes 1000,3000,...] [--fit-from 10000]
       [--gc batch|default] [--against OTHER_SRC [--rounds 3]]

Builds one text per size (1,000 to 1,000,000 characters by default) by joining corpus articles that
name an event (a trigger word), one paragraph each, in corpus order, and cut to the size; extracts
each in this process (one core) and reports CPU seconds and microseconds per character. A size that
runs in less than ``--min-seconds`` is repeated and the best run kept, so short texts are not lost in
timer noise. Then it fits
``seconds = c · chars^k`` by least squares over the log-log points from ``--fit-from`` characters on:
k ≈ 1 is linear, 2 quadratic. Local exponents between neighbouring sizes show where a slope starts.

The garbage collector is tuned as ``rasd extract``, the ingest workers and ``scripts/benchmark.py``
tune it (``rasd.pipeline.batch_gc``, where the tree has it); ``--gc default`` keeps Python's settings,
under which a long text also pays for collections that walk its ever larger heap of tokens and mentions.

``--against OTHER_SRC`` measures this checkout's ``src`` and another tree (e.g. main) in lockstep, for a
machine other jobs keep busy: one worker process per tree, each size extracted by one and then the other
(which goes first alternates), the fastest of ``--rounds`` kept for each; it prints both trees' µs per
character, exponents and the load average.

Texts over the article cap (``rasd.pipeline.MAX_CHARS``, 200,000 characters) are extracted whole: the
script lifts the cap for its own process, since the question is how the pipeline scales, not what an
input is allowed to hold. Default corpus: ../shared/data/corpus/*.jsonl.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "ant-2018-02-07.jsonl.gz"
)
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)


def corpus_text(path: Path, chars: int) -> tuple[str, str | None]:
    """The first corpus articles that hold an event word, joined as paragraphs and cut to ``chars``
    characters: real prose with real triggers, places and dates, so every size runs every stage (an
    article without a trigger stops early, and a small text made of such would measure only that).
    Also the first article's publication date, which the text is read against."""
    from rasd.recognize.triggers import find_triggers
    from rasd.text.document import Document

    parts: list[str] = []
    published: str | None = None
    total = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            text = article.get("text") or ""
            if not find_triggers(Document(text)):
                continue
            published = published or article.get("published")
            parts.append(text)
            total += len(text) + 1
            if total >= chars:
                break
    return "\n".join(parts)[:chars], published


def best_seconds(run: Callable[[], object], min_seconds: float) -> float:
    """The CPU seconds of the fastest of as many runs as fit in ``min_seconds`` (at least one): CPU time
    leaves out the waits for a core on a shared machine, and the fastest run is the least disturbed."""
    best = math.inf
    spent = 0.0
    while True:
        started = time.process_time()
        run()
        seconds = time.process_time() - started
        best = min(best, seconds)
        spent += seconds
        if spent >= min_seconds:
            return best


def fit_exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(seconds) against log(chars)."""
    xs = [math.log(chars) for chars, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mean_x) ** 2 for x in xs)
    return num / den


def _ready(size: int, collector: str) -> Callable[..., list]:
    """``rasd.pipeline.extract``, loaded, with the article cap lifted to ``size`` and the collector set."""
    import rasd.pipeline

    rasd.pipeline.MAX_CHARS = max(rasd.pipeline.MAX_CHARS, size)
    rasd.pipeline.extract("قصفت طائرات حربية بلدة خان شيخون أمس.", published="2018-01-01")  # load once
    if collector == "batch" and hasattr(rasd.pipeline, "batch_gc"):
        rasd.pipeline.batch_gc()
    return rasd.pipeline.extract


def lockstep(args: argparse.Namespace, sizes: list[int]) -> int:
    """This checkout against ``--against`` in lockstep (see the module docstring)."""
    trees = {"this": str(Path(__file__).resolve().parents[1] / "src"), "other": args.against}
    full, published = corpus_text(Path(args.corpus), max(sizes))  # one text for both: triggers may differ
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump({"text": full, "published": published}, handle, ensure_ascii=False)
    command = [sys.executable, __file__, args.corpus, "--sizes", args.sizes, "--gc", args.gc]
    command += ["--worker", handle.name]
    workers = {}
    for name, src in trees.items():
        env = dict(os.environ, PYTHONPATH=src)
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
        workers[name] = subprocess.Popen(command, env=env, text=True, **pipes)
        if workers[name].stdout.readline().strip() != "ready":
            print(f"benchmark_scaling: the worker for {src} did not start", file=sys.stderr)
            return 2
    load = os.getloadavg()[0]
    best = {name: dict.fromkeys(sizes, math.inf) for name in trees}
    for round_ in range(args.rounds):
        for chars in sizes:
            for _ in range(max(1, 100_000 // chars)):  # short texts more often: timer noise
                for name in sorted(trees, reverse=bool(round_ % 2)):
                    workers[name].stdin.write(f"{chars}\n")
                    workers[name].stdin.flush()
                    best[name][chars] = min(best[name][chars], float(workers[name].stdout.readline()))
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    os.unlink(handle.name)
    print(f"{'µs/char at':>12} " + " ".join(f"{chars:>9,}" for chars in sizes) + "  exponent")
    for name, src in trees.items():
        fitted = [(chars, best[name][chars]) for chars in sizes if chars >= args.fit_from]
        exponent = f"{fit_exponent(fitted):.3f}" if len(fitted) >= 2 else ""
        row = " ".join(f"{best[name][chars] / chars * 1e6:>9.2f}" for chars in sizes)
        print(f"{name:>12} {row}  {exponent}  ({src})")
    print(f"collector: {args.gc}; fastest of {args.rounds} rounds; load average {load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    parser.add_argument("--fit-from", type=int, default=10_000, help="smallest size the fit uses")
    parser.add_argument("--min-seconds", type=float, default=1.0, help="repeat a size until this is spent")
    parser.add_argument(
        "--gc", choices=("batch", "default"), default="batch", help="as `rasd extract` tunes it, or Python's"
    )
    parser.add_argument("--against", metavar="OTHER_SRC", help="another tree's src, measured in lockstep")
    parser.add_argument("--rounds", type=int, default=3, help="lockstep rounds (the fastest is kept)")
    parser.add_argument("--worker", metavar="TEXT_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = Path(args.corpus)
    if not path.exists():
        print(f"benchmark_scaling: corpus not found: {path}", file=sys.stderr)
        return 2
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.against:
        return lockstep(args, sizes)
    if args.worker:  # a lockstep worker: the parent's text, one size a line in, its CPU seconds out
        given = json.loads(Path(args.worker).read_text(encoding="utf-8"))
        full, published = given["text"], given["published"]
        extract = _ready(max(sizes), args.gc)
        print("ready", flush=True)
        for line in sys.stdin:
            text = full[: int(line)]
            started = time.process_time()
            extract(text, published=published)
            print(time.process_time() - started, flush=True)
        return 0
    full, published = corpus_text(path, max(sizes))
    _ready(max(sizes), args.gc)
    import rasd.pipeline

    points: list[tuple[int, float]] = []
    print(f"{'chars':>10} {'seconds':>9} {'µs/char':>8} {'events':>7} {'local k':>8}")
    for chars in sizes:
        text = full[:chars]
        events = len(rasd.pipeline.extract(text, published=published))
        seconds = best_seconds(lambda t=text: rasd.pipeline.extract(t, published=published), args.min_seconds)
        local = ""
        if points:
            previous_chars, previous_seconds = points[-1]
            local = f"{math.log(seconds / previous_seconds) / math.log(chars / previous_chars):.2f}"
        points.append((chars, seconds))
        row = f"{chars:>10,} {seconds:>9.3f} {seconds / chars * 1e6:>8.2f} {events:>7} {local:>8}"
        print(row, flush=True)
    fitted = [(chars, seconds) for chars, seconds in points if chars >= args.fit_from]
    if len(fitted) >= 2:
        print(f"exponent {fit_exponent(fitted):.2f} (time ∝ chars^k, fitted from {fitted[0][0]:,} to "
              f"{fitted[-1][0]:,} characters; 1 is linear; collector: {args.gc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
