"""Reading the store: events by filter (``rasd events``, ``rasd export``, the web API) and counts
(``rasd stats``). Events an analyst rejected are left out unless ``include_rejected`` is asked for."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Connection, Select, and_, bindparam, exists, false, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, literal

from rasd.records import ACLED_COLUMNS
from rasd.store.filters import (
    AT_LEAST,
    BY_NAME,
    CIVILIAN_TARGETING,
    FILTERS,
    Filter,
    Filters,
    actor_needles,
    given,
    static_vocabulary,
    suggestion,
)
from rasd.store.ids import iso3_of
from rasd.store.models import Article, Correction, Event, Report, RetiredEvent
from rasd.store.review import ACTIVE, REJECTED, STATUS_FIELD

__all__ = ["FILTERS", "Filters", "filtered"]


# ------------------------------------------------------------------------ filters in SQL


def _lower_in(column: Any, values: Iterable[str]) -> ColumnElement[bool]:
    return func.lower(column).in_([value.lower() for value in values])


def _country_clause(values: tuple[str, ...]) -> ColumnElement[bool]:
    """By ACLED name, or by ISO alpha-3 (the prefix of ``event_id_cnty``), any case."""
    conditions: list[ColumnElement[bool]] = [_lower_in(Event.country, values)]
    for value in values:
        if len(value) == 3 and value.isalpha():
            conditions.append(Event.event_id_cnty.like(f"{value.upper()}%"))
    return or_(*conditions)


def _actor_clause(values: tuple[str, ...]) -> ColumnElement[bool]:
    """Any actor column holding the value, or the name of an actor the value is a common name of."""
    needles = {needle.lower() for value in values for needle in actor_needles(value)}
    columns = (Event.actor1, Event.actor2, Event.assoc_actor_1, Event.assoc_actor_2)
    patterns = [literal(f"%{needle}%") for needle in sorted(needles)]
    return or_(*(_LowerLike(column, pattern) for pattern in patterns for column in columns))


class _LowerLike(FunctionElement):
    """``lower(column) LIKE pattern`` for a lowercased pattern. SQLite is told ``column LIKE pattern``:
    its ``LIKE`` already ignores the case of ASCII letters and its ``lower`` folds only those, so the
    rows are the same, without a lowered copy of every value of every row (two thirds of the time of an
    actor filter)."""

    type = Boolean()
    inherit_cache = True
    name = "lower_like"


@compiles(_LowerLike)
def _lower_like(element, compiler, **kw):
    column, pattern = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"lower({column}) LIKE {pattern}"


@compiles(_LowerLike, "sqlite")
def _lower_like_sqlite(element, compiler, **kw):
    column, pattern = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} LIKE {pattern}"


def clause(spec: Filter, value: Any) -> ColumnElement[bool] | None:
    """The SQL condition over ``Event`` of one filter and its parsed value (None: the search filter,
    which ``rasd.store.search`` applies)."""
    kind = spec.kind
    if spec.name == "country":
        return _country_clause(value)
    if spec.name == "actor":
        return _actor_clause(value)
    column = getattr(Event, spec.columns[0]) if spec.columns else None
    if kind == "names":
        return _lower_in(column, value)
    if kind == "ints":
        return column.in_(value)
    if spec.name == "since":
        return Event.event_date >= value
    if spec.name == "until":
        return Event.event_date <= value
    if kind in AT_LEAST:
        return column >= value
    if kind == "bool":
        return civilian_targeting_clause() if value else ~civilian_targeting_clause()
    if kind == "bbox":
        min_lon, min_lat, max_lon, max_lat = value
        return and_(Event.longitude.between(min_lon, max_lon), Event.latitude.between(min_lat, max_lat))
    return None


def civilian_targeting_clause() -> ColumnElement[bool]:
    """Events whose primary target is civilians, as the exports mark them (``export.civilian_targeting``):
    marked so, or political violence against civilians (the second actor)."""
    from rasd.taxonomy import CIVILIAN_TARGETING_TYPES as POLITICAL_VIOLENCE
    from rasd.taxonomy import INTER_CIVILIANS as CIVILIANS

    on_civilians = or_(Event.inter2 == CIVILIANS, Event.actor2.like("Civilians%"))
    return or_(
        Event.civilian_targeting == CIVILIAN_TARGETING,
        and_(on_civilians, Event.event_type.in_(POLITICAL_VIOLENCE)),
    )


def filtered(query: Select, filters: Any) -> Select:
    """``query`` (over ``Event``) restricted to the events ``filters`` select."""
    from rasd.store.search import search_clause

    if not filters.include_rejected:
        query = query.where(Event.status == ACTIVE)
    for name, value in given(filters).items():
        spec = BY_NAME[name]
        condition = search_clause(value) if spec.kind == "search" else clause(spec, value)
        query = query.where(condition if condition is not None else false())
    return query


def event_query(filters: Filters) -> Select[tuple[Event]]:
    """Events matching ``filters``, by date (undated last) then id, with their reports loaded alongside."""
    reports = selectinload(Event.reports)
    with_urls = reports.selectinload(Report.article).load_only(Article.id, Article.url)
    query = filtered(select(Event).options(reports, with_urls), filters)
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
        prefixes = [_iso3(name) for name in filters.country]
        query = query.where(or_(*(RetiredEvent.event_id_cnty.like(f"{prefix}%") for prefix in prefixes)))
    return list(session.scalars(query))


def _iso3(name: str) -> str:
    """The ISO alpha-3 prefix of the ids of a country given by name or code."""
    return name.upper() if len(name) == 3 and name.isalpha() else iso3_of(None, name)


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
    countries = session.execute(_per_country(filters)).all()
    counts.update(_counted(countries, session.execute(_per_day_type(filters)).all()))
    return {name: counts[name] for name in _STATS_ORDER}


_STATS_ORDER = (
    "articles", "reports", "events", "fatalities", "retired", "rejected",
    "by_country", "by_event_type", "by_day", "by_day_type",
)  # fmt: skip


def _per_country(filters: Filters) -> Select:
    """(country, events) of the matching events: a walk of the index ``(country, status)``."""
    return filtered(select(Event.country, func.count()), filters).group_by(Event.country)


def _per_day_type(filters: Filters) -> Select:
    """(date, type, events, fatalities) of the matching events: one walk, in its order, of the index
    ``(event_date, event_type, status, fatalities)`` (the table is not read), or of the few rows a
    filter's index finds. The other counts of ``stats`` are summed from these rows (a few per day),
    instead of a scan of the table per count."""
    keys = (Event.event_date, Event.event_type)
    tally = (func.count(), func.coalesce(func.sum(Event.fatalities), 0))
    return filtered(select(*keys, *tally), filters).group_by(*keys)


def _counted(countries: list, per_day_type: list) -> dict[str, Any]:
    """The counts of ``stats`` from (country, events) and (date, type, events, fatalities) rows: ranked
    by events (most first), ties by name; days and (day, type) in time order. Ordered here, not by the
    database, so that SQLite and PostgreSQL (whatever its collation) order ties alike."""

    def ranked(counter: Counter) -> dict[str, int]:
        return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    kinds: Counter[str] = Counter()
    days: Counter[str] = Counter()
    timeline = []
    for day, kind, events, toll in per_day_type:
        date = day.isoformat() if day else ""
        kinds[kind or ""] += events
        days[date] += events
        if day is not None:
            timeline.append({"date": date, "event_type": kind, "events": events, "fatalities": int(toll)})
    return {
        "events": sum(days.values()),
        "fatalities": sum(int(toll) for *_, toll in per_day_type),
        "by_country": ranked(Counter({country or "": events for country, events in countries})),
        "by_event_type": ranked(kinds),
        "by_day": dict(sorted(days.items())),
        "by_day_type": sorted(timeline, key=lambda row: (row["date"], row["event_type"])),
    }


def rejected_events(session: Session, filters: Filters | None = None) -> list[Event]:
    """Events an analyst rejected, as deletions: of one country and rejected (or changed) at or after
    ``changed_since`` when the filters say so, like ``retired_ids``."""
    filters = filters or Filters()
    query = select(Event).where(Event.status == REJECTED).order_by(Event.timestamp, Event.event_id_cnty)
    if filters.changed_since is not None:
        query = query.where(Event.timestamp >= filters.changed_since)
    if filters.country:
        query = query.where(clause(BY_NAME["country"], filters.country))
    return list(session.scalars(query))


# ------------------------------------------------------------------------ aggregation

PERIODS = ("day", "week", "month", "year")
GROUPS = ("country", "admin1", "admin2", "location", "region", "event_type", "sub_event_type",
          "disorder_type", "actor", "interaction", "civilian_targeting")  # fmt: skip
ACTOR_COLUMNS = ("actor1", "actor2")


def parse_by(value: str | list[str] | None) -> tuple[str, ...]:
    """The dimensions of ``--by`` / ``by=``: at most one period and any groups, in the order given;
    ValueError naming what would be right."""
    if not value:
        return ()
    parts = [p.strip() for part in ([value] if isinstance(value, str) else value) for p in part.split(",")]
    dims = tuple(dict.fromkeys(p for p in parts if p))
    for dim in dims:
        if dim not in PERIODS and dim not in GROUPS:
            raise ValueError(f"cannot group by {dim!r}: use {', '.join(PERIODS + GROUPS)}")
    if sum(dim in PERIODS for dim in dims) > 1:
        raise ValueError("group by one period at most (day, week, month or year)")
    return dims


def period_of(day: dt.date | None, period: str) -> str:
    """The period a date falls in, as its label: ``2018-03-05``, week of its Monday ``2018-03-05``,
    ``2018-03``, ``2018``; "" for an undated event."""
    if day is None:
        return ""
    if period == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "year":
        return f"{day.year:04d}"
    return day.isoformat()


def grouped_counts(session: Session, filters: Filters, by: tuple[str, ...]) -> list[dict[str, Any]]:
    """Events and fatalities of the matching events by ``by`` (e.g. ``("month", "country")``), one dict
    per group with a key per dimension then ``events`` and ``fatalities``; periods in time order, the
    rest by events (most first). An event with two actors counts once for each under ``actor``."""
    wanted = {"event_date", "fatalities", *(d for d in by if d not in PERIODS and d != "actor")}
    if "actor" in by:
        wanted.update(ACTOR_COLUMNS)
    names = sorted(wanted)
    rows = session.execute(filtered(select(*(getattr(Event, n) for n in names)), filters))
    tally: dict[tuple, list[int]] = {}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        for key in _group_keys(values, by):
            counts = tally.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += values["fatalities"] or 0
    return [
        {**dict(zip(by, key, strict=True)), "events": n, "fatalities": f}
        for key, (n, f) in sorted(tally.items(), key=lambda item: _group_order(by, item))
    ]


def _group_keys(values: dict[str, Any], by: tuple[str, ...]) -> list[tuple]:
    """The group (or groups, one per actor) an event counts in."""
    keys: list[tuple] = [()]
    for dim in by:
        if dim in PERIODS:
            options = [period_of(values["event_date"], dim)]
        elif dim == "actor":
            options = list(dict.fromkeys(values[c] for c in ACTOR_COLUMNS if values[c])) or [""]
        else:
            value = values[dim]
            options = ["" if value is None else value]
        keys = [key + (option,) for key in keys for option in options]
    return keys


def _group_order(by: tuple[str, ...], item: tuple[tuple, list[int]]) -> tuple:
    key, (events, _) = item
    periods = tuple(str(k) for dim, k in zip(by, key, strict=True) if dim in PERIODS)
    rest = tuple(str(k) for dim, k in zip(by, key, strict=True) if dim not in PERIODS)
    return (periods, -events, rest)


# ------------------------------------------------------------------------ what the web API reads

SORTS = {
    "date": (Event.event_date.is_(None), Event.event_date, Event.id),
    "-date": (Event.event_date.is_(None), Event.event_date.desc(), Event.id.desc()),
    "fatalities": (Event.fatalities, Event.id),
    "-fatalities": (Event.fatalities.desc(), Event.id),
    "timestamp": (Event.timestamp, Event.id),
    "-timestamp": (Event.timestamp.desc(), Event.id.desc()),
}


def event_page(
    connection: Connection, filters: Filters, fields: tuple[str, ...], sort: str, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of plain rows with ``id``, ``fields``, ``reports`` (how many reports the event
    merges) and ``corrected`` (whether an analyst corrected a field)) of the matching events in ``sort``
    order. Three statements on one connection, not the ORM: a page is read often, and the ORM's work
    per statement and row was most of its time. The ids of the page come first, from the index of the
    filter or of the order (each holds ``status`` and the id: no table row is read for the rows skipped
    or counted), then the page's rows by id. With a text search the index is asked once, for the ids in
    order, not for count and page."""
    if filters.text:
        matching = list(connection.scalars(filtered(select(Event.id), filters).order_by(*SORTS[sort])))
        page = matching[offset : offset + limit]
        total = len(matching)
    else:
        total = connection.scalar(filtered(select(func.count()).select_from(Event), filters)) or 0
        page_ids = filtered(select(Event.id), filters).order_by(*SORTS[sort]).limit(limit).offset(offset)
        page = list(connection.scalars(page_ids)) if offset < total else []
    if not page:
        return total, []
    result = connection.execute(_page_rows(fields), {"ids": page})
    keys = list(result.keys())
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in result.all()}
    return total, [rows[event_id] for event_id in page]


@cache
def _page_rows(fields: tuple[str, ...]) -> Select:
    """The rows of a page by id, with each event's report count and whether it was corrected (from the
    indexes on ``reports.event_id`` and ``corrections.event_id_cnty``); built once per field list."""
    reports = select(func.count()).where(Report.event_id == Event.id).scalar_subquery()
    corrected = exists().where(
        Correction.event_id_cnty == Event.event_id_cnty, Correction.field != STATUS_FIELD
    )
    columns = [Event.id, *(getattr(Event, name) for name in fields)]
    query = select(*columns, reports.label("reports"), corrected.label("corrected"))
    return query.where(Event.id.in_(bindparam("ids", expanding=True)))


def event_by_id(session: Session, event_id_cnty: str) -> Event | None:
    """One event with its reports."""
    query = select(Event).where(Event.event_id_cnty == event_id_cnty).options(selectinload(Event.reports))
    return session.scalar(query)


def retired_event(session: Session, event_id_cnty: str) -> RetiredEvent | None:
    return session.get(RetiredEvent, event_id_cnty)


def article_titles(session: Session, article_ids: list[str]) -> dict[str, str | None]:
    return dict(session.execute(select(Article.id, Article.title).where(Article.id.in_(article_ids))).all())  # type: ignore[arg-type]


def article_page(
    session: Session, limit: int, offset: int
) -> tuple[int, list[Any], list[tuple[str, str | None]]]:
    """(total, a page of articles newest first without their text, (article id, event id) links of the
    page's reports in report order)."""
    order = (Article.published.is_(None), Article.published.desc(), Article.id)
    total = session.scalar(select(func.count()).select_from(Article)) or 0
    columns = (Article.id, Article.title, Article.outlet, Article.published, Article.url, Article.ingested_at)
    rows = session.execute(select(*columns).order_by(*order).limit(limit).offset(offset)).all()
    links = session.execute(
        select(Report.article_id, Event.event_id_cnty)
        .join(Event, Report.event_id == Event.id, isouter=True)
        .where(Report.article_id.in_([row.id for row in rows]))
        .order_by(Report.article_id, Report.ordinal)
    ).all()
    return total, list(rows), [(a, e) for a, e in links]


def article_with_events(session: Session, article_id: str) -> tuple[Article | None, dict[int, Event]]:
    """An article and the events its reports support, by event row id."""
    article = session.get(Article, article_id)
    if article is None:
        return None, {}
    ids = [r.event_id for r in article.reports if r.event_id]
    return article, {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)))}


def schema_revision(session: Session) -> str | None:
    return session.scalar(text("SELECT version_num FROM alembic_version"))


# ------------------------------------------------------------------------ "did you mean"


def known_values(session: Session, spec: Filter) -> list[str]:
    """The values a names filter can usefully take: those in the store, plus ACLED's vocabulary for
    types and countries (so a type with no event yet is not called unknown)."""
    stored = [v for v in session.scalars(select(getattr(Event, spec.vocabulary)).distinct()) if v]
    return sorted(set(stored) | set(static_vocabulary(spec.name)))


def unknown_values(session: Session, filters: Any) -> list[str]:
    """Problems with filter values that match nothing the store or ACLED's vocabulary knows, each with
    the closest known value: ``unknown country 'Syira' — did you mean Syria?``. Empty when all is well."""
    problems = []
    for name, values in given(filters).items():
        spec = BY_NAME[name]
        if spec.vocabulary:
            known = known_values(session, spec)
            lowered = {k.lower() for k in known}
            for value in values:
                if value.lower() in lowered or (name == "country" and _is_iso3(session, value)):
                    continue
                label = spec.cli_flag.lstrip("-")
                problems.append(f"unknown {label} {value!r}{suggestion(value, known)}")
        elif name == "actor":
            problems += _unknown_actors(session, values)
    return problems


def _is_iso3(session: Session, value: str) -> bool:
    if not (len(value) == 3 and value.isalpha()):
        return False
    hit = session.scalar(select(Event.id).where(Event.event_id_cnty.like(f"{value.upper()}%")).limit(1))
    return hit is not None


def _unknown_actors(session: Session, values: tuple[str, ...]) -> list[str]:
    """Actor values that are part of no stored actor's name (nor a common name of one)."""
    names = set()
    for column in (Event.actor1, Event.actor2, Event.assoc_actor_1, Event.assoc_actor_2):
        for cell in session.scalars(select(column).distinct()):
            names.update(part.strip() for part in (cell or "").split(";") if part.strip())
    problems = []
    for value in values:
        needles = [n.lower() for n in actor_needles(value)]
        if any(needle in name.lower() for needle in needles for name in names):
            continue
        problems.append(f"no actor named like {value!r}{suggestion(value, sorted(names))}")
    return problems
