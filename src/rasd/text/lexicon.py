"""Phrase lexicons matched over tokens: the one mechanism every dictionary recognizer shares.

A lexicon maps phrases (one or more words, written naturally) to payloads. Matching is on tokens of
normalized text: the first word may carry proclitics (``وبالباغوز``), later words must follow with
only spaces, quotes or brackets between them (``قوات "قسد"``), never across punctuation (which
characters join words is the tokenizer's ``joiners``). At each position the longest phrase wins and
matches do not overlap. A phrase is split into words exactly as text is (``tokens.WORD``), so
``"دير الزور24"`` is the three words دير · الزور · 24.

A first word written with the article matches with or without it (``الباغوز`` finds ``باغوز``) unless
the lexicon is built with ``article_optional=False``: then ``الجيش`` finds ``الجيش``, ``والجيش``,
``للجيش`` but not ``جيش`` (as in ``جيش المهدي``). A phrase written without the article always also
matches words that carry it (``حوثيين`` finds ``الحوثيين``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rasd.text.normalize import normalize_term
from rasd.text.tokens import WORD, Token, strip_article

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A lexicon hit: normalized span (after any proclitic), token range, the phrase and its payload.

    ``start`` is where the matched stem begins; the whole first word, proclitic included, starts at
    ``start - len(proclitic)`` (= ``tokens[first_token].start``).
    """

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive
    phrase: str
    value: T
    proclitic: str  # what was stripped off the first word ("" when nothing)


class PhraseLexicon(Generic[T]):
    """Phrases → payloads, indexed by their first word (with and without the article)."""

    def __init__(self, entries: Iterable[tuple[str, T]] = (), *, article_optional: bool = True) -> None:
        """``article_optional``: also index a first word without its article, so the bare word matches
        (right for vocabularies; wrong for names, where the bare word may be a common word)."""
        self._article_optional = article_optional
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, T]]] = defaultdict(list)
        for phrase, value in entries:
            self.add(phrase, value)

    def add(self, phrase: str, value: T) -> None:
        """Index one phrase; the first payload given for a phrase wins."""
        words = _words(phrase)
        if not words:
            return
        key = " ".join(words)
        firsts = {words[0], strip_article(words[0])} if self._article_optional else {words[0]}
        for first in firsts:
            bucket = self._by_first[first]
            if any(existing == key for _, existing, _ in bucket):
                continue
            bucket.append((words[1:], key, value))
            bucket.sort(key=lambda item: -len(item[0]))

    def __contains__(self, phrase: str) -> bool:
        words = _words(phrase)
        return bool(words) and any(rest == words[1:] for rest, _, _ in self._by_first.get(words[0], []))

    def match_at(self, tokens: Sequence[Token], i: int) -> Match[T] | None:
        """The longest phrase starting at token ``i``, if any."""
        best: Match[T] | None = None
        for stem, cut in tokens[i].stems:
            for rest, key, value in self._by_first.get(stem, ()):
                end = i + 1 + len(rest)
                if best is not None and end <= best.last_token:
                    continue
                if end > len(tokens) or not _continues(tokens, i, rest):
                    continue
                token = tokens[i]
                best = Match(token.start + cut, tokens[end - 1].end, i, end, key, value, token.text[:cut])
        return best

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """All non-overlapping longest matches, left to right."""
        found: list[Match[T]] = []
        by_first = self._by_first
        i = 0
        count = len(tokens)
        while i < count:
            # most tokens start no phrase: test that with plain lookups before the full match (a loop,
            # not any() over a generator: this line runs for every token of every lexicon)
            for stem, _ in tokens[i].stems:
                if stem in by_first:
                    break
            else:
                i += 1
                continue
            match = self.match_at(tokens, i)
            if match is None:
                i += 1
            else:
                found.append(match)
                i = match.last_token
        return found


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase's words, split the way ``tokenize`` splits text."""
    return tuple(WORD.findall(normalize_term(phrase)))


def _continues(tokens: Sequence[Token], i: int, rest: tuple[str, ...]) -> bool:
    for offset, word in enumerate(rest, start=1):
        token = tokens[i + offset]
        if not token.joined or token.text != word:
            return False
    return True
