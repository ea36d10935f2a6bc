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
_READ = select(_COUNTERS.c.last_value).where(_COUNTERS.c.iso3 == bindparam("code")).with_for_update()
_INSERT = insert(_COUNTERS)
_UPDATE = update(_COUNTERS).where(_COUNTERS.c.iso3 == bindparam("code"))


class Counters:
    """The per-country counters of one write transaction: each read once (its row locked on PostgreSQL,
    so two writers can never draw the same number), counted up in memory, written back by ``save``. One
    read and one write per country and batch, where a read and a write per new event cost a round trip
    each."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.last: dict[str, int] = {}
        self.stored: dict[str, int | None] = {}  # the value read, None when the row does not exist

    def next_id(self, iso3: str) -> str:
        """A fresh ``event_id_cnty`` for a country."""
        if iso3 not in self.last:
            self.stored[iso3] = self.connection.execute(_READ, {"code": iso3}).scalar()
            self.last[iso3] = self.stored[iso3] or 0
        self.last[iso3] += 1
        return f"{iso3}{self.last[iso3]}"

    def save(self) -> None:
        """Write the counters that moved (inside the caller's transaction)."""
        for iso3, last in self.last.items():
            before = self.stored[iso3]
            if before is None:
                self.connection.execute(_INSERT, {"iso3": iso3, "last_value": last})
            elif last != before:
                self.connection.execute(_UPDATE, {"code": iso3, "last_value": last})
            self.stored[iso3] = last
