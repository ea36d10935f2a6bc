"""The write path's most frequent statements, run on SQLite's own connection.

An ingest asks, for every new report, which stored reports it might join (``candidates``), for some of
those their evidence (``evidence``), inserts each new event on its own to learn its id
(``insert_event``), and the reports of each article with events (``insert_many``, also the batch's new
articles): most of the statements a first ingest runs. Through SQLAlchemy each costs
about 50 µs of work around the database's own (parameters compiled and processed, a result object
built per statement and per row), a tenth of what the store adds to extraction. On SQLite they run
here on the driver's connection, in the caller's transaction, with SQLAlchemy's own SQL (compiled
once from the Core statement) and its value conversions done by hand, as SQLAlchemy's SQLite dialect
does them for these column types: dates as ISO text both ways, times with their microseconds, JSON
written by ``json.dumps`` and read by ``json.loads``. Other
databases take the Core statements as before (``tests/test_store_write.py`` runs both).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Insert, Select, Table
from sqlalchemy.dialects import sqlite


class HotStatements:
    """``candidates``, ``evidence`` and ``insert_event`` on ``connection``: on SQLite through its driver
    connection, elsewhere through the Core statements given."""

    def __init__(
        self,
        connection: Connection,
        candidates: Select,
        evidence: Select,
        insert_event: Insert,
        event_columns: Sequence[str],
    ):
        self.connection = connection
        self.core = (candidates, evidence, insert_event)
        raw = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
        self.raw: Any = raw
        if raw is not None:
            self.candidate_sql, self.candidate_params, self.candidate_names = _positional(candidates)
            self.candidate_row = _row_reader(candidates)
            self.evidence_sql, self.evidence_params, _ = _positional(evidence)
            self.event_sql, self.event_values = _insert_plan(insert_event.table, tuple(event_columns))  # type: ignore[arg-type]

    def candidates(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of the candidates' statement, as dicts (``event_date`` a date)."""
        if self.raw is None:
            return [dict(row) for row in self.connection.execute(self.core[0], params).mappings()]
        values = [_bind(params[name]) for name in self.candidate_params]
        rows = self.raw.execute(self.candidate_sql, values).fetchall()
        names, read = self.candidate_names, self.candidate_row
        return [dict(zip(names, read(row), strict=True)) for row in rows]

    def evidence(self, params: Mapping[str, Any]) -> Any:
        """The one JSON value the evidence statement selects (decoded), or None."""
        if self.raw is None:
            return self.connection.execute(self.core[1], params).scalar()
        row = self.raw.execute(self.evidence_sql, [_bind(params[n]) for n in self.evidence_params]).fetchone()
        return None if row is None else _json_value(row[0])

    def insert_event(self, row: Mapping[str, Any]) -> int:
        """Insert one event row (every one of ``event_columns``); its new id."""
        if self.raw is None:
            return self.connection.execute(self.core[2], row).inserted_primary_key[0]
        return self.raw.execute(self.event_sql, self.event_values(row)).lastrowid

    def insert_many(self, statement: Insert, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows that all have the same keys (an insert of a whole table's columns, no defaults
        left to SQLAlchemy)."""
        if self.raw is None:
            self.connection.execute(statement, rows)
            return
        sql, values = _insert_plan(statement.table, tuple(rows[0]))  # type: ignore[arg-type]
        self.raw.executemany(sql, map(values, rows))

    def select_in(self, statement: Select, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The rows, as dicts, of a select whose one parameter is the expanding list ``ids`` (the events
        a re-merge reads, and their reports): dates and JSON read as SQLAlchemy reads them."""
        return select_in(self.connection, statement, ids)


def select_in(connection: Connection, statement: Select, values: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows, as dicts, of a select whose one parameter is an expanding list, given ``values``: on
    SQLite through its driver connection (SQLAlchemy rendered the 256 values of a batch's hash look-up
    in 2.5 ms), elsewhere through SQLAlchemy."""
    if not values:
        return []
    sql, params, _ = _positional(statement)
    raw = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
    if raw is None or len(values) > _MOST_VALUES:
        return [dict(row) for row in connection.execute(statement, {params[0]: list(values)}).mappings()]
    sql, names, read = _select_in_sql(statement, len(values))
    rows = raw.execute(sql, list(values)).fetchall()
    return [dict(zip(names, read(row), strict=True)) for row in rows]


_MOST_VALUES = 30_000  # SQLite takes at most 32,766 parameters in one statement


_DIALECT = sqlite.dialect()


@lru_cache(maxsize=512)
def _select_in_sql(statement: Select, count: int) -> tuple[str, list[str], Callable[[Sequence[Any]], Any]]:
    """SQLite's SQL of a select with one expanding parameter, for ``count`` values; its column names;
    how a row's values are read (``_row_reader``)."""
    sql, params, names = _positional(statement)
    if len(params) != 1:
        raise ValueError("select_in takes a select with exactly one (expanding) parameter")
    sql = sql.replace(f"__[POSTCOMPILE_{params[0]}]", ", ".join("?" * count))
    return sql, names, _row_reader(statement)


@lru_cache(maxsize=16)
def _row_reader(statement: Select) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A row's values as SQLAlchemy reads them (``_reader`` of each column's type). Only the columns
    that need it are converted: a call per value, most of them the identity, was a third of the cost
    of reading an event's neighbourhood."""
    return _converter([_reader(column.type) for column in statement.selected_columns])


def _converter(functions: Sequence[Callable[[Any], Any]]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """``values`` → ``[functions[i](values[i]) …]``, calling only the functions that are not ``_same``."""
    convert = [(i, function) for i, function in enumerate(functions) if function is not _same]
    if not convert:
        return _same

    def apply(values: Sequence[Any]) -> list[Any]:
        out = list(values)
        for i, function in convert:
            out[i] = function(out[i])
        return out

    return apply


def _reader(column_type: Any) -> Callable[[Any], Any]:
    """JSON decoded (SQL NULL and JSON ``null`` alike None), a date from its ISO text; others as read."""
    if isinstance(column_type, JSON):
        return _json_value
    if isinstance(column_type, Date) and not isinstance(column_type, DateTime):
        return _date_value
    return _same


def _json_value(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _date_value(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


@lru_cache(maxsize=16)
def _insert_plan(
    table: Table, names: tuple[str, ...]
) -> tuple[str, Callable[[Mapping[str, Any]], Sequence[Any]]]:
    """SQLite's INSERT of ``names`` into ``table``, and a row's values for it, each bound by its
    column's type as SQLAlchemy's SQLite dialect binds it (``_binder``; the values of the columns bound
    as they are taken in one step: a call per value was most of the cost of an insert's parameters)."""
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    take = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    bind = _converter([_binder(table.c[name].type) for name in names])
    if bind is _same:
        return sql, take
    return sql, lambda row: bind(take(row))


def _binder(column_type: Any) -> Callable[[Any], Any]:
    """JSON as ``json.dumps`` gives it (None as JSON ``null``), a date as ISO text, a date and time as
    SQLAlchemy writes it (microseconds always, no zone); other values as they are."""
    if isinstance(column_type, JSON):
        return json.dumps
    if isinstance(column_type, DateTime):
        return _datetime_text
    if isinstance(column_type, Date):
        return _bind
    return _same


def _same(value: Any) -> Any:
    return value


def _datetime_text(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


@lru_cache(maxsize=16)
def _positional(statement: Select) -> tuple[str, list[str], list[str]]:
    """SQLite's SQL of a Core select, its parameter names in order, and its result column names
    (compiled once per process: compiling cost a millisecond per batch)."""
    compiled = statement.compile(dialect=_DIALECT)
    return compiled.string, list(compiled.positiontup or ()), [c.key for c in statement.selected_columns]


def _bind(value: Any) -> Any:
    """A value as SQLAlchemy's SQLite dialect binds it: a date as ISO text, anything else as it is."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value
