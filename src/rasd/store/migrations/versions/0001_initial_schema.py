"""Initial schema: articles, reports, events, retired events, per-country id counters.

Written out column by column (not imported from ``models``) so that this step stays what it was when
later migrations change the models.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _str(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _float(name: str) -> sa.Column:
    return sa.Column(name, sa.Float(), nullable=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        _str("id"),
        _text("text"),
        _text("title", nullable=True),
        _str("outlet", nullable=True),
        _str("published", nullable=True),
        _text("url", nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    op.create_table(
        "event_counters",
        _str("iso3"),
        _int("last_value"),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_event_counters")),
    )
    _create_events()
    op.create_table(
        "retired_events",
        _str("event_id_cnty"),
        sa.Column("retired_at", sa.BigInteger(), nullable=False),
        _str("merged_into", nullable=True),
        sa.PrimaryKeyConstraint("event_id_cnty", name=op.f("pk_retired_events")),
    )
    op.create_index(op.f("ix_retired_events_retired_at"), "retired_events", ["retired_at"])
    _create_reports()


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _str("event_id_cnty"),
        sa.Column("event_date", sa.Date(), nullable=True),
        _int("year", nullable=True),
        _int("time_precision"),
        _str("disorder_type"),
        _str("event_type"),
        _str("sub_event_type"),
        _str("actor1"),
        _text("assoc_actor_1"),
        _int("inter1"),
        _str("actor2"),
        _text("assoc_actor_2"),
        _int("inter2"),
        _int("interaction"),
        _str("civilian_targeting"),
        _int("iso"),
        _str("region"),
        _str("country"),
        _str("admin1"),
        _str("admin2"),
        _str("admin3"),
        _str("location"),
        _float("latitude"),
        _float("longitude"),
        _int("geo_precision"),
        _text("source"),
        _str("source_scale"),
        _text("notes"),
        _int("fatalities"),
        _str("tags"),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id_cnty", name=op.f("uq_events_event_id_cnty")),
    )
    op.create_index(
        op.f("ix_events_country_event_type_event_date"), "events", ["country", "event_type", "event_date"]
    )
    op.create_index(op.f("ix_events_event_date"), "events", ["event_date"])
    op.create_index(op.f("ix_events_timestamp"), "events", ["timestamp"])


def _create_reports() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _str("article_id"),
        _int("ordinal"),
        _int("event_id", nullable=True),
        _str("outlet", nullable=True),
        _str("published", nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        _int("time_precision"),
        _str("event_type"),
        _str("sub_event_type"),
        _str("actor1"),
        _str("actor2"),
        _text("assoc_actor_1"),
        _text("assoc_actor_2"),
        _int("inter1"),
        _int("inter2"),
        _int("interaction"),
        _str("civilian_targeting"),
        _str("country"),
        _int("iso"),
        _str("region"),
        _str("admin1"),
        _str("admin2"),
        _str("location"),
        _float("latitude"),
        _float("longitude"),
        _int("geo_precision"),
        _int("fatalities"),
        _text("source"),
        _text("notes"),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_reports_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_reports_event_id_events"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("article_id", "ordinal", name=op.f("uq_reports_article_id_ordinal")),
    )
    op.create_index(op.f("ix_reports_event_id"), "reports", ["event_id"])
    op.create_index(op.f("ix_reports_event_type_event_date"), "reports", ["event_type", "event_date"])


def downgrade() -> None:
    op.drop_table("reports")
    op.drop_table("retired_events")
    op.drop_table("events")
    op.drop_table("event_counters")
    op.drop_table("articles")
