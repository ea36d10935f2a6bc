"""Bad input as an analyst meets it, through ``rasd extract`` and ``rasd ingest`` (real SQLite): every
bad record is an error naming its line, and nothing else of the batch is lost.

The sentences are this project's own writing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.io import RecordError, read_input

GOOD = "قتل خمسة جنود في هجوم مسلح على حاجز للجيش في مدينة العريش بشمال سيناء يوم الأحد."
OTHER = "قتل ستة جنود في هجوم مسلح على حاجز للجيش في مدينة العريش بشمال سيناء يوم الأحد."


def rasd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], capture_output=True, text=True, timeout=300
    )


def _record(article_id: str, text: str = GOOD, **fields: object) -> str:
    record = {"id": article_id, "text": text, "published": "2018-07-08", **fields}
    return json.dumps(record, ensure_ascii=False)


def _file(tmp_path: Path, lines: list[str], name: str = "batch.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def garbage_dates(tmp_path) -> str:
    """Line 2: a `published` that is no date; line 3: a day that does not exist; lines 1 and 4 good."""
    bad = [_record("a2", published="garbage"), _record("a3", published="2018-02-30")]
    return _file(tmp_path, [_record("a1"), *bad, _record("a4")])


def test_extract_names_the_line_of_a_published_that_is_no_date(garbage_dates, tmp_path):
    out = tmp_path / "out.jsonl"
    result = rasd("extract", garbage_dates, "-o", str(out))
    assert result.returncode == 0
    assert "record 'a2' (line 2): `published` is not an ISO 8601 date" in result.stderr
    assert "record 'a3' (line 3): `published` is not an ISO 8601 date" in result.stderr
    kept = {json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert kept == {"a1", "a4"}
    assert "2 articles" in result.stderr and "2 errors" in result.stderr


def test_ingest_names_the_line_and_does_not_count_it_an_article(garbage_dates, tmp_path):
    result = rasd("ingest", garbage_dates, "--db", f"sqlite:///{tmp_path / 's.db'}", "--workers", "1")
    assert result.returncode == 0
    assert f"record 'a2' (line 2 of {garbage_dates}): `published` is not an ISO 8601 date" in result.stderr
    # the articles counted are the ones read: 2 new, none of the two bad ones
    assert "rasd: 2 articles (2 new, 0 changed, 0 unchanged)" in result.stderr
    assert "2 errors" in result.stderr


def test_extract_refuses_a_repeated_id_naming_both_lines(tmp_path):
    path = _file(tmp_path, [_record("g1"), _record("g2"), _record("g1"), _record("g1", OTHER)])
    out = tmp_path / "out.jsonl"
    result = rasd("extract", path, "-o", str(out))
    assert "record 'g1' (line 3): `id` already given on line 1" in result.stderr
    assert "record 'g1' (line 4): `id` already given on line 1" in result.stderr
    ids = [json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == ["g1", "g2"]  # one article's records per id, none lost of the others


def test_ingest_tells_a_repeated_id_with_both_lines(tmp_path):
    path = _file(tmp_path, [_record("g1"), _record("g2"), _record("g1"), _record("g1", OTHER)])
    result = rasd("ingest", path, "--db", f"sqlite:///{tmp_path / 's.db'}", "--workers", "1")
    assert result.returncode == 0
    first = f"id 'g1' was already given on line 1 of {path}"
    assert f"line 3 of {path}: {first}; the same article" in result.stderr
    assert f"line 4 of {path}: {first}; another text" in result.stderr


def test_a_repeated_id_whose_first_line_is_stored_unchanged_is_told_as_another_text(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    first = _file(tmp_path, [_record("g1")])
    assert rasd("ingest", first, "--db", db, "--workers", "1").returncode == 0
    again = tmp_path / "again.jsonl"
    again.write_text(_record("g1") + "\n" + _record("g1", OTHER) + "\n", encoding="utf-8")
    result = rasd("ingest", str(again), "--db", db, "--workers", "1")
    # line 1 is the stored article, passed over unparsed; line 2 replaces it: not "the same article"
    assert f"line 2 of {again}: id 'g1' was already given on line 1 of {again}; another text" in result.stderr


def test_a_utf16_file_is_one_clear_error(tmp_path):
    records = tmp_path / "windows.jsonl"
    records.write_bytes((_record("w1") + "\n" + _record("w2") + "\n").encode("utf-16"))
    items = list(read_input(str(records)))
    assert len(items) == 1 and isinstance(items[0], RecordError)  # not one garbled error per half-line
    assert "UTF-16" in str(items[0]) and "line 1" in str(items[0])
    plain = tmp_path / "report.txt"
    plain.write_bytes(GOOD.encode("utf-16"))
    result = rasd("extract", str(plain))
    assert result.returncode == 1 and "UTF-16" in result.stderr


def test_a_published_option_that_is_no_date_is_a_usage_error(tmp_path):
    plain = tmp_path / "report.txt"
    plain.write_text(GOOD, encoding="utf-8")
    result = rasd("extract", str(plain), "--published", "yesterday")
    assert result.returncode == 2 and "--published: not a date" in result.stderr
    assert result.stdout == ""


def test_an_empty_file_is_no_success(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n  \n", encoding="utf-8")
    for command in ("extract", "explain"):
        result = rasd(command, str(empty))
        assert result.returncode == 1  # as `rasd ingest` says of a file with no article
        assert f"no articles found in {empty}" in result.stderr


def test_audit_names_a_missing_file_and_an_articles_file_given_as_records(tmp_path):
    articles = _file(tmp_path, [_record("a1")], "articles.jsonl")
    result = rasd("audit", articles)  # the articles where rasd extract's records belong
    assert result.returncode == 2
    assert "line 1: an article (id, text), not an event record" in result.stderr
    missing = str(tmp_path / "nowhere.jsonl")
    result = rasd("audit", missing)
    assert result.returncode == 2 and result.stderr.strip() == f"rasd: {missing}: no such file or directory"
    records = tmp_path / "events.jsonl"
    assert rasd("extract", articles, "-o", str(records)).returncode == 0
    result = rasd("audit", str(records), "--articles", missing)  # was a traceback
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{missing}: no such file" in result.stderr


def test_a_folder_names_each_bad_plain_text_file_once(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "arish.txt").write_text(GOOD, encoding="utf-8")
    (folder / "english.txt").write_text("Only English words here.", encoding="utf-8")
    (folder / "windows.txt").write_bytes(GOOD.encode("utf-16"))
    result = rasd("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 's.db'}", "--workers", "1")
    assert result.returncode == 0
    assert f"record 'english' ({folder / 'english.txt'}): no Arabic text" in result.stderr
    assert f"record 'windows' ({folder / 'windows.txt'}): the file is UTF-16" in result.stderr
    assert "english.txt of" not in result.stderr  # the file is the place, said once
    assert "1 articles (1 new" in result.stderr


def test_extract_on_a_terminal_shows_the_total_of_its_bar(tmp_path):
    """As `rasd ingest`'s bar does: the records are counted first, so the bar says 'n/3' and the time left
    (it said only how many were done). A real pseudo-terminal, 100 columns wide."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    path = _file(tmp_path, [_record("a1"), _record("a2"), _record("a3")])
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "rasd.cli", "extract", path, "-o", str(tmp_path / "out.jsonl")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert "3/3 [" in text  # the total, known before the first article
    assert "rasd: 3 articles, 3 events, 0 errors" in text
