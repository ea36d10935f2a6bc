"""Read endpoints: events (list, one, exports), articles, counts, vocabularies, health."""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

import rasd
from rasd import taxonomy
from rasd.api import lists, schemas
from rasd.api.deps import engine, event_filters, invalid, reader, single_values
from rasd.records import ACLED_COLUMNS, BOM
from rasd.store import query as store
from rasd.store import review
from rasd.store.db import StoreError, session_scope
from rasd.store.export import CSV_FORMATS, FORMATS, ExportOptions, export, write_deleted
from rasd.store.filters import FILTERS, Filters
from rasd.store.models import Event, Report

router = APIRouter(prefix="/api", dependencies=[Depends(reader), Depends(single_values)])
open_router = APIRouter(prefix="/api")  # health: for monitors and scripts, never behind a token

EVENT_ID = re.compile(r"^[A-Z]{3}[0-9]{1,12}$")
MAX_ID = 500
SORTS = store.SORTS
SUMMARY_FIELDS = tuple(
    name for name in schemas.EventSummary.model_fields if name not in ("corrected", "reports")
)
NOT_FOUND = {404: {"description": "no such event or article"}}
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page (at most 1000)")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="items to skip")]


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# ------------------------------------------------------------------------ events


Sort = Annotated[Literal[tuple(SORTS)], Query(description="order; '-' is descending")]  # type: ignore[valid-type]


def list_events(
    request: Request,
    filters: Annotated[Filters, Depends(event_filters)],
    limit: Limit = 100,
    offset: Offset = 0,
    sort: Sort = "date",
) -> dict[str, Any]:
    """Events matching the filters, a page at a time. Rejected events only with ``include_rejected``."""
    with engine(request).connect() as connection:  # reads only: no ORM session
        total, rows = store.event_page(connection, filters, SUMMARY_FIELDS, sort, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": summaries(rows)}


# GET /api/events: its parameters and answer are documented by ``list_events`` (which answers it the
# general way, through FastAPI's parameters and response model: the reference the tests compare with);
# requests are answered by ``rasd.api.lists.EventListRoute``: the same bytes, a fraction of the work.
router.add_api_route(
    "/events",
    list_events,
    methods=["GET"],
    response_model=schemas.EventPage,
    tags=["events"],
    route_class_override=lists.EventListRoute,
)


def summaries(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Page rows (``id``, ``SUMMARY_FIELDS``, ``reports``, ``corrected``) as ``EventSummary`` dicts."""
    for row in rows:
        del row["id"]
        row["event_date"] = _iso(row["event_date"])
        row["corrected"] = bool(row["corrected"])
    return rows


@router.get(
    "/events/{event_id_cnty}", response_model=schemas.EventDetail, tags=["events"], responses=NOT_FOUND
)
def get_event(request: Request, event_id_cnty: str) -> Any:
    """One event with every column, its reports (each with its article's title and its evidence), its
    sources, and its corrections. An id retired by a merge answers 404 with ``merged_into``."""
    with session_scope(engine(request)) as session:
        event = find_event(session, event_id_cnty)
        if isinstance(event, JSONResponse):
            return event
        return event_detail(session, event)


def find_event(session: Session, event_id_cnty: str) -> Event | JSONResponse:
    """The event, or the 404 to answer (saying where a retired id went)."""
    event = store.event_by_id(session, event_id_cnty) if EVENT_ID.match(event_id_cnty) else None
    if event is not None:
        return event
    retired = store.retired_event(session, event_id_cnty) if EVENT_ID.match(event_id_cnty) else None
    if retired is not None and retired.merged_into:
        detail = f"event {event_id_cnty} was merged into {retired.merged_into}"
        return JSONResponse({"detail": detail, "merged_into": retired.merged_into}, status_code=404)
    if retired is not None:
        return JSONResponse({"detail": f"event {event_id_cnty} was withdrawn"}, status_code=404)
    return JSONResponse({"detail": "no such event"}, status_code=404)


def event_detail(session: Session, event: Event) -> dict[str, Any]:
    """An event as ``EventDetail``."""
    out = {name: _iso(getattr(event, name)) for name in ACLED_COLUMNS}
    out["confidence"] = event.confidence
    out["status"] = event.status
    corrections = review.history(session, event.event_id_cnty)
    out["corrected"] = any(c.field != review.STATUS_FIELD for c in corrections)
    article_ids = list(dict.fromkeys(r.article_id for r in event.reports))
    titles = store.article_titles(session, article_ids)
    out["article_ids"] = article_ids
    out["sources"] = [part.strip() for part in (event.source or "").split(";") if part.strip()]
    out["reports"] = [report_out(r, titles.get(r.article_id)) for r in event.reports]
    out["corrections"] = [correction_out(c) for c in corrections]
    return out


REPORT_FIELDS = tuple(
    name for name in schemas.ReportOut.model_fields if name not in ("title", "evidence", "ordinal")
)


def report_out(report: Report, title: str | None) -> dict[str, Any]:
    out = {name: _iso(getattr(report, name)) for name in REPORT_FIELDS}
    out["ordinal"] = report.ordinal
    out["title"] = title
    out["evidence"] = [span_out(span) for span in report.evidence or ()]
    return out


def span_out(span: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": span.get("start"),
        "end": span.get("end"),
        "text": span.get("text"),
        "field": span.get("field") or "text",
    }


def correction_out(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "event_id_cnty": row.event_id_cnty,
        "field": row.field,
        "before": row.before,
        "after": row.after,
        "reason": row.reason,
        "author": row.author,
        "created_at": row.created_at,
    }


# ------------------------------------------------------------------------ counts and exports


@router.get("/stats", response_model=schemas.Stats, tags=["events"])
def get_stats(
    request: Request,
    filters: Annotated[Filters, Depends(event_filters)],
    by: Annotated[
        str | None,
        Query(
            max_length=200,
            description="group events and fatalities by a period (day, week, month, year) and/or "
            "country, admin1, admin2, location, region, event_type, sub_event_type, disorder_type, actor, "
            "interaction, civilian_targeting; comma-separated, e.g. month,country",
        ),
    ] = None,
) -> dict[str, Any]:
    """Totals (articles, reports, matching events and their fatalities, retired ids, rejected events),
    and matching events by country, by event type, by day, and by day and type (the timeline); with
    ``by``, ``groups``: events and fatalities per group, as ``rasd stats --by`` prints them."""
    try:
        dims = store.parse_by(by)
    except ValueError as error:
        raise invalid("query", "by", str(error)) from None
    with session_scope(engine(request)) as session:
        counts = store.stats(session, filters)
        if dims:
            counts["by"] = list(dims)
            counts["groups"] = store.grouped_counts(session, filters, dims)
    return counts


EXPORT_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "deleted-csv": ("text/csv; charset=utf-8", "csv"),
}


@router.get(
    "/export",
    tags=["events"],
    response_class=FileResponse,
    responses={
        200: {"description": "the file", "content": {t: {} for t, _ in EXPORT_TYPES.values()}},
        501: {"description": "Parquet needs pyarrow on the server"},
    },
)
def get_export(
    request: Request,
    filters: Annotated[Filters, Depends(event_filters)],
    format: Annotated[Literal[(*FORMATS, "deleted-csv")], Query()],  # type: ignore[valid-type]
    inter_numeric: Annotated[
        bool, Query(description="inter1, inter2, interaction as ACLED's codes, not their labels")
    ] = False,
    bom: Annotated[
        bool,
        Query(description="a CSV starts with a UTF-8 byte-order mark, for Excel (acled-csv, deleted-csv)"),
    ] = False,
) -> Any:
    """The matching events as a file, as ``rasd export`` writes it (corrections included, rejected
    events left out). ``deleted-csv``: retired ids and rejected events (``event_id_cnty,
    deleted_timestamp, merged_into``; ``country`` and ``changed_since`` apply). ``bom=true``: a CSV
    starts with a UTF-8 byte-order mark, without which Excel shows Arabic as mojibake."""
    if bom and format not in (*CSV_FORMATS, "deleted-csv"):  # a byte-order mark would break a JSON reader
        raise invalid("query", "bom", f"a byte-order mark is only for acled-csv or deleted-csv, not {format}")
    media_type, suffix = EXPORT_TYPES[format]
    handle, path = tempfile.mkstemp(prefix="rasd-export-", suffix=f".{suffix}")
    os.close(handle)
    try:
        with session_scope(engine(request)) as session:
            if format == "deleted-csv":
                with open(path, "w", encoding="utf-8", newline="") as out:
                    out.write(BOM if bom else "")
                    write_deleted(session, out, filters)
            else:
                options = ExportOptions(inter_numeric=inter_numeric, bom=bom)
                export(session, format, path, filters, options)
    except StoreError as error:
        os.unlink(path)
        raise HTTPException(501, detail=str(error)) from None
    except BaseException:
        os.unlink(path)
        raise
    name = "rasd-deleted.csv" if format == "deleted-csv" else f"rasd-events.{suffix}"
    return FileResponse(
        path, media_type=media_type, filename=name, background=BackgroundTask(os.unlink, path)
    )


# ------------------------------------------------------------------------ articles


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
def list_articles(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles, newest first (without their text: see ``/api/articles/{id}``)."""
    with session_scope(engine(request)) as session:
        total, rows, links = store.article_page(session, limit, offset)
    reports: dict[str, int] = {}
    events: dict[str, list[str]] = {}
    for article_id, event_id in links:
        reports[article_id] = reports.get(article_id, 0) + 1
        if event_id and event_id not in events.setdefault(article_id, []):
            events[article_id].append(event_id)
    items = [
        {
            "id": row.id,
            "title": row.title,
            "outlet": row.outlet,
            "published": row.published,
            "url": row.url,
            "ingested_at": row.ingested_at.isoformat(),
            "reports": reports.get(row.id, 0),
            "events": events.get(row.id, []),
        }
        for row in rows
    ]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/articles/{article_id:path}",
    response_model=schemas.ArticleDetail,
    tags=["articles"],
    responses=NOT_FOUND,
)
def get_article(request: Request, article_id: str) -> Any:
    """One article: its text and title as stored, and every evidence passage of its reports with the
    event it supports (``event_id_cnty``), for highlighting."""
    if len(article_id) > MAX_ID or "\x00" in article_id:
        return JSONResponse({"detail": "no such article"}, status_code=404)
    with session_scope(engine(request)) as session:
        article, events = store.article_with_events(session, article_id)
        if article is None:
            return JSONResponse({"detail": "no such article"}, status_code=404)
        evidence = []
        for report in article.reports:
            event = events.get(report.event_id)  # type: ignore[arg-type]
            for span in report.evidence or ():
                evidence.append(
                    {
                        **span_out(span),
                        "event_id_cnty": event.event_id_cnty if event else None,
                        "event_status": event.status if event else None,
                        "report": report.ordinal,
                    }
                )
        return {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published,
            "url": article.url,
            "ingested_at": article.ingested_at.isoformat(),
            "text": article.text,
            "evidence": evidence,
        }


# ------------------------------------------------------------------------ meta


@router.get("/meta", response_model=schemas.Meta, tags=["meta"])
def get_meta(request: Request) -> dict[str, Any]:
    """Vocabularies for filters and the review form, all from ``rasd.taxonomy``: ACLED's event types and
    sub-types, disorder types, inter and interaction codes with their labels, the editable fields (with
    their kinds and choices), the countries rasd codes, the export formats, and whether tokens are needed."""
    return {
        **taxonomy.as_dict(),
        "editable_fields": list(taxonomy.EDITABLE),
        "editable": taxonomy.editable_fields(),
        "countries": sorted(name for name, _, _ in review.countries().values()),
        "export_formats": [*FORMATS, "deleted-csv"],
        "write_token_required": True,
        "read_token_required": request.app.state.settings.read_token_required,
    }


@router.get("/filters", response_model=list[schemas.FilterInfo], tags=["meta"])
def get_filters() -> list[dict[str, Any]]:
    """Every event filter that ``/api/events``, ``/api/stats`` and ``/api/export`` take (and ``rasd
    events/export/stats`` as options): its parameter, CLI option, kind, whether it takes several
    values, what it means and an example. One declaration (``rasd.store.filters``) serves all three."""
    return [spec.describe() for spec in FILTERS]


@router.get("/geo/places", response_model=list[schemas.PlaceLabel], tags=["meta"])
def get_places(
    bbox: Annotated[str, Query(max_length=200, description="minlon,minlat,maxlon,maxlat")],
    limit: Annotated[
        int, Query(ge=1, le=1000, description="at most this many, the most populous first")
    ] = 150,
) -> list[dict[str, Any]]:
    """The gazetteer's places inside ``bbox``, the most populous first: the dashboard labels the map
    with them when zoomed in close."""
    from rasd.store.filters import BY_NAME, FilterError, parse_value

    try:
        box = parse_value(BY_NAME["bbox"], bbox)
    except FilterError as error:
        raise invalid("query", "bbox", str(error)) from None
    if box is None:
        raise invalid("query", "bbox", "bbox is minlon,minlat,maxlon,maxlat (four numbers, degrees)")
    return gazetteer_places(box, limit)


@cache
def _places() -> list[tuple[str, float, float, int]]:
    """(English name, lat, lon, population) of the gazetteer's places, the most populous first: read from
    its data file directly (10,000 rows, a fraction of a second), not through the full gazetteer."""
    raw = gzip.decompress((files("rasd") / "data" / "gazetteer.tsv.gz").read_bytes()).decode("utf-8")
    lines = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    header = lines[0]
    at = {name: header.index(name) for name in ("name", "lat", "lon", "population")}
    rows = [
        (
            cells[at["name"]],
            float(cells[at["lat"]]),
            float(cells[at["lon"]]),
            int(cells[at["population"]] or 0),
        )
        for cells in lines[1:]
    ]
    return sorted(rows, key=lambda row: (-row[3], row[0]))


def gazetteer_places(box: tuple[float, float, float, float], limit: int) -> list[dict[str, Any]]:
    min_lon, min_lat, max_lon, max_lat = box
    out = []
    for name, lat, lon, population in _places():
        if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
            out.append({"name": name, "latitude": lat, "longitude": lon, "population": population})
            if len(out) == limit:
                break
    return out


@open_router.get("/health", response_model=schemas.Health, tags=["meta"])
def get_health(request: Request) -> dict[str, Any]:
    """The server answers and its store is readable."""
    with session_scope(engine(request)) as session:
        revision = store.schema_revision(session)
    return {"status": "ok", "version": rasd.__version__, "schema_revision": revision}
