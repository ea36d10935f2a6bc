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

``Writer`` does this for a batch of articles in one transaction, through Core statements (no ORM unit
of work): an ingest's store time is then a small part of its extraction time (issue 12).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, exists, func, insert, select, text, update
from sqlalchemy.orm import Session

from rasd.io import Article
from rasd.store import hot, merge, review, search
from rasd.store.db import begin_immediate
from rasd.store.hot import HotStatements
from rasd.store.ids import Counters, iso3_of
from rasd.store.models import (
    RECORD_FIELDS,
    Correction,
    Event,
    EventSearch,
    IngestedFile,
    Report,
    RetiredEvent,
)
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
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.reports += other.reports
        self.new_ids |= other.new_ids
        self.updated_ids |= other.updated_ids
        self.retired_ids |= other.retired_ids
        if not (other.new_ids or other.updated_ids or other.retired_ids):
            return  # the usual article (no event): no recount over the run's growing sets
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
    ``force`` replaces the reports even when the article is unchanged (after an extractor upgrade).
    A batch of articles goes through one ``Writer`` instead (``rasd ingest``)."""
    writer = Writer(session, now, force, [article.id])
    tally = writer.apply(article, digest, records)
    writer.finish()
    return tally


def write_article(row: ArticleRow, article: Article, digest: str) -> None:
    for name, value in article_values(article, digest, replacing=True).items():
        setattr(row, name, value)


def article_values(article: Article, digest: str, replacing: bool = False) -> dict[str, Any]:
    """The columns of an article's row (but its id). Where it was read from (``source_hash``,
    ``source_file``) only when known, or when ``replacing`` a row (whose old ones must go): a new row
    without them is what a store before migration 0006 can take too."""
    values = {
        "text": article.text,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "content_hash": digest,
        "ingested_at": dt.datetime.now(dt.UTC),
    }
    if replacing or article.source_hash is not None or article.source_file is not None:
        values.update(source_hash=article.source_hash, source_file=article.source_file)
    return values


def new_report(article: Article, ordinal: int, record: Mapping[str, Any]) -> Report:
    return Report(**report_values(article, ordinal, record))


def report_values(article: Article, ordinal: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of a report's row but its id, article id and event; the mapping ``merge`` reads."""
    values = {name: record.get(name) for name in RECORD_FIELDS}
    values["event_date"] = merge.event_day(record)
    values["evidence"] = list(record.get("evidence") or [])
    values["confidence"] = float(record.get("confidence") or 0.0)
    values.update(ordinal=ordinal, outlet=article.outlet, published=article.published)
    return values


def report_dict(report: Report) -> dict[str, Any]:
    """A stored report as the plain mapping ``merge`` works on."""
    out = {name: getattr(report, name) for name in RECORD_FIELDS}
    out.update(
        article_id=report.article_id, ordinal=report.ordinal, outlet=report.outlet, published=report.published
    )
    return out


# ------------------------------------------------------------------------ the writer

ARTICLES, REPORTS, EVENTS = ArticleRow.__table__, Report.__table__, Event.__table__
_NOT_MERGED = ("id", "event_id_cnty", "timestamp", "status")  # status: set by analysts only
EVENT_FIELDS: tuple[str, ...] = tuple(c.name for c in EVENTS.columns if c.name not in _NOT_MERGED)
# what ``merge.same_incident`` reads of a stored report (not its notes, sources or field evidence)
# (the evidence is read only for a candidate a day apart in the same block and place: the one case
# where ``merge.story_strength`` compares passages; decoding every candidate's JSON cost more)
_MATCHED = ("id", "event_id", "article_id", "event_date", "event_type", "actor1", "actor2", "country",
            "location", "latitude", "longitude", "fatalities")  # fmt: skip
_CANDIDATES = select(*(REPORTS.c[name] for name in _MATCHED)).where(
    REPORTS.c.event_type == bindparam("type"),
    REPORTS.c.event_date.between(bindparam("first"), bindparam("last")),
    REPORTS.c.country == bindparam("country"),
    REPORTS.c.event_id.is_not(None),
)
# statements built once: SQLAlchemy compiles each shape once, but building a statement costs as much as
# running it
_INSERT_ARTICLE, _INSERT_REPORT, _INSERT_EVENT = insert(ARTICLES), insert(REPORTS), insert(EVENTS)
_INSERT_RETIRED = insert(RetiredEvent.__table__)
_ACTIVE = EVENTS.c.status.default.arg  # a new event's status (what the models' default gives it)
_NEW_EVENT_COLUMNS = ("event_id_cnty", "timestamp", "status", *EVENT_FIELDS)
_UPDATE_ARTICLE = update(ARTICLES).where(ARTICLES.c.id == bindparam("id_"))
_UPDATE_EVENT = update(EVENTS).where(EVENTS.c.id == bindparam("id_"))
_MOVE_REPORT = update(REPORTS).where(REPORTS.c.id == bindparam("id_")).values(event_id=bindparam("event_"))
_DELETE_REPORTS = delete(REPORTS).where(REPORTS.c.article_id == bindparam("id_"))
_DELETE_EVENT = delete(EVENTS).where(EVENTS.c.id == bindparam("id_"))
_EVIDENCE = select(REPORTS.c.evidence).where(REPORTS.c.id == bindparam("id_"))
_ARTICLE_REPORTS = select(REPORTS).where(REPORTS.c.article_id == bindparam("id_")).order_by(REPORTS.c.ordinal)
_EVENTS_IN = select(EVENTS).where(EVENTS.c.id.in_(bindparam("ids", expanding=True)))
_MEMBERS_IN = (
    select(REPORTS).where(REPORTS.c.event_id.in_(bindparam("ids", expanding=True))).order_by(REPORTS.c.id)
)
_DELETE_BODIES = delete(EventSearch).where(EventSearch.event_id.in_(bindparam("ids", expanding=True)))
_INSERT_BODY = insert(EventSearch)
_ANY_CORRECTION = select(exists().where(Correction.field != review.STATUS_FIELD))
_LINES_IN = select(ARTICLES.c.source_hash, ARTICLES.c.id).where(
    ARTICLES.c.source_hash.in_(bindparam("lines", expanding=True))
)
_MARK_LINE = (
    update(ARTICLES)
    .where(ARTICLES.c.id == bindparam("id_"), ARTICLES.c.content_hash == bindparam("digest"))
    .values(source_hash=bindparam("line"))
)
_HASHES_IN = select(ARTICLES.c.id, ARTICLES.c.content_hash).where(
    ARTICLES.c.id.in_(bindparam("ids", expanding=True))
)


class Writer:
    """Writes articles into the store inside the caller's transaction, through Core statements: the
    ORM's unit of work (a flush per step, a ``session.get`` per row, change tracking, and the search
    index re-reading every changed event at commit) made the store add about half again to extraction
    time, for rows written once and read back only by the next merge. What a write decides is
    ``apply_article``'s rule, unchanged (``merge`` is pure, and read in the same order);
    ``scripts/check_store_identical.py`` compares whole stores with an earlier revision's. The three
    statements run once per report or new event (candidates, their evidence, the event's insert) go
    through ``hot.HotStatements`` (SQLite's driver connection), and on SQLite the new articles of a
    batch wait for one insert at its end (``_defer_foreign_keys``).

    ``ids``: the articles about to be written, whose stored hashes are read in one query. ``finish``
    writes the event counters back and the search bodies of the events the batch changed (built from
    the rows in hand; an analyst's correction carried over is re-indexed by the session's hook)."""

    def __init__(self, session: Session, now: int, force: bool = False, ids: Iterable[str] = ()):
        session.flush()  # Core statements must see what the caller's session already holds
        self.session = session
        self.connection = session.connection()
        self.now, self.force = now, force
        self.counters = Counters(self.connection)
        self.hashes: dict[str, str | None] = dict.fromkeys(ids)
        self.hashes.update(known_hashes(session, list(self.hashes)))
        # no correction anywhere (the usual ingest): none can apply, so none is looked up per event
        self.corrections = self.connection.execute(_ANY_CORRECTION).scalar()
        self.touched: set[int] = set()  # events whose search body may have changed in this batch
        self.created: set[int] = set()  # events this batch made: no body of theirs is stored yet
        self.bodies: dict[int, str] = {}  # their new bodies, written by ``finish``
        self.queued: list[dict[str, Any]] = []  # new article rows, inserted together (``_insert_articles``)
        self.deferred = _defer_foreign_keys(self.connection)
        self.hot = HotStatements(self.connection, _CANDIDATES, _EVIDENCE, _INSERT_EVENT, _NEW_EVENT_COLUMNS)

    def apply(self, article: Article, digest: str, records: Sequence[Mapping[str, Any]]) -> Tally:
        """``apply_article`` in this writer's transaction."""
        tally = Tally()
        if article.id not in self.hashes:
            self.hashes.update(known_hashes(self.session, [article.id]) or {article.id: None})
        stored = self.hashes[article.id]
        if stored == digest and not self.force:
            tally.unchanged = 1
            return tally
        values = article_values(article, digest, replacing=stored is not None)
        old: list[tuple[dict[str, Any], int | None]] = []
        if stored is None:
            self.queued.append({"id": article.id, **values})
            tally.new = 1
        else:
            self._insert_articles()
            old = self._stored_reports(article.id)
            self.connection.execute(_UPDATE_ARTICLE, {"id_": article.id, **values})
            self.connection.execute(_DELETE_REPORTS, {"id_": article.id})
            self.touched.update(event_id for _, event_id in old if event_id is not None)
            tally.changed = 1
        self.hashes[article.id] = digest
        new = [dict(report_values(article, i, r), article_id=article.id) for i, r in enumerate(records)]
        tally.reports = len(new)
        self.remerge(new, old, tally)
        return tally

    def finish(self) -> None:
        """End of the batch: counters written, the search bodies of the changed events replaced."""
        self._insert_articles()
        self.counters.save()
        if self.bodies:
            ids = sorted(self.bodies)
            stale = [i for i in ids if i not in self.created]
            if stale:
                self.connection.execute(_DELETE_BODIES, {"ids": stale})
            self.connection.execute(_INSERT_BODY, [{"event_id": i, "body": self.bodies[i]} for i in ids])
        self.touched, self.bodies, self.created = set(), {}, set()

    def _insert_articles(self) -> None:
        """The queued new articles, in one statement: most articles hold no event, and their row is all
        they write. Nothing reads an article row back before the batch ends but its reports' foreign
        key, so the queue is emptied before any report is written or article changed."""
        if self.queued:
            if any(len(row) != len(self.queued[0]) for row in self.queued):  # some with their source
                self.queued = [{"source_hash": None, "source_file": None, **row} for row in self.queued]
            self.hot.insert_many(_INSERT_ARTICLE, self.queued)
            self.queued = []

    def _stored_reports(self, article_id: str) -> list[tuple[dict[str, Any], int | None]]:
        rows = self.connection.execute(_ARTICLE_REPORTS, {"id_": article_id}).mappings()
        return [(dict(row), row["event_id"]) for row in rows]

    # -------------------------------------------------------------------- re-merging

    def remerge(
        self, new: list[dict[str, Any]], old: list[tuple[dict[str, Any], int | None]], tally: Tally
    ) -> None:
        """Re-group the neighbourhood of the article's reports and bring its events up to date. ``new``:
        the article's reports, written here (or, when they carry an ``id``, already stored)."""
        affected = {event_id for _, event_id in old if event_id is not None}
        affected |= self._matching_events(new)
        if not new and not affected:
            return
        events: dict[int, dict[str, Any]] = {}
        members: list[dict[str, Any]] = []
        if affected:
            ids = sorted(affected)
            events = {row["id"]: row for row in self.hot.select_in(_EVENTS_IN, ids)}
            members = self.hot.select_in(_MEMBERS_IN, ids)
        dicts = members + new
        parts = merge.clusters(dicts)
        heritage = _heritage(parts, dicts, len(members), old)
        ids, retired = merge.assign_ids(heritage, sorted(events))
        corrected: dict[str, dict[str, Any]] = {}
        if self.corrections and events:
            corrected = review.overrides(self.session, (e["event_id_cnty"] for e in events.values()))
        event_of = [0] * len(dicts)
        finals: list[tuple[int, dict[str, Any], list[int]]] = []  # each event as written, and its reports
        for part, event_id in zip(parts, ids, strict=True):
            fields_ = merge.merged_fields([dicts[i] for i in part])
            event = events[event_id] if event_id is not None else None
            if event is not None:  # the analysts' word over the reports' (review module)
                fields_ = review.apply_overrides(fields_, corrected.get(event["event_id_cnty"], {}))
            written = self._write_event(event, fields_, tally)
            for i in part:
                event_of[i] = written
            finals.append((written, fields_, part))
        self._point_reports(dicts, event_of, len(members))
        for written, fields_, part in finals:
            if written in self.touched:
                self.bodies[written] = _search_body(fields_, [dicts[i] for i in part])
        for event_id, into in retired.items():
            survivor = events[into] if into is not None else None
            if survivor is not None and events[event_id]["event_id_cnty"] in corrected:
                self._carry_over(event_id, into)  # type: ignore[arg-type]
            self._retire(events[event_id], survivor)
            tally.events_retired += 1
            tally.retired_ids.add(events[event_id]["event_id_cnty"])

    def _matching_events(self, new: list[dict[str, Any]]) -> set[int]:
        """Events holding a stored report that one of the new reports is the same incident as."""
        found: set[int] = set()
        for report in new:
            day = report["event_date"]
            if day is None:
                continue
            window = {"first": day - dt.timedelta(days=1), "last": day + dt.timedelta(days=1)}
            query = {"type": report["event_type"], "country": report["country"], **window}
            key = merge.block_key(report)
            for row in self.hot.candidates(query):
                # an event already found needs no second witness; another block never matches
                if (
                    row["event_id"] in found
                    or merge.block_key(row) != key
                    or not merge.same_place(report, row)
                ):
                    continue
                # same block and place, and a day at most apart (the query): the same day is the same
                # incident; a day apart, ``merge.same_incident`` reads the passages too
                if row["event_date"] != day:
                    evidence = self.hot.evidence({"id_": row["id"]})
                    if not merge.same_incident(report, dict(row, evidence=evidence)):
                        continue
                found.add(row["event_id"])
        return found

    def _write_event(self, event: dict[str, Any] | None, values: dict[str, Any], tally: Tally) -> int:
        """Create the event, or update it; ``timestamp`` moves only when a field really changed."""
        fields_ = {name: values[name] for name in EVENT_FIELDS}
        if event is None:
            code = self.counters.next_id(iso3_of(values["iso"], values["country"]))
            row = {"event_id_cnty": code, "timestamp": self.now, "status": _ACTIVE, **fields_}
            event_id = self.hot.insert_event(row)
            tally.events_new += 1
            tally.new_ids.add(code)
            self.created.add(event_id)
        elif any(event[name] != value for name, value in fields_.items()):
            event_id = event["id"]
            self.connection.execute(_UPDATE_EVENT, {"id_": event_id, "timestamp": self.now, **fields_})
            tally.events_updated += 1
            tally.updated_ids.add(event["event_id_cnty"])
        else:
            return event["id"]
        self.touched.add(event_id)
        return event_id

    def _point_reports(self, dicts: list[dict[str, Any]], event_of: list[int], first_new: int) -> None:
        """Stored reports that changed event are re-pointed; the article's new ones are inserted."""
        moved = [
            {"id_": report["id"], "event_": event_of[i]}
            for i, report in enumerate(dicts)
            if "id" in report and report.get("event_id") != event_of[i]
        ]
        if moved:
            self.connection.execute(_MOVE_REPORT, moved)
        fresh = [dict(report, event_id=event_of[first_new + i]) for i, report in enumerate(dicts[first_new:])]
        fresh = [report for report in fresh if "id" not in report]
        if fresh:
            if not self.deferred:  # their article's row must be there first
                self._insert_articles()
            self.hot.insert_many(_INSERT_REPORT, fresh)
        self.touched.update(event_of[first_new:])  # an event that gained reports, or lost some:
        for i in range(first_new):
            if dicts[i]["event_id"] != event_of[i]:
                self.touched.update((dicts[i]["event_id"], event_of[i]))

    def _carry_over(self, retired_id: int, survivor_id: int) -> None:
        """An analyst's corrections of a retired event go to its survivor (``review.carry_over``, which
        works on ORM rows: loaded fresh here, flushed and let go, so no stale copy outlives this step)."""
        retired = self.session.get(Event, retired_id, populate_existing=True)
        survivor = self.session.get(Event, survivor_id, populate_existing=True)
        review.carry_over(self.session, retired, survivor, self.now)  # type: ignore[arg-type]
        self.session.flush()
        self.session.expunge(retired)  # type: ignore[arg-type]
        self.session.expunge(survivor)  # type: ignore[arg-type]

    def _retire(self, event: dict[str, Any], into: dict[str, Any] | None) -> None:
        """Record the retirement, then delete the event (its reports already point elsewhere)."""
        into_id = into["event_id_cnty"] if into is not None else None
        row = {"event_id_cnty": event["event_id_cnty"], "retired_at": self.now, "merged_into": into_id}
        self.connection.execute(_INSERT_RETIRED, row)
        self.connection.execute(_DELETE_EVENT, {"id_": event["id"]})  # its search body goes with it
        self.bodies.pop(event["id"], None)


def _defer_foreign_keys(connection: Connection) -> bool:
    """On SQLite, inside a transaction: the reports' foreign keys checked at its commit, not at each
    insert (``PRAGMA defer_foreign_keys``, which the commit switches off again), so the batch's new
    article rows wait for one insert at its end instead of going in before each article's reports (one
    insert of a few rows per article with events was a tenth of the store's time). Whether it did."""
    if connection.dialect.name != "sqlite":
        return False
    raw = connection.connection.dbapi_connection
    if raw is None or not raw.in_transaction:
        return False
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    return True


def remerge(
    session: Session,
    new_reports: list[Report],
    old: list[tuple[dict[str, Any], int | None]],
    now: int,
    tally: Tally,
) -> None:
    """Re-merge around reports already stored through the ORM (the Parquet loader's path): ``Writer``'s
    rule; the ORM copies are expired, since their event was set behind the session's back."""
    session.flush()
    writer = Writer(session, now)
    writer.remerge([dict(report_dict(r), id=r.id, event_id=r.event_id) for r in new_reports], old, tally)
    writer.finish()
    for report in new_reports:
        session.expire(report)


def _search_body(values: Mapping[str, Any], reports: Iterable[Mapping[str, Any]]) -> str:
    """An event's search body (``search.event_bodies``) from what the writer holds: the event as
    written, and every report it has. No query reads them back, and a passage seen before (a report
    whose event changed again) is not normalized again."""
    words = set(_terms(search.event_text(values)))
    for report in reports:
        words |= _terms(search.evidence_text(report["evidence"]))
    return " ".join(sorted(words))


@lru_cache(maxsize=4096)
def _terms(text: str) -> frozenset[str]:
    return frozenset(search.index_terms(text))


def _heritage(
    parts: list[list[int]],
    dicts: list[dict[str, Any]],
    first_new: int,
    old: list[tuple[dict[str, Any], int | None]],
) -> list[Counter[int]]:
    """Per group, how many reports of each existing event it holds. A replaced report of the changed
    article counts for the group of the new report that continues it (``successors``), so an article
    re-extracted with the same incidents keeps its events' ids."""
    part_of = {i: p for p, part in enumerate(parts) for i in part}
    heritage: list[Counter[int]] = [Counter() for _ in parts]
    for i, report in enumerate(dicts[:first_new]):
        heritage[part_of[i]][report["event_id"]] += 1
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


def known_hashes(session: Session | Connection, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id → stored content hash, so unchanged articles are skipped before extraction (read
    through a session's connection, or a plain connection: a re-ingest needs no session)."""
    connection = session.connection() if isinstance(session, Session) else session
    if ids is None:
        rows = connection.execute(select(ARTICLES.c.id, ARTICLES.c.content_hash))
        return {article_id: digest for article_id, digest in rows}
    return {row["id"]: row["content_hash"] for row in hot.select_in(connection, _HASHES_IN, list(ids))}


def stored_lines(connection: Connection, lines: Iterable[str]) -> dict[str, str]:
    """Input line hash → id of the article stored from that line (``Article.source_hash``), read from
    the index alone: a re-ingest passes over these lines unparsed."""
    return {row["source_hash"]: row["id"] for row in hot.select_in(connection, _LINES_IN, list(lines))}


def mark_lines(engine: Engine, marks: list[dict[str, str]]) -> None:
    """Note the line hash of unchanged articles stored without one (``id_``, ``digest``, ``line``),
    where the stored content is still that ``digest``: the next re-ingest passes over their lines."""
    with engine.begin() as connection:
        connection.execute(_MARK_LINE, marks)


FILES = IngestedFile.__table__
_FILE = select(FILES.c.articles, FILES.c.records, FILES.c.errors).where(FILES.c.digest == bindparam("digest"))
_FROM_FILE = select(func.count()).select_from(ARTICLES).where(ARTICLES.c.source_file == bindparam("digest"))
_CLAIM = (
    update(ARTICLES)
    .where(ARTICLES.c.source_hash.in_(bindparam("lines", expanding=True)))
    .values(source_file=bindparam("digest"))
)


def file_unchanged(connection: Connection, digest: str) -> tuple[int, list[list[str]]] | None:
    """(records, bad records) of an input file a run went over without changing anything, if every
    article it gave still says it came from it; else None. A write of any of them from another input
    (or from the API) takes it away from the file, and the file is read again."""
    row = connection.execute(_FILE, {"digest": digest}).first()
    if row is None:
        return None
    if connection.execute(_FROM_FILE, {"digest": digest}).scalar() != row.articles:
        return None
    return row.records, row.errors


def note_file(engine: Engine, digest: str, records: int, lines: list[str], errors: list[list[str]]) -> None:
    """After a run over a file that changed nothing: the articles its ``lines`` gave are claimed for it,
    and the file noted (``file_unchanged``) — unless one line's article could not be claimed (written
    meanwhile by another process): then the file is simply read again next time."""
    with engine.begin() as connection:
        claimed = 0
        for start in range(0, len(lines), 500):
            chunk = lines[start : start + 500]
            claimed += connection.execute(_CLAIM, {"lines": chunk, "digest": digest}).rowcount
        if claimed != len(lines):
            return
        connection.execute(delete(FILES).where(FILES.c.digest == digest))
        now = int(dt.datetime.now(dt.UTC).timestamp())
        row = {
            "digest": digest,
            "articles": claimed,
            "records": records,
            "errors": errors,
            "recorded_at": now,
        }
        connection.execute(insert(FILES), row)
