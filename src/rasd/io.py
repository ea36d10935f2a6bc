"""Reading article records (CODEBOOK §1) robustly: every bad record becomes a clear error, never a crash.

Inputs: ``.jsonl`` / ``.jsonl.gz`` files of article records, a plain-text file holding one article,
or ``-`` for standard input (either form; a first character ``{`` means records).
"""

from __future__ import annotations

import datetime as dt
import enum
import gzip
import hashlib
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

MAX_TEXT_CHARS = 200_000  # what extraction reads (``pipeline.MAX_CHARS``): a longer text is refused, not cut
MAX_ID_CHARS = 1_000  # an id is a key, not a document
FIRST_PUBLISHED = dt.date(1900, 1, 1)  # the earliest `published` read (as corrections: review.FIRST_DAY)
# The one list of article-file names: what a directory given to ``rasd ingest`` or ``rasd spark
# extract --input`` contributes. Records (JSON lines, gzipped or not), or one plain-text article.
RECORD_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)
ARTICLE_SUFFIXES = RECORD_SUFFIXES + TEXT_SUFFIXES
_ARABIC = re.compile(r"[\u0621-\u064a]")
# A file saved as UTF-16 (Windows editors' "Unicode") starts with one of these byte-order marks
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A file holding one JSON array of articles (what many tools write as .json) instead of JSON Lines
_ARRAY_HOW = "rasd reads JSON Lines, one article object per line (convert: jq -c '.[]' IN.json > OUT.jsonl)"
_ARRAY = f"the file is a JSON array (it starts with '['), not JSON Lines: {_ARRAY_HOW}"
_UTF16 = (
    "the file is UTF-16 (it starts with a byte-order mark); rasd reads UTF-8: "
    "convert it (iconv -f UTF-16 -t UTF-8)"
)


@dataclass
class Article:
    """A validated article record."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    # ``line_hash`` of the record line it was read from (lazy reading only): the store keeps it so that
    # a re-ingest can pass over an unchanged line unparsed; not part of the article's content
    source_hash: str | None = field(default=None, compare=False, repr=False)
    source_file: str | None = field(default=None, compare=False, repr=False)  # ``file_hash`` of its file
    # where it was read ("line 12 of x.jsonl"): a later record repeating its id names it
    where: str | None = field(default=None, compare=False, repr=False)


@dataclass
class RawRecord:
    """One record line not parsed yet (``read_input(..., lazy=True)``): its hash tells a reader that
    holds what the line gives (a re-ingest) to pass over it; ``parse`` reads it as ``read_records``
    would have."""

    where: str
    source_hash: str
    raw: bytes
    published: str | None = None
    source_file: str | None = None

    def parse(self) -> Article | RecordError:
        item = parse_line(self.raw, self.where, self.published)
        if isinstance(item, Article):
            item.source_hash, item.source_file = self.source_hash, self.source_file
        return item


def line_hash(raw: bytes, published: str | None = None) -> str:
    """A hash of a record line's bytes (and of the default ``published`` it is read with): equal
    hashes, equal articles. BLAKE2b, 128 bits: several times faster than parsing the line."""
    digest = hashlib.blake2b(raw.rstrip(b"\r\n"), digest_size=16)
    if published:
        digest.update(b"\x00" + published.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def file_hash(path: str) -> str | None:
    """A hash of a records file's bytes (as stored: a gzipped file is not decompressed), None for
    standard input or a plain-text article: a re-ingest passes over a file it has gone over before."""
    if path == "-" or not path.endswith(RECORD_SUFFIXES):
        return None
    digest = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None  # the reader reports it
    return digest.hexdigest()


@dataclass
class RecordError:
    """A record that could not be used, with where it was and why."""

    where: str  # "line 12" or the file name
    id: str  # the record id when it could be read
    message: str

    def __str__(self) -> str:
        if not self.id:
            return f"{self.where}: {self.message}"
        label = f"record {self.id!r} ({self.where})" if self.where else f"record {self.id!r}"
        return f"{label}: {self.message}"


def error_field(error: RecordError) -> str:
    """The field a record error is about (the first `name` its message quotes; else ``text``, the one
    ``validate`` checks without naming it), for an API's 422 ``loc``."""
    named = re.match(r"`(\w+)`", error.message)
    return named[1] if named else "text"


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unreadable)."""


def read_input(
    source: str, published: str | None = None, article_id: str | None = None, lazy: bool = False
) -> Iterator[Article | RecordError | RawRecord]:
    """Articles and per-record errors from a path or ``-``, in input order. ``lazy``: each line of a
    records file comes unparsed, as a ``RawRecord`` (a plain-text article is read at once)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        if data.lstrip()[:1] == b"{":
            yield from read_records(io.BytesIO(data), published, lazy)
        else:
            yield read_plain(data, article_id or "stdin", "stdin", published)
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory; give a .jsonl, .jsonl.gz or .txt file")
    read = 0  # records already handed on: a damaged file keeps every record before the damage
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                for item in read_records(handle, published, lazy):
                    read += 1
                    yield item
        elif path.name.endswith(RECORD_SUFFIXES):
            with path.open("rb") as handle:
                for item in read_records(handle, published, lazy):
                    read += 1
                    yield item
        else:
            yield read_plain(path.read_bytes(), article_id or path.stem, path.name, published)
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        if not read:
            raise InputError(f"{source}: cannot read: {error}") from error
        yield RecordError(f"after record {read}", "", f"the rest of the file cannot be read: {error}")


def count_records(paths: list[str] | tuple[str, ...]) -> int | None:
    """How many records the inputs hold (one per non-blank line; a plain-text file is one), so a progress
    bar shows a total and the time left (``rasd extract``, ``rasd ingest``); None when it cannot be known
    in advance (standard input, a file that cannot be read: its reader reports it)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        if not path.endswith(RECORD_SUFFIXES):
            total += 1
            continue
        opener = gzip.open if path.endswith(".gz") else open
        try:
            with opener(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except (OSError, EOFError, zlib.error):
            return None
    return total


def is_article_file(name: str) -> bool:
    """Whether a file found in an input directory is an article file (``ARTICLE_SUFFIXES``)."""
    return name.endswith(ARTICLE_SUFFIXES)


def read_plain(data: bytes, article_id: str, where: str, published: str | None) -> Article | RecordError:
    """One plain-text article from raw bytes (UTF-8, a BOM allowed)."""
    if data.startswith(_UTF16_BOMS):
        return RecordError(where, article_id, _UTF16)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return RecordError(where, article_id, f"not UTF-8 text (byte {error.start})")
    return validate({"id": article_id, "text": text, "published": published}, where)


def read_records(
    handle: BinaryIO, published: str | None, lazy: bool = False
) -> Iterator[Article | RecordError | RawRecord]:
    """Article records from a binary JSON-lines stream, one result per non-blank line (``lazy``: each
    unparsed, with its hash)."""
    first = True
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(_UTF16_BOMS):
            yield RecordError("line 1", "", _UTF16)  # every later "line" is cut mid-character: one error
            return
        if not raw.strip():
            continue
        where = f"line {number}"
        if first and raw.strip().lstrip(b"\xef\xbb\xbf") == b"[":
            yield RecordError(where, "", _ARRAY)  # a pretty-printed array: one error, not one per line
            return
        first = False
        if lazy:
            yield RawRecord(where, line_hash(raw, published), raw, published)
        else:
            yield parse_line(raw, where, published)


def parse_line(raw: bytes, where: str, published: str | None = None) -> Article | RecordError:
    """One record line's bytes as an article, or why it is none."""
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return RecordError(where, "", f"not UTF-8 (byte {error.start} of the line)")
    return parse_record(line, where, published)


def parse_record(line: str, where: str, published: str | None = None) -> Article | RecordError:
    """One JSON line as an article, or why it is none. Never raises: whatever one line holds (nesting
    100,000 deep, an integer of 5,000 digits, a lone surrogate) costs that line, not the batch."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return RecordError(where, "", f"not valid JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        return RecordError(where, "", "not an article: JSON nested too deep")
    except ValueError as error:  # e.g. an integer over Python's digit limit (its advice is not for users)
        return RecordError(where, "", f"not valid JSON: {str(error).split(';')[0]}")
    if not isinstance(record, dict):
        if isinstance(record, list) and record and all(isinstance(item, dict) for item in record):
            message = f"a JSON list of {len(record)} objects, not an article object: {_ARRAY_HOW}"
            return RecordError(where, "", message)
        return RecordError(where, "", f"a JSON {type(record).__name__}, not an article object")
    if published and not record.get("published"):
        record["published"] = published
    try:
        return validate(record, where)
    except Exception as error:  # a defect in validation must not cost the rest of the batch
        return RecordError(where, "", f"cannot be read ({type(error).__name__})")


def validate(record: dict[str, Any], where: str) -> Article | RecordError:
    """Check one article record against CODEBOOK §1. Every field a database will see is checked here,
    before any database sees it: type, NUL characters (PostgreSQL refuses them in text) and lone
    surrogates (no encoding can store them)."""
    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        if article_id is None:
            return RecordError(where, "", "no `id`")
        return RecordError(
            where, "", f"`id` must be a string or an integer, not a JSON {_json_type(article_id)}"
        )
    try:
        article_id = str(article_id)
    except ValueError:  # an integer over Python's digit limit
        return RecordError(where, "", "`id` is an integer too long to be an id")
    if article_id.strip() == "":
        return RecordError(where, "", "no `id`")
    problem = _bad_string(article_id) or (len(article_id) > MAX_ID_CHARS and "is too long")
    if problem:
        return RecordError(where, _printable(article_id), f"`id` {problem}")
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
    if _SURROGATE.search(text):
        return RecordError(where, article_id, "`text` holds a lone surrogate: not Unicode text")
    if not _ARABIC.search(text) and not _ARABIC.search(str(record.get("title") or "")):
        return RecordError(where, article_id, "no Arabic text: rasd reads Arabic articles")
    optional = {}
    for name in ("published", "title", "outlet", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return RecordError(where, article_id, f"`{name}` must be a string")
        problem = _bad_string(value or "")
        if problem:
            return RecordError(where, article_id, f"`{name}` {problem}")
        optional[name] = value or None
    problem = published_problem(optional["published"]) if optional["published"] is not None else ""
    if problem:
        return RecordError(where, article_id, f"`published` {problem}")
    return Article(article_id, text, **optional, where=where)


class DateProblem(enum.Enum):
    """Why a ``published`` date cannot be an article's: a caller that answers the reasons differently
    (``--published``: "not a date" versus "out of range") tells them apart by this, not by wording."""

    NOT_A_DATE = "not a date"
    TOO_EARLY = "too early"
    FUTURE = "in the future"


def date_problem(value: str, today: dt.date | None = None) -> tuple[DateProblem, str] | None:
    """Why a ``published`` date cannot be an article's, as a reason and its message (None when it can):
    no ISO day, a day before ``FIRST_PUBLISHED`` or after tomorrow (UTC). Every relative date of the
    article is resolved against it (CODEBOOK §5), so a typo such as 9999-12-31 would date all its events
    wrongly, silently; one day ahead is allowed for a timestamp written in a time zone east of UTC."""
    if not is_iso_day(value):
        return DateProblem.NOT_A_DATE, f"is not an ISO 8601 date (YYYY-MM-DD): {value!r}"
    day = dt.date.fromisoformat(value.strip()[:10])
    if day < FIRST_PUBLISHED:
        return DateProblem.TOO_EARLY, f"is before {FIRST_PUBLISHED.year}: {value!r}"
    latest = (today or dt.datetime.now(dt.UTC).date()) + dt.timedelta(days=1)
    if day > latest:
        return DateProblem.FUTURE, f"is in the future (after {latest.isoformat()}): {value!r}"
    return None


def published_problem(value: str, today: dt.date | None = None) -> str:
    """Why a ``published`` date cannot be an article's ("" when it can), as a message (``date_problem``
    gives its reason too). The one check of extract, ingest, the API and ``--published``."""
    found = date_problem(value, today)
    return found[1] if found else ""


def is_iso_day(value: str) -> bool:
    """Whether ``published`` names a calendar day as extraction reads it (``pipeline.parse_published``:
    the first ten characters in ISO form), checked here so that a bad date is a record error with its
    line, before an ingest counts the record as an article."""
    try:
        dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return False
    return True


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_string(value: str) -> str:
    """Why a string cannot be stored ("" when it can)."""
    if "\x00" in value:
        return "holds a NUL character"
    if _SURROGATE.search(value):
        return "holds a lone surrogate: not Unicode text"
    return ""


def _printable(value: str) -> str:
    """An id fit to show in a message: no NUL, no surrogate, not endless."""
    cleaned = _SURROGATE.sub("\ufffd", value.replace("\x00", "\\0"))
    return cleaned if len(cleaned) <= 80 else cleaned[:80] + "…"


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
