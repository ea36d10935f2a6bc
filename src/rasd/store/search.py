"""Arabic-aware text search over events (the ``q`` filter, ``rasd events --q``).

Why an index of its own: the words of an event (notes, place, actors, every evidence passage of every
report) are spelled many ways. Arabic varies in hamza, ya, ta marbuta, diacritics and tatweel, and glues
و ف ب ل ك ال to the next word; English place names vary by transliteration. So each event gets one
``event_search.body``: its words put through the extraction's own normalization
(``rasd.text.normalize``), each Arabic word with every proclitic-stripped form (``rasd.text.tokens``),
Latin words lowercased without accents. A query goes through the same steps, so ``الحديده`` and
``الحديدة`` are one query, and ``بالحديدة`` in a passage is found by ``الحديدة``. A Latin word that names
a place of the gazetteer also looks for the place's other spellings, Latin and Arabic
(``data/place_names_latin.tsv.gz``): ``Hodeidah`` finds what ``Hudaydah`` and ``الحديدة`` find.

The body is full-text indexed by the database: SQLite FTS5 (``event_search_fts``, kept in step by
triggers) and PostgreSQL's ``to_tsvector('simple', body)`` (a GIN index); both created by migration 0004.
The body is rewritten whenever an event or its reports change, by a session hook: whatever path writes
(ingest, a correction, the Parquet loader), the index follows in the same transaction.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from itertools import chain
from typing import Any

from sqlalchemy import Boolean, Connection, delete, event, false, insert, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, literal

from rasd.store.models import Event, EventSearch, Report
from rasd.text.words import WORD, normalize, stems_of

_LATIN_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "adh", "ath", "ad-"})
_LATIN_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 12
EVENT_TEXT_COLUMNS = ("notes", "location", "admin1", "admin2", "country", "actor1", "actor2",
                      "assoc_actor_1", "assoc_actor_2", "event_type", "sub_event_type")  # fmt: skip


# ------------------------------------------------------------------------ words


def fold_latin(text: str) -> str:
    """Lowercase without accents or marks (``Al Ḩudaydah`` → ``al hudaydah``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # the marks among the text's distinct characters, dropped in C (a test per character was half the
    # cost of writing an event's search body)
    marks = {ch: None for ch in set(decomposed) if unicodedata.combining(ch)}
    return decomposed.translate(str.maketrans(marks)) if marks else decomposed


def latin_key(name: str) -> str:
    """A Latin place name as spellings of it compare: folded, words only, leading articles dropped
    (``El-Hodeidah`` → ``hodeidah``, ``Al Hudaydah`` → ``hudaydah``)."""
    words = _LATIN_WORD.findall(fold_latin(name).replace("ʿ", "").replace("‘", "").replace("'", ""))
    while len(words) > 1 and words[0] in _LATIN_ARTICLES:
        words = words[1:]
    return " ".join(words)


def index_terms(text: str) -> set[str]:
    """The words of ``text`` as the index holds them: Arabic words normalized, with every proclitic-
    stripped form; Latin words folded (and without a glued article: ``al-hudaydah`` gives both).

    Read one white-space token at a time, each token's terms remembered (``_TOKEN_TERMS``): the writer
    indexes every evidence passage it stores, and folding, normalizing and splitting each new passage
    whole was most of the cost of a search body, though its tokens were nearly all seen before. The
    same terms as the whole text gives: folding and normalizing work character by character (no
    white space is dropped, joined to a word or made one), and no word spans white space."""
    tokens = set(text.split())
    missing = tokens.difference(_TOKEN_TERMS)
    if missing:
        if len(_TOKEN_TERMS) + len(missing) > _WORD_TERMS_LIMIT:
            _TOKEN_TERMS.clear()
            missing = tokens
        order = list(missing)
        # the new tokens folded and normalized together, one to a line: a line break is no token's
        # character and none becomes one (each character maps alone; ``tests/test_store_speed.py``)
        for token, line in zip(order, normalize(fold_latin("\n".join(order))).text.split("\n"), strict=True):
            _TOKEN_TERMS[token] = tuple(term for word in WORD.findall(line) for term in _word_terms(word))
    return set(chain.from_iterable(map(_TOKEN_TERMS.__getitem__, tokens)))


_WORD_TERMS: dict[str, tuple[str, ...]] = {}
_TOKEN_TERMS: dict[str, tuple[str, ...]] = {}
_WORD_TERMS_LIMIT = 200_000  # distinct words (and tokens) remembered (a few MB), then forgotten at once


def _word_terms(word: str) -> tuple[str, ...]:
    """One word's index terms, remembered: the writer indexes every evidence passage it stores, and
    their words repeat from passage to passage (a third of the search bodies' time was recomputing
    them)."""
    terms = _WORD_TERMS.get(word)
    if terms is None:
        if len(_WORD_TERMS) >= _WORD_TERMS_LIMIT:
            _WORD_TERMS.clear()
        terms = (word,) if word.isascii() else tuple(stem for stem, _ in stems_of(word))
        _WORD_TERMS[word] = terms
    return terms


def query_words(text: str) -> list[str]:
    """The words of a query, normalized like the index (a query word is matched as typed, after
    normalization: the index holds every stripped form, so no guess at the query's clitics is needed)."""
    return WORD.findall(normalize(fold_latin(text)).text)[:MAX_QUERY_WORDS]


# ------------------------------------------------------------------------ place spellings


@cache
def _place_spellings() -> tuple[dict[str, list[int]], list[tuple[list[str], list[str]]]]:
    """Latin key → rows; each row: (its Latin keys, its Arabic names normalized)."""
    raw = gzip.decompress((files("rasd") / "data" / "place_names_latin.tsv.gz").read_bytes()).decode()
    index: dict[str, list[int]] = {}
    rows: list[tuple[list[str], list[str]]] = []
    for line in raw.splitlines()[2:]:
        latin, _, arabic = line.partition("\t")
        keys = [key for key in latin.split("|") if key]
        names = [" ".join(query_words(name)) for name in arabic.split("|") if name]
        for key in keys:
            index.setdefault(key, []).append(len(rows))
        rows.append((keys, names))
    return index, rows


def spellings(words: list[str]) -> list[list[str]]:
    """Other spellings (each a list of words) of the place that the Latin ``words`` name, if any:
    every Latin key and Arabic name of every gazetteer place with that spelling."""
    key = latin_key(" ".join(words))
    if not key or not key.replace(" ", "").isascii():
        return []
    index, rows = _place_spellings()
    out: dict[str, None] = {}
    for row in index.get(key, ()):
        keys, names = rows[row]
        out.update(dict.fromkeys([*keys, *names]))
    return [spelling.split() for spelling in out if spelling]


# ------------------------------------------------------------------------ queries


def query_groups(text: str) -> list[list[list[str]]]:
    """The query as AND-ed groups of OR-ed alternatives, each alternative a phrase (a list of words).
    A Latin query naming a place as a whole (``Al Hudaydah``) is one group with the place's spellings;
    otherwise each word is a group, a Latin word with its place spellings."""
    words = query_words(text)
    if not words:
        return []
    whole = spellings(words) if len(words) > 1 and all(w.isascii() for w in words) else []
    if whole:
        return [[words, *whole]]
    return [[[word], *(spellings([word]) if word.isascii() and not word.isdigit() else [])] for word in words]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def fts5_query(groups: list[list[list[str]]]) -> str:
    """SQLite FTS5 syntax: a one-word alternative matches as a prefix, a phrase word by word."""

    def alternative(phrase: list[str]) -> str:
        if len(phrase) == 1:
            return _quoted(phrase[0]) + "*"
        return "(" + " AND ".join(_quoted(word) + "*" for word in phrase) + ")"

    return " AND ".join("(" + " OR ".join(alternative(p) for p in group) + ")" for group in groups)


def tsquery(groups: list[list[list[str]]]) -> str:
    """PostgreSQL ``to_tsquery('simple', …)`` syntax, with the same meaning as ``fts5_query``."""

    def alternative(phrase: list[str]) -> str:
        return "(" + " & ".join("'" + word.replace("'", "") + "':*" for word in phrase) + ")"

    return " & ".join("(" + " | ".join(alternative(p) for p in group) + ")" for group in groups)


class _Matches(FunctionElement):
    """``events.id`` is among the ids the full-text index finds: arguments the id column, the FTS5
    query and the tsquery (both bound parameters)."""

    type = Boolean()
    inherit_cache = True
    name = "search_matches"


def _arguments(element, compiler, **kw) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(_Matches, "sqlite")
def _matches_sqlite(element, compiler, **kw):
    column, fts, _ = _arguments(element, compiler, **kw)
    return f"{column} IN (SELECT rowid FROM event_search_fts WHERE event_search_fts MATCH {fts})"


@compiles(_Matches, "postgresql")
def _matches_postgresql(element, compiler, **kw):
    column, _, tsq = _arguments(element, compiler, **kw)
    return (
        f"{column} IN (SELECT event_id FROM event_search "
        f"WHERE to_tsvector('simple', body) @@ to_tsquery('simple', {tsq}))"
    )


def search_clause(text: str) -> ColumnElement[bool]:
    """The condition over ``Event`` of the text filter."""
    groups = query_groups(text)
    if not groups:
        return false()
    return _Matches(Event.id, literal(fts5_query(groups)), literal(tsquery(groups)))


# ------------------------------------------------------------------------ the index


def event_bodies(connection: Connection, event_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The search body of each event (all events when ``event_ids`` is None)."""
    ids = None if event_ids is None else sorted(set(event_ids))
    columns = [Event.id, *(getattr(Event, name) for name in EVENT_TEXT_COLUMNS)]
    terms: dict[int, set[str]] = {}
    for chunk in _chunks(ids):
        query = select(*columns)
        if chunk is not None:
            query = query.where(Event.id.in_(chunk))
        for row in connection.execute(query):
            terms[row[0]] = index_terms(event_text(row._mapping))
        evidence = select(Report.event_id, Report.evidence).where(Report.event_id.is_not(None))
        if chunk is not None:
            evidence = evidence.where(Report.event_id.in_(chunk))
        for event_id, spans in connection.execute(evidence):
            if event_id in terms:
                terms[event_id] |= index_terms(evidence_text(spans))
    return {event_id: " ".join(sorted(words)) for event_id, words in terms.items()}


def event_text(event: Mapping[str, Any]) -> str:
    """The words an event's own columns give its body (the writer builds bodies with it too)."""
    return " ".join(event.get(name) or "" for name in EVENT_TEXT_COLUMNS)


def evidence_text(spans: Iterable[Mapping[str, Any]] | None) -> str:
    """The words one report's evidence passages give its event's body."""
    return " ".join(span.get("text") or "" for span in spans or ())


def _chunks(ids: list[int] | None, size: int = 500) -> Iterable[list[int] | None]:
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex(connection: Connection, event_ids: Iterable[int] | None = None) -> int:
    """Rewrite the bodies of ``event_ids`` (every event when None); returns how many were written."""
    ids = None if event_ids is None else sorted(set(event_ids))
    if ids == []:
        return 0
    bodies = event_bodies(connection, ids)
    for chunk in _chunks(ids):
        stale = delete(EventSearch)
        connection.execute(stale if chunk is None else stale.where(EventSearch.event_id.in_(chunk)))
    rows = [{"event_id": event_id, "body": body} for event_id, body in bodies.items()]
    for start in range(0, len(rows), 1000):
        connection.execute(insert(EventSearch), rows[start : start + 1000])
    return len(rows)


# ------------------------------------------------------------------------ keeping it current

_PENDING = "rasd.search.pending"


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: Any) -> None:
    """Remember which events a flush touched: new, changed or deleted events, and the events of new,
    changed or deleted reports (a report moving between events touches both)."""
    pending: set[int] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Event) and obj.id is not None:
            pending.add(obj.id)
        elif isinstance(obj, Report):
            pending.update(_report_events(obj))


def _report_events(report: Report) -> set[int]:
    """The event a report points at, and the one it pointed at before this flush."""
    from sqlalchemy import inspect

    ids = {report.event_id} if report.event_id is not None else set()
    history = inspect(report).attrs.event_id.history
    ids.update(value for value in (*history.deleted, *history.added) if value is not None)
    return ids


@event.listens_for(Session, "before_commit")
def _update_index(session: Session) -> None:
    """Bring the bodies of the touched events up to date, inside the transaction being committed."""
    session.flush()
    pending: set[int] = session.info.pop(_PENDING, set())
    if pending:
        reindex(session.connection(), pending)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
