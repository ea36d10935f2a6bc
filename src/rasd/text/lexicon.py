"""Phrase lexicons matched over tokens: the one mechanism every dictionary recognizer shares.

A lexicon maps phrases (one or more words, written naturally) to payloads. Matching is on tokens of
normalized text: the first word may carry proclitics (``وبالباغوز``), later words must follow with
only spaces, quotes or brackets between them (``قوات "قسد"``), never across punctuation (which
characters join words is the tokenizer's ``joiners``). At each position the longest phrase wins and
matches do not overlap. A phrase is split into words exactly as text is (``tokens.WORD``), so
``"دير الزور24"`` is the three words دير · الزور · 24.

A first word written with the article matches with or without it (``الباغوز`` finds ``باغوز``) unless
the lexicon is built with ``article_optional=False``: then ``الجيش`` finds ``الجيش``, ``والجيش``,
``للجيش`` but not ``جيش`` (as in ``جيش المهدي``). A phrase written without the article always also
matches words that carry it (``حوثيين`` finds ``الحوثيين``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, Generic, TypeVar

from rasd.text.normalize import normalize_term
from rasd.text.tokens import _STEMS, WORD, Token, joins, stems_of, strip_article, words_with_stem

T = TypeVar("T")


@dataclass(slots=True, unsafe_hash=True)
class Match(Generic[T]):
    """A lexicon hit: normalized span (after any proclitic), token range, the phrase and its payload.

    Read-only by convention, hashable by its fields as a frozen one would be, but not frozen: a frozen
    dataclass sets each field through ``object.__setattr__``, four times the cost of building it, and
    an article makes hundreds of matches.

    ``start`` is where the matched stem begins; the whole first word, proclitic included, starts at
    ``start - len(proclitic)`` (= ``tokens[first_token].start``).
    """

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive
    phrase: str
    value: T
    proclitic: str  # what was stripped off the first word ("" when nothing)


# One phrase of a first word's bucket: (the words after the first, the phrase, its payload).
_Entry = tuple[tuple[str, ...], str, T]
# What a first word may begin, split by the word after it: the one-word phrases, and the longer phrases
# keyed by their second word, each with the words after that second one.
_Singles = tuple[tuple[str, T], ...]
_Longer = dict[str, tuple[tuple[int, tuple[str, ...], str, T], ...]]
_Head = tuple[_Singles[T], _Longer[T]]
# What a written word may begin: for each of its stems that is a first word, in the order of its stems,
# (the length of the proclitic cut off, the stem's one-word phrases, its longer phrases by second word);
_Firsts = tuple[tuple[int, _Singles[T], _Longer[T]], ...]
# with whether one of those stems begins a one-word phrase, and the second words of the longer ones (a
# stem's own ``_Longer`` when it is the only one: a dict answers ``in`` as a set does).
_Begun = tuple[_Firsts[T], bool, frozenset[str] | _Longer[T]]
_NOTHING: _Begun[Any] = ((), False, frozenset())  # what a word that begins no phrase begins


class PhraseLexicon(Generic[T]):
    """Phrases → payloads, indexed by their first word (with and without the article), then by their
    second word: a token starts a match only when one of its stems is a first word, and then only the
    phrases whose second word is the next token's are tried (a bucket such as "محافظة" holds ~90)."""

    def __init__(self, entries: Iterable[tuple[str, T]] = (), *, article_optional: bool = True) -> None:
        """``article_optional``: also index a first word without its article, so the bare word matches
        (right for vocabularies; wrong for names, where the bare word may be a common word)."""
        self._article_optional = article_optional
        self._bucket_store: dict[str, list[_Entry[T]]] | None = defaultdict(list)  # None: make from heads
        self._heads: dict[str, _Head[T]] = {}
        self._forms: _Forms | None = None  # made on first use, dropped by ``add``
        # words known to begin a phrase, and known not to (lexicons too big for forms)
        self._known_yes: set[str] = set()
        self._known_no: set[str] = set()
        self._at: dict[str, _Begun[T]] = {}  # written word → what it may begin (``_begun_by``), as met
        self.extend(entries)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (by the data cache) with its written forms made, so a loaded lexicon does not make
        them again at its first text; without the words remembered from texts read so far; and without
        the buckets, which matching never reads and ``_buckets`` makes again from the heads if a phrase
        is added (they were a third of loading the place lexicon)."""
        self._written_forms()
        state = dict(self.__dict__)
        state["_known_yes"], state["_known_no"] = set(), set()
        state["_at"] = {}
        state["_bucket_store"] = None
        return state

    def _buckets(self) -> dict[str, list[_Entry[T]]]:
        """Each first word's phrases, longest first (as ``extend`` keeps them), made again from the
        heads after unpickling: ``_head`` of the made bucket is the head it came from (the phrases of
        one second word keep their order, the one-word phrases theirs), so adding to it adds as before."""
        if self._bucket_store is None:
            buckets: dict[str, list[_Entry[T]]] = defaultdict(list)
            for first, (singles, longer) in self._heads.items():
                bucket = [
                    ((second, *tail), key, value)
                    for second, entries in longer.items()
                    for _, tail, key, value in entries
                ]
                bucket.extend(((), key, value) for key, value in singles)
                bucket.sort(key=lambda item: -len(item[0]))
                buckets[first] = bucket
            self._bucket_store = buckets
        return self._bucket_store

    def add(self, phrase: str, value: T) -> None:
        """Index one phrase; the first payload given for a phrase wins."""
        self.extend([(phrase, value)])

    def extend(self, entries: Iterable[tuple[str, T]]) -> None:
        """Index many phrases, in order (as ``add`` one by one): each first word's bucket is ordered and
        split by second word once at the end, not after every phrase (a sixth of building the place
        lexicon's 16,000 names at start-up)."""
        touched: set[str] = set()
        by_first = self._buckets()
        for phrase, value in entries:
            words = _words(phrase)
            if not words:
                continue
            key = " ".join(words)
            firsts = {words[0], strip_article(words[0])} if self._article_optional else {words[0]}
            for first in firsts:
                bucket = by_first[first]
                if any(existing == key for _, existing, _ in bucket):
                    continue
                bucket.append((words[1:], key, value))
                touched.add(first)
        for first in touched:
            bucket = by_first[first]
            bucket.sort(key=lambda item: -len(item[0]))  # stable: the order they came in, longest first
            self._heads[first] = _head(bucket)
        if touched:
            self._forms = None
            self._known_yes.clear()
            self._known_no.clear()
            self._at.clear()

    def __contains__(self, phrase: str) -> bool:
        words = _words(phrase)
        return bool(words) and any(rest == words[1:] for rest, _, _ in self._buckets().get(words[0], []))

    def match_at(self, tokens: Sequence[Token], i: int, stop: int | None = None) -> Match[T] | None:
        """The longest phrase starting at token ``i``, if any; of equally long ones, the first met
        going through the token's stems in order (least stripped first), each bucket longest first.
        ``stop``: the tokens from this index on are not read (as if the list ended there)."""
        token = tokens[i]
        begun = self._at.get(token.text)
        if begun is None:
            begun = self._begun_by(token)
        count = len(tokens) if stop is None else stop
        if not begun[1]:  # only phrases of several words: their second word must follow, joined
            if i + 1 >= count:
                return None
            following = tokens[i + 1]
            if not following.joined or following.text not in begun[2]:
                return None
        return self._match(tokens, i, count, begun[0])

    def _match(self, tokens: Sequence[Token], i: int, count: int, begun: _Firsts[T]) -> Match[T] | None:
        """``match_at(tokens, i, count)``, given what the token's word may begin (``_begun_by``)."""
        if not begun:
            return None
        following = tokens[i + 1] if i + 1 < count else None
        second = following.text if following is not None and following.joined else None
        best_end = i  # exclusive end of the best phrase so far (none yet)
        best: tuple[int, int, str, T] | None = None  # (end, cut, phrase, payload)
        for cut, singles, longer in begun:
            if second is not None:
                for length, tail, key, value in longer.get(second, ()):
                    end = i + length
                    if end <= best_end or end > count or not _continues(tokens, i + 1, tail):
                        continue
                    best_end, best = end, (end, cut, key, value)
            if singles and best is None:
                best_end, best = i + 1, (i + 1, cut, *singles[0])
        if best is None:
            return None
        end, cut, key, value = best
        token = tokens[i]
        return Match(token.start + cut, tokens[end - 1].end, i, end, key, value, token.text[:cut])

    def _begun_by(self, token: Token) -> _Begun[T]:
        """What a token's word may begin (its stems that are first words, each with its phrases; whether
        one begins a one-word phrase; the second words of the longer ones), remembered per written word:
        a token's stems depend on its word alone, and most of a text's stems begin nothing, so matching
        makes one look-up, not one per stem, and a start whose next word cannot follow is passed over
        without matching (the place lexicon, too big to list its written forms, is asked about the same
        few thousand words over and over)."""
        heads = self._heads
        begun = tuple((cut, *heads[stem]) for stem, cut in token.stems if stem in heads)
        seconds: frozenset[str] | _Longer[T]
        entry: _Begun[T]
        if not begun:
            entry = _NOTHING  # most words: one shared entry
        else:
            if len(begun) == 1:
                seconds = begun[0][2]
            else:
                seconds = frozenset(second for _, _, longer in begun for second in longer)
            entry = (begun, any(singles for _, singles, _ in begun), seconds)
        at = self._at
        if len(at) >= _KNOWN_LIMIT:
            at.clear()
        at[token.text] = entry
        return entry

    def ending_forms(self, keep: Callable[[T], bool]) -> frozenset[str]:
        """The written words that may be the last token of a match whose payload ``keep`` accepts:
        every word a one-word phrase's first word is a stem of, and the last word of each longer
        phrase as written (words after the first match only as written). A rule that asks whether a
        phrase ends at a token tells most tokens apart by one look-up, without matching."""
        out: set[str] = set()
        for first, (singles, longer) in self._heads.items():
            if any(keep(value) for _, value in singles):
                out.update(words_with_stem(first))
            for second, entries in longer.items():
                out.update(tail[-1] if tail else second for _, tail, _, value in entries if keep(value))
        return frozenset(out)

    def _written_forms(self) -> _Forms | None:
        """The written words that may begin a phrase (None for a lexicon too big to list them)."""
        if self._forms is None and len(self._heads) <= _FORMS_MAX_HEADS:
            self._forms = _Forms(self._heads)
        return self._forms

    def _starters(self, distinct: set[str]) -> set[str]:
        """Those of a text's distinct words that may begin a phrase (a stem is a first word)."""
        forms = self._written_forms()
        if forms is not None:
            return distinct & forms.any
        first_words = self._heads.keys()
        cache = _STEMS
        yes, no = self._known_yes, self._known_no
        if len(yes) + len(no) >= _KNOWN_LIMIT:
            yes.clear()
            no.clear()
        starters = distinct & yes
        for word in distinct - yes - no:  # set operations in C; only words never seen are tried
            stems = cache.get(word) or stems_of(word)
            if not first_words.isdisjoint(map(_STEM, stems)):
                yes.add(word)
                starters.add(word)
            else:
                no.add(word)
        return starters

    def may_match(self, words: Sequence[tuple[str, str]]) -> bool:
        """False when ``find`` surely finds nothing in the tokens of these (gap, word) pairs
        (``tokens.split_words``, default joiners): no word may begin a phrase of one word, nor one of
        more with the next word, joined, as its second. Set operations in C for the most part, and no
        token is made, so a text without a match is told apart before it is tokenized."""
        forms = self._written_forms()
        if forms is None:  # a weaker test, still never False before a match
            return bool(self._starters(set(map(_WORD_OF_PAIR, words))))
        # the words are tested as they come (no set of them is made: that cost more than the tests),
        # the first test stopping at the first word that is a one-word phrase
        if not forms.single.isdisjoint(map(_WORD_OF_PAIR, words)):
            return True
        starters = forms.second_words.intersection(map(_WORD_OF_PAIR, words))
        if not starters:
            return False
        for k in range(len(words) - 1):
            word = words[k][1]
            if word in starters:
                gap, following = words[k + 1]
                if following in forms.second[word] and joins(gap):
                    return True
        return False

    def starters(self, tokens: Sequence[Token]) -> set[str]:
        """The distinct words of ``tokens`` that may begin a phrase (``starts`` gives their indices): a
        caller reading several lexicons over one token list can find all their starts in one pass."""
        return self._starters(_words_of(tokens)[1])

    def starts(self, tokens: Sequence[Token]) -> list[int]:
        """Indices of the tokens that may begin a phrase (a stem is some phrase's first word): most
        tokens begin none, and the distinct words that may are found with set operations once per
        text, so the pass over the tokens is a plain look-up (every lexicon makes it, over every
        token)."""
        texts, distinct = _words_of(tokens)
        starters = self._starters(distinct)
        if not starters:
            return []
        # the indices whose word is a starter, the test and the selection made in C
        return list(compress(range(len(texts)), map(starters.__contains__, texts)))

    def find(self, tokens: Sequence[Token]) -> list[Match[T]]:
        """All non-overlapping longest matches, left to right."""
        return self.find_in(tokens, 0, len(tokens), self.starts(tokens))

    def find_in(self, tokens: Sequence[Token], low: int, high: int, starts: Sequence[int]) -> list[Match[T]]:
        """``find(tokens[low:high])`` with token indices into ``tokens``, given ``starts(tokens)``: a
        caller that reads a field a few stretches at a time finds the starting tokens once for all of
        them, and no slice (whose words would be listed again) nor moved match is made."""
        found: list[Match[T]] = []
        resume = low
        at = self._at
        for k in range(bisect_left(starts, low), len(starts)):
            i = starts[k]
            if i >= high:
                break
            if i < resume:
                continue  # inside the previous match
            token = tokens[i]
            begun = at.get(token.text)
            if begun is None:
                begun = self._begun_by(token)
            if not begun[1]:
                # a word that begins only phrases of several words needs their second word next: half
                # the starts fail here, without matching
                if i + 1 >= high:
                    continue
                following = tokens[i + 1]
                if not following.joined or following.text not in begun[2]:
                    continue
            match = self._match(tokens, i, high, begun[0])
            if match is not None:
                found.append(match)
                resume = match.last_token
        return found


_FORMS_MAX_HEADS = 5_000  # first words up to which a lexicon lists its written forms (~24 a word)
_KNOWN_LIMIT = 100_000  # words a lexicon remembers the answers for (``_begun_by``, a bigger one's starters),
# emptied past this


class _Forms:
    """The written words (proclitics and all) that may begin a phrase of a lexicon: ``any`` for any
    phrase, ``single`` for a one-word phrase, ``second`` → the second words of the longer phrases."""

    def __init__(self, heads: dict[str, _Head[Any]]) -> None:
        single: set[str] = set()
        second: dict[str, set[str]] = defaultdict(set)
        for first, (singles, longer) in heads.items():
            for word in words_with_stem(first):
                if singles:
                    single.add(word)
                if longer:
                    second[word].update(longer)
        self.single = frozenset(single)
        self.second = {word: frozenset(seconds) for word, seconds in second.items()}
        # as a set of its own: ``words & dict.keys()`` tests the words against the keys one by one,
        # at twice the cost of a set intersection (this runs on every field of every article)
        self.second_words = frozenset(self.second)
        self.any = self.single | self.second_words


# token list → (its texts, their set), for the last few lists: every lexicon reads the same tokens
_TEXTS: dict[int, tuple[Sequence[Token], list[str], set[str]]] = {}
_TEXTS_LIMIT = 8
_TEXT = attrgetter("text")
_STEM = itemgetter(0)  # of a (stem, cut) pair
_WORD_OF_PAIR = itemgetter(1)  # of a (gap, word) pair


def _words_of(tokens: Sequence[Token]) -> tuple[list[str], set[str]]:
    """The texts of the tokens and the set of them, made once per token list (the entry holds the list,
    so its id cannot be another list's while it is kept)."""
    entry = _TEXTS.get(id(tokens))
    if entry is None or entry[0] is not tokens:
        texts = list(map(_TEXT, tokens))
        entry = (tokens, texts, set(texts))
        if len(_TEXTS) >= _TEXTS_LIMIT:
            _TEXTS.clear()
        _TEXTS[id(tokens)] = entry
    return entry[1], entry[2]


def words_of(tokens: Sequence[Token]) -> list[str]:
    """The tokens' texts, in order, shared with the lexicons that read the same tokens (read-only)."""
    return _words_of(tokens)[0]


def distinct_words(tokens: Sequence[Token]) -> set[str]:
    """The set of the tokens' texts, shared with the lexicons that read the same tokens (read-only)."""
    return _words_of(tokens)[1]


def _head(bucket: list[_Entry[T]]) -> _Head[T]:
    """A first word's bucket (longest first) split by second word, keeping the bucket's order."""
    singles = tuple((key, value) for rest, key, value in bucket if not rest)
    longer: dict[str, list[tuple[int, tuple[str, ...], str, T]]] = defaultdict(list)
    for rest, key, value in bucket:
        if rest:
            longer[rest[0]].append((1 + len(rest), rest[1:], key, value))
    return singles, {second: tuple(entries) for second, entries in longer.items()}


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase's words, split the way ``tokenize`` splits text."""
    return tuple(WORD.findall(normalize_term(phrase)))


def _continues(tokens: Sequence[Token], i: int, rest: tuple[str, ...]) -> bool:
    """Whether the tokens after ``i`` are ``rest``, each joined to the one before."""
    for offset, word in enumerate(rest, start=1):
        token = tokens[i + offset]
        if not token.joined or token.text != word:
            return False
    return True
