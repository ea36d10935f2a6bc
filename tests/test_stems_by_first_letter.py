"""A word's stems are tried only against the proclitic chains of its first letter: the same stems, in
the same order, as trying every chain."""

from __future__ import annotations

from rasd.text import tokens


def _every_chain(word: str) -> tuple[tuple[str, int], ...]:
    out = [(word, 0)]
    for prefix in tokens.PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            stem = word[len(prefix) :]
            if all(stem != s for s, _ in out):
                out.append((stem, len(prefix)))
            restored = tokens._ARTICLE + stem
            if prefix in tokens._RESTORE_ARTICLE and all(restored != s for s, _ in out):
                out.append((restored, len(prefix) - 1))
    return tuple(sorted(out, key=lambda item: item[1]))


def test_stems_match_a_try_of_every_chain() -> None:
    words = ["وبالعراق", "فللجيش", "للتنظيم", "كالمعتاد", "والقوات", "بغداد", "لبنان", "ابو", "و", "", "25"]
    words += [prefix + "مدينة" for prefix in tokens.PROCLITICS]
    for word in words:
        assert tokens._compute_stems(word) == _every_chain(word), word
    assert len(tokens._compute_stems("وبالعراق")) > 3
