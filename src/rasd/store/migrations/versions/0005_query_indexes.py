"""Indexes the API's reads use: filters, sort orders and counts answered from indexes, not table scans.

Why each one (``rasd.store.query`` writes its SQL to match them; ``tests/test_query_plans.py`` checks
with EXPLAIN that the planner takes them):

- The filters compare ``lower(column)`` (one case-insensitive behaviour on both databases), so the
  indexes that serve them are on the same expressions: country, type and date together (the old
  ``(country, event_type, event_date)`` index was never used, as no query compared the raw column);
  type and date alone; sub-type, province and place.
- The list orders (``sort=date``, ``-date``, ``-fatalities``) are index orders, so a page is read in
  order and stops at its end instead of sorting the whole table for every page.
- Each holds ``status`` (and the row id, which SQLite keeps in every index), so counts and the ids of a
  page come from the index alone; an expression index also ends with the raw column it lowers, without
  which neither database takes it as covering (both look for the column the expression reads).
- ``(country, event_type, event_date, status, fatalities)`` replaces the unused composite: the counts of
  ``/api/stats`` (by country, type, day) are one grouped walk of it, in its order, without the table.

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
}
OLD_COMPOSITE = "ix_events_country_event_type_event_date"
STATS_INDEX = "ix_events_country_event_type_event_date_status_fatalities"
STATS_COLUMNS = ["country", "event_type", "event_date", "status", "fatalities"]


def upgrade() -> None:
    op.drop_index(OLD_COMPOSITE, table_name="events")
    op.create_index(STATS_INDEX, "events", STATS_COLUMNS)
    for name, columns in QUERY_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON events ({columns})")


def downgrade() -> None:
    for name in QUERY_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index(STATS_INDEX, table_name="events")
    op.create_index(OLD_COMPOSITE, "events", ["country", "event_type", "event_date"])
