"""An article's words name the countries their first country-name stem names: the table of such words
gives what a stem walk over each word gives."""

from __future__ import annotations

from rasd.assemble.scene import _countries_of_words, _country_names
from rasd.text.normalize import normalize
from rasd.text.tokens import stems_of


def _walk(words: set[str]) -> set[str]:
    names = _country_names()
    found = {next((names[s] for s, _ in stems_of(w) if s in names), "") for w in words}
    return found - {""}


def test_words_with_proclitics_name_their_country() -> None:
    text = normalize("وصل الوفد للبنان ثم بالعراق وسوريا والمصرية في كتاب عن اليمن").text
    words = set(text.split())
    assert {"LB", "IQ", "SY", "EG", "YE"} <= _countries_of_words(words)
    assert _countries_of_words(words) == _walk(words)


def test_every_country_name_with_each_proclitic_is_known() -> None:
    names = sorted(_country_names())
    words = {prefix + name for name in names for prefix in ("", "و", "ب", "لل", "وب", "ف")}
    assert _countries_of_words(words) == _walk(words)
    assert _countries_of_words({"كتاب", "الوفد"}) == set()
