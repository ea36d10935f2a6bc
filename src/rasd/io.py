"""Reading article records (CODEBOOK §1) robustly: every bad record becomes a clear error, never a crash.

Inputs: ``.jsonl`` / ``.jsonl.gz`` files of article records, a plain-text file holding one article,
or ``-`` for standard input (either form; a first character ``{`` means records).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAX_TEXT_CHARS = 1_000_000
# The one list of article-file names: what a directory given to ``rasd ingest`` or ``rasd spark
# extract --input`` contributes. Records (JSON lines, gzipped or not), or one plain-text article.
RECORD_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)
ARTICLE_SUFFIXES = RECORD_SUFFIXES + TEXT_SUFFIXES
_ARABIC = re.compile(r"[\u0621-\u064a]")


@dataclass
class Article:
    """A validated article record."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


@dataclass
class RecordError:
    """A record that could not be used, with where it was and why."""

    where: str  # "line 12" or the file name
    id: str  # the record id when it could be read
    message: str

    def __str__(self) -> str:
        label = f"record {self.id!r} ({self.where})" if self.id else self.where
        return f"{label}: {self.message}"


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unreadable)."""


def read_input(
    source: str, published: str | None = None, article_id: str | None = None
) -> Iterator[Article | RecordError]:
    """Articles and per-record errors from a path or ``-``, in input order."""
    if source == "-":
        data = sys.stdin.buffer.read()
        if data.lstrip()[:1] == b"{":
            yield from read_records(io.BytesIO(data), published)
        else:
            yield read_plain(data, article_id or "stdin", "stdin", published)
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory; give a .jsonl, .jsonl.gz or .txt file")
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                yield from read_records(handle, published)
        elif path.name.endswith(RECORD_SUFFIXES):
            with path.open("rb") as handle:
                yield from read_records(handle, published)
        else:
            yield read_plain(path.read_bytes(), article_id or path.stem, path.name, published)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(f"{source}: cannot read: {error}") from error


def is_article_file(name: str) -> bool:
    """Whether a file found in an input directory is an article file (``ARTICLE_SUFFIXES``)."""
    return name.endswith(ARTICLE_SUFFIXES)


def read_plain(data: bytes, article_id: str, where: str, published: str | None) -> Article | RecordError:
    """One plain-text article from raw bytes (UTF-8, a BOM allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return RecordError(where, article_id, f"not UTF-8 text (byte {error.start})")
    return validate({"id": article_id, "text": text, "published": published}, where)


def read_records(handle: BinaryIO, published: str | None) -> Iterator[Article | RecordError]:
    """Article records from a binary JSON-lines stream, one result per non-blank line."""
    for number, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            yield RecordError(where, "", f"not UTF-8 (byte {error.start} of the line)")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield RecordError(where, "", f"not valid JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(record, dict):
            yield RecordError(where, "", f"a JSON {type(record).__name__}, not an article object")
            continue
        if published and not record.get("published"):
            record["published"] = published
        yield validate(record, where)


def validate(record: dict[str, Any], where: str) -> Article | RecordError:
    """Check one article record against CODEBOOK §1."""
    article_id = record.get("id")
    if article_id is None or str(article_id).strip() == "":
        return RecordError(where, "", "no `id`")
    article_id = str(article_id)
    text = record.get("text")
    if not isinstance(text, str):
        return RecordError(where, article_id, "`text` is missing or not a string")
    if not text.strip():
        return RecordError(where, article_id, "`text` is empty")
    if len(text) > MAX_TEXT_CHARS:
        return RecordError(
            where,
            article_id,
            f"`text` is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})",
        )
    if "\x00" in text:
        return RecordError(where, article_id, "`text` holds NUL bytes: binary data, not an article")
    if not _ARABIC.search(text) and not _ARABIC.search(str(record.get("title") or "")):
        return RecordError(where, article_id, "no Arabic text: rasd reads Arabic articles")
    optional = {}
    for name in ("published", "title", "outlet", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return RecordError(where, article_id, f"`{name}` must be a string")
        optional[name] = value or None
    return Article(article_id, text, **optional)
