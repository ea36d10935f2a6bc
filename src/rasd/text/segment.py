"""Paragraph and sentence segmentation of normalized text (spans into it).

News paragraphs are separated by newlines; sentences end at ``.``, ``!``, ``?``, ``؟`` or ``؛``
followed by white space, never inside a number (``3.5``). A sentence never crosses a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
            _append(out, norm, cursor, end, number)
            cursor = end
        _append(out, norm, cursor, p_end, number)
    return out


def _append(out: list[Sentence], norm: str, start: int, end: int, paragraph: int) -> None:
    piece = norm[start:end]
    stripped = piece.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return
    start += len(piece) - len(piece.lstrip())
    out.append(Sentence(start, start + len(stripped), paragraph, len(out)))
