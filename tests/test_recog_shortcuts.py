"""The recognizers' shortcuts of the h-recog round (issue 12) answer as the plain computation they replace.

Speed is measured by ``scripts/benchmark_compare.py``, never timed here. The sentences are written for
these tests (no news text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from rasd.assemble.context import cues_of
from rasd.recognize import actors, places, quantities, times
from rasd.recognize.cues import cue_forms, cue_lexicon
from rasd.recognize.triggers import trigger_lexicon
from rasd.text.document import Document
from rasd.text.lexicon import PhraseLexicon
from rasd.text.normalize import normalize, normalize_term
from rasd.text.tokens import (
    NAME_JOINERS,
    Token,
    joins,
    name_joined,
    split_words,
    stems_of,
    tokenize,
    tokenize_shared,
    words_with_stem,
)

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


def _words_near(stems: frozenset[str]) -> list[str]:
    """Words to test a written-forms set on: every form of its stems, the same with a letter too many
    or too few, and the words of the test sentences."""
    out = [word for stem in stems for word in words_with_stem(stem)]
    out += [word + "ة" for word in out] + [word[1:] for word in out if len(word) > 2]
    out += [word for text in SENTENCES for _, word in split_words(normalize(text).text)]
    return out


def test_the_place_rules_written_forms_answer_as_the_stem_walks() -> None:
    """Each rule of ``find_places`` that looked for a stem among a token's stems looks its written
    word up in the forms of those stems: the same answer for every word."""
    sets = {
        "describes_place": places._written_forms("describes_place"),
        "vague_actor": places._written_forms("vague_actor"),
        "report": places._written_forms("report"),
        "origin_verbs": places._written_forms("origin_verbs"),
    }
    stems_by_set = {kind: frozenset(cue_forms(kind)) for kind in sets}
    sets["correspondents"] = places._CORRESPONDENT_FORMS
    stems_by_set["correspondents"] = frozenset(places._CORRESPONDENTS)
    sets["origin_pronouns"] = places._ORIGIN_PRONOUN_FORMS
    stems_by_set["origin_pronouns"] = frozenset(places._ORIGIN_PRONOUNS)
    for kind, forms in sets.items():
        stems = stems_by_set[kind]
        words = _words_near(stems)
        hits = 0
        for word in words:
            walked = any(stem in stems for stem, _ in stems_of(word))
            assert (word in forms) == walked, (kind, word)
            hits += walked
        assert 0 < hits < len(words), kind  # both answers are met


def test_a_naming_word_is_one_without_an_article_before_its_stem() -> None:
    naming = frozenset(cue_forms("names_place"))
    forms = places._naming_forms()
    seen = set()
    for word in _words_near(naming):
        walked = any(stem in naming and "ال" not in word[:cut] for stem, cut in stems_of(word))
        assert (word in forms) == walked, word
        seen.add(walked)
    assert seen == {True, False}
    # "بمدينة تونس" names a place; "والمدينة كلها" does not
    assert normalize_term("بمدينة") in forms and normalize_term("والمدينة") not in forms


def test_datelines_are_found_at_line_starts_as_the_scan_found_them() -> None:
    lines = [
        "دبي، الإمارات العربية المتحدة (CNN)-- قالت السلطات إن الهجوم وقع فجرا.",
        "القدس - أطلق مستوطنون النار على مزارعين.",
        "  بغداد ـ انفجرت سيارة مفخخة. عدن (رويترز) - وقتل اثنان.",
        "",
        "\t«الشرق الأوسط» القاهرة: أعلنت الحكومة",
        "سطر بلا فاصل ولا علامة",
        "x",
        "وفي كركوك (255 كلم شمال بغداد) اشتباكات\r",
    ]
    for joiner in ("\n", "\n\n", " \n", "\r\n"):
        text = joiner.join(lines) + joiner
        plain = [(m.span(), m.groups()) for m in places._DATELINE.finditer(text)]
        assert len(plain) >= 4
        assert [(m.span(), m.groups()) for m in places._line_openings(text)] == plain
    assert places._line_openings("") == [*places._DATELINE.finditer("")]


_NAMED = [
    'قالت "قوات سوريا الديمقراطية" إن عناصر من تنظيم "داعش" هاجموا مواقعها قرب الباغوز، وإن التنظيم انسحب.',
    "اشتبك مسلحو حزب-الله مع الجيش، وقالت الحركة إن قوات - النظام قصفت #ميليشيات_الحوثي قرب صنعاء.",
    "وأعلنت حركة طالبان مسؤوليتها، ثم قالت الحركة إن مقاتليها سيطروا على مركز للشرطة.",
    "ولا ذكر هنا لأي جماعة - ولا لأي جيش -",
]


def _token_fields(tokens: Sequence[Token]) -> list[tuple[Any, ...]]:
    return [(t.text, t.start, t.end, t.stems, t.joined) for t in tokens]


def test_names_joined_from_the_remembered_tokens_equal_a_fresh_tokenize() -> None:
    for text in _NAMED:
        norm = normalize(text).text
        tokens = tokenize_shared(norm)
        joined = name_joined(norm, tokens)
        assert joined is not None
        assert _token_fields(joined) == _token_fields(tokenize(norm, NAME_JOINERS))
        assert _token_fields(actors._rejoined(norm + " ", tokenize(norm + " "))) == _token_fields(
            tokenize(norm + " ", NAME_JOINERS)
        )  # tokens not remembered: the gaps are judged anew
        assert name_joined(norm, list(tokens)) is None  # another list, though equal: not trusted
    hyphened = normalize(_NAMED[1]).text
    plain, joined = tokenize_shared(hyphened), name_joined(hyphened, tokenize_shared(hyphened))
    assert joined is not None and sum(t.joined for t in joined) > sum(t.joined for t in plain)


def _plain_find(registry: Any, norm: str, tokens: Sequence[Token]) -> list[Any]:
    """``ActorRegistry.find`` as it was: the starts of each of its two lexicons listed apart."""
    tokens = actors._name_tokens(norm, tokens)
    out: list[Any] = []
    names = set(registry._lexicon.starts(tokens))
    anaphors = set(registry._anaphora.starts(tokens))
    resume = 0
    for i in sorted(names | anaphors):
        if i < resume:
            continue
        if i in names:
            hit = registry._lexicon.match_at(tokens, i)
            if hit is not None:
                registry._emit(out, norm, tokens[i].start, hit.end, hit.value)
                resume = hit.last_token
                continue
        if i in anaphors:
            anaphor = registry._anaphor(out, norm, tokens, i)
            if anaphor is not None:
                out.append(anaphor)
    return out


def test_actors_found_in_one_pass_for_both_lexicons_are_those_found_in_two() -> None:
    registry = actors.load_registry()
    found = 0
    for text in [*_NAMED, *SENTENCES]:
        norm = normalize(text).text
        tokens = tokenize_shared(norm)
        mentions = registry.find(norm, tokens)
        assert mentions == _plain_find(registry, norm, tokens), text
        found += len(mentions)
        found += sum(m.anaphoric for m in mentions)
    assert found > len(_NAMED)  # names and anaphors ("التنظيم", "الحركة") are found


def test_actors_and_sources_in_one_pass_are_those_found_apart() -> None:
    registry = actors.load_registry()
    told = 0
    texts = [
        *_NAMED,
        *SENTENCES,
        "وقالت وكالة الأنباء الرسمية إن مصادر محلية أكدت أن المرصد السوري لحقوق الإنسان وثق الهجوم.",
        "أفاد مصدر عسكري لوكالة-رويترز أن حركة حماس أطلقت صواريخ، بحسب مصادر طبية.",
    ]
    for text in texts:
        norm = normalize(text).text
        tokens = tokenize_shared(norm)
        found, sources = registry.find_with_sources(norm, tokens)
        assert found == registry.find(norm, tokens), text
        assert sources == actors.find_sources(norm, tokens), text
        told += len(sources)
    assert told >= 4


def test_cues_read_sentence_by_sentence_are_those_of_the_whole_field_scan() -> None:
    """``cues_of`` looks up only the tokens it reads: read one sentence at a time, in any order, or all
    at once, the cues are the whole field's scan (``PhraseLexicon.find``) of those sentences."""
    text = "\n".join(
        [
            "قال مصدر أمني إن غارة جوية استهدفت قرية قرب مدينة إدلب، وأسفرت عن مقتل 3 مدنيين.",
            "ونفى الجيش أنه قصف بلدة في ريف حماة الشمالي.",
            "وفي محافظة صلاح الدين، اشتبك مسلحون مع قوات الأمن بالقرب من ناحية العلم.",
            "واعتقلت الشرطة خمسة أشخاص على خلفية الحادث، بحسب بيان رسمي.",
        ]
    )
    doc = Document(text, "text")
    whole = [(m.start, m.end, m.phrase) for m in cue_lexicon().find(doc.tokens)]
    assert len(whole) > 8
    sentences = list(doc.sentences)
    together = [(m.start, m.end, m.phrase) for m in cues_of(doc, sentences)]
    backwards = sorted({(m.start, m.end, m.phrase) for s in reversed(sentences) for m in cues_of(doc, [s])})
    assert together == whole
    assert backwards == whole


def test_period_and_ago_words_are_read_only_with_what_they_need(monkeypatch: Any) -> None:
    """A period noun needs an adjective or a demonstrative and an "ago" word its unit: windows
    without them skip those scans (``times._ALSO``), and every window gives the mentions it gave
    when both were scanned."""
    texts = [
        "قتل ثلاثة خلال الأيام الماضية في اشتباكات قبل يومين قرب الحدود.",
        "وقعت الاشتباكات قبل وصول القوات، واستمرت الأيام كلها.",
        "هذا الأسبوع شهد هدوءا، وسيعود الوفد الشهر المقبل.",
        "منذ سنوات والنزاع مستمر، وقبل ذلك كانت الأيام أهدأ.",
        "قبل الاجتماع قال المسؤول إن الأشهر لم تشهد تقدما.",
        "خلال الساعات الـ24 الماضية قصفت الطائرات منذ ساعات الفجر.",
    ]
    windows = [normalize(text).text for text in texts]
    shortcut = [times.find_times(text) for text in windows]
    plain = {k: v for k, v in times._ALSO.items() if k not in (times._period_mentions, times._ago_mentions)}
    assert len(plain) == len(times._ALSO) - 2
    monkeypatch.setattr(times, "_ALSO", plain)
    assert [times.find_times(text) for text in windows] == shortcut
    assert sum(map(len, shortcut)) >= 6
    assert times._PERIOD_WITH_RE.search(windows[1]) is None  # a window whose period scan is skipped
