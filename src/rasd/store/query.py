"""Reading the store: events by filter (``rasd events``, ``rasd export``, the web API) and counts
(``rasd stats``). Events an analyst rejected are left out unless ``include_rejected`` is asked for."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Select, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from rasd.records import ACLED_COLUMNS
from rasd.store.ids import iso3_of
from rasd.store.models import Article, Event, Report, RetiredEvent
from rasd.store.review import ACTIVE, REJECTED


@dataclass(frozen=True)
class Filters:
    """What ``--country --type --since --until --admin1 --actor --changed-since`` select; None = any."""

    country: str | None = None  # English name ("Syria") or ISO alpha-3 ("SYR"), any case
    event_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    admin1: str | None = None
    actor: str | None = None  # part of the name of any actor or associated actor
    changed_since: int | None = None  # Unix time: events changed (and ids retired) at or after it
    sub_event_type: str | None = None
    text: str | None = None  # part of the notes, location, an actor, or an evidence passage
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    include_rejected: bool = False
    min_confidence: float | None = None  # events whose confidence (P(right)) is at least this


def event_query(filters: Filters) -> Select[tuple[Event]]:
    """Events matching ``filters``, by date (undated last) then id, with their reports loaded alongside."""
    query = filtered(select(Event).options(selectinload(Event.reports)), filters)
    return query.order_by(Event.event_date.is_(None), Event.event_date, Event.id)  # undated last everywhere


def filtered(query: Select, filters: Filters) -> Select:
    """``query`` (over ``Event``) restricted to the events ``filters`` select."""
    if not filters.include_rejected:
        query = query.where(Event.status == ACTIVE)
    if filters.country:
        name = filters.country.strip()
        condition = func.lower(Event.country) == name.lower()
        if len(name) == 3 and name.isalpha():
            condition = or_(condition, Event.event_id_cnty.like(f"{name.upper()}%"))
        query = query.where(condition)
    if filters.event_type:
        query = query.where(func.lower(Event.event_type) == filters.event_type.strip().lower())
    if filters.since:
        query = query.where(Event.event_date >= filters.since)
    if filters.until:
        query = query.where(Event.event_date <= filters.until)
    if filters.admin1:
        query = query.where(func.lower(Event.admin1) == filters.admin1.strip().lower())
    if filters.actor:
        needle = filters.actor.strip().lower()
        columns = (Event.actor1, Event.actor2, Event.assoc_actor_1, Event.assoc_actor_2)
        query = query.where(or_(*(func.lower(column).contains(needle) for column in columns)))
    if filters.changed_since is not None:
        query = query.where(Event.timestamp >= filters.changed_since)
    if filters.sub_event_type:
        query = query.where(func.lower(Event.sub_event_type) == filters.sub_event_type.strip().lower())
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        query = query.where(
            Event.longitude.between(min_lon, max_lon), Event.latitude.between(min_lat, max_lat)
        )
    if filters.text and filters.text.strip():
        query = query.where(text_matches(filters.text.strip()))
    if filters.min_confidence is not None:
        query = query.where(Event.confidence >= filters.min_confidence)
    return query


LIKE_ESCAPE = "!"  # not "\\": the JSON text the evidence prefilter reads is full of backslashes


def like_pattern(needle: str) -> str:
    """A LIKE pattern (escape ``!``) for ``needle`` anywhere, lowercased, its ``%``, ``_``, ``!`` literal."""
    escaped = needle.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


def text_matches(needle: str) -> ColumnElement[bool]:
    """Events whose notes, location, actors or any evidence passage hold ``needle`` (any case)."""
    pattern = like_pattern(needle)
    columns = (
        Event.notes,
        Event.location,
        Event.actor1,
        Event.actor2,
        Event.assoc_actor_1,
        Event.assoc_actor_2,
    )
    in_evidence = exists().where(Report.event_id == Event.id, evidence_matches(needle))
    return or_(*(func.lower(column).like(pattern, escape=LIKE_ESCAPE) for column in columns), in_evidence)


def evidence_matches(needle: str) -> ColumnElement[bool]:
    """Whether a report's evidence has a passage holding ``needle``, read off the stored JSON text where
    that is exact. In JSON text a run of characters without a quote lies within one string, and the only
    strings with non-ASCII characters are passages (keys and ``field`` values are ASCII): so a needle with
    a non-ASCII character and no quote or backslash is in a passage exactly when it is in the JSON text,
    spelled as the store spells it (SQLite: ``\\uXXXX``, as ``json.dumps`` writes; PostgreSQL: as is).
    Any other needle is looked for passage by passage, after the same cheap look at the JSON text."""
    pattern = like_pattern(needle)
    if set('"\\') & set(needle):
        return _EvidenceLike(Report.evidence, pattern)
    escaped = like_pattern(json.dumps(needle.lower())[1:-1])
    if needle.isascii():
        return _EvidenceLike(Report.evidence, pattern, escaped)
    return _EvidenceText(Report.evidence, pattern, escaped)


class _EvidenceLike(FunctionElement):
    """A passage of the evidence list (JSON) is LIKE the pattern: arguments the column, the pattern, and
    optionally the pattern as the JSON text spells it, for a LIKE over the whole text first that drops
    most lists cheaply. Per dialect: SQLite's ``json_each`` and PostgreSQL's ``->>`` decode the JSON."""

    type = Boolean()
    inherit_cache = True
    name = "evidence_like"


class _EvidenceText(FunctionElement):
    """The evidence list's JSON text is LIKE the pattern (arguments: the column, the pattern as is, the
    pattern with non-ASCII as ``\\uXXXX``); exact for the needles ``evidence_matches`` gives it."""

    type = Boolean()
    inherit_cache = True
    name = "evidence_text"


def _arguments(element, compiler, **kw) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


# SQLite's LIKE ignores ASCII case already (and Arabic has none): no lower() over the JSON text there
@compiles(_EvidenceLike, "sqlite")
def _evidence_like_sqlite(element, compiler, **kw):
    column, pattern, *raw = _arguments(element, compiler, **kw)
    exact = (
        f"EXISTS (SELECT 1 FROM json_each({column}) AS span "
        f"WHERE json_extract(span.value, '$.text') LIKE {pattern} ESCAPE '{LIKE_ESCAPE}')"
    )
    return f"({column} LIKE {raw[0]} ESCAPE '{LIKE_ESCAPE}' AND {exact})" if raw else exact


@compiles(_EvidenceText, "sqlite")
def _evidence_text_sqlite(element, compiler, **kw):
    column, _, escaped = _arguments(element, compiler, **kw)
    return f"({column} LIKE {escaped} ESCAPE '{LIKE_ESCAPE}')"


@compiles(_EvidenceLike, "postgresql")
def _evidence_like_postgresql(element, compiler, **kw):
    column, pattern, *raw = _arguments(element, compiler, **kw)
    exact = (
        f"EXISTS (SELECT 1 FROM jsonb_array_elements({column}) AS span "
        f"WHERE lower(span ->> 'text') LIKE {pattern} ESCAPE '{LIKE_ESCAPE}')"
    )
    if not raw:
        return exact
    return f"(lower(CAST({column} AS TEXT)) LIKE {pattern} ESCAPE '{LIKE_ESCAPE}' AND {exact})"


@compiles(_EvidenceText, "postgresql")
def _evidence_text_postgresql(element, compiler, **kw):
    column, pattern, _ = _arguments(element, compiler, **kw)
    return f"(lower(CAST({column} AS TEXT)) LIKE {pattern} ESCAPE '{LIKE_ESCAPE}')"


@compiles(_EvidenceLike)
@compiles(_EvidenceText)
def _evidence_other(element, compiler, **kw):
    column, pattern, *_ = _arguments(element, compiler, **kw)
    return f"(lower(CAST({column} AS TEXT)) LIKE {pattern} ESCAPE '{LIKE_ESCAPE}')"


def find_events(session: Session, filters: Filters) -> Iterator[Event]:
    """Matching events, streamed in batches so an export of a large store stays small in memory."""
    yield from session.scalars(event_query(filters).execution_options(yield_per=500))


def retired_ids(session: Session, filters: Filters | None = None) -> list[RetiredEvent]:
    """Retired ids, oldest first; of one country (by the id's ISO3 prefix) and retired at or after
    ``changed_since`` when the filters say so (the other filters do not apply to a deleted event)."""
    filters = filters or Filters()
    query = select(RetiredEvent).order_by(RetiredEvent.retired_at, RetiredEvent.event_id_cnty)
    if filters.changed_since is not None:
        query = query.where(RetiredEvent.retired_at >= filters.changed_since)
    if filters.country:
        name = filters.country.strip()
        prefix = name.upper() if len(name) == 3 and name.isalpha() else iso3_of(None, name)
        query = query.where(RetiredEvent.event_id_cnty.like(f"{prefix}%"))
    return list(session.scalars(query))


def acled_values(event: Event) -> dict[str, Any]:
    """The event in ACLED's columns and order (CODEBOOK §10), typed (dates ISO, numbers as numbers)."""
    values = {name: getattr(event, name) for name in ACLED_COLUMNS}
    values["event_date"] = event.event_date.isoformat() if event.event_date else None
    return values


def report_record(report: Report) -> dict[str, Any]:
    """One report as exports show it: who said what, with the passages."""
    return {
        "article_id": report.article_id,
        "outlet": report.outlet,
        "published": report.published,
        "event_date": report.event_date.isoformat() if report.event_date else None,
        "sub_event_type": report.sub_event_type,
        "actor1": report.actor1,
        "actor2": report.actor2,
        "location": report.location,
        "geo_precision": report.geo_precision,
        "fatalities": report.fatalities,
        "source": report.source,
        "confidence": report.confidence,
        "evidence": report.evidence,
        "field_evidence": report.field_evidence,
    }


def event_record(event: Event) -> dict[str, Any]:
    """An event as one JSON object: ACLED's columns, confidence, and every report with its evidence."""
    record = acled_values(event)
    record["confidence"] = event.confidence
    record["reports"] = [report_record(r) for r in event.reports]
    return record


def article_ids(event: Event) -> list[str]:
    """The articles an event was reported in, in report order, each once."""
    return list(dict.fromkeys(r.article_id for r in event.reports))


def evidence_list(event: Event) -> list[dict[str, Any]]:
    """Every evidence span of every report, each labelled with its article."""
    return [{"article_id": r.article_id, **span} for r in event.reports for span in r.evidence]


def field_evidence_spans(article_id: str, spans: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One report's per-field evidence as flat spans, each labelled with its article and the record
    field it supports (``record_field``): the Parquet export's and the Spark merge's form."""
    return [
        {"article_id": article_id, "record_field": name, "field": "text", **span}
        for name, span in (spans or {}).items()
    ]


def stats(session: Session, filters: Filters | None = None) -> dict[str, Any]:
    """Counts of the store: articles, reports, events, retired ids, rejected events; events by country,
    type and day, and by day and type (with their fatalities)."""
    filters = filters or Filters()
    counts = {
        "articles": session.scalar(select(func.count()).select_from(Article)),
        "reports": session.scalar(select(func.count()).select_from(Report)),
        "retired": session.scalar(select(func.count()).select_from(RetiredEvent)),
        "rejected": session.scalar(select(func.count()).where(Event.status == REJECTED)),
    }
    if filters.text:  # a text search is costly: run it once and count its events here
        columns = (Event.country, Event.event_type, Event.event_date, Event.fatalities)
        counts.update(_counted(session.execute(filtered(select(*columns), filters)).all()))
    else:
        counts.update(_grouped(session, filtered(select(Event), filters).subquery()))
    return {name: counts[name] for name in _STATS_ORDER}


_STATS_ORDER = (
    "articles", "reports", "events", "fatalities", "retired", "rejected",
    "by_country", "by_type", "by_day", "by_day_type",
)  # fmt: skip


def _grouped(session: Session, matching) -> dict[str, Any]:
    """The per-event counts, grouped by the database."""

    def by(column) -> dict[str, int]:
        col = matching.c[column]
        rows = session.execute(select(col, func.count()).group_by(col).order_by(func.count().desc(), col))
        return {(str(key) if key is not None else ""): count for key, count in rows}

    day, kind = matching.c.event_date, matching.c.event_type
    per_day_type = session.execute(
        select(day, kind, func.count(), func.coalesce(func.sum(matching.c.fatalities), 0))
        .where(day.is_not(None))
        .group_by(day, kind)
        .order_by(day, kind)
    )
    return {
        "events": session.scalar(select(func.count()).select_from(matching)),
        "fatalities": session.scalar(select(func.coalesce(func.sum(matching.c.fatalities), 0))),
        "by_country": by("country"),
        "by_type": by("event_type"),
        "by_day": dict(sorted(by("event_date").items())),
        "by_day_type": [
            {"date": str(d), "event_type": t, "events": n, "fatalities": int(f)}
            for d, t, n, f in per_day_type
        ],
    }


def _counted(rows: list) -> dict[str, Any]:
    """The same counts as ``_grouped``, in the same order, from (country, type, date, fatalities) rows."""

    def ranked(counter: Counter) -> dict[str, int]:
        return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    days: Counter[str] = Counter()
    per_day_type: dict[tuple[str, str], list[int]] = {}
    for _, kind, day, toll in rows:
        days[day.isoformat() if day else ""] += 1
        if day is not None:
            tally = per_day_type.setdefault((day.isoformat(), kind), [0, 0])
            tally[0] += 1
            tally[1] += toll or 0
    return {
        "events": len(rows),
        "fatalities": sum(toll or 0 for *_, toll in rows),
        "by_country": ranked(Counter(country or "" for country, *_ in rows)),
        "by_type": ranked(Counter(kind or "" for _, kind, *_ in rows)),
        "by_day": dict(sorted(days.items())),
        "by_day_type": [
            {"date": d, "event_type": t, "events": n, "fatalities": f}
            for (d, t), (n, f) in sorted(per_day_type.items())
        ],
    }


def rejected_events(session: Session, filters: Filters | None = None) -> list[Event]:
    """Events an analyst rejected, as deletions: of one country and rejected (or changed) at or after
    ``changed_since`` when the filters say so, like ``retired_ids``."""
    filters = filters or Filters()
    query = select(Event).where(Event.status == REJECTED).order_by(Event.timestamp, Event.event_id_cnty)
    if filters.changed_since is not None:
        query = query.where(Event.timestamp >= filters.changed_since)
    if filters.country:
        name = filters.country.strip()
        condition = func.lower(Event.country) == name.lower()
        if len(name) == 3 and name.isalpha():
            condition = or_(condition, Event.event_id_cnty.like(f"{name.upper()}%"))
        query = query.where(condition)
    return list(session.scalars(query))
