"""A text prepared once for every recognizer: normalized form, offset map, tokens and sentences."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from dataclasses import field as dc_field

from rasd.text.normalize import Normalized, normalize
from rasd.text.segment import Sentence, sentences
from rasd.text.tokens import Token, tokenize_shared


@dataclass
class Document:
    """One field of an article (``text`` or ``title``) after the text layer."""

    original: str
    field: str = "text"
    normalized: Normalized = dc_field(init=False)
    tokens: list[Token] = dc_field(init=False)
    sentences: list[Sentence] = dc_field(init=False)
    _token_starts: list[int] = dc_field(init=False, repr=False)
    _sentence_starts: list[int] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.normalized = normalize(self.original)
        self.tokens = tokenize_shared(self.normalized.text)
        self.sentences = sentences(self.normalized.text)
        self._token_starts = [t.start for t in self.tokens]
        self._sentence_starts = [s.start for s in self.sentences]

    @property
    def norm(self) -> str:
        return self.normalized.text

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
