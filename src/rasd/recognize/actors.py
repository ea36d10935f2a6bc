"""Actor and source recognition over normalized text, backed by the registries in ``rasd/data``.

News names the same party many ways ("ميليشيا الحوثي", "الحوثيين", "جماعة أنصار الله"), glues clitics
to the first word ("وبالحوثيين", "للتنظيم") and quotes or brackets names (`تنظيم "داعش"`, "(قسد)"). The
registry turns every such mention into one stable key, and turns a key into the ACLED name valid for an
event's country and date (government periods, "Islamic State (Iraq)", "Civilians (Syria)").

Matching uses the project's one phrase mechanism (``rasd.text.lexicon.PhraseLexicon`` over
``rasd.text.tokens.tokenize``): proclitics are stripped from the first word; alias words may be separated
only by spaces, quotes, brackets, hyphens or underscores (hashtags: "#ميليشيات_الحوثي"); an alias written
with the article ("الجيش") only matches words that carry it; the longest alias wins. Mention spans cover
the whole first word, proclitic included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from rasd import data_cache
from rasd.geo.countries import country_table
from rasd.text.clitics import clitics
from rasd.text.lexicon import PhraseLexicon, words_of
from rasd.text.normalize import normalize_term
from rasd.text.tokens import (
    JOINERS,
    NAME_JOINERS,
    WORD,
    Token,
    joins,
    name_joined,
    retokenize,
    strip_article,
)

_DATA = Path(__file__).resolve().parent.parent / "data"
_ARTICLE = clitics().article
_GENERIC = "generic:"
_STATE_PREFIXES = ("Military Forces of", "Police Forces of")


@lru_cache(maxsize=4)
def _tokens(norm_text: str) -> Sequence[Token]:
    """Tokens of a normalized text, hyphens and underscores joining words.

    The latest few are kept because ``ActorRegistry.find`` and ``find_sources`` are called on the same
    text one after the other; tokens are shared, so callers must not modify them. Without a hyphen in
    the text they are the field's own token list (``retokenize``), whose words every lexicon has
    listed already.
    """
    return retokenize(norm_text, NAME_JOINERS)  # from the field's tokens: no second regex pass


# the characters ``NAME_JOINERS`` joins words over and ``JOINERS`` does not (the hyphen)
_NAME_ONLY_JOINERS = "".join(sorted(set(NAME_JOINERS) - set(JOINERS)))


def _name_tokens(norm_text: str, tokens: Sequence[Token] | None) -> Sequence[Token]:
    """The tokens names are matched over, from the field's own ``tokens`` (``tokenize(norm_text)``)
    when the caller has them: those very tokens if the text holds no character only ``NAME_JOINERS``
    joins over (three texts in four), since both joiner sets then cut and join it alike; else
    ``_rejoined``. A field is so never tokenized a second time because the tokens ``retokenize``
    remembers for a few texts were dropped (a title read after its body may push the body out)."""
    if tokens is None:
        return _tokens(norm_text)
    if not any(extra in norm_text for extra in _NAME_ONLY_JOINERS):
        return tokens
    return _rejoined(norm_text, tokens)


# normalized text → (the field's tokens, its name tokens) for the last few texts (actors, then sources)
_REJOINED: dict[str, tuple[Sequence[Token], list[Token]]] = {}
_REJOINED_LIMIT = 4


def _rejoined(norm_text: str, tokens: Sequence[Token]) -> list[Token]:
    """``tokenize(norm_text, NAME_JOINERS)`` made from the field's tokens: the words, spans and stems
    are the same, and a token the default joiners leave apart is joined when only name joiners stand
    before it (copied; the others are shared, read-only)."""
    entry = _REJOINED.get(norm_text)
    if entry is not None and entry[0] is tokens:
        return entry[1]
    out = name_joined(norm_text, tokens)
    if out is None:  # not the remembered tokens: each gap is judged here
        out = list(tokens)
        for i in range(1, len(out)):
            token = out[i]
            if not token.joined and joins(norm_text[out[i - 1].end : token.start], NAME_JOINERS):
                out[i] = Token(token.text, token.start, token.end, token.stems, True)
    if len(_REJOINED) >= _REJOINED_LIMIT:
        _REJOINED.clear()
    _REJOINED[norm_text] = (tokens, out)
    return out


# ---------------------------------------------------------------- the actor registry


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
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
    coded_as: str = ""  # ACLED codes this force as that actor, with this one as its associate
    victim_group: bool = False  # who victims were (journalists, fishers): assoc_actor_2, never a doer

    @property
    def is_state(self) -> bool:
        """State forces: inter 1 in their own country, 8 abroad (CODEBOOK §12)."""
        return self.name.startswith(_STATE_PREFIXES) or self.name_template.startswith(_STATE_PREFIXES)

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
    words = WORD.findall(alias)
    return strip_article(words[0]) if words else ""


class ActorRegistry:
    """Aliases → keys, and keys → ACLED names for a country and date."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        # every country of the country table ("Civilians (Morocco)"); a [country_names] table in the data
        # can only add codes the table lacks
        self._country_names: dict[str, str] = {
            **data.get("country_names", {}),
            **{c.iso2: c.name for c in country_table()},
        }
        self._actors: dict[str, Actor] = {}
        self._generics: dict[str, _Generic] = {}
        self._owners: dict[str, list[_Owner]] = {}
        self._forces: dict[tuple[str, str], str] = {}  # (name prefix, iso2) → key, filled on first use
        sets = data.get("period_sets", {})
        for raw in data.get("actor", []):
            self._add_actor(raw, sets)
        for raw in data.get("generic", []):
            self._add_generic(raw)
        for phrase in data.get("block", {}).get("phrases", []):
            self._owners.setdefault(normalize_term(phrase), []).insert(0, _Owner("", None))
        self._anaphora = self._load_anaphora(data.get("anaphora", {}))
        self._default = {alias: _default_owner(owners) for alias, owners in self._owners.items()}
        self._lexicon: PhraseLexicon[str] = PhraseLexicon(
            ((alias, alias) for alias in self._owners), article_optional=False
        )

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
            coded_as=raw.get("coded_as", ""),
            victim_group=bool(raw.get("victim_group", False)),
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
    def _load_anaphora(raw: Mapping[str, list[str]]) -> PhraseLexicon[tuple[str, frozenset[str]]]:
        """Anaphors, always with the article ("التنظيم", "للتنظيم" but not "تنظيم" = "organizing"), each
        → (its stem without the article, head words of the aliases it may refer back to)."""
        lexicon: PhraseLexicon[tuple[str, frozenset[str]]] = PhraseLexicon(article_optional=False)
        for word, heads in raw.items():
            stem = strip_article(normalize_term(word))
            lexicon.add(_ARTICLE + stem, (stem, frozenset(normalize_term(h) for h in heads)))
        return lexicon

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

    def state_forces(self, iso2: str) -> str:
        """Key of a country's military forces (no sub-unit), for a country named as the doer
        ("اعترضت السعودية", "إسرائيل تقصف"); "" when the registry has none."""
        return self._first_force("Military Forces of", iso2)

    def police_forces(self, iso2: str) -> str:
        """Key of a country's police ("" when the registry has none): who arrests, disperses, is rioted at."""
        return self._first_force("Police Forces of", iso2)

    def _first_force(self, name: str, iso2: str) -> str:
        """The first registry actor of a country named so, without sub-unit; remembered per country,
        since assembly asks for every mention of every candidate (the registry never changes)."""
        found = self._forces.get((name, iso2))
        if found is None:
            found = next(
                (
                    actor.key
                    for actor in self._actors.values()
                    if actor.country == iso2 and actor.name.startswith(name) and not actor.suffix
                ),
                "",
            )
            self._forces[(name, iso2)] = found
        return found

    def is_state(self, key: str) -> bool:
        """Whether a key names state forces of some country (whatever their inter code where they are)."""
        actor = self._actors.get(key.partition("@")[0])
        return actor is not None and actor.is_state

    def coded_as(self, key: str) -> str:
        """The actor ACLED codes a force as ("" when it is coded as itself)."""
        actor = self._actors.get(key)
        return actor.coded_as if actor else ""

    def is_victim_group(self, key: str) -> bool:
        """Groups that name who victims were (journalists, fishers), never who acted."""
        actor = self._actors.get(key)
        return actor is not None and actor.victim_group

    def country_of(self, key: str) -> str:
        """ISO2 the actor belongs to ("" for generic or transnational actors)."""
        actor = self._actors.get(key)
        return actor.country if actor else ""

    def country_named_by(self, mention: ActorMention) -> str:
        """ISO2 a mention is evidence of: its actor's country, unless its alias means that actor only in
        some countries (``المسلحين`` is Syria's rebels in a report on Syria, anyone's gunmen elsewhere),
        so that it cannot tell which country a report is about."""
        owners = self._owners.get(mention.alias, ())
        if owners and all(owner.countries is not None for owner in owners):
            return ""
        return self.country_of(mention.key) if mention.key else ""

    @property
    def country_names(self) -> Mapping[str, str]:
        """ISO2 → English (ACLED) country name, for every country of ``data/countries.toml``."""
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

    def find(self, norm_text: str, tokens: Sequence[Token] | None = None) -> list[ActorMention]:
        """Actor mentions in normalized text: non-overlapping, longest match first, anaphors resolved.
        ``tokens``: ``tokenize(norm_text)`` when at hand (a field's), read instead of tokenizing again."""
        return self._find(norm_text, _name_tokens(norm_text, tokens), None)

    def find_with_sources(
        self, norm_text: str, tokens: Sequence[Token] | None = None
    ) -> tuple[list[ActorMention], list[SourceMention]]:
        """``find`` and ``find_sources`` of one text, in one pass over its words."""
        sources: list[SourceMention] = []
        return self._find(norm_text, _name_tokens(norm_text, tokens), sources), sources

    def _find(
        self, norm_text: str, tokens: Sequence[Token], sources: list[SourceMention] | None
    ) -> list[ActorMention]:
        """``find`` over the name tokens; with ``sources``, the source lexicon's matches are added to it
        as ``find_sources`` finds them (non-overlapping, left to right, apart from the actors')."""
        out: list[ActorMention] = []
        # only tokens that may begin an alias, an anaphor (or a source) are tried (a tenth of them),
        # found in one pass over the words for all the lexicons
        names = self._lexicon.starters(tokens)
        anaphors = self._anaphora.starters(tokens)
        either = names | anaphors
        credited = _source_index() if sources is not None else None
        told = credited.starters(tokens) if credited is not None else set()
        if told:
            either = either | told
        if not either:
            return out
        texts = words_of(tokens)
        resume = told_resume = 0
        for i in compress(range(len(texts)), map(either.__contains__, texts)):
            word = texts[i]
            if word in told and i >= told_resume and credited is not None and sources is not None:
                told_at = credited.match_at(tokens, i)
                if told_at is not None:
                    sources.append(SourceMention(tokens[i].start, told_at.end, *told_at.value))
                    told_resume = told_at.last_token
            if i < resume:
                continue  # inside the alias matched before
            if word in names:
                hit = self._lexicon.match_at(tokens, i)  # at once None when its second word is not next
                if hit is not None:
                    self._emit(out, norm_text, tokens[i].start, hit.end, hit.value)
                    resume = hit.last_token
                    continue
            if word in anaphors:
                anaphor = self._anaphor(out, norm_text, tokens, i)
                if anaphor is not None:
                    out.append(anaphor)
        return out

    def _emit(self, out: list[ActorMention], text: str, start: int, end: int, alias: str) -> None:
        """Append the mention for a matched alias (blocked phrases have an empty key and are dropped)."""
        key = self._default[alias]
        if not key:
            return
        generic = key.startswith(_GENERIC)
        out.append(ActorMention(start, end, key, text[start:end], self.inter_of(key), generic, False, alias))

    def _anaphor(
        self, found: list[ActorMention], text: str, tokens: Sequence[Token], i: int
    ) -> ActorMention | None:
        """An anaphoric group word ("التنظيم", "للجماعة") resolved to the nearest fitting earlier actor."""
        hit = self._anaphora.match_at(tokens, i)
        if hit is None:
            return None
        stem, heads = hit.value
        antecedent = self._antecedent(found, heads)
        key = antecedent.key if antecedent is not None else ""
        # the antecedent's alias, so the anaphor means in the event's country what its antecedent means
        # there ("حركة طالبان" then "الحركة" in Pakistan are both the TTP)
        alias = antecedent.alias if antecedent is not None else stem
        start, end = tokens[i].start, tokens[i].end
        return ActorMention(start, end, key, text[start:end], self.inter_of(key), False, True, alias)

    def _antecedent(self, found: list[ActorMention], heads: frozenset[str]) -> ActorMention | None:
        """The nearest preceding named mention whose aliases start with one of ``heads``."""
        for mention in reversed(found):
            if mention.generic or mention.anaphoric:
                continue
            if self._actors[mention.key].heads & heads:
                return mention
        return None

    def resolve_context(self, mention: ActorMention, event_country_iso2: str | None) -> str:
        """The key a mention's alias means in the event's country.

        Scoped aliases ("التحالف" → Global Coalition in Syria/Iraq, Operation Restoring Hope in Yemen) pick
        the owner listing that country, else the unscoped owner. "" when the alias is only scoped to other
        countries (e.g. "الجيش" in a country whose army is not registered); the mention's key when the
        country is unknown.
        """
        owners = self._owners.get(mention.alias)
        if not owners or not mention.key or event_country_iso2 is None:
            return mention.key
        for owner in owners:
            if owner.countries is not None and event_country_iso2 in owner.countries:
                return owner.key
        for owner in owners:
            if owner.countries is None:
                return owner.key
        return ""

    def same_in_every_country(self, mention: ActorMention) -> bool:
        """Whether ``resolve_context`` gives the mention its own key whatever the event's country (and
        with none): no owner of its alias is scoped to countries under another key, and one is not
        scoped at all. Assembly may then read the mention's roles before the article's country is known."""
        owners = self._owners.get(mention.alias)
        if not owners or not mention.key:
            return True
        return any(o.countries is None for o in owners) and all(o.key == mention.key for o in owners)

    def canonical(self, key: str, event_country_iso2: str | None, on: dt.date | None) -> tuple[str, int]:
        """(ACLED name, inter) for a key in an event's country on its date.

        State forces are 1 in their own country and 8 abroad (CODEBOOK §12: Israeli forces in Palestine,
        Saudi forces in Yemen, Houthi forces in Saudi Arabia are 8); without a country they are 1."""
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
        return (f"{name} {suffix}" if suffix else name), self._inter_in(actor, event_country_iso2)

    @staticmethod
    def _inter_in(actor: Actor, iso2: str | None) -> int:
        """Inter code of an actor in an event's country."""
        if not actor.is_state or not actor.country:
            return actor.inter
        return 1 if not iso2 or iso2 == actor.country else 8

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
    """The actor registry from ``data/actors.toml``, built once per process (or read from the data cache)."""
    return data_cache.cached("actor_registry", _build_registry)


def _build_registry() -> ActorRegistry:
    """The actor registry, built from ``data/actors.toml``."""
    return ActorRegistry(data_cache.parse_toml(_DATA / "actors.toml"))


# ---------------------------------------------------------------- sources


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class SourceMention:
    """A credited source; offsets are in the normalized text, ``kind`` is "descriptor" for unnamed ones."""

    start: int
    end: int
    name: str
    kind: str


@cache
def _source_index() -> PhraseLexicon[tuple[str, str]]:
    """Lexicon of all source aliases → (name, kind), built once from ``data/sources.toml`` (or read
    from the data cache)."""
    return data_cache.cached("source_lexicon", _build_source_index)


def _build_source_index() -> PhraseLexicon[tuple[str, str]]:
    """The source lexicon, built from ``data/sources.toml``."""
    data = data_cache.parse_toml(_DATA / "sources.toml")
    lexicon: PhraseLexicon[tuple[str, str]] = PhraseLexicon(article_optional=False)
    for raw in data.get("source", []):
        for alias in raw["aliases"]:
            lexicon.add(alias, (raw["name"], raw["kind"]))
    for raw in data.get("descriptor", []):
        for alias in raw["aliases"]:
            lexicon.add(alias, (raw["name"], "descriptor"))
    return lexicon


def find_sources(norm_text: str, tokens: Sequence[Token] | None = None) -> list[SourceMention]:
    """Named sources and unnamed-source descriptors in normalized text, left to right. ``tokens``:
    ``tokenize(norm_text)`` when at hand (a field's), read instead of tokenizing again."""
    tokens = _name_tokens(norm_text, tokens)
    return [SourceMention(tokens[m.first_token].start, m.end, *m.value) for m in _source_index().find(tokens)]
