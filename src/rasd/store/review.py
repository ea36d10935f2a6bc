"""Analysts' review of events: corrected fields, rejection and restoration, each kept with who, when and why.

An event's fields are derived from its reports and derived again whenever one of its articles is
(re-)ingested (``update.remerge`` → ``merge.merged_fields``). A correction written into the event row
alone would be lost at the next re-merge, so corrections are kept apart, one ``corrections`` row per
changed field, and the latest correction of each field is laid over the merged values every time the
event is written (``apply_overrides``, called by ``update.remerge``). A corrected field therefore stays
corrected through new reports, changed articles and ``rasd ingest --force``; the reports themselves stay
as extracted (merging still groups them by what the articles say).

- Fields that follow from others follow the corrected values: ``year`` from ``event_date``,
  ``disorder_type`` from the type, ``interaction`` from the inter codes, ``iso`` and ``region`` from
  ``country``. A sub-event type names its event type (the 25 names are unique), so a corrected
  ``sub_event_type`` carries the type with it; coordinates are corrected as a pair.
- When a merge retires a corrected event into another, the corrections of fields the survivor has no
  correction of are carried over (``carry_over``), recorded as the survivor's corrections.
- Rejection is ``events.status`` = "rejected": merging never touches it, lists and exports leave the event
  out, and ``--deleted`` lists it. Rejecting and restoring are recorded in ``corrections`` too (field
  ``status``), so an event's history is one list.
- Every change moves the event's ``timestamp``, so an export ``--changed-since`` carries it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.geo.countries import country_table
from rasd.store.merge import event_day
from rasd.store.models import Correction, Event
from rasd.taxonomy import (  # noqa: F401  (TAXONOMY, EDITABLE ... are read from here by older callers)
    CIVILIAN_TARGETING,
    EDITABLE,
    TAXONOMY,
    TYPE_OF_SUB,
    disorder_type,
    interaction_code,
)

ACTIVE, REJECTED = "active", "rejected"
STATUS_FIELD = "status"

MAX_NAME = 500
MAX_LONG_TEXT = 10_000
MAX_FATALITIES = 1_000_000
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CorrectionError(ValueError):
    """Corrections that cannot be applied: ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.problems.items()))


@cache
def countries() -> dict[str, tuple[str, int, str]]:
    """Country name (casefolded) → (ACLED name, ISO numeric, region), for the countries rasd codes."""
    return {c.name.casefold(): (c.name, c.iso, c.region) for c in country_table()}


# ------------------------------------------------------------------------ validation


def check_value(field: str, value: Any) -> Any:
    """The value an analyst gave for ``field``, normalized (strings stripped, dates ISO); ValueError with a
    plain message when it is not a value of that field."""
    kind = EDITABLE.get(field)
    if kind is None:
        raise ValueError(f"not an editable field (editable: {', '.join(EDITABLE)})")
    if kind in ("latitude", "longitude"):
        return _coordinate(kind, value)
    if value is None:
        raise ValueError("must not be null")
    if kind == "date":
        return _date(value)
    if kind in ("precision", "inter", "count"):
        return _whole(kind, value)
    if not isinstance(value, str):
        raise ValueError("must be a string")
    text = value.strip()
    limit = MAX_LONG_TEXT if kind == "long_text" else MAX_NAME
    if len(text) > limit:
        raise ValueError(f"too long ({len(text)} characters; at most {limit})")
    if _CONTROL.search(text) or (kind != "long_text" and ("\n" in text or "\r" in text)):
        raise ValueError("holds control characters")
    if kind == "name" and not text:
        raise ValueError("must not be empty")
    if kind == "event_type" and text not in TAXONOMY:
        raise ValueError(f"not an event type; one of: {', '.join(TAXONOMY)}")
    if kind == "sub_event_type" and text not in TYPE_OF_SUB:
        raise ValueError("not a sub-event type of ACLED's taxonomy (CODEBOOK §3)")
    if kind == "civilian_targeting" and text not in CIVILIAN_TARGETING:
        raise ValueError(f'must be "" or "{CIVILIAN_TARGETING[1]}"')
    if kind == "country":
        known = countries().get(text.casefold())
        if known is None:
            raise ValueError("not a country rasd knows (English name, e.g. Syria)")
        text = known[0]
    return text


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a date string YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"out of range ({FIRST_DAY} to {LAST_DAY})")
    return day.isoformat()


def _whole(kind: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    low, high = {"precision": (1, 3), "inter": (0, 8), "count": (0, MAX_FATALITIES)}[kind]
    if not low <= value <= high:
        raise ValueError(f"must be from {low} to {high}")
    return value


def _coordinate(kind: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("must be a number or null")
    limit = 90 if kind == "latitude" else 180
    if not -limit <= value <= limit:
        raise ValueError(f"must be from -{limit} to {limit}")
    return float(value)


def check_changes(event: Event, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes, each value checked and normalized, and checked together against the event: the
    sub-event type belongs to the event type, coordinates are both set or both null. Raises
    ``CorrectionError`` naming every field that is wrong."""
    problems: dict[str, str] = {}
    checked: dict[str, Any] = {}
    if not changes:
        raise CorrectionError({"changes": "no field to change"})
    for field, value in changes.items():
        try:
            checked[field] = check_value(field, value)
        except ValueError as error:
            problems[field] = str(error)
    if problems:
        raise CorrectionError(problems)
    after = {**{name: json_value(getattr(event, name)) for name in EDITABLE}, **checked}
    if after["sub_event_type"] not in TAXONOMY.get(after["event_type"], ()):
        field = "sub_event_type" if "sub_event_type" in checked else "event_type"
        problems[field] = (
            f"{after['sub_event_type']!r} is not a sub-event type of {after['event_type']!r}; "
            f"give both (sub-types of {after['event_type']!r}: {', '.join(TAXONOMY[after['event_type']])})"
        )
    if (after["latitude"] is None) != (after["longitude"] is None):
        field = "latitude" if "latitude" in checked else "longitude"
        problems[field] = "latitude and longitude are both numbers or both null"
    if problems:
        raise CorrectionError(problems)
    return checked


def json_value(value: Any) -> Any:
    """A column value as corrections store it (JSON): dates as ISO strings."""
    return value.isoformat() if isinstance(value, dt.date) else value


# ------------------------------------------------------------------------ writing


def correct(
    session: Session,
    event: Event,
    changes: Mapping[str, Any],
    author: str,
    reason: str | None,
    now: int,
) -> list[Correction]:
    """Check ``changes`` (``check_changes``), record one correction per field whose value really changes,
    and apply them to the event (moving its ``timestamp``). Returns the corrections recorded (none when
    every value was already the event's)."""
    checked = check_changes(event, changes)
    point = ("latitude", "longitude")
    differs = {field for field, value in checked.items() if json_value(getattr(event, field)) != value}
    if differs & set(point):  # a point is corrected whole: the unchanged half is recorded as well
        for field in point:
            checked.setdefault(field, getattr(event, field))
            differs.add(field)
    recorded = []
    for field in (name for name in checked if name in differs):
        row = Correction(
            event_id_cnty=event.event_id_cnty,
            field=field,
            before=json_value(getattr(event, field)),
            after=checked[field],
            reason=reason or None,
            author=author,
            created_at=now,
        )
        session.add(row)
        recorded.append(row)
    if recorded:
        _apply_to_event(event, {row.field: row.after for row in recorded}, now)
        session.flush()
    return recorded


def set_status(
    session: Session, event: Event, status: str, author: str, reason: str | None, now: int
) -> Correction | None:
    """Reject (``REJECTED``) or restore (``ACTIVE``) an event; None when it already has that status."""
    if status not in (ACTIVE, REJECTED):
        raise ValueError(f"status is {ACTIVE!r} or {REJECTED!r}")
    if event.status == status:
        return None
    row = Correction(
        event_id_cnty=event.event_id_cnty,
        field=STATUS_FIELD,
        before=event.status,
        after=status,
        reason=reason or None,
        author=author,
        created_at=now,
    )
    session.add(row)
    event.status = status
    event.timestamp = now
    session.flush()
    return row


# ------------------------------------------------------------------------ re-applying


def latest_corrections(session: Session, event_ids: Iterable[str]) -> dict[str, dict[str, Correction]]:
    """Per event id, per field, the latest correction (status changes left out)."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, dict[str, Correction]] = {}
    if not ids:
        return out
    rows = session.scalars(
        select(Correction)
        .where(Correction.event_id_cnty.in_(ids), Correction.field != STATUS_FIELD)
        .order_by(Correction.id)
    )
    for row in rows:
        out.setdefault(row.event_id_cnty, {})[row.field] = row
    return out


def overrides(session: Session, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Per event id, the corrected value of each corrected field."""
    return {
        event_id: {field: row.after for field, row in fields_.items()}
        for event_id, fields_ in latest_corrections(session, event_ids).items()
    }


def apply_overrides(values: Mapping[str, Any], corrected: Mapping[str, Any]) -> dict[str, Any]:
    """Merged event values with the corrected fields laid over them, and the fields that follow from
    those recomputed. Values keep the caller's form; a corrected ``event_date`` (stored as ISO text) becomes
    a date, as the merged one is."""
    out = dict(values)
    if not corrected:
        return out
    out.update({field: value for field, value in corrected.items() if field in EDITABLE})
    if corrected.get("sub_event_type") in TYPE_OF_SUB:
        out["event_type"] = TYPE_OF_SUB[corrected["sub_event_type"]]
    if "event_type" in corrected or "sub_event_type" in corrected:
        out["disorder_type"] = disorder_type(out["event_type"], out["sub_event_type"])
    if "event_date" in corrected:
        out["event_date"] = day = event_day(out)
        out["year"] = day.year if day else None
    if "inter1" in corrected or "inter2" in corrected:
        out["interaction"] = interaction_code(out["inter1"], out["inter2"])
    if "country" in corrected:
        known = countries().get(str(out["country"]).casefold())
        if known is not None:
            out["country"], out["iso"], out["region"] = known
    return out


def _apply_to_event(event: Event, corrected: Mapping[str, Any], now: int) -> bool:
    """Lay ``corrected`` over the event's current values; move its timestamp when anything changed."""
    current = {column.name: getattr(event, column.name) for column in Event.__table__.columns}
    values = apply_overrides(current, corrected)
    changed = False
    for name, value in values.items():
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed = True
    if changed:
        event.timestamp = now
    return changed


_UNITS = (frozenset({"event_type", "sub_event_type"}), frozenset({"latitude", "longitude"}))


def carry_over(session: Session, retired: Event, survivor: Event, now: int) -> list[Correction]:
    """When a merge retires ``retired`` into ``survivor``: the retired event's corrections of fields the
    survivor has none of become the survivor's (recorded as its corrections, with the original author),
    and are applied to it. Type and sub-type, and latitude and longitude, go as units."""
    found = latest_corrections(session, [retired.event_id_cnty, survivor.event_id_cnty])
    theirs = found.get(retired.event_id_cnty, {})
    mine = found.get(survivor.event_id_cnty, {})
    taken = set(mine)
    for unit in _UNITS:
        if unit & taken:
            taken |= unit
    recorded = []
    for field, row in theirs.items():
        if field in taken:
            continue
        note = f"carried over from {retired.event_id_cnty}" + (f": {row.reason}" if row.reason else "")
        copy = Correction(
            event_id_cnty=survivor.event_id_cnty,
            field=field,
            before=json_value(getattr(survivor, field)),
            after=row.after,
            reason=note,
            author=row.author,
            created_at=now,
        )
        session.add(copy)
        recorded.append(copy)
    if recorded:
        _apply_to_event(survivor, {row.field: row.after for row in recorded}, now)
    return recorded


# ------------------------------------------------------------------------ reading


def history(session: Session, event_id: str) -> list[Correction]:
    """Every correction of an event, oldest first (status changes included)."""
    return list(
        session.scalars(
            select(Correction).where(Correction.event_id_cnty == event_id).order_by(Correction.id)
        )
    )


def corrected_ids(session: Session, event_ids: Iterable[str]) -> set[str]:
    """Those of ``event_ids`` with at least one corrected field (rejection alone does not count)."""
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return set()
    query = select(Correction.event_id_cnty).where(
        Correction.event_id_cnty.in_(ids), Correction.field != STATUS_FIELD
    )
    return set(session.scalars(query.distinct()))
