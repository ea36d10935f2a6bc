"""A text prepared once for every recognizer: normalized form, offset map, tokens and sentences.

Tokens and sentences are made on first use: about half the corpus names no event, and for such an
article the trigger lexicon can tell so from the words alone (``PhraseLexicon.may_match``), so the
pipeline returns before any token object or sentence of it is made.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Generic, TypeVar

from rasd.text.normalize import Normalized, normalize
from rasd.text.segment import Sentence, sentences
from rasd.text.tokens import Token, split_words, tokenize_shared

_V = TypeVar("_V")


class _once(Generic[_V]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock: the value is computed on first access and
    stored in the instance's ``__dict__``, which shadows this (non-data) descriptor from then on.
    Python 3.11's cached_property takes a lock on every first access, a cost paid five times per
    document field; a Document belongs to one extraction, never shared between threads while it is
    being read, and computing a value twice would give the same value."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> _V:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.func(instance)
        return value


@dataclass
class Document:
    """One field of an article (``text`` or ``title``) after the text layer."""

    original: str
    field: str = "text"
    normalized: Normalized = dc_field(init=False)
    # the normalized text, read by every recognizer and rule: a plain attribute, not a property
    norm: str = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.normalized = normalize(self.original)
        self.norm = self.normalized.text

    @_once
    def words(self) -> list[tuple[str, str]]:
        """(gap, word) pairs of the normalized text, in order (``tokens.split_words``)."""
        return split_words(self.normalized.text)

    @_once
    def tokens(self) -> list[Token]:
        """The word tokens (default joiners), made from ``words``."""
        return tokenize_shared(self.normalized.text, self.words)

    @_once
    def sentences(self) -> list[Sentence]:
        return sentences(self.normalized.text)

    @_once
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @_once
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @_once
    def _sentence_ends(self) -> list[int]:
        return [s.end for s in self.sentences]

    def sentence_of(self, position: int) -> Sentence | None:
        """The sentence containing a normalized offset."""
        i = bisect_right(self._sentence_starts, position) - 1
        if i >= 0 and position < self.sentences[i].end:
            return self.sentences[i]
        return None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span to the original text."""
        return self.normalized.orig_span(start, end)

    def original_text(self, start: int, end: int) -> str:
        o_start, o_end = self.original_span(start, end)
        return self.original[o_start:o_end]
