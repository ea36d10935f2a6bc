"""Numbers, counted nouns and casualty figures in normalized Arabic text (CODEBOOK §7).

Everything works on the output of ``rasd.text.normalize.normalize`` and reports offsets into it.
Two layers:

- ``find_quantities``: every number expression ("27", "1,500", "خمسة وعشرين", "3 آلاف", "عشرات", "بين 500
  و600", "نحو 20", a dual such as "طفلين") with its counted noun and a conservative value;
- ``find_casualties``: quantities tied to a death / injury / arrest / abduction cue, in either order,
  coordinated items summed ("15 طفلا وامرأتان" → 17), subsets after "بينهم" never added, stated zeros kept.

The lexicon (number words, qualifiers, cues, count nouns) lives in ``rasd/data/count_nouns.toml``; all
regexes are compiled once at import, so a text is scanned by a handful of compiled patterns.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rasd import data_cache
from rasd.data_cache import compiled
from rasd.geo.countries import nationality_duals
from rasd.text.clitics import clitics, left_edge, subset
from rasd.text.normalize import normalize_term
from rasd.text.tokens import WORD

_DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "count_nouns.toml"

PERSON_CATEGORIES = frozenset(
    {"civilian", "child", "woman", "fighter", "person", "soldier", "police", "protester", "killed", "injured"}
)


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class Quantity:
    """A number expression, its qualifier and counted noun; offsets into the normalized text."""

    start: int
    end: int
    value: int
    high: int | None
    qualifier: str
    noun: str
    category: str


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class Casualty:
    """A casualty phrase (cue + figure) with its conservative total; offsets into the normalized text."""

    start: int
    end: int
    outcome: str
    count: int
    victims: str
    exact: bool
    named: bool = False  # one person named by a title, no figure ("مقتل الملا فلان"): anchors no noun trigger


# ---------------------------------------------------------------------------------------------- lexicon


def _load() -> dict:
    """Read the lexicon once; its spellings are natural and get normalized by the builders below."""
    return data_cache.read_toml(_DATA_FILE)


_LEX = _load()


def _norms(terms: list[str]) -> list[str]:
    """Normalized, de-duplicated terms, longest first, so an alternation prefers the longer reading."""
    return sorted({normalize_term(t) for t in terms}, key=lambda t: (-len(t), t))


@data_cache.memoized  # its result read back, not rebuilt, at a warm start
def _alt(terms: list[str]) -> str:
    """A regex for any of these phrases; any run of white space may stand between their words.

    Factored by common prefix (a trie): a plain alternation of hundreds of nouns or number words is
    tried alternative by alternative at every place, a trie only along the letters read. It matches
    what the alternation of the phrases longest first matches, and backtracks through them in the same
    order: phrases that match at one place are prefixes of one another, and the trie tries the longer
    first, as the alternation does."""
    root: dict[str, dict] = {}
    for phrase in _norms(terms):
        node = root
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node[""] = {}
    return _walk(root) if root else ""


def _units(phrase: str) -> list[str]:
    """A phrase as regex pieces: each letter escaped, ``\\s+`` between words."""
    out: list[str] = []
    for n, word in enumerate(phrase.split()):
        if n:
            out.append(r"\s+")
        out.extend(re.escape(char) for char in word)
    return out


def _walk(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches grouped, optional when a phrase ends there."""
    branches = [unit + _walk(child) for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


def _first_letter(terms: list[str]) -> str:
    """A lookahead for the first letter of any of these phrases. Put before a scanned pattern that must
    begin with one of them, it fails at once where none stands (most characters), before the word-edge
    lookbehinds are tried; it reads nothing, so the matches are the same (half the scan's time)."""
    norms = _norms(terms)
    if not norms or "" in norms:
        return ""  # an empty phrase may match anywhere: no letter to require
    letters = {t[0] for t in norms}
    return "(?=[" + "".join(re.escape(c) for c in sorted(letters)) + "])"


def _key(phrase: str) -> str:
    """Fold a matched phrase so it can be looked up among normalized lexicon entries."""
    return " ".join(phrase.split())


# Left edge of a word, allowing the proclitics و ف ب ل (and وب ول) glued to it (data/clitics.toml).
_B = left_edge("quantity")
# Left edge of a number: only the conjunction و may be glued to it ("وسبعة أطفال").
_QB = left_edge("number")
_ART = re.escape(clitics().article)
_AND = re.escape(clitics().coordinator)
_W = {name: _alt(words) for name, words in _LEX["pattern_words"].items()}
_END = r"(?!\w)"
# "مقتل25 شخصا": a figure typed against the word before it still starts a number there, and that word
# still ends there (letters of the Arabic block; a Latin "F16" stays one token)
_GLUED_DIGITS = r"(?<=[\u0621-\u064a])(?=\d)"
_END_OR_DIGIT = r"(?!(?!\d)\w)"
_WORD_GAP = r"[^\s\d.،,؛:!?\"()\[\]]+"


def _number_tables() -> tuple[dict[str, tuple[str, int]], list[str], list[str]]:
    """Token → (kind, value); tokens that take the article; tokens that do not."""
    nums = _LEX["numbers"]
    table: dict[str, tuple[str, int]] = {}
    for kind in ("units", "tens", "values", "scales", "vague"):
        for form, value in nums[kind].items():
            table[normalize_term(form)] = (kind, int(value))
    units = {normalize_term(k): int(v) for k, v in nums["units"].items()}
    for stem in nums["hundred_stems"]:
        stem_n = normalize_term(stem)
        for hundred in (normalize_term(word) for word in nums["hundreds"]):
            table[stem_n + hundred] = ("values", units[stem_n] * 100)
    no_article = set(_norms(nums["no_article"]))
    article = [t for t, (k, _) in table.items() if k in ("units", "tens") and t not in no_article]
    plain = [t for t in table if t not in article]
    return table, article, plain


_NUM_TABLE, _ARTICLE_TOKENS, _PLAIN_TOKENS = _number_tables()
_ONE_OF = set(_norms(_LEX["numbers"]["one_of"]))
_FRACTIONS = {normalize_term(k): int(v) / 1000 for k, v in _LEX["numbers"]["fractions"].items()}

_DIGITS = r"(?<![\d.,/:])(?:\d{1,3}(?:[.,]\d{3})+|\d+(?:\.\d+)?)(?![\d/:%٪]|[.,]\d)"
_WORD_TOKEN = rf"(?:(?:{_ART})?(?:{_alt(_ARTICLE_TOKENS)})|(?:{_alt(_PLAIN_TOKENS)})){_END}"
_SCALE_TOKEN = rf"(?:{_alt(list(_LEX['numbers']['scales']) + list(_LEX['numbers']['vague']))}){_END}"
_FRACTION = rf"(?:{_alt(list(_FRACTIONS))}){_END}"
# "نصف مليون"; "1.5 مليون"; "مليون ونصف"; "خمسة وعشرين"
_AND_FRACTION = rf"(?:\s+{_AND}\s*{_FRACTION})?"
_NUM = (
    rf"(?:{_FRACTION}\s+{_SCALE_TOKEN}|{_DIGITS}(?:\s*{_SCALE_TOKEN})?{_AND_FRACTION}"
    rf"|{_WORD_TOKEN}(?:\s+{_AND}?\s*{_WORD_TOKEN})*{_AND_FRACTION})"
)
_TOKEN_RE = compiled(rf"\d[\d.,]*|(?:{_AND}?){_FRACTION}|(?:{_AND}?){_WORD_TOKEN}|{_SCALE_TOKEN}")


@dataclass(frozen=True)
class _Noun:
    """A counted-noun form: its lemma (normalized singular), grammatical number and category."""

    lemma: str
    number: str
    category: str


_ACCUSATIVE = normalize_term(_LEX["accusative"]["suffix"])
_NOT_ACCUSATIVE = tuple(normalize_term(end) for end in _LEX["accusative"]["not_after"])


def _noun_forms() -> dict[str, _Noun]:
    """Every noun form → its reading; a dual spelled like a plural is read as the plural."""
    forms: dict[str, _Noun] = {}
    duals: dict[str, _Noun] = {}
    for singular, entry in _LEX["nouns"].items():
        lemma = normalize_term(singular)
        category = entry["category"]
        forms[lemma] = _Noun(lemma, "sg", category)
        if not lemma.endswith(_NOT_ACCUSATIVE):
            forms.setdefault(lemma + _ACCUSATIVE, _Noun(lemma, "sg", category))
        for plural in entry.get("plural", []):
            forms[normalize_term(plural)] = _Noun(lemma, "pl", category)
        for dual in entry.get("dual", []):
            duals[normalize_term(dual)] = _Noun(lemma, "du", category)
    for dual in nationality_duals():  # "قتل فلسطينيان": two people of that country
        duals.setdefault(normalize_term(dual), _Noun(normalize_term(dual), "du", _NATIONALITY_CATEGORY))
    for form, noun in duals.items():
        forms.setdefault(form, noun)
    return forms


_NATIONALITY_CATEGORY = "person"


_NOUNS = _noun_forms()
_NOUN_ALT = _alt(list(_NOUNS))


def names_people(word: str) -> bool:
    """Whether a normalized word (no clitics) is a counted noun of people ("مدنيين", "عنصرا"): the
    object an arrest verb needs, where "أوقف" may also stop a war or suspend a statement."""
    noun = _NOUNS.get(word)
    return noun is not None and noun.category in PERSON_CATEGORIES
_DUAL_ALT = _alt([f for f, n in _NOUNS.items() if n.number == "du"])
_SG_ALT = _alt([f for f, n in _NOUNS.items() if n.number == "sg"])

_QUALIFIERS = {
    normalize_term(term): name
    for name in ("approx", "more_than", "at_least", "less_than")
    for term in _LEX["qualifiers"][name]
}
_QUAL_ALT = _alt(list(_QUALIFIERS))

_QUANTITY_RE = compiled(  # the program from the data cache: parsing it was a third of start-up
    rf"""(?:{_QB}|{_GLUED_DIGITS})(?:(?P<qual>{_QUAL_ALT})\s+)?
    (?:
        (?:(?:{_W["between_lead"]})\s+)?(?:{_W["between"]})\s+(?P<b1>{_NUM})\s+{_AND}\s*(?P<b2>{_NUM})
      | (?:{_W["from"]})\s+(?P<m1>{_NUM})\s+(?:{_W["to"]})\s+(?P<m2>{_NUM})
      | (?P<d1>{_NUM})(?:\s*[-–]\s*|\s+(?:{_W["to_or"]})\s+)(?P<d2>{_NUM})
      | (?P<some>{_alt(_LEX["qualifiers"]["vague_some"])}){_END}
      | (?P<nfirst>{_NOUN_ALT})\s+(?P<nnum>{_alt(_LEX["numbers"]["after_noun"])}){_END}
      | (?P<num>{_NUM})
      | (?P<dual>(?:{_ART})?(?:{_DUAL_ALT})){_END}
    )
    (?:\s+(?:(?:{_W["from"]})\s+)?(?:{_ART})?
       (?:(?P<noun>{_NOUN_ALT})(?:{_W["possessive_suffixes"]})?|(?P<nisba>\w{{2,}}(?:{_W["nisba_plural_suffixes"]}))
         |(?!(?:{_W["not_nisba"]}){_END})(?P<nisba_acc>\w{{2,}}(?:{_W["nisba_accusative_suffixes"]})))
    {_END})?
    (?P<others>\s+(?:{_alt(_LEX["numbers"]["others"])}){_END})?
    (?P<kw>\s+{_AND}\s*(?:{_W["wounded_after"]}){_END}
      |\s+(?:{_W["between"]})\s+(?:{_W["killed_word"]})\s+{_AND}\s*(?:{_W["wounded_word"]}){_END})?
    (?P<al>\s+(?:{_alt(_LEX["qualifiers"]["at_least_after"])}){_END})?
    """,
    re.VERBOSE,
)
def _first_word_keys() -> frozenset[str] | None:
    """The leading word characters of every phrase a quantity may open with (qualifiers, "between",
    "from", number words with or without the article, fractions, vague words, counted nouns, duals),
    from the same lists ``_QUANTITY_RE`` is built of: a word not among them cannot start a match, so
    the regex is tried only at the few words that can (most words of a window are not). None when a
    phrase opens with no word character, where no such filter is sound."""
    words = _LEX["pattern_words"]
    phrases = [*_QUALIFIERS, *words["between_lead"], *words["between"], *words["from"]]
    phrases += [*_FRACTIONS, *_PLAIN_TOKENS, *_LEX["qualifiers"]["vague_some"], *_NOUNS]
    duals = [f for f, n in _NOUNS.items() if n.number == "du"]
    article = clitics().article
    phrases += [*_ARTICLE_TOKENS, *duals]
    keys = set()
    for phrase in _norms(phrases):
        lead = _LEAD_RE.match(phrase.split()[0])
        if lead is None:
            return None
        keys.add(lead.group())
    keys |= {article + key for key in list(keys)}  # the article may open a number word or a dual
    return frozenset(keys)


_LEAD_RE = compiled(r"\w+")
_FIRST_WORDS = _first_word_keys()


@data_cache.memoized
def _trie(words: frozenset[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefix: the regex engine tries the
    alternatives of a plain alternation one by one, a trie's only along the letters read."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return walk(root)


# where a quantity may start: a figure or a word that may open one at a word's start or after a glued
# و ("وسبعة"), or a figure typed against the word before it ("مقتل25"); zero-width, so every such
# position is found (a word and the same word after its و)
_CANDIDATE_RE = compiled(  # the same
    rf"(?:{_QB})(?=\d|(?:{_trie(_FIRST_WORDS or frozenset())})(?!\w))|{_GLUED_DIGITS}"
)


def _candidate_starts(text: str) -> list[int]:
    """Positions where a quantity may start, in order (``_CANDIDATE_RE``)."""
    return [candidate.start() for candidate in _CANDIDATE_RE.finditer(text)]


def _quantity_matches(
    text: str, words: Iterable[tuple[int, str]] | None = None, offset: int = 0
) -> list[re.Match[str]]:
    """``_QUANTITY_RE.finditer(text)``, the same matches, with the regex tried only where a quantity
    may start (``_candidate_starts``): it was a tenth of extraction time tried at every word. With the
    text's ``words`` at hand, those places are found from them (``_starts_among``)."""
    if _FIRST_WORDS is None:
        return list(_QUANTITY_RE.finditer(text))
    if words is None or not _WORDS_SUFFICE or _OTHER_DIGIT_RE.search(text):
        starts = _candidate_starts(text)
    else:
        starts = [start for start in _starts_among(words, offset) if _CANDIDATE_RE.match(text, start)]
    return _matches_at(_QUANTITY_RE, text, starts)


# The zero-width scan of ``_CANDIDATE_RE`` tries its trie at every character (a fifth of the figures'
# time). Every place it matches is the start of a word token (``tokens.WORD``: a run of ASCII digits, or
# of letters) or lies just after a chain of ``_QB`` glued to one: a figure (after a letter or not) is a
# digit token; a first word ends where no word character follows, so with its glued chain it is the
# whole token. So the tokens of a text name a superset of those places, and ``_CANDIDATE_RE.match``
# keeps the right ones. Not when a first word or a chain is no single token (checked here), nor for a
# text holding a digit other than ASCII (``\d`` matches it, the tokens do not).
_NUMBER_CHAINS = tuple(subset("number"))
_WORDS_SUFFICE = _FIRST_WORDS is not None and all(
    WORD.fullmatch(word) for word in (*_FIRST_WORDS, *_NUMBER_CHAINS)
)
_OTHER_DIGIT_RE = compiled(r"[^\D0-9]")


def _starts_among(words: Iterable[tuple[int, str]], offset: int = 0) -> list[int]:
    """Places where a quantity may start, from the (offset, word) pairs of a text's tokens, in order:
    a word's start when it is a figure or a first word, and after each ``_QB`` chain that a first word
    follows ("وسبعة"). ``offset``: where the text starts in the one the pairs' offsets count in."""
    out: list[int] = []
    first = _FIRST_WORDS or frozenset()
    glued = _GLUED_FIRST_WORDS.get
    for position, word in words:
        if word < ":" or word in first:  # ":" sorts right after the digits, before every letter
            out.append(position - offset)
        cuts = glued(word)
        if cuts is not None:
            out.extend(position - offset + cut for cut in cuts)
    return out


def _glued_first_words() -> dict[str, tuple[int, ...]]:
    """Every chain of ``_NUMBER_CHAINS`` glued to a first word → the lengths of the chains that word
    starts with before a first word, in the chains' order: one look-up per word where ``_starts_among``
    tried every chain on every word."""
    out: dict[str, tuple[int, ...]] = {}
    for chain in _NUMBER_CHAINS:
        for word in _FIRST_WORDS or ():
            out[chain + word] = (*out.get(chain + word, ()), len(chain))
    return out


_GLUED_FIRST_WORDS = _glued_first_words()


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, given ``starts`` (in order) that hold every position a
    match may start at: tried there only, left to right, each match resuming the scan at its end."""
    found = []
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None and match.end() > start:
            found.append(match)
            end = match.end()
    return found


# "40 فلسطينيا": Arabic counts 11 to 99 (and their hundreds) with the accusative singular; a year or a
# thousand does not ("2011 سوريا" is a date and a country)
_TAMYEEZ_LOW, _TAMYEEZ_HIGH = 11, 1000
_ONE_OF_NEXT_RE = compiled(rf"\s+(?:{_ART}\w|(?:{_W['from']})(?!\w))")
_PERCENT_RE = compiled(rf"\s*(?:{_W['percent_signs']}|(?:{_W['percent_words']}){_END})")


# ---------------------------------------------------------------------------------------------- numbers


def _digit_value(token: str) -> float:
    """ "1,500" and "1.500" are thousands; "1.5" (before مليون) is a decimal."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        return float(re.sub(r"[.,]", "", token))
    return float(token.replace(",", ""))


def _lookup(token: str) -> tuple[str, int] | None:
    """The (kind, value) of a word token, after dropping a glued و and the article."""
    conjunction, article = clitics().coordinator, clitics().article
    for candidate in (token, token[len(conjunction) :] if token.startswith(conjunction) else token):
        if candidate in _NUM_TABLE:
            return _NUM_TABLE[candidate]
        if candidate.startswith(article) and candidate[len(article) :] in _NUM_TABLE:
            return _NUM_TABLE[candidate[len(article) :]]
    return None


def number_value(text: str) -> tuple[int, bool]:
    """Value of a number expression and whether it is vague ("عشرات الآلاف" → 10000, vague).

    A fraction before a scale multiplies it ("نصف مليون" → 500,000); after a scale it adds that share of
    it ("مليون ونصف", "ثلاثة ملايين ونصف" → 1,500,000, 3,500,000); after a plain number it is dropped,
    the conservative reading ("ثلاثة ونصف" → 3)."""
    total = current = 0.0
    vague = False
    fraction = 0.0  # a fraction waiting for its scale
    last_scale = 0.0
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        if token[0].isdigit():
            current += _digit_value(token.rstrip(".,"))
            continue
        conjunction = clitics().coordinator
        glued = token.startswith(conjunction) and token not in _FRACTIONS
        share = _FRACTIONS.get(token[len(conjunction) :] if glued else token)
        if share is not None:
            if current == 0 and total == 0:
                fraction = share
            elif current == 0 and last_scale:
                total += share * last_scale
            continue
        found = _lookup(token)
        if found is None:
            continue
        kind, value = found
        if kind == "vague" and current == 0 and total == 0 and not fraction:
            current, vague = float(value), True
        elif kind in ("scales", "vague") and value == 100:
            current = (current or fraction or 1) * 100
        elif kind in ("scales", "vague"):
            total += (current or fraction or 1) * value
            current, fraction, last_scale = 0, 0.0, float(value)
        else:
            current += value
    value = total + current
    if not math.isfinite(value):  # a run of thousands of number words overflows: no count at all
        return 0, True
    return int(value), vague


def _build_quantity(match: re.Match[str], text: str) -> Quantity | None:
    """Turn one regex match into a Quantity, or None when it is not a count ("يوم الأحد")."""
    qualifier = _QUALIFIERS.get(_key(match.group("qual") or ""), "")
    high: int | None = None
    noun_form = match.group("noun")
    if match.group("some"):
        value, qualifier = 0, "vague"
    elif match.group("nfirst"):
        value, _ = number_value(match.group("nnum"))
        noun_form = match.group("nfirst")
    elif match.group("dual"):
        value, noun_form = 2, re.sub(rf"^{_ART}", "", match.group("dual"))
        if noun_form not in _NOUNS:
            noun_form = match.group("dual")
    else:
        pair = next((p for p in (("b1", "b2"), ("m1", "m2"), ("d1", "d2")) if match.group(p[0])), None)
        if pair:
            value, vague = number_value(match.group(pair[0]))
            high, _ = number_value(match.group(pair[1]))
            qualifier = "range"
        else:
            number = match.group("num")
            if _key(number) in _ONE_OF and not noun_form and not _ONE_OF_NEXT_RE.match(text, match.end()):
                return None
            if _PERCENT_RE.match(text, match.end("num")):
                return None
            value, vague = number_value(number)
            if vague:
                qualifier = "vague"
    if match.group("al") and not qualifier:
        qualifier = "at_least"
    noun = _NOUNS.get(noun_form) if noun_form else None
    if match.group("nisba_acc"):
        if value % 100 >= _TAMYEEZ_LOW and value < _TAMYEEZ_HIGH and not match.group("nfirst"):
            nisba = match.group("nisba_acc")
            return Quantity(match.start(), match.end(), value, high, qualifier, nisba, "person")
        end = len(text[: match.start("nisba_acc")].rstrip())  # "اثنين بشظايا": that word is not counted
        if noun:
            return Quantity(match.start(), end, value, high, qualifier, noun.lemma, noun.category)
        return Quantity(match.start(), end, value, high, qualifier, "", "")
    if noun:
        return Quantity(match.start(), match.end(), value, high, qualifier, noun.lemma, noun.category)
    if match.group("nisba"):  # "ثلاثة فلسطينيين": a plural of relation names people
        return Quantity(match.start(), match.end(), value, high, qualifier, match.group("nisba"), "person")
    category = "person" if match.group("others") else ""
    return Quantity(match.start(), match.end(), value, high, qualifier, "", category)


def find_quantities(
    norm_text: str, words: Iterable[tuple[int, str]] | None = None, offset: int = 0
) -> list[Quantity]:
    """Every number expression in normalized text, left to right, with a conservative value.

    ``words``: the (offset, word) pairs of the text's tokens, in order, when the caller has them (the
    same quantities are found, faster); their offsets may count in a longer text that ``norm_text``
    starts at ``offset`` of (a window of a field: its tokens' own offsets, not a list made anew)."""
    found = []
    for match in _quantity_matches(norm_text, words, offset):
        quantity = _build_quantity(match, norm_text)
        if quantity is not None:
            found.append(quantity)
    return found


# ---------------------------------------------------------------------------------------------- casualties

_OUT = _LEX["outcomes"]
_PRE_OUTCOMES = ("killed_or_injured", "killed", "injured", "arrested", "abducted", "weak")
_TRIGGER_RE = compiled(
    _B + "(?:" + "|".join(f"(?P<{name}>{_alt(_OUT[name])})" for name in _PRE_OUTCOMES) + ")" + _END_OR_DIGIT
)
# where a cue may start: its first word, whole or the front of a word ("مقتل25"), at a word's edge;
# zero-width, so a word and the same word after its proclitic are both found
_TRIGGER_STARTS_RE = compiled(  # the trie before the edge: both are zero-width, and it fails sooner
    rf"(?={_trie(frozenset(t.split()[0] for n in _PRE_OUTCOMES for t in _norms(_OUT[n])))}){_B}"
)
# the same two parts apart (``_trigger_starts``): the trie alone starts with letters, so a search for it
# skips the characters no first word starts with in C, where the lookahead was tried at every one
_TRIGGER_FIRST_RE = compiled(_trie(frozenset(t.split()[0] for n in _PRE_OUTCOMES for t in _norms(_OUT[n]))))
_EDGE_RE = compiled(_B)


def _trigger_starts(text: str) -> list[int]:
    """Where ``_TRIGGER_STARTS_RE`` matches, in order: every place a first word starts (each found by a
    search resumed one character on, so overlapping ones are all found) that lies at a word's edge."""
    out = []
    position = 0
    search, edge = _TRIGGER_FIRST_RE.search, _EDGE_RE.match
    while (found := search(text, position)) is not None:
        start = found.start()
        if edge(text, start) is not None:
            out.append(start)
        position = start + 1
    return out
_POST_OUTCOMES = ("killed", "injured", "arrested", "abducted")
_POST_RE = compiled(
    rf"(?:\s+{_WORD_GAP}){{0,2}}?\s+(?:"
    + "|".join(f"(?P<{name}>{_alt(_OUT[name + '_after'])})" for name in _POST_OUTCOMES)
    + ")"
    + _END
)
_TAIL_RE = compiled(rf"\s+(?:{_alt(_OUT['tail'])}){_END}")
_GLUE_GAP_RE = compiled(rf"\s*(?:(?:{_alt(_OUT['glue'])})\s*)?")
_WORDS_GAP_RE = compiled(rf"(?:\s+{_WORD_GAP}){{1,3}}\s+")
_COORD_RE = compiled(rf"\s*{_AND}\s*")  # no comma: "، و" usually opens a new clause
_SINGULAR_RE = compiled(rf"(?:{_ART})?(?P<noun>{_SG_ALT}){_END}")
_SPACE_RE = compiled(r"\s+")
_SUBSET_RE = compiled(rf"(?<!\w)(?:{_alt(_OUT['subset'])})\s*[:،,]?\s*$")
_BARE_RE = compiled(rf"{_first_letter(_OUT['bare_killed'])}{_B}(?:{_alt(_OUT['bare_killed'])}){_END}")
_ADDS_RE = compiled(rf"(?<!\w)(?:{_alt(_OUT['adds'])}){_END}\s*$")
_ADDS_REACH = 12  # characters before a casualty phrase searched for the word that adds it ("فيما ")
_EITHER_RE = compiled(
    rf"(?:{_W['between']})\s+(?:{_W['killed_word']})\s+{_AND}\s*(?:{_W['wounded_word']}){_END}"
)
_LONE_RE = compiled(rf"{_first_letter(_OUT['lone_killed'])}{_B}(?:{_alt(_OUT['lone_killed'])}){_END}")
_ZERO = _LEX["zero"]
_ZERO_RE = compiled(
    _first_letter(_ZERO["negations"] + _ZERO["phrases"])
    + rf"{_B}(?:(?:{_alt(_ZERO['negations'])})(?:\s+{_WORD_GAP}){{0,4}}?\s+(?:{_alt(_ZERO['heads'])})"
    rf"|(?:{_alt(_ZERO['phrases'])})){_END}"
)



def _hint(*lists: list[str]) -> re.Pattern[str]:
    """A quick test that a text may hold one of these phrases: the longest word of one of them,
    read as a bare substring (a trie, no edges; the longest, as short words are everywhere). A
    phrase regex finds nothing in a window without it, so its scan, tried at every position behind
    edge lookbehinds, is skipped (most windows hold none)."""
    return compiled(_trie(frozenset(max(t.split(), key=len) for terms in lists for t in _norms(terms))))


_ZERO_HINT = _hint(_ZERO["heads"], _ZERO["phrases"])  # a negation's words are common, its heads not
_BARE_HINT = _hint(_OUT["bare_killed"])
_LONE_HINT = _hint(_OUT["lone_killed"])

# "30 قتيلا وجريحا", "بين قتيل وجريح": dead and wounded together
_BOTH_RE = compiled(rf"{_AND}\s*(?:{_W['wounded_stems']})|(?:{_W['between']})\s+(?:{_W['killed_word']})")
_BARE_KILLED_COUNT = 3  # CODEBOOK §7: "قتلى" with no number → 3


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class _Item:
    """One counted item of a casualty phrase: a quantity or a lone singular noun."""

    start: int
    end: int
    count: int
    category: str
    exact: bool
    both: bool = False


def _item_from_quantity(q: Quantity, text: str) -> _Item:
    """The casualty count a quantity stands for; "عدد من القتلى" follows the 3-dead convention."""
    count = q.value
    if q.qualifier == "vague" and q.value == 0 and q.category == "killed":
        count = _BARE_KILLED_COUNT
    both = bool(_BOTH_RE.search(text, q.start, q.end))
    return _Item(q.start, q.end, count, q.category, q.qualifier != "vague", both)


_DEAD_AND_WOUNDED = {"killed", "injured"}


class _Scanner:
    """State of one find_casualties call: quantities, what is consumed, what was found."""

    def __init__(self, text: str, quantities: list[Quantity] | None = None) -> None:
        self.text = text
        self.quantities = find_quantities(text) if quantities is None else quantities
        self.starts = [q.start for q in self.quantities]
        self.by_start = {q.start: i for i, q in enumerate(self.quantities)}
        self.used: set[int] = set()
        self.subset = {
            i
            for i, q in enumerate(self.quantities)
            if _SUBSET_RE.search(text[max(0, q.start - 20) : q.start])
        }
        self.found: list[Casualty] = []
        # whether one of the hints of the zero, bare, lone and named phrases may be in the text: most
        # windows hold none, and one search of them all then spares the four
        self.hinted = _ANY_HINT.search(text) is not None
        self.covered: list[tuple[int, int]] = []
        self._sorted: list[tuple[int, int]] = []  # ``covered`` by start, and its longest span's length
        self._longest = 0

    def in_quantity(self, pos: int) -> bool:
        """Whether ``pos`` falls in a quantity: the quantities are found left to right without overlap,
        so only the last one starting at or before ``pos`` can hold it."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.quantities[i].end

    def cover(self, start: int, end: int) -> None:
        """Note a phrase reported, so that nothing inside it is read again."""
        self.covered.append((start, end))
        bisect.insort(self._sorted, (start, end))
        self._longest = max(self._longest, end - start)

    def inside(self, pos: int) -> bool:
        """Whether ``pos`` falls in a phrase already reported (zero or casualty).

        Only the phrases starting less than the longest one's length before ``pos`` can hold it, found
        by bisection: testing every phrase made a long text's scan quadratic (the topic gate reads a
        whole article at once)."""
        spans = self._sorted
        i = bisect.bisect_right(spans, (pos, math.inf))
        low = pos - self._longest
        while i > 0:
            i -= 1
            start, end = spans[i]
            if start <= low:
                return False  # this one and every one before it ends at or before ``pos``
            if end > pos:
                return True
        return False

    def emit(self, start: int, end: int, outcome: str, items: list[_Item]) -> None:
        """Record a casualty phrase built from its items."""
        count = sum(i.count for i in items)
        if outcome == "killed" and not count and not any(i.exact for i in items):
            count = _BARE_KILLED_COUNT  # "مقتل عدد من مسلحي ...": dead without a number (CODEBOOK §7)
        main = max(items, key=lambda i: i.count)
        victims = main.category if main.category in PERSON_CATEGORIES - {"killed", "injured"} else "person"
        if outcome == "killed" and any(i.both for i in items):
            outcome = "killed_or_injured"
        self.found.append(Casualty(start, end, outcome, count, victims, all(i.exact for i in items)))
        self.cover(start, end)

    def quantity_at(self, pos: int) -> int | None:
        """Index of the free quantity starting exactly at ``pos``."""
        index = self.by_start.get(pos)
        if index is None or index in self.used or index in self.subset:
            return None
        return index

    def take(self, index: int) -> _Item:
        """Consume a quantity as a casualty item."""
        self.used.add(index)
        return _item_from_quantity(self.quantities[index], self.text)

    def item_at(self, pos: int, after: str = "") -> _Item | None:
        """A free quantity or a lone singular noun ("مواطن", "الجندي") starting at ``pos``; after an item
        of the dead (``after``), never one of the wounded ("عشرات القتلى ومئات الجرحى"), nor the reverse."""
        index = self.quantity_at(pos)
        if index is not None and {after, self.quantities[index].category} == _DEAD_AND_WOUNDED:
            return None
        if index is not None:
            return self.take(index)
        single = _SINGULAR_RE.match(self.text, pos)
        category = _NOUNS[single.group("noun")].category if single else ""
        if single and category in PERSON_CATEGORIES:
            return _Item(single.start(), single.end(), 1, category, True)
        return None

    def chain(self, first: _Item) -> list[_Item]:
        """The first item and the ones coordinated to it with و ("15 طفلا وامرأتان")."""
        items = [first]
        while True:
            coord = _COORD_RE.match(self.text, items[-1].end)
            nxt = self.item_at(coord.end(), first.category) if coord else None
            if nxt is None:
                return items
            items.append(nxt)

    def tail_end(self, end: int) -> int:
        """Extend a phrase over "مصرعهم" / "بجروح" that close it."""
        tail = _TAIL_RE.match(self.text, end)
        return tail.end() if tail else end


def _zero_phrases(scan: _Scanner) -> None:
    """Stated absence of casualties: a Casualty with count 0 (exact)."""
    if not scan.hinted or not _ZERO_HINT.search(scan.text):
        return
    for match in _ZERO_RE.finditer(scan.text):
        scan.found.append(Casualty(match.start(), match.end(), "killed", 0, "", True))
        scan.cover(match.start(), match.end())


def _first_item(scan: _Scanner, trig: re.Match[str], limit: int, weak: bool) -> _Item | None:
    """The figure a cue introduces: the next free quantity within a short gap, or a lone singular noun."""
    index = bisect.bisect_left(scan.starts, trig.end())
    while index < len(scan.quantities) and (index in scan.used or index in scan.subset):
        index += 1
    if index < len(scan.quantities) and scan.quantities[index].start < limit:
        q = scan.quantities[index]
        glue = _GLUE_GAP_RE.fullmatch(scan.text, trig.end(), q.start)
        words = _WORDS_GAP_RE.fullmatch(scan.text, trig.end(), q.start)
        if weak and glue and q.category in ("killed", "injured"):
            return scan.take(index)
        if not weak and (glue or (words and q.category in PERSON_CATEGORIES)):
            return scan.take(index)
    space = _SPACE_RE.match(scan.text, trig.end())
    single = _SINGULAR_RE.match(scan.text, space.end()) if space else None
    if single and single.end() <= limit:
        noun = _NOUNS[single.group("noun")]
        if noun.category in (("killed", "injured") if weak else PERSON_CATEGORIES):
            return _Item(single.start(), single.end(), 1, noun.category, True)
    return None


def _cue_first(scan: _Scanner) -> None:
    """Cue then figure: "مقتل 18 مسلحا", "ألقت القبض على أربعة أشخاص وسبعة أطفال"."""
    starts = _trigger_starts(scan.text)
    triggers = [m for m in _matches_at(_TRIGGER_RE, scan.text, starts) if not scan.inside(m.start())]
    for n, trig in enumerate(triggers):
        if scan.inside(trig.start()):
            continue
        limit = triggers[n + 1].start() if n + 1 < len(triggers) else len(scan.text)
        outcome = trig.lastgroup or "killed"
        weak = outcome == "weak"
        first = _first_item(scan, trig, limit, weak)
        if first is None:
            continue
        items = scan.chain(first)
        if weak:
            outcome = "killed" if first.category == "killed" else "injured"
        scan.emit(trig.start(), scan.tail_end(items[-1].end), outcome, items)


def _figure_first(scan: _Scanner) -> None:
    """Figure then cue ("27 شخصا لقوا مصرعهم"), or a figure of the dead itself ("54 قتيلا")."""
    for index, q in enumerate(scan.quantities):
        if index in scan.used or index in scan.subset or scan.inside(q.start):
            continue
        post = _POST_RE.match(scan.text, q.end) if q.category in PERSON_CATEGORIES else None
        if post:
            scan.used.add(index)
            scan.emit(
                q.start,
                scan.tail_end(post.end()),
                post.lastgroup or "killed",
                [_item_from_quantity(q, scan.text)],
            )
        elif q.category in ("killed", "injured"):
            scan.used.add(index)
            items = scan.chain(_item_from_quantity(q, scan.text))
            scan.emit(q.start, scan.tail_end(items[-1].end), q.category, items)


def _bare_dead(scan: _Scanner) -> None:
    """ "قتلى" with no figure: 3 dead by convention, not exact."""
    if not scan.hinted or not _BARE_HINT.search(scan.text):
        return
    for match in _BARE_RE.finditer(scan.text):
        if scan.inside(match.start()) or scan.in_quantity(match.start()):
            continue
        item = _Item(match.start(), match.end(), _BARE_KILLED_COUNT, "person", False)
        scan.emit(match.start(), match.end(), "killed", [item])


def deaths(casualty: Casualty) -> tuple[int, bool]:
    """The deaths a casualty phrase stands for, and whether the figure is exact: its count when it
    counts the dead; when it counts the dead and wounded together ("مقتل وجرح العشرات", "بين قتيل
    وجريح"), deaths without a number, 3 by convention (CODEBOOK §7), never more than its figure."""
    if casualty.outcome == "killed":
        return casualty.count, casualty.exact
    if casualty.outcome == "killed_or_injured":
        return min(casualty.count, _BARE_KILLED_COUNT) or _BARE_KILLED_COUNT, False
    return 0, False


def adds_to(text: str, other: Casualty, first: Casualty) -> bool:
    """Whether ``other`` tells more dead besides ``first``: it comes after it, opened by a word that
    adds a fact ("مقتل 12 مسلحا ... فيما قتل عنصران من القوات") — not a second reading of one toll."""
    if other.start <= first.end:
        return False
    return bool(_ADDS_RE.search(text, max(first.end, other.start - _ADDS_REACH), other.start))


def _killed_or_wounded(scan: _Scanner) -> None:
    """ "سقط عدد كبير منهم (...)، بين قتيل وجريح": dead and wounded with no figure of their own."""
    for match in _EITHER_RE.finditer(scan.text):
        if not scan.inside(match.start()):
            scan.found.append(Casualty(match.start(), match.end(), "killed_or_injured", 0, "person", False))
            scan.cover(match.start(), match.end())


def _lone_dead(scan: _Scanner) -> None:
    """ "فأرداه قتيلا": one dead, told by the accusative singular with no figure (exact: a person)."""
    if not scan.hinted or not _LONE_HINT.search(scan.text):
        return
    for match in _LONE_RE.finditer(scan.text):
        if scan.inside(match.start()):
            continue
        item = _Item(match.start(), match.end(), 1, "person", True)
        scan.emit(match.start(), match.end(), "killed", [item])


_NAMED_HINT = _hint(_OUT["named_killed"])
# the four hints in one: where it finds no word, none of them does (each is a trie of some of its words)
_ANY_HINT = _hint(
    _ZERO["heads"], _ZERO["phrases"], _OUT["bare_killed"], _OUT["lone_killed"], _OUT["named_killed"]
)
_TITLE = rf"(?:{_ART})?(?:{_alt(_OUT['one_titles'])}){_END}"
_NAMED_RE = compiled(  # behind the first letters' lookahead, as the bare, lone and zero phrases
    rf"{_first_letter(_OUT['named_killed'])}{_B}(?:{_alt(_OUT['named_killed'])})\s+(?:(?P<title>{_TITLE})|(?:{_WORD_GAP}\s+){{0,2}}{_WORD_GAP}\s*[،,]\s*{_TITLE})"
)


_NOT_DONE_RE = compiled(rf"(?:^|\s)\w{{0,2}}(?:{_alt(_OUT['named_not_done'])})\s+$")
_NOT_DONE_REACH = 16  # characters before the cue searched for an attempt word


def _named_dead(scan: _Scanner) -> None:
    """ "مقتل الملا فضل الله", "قتل خالد محسود، أحد أعضاء الحركة": one person killed, named by a title or
    by a name and a title in apposition, with no figure (exact: one person). The killing of a leader is
    told so far more often than with "شخص واحد"; without it such a record carried no toll."""
    if not scan.hinted or not _NAMED_HINT.search(scan.text):
        return
    for match in _NAMED_RE.finditer(scan.text):
        if scan.inside(match.start()):
            continue
        if _NOT_DONE_RE.search(scan.text, max(0, match.start() - _NOT_DONE_REACH), match.start()):
            continue
        # who the one named was (a leader of either side, a civilian) the title does not say: no category
        scan.found.append(Casualty(match.start(), match.end(), "killed", 1, "", True, named=True))
        scan.cover(match.start(), match.end())


def find_casualties(norm_text: str, quantities: list[Quantity] | None = None) -> list[Casualty]:
    """Casualty phrases in normalized text, each with a conservative total (CODEBOOK §7).

    ``quantities``: the text's ``find_quantities`` when the caller already has them (saves a pass).
    """
    scan = _Scanner(norm_text, quantities)
    _zero_phrases(scan)
    _cue_first(scan)
    _figure_first(scan)
    _bare_dead(scan)
    _lone_dead(scan)
    _named_dead(scan)
    _killed_or_wounded(scan)
    return sorted(scan.found, key=lambda c: (c.start, c.end))
