"""The lean write path (issue 12 #3): a batch of articles written by one ``update.Writer`` in one
transaction leaves the store exactly as one ``apply_article`` per transaction does; the search index
follows every change it makes; a re-ingest with nothing to extract starts no worker and loads no lexicon.

The scenario is built here (no extraction): incidents on five days in two towns, told by articles of
three outlets with tolls and evidence drawn so that reports merge across articles and days; then a
second input changes a third of the articles (a day later, another town, or no event), repeats an id
within a batch, and adds new articles, after analysts corrected three events, so that events split,
merge, retire and carry corrections over.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_store_support import article, postgres_cluster, record

from rasd.io import Article
from rasd.store import review, search
from rasd.store.db import alembic_config, open_store, script_heads, session_scope
from rasd.store.ingest import _extractor, _read, ingest, ingest_articles
from rasd.store.models import Article as ArticleRow
from rasd.store.models import Correction, Event, EventCounter, EventSearch, Report, RetiredEvent
from rasd.store.update import apply_article, content_hash

TOWNS = {  # name → (latitude, longitude, words of its evidence)
    "Harasta": (33.558, 36.365, "اشتباكات عنيفة في حرستا بين القوات والفصائل"),
    "Douma": (33.571, 36.404 + 0.5, "قصف مدفعي على دوما وسقوط قذائف"),
}
OUTLETS = ("Outlet A", "Outlet B", "Outlet C")
SIDES = ("Opposition Rebels (Syria)", "Islamic State (Syria)", "QSD: Syrian Democratic Forces")


def incident(rng: random.Random, day: int | None = None, town: str | None = None) -> dict[str, Any]:
    """One report of a clash: a day of March 2018 (10-14), a town, a side, a toll, evidence of the town."""
    day = day or rng.randint(10, 14)
    town = town or rng.choice(sorted(TOWNS))
    lat, lon, words = TOWNS[town]
    return record(
        date=f"2018-03-{day:02d}",
        actor2=rng.choice(SIDES),
        location=town,
        lat=lat,
        lon=lon,
        fatalities=rng.choice((0, 0, 3, 5, 7)),
        source=rng.choice(("Observatory", "Civil Defence", "")),
        evidence=words if rng.random() < 0.7 else f"{words} يوم {day}",
    )


def scenario(seed: int = 12) -> tuple[list[tuple[Article, list[dict]]], list[tuple[Article, list[dict]]]]:
    """The two inputs: (article, its records) in input order."""
    rng = random.Random(seed)
    # two events of the oldest (so corrected, each in another field), which a later report joins: one
    # retires into the other and hands its correction over
    first = [
        _article("b1", 0, 0, [record(date="2018-03-10", fatalities=9, evidence="اشتباكات عنيفة في حرستا")]),
        _article("b2", 0, 1, [record(date="2018-03-11", evidence="مواجهات متقطعة قرب البلدة")]),
    ]
    for n in range(40):
        reports = [incident(rng) for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        first.append(_article(f"a{n:02d}", 0, n, reports))
    second = []
    for n, (old, reports) in enumerate(first):
        if n % 3 or old.id.startswith("b"):
            second.append((old, reports))  # unchanged: skipped
            continue
        changed = [incident(rng, day=int(r["event_date"][-2:]) % 14 + 1 or 10) for r in reports]
        changed = changed if rng.random() < 0.8 else []
        second.append(_article(old.id, 1, n, changed or [incident(rng, town="Douma")]))
    for n in range(40, 60):
        second.append(_article(f"a{n:02d}", 0, n, [incident(rng) for _ in range(rng.choice((0, 1, 2)))]))
    again = next(i for i, (item, _) in enumerate(second) if item.id == "a50") + 1  # twice in one batch
    second.insert(again, _article("a50", 2, 50, [incident(rng, day=12, town="Harasta")]))
    joining = record(date="2018-03-11", fatalities=9, evidence="قتلى في حرستا")
    second.insert(20, _article("b3", 0, 2, [joining]))
    return first, second


def _article(article_id: str, version: int, n: int, reports: list[dict]) -> tuple[Article, list[dict]]:
    item = article(
        article_id,
        f"نص المقال {article_id} النسخة {version}",
        outlet=OUTLETS[n % 3],
        published=f"2018-03-{10 + n % 5:02d}T{8 + version:02d}:00Z",
    )
    return item, [dict(r, article_id=article_id) for r in reports]


class Preset:
    """The ingest loop's extractor for records made in advance (by article id and text)."""

    window = 1

    def __init__(self, records: dict[tuple[str, str], list[dict]]):
        self.records = records

    def submit(self, articles: list[Article]) -> list:
        return [self.records[(a.id, a.text)] for a in articles]

    def wait(self, pending: list) -> list:
        return pending


SMALL_BATCH = 16  # articles per transaction here: the scenario fills several


def write_batched(url: str, rounds) -> None:
    """Each input through the ingest loop: batches of ``SMALL_BATCH`` articles, one transaction each."""
    engine = open_store(url)
    try:
        for number, items in enumerate(rounds):
            preset = Preset({(a.id, a.text): records for a, records in items})
            ingest_articles(engine, [a for a, _ in items], extractor=preset, log=None, batch_size=SMALL_BATCH)
            if number == 0:
                correct_three(engine)
    finally:
        engine.dispose()


def write_one_by_one(url: str, rounds) -> None:
    """Each article by ``apply_article`` in a transaction of its own (the rule the batch must keep)."""
    engine = open_store(url)
    try:
        for number, items in enumerate(rounds):
            for item, records in items:
                with session_scope(engine) as session:
                    apply_article(session, item, content_hash(item), records, 1000 + number)
            if number == 0:
                correct_three(engine)
    finally:
        engine.dispose()


def correct_three(engine) -> None:
    """An analyst corrects the three oldest events, a field each."""
    with session_scope(engine) as session:
        events = session.scalars(select(Event).order_by(Event.id).limit(3))
        for field, event in zip(("notes", "fatalities", "sub_event_type"), events, strict=False):
            change = {field: {"notes": "checked", "fatalities": 4}.get(field, "Armed clash")}
            review.correct(session, event, change, "analyst", None, 1500)


def dump(url: str) -> dict[str, Any]:
    """What a write decides, without surrogate keys or clock times (``scripts/check_store_identical.py``
    does the same over SQLite files of two revisions)."""
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            rows = lambda model: list(session.scalars(select(model).order_by(*model.__table__.primary_key)))  # noqa: E731
            code = {event.id: event.event_id_cnty for event in rows(Event)}
            reports = rows(Report)
            return {
                "articles": sorted((a.id, a.content_hash) for a in rows(ArticleRow)),
                "report order": [(r.article_id, r.ordinal) for r in reports],
                "reports": sorted(_plain(r, "id", "event_id", event=code.get(r.event_id)) for r in reports),
                "event order": list(code.values()),
                "events": sorted(_plain(e, "id", "timestamp") for e in rows(Event)),
                "retired": sorted((r.event_id_cnty, r.merged_into) for r in rows(RetiredEvent)),
                "counters": sorted((c.iso3, c.last_value) for c in rows(EventCounter)),
                "corrections": sorted(
                    (c.event_id_cnty, c.field, json.dumps(c.after), c.reason or "") for c in rows(Correction)
                ),
                "search": sorted((code[row.event_id], row.body) for row in rows(EventSearch)),
            }
    finally:
        engine.dispose()


def _plain(row: Any, *skip: str, **extra: Any) -> str:
    """A row's columns but ``skip``, as canonical JSON (PostgreSQL's JSONB orders keys its own way)."""
    values = {c.name: getattr(row, c.name) for c in row.__table__.columns if c.name not in skip}
    return json.dumps({**values, **extra}, sort_keys=True, default=str, ensure_ascii=False)


@pytest.fixture
def second_url(db_url, tmp_path) -> Iterator[str]:
    """A second empty store on the same database system as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    url = postgres_cluster().new_database()
    yield url
    from sqlalchemy.orm import close_all_sessions

    close_all_sessions()
    postgres_cluster().drop_database(url)


def test_a_batch_writes_what_one_article_at_a_time_writes(db_url, second_url):
    rounds = scenario()
    several = "several batches, and batches of many articles"
    assert sum(len(items) for items in rounds) > 2 * SMALL_BATCH, several
    write_batched(db_url, rounds)
    write_one_by_one(second_url, rounds)
    batched, single = dump(db_url), dump(second_url)
    for part in single:
        assert batched[part] == single[part], part
    # the scenario reaches what the rule must keep: merges across articles, retirements, carried corrections
    assert len(single["reports"]) > len(single["events"]) > 10
    assert len(single["retired"]) >= 2
    assert any(reason.startswith("carried over") for *_, reason in single["corrections"])


def test_the_search_index_follows_every_write(db_url):
    write_batched(db_url, scenario(seed=5))
    engine = open_store(db_url)
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(select(EventSearch.event_id, EventSearch.body)).all())
            assert stored and stored == search.event_bodies(connection)
    finally:
        engine.dispose()


def test_a_reingest_with_nothing_to_extract_starts_no_worker(tmp_path):
    path = tmp_path / "articles.jsonl"
    lines = [{"id": f"n{i}", "text": f"نص المقال رقم {i}", "published": "2018-03-10"} for i in range(5)]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    assert ingest([str(path)], url, workers=1, log=sys.stderr).tally.new == 5
    engine = open_store(url)
    try:
        with _extractor(2, 30.0, engine.dispose) as pool:
            result = ingest_articles(engine, _read([str(path)]), extractor=pool)
            assert result.tally.unchanged == 5
            assert pool.executor is None, "a worker pool was started with nothing to extract"
    finally:
        engine.dispose()
    # a fresh process: the re-ingest imports neither extraction (lexicons, gazetteer) nor Alembic (the
    # store is at the newest migration, which one query tells)
    code = (
        "import sys; from rasd.store.ingest import ingest; "
        f"r = ingest([{str(path)!r}], {url!r}, workers=2); "
        "print(r.tally.unchanged, 'rasd.pipeline' in sys.modules, 'alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["5", "False", "False"], done.stdout + done.stderr


def test_the_quick_schema_check_reads_the_heads_alembic_reads():
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert script_heads() == heads


def test_the_identity_script_reads_a_store(tmp_path):
    """``scripts/check_store_identical.py``'s dump reads what this test's dump reads (no drift)."""
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        import check_store_identical
    finally:
        sys.path.remove(str(scripts))
    url = f"sqlite:///{tmp_path / 'rasd.db'}"
    write_batched(url, scenario(seed=7))
    ours, theirs = dump(url), check_store_identical.canonical_dump(tmp_path / "rasd.db")
    assert ours["event order"] == theirs["event order"] and ours["report order"] == theirs["report order"]
    assert len(theirs["events"]) == len(ours["events"]) and len(theirs["retired"]) == len(ours["retired"])
