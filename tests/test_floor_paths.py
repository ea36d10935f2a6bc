"""The per-article speed work of issue 12 (the extraction/floor ratio) changes no answer: each faster
path gives what the plain one gives. Sentences written for these tests."""

from __future__ import annotations

import re

from rasd.recognize import quantities, times
from rasd.text.document import Document
from rasd.text.normalize import normalize
from rasd.text.tokens import JOINERS, NAME_JOINERS, retokenize, split_words, tokenize, tokenize_shared

HYPHENED = "قال مصدر في حزب-الله إن قوات - النظام قصفت ريف-حلب امس."
PLAIN = "قال مصدر محلي إن قوات النظام قصفت ريف حلب امس وقتل ثلاثة مدنيين."


def _fields(tokens) -> list[tuple]:
    return [(t.text, t.start, t.end, t.stems, t.joined) for t in tokens]


def _plain_alternation(terms: list[str]) -> str:
    """What ``quantities._alt`` was: the phrases longest first, one alternative each."""
    return "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in quantities._norms(terms))


def test_the_phrase_trie_matches_what_the_alternation_longest_first_matches() -> None:
    # shared prefixes, a word and its longer forms, a phrase of two words, a word ending where another goes on
    terms = ["قتيل", "قتيلا", "قتلى", "قتل", "مدني", "مدنيين", "مدنيا", "جريح", "جرحى"]
    terms += ["عشرات الالاف", "عشرات"]
    text = normalize("سقط قتيلا واحدا و قتلى كثر وقتل عشرات   الالاف و عشرات من المدنيين و جريح وجرحى").text
    for suffix in ("", r"(?!\w)", r"\s+من"):  # what follows decides how far back the engine must go
        trie = re.compile(f"(?:{quantities._alt(terms)}){suffix}")
        flat = re.compile(f"(?:{_plain_alternation(terms)}){suffix}")
        for position in range(len(text)):
            got, want = trie.match(text, position), flat.match(text, position)
            assert (got and got.span()) == (want and want.span()), (suffix, position)


def test_the_quantity_patterns_are_tries() -> None:
    # a regression to a flat list of hundreds of nouns would leave these patterns several times longer
    assert quantities._alt(["مدنيين", "مدنيا"]) == "(?:م(?:د(?:ن(?:ي(?:ا|ي(?:ن))))))"
    assert quantities._alt(["عشرات الالاف"]).count(r"\s+") == 1
    assert quantities._alt([]) == ""


def test_a_month_test_is_skipped_only_where_a_wider_one_failed() -> None:
    for _recognize, (part, glue), wider in times._PLAN:
        if wider is None:
            continue
        assert wider[0] == part and (wider[1] is None or (glue is not None and glue <= wider[1]))
    skipped = [wider for _recognize, _must, wider in times._PLAN if wider is not None]
    assert skipped, "the month name after a day number is the wider test of the month name alone"
    # "ارهاب" holds the letters of a month name inside a word: neither test finds it; "10 مايو" both do
    for text, found in (("وقع هجوم ارهابي في المدينة", False), ("وقع الهجوم في 10 مايو الماضي", True)):
        norm = normalize(text).text
        for _recognize, must, wider in times._PLAN:
            if wider is not None:
                assert times._holds(norm, *wider) is found
                assert times._holds(norm, *must) is found
    assert [m.kind for m in times.find_times(normalize("قصفت الطائرات البلدة في 10 مايو").text)]


def test_shared_tokens_note_the_same_hyphen_joins_as_a_pass_over_every_gap() -> None:
    for text in (HYPHENED, PLAIN):
        norm = normalize(text).text
        tokens = tokenize_shared(norm, split_words(norm))
        by_name = tokenize(norm, NAME_JOINERS)
        expected = [i for i, (a, b) in enumerate(zip(tokens, by_name, strict=True)) if a.joined != b.joined]
        assert _fields(retokenize(norm, NAME_JOINERS)) == _fields(by_name)
        assert bool(expected) == (text is HYPHENED)


def test_without_a_hyphen_the_name_tokens_are_the_fields_own_list() -> None:
    norm = normalize(PLAIN).text
    tokens = tokenize_shared(norm)
    assert retokenize(norm, NAME_JOINERS) is tokens  # shared: the lexicons know its words already
    hyphened = normalize(HYPHENED).text
    shared = tokenize_shared(hyphened)
    assert retokenize(hyphened, NAME_JOINERS) is not shared
    assert _fields(retokenize(hyphened, JOINERS)) == _fields(shared)


def test_a_documents_parts_are_made_once_and_its_norm_is_the_normalized_text() -> None:
    doc = Document(HYPHENED)
    assert doc.norm == doc.normalized.text == normalize(HYPHENED).text
    assert doc.tokens is doc.tokens and doc.sentences is doc.sentences
    assert doc._sentence_ends == [s.end for s in doc.sentences]
    assert _fields(doc.tokens) == _fields(tokenize(doc.norm))


def test_figure_starts_from_glued_words_are_those_every_chain_gives() -> None:
    norm = normalize("قتل وبعشرة و لخمسة وثلاثة مدنيين بينهم 12 طفلا وفخمسة عناصر").text
    words = [(t.start, t.text) for t in tokenize(norm)]
    first, chains = quantities._FIRST_WORDS or frozenset(), quantities._NUMBER_CHAINS
    expected = []
    for position, word in words:
        if word < ":" or word in first:
            expected.append(position)
        expected += [position + len(c) for c in chains if word.startswith(c) and word[len(c) :] in first]
    assert quantities._starts_among(words) == expected
    assert len(expected) > sum(1 for _, word in words if word < ":" or word in first)  # a glued one counts


def test_find_skips_only_starts_where_no_phrase_can_match() -> None:
    from rasd.recognize.cues import cue_lexicon
    from rasd.recognize.triggers import trigger_lexicon

    text = "قالت مصادر محلية إن قوات النظام شنت هجوما على قرية قرب حلب، فيما نفى الجيش وقوع اشتباكات هناك."
    tokens = tokenize(normalize(text).text)
    for lexicon in (cue_lexicon(), trigger_lexicon()):
        starts = lexicon.starts(tokens)
        expected, resume = [], 0
        for i in starts:  # the plain way: ``match_at`` at every start outside the previous match
            match = lexicon.match_at(tokens, i) if i >= resume else None
            if match is not None:
                expected.append(match)
                resume = match.last_token
        assert lexicon.find(tokens) == expected
        assert expected, "the sentence holds phrases of both lexicons"
