"""Refactoring guard: are the extracted records byte-identical to a saved baseline?

usage: python scripts/check_identical.py save BASELINE.json [--limit 3000]
       python scripts/check_identical.py check BASELINE.json [--limit 3000]

Runs ``rasd.extract`` over the seed and development articles of ``../shared`` (seeds, dev, dev2, dev3)
and the first ``--limit`` corpus articles, and reduces each article's records (``Event.to_dict()``, as
canonical JSON) to a SHA-256 digest. ``save`` writes the digests; ``check`` compares them with the saved
ones and lists every article whose records differ (exit status 1 when any does). Keep the baseline
outside the repository (e.g. ``/tmp``): it belongs to one run of unchanged code, not to the project.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = (
    "seeds/articles.jsonl",
    "data/dev/articles.jsonl",
    "data/dev2/articles.jsonl",
    "data/dev3/articles.jsonl",
)
CORPUS = "data/corpus/ant-2018-02-07.jsonl.gz"


def _lines(path: Path, limit: int | None) -> Iterator[dict]:
    """Article records of one JSONL file (gzip or not), the first ``limit`` of them."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for count, line in enumerate(handle):
            if limit is not None and count >= limit:
                return
            if line.strip():
                yield json.loads(line)


def articles(limit: int) -> Iterator[tuple[str, dict]]:
    """(key, article) for every article checked; the key names the set, so ids may repeat across sets."""
    for name in SETS:
        path = SHARED / name
        if path.exists():
            for article in _lines(path, None):
                yield f"{name}:{article.get('id')}", article
    corpus = SHARED / CORPUS
    if corpus.exists():
        for article in _lines(corpus, limit):
            yield f"corpus:{article.get('id')}", article


def digest(article: dict) -> str:
    """SHA-256 of the article's records as canonical JSON (or of the error it raised)."""
    import rasd

    try:
        events = rasd.extract(
            article.get("text", ""),
            published=article.get("published"),
            title=article.get("title"),
            outlet=article.get("outlet"),
            article_id=str(article.get("id", "")),
        )
        payload = json.dumps([e.to_dict() for e in events], sort_keys=True, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 - an error is an outcome to compare too
        payload = f"error: {type(error).__name__}: {error}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--limit", type=int, default=3000, help="corpus articles to include (default 3000)")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"check_identical: {SHARED} not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    digests = {key: digest(article) for key, article in articles(args.limit)}
    seconds = time.perf_counter() - started
    if args.mode == "save":
        args.baseline.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
        print(f"check_identical: saved {len(digests)} digests to {args.baseline} ({seconds:.0f} s)")
        return 0
    saved = json.loads(args.baseline.read_text(encoding="utf-8"))
    differing = sorted(key for key in saved.keys() | digests.keys() if saved.get(key) != digests.get(key))
    for key in differing:
        print(f"differs: {key}")
    print(f"check_identical: {len(digests)} articles, {len(differing)} differ ({seconds:.0f} s)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
