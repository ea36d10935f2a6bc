"""Which reports tell the same incident, and what the merged event says: pure functions over plain dicts.

Nothing here touches a database, so a batch job (the Spark job of a later issue) can cluster and merge
the same way the store does. A *report* is a mapping with the fields of an event record (CODEBOOK §4:
``event_date``, ``event_type``, ``actor1`` …, ``evidence``) plus ``article_id``, ``ordinal`` (its place in
the article's list), ``outlet`` and ``published`` of its article.

The rule (ACLED's unit of analysis, CODEBOOK §2), for two reports of one incident:
- same ``event_type``;
- same actor pair, with the bracketed periods of state forces ignored; order-free for Battles (which
  side is ``actor1`` does not matter there), ordered otherwise (perpetrator first);
- same place: same country and either the same ``location`` name or points at most ``PLACE_KM`` apart
  (a village and its outskirts; two neighbouring villages are further apart than that);
- same day — or days one apart when the reports come from different articles and tell the same story
  (``same_story``): "yesterday" in a report filed after midnight, or an outlet that dates by its own
  time zone, puts one incident on two days.
Incidents are the groups these links form (``clusters``): same-day links always hold; a ±1-day link
holds only if its group still spans at most two days, so daily coverage of one long battle stays one
event per day or two instead of chaining into a month.

Measured on the shared corpus when this was written (24,459 articles, 6,951 reports): 5,538 events,
824 told by two or more articles, 158 joining consecutive days. Of a sample of ±1-day links read by
hand, about nine in ten were one incident; the misses are daily protests or clashes in one place
worded alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from rasd import tuning
from rasd.geo.gazetteer import distance_km
from rasd.taxonomy import BATTLES, disorder_type
from rasd.text.words import content_words

Report = Mapping[str, Any]

PLACE_KM = tuning.MERGE_PLACE_KM
STORY_OVERLAP = tuning.STORY_OVERLAP  # see same_story
VAGUE_TOLLS = frozenset({3, 10, 100, 1000})  # CODEBOOK §7's figures for "قتلى", "عشرات", "مئات", "آلاف"
MAX_SPAN_DAYS = tuning.MAX_SPAN_DAYS
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")


# ------------------------------------------------------------------------ the relation


@lru_cache(maxsize=8192)  # every candidate a new report is compared with asks again (ingest)
def actor_name(actor: str) -> str:
    """An actor without the period of its government: "Military Forces of Syria (2000-2024)" →
    "Military Forces of Syria" (CODEBOOK §6: the bracketed years are not part of who it is)."""
    return _PERIOD.sub("", actor or "").strip()


def actor_pair(report: Report) -> tuple[str, str]:
    """The actor pair, periods dropped; sorted for Battles, where sides have no order."""
    pair = (actor_name(report.get("actor1", "")), actor_name(report.get("actor2", "")))
    return tuple(sorted(pair)) if report.get("event_type") == BATTLES else pair  # type: ignore[return-value]


def block_key(report: Report) -> tuple[str, tuple[str, str], str]:
    """What two reports of one incident always share: event type, actor pair, country. Reports are only
    ever compared within one block, so the key also partitions a large batch job."""
    get = report.get
    return _block_key(get("event_type", ""), get("actor1", ""), get("actor2", ""), get("country", ""))


@lru_cache(maxsize=16384)
def _block_key(event_type: str, actor1: str, actor2: str, country: str) -> tuple[str, tuple[str, str], str]:
    """``block_key`` of these four values, remembered: an ingest asks it of every stored candidate of
    every new report, and the same few thousand stored reports come back again and again."""
    return (event_type, actor_pair({"event_type": event_type, "actor1": actor1, "actor2": actor2}), country)


def event_day(report: Report) -> dt.date | None:
    """The report's ``event_date`` as a date (JSON records carry ISO strings; stored reports, merged
    fields and ``EventRecord`` dates)."""
    value = report.get("event_date")
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def same_place(a: Report, b: Report) -> bool:
    """Same country, and the same location name or at most ``PLACE_KM`` between the two points."""
    if a.get("country", "") != b.get("country", ""):
        return False
    name_a, name_b = (a.get("location") or "").casefold(), (b.get("location") or "").casefold()
    if name_a and name_a == name_b:
        return True
    points = (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    if any(value is None for value in points):
        return False
    return distance_km(*points) <= PLACE_KM  # type: ignore[arg-type]


def same_story(a: Report, b: Report) -> bool:
    """Two reports from different articles tell one incident (``story_strength`` ≥ ``STORY_OVERLAP``)."""
    return story_strength(a, b) >= STORY_OVERLAP


def story_strength(a: Report, b: Report) -> float:
    """How surely two reports from different articles tell one incident: 1.0 for the same precise death
    toll, else the share of content words their evidence has in common (``evidence_overlap``); 0.0 for
    two reports of one article, whose days the extractor already told apart.

    A precise toll is a fingerprint: two clashes on consecutive days rarely kill the same number. The
    figures the codebook gives vague words (3 for "قتلى", 10 for "عشرات", 100, 1000) are no fingerprint.
    Word overlap catches the report with no toll that names the same village, units and weapons.
    """
    if a.get("article_id") == b.get("article_id"):
        return 0.0
    toll_a, toll_b = a.get("fatalities") or 0, b.get("fatalities") or 0
    if toll_a and toll_a == toll_b and toll_a not in VAGUE_TOLLS:
        return 1.0
    return evidence_overlap(a, b)


def evidence_overlap(a: Report, b: Report) -> float:
    """Share of the smaller report's evidence words (normalized, proclitics off) that the other has."""
    words_a, words_b = evidence_words(a), evidence_words(b)
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


def evidence_words(report: Report) -> frozenset[str]:
    """Content words of a report's evidence passages (``rasd.text.words``): normalized, and with the
    article and the conjunction/preposition clitics cut, so "بالباغوز" and "الباغوز" are one word."""
    words: set[str] = set()
    for span in report.get("evidence") or ():
        words |= passage_words(span.get("text", ""))
    return frozenset(words)


@lru_cache(maxsize=16384)
def passage_words(text: str) -> frozenset[str]:
    """``content_words`` of one passage, remembered: a stored report's evidence is compared again each
    time a new report of its block is ingested (the store spent more time normalizing these passages
    than writing rows). Read one white-space token at a time, each token's words remembered
    (``token_words``): the same words, since normalizing maps each character alone and no word spans
    white space (``tests/test_store_speed.py``), and a new passage's tokens were nearly all seen."""
    return frozenset(chain.from_iterable(map(token_words, text.split())))


@lru_cache(maxsize=65536)
def token_words(token: str) -> frozenset[str]:
    """``content_words`` of one white-space token."""
    return frozenset(content_words(token))


def same_incident(a: Report, b: Report) -> bool:
    """The merge rule (module docstring): one incident in two reports."""
    day_a, day_b = event_day(a), event_day(b)
    if day_a is None or day_b is None or block_key(a) != block_key(b) or not same_place(a, b):
        return False
    gap = abs((day_a - day_b).days)
    return gap == 0 or (gap == 1 and same_story(a, b))


def continues(old: Report, new: Report) -> bool:
    """A report of a re-extracted article carries on an earlier report of that article: same block,
    same place, at most a day apart. Used only to hand the old report's event id on."""
    day_old, day_new = event_day(old), event_day(new)
    if block_key(old) != block_key(new) or not same_place(old, new):
        return False
    if day_old is None or day_new is None:
        return day_old is day_new
    return abs((day_old - day_new).days) <= 1


# ------------------------------------------------------------------------ clustering


def clusters(reports: Sequence[Report]) -> list[list[int]]:
    """Indexes of ``reports`` grouped into incidents, each group ascending, groups in order of their first
    index. Undated reports stay alone.

    Same-day links come first and always hold. Then ±1-day links (``same_story``), strongest first, join
    two groups only if the result still spans at most two consecutive days: daily coverage of a long
    battle must not chain into one event that lasts a month.
    """
    days = [event_day(r) for r in reports]
    groups = _Groups(days)
    near: list[tuple[float, tuple, tuple, int, int]] = []
    for members in _dated_blocks(reports, days):
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                gap = (days[j] - days[i]).days  # type: ignore[operator]
                if gap > 1:
                    break
                if not same_place(reports[i], reports[j]):
                    continue
                if gap == 0:
                    groups.join(i, j)
                elif (strength := story_strength(reports[i], reports[j])) >= STORY_OVERLAP:
                    near.append((-strength, report_order(reports[i]), report_order(reports[j]), i, j))
    for *_, i, j in sorted(near):
        groups.join(i, j, max_span=MAX_SPAN_DAYS)
    return groups.members()


class _Groups:
    """Union-find over report indexes that knows the first and last day of each group."""

    def __init__(self, days: Sequence[dt.date | None]):
        self.parent = list(range(len(days)))
        self.span = {i: (day, day) for i, day in enumerate(days)}

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, max_span: int | None = None) -> bool:
        a, b = self.root(i), self.root(j)
        if a == b:
            return False
        (first_a, last_a), (first_b, last_b) = self.span[a], self.span[b]
        first, last = min(first_a, first_b), max(last_a, last_b)  # type: ignore[type-var]
        if max_span is not None and (last - first).days > max_span:  # type: ignore[operator]
            return False
        low, high = min(a, b), max(a, b)
        self.parent[high] = low
        self.span[low] = (first, last)
        return True

    def members(self) -> list[list[int]]:
        grouped: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            grouped[self.root(i)].append(i)
        return sorted(grouped.values(), key=lambda group: group[0])


def _dated_blocks(reports: Sequence[Report], days: Sequence[dt.date | None]) -> Iterable[list[int]]:
    """Indexes of dated reports by ``block_key``, each block in date order."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, report in enumerate(reports):
        if days[i] is not None:
            blocks[block_key(report)].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: (days[i], i))  # type: ignore[arg-type, return-value]
        yield members


def assign_ids(
    heritage: Sequence[Mapping[str, int]], events_by_age: Sequence[str]
) -> tuple[list[str | None], dict[str, str | None]]:
    """Which existing event id each new group keeps, and which ids retire.

    ``heritage[g]`` counts, per existing event id, how many of that event's reports are in group ``g``.
    Oldest event first, each event goes to the free group holding most of its reports, so an id stays with
    its incident when groups merge or split. An event whose groups are all taken retires into the one
    holding most of its reports; one with no reports left retires into nothing (``None``). Groups left
    without an id (``None`` in the list) are new incidents.
    """
    ids: list[str | None] = [None] * len(heritage)
    retired: dict[str, str | None] = {}
    for event in events_by_age:
        holders = [g for g, counts in enumerate(heritage) if counts.get(event)]
        if not holders:
            retired[event] = None
            continue
        best = max(holders, key=lambda g: (ids[g] is None, heritage[g][event], -g))
        if ids[best] is None:
            ids[best] = event
        else:
            retired[event] = ids[best]
    return ids, retired


# ------------------------------------------------------------------------ the merged event


def report_order(report: Report) -> tuple[str, str, int]:
    """Reports in the order they were published (then article id, then position): deterministic,
    whatever order they were ingested in."""
    return (report.get("published") or "", str(report.get("article_id", "")), int(report.get("ordinal", 0)))


def merged_fields(reports: Sequence[Report]) -> dict[str, Any]:
    """The event that a group of reports of one incident describes, in ACLED's columns.

    - date from the report with the most precise date (lowest ``time_precision``; among equals the date
      most reports give, then the earliest);
    - place (location, admin1/2, coordinates, ``geo_precision``) from the most precise place, likewise;
    - actors, sub-event type, notes from the lead report: the most precise overall, then most confident;
      associated actors are the union over reports;
    - fatalities by ``merged_fatalities``; ``source`` the union of all sources; confidence the highest.
    """
    ordered = sorted(reports, key=report_order)
    lead = min(ordered, key=lambda r: (r["time_precision"] + r["geo_precision"], -r.get("confidence", 0.0)))
    dated, placed = _most_precise_date(ordered), _most_precise_place(ordered)
    assoc_1, assoc_2 = _associated_actors(ordered, lead)
    day = event_day(dated)
    return {
        "event_date": day,
        "year": day.year if day else None,
        "time_precision": dated["time_precision"],
        "disorder_type": disorder_type(lead["event_type"], lead["sub_event_type"]),
        "event_type": lead["event_type"],
        "sub_event_type": lead["sub_event_type"],
        "actor1": lead["actor1"],
        "assoc_actor_1": assoc_1,
        "inter1": lead["inter1"],
        "actor2": lead["actor2"],
        "assoc_actor_2": assoc_2,
        "inter2": lead["inter2"],
        "interaction": lead["interaction"],
        "civilian_targeting": lead["civilian_targeting"],
        "iso": placed["iso"],
        "region": placed["region"],
        "country": placed["country"],
        "admin1": placed["admin1"],
        "admin2": placed["admin2"],
        "admin3": "",
        "location": placed["location"],
        "latitude": placed["latitude"],
        "longitude": placed["longitude"],
        "geo_precision": placed["geo_precision"],
        "source": merged_sources(ordered),
        "source_scale": "",
        "notes": lead["notes"],
        "fatalities": merged_fatalities(ordered),
        "tags": "",
        "confidence": max(r.get("confidence", 0.0) for r in ordered),
    }


def _most_precise_date(ordered: Sequence[Report]) -> Report:
    best = min(r["time_precision"] for r in ordered)
    candidates = [r for r in ordered if r["time_precision"] == best]
    votes = Counter(event_day(r) for r in candidates)
    top = max(votes.values())
    day = min((d for d, n in votes.items() if n == top), key=lambda d: (d is None, d or dt.date.min))
    return next(r for r in candidates if event_day(r) == day)


def _most_precise_place(ordered: Sequence[Report]) -> Report:
    best = min(r["geo_precision"] for r in ordered)
    candidates = [r for r in ordered if r["geo_precision"] == best]
    votes = Counter(r["location"] for r in candidates)
    location = max(votes, key=lambda name: votes[name])  # ties: the first published (dict order)
    return next(r for r in candidates if r["location"] == location)


def _associated_actors(ordered: Sequence[Report], lead: Report) -> tuple[str, str]:
    """Union of associated actors, each kept on its actor's side (a Battle told the other way round
    has its sides swapped back)."""
    side_1: list[str] = []
    side_2: list[str] = []
    lead_1 = actor_name(lead["actor1"])
    for report in ordered:
        assoc_1, assoc_2 = report.get("assoc_actor_1", ""), report.get("assoc_actor_2", "")
        if actor_name(report["actor1"]) != lead_1 and actor_name(report["actor2"]) == lead_1:
            assoc_1, assoc_2 = assoc_2, assoc_1
        side_1 += _split(assoc_1)
        side_2 += _split(assoc_2)
    return "; ".join(_unique(side_1)), "; ".join(_unique(side_2))


def merged_sources(ordered: Sequence[Report]) -> str:
    """Every source of every report, first-seen order, each once (case-insensitive)."""
    return "; ".join(_unique(name for r in ordered for name in _split(r.get("source", ""))))


def merged_fatalities(ordered: Sequence[Report]) -> int:
    """ACLED's rule across outlets: conflicting figures → the lowest; a later report from the same
    outlet replaces that outlet's earlier figure.

    An outlet's figure is what its latest article (by publication time) with a figure says, summed over
    that article's reports of this incident. A report giving no deaths (0) is silence, not a conflicting
    figure: the event has 0 only when no outlet gives a toll, otherwise one brief report would erase
    every toll. Reports without an outlet count as outlets of their own, one per article.
    """
    per_article: dict[str, int] = defaultdict(int)
    outlet_of: dict[str, str] = {}
    published: dict[str, str] = {}
    for report in ordered:
        article = str(report.get("article_id", ""))
        per_article[article] += int(report.get("fatalities") or 0)
        outlet_of[article] = report.get("outlet") or f"article:{article}"
        published[article] = report.get("published") or ""
    latest: dict[str, tuple[str, str, int]] = {}
    for article, toll in per_article.items():
        if not toll:
            continue
        key = (published[article], article, toll)
        outlet = outlet_of[article]
        if outlet not in latest or key[:2] > latest[outlet][:2]:
            latest[outlet] = key
    return min((toll for _, _, toll in latest.values()), default=0)


def _split(joined: str) -> list[str]:
    return [part.strip() for part in (joined or "").split(";") if part.strip()]


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
