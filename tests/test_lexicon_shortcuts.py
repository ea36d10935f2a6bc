"""Shortcuts of the phrase matcher and the place recognizer (issue 12): each gives what the plain path
it skips gave. Speed is measured by ``scripts/benchmark.py``, never timed here. The sentences are
written for these tests (no news text).
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

from rasd.recognize import places
from rasd.recognize.cues import cue_lexicon
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize
from rasd.text.tokens import Token, tokenize

SENTENCES = [
    "قصفت المدفعية قرية الحمرا القريبة من بلدة السفيرة في ريف حلب الشرقي صباح الاثنين.",
    "وأطلق المسلحون قذيفتين من مدينة صعدة باتجاه منطقة جازان، بحسب ما قال متحدث عسكري.",
    "وقعت الاشتباكات على بعد 12 كيلومترا من مدينة الرمادي، وفي محيط قضاء هيت غربي المحافظة.",
    "وصل الوفد قادما من العاصمة عمان إلى مؤتمر المانحين في جنيف لبحث إعادة الإعمار.",
    "انفجرت سيارة مفخخة بالقرب من سوق شعبي شمال غرب بغداد، وسط البلدة القديمة.",
    "نزح مئات السكان من قرى جنوب محافظة درعا نحو الحدود الأردنية خلال الأيام الماضية.",
]


def _tokens(text: str) -> list[Token]:
    return tokenize(normalize(text).text)


def _plain_cue_ending_at(tokens: Sequence[Token], i: int) -> tuple[frozenset[str], str] | None:
    """``_cue_ending_at`` without the look-up of the words a place cue may end with."""
    cues = cue_lexicon()
    for start in (i - 1, i):
        if start < 0:
            continue
        match = cues.match_at(tokens, start)
        if match is not None and match.last_token == i + 1:
            classes = places._place_cue_classes(match.value)
            if classes:
                return frozenset(classes), match.phrase.split()[-1]
    return None


def test_a_place_cue_ends_only_with_a_word_of_the_cue_ends() -> None:
    found = 0
    for text in SENTENCES:
        tokens = _tokens(text)
        for i in range(len(tokens)):
            plain = _plain_cue_ending_at(tokens, i)
            assert places._cue_ending_at(cue_lexicon(), tokens, i) == plain, (text, i)
            found += plain is not None
    assert found >= 8  # قرب/القريبة من، بلدة، ريف، مدينة، منطقة، قضاء، محافظة … are read as cues


def test_ending_forms_hold_the_last_words_of_kept_phrases_only() -> None:
    lexicon = PhraseLexicon([("ريف", "rural"), ("على مقربة من", "near"), ("قرب", "near"), ("قال", "said")])
    ends = lexicon.ending_forms(lambda value: value in {"near", "rural"})
    assert {"ريف", "بريف", "وبريف", "الريف", "قرب", "وقرب", "من"} <= ends
    assert "قال" not in ends and "وقال" not in ends and "مقربة" not in ends


def _matches(lexicon: PhraseLexicon[Any], tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    return [(m.first_token, m.last_token, m.phrase) for m in lexicon.find(tokens)]


def test_what_a_word_may_begin_is_forgotten_when_a_phrase_is_added() -> None:
    lexicon = PhraseLexicon([("دير الزور", 1)], article_optional=False)
    tokens = _tokens("اشتباكات في الزور وفي دير الزور")
    assert _matches(lexicon, tokens) == [(4, 6, "دير الزور")]
    assert lexicon.match_at(tokens, 2) is None  # "الزور" remembered as beginning nothing
    lexicon.add("الزور", 2)
    assert _matches(lexicon, tokens) == [(2, 3, "الزور"), (4, 6, "دير الزور")]


def test_what_a_word_may_begin_is_not_pickled() -> None:
    lexicon = PhraseLexicon([("خان شيخون", 1), ("ادلب", 2)])
    tokens = _tokens("قصفت الطائرات خان شيخون وريف إدلب")
    before = _matches(lexicon, tokens)
    assert lexicon._at  # the words met so far
    loaded = pickle.loads(pickle.dumps(lexicon))
    assert loaded._at == {}
    assert _matches(loaded, tokens) == before == [(2, 4, "خان شيخون"), (5, 6, "ادلب")]


ACTOR_TEXTS = [
    'قالت "قوات سوريا الديمقراطية" إن عناصر من تنظيم "داعش" هاجموا مواقعها قرب الباغوز.',
    "وشنت مقاتلات التحالف غارات على مواقع لجماعة الحوثي، وقالت وكالة الأنباء إن التنظيم انسحب.",
    "اشتبك مسلحو حزب-الله مع الجيش اللبناني، بحسب مصادر أمنية والمرصد السوري لحقوق الإنسان.",
    "نشرت #ميليشيات_الحوثي صورا لعناصر من قوات-الأمن الخاصة في عدن، حسب وكالة رويترز.",
]


def test_actors_and_sources_read_from_the_field_tokens_as_from_a_fresh_tokenize() -> None:
    from rasd.recognize.actors import _name_tokens, find_sources, load_registry

    registry = load_registry()
    shared = sources = 0
    for text in ACTOR_TEXTS:
        norm = normalize(text).text
        tokens = tokenize(norm)
        shared += _name_tokens(norm, tokens) is tokens
        fresh_actors = [vars(m) for m in registry.find(norm)]
        fresh_sources = [vars(m) for m in find_sources(norm)]
        assert [vars(m) for m in registry.find(norm, tokens)] == fresh_actors, text
        assert [vars(m) for m in find_sources(norm, tokens)] == fresh_sources, text
        assert fresh_actors, text
        sources += len(fresh_sources)
    assert sources >= 3
    assert shared == 2


def test_name_tokens_made_from_the_field_tokens_equal_a_tokenize_with_the_name_joiners() -> None:
    from rasd.recognize.actors import _rejoined
    from rasd.text.tokens import NAME_JOINERS

    rejoined = 0
    for text in [*ACTOR_TEXTS, "طريق دمشق - درعا -- و(حلب)-ادلب ، -الرقة"]:
        norm = normalize(text).text
        tokens = tokenize(norm)
        expected = tokenize(norm, NAME_JOINERS)
        made = _rejoined(norm, tokens)
        assert made == expected, text
        rejoined += sum(a.joined != b.joined for a, b in zip(tokens, made, strict=True))
    assert rejoined >= 5  # the texts with a hyphen are tokenized with the name joiners, not shared


def test_a_start_is_passed_over_only_when_no_second_word_of_any_of_its_stems_follows() -> None:
    # "بدر" has two stems that begin phrases: "بدر" itself and "در" after the proclitic ب
    lexicon = PhraseLexicon([("بدر الكبرى", 1), ("در الوادي", 2), ("الوادي", 3)], article_optional=False)
    tokens = _tokens("في بدر الوادي وبدر الكبرى وبدر، الوادي")
    assert _matches(lexicon, tokens) == [(1, 3, "در الوادي"), (3, 5, "بدر الكبري"), (6, 7, "الوادي")]
    begun, single, seconds = lexicon._at["بدر"]
    assert [cut for cut, _, _ in begun] == [0, 1] and not single and set(seconds) == {"الكبري", "الوادي"}
