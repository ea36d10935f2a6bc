"""Word tokens of normalized text, with the proclitic-stripped forms lexicons are matched against.

Arabic glues conjunctions, prepositions and the article to the next word (و ف ب ل ك ال …), so
``بريف`` must find ``ريف`` and ``للتنظيم`` must find ``التنظيم``. Each token therefore carries its
candidate stems: the token itself and every split of a known proclitic chain off its front. A stem
is only offered when enough of the word is left to be a word (two letters or more).

Tokenizing is on the hot path of every recognizer (a 1,500-character article has ~250 tokens), so the
stems of a word are computed once per process and shared, and tokens are plain slotted objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rasd.text.clitics import clitics, subset

# Arabic letters (U+0621–U+064A) plus the extended letters of Persian/Urdu spellings left by
# normalization (پ چ ژ گ …, U+0671–U+06D3), ASCII digits and lower-case Latin.
_LETTERS = "a-z\u0621-\u064a\u0671-\u06d3"
WORD = re.compile(rf"[0-9]+|[{_LETTERS}]+")
# A word with the gap that precedes it, so one regex pass yields both.
_GAP_AND_WORD = re.compile(rf"([^0-9{_LETTERS}]*)([0-9]+|[{_LETTERS}]+)")

# Proclitic chains, longest first (``data/clitics.toml``); after the chains of ``restore_article``
# ("لل" is ل + ال with the alef dropped) the rest may be an ال-word that lost its alef.
PROCLITICS: tuple[str, ...] = clitics().chains
_RESTORE_ARTICLE = frozenset(subset("restore_article"))
_ARTICLE = clitics().article
# Characters that may stand between the words of one phrase: space, quotes, brackets, and the marks of
# a hashtag ("محافظة #الحديدة", "#بيت_الفقيه"): news sites tag a place or a group mid-sentence, and a
# tag that split its words would hide a town's container (مديرية X وسط محافظة #Y) or the town itself.
# Prose never uses '#' or '_' as punctuation, so letting them join breaks no phrase boundary.
JOINERS = ' "()[]#_'
# The same plus the hyphen, for names written "حزب-الله" or "قوات - النظام" (pass as
# ``tokenize(text, NAME_JOINERS)``).
NAME_JOINERS = JOINERS + "-"


@dataclass(slots=True)
class Token:
    """One word: its normalized text, its normalized span, and the stems lexicons may match.

    Read-only by convention (not frozen: frozen construction doubles the cost of ``tokenize``).
    """

    text: str
    start: int
    end: int
    stems: tuple[tuple[str, int], ...]  # (stem, length of the stripped proclitic)
    joined: bool  # only joiners (by default spaces, quotes, brackets) separate it from the previous token


_STEMS: dict[str, tuple[tuple[str, int], ...]] = {}
_STEMS_LIMIT = 200_000  # distinct words kept; the cache is dropped and refilled past this


def stems_of(word: str) -> tuple[tuple[str, int], ...]:
    """The word and its proclitic-stripped forms, each with the length of what was stripped.

    The word itself comes first, then stems by how little was stripped (lexicons take the first that
    matches); each stem is listed once. Computed once per distinct word.
    """
    stems = _STEMS.get(word)
    if stems is None:
        if len(_STEMS) >= _STEMS_LIMIT:
            _STEMS.clear()
        stems = _STEMS[word] = _compute_stems(word)
    return stems


# first letter → the proclitic chains that begin with it, in ``PROCLITICS`` order: a word is tried
# against the few that may start it, not all of them (most words of a text are new once)
_BY_FIRST: dict[str, tuple[str, ...]] = {
    letter: tuple(p for p in PROCLITICS if p[0] == letter) for letter in {p[0] for p in PROCLITICS}
}


def _compute_stems(word: str) -> tuple[tuple[str, int], ...]:
    """``stems_of`` without the cache."""
    out = [(word, 0)]
    seen = {word}
    for prefix in _BY_FIRST.get(word[:1], ()):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            stem = word[len(prefix) :]
            if stem not in seen:
                seen.add(stem)
                out.append((stem, len(prefix)))
            if prefix in _RESTORE_ARTICLE:
                # لل / ولل: the remainder is an ال-word whose alef was dropped ("للتنظيم" → "التنظيم")
                restored = _ARTICLE + stem
                if restored not in seen:
                    seen.add(restored)
                    out.append((restored, len(prefix) - 1))
    # least stripped first: "للبنان" is ل + "لبنان" before it is لل + "بنان"
    return tuple(sorted(out, key=lambda item: item[1]))


def words_with_stem(stem: str) -> list[str]:
    """Every word ``stems_of`` gives ``stem`` for: the exact inverse of ``_compute_stems`` (the stem
    itself; each proclitic chain before it when two letters or more are left; for an ال-stem, each
    ``restore_article`` chain before what follows the article). A lexicon turns its first words into
    the set of written words that may begin a phrase, so a word is tested by one set look-up."""
    out = [stem]
    if len(stem) >= 2:
        out += [prefix + stem for prefix in PROCLITICS]
    rest = stem[len(_ARTICLE) :]
    if stem.startswith(_ARTICLE) and len(rest) >= 2:
        out += [prefix + rest for prefix in PROCLITICS if prefix in _RESTORE_ARTICLE]
    return out


@cache
def forms_with_stem_in(stems: frozenset[str]) -> frozenset[str]:
    """Every written word one of whose stems is in ``stems`` (``words_with_stem`` inverted for a set),
    made once per set: a rule that tests every token of a clause then looks each word up once instead
    of walking its stems."""
    return frozenset(form for stem in stems for form in words_with_stem(stem))


_GAPS: dict[str, dict[str, bool]] = {}  # joiners → gap → whether only joiners are in it
_GAPS_LIMIT = 10_000  # distinct gaps kept per joiner set (a space, ", ", ". " … are most of them)


def _joining(joiners: str) -> dict[str, bool]:
    """The remembered gaps of one joiner set, emptied when it grows past its limit."""
    table = _GAPS.get(joiners)
    if table is None or len(table) >= _GAPS_LIMIT:
        table = _GAPS[joiners] = {}
    return table


def split_words(norm: str) -> list[tuple[str, str]]:
    """Every (gap, word) pair of normalized text, in order, from one C-level ``findall``: each pair
    starts where the previous one ended (a gap is everything that is not a word character), so a
    word's offset is the running sum of the lengths before it; the text after the last word is left
    out."""
    return _GAP_AND_WORD.findall(norm)


def joins(gap: str, joiners: str = JOINERS) -> bool:
    """Whether only ``joiners`` characters are in ``gap`` (remembered per distinct gap)."""
    joining = _joining(joiners)
    joined = joining.get(gap)
    if joined is None:
        joined = joining[gap] = not gap.strip(joiners)
    return joined


def tokenize(norm: str, joiners: str = JOINERS, words: list[tuple[str, str]] | None = None) -> list[Token]:
    """Split normalized text into word tokens, recording which tokens may continue a phrase.

    A token is ``joined`` to the previous one when nothing but ``joiners`` characters stands between
    them (pass ``NAME_JOINERS`` to let hyphens join words too).

    The tokens are made from ``split_words(norm)`` (pass ``words`` when they are at hand); whether a
    gap joins is looked up once per distinct gap.
    """
    tokens: list[Token] = []
    append = tokens.append
    cache = _STEMS
    joining = _joining(joiners)
    end = 0
    for gap, word in _GAP_AND_WORD.findall(norm) if words is None else words:
        start = end + len(gap)
        end = start + len(word)
        joined = joining.get(gap)
        if joined is None:
            joined = joining[gap] = not gap.strip(joiners)
        append(Token(word, start, end, cache.get(word) or stems_of(word), joined))
    if tokens:
        tokens[0].joined = False
    return tokens


# normalized text → its tokens and the indices of those that NAME_JOINERS joins and JOINERS does not,
# for the last few documents
_RECENT: dict[str, tuple[list[Token], list[int]]] = {}
_RECENT_LIMIT = 4
_NAME_ONLY_JOINERS = "".join(sorted(set(NAME_JOINERS) - set(JOINERS)))


def tokenize_shared(norm: str, words: list[tuple[str, str]] | None = None) -> list[Token]:
    """``tokenize(norm)``, remembered for a few texts so that ``retokenize`` can reuse it: the actor and
    source recognizers need the same field with ``NAME_JOINERS``, which differs only after a hyphen, so
    the tokens it joins besides are noted here, in the same pass."""
    if words is None:
        words = split_words(norm)
    tokens = tokenize(norm, JOINERS, words)
    differ = []
    # a token NAME_JOINERS joins and JOINERS does not has a name-only joiner (the hyphen) in the gap
    # before it: a text without one (three in four) needs no pass over its gaps
    if any(extra in norm for extra in _NAME_ONLY_JOINERS):
        joining = _joining(NAME_JOINERS)
        for i in range(1, len(tokens)):
            if not tokens[i].joined:
                gap = words[i][0]  # the text between token i - 1 and token i
                joined = joining.get(gap)
                if joined is None:
                    joined = joining[gap] = not gap.strip(NAME_JOINERS)
                if joined:
                    differ.append(i)
    if len(_RECENT) >= _RECENT_LIMIT:
        _RECENT.clear()  # one atomic step, safe when threads extract at once; an article has ≤ 2 fields
    _RECENT[norm] = (tokens, differ)
    return tokens


def retokenize(norm: str, joiners: str) -> list[Token]:
    """``tokenize(norm, joiners)``, from the remembered tokens of the same text when there are some.

    The words, spans and stems do not depend on the joiners, only ``joined`` does. For
    ``NAME_JOINERS`` the tokens whose flag changes are known, and only they are copied (the others are
    shared: tokens are read-only); when none changes (most texts have no hyphen) the remembered list
    itself is returned, so callers must not modify it. For another set, the gap before each token is
    the text between it and the previous one, so the flag is recomputed from that.
    """
    remembered = _RECENT.get(norm)
    if remembered is None:
        return tokenize(norm, joiners)
    base, differ = remembered
    if joiners == NAME_JOINERS:
        if not differ:
            return base  # the same tokens (shared, read-only): lexicons then find their words known
        out = list(base)
        for i in differ:
            t = base[i]
            out[i] = Token(t.text, t.start, t.end, t.stems, True)
        return out
    out = [Token(t.text, t.start, t.end, t.stems, False) for t in base]
    for previous, token in zip(out, out[1:], strict=False):
        token.joined = not norm[previous.end : token.start].strip(joiners)
    return out


def name_joined(norm: str, tokens: Sequence[Token]) -> list[Token] | None:
    """``retokenize(norm, NAME_JOINERS)`` when ``tokens`` are the tokens remembered for ``norm`` (the
    tokens the name joiners join besides were noted when they were made), else None: the name
    recognizers then need no pass over the gaps."""
    remembered = _RECENT.get(norm)
    if remembered is None or remembered[0] is not tokens:
        return None
    return retokenize(norm, NAME_JOINERS)


def strip_article(word: str) -> str:
    """A word without its leading article, for lexicons that index both forms."""
    return word[len(_ARTICLE) :] if word.startswith(_ARTICLE) and len(word) > 3 else word
