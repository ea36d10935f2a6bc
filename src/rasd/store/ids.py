"""Stable event ids in ACLED's form: ISO 3166 alpha-3 of the event's country + a per-country number.

Numbers come from the ``event_counters`` table and only go up, so an id once given (``SYR1234``) is
never given to another event, even after its event retires.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from rasd.geo.countries import country_table
from rasd.store.models import EventCounter

UNKNOWN = "XXX"  # events with no resolvable country (none should reach the store, but ids must exist)


def iso3_of(iso: int | None, country: str | None) -> str:
    """The alpha-3 code of an event's country (``data/countries.toml``), by its ISO numeric code, else by
    name; ``XXX`` if unknown."""
    table = country_table()
    known = table.by_number(iso) or table.by_name(country)
    return known.iso3 if known else UNKNOWN


def next_event_id(session: Session, iso3: str) -> str:
    """A fresh ``event_id_cnty`` for a country, counted in the caller's transaction (the counter row is
    locked on PostgreSQL, so two writers can never draw the same number)."""
    counter = session.get(EventCounter, iso3, with_for_update=True)
    if counter is None:
        counter = EventCounter(iso3=iso3, last_value=0)
        session.add(counter)
    counter.last_value += 1
    return f"{iso3}{counter.last_value}"
