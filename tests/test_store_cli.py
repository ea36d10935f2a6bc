"""``rasd ingest / events / export / stats`` as real processes, and an ingest killed with SIGKILL.

The articles are generated here from sentences written for these tests.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
from sqlalchemy import func, select

from rasd.records import ACLED_COLUMNS
from rasd.store.db import make_engine, open_store, session_scope
from rasd.store.ingest import TRANSACTION, ingest
from rasd.store.models import Article, Event, Report

PLACES = ("حرستا", "دوما", "خان شيخون", "سراقب", "الباغوز", "هجين", "الميادين", "منبج", "عفرين", "الرقة")
TEMPLATES = (
    "اندلعت اشتباكات أمس بين الجيش السوري وفصائل المعارضة في مدينة {place}، قتل فيها {n} مقاتلين.",
    "قتل {n} مدنيا أمس في غارات جوية شنها الطيران الحربي السوري على بلدة {place}.",
    "انفجرت عبوة ناسفة أمس في مدينة {place} ما أدى إلى مقتل {n} مدنيين.",
    "ناقش المجلس المحلي في {place} خطط إعادة تأهيل المدارس والطرق خلال اجتماعه الدوري.",
)
OUTLETS = ("Outlet A", "Outlet B", "Outlet C")


def generated_articles(count: int) -> list[dict]:
    """``count`` articles about a few towns over a few weeks: many repeat an incident (and merge)."""
    out = []
    for i in range(count):
        template = TEMPLATES[i % len(TEMPLATES)]
        text = template.format(place=PLACES[(i // 4) % len(PLACES)], n=2 + i % 7)
        day = 1 + (i // 40) % 28
        out.append(
            {"id": f"gen-{i:05d}", "text": text, "published": f"2018-03-{day:02d}T10:00:00Z",
             "outlet": OUTLETS[i % len(OUTLETS)]}
        )
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def rasd(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def test_ingest_query_export_stats_commands(db_url, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    records = generated_articles(24)
    write_jsonl(folder / "batch.jsonl", records[:20])
    (folder / "note.txt").write_text(records[20]["text"], encoding="utf-8")
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "empty", "text": ""}, *records[21:]])
    env = {"RASD_DB": db_url}  # every command takes --db; RASD_DB is the default when it is absent

    result = rasd("ingest", str(folder), str(bad), "--workers", "2", env=env)
    assert result.returncode == 0, result.stderr
    assert "rasd: 24 articles (24 new, 0 changed, 0 unchanged)" in result.stderr
    assert "'empty'" in result.stderr and "1 errors" in result.stderr

    again = rasd("ingest", str(folder), str(bad), "--db", db_url, "--workers", "2")
    assert "rasd: 24 articles (0 new, 0 changed, 24 unchanged), 0 reports" in again.stderr

    listed = rasd("events", "--country", "Syria", "--since", "2018-02-01", "--format", "jsonl", env=env)
    assert listed.returncode == 0, listed.stderr
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert events and all(e["country"] == "Syria" and e["event_id_cnty"].startswith("SYR") for e in events)
    assert all(e["rasd_report_details"] and e["rasd_report_details"][0]["evidence"] for e in events)

    table = rasd("events", "--type", "Battles", env=env)
    assert table.stdout.splitlines()[0].split()[:3] == ["event_id_cnty", "event_date", "event_type"]
    assert table.stdout.rstrip().endswith("events)")

    out = tmp_path / "events.csv"
    filters = ("--country", "SYR", "--since", "2018-02-01")
    exported = rasd("export", "--format", "acled-csv", "-o", str(out), *filters, env=env)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(events) and tuple(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS

    counts = rasd("stats", "--json", *filters, env=env)
    numbers = json.loads(counts.stdout)
    assert numbers["articles"] == 24 and numbers["events"] == len(events)
    assert sum(numbers["by_event_type"].values()) == numbers["events"]


def test_missing_input_and_bad_database_are_reported(tmp_path):
    missing = rasd("ingest", str(tmp_path / "nothing.jsonl"), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    bad = rasd("stats", "--db", "nosuchdb://x")
    assert bad.returncode == 2 and "rasd: database error" in bad.stderr


def _committed_articles(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return session.scalar(select(func.count()).select_from(Article)) or 0
    except Exception:  # the schema may not exist yet in the first instants
        return 0
    finally:
        engine.dispose()


def _signature(url: str) -> tuple[int, int, list[tuple]]:
    """What an ingest produced, independent of ids: counts and each event's contents."""
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            articles = session.scalar(select(func.count()).select_from(Article))
            reports = session.scalar(select(func.count()).select_from(Report))
            events = sorted(
                (str(e.event_date), e.event_type, e.location, e.fatalities, e.source,
                 tuple(sorted((r.article_id, r.ordinal) for r in e.reports)))
                for e in session.scalars(select(Event))
            )
            unlinked = select(func.count()).select_from(Report).where(Report.event_id.is_(None))
            assert session.scalar(unlinked) == 0
            return articles, reports, events
    finally:
        engine.dispose()


def test_sigkill_mid_ingest_loses_nothing_committed_and_a_rerun_completes(db_url, tmp_path):
    """Kill -9 an ingest (two extraction workers) after some batches are committed; its workers go away,
    every committed article is there whole, and a re-run adds exactly the rest: same store as an ingest
    that was never interrupted."""
    records = generated_articles(2 * TRANSACTION + 200)  # killed after the first transaction
    source = write_jsonl(tmp_path / "many.jsonl", records)
    command = [sys.executable, "-m", "rasd.cli", "ingest", str(source), "--db", db_url, "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(2400):  # at most about two minutes of polling
            if _committed_articles(db_url) >= TRANSACTION or process.poll() is not None:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed"
        workers = psutil.Process(process.pid).children()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    _, alive = psutil.wait_procs(workers, timeout=60)  # orphaned workers see their queue close and exit
    assert alive == []
    survived = _committed_articles(db_url)
    assert TRANSACTION <= survived < len(records)
    assert survived % TRANSACTION == 0  # whole transactions only: no article half-written

    rerun = rasd("ingest", str(source), "--db", db_url, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(records) - survived} new, 0 changed, {survived} unchanged)" in rerun.stderr

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    ingest([str(source)], reference, workers=1)
    articles, reports, events = _signature(db_url)
    assert articles == len(records) and reports > 0
    assert (articles, reports, events) == _signature(reference)
