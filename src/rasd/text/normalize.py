"""Normalization of Arabic text for matching, with a map back to the original characters.

Every recognizer matches against the normalized form; every value it reports must point into the
original text, so normalization is strictly character-wise: each original character becomes zero or
one normalized character, and ``Normalized.orig`` records, for each normalized character, the index of
the original character it came from.

Rules (the matching form every lexicon entry is written in after passing through ``normalize``):
- diacritics (tashkeel, superscript alef) and tatweel are dropped, and so is every format character
  (Unicode category Cf: zero-width space and (non-)joiners, word joiner, BOM, soft hyphen, the Arabic
  letter mark U+061C, bidi marks, embeddings and isolates), wherever it stands;
- alef forms (أ إ آ ٱ) become ا; alef maqsura ى becomes ي; ta marbuta ة becomes ه;
  hamza seats ؤ → و and ئ → ي; Persian/Urdu ی ک → ي ك;
- Arabic-Indic and Persian digits become ASCII digits; the Arabic decimal/thousands separators
  become "." and ",";
- every quote style becomes ``"``; Latin letters are lower-cased;
- any run of white space is kept character for character (one space per white-space character),
  so sentence and paragraph boundaries survive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rasd import data_cache


def _format_characters() -> set[str]:
    """Every character of Unicode category Cf (format): invisible, and meaningless for matching. A
    zero-width space, word joiner, BOM, soft hyphen, Arabic letter mark (U+061C) or bidi control inside
    a word would otherwise make it another word, and an event none, without a trace."""
    return {
        chr(c) for start, end in _CF_PLANES for c in range(start, end) if unicodedata.category(chr(c)) == "Cf"
    }


# Where Unicode puts format characters: planes 0-1 and the tags block (scanning all 1.1 million code
# points costs a second at every start; a test checks that these ranges hold every Cf character).
_CF_PLANES = ((0, 0x20000), (0xE0000, 0xE1000))


_DROP = (
    {chr(c) for c in range(0x064B, 0x0660)}
    | {"\u0670", "\u0640"}
    | data_cache.cached("format_characters", _format_characters)  # the scan is a tenth of start-up
)

_MAP: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "ګ": "ك",
    "ھ": "ه",
    "٫": ".",
    "٬": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‟": '"',
    "‘": '"',
    "’": '"',
    "‚": '"',
    "‹": '"',
    "›": '"',
    "'": '"',
    "`": '"',
    "\u00a0": " ",
    "\t": " ",
    "\r": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)


def normalize_char(ch: str) -> str:
    """The normalized form of one character: "" (dropped) or one character."""
    if ch in _DROP:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    return ch.lower() if "A" <= ch <= "Z" else ch


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, for each of its characters, the original index it came from."""

    original: str
    text: str
    orig: tuple[int, ...]

    def orig_start(self, i: int) -> int:
        """Original index of normalized position ``i`` (``len(original)`` at the end)."""
        return self.orig[i] if i < len(self.orig) else len(self.original)

    def orig_end(self, j: int) -> int:
        """Original end (exclusive) of a normalized span ending at ``j`` (exclusive)."""
        if j <= 0:
            return 0
        return self.orig[j - 1] + 1

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """The original (start, end) of normalized span [i, j)."""
        return self.orig_start(i), self.orig_end(j)


_TABLE = str.maketrans(
    {**_MAP, **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **dict.fromkeys(_DROP)}
)


def _char_class(chars: set[str]) -> str:
    """A regex character class of ``chars`` as ranges of consecutive code points: a class of single
    characters beyond the Basic Multilingual Plane is tested one member at a time, ~200 per character."""
    codes = sorted(map(ord, chars))
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


_DROPPED = data_cache.compiled(_char_class(_DROP))  # big Unicode classes: their program is cached


# the characters ``_TABLE`` changes (one capture group, so ``split`` keeps them) and what each becomes
_CHANGED = data_cache.compiled("(" + _char_class({chr(code) for code in _TABLE}) + ")")
_REPLACE = {chr(code): value or "" for code, value in _TABLE.items()}.__getitem__


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, the same string, at under half the cost: ``translate`` looks every
    character of a non-ASCII text up in the table one by one, while a few in twenty change, and the
    regex finds those in C."""
    parts = _CHANGED.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_REPLACE, parts[1::2])
    return "".join(parts)


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching, keeping the map back to the original.

    One C-level ``translate`` does the mapping (each character becomes at most one, so an unchanged
    length means none was dropped); the offset map is built from the runs between dropped characters,
    so the cost per character stays in C (this runs on every article).
    """
    normalized = _translate(text)
    if len(normalized) == len(text):  # nothing dropped (most articles): the map is the identity
        return Normalized(text, normalized, tuple(range(len(text))))
    orig: list[int] = []
    position = 0
    for dropped in _DROPPED.finditer(text):
        orig.extend(range(position, dropped.start()))
        position = dropped.end()
    orig.extend(range(position, len(text)))
    return Normalized(text, normalized, tuple(orig))


def normalize_term(term: str) -> str:
    """Normalize a lexicon entry and fold its white space, so entries compare with matched text (no
    offset map: 35,000 entries are normalized at start-up, and none needs one)."""
    return " ".join(term.translate(_TABLE).split())
