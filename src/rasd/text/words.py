"""Words of a passage for comparing passages (not for extraction): normalized, with the article and
the conjunction/preposition clitics cut, so "بالباغوز" and "الباغوز" are one word.

The store's merge rule compares the evidence of two reports with this; it needs no offsets, tokens or
lexicons, only the same normalization extraction uses (``normalize``).
"""

from __future__ import annotations

import re

from rasd import tuning
from rasd.text.clitics import subset as clitic_subset
from rasd.text.normalize import normalize
from rasd.text.tokens import WORD, stems_of

# the text layer as the store sees it: normalization, words, proclitic-stripped forms (for its search
# index and export checks), and content words for comparing passages
__all__ = ["MIN_STEM", "WORD", "content_words", "normalize", "stems_of"]

_WORD = re.compile(r"[0-9]+|[\u0621-\u064a]+")
_CLITICS = clitic_subset("content_word")  # the article and what may precede it, longest first
MIN_STEM = tuning.MIN_CONTENT_STEM  # shorter words are particles ("في", "من")


def content_words(text: str) -> set[str]:
    """The passage's words of ``MIN_STEM`` letters or more, normalized and without their clitics."""
    words: set[str] = set()
    for word in _WORD.findall(normalize(text).text):
        stem = _strip_clitic(word)
        if len(stem) >= MIN_STEM:
            words.add(stem)
    return words


def _strip_clitic(word: str) -> str:
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            return word[len(clitic) :]
    return word
