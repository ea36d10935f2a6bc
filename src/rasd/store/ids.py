"""Stable event ids in ACLED's form: ISO 3166 alpha-3 of the event's country + a per-country number.

Numbers come from the ``event_counters`` table and only go up, so an id once given (``SYR1234``) is
never given to another event, even after its event retires.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, insert, select, update

from rasd.geo.countries import country_table
from rasd.store.models import EventCounter

UNKNOWN = "XXX"  # events with no resolvable country (none should reach the store, but ids must exist)


def iso3_of(iso: int | None, country: str | None) -> str:
    """The alpha-3 code of an event's country (``data/countries.toml``), by its ISO numeric code, else by
    name; ``XXX`` if unknown."""
    table = country_table()
    known = table.by_number(iso) or table.by_name(country)
    return known.iso3 if known else UNKNOWN


_COUNTERS = EventCounter.__table__
# every counter, read at a batch's first new event (rows locked on PostgreSQL: see ``Counters``)
_READ_ALL = select(_COUNTERS.c.iso3, _COUNTERS.c.last_value).with_for_update()
_INSERT = insert(_COUNTERS)
_UPDATE = update(_COUNTERS).where(_COUNTERS.c.iso3 == bindparam("code"))


class Counters:
    """The per-country counters of one write transaction: all read at its first new event (their rows
    locked on PostgreSQL, so two writers can never draw the same number), counted up in memory, written
    back by ``save`` in one statement for new rows and one for moved ones. A table of at most one row
    per country is read in one query; a read and a write per country and batch were a tenth of the
    statements an ingest ran, and a read and a write per new event, before that, a round trip each."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.last: dict[str, int] = {}
        self.stored: dict[str, int | None] = {}  # the value read, None when the row does not exist
        self.all_stored: dict[str, int] | None = None  # every row, once read

    def next_id(self, iso3: str) -> str:
        """A fresh ``event_id_cnty`` for a country."""
        if iso3 not in self.last:
            if self.all_stored is None:
                self.all_stored = {iso3: value for iso3, value in self.connection.execute(_READ_ALL)}
            self.stored[iso3] = self.all_stored.get(iso3)
            self.last[iso3] = self.stored[iso3] or 0
        self.last[iso3] += 1
        return f"{iso3}{self.last[iso3]}"

    def save(self) -> None:
        """Write the counters that moved (inside the caller's transaction)."""
        new = [
            {"iso3": code, "last_value": last}
            for code, last in self.last.items()
            if self.stored[code] is None
        ]
        moved = [
            {"code": code, "last_value": last}
            for code, last in self.last.items()
            if self.stored[code] is not None and last != self.stored[code]
        ]
        if new:
            self.connection.execute(_INSERT, new)
        if moved:
            self.connection.execute(_UPDATE, moved)
        self.stored.update(self.last)
