"""``rasd export``: the store's events as files analysts' tools read, shaped like ACLED's own files.

- ``acled-csv``: ACLED's columns in ACLED's order, spelled exactly so (``ACLED_COLUMNS``), then rasd's
  own (``EXTRA_COLUMNS``): article ids and source URLs joined by "; ", evidence as JSON, confidence, and
  the number of reports merged into the event. Cells that a spreadsheet would run as a formula (starting
  with = + - @) are prefixed with ``'``.
- ``geojson``: a FeatureCollection of points (longitude, latitude) with the same fields as properties,
  for QGIS or kepler.gl; events without coordinates are left out (and counted).
- ``jsonl``: one event per line, the same fields, plus ``rasd_report_details``: every report with its
  evidence. UTF-8 text, Arabic as is.
- ``parquet``: one row per event, typed columns, evidence as a list of structs (pyarrow).

As ACLED's current files and acledR give them: ``inter1``, ``inter2`` and ``interaction`` are text
labels ("State forces", "Rebel groups-Civilians"; ``--inter-numeric`` for the codes); ``source_scale``
comes from the outlet table (``data/outlets.toml``); ``tags`` has ``crowd size=`` for protests and riots
(``data/crowd_size.toml``); ``civilian_targeting`` is set on every political-violence event whose target
is civilians. Missing values are empty in CSV and null in JSONL, GeoJSON and Parquet.

Deletions (ids retired by merges, and events an analyst rejected) go, on request, to a separate CSV as
ACLED publishes them: ``event_id_cnty, deleted_timestamp`` (and ``merged_into``, empty for a rejection).
Events show analysts' corrections (they are in the event rows: ``rasd.store.review``); rejected events
are left out of every format.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, TextIO

from sqlalchemy.orm import Session

from rasd import taxonomy
from rasd.records import ACLED_COLUMNS, BOM, RASD_COLUMNS
from rasd.store.db import StoreError
from rasd.store.models import Event
from rasd.store.query import (
    Filters,
    acled_values,
    article_ids,
    evidence_list,
    field_evidence_spans,
    find_events,
    rejected_events,
    report_record,
    retired_ids,
)
from rasd.text.words import WORD, normalize, stems_of

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
EXTRA_COLUMNS = RASD_COLUMNS + ("rasd_reports", "rasd_urls")
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
DELETED_COLUMNS = ("event_id_cnty", "deleted_timestamp", "merged_into")
INTER_COLUMNS = ("inter1", "inter2", "interaction")
CIVILIAN_TARGETING = taxonomy.CIVILIAN_TARGETING_YES
CIVILIANS = taxonomy.INTER_CIVILIANS
# political violence whose target can be civilians: the violent types, and riots (mob violence)
POLITICAL_VIOLENCE = taxonomy.CIVILIAN_TARGETING_TYPES
CROWD_TYPES = (taxonomy.PROTESTS, taxonomy.RIOTS)
# The actor type of an event's first actor when the extractor named none (interaction 0 is no ACLED
# code): those who protest or riot are the actor of a protest or riot.
DEFAULT_INTER1 = {taxonomy.PROTESTS: taxonomy.INTER_PROTESTERS, taxonomy.RIOTS: taxonomy.INTER_RIOTERS}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportOptions:
    """How an export is shaped: ``inter_numeric`` writes ACLED's inter codes instead of their labels;
    ``bom`` starts a CSV with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the system's
    code page and shows Arabic as mojibake (pandas, R and csv readers skip it with ``utf-8-sig``)."""

    inter_numeric: bool = False
    bom: bool = False


CSV_FORMATS = ("acled-csv",)  # the formats ``bom`` applies to (and the retired ids' CSV)


def export(
    session: Session, fmt: str, output: str, filters: Filters, options: ExportOptions | None = None
) -> int:
    """Write the events matching ``filters`` to ``output`` (``-``: standard output) in ``fmt``; returns
    how many were written."""
    options = options or ExportOptions()
    events = find_events(session, filters)
    if fmt == "parquet":
        return write_parquet(events, output, options=options)
    writer = _TEXT_WRITERS[fmt]
    with open_text(output) as out:
        if options.bom and fmt in CSV_FORMATS:
            out.write(BOM)
        return writer(events, out, options)


def export_deleted(session: Session, output: str, filters: Filters | None = None, bom: bool = False) -> int:
    """Retired event ids and rejected events (``event_id_cnty, deleted_timestamp, merged_into``) as CSV;
    ``--country`` and ``--changed-since`` apply, the other filters describe events that no longer exist.
    ``bom``: a UTF-8 byte-order mark first, as ``ExportOptions.bom``."""
    with open_text(output) as out:
        if bom:
            out.write(BOM)
        return write_deleted(session, out, filters)


def deleted_rows(session: Session, filters: Filters | None = None) -> list[tuple[str, int, str]]:
    """``(event_id_cnty, deleted_timestamp, merged_into)`` of every retired id and rejected event."""
    rows = [(r.event_id_cnty, r.retired_at, r.merged_into or "") for r in retired_ids(session, filters)]
    rows += [(e.event_id_cnty, e.timestamp, "") for e in rejected_events(session, filters)]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def write_deleted(session: Session, out: TextIO, filters: Filters | None = None) -> int:
    rows = deleted_rows(session, filters)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DELETED_COLUMNS)
    writer.writerows(rows)
    return len(rows)


@contextmanager
def open_text(output: str) -> Iterator[TextIO]:
    """The file to write, or standard output for ``-`` (left open)."""
    if output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        yield out


# ------------------------------------------------------------- ACLED's columns as ACLED fills them


def acled_row(event: Event, options: ExportOptions) -> dict[str, Any]:
    """The event in ACLED's columns as ACLED's files fill them (see the module docstring)."""
    values = acled_values(event)
    inter1 = values["inter1"] or DEFAULT_INTER1.get(event.event_type, 0)
    values["inter1"] = inter1
    if inter1:
        values["interaction"] = taxonomy.interaction_code(inter1, values["inter2"] or 0)
    values["civilian_targeting"] = civilian_targeting(event)
    values["source_scale"] = source_scale(event)
    values["tags"] = tags(event)
    if not options.inter_numeric:
        values.update(inter_labels(values["inter1"], values["inter2"]))
    return values


def inter_labels(inter1: int | None, inter2: int | None) -> dict[str, str]:
    """ACLED's text form: each side's actor type, and the interaction as "A-B" (the smaller code first)
    or "A only" for a one-sided event."""
    code = taxonomy.interaction_code(inter1 or 0, inter2 or 0)
    return {
        "inter1": taxonomy.inter_label(inter1 or 0),
        "inter2": taxonomy.inter_label(inter2 or 0),
        "interaction": taxonomy.interaction_label(code),
    }


def civilian_targeting(event: Event) -> str:
    """ "Civilian targeting" for political violence whose primary target (the second actor) is civilians."""
    if event.civilian_targeting:
        return event.civilian_targeting
    targets_civilians = event.inter2 == CIVILIANS or (event.actor2 or "").startswith("Civilians")
    return CIVILIAN_TARGETING if targets_civilians and event.event_type in POLITICAL_VIOLENCE else ""


@cache
def _outlets() -> tuple[dict[str, str], tuple[str, ...], str]:
    raw = tomllib.loads((files("rasd") / "data" / "outlets.toml").read_text(encoding="utf-8"))
    table = {name.casefold(): scale for name, scale in raw.get("outlet", {}).items()}
    return table, tuple(raw["scales"]), raw.get("unknown", "Other")


def source_scale(event: Event) -> str:
    """The scales of the event's outlets, in ACLED's order, joined by "-" (``Regional-International``)."""
    table, order, unknown = _outlets()
    found = {table.get((r.outlet or "").strip().casefold(), unknown) for r in event.reports}
    return "-".join(scale for scale in order if scale in found)


@cache
def _crowd_words() -> tuple[dict[tuple[str, ...], str], frozenset[str]]:
    raw = tomllib.loads((files("rasd") / "data" / "crowd_size.toml").read_text(encoding="utf-8"))
    words = {tuple(WORD.findall(normalize(k).text)): v for k, v in raw.get("words", {}).items()}
    nouns = frozenset(WORD.findall(normalize(" ".join(raw.get("numbers", {}).get("nouns", []))).text))
    return words, nouns


def crowd_size(passages: Iterable[str]) -> str:
    """How many took part, as ACLED's tag words it ("hundreds", "around 200"), from the first passage
    that says; "no report" when none does."""
    words, nouns = _crowd_words()
    for passage in passages:
        tokens = WORD.findall(normalize(passage).text)
        for i, token in enumerate(tokens):
            if token.isdigit() and i + 1 < len(tokens) and _stem_in(tokens[i + 1], nouns):
                return f"around {int(token)}"
            for size in (2, 1):
                for stem, _ in stems_of(token):
                    phrase = (stem, *tokens[i + 1 : i + size])
                    if len(phrase) == size and phrase in words:
                        return words[phrase]
    return "no report"


def _stem_in(token: str, words: frozenset[str]) -> bool:
    return any(stem in words for stem, _ in stems_of(token))


def tags(event: Event) -> str:
    """ACLED's ``tags``: ``crowd size=…`` for protests and riots, else empty."""
    if event.event_type not in CROWD_TYPES:
        return ""
    passages = [span.get("text") or "" for r in event.reports for span in r.evidence or ()]
    return f"crowd size={crowd_size(passages)}"


# ------------------------------------------------------------------------ rasd's own columns


def source_urls(event: Event) -> list[str]:
    """The URLs of the event's articles, each once, in report order."""
    urls = (r.article.url for r in event.reports if r.article is not None and r.article.url)
    return list(dict.fromkeys(urls))


def extra_values(event: Event) -> dict[str, Any]:
    """rasd's columns: lists (article ids, URLs, evidence spans with their article), confidence, reports."""
    return {
        "rasd_article_id": article_ids(event),
        "rasd_evidence": evidence_list(event),
        "rasd_confidence": round(event.confidence, 3),
        "rasd_reports": len(event.reports),
        "rasd_urls": source_urls(event),
    }


def record(event: Event, options: ExportOptions) -> dict[str, Any]:
    """ACLED's columns then rasd's, with null for a missing value (JSONL, GeoJSON, Parquet); also the
    per-field evidence of every report (``rasd_field_evidence``), which a CSV cell would not hold well."""
    row = {name: (None if value == "" else value) for name, value in acled_row(event, options).items()}
    spans = [span for r in event.reports for span in field_evidence_spans(r.article_id, r.field_evidence)]
    return {**row, **extra_values(event), "rasd_field_evidence": spans}


# ------------------------------------------------------------------------ writers


def _csv_cell(value: Any) -> Any:
    """A CSV cell: empty for missing, and text a spreadsheet would run as a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(event: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    """An event as one ACLED CSV row (empty strings for missing values, as ACLED's files have)."""
    row: dict[str, Any] = dict(acled_row(event, options or ExportOptions()))
    extras = extra_values(event)
    row["rasd_article_id"] = "; ".join(extras["rasd_article_id"])
    row["rasd_evidence"] = json.dumps(extras["rasd_evidence"], ensure_ascii=False)
    row["rasd_confidence"] = extras["rasd_confidence"]
    row["rasd_reports"] = extras["rasd_reports"]
    row["rasd_urls"] = "; ".join(extras["rasd_urls"])
    return {name: _csv_cell(value) for name, value in row.items()}


def write_csv(events: Iterable[Event], out: TextIO, options: ExportOptions | None = None) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(csv_row(event, options))
        count += 1
    return count


def jsonl_record(event: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    """One JSONL line: the flat record, then every report with its evidence."""
    out = record(event, options or ExportOptions())
    out["rasd_report_details"] = [report_record(r) for r in event.reports]
    return out


def write_jsonl(events: Iterable[Event], out: TextIO, options: ExportOptions | None = None) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(jsonl_record(event, options), ensure_ascii=False) + "\n")
        count += 1
    return count


def geojson_feature(event: Event, options: ExportOptions | None = None) -> dict[str, Any] | None:
    """A GeoJSON point feature (RFC 7946: longitude first), or None without coordinates."""
    if event.latitude is None or event.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": event.event_id_cnty,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": record(event, options or ExportOptions()),
    }


def write_geojson(events: Iterable[Event], out: TextIO, options: ExportOptions | None = None) -> int:
    """A FeatureCollection written feature by feature, so a large export is never held in memory."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        feature = geojson_feature(event, options)
        if feature is None:
            continue
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


_TEXT_WRITERS: dict[str, Callable[[Iterable[Event], TextIO, ExportOptions], int]] = {
    "acled-csv": write_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
}


# ------------------------------------------------------------------------ parquet


def parquet_schema():  # -> pyarrow.Schema; pyarrow is imported only when a Parquet file is asked for
    """ACLED's columns with their natural types (inter codes as numbers), then rasd's; evidence as a
    list of structs. The Spark jobs share it (``rasd.spark.schema``)."""
    import pyarrow as pa

    types = {
        "event_date": pa.date32(),
        "year": pa.int32(),
        "time_precision": pa.int8(),
        "inter1": pa.int8(),
        "inter2": pa.int8(),
        "interaction": pa.int16(),
        "iso": pa.int16(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "geo_precision": pa.int8(),
        "fatalities": pa.int32(),
        "timestamp": pa.int64(),
    }
    span = pa.struct(
        [
            ("article_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("field", pa.string()),
        ]
    )
    field_span = pa.struct([("record_field", pa.string()), *((f.name, f.type) for f in span)])
    fields = [(name, types.get(name, pa.string())) for name in ACLED_COLUMNS]
    fields += [
        ("rasd_article_id", pa.list_(pa.string())),
        ("rasd_evidence", pa.list_(span)),
        ("rasd_confidence", pa.float64()),
        ("rasd_reports", pa.int32()),
        ("rasd_field_evidence", pa.list_(field_span)),
    ]
    return pa.schema(fields)


def export_schema(options: ExportOptions):  # -> pyarrow.Schema
    """The export's schema: ``parquet_schema`` with inter labels as text (unless ``inter_numeric``) and
    the source URLs."""
    import pyarrow as pa

    schema = parquet_schema()
    if not options.inter_numeric:
        for name in INTER_COLUMNS:
            schema = schema.set(schema.get_field_index(name), pa.field(name, pa.string()))
    return schema.append(pa.field("rasd_urls", pa.list_(pa.string())))


def parquet_row(event: Event, options: ExportOptions | None = None) -> dict[str, Any]:
    row = record(event, options or ExportOptions())
    row["event_date"] = event.event_date
    row["rasd_confidence"] = event.confidence
    row["rasd_evidence"] = [{**span, "field": span.get("field") or "text"} for span in row["rasd_evidence"]]
    return row


def write_parquet(
    events: Iterable[Event], output: str, batch_size: int = 2000, options: ExportOptions | None = None
) -> int:
    """Row groups of ``batch_size`` events, so memory stays flat however large the export; ``-`` is
    standard output (the file is built in memory first: Parquet's footer comes last)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise StoreError("Parquet export needs pyarrow: pip install 'rasd[parquet]'") from error

    options = options or ExportOptions()
    schema = export_schema(options)
    target: Any = io.BytesIO() if output == "-" else output
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        rows: list[dict[str, Any]] = []
        for event in events:
            rows.append(parquet_row(event, options))
            if len(rows) == batch_size:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count += len(rows)
                rows = []
        if rows or not count:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    if output == "-":
        sys.stdout.buffer.write(target.getvalue())
        sys.stdout.buffer.flush()
    return count
