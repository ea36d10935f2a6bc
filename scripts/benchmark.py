"""Extraction speed and memory over the first N corpus articles, on one core.

usage: python scripts/benchmark.py [CORPUS.jsonl.gz] [--limit 5000]

Reports the one-off load time (lexicons, gazetteer, registry), articles per second and MB of text per
second of extraction proper, the same for a floor measured in the same run (reading the JSON lines,
normalizing and tokenizing title and text: what any extraction must do), the ratio of the two, and
the peak resident memory of the process. Default corpus: ../shared/data/corpus/*.jsonl.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
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


def floor_seconds(path: Path, limit: int) -> float:
    """Seconds to read, parse, normalize and tokenize the articles: the floor extraction is held to."""
    from rasd.text.normalize import normalize
    from rasd.text.tokens import tokenize

    started = time.perf_counter()
    for article in load_articles(path, limit):
        for text in (article.get("title"), article.get("text")):
            if text:
                tokenize(normalize(text).text)
    return time.perf_counter() - started


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

    started = time.perf_counter()
    import rasd

    rasd.extract("قصفت طائرات حربية بلدة خان شيخون أمس.", published="2018-01-01")
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
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
    seconds = time.perf_counter() - started
    floor = floor_seconds(path, args.limit)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles        {len(articles)} ({chars / max(len(articles), 1):.0f} chars on average)")
    print(f"load once       {load_seconds:.2f} s")
    print(
        f"extraction      {seconds:.2f} s  →  {len(articles) / seconds:.1f} articles/s, "
        f"{megabytes / seconds:.2f} MB/s of text on one core"
    )
    print(
        f"floor           {floor:.2f} s  →  {len(articles) / floor:.1f} articles/s "
        "(read + JSON + normalize + tokenize)"
    )
    print(f"ratio           {seconds / floor:.1f}× the floor")
    print(f"events          {events}")
    print(f"peak RSS        {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
