"""The shortcuts that keep extraction linear in text length give what the plain scans gave.

Speed itself is measured by scripts (``scripts/benchmark.py``), never timed here; these tests check
that each bounded look-up equals the whole-text scan it replaced, on real Arabic text.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from rasd.assemble.context import _SpanIndex
from rasd.assemble.scene import _inside_quotes
from rasd.recognize.times import TimeMention, _drop_overlaps, _previous_word, find_times
from rasd.text.normalize import normalize
from rasd.text.segment import sentences
from rasd.tuning import MAX_SENTENCE_CHARS

_PREV_WORD_RE = re.compile(r"(\S+)\s*$")  # the scan from the text's start that _previous_word replaced


def _naive_drop(mentions: list[TimeMention]) -> list[TimeMention]:
    kept: list[TimeMention] = []
    for mention in sorted(mentions, key=lambda x: (x.start - x.end, x.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda x: x.start)


def test_previous_word_equals_the_scan_from_the_start() -> None:
    text = normalize('قال المرصد  "حتى الآن" \n قتل 5 أمس،   ومنذ اليوم الأول').text
    for position in range(len(text) + 1):
        found = _PREV_WORD_RE.search(text, 0, position)
        assert _previous_word(text, position) == (found.group(1) if found else ""), position


def test_overlap_removal_equals_the_pairwise_check() -> None:
    rng = random.Random(7)
    for _ in range(200):
        mentions = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 80)
            mentions.append(TimeMention(start, start + rng.randint(1, 15), "today"))
        assert _drop_overlaps(mentions) == _naive_drop(mentions)


def test_time_words_of_a_long_text_match_sentence_by_sentence() -> None:
    unit = "قصفت الطائرات البلدة أمس الأول، ثم عادت يوم الخميس الماضي حتى الآن. "
    one = normalize(unit).text
    alone = find_times(one)
    assert [m.kind for m in alone] == ["day_before_yesterday", "weekday"]  # "حتى الآن" is no date
    shifted = [
        replace(m, start=m.start + copy * len(one), end=m.end + copy * len(one))
        for copy in range(200)
        for m in alone
    ]
    assert find_times(normalize(unit * 200).text) == shifted


def test_span_index_equals_the_pass_over_every_span() -> None:
    rng = random.Random(11)
    for _ in range(100):
        spans = []
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 100)
            spans.append((start, start + rng.randint(1, 20)))
        index = _SpanIndex(spans)
        for start in range(0, 110, 3):
            for end in range(start + 1, start + 12, 2):
                assert index.covers(start, end) == any(s <= start and end <= e for s, e in spans)


def test_inside_quotes_counts_quotes_of_its_paragraph_only() -> None:
    text = normalize('قال "اليوم قصفنا" ثم\nأضاف: "غدا نعود" اليوم').text
    for position in range(len(text)):
        paragraph_start = text.rfind("\n", 0, position) + 1
        expected = text.count('"', paragraph_start, position) % 2 == 1
        assert _inside_quotes(text, position) == expected, position


def test_a_run_without_full_stop_is_cut_into_bounded_sentences() -> None:
    text = normalize("اشتبك مقاتلو التنظيم مع القوات قرب البلدة، " * 500).text
    found = sentences(text)
    assert len(found) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in found)
    assert [s.index for s in found] == list(range(len(found)))
    covered = "".join(text[s.start : s.end] for s in found)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_a_news_sentence_is_not_cut() -> None:
    long_clause = "وأضاف المرصد أن " * 100  # 1,600 characters, shorter than any cut
    text = normalize("قتل 5 مدنيين في قصف على بلدة كفرزيتا أمس. " + long_clause + "القصف تواصل.").text
    assert len(sentences(text)) == 2


def test_a_run_of_number_words_too_long_to_be_a_count_is_no_count() -> None:
    from rasd.recognize.quantities import number_value

    text = normalize("خمسة عشر وثلاثة وعشرون ومئة " * 400).text
    assert number_value(text) == (0, True)  # the product overflows a float: no count, and no crash
    assert number_value(normalize("خمسة وعشرون").text) == (25, False)
