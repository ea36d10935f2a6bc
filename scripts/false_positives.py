"""How often rasd finds events in corpus articles that should have none (sport, economy, technology).

usage: python scripts/false_positives.py [CORPUS.jsonl.gz] [--categories sport,economy,technology] [--show 20]

Prints, per category, the share of articles with at least one event, and a sample of them to inspect.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "ant-2018-02-07.jsonl.gz"
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--categories", default="sport,economy,technology")
    parser.add_argument("--show", type=int, default=20, help="how many flagged articles to print")
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        print(f"false_positives: corpus not found: {path}", file=sys.stderr)
        return 2
    import rasd

    wanted = set(args.categories.split(","))
    total: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    samples = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            category = article.get("category", "")
            if category not in wanted:
                continue
            total[category] += 1
            events = rasd.extract(
                article["text"],
                published=article.get("published"),
                title=article.get("title"),
                outlet=article.get("outlet"),
                article_id=article["id"],
            )
            if events:
                flagged[category] += 1
                samples.append((article["id"], events[0]))
    for category in sorted(total):
        share = flagged[category] / total[category]
        print(
            f"{category:<12} {total[category]:>6} articles  {flagged[category]:>5} with events  "
            f"{100 * share:5.2f}%  ({100 * (1 - share):.2f}% event-free)"
        )
    all_total, all_flagged = sum(total.values()), sum(flagged.values())
    if all_total:
        print(
            f"{'all':<12} {all_total:>6} articles  {all_flagged:>5} with events  "
            f"{100 * all_flagged / all_total:5.2f}%  ({100 * (1 - all_flagged / all_total):.2f}% event-free)"
        )
    for article_id, event in samples[: args.show]:
        evidence = event.evidence[0].text[:140] if event.evidence else ""
        print(f"  {article_id}: {event.event_type}/{event.sub_event_type} @ {event.location}: {evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
