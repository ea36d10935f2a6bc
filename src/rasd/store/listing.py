"""The web API's event lists (``GET /api/events``), read with the least work per request.

A list is read often and by many clients at once, and on the whole-corpus store a page's own SQL is a
fraction of a millisecond: what cost the time was the work around it (building and caching SQLAlchemy
statements and wrapping their results: about half of a page's time) and two filters whose SQL reads
every row. So here:

- **SQL as text, built per request from the filters** and run with ``exec_driver_sql`` (the engine's
  events still see every statement, so ``tests/test_query_plans.py`` can EXPLAIN them). Each filter
  means exactly what ``rasd.store.query.clause`` says; ``tests/test_listing.py`` checks that every
  filter of ``FILTERS`` selects the same events both ways, on SQLite and PostgreSQL. A filter this
  module does not know yet falls back to ``rasd.store.query.event_page`` (the same answer, slower).
- **The actor filter** asks for a part of a name (``LIKE '%houthi%'`` over four columns of every row:
  two thirds of all list time in the benchmark). The few hundred distinct names of the store are read
  once per store version and matched in Python (``like_regex``: SQLite's ``LIKE``, tested against
  it); the events are then selected by those exact names (``actor1 IN (…)``).
- **Remembered per filter set and store version**: counts (a dashboard asks the same filters page
  after page); for the filters no index can seek (text search, actor) every matching id in order, so
  that the count and any page of them come from one read; and each event's row as the API encodes it
  (reading and encoding a page's rows was, after the above, most of what was left). The version is
  SQLite's ``PRAGMA data_version`` on a connection of its own that never writes: it changes when any
  other connection, of this process or another (``rasd ingest`` while ``rasd serve`` runs), commits,
  and then everything remembered is forgotten. On PostgreSQL the version is the text of the snapshot
  a new statement takes (``pg_current_snapshot()``: which transactions have committed), one round trip
  per page. In-memory SQLite stores have none: every request reads afresh.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine

from rasd.store.filters import AT_LEAST, BY_NAME, CIVILIAN_TARGETING, actor_needles, given
from rasd.store.review import ACTIVE, STATUS_FIELD

ORDERS = {
    "date": "events.event_date IS NULL, events.event_date, events.id",
    "-date": "events.event_date IS NULL, events.event_date DESC, events.id DESC",
    "fatalities": "events.fatalities, events.id",
    "-fatalities": "events.fatalities DESC, events.id",
    "timestamp": "events.timestamp, events.id",
    "-timestamp": "events.timestamp DESC, events.id DESC",
}
ACTOR_COLUMNS = BY_NAME["actor"].columns
COUNTS_KEPT = 4096  # filter sets whose count is remembered (per store version)
IDS_KEPT = 1_000_000  # ids of text and actor searches remembered in all (8 bytes each)
ROW_BYTES_KEPT = 32 * 1024 * 1024  # encoded rows remembered, in bytes (the corpus store's: ~5 MB)
NAMES_KEPT = 512  # actor values whose matching names are remembered (per store version)
NEVER = "1 = 0"
STORED = ("\0",)  # the key of the stored names among the needles' (no filter value holds a NUL)


class Unsupported(Exception):
    """A filter this module has no SQL for: the caller reads the page the general way."""


class EventLists:
    """Pages of events over one engine (one per app): SQL text; counts, actor names, the matches of text
    and actor filters and encoded rows remembered per store version (thread-safe: one lock)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self._lock = threading.Lock()
        self._probe = _version_probe(engine)
        self._version: Any = None
        self._counts: OrderedDict[tuple, int] = OrderedDict()
        self._names: OrderedDict[tuple, dict[str, Any]] = OrderedDict()  # and the stored names
        self._matches: OrderedDict[tuple, array] = OrderedDict()
        self._encoded: OrderedDict[tuple, bytes] = OrderedDict()
        self._sizes: dict[int, int] = {}  # table id → the size of what it holds (see _remember)

    # -------------------------------------------------------------- the store's version

    def version(self, connection: Connection | None = None) -> Any:
        """A value that changes whenever anything is committed to the store (None: not known here).
        Remembered answers of another version are forgotten on the way. SQLite: ``PRAGMA data_version``
        of the probe connection; PostgreSQL: the snapshot a new statement would take (its text: which
        transactions have committed, so any commit changes it; commits elsewhere in the cluster
        only forget more than needed)."""
        if self._probe is not None:
            with self._lock:
                version = self._probe.execute("PRAGMA data_version").fetchone()[0]
        elif self.dialect == "postgresql" and connection is not None:
            version = connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar()
        else:
            return None
        with self._lock:
            if version != self._version:
                self._version = version
                for table in (self._counts, self._names, self._matches, self._encoded):
                    table.clear()
                self._sizes.clear()
        return version

    def close(self) -> None:
        if self._probe is not None:
            self._probe.close()

    def _remembered(self, table: OrderedDict, key: tuple, version: Any) -> Any:
        if version is None:
            return None
        with self._lock:
            if version != self._version or key not in table:
                return None
            table.move_to_end(key)
            return table[key]

    def _remember(
        self,
        table: OrderedDict,
        key: tuple,
        value: Any,
        version: Any,
        kept: int,
        size: Callable[[Any], int] = lambda _value: 1,
    ) -> None:
        """Keep ``value`` under ``key`` for this store version; the oldest go once the table holds more
        than ``kept`` (entries, or the ``size`` of each)."""
        if version is None:
            return
        with self._lock:
            if version != self._version:
                return
            held = self._sizes.get(id(table), 0) - (size(table[key]) if key in table else 0)
            table[key] = value
            held += size(value)
            while held > kept and len(table) > 1:
                held -= size(table.popitem(last=False)[1])
            self._sizes[id(table)] = held

    # -------------------------------------------------------------- a page

    def page(
        self,
        connection: Connection,
        filters: Any,
        fields: tuple[str, ...],
        sort: str,
        limit: int,
        offset: int,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, one page of rows of ``fields`` (see ``rows``)) of the matching events in ``sort``
        order: what ``rasd.store.query.event_page`` answers."""
        total, ids, _version = self.page_ids(connection, filters, sort, limit, offset)
        return total, self.rows(connection, fields, ids)

    def page_ids(
        self, connection: Connection, filters: Any, sort: str, limit: int, offset: int
    ) -> tuple[int, list[int], Any]:
        """(total, the ids of one page in ``sort`` order, the store version they were read at)."""
        version = self.version(connection)
        where, params = self.where(connection, filters, version)
        order = ORDERS[sort]
        if filters.text or filters.actor:  # no index seeks these: every match read once, in order
            ids = self.matches(connection, where, params, order, version)
            return len(ids), list(ids[offset : offset + limit]), version
        total = self.count(connection, where, params, version)
        page = []
        if offset < total:
            limits = f"LIMIT {self.mark} OFFSET {self.mark}"
            sql = f"SELECT events.id FROM events WHERE {where} ORDER BY {order} {limits}"
            page = [row[0] for row in self._run(connection, sql, [*params, limit, offset])]
        return total, page, version

    def encoded_rows(
        self,
        connection: Connection,
        fields: tuple[str, ...],
        ids: list[int],
        encode: Callable[[dict[str, Any]], bytes],
        version: Any,
    ) -> list[bytes]:
        """The rows of ``ids`` (see ``rows``), each encoded, in order. Encoded rows are remembered per
        store version (at most ``ROW_BYTES_KEPT`` bytes): a page of rows already sent is neither read
        nor encoded again until something is committed."""
        found: dict[int, bytes] = {}
        if version is not None:
            with self._lock:
                if version == self._version:
                    for event_id in ids:
                        item = self._encoded.get((fields, event_id))
                        if item is not None:
                            found[event_id] = item
        missing = [event_id for event_id in ids if event_id not in found]
        if missing:
            for event_id, row in zip(missing, self.rows(connection, fields, missing), strict=True):
                found[event_id] = item = encode(row)
                self._remember(self._encoded, (fields, event_id), item, version, ROW_BYTES_KEPT, size=len)
        return [found[event_id] for event_id in ids]

    def count(self, connection: Connection, where: str, params: list, version: Any) -> int:
        """How many events match, remembered per store version."""
        key = (where, tuple(params))
        total = self._remembered(self._counts, key, version)
        if total is None:
            total = self._run(connection, f"SELECT count(*) FROM events WHERE {where}", params)[0][0]
            self._remember(self._counts, key, total, version, COUNTS_KEPT)
        return total

    def matches(self, connection: Connection, where: str, params: list, order: str, version: Any) -> array:
        """Every matching id in order, remembered per store version (at most ``IDS_KEPT`` ids in all): for
        the filters no index can seek (words, through the full-text index; a part of an actor's name),
        whose count costs as much as reading every match, the count and every page come from one read."""
        key = (where, tuple(params), order)
        ids = self._remembered(self._matches, key, version)
        if ids is None:
            sql = f"SELECT events.id FROM events WHERE {where} ORDER BY {order}"
            ids = array("q", [row[0] for row in self._run(connection, sql, params)])
            if len(ids) <= IDS_KEPT // 8:
                self._remember(self._matches, key, ids, version, IDS_KEPT, size=len)
        return ids

    def rows(self, connection: Connection, fields: tuple[str, ...], page: list[int]) -> list[dict[str, Any]]:
        """The page's rows by id, in the page's order, as dicts of ``fields`` in their order: columns of
        ``events``, and ``reports`` (how many reports the event merges) and ``corrected`` (whether an
        analyst corrected a field); dates as ISO text."""
        if not page:
            return []
        computed = {
            "reports": "(SELECT count(*) FROM reports WHERE reports.event_id = events.id)",
            "corrected": "EXISTS (SELECT * FROM corrections WHERE corrections.event_id_cnty = "
            f"events.event_id_cnty AND corrections.field != {self.mark})",
        }
        columns = ", ".join(computed.get(name, f"events.{name}") for name in fields)
        marks = self._marks(len(page))
        sql = f"SELECT events.id, {columns} FROM events WHERE events.id IN ({marks})"
        params = [STATUS_FIELD] * ("corrected" in fields) + page
        by_id = {row[0]: row[1:] for row in self._run(connection, sql, params)}
        out = [dict(zip(fields, by_id[event_id], strict=True)) for event_id in page]
        fix_date, fix_flag = "event_date" in fields, "corrected" in fields
        for row in out:
            if fix_date and isinstance(row["event_date"], dt.date):
                row["event_date"] = row["event_date"].isoformat()
            if fix_flag:
                row["corrected"] = bool(row["corrected"])
        return out

    def _run(self, connection: Connection, sql: str, params: list) -> list[tuple]:
        return connection.exec_driver_sql(sql, tuple(params)).fetchall()

    # -------------------------------------------------------------- the filters as SQL

    def where(self, connection: Connection, filters: Any, version: Any) -> tuple[str, list]:
        """The WHERE clause (and its parameters) of the filters, as ``rasd.store.query.filtered``
        means them."""
        parts: list[str] = []
        params: list = []
        if not filters.include_rejected:
            parts.append(f"events.status = {self.mark}")
            params.append(ACTIVE)
        for name, value in given(filters).items():
            sql, values = self._clause(connection, name, value, version)
            parts.append(sql)
            params += values
        return " AND ".join(parts) or "1 = 1", params

    def _marks(self, count: int) -> str:
        return ", ".join([self.mark] * count)

    def _clause(self, connection: Connection, name: str, value: Any, version: Any) -> tuple[str, list]:
        spec = BY_NAME[name]
        column = f"events.{spec.columns[0]}" if spec.columns else ""
        if name == "country":
            return self._country(value)
        if name == "actor":
            return self._actor(connection, value, version)
        if name == "text":
            return self._text(value)
        if spec.kind == "names":
            lowered = [item.lower() for item in value]
            return f"lower({column}) IN ({self._marks(len(lowered))})", lowered
        if spec.kind == "ints":
            return f"{column} IN ({self._marks(len(value))})", list(value)
        if name == "since":
            return f"events.event_date >= {self.mark}", [self._day(value)]
        if name == "until":
            return f"events.event_date <= {self.mark}", [self._day(value)]
        if spec.kind in AT_LEAST:
            return f"{column} >= {self.mark}", [value]
        if spec.kind == "bool":
            return self._civilian_targeting(value)
        if spec.kind == "bbox":
            mark = self.mark
            between = (
                f"events.longitude BETWEEN {mark} AND {mark} AND events.latitude BETWEEN {mark} AND {mark}"
            )
            min_lon, min_lat, max_lon, max_lat = value
            return between, [min_lon, max_lon, min_lat, max_lat]
        raise Unsupported(name)

    def _day(self, day: dt.date) -> Any:
        """A date as the driver compares it: SQLite stores ISO text, PostgreSQL a date."""
        return day.isoformat() if self.dialect == "sqlite" else day

    def _country(self, values: tuple[str, ...]) -> tuple[str, list]:
        """By ACLED name, or by ISO alpha-3 (the prefix of ``event_id_cnty``), any case."""
        conditions = [f"lower(events.country) IN ({self._marks(len(values))})"]
        params: list = [value.lower() for value in values]
        for value in values:
            if len(value) == 3 and value.isalpha():
                conditions.append(f"events.event_id_cnty LIKE {self.mark}")
                params.append(f"{value.upper()}%")
        return "(" + " OR ".join(conditions) + ")", params

    def _civilian_targeting(self, wanted: bool) -> tuple[str, list]:
        from rasd.taxonomy import CIVILIAN_TARGETING_TYPES, INTER_CIVILIANS

        mark = self.mark
        types = list(CIVILIAN_TARGETING_TYPES)
        sql = (
            f"(events.civilian_targeting = {mark} OR (events.inter2 = {mark} OR events.actor2 LIKE {mark}) "
            f"AND events.event_type IN ({self._marks(len(types))}))"
        )
        params = [CIVILIAN_TARGETING, INTER_CIVILIANS, "Civilians%", *types]
        return (sql if wanted else f"NOT {sql}"), params

    def _text(self, text: str) -> tuple[str, list]:
        from rasd.store.search import fts5_query, query_groups, tsquery

        groups = query_groups(text)
        if not groups:
            return NEVER, []
        if self.dialect == "sqlite":
            sql = (
                f"events.id IN (SELECT rowid FROM event_search_fts WHERE event_search_fts MATCH {self.mark})"
            )
            return sql, [fts5_query(groups)]
        if self.dialect == "postgresql":
            sql = (
                "events.id IN (SELECT event_id FROM event_search "
                f"WHERE to_tsvector('simple', body) @@ to_tsquery('simple', {self.mark}))"
            )
            return sql, [tsquery(groups)]
        raise Unsupported("text")

    def _actor(self, connection: Connection, values: tuple[str, ...], version: Any) -> tuple[str, list]:
        """Any actor column holding one of the values as part of a name (or the name of an actor a value
        is a common name of): by the store's matching names when its version is known, else by LIKE."""
        needles = sorted({needle.lower() for value in values for needle in actor_needles(value)})
        if version is None:
            like = "{} LIKE {}" if self.dialect == "sqlite" else "lower({}) LIKE {}"
            parts = [like.format(f"events.{c}", self.mark) for _ in needles for c in ACTOR_COLUMNS]
            params = [f"%{needle}%" for needle in needles for _ in ACTOR_COLUMNS]
            return "(" + " OR ".join(parts) + ")", params
        names = self._matching_names(connection, tuple(needles), version)
        parts, params = [], []
        for column in ACTOR_COLUMNS:
            if names[column]:
                parts.append(f"events.{column} IN ({self._marks(len(names[column]))})")
                params += names[column]
        return ("(" + " OR ".join(parts) + ")", params) if parts else (NEVER, [])

    def _matching_names(
        self, connection: Connection, needles: tuple[str, ...], version: int
    ) -> dict[str, list[str]]:
        """Per actor column, its distinct stored values that hold a needle as SQLite's ``LIKE '%…%'``
        (the general filter's test) finds it, remembered per store version."""
        names = self._remembered(self._names, needles, version)
        if names is None:
            stored = self._stored_names(connection, version)
            patterns = [like_regex(needle) for needle in needles]
            names = {
                column: [name for name, folded in stored[column] if any(p.search(folded) for p in patterns)]
                for column in ACTOR_COLUMNS
            }
            self._remember(self._names, needles, names, version, NAMES_KEPT)
        return names

    def _stored_names(self, connection: Connection, version: Any) -> dict[str, list[tuple[str, str]]]:
        """Per actor column, its distinct values (each with its ASCII letters lowercased, as ``LIKE``
        compares them): a few hundred on the whole corpus, read once per store version."""
        stored = self._remembered(self._names, STORED, version)
        if stored is None:
            stored = {}
            for column in ACTOR_COLUMNS:
                rows = self._run(connection, f"SELECT DISTINCT {column} FROM events", [])
                stored[column] = sorted((row[0], row[0].translate(ASCII_LOWER)) for row in rows if row[0])
            self._remember(self._names, STORED, stored, version, NAMES_KEPT)
        return stored


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def like_regex(needle: str) -> re.Pattern[str]:
    """SQLite's ``LIKE '%needle%'`` (no ESCAPE) as a regular expression over a value whose ASCII letters
    are lowercased: ``%`` any run of characters, ``_`` any one, ASCII letters in either case, every
    other character itself."""
    parts = [
        ".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in needle.translate(ASCII_LOWER)
    ]
    return re.compile("".join(parts), re.DOTALL)


def _version_probe(engine: Engine) -> sqlite3.Connection | None:
    """A connection of its own to a SQLite file store, only ever asked ``PRAGMA data_version`` (None for
    PostgreSQL and in-memory stores)."""
    url = engine.url
    if engine.dialect.name != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:") or url.query:
        return None  # a URI filename or options: not worth guessing; counted every time
    try:
        return sqlite3.connect(url.database, check_same_thread=False)
    except sqlite3.Error:
        return None
