"""The topic gate: articles about sport, markets or technology borrow the words of war.

"الهجوم" of a forward, "السيطرة على المباراة", "إطلاق صاروخ فالكون" and "إضراب" in a market report would
all read as events. An article whose vocabulary is dense in such a topic and thin in conflict (named
armed actors, deaths) keeps only events that carry their own proof: a death toll with a named
perpetrator.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rasd import data_cache, tuning
from rasd.assemble.context import FieldContext
from rasd.assemble.model import Candidate
from rasd.text.lexicon import PhraseLexicon

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
