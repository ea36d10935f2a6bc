"""One pass per text (issue 12): each index and shortcut gives what the plain scan it replaced gave.

Speed is measured by ``scripts/benchmark.py`` and ``scripts/benchmark_scaling.py``, never timed here.
The sentences are written for these tests (no news text).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rasd.assemble.topic import topic_lexicon
from rasd.recognize import times
from rasd.recognize.actors import _source_index, load_registry
from rasd.recognize.cues import cue_lexicon
from rasd.recognize.places import place_lexicon
from rasd.recognize.times import find_times
from rasd.recognize.triggers import find_triggers, trigger_lexicon
from rasd.text.document import Document
from rasd.text.lexicon import Match, PhraseLexicon, _continues
from rasd.text.normalize import _DROP, normalize, normalize_char
from rasd.text.tokens import (
    JOINERS,
    NAME_JOINERS,
    PROCLITICS,
    Token,
    retokenize,
    split_words,
    stems_of,
    tokenize,
    tokenize_shared,
    words_with_stem,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "ant-2018-02-07.jsonl.gz"

SENTENCES = [
    "قصفت طائرات حربية بلدة خان شيخون في ريف إدلب الجنوبي فجر الثلاثاء، ما أسفر عن مقتل 5 مدنيين.",
    'قالت "قوات سوريا الديمقراطية" إن عناصر من تنظيم "داعش" هاجموا مواقعها قرب الباغوز أمس الأول.',
    "واندلعت اشتباكات عنيفة بين الجيش العراقي ومسلحين في محافظة صلاح الدين، وفق مصادر أمنية.",
    "أطلق مجهولون النار على دورية للشرطة في مدينة عدن، وأصيب اثنان من أفرادها بجروح.",
    "تظاهر مئات المحتجين أمام مقر الحكومة في تونس العاصمة للمطالبة بالإفراج عن المعتقلين.",
    "وللتنظيم خلايا في البادية السورية، بحسب المرصد السوري لحقوق الإنسان.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دمشق-درعا، وقتل جنديان في الانفجار.",
    "افتتح وزير الثقافة معرضا للكتاب في مدينة حلب وسط حضور كبير من الزوار.",
    "فاز المنتخب الوطني بالمباراة النهائية للبطولة أمام جمهور غفير في الملعب.",
    "وشنت مقاتلات التحالف بقيادة السعودية غارات على صنعاء والحديدة، وقالت قناة المسيرة إن 12 شخصا قتلوا.",
]


def _lexicons() -> dict[str, PhraseLexicon[Any]]:
    registry = load_registry()
    return {
        "triggers": trigger_lexicon(),
        "cues": cue_lexicon(),
        "places": place_lexicon(),
        "actors": registry._lexicon,
        "anaphora": registry._anaphora,
        "sources": _source_index(),
        "topic": topic_lexicon(),
    }


def _old_match_at(lexicon: PhraseLexicon[Any], tokens: Sequence[Token], i: int) -> Match[Any] | None:
    """The matcher before the indexes: every phrase of every stem's bucket, longest wins."""
    best: Match[Any] | None = None
    for stem, cut in tokens[i].stems:
        for rest, key, value in lexicon._buckets().get(stem, ()):
            end = i + 1 + len(rest)
            if best is not None and end <= best.last_token:
                continue
            if end > len(tokens) or not _continues(tokens, i, rest):
                continue
            token = tokens[i]
            best = Match(token.start + cut, tokens[end - 1].end, i, end, key, value, token.text[:cut])
    return best


def _old_find(lexicon: PhraseLexicon[Any], tokens: Sequence[Token]) -> list[Match[Any]]:
    found, i = [], 0
    while i < len(tokens):
        match = _old_match_at(lexicon, tokens, i)
        if match is None:
            i += 1
        else:
            found.append(match)
            i = match.last_token
    return found


def _phrase_text(rng: random.Random, lexicon: PhraseLexicon[Any]) -> str:
    """A run of the lexicon's own phrases with proclitics, quotes, hyphens and commas between: text
    where nearly every token starts some phrase, and longer phrases compete with shorter ones."""
    keys = sorted({key for bucket in lexicon._buckets().values() for _, key, _ in bucket})
    parts = []
    for _ in range(40):
        words = rng.choice(keys).split()
        if rng.random() < 0.3 and len(words) > 1:
            words = words[: rng.randint(1, len(words) - 1)]  # a phrase cut short
        prefix = rng.choice(["", "", "و", "ب", "لل", "وال", "فب"])
        parts.append(prefix + " ".join(words) + rng.choice([" ", " ", '" ', "، ", "-", " ("]))
    return "".join(parts)


@pytest.mark.parametrize("name", sorted(_lexicons()))
def test_indexed_matcher_equals_the_scan_of_every_bucket(name: str) -> None:
    lexicon = _lexicons()[name]
    rng = random.Random(name)
    texts = [*SENTENCES, *(_phrase_text(rng, lexicon) for _ in range(30))]
    for text in texts:
        norm = normalize(text).text
        for tokens in (tokenize(norm), tokenize(norm, NAME_JOINERS)):
            assert lexicon.find(tokens) == _old_find(lexicon, tokens), text
            for i in range(len(tokens)):
                assert lexicon.match_at(tokens, i) == _old_match_at(lexicon, tokens, i), (text, i)
    assert any(lexicon.find(tokenize(normalize(text).text)) for text in texts)


@pytest.mark.parametrize("name", sorted(_lexicons()))
def test_starts_lists_exactly_the_tokens_whose_stem_begins_a_phrase(name: str) -> None:
    lexicon = _lexicons()[name]
    rng = random.Random(name)
    for text in [*SENTENCES, _phrase_text(rng, lexicon)]:
        tokens = tokenize(normalize(text).text)
        expected = [i for i, t in enumerate(tokens) if any(s in lexicon._buckets() for s, _ in t.stems)]
        assert lexicon.starts(tokens) == expected


def test_the_written_forms_and_the_stem_loop_agree_on_a_big_lexicon() -> None:
    small = PhraseLexicon([("قوات النظام", 1), ("الجيش", 2), ("غارة", 3), ("دير الزور", 4)])
    tokens = tokenize(normalize("وللجيش غارات وغارة على قوات النظام في دير الزور وبالجيش").text)
    assert small._written_forms() is not None
    listed = small.starts(tokens)
    small._forms = None
    from rasd.text import lexicon as module

    limit = module._FORMS_MAX_HEADS
    module._FORMS_MAX_HEADS = 0  # as a lexicon too big to list its forms
    try:
        assert small._written_forms() is None
        assert small.starts(tokens) == listed == [0, 2, 4, 7, 9]
    finally:
        module._FORMS_MAX_HEADS = limit


def test_words_with_a_stem_are_exactly_the_words_stemmed_to_it() -> None:
    stems = ["الجيش", "جيش", "تنظيم", "التنظيم", "قصف", "حلب", "ال", "لبنان", "بنان", "12", "ab"]
    words = {prefix + s for s in stems for prefix in ("", *PROCLITICS)} | {"للتنظيم", "ولتنظيم", "وللجيش"}
    for stem in stems:
        forms = set(words_with_stem(stem))
        for word in words:
            assert (word in forms) == any(s == stem for s, _ in stems_of(word)), (stem, word)


def test_may_match_is_false_only_where_find_finds_nothing() -> None:
    lexicon = trigger_lexicon()
    rng = random.Random(3)
    texts = [*SENTENCES, *(_phrase_text(rng, lexicon) for _ in range(20))]
    said_no = 0
    for text in texts:
        norm = normalize(text).text
        found = lexicon.find(tokenize(norm))
        if not lexicon.may_match(split_words(norm)):
            said_no += 1
            assert found == [], text
    assert said_no >= 2  # the two quiet sentences (an exhibition, a match) are told apart


def test_may_match_needs_the_second_word_joined() -> None:
    lexicon = PhraseLexicon([("اطلاق نار", "shooting")])
    assert lexicon.may_match(split_words(normalize("وتم إطلاق النار").text)) is False  # النار ≠ نار
    assert lexicon.may_match(split_words(normalize("وتم إطلاق نار").text)) is True
    assert lexicon.may_match(split_words(normalize("إطلاق، نار").text)) is False


def test_a_document_without_trigger_is_never_tokenized() -> None:
    quiet = Document(SENTENCES[7])
    assert find_triggers(quiet) == []
    assert "tokens" not in quiet.__dict__ and "sentences" not in quiet.__dict__
    busy = Document(SENTENCES[0])
    assert find_triggers(busy)
    assert "tokens" in busy.__dict__


def _fields(tokens: Sequence[Token]) -> list[tuple[Any, ...]]:
    return [(t.text, t.start, t.end, t.stems, t.joined) for t in tokens]


def test_tokens_from_the_word_pairs_equal_a_fresh_tokenize() -> None:
    text = normalize(" ".join(SENTENCES) + ' ab-12 «حزب-الله» #ميليشيات_الحوثي ... "x"').text
    for joiners in (JOINERS, NAME_JOINERS, " "):
        assert _fields(tokenize(text, joiners, split_words(text))) == _fields(tokenize(text, joiners))
    tokenize_shared(text, split_words(text))
    for joiners in (NAME_JOINERS, " ", JOINERS):
        assert _fields(retokenize(text, joiners)) == _fields(tokenize(text, joiners))


def _normalize_char_by_char(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalization one character at a time (``normalize_char``): what ``normalize`` must equal."""
    out, orig = [], []
    for index, ch in enumerate(text):
        mapped = normalize_char(ch)
        if mapped:
            out.append(mapped)
            orig.append(index)
    return "".join(out), tuple(orig)


def test_normalize_equals_the_character_by_character_rule() -> None:
    rng = random.Random(5)
    pool = [*sorted(_DROP)[:: max(1, len(_DROP) // 60)], *"قتلأإآةى ١٢ABc\u200b\u200f\U000e0041\n"]
    texts = [*SENTENCES, "مُقَاتِلُو\u200cن", *("".join(rng.choice(pool) for _ in range(40)) for _ in range(300))]
    for text in texts:
        normalized = normalize(text)
        assert (normalized.text, normalized.orig) == _normalize_char_by_char(text), text


def test_find_times_over_a_long_text_equals_its_paragraphs_shifted() -> None:
    paragraphs = [
        "قصفت الطائرات البلدة أمس الأول، وعادت يوم الخميس الماضي.",
        "وفي 10 سبتمبر 2018 قتل ثلاثة مدنيين، وحتى الآن لا توجد حصيلة.",
        "ومنذ عام 2014 تشهد المنطقة اشتباكات خلال الأسبوع الماضي والشهر الجاري.",
        "وقال المرصد اليوم الجمعة إن الهجوم وقع قبل يومين في 3/9/2018.",
        "افتتح المعرض صباح اليوم، وسيستمر حتى نهاية الأسبوع المقبل.",
    ]
    rng = random.Random(9)
    pieces = [normalize(rng.choice(paragraphs)).text for _ in range(400)]
    expected, offset = [], 0
    for piece in pieces:
        expected += [replace(m, start=m.start + offset, end=m.end + offset) for m in find_times(piece)]
        offset += len(piece) + 1
    assert len(expected) > 800
    assert find_times("\n".join(pieces)) == expected


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared) not present")
def test_may_match_and_the_index_on_corpus_articles() -> None:
    lexicon = trigger_lexicon()
    cues = cue_lexicon()
    told = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for count, line in enumerate(handle):
            if count >= 150:
                break
            norm = normalize(json.loads(line)["text"]).text
            tokens = tokenize(norm)
            found = lexicon.find(tokens)
            assert found == _old_find(lexicon, tokens)
            assert cues.find(tokens) == _old_find(cues, tokens)
            if not lexicon.may_match(split_words(norm)):
                told += 1
                assert found == []
    assert told > 20


def _flat_alternation(words: Sequence[str]) -> str:
    """The alternation ``times._alt`` wrote before the trie: every word, longest first."""
    unique = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in unique)


def test_the_trie_alternation_matches_what_the_flat_list_matched() -> None:
    tables = [times._LEX.months, times._LEX.ordinals, times._LEX.relative, times._LEX.weekdays]
    text = normalize(" ".join(SENTENCES) + " امس الاول والعاشر من ايار وفي الحادي والعشرين من ابريل").text
    for table in tables:
        words = list(table)
        for wrap in ("(?:{})", r"(?<!\w)(?:{})(?!\w)", r"(?:{})\s+\S"):
            flat = re.compile(wrap.format(_flat_alternation(words)))
            trie = re.compile(wrap.format(times._alt(words)))
            sample = text + " " + " ".join(words) + " " + "".join(words)
            assert [m.span() for m in trie.finditer(sample)] == [m.span() for m in flat.finditer(sample)]


def test_skipping_a_time_pattern_whose_part_is_absent_changes_nothing() -> None:
    texts = [
        *SENTENCES,
        "قتل 3 في10سبتمبر 2018 وفي 11 منسبتمبر، وبأيار الماضي، ولامس الأول، وفيالثلاثاء",
        "الإرهاب باب الكتاب لاب، ومارس الضغط منذ 2015 وقبل يومين 3-9-2018 وحتى نهاية الأسبوع.",
        "غدا يوم الجمعة، وبعد غد، وفي وقت لاحق اليوم، وخلال الأيام الماضية، ومطلع الأسبوع الماضي.",
    ]
    skipped = 0
    for text in texts:
        norm = normalize(text).text
        everything = [m for recognize in times._RECOGNIZERS for m in recognize(norm)]
        assert find_times(norm) == times._drop_overlaps(everything), text
        skipped += sum(not times._holds(norm, *times._MUST[r]) for r in times._RECOGNIZERS)
    assert skipped > 10
    assert not times._holds(normalize("حارب الإرهاب").text, *times._MUST[times._month_mentions])
    assert times._holds(normalize("10سبتمبر").text, *times._MUST[times._day_month_mentions])


def test_a_start_word_before_a_mention_is_found_without_scanning_from_the_text_start() -> None:
    sample = "قصف في مطلع  الشهر الجاري، وفيمطلع\nالشهر و مطلعالشهر ومستهل الشهر ثم الشهر الجاري"
    text = normalize(sample).text
    for position in range(len(text) + 1):
        expected = times._EARLY_BEFORE_RE.search(text, 0, position) is not None
        assert times._early_before(text, position) == expected, position
    assert any(times._early_before(text, p) for p in range(len(text)))


def test_road_link_forms_are_the_words_whose_stem_links_a_road() -> None:
    from rasd.recognize import places

    links = sorted(places._ROAD_LINKS)
    written = [f"{prefix}{link}" for link in links for prefix in ("", "و", "بال", "لل", "ف")]
    text = " ".join([*written, SENTENCES[6]])
    tokens = tokenize(normalize(text).text)
    expected = [i for i, t in enumerate(tokens) if any(s in places._ROAD_LINKS for s, _ in t.stems)]
    assert expected
    assert [i for i, t in enumerate(tokens) if t.text in places._ROAD_LINK_FORMS] == expected
