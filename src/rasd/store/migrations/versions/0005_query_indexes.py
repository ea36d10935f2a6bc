"""Indexes the API's reads use: filters, sort orders and counts answered from indexes, not table scans.

Why each one (``rasd.store.query`` writes its SQL to match them; ``tests/test_query_plans.py`` checks
with EXPLAIN that the planner takes them):

- The filters compare ``lower(column)`` (one case-insensitive behaviour on both databases), so the
  indexes that serve them are on the same expressions: country, type and date together (the old
  ``(country, event_type, event_date)`` index was never used, as no query compared the raw column);
  type and date alone; sub-type, province and place; a box (a range of longitudes, then latitudes).
- The list orders (``sort=date``, ``-date``, ``-fatalities``) are index orders, so a page is read in
  order and stops at its end instead of sorting the whole table for every page.
- Each holds ``status`` (and the row id, which SQLite keeps in every index), so counts and the ids of a
  page come from the index alone; an expression index also ends with the raw column it lowers, without
  which neither database takes it as covering (both look for the column the expression reads).
- ``(country, status)`` replaces the unused composite, and ``(event_date, event_type, status,
  fatalities)`` the index on the date (whose ranges it serves as before): the counts of ``/api/stats``
  are two grouped walks of them, in their order, without the table.

Expressions are SQL both databases read alike; they are written here, not in the models (as the
full-text index of 0004), and ``tests/test_store.py`` leaves them out of its models-vs-schema check.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

QUERY_INDEXES = {
    "ix_events_q_country_type_date": (
        "lower(country), lower(event_type), event_date, status, country, event_type"
    ),
    "ix_events_q_type_date": "lower(event_type), event_date, status, event_type",
    "ix_events_q_sub_type": "lower(sub_event_type), status, sub_event_type",
    "ix_events_q_admin1": "lower(admin1), status, admin1",
    "ix_events_q_location": "lower(location), status, location",
    "ix_events_q_date_order": "(event_date IS NULL), event_date, id, status",
    "ix_events_q_date_order_desc": "(event_date IS NULL), event_date DESC, id DESC, status",
    "ix_events_q_fatalities_desc": "fatalities DESC, id, status",
    "ix_events_q_lon_lat": "longitude, latitude, status",
}
# (old name, new name, new columns): plain indexes, declared in the models too
REPLACED = (
    ("ix_events_country_event_type_event_date", "ix_events_country_status", ["country", "status"]),
    (
        "ix_events_event_date",
        "ix_events_event_date_event_type_status_fatalities",
        ["event_date", "event_type", "status", "fatalities"],
    ),
)
OLD_COLUMNS = {
    "ix_events_country_event_type_event_date": ["country", "event_type", "event_date"],
    "ix_events_event_date": ["event_date"],
}


def upgrade() -> None:
    for old, new, columns in REPLACED:
        op.drop_index(old, table_name="events")
        op.create_index(new, "events", columns)
    for name, columns in QUERY_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON events ({columns})")


def downgrade() -> None:
    for name in QUERY_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for old, new, _ in REPLACED:
        op.drop_index(new, table_name="events")
        op.create_index(old, "events", OLD_COLUMNS[old])
