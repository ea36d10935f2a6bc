"""The write path's shortcuts give what the plain computations give (issue 12, third round): a search
body's terms read token by token equal the terms of the whole text; the merge's cached block keys equal
the computed ones. (What a whole store holds is compared with an earlier revision's by
``scripts/check_store_identical.py``; the batch path against one article per transaction by
``tests/test_store_write.py``.)"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from rasd.store import merge, search
from rasd.text.words import WORD, content_words, normalize

# edge characters: no-break and other spaces, a line separator, a mark after a space, a ligature that
# decomposes into several words, tatweel, a zero-width non-joiner, bidi marks, accented Latin, Greek
# capitals whose lower case depends on the word's end, Arabic-Indic digits
EDGES = [" ", "\u00a0", "\u2003", "\u2028", "\u3000", "\t", "\n", "\u0654", "\ufdfa", "\u0640", "\u200c",
         "\u200f", "\u202b", "é", "Ḩ", "ΑΣ", "Σ", "٣", "۴", "-", "'", "#", "_"]  # fmt: skip
WORDS = ["بالحُدَيْدة", "الحديدة", "وقتل", "ثلاثة", "مدنيين", "في", "قصف", "Al Ḩudaydah", "Hodeidah",
         "al-hudaydah", "2018", "١٢", "لـلجيش", "Saada", "Ṣaʿdah"]  # fmt: skip


def whole_text_terms(text: str) -> set[str]:
    """The terms as the index computed them before: the whole text folded, normalized and split."""
    terms: set[str] = set()
    for word in set(WORD.findall(normalize(search.fold_latin(text)).text)):
        terms.update(search._word_terms(word))
    return terms


def test_terms_read_by_token_equal_the_terms_of_the_whole_text() -> None:
    rng = random.Random(12)
    for _ in range(2000):
        parts = [rng.choice(WORDS + EDGES) for _ in range(rng.randint(1, 12))]
        text = "".join(part if rng.random() < 0.5 else part + " " for part in parts)
        assert search.index_terms(text) == whole_text_terms(text), repr(text)


def test_passage_words_read_by_token_equal_the_words_of_the_whole_passage() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        parts = [rng.choice(WORDS + EDGES) for _ in range(rng.randint(1, 12))]
        text = "".join(part if rng.random() < 0.5 else part + " " for part in parts)
        assert merge.passage_words(text) == frozenset(content_words(text)), repr(text)


def test_no_white_space_is_dropped_or_made_a_word_by_normalizing() -> None:
    """What reading a passage token by token rests on (``search.index_terms``, ``merge.passage_words``)."""
    for code in range(0x110000):
        ch = chr(code)
        if ch.isspace():
            assert normalize(ch).text.isspace() and normalize(search.fold_latin(ch)).text.isspace(), hex(code)


def test_terms_read_by_token_equal_on_corpus_passages(shared_dir: Path) -> None:
    corpus = sorted((shared_dir / "data" / "corpus").glob("*.jsonl.gz"))
    if not corpus:
        pytest.skip("no corpus file in ../shared/data/corpus")
    with gzip.open(corpus[0], "rt", encoding="utf-8") as handle:
        for _, line in zip(range(300), handle, strict=False):
            record = json.loads(line)
            for text in (record.get("title") or "", record["text"][:3000]):
                assert search.index_terms(text) == whole_text_terms(text)
                assert merge.passage_words(text) == frozenset(content_words(text))


def test_no_character_folds_into_a_line_break() -> None:
    """``index_terms`` folds a passage's new tokens together, one to a line: no other character of the
    Basic Multilingual Plane may give a line break (nor the line break anything else)."""
    assert normalize(search.fold_latin("\n")).text == "\n"
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or code == 0x0A:
            continue
        assert "\n" not in normalize(search.fold_latin(chr(code))).text, hex(code)


def _stored_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of the tables the hot statements write, with each value's SQLite storage class."""
    import sqlite3

    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        out = {}
        for table in ("articles", "reports", "events"):
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            select = ", ".join(f"{c}, typeof({c})" for c in columns)
            out[table] = connection.execute(f"SELECT {select} FROM {table} ORDER BY rowid").fetchall()
        return out
    finally:
        connection.close()


def test_sqlite_hot_statements_write_and_read_what_core_statements_do(tmp_path: Path) -> None:
    """The same rows through ``hot.HotStatements`` on SQLite's driver connection and through SQLAlchemy
    Core statements: the same values with the same storage classes, and the same rows read back."""
    import datetime as dt

    from sqlalchemy import insert

    from rasd.store import hot, update
    from rasd.store.db import open_store

    moment = dt.datetime(2018, 3, 4, 5, 6, 7, tzinfo=dt.UTC)  # no microseconds: still written with them
    articles = [
        {"id": "a1", "text": "قصف على دوما", "title": None, "outlet": "Outlet", "published": "2018-03-04",
         "url": None, "content_hash": "h1", "ingested_at": moment, "source_hash": None, "source_file": "f"},
        {"id": "a2", "text": "اشتباكات في حرستا", "title": "عنوان", "outlet": None, "published": None,
         "url": "https://example.org/a2", "content_hash": "h2", "ingested_at": moment.replace(microsecond=5),
         "source_hash": "s", "source_file": None},
    ]  # fmt: skip
    event = {name: "" for name in update.EVENT_FIELDS}
    event.update(event_id_cnty="SYR1", timestamp=7, status="active", event_date=dt.date(2018, 3, 3),
                 year=2018, time_precision=1, inter1=2, inter2=7, interaction=27, iso=760, latitude=33.5,
                 longitude=None, geo_precision=1, fatalities=4, confidence=0.75, event_type="Battles",
                 country="Syria")  # fmt: skip
    stored = {}
    for name, fast in (("core", False), ("hot", True)):
        url = f"sqlite:///{tmp_path / name}.db"
        engine = open_store(url)
        with engine.begin() as connection:
            statements = hot.HotStatements(
                connection,
                update._CANDIDATES,
                update._EVIDENCE,
                update._INSERT_EVENT,
                update._NEW_EVENT_COLUMNS,
            )
            if not fast:
                statements.raw = None
            statements.insert_many(update._INSERT_ARTICLE, articles)
            event_id = statements.insert_event(event)
            reports = []
            for ordinal, (article, evidence) in enumerate(
                ((articles[0], [{"start": 0, "end": 3, "text": "قصف"}]), (articles[1], []))
            ):
                row = {name: event.get(name, "") for name in update.RECORD_FIELDS}
                spans = None if ordinal else {"location": {"start": 4, "end": 8}}
                row.update(article_id=article["id"], ordinal=ordinal, event_id=event_id, outlet=None,
                           published="2018-03-04", evidence=evidence, confidence=0.5,
                           field_evidence=spans)  # fmt: skip
                reports.append(row)
            statements.insert_many(update._INSERT_REPORT, reports)
            window = {
                "type": "Battles",
                "country": "Syria",
                "first": dt.date(2018, 3, 2),
                "last": dt.date(2018, 3, 4),
            }
            found = statements.candidates(window)
            evidence = [statements.evidence({"id_": row["id"]}) for row in found]
            core_event = {k: v for k, v in event.items() if k != "status"}  # the models' default status
            connection.execute(insert(update.EVENTS), {**core_event, "event_id_cnty": "SYR2"})
            read = [
                statements.select_in(update._EVENTS_IN, [1, 2, 3]),
                statements.select_in(update._MEMBERS_IN, [event_id]),
            ]
        engine.dispose()
        stored[name] = (_stored_rows(url), found, evidence, read)
    assert stored["hot"] == stored["core"]
    assert [row["event_date"] for row in stored["hot"][1]] == [dt.date(2018, 3, 3)] * 2
    events, reports = stored["hot"][3]
    assert [e["event_id_cnty"] for e in events] == ["SYR1", "SYR2"] and events[0]["event_date"] == dt.date(
        2018, 3, 3
    )
    assert [r["field_evidence"] for r in reports] == [{"location": {"start": 4, "end": 8}}, None]
    assert [row[-2] for row in stored["hot"][0]["events"]] == ["active", "active"]
