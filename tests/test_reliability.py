"""Nothing lost, nothing misplaced, nothing hangs (issue 11): poison records, dead workers, kills during
migrations, concurrent writers, the time budget. Real SQLite files, a real PostgreSQL server, real
processes and signals; the Arabic articles are generated from sentences written for these tests.

The property test of ids and analysts' work is in ``test_reliability_ids.py``; the API's hardening in
``test_reliability_api.py``; extraction speed on worst cases is measured by
``scripts/benchmark_worst_case.py`` (speed is never a timed test).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select, text
from test_store_cli import generated_articles, rasd, write_jsonl
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.io import Article, RecordError, read_input
from rasd.store.db import make_engine, migrate, open_store, session_scope
from rasd.store.ingest import TRANSACTION, ArticleTimeout, extract_records, ingest
from rasd.store.models import Article as ArticleRow
from rasd.store.models import Report

ARABIC = "قتل خمسة مدنيين أمس في غارة جوية على بلدة سراقب في ريف إدلب."


def count_articles(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return session.scalar(select(func.count()).select_from(ArticleRow))
    finally:
        engine.dispose()


# ------------------------------------------------------------------------ poison records


def poison_lines() -> list[str]:
    """One line each of what used to stop a batch (or, on PostgreSQL, the whole ingest)."""
    deep = "[" * 100_000 + "]" * 100_000
    return [
        '{"id": "surrogate", "text": "' + ARABIC + ' \\ud800"}',
        '{"id": "deep", "text": "' + ARABIC + '", "extra": ' + deep + "}",
        '{"id": ' + "7" * 5_000 + ', "text": "' + ARABIC + '"}',
        json.dumps({"id": "nul-title", "text": ARABIC, "title": "عنوان\x00"}, ensure_ascii=False),
        json.dumps({"id": "nul\x00id", "text": ARABIC}, ensure_ascii=False),
        json.dumps({"id": ["a", "list"], "text": ARABIC}, ensure_ascii=False),
        json.dumps({"id": {"a": "dict"}, "text": ARABIC}, ensure_ascii=False),
        json.dumps({"id": "surrogate-outlet", "text": ARABIC, "outlet": "\udfff"}),
    ]


def test_poison_records_are_errors_with_their_line(tmp_path):
    path = tmp_path / "poison.jsonl"
    good = json.dumps({"id": "good", "text": ARABIC}, ensure_ascii=False)
    path.write_text("\n".join([good, *poison_lines(), good.replace("good", "good2")]) + "\n")
    items = list(read_input(str(path)))
    assert [type(i).__name__ for i in items] == ["Article"] + ["RecordError"] * 8 + ["Article"]
    messages = [str(item) for item in items[1:-1]]
    assert "lone surrogate" in messages[0] and "line 2" in messages[0]
    assert "nested too deep" in messages[1]
    assert "line 4" in messages[2] and "not valid JSON" in messages[2]
    assert "`title` holds a NUL" in messages[3]
    assert "`id` holds a NUL" in messages[4]
    assert "not a JSON array" in messages[5] and "not a JSON object" in messages[6]
    assert "`outlet` holds a lone surrogate" in messages[7]


def test_poison_records_among_300_good_ones_cost_only_themselves(db_url, tmp_path):  # noqa: F811
    """The issue's case: bad lines in the middle of 300 good articles, on SQLite and PostgreSQL."""
    good = [json.dumps(r, ensure_ascii=False) for r in generated_articles(300)]
    lines = good[:150] + poison_lines() + good[150:]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    log = io.StringIO()
    result = ingest([str(path)], url=db_url, workers=1, log=log)
    assert (result.read, result.errors) == (300, 8)
    assert count_articles(db_url) == 300
    assert "line 151" in log.getvalue() and "line 158" in log.getvalue()


def test_a_truncated_gzip_keeps_every_readable_record(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    records = generated_articles(200)
    with gzip.open(path, "wb") as handle:
        for item in records:
            handle.write((json.dumps(item, ensure_ascii=False) + "\n").encode())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_input(str(path)))
    read = [item for item in items if isinstance(item, Article)]
    assert 50 < len(read) < 200
    assert isinstance(items[-1], RecordError) and "cannot be read" in items[-1].message
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    log = io.StringIO()
    result = ingest([str(path)], url=url, workers=1, log=log)
    assert result.read == len(read) and result.errors == 1
    assert count_articles(url) == len(read)


# ------------------------------------------------------------------------ workers and the time budget


def test_an_article_over_its_time_budget_is_an_error_and_the_batch_goes_on():
    slow = Article("slow", " ".join([ARABIC] * 2_000), published="2019-03-05")
    fast = Article("fast", ARABIC, published="2019-03-05")
    assert extract_records([fast]) != [[]]  # lexicons loaded first, as an ingest worker does at its start
    swallowed: list[BaseException | None] = []
    previous_hook = sys.unraisablehook
    # The budget's signal may land in a garbage-collector callback or finalizer, where Python swallows it
    # ("Exception ignored in ..."); the timer repeats until the block is left. Those swallowed firings go
    # to a plain list here: pytest's own hook is slow enough for the next firing to land inside it.
    sys.unraisablehook = lambda args: swallowed.append(args.exc_value)
    try:
        out = extract_records([slow, fast], time_limit=0.05)
    finally:
        sys.unraisablehook = previous_hook
    assert all(isinstance(error, ArticleTimeout) for error in swallowed)
    assert isinstance(out[0], str) and "time budget" in out[0]
    assert isinstance(out[1], list) and out[1], "the next article is extracted as usual"


def test_a_killed_worker_neither_hangs_nor_loses_articles(tmp_path):
    total = 2 * TRANSACTION + 200  # a worker is killed after the first transaction is in
    source = write_jsonl(tmp_path / "in.jsonl", generated_articles(total))
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "rasd.cli", "ingest", str(source), "--db", url, "--workers", "2", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    parent = psutil.Process(process.pid)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and process.poll() is None:
        children = parent.children()
        if len(children) >= 2 and count_articles_safe(url) > 0:
            killed = children[0]
            killed.kill()
        time.sleep(0.2)
    assert killed is not None, "the ingest ended before a worker could be killed"
    _, stderr = process.communicate(timeout=120)  # never hangs
    assert process.returncode in (0, 1), stderr
    rerun = rasd("ingest", str(source), "--db", url, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert count_articles(url) == total


def count_articles_safe(url: str) -> int:
    try:
        return count_articles(url)
    except Exception:  # the schema may not be there yet
        return 0


# ------------------------------------------------------------------------ migrations and writers

OPEN = (
    "import sys; from rasd.store.db import open_store; print('ready', flush=True); "
    "open_store(sys.argv[1]).dispose()"
)


def open_and_kill(url: str, delay: float) -> int:
    """Open the store in a new process and SIGKILL it ``delay`` seconds after its imports; its exit code."""
    process = subprocess.Popen([sys.executable, "-c", OPEN, url], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


def usable(url: str) -> None:
    """The store opens, is at the newest schema, and answers queries on every table."""
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            for table in ("articles", "reports", "events", "retired_events", "corrections", "api_tokens"):
                session.execute(text(f"SELECT count(*) FROM {table}"))
            session.execute(text("SELECT status FROM events"))
    finally:
        engine.dispose()


def timed_open(url: str) -> float:
    """Seconds a new process takes from its imports to a migrated store."""
    code = OPEN.replace(
        "open_store(sys.argv[1]).dispose()",
        "import time; t = time.time(); open_store(sys.argv[1]).dispose(); print(time.time() - t)",
    )
    out = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def test_kills_during_schema_creation_leave_no_broken_store(tmp_path):
    span = timed_open(f"sqlite:///{tmp_path / 'probe.db'}")
    rng = random.Random(11)
    killed_midway = 0
    for attempt in range(30):
        url = f"sqlite:///{tmp_path / f'fresh-{attempt}.db'}"
        killed_midway += open_and_kill(url, rng.uniform(0, span * 1.2)) == -signal.SIGKILL
        usable(url)
    assert killed_midway > 0


def upgradable_store(path: Path) -> None:
    """A store at the first migration holding 300 articles and 300 events (the upgrade rebuilds the
    events table on SQLite: it has work to be killed in)."""
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    with engine.begin() as connection:
        for table, key in (("articles", "id"), ("events", "event_id_cnty")):
            columns = connection.exec_driver_sql(f"PRAGMA table_info({table})").all()
            names = [c[1] for c in columns if not (c[1] == "id" and table == "events")]
            values = {c[1]: _filler(c[2]) for c in columns}
            statement = text(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
            )
            for i in range(300):
                connection.execute(statement, {**values, key: f"SYR{i}" if table == "events" else f"a{i}"})
    engine.dispose()


def _filler(declared: str) -> object:
    """A value of a column's declared SQLite type."""
    declared = declared.upper()
    if "INT" in declared:
        return 1
    if "FLOAT" in declared or "REAL" in declared or "NUMERIC" in declared:
        return 1.0
    if "DATE" in declared:
        return "2018-03-01"
    return ARABIC


def test_kills_during_upgrade_leave_no_broken_store(tmp_path):
    template = tmp_path / "old.db"
    upgradable_store(template)
    probe = tmp_path / "probe.db"
    probe.write_bytes(template.read_bytes())
    span = timed_open(f"sqlite:///{probe}")
    rng = random.Random(12)
    killed_midway = 0
    for attempt in range(30):
        path = tmp_path / f"old-{attempt}.db"
        path.write_bytes(template.read_bytes())
        killed_midway += open_and_kill(f"sqlite:///{path}", rng.uniform(0, span * 1.2)) == -signal.SIGKILL
        usable(f"sqlite:///{path}")
        assert count_articles(f"sqlite:///{path}") == 300
    assert killed_midway > 0


def test_four_first_time_ingests_at_once_all_finish(db_url, tmp_path):  # noqa: F811
    """Four ingests start on a store that does not exist yet: they wait for each other's schema work
    and each other's writes; none fails, nothing is stored twice."""
    source = write_jsonl(tmp_path / "in.jsonl", generated_articles(40))
    command = [
        sys.executable,
        "-m",
        "rasd.cli",
        "ingest",
        str(source),
        "--db",
        db_url,
        "--workers",
        "1",
        "--quiet",
    ]
    processes = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outcomes = [(p.wait(timeout=600), p.stderr.read()) for p in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert count_articles(db_url) == 40
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        keys = session.execute(select(Report.article_id, Report.ordinal)).all()
    engine.dispose()
    assert len(keys) == len(set(keys)) > 0


def test_two_writers_on_one_sqlite_file_lose_nothing(tmp_path):
    first = write_jsonl(tmp_path / "first.jsonl", generated_articles(120)[:80])
    second = write_jsonl(tmp_path / "second.jsonl", generated_articles(120)[40:])
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    open_store(url).dispose()
    command = [sys.executable, "-m", "rasd.cli", "ingest", "--db", url, "--workers", "1", "--quiet"]
    processes = [
        subprocess.Popen([*command, str(path)], stderr=subprocess.PIPE, text=True) for path in (first, second)
    ]
    outcomes = [(p.wait(timeout=600), p.stderr.read()) for p in processes]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert count_articles(url) == 120


# ------------------------------------------------------------------------ format characters

FORMAT_CHARACTERS = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u061c", "\u200f", "\u202b", "\u2067", "\u2069"]


def test_every_format_character_is_dropped_for_matching():
    import unicodedata

    from rasd.text.normalize import _DROP

    every = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert every and every <= _DROP


def _sprinkled(text: str) -> str:
    """``text`` with a format character inside every word of four letters or more."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 4:
            mark = FORMAT_CHARACTERS[i % len(FORMAT_CHARACTERS)]
            words[i] = word[:2] + mark + word[2:]
    return " ".join(words)


@pytest.mark.parametrize(
    "text",
    [
        ARABIC,
        "اندلعت اشتباكات عنيفة أمس بين الجيش السوري وفصائل المعارضة في مدينة حرستا، قتل فيها سبعة مقاتلين.",
    ],
)
def test_format_characters_inside_words_change_no_event_and_offsets_stay_in_the_original(text):
    import rasd

    plain = rasd.extract(text, published="2019-03-05", article_id="x")
    marked_text = _sprinkled(text)
    assert marked_text != text
    marked = rasd.extract(marked_text, published="2019-03-05", article_id="x")
    assert plain, "the plain sentence gives an event"
    fields = ("event_type", "sub_event_type", "actor1", "actor2", "location", "fatalities", "event_date")
    assert [[getattr(e, f) for f in fields] for e in marked] == [
        [getattr(e, f) for f in fields] for e in plain
    ]
    for event in marked:
        for span in event.to_dict()["evidence"]:
            assert marked_text[span["start"] : span["end"]] == span["text"]


def test_a_hung_pool_is_replaced_and_its_batch_given_again():
    from rasd.store.ingest import PoolExtractor

    pool = PoolExtractor(2, time_limit=1.0, stall=2.0)
    try:
        stopped = list(pool.executor._processes.values())
        assert len(stopped) == 2
        for process in stopped:
            os.kill(process.pid, signal.SIGSTOP)  # hung: alive, silent
        start = time.monotonic()
        (records,) = pool.wait(pool.submit([Article("a", ARABIC, published="2019-03-05")]))
        assert time.monotonic() - start < 60
        assert isinstance(records, list) and records, "extracted by the new pool"
        assert pool.generation == 1 and all(not p.is_alive() for p in stopped)
    finally:
        pool.close()


def test_an_endless_number_is_no_count_and_no_crash():
    """Number words back to back once summed to infinity and raised OverflowError mid-article."""
    import rasd
    from rasd.recognize.quantities import number_value
    from rasd.text.normalize import normalize

    endless = "خمسة عشر وثلاثة وعشرون ومئة " * 200
    assert number_value(normalize(endless).text) == (0, True)
    assert rasd.extract(endless, published="2019-03-05") == []
