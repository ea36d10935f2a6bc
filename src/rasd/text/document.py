"""A text prepared once for every recognizer: normalized form, offset map, tokens and sentences.

Tokens and sentences are made on first use: about half the corpus names no event, and for such an
article the trigger lexicon can tell so from the words alone (``PhraseLexicon.may_match``), so the
pipeline returns before any token object or sentence of it is made.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property

from rasd.text.normalize import Normalized, normalize
from rasd.text.segment import Sentence, sentences
from rasd.text.tokens import Token, split_words, tokenize_shared


@dataclass
class Document:
    """One field of an article (``text`` or ``title``) after the text layer."""

    original: str
    field: str = "text"
    normalized: Normalized = dc_field(init=False)

    def __post_init__(self) -> None:
        self.normalized = normalize(self.original)

    @property
    def norm(self) -> str:
        return self.normalized.text

    @cached_property
    def words(self) -> list[tuple[str, str]]:
        """(gap, word) pairs of the normalized text, in order (``tokens.split_words``)."""
        return split_words(self.normalized.text)

    @cached_property
    def tokens(self) -> list[Token]:
        """The word tokens (default joiners), made from ``words``."""
        return tokenize_shared(self.normalized.text, self.words)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return sentences(self.normalized.text)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

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
