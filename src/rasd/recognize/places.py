"""Place mentions: gazetteer names found in a document, with the cue words around them.

A mention records what precedes it because the cue decides what the name means for an event:
``قرب حقل العمر`` is near a site (precision 2), ``بريف دير الزور الشرقي`` is the countryside of a
province (precision 3), ``بلدة الباغوز`` is the town itself (precision 1), and ``أطلق من صعدة`` is
where a missile came from, not where the event happened.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache

from rasd import data_cache, tuning
from rasd.geo.gazetteer import Country, Place, Province, load_gazetteer
from rasd.recognize.cues import CueClass, cue_forms, cue_lexicon
from rasd.text.clitics import clitics
from rasd.text.clitics import subset as clitic_subset
from rasd.text.document import Document
from rasd.text.lexicon import Match, PhraseLexicon, distinct_words
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import word_set, words
from rasd.text.tokens import Token, forms_with_stem_in, stems_of

_CUE_WINDOW = tuning.CUE_WINDOW
_ORIGIN_REACH = tuning.ORIGIN_REACH
_BIG_CITY = tuning.BIG_CITY
_CAPITAL_CITY = tuning.CAPITAL_CITY


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
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
    cue: str  # "near", "countryside", "settlement", "origin", "dateline", "landmark", "seat" or ""
    cue_word: str  # the last word of the cue, normalized ("" when no cue)
    explicit_province: bool  # preceded by محافظة / ولاية: the province, not its capital city
    bare: bool = False  # no preposition or cue before it: "نوايا طهران", "اتهم طهران" may name a government

    @property
    def is_frame(self) -> bool:
        """Where the report was written or where fire came from: never the scene of an event."""
        return self.cue in ("origin", "dateline", "landmark")

    @property
    def is_country_only(self) -> bool:
        return self.country is not None and not self.places and not self.provinces

    def plausible(self, country_hint: str, named: frozenset[str] = frozenset()) -> bool:
        """Whether the name is likely a place here and not a word that happens to be one somewhere.

        Countries always are, and curated places in the article's country or one it names (when the
        article names its own country: "منطقة العريش" in a report on Yemen is a village, not Arish).
        A province, or a GeoNames-only place, needs the article
        to be about its country (``country_hint``) or to name that country (``named``: by name, adjective,
        or an unambiguous place of it); failing that, a province needs "محافظة"/"ولاية" before it, and a
        GeoNames place must be a large city (common words that name one, like "ميدان", are stoplisted).
        """
        local = named | {country_hint}
        if self.country is not None:
            return True
        if self.provinces and (self.explicit_province or any(p.country in local for p in self.provinces)):
            return True
        abroad = self.places and _capital_abroad(self.places[0], country_hint)  # Moscow, not Moscow (Idaho)
        if self.bare and country_hint in named and abroad:
            return False  # "مصالح طهران" in a report on Iraq: the government, not the city
        for place in self.places:
            if place.source != "geonames" and (country_hint not in named or place.country in local):
                return True  # abroad from a country the article names, a curated name needs its own named
            if place.population >= _BIG_CITY:
                return True  # "أثينا", "موسكو": a large city's name is seldom a chance homonym
            if place.population >= _CAPITAL_CITY and is_capital(place):
                return True  # "نيودلهي", "جوبا": a country's capital is named as such, not by chance
            if place.country in local:
                return True
        return False


def _capital_abroad(place: Place, country_hint: str) -> bool:
    """Whether a place is the capital of a country other than the article's."""
    return place.country != country_hint and is_capital(place)


def is_capital(place: Place) -> bool:
    """Whether a place is its country's capital (the country table names it)."""
    country = load_gazetteer().country(place.country)
    return country is not None and country.capital == place.name


@dataclass(frozen=True)
class _Entry:
    places: tuple[Place, ...]
    provinces: tuple[Province, ...]
    country: Country | None
    stop: bool = False  # a common word of news prose: a place only after a place cue
    blocked: bool = False  # a phrase that holds a place name but names no place ("الخوذ البيضاء")


@cache
def place_lexicon() -> PhraseLexicon[_Entry]:
    """Every gazetteer, province and country name, and the phrases that only look like one, built once
    (or read from the data cache, its entries pointing to the gazetteer's own places)."""
    return data_cache.cached(
        "place_lexicon", _build_place_lexicon, refs=lambda: load_gazetteer().shared_objects()
    )


def _build_place_lexicon() -> PhraseLexicon[_Entry]:
    """The place lexicon, built from the gazetteer and ``data/non_places.txt``."""
    gaz = load_gazetteer()
    provinces = gaz.province_names()
    countries = gaz.country_place_names()
    names = set(gaz.written_names()) | set(provinces) | set(countries)
    lexicon: PhraseLexicon[_Entry] = PhraseLexicon(article_optional=False)
    blocked = _Entry((), (), None, blocked=True)
    entries: list[tuple[str, _Entry]] = [(phrase, blocked) for phrase in _non_places()]
    for name in sorted(names):
        if len(name.replace(" ", "")) < 3:
            continue
        country = gaz.country(countries[name]) if name in countries else None
        places = tuple(gaz.places_named(name))
        if country is not None:  # "لبنان" is Lebanon, not Lebanon (Tennessee); "الكويت" may be its capital
            places = tuple(p for p in places if p.country == country.iso2)
        stop = gaz.is_stopword(name) and country is None
        entries.append((name, _Entry(places, tuple(provinces.get(name, ())), country, stop)))
    lexicon.extend(entries)  # in one go: each bucket is settled once
    return lexicon


@cache
def _non_places() -> tuple[str, ...]:
    """Phrases that contain a place name but name no place (data/non_places.txt)."""
    text = data_cache.data_path("non_places.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def find_places(doc: Document) -> list[PlaceMention]:
    """Every place mention in a document, with its framing cue."""
    out = []
    tokens = doc.tokens
    count = len(tokens)
    matches = [m for m in place_lexicon().find(tokens) if not m.value.blocked]
    dated = _dateline_ends(doc, matches)
    datelines = _Spans(dated) if dated else None  # most fields have none: no search per name
    starts = {m.first_token for m in matches}
    ends = {m.last_token for m in matches if m.value.places or m.value.provinces}
    previous_end = -1
    for match in matches:
        entry = match.value
        if (
            entry.country is not None
            and not (entry.places or entry.provinces)
            and match.proclitic.endswith(_ARTICLE_ENDS)
        ):
            continue  # "السورية" is the adjective of "سورية", not the country
        if entry.country is None and match.proclitic.endswith(_ARTICLE_ENDS):
            continue  # "المشهد السياسي", "إلقاء اللوم": a town written without the article is no noun with it
        proclitic = match.proclitic
        if proclitic and any(c in proclitic for c in _LIKE) and not match.phrase.startswith(_ARTICLE):
            continue  # "كسرت" (broke), "كموزع" (as a distributor): ك "like" hardly ever precedes a place;
            # before a name that carries the article it does: "مدن الجنوب كالبصرة والناصرية" (such as Basra)
        if entry.stop and not _revived(tokens, match, ends, starts):
            continue  # "الحكومة", "حجة": a word of prose unless a cue names it a place ("محافظة حجة")
        # the three rules on the word after the name ask for one joined to it (most names have none)
        following = match.last_token
        if following < count and tokens[following].joined:
            if _compass_adjective_after(tokens, match):
                continue  # "في الزاوية الجنوبية الشرقية من المجمع": the southeast corner, not Zawiya
            if _foreign_adjective_after(tokens, match):
                continue  # "على الضفة التشادية من البحيرة": the Chadian shore, not the West Bank
            if _bare_noun_in_construct(tokens, match, starts):
                continue  # "ميادين العاصمة" (the capital's squares): a common noun, not the town "الميادين"
        if match.phrase in _VERB_HOMOGRAPHS and not _locative_before(tokens, match):
            continue  # "ضربة جوية تدمر قاربا": the verb "destroys", not Palmyra
        if match.phrase in _NOUN_HOMOGRAPHS and _governs_a_noun(tokens, match, starts):
            continue  # "أن جدة الطفلة طلبت": the girl's grandmother, not Jeddah
        first = match.first_token
        framed = _distance_before(doc, first, ends)
        cue, cue_word = framed or _cue_before(tokens, first)
        if cue == "near" and _apposed_direction(tokens, first, previous_end):
            cue = "landmark"  # "في محافظة حجة، شمال غربي صنعاء": Sanaa only locates Hajjah
        previous_end = match.last_token
        places = entry.places
        if entry.country is not None and cue != "settlement":
            places = ()  # the country, not its capital, unless "مدينة الكويت" / "العاصمة تونس"
        # both seats need "في" right before the name
        seated = first >= 2 and tokens[first].joined and tokens[first - 1].text == _IN
        if datelines is not None and datelines.holds(match.start):
            cue, cue_word = "dateline", ""
        elif seated and _speaker_seat(doc, first, match.last_token):
            cue, cue_word = "landmark", ""  # "الجيش في واشنطن، أوضح أنه نفذ ضربة": where the speaker sits
        elif seated and _correspondent_seat(doc, first):
            cue, cue_word = "seat", ""  # "أفاد مراسلنا في أربيل": a scene only when the sentence has no other
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
                bare=not cue and not _locative_before(tokens, match),
            )
        )
    # the text's distinct words (listed once for every lexicon) tell whether either scan can find anything
    words = distinct_words(tokens)
    if not words.isdisjoint(_CAPITAL_FORMS):
        out = sorted([*out, *_capitals_by_adjective(doc, starts)], key=lambda m: m.start)
    out = _compass_landmarks(_without_foreign_homonyms(tokens, out))
    if out and not words.isdisjoint(_ROAD_LINK_FORMS):
        out = _road_ends(tokens, out)
    return out


def _compass_landmarks(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """``محافظة حجة، شمال غربي صنعاء``: a compass direction from a city right after another place
    locates that place; the city is a landmark, not a second scene."""
    out = list(mentions)
    for i in range(1, len(out)):
        place, landmark = out[i - 1], out[i]
        if landmark.cue != "near" or landmark.cue_word not in COMPASS or place.is_frame:
            continue
        if landmark.first_token - place.last_token <= _COMPASS_GAP:
            out[i] = replace(landmark, cue="landmark")
    return out


def _road_ends(tokens: list[Token], mentions: list[PlaceMention]) -> list[PlaceMention]:
    """``بقصف الطريق الواصل بين الحديدة من جهة، وصنعاء وتعز``: places named just after a word that
    links a road's ends locate the road. The first end is where the road is coded (near it, precision
    2, as for "عبوة ناسفة بالطريق الواصل بين الرياض والحويجة"); the other ends are landmarks, so one
    strike on a road is not one record per town it links."""
    links = [i for i, token in enumerate(tokens) if token.text in _ROAD_LINK_FORMS]
    if not links:
        return mentions
    out = []
    ends: set[int] = set()
    for mention in mentions:
        before = bisect_left(links, mention.first_token)
        if before and mention.first_token - links[before - 1] <= _ROAD_REACH and not mention.is_frame:
            link = links[before - 1]
            cue = "landmark" if link in ends else "near"
            ends.add(link)
            mention = replace(mention, cue=cue, cue_word=tokens[link].text)
        out.append(mention)
    return out


def _countries_of(mention: PlaceMention) -> frozenset[str]:
    """The countries a mention's readings lie in (the country itself for a country name)."""
    found = {p.country for p in mention.places} | {p.country for p in mention.provinces}
    if mention.country is not None:
        found.add(mention.country.iso2)
    return frozenset(found)


def _without_foreign_homonyms(tokens: list[Token], mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a place that its container, named right after it, puts in another country.

    ``منطقة العريش بمديرية موزع`` is a village of a Yemeni district, not Arish in Egypt; ``التل بمدينة
    طرابلس شمالي لبنان`` is a quarter of Tripoli, not At Tall in Syria: when no reading of a name shares
    a country with the place or country that follows it within a few tokens, the name is a homonym of
    a place the gazetteer does not know, and the container locates the event instead."""
    dropped: set[int] = set()
    for i, mention in enumerate(mentions[:-1]):
        container = mentions[i + 1]
        if mention.is_frame or container.is_frame:
            continue
        if container.first_token - mention.last_token > _CONTAINER_GAP or not _contains(container):
            continue
        if _coordinated(tokens, container):
            continue  # "على الحدود بين قطاع غزة وإسرائيل": two places listed, not one inside the other
        inner, outer = _countries_of(mention), _countries_of(container)
        if inner and outer and not inner & outer and mention.country is None:
            dropped.add(i)
    return [m for i, m in enumerate(mentions) if i not in dropped]


def _coordinated(tokens: list[Token], mention: PlaceMention) -> bool:
    """Whether the name is joined to what precedes it by the coordinator و ("وإسرائيل"): the word
    carries the proclitic and the name does not start with it."""
    word = tokens[mention.first_token].text
    return word.startswith(_AND) and not mention.name.startswith(_AND)


def _contains(mention: PlaceMention) -> bool:
    """Whether a mention is worded as a container: a country, or a name after a settlement, province,
    countryside or compass word ("بمديرية موزع", "بمدينة طرابلس", "شمالي لبنان"), not a bare "في دمشق"."""
    return mention.country is not None or mention.cue in _FRAMES or mention.explicit_province


def _locative_before(tokens: list[Token], match: Match[_Entry]) -> bool:
    """Whether a preposition, a place cue or the proclitic ب stands right before a name, as it does
    before a place ("في تدمر", "مدينة تدمر", "بتدمر") and not before a verb ("طائرة تدمر قاربا")."""
    if any(clitic in match.proclitic for clitic in _AT):
        return True
    first = match.first_token
    if first == 0 or not tokens[first].joined:
        return False
    return tokens[first - 1].text in _locative_forms()  # a stem is a locative or a naming cue


def _capitals_by_adjective(doc: Document, starts: set[int]) -> list[PlaceMention]:
    """``وشهدت العاصمة البريطانية مظاهرات``: "the capital" and a nationality adjective name the country's
    capital city, a scene like the city's own name (ACLED codes London, not the United Kingdom). When the
    city's name follows (``العاصمة الأفغانية كابول``) that name is the mention."""
    tokens = doc.tokens
    adjectives = _nationality_adjectives()
    gaz = load_gazetteer()
    out = []
    # the tokens one of whose stems is a capital word, told by one look-up each (``words_with_stem`` is
    # the exact inverse of a token's stems), not a walk over every token's stems
    for i in [i for i, token in enumerate(tokens[:-1]) if token.text in _CAPITAL_FORMS]:
        token = tokens[i]
        skipped = next((n for stem, n in token.stems if stem in _CAPITAL_WORDS), None)
        following = tokens[i + 1]
        if skipped is None or not following.joined or following.text not in adjectives:
            continue
        after = tokens[i + 2] if i + 2 < len(tokens) and tokens[i + 2].joined else None
        if after is not None and (i + 2 in starts or after.text in _CAPITAL_QUALIFIERS):
            continue  # "العاصمة الأفغانية كابول" names itself; "العاصمة اليمنية المؤقتة" is Aden
        capital = gaz.capital_place(adjectives[following.text])
        if capital is None:
            continue
        start = token.start + skipped
        name = doc.norm[start : following.end]
        cue, cue_word = _distance_before(doc, i) or _cue_before(tokens, i)  # "قرب العاصمة السورية"
        places = (capital,)
        out.append(PlaceMention(start, following.end, i, i + 2, name, places, (), None, cue, cue_word, False))
    return out


_CAPITAL_WORDS = word_set("capital_words")
_CAPITAL_FORMS = forms_with_stem_in(frozenset(_CAPITAL_WORDS))
_CAPITAL_QUALIFIERS = word_set("capital_qualifiers")


def _compass_adjective_after(tokens: list[Token], match: Match[_Entry]) -> bool:
    """``في الزاوية الجنوبية``: after a preposition, a name written with the article and followed by a
    definite compass adjective the lexicon did not take into a longer name (``الضفة الغربية``,
    ``القدس الشرقية`` are names) is a common noun so described. After a noun (``بادية الرقة الشرقية``)
    the adjective describes that noun, and the name stays a place."""
    following = match.last_token
    if not match.phrase.startswith(_ARTICLE) or following >= len(tokens) or not tokens[following].joined:
        return False
    return tokens[following].text in _COMPASS_ADJECTIVES and _preposition_before(tokens, match)


def _preposition_before(tokens: list[Token], match: Match[_Entry]) -> bool:
    """Whether a preposition ("في", a glued ب) stands right before a name (not a cue noun like "مدينة")."""
    if any(clitic in match.proclitic for clitic in _AT):
        return True
    first = match.first_token
    return first > 0 and tokens[first].joined and tokens[first - 1].text == _IN


_COMPASS_ADJECTIVES = word_set("compass_adjectives")


def _foreign_adjective_after(tokens: list[Token], match: Match[_Entry]) -> bool:
    """``الضفة التشادية`` (the Chadian bank), ``الزاوية المصرية``: a name followed by the definite
    nationality adjective of a country none of its readings lies in is a common noun described by that
    adjective, not the place; an adjective of its own country keeps it (``الموصل العراقية``). Only a
    name written with the article agrees with an adjective so: after a bare name (``قاعدة حميميم
    الروسية``) the adjective describes the noun before it."""
    following = match.last_token
    if not match.phrase.startswith(_ARTICLE) or following >= len(tokens) or not tokens[following].joined:
        return False  # "قاعدة حميميم الروسية": after a bare name the adjective describes the base
    word = tokens[following].text
    adjectives = _nationality_adjectives()
    if word not in adjectives:
        return False
    entry = match.value
    own = {p.country for p in entry.places} | {p.country for p in entry.provinces}
    if entry.country is not None:
        own.add(entry.country.iso2)
    own |= {b for a, b in _HELD_BY if a in own}  # "مستوطنة أرئيل الإسرائيلية" in the West Bank
    return adjectives[word] not in own


# territories one country holds in another: a place of the first may carry the second's adjective
_HELD_BY = (("PS", "IL"), ("SY", "IL"), ("UA", "RU"), ("GE", "RU"), ("CY", "TR"), ("EH", "MA"))


@cache
def _nationality_adjectives() -> dict[str, str]:
    """Definite nationality adjectives (normalized) → iso2: the country-name table without the names."""
    gaz = load_gazetteer()
    names = gaz.country_place_names()
    article = clitics().article
    return {w: iso2 for w, iso2 in gaz.country_names().items() if w.startswith(article) and w not in names}


def _bare_noun_in_construct(tokens: list[Token], match: Match[_Entry], place_starts: set[int]) -> bool:
    """``في أبرز ميادين العاصمة``، ``بأكبر ميادين دمشق``: a name the gazetteer writes with the article
    (``الميادين``), read here bare and followed by a definite word or another place name, is a common noun
    governing it (the squares of the capital); the town keeps its article in prose (``في الميادين``،
    ``بالميادين``). Names written bare (``صور``) and bare names followed by anything else are untouched."""
    following = match.last_token
    if match.proclitic.endswith(_ARTICLE_ENDS) or following >= len(tokens) or not tokens[following].joined:
        return False
    if match.phrase not in _names_with_article_twin():
        return False
    return tokens[following].text.startswith(_DEFINITE) or following in place_starts


def _revived(tokens: list[Token], match: Match[_Entry], place_ends: set[int], place_starts: set[int]) -> bool:
    """Whether a word of prose that is also a place name is the place here: a cue names it so, or it
    follows another place in a list."""
    if _named_as_place(tokens, match.first_token):
        return True
    return _listed_after(tokens, match, place_ends, place_starts)


def _listed_after(
    tokens: list[Token], match: Match[_Entry], place_ends: set[int], place_starts: set[int]
) -> bool:
    """``احتجاجات في أصفهان ورشت ومشهد، كما ...``: a name that is also a word of prose, joined by the
    list's ``و`` right after another place and closing the list (punctuation or another place follows),
    is the list's next place; ``في دوما وكان ...`` goes on with a verb, not a place."""
    if match.proclitic != _COORDINATOR or match.first_token not in place_ends:
        return False
    following = match.last_token
    return following >= len(tokens) or not tokens[following].joined or following in place_starts


@cache
def _names_with_article_twin() -> frozenset[str]:
    """Bare written names whose form with the article is also a written name of the gazetteer."""
    written = set(load_gazetteer().written_names())
    return frozenset(name for name in written if not name.startswith(_ARTICLE) and _ARTICLE + name in written)


def _named_as_place(tokens: list[Token], first: int) -> bool:
    """Whether a settlement or province word stands right before a name ("محافظة حجة", "بمدينة تونس"),
    which makes a word of prose a place; "المدينة كلها والبلد" (the city ... the country) does not."""
    if first == 0 or not tokens[first].joined:
        return False
    return tokens[first - 1].text in _naming_forms()


@cache
def _naming_forms() -> frozenset[str]:
    """The written words that name a place as ``_named_as_place`` asks: a stem is a naming cue and
    the proclitic stripped off before it holds no article. One look-up per name, where a walk over the
    word's stems was made for every stop-word name: only a word with a naming stem can be one
    (``forms_with_stem_in``, the exact inverse of the stems), and each of those is judged here once."""
    naming = cue_forms("names_place")
    return frozenset(
        word
        for word in forms_with_stem_in(frozenset(naming))
        if any(stem in naming and _ARTICLE not in word[:cut] for stem, cut in stems_of(word))
    )


@cache
def _locative_forms() -> frozenset[str]:
    """Every written word with a stem that is a locative word or a naming cue (see ``_written_forms``)."""
    return forms_with_stem_in(frozenset(_LOCATIVE | cue_forms("names_place")))


# A paragraph's opening words up to an agency tag ("(CNN)", "(رويترز)", "«الشرق الأوسط»") or a dash,
# colon or slash: a dateline when short ("دبي، الإمارات العربية المتحدة (CNN)--", "القدس - ", "بغداد ـ ",
# "القاهرة/ "). Read in the original text, where a free-standing tatweel is still a dash.
_SPACE = r"[ \t\xa0]"
_DATELINE = re.compile(
    rf"(?m)^{_SPACE}*([^\n()«»\-–—\u0640:/]{{2,60}})(\([^()\n]{{1,24}}\)|«[^»\n]{{1,30}}»)?{_SPACE}*"
    r"(--|-|–|—|(?<=\s)\u0640+|:|/)?"
)
# The same after a sentence's end inside a paragraph, vouched for only by a Latin tag and a dash:
# teasers merged into one paragraph ("... انتهى الاجتماع. دبي، الإمارات العربية المتحدة (CNN)-- ").
# Found from the tag back (tags are rare; a scan from every sentence end cost a third of this step).
_TAG_DASH = re.compile(rf"\((?i:[a-z .]{{2,20}})\){_SPACE}*(?:--|-|–|—)")
_INLINE_DATELINE = re.compile(
    rf"(?<=[.!?؟]){_SPACE}+([^\n.!?؟()]{{2,60}}?{_SPACE}*)(\((?i:[a-z .]{{2,20}})\)){_SPACE}*(--|-|–|—)"
)
_INLINE_REACH = 64  # characters back from a tag to the sentence end before its dateline
_DATELINE_WORDS = tuning.DATELINE_WORDS
_LATIN_TAG = re.compile(r"\([a-z .]{2,20}\)", re.IGNORECASE)


def _dateline_ends(doc: Document, matches: list[Match[_Entry]]) -> list[tuple[int, int]]:
    """Spans (normalized) of the datelines that open the paragraphs of an article's body (not its
    headline, where "غزة: ..." names the topic).

    An opening of at most six words is a dateline when a Latin agency tag in brackets follows it
    ("(CNN)"), or when an Arabic tag, a dash, a colon or a slash follows it and every word of it is part
    of a place name or a dateline qualifier ("القدس المحتلة") (so "فجرت كوريا الشمالية - كما يبدو -" and
    "وفي كركوك (255 كلم شمال بغداد)" are not)."""
    if doc.field != "text":
        return []
    spans = []
    match_starts = [m.start for m in matches]  # left to right: each opening looks up only its own
    openings = _line_openings(doc.original)
    for tag in _TAG_DASH.finditer(doc.original):
        back = max(0, tag.start() - _INLINE_REACH)
        openings += _INLINE_DATELINE.finditer(doc.original, back, tag.end())
    for found in openings:
        if found.group(2) is None and found.group(3) is None:
            continue
        head_start, head_end, end = (_normalized_at(doc, o) for o in (*found.span(1), found.end()))
        first = bisect_left(doc._token_starts, head_start)
        words = range(first, bisect_left(doc._token_starts, head_end, first))
        if not words or len(words) > _DATELINE_WORDS:
            continue
        if not _LATIN_TAG.fullmatch(found.group(2) or ""):  # "(CNN)" vouches for any short opening
            covered = {
                i
                for m in matches[bisect_left(match_starts, head_start) : bisect_left(match_starts, head_end)]
                for i in range(m.first_token, m.last_token)
            } | {i for i in words if doc.tokens[i].text in _DATELINE_QUALIFIERS}
            if not covered.issuperset(words):
                continue
        spans.append((head_start, end))
    return sorted(spans)


def _line_openings(text: str) -> list[re.Match[str]]:
    """``_DATELINE.finditer(text)``, tried only where a line starts: the pattern opens with ``^`` (in
    multi-line mode) and holds no line break, so its matches are one per line at most, each at the line's
    start; the scan tried ``^`` at every character."""
    found = []
    match = _DATELINE.match
    start = 0
    while True:
        opening = match(text, start)
        if opening is not None:
            found.append(opening)
        start = text.find("\n", start) + 1
        if not start:
            return found


class _Spans:
    """Spans of a text (datelines), asked whether one holds an offset by a binary search: a text of many
    paragraphs has a dateline in each, and a pass over all of them for every place name made a long text
    quadratic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_end: list[int] = []  # the largest end among the spans up to each one (they may overlap)
        for _, end in ordered:
            self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def holds(self, position: int) -> bool:
        """Whether ``start <= position < end`` for some span."""
        i = bisect_right(self._starts, position)
        return i > 0 and self._max_end[i - 1] > position


def _normalized_at(doc: Document, original: int) -> int:
    """The normalized offset of an original one (the first kept character at or after it)."""
    return bisect_left(doc.normalized.orig, original)


_DATELINE_QUALIFIERS = word_set("dateline_qualifiers")


COMPASS = word_set("compass")
_PROVINCE_WORDS = word_set("province_words")
_FROM = words("origin_preposition")
_IN = normalize_term(words("seat_preposition")[0])
_ARTICLE_ENDS = clitic_subset("article_ends")
_LIKE = clitic_subset("like")
_DEFINITE = tuple(clitic_subset("definite"))
_COORDINATOR = clitics().coordinator
# cue classes that frame a place (as plain strings: a mention's ``cue`` is one)
_FRAMES = tuple(c.value for c in (CueClass.NEAR, CueClass.COUNTRYSIDE, CueClass.SETTLEMENT))
_ARTICLE = clitics().article
_AND = clitics().coordinator
_VERB_HOMOGRAPHS = word_set("verb_homographs")
_NOUN_HOMOGRAPHS = word_set("noun_homographs")


def _governs_a_noun(tokens: list[Token], match: Match[_Entry], place_starts: set[int]) -> bool:
    """``جدة الطفلة`` (the girl's grandmother): a name that is also a common noun, with no preposition or
    place cue before it and a definite word after it (not a nationality adjective, not another place:
    ``جدة السعودية``), is that noun governing the word, not the place."""
    following = match.last_token
    if _locative_before(tokens, match) or following >= len(tokens) or not tokens[following].joined:
        return False
    word = tokens[following].text
    if following in place_starts or word in _nationality_adjectives():
        return False
    return word.startswith(_DEFINITE)
_LOCATIVE = word_set("locative_words")
_CORRESPONDENTS = word_set("correspondents")
_CORRESPONDENT_FORMS = forms_with_stem_in(frozenset(_CORRESPONDENTS))
_AT = clitic_subset("at")
_ROAD_LINKS = word_set("road_links")
# every written word one of whose stems is a road link: one look-up per token, not a pass over its stems
_ROAD_LINK_FORMS = forms_with_stem_in(frozenset(_ROAD_LINKS))
_ROAD_REACH = 10  # tokens after a road-linking word within which a place is one of the road's ends
_COMPASS_GAP = 2  # compass words ("شمال غربي") between a place and the city that locates it
_CONTAINER_GAP = 2  # tokens between a place and the container that follows it ("X بمديرية Y", "X شمالي Y")


def _cue_before(tokens: list[Token], first: int) -> tuple[str, str]:
    """The nearest framing cue in the few tokens before a place name, and its last word."""
    cues = cue_lexicon()
    cue_ends = _place_cue_ends()
    found: list[tuple[str, str]] = []
    for back in range(1, _CUE_WINDOW + 1):
        i = first - back
        if i < 0 or not tokens[i + 1].joined:
            break  # a cue never reaches across punctuation
        hit = _cue_ending_at(cues, tokens, i) if tokens[i].text in cue_ends else None
        if hit is None:
            if back == 1 and tokens[i].text in _FROM and _origin_verb_before(cues, tokens, i):
                return "origin", tokens[i].text
            continue
        classes, word = hit
        if back == 1 and classes & {"origin_verbs", "affiliation", "destination"}:
            return "origin", word
        found.extend((kind, word) for kind in _FRAMES if kind in classes)
    if _origin_through_settlement(cues, tokens, first):
        return "origin", _FROM[0]
    if found:
        near = [(kind, word) for kind, word in found if kind == "near"]
        return (near or found)[0]  # "القريبة من بلدة X" is near X; otherwise the closest cue frames it
    if _meeting_venue(tokens, first):
        return "landmark", ""  # "مؤتمر الأمم المتحدة لنزع السلاح في جنيف": where talks sit, no incident
    if _in_origin_clause(cues, tokens, first):
        return "origin", _FROM[0]
    return "", ""


def _apposed_direction(tokens: list[Token], first: int, previous_end: int) -> bool:
    """``X، شمال غربي Y``: a compass direction set off by a comma right after another place names Y
    only as the landmark that locates X."""
    i = first - 1
    while i >= 0 and first - i <= 2 and tokens[i].text in COMPASS:
        if not tokens[i].joined:
            return i == previous_end
        i -= 1
    return False
def _origin_through_settlement(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], first: int) -> bool:
    """``أطلق من مدينة صعدة``, ``في طريقها من مدينة امستردام``: a settlement word between the origin's
    ``من`` and the name does not make the name a scene."""
    i = first - 2
    if i < 0 or not (tokens[i + 1].joined and tokens[i + 2].joined):
        return False
    if tokens[i + 1].text not in cue_forms("names_place") or tokens[i].text not in _FROM:
        return False
    return _origin_verb_before(cues, tokens, i)


_DISTANCE_REACH = 4  # tokens from a unit of distance to the place it measures from
_DESCRIBER_REACH = 6  # tokens before the unit where a word describing another place may stand


def _distance_before(doc: Document, first: int, ends: set[int] = frozenset()) -> tuple[str, str] | None:
    """``على بعد 12 كيلومترا من X``: near X; ``الواقعة على بعد 400 كيلومتر من X``, ``(100 كم شمال X)``
    after another place, or any distance past ``tuning.NEAR_DISTANCE``: X is a landmark that locates
    a place, not a scene. A bracket after a name the gazetteer does not know (``في تل اسقف (30 كلم شمال
    الموصل)``) locates a place that only X can stand for: near X (precision 2, the nearest known town)."""
    tokens = doc.tokens
    units, describers = cue_forms("distance"), _written_forms("describes_place")
    for back in range(1, _DISTANCE_REACH + 1):
        i = first - back
        if i < 0 or not tokens[i + 1].joined:
            return None
        if tokens[i].text not in units:
            continue
        number = i - 1 if i > 0 and tokens[i - 1].text.isdigit() else i
        bracketed = "(" in doc.norm[tokens[number - 1].end if number else 0 : tokens[number].start]
        bracketed = bracketed and (number in ends or not tokens[number - 1].text.isalpha())
        start = max(0, i - _DESCRIBER_REACH)
        described = any(t.text in describers for t in tokens[start:i])  # a stem describes a place
        far = number != i and int(tokens[number].text) > tuning.NEAR_DISTANCE  # "على بعد 400 كلم جنوب سبها"
        return ("landmark", tokens[i].text) if bracketed or described or far else ("near", tokens[i].text)
    return None


def _meeting_venue(tokens: list[Token], first: int) -> bool:
    """Whether the clause before the name opens with a conference, talks or a summit ("الانسحاب من
    مؤتمر نزع السلاح في جنيف"): the place is where diplomats meet, which is never an incident's scene
    and seldom in the country the article is about. The clause ends at punctuation, as for origins."""
    meetings = _written_forms("meeting")
    i = first - 1
    while i >= 0 and first - i <= _ORIGIN_REACH and tokens[i + 1].joined:
        if tokens[i].text in meetings:  # one of its stems is a meeting word
            return True
        i -= 1
    return False


def _speaker_seat(doc: Document, first: int, end: int) -> bool:
    """Whether the name seats an institution that speaks next: "الجيش الأميركي في واشنطن، أوضح أنه ...".

    The place then says where the speaker sits, as a dateline does, not where the reported act
    happened. Narrow on purpose: "في" right before the name, an institution word (الجيش، السلطات ...)
    just before that, a comma after it and a bare verb of saying. "قصف على بلدة X، قال المرصد" or
    "اشتبكوا في X، وقال القائد" keep X as the scene.
    """
    tokens = doc.tokens  # ``end`` is the token after the name (a match's ``last_token`` is exclusive)
    if end >= len(tokens) or first < 2 or not tokens[first].joined or tokens[first - 1].text != _IN:
        return False
    gap = doc.norm[tokens[end - 1].end : tokens[end].start]
    if "،" not in gap and "," not in gap or tokens[end].text not in cue_forms("report"):
        return False
    institutions = _written_forms("vague_actor")  # a stem (the word itself is its first) is one
    return any(tokens[i].text in institutions for i in range(max(0, first - 4), first - 1))


_CORRESPONDENT_REACH = 6  # tokens from a correspondent word to the seat's "في" (the outlet's name between)


def _correspondent_seat(doc: Document, first: int) -> bool:
    """Whether the name is where a correspondent who reports sits: "أفاد مراسل سكاي نيوز عربية في
    أربيل"، "وفقا لمراسلنا في تركيا". Like a dateline, it tells where the news came from; the shelling
    it reports is in the villages it names elsewhere (the scene yields such a "seat" to any other place
    of the sentence, and keeps it when there is none: "قال مراسلنا في غزة إن غارة استهدفت"). Narrow:
    "في" right before the name, a correspondent word a few tokens before within the clause, and a verb
    of saying right before that
    ("وسمع مراسل فرانس برس في دمشق أصوات انفجارات" keeps Damascus: the reporter heard it there)."""
    tokens = doc.tokens
    if first < 2 or not tokens[first].joined or tokens[first - 1].text != _IN:
        return False
    # written words with a correspondent or saying stem: one look-up per token, not a walk over stems
    correspondents, saying = _CORRESPONDENT_FORMS, _written_forms("report")
    i = first - 2
    while i >= 0 and first - i <= _CORRESPONDENT_REACH:
        if tokens[i].text in correspondents:
            if i == 0 or not tokens[i].joined:
                return False
            return any(tokens[j].text in saying for j in (i - 1, i - 2) if j >= 0)
        if not tokens[i + 1].joined:
            return False
        i -= 1
    return False


@cache
def _written_forms(kind: str) -> frozenset[str]:
    """Every written word one of whose stems is in ``cue_forms(kind)`` (``words_with_stem`` is the
    exact inverse of a token's stems): a token is tested by one look-up, not a walk over its stems,
    for the rules that test every token of a clause for every place."""
    return forms_with_stem_in(frozenset(cue_forms(kind)))


_COUNT_WORDS = tuple(words("count_words"))


def _in_origin_clause(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], first: int) -> bool:
    """``قادمين من مناطق التنظيم في محافظة دير الزور``: the place is where people or fire came from,
    when a verb of coming or launching with ``من`` opens the clause it stands in."""
    i = first - 1
    while i > 0 and first - i <= _ORIGIN_REACH and tokens[i + 1].joined:
        if tokens[i].text in _FROM:
            partitive = tokens[i - 1].text.startswith(_COUNT_WORDS)  # "أطلقت عددا من القذائف على X"
            if not partitive and _origin_verb_before(cues, tokens, i):
                return True
        i -= 1
    return False


def _cue_ending_at(
    cues: PhraseLexicon[frozenset[str]], tokens: list[Token], i: int
) -> tuple[frozenset[str], str] | None:
    """A place cue whose last token is ``i`` (cues are one or two words long)."""
    if tokens[i].text not in _place_cue_ends():
        return None  # no place cue ends with this word: most tokens, told without matching
    for start in (i - 1, i):
        if start < 0:
            continue
        match = cues.match_at(tokens, start)
        if match is not None and match.last_token == i + 1:
            classes = _place_cue_classes(match.value)
            if classes:
                return frozenset(classes), match.phrase.split()[-1]
    return None


def _place_cue_classes(classes: frozenset[str]) -> frozenset[str]:
    """Those of a cue's classes that frame the place after it (or say it is an origin)."""
    return classes & {"near", "countryside", "settlement", "origin_verbs", "affiliation", "destination"}


@cache
def _place_cue_ends() -> frozenset[str]:
    """The written words a place cue (of a class ``_cue_ending_at`` reads) may end with."""
    return cue_lexicon().ending_forms(lambda classes: bool(_place_cue_classes(classes)))


def _origin_verb_before(cues: PhraseLexicon[frozenset[str]], tokens: list[Token], i: int) -> bool:
    """True when a verb of launching or coming from stands just before the ``من`` at ``i``, or a personal
    pronoun right before it ("وهما من محافظة صعدة": they come from there)."""
    verbs = _written_forms("origin_verbs")  # written words with a stem of the class: one look-up each
    if i > 0 and tokens[i - 1].text in _ORIGIN_PRONOUN_FORMS:
        return True
    return any(j >= 0 and tokens[j].text in verbs for j in (i - 1, i - 2))


_ORIGIN_PRONOUNS = word_set("origin_pronouns")
_ORIGIN_PRONOUN_FORMS = forms_with_stem_in(frozenset(_ORIGIN_PRONOUNS))
