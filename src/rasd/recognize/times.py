"""Time expressions in normalized Arabic news text, and their resolution to event dates (CODEBOOK §2, §5).

``find_times`` works on the output of ``rasd.text.normalize.normalize`` (offsets are into that text) and
reports each mention with what it literally says (a weekday, a relative offset, a day/month/year);
``resolve`` turns a mention into an ``(event_date, time_precision)`` pair against the publication day D,
and ``is_background`` tells whether a mention places its event before the coding window.

Choices the codebook leaves open, made here:
- ``last_week`` ("الأسبوع الماضي") resolves to D − 7, precision 2 (CODEBOOK §12); "قبل أسبوع" style
  mentions carry an exact offset instead.
- ``this_week`` resolves to the Wednesday of the current Sunday–Saturday week, or D if that is later.
- Month-only mentions resolve to the 15th (the middle of the month, so the error is at most ~15 days),
  or D when D is earlier in that month; year-only mentions to 1 July, or D when D is earlier;
  both precision 3.
- ``since`` resolves to the start of what follows "منذ" (the first of the month / 1 January).
- ``future`` mentions resolve to ``(None, 0)``: 0 means "no event date", callers must not code them.
- A night spanning two days ("ليل الثلاثاء الأربعاء", "ليلة الخميس إلى الجمعة") is one mention of its first
  day (CODEBOOK §12); the later weekday dates nothing on its own.
- A day of "this month" ("التاسع من الشهر الجاري") is an absolute day of D's month ("… الماضي": of the month
  before), so it can put an incident before the window.
- A weekday with a relative word ("اليوم الخميس") normally resolves to the latest such weekday on or before D
  (the weekday wins); only when the relative word says today and the weekday is D+1 is D+1 taken, because
  a UTC publication time can fall on the evening before the local calendar day the article speaks of.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from rasd import data_cache, tuning
from rasd.data_cache import compiled
from rasd.text.clitics import clitics, optional_prefix, subset
from rasd.text.normalize import normalize_term

_DATA = Path(__file__).resolve().parent.parent / "data" / "time_words.toml"

KINDS = (
    "today", "yesterday", "day_before_yesterday", "last_night", "tonight", "weekday", "absolute", "month",
    "year", "last_week", "this_week", "last_month", "recent_days", "recent_hours", "since", "past_period",
    "future", "week_start", "week_end",
)
_RELATIVE_KINDS = frozenset({"today", "yesterday", "day_before_yesterday", "last_night", "tonight"})


@dataclass(unsafe_hash=True)  # read-only by convention; frozen, it cost 4x to build
class TimeMention:
    """One time expression, as written: what it names, not yet resolved against a publication day.

    ``past`` is set when the name carries "الماضي"/"المنصرم"…: "الثلاثاء الماضي" or "مايو الماضي" read on a
    Tuesday / in May then mean the previous one, not D's own weekday or month.
    """

    start: int
    end: int
    kind: str
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    offset_days: int | None = None
    past: bool = False
    early: bool = False  # "مطلع سبتمبر", "أوائل سبتمبر": the start of the month, not any day of it
    months_back: int = 0  # "التاسع من الشهر الماضي": an absolute day of D's month less this many months


# ---------------------------------------------------------------------------------------------- lexicon


def _norm_map(table: dict[str, object]) -> dict[str, object]:
    """Normalize the keys of a word table so they compare with normalized text."""
    return {normalize_term(key): value for key, value in table.items()}


def _norm_list(words: list[str]) -> list[str]:
    """Normalize a word list so it compares with normalized text."""
    return [normalize_term(word) for word in words]


@data_cache.memoized  # its result read back, not rebuilt, at a warm start
def _alt(words: object) -> str:
    """A regex alternation of words, longest first so "امس الاول" wins over "امس"; spaces match any run.

    Written as a trie ("ال(?:ثاني|ثالث|…)"): at every word start the regex engine tries each branch of
    an alternation in turn, and a flat list of ~100 ordinals or months cost more than all the rest of the
    time patterns. Branches of one node begin with different characters, so at most one can match, and a
    word that ends where a longer one goes on is tried after it: the same words in the same order of
    preference as the flat list, longest first.
    """
    trie: dict[str, dict] = {}
    for word in set(words):  # type: ignore[call-overload]
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return "|".join(_branches(trie))


def _branches(node: dict[str, dict]) -> list[str]:
    """The alternatives below a trie node, one per next character (a space matches any white run)."""
    return [
        (r"\s+" if char == " " else re.escape(char)) + _rest(child)
        for char, child in sorted(node.items())
        if char
    ]


def _rest(node: dict[str, dict]) -> str:
    """The pattern of what may follow a trie node: its branches, optional when a word ends there."""
    branches = _branches(node)
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


def _key(text: str) -> str:
    """Fold the white space of matched text so it can be looked up in a normalized table."""
    return " ".join(text.split())


def _ordinals(table: dict[str, object]) -> dict[str, int]:
    """Ordinal day words 1..31 ("العاشر", "الحادي عشر", "الثاني والعشرين"), composed from the data file."""
    units = _norm_list(table["units"])
    one = normalize_term(table["unit_one_compound"])
    teen = normalize_term(table["teen_suffix"])
    conjunction = normalize_term(table["and"])
    result = {word: index + 1 for index, word in enumerate(units)}
    result[normalize_term(table["tenth"])] = 10
    compound_units = [one] + units[1:]
    for index, word in enumerate(compound_units):
        result[f"{word} {teen}"] = 11 + index
    for tens_word, tens in _norm_map(table["tens"]).items():
        result[tens_word] = tens
        for index, word in enumerate(compound_units):
            if tens + index + 1 <= 31:
                result[f"{word} {conjunction}{tens_word}"] = tens + index + 1
    return result


@dataclass(frozen=True)
class _Lexicon:
    """All word tables of time_words.toml, normalized."""

    weekdays: dict[str, int]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    relative: dict[str, tuple[str, int]]
    rel_before_exclude: frozenset[str]
    rel_after_exclude: frozenset[str]
    day_parts: list[str]
    night_parts: frozenset[str]
    past_adj: frozenset[str]
    current_adj: frozenset[str]
    future_adj: frozenset[str]
    period_nouns: dict[str, int]
    demonstratives: list[str]
    ago_units: dict[str, tuple[int, int]]
    ago_markers: list[str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    positions: list[str]
    year_triggers: list[str]
    future: list[str]
    words: dict[str, list[str]]  # [pattern_words]: the small words the patterns are built from


def _load(path: Path = _DATA) -> _Lexicon:
    """Read and normalize the word lists once, at import."""
    raw = data_cache.read_toml(path)
    relative = {
        normalize_term(phrase): (kind, int(entry["offset"]))
        for kind, entry in raw["relative"].items()
        for phrase in entry["phrases"]
    }
    adjectives = raw["adjectives"]
    parts = raw["parts_of_day"]
    return _Lexicon(
        weekdays=_norm_map(raw["weekdays"]),
        months=_norm_map(raw["months"]),
        ambiguous_months=frozenset(_norm_list(raw["months_ambiguous"]["words"])),
        relative=relative,
        rel_before_exclude=frozenset(_norm_list(raw["relative_exclude"]["before"])),
        rel_after_exclude=frozenset(_norm_list(raw["relative_exclude"]["after"])),
        day_parts=_norm_list(parts["day"]) + _norm_list(parts["night"]),
        night_parts=frozenset(_norm_list(parts["night"])),
        past_adj=frozenset(_norm_list(adjectives["past"])),
        current_adj=frozenset(_norm_list(adjectives["current"])),
        future_adj=frozenset(_norm_list(adjectives["future"])),
        period_nouns=_norm_map(raw["period_nouns"]),
        demonstratives=_norm_list(raw["demonstratives"]["words"]),
        ago_units={normalize_term(k): (int(v["days"]), int(v["count"])) for k, v in raw["ago_units"].items()},
        ago_markers=_norm_list(raw["ago_markers"]["words"]),
        numbers=_norm_map(raw["numbers"]),
        ordinals=_ordinals(raw["ordinals"]),
        positions=_norm_list(raw["month_positions"]["words"]),
        year_triggers=_norm_list(raw["year_words"]["triggers"]),
        future=_norm_list(raw["future"]["phrases"]),
        words={name: _norm_list(words) for name, words in raw["pattern_words"].items()},
    )


_LEX = _load()

# ---------------------------------------------------------------------------------------------- patterns

_B = r"(?<!\w)"
_E = r"(?!\w)"
_W = {name: _alt(words) for name, words in _LEX.words.items()}
_ART = re.escape(clitics().article)
_CONJUNCTIONS = clitics().conjunctions
_PRE = optional_prefix("time", "pre")
_WD = _alt(_LEX.weekdays)
_MON = _alt(_LEX.months)
_PART = _alt(_LEX.day_parts)
_REL = _alt(_LEX.relative)
_ADJ = _alt(_LEX.past_adj | _LEX.current_adj | _LEX.future_adj)
_PAST_FUT = _alt(_LEX.past_adj | _LEX.future_adj)
_ORD = _alt(_LEX.ordinals)
_YEAR_NOUN = rf"(?:{_W['year_nouns']})"
_YEAR_TAIL = rf"(?:\s*[,،]?\s*(?:(?:{_W['of']})\s+)?(?:{_YEAR_NOUN}\s*)?(?P<y>(?:19|20)\d\d)(?!\d))?"
_MONTH_PAIR = rf"(?P<m1>{_MON})(?:\s*[/(\-]\s*(?P<m2>{_MON})\s*\)?)?"
_WEEKDAY_GUARD = rf"(?!\s+(?:{_W['teen_guard']}))"  # "الاحد عشر" is "the eleven"

_RELATIVE_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<part>{_PART})\s+)?(?:(?:{_W['day_noun']})\s+)?(?P<rel>{_REL})"
    rf"(?:\s*[,،]?\s*\(?\s*(?:(?:{_W['day_noun']})\s+)?(?P<wd>{_WD}){_WEEKDAY_GUARD}\s*\)?)?{_E}"
)
# "ليل الثلاثاء الأربعاء", "ليلة السبت-الأحد", "ليل الخميس إلى الجمعة": the second weekday of a night span
_NIGHT_SPAN = (
    rf"(?:(?=(?:\s*[/\-–]\s*|\s+(?:(?:{_W['night_span_joins']})\s+)?)(?:{_W['night_span_glue']})?"
    rf"(?P<wd2>{_WD}){_WEEKDAY_GUARD}{_E}))?"
)
_WEEKDAY_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<part>{_PART})\s+)?(?:(?:{_W['day_noun']})\s+)?(?P<wd>{_WD}){_WEEKDAY_GUARD}{_NIGHT_SPAN}"
    rf"(?:\s+(?P<adj>{_ADJ}))?{_E}"
)
_DAY_MONTH_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<since>{_W['since']})\s+)?(?:(?:(?:{_W['day_noun']})\s+)?(?P<wd>{_WD})\s*[,،]?\s*)?"
    rf"(?:(?:{_ART}\s?)?(?P<d>\d{{1,2}})(?:\s+(?:{_W['of']}))?|(?P<ord>{_ORD})\s+(?:{_W['of']}))\s*"
    rf"(?:(?:{_W['month_noun']})\s+)?"
    rf"{_MONTH_PAIR}{_YEAR_TAIL}(?:\s+(?P<adj>{_PAST_FUT}))?{_E}"
)
_MONTH_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<since>{_W['since']})\s+)?(?:(?P<pos>{_alt(_LEX.positions)})\s+)?(?:(?P<shahr>{_W['month_noun']})\s+)?"
    rf"{_MONTH_PAIR}{_YEAR_TAIL}(?:\s+(?P<adj>{_PAST_FUT}))?{_E}"
)
_DAY_OF_MONTH_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<since>{_W['since']})\s+)?(?:(?:{_ART}\s?)?(?P<d>\d{{1,2}})|(?P<ord>{_ORD}))\s+(?:{_W['of']})\s+"
    rf"(?:{_W['this_month']})"
    rf"\s+(?P<adj>{_alt(_LEX.current_adj | _LEX.past_adj)}){_E}"
)
_EARLY_RE = compiled(_W["week_start"])  # the words of a period's start serve for a month's too
_EARLY_BEFORE_RE = compiled(rf"(?:{_W['week_start']})\s+$")  # "مطلع الشهر الجاري"
_EARLY_END_RE = compiled(rf"(?:{_W['week_start']})$")
# the longest start word, when none holds a space (then a match before a mention is at most this long)
_START_WORDS = _LEX.words["week_start"]
_EARLY_LONGEST = 0 if any(" " in w for w in _START_WORDS) else max(map(len, _START_WORDS))
_NUMERIC_RE = compiled(
    r"(?<![\w/.\-])(?P<a>\d{1,4})\s?(?P<sep>[/.\-])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?(?P<c>\d{1,4})(?![\w/\-]|\.\d)"
)
_YEAR_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<since>{_W['since']})\s+)?(?:(?P<trig>{_alt(_LEX.year_triggers)})\s+)?(?:(?P<noun>{_YEAR_NOUN})\s+)?"
    rf"(?P<y>(?:19|20)\d\d)(?!\d)(?!\s?[/.\-]\d)"
)
_PERIOD_RE = compiled(
    rf"{_B}{_PRE}(?:(?:{_W['period_openers']})\s+)?(?:(?P<dem>{_alt(_LEX.demonstratives)})\s+)?"
    rf"(?:{_ART}\s?(?P<n1>\d+)\s+)?(?P<noun>{_alt(_LEX.period_nouns)})(?:\s+(?:{_ART}\s?)?(?P<n2>\d+))?"
    rf"(?:\s+(?:{_W['few']}|{_ART}(?:{_alt(_LEX.numbers)})))?(?:\s+(?P<adj>{_ADJ}))?{_E}"
)
_AGO_RE = compiled(
    rf"{_B}{_PRE}(?P<ago>{_alt(_LEX.ago_markers)})\s+(?:(?:{_W['ago_more']})\s+)?(?:(?P<n>\d+|{_alt(_LEX.numbers)}|{_W['several']})\s+)?"
    rf"(?P<unit>{_alt(_LEX.ago_units)})(?:\s+(?:{_W['ago_tail']}))?{_E}"
    rf"(?!\s+(?:{_ART}|\d|(?:{_W['ago_not_before']})\s))"
)
_FUTURE_RE = compiled(rf"{_B}{_PRE}(?P<fut>{_alt(_LEX.future)}){_E}")
_NEXT_WORD_RE = compiled(r"\s*(\S+)")

# ---------------------------------------------------------------------------------------------- recognizers


def _start(m: re.Match[str]) -> int:
    """Where a mention starts: after any proclitic (و ف ب ل), which is not part of the expression."""
    return m.end("pre")


def _valid_day(day: int, month: int, year: int | None) -> bool:
    """Whether day/month (/year) is a real calendar day; a missing year is checked against a leap year."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year or 2000, month)[1]


def _strip_conjunction(word: str) -> str:
    """A word without a leading و/ف, so "وحتى" compares with "حتى" in the exclusion list."""
    return word[1:] if len(word) > 2 and word[0] in _CONJUNCTIONS else word


def _previous_word(text: str, start: int) -> str:
    """The last run of non-space characters before ``start`` ("" when none), found by walking back
    from ``start``: a search from the text's start would make every mention cost the whole text."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def _is_excluded_relative(text: str, m: re.Match[str], phrase: str) -> bool:
    """Whether a bare "اليوم"/"الآن"/"الليلة" is no date here ("حتى الآن", "ذلك اليوم", "اليوم التالي")."""
    if m.group("part") or m.group("wd"):
        return False
    before = _previous_word(text, _start(m))
    if before and _strip_conjunction(before) in _LEX.rel_before_exclude:
        return True
    after = _NEXT_WORD_RE.match(text, m.end())
    if after is None:
        return False
    word = after.group(1)
    if word in _LEX.rel_after_exclude:
        return True
    # "اليوم"/"الليلة" followed by an adjective ("الليلة الأولى"); a weekday would have been captured above
    article = clitics().article
    return phrase.startswith(article) and word.startswith(article) and len(phrase.split()) == 1


def _relative_mentions(text: str) -> list[TimeMention]:
    """"اليوم", "أمس", "مساء أمس الثلاثاء", "أمس الأول الإثنين", "الليلة الماضية" …"""
    found = []
    for m in _RELATIVE_RE.finditer(text):
        phrase = _key(m.group("rel"))
        kind, offset = _LEX.relative[phrase]
        if _is_excluded_relative(text, m, phrase):
            continue
        part = m.group("part")
        if kind == "yesterday" and part and _key(part) in _LEX.night_parts:
            kind = "last_night"
        wd = _LEX.weekdays[_key(m.group("wd"))] if m.group("wd") else None
        found.append(TimeMention(_start(m), m.end(), kind, weekday=wd, offset_days=offset))
    return found


def _weekday_mentions(text: str) -> list[TimeMention]:
    """"الثلاثاء", "يوم الإثنين", "فجر الجمعة", "ليلة الخميس", "السبت الماضي"; "السبت المقبل" is future."""
    found = []
    for m in _WEEKDAY_RE.finditer(text):
        adj = _key(m.group("adj") or "")
        weekday = _LEX.weekdays[_key(m.group("wd"))]
        end = m.end() if adj in _LEX.past_adj | _LEX.future_adj else m.end("wd")
        if _night_span(m, weekday):
            end = max(end, m.end("wd2"))  # the mention covers both days: the later one is no date of its own
        kind = "future" if adj in _LEX.future_adj else "weekday"
        found.append(TimeMention(_start(m), end, kind, weekday=weekday, past=adj in _LEX.past_adj))
    return found


def _night_span(m: re.Match[str], weekday: int) -> bool:
    """Whether a night part and two consecutive weekdays name one night ("ليل الثلاثاء الأربعاء"):
    CODEBOOK §12 dates it by the earlier day, so the later weekday must not date the event."""
    part = m.group("part")
    if not part or _key(part) not in _LEX.night_parts or not m.group("wd2"):
        return False
    return _LEX.weekdays[_key(m.group("wd2"))] == (weekday + 1) % 7


def _month_number(m: re.Match[str]) -> int:
    """The month a (possibly paired) month name says; the first name of a pair wins."""
    return _LEX.months[_key(m.group("m1"))]


def _year(m: re.Match[str]) -> int | None:
    """The year group of a match, if any."""
    return int(m.group("y")) if m.group("y") else None


def _day_month_mentions(text: str) -> list[TimeMention]:
    """"10 سبتمبر", "الـ10 من أيلول 2018", "العاشر من سبتمبر", "الخميس 10 سبتمبر (أيلول)"."""
    found = []
    for m in _DAY_MONTH_RE.finditer(text):
        day = int(m.group("d")) if m.group("d") else _LEX.ordinals[_key(m.group("ord"))]
        month, year = _month_number(m), _year(m)
        if not _valid_day(day, month, year):
            continue
        adj = _key(m.group("adj") or "")
        kind = "since" if m.group("since") else "future" if adj in _LEX.future_adj else "absolute"
        weekday = _LEX.weekdays[_key(m.group("wd"))] if m.group("wd") else None
        found.append(TimeMention(_start(m), m.end(), kind, weekday=weekday, day=day, month=month, year=year,
                                 past=adj in _LEX.past_adj))
    return found


def _day_of_month_mentions(text: str) -> list[TimeMention]:
    """"التاسع من الشهر الجاري", "12 من الشهر الماضي": a day of D's month (or of the month before),
    resolved against D; without it the day would fall to a month-wide mention dated the 15th."""
    found = []
    for m in _DAY_OF_MONTH_RE.finditer(text):
        day = int(m.group("d")) if m.group("d") else _LEX.ordinals[_key(m.group("ord"))]
        if not 1 <= day <= 31:
            continue
        back = 1 if _key(m.group("adj")) in _LEX.past_adj else 0
        kind = "since" if m.group("since") else "absolute"
        found.append(TimeMention(_start(m), m.end(), kind, day=day, months_back=back))
    return found


def _month_mentions(text: str) -> list[TimeMention]:
    """"سبتمبر 2018", "مطلع سبتمبر", "شهر آب", "في سبتمبر الماضي", "منذ أيلول/سبتمبر"."""
    found = []
    for m in _MONTH_RE.finditer(text):
        anchored = m.group("shahr") or m.group("m2") or m.group("y") or m.group("adj")
        if _key(m.group("m1")) in _LEX.ambiguous_months and not anchored:
            continue
        adj = _key(m.group("adj") or "")
        kind = "since" if m.group("since") else "future" if adj in _LEX.future_adj else "month"
        early = bool(m.group("pos")) and _EARLY_RE.fullmatch(m.group("pos")) is not None
        found.append(TimeMention(_start(m), m.end(), kind, month=_month_number(m), year=_year(m),
                                 past=adj in _LEX.past_adj, early=early))
    return found


def _full_year(value: str) -> int:
    """A written year; two digits mean 20xx (news about current conflicts)."""
    year = int(value)
    return 2000 + year if len(value) == 2 else year


def _numeric_mentions(text: str) -> list[TimeMention]:
    """"10/9/2018" (day/month/year, as Arabic outlets write it) and "2018-09-10" (ISO)."""
    found = []
    for m in _NUMERIC_RE.finditer(text):
        a, b, c = m.group("a"), m.group("b"), m.group("c")
        if len(a) == 4 and len(c) <= 2:
            year, month, day = int(a), int(b), int(c)
        elif len(a) <= 2 and len(c) in (2, 4):
            day, month, year = int(a), int(b), _full_year(c)
        else:
            continue
        if 1900 <= year <= 2099 and _valid_day(day, month, year):
            found.append(TimeMention(m.start(), m.end(), "absolute", day=day, month=month, year=year))
    return found


def _year_mentions(text: str) -> list[TimeMention]:
    """"عام 2014", "في 2017", "منذ 2015": a bare number is a year only after such a word."""
    found = []
    for m in _YEAR_RE.finditer(text):
        if not (m.group("since") or m.group("trig") or m.group("noun")):
            continue
        trigger = _key(m.group("trig") or "")
        since = m.group("since") or trigger in _LEX.words["since"]
        # "في" introduces the year but is not part of it; "عام", "منذ", "مطلع" are
        start = _start(m)
        if trigger in _LEX.words["year_in"]:
            start = m.start("noun") if m.group("noun") else m.start("y")
        found.append(TimeMention(start, m.end(), "since" if since else "year", year=int(m.group("y"))))
    return found


def _past_period_kind(unit: int, count: int | None) -> tuple[str, int | None]:
    """Kind and offset of a period noun with a past adjective ("الأيام الماضية", "الأشهر السابقة")."""
    if unit == 0:
        return ("recent_days", None) if count and count > 24 else ("recent_hours", None)
    if unit == 1:
        return "recent_days", None
    if unit == 7:
        return "last_week", None
    if unit == 30:
        return "last_month", None
    return "past_period", -unit


def _current_period_kind(unit: int) -> str | None:
    """Kind of a current period ("هذا الأسبوع", "الشهر الجاري", "العام الحالي")."""
    return {0: "recent_hours", 1: "recent_days", 7: "this_week", 30: "month", 365: "year"}.get(unit)


def _early_before(text: str, start: int) -> bool:
    """Whether a start word ("مطلع") and white space stand right before ``start``: what
    ``_EARLY_BEFORE_RE.search(text, 0, start)`` tells, found by walking back over the white space and
    looking at the few characters before it (a search from the text's start costs the whole text for
    every mention, quadratic in a long text)."""
    if not _EARLY_LONGEST:
        return _EARLY_BEFORE_RE.search(text, 0, start) is not None
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end < start and _EARLY_END_RE.search(text, max(0, end - _EARLY_LONGEST), end) is not None


def _period_mentions(text: str) -> list[TimeMention]:
    """"خلال الساعات الـ24 الماضية", "الأسبوع الماضي", "هذا الأسبوع", "العام الماضي", "الشهر المقبل"."""
    found = []
    for m in _PERIOD_RE.finditer(text):
        adj = _key(m.group("adj") or "")
        unit = _LEX.period_nouns[_key(m.group("noun"))]
        number = m.group("n1") or m.group("n2")
        offset: int | None = None
        if adj in _LEX.future_adj:
            kind: str | None = "future"
        elif adj in _LEX.past_adj:
            kind, offset = _past_period_kind(unit, int(number) if number else None)
        elif adj in _LEX.current_adj or m.group("dem"):
            kind = _current_period_kind(unit)
        else:
            kind = None
        if kind is not None:
            early = kind == "month" and _early_before(text, m.start())
            found.append(TimeMention(_start(m), m.end(), kind, offset_days=offset, early=early))
    return found


def _ago_kind(days: int) -> str:
    """Kind of an exact "N days ago" offset."""
    if days == 1:
        return "yesterday"
    if days == 2:
        return "day_before_yesterday"
    if days < 7:
        return "recent_days"
    return "last_week" if days < 14 else "past_period"


def _ago_mention(start: int, end: int, unit: int, count: int) -> TimeMention:
    """A mention for "قبل/منذ" + quantity + unit; count 0 means "several"."""
    if unit == 0:
        return TimeMention(start, end, "recent_hours")
    if count == 0:
        if unit == 1:
            return TimeMention(start, end, "recent_days")
        return TimeMention(start, end, "past_period", offset_days=-2 * unit)
    days = unit * count
    return TimeMention(start, end, _ago_kind(days), offset_days=-days)


def _ago_mentions(text: str) -> list[TimeMention]:
    """"قبل يومين", "منذ ثلاثة أيام", "قبل أسبوع", "منذ ساعات", "منذ سنوات"."""
    found = []
    for m in _AGO_RE.finditer(text):
        unit, count = _LEX.ago_units[_key(m.group("unit"))]
        quantity = m.group("n")
        if quantity and quantity.isdigit():
            count = int(quantity)
        elif quantity:
            count = _LEX.numbers.get(quantity, 0)
        found.append(_ago_mention(_start(m), m.end(), unit, count))
    return found


def _future_mentions(text: str) -> list[TimeMention]:
    """"غدا", "بعد غد", "في وقت لاحق"."""
    return [TimeMention(_start(m), m.end(), "future") for m in _FUTURE_RE.finditer(text)]


_LAST_WEEK_DAYS = 7  # "الأسبوع الماضي" is D − 7 (CODEBOOK §12)
_EARLY_MONTH_DAYS = tuning.EARLY_MONTH_DAYS
_WEEK_EDGE_DAYS = {"week_start": calendar.SUNDAY, "week_end": calendar.FRIDAY}  # Python weekdays (Monday 0)

_WEEK_EDGE_RE = compiled(
    rf"{_B}{_PRE}(?:(?P<start>{_W['week_start']})|(?P<end>{_W['week_end']}))\s+(?:{_W['week_noun']})"
    rf"(?:\s+(?P<adj>{_ADJ}))?{_E}"
)


def _week_edge_mentions(text: str) -> list[TimeMention]:
    """"مطلع الأسبوع" (the Sunday on or before D) and "نهاية الأسبوع" (the Friday on or before D),
    CODEBOOK §12; the start of last week is a week earlier, the end of next week is in the future."""
    found = []
    for m in _WEEK_EDGE_RE.finditer(text):
        adj = _key(m.group("adj") or "")
        if adj in _LEX.future_adj:
            kind, offset = "future", None
        else:
            kind = "week_start" if m.group("start") else "week_end"
            offset = -_LAST_WEEK_DAYS if kind == "week_start" and adj in _LEX.past_adj else 0
        found.append(TimeMention(_start(m), m.end(), kind, offset_days=offset))
    return found


_RECOGNIZERS = (
    _relative_mentions, _weekday_mentions, _day_month_mentions, _month_mentions, _numeric_mentions,
    _year_mentions, _period_mentions, _ago_mentions, _future_mentions, _week_edge_mentions,
    _day_of_month_mentions,
)

# For each recognizer, a part its pattern cannot match without (a month name, a weekday, a year …),
# searched alone first: the full patterns are tried at every word start, and most texts hold no month,
# no date in digits, no "ago"; a text without the part cannot give a match, so its pass is skipped.
# A word part must also start where the pattern lets it: after a character that is no word character,
# after a proclitic glued to it (its last letter), or after the few word characters listed (a day
# number in "10سبتمبر", the last letter of "من" in "10 منسبتمبر"); so "اب" (August) inside "ارهاب" does
# not count. Recognizers that share a part share its search.
_GLUE = frozenset(chain[-1] for chain in subset("time"))
_MONTH_AFTER_DAY = _GLUE | frozenset("0123456789") | frozenset(word[-1] for word in _LEX.words["of"])
_MUST: dict[object, tuple[str, frozenset[str] | None]] = {
    _relative_mentions: (_REL, _GLUE),
    _weekday_mentions: (_WD, _GLUE),
    _day_month_mentions: (_MON, _MONTH_AFTER_DAY),
    _month_mentions: (_MON, _GLUE),
    _numeric_mentions: (r"\d\s?[/.\-]\s?\d", None),
    _year_mentions: (r"(?:19|20)\d\d", None),
    _period_mentions: (_alt(_LEX.period_nouns), _GLUE),
    _ago_mentions: (_alt(_LEX.ago_markers), _GLUE),
    _future_mentions: (_alt(_LEX.future), _GLUE),
    _week_edge_mentions: (_W["week_noun"], _GLUE),
    _day_of_month_mentions: (_W["this_month"], _GLUE),
}
_MUST_RE = {part: compiled(part) for part, _ in _MUST.values()}  # programs from the data cache
# the same part with every place its narrower glue allows and more (a month name after a day number or
# a glued proclitic, and after a proclitic alone): where the wider test failed, the narrower one fails
# too, so the text is not searched for the part a second time


def _wider(must: tuple[str, frozenset[str] | None]) -> tuple[str, frozenset[str] | None] | None:
    """A test of the same part made before this one whose glue holds all of this one's (or that needs
    none): where it failed, this one fails too."""
    part, glue = must
    for recognize in _RECOGNIZERS:
        other = _MUST[recognize]
        if other == must:
            return None
        if other[0] == part and (other[1] is None or (glue is not None and glue <= other[1])):
            return other
    return None


# (recognizer, the part it needs, a wider test of that part made before it) in ``_RECOGNIZERS`` order
_PLAN = tuple((recognize, _MUST[recognize], _wider(_MUST[recognize])) for recognize in _RECOGNIZERS)


def _holds(norm_text: str, part: str, glue: frozenset[str] | None) -> bool:
    """Whether ``part`` occurs where a match could use it (see ``_MUST``). Every position where it
    occurs is tried until one fits, so a misfit ("ارهاب") cannot hide a fit that overlaps it."""
    pattern = _MUST_RE[part]
    position = 0
    while (found := pattern.search(norm_text, position)) is not None:
        start = found.start()
        if glue is None or start == 0:
            return True
        before = norm_text[start - 1]
        if not (before.isalnum() or before == "_") or before in glue:  # ``\w`` is alnum or "_"
            return True
        position = start + 1
    return False


def _drop_overlaps(mentions: list[TimeMention]) -> list[TimeMention]:
    """Keep the longest mention where several overlap ("أمس الأول الإثنين" over "أمس" and "الإثنين")."""
    kept: list[TimeMention] = []
    spans: list[tuple[int, int]] = []  # the kept spans, by start: disjoint, so also by end
    for mention in sorted(mentions, key=lambda x: (x.start - x.end, x.start)):
        # the kept span starting last before this one ends is the only one that can overlap it
        i = bisect.bisect_left(spans, (mention.end, -1)) - 1
        if i < 0 or spans[i][1] <= mention.start:
            bisect.insort(spans, (mention.start, mention.end))
            kept.append(mention)
    return sorted(kept, key=lambda x: x.start)


# A second part a recognizer cannot match without, searched only where its first holds: a day of the
# month is a number or an ordinal word (``(?P<d>…)|(?P<ord>…)`` in both patterns), which a third of the
# texts naming a month lack; a text without either gives no match of them, so their scan is skipped.
_DAY_NUMBER_RE = re.compile(rf"\d|(?:{_ORD})")
# A period noun gives a mention only with an adjective (past, current, future) or a demonstrative
# ("الأيام الماضية", "هذا الأسبوع"), and an "ago" word only with its unit ("قبل يومين"): "قبل" and
# "الأيام" alone are common, and most windows that hold one hold neither, so its scan is skipped.
_PERIOD_WITH_RE = compiled(rf"{_ADJ}|{_alt(_LEX.demonstratives)}")
_AGO_UNIT_RE = compiled(_alt(_LEX.ago_units))
_ALSO: dict[object, re.Pattern[str]] = {
    _day_month_mentions: _DAY_NUMBER_RE,
    _day_of_month_mentions: _DAY_NUMBER_RE,
    _period_mentions: _PERIOD_WITH_RE,
    _ago_mentions: _AGO_UNIT_RE,
}


# The parts a text seldom holds (a date in digits, "غدا", "الأسبوع", "الشهر": under 3% of the texts
# read each), searched for at once: where none of them occurs, none holds, and their four searches are
# spared (the search of each part alone finds what the joined one finds, at the same place or later).
_RARE = (_numeric_mentions, _future_mentions, _week_edge_mentions, _day_of_month_mentions)
_RARE_RE = re.compile("|".join(f"(?:{_MUST[recognize][0]})" for recognize in _RARE))
_RARE_ABSENT: dict[object, bool] = {_MUST[recognize]: False for recognize in _RARE}


def find_times(norm_text: str) -> list[TimeMention]:
    """All time expressions of a normalized text, left to right, without overlaps."""
    mentions: list[TimeMention] = []
    present: dict[object, bool] = {} if _RARE_RE.search(norm_text) else dict(_RARE_ABSENT)
    for recognize, must, wider in _PLAN:
        holds = present.get(must)
        if holds is None:
            holds = present[must] = _holds(norm_text, *must) if present.get(wider) is not False else False
        if not holds:
            continue
        also = _ALSO.get(recognize)
        if also is not None:
            found = present.get(also)
            if found is None:
                found = present[also] = also.search(norm_text) is not None
            if not found:
                continue
        mentions.extend(recognize(norm_text))
    return _drop_overlaps(mentions)


# The recognizers whose mentions can resolve at precision 2 (a few days or a week: "الأيام الماضية",
# "قبل أسبوع", "مطلع الأسبوع", "هذا الأسبوع"); the others name a day, a month or a year, or no date
# (``resolve``) — the relative words too, unless their data file gives one of them another kind.
_WEEK_RECOGNIZERS = (_period_mentions, _ago_mentions, _week_edge_mentions) + (
    (_relative_mentions,) if {kind for kind, _ in _LEX.relative.values()} - _RELATIVE_KINDS else ()
)


def week_mentions(norm_text: str) -> list[TimeMention]:
    """Every mention ``find_times`` can return that may resolve at precision 2, and maybe more (overlaps
    are not dropped): a rule that only asks whether a text could give some week-precise date reads it
    with these few recognizers, not all eleven, each only where ``find_times`` would run it (``_holds``)."""
    ran = [recognize for recognize in _WEEK_RECOGNIZERS if _holds(norm_text, *_MUST[recognize])]
    return [mention for recognize in ran for mention in recognize(norm_text)]


# ---------------------------------------------------------------------------------------------- resolution

_DAY = datetime.timedelta(days=1)


def _latest_weekday(weekday: int, published: datetime.date, strictly_before: bool = False) -> datetime.date:
    """The latest date with this weekday on or before D (before D when the text says "الماضي")."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - back * _DAY


def _weekday_date(m: TimeMention, published: datetime.date) -> datetime.date:
    """The weekday of a mention, winning over its relative word; "today" may name D+1 (module docstring)."""
    assert m.weekday is not None
    if m.offset_days == 0 and (published + _DAY).weekday() == m.weekday:
        return published + _DAY
    return _latest_weekday(m.weekday, published, m.past)


def _year_for(month: int, day: int, published: datetime.date, past: bool) -> int:
    """The year that puts month/day on or before D (strictly before D's month for "… الماضي")."""
    if (month, day) > (published.month, published.day) or (past and month == published.month):
        return published.year - 1
    return published.year


def _sunday_of_week(day: datetime.date) -> datetime.date:
    """The Sunday that starts the Sunday–Saturday week of ``day``."""
    return day - ((day.weekday() + 1) % 7) * _DAY


def _middle(year: int, month: int, published: datetime.date | None) -> datetime.date:
    """The 15th of a month, or D when D falls earlier in that same month."""
    middle = datetime.date(year, month, 15)
    return min(middle, published) if published and published >= datetime.date(year, month, 1) else middle


def _resolve_absolute(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """Absolute day: as written; without a year, the year that puts it on or before D; a day of "this
    month" ("التاسع من الشهر الجاري") is in D's month (or the month before for "… الماضي")."""
    assert m.day is not None
    if m.month is None:
        return _day_of_month(m, published)
    if m.year is not None:
        return datetime.date(m.year, m.month, m.day), 1
    if published is None:
        return None, 1
    return datetime.date(_year_for(m.month, m.day, published, m.past), m.month, m.day), 1


def _day_of_month(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """The day of "الشهر الجاري/الماضي" against D (see ``_resolve_absolute``); a day the month does
    not have ("31 من الشهر الماضي" in May) is its last day, the nearest reading of a slip."""
    assert m.day is not None
    if published is None:
        return None, 1
    first = published.replace(day=1)
    for _ in range(m.months_back):
        first = (first - _DAY).replace(day=1)
    last = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(m.day, last)), 1


def _resolve_month(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """Month only: its middle (see module docstring), precision 3; "الشهر الجاري" is D's month."""
    if m.month is None:
        return (_middle(published.year, published.month, published), 3) if published else (None, 3)
    if m.year is not None:
        return _middle(m.year, m.month, published), 3
    if published is None:
        return None, 3
    return _middle(_year_for(m.month, 1, published, m.past), m.month, published), 3


def _resolve_year(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """Year only: 1 July (or D when earlier in that year), precision 3; "هذا العام" is D's year."""
    year = m.year if m.year is not None else (published.year if published else None)
    if year is None:
        return None, 3
    middle = datetime.date(year, 7, 1)
    return (min(middle, published) if published and published.year == year else middle), 3


def _resolve_since(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """"منذ …": the start of what is named."""
    if m.day is not None:
        return _resolve_absolute(m, published)
    if m.month is not None:
        if m.year is not None:
            return datetime.date(m.year, m.month, 1), 3
        if published is None:
            return None, 3
        return datetime.date(_year_for(m.month, 1, published, m.past), m.month, 1), 3
    return (datetime.date(m.year, 1, 1), 3) if m.year is not None else (None, 3)


def _resolve_relative(m: TimeMention, published: datetime.date) -> tuple[datetime.date | None, int]:
    """Kinds that count from D: weekdays, relative words, weeks, months and periods."""
    if m.weekday is not None and m.kind in _RELATIVE_KINDS | {"weekday"}:
        return _weekday_date(m, published), 1
    if m.kind in _RELATIVE_KINDS or m.kind == "recent_hours":
        return published + (m.offset_days or 0) * _DAY, 1
    if m.kind == "recent_days":
        return (published, 2) if m.offset_days is None else (published + m.offset_days * _DAY, 1)
    if m.kind == "last_week":
        if m.offset_days is not None:
            return published + m.offset_days * _DAY, 2
        return published - _LAST_WEEK_DAYS * _DAY, 2
    if m.kind in _WEEK_EDGE_DAYS:
        return _latest_weekday(_WEEK_EDGE_DAYS[m.kind], published) + (m.offset_days or 0) * _DAY, 2
    if m.kind == "this_week":
        return min(_sunday_of_week(published) + 3 * _DAY, published), 2
    if m.kind == "last_month":
        first = published.replace(day=1) - _DAY
        return first.replace(day=15), 3
    if m.kind == "past_period" and m.offset_days is not None:
        return published + m.offset_days * _DAY, 3
    return None, 3


def resolve(m: TimeMention, published: datetime.date | None) -> tuple[datetime.date | None, int]:
    """The (event date, time_precision) a mention gives against publication day D (CODEBOOK §5).

    Precision 0 with a None date means the mention gives no codable date (a future marker).
    """
    if m.kind == "future":
        return None, 0
    if m.kind == "absolute":
        return _resolve_absolute(m, published)
    if m.kind == "month":
        return _resolve_month(m, published)
    if m.kind == "year":
        return _resolve_year(m, published)
    if m.kind == "since":
        return _resolve_since(m, published)
    if published is None:
        if m.kind == "recent_days" and m.offset_days is not None:
            return None, 1
        return None, _UNDATED_PRECISION.get(m.kind, 3)
    return _resolve_relative(m, published)


_UNDATED_PRECISION = {
    "recent_days": 2, "last_week": 2, "this_week": 2, "week_start": 2, "week_end": 2, "last_month": 3,
    "past_period": 3,
    "today": 1, "yesterday": 1, "day_before_yesterday": 1, "last_night": 1, "tonight": 1, "weekday": 1,
    "recent_hours": 1,
}

# ---------------------------------------------------------------------------------------------- background


def _last_day(m: TimeMention, published: datetime.date) -> datetime.date | None:
    """The last day a dated mention can refer to: the day, the month's or the year's end."""
    if m.kind == "absolute":
        return resolve(m, published)[0]
    if m.kind == "month" and m.month is not None:
        year = m.year if m.year is not None else _year_for(m.month, 1, published, m.past)
        last = _EARLY_MONTH_DAYS if m.early else calendar.monthrange(year, m.month)[1]
        return datetime.date(year, m.month, last)
    if m.kind == "month" and m.early and published.day > _EARLY_MONTH_DAYS:
        return published.replace(day=_EARLY_MONTH_DAYS)  # "مطلع الشهر الجاري"
    if m.kind == "year" and m.year is not None:
        return datetime.date(m.year, 12, 31)
    if m.kind == "last_month":
        return published.replace(day=1) - _DAY
    if m.kind in _WEEK_EDGE_DAYS:
        return resolve(m, published)[0]
    if m.offset_days is not None and m.kind in {"recent_days", "last_week", "past_period"}:
        return published + m.offset_days * _DAY
    return None


def is_background(m: TimeMention, published: datetime.date | None, window_days: int = 7) -> bool:
    """Whether the mention clearly places its event before the coding window [D - window_days, D] (§2).

    Period tolls ("خلال الأشهر الماضية", "العام الماضي", "منذ سنوات") are background even without D;
    "الأسبوع الماضي" never is, since the previous week always reaches into the window.
    """
    if m.kind == "past_period" and (m.offset_days is None or m.offset_days < -window_days):
        return True
    if published is None or m.kind == "future":
        return False
    limit = published - window_days * _DAY
    if m.kind == "since":
        start = resolve(m, published)[0]
        return start is not None and start < limit
    last = _last_day(m, published)
    return last is not None and last < limit

