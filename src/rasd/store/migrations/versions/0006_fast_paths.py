"""What a re-ingest looks up (``articles.source_hash``, ``articles.source_file``, ``ingested_files``), and
the actor filter's index.

- ``articles.source_hash``: a hash of the raw input line an article was last written from (NULL for an
  article that came from elsewhere: the API, the Parquet loader, a plain-text file). A re-ingest hashes
  each line's bytes and passes over a line whose hash is stored, without parsing or validating it: the
  article it gives is the one stored (``rasd.store.ingest``). Any changed byte is a new hash, so a
  changed article is read and re-extracted as before, and a bad line (never stored) is reported again.
  The index holds the article id too, so the look-up reads the index alone, not the articles' text.
- ``articles.source_file`` and ``ingested_files``: a hash of an input file's bytes, noted with how many
  articles of the store came from it (and the bad records it holds, to report again) once a run over
  the file changed nothing. A later run over a file with the same bytes, while as many articles still
  say they came from it (a write from any other input takes an article away from it), reads nothing of
  it: neither decompressing nor hashing its lines.
- ``ix_events_q_actors`` (SQLite): the four actor columns and ``status``. The actor filter looks for a
  part of a name (``LIKE '%…%'``), which no index can seek; but a count of the matching events then
  reads this index alone instead of every wide row of the table (half the time of an actor-filtered
  page). PostgreSQL is left without it: a B-tree entry there is limited to about 2,700 bytes, which four
  lists of associated actors may exceed, and an insert would fail.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

ACTOR_INDEX = "actor1, actor2, assoc_actor_1, assoc_actor_2, status"
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # nullable columns without a default: no table copy, on SQLite either
    op.add_column("articles", sa.Column("source_hash", sa.String(32), nullable=True))
    op.add_column("articles", sa.Column("source_file", sa.String(32), nullable=True))
    op.create_index("ix_articles_source_hash_id", "articles", ["source_hash", "id"])
    op.create_index("ix_articles_source_file", "articles", ["source_file"])
    op.create_table(
        "ingested_files",
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.Column("recorded_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_ingested_files")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX ix_events_q_actors ON events ({ACTOR_INDEX})")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_events_q_actors")
    op.drop_table("ingested_files")
    op.drop_index("ix_articles_source_file", table_name="articles")
    op.drop_index("ix_articles_source_hash_id", table_name="articles")
    # plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35, PostgreSQL): batch mode would copy and drop the
    # articles table, and with foreign keys on, dropping it cascades to every report of the store
    op.drop_column("articles", "source_file")
    op.drop_column("articles", "source_hash")
