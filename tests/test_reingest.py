"""A re-ingest of unchanged input reads as little as it can (issue 12), and still re-extracts what changed.

Line level: a line whose bytes' hash is stored as its article's ``source_hash`` is counted unchanged
without being parsed. File level: a file a run went over without changing anything is not read at all
next time, while every article it gave still says it came from it. Both on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from test_store_support import db_url  # noqa: F401 (fixture)

import rasd.store.ingest as ingest_module
from rasd.io import RawRecord
from rasd.store.db import open_store, session_scope
from rasd.store.ingest import ingest
from rasd.store.models import Article as ArticleRow
from rasd.store.models import IngestedFile

TOWNS = ("حرستا", "دوما", "عربين", "زملكا", "جوبر", "كفربطنا")


def lines(count: int, changed: int | None = None) -> list[str]:
    """Article records of our own writing; ``changed``: that one's text says something else."""
    out = []
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        text = f"قتل {n + 2} مدنيين في قصف على {town} في ريف دمشق أمس."
        if n == changed:
            text = f"سقط {n + 3} قتلى في غارة على {town} بريف دمشق اليوم."
        out.append(json.dumps({"id": f"g{n}", "text": text, "published": "2018-03-10"}, ensure_ascii=False))
    return out


def write(path: Path, records: list[str], bad: bool = True) -> str:
    body = "\n".join(records) + ("\nnot a record\n" if bad else "\n")
    path.write_text(body, encoding="utf-8")
    return str(path)


class Counting:
    """Counts what a run reads: files opened by the reader, lines parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.files = 0
        self.parsed = 0
        read_input, parse = ingest_module.read_input, RawRecord.parse

        def counting_read(*args, **kwargs):
            self.files += 1
            return read_input(*args, **kwargs)

        def counting_parse(record: RawRecord):
            self.parsed += 1
            return parse(record)

        monkeypatch.setattr(ingest_module, "read_input", counting_read)
        monkeypatch.setattr(RawRecord, "parse", counting_parse)


def run(path: str, url: str, **kwargs):
    log = io.StringIO()
    result = ingest([path], url, workers=1, log=log, **kwargs)
    return result, log.getvalue()


def test_an_unchanged_file_is_not_read_again_and_its_bad_lines_are_still_reported(
    db_url,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = write(tmp_path / "a.jsonl", lines(6))
    first, first_log = run(path, db_url)
    assert (first.tally.new, first.errors) == (6, 1)
    second, _ = run(path, db_url)  # nothing changed: the file is noted
    assert (second.tally.unchanged, second.tally.new, second.tally.changed) == (6, 0, 0)
    counting = Counting(monkeypatch)
    third, third_log = run(path, db_url)
    assert counting.files == 0, "an unchanged file was read again"
    assert (third.read, third.tally.unchanged, third.errors) == (6, 6, 1)
    assert third.summary() == second.summary()
    assert "not valid JSON" in third_log and third_log == first_log


def test_a_changed_line_is_parsed_and_re_extracted_and_the_others_are_not_parsed(
    db_url,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = write(tmp_path / "a.jsonl", lines(6))
    run(path, db_url)
    write(tmp_path / "a.jsonl", lines(6, changed=2))
    counting = Counting(monkeypatch)
    result, _ = run(path, db_url)
    assert (result.tally.changed, result.tally.unchanged, result.errors) == (1, 5, 1)
    assert counting.parsed == 2, "only the changed line and the bad line are parsed"
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            text = session.get(ArticleRow, "g2").text
    finally:
        engine.dispose()
    assert text.startswith("سقط 5 قتلى")


def test_an_article_written_from_another_input_makes_the_file_read_again(
    db_url,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = write(tmp_path / "a.jsonl", lines(6))
    run(path, db_url)
    run(path, db_url)  # noted
    other = write(tmp_path / "b.jsonl", lines(6, changed=4)[4:5], bad=False)
    assert run(other, db_url)[0].tally.changed == 1
    counting = Counting(monkeypatch)
    again, _ = run(path, db_url)
    assert counting.files == 1, "the file must be read: one of its articles was written from elsewhere"
    assert (again.tally.changed, again.tally.unchanged) == (1, 5), "its own version is stored again"


def test_force_reads_every_line_and_a_store_without_line_hashes_gets_them(
    db_url,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = write(tmp_path / "a.jsonl", lines(4), bad=False)
    run(path, db_url)
    engine = open_store(db_url)
    try:
        with engine.begin() as connection:  # as a store written before migration 0006 holds them
            connection.execute(ArticleRow.__table__.update().values(source_hash=None, source_file=None))
        forced, _ = run(path, db_url, force=True)
        assert forced.tally.changed == 4
        with engine.begin() as connection:
            connection.execute(ArticleRow.__table__.update().values(source_hash=None, source_file=None))
        counting = Counting(monkeypatch)
        plain, _ = run(path, db_url)
        assert (plain.tally.unchanged, counting.parsed) == (4, 4)
        with session_scope(engine) as session:
            assert session.scalars(select(ArticleRow.source_hash)).all().count(None) == 0
            assert session.scalars(select(IngestedFile.articles)).all() == [4]
    finally:
        engine.dispose()


def test_a_copy_of_a_noted_file_is_not_read_and_names_itself_in_its_errors(
    db_url,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = write(tmp_path / "a.jsonl", lines(3))
    run(path, db_url)
    run(path, db_url)  # noted
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(Path(path).read_bytes())
    counting = Counting(monkeypatch)
    result, log = run(str(copy), db_url)
    assert counting.files == 0 and (result.tally.unchanged, result.errors) == (3, 1)
    assert f"line 4 of {copy}:" in log and str(path) not in log
