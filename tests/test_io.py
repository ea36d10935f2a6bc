"""Input handling: every bad record gets a clear message and the rest of the batch goes through."""

import gzip
import json

import pytest

from rasd.io import Article, InputError, RecordError, read_input

ARABIC = "قصفت طائرات حربية بلدة في ريف حلب صباح اليوم."


def _write_lines(path, lines: list[bytes]) -> str:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return str(path)


def test_good_and_bad_records_in_one_batch(tmp_path):
    good = json.dumps({"id": "ok", "text": ARABIC, "published": "2018-03-01"}, ensure_ascii=False).encode()
    lines = [
        good,
        b"{not json",
        b"[1, 2, 3]",
        json.dumps({"id": "empty", "text": "  "}).encode(),
        json.dumps({"id": "latin", "text": "Only English words here."}).encode(),
        b'{"id": "bytes", "text": "\xff\xfe broken"}',
        json.dumps({"id": "huge", "text": "ا" * 5_000_001}).encode(),
        json.dumps({"text": ARABIC}, ensure_ascii=False).encode(),
        good.replace(b'"ok"', b'"ok2"'),
    ]
    items = list(read_input(_write_lines(tmp_path / "batch.jsonl", lines)))
    assert [type(i).__name__ for i in items] == ["Article"] + ["RecordError"] * 7 + ["Article"]
    messages = [str(i) for i in items if isinstance(i, RecordError)]
    assert "not valid JSON" in messages[0]
    assert "not an article object" in messages[1]
    assert "'empty'" in messages[2] and "empty" in messages[2]
    assert "no Arabic text" in messages[3]
    assert "not UTF-8" in messages[4]
    assert "too long" in messages[5] and "'huge'" in messages[5]
    assert "no `id`" in messages[6]


def test_gzip_records(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(json.dumps({"id": "g1", "text": ARABIC}, ensure_ascii=False).encode() + b"\n")
    (article,) = read_input(str(path))
    assert isinstance(article, Article) and article.id == "g1"


def test_plain_text_file_takes_id_and_published_from_arguments(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ARABIC, encoding="utf-8")
    (article,) = read_input(str(path), published="2019-02-13")
    assert (article.id, article.published, article.text) == ("report", "2019-02-13", ARABIC)


def test_binary_plain_text_is_an_error(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)))
    (item,) = read_input(str(path))
    assert isinstance(item, RecordError) and "not UTF-8" in item.message


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_input(str(tmp_path / "nope.jsonl")))


def test_published_argument_fills_records_without_one(tmp_path):
    line = json.dumps({"id": "x", "text": ARABIC}, ensure_ascii=False).encode()
    (article,) = read_input(_write_lines(tmp_path / "x.jsonl", [line]), published="2018-01-02")
    assert article.published == "2018-01-02"


def test_ingest_and_spark_take_the_same_article_files_from_a_directory(tmp_path):
    """One suffix list (rasd.io): ``rasd ingest dir/`` and ``rasd spark extract --input dir/`` used to
    differ on .json and .ndjson.gz files."""
    from rasd.store.ingest import input_files
    from rasd.store.rows import is_article_file as spark_takes

    record = json.dumps({"id": "r", "text": ARABIC}, ensure_ascii=False).encode() + b"\n"
    for name in ("a.jsonl", "b.json", "c.ndjson", "d.txt"):
        (tmp_path / name).write_bytes(record if name != "d.txt" else ARABIC.encode())
    for name in ("e.jsonl.gz", "f.ndjson.gz", "g.json.gz"):
        with gzip.open(tmp_path / name, "wb") as handle:
            handle.write(record)
    for name in ("notes.md", "data.csv", "image.png"):
        (tmp_path / name).write_bytes(b"x")
    taken = [p.rsplit("/", 1)[-1] for p in input_files([str(tmp_path)])]
    assert taken == ["a.jsonl", "b.json", "c.ndjson", "d.txt", "e.jsonl.gz", "f.ndjson.gz", "g.json.gz"]
    assert sorted(p.name for p in tmp_path.iterdir() if spark_takes(p.name)) == taken
    for name in taken:  # and each reads as articles
        items = list(read_input(str(tmp_path / name)))
        assert items and all(isinstance(i, Article) for i in items), name
