"""Word tokens of normalized text, with the proclitic-stripped forms lexicons are matched against.

Arabic glues conjunctions, prepositions and the article to the next word (و ف ب ل ك ال …), so
``بريف`` must find ``ريف`` and ``للتنظيم`` must find ``التنظيم``. Each token therefore carries its
candidate stems: the token itself and every split of a known proclitic chain off its front. A stem
is only offered when enough of the word is left to be a word (two letters or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[0-9]+|[a-z\u0621-\u064a]+")

# Proclitic chains, longest first. "ال" appears on its own and after a preposition/conjunction;
# "لل" is ل + ال with the alef dropped.
PROCLITICS: tuple[str, ...] = (
    "وبال",
    "فبال",
    "وكال",
    "وللا",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "وب",
    "فب",
    "ول",
    "فل",
    "وك",
    "فك",
    "ال",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_JOINERS = frozenset(' "()[]')


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its normalized text, its normalized span, and the stems lexicons may match."""

    text: str
    start: int
    end: int
    stems: tuple[tuple[str, int], ...]  # (stem, length of the stripped proclitic)
    joined: bool  # True when only spaces, quotes or brackets separate it from the previous token


def stems_of(word: str) -> tuple[tuple[str, int], ...]:
    """The word and its proclitic-stripped forms, each with the length of what was stripped."""
    out = [(word, 0)]
    seen = {word}
    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            stem = word[len(prefix) :]
            if stem not in seen:
                seen.add(stem)
                out.append((stem, len(prefix)))
            if prefix.endswith("ل") and prefix.startswith(("ل", "ول", "فل")) and len(prefix) >= 2:
                # لل / ولل: the remainder is an ال-word whose alef was dropped ("للتنظيم" → "التنظيم")
                restored = "ال" + stem
                if restored not in seen:
                    seen.add(restored)
                    out.append((restored, len(prefix) - 1))
    return tuple(out)


def tokenize(norm: str) -> list[Token]:
    """Split normalized text into word tokens, recording which tokens may continue a phrase."""
    tokens: list[Token] = []
    previous_end = 0
    for match in WORD.finditer(norm):
        start, end = match.span()
        gap = norm[previous_end:start]
        joined = bool(tokens) and all(ch in _JOINERS for ch in gap)
        word = match.group()
        tokens.append(Token(word, start, end, stems_of(word), joined))
        previous_end = end
    return tokens


def strip_article(word: str) -> str:
    """A word without its leading article, for lexicons that index both forms."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word
