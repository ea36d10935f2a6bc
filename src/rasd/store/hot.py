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
            self.evidence_sql, self.evidence_params, _ = _positional(evidence)
            self.event_columns = tuple(event_columns)
            table = insert_event.table
            self.event_sql = (
                f"INSERT INTO {table.name} ({', '.join(self.event_columns)}) "  # type: ignore[attr-defined]
                f"VALUES ({', '.join('?' * len(self.event_columns))})"
            )

    def candidates(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of the candidates' statement, as dicts (``event_date`` a date)."""
        if self.raw is None:
            return [dict(row) for row in self.connection.execute(self.core[0], params).mappings()]
        values = [_bind(params[name]) for name in self.candidate_params]
        rows = self.raw.execute(self.candidate_sql, values).fetchall()
        names = self.candidate_names
        out = []
        for row in rows:
            found = dict(zip(names, row, strict=True))
            if found.get("event_date") is not None:
                found["event_date"] = dt.date.fromisoformat(found["event_date"])
            out.append(found)
        return out

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
        cursor = self.raw.execute(self.event_sql, [_bind(row[name]) for name in self.event_columns])
        return cursor.lastrowid

    def insert_many(self, statement: Insert, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows that all have the same keys (an insert of a whole table's columns, no defaults
        left to SQLAlchemy)."""
        if self.raw is None:
            self.connection.execute(statement, rows)
            return
        sql, names, binders = _insert_sql(statement.table, tuple(rows[0]))  # type: ignore[arg-type]
        self.raw.executemany(
            sql, [[bind(row[n]) for n, bind in zip(names, binders, strict=True)] for row in rows]
        )

    def select_in(self, statement: Select, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The rows, as dicts, of a select whose one parameter is the expanding list ``ids`` (the events
        a re-merge reads, and their reports): dates and JSON read as SQLAlchemy reads them."""
        if self.raw is None:
            return [dict(row) for row in self.connection.execute(statement, {"ids": list(ids)}).mappings()]
        sql, names, readers = _select_in_sql(statement, len(ids))
        rows = self.raw.execute(sql, list(ids)).fetchall()
        return [
            {name: read(value) for name, read, value in zip(names, readers, row, strict=True)} for row in rows
        ]


_DIALECT = sqlite.dialect()


@lru_cache(maxsize=64)
def _select_in_sql(statement: Select, count: int) -> tuple[str, list[str], list[Callable[[Any], Any]]]:
    """SQLite's SQL of a select with one expanding parameter, for ``count`` values; its column names;
    how each column's value is read (by its type)."""
    sql, params, names = _positional(statement)
    if len(params) != 1:
        raise ValueError("select_in takes a select with exactly one (expanding) parameter")
    sql = sql.replace(f"__[POSTCOMPILE_{params[0]}]", ", ".join("?" * count))
    return sql, names, [_reader(column.type) for column in statement.selected_columns]


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
def _insert_sql(
    table: Table, names: tuple[str, ...]
) -> tuple[str, tuple[str, ...], list[Callable[[Any], Any]]]:
    """SQLite's INSERT of ``names`` into ``table``, and how each value is bound (by its column's type,
    as SQLAlchemy's SQLite dialect binds it)."""
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return sql, names, [_binder(table.c[name].type) for name in names]


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
