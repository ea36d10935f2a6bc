"""``rasd export``: the store's events as files analysts' tools read.

- ``acled-csv``: ACLED's columns in ACLED's order, spelled exactly so (CODEBOOK §10, ``ACLED_COLUMNS``),
  then rasd's own: ``RASD_COLUMNS`` (article ids joined by "; ", evidence as JSON, confidence) and
  ``rasd_reports``, the number of reports merged into the event.
- ``geojson``: a FeatureCollection of points (longitude, latitude) with the same fields as properties,
  for QGIS or kepler.gl; events without coordinates are left out (and counted).
- ``jsonl``: one event per line with every report and its evidence nested.
- ``parquet``: one row per event, typed columns, evidence as a list of structs (pyarrow).
Deletions (ids retired by merges, and events an analyst rejected) go, on request, to a separate CSV as
ACLED publishes them: ``event_id_cnty, deleted_timestamp`` (and ``merged_into``, empty for a rejection).
Events show analysts' corrections (they are in the event rows: ``rasd.store.review``); rejected events
are left out of every format.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from rasd.records import ACLED_COLUMNS, RASD_COLUMNS
from rasd.store.db import StoreError
from rasd.store.models import Event
from rasd.store.query import (
    Filters,
    acled_values,
    article_ids,
    event_record,
    evidence_list,
    field_evidence_spans,
    find_events,
    rejected_events,
    retired_ids,
)

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
CSV_COLUMNS = ACLED_COLUMNS + RASD_COLUMNS + ("rasd_reports",)
DELETED_COLUMNS = ("event_id_cnty", "deleted_timestamp", "merged_into")


def export(session: Session, fmt: str, output: str, filters: Filters) -> int:
    """Write the events matching ``filters`` to ``output`` in ``fmt``; returns how many were written."""
    events = find_events(session, filters)
    if fmt == "parquet":
        return write_parquet(events, output)
    writer = _TEXT_WRITERS[fmt]
    with _open_text(output) as out:
        return writer(events, out)


def export_deleted(session: Session, output: str, filters: Filters | None = None) -> int:
    """Retired event ids and rejected events (``event_id_cnty, deleted_timestamp, merged_into``) as CSV;
    ``--country`` and ``--changed-since`` apply, the other filters describe events that no longer exist."""
    with _open_text(output) as out:
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


def _open_text(output: str) -> TextIO:
    return open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - returned to a with block


def csv_row(event: Event) -> dict[str, Any]:
    """An event as one ACLED CSV row (empty strings for missing values, as ACLED's files have)."""
    row = {k: ("" if v is None else v) for k, v in acled_values(event).items()}
    row["rasd_article_id"] = "; ".join(article_ids(event))
    row["rasd_evidence"] = json.dumps(evidence_list(event), ensure_ascii=False)
    row["rasd_confidence"] = round(event.confidence, 3)
    row["rasd_reports"] = len(event.reports)
    return row


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(csv_row(event))
        count += 1
    return count


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def geojson_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON point feature (RFC 7946: longitude first), or None without coordinates."""
    if event.latitude is None or event.longitude is None:
        return None
    properties = acled_values(event)
    properties["rasd_article_id"] = article_ids(event)
    properties["rasd_evidence"] = evidence_list(event)
    properties["rasd_confidence"] = event.confidence
    properties["rasd_reports"] = len(event.reports)
    return {
        "type": "Feature",
        "id": event.event_id_cnty,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": properties,
    }


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """A FeatureCollection written feature by feature, so a large export is never held in memory."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        feature = geojson_feature(event)
        if feature is None:
            continue
        out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


_TEXT_WRITERS: dict[str, Callable[[Iterable[Event], TextIO], int]] = {
    "acled-csv": write_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
}


# ------------------------------------------------------------------------ parquet


def parquet_schema():  # -> pyarrow.Schema; pyarrow is imported only when a Parquet file is asked for
    """ACLED's columns with their natural types, then rasd's; evidence as a list of structs."""
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


def parquet_row(event: Event) -> dict[str, Any]:
    row = acled_values(event)
    row["event_date"] = event.event_date
    row["rasd_article_id"] = article_ids(event)
    row["rasd_evidence"] = [{"field": "text", **span} for span in evidence_list(event)]
    row["rasd_confidence"] = event.confidence
    row["rasd_reports"] = len(event.reports)
    row["rasd_field_evidence"] = [
        span for r in event.reports for span in field_evidence_spans(r.article_id, r.field_evidence)
    ]
    return row


def write_parquet(events: Iterable[Event], output: str, batch_size: int = 2000) -> int:
    """Row groups of ``batch_size`` events, so memory stays flat however large the export."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise StoreError("Parquet export needs pyarrow: pip install 'rasd[parquet]'") from error

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(Path(output), schema) as writer:
        rows: list[dict[str, Any]] = []
        for event in events:
            rows.append(parquet_row(event))
            if len(rows) == batch_size:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count += len(rows)
                rows = []
        if rows or not count:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    return count
