"""The rows the Spark jobs read and write, as plain Python (no PySpark here: the loader and tests use it).

A *report row* is one event record of one article, as ``rasd extract`` writes it (``Event.to_dict()``),
flattened for Parquet: its fields in ``REPORT_COLUMNS`` order, ``event_date`` a date, ``evidence`` a list
of ``(start, end, text, field)`` structs. Next to the record it carries what merging and the store need of
its article: ``ordinal`` (its place in the article's list of events), ``outlet``, ``published``,
``title``, ``url``, the store's ``content_hash``, and where it was read (``input_file``, ``input_line``),
so that of two versions of one article id the later one wins, as in a re-ingest.

Reading follows ``rasd.io`` exactly (``read_bytes``): the same records, the same errors, the same checks
(``rasd.io.validate``) as ``rasd extract`` on the same file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

from rasd import io as rasd_io
from rasd.io import Article, RecordError
from rasd.records import Event

RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))  # article_id first
ARTICLE_FIELDS = ("outlet", "published", "title", "url", "content_hash")
INPUT_FIELDS = ("input_file", "input_line")
REPORT_COLUMNS: tuple[str, ...] = (
    ("article_id", "ordinal") + RECORD_FIELDS[1:] + ARTICLE_FIELDS + INPUT_FIELDS
)
SPAN_FIELDS = ("start", "end", "text", "field")
ARTICLE_COLUMNS = (
    "id",
    "text",
    "title",
    "outlet",
    "published",
    "url",
    "content_hash",
    "events",
) + INPUT_FIELDS
JSONL_SUFFIXES, TEXT_SUFFIXES = rasd_io.RECORD_SUFFIXES, rasd_io.TEXT_SUFFIXES  # the lists of rasd.io

Position = tuple[str, int]  # (input file, index of the record among the file's non-blank lines)


# ------------------------------------------------------------------------ reading


def read_bytes(path: str, data: bytes) -> Iterator[tuple[Position, Article | RecordError]]:
    """Articles and per-record errors of one input file given as bytes (what ``binaryFiles`` hands an
    executor), read as ``rasd.io.read_input`` reads the file: ``.jsonl``/``.jsonl.gz`` records through
    ``rasd.io``'s own record reader and ``validate``, a ``.txt`` file as one article named after it."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(TEXT_SUFFIXES):
        stem = name[: -len(".txt")]
        yield (path, 0), rasd_io.read_plain(data, stem, name, None)
        return
    handle: io.BufferedIOBase = io.BytesIO(data)
    if name.endswith(".gz"):
        handle = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
    try:
        for index, item in enumerate(rasd_io.read_records(handle, None)):
            if isinstance(item, RecordError):
                item.where = f"{path}, {item.where}"
            yield (path, index), item
    except (OSError, EOFError, zlib.error) as error:
        yield (path, -1), RecordError(path, "", f"cannot read: {error}")


def is_article_file(path: str) -> bool:
    """Whether a file found under an input directory is one ``rasd ingest`` would read from it too."""
    return rasd_io.is_article_file(path)


# ------------------------------------------------------------------------ records ↔ rows


def report_row(
    article: Article, digest: str, position: Position, ordinal: int, record: Mapping[str, Any]
) -> tuple:
    """One event record of ``article`` (``Event.to_dict()`` form) as a row in ``REPORT_COLUMNS`` order."""
    values = dict(record)
    values["ordinal"] = ordinal
    values["event_date"] = to_date(record.get("event_date"))
    values["evidence"] = [span_tuple(span) for span in record.get("evidence") or ()]
    values.update(
        outlet=article.outlet,
        published=article.published,
        title=article.title,
        url=article.url,
        content_hash=digest,
        input_file=position[0],
        input_line=position[1],
    )
    return tuple(values.get(name) for name in REPORT_COLUMNS)


def article_row(article: Article, digest: str, position: Position, events: int) -> tuple:
    """An article as a row in ``ARTICLE_COLUMNS`` order (for the store's ``articles`` table)."""
    values = dataclasses.asdict(article)
    values.update(content_hash=digest, events=events, input_file=position[0], input_line=position[1])
    return tuple(values.get(name) for name in ARTICLE_COLUMNS)


def record_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The event record (``Event.to_dict()``, what ``rasd extract`` writes) of a report row."""
    record = {name: row.get(name) for name in RECORD_FIELDS}
    day = row.get("event_date")
    record["event_date"] = day.isoformat() if isinstance(day, dt.date) else day
    record["evidence"] = [_span_dict(span) for span in row.get("evidence") or ()]
    record["field_evidence"] = field_spans(row.get("field_evidence"))
    return record


def report_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A report row as the mapping ``rasd.store.merge`` works on: the record, plus ``ordinal``, ``outlet``
    and ``published`` of its article (and the rest of the row, which merging ignores)."""
    report = dict(row)
    report["evidence"] = [_span_dict(span) for span in row.get("evidence") or ()]
    report["field_evidence"] = field_spans(row.get("field_evidence"))
    return report


def report_key(report: Mapping[str, Any]) -> tuple[str, int]:
    """What names a report across the jobs and the store: its article and its place in that article."""
    return (str(report["article_id"]), int(report["ordinal"]))


def to_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def span_tuple(span: Mapping[str, Any]) -> tuple:
    return (span["start"], span["end"], span["text"], span.get("field") or "text")


def field_spans(spans: Mapping[str, Any] | list | None) -> dict[str, Any]:
    """A record's ``field_evidence`` from its Parquet map (field name → span struct), as Spark gives it
    (a dict) or pyarrow does (a list of (name, span) pairs)."""
    pairs = spans.items() if isinstance(spans, Mapping) else (spans or ())
    return {name: _span_dict(span) for name, span in pairs}


def _span_dict(span: Any) -> dict[str, Any]:
    """A span as the record has it: ``field`` only when it is not the article's text (``Evidence``)."""
    values = span if isinstance(span, Mapping) else dict(zip(SPAN_FIELDS, span, strict=True))
    out: dict[str, Any] = {"start": values["start"], "end": values["end"], "text": values["text"]}
    if values.get("field") not in (None, "text"):
        out["field"] = values["field"]
    return out
