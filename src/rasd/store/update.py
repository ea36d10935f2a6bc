"""Writing one article into the store: its row, its reports, and the events they belong to.

``apply_article`` is the whole change an article brings, done inside the caller's transaction so that
an article is either fully in the store (article, reports, events re-merged) or not at all:
1. same content hash as stored → nothing to do (re-ingesting changes nothing);
2. otherwise the article row is written and its old reports (if any) are replaced by the new ones;
3. the neighbourhood is re-merged: the new reports, and every report of every event that either held
   one of the old reports or holds a report the new ones match. ``merge.clusters`` groups them,
   ``merge.assign_ids`` decides which event keeps which id, and absorbed or emptied events retire.
4. analysts' corrections are laid over the re-merged fields of every event that keeps its id, and
   carried from an absorbed event to its survivor (``review``), so a correction outlives any re-merge.
Events are closed groups (no report of one matches a report of another), so one hop of neighbours
is all a new report can join.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rasd.io import Article
from rasd.store import merge, review
from rasd.store.db import begin_immediate
from rasd.store.ids import iso3_of, next_event_id
from rasd.store.models import RECORD_FIELDS, Event, Report, RetiredEvent
from rasd.store.models import Article as ArticleRow

WRITER_LOCK = 0x72617364  # "rasd": PostgreSQL advisory lock that lets one ingest write at a time


@dataclass
class Tally:
    """What an ingest did, for its closing line."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reports: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_retired: int = 0
    # the ids behind the three counts, so that a run's totals add up: an event made and then changed in
    # one run is new (not also updated); one made and retired in the run was never there before or after
    new_ids: set[str] = field(default_factory=set, repr=False)
    updated_ids: set[str] = field(default_factory=set, repr=False)
    retired_ids: set[str] = field(default_factory=set, repr=False)

    def add(self, other: Tally) -> None:
        """Fold in another article's tally: counts of articles and reports add; the event counts are
        recounted from the ids, so the store's events after a run = before + new - retired."""
        for item in fields(self):
            if item.name.endswith("_ids"):
                getattr(self, item.name).update(getattr(other, item.name))
            elif not item.name.startswith("events_"):
                setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        self.events_new = len(self.new_ids - self.retired_ids)
        self.events_updated = len(self.updated_ids - self.new_ids - self.retired_ids)
        self.events_retired = len(self.retired_ids - self.new_ids)


def content_hash(article: Article) -> str:
    """SHA-256 of everything stored of an article: a changed title or date is a new version too."""
    parts = [article.text, article.title, article.published, article.outlet, article.url]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def lock_writer(session: Session) -> None:
    """Serialize writers for this transaction: PostgreSQL's advisory lock; on SQLite the write lock is
    taken at once (``BEGIN IMMEDIATE``), so what the writer reads next is what no one else changes
    before it commits (two ingests of one input: the second finds the first's articles, no duplicate)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
    elif connection.dialect.name == "sqlite":
        begin_immediate(connection)


def apply_article(
    session: Session,
    article: Article,
    digest: str,
    records: Sequence[Mapping[str, Any]],
    now: int,
    force: bool = False,
) -> Tally:
    """Store one article and the event records extracted from it (``Event.to_dict()`` form).
    ``force`` replaces the reports even when the article is unchanged (after an extractor upgrade)."""
    tally = Tally()
    row = session.get(ArticleRow, article.id)
    if row is not None and row.content_hash == digest and not force:
        tally.unchanged = 1
        return tally
    old = [(report_dict(r), r.event_id) for r in row.reports] if row is not None else []
    if row is None:
        row = ArticleRow(id=article.id)
        session.add(row)
        tally.new = 1
    else:
        tally.changed = 1
    write_article(row, article, digest)
    row.reports.clear()
    session.flush()
    new_reports = [new_report(article, i, record) for i, record in enumerate(records)]
    row.reports.extend(new_reports)
    session.flush()
    tally.reports = len(new_reports)
    remerge(session, new_reports, old, now, tally)
    return tally


def write_article(row: ArticleRow, article: Article, digest: str) -> None:
    row.text = article.text
    row.title = article.title
    row.outlet = article.outlet
    row.published = article.published
    row.url = article.url
    row.content_hash = digest
    row.ingested_at = dt.datetime.now(dt.UTC)


def new_report(article: Article, ordinal: int, record: Mapping[str, Any]) -> Report:
    values = {name: record.get(name) for name in RECORD_FIELDS}
    values["event_date"] = merge.event_day(record)
    values["evidence"] = list(record.get("evidence") or [])
    values["confidence"] = float(record.get("confidence") or 0.0)
    return Report(ordinal=ordinal, outlet=article.outlet, published=article.published, **values)


def report_dict(report: Report) -> dict[str, Any]:
    """A stored report as the plain mapping ``merge`` works on."""
    out = {name: getattr(report, name) for name in RECORD_FIELDS}
    out.update(
        article_id=report.article_id, ordinal=report.ordinal, outlet=report.outlet, published=report.published
    )
    return out


# ------------------------------------------------------------------------ re-merging


def remerge(
    session: Session,
    new_reports: list[Report],
    old: list[tuple[dict[str, Any], int | None]],
    now: int,
    tally: Tally,
) -> None:
    """Re-group the neighbourhood of the article's reports and bring its events up to date."""
    new_dicts = [report_dict(r) for r in new_reports]
    affected = {event_id for _, event_id in old if event_id is not None}
    affected |= _matching_events(session, new_reports, new_dicts)
    if not new_reports and not affected:
        return
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(affected)))}
    members = list(session.scalars(select(Report).where(Report.event_id.in_(affected)).order_by(Report.id)))
    group = members + new_reports
    dicts = [report_dict(r) for r in members] + new_dicts
    parts = merge.clusters(dicts)
    heritage = _heritage(parts, group, dicts, len(members), old)
    ids, retired = merge.assign_ids(heritage, sorted(events))
    corrected = review.overrides(session, (e.event_id_cnty for e in events.values()))
    for part, event_id in zip(parts, ids, strict=True):
        fields_ = merge.merged_fields([dicts[i] for i in part])
        event = events[event_id] if event_id is not None else None
        if event is not None:  # the analysts' word over the reports' (review module)
            fields_ = review.apply_overrides(fields_, corrected.get(event.event_id_cnty, {}))
        event = _write_event(session, event, fields_, now, tally)
        for i in part:
            group[i].event = event
    session.flush()
    for event_id, into in retired.items():
        survivor = events[into] if into is not None else None
        if survivor is not None and events[event_id].event_id_cnty in corrected:
            review.carry_over(session, events[event_id], survivor, now)
        _retire(session, events[event_id], survivor, now)
        tally.events_retired += 1
        tally.retired_ids.add(events[event_id].event_id_cnty)


def _matching_events(session: Session, new_reports: list[Report], new_dicts: list[dict]) -> set[int]:
    """Events holding a stored report that one of the new reports is the same incident as."""
    found: set[int] = set()
    for report, as_dict in zip(new_reports, new_dicts, strict=True):
        if report.event_date is None:
            continue
        window = (report.event_date - dt.timedelta(days=1), report.event_date + dt.timedelta(days=1))
        candidates = session.scalars(
            select(Report).where(
                Report.event_type == report.event_type,
                Report.event_date.between(*window),
                Report.country == report.country,
                Report.event_id.is_not(None),
            )
        )
        for candidate in candidates:
            if merge.same_incident(as_dict, report_dict(candidate)):
                found.add(candidate.event_id)  # type: ignore[arg-type]
    return found


def _heritage(
    parts: list[list[int]],
    group: list[Report],
    dicts: list[dict[str, Any]],
    first_new: int,
    old: list[tuple[dict[str, Any], int | None]],
) -> list[Counter[int]]:
    """Per group, how many reports of each existing event it holds. A replaced report of the changed
    article counts for the group of the new report that continues it (``successors``), so an article
    re-extracted with the same incidents keeps its events' ids."""
    part_of = {i: p for p, part in enumerate(parts) for i in part}
    heritage: list[Counter[int]] = [Counter() for _ in parts]
    for i, report in enumerate(group[:first_new]):
        heritage[part_of[i]][report.event_id] += 1  # type: ignore[index]
    for index, successor in successors([d for d, _ in old], dicts[first_new:]).items():
        event_id = old[index][1]
        if event_id is not None:
            heritage[part_of[first_new + successor]][event_id] += 1
    return heritage


def successors(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """A one-to-one matching of an article's old reports to its new ones (old index → new index): every
    pair that ``merge.continues`` allows, best first, each report used once. Handing each old report to
    the first new one that continues it would give two reports of one article (a raid on Monday, another
    at the same place on Tuesday) to one successor, and so one incident's id, corrections and rejection
    to the other incident."""
    pairs = [
        (_likeness(a, b), i, j)
        for i, a in enumerate(old)
        for j, b in enumerate(new)
        if merge.continues(a, b)  # type: ignore[arg-type]
    ]
    pairs.sort(key=lambda pair: (-pair[0][0], -pair[0][1], pair[0][2], pair[1], pair[2]))
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in pairs:
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)
    return matched


def _likeness(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[int, int, int]:
    """How surely ``new`` is ``old`` re-extracted: same day first, then the number of equal fields,
    then the nearer position in the article."""
    same_day = int(merge.event_day(old) == merge.event_day(new))  # type: ignore[arg-type]
    equal = sum(_same_value(old.get(name), new.get(name)) for name in RECORD_FIELDS)
    return same_day, equal, abs(int(old.get("ordinal") or 0) - int(new.get("ordinal") or 0))


def _same_value(a: Any, b: Any) -> bool:
    """Equal, reading dates and their ISO strings alike (stored reports hold dates, records strings)."""
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        return str(a)[:10] == str(b)[:10]
    return a == b


_NOT_MERGED = ("id", "event_id_cnty", "timestamp", "status")  # status: set by analysts only
EVENT_FIELDS: tuple[str, ...] = tuple(c.name for c in Event.__table__.columns if c.name not in _NOT_MERGED)


def _write_event(
    session: Session, event: Event | None, values: dict[str, Any], now: int, tally: Tally
) -> Event:
    """Create the event, or update it; ``timestamp`` moves only when a field really changed."""
    if event is None:
        event = Event(event_id_cnty=next_event_id(session, iso3_of(values["iso"], values["country"])))
        _set(event, values)
        event.timestamp = now
        session.add(event)
        tally.events_new += 1
        tally.new_ids.add(event.event_id_cnty)
    elif _differs(event, values):
        _set(event, values)
        event.timestamp = now
        tally.events_updated += 1
        tally.updated_ids.add(event.event_id_cnty)
    return event


def _set(event: Event, values: Mapping[str, Any]) -> None:
    for name in EVENT_FIELDS:
        setattr(event, name, values[name])


def _differs(event: Event, values: Mapping[str, Any]) -> bool:
    return any(getattr(event, name) != values[name] for name in EVENT_FIELDS)


def _retire(session: Session, event: Event, into: Event | None, now: int) -> None:
    """Record the retirement, then delete the event (its reports already point elsewhere)."""
    into_id = into.event_id_cnty if into is not None else None
    session.add(RetiredEvent(event_id_cnty=event.event_id_cnty, retired_at=now, merged_into=into_id))
    session.delete(event)


def known_hashes(session: Session, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id → stored content hash, so unchanged articles are skipped before extraction."""
    query = select(ArticleRow.id, ArticleRow.content_hash)
    if ids is not None:
        query = query.where(ArticleRow.id.in_(list(ids)))
    return {article_id: digest for article_id, digest in session.execute(query)}
