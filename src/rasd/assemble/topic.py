"""The topic gate: articles about sport, markets or technology borrow the words of war.

"الهجوم" of a forward, "السيطرة على المباراة", "إطلاق صاروخ فالكون" and "إضراب" in a market report would
all read as events. An article whose vocabulary is dense in such a topic and thin in conflict (named
armed actors, deaths) keeps only events that carry their own proof: a death toll with a named
perpetrator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from rasd import data_cache, tuning
from rasd.assemble.context import FieldContext
from rasd.assemble.model import PEOPLE, Candidate
from rasd.taxonomy import PROTESTS
from rasd.text.lexicon import PhraseLexicon
from rasd.text.rule_words import word_set

MIN_TOPIC_WORDS = tuning.MIN_TOPIC_WORDS
TOPIC_TO_CONFLICT = tuning.TOPIC_TO_CONFLICT


@cache
def topic_lexicon() -> PhraseLexicon[str]:
    data = data_cache.read_toml("topics.toml")
    return PhraseLexicon(
        (phrase, topic) for topic, phrases in data["off_topic"].items() for phrase in phrases
    )


def off_topic(contexts: Iterable[FieldContext]) -> bool:
    """Whether the article is about something other than conflict.

    Computed lazily, cheapest signal first: most articles have too few topic words to be off-topic
    whatever else they say, and only an article that stays off-topic after counting its named actors
    has its death tolls counted (over every sentence, a recognizer pass extraction otherwise skips)."""
    contexts = list(contexts)
    lexicon = topic_lexicon()
    topic_words = sum(len(lexicon.find(ctx.doc.tokens)) for ctx in contexts)
    if topic_words < MIN_TOPIC_WORDS:
        return False
    conflict = sum(1 for ctx in contexts for m in ctx.all_actors if not m.generic and m.key)
    if topic_words < TOPIC_TO_CONFLICT * (conflict + 1):
        return False
    conflict += sum(ctx.killed_anywhere() for ctx in contexts)
    return topic_words >= TOPIC_TO_CONFLICT * (conflict + 1)


def self_evident(candidate: Candidate) -> bool:
    """An event that stands even in an off-topic article: someone named killed someone."""
    return (
        candidate.fatalities > 0
        and bool(candidate.perpetrator)
        and not candidate.perpetrator.startswith("generic:")
    )


_CROWDS = frozenset({"generic:protesters", "generic:rioters"})


@cache
def _not_demonstrating() -> frozenset[str]:
    return word_set("strike_words") | word_set("objection_triggers")


def crowd_demonstrated(candidate: Candidate, contexts: Iterable[FieldContext]) -> bool:
    """A demonstration that stands even in an article about markets or technology: protesters, or a
    counted crowd, in its sentence ("تظاهر آلاف الروس ... لمطالبة السلطات بإنهاء حجب تطبيق تلغرام", "تظاهر
    مئات الموظفين في مقر الأونروا"). Prices, fuel, layoffs and app bans are what many protests are about, so
    their articles are dense in market and technology words; the protest filters have already set aside the
    words' other senses. A strike ("إضراب" of rail workers) or one person's objection stays gated, and so
    does everything in an article about sport, whose crowds invade pitches, celebrate and riot as fans (a
    riot's words are also a play's title, "مدرسة المشاغبين": only protests pass)."""
    if candidate.event_type != PROTESTS or candidate.trigger.phrase in _not_demonstrating():
        return False
    contexts = list(contexts)
    ctx = next((c for c in contexts if c.doc.field == candidate.field), None)
    if ctx is None or _about_sport(contexts):
        return False
    index = candidate.sentence.index
    if any(m.key in _CROWDS for m in ctx.actors.get(index, [])):
        return True
    counts = ctx.quantities.get(index, [])
    return any((q.category in PEOPLE or q.qualifier == "vague") and q.value > 0 for q in counts)


def _about_sport(contexts: list[FieldContext]) -> bool:
    """Whether sport is the article's topic: no fewer of its words than of markets' or technology's.
    Scanning every field with the lexicon is asked once per gated candidate, so the answer is kept in
    the first field's memo: it is the article's, the same for each of its candidates."""
    if not contexts:
        return False
    memo = contexts[0].memo
    known = memo.get("about_sport")
    if known is None:
        lexicon = topic_lexicon()
        counts = Counter(m.value for ctx in contexts for m in lexicon.find(ctx.doc.tokens))
        known = memo["about_sport"] = counts["sport"] > 0 and counts["sport"] >= max(counts.values())
    return known
