"""The schema, three levels deep: articles → reports (one extracted event each) → events (merged).

- ``articles``: what was read, verbatim, with a content hash so a re-ingest can tell "same" from "changed".
- ``reports``: every event the extractor found in an article, every field of the record, its evidence
  spans and confidence. Nothing extracted is thrown away: merging only points a report at an event.
- ``events``: one incident as all its reports tell it, in ACLED's columns, with an ``event_id_cnty`` that
  never changes once given and a ``timestamp`` of its last change.
- ``retired_events``: ids that a merge absorbed (or whose reports all went away), so an export can list
  deletions the way ACLED's data updates do.
- ``event_counters``: the last number given per country, so ids are never reused.
- ``corrections``: what analysts changed in an event (who, when, field, before, after, why), re-applied
  every time the event is re-merged from its reports (``rasd.store.review``); ``events.status`` says
  whether an analyst rejected the event.
- ``api_tokens``: the hashes of the tokens that let the web API write (``rasd.store.tokens``).

The migrations in ``migrations/versions`` create exactly this; a test compares the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JSONType = JSON().with_variant(JSONB(), "postgresql")


# Named constraints: SQLite migrations copy tables to alter them and can only drop what has a name.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING)


class Article(Base):
    """One input article as last ingested."""

    __tablename__ = "articles"
    __table_args__ = (
        Index(None, "source_hash", "id"),  # a re-ingest's look-up, from the index alone
        Index(None, "source_file"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String)
    published: Mapped[str | None] = mapped_column(String)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # hash of the input line it was last written from (``rasd.io.line_hash``; migration 0006): a re-ingest
    # passes over a line whose hash is stored without parsing it. NULL when it came from elsewhere.
    source_hash: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # hash of the input file's bytes it was last written (or claimed) from (``IngestedFile``)
    source_file: Mapped[str | None] = mapped_column(String(32), nullable=True)

    reports: Mapped[list[Report]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Report.ordinal",
    )


class Event(Base):
    """A merged event: ACLED's columns, as the most precise of its reports tells them."""

    __tablename__ = "events"
    __table_args__ = (
        Index(None, "country", "status"),  # stats: events by country, from the index alone
        Index(None, "event_date", "event_type", "status", "fatalities"),  # stats: by day and type; dates
        Index(None, "timestamp"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id_cnty: Mapped[str] = mapped_column(String, unique=True)
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    time_precision: Mapped[int] = mapped_column(Integer)
    disorder_type: Mapped[str] = mapped_column(String)
    event_type: Mapped[str] = mapped_column(String)
    sub_event_type: Mapped[str] = mapped_column(String)
    actor1: Mapped[str] = mapped_column(String)
    assoc_actor_1: Mapped[str] = mapped_column(Text)
    inter1: Mapped[int] = mapped_column(Integer)
    actor2: Mapped[str] = mapped_column(String)
    assoc_actor_2: Mapped[str] = mapped_column(Text)
    inter2: Mapped[int] = mapped_column(Integer)
    interaction: Mapped[int] = mapped_column(Integer)
    civilian_targeting: Mapped[str] = mapped_column(String)
    iso: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String)
    country: Mapped[str] = mapped_column(String)
    admin1: Mapped[str] = mapped_column(String)
    admin2: Mapped[str] = mapped_column(String)
    admin3: Mapped[str] = mapped_column(String)
    location: Mapped[str] = mapped_column(String)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    source_scale: Mapped[str] = mapped_column(String)
    notes: Mapped[str] = mapped_column(Text)
    fatalities: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(String)
    timestamp: Mapped[int] = mapped_column(BigInteger)
    confidence: Mapped[float] = mapped_column(Float)
    # "active", or "rejected" by an analyst (left out of lists and exports); never set by merging
    status: Mapped[str] = mapped_column(String, default="active", server_default="active")

    # passive: the database sets a deleted event's reports to NULL; the store re-points them first anyway
    reports: Mapped[list[Report]] = relationship(
        back_populates="event", order_by="Report.id", passive_deletes=True
    )


Incident = Event  # a merged incident (one or more reports); the name that tells it from records.EventRecord


class Report(Base):
    """One event as one article reports it: the extractor's record, untouched, plus its article's outlet
    and publication time (copied here so merging reads plain rows, without a join)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("article_id", "ordinal"),
        Index(None, "event_type", "event_date"),
        Index(None, "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    outlet: Mapped[str | None] = mapped_column(String)
    published: Mapped[str | None] = mapped_column(String)
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String)
    sub_event_type: Mapped[str] = mapped_column(String)
    actor1: Mapped[str] = mapped_column(String)
    actor2: Mapped[str] = mapped_column(String)
    assoc_actor_1: Mapped[str] = mapped_column(Text)
    assoc_actor_2: Mapped[str] = mapped_column(Text)
    inter1: Mapped[int] = mapped_column(Integer)
    inter2: Mapped[int] = mapped_column(Integer)
    interaction: Mapped[int] = mapped_column(Integer)
    civilian_targeting: Mapped[str] = mapped_column(String)
    country: Mapped[str] = mapped_column(String)
    iso: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String)
    admin1: Mapped[str] = mapped_column(String)
    admin2: Mapped[str] = mapped_column(String)
    location: Mapped[str] = mapped_column(String)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int] = mapped_column(Integer)
    fatalities: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    confidence: Mapped[float] = mapped_column(Float)
    # field name → the span its value was read from (migration 0003; NULL for reports written before it)
    field_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)

    article: Mapped[Article] = relationship(back_populates="reports")
    event: Mapped[Event | None] = relationship(back_populates="reports")


class RetiredEvent(Base):
    """An id that no longer names an event: absorbed by ``merged_into``, or (NULL) left with no report."""

    __tablename__ = "retired_events"

    event_id_cnty: Mapped[str] = mapped_column(String, primary_key=True)
    retired_at: Mapped[int] = mapped_column(BigInteger, index=True)
    merged_into: Mapped[str | None] = mapped_column(String)


class EventCounter(Base):
    """The last per-country number handed out, so an ``event_id_cnty`` is never given twice."""

    __tablename__ = "event_counters"

    iso3: Mapped[str] = mapped_column(String, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class Correction(Base):
    """One analyst's change to one field of an event (or to its ``status``: a rejection or restoration).

    Keyed by ``event_id_cnty``, not by row, so the history outlives a retirement. ``before`` and ``after``
    are JSON values (dates as ISO strings). The latest correction of a field is what the event shows."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id_cnty: Mapped[str] = mapped_column(String, index=True)
    field: Mapped[str] = mapped_column(String)
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String)
    created_at: Mapped[int] = mapped_column(BigInteger)


class EventSearch(Base):
    """The words of an event as text search reads them, normalized (``rasd.store.search``); full-text
    indexed by SQLite FTS5 (``event_search_fts``) or PostgreSQL (GIN over ``to_tsvector``)."""

    __tablename__ = "event_search"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class IngestedFile(Base):
    """An input file (by the hash of its bytes) that a run went over without changing anything, with
    how many articles came from it then and its bad records: while as many articles still say they came
    from it (``Article.source_file``), a run over the same bytes reads nothing of it (migration 0006)."""

    __tablename__ = "ingested_files"

    digest: Mapped[str] = mapped_column(String(32), primary_key=True)
    articles: Mapped[int] = mapped_column(Integer)  # articles that came from it
    records: Mapped[int] = mapped_column(Integer)  # its good records (an id given twice counts twice)
    errors: Mapped[list[list[str]]] = mapped_column(JSONType)  # [where, id, message] of each bad record
    recorded_at: Mapped[int] = mapped_column(BigInteger)


class ApiToken(Base):
    """A named token of the web API: only its SHA-256 is kept, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[int] = mapped_column(BigInteger)


# The record fields a report stores as they came from the extractor (CODEBOOK §4, plus confidence).
RECORD_FIELDS: tuple[str, ...] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "iso",
    "region",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
    "evidence",
    "confidence",
    "field_evidence",
)
