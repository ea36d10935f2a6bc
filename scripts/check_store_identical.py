"""Whether this checkout's ``rasd ingest`` writes exactly the store an earlier revision writes.

usage: python scripts/check_store_identical.py [CORPUS] [--limit 3000] [--base REV] [--workers 2]

``--base 1d3e341`` is the last revision whose store was written through the ORM, one flush per step
(issue 12 replaced it with ``update.Writer``); the default, ``main``, checks a branch against main.

The write path may change how it writes (statements, batching, caching), never what it writes: the
same articles, reports, events, links between them, ids, retirements and search bodies. This script
ingests the first ``--limit`` articles of the corpus (default ../shared/data/corpus/*.jsonl.gz), then a
second input that overlaps the first (half of it again, every fifth of those with its text cut short, so
that articles change, reports move and events retire, and as many new articles), with the ``--base``
revision's code (``git archive`` into a temporary folder) and with this checkout's, into two SQLite
files, and compares a canonical dump of both (``canonical_dump``): every row without its surrogate key
or clock time, reports by (article, ordinal), events by ``event_id_cnty``, plus the order of the row ids
(what later merges read). Exit status 0 when identical, 1 when not (the first differences are printed).
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CUT_EVERY = 5  # every fifth article of the overlap comes back changed

RUN = """
import sys
from rasd.store.ingest import ingest
for path in sys.argv[2:]:
    print(ingest([path], sys.argv[1], workers=int(WORKERS), log=sys.stderr).summary(), flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    parser.add_argument("corpus", nargs="?", default=default[0] if default else None)
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--base", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus or not Path(args.corpus).exists():
        print(f"check: corpus not found: {args.corpus or SHARED / 'data/corpus'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rasd-identical-") as folder:
        work = Path(folder)
        inputs = write_inputs(read_lines(args.corpus, args.limit * 3 // 2), args.limit, work)
        base_src = export_revision(args.base, work / "base")
        dumps = {}
        for name, src in (("base", base_src), ("this", ROOT / "src")):
            db = work / f"{name}.db"
            print(f"{name:<5}", run_ingest(src, db, inputs, args.workers).replace("\n", "\n      "))
            dumps[name] = canonical_dump(db)
    return compare(dumps["base"], dumps["this"])


def read_lines(path: str, count: int) -> list[dict[str, Any]]:
    """The first ``count`` records of a .jsonl or .jsonl.gz file."""
    opener = gzip.open if path.endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append(json.loads(line))
            if len(out) == count:
                break
    return out


def write_inputs(records: list[dict[str, Any]], limit: int, folder: Path) -> list[Path]:
    """The first input (``limit`` records) and the second: its second half again, every fifth of those
    cut to the first half of its text (a changed article), then ``limit // 2`` records not seen yet."""
    first, rest = records[:limit], records[limit:]
    again = []
    for i, record in enumerate(first[limit // 2 :]):
        if i % CUT_EVERY == 0:
            record = dict(record, text=record["text"][: max(1, len(record["text"]) // 2)])
        again.append(record)
    paths = [folder / "first.jsonl", folder / "second.jsonl"]
    for path, chunk in zip(paths, (first, again + rest), strict=True):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk), encoding="utf-8")
    return paths


def export_revision(revision: str, folder: Path) -> Path:
    """The ``src`` tree of ``revision``, unpacked into ``folder`` (no worktree, no checkout)."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def run_ingest(src: Path, db: Path, inputs: list[Path], workers: int) -> str:
    """Ingest ``inputs`` one after the other with the code under ``src``; the runs' closing lines."""
    env = dict(os.environ, PYTHONPATH=str(src))
    code = RUN.replace("WORKERS", str(workers))
    done = subprocess.run(
        [sys.executable, "-c", code, f"sqlite:///{db}", *map(str, inputs)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def canonical_dump(db: Path) -> dict[str, Any]:
    """Everything the store holds that a write decides, in an order that does not depend on row ids."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        cnty = dict(connection.execute("SELECT id, event_id_cnty FROM events").fetchall())
        rows = lambda sql: [dict(row) for row in connection.execute(sql)]  # noqa: E731
        reports = rows("SELECT * FROM reports ORDER BY id")
        for report in reports:
            report["event"] = cnty.get(report.pop("event_id"))
        events = rows("SELECT * FROM events ORDER BY id")
        search = {cnty[r["event_id"]]: r["body"] for r in rows("SELECT * FROM event_search")}
        return {
            "articles": sorted(
                (r["id"], r["content_hash"], r["title"], r["outlet"], r["published"], r["url"], r["text"])
                for r in rows("SELECT * FROM articles")
            ),
            "report order": [(r["article_id"], r["ordinal"]) for r in reports],
            "reports": sorted(_without(r, "id") for r in reports),
            "event order": [e["event_id_cnty"] for e in events],
            "events": sorted(_without(e, "id", "timestamp") for e in events),
            "retired": sorted(
                (r["event_id_cnty"], r["merged_into"]) for r in rows("SELECT * FROM retired_events")
            ),
            "counters": sorted((r["iso3"], r["last_value"]) for r in rows("SELECT * FROM event_counters")),
            "search": sorted(search.items()),
        }
    finally:
        connection.close()


def _without(row: dict[str, Any], *names: str) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in names}, ensure_ascii=False, sort_keys=True)


def compare(base: dict[str, Any], this: dict[str, Any]) -> int:
    """Print per part whether the two dumps agree, and the first few differing entries."""
    same = True
    for part in base:
        a, b = base[part], this[part]
        if a == b:
            print(f"{part:<13} identical ({len(a)})")
            continue
        same = False
        print(f"{part:<13} DIFFERENT: base {len(a)}, this {len(b)}")
        shown = 0
        for x, y in zip(a, b, strict=False):
            if x != y and shown < 3:
                print(f"   base: {str(x)[:300]}\n   this: {str(y)[:300]}")
                shown += 1
    print("identical" if same else "NOT identical")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
