"""Reading the store: events by filter (``rasd events``, ``rasd export``) and counts (``rasd stats``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from rasd.records import ACLED_COLUMNS
from rasd.store.ids import iso3_of
from rasd.store.models import Article, Event, Report, RetiredEvent


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


def event_query(filters: Filters) -> Select[tuple[Event]]:
    """Events matching ``filters``, by date (undated last) then id, with their reports loaded alongside."""
    query = select(Event).options(selectinload(Event.reports))
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
    return query.order_by(Event.event_date.is_(None), Event.event_date, Event.id)  # undated last everywhere


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


def stats(session: Session, filters: Filters | None = None) -> dict[str, Any]:
    """Counts of the store: articles, reports, events, retired ids; events by country, type and day."""
    matching = event_query(filters or Filters()).subquery()

    def by(column) -> dict[str, int]:
        col = matching.c[column]
        rows = session.execute(select(col, func.count()).group_by(col).order_by(func.count().desc(), col))
        return {(str(key) if key is not None else ""): count for key, count in rows}

    days = by("event_date")
    return {
        "articles": session.scalar(select(func.count()).select_from(Article)),
        "reports": session.scalar(select(func.count()).select_from(Report)),
        "events": session.scalar(select(func.count()).select_from(matching)),
        "retired": session.scalar(select(func.count()).select_from(RetiredEvent)),
        "by_country": by("country"),
        "by_type": by("event_type"),
        "by_day": dict(sorted(days.items())),
    }
