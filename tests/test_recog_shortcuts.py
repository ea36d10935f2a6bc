"""The recognizers' shortcuts of the h-recog round (issue 12) answer as the plain computation they replace.

Speed is measured by ``scripts/benchmark_compare.py``, never timed here. The sentences are written for
these tests (no news text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from rasd.recognize import quantities
from rasd.recognize.cues import cue_lexicon
from rasd.recognize.triggers import trigger_lexicon
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize
from rasd.text.tokens import joins, split_words

SENTENCES = [
    "قصفت طائرات حربية بلدة خان شيخون في ريف إدلب الجنوبي فجر الثلاثاء، ما أسفر عن مقتل 5 مدنيين.",
    "واندلعت اشتباكات عنيفة بين الجيش ومسلحين في محافظة صلاح الدين، وفق مصادر أمنية.",
    "أطلق مجهولون النار على دورية للشرطة في مدينة عدن، وأصيب اثنان من أفرادها بجروح.",
    "وتم إطلاق نار كثيف قرب السوق، ثم إطلاق، نار متقطع بعد الظهر.",
    "تظاهر مئات المحتجين أمام مقر الحكومة في تونس العاصمة للمطالبة بالإفراج عن المعتقلين.",
    "افتتح وزير الثقافة معرضا للكتاب في مدينة حلب وسط حضور كبير من الزوار.",
    "فاز المنتخب الوطني بالمباراة النهائية للبطولة أمام جمهور غفير في الملعب.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دمشق-درعا، وقتل جنديان في الانفجار.",
    "",
    "...",
]


def _plain_may_match(lexicon: PhraseLexicon[Any], words: Sequence[tuple[str, str]]) -> bool:
    """``PhraseLexicon.may_match`` as it was written before: a set of the text's words first."""
    distinct = set(map(itemgetter(1), words))
    forms = lexicon._written_forms()
    if forms is None:
        return bool(lexicon._starters(distinct))
    if not distinct.isdisjoint(forms.single):
        return True
    starters = distinct & forms.second_words
    for k in range(len(words) - 1):
        word = words[k][1]
        if word in starters:
            gap, following = words[k + 1]
            if following in forms.second[word] and joins(gap):
                return True
    return False


def _texts() -> list[str]:
    """Each sentence alone, and each pair, so that a phrase may also run across a sentence's end."""
    pairs = [a + " " + b for a, b in zip(SENTENCES, SENTENCES[1:], strict=False)]
    return [normalize(text).text for text in [*SENTENCES, *pairs]]


def test_may_match_answers_as_the_set_of_words_did() -> None:
    two_words = PhraseLexicon([("اطلاق نار", "shooting"), ("عبوة ناسفة", "bomb")])
    lexicons = [trigger_lexicon(), cue_lexicon(), two_words]
    answers = set()
    for lexicon in lexicons:
        for text in _texts():
            words = split_words(text)
            answer = lexicon.may_match(words)
            assert answer == _plain_may_match(lexicon, words), text
            answers.add(answer)
    assert answers == {True, False}  # both answers are given, so a shortcut stuck on one would fail


def test_may_match_needs_the_second_word_right_after_the_first() -> None:
    lexicon = PhraseLexicon([("اطلاق نار", "shooting")])
    texts = ("نار ثم إطلاق", "إطلاق نار")
    said = {text: lexicon.may_match(split_words(normalize(text).text)) for text in texts}
    assert said == {"نار ثم إطلاق": False, "إطلاق نار": True}


def test_the_named_dead_lookahead_changes_no_match() -> None:
    """``_NAMED_RE`` is led by a lookahead for the first letters of its cue words: the same matches as
    without it, on every cue bare, after proclitics, inside words, before a title and before none."""
    out = quantities._OUT
    lead = quantities._first_letter(out["named_killed"])
    assert lead and quantities._NAMED_RE.pattern.startswith(lead)
    plain = re.compile(quantities._NAMED_RE.pattern[len(lead) :])
    pieces = []
    for cue in out["named_killed"]:
        for title in out["one_titles"][:3]:
            pieces += [cue, title, "،", "و" + cue, "ال" + title, "."]
            pieces += ["ب" + cue, "خالد", "،", title, "في المدينة."]
        pieces += ["ل" + cue + "ها", "اصابات", "."]
    text = normalize(" ".join(pieces)).text
    slow = [m.span() for m in plain.finditer(text)]
    assert len(slow) >= len(out["named_killed"])
    assert [m.span() for m in quantities._NAMED_RE.finditer(text)] == slow
