"""When and where: the date of a candidate (nearest time word, coding window, quoted speech) and its
scene (the most specific place the sentence frames, inherited from earlier sentences, or the country)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from functools import cache, lru_cache

from rasd import tuning
from rasd.assemble import trace
from rasd.assemble.context import FieldContext
from rasd.assemble.model import WINDOW_DAYS, ArticleState, Candidate
from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.actors import load_registry
from rasd.recognize.cues import cue_words
from rasd.recognize.places import PlaceMention
from rasd.recognize.times import is_background, resolve
from rasd.recognize.triggers import TriggerMention
from rasd.taxonomy import VIOLENT_TYPES
from rasd.text.normalize import normalize_term
from rasd.text.rule_words import word_set
from rasd.text.segment import Sentence


def attach_time(
    ctx: FieldContext,
    sentence: Sentence,
    trigger: TriggerMention,
    candidate: Candidate,
    published: dt.date | None,
) -> bool:
    """Date the candidate; False when the event lies outside the coding window or in the future."""
    mentions = [
        m
        for m in ctx.times.get(sentence.index, [])
        if m.kind != "future" and (m.kind == "absolute" or not _inside_quotes(ctx.doc.norm, m.start))
    ]
    if mentions:
        mention = min(mentions, key=lambda m: abs(m.start - trigger.start))
        if is_background(mention, published, WINDOW_DAYS):
            return trace.refuse(candidate, "background", mention)
        date, precision = resolve(mention, published)
        if date is not None and published is not None and not 0 <= (published - date).days <= WINDOW_DAYS:
            return trace.refuse(candidate, "out_of_window", mention)
        candidate.date, candidate.precision, candidate.dated = date, precision, date is not None
        return True
    candidate.date, candidate.precision = published, 2
    return True


def _inside_quotes(norm: str, position: int) -> bool:
    """Whether a position lies inside quoted speech: its time words count from when it was said
    (an odd number of quotes since the paragraph's start; counted by binary search over the positions
    of quotes and newlines, since a scan per time word made a long paragraph quadratic)."""
    quotes, newlines = _marks(norm)
    line = bisect_left(newlines, position)
    paragraph_start = newlines[line - 1] + 1 if line else 0
    return (bisect_left(quotes, position) - bisect_left(quotes, paragraph_start)) % 2 == 1


@lru_cache(maxsize=4)
def _marks(norm: str) -> tuple[list[int], list[int]]:
    """Positions of the quotes and of the newlines of a text (the text of the article being read)."""
    quotes = [i for i, ch in enumerate(norm) if ch == '"']
    return quotes, [i for i, ch in enumerate(norm) if ch == "\n"]


def named_countries(contexts: list[FieldContext]) -> frozenset[str]:
    """Countries an article names: by name or nationality adjective ("لبنان", "اللبنانية"), by a place or
    province only one country has, or by an actor of one country. A town abroad needs one of these."""
    registry = load_registry()
    named: set[str] = set()
    for ctx in contexts:
        for place in ctx.all_places:
            if place.is_frame:
                continue
            if place.country is not None:
                named.add(place.country.iso2)
            countries = {p.country for p in place.places if p.source != "geonames"} | {
                p.country for p in place.provinces
            }
            if len(countries) == 1:
                named |= countries
        names = _country_names()
        for token in {t.text: t for t in ctx.doc.tokens}.values():  # a word's stems are the same each time
            for stem, _ in token.stems:
                iso2 = names.get(stem)
                if iso2 is not None:
                    named.add(iso2)
                    break
        for mention in ctx.all_actors:
            country = registry.country_of(mention.key) if mention.key else ""
            if country:
                named.add(country)
    return frozenset(named)


@cache
def _country_names() -> dict[str, str]:
    """Country names and nationality adjectives (normalized) → iso2, fetched once for the hot loop."""
    return load_gazetteer().country_names()


def names_a_place(ctx: FieldContext, country: str) -> bool:
    """Whether a field names any scene finer than a country."""
    return any(scene_places(ctx, sentence.index, country) for sentence in ctx.doc.sentences)


def scene_places(ctx: FieldContext, index: int, country: str) -> list[PlaceMention]:
    """Places a sentence frames as a scene: not an origin, not a bare country, not a chance homonym."""
    return [
        p
        for p in ctx.places.get(index, [])
        if not p.is_frame and not p.is_country_only and p.plausible(country, ctx.countries)
    ]


def attach_place(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, candidate: Candidate, state: ArticleState
) -> None:
    places = scene_places(ctx, sentence.index, state.country)
    if places:
        candidate.place = _most_specific(_before_a_response(ctx, sentence, trigger, places), trigger)
        return
    inherited = None
    back = sentence.index - state.last_place_sentence
    if state.last_place is not None and back <= tuning.PLACE_MEMORY_SENTENCES:
        inherited = state.last_place
    elif state.lead_place is not None:
        inherited = state.lead_place
    if inherited is not None:
        candidate.place = inherited
        candidate.place_inherited = True
        return
    if state.names_a_place:
        return
    # nothing finer anywhere in the article: code to the country, named or implied by a nationality
    countries = [p for p in ctx.places.get(sentence.index, []) if p.is_country_only and not p.is_frame]
    if countries:
        candidate.place = countries[0]
    else:  # "في المحافظات المصرية"; for violence also "الشرطة الأفغانية": a country's own territory or forces
        nouns = _TERRITORIES | (
            _LOCAL_AUTHORITIES if candidate.event_type in _SECURITY_INCIDENTS else frozenset()
        )
        candidate.place = _nationality_place(ctx, sentence, nouns)


def _nationality_place(ctx: FieldContext, sentence: Sentence, nouns: frozenset[str]) -> PlaceMention | None:
    """The country of a nationality adjective on one of ``nouns`` ("الشرطة الأفغانية", "المدن المصرية")."""
    gaz = load_gazetteer()
    tokens = ctx.doc.tokens
    for i in range(ctx.token_at(sentence.start) + 1, ctx.token_at(sentence.end) + 1):
        if tokens[i - 1].text not in nouns:
            continue
        country = gaz.country_by_name(tokens[i].text)
        if country is not None:
            token = tokens[i]
            return PlaceMention(token.start, token.end, i, i + 1, token.text, (), (), country, "", "", False)
    return None


_TERRITORIES = word_set("territories")


_SECURITY_INCIDENTS = VIOLENT_TYPES


# the one-word vague actors of cues.toml ("الشرطة", "الجيش") and the local authorities of rule_words.toml
_LOCAL_AUTHORITIES = frozenset(
    normalize_term(p) for p in cue_words("vague_actor") if len(normalize_term(p).split()) == 1
) | word_set("local_authorities")


def _before_a_response(
    ctx: FieldContext, sentence: Sentence, trigger: TriggerMention, places: list[PlaceMention]
) -> list[PlaceMention]:
    """``شن غارة على قطاع غزة ردا على إطلاق نار ... في مدينة سديروت``: what follows "ردا على" after the
    trigger is the incident answered, elsewhere; its places are not this trigger's scene."""
    cut = min(
        (
            cue.start
            for cue in ctx.cues.get(sentence.index, [])
            if "response" in cue.value and cue.start >= trigger.end
        ),
        default=None,
    )
    if cut is None:
        return places
    return [p for p in places if p.start < cut] or places


def specificity(place: PlaceMention) -> int:
    """Higher is more specific: a settlement or site beats a province; a framed province is lowest."""
    if place.explicit_province or (place.provinces and not place.places):
        return 0
    if place.cue == "countryside" and place.provinces:
        return 0
    if place.places:
        return 2
    return 1


def _most_specific(places: list[PlaceMention], trigger: TriggerMention) -> PlaceMention:
    best = max(specificity(p) for p in places)
    top = [p for p in places if specificity(p) == best]
    after = [p for p in top if p.start >= trigger.start]
    return after[0] if after else top[0]
