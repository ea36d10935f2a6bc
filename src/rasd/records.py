"""The output record: one ACLED-style event with its evidence (CODEBOOK §4), and its CSV form (§10)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rasd.taxonomy import disorder_type, interaction_code  # noqa: F401  (re-exported: older callers)

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
RASD_COLUMNS = ("rasd_article_id", "rasd_evidence", "rasd_confidence")
# the fields whose source passage a record names in ``field_evidence``
FIELD_EVIDENCE = ("event_type", "actor1", "actor2", "location", "event_date", "fatalities", "source")


@dataclass(frozen=True)
class Evidence:
    """A passage supporting an event: character offsets into the original ``text`` (or ``title``)."""

    start: int
    end: int
    text: str
    field: str = "text"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.field != "text":
            out["field"] = self.field
        return out


@dataclass
class EventRecord:
    """One event record as one article tells it; field names and value spellings follow ACLED. (A merged
    incident, told by one or more articles, is the store's ``Incident``.)"""

    article_id: str
    event_date: dt.date | None  # a date in Python; ISO 8601 text in JSON and CSV
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
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    # the passage each field's value was read from (FIELD_EVIDENCE names); a default value has none
    field_evidence: dict[str, Evidence] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record (CODEBOOK §4 fields, plus ``region``, ``confidence`` and ``field_evidence``)."""
        out = asdict(self)
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        out["evidence"] = [e.to_dict() for e in self.evidence]
        out["field_evidence"] = {name: span.to_dict() for name, span in self.field_evidence.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @property
    def disorder_type(self) -> str:
        return disorder_type(self.event_type, self.sub_event_type)

    def to_acled_row(self) -> dict[str, Any]:
        """ACLED's columns in ACLED's order, then rasd's own (CODEBOOK §10)."""
        row: dict[str, Any] = {
            "event_id_cnty": "",
            "event_date": self.event_date.isoformat() if self.event_date else "",
            "year": self.event_date.year if self.event_date else "",
            "time_precision": self.time_precision,
            "disorder_type": self.disorder_type,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor_1": self.assoc_actor_1,
            "inter1": self.inter1,
            "actor2": self.actor2,
            "assoc_actor_2": self.assoc_actor_2,
            "inter2": self.inter2,
            "interaction": self.interaction,
            "civilian_targeting": self.civilian_targeting,
            "iso": self.iso,
            "region": self.region,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": "",
            "location": self.location,
            "latitude": self.latitude if self.latitude is not None else "",
            "longitude": self.longitude if self.longitude is not None else "",
            "geo_precision": self.geo_precision,
            "source": self.source,
            "source_scale": "",
            "notes": self.notes,
            "fatalities": self.fatalities,
            "tags": "",
            "timestamp": "",
            "rasd_article_id": self.article_id,
            "rasd_evidence": json.dumps([e.to_dict() for e in self.evidence], ensure_ascii=False),
            "rasd_confidence": round(self.confidence, 3),
        }
        return row


Event = EventRecord  # the older name, kept for callers (``rasd.Event``)


# a UTF-8 byte-order mark: without it Excel reads a CSV as the system's code page (Arabic as mojibake)
BOM = "\ufeff"


def csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(ACLED_COLUMNS + RASD_COLUMNS)
    return buffer.getvalue()


def csv_row(event: EventRecord) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS + RASD_COLUMNS, lineterminator="\n")
    writer.writerow(event.to_acled_row())
    return buffer.getvalue()
