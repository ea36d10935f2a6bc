"""The web API's request and response bodies (they make the OpenAPI schema at ``/openapi.json``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

Name = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=10_000)]
Precision = Annotated[StrictInt, Field(ge=1, le=3)]
Inter = Annotated[StrictInt, Field(ge=0, le=8)]


class Span(BaseModel):
    """A passage of an article: ``text[start:end]`` of its body, or of its title when ``field`` is
    "title"."""

    start: int
    end: int
    text: str
    field: Literal["text", "title"] = "text"


class EventSummary(BaseModel):
    """An event as lists, maps and timelines need it."""

    event_id_cnty: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    assoc_actor_1: str
    assoc_actor_2: str
    country: str
    admin1: str
    admin2: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int
    source: str
    notes: str
    status: Literal["active", "rejected"]
    corrected: bool = Field(description="an analyst corrected at least one field")
    reports: int = Field(description="how many reports (extracted from articles) the event merges")
    timestamp: int = Field(description="Unix time of the event's last change")


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, all pages")
    limit: int
    offset: int
    items: list[EventSummary]


class RecordFields(BaseModel):
    """The fields of an extracted event record (CODEBOOK §4), shared by reports and extraction results."""

    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    assoc_actor_1: str
    assoc_actor_2: str
    inter1: int
    inter2: int
    interaction: int
    civilian_targeting: str
    country: str
    iso: int
    region: str
    admin1: str
    admin2: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int
    source: str
    notes: str


class ReportOut(RecordFields):
    """One article's account of the event: the fields as extracted, and the passages behind them."""

    article_id: str
    ordinal: int = Field(description="the report's place among its article's events")
    outlet: str | None
    published: str | None
    title: str | None
    confidence: float
    evidence: list[Span]
    field_evidence: dict[str, Span] | None = Field(
        default=None,
        description="the passage each field was read from (event_type, actor1, actor2, location, event_date, "
        "fatalities, source); null for a report stored before rasd kept them",
    )


class CorrectionOut(BaseModel):
    """One change an analyst made (``field`` "status" for a rejection or restoration)."""

    id: int
    event_id_cnty: str
    field: str
    before: Any
    after: Any
    reason: str | None
    author: str
    created_at: int = Field(description="Unix time")


class EventDetail(BaseModel):
    """One event: every ACLED column, its reports with their evidence, its sources and its history."""

    event_id_cnty: str
    event_date: str | None
    year: int | None
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int
    interaction: int
    civilian_targeting: str
    iso: int
    region: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    source: str
    source_scale: str
    notes: str
    fatalities: int
    tags: str
    timestamp: int
    confidence: float
    status: Literal["active", "rejected"]
    corrected: bool
    article_ids: list[str]
    sources: list[str]
    reports: list[ReportOut]
    corrections: list[CorrectionOut]


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    ingested_at: str
    reports: int
    events: list[str] = Field(description="ids of the events its reports belong to")


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleSpan(Span):
    """An evidence passage of the article, with the event it supports (for highlighting)."""

    event_id_cnty: str | None
    event_status: Literal["active", "rejected"] | None
    report: int = Field(description="ordinal of the report the passage belongs to")


class ArticleDetail(BaseModel):
    """An article as stored, with every evidence passage of its reports. ``text`` and ``title`` are the
    article's own: render them as text, never as HTML."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    ingested_at: str
    text: str
    evidence: list[ArticleSpan]


class DayTypeCount(BaseModel):
    date: str
    event_type: str
    events: int
    fatalities: int


class Stats(BaseModel):
    """Counts of the store; ``events``, ``fatalities`` and the breakdowns follow the filters."""

    articles: int
    reports: int
    events: int
    fatalities: int
    retired: int
    rejected: int
    by_country: dict[str, int]
    by_event_type: dict[str, int]
    by_day: dict[str, int]
    by_day_type: list[DayTypeCount]
    by: list[str] | None = Field(default=None, description="the dimensions asked for with ``by``")
    groups: list[dict[str, str | int]] | None = Field(
        default=None,
        description="with ``by``: one object per group, a key per dimension (a week is named by its "
        "Monday, a month YYYY-MM), then ``events`` and ``fatalities``",
    )


class PlaceLabel(BaseModel):
    """A place of the gazetteer, to label the map with."""

    name: str
    latitude: float
    longitude: float
    population: int


class FilterInfo(BaseModel):
    """One event filter, as ``rasd.store.filters`` declares it for the CLI, the API and the dashboard."""

    name: str
    param: str = Field(description="the query parameter")
    flag: str = Field(description="the option of rasd events/export/stats")
    kind: str
    multi: bool = Field(description="takes several values, comma-separated or repeated")
    help: str
    example: str


class ExtractRequest(BaseModel):
    """One article to read; nothing is stored."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article's body, Arabic, at most 200,000 characters")
    published: str | None = Field(default=None, description="ISO 8601 date or time, e.g. 2019-02-13")
    title: str | None = Field(default=None, max_length=10_000)
    outlet: str | None = Field(default=None, max_length=500)
    id: str | None = Field(default=None, max_length=500, description="article id put in the records")


class ExtractedEvent(RecordFields):
    """An event record as ``rasd extract`` writes it (CODEBOOK §4)."""

    article_id: str
    evidence: list[Span]
    confidence: float
    field_evidence: dict[str, Span] = Field(
        default_factory=dict, description="the passage each field was read from; none for a default value"
    )


class ExtractResponse(BaseModel):
    events: list[ExtractedEvent]


class ArticleIn(BaseModel):
    """An article record (CODEBOOK §1)."""

    id: str | int
    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)
    force: bool = Field(default=False, description="re-extract articles whose content is unchanged")


class RecordProblem(BaseModel):
    index: int = Field(description="position in `articles`")
    id: str
    message: str


class IngestResponse(BaseModel):
    read: int
    new: int
    changed: int
    unchanged: int
    reports: int
    events_new: int
    events_updated: int
    events_retired: int
    errors: list[RecordProblem]
    notes: list[str] = Field(
        default_factory=list,
        description="what is no error but worth knowing: an id given twice (the later article is kept)",
    )


class EventChanges(BaseModel):
    """Fields to correct, each optional; the others keep their values. ``year``, ``disorder_type``,
    ``interaction``, ``iso`` and ``region`` follow from the fields given."""

    model_config = ConfigDict(extra="forbid")

    event_date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None  # type: ignore[assignment]
    time_precision: Precision = None  # type: ignore[assignment]
    event_type: Name = None  # type: ignore[assignment]
    sub_event_type: Name = None  # type: ignore[assignment]
    actor1: Name = None  # type: ignore[assignment]
    actor2: Name = None  # type: ignore[assignment]
    assoc_actor_1: Name = None  # type: ignore[assignment]
    assoc_actor_2: Name = None  # type: ignore[assignment]
    inter1: Inter = None  # type: ignore[assignment]
    inter2: Inter = None  # type: ignore[assignment]
    civilian_targeting: Literal["", "Civilian targeting"] = None  # type: ignore[assignment]
    country: Name = None  # type: ignore[assignment]
    admin1: Name = None  # type: ignore[assignment]
    admin2: Name = None  # type: ignore[assignment]
    admin3: Name = None  # type: ignore[assignment]
    location: Name = None  # type: ignore[assignment]
    latitude: Annotated[StrictFloat | StrictInt, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[StrictFloat | StrictInt, Field(ge=-180, le=180)] | None = None
    geo_precision: Precision = None  # type: ignore[assignment]
    fatalities: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = None  # type: ignore[assignment]
    source: Name = None  # type: ignore[assignment]
    notes: LongText = None  # type: ignore[assignment]
    tags: Name = None  # type: ignore[assignment]

    def given(self) -> dict[str, Any]:
        """The fields the request set."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class CorrectionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: EventChanges
    reason: str | None = Field(default=None, max_length=2000)


class ReasonRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    schema_revision: str | None


class EditableField(BaseModel):
    """A field an analyst may correct: its kind of value, and the values to choose from where closed."""

    name: str
    kind: str
    choices: list[str | int] | None = None


class Meta(BaseModel):
    """What the dashboard's filters and review form offer."""

    event_types: dict[str, list[str]] = Field(description="event type → its sub-event types (ACLED)")
    disorder_types: dict[str, list[str]] = Field(description="event type → the disorder types it falls under")
    inter_codes: dict[str, str] = Field(description="actor type code (inter1, inter2) → ACLED's label")
    interaction_codes: dict[str, str] = Field(
        description="interaction code → ACLED's label (smaller code first; one-sided: 10 × inter1, 'X only')"
    )
    civilian_targeting: list[str]
    editable_fields: list[str] = Field(description="names of the fields PATCH /api/events/{id} accepts")
    editable: list[EditableField]
    countries: list[str]
    export_formats: list[str]
    write_token_required: bool
    read_token_required: bool
