"""Per-field evidence: ``reports.field_evidence``, the passage each field of a report was read from.

A nullable JSON column (``{"actor1": {"start", "end", "text"[, "field"]}, ...}``): reports written by an
older rasd have none until their article is re-extracted (``rasd ingest --force``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # a nullable column without a default: no table copy, on SQLite either
    op.add_column("reports", sa.Column("field_evidence", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("field_evidence")
