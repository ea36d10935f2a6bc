"""Place mentions: gazetteer names found in a document, with the cue words around them.

A mention records what precedes it because the cue decides what the name means for an event:
``قرب حقل العمر`` is near a site (precision 2), ``بريف دير الزور الشرقي`` is the countryside of a
province (precision 3), ``بلدة الباغوز`` is the town itself (precision 1), and ``أطلق من صعدة`` is
where a missile came from, not where the event happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.geo.gazetteer import Country, Place, Province, load_gazetteer
from rasd.recognize.cues import cue_lexicon, cue_words
from rasd.text.document import Document
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize_term
from rasd.text.tokens import Token

_CUE_WINDOW = 3  # tokens looked at before a place name
_ORIGIN_REACH = 8  # tokens an origin clause ("قادمين من ...") reaches over
_BIG_CITY = 500_000  # population above which a GeoNames city is taken without a framing cue


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
    cue: str  # "near", "countryside", "settlement", "origin" or ""
    cue_word: str  # the last word of the cue, normalized ("" when no cue)
    explicit_province: bool  # preceded by محافظة / ولاية: the province, not its capital city

    @property
    def is_country_only(self) -> bool:
        return self.country is not None and not self.places and not self.provinces

    def plausible(self, country_hint: str) -> bool:
        """Whether the name is likely a place here and not a word that happens to be one somewhere.

        Curated places, provinces and countries always are. A GeoNames-only name counts when the text
        frames it as a place, when it lies in the country the article is about, or when it is a city
        large enough to be named without a frame.
        """
        if self.provinces or self.country is not None or self.cue in ("settlement", "countryside"):
            return True
        if self.cue == "near" and self.cue_word not in COMPASS:
            return True  # "قرب X", "بالقرب من X" frame a place; "شرق X" may frame a word
        for place in self.places:
            if place.source != "geonames" or place.country == country_hint or place.population >= _BIG_CITY:
                return True
        return False


@dataclass(frozen=True)
class _Entry:
    places: tuple[Place, ...]
    provinces: tuple[Province, ...]
    country: Country | None


@cache
def place_lexicon() -> PhraseLexicon[_Entry]:
    """Every gazetteer, province and country name, built once."""
    gaz = load_gazetteer()
    provinces = gaz.province_names()
    countries = gaz.country_place_names()
    names = set(gaz.written_names()) | set(provinces) | set(countries)
    lexicon: PhraseLexicon[_Entry] = PhraseLexicon(article_optional=False)
    for name in sorted(names):
        if gaz.is_stopword(name) or len(name.replace(" ", "")) < 3:
            continue
        country = gaz.country(countries[name]) if name in countries else None
        lexicon.add(name, _Entry(tuple(gaz.places_named(name)), tuple(provinces.get(name, ())), country))
    return lexicon


def find_places(doc: Document) -> list[PlaceMention]:
    """Every place mention in a document, with its framing cue."""
    out = []
    for match in place_lexicon().find(doc.tokens):
        entry = match.value
        if (
            entry.country is not None
            and not (entry.places or entry.provinces)
            and match.proclitic.endswith(("ال", "لل"))
        ):
            continue  # "السورية" is the adjective of "سورية", not the country
        cue, cue_word = _cue_before(doc.tokens, match.first_token)
        explicit_province = cue_word in _PROVINCE_WORDS
        out.append(
            PlaceMention(
                match.start,
                match.end,
                match.first_token,
                match.last_token,
                match.phrase,
                entry.places,
                entry.provinces,
                entry.country,
                cue,
                cue_word,
                explicit_province,
            )
        )
    return out


COMPASS = frozenset({"شمال", "جنوب", "شرق", "غرب", "شرقي", "غربي", "شمالي", "جنوبي", "وسط"})
_PROVINCE_WORDS = frozenset({"محافظه", "ولايه", "اقليم"})


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
            if back == 1 and tokens[i].text == "من" and _origin_verb_before(cues, tokens, i):
                return "origin", "من"
            continue
        classes, word = hit
        if back == 1 and classes & {"origin_verbs", "affiliation"}:
            return "origin", word
        found.extend((kind, word) for kind in ("near", "countryside", "settlement") if kind in classes)
    near = [(kind, word) for kind, word in found if kind == "near"]
    if near or found:
        return (near or found)[0]  # "القريبة من بلدة X" is near X; otherwise the closest cue frames it
    if _in_origin_clause(cues, tokens, first):
        return "origin", "من"
    return "", ""


def _in_origin_clause(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], first: int) -> bool:
    """``قادمين من مناطق التنظيم في محافظة دير الزور``: the place is where people or fire came from,
    when a verb of coming or launching with ``من`` opens the clause it stands in."""
    i = first - 1
    while i > 0 and first - i <= _ORIGIN_REACH and tokens[i + 1].joined:
        if tokens[i].text == "من" and _origin_verb_before(cues, tokens, i):
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
