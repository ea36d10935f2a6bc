"""Actor and source recognition over normalized text, backed by the registries in ``rasd/data``.

News names the same party many ways ("ميليشيا الحوثي", "الحوثيين", "جماعة أنصار الله"), glues clitics
to the first word ("وبالحوثيين", "للتنظيم") and quotes or brackets names (`تنظيم "داعش"`, "(قسد)"). The
registry turns every such mention into one stable key, and turns a key into the ACLED name valid for an
event's country and date (government periods, "Islamic State (Iraq)", "Civilians (Syria)").

Matching is token based: the text is split into word tokens once; for each token the possible clitic-free
stems are looked up in a dict keyed by an alias's first word (article removed), and the remaining alias
words are compared token by token. Only quotes, brackets, hyphens and spaces may sit between alias words.
This keeps a 1,400-character article well under a millisecond.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rasd.text.normalize import normalize_term

_DATA = Path(__file__).resolve().parent.parent / "data"
_TOKEN = re.compile(r"\w+")
_GAP = re.compile(r'[ "()\[\]\-]+')
_ARTICLE = "ال"
_GENERIC = "generic:"

Token = tuple[int, int, str]


# ---------------------------------------------------------------- clitic-tolerant phrase matching


def _clitic_prefixes() -> tuple[tuple[str, bool], ...]:
    """Proclitic strings a word may carry (و ف, then ب ل ك, then the article), with an article flag.

    ل + ال is written "لل" (the article's alef drops), which is why it is spelled out here.
    """
    out: list[tuple[str, bool]] = []
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            out.append((conj + prep, False))
            out.append((conj + ("لل" if prep == "ل" else prep + _ARTICLE), True))
    return tuple(sorted(set(out), key=lambda p: len(p[0])))


_PREFIXES = _clitic_prefixes()


@lru_cache(maxsize=65536)
def _stems(token: str) -> tuple[tuple[str, bool], ...]:
    """Every (stem, had_article) reading of a token, least clitic stripping first.

    Cached because the same words recur across articles; a stem keeps at least two letters so that
    short words are not reduced to nothing.
    """
    out: list[tuple[str, bool]] = []
    for prefix, article in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            out.append((token[len(prefix):], article))
    return tuple(out)


def _split_first(word: str) -> tuple[str, bool]:
    """An alias's first word without its article, and whether the alias demands the article.

    "الجيش" must not match a bare "جيش" ("جيش المهدي"), but "حوثيين" may match "الحوثيين".
    """
    if word.startswith(_ARTICLE) and len(word) >= len(_ARTICLE) + 2:
        return word[len(_ARTICLE):], True
    return word, False


@dataclass(frozen=True)
class _Entry:
    rest: tuple[str, ...]
    needs_article: bool
    alias: str


class PhraseMatcher:
    """Longest-match lookup of normalized phrases in tokenized normalized text."""

    def __init__(self, aliases: Iterable[str]) -> None:
        index: dict[str, list[_Entry]] = {}
        for alias in aliases:
            words = _TOKEN.findall(alias)
            if not words:
                continue
            first, needs_article = _split_first(words[0])
            index.setdefault(first, []).append(_Entry(tuple(words[1:]), needs_article, alias))
        for entries in index.values():
            entries.sort(key=lambda e: len(e.rest), reverse=True)
        self._index = index

    @staticmethod
    def tokenize(text: str) -> list[Token]:
        """Word tokens of ``text`` as (start, end, word)."""
        return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]

    def match_at(self, text: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
        """The longest alias starting at token ``i``: (tokens consumed, alias), or None."""
        best: tuple[int, str] | None = None
        for stem, has_article in _stems(tokens[i][2]):
            for entry in self._index.get(stem, ()):
                if entry.needs_article and not has_article:
                    continue
                size = len(entry.rest) + 1
                if best is not None and size <= best[0]:
                    break
                if _rest_matches(text, tokens, i, entry.rest):
                    best = (size, entry.alias)
                    break
        return best

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping alias matches, left to right, longest at each position: (start, end, alias)."""
        tokens = self.tokenize(text)
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(text, tokens, i)
            if hit is None:
                i += 1
                continue
            size, alias = hit
            out.append((tokens[i][0], tokens[i + size - 1][1], alias))
            i += size
        return out


def _rest_matches(text: str, tokens: list[Token], i: int, rest: tuple[str, ...]) -> bool:
    """Whether tokens after ``i`` spell ``rest`` with only spaces, quotes or brackets between them."""
    if i + len(rest) >= len(tokens):
        return False
    for k, word in enumerate(rest, start=1):
        token = tokens[i + k]
        if token[2] != word or not _GAP.fullmatch(text, tokens[i + k - 1][1], token[0]):
            return False
    return True


# ---------------------------------------------------------------- the actor registry


@dataclass(frozen=True)
class ActorMention:
    """One actor mention; offsets are in the normalized text."""

    start: int
    end: int
    key: str
    surface: str
    inter: int
    generic: bool
    anaphoric: bool
    alias: str = field(default="", compare=False)


@dataclass(frozen=True)
class _Period:
    start: dt.date
    end: dt.date | None
    label: str
    suffix: str


@dataclass(frozen=True)
class Actor:
    """A registry actor; ``canonical`` composes its dated, per-country ACLED name."""

    key: str
    name: str
    inter: int
    country: str
    suffix: str = ""
    name_template: str = ""
    periods: tuple[_Period, ...] = ()
    names_by_country: Mapping[str, str] = field(default_factory=dict)
    heads: frozenset[str] = frozenset()

    def period_on(self, on: dt.date | None) -> _Period | None:
        """The government period in force on ``on``; the latest when undated, the nearest when outside."""
        if not self.periods:
            return None
        if on is None:
            return self.periods[-1]
        for period in self.periods:
            if period.start <= on and (period.end is None or on <= period.end):
                return period
        return self.periods[0] if on < self.periods[0].start else self.periods[-1]


@dataclass(frozen=True)
class _Generic:
    key: str
    name_template: str
    inter: int


@dataclass(frozen=True)
class _Owner:
    key: str
    countries: frozenset[str] | None


def _as_date(value: Any) -> dt.date:
    """TOML dates may be written quoted or bare."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _periods(raw: Any, sets: Mapping[str, Any]) -> tuple[_Period, ...]:
    """An actor's periods, inline or by the name of a shared period set, sorted by start."""
    items = sets[raw] if isinstance(raw, str) else (raw or [])
    periods = [
        _Period(
            start=_as_date(p["start"]),
            end=_as_date(p["end"]) if "end" in p else None,
            label=p["label"],
            suffix=p.get("suffix", ""),
        )
        for p in items
    ]
    return tuple(sorted(periods, key=lambda p: p.start))


def _first_stem(alias: str) -> str:
    """First word of a normalized alias without its article: the head an anaphor is compared with."""
    words = _TOKEN.findall(alias)
    return _split_first(words[0])[0] if words else ""


class ActorRegistry:
    """Aliases → keys, and keys → ACLED names for a country and date."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._country_names: dict[str, str] = dict(data.get("country_names", {}))
        self._actors: dict[str, Actor] = {}
        self._generics: dict[str, _Generic] = {}
        self._owners: dict[str, list[_Owner]] = {}
        sets = data.get("period_sets", {})
        for raw in data.get("actor", []):
            self._add_actor(raw, sets)
        for raw in data.get("generic", []):
            self._add_generic(raw)
        for phrase in data.get("block", {}).get("phrases", []):
            self._owners.setdefault(normalize_term(phrase), []).insert(0, _Owner("", None))
        self._anaphora = self._load_anaphora(data.get("anaphora", {}))
        self._default = {alias: _default_owner(owners) for alias, owners in self._owners.items()}
        self._matcher = PhraseMatcher(self._owners)

    def _add_actor(self, raw: Mapping[str, Any], sets: Mapping[str, Any]) -> None:
        """Register one [[actor]] table and its aliases."""
        key = raw["key"]
        aliases = [normalize_term(a) for a in raw.get("aliases", [])]
        scoped = {normalize_term(a): frozenset(c) for a, c in raw.get("aliases_in", {}).items()}
        self._actors[key] = Actor(
            key=key,
            name=raw["name"],
            inter=int(raw["inter"]),
            country=raw.get("country", ""),
            suffix=raw.get("suffix", ""),
            name_template=raw.get("name_template", ""),
            periods=_periods(raw.get("periods"), sets),
            names_by_country=dict(raw.get("names_by_country", {})),
            heads=frozenset(_first_stem(a) for a in [*aliases, *scoped]),
        )
        for alias in aliases:
            self._owners.setdefault(alias, []).append(_Owner(key, None))
        for alias, countries in scoped.items():
            self._owners.setdefault(alias, []).append(_Owner(key, countries))

    def _add_generic(self, raw: Mapping[str, Any]) -> None:
        """Register one [[generic]] table; its key gets the ``generic:`` prefix."""
        key = _GENERIC + raw["key"]
        self._generics[key] = _Generic(key, raw["name_template"], int(raw["inter"]))
        for alias in raw.get("aliases", []):
            self._owners.setdefault(normalize_term(alias), []).append(_Owner(key, None))

    @staticmethod
    def _load_anaphora(raw: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
        """Anaphor stem (article removed) → head words of the aliases it may refer back to."""
        out: dict[str, frozenset[str]] = {}
        for word, heads in raw.items():
            stem, _ = _split_first(normalize_term(word))
            out[stem] = frozenset(normalize_term(h) for h in heads)
        return out

    # -------------------------------------------------------- lookups

    @property
    def actors(self) -> Mapping[str, Actor]:
        """All named actors by key."""
        return self._actors

    @property
    def generic_keys(self) -> tuple[str, ...]:
        """Keys of the generic actors ("generic:civilians" …)."""
        return tuple(self._generics)

    def aliases_of(self, key: str) -> tuple[str, ...]:
        """Normalized aliases that can resolve to ``key`` (scoped ones included)."""
        return tuple(a for a, owners in self._owners.items() if any(o.key == key for o in owners))

    def country_of(self, key: str) -> str:
        """ISO2 the actor belongs to ("" for generic or transnational actors)."""
        actor = self._actors.get(key)
        return actor.country if actor else ""

    @property
    def country_names(self) -> Mapping[str, str]:
        """ISO2 → English (ACLED) country name, as listed in the registry."""
        return self._country_names

    def country_name(self, iso2: str) -> str:
        """English (ACLED) country name for an ISO2 code, the code itself when unknown."""
        return self._country_names.get(iso2, iso2)

    def inter_of(self, key: str) -> int:
        """Inter code of a key; 0 for the empty key."""
        if key in self._generics:
            return self._generics[key].inter
        actor = self._actors.get(key)
        return actor.inter if actor else 0

    # -------------------------------------------------------- recognition

    def find(self, norm_text: str) -> list[ActorMention]:
        """Actor mentions in normalized text: non-overlapping, longest match first, anaphors resolved."""
        tokens = PhraseMatcher.tokenize(norm_text)
        out: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            hit = self._matcher.match_at(norm_text, tokens, i)
            if hit is not None:
                size, alias = hit
                self._emit(out, norm_text, tokens[i][0], tokens[i + size - 1][1], alias)
                i += size
                continue
            anaphor = self._anaphor(out, norm_text, tokens[i])
            if anaphor is not None:
                out.append(anaphor)
            i += 1
        return out

    def _emit(self, out: list[ActorMention], text: str, start: int, end: int, alias: str) -> None:
        """Append the mention for a matched alias (blocked phrases have an empty key and are dropped)."""
        key = self._default[alias]
        if not key:
            return
        generic = key.startswith(_GENERIC)
        out.append(ActorMention(start, end, key, text[start:end], self.inter_of(key), generic, False, alias))

    def _anaphor(self, found: list[ActorMention], text: str, token: Token) -> ActorMention | None:
        """An anaphoric group word ("التنظيم", "للجماعة") resolved to the nearest fitting earlier actor."""
        for stem, has_article in _stems(token[2]):
            heads = self._anaphora.get(stem) if has_article else None
            if heads is None:
                continue
            key = self._antecedent(found, heads)
            start, end = token[0], token[1]
            return ActorMention(start, end, key, text[start:end], self.inter_of(key), False, True, stem)
        return None

    def _antecedent(self, found: list[ActorMention], heads: frozenset[str]) -> str:
        """Key of the nearest preceding named mention whose aliases start with one of ``heads``."""
        for mention in reversed(found):
            if mention.generic or mention.anaphoric:
                continue
            if self._actors[mention.key].heads & heads:
                return mention.key
        return ""

    def resolve_context(self, mention: ActorMention, event_country_iso2: str | None) -> str:
        """The key a mention's alias means in the event's country.

        Scoped aliases ("التحالف" → Global Coalition in Syria/Iraq, Operation Restoring Hope in Yemen) pick
        the owner listing that country, else the unscoped owner. "" when the alias is only scoped to other
        countries (e.g. "الجيش" in a country whose army is not registered); the mention's key when the
        country is unknown.
        """
        owners = self._owners.get(mention.alias)
        if not owners or mention.anaphoric or event_country_iso2 is None:
            return mention.key
        for owner in owners:
            if owner.countries is not None and event_country_iso2 in owner.countries:
                return owner.key
        for owner in owners:
            if owner.countries is None:
                return owner.key
        return ""

    def canonical(self, key: str, event_country_iso2: str | None, on: dt.date | None) -> tuple[str, int]:
        """(ACLED name, inter) for a key in an event's country on its date."""
        if key in self._generics:
            generic = self._generics[key]
            return self._fill(generic.name_template, event_country_iso2), generic.inter
        actor = self._actors[key]
        name = self._base_name(actor, event_country_iso2)
        period = actor.period_on(on)
        suffix = actor.suffix
        if period is not None:
            name = f"{name} ({period.label})"
            suffix = period.suffix or suffix
        return (f"{name} {suffix}" if suffix else name), actor.inter

    def _base_name(self, actor: Actor, iso2: str | None) -> str:
        """Per-country name ("Islamic State (Iraq)"), else the template filled, else the plain name."""
        if iso2:
            if iso2 in actor.names_by_country:
                return actor.names_by_country[iso2]
            if actor.name_template:
                return self._fill(actor.name_template, iso2)
        return actor.name

    def _fill(self, template: str, iso2: str | None) -> str:
        """Fill "{country}"; without a country the bracketed part is left out ("Civilians")."""
        if not iso2:
            return template.replace(" ({country})", "").replace("{country}", "").strip()
        return template.format(country=self.country_name(iso2))


def _default_owner(owners: list[_Owner]) -> str:
    """The key an alias means when the country is not considered: the unscoped owner, else the first."""
    for owner in owners:
        if owner.countries is None:
            return owner.key
    return owners[0].key


@cache
def load_registry() -> ActorRegistry:
    """The actor registry from ``data/actors.toml``, built once per process."""
    with (_DATA / "actors.toml").open("rb") as handle:
        return ActorRegistry(tomllib.load(handle))


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class SourceMention:
    """A credited source; offsets are in the normalized text, ``kind`` is "descriptor" for unnamed ones."""

    start: int
    end: int
    name: str
    kind: str


@cache
def _source_index() -> tuple[PhraseMatcher, dict[str, tuple[str, str]]]:
    """Matcher over all source aliases and alias → (name, kind), built once from ``data/sources.toml``."""
    with (_DATA / "sources.toml").open("rb") as handle:
        data = tomllib.load(handle)
    by_alias: dict[str, tuple[str, str]] = {}
    for raw in data.get("source", []):
        for alias in raw["aliases"]:
            by_alias.setdefault(normalize_term(alias), (raw["name"], raw["kind"]))
    for raw in data.get("descriptor", []):
        for alias in raw["aliases"]:
            by_alias.setdefault(normalize_term(alias), (raw["name"], "descriptor"))
    return PhraseMatcher(by_alias), by_alias


def find_sources(norm_text: str) -> list[SourceMention]:
    """Named sources and unnamed-source descriptors in normalized text, left to right."""
    matcher, by_alias = _source_index()
    return [SourceMention(start, end, *by_alias[alias]) for start, end, alias in matcher.find(norm_text)]
