"""The write path's shortcuts give what the plain computations give (issue 12, third round): a search
body's terms read token by token equal the terms of the whole text; the merge's cached block keys equal
the computed ones. (What a whole store holds is compared with an earlier revision's by
``scripts/check_store_identical.py``; the batch path against one article per transaction by
``tests/test_store_write.py``.)"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from rasd.store import merge, search
from rasd.text.words import WORD, content_words, normalize

# edge characters: no-break and other spaces, a line separator, a mark after a space, a ligature that
# decomposes into several words, tatweel, a zero-width non-joiner, bidi marks, accented Latin, Greek
# capitals whose lower case depends on the word's end, Arabic-Indic digits
EDGES = [" ", "\u00a0", "\u2003", "\u2028", "\u3000", "\t", "\n", "\u0654", "\ufdfa", "\u0640", "\u200c",
         "\u200f", "\u202b", "é", "Ḩ", "ΑΣ", "Σ", "٣", "۴", "-", "'", "#", "_"]  # fmt: skip
WORDS = ["بالحُدَيْدة", "الحديدة", "وقتل", "ثلاثة", "مدنيين", "في", "قصف", "Al Ḩudaydah", "Hodeidah",
         "al-hudaydah", "2018", "١٢", "لـلجيش", "Saada", "Ṣaʿdah"]  # fmt: skip


def whole_text_terms(text: str) -> set[str]:
    """The terms as the index computed them before: the whole text folded, normalized and split."""
    terms: set[str] = set()
    for word in set(WORD.findall(normalize(search.fold_latin(text)).text)):
        terms.update(search._word_terms(word))
    return terms


def test_terms_read_by_token_equal_the_terms_of_the_whole_text() -> None:
    rng = random.Random(12)
    for _ in range(2000):
        parts = [rng.choice(WORDS + EDGES) for _ in range(rng.randint(1, 12))]
        text = "".join(part if rng.random() < 0.5 else part + " " for part in parts)
        assert search.index_terms(text) == whole_text_terms(text), repr(text)


def test_passage_words_read_by_token_equal_the_words_of_the_whole_passage() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        parts = [rng.choice(WORDS + EDGES) for _ in range(rng.randint(1, 12))]
        text = "".join(part if rng.random() < 0.5 else part + " " for part in parts)
        assert merge.passage_words(text) == frozenset(content_words(text)), repr(text)


def test_no_white_space_is_dropped_or_made_a_word_by_normalizing() -> None:
    """What reading a passage token by token rests on (``search.index_terms``, ``merge.passage_words``)."""
    for code in range(0x110000):
        ch = chr(code)
        if ch.isspace():
            assert normalize(ch).text.isspace() and normalize(search.fold_latin(ch)).text.isspace(), hex(code)


def test_terms_read_by_token_equal_on_corpus_passages(shared_dir: Path) -> None:
    corpus = sorted((shared_dir / "data" / "corpus").glob("*.jsonl.gz"))
    if not corpus:
        pytest.skip("no corpus file in ../shared/data/corpus")
    with gzip.open(corpus[0], "rt", encoding="utf-8") as handle:
        for _, line in zip(range(300), handle, strict=False):
            record = json.loads(line)
            for text in (record.get("title") or "", record["text"][:3000]):
                assert search.index_terms(text) == whole_text_terms(text)
                assert merge.passage_words(text) == frozenset(content_words(text))


def test_no_character_folds_into_a_line_break() -> None:
    """``index_terms`` folds a passage's new tokens together, one to a line: no other character of the
    Basic Multilingual Plane may give a line break (nor the line break anything else)."""
    assert normalize(search.fold_latin("\n")).text == "\n"
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or code == 0x0A:
            continue
        assert "\n" not in normalize(search.fold_latin(chr(code))).text, hex(code)
