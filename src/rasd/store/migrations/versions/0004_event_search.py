"""Text search: ``event_search`` (each event's words, normalized) and its full-text index.

SQLite: an FTS5 table over ``event_search`` (external content) kept in step by triggers. PostgreSQL: a
GIN index over ``to_tsvector('simple', body)``. Existing events are indexed here, with the same code
that keeps the index current afterwards (``rasd.store.search.reindex``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE event_search_fts USING fts5(body, content='event_search', "
    "content_rowid='event_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER event_search_ai AFTER INSERT ON event_search BEGIN "
    "INSERT INTO event_search_fts(rowid, body) VALUES (new.event_id, new.body); END",
    "CREATE TRIGGER event_search_ad AFTER DELETE ON event_search BEGIN "
    "INSERT INTO event_search_fts(event_search_fts, rowid, body) "
    "VALUES ('delete', old.event_id, old.body); END",
    "CREATE TRIGGER event_search_au AFTER UPDATE ON event_search BEGIN "
    "INSERT INTO event_search_fts(event_search_fts, rowid, body) "
    "VALUES ('delete', old.event_id, old.body); "
    "INSERT INTO event_search_fts(rowid, body) VALUES (new.event_id, new.body); END",
)
POSTGRESQL_INDEX = "CREATE INDEX ix_event_search_tsv ON event_search USING gin (to_tsvector('simple', body))"


def upgrade() -> None:
    op.create_table(
        "event_search",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_search_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_search")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(POSTGRESQL_INDEX)
    from rasd.store.search import reindex

    reindex(op.get_bind())


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("event_search_ai", "event_search_ad", "event_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS event_search_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_search_tsv")
    op.drop_table("event_search")
