"""Paragraph and sentence segmentation of normalized text (spans into it).

News paragraphs are separated by newlines; sentences end at ``.``, ``!``, ``?``, ``؟`` or ``؛``
followed by white space, never inside a number (``3.5``). A sentence never crosses a paragraph, and
none is longer than ``tuning.MAX_SENTENCE_CHARS``: a longer run without a full stop (no news sentence is
one; the longest of the 24,459 corpus articles has 2,215 characters) is cut at white space. Assembly
relates every trigger of a sentence to every mention in it, so the cut keeps extraction linear in the
length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.tuning import MAX_SENTENCE_CHARS

_SENTENCE_END = re.compile(r"(?<!\d)[.!?؟؛]+(?=\s|$)|(?<=\d)[.!?؟؛]+(?=\s+\D|$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span in the normalized text, with its paragraph number and index."""

    start: int
    end: int
    paragraph: int
    index: int


def paragraphs(norm: str) -> list[tuple[int, int]]:
    """Non-empty paragraph spans (newline separated), stripped of surrounding white space."""
    spans = []
    position = 0
    for line in norm.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        lead = len(line) - len(line.lstrip())
        trail = len(line.rstrip())
        if trail > lead:
            spans.append((start + lead, start + trail))
    return spans


def sentences(norm: str) -> list[Sentence]:
    """Sentence spans in reading order."""
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(norm)):
        cursor = p_start
        chunk = norm[p_start:p_end]
        for match in _SENTENCE_END.finditer(chunk):
            end = p_start + match.end()
            _append_bounded(out, norm, cursor, end, number)
            cursor = end
        _append_bounded(out, norm, cursor, p_end, number)
    return out


def _append_bounded(out: list[Sentence], norm: str, start: int, end: int, paragraph: int) -> None:
    """Append a sentence, cut at the last white space before every ``MAX_SENTENCE_CHARS`` characters."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(norm.rfind(" ", start + 1, limit), norm.rfind("\n", start + 1, limit))
        cut = cut if cut > start else limit
        _append(out, norm, start, cut, paragraph)
        start = cut
    _append(out, norm, start, end, paragraph)


def _append(out: list[Sentence], norm: str, start: int, end: int, paragraph: int) -> None:
    piece = norm[start:end]
    stripped = piece.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return
    start += len(piece) - len(piece.lstrip())
    out.append(Sentence(start, start + len(stripped), paragraph, len(out)))
