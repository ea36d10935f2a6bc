"""The quantity recognizer tries its regex only where a quantity may start: the matches must be those
of trying it everywhere (``_QUANTITY_RE.finditer``), on every kind of opening word."""

from __future__ import annotations

import random

from rasd.recognize import quantities
from rasd.text.normalize import normalize
from rasd.text.tokens import tokenize

_TEXTS = [
    "قتل 5 أشخاص وأصيب 12 آخرون في غارة",
    "مقتل25 شخصا وإصابة العشرات بجروح",
    "أكثر من ثلاثة آلاف نازح و 1,500 طفل",
    "بين 500 و 700 متظاهر، من 3 إلى 5 جنود، 4-6 مسلحين",
    "قتل جنديان اثنان وأصيب طفلان، وسبعة أطفال وخمسة وعشرون مدنيا",
    "نصف مليون لاجئ، مليون ونصف، عدد من القتلى، بضعة مسلحين، الثلاثة الجرحى",
    "اعتقال 40 فلسطينيا على الأقل، ومقتل عشرات المسلحين بين قتيل وجريح",
]


def _spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Match spans with the filter and without it."""
    fast = [(m.start(), m.end()) for m in quantities._quantity_matches(text)]
    slow = [(m.start(), m.end()) for m in quantities._QUANTITY_RE.finditer(text)]
    return fast, slow


def test_filter_is_sound_on_examples() -> None:
    for raw in _TEXTS:
        fast, slow = _spans(normalize(raw).text)
        assert slow, raw
        assert fast == slow, raw


def test_filter_is_sound_on_every_opening_word() -> None:
    """Every word a quantity may open with, bare, after و, with the article, glued to digits."""
    words = sorted(quantities._FIRST_WORDS or ())
    nouns = sorted(quantities._NOUNS)
    rng = random.Random(7)
    pieces = []
    for word in words:
        pieces += [word, rng.choice(nouns), "و" + word, str(rng.randint(1, 999)), rng.choice(nouns)]
        pieces += ["كلمة" + str(rng.randint(1, 99)), rng.choice(words), "،"]
    for noun in nouns:  # a counted noun before its number ("جنود ثلاثة")
        pieces += [noun, rng.choice(quantities._LEX["numbers"]["after_noun"]), "،"]
    text = normalize(" ".join(pieces)).text
    fast, slow = _spans(text)
    assert len(slow) > len(words)
    assert fast == slow


def test_each_casualty_phrase_passes_its_quick_test() -> None:
    """A phrase regex is skipped when its hint finds nothing: every phrase must hold its hint."""
    zero, out = quantities._ZERO, quantities._OUT
    cases = [
        (quantities._ZERO_HINT, zero["heads"] + zero["phrases"]),
        (quantities._BARE_HINT, out["bare_killed"]),
        (quantities._LONE_HINT, out["lone_killed"]),
    ]
    for hint, phrases in cases:
        for phrase in phrases:
            assert hint.search(normalize(phrase).text), phrase
    assert quantities._BARE_HINT.search(normalize("وصل الوفد إلى المدينة").text) is None


def test_cue_starts_find_every_cue() -> None:
    """The casualty cues, bare, after proclitics and glued to a figure, are found as by ``finditer``."""
    out = quantities._OUT
    rng = random.Random(3)
    pieces = []
    for name in quantities._PRE_OUTCOMES:
        for phrase in out[name]:
            pieces += [phrase, "و" + phrase, "ف" + phrase + str(rng.randint(1, 99)), "كلمة", "،"]
    text = normalize(" ".join(pieces)).text
    starts = [m.start() for m in quantities._TRIGGER_STARTS_RE.finditer(text)]
    fast = [m.span() for m in quantities._matches_at(quantities._TRIGGER_RE, text, starts)]
    slow = [m.span() for m in quantities._TRIGGER_RE.finditer(text)]
    assert len(slow) >= len(pieces) / 5
    assert fast == slow


def _with_words(text: str) -> list[tuple[int, int]]:
    """Match spans when the places a quantity may start are found from the text's tokens."""
    words = [(token.start, token.text) for token in tokenize(text)]
    return [(m.start(), m.end()) for m in quantities._quantity_matches(text, words)]


def test_starts_from_words_find_what_the_scan_finds() -> None:
    """From the tokens, the same matches as the regex scan: bare, after و, glued to a word ("مقتل25"),
    after a Latin letter ("F16"), after an underscore (no word edge), and on every opening word."""
    texts = [normalize(raw).text for raw in _TEXTS]
    texts.append(normalize("أسقطت طائرة F16 و_ثلاثة جنود و_12 مسلحا وثلاثة_ أطفال").text)
    rng = random.Random(11)
    words = sorted(quantities._FIRST_WORDS or ())
    texts.append(" ".join(w + " " + rng.choice(["و" + w, "5", "،", "_" + w]) for w in words))
    found = 0
    for text in texts:
        slow = [(m.start(), m.end()) for m in quantities._QUANTITY_RE.finditer(text)]
        assert _with_words(text) == slow, text
        found += len(slow)
    assert found > len(words) // 2  # the test reads many matches (one may span several words)


def test_a_digit_the_tokens_do_not_hold_falls_back_to_the_scan() -> None:
    """A decimal digit of another script (here Devanagari, which normalizing keeps) is a figure to
    ``\\d`` but no token: the text is scanned instead, so its quantity is still found."""
    text = normalize("قتل ५ أشخاص في الهجوم").text
    slow = [(m.start(), m.end()) for m in quantities._QUANTITY_RE.finditer(text)]
    assert slow
    assert _with_words(text) == slow
    assert quantities.find_quantities(text, []) == quantities.find_quantities(text)


def test_first_letter_lookaheads_change_no_match() -> None:
    """The zero, bare-dead and lone-dead patterns are led by a lookahead for their phrases' first
    letters: the same matches as without it, on every phrase bare, after proclitics and inside words."""
    import re

    out, zero = quantities._OUT, quantities._ZERO
    cases = [
        (quantities._ZERO_RE, zero["negations"] + zero["phrases"], zero["phrases"] + zero["negations"]),
        (quantities._BARE_RE, out["bare_killed"], out["bare_killed"]),
        (quantities._LONE_RE, out["lone_killed"], out["lone_killed"]),
    ]
    for pattern, lead_terms, phrases in cases:
        lead = quantities._first_letter(lead_terms)
        assert lead and pattern.pattern.startswith(lead)
        plain = re.compile(pattern.pattern[len(lead) :])
        pieces = []
        for phrase in phrases:
            pieces += [phrase, "و" + phrase, "ال" + phrase, phrase + " اصابات", "،"]
        for head in zero["heads"]:
            pieces += ["لم تسفر الغارة عن", head, "،"]
        text = normalize(" ".join(pieces)).text
        slow = [m.span() for m in plain.finditer(text)]
        assert slow
        assert [m.span() for m in pattern.finditer(text)] == slow
