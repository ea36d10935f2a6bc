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
# what ``_SENTENCE_END`` reads, in parts (see ``_sentence_ends``)
_PUNCTUATION_RUN = re.compile(r"[.!?؟؛]+")
_AFTER_WORD = re.compile(r"\s|$")
_AFTER_NUMBER = re.compile(r"\s+\D|$")


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """A sentence span in the normalized text, with its paragraph number and index.

    Read-only by convention and hashable by its fields (not frozen: frozen construction costs four
    times as much)."""

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
        for run_end in _sentence_ends(chunk):
            end = p_start + run_end
            _append_bounded(out, norm, cursor, end, number)
            cursor = end
        _append_bounded(out, norm, cursor, p_end, number)
    return out


def _sentence_ends(chunk: str) -> list[int]:
    """``[m.end() for m in _SENTENCE_END.finditer(chunk)]``, the same offsets, from the runs of
    punctuation (a scan the regex engine makes fast, where the lookbehinds of ``_SENTENCE_END`` are
    tried at every character: most of the segmenter's time). A match of it always ends where its run
    does (a shorter one is followed by punctuation, not space). It starts where the run does, after a
    digit only if a space and a non-digit follow; or, when that fails, one character into a run of
    two or more (whose second character follows no digit), if space follows: "3.. 5"."""
    ends = []
    for run in _PUNCTUATION_RUN.finditer(chunk):
        start, end = run.span()
        after_digit = start > 0 and chunk[start - 1].isdecimal()  # ``\d`` is a decimal digit
        by_number = after_digit and _AFTER_NUMBER.match(chunk, end) is not None
        by_word = (not after_digit or end - start >= 2) and _AFTER_WORD.match(chunk, end) is not None
        if by_number or by_word:
            ends.append(end)
    return ends


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
