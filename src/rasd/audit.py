"""``rasd audit``: the record-level checks an analyst runs before publishing a batch of events.

Each check is one named function over one record (``CHECKS``, declared once); the report counts the
records failing each, their share, and a few example ids, plus the fatality sum of the batch and of
each month. Records come from the store (merged events, with their reports' articles) or from an
extraction file (``rasd extract`` output, with the articles beside it in ``--articles``).

Definitions (also in the README, § Auditing a batch):

- **dateline**: the opening of an article's text that says where it was written, not where anything
  happened (CODEBOOK §12): ``دبي، الإمارات العربية المتحدة (CNN)--``, ``القدس (CNN) –``, ``القدس - ``,
  ``بغداد ـ «الشرق الأوسط»:``, ``القاهرة/ الأناضول:``. It is a place name (optionally ``، country``;
  a qualifier such as ``المحتلة`` aside) and/or an outlet in brackets, followed by a dash, colon or
  slash, within the first 120 characters or right under a short first line (a headline or a byline;
  there a colon does not mark one); without an outlet in brackets the name before the dash must be a
  gazetteer place or country.
- **dateline place**: the record sits at the dateline's city (the same location name, or within
  10 km of one of the city's readings, in the dateline's country when it names one), and no evidence
  passage names that city outside the dateline; a record coded to a whole country (at its capital's
  point) counts only when the article names that country nowhere but in the dateline.
- **country never named**: the article's title and text outside the dateline name the record's
  country neither by its name or a nationality adjective (``لبنان``, ``الفرنسي``) nor by a place whose
  best plausible reading (the gazetteer's first: curated, then most populous) lies in it. The mention
  the record's own place came from (any mention with a reading at the record's location) does not
  vouch for the country, since a homonym must not vouch for itself. Actor names do not count.
- **window**: CODEBOOK §2, from 7 days before publication to the publication day (a merged event: from
  7 days before its first report to its last report's day); a record with no date is outside.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rasd.geo.countries import country_table
from rasd.taxonomy import BATTLES, INTER_LABELS, interaction_codes, interaction_label

OUTLIER = 500  # deaths in one record from which a toll is almost surely a war total, not an incident
WINDOW_DAYS = 7  # CODEBOOK §2
DATELINE_KM = 10.0  # a record this close to the dateline city sits at it
MAX_FAILING = 0.02  # default share of records a check may fail before the audit exits 1
EXAMPLES = 5
SELF_VOUCH = 2  # mentions of an unambiguous curated place that name its country without any other

# ------------------------------------------------------------------------ the records audited


@dataclass(frozen=True)
class ArticleText:
    """What the text-dependent checks read of one article."""

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None


@dataclass
class Item:
    """One record to audit: its ACLED fields, its evidence (each span with its ``article_id``), and
    its articles (empty when their texts are not known)."""

    id: str
    record: dict[str, Any]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    articles: list[ArticleText] = field(default_factory=list)
    published: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class Dateline:
    """The dateline of one article: its span in the original text and the city it names, if any."""

    start: int
    end: int
    city: str  # as written ("" for "(CNN)--" alone)
    points: tuple[tuple[str, float, float], ...]  # readings of the city: (English name, lat, lon)


@dataclass(frozen=True)
class Facts:
    """What the text-dependent checks need of one article, computed once."""

    dateline: Dateline | None
    mentions: tuple[tuple[str, frozenset[str], frozenset[str], tuple[tuple[str, float, float], ...]], ...]
    # per place mention outside the dateline: (country it names by name or "", the country of its best
    # plausible reading, the country of all its readings when they are in one and not GeoNames-only,
    # its readings as (English name, lat, lon))


# ------------------------------------------------------------------------ the checks


@dataclass(frozen=True)
class Check:
    """A named check: ``fails(item, audit)`` is True for a record that fails it."""

    name: str
    description: str
    fails: Callable[[Item, Audit], bool]
    needs_text: bool = False


def _fatality_outlier(item: Item, _audit: Audit) -> bool:
    """A toll of 500 or more in one record is almost always a war total or a misread number."""
    return _int(item.record.get("fatalities")) >= OUTLIER


def _dateline_place(item: Item, audit: Audit) -> bool:
    """The record is where the article was written, and only the dateline says it is there. A record
    coded to a whole country (at its capital's point, ACLED's convention) is at the dateline only when
    the article names that country nowhere but in the dateline ("المنامة، البحرين (CNN)" over a story
    that tells of "الداخلية البحرينية" is no dateline record; CNN's "دبي، الإمارات" alone would be)."""
    country_level = _country_level(item.record)
    for article in item.articles:
        facts = audit.facts(article)
        line = facts.dateline
        if line is None or not line.points or not _near_any(item.record, line.points):
            continue
        if country_level and _names_by_name(facts, country_iso2(item.record.get("country") or "")):
            continue
        if not _named_outside(item, article, line):
            return True
    return False


def _country_level(record: dict[str, Any]) -> bool:
    """Whether a record is coded to a country as a whole (its location is the country's name)."""
    location = (record.get("location") or "").strip().lower()
    return bool(location) and location == (record.get("country") or "").strip().lower()


def _names_by_name(facts: Facts, iso2: str) -> bool:
    """Whether the article names the country ``iso2`` (name or adjective) outside its dateline."""
    return bool(iso2) and any(named == iso2 for named, *_ in facts.mentions)


def _country_not_named(item: Item, audit: Audit) -> bool:
    """No article of the record names its country (see the module's docstring)."""
    iso2 = country_iso2(item.record.get("country") or "")
    if not item.articles or not iso2:
        return False  # a country rasd does not know is invalid_iso's finding
    return not any(_names_country(audit.facts(a), iso2, item.record) for a in item.articles)


def _battle_one_sided(item: Item, _audit: Audit) -> bool:
    """A battle is fought between two named sides (CODEBOOK §6)."""
    record = item.record
    return record.get("event_type") == BATTLES and not (record.get("actor1") and record.get("actor2"))


def _same_actors(item: Item, _audit: Audit) -> bool:
    """An actor does not act on itself."""
    one, two = _actor(item.record.get("actor1")), _actor(item.record.get("actor2"))
    return bool(one) and one == two


def _no_actor1(item: Item, _audit: Audit) -> bool:
    """Every event has an actor1, if only an unidentified armed group or protesters."""
    return not (item.record.get("actor1") or "").strip()


def _invalid_inter(item: Item, _audit: Audit) -> bool:
    """Inter codes are 1–8 for a named actor and 0 for an empty one."""
    record = item.record
    for actor, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        code = _inter_code(record.get(inter))
        named = bool((record.get(actor) or "").strip())
        if (named and not 1 <= code <= 8) or (not named and code != 0):
            return True
    return False


def _invalid_interaction(item: Item, _audit: Audit) -> bool:
    """ACLED's rule: the two inter codes, smaller first (27, not 72); one-sided: 10 × inter1."""
    record = item.record
    one, two = max(_inter_code(record.get("inter1")), 0), max(_inter_code(record.get("inter2")), 0)
    expected = 10 * min(one, two) + max(one, two) if one and two else 10 * (one or two)
    return _interaction_code(record.get("interaction")) != expected


# ACLED's files give inter and interaction as numbers or (since 2024, and rasd's store exports) as text
_INTER_BY_LABEL = {label: code for code, label in INTER_LABELS.items()}
_INTERACTION_BY_LABEL = {interaction_label(code): code for code in interaction_codes()}


def _inter_code(value: Any) -> int:
    """An inter code from its number or ACLED's text for it ("State forces" is 1); an empty or missing
    one is 0 (no actor: a store export writes null), an unknown one -1."""
    text = value.strip() if isinstance(value, str) else value
    if text is None or text == "":
        return 0
    if isinstance(text, str) and not text.isdigit():
        return _INTER_BY_LABEL.get(text, -1)
    return _int(text, -1)


def _interaction_code(value: Any) -> int:
    """An interaction code from its number or ACLED's text ("State forces-Rebel groups" is 12); -1 unknown."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text and not text.isdigit():
        return _INTERACTION_BY_LABEL.get(text, -1)
    return _int(text, -1)


def _invalid_iso(item: Item, _audit: Audit) -> bool:
    """``iso`` is the ISO 3166-1 number of a country rasd knows, named as ACLED names it."""
    known = country_table().by_name((item.record.get("country") or "").strip())
    return known is None or known.iso != _int(item.record.get("iso"), -1)


def _outside_window(item: Item, _audit: Audit) -> bool:
    """Dated after publication, or more than 7 days before it (CODEBOOK §2), or not dated at all."""
    day = _day(item.record.get("event_date"))
    if day is None:
        return True
    if not item.published:
        return False
    return day > max(item.published) or day < min(item.published) - dt.timedelta(days=WINDOW_DAYS)


def _dateline_only(item: Item, audit: Audit) -> bool:
    """Every evidence passage is the dateline and nothing more: nothing supports the event."""
    texts = {a.id: a for a in item.articles}
    if not item.evidence:
        return True
    for span in item.evidence:
        article = texts.get(span.get("article_id", ""))
        line = audit.facts(article).dateline if article else None
        if span.get("field", "text") != "text" or line is None:
            return False
        rest = (span.get("text") or "")[max(0, line.end - _int(span.get("start"))) :]
        if _ARABIC_WORD.search(rest):
            return False
    return True


CHECKS: tuple[Check, ...] = (
    Check("fatality_outlier", f"{OUTLIER} or more fatalities in one record", _fatality_outlier),
    Check("dateline_place", "placed at the dateline's city, named only there", _dateline_place, True),
    Check("country_not_named", "a country the article never names", _country_not_named, True),
    Check("battle_one_sided", "a battle without two actors", _battle_one_sided),
    Check("same_actors", "actor1 = actor2", _same_actors),
    Check("no_actor1", "empty actor1", _no_actor1),
    Check("invalid_inter", "inter1/inter2 not 1-8 for an actor, 0 for none", _invalid_inter),
    Check("invalid_interaction", "interaction not by ACLED's rule", _invalid_interaction),
    Check("invalid_iso", "iso not the country's ISO number", _invalid_iso),
    Check("outside_window", "date after publication, 7+ days before it, or none", _outside_window, True),
    Check("dateline_only_evidence", "no evidence outside the dateline", _dateline_only, True),
)
CHECK_NAMES = tuple(check.name for check in CHECKS)


# ------------------------------------------------------------------------ running them


class Audit:
    """The checks over a batch of records, with each article's facts computed once."""

    def __init__(self, max_failing: float = MAX_FAILING, examples: int = EXAMPLES):
        self.max_failing = max_failing
        self.examples = examples
        self._facts: dict[str, Facts] = {}

    def facts(self, article: ArticleText) -> Facts:
        if article.id not in self._facts:
            self._facts[article.id] = article_facts(article)
        return self._facts[article.id]

    def run(self, items: Iterable[Item]) -> dict[str, Any]:
        """The report: totals, fatalities by month, and per check its count, share and examples."""
        failing: dict[str, list[str]] = {check.name: [] for check in CHECKS}
        ran = {check.name: not check.needs_text for check in CHECKS}
        any_failing: list[str] = []
        total = deaths = 0
        by_month: Counter[str] = Counter()
        for item in items:
            total += 1
            toll = _int(item.record.get("fatalities"))
            deaths += toll
            by_month[str(item.record.get("event_date") or "")[:7] or "undated"] += toll
            failed = False
            for check in CHECKS:
                if check.needs_text and not item.articles:
                    continue
                ran[check.name] = True
                if check.fails(item, self):
                    failing[check.name].append(item.id)
                    failed = True
            if failed:
                any_failing.append(item.id)
        return self._report(total, deaths, by_month, failing, ran, any_failing)

    def _report(self, total, deaths, by_month, failing, ran, any_failing) -> dict[str, Any]:
        rows = [
            _row(check.name, check.description, failing[check.name] if ran[check.name] else None, total, self)
            for check in CHECKS
        ]
        over = [r["check"] for r in rows if r["share"] is not None and r["share"] > self.max_failing]
        return {
            "records": total,
            "fatalities": deaths,
            "fatalities_by_month": dict(sorted(by_month.items())),
            "checks": rows,
            "any": _row("any", "records failing at least one check", any_failing, total, self),
            "max_failing": self.max_failing,
            "over_threshold": over,
            "passed": not over,
        }


def _row(name: str, description: str, ids: list[str] | None, total: int, audit: Audit) -> dict[str, Any]:
    if ids is None:
        return {"check": name, "description": description, "count": None, "share": None, "examples": []}
    share = round(len(ids) / total, 4) if total else 0.0
    return {
        "check": name,
        "description": description,
        "count": len(ids),
        "share": share,
        "examples": ids[: audit.examples],
    }


def exit_status(report: dict[str, Any]) -> int:
    """0 when every check's share is within ``max_failing``, else 1 (2 is for usage errors)."""
    return 0 if report["passed"] else 1


# ------------------------------------------------------------------------ article facts


_DATELINE = re.compile(
    r"^[ \t\xa0]*(?P<place>[^\n()«»\"\-–—ـ:/.]{2,45}?)?[ \t\xa0]*"
    r"(?P<outlet>\([^)\n]{1,30}\)|«[^»\n]{1,30}»)?[ \t\xa0]*(?P<mark>[-–—ـ]+|:|/)"
)
_ARABIC_WORD = re.compile(r"[\u0621-\u064A]{2,}")
TITLE_LINE = 120  # a first line this short may be a headline or byline above the dateline


def article_facts(article: ArticleText) -> Facts:
    """The dateline of an article and the places it names outside it."""
    line = find_dateline(article.text)
    mentions = []
    for name, text in (("title", article.title), ("text", article.text)):
        if text:
            mentions.extend(_mentions(text, line.end if line and name == "text" else 0))
    return Facts(line, tuple(mentions))


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, or right after a short first line (a headline or a
    byline written above it: "قتلى بقصف على إدلب\nبيروت - ..."), if it has one (see the module's
    docstring). After such a line a colon does not mark one ("سوريا: غارات ..." heads a teaser)."""
    found = _dateline_at(text, 0, colon=True)
    newline = text.find("\n", 0, TITLE_LINE + 1)
    if found is None and newline > 0 and text[:newline].strip():
        found = _dateline_at(text, newline + 1, colon=False)
    return found


def _dateline_at(text: str, offset: int, colon: bool) -> Dateline | None:
    """The dateline that opens ``text`` at ``offset``, if one does."""
    match = _DATELINE.match(text[offset : offset + 120])
    if not match or not (match.group("place") or match.group("outlet")):
        return None
    if match.group("mark") == ":" and not colon and not match.group("outlet"):
        return None
    place = (match.group("place") or "").strip()
    city, _, country = (part.strip() for part in place.partition("،"))
    city = _without_qualifiers(city)
    points = _city_points(city, country) if city else ()
    if not match.group("outlet") and not points:
        return None  # "فجرت كوريا الشمالية -": a dash in a sentence, not a dateline
    start = match.start("place") if place else match.start("outlet")
    return Dateline(offset + start, offset + match.end(), city, points)


def _without_qualifiers(city: str) -> str:
    """A dateline's city without the words a dateline may add to it ("القدس المحتلة" → "القدس")."""
    from rasd.text.normalize import normalize_term

    qualifiers = _dateline_qualifiers()
    kept = [word for word in city.split() if normalize_term(word) not in qualifiers]
    return " ".join(kept) if kept else city


@cache
def _dateline_qualifiers() -> frozenset[str]:
    from rasd.text.rule_words import word_set

    return word_set("dateline_qualifiers")


def _city_points(city: str, country: str) -> tuple[tuple[str, float, float], ...]:
    """The readings of a dateline's city (in its country when the dateline names one)."""
    from rasd.geo.gazetteer import load_gazetteer, name_forms
    from rasd.text.normalize import normalize_term

    gaz = load_gazetteer()
    key = normalize_term(city)
    within = gaz.country_by_name(normalize_term(country)) if country else None
    points: list[tuple[str, float, float]] = []
    for form in name_forms(key):
        for place in gaz.places_named(form):
            if within is None or place.country == within.iso2:
                points.append((place.name, place.lat, place.lon))
    named = gaz.country_by_name(key) if key in gaz.country_place_names() else None
    if named is not None:
        points.append((named.capital, named.lat, named.lon))
    return tuple(dict.fromkeys(points))


def _mentions(text: str, skip_until: int) -> Iterator[tuple[str, frozenset[str], tuple]]:
    """Each place mention and nationality adjective of ``text`` from ``skip_until`` on (original
    offsets): the country it names by name or adjective, the country of its best plausible reading,
    and all its readings (to recognise the mention a record's own place came from)."""
    from rasd.geo.gazetteer import load_gazetteer
    from rasd.recognize.places import find_places
    from rasd.text.document import Document

    doc = Document(text, "text")
    gaz = load_gazetteer()
    for mention in find_places(doc):
        if doc.original_span(mention.start, mention.end)[0] < skip_until:
            continue
        readings = [(p.name, p.lat, p.lon, p.country) for p in mention.places]
        readings += [(p.capital, p.lat, p.lon, p.country) for p in mention.provinces]
        best = frozenset(readings[:1][0][3:]) if readings and mention.plausible("") else frozenset()
        countries = {r[3] for r in readings}
        curated = bool(mention.provinces) or any(p.source != "geonames" for p in mention.places)
        sure = frozenset(countries) if len(countries) == 1 and curated else frozenset()
        named = mention.country.iso2 if mention.country else ""
        if named and (country := gaz.country(named)):
            readings.append((country.capital, country.lat, country.lon, named))
        yield named, best, sure, tuple((n, lat, lon) for n, lat, lon, _ in readings)
    adjectives = gaz.country_names()
    for token in doc.tokens:
        if doc.original_span(token.start, token.end)[0] < skip_until:
            continue
        for stem, _ in token.stems:
            if stem in adjectives:
                yield adjectives[stem], frozenset(), frozenset(), ()
                break


def _names_country(facts: Facts, iso2: str, record: dict[str, Any]) -> bool:
    """Whether the article names the country ``iso2`` by name or adjective, or by a place whose best
    reading lies there other than the record's own place; the record's own place vouches for itself
    only when it is a curated name of that one country, named at least twice."""
    if not iso2:
        return False
    own = 0
    for named, best, sure, readings in facts.mentions:
        if named == iso2:
            return True
        if not _near_any(record, readings, 1.0):
            if best == {iso2}:
                return True
        elif sure == {iso2}:
            own += 1
    return own >= SELF_VOUCH


def _near_any(
    record: dict[str, Any], points: Iterable[tuple[str, float, float]], km: float = DATELINE_KM
) -> bool:
    """Whether the record's place is one of these (same English name, or within ``km``)."""
    from rasd.geo.gazetteer import distance_km

    location = (record.get("location") or "").strip().lower()
    lat, lon = record.get("latitude"), record.get("longitude")
    for name, p_lat, p_lon in points:
        if location and name.lower() == location:
            return True
        if lat is not None and lon is not None and distance_km(float(lat), float(lon), p_lat, p_lon) <= km:
            return True
    return False


def _named_outside(item: Item, article: ArticleText, line: Dateline) -> bool:
    """Whether an evidence passage names the dateline's city outside the dateline itself."""
    from rasd.text.normalize import normalize_term

    city = normalize_term(line.city)
    bare = city[2:] if city.startswith("ال") and len(city) > 4 else city
    for span in item.evidence:
        if span.get("article_id", article.id) != article.id:
            continue
        text = span.get("text") or ""
        if span.get("field", "text") == "text":
            text = text[max(0, line.end - _int(span.get("start"))) :]
        if bare in normalize_term(text):
            return True
    return False


# ------------------------------------------------------------------------ small helpers


def country_iso2(name: str) -> str:
    """The ISO2 code of a country named as ACLED names it ("" for a name rasd does not know)."""
    known = country_table().by_name(name.strip())
    return known.iso2 if known else ""


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _actor(name: Any) -> str:
    """An actor name compared without its bracketed period: "X (2016-)" is "X"."""
    return re.sub(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)", "", str(name or "")).strip().lower()


# ------------------------------------------------------------------------ sources of records


def file_items(events_path: str, articles_path: str | None = None) -> list[Item]:
    """The records of an extraction file, each id ``article_id#n`` (its n-th record, from 1) or, in a
    store's export, its ``event_id_cnty``, with their articles' texts when ``articles_path`` gives them."""
    from rasd.io import Article, read_input

    texts: dict[str, ArticleText] = {}
    if articles_path:
        for article in read_input(articles_path):
            if isinstance(article, Article):
                texts[article.id] = ArticleText(
                    article.id, article.text, article.title or "", _day(article.published)
                )
    items: list[Item] = []
    seen: Counter[str] = Counter()
    for record in _read_jsonl(events_path):
        article_id = str(record.get("article_id", ""))
        seen[article_id] += 1
        label = record.get("event_id_cnty") or f"{article_id}#{seen[article_id]}"  # a store export's own id
        evidence = [{"article_id": article_id, **span} for span in record.get("evidence") or []]
        article = texts.get(article_id)
        items.append(
            Item(
                label,
                record,
                evidence,
                [article] if article else [],
                [article.published] if article and article.published else [],
            )
        )
    return items


def _read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    """Records of a .jsonl(.gz) file; ``ValueError`` names the line that is not a JSON object."""
    import gzip

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}, line {number}: not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}, line {number}: not a JSON object")
            if "text" in record and "event_type" not in record:  # every check would fail on it
                raise ValueError(
                    f"{path}, line {number}: an article (id, text), not an event record: audit reads "
                    "rasd extract's output; give the articles with --articles"
                )
            yield record


def store_items(session, filters) -> Iterator[Item]:
    """The store's events matching ``filters`` (the store's usual ones), with their reports' articles."""
    from sqlalchemy import select

    from rasd.store.models import Article
    from rasd.store.query import acled_values, find_events

    cache_: dict[str, ArticleText | None] = {}
    for event in find_events(session, filters):
        ids = [r.article_id for r in event.reports if r.article_id not in cache_]
        if ids:
            for row in session.execute(
                select(Article.id, Article.text, Article.title).where(Article.id.in_(ids))
            ):
                cache_[row.id] = ArticleText(row.id, row.text or "", row.title or "") if row.text else None
        articles = [
            a for a in (cache_.get(i) for i in dict.fromkeys(r.article_id for r in event.reports)) if a
        ]
        yield Item(
            event.event_id_cnty,
            acled_values(event),
            [{"article_id": r.article_id, **span} for r in event.reports for span in r.evidence],
            articles,
            [d for d in (_day(r.published) for r in event.reports) if d],
        )


# ------------------------------------------------------------------------ command line


def add_command(commands) -> None:
    """Register ``rasd audit`` on the ``rasd`` parser (the store's filters and ``--db`` included)."""
    from rasd.store.cli import _add_filters, _probability, _subparser

    audit = _subparser(
        commands,
        "audit",
        "check records before publishing: outliers, datelines, actors, codes, dates",
        _AUDIT_HELP,
    )
    audit.add_argument("events", nargs="?", help="an extraction file (.jsonl[.gz]); default: the store")
    audit.add_argument(
        "--articles", help="the articles of the extraction file (.jsonl[.gz]), for the text checks"
    )
    _add_filters(audit)
    audit.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="table (default), json or csv"
    )
    audit.add_argument(
        "--max-failing",
        type=_probability,
        default=MAX_FAILING,
        help=f"exit 1 when a check fails more than this share of records (default {MAX_FAILING})",
    )
    audit.add_argument(
        "--examples", type=int, default=EXAMPLES, help=f"example ids per check (default: {EXAMPLES})"
    )
    audit.set_defaults(handler=_command)


_AUDIT_HELP = """\
Run the record-level checks an analyst runs before publishing, over the store's events (with the
store's filters) or over an extraction file. Exit status: 0 clean, 1 when a check's share of failing
records exceeds --max-failing, 2 for usage errors.

examples:
  rasd audit --db sqlite:///may.db --since 2018-05-01 --until 2018-05-31
  rasd audit events.jsonl --articles articles.jsonl --format json
"""


def _command(args) -> int:
    import sys

    from rasd.io import InputError

    audit = Audit(args.max_failing, max(0, args.examples))
    if args.events:
        if args.db:
            print("rasd: audit reads an extraction file or a store (--db), not both", file=sys.stderr)
            return 2
        try:
            report = audit.run(_filtered(file_items(args.events, args.articles), args))
        except OSError as error:  # the file's name and the system's reason, not Python's "[Errno 2]"
            reason = (error.strerror or str(error)).lower()  # as every other command says it
            print(f"rasd: {error.filename or args.events}: {reason}", file=sys.stderr)
            return 2
        except (ValueError, InputError) as error:  # InputError: --articles cannot be opened
            print(f"rasd: {error}", file=sys.stderr)
            return 2
        sys.stdout.write(render(report, args.format))
        return exit_status(report)
    if args.articles:
        print("rasd: --articles goes with an extraction file; the store has its articles", file=sys.stderr)
        return 2
    from rasd.store.cli import _filters, with_session

    def work(session) -> int:
        report = audit.run(store_items(session, _filters(args)))
        sys.stdout.write(render(report, args.format))
        return exit_status(report)

    return with_session(args, work, must_exist=True)  # a mistyped path is no store, not a clean audit


def _filtered(items: list[Item], args) -> Iterator[Item]:
    """The store's filters, applied to an extraction file's records (parsed as the store's commands
    parse them: several values each, dates as dates)."""
    from rasd.store.cli import _filters

    f = _filters(args)
    for item in items:
        record = item.record
        day = _day(record.get("event_date"))
        actors = " ".join(
            str(record.get(k) or "") for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        )
        country = {str(record.get("country")).lower(), _iso3(record)}
        kind = str(record.get("event_type")).lower()
        if (
            (f.country and not {c.lower() for c in f.country} & country)
            or (f.event_type and kind not in {t.lower() for t in f.event_type})
            or (f.since and (day is None or day < f.since))
            or (f.until and (day is None or day > f.until))
            or (f.admin1 and str(record.get("admin1")).lower() not in {a.lower() for a in f.admin1})
            or (f.actor and not any(a.lower() in actors.lower() for a in f.actor))
            or (f.min_confidence is not None and float(record.get("confidence") or 0) < f.min_confidence)
        ):
            continue
        yield item


def _iso3(record: dict[str, Any]) -> str:

    country = country_table().by_iso2(country_iso2(str(record.get("country") or "")))
    return country.iso3.lower() if country else ""


# ------------------------------------------------------------------------ output


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as ``table`` (for people), ``json`` or ``csv`` (for scripts)."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("check", "count", "share", "examples"))
        for row in [*report["checks"], report["any"]]:
            count = "" if row["count"] is None else row["count"]
            share = "" if row["share"] is None else row["share"]
            writer.writerow((row["check"], count, share, " ".join(row["examples"])))
        return buffer.getvalue()
    return _table(report)


def _table(report: dict[str, Any]) -> str:
    lines = [f"{report['records']} records, {report['fatalities']:,} fatalities"]
    months = ", ".join(f"{m} {n:,}" for m, n in report["fatalities_by_month"].items())
    lines.append(f"fatalities by month: {months or '-'}")
    lines.append("")
    lines.append(f"{'check':<24}{'count':>7}{'share':>8}  examples")
    for row in [*report["checks"], report["any"]]:
        if row["count"] is None:
            lines.append(f"{row['check']:<24}{'n/a':>7}{'':>8}  (needs the article texts: --articles)")
            continue
        mark = " !" if row["check"] in report["over_threshold"] else ""
        share = f"{100 * row['share']:.1f}%"
        lines.append(f"{row['check']:<24}{row['count']:>7}{share:>8}  {' '.join(row['examples'])}{mark}")
    verdict = "passed" if report["passed"] else "FAILED: " + ", ".join(report["over_threshold"])
    lines.append("")
    lines.append(f"max failing share {report['max_failing']}: {verdict}")
    return "\n".join(lines) + "\n"
