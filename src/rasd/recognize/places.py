"""Place mentions: gazetteer names found in a document, with the cue words around them.

A mention records what precedes it because the cue decides what the name means for an event:
``قرب حقل العمر`` is near a site (precision 2), ``بريف دير الزور الشرقي`` is the countryside of a
province (precision 3), ``بلدة الباغوز`` is the town itself (precision 1), and ``أطلق من صعدة`` is
where a missile came from, not where the event happened.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd import tuning
from rasd.geo.gazetteer import Country, Place, Province, load_gazetteer
from rasd.recognize.cues import CueClass, cue_lexicon, cue_words
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.document import Document
from rasd.text.lexicon import Match, PhraseLexicon
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import word_set, words
from rasd.text.tokens import Token

_CUE_WINDOW = tuning.CUE_WINDOW
_ORIGIN_REACH = tuning.ORIGIN_REACH
_BIG_CITY = tuning.BIG_CITY


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the normalized text and how the text frames it."""

    start: int
    end: int
    first_token: int
    last_token: int
    name: str  # normalized matched name
    places: tuple[Place, ...]  # settlement and site candidates, best first
    provinces: tuple[Province, ...]  # when the name is (also) a province
    country: Country | None  # when the name is a country
    cue: str  # "near", "countryside", "settlement", "origin", "dateline", "landmark" or ""
    cue_word: str  # the last word of the cue, normalized ("" when no cue)
    explicit_province: bool  # preceded by محافظة / ولاية: the province, not its capital city

    @property
    def is_frame(self) -> bool:
        """Where the report was written or where fire came from: never the scene of an event."""
        return self.cue in ("origin", "dateline", "landmark")

    @property
    def is_country_only(self) -> bool:
        return self.country is not None and not self.places and not self.provinces

    def plausible(self, country_hint: str, named: frozenset[str] = frozenset()) -> bool:
        """Whether the name is likely a place here and not a word that happens to be one somewhere.

        Countries and curated places always are. A province, or a GeoNames-only place, needs the article
        to be about its country (``country_hint``) or to name that country (``named``: by name, adjective,
        or an unambiguous place of it); failing that, a province needs "محافظة"/"ولاية" before it, and a
        GeoNames place must be a large city (common words that name one, like "ميدان", are stoplisted).
        """
        local = named | {country_hint}
        if self.country is not None:
            return True
        if self.provinces and (self.explicit_province or any(p.country in local for p in self.provinces)):
            return True
        for place in self.places:
            if place.source != "geonames":
                return True
            if place.population >= _BIG_CITY:
                return True  # "أثينا", "موسكو": a large city's name is seldom a chance homonym
            if place.country in local:
                return True
        return False


@dataclass(frozen=True)
class _Entry:
    places: tuple[Place, ...]
    provinces: tuple[Province, ...]
    country: Country | None
    stop: bool = False  # a common word of news prose: a place only after a place cue
    blocked: bool = False  # a phrase that holds a place name but names no place ("الخوذ البيضاء")


@cache
def place_lexicon() -> PhraseLexicon[_Entry]:
    """Every gazetteer, province and country name, and the phrases that only look like one, built once."""
    gaz = load_gazetteer()
    provinces = gaz.province_names()
    countries = gaz.country_place_names()
    names = set(gaz.written_names()) | set(provinces) | set(countries)
    lexicon: PhraseLexicon[_Entry] = PhraseLexicon(article_optional=False)
    blocked = _Entry((), (), None, blocked=True)
    for phrase in _non_places():
        lexicon.add(phrase, blocked)
    for name in sorted(names):
        if len(name.replace(" ", "")) < 3:
            continue
        country = gaz.country(countries[name]) if name in countries else None
        places = tuple(gaz.places_named(name))
        if country is not None:  # "لبنان" is Lebanon, not Lebanon (Tennessee); "الكويت" may be its capital
            places = tuple(p for p in places if p.country == country.iso2)
        stop = gaz.is_stopword(name) and country is None
        lexicon.add(name, _Entry(places, tuple(provinces.get(name, ())), country, stop))
    return lexicon


@cache
def _non_places() -> tuple[str, ...]:
    """Phrases that contain a place name but name no place (data/non_places.txt)."""
    text = resources.files("rasd.data").joinpath("non_places.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def find_places(doc: Document) -> list[PlaceMention]:
    """Every place mention in a document, with its framing cue."""
    out = []
    matches = [m for m in place_lexicon().find(doc.tokens) if not m.value.blocked]
    datelines = _dateline_ends(doc, matches)
    for match in matches:
        entry = match.value
        if (
            entry.country is not None
            and not (entry.places or entry.provinces)
            and match.proclitic.endswith(_ARTICLE_ENDS)
        ):
            continue  # "السورية" is the adjective of "سورية", not the country
        if any(clitic in match.proclitic for clitic in _LIKE):
            continue  # "كسرت" (broke), "كموزع" (as a distributor): ك "like" hardly ever precedes a place
        if entry.stop and not _named_as_place(doc.tokens, match.first_token):
            continue  # "الحكومة", "حجة": a word of prose unless a cue names it a place ("محافظة حجة")
        cue, cue_word = _distance_before(doc, match.first_token) or _cue_before(doc.tokens, match.first_token)
        places = entry.places
        if entry.country is not None and cue != "settlement":
            places = ()  # the country, not its capital, unless "مدينة الكويت" / "العاصمة تونس"
        if any(start <= match.start < end for start, end in datelines):
            cue, cue_word = "dateline", ""
        explicit_province = cue_word in _PROVINCE_WORDS
        out.append(
            PlaceMention(
                match.start,
                match.end,
                match.first_token,
                match.last_token,
                match.phrase,
                places,
                entry.provinces,
                entry.country,
                cue,
                cue_word,
                explicit_province,
            )
        )
    return out


def _named_as_place(tokens: list[Token], first: int) -> bool:
    """Whether a settlement or province word stands right before a name ("محافظة حجة", "بمدينة تونس"),
    which makes a word of prose a place; "المدينة كلها والبلد" (the city ... the country) does not."""
    if first == 0 or not tokens[first].joined:
        return False
    previous = tokens[first - 1]
    return any(stem in _naming_cues() and _ARTICLE not in previous.text[:cut] for stem, cut in previous.stems)


@cache
def _naming_cues() -> frozenset[str]:
    return frozenset(normalize_term(word) for word in cue_words("names_place"))


# A paragraph's opening words up to an agency tag ("(CNN)", "(رويترز)") or a dash or colon: a dateline
# when short ("دبي، الإمارات العربية المتحدة (CNN)--", "القدس - ", "لاغوس  ا ف ب:").
_DATELINE = re.compile(r"(?m)^[ \t]*([^\n()\-–—:]{2,60})(\([^()\n]{1,24}\))?[ \t]*(--|-|–|—|:)?")
_DATELINE_WORDS = tuning.DATELINE_WORDS
_LATIN_TAG = re.compile(r"\([a-z .]{2,20}\)")


def _dateline_ends(doc: Document, matches: list[Match[_Entry]]) -> list[tuple[int, int]]:
    """Spans of the datelines that open the paragraphs of an article's body (not its headline, where
    "غزة: ..." names the topic).

    An opening of at most six words is a dateline when a Latin agency tag in brackets follows it
    ("(CNN)"), or when an Arabic tag, a dash or a colon follows it and every word of it is part of a
    place name (so "فجرت كوريا الشمالية - كما يبدو -" and "وفي كركوك (255 كلم شمال بغداد)" are not)."""
    if doc.field != "text":
        return []
    spans = []
    match_starts = [m.start for m in matches]  # left to right: each opening looks up only its own
    for found in _DATELINE.finditer(doc.norm):
        head_start, head_end = found.span(1)
        if found.group(2) is None and found.group(3) is None:
            continue
        first = bisect_left(doc._token_starts, head_start)
        words = range(first, bisect_left(doc._token_starts, head_end, first))
        if not words or len(words) > _DATELINE_WORDS:
            continue
        if not _LATIN_TAG.fullmatch(found.group(2) or ""):  # "(CNN)" vouches for any short opening
            covered = {
                i
                for m in matches[bisect_left(match_starts, head_start) : bisect_left(match_starts, head_end)]
                for i in range(m.first_token, m.last_token)
            }
            if not covered.issuperset(words):
                continue
        spans.append((head_start, found.end()))
    return spans


COMPASS = word_set("compass")
_PROVINCE_WORDS = word_set("province_words")
_FROM = words("origin_preposition")
_ARTICLE_ENDS = clitic_subset("article_ends")
_LIKE = clitic_subset("like")
# cue classes that frame a place (as plain strings: a mention's ``cue`` is one)
_FRAMES = tuple(c.value for c in (CueClass.NEAR, CueClass.COUNTRYSIDE, CueClass.SETTLEMENT))
_ARTICLE = clitics().article


def _cue_before(tokens: list[Token], first: int) -> tuple[str, str]:
    """The nearest framing cue in the few tokens before a place name, and its last word."""
    cues = cue_lexicon()
    found: list[tuple[str, str]] = []
    for back in range(1, _CUE_WINDOW + 1):
        i = first - back
        if i < 0 or not tokens[i + 1].joined:
            break  # a cue never reaches across punctuation
        hit = _cue_ending_at(cues, tokens, i)
        if hit is None:
            if back == 1 and tokens[i].text in _FROM and _origin_verb_before(cues, tokens, i):
                return "origin", tokens[i].text
            continue
        classes, word = hit
        if back == 1 and classes & {"origin_verbs", "affiliation"}:
            return "origin", word
        found.extend((kind, word) for kind in _FRAMES if kind in classes)
    near = [(kind, word) for kind, word in found if kind == "near"]
    if near or found:
        return (near or found)[0]  # "القريبة من بلدة X" is near X; otherwise the closest cue frames it
    if _in_origin_clause(cues, tokens, first):
        return "origin", _FROM[0]
    return "", ""


_DISTANCE_REACH = 4  # tokens from a unit of distance to the place it measures from
_DESCRIBER_REACH = 6  # tokens before the unit where a word describing another place may stand


def _distance_before(doc: Document, first: int) -> tuple[str, str] | None:
    """``على بعد 12 كيلومترا من X``: near X; ``الواقعة على بعد 400 كيلومتر من X`` or ``(100 كم شمال X)``
    after another place: X is a landmark that locates that place, not a scene."""
    tokens = doc.tokens
    units, describers = _word_class("distance"), _word_class("describes_place")
    for back in range(1, _DISTANCE_REACH + 1):
        i = first - back
        if i < 0 or not tokens[i + 1].joined:
            return None
        if tokens[i].text not in units:
            continue
        number = i - 1 if i > 0 and tokens[i - 1].text.isdigit() else i
        bracketed = "(" in doc.norm[tokens[number - 1].end if number else 0 : tokens[number].start]
        start = max(0, i - _DESCRIBER_REACH)
        described = any(any(stem in describers for stem, _ in t.stems) for t in tokens[start:i])
        return ("landmark", tokens[i].text) if bracketed or described else ("near", tokens[i].text)
    return None


@cache
def _word_class(kind: str) -> frozenset[str]:
    return frozenset(normalize_term(word) for word in cue_words(kind))


def _in_origin_clause(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], first: int) -> bool:
    """``قادمين من مناطق التنظيم في محافظة دير الزور``: the place is where people or fire came from,
    when a verb of coming or launching with ``من`` opens the clause it stands in."""
    i = first - 1
    while i > 0 and first - i <= _ORIGIN_REACH and tokens[i + 1].joined:
        if tokens[i].text in _FROM and _origin_verb_before(cues, tokens, i):
            return True
        i -= 1
    return False


def _cue_ending_at(
    cues: PhraseLexicon[frozenset[str]], tokens: list[Token], i: int
) -> tuple[frozenset[str], str] | None:
    """A place cue whose last token is ``i`` (cues are one or two words long)."""
    for start in (i - 1, i):
        if start < 0:
            continue
        match = cues.match_at(tokens, start)
        if match is not None and match.last_token == i + 1:
            classes = match.value & {"near", "countryside", "settlement", "origin_verbs", "affiliation"}
            if classes:
                return frozenset(classes), match.phrase.split()[-1]
    return None


def _origin_verb_before(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], i: int) -> bool:
    """True when a verb of launching or coming from stands just before the ``من`` at ``i``."""
    verbs = _origin_verbs()
    return any(j >= 0 and any(stem in verbs for stem, _ in tokens[j].stems) for j in (i - 1, i - 2))


@cache
def _origin_verbs() -> frozenset[str]:
    return frozenset(normalize_term(word) for word in cue_words("origin_verbs"))
