"""How many records name the passage of each field (``field_evidence``), and whether every span is exact.

usage: python scripts/field_evidence.py [ARTICLES.jsonl ...]   (default: ../shared seeds, dev and dev2)

Extracts every article, then prints per field the share of records that carry a span for it, and the
number of spans whose ``text`` is not the slice ``[start:end]`` of the article's text (or title): always 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = [SHARED / "seeds" / "articles.jsonl"] + [
    SHARED / "data" / s / "articles.jsonl" for s in ("dev", "dev2")
]
FIELDS = ("event_type", "actor1", "actor2", "location", "event_date", "fatalities", "source")


def measure(paths: Iterable[Path]) -> dict[str, Any]:
    """``{"records", "with": {field: count}, "share": {field: share}, "wrong_spans": [...]}`` over the
    articles of ``paths``, extracted as ``rasd extract`` does."""
    from rasd import extract
    from rasd.io import Article, read_input

    counts: Counter[str] = Counter()
    wrong: list[str] = []
    records = 0
    for path in paths:
        for article in read_input(str(path)):
            if not isinstance(article, Article):
                continue
            fields = {"text": article.text, "title": article.title or ""}
            for event in extract(article.text, article.published, article.title, article.outlet, article.id):
                records += 1
                for name, span in event.field_evidence.items():
                    counts[name] += 1
                    if fields[span.field][span.start : span.end] != span.text:
                        wrong.append(f"{article.id} {name} {span}")
    share = {name: (counts[name] / records if records else 0.0) for name in FIELDS}
    return {"records": records, "with": dict(counts), "share": share, "wrong_spans": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args()
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    result = measure(args.paths)
    print(f"{result['records']} records")
    for name in FIELDS:
        print(f"  {name:<12} {result['share'][name]:6.1%}  ({result['with'].get(name, 0)})")
    print(f"spans not equal to their slice of the text: {len(result['wrong_spans'])}")
    for line in result["wrong_spans"][:20]:
        print("  " + line)
    return 0 if not result["wrong_spans"] else 1


if __name__ == "__main__":
    sys.exit(main())
