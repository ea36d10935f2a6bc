"""Tests of the quantities recognizer: number values, counted nouns, casualty phrases (CODEBOOK §7).

All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

import rasd
from rasd.recognize.quantities import Casualty, Quantity, find_casualties, find_quantities, number_value
from rasd.text.normalize import normalize


def _quantities(text: str) -> list[tuple[str, Quantity]]:
    """Quantities of ``text`` with the normalized text of their span."""
    norm = normalize(text).text
    return [(norm[q.start : q.end], q) for q in find_quantities(norm)]


def _one_quantity(text: str) -> tuple[str, Quantity]:
    found = _quantities(text)
    assert len(found) == 1, found
    return found[0]


def _casualties(text: str) -> list[tuple[str, Casualty]]:
    """Casualties of ``text`` with the normalized text of their span."""
    norm = normalize(text).text
    return [(norm[c.start : c.end], c) for c in find_casualties(norm)]


def _one_casualty(text: str) -> tuple[str, Casualty]:
    found = _casualties(text)
    assert len(found) == 1, found
    return found[0]


def _n(text: str) -> str:
    return normalize(text).text


# ------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("وصل 1,500 نازح", 1500),
        ("وصل 1.500 نازح", 1500),
        ("سجلت ٢٥ حالة", 25),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("خمسة عشر", 15),
        ("إحدى عشرة", 11),
        ("الخمسة عشر", 15),
        ("عشرون", 20),
        ("عشرين", 20),
        ("خمسة وعشرين", 25),
        ("مئة", 100),
        ("مائة", 100),
        ("ثلاث مئة", 300),
        ("ثلاثمئة", 300),
        ("مئتين", 200),
        ("مائة وخمسين", 150),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("3 آلاف", 3000),
        ("20 ألف", 20000),
        ("ثلاثة آلاف وخمسمائة", 3500),
        ("مليون", 1000000),
        ("1.5 مليون", 1500000),
    ],
)
def test_number_values(text: str, value: int) -> None:
    span, q = _one_quantity(text)
    assert q.value == value
    assert q.qualifier == ""


def test_number_span_is_the_number() -> None:
    span, _ = _one_quantity("قال إن خمسة وعشرين وصلوا")
    assert span == _n("خمسة وعشرين")


@pytest.mark.parametrize(("text", "value"), [("عشرات", 10), ("مئات", 100), ("آلاف", 1000)])
def test_vague_plurals(text: str, value: int) -> None:
    _, q = _one_quantity(f"خرج {text} إلى الشوارع")
    assert (q.value, q.qualifier) == (value, "vague")


def test_vague_times_scale() -> None:
    assert number_value(_n("عشرات الآلاف")) == (10000, True)


def test_weekday_and_percent_are_not_counts() -> None:
    assert _quantities("وصل الوفد يوم الاثنين") == []
    assert _quantities("اجتمعوا يوم الأحد") == []
    assert _quantities("ارتفعت الأسعار 10 في المئة") == []
    assert _quantities("ارتفعت الأسعار 7%") == []


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [("بين 300 و400 نازح", 300, 400), ("300-400 نازح", 300, 400), ("من 12 إلى 18 نازحا", 12, 18)],
)
def test_ranges(text: str, value: int, high: int) -> None:
    _, q = _one_quantity(text)
    assert (q.value, q.high, q.qualifier) == (value, high, "range")


@pytest.mark.parametrize(
    ("prefix", "qualifier"),
    [
        ("نحو", "approx"),
        ("حوالي", "approx"),
        ("قرابة", "approx"),
        ("زهاء", "approx"),
        ("أكثر من", "more_than"),
        ("ما يزيد عن", "more_than"),
        ("ما لا يقل عن", "at_least"),
        ("أقل من", "less_than"),
    ],
)
def test_qualifiers_keep_the_figure(prefix: str, qualifier: str) -> None:
    span, q = _one_quantity(f"نزح {prefix} 40 شخصا")
    assert (q.value, q.qualifier, q.noun, q.category) == (40, qualifier, "شخص", "person")
    assert span == _n(f"{prefix} 40 شخصا")


def test_at_least_after_the_noun() -> None:
    span, q = _one_quantity("أصيب 9 جنود على الأقل")
    assert (q.value, q.qualifier, q.category) == (9, "at_least", "soldier")
    assert span == _n("9 جنود على الأقل")


# ------------------------------------------------------------------------------------------- nouns


@pytest.mark.parametrize(
    ("text", "noun", "category"),
    [
        ("عنصرين", "عنصر", "fighter"),
        ("قتيلان", "قتيل", "killed"),
        ("طفلين", "طفل", "child"),
        ("جنديين", "جندي", "soldier"),
        ("شخصين", "شخص", "person"),
    ],
)
def test_duals_are_two(text: str, noun: str, category: str) -> None:
    span, q = _one_quantity(f"شوهد {text} قرب الجسر")
    assert (q.value, q.noun, q.category, span) == (2, noun, category, _n(text))


def test_sound_plural_is_not_a_dual() -> None:
    assert _quantities("نزح مدنيين من البلدة") == []


def test_plural_then_two() -> None:
    span, q = _one_quantity("أصيب مدنيين اثنين بشظايا")
    assert (q.value, q.category, span) == (2, "civilian", _n("مدنيين اثنين"))


def test_one_of_and_two_of() -> None:
    span, q = _one_quantity("جرح أحد الحراس وهو في موقعه")
    assert q.value == 1 and span.startswith(_n("أحد"))
    _, q2 = _one_quantity("أسر اثنين من الجنود")
    assert (q2.value, q2.category) == (2, "soldier")


def test_counted_nouns_by_category() -> None:
    found = _quantities("أطلق 6 صواريخ و3 غارات على 4 سيارات")
    assert [(q.value, q.category) for _, q in found] == [(6, "missile"), (3, "strike"), (4, "vehicle")]


# ------------------------------------------------------------------------------------------- casualties


def test_cue_then_figure() -> None:
    span, c = _one_casualty("أعلن الجيش مقتل 12 مسلحا في كمين")
    assert (c.outcome, c.count, c.victims, c.exact) == ("killed", 12, "fighter", True)
    assert span == _n("مقتل 12 مسلحا")


def test_coordinated_items_are_summed() -> None:
    span, c = _one_casualty("قتل 9 أطفال وامرأتان في القصف")
    assert (c.count, c.victims) == (11, "child")
    assert span == _n("قتل 9 أطفال وامرأتان")


def test_figure_between_verb_and_death_noun() -> None:
    span, c = _one_casualty("لقي 14 مدنيا على الأقل مصرعهم في الغارة")
    assert (c.outcome, c.count, c.victims) == ("killed", 14, "civilian")
    assert span == _n("لقي 14 مدنيا على الأقل مصرعهم")


def test_figure_then_cue() -> None:
    span, c = _one_casualty("قال الشهود إن 8 أشخاص لقوا مصرعهم")
    assert (c.outcome, c.count) == ("killed", 8)
    assert span == _n("8 أشخاص لقوا مصرعهم")


def test_killed_and_injured_are_apart() -> None:
    found = _casualties("أسفر الانفجار عن مقتل رجل وإصابة ستة")
    assert [(c.outcome, c.count) for _, c in found] == [("killed", 1), ("injured", 6)]
    assert found[0][0] == _n("مقتل رجل")


def test_lone_singular_means_one() -> None:
    assert _one_casualty("أكدت الشرطة مقتل مواطن")[1].count == 1
    assert _one_casualty("قتل جندي في الهجوم")[1].victims == "soldier"


def test_rising_toll_phrase() -> None:
    span, c = _one_casualty("ارتفع عدد القتلى إلى 41")
    assert (c.outcome, c.count, span) == ("killed", 41, _n("عدد القتلى إلى 41"))


def test_death_noun_with_figure() -> None:
    span, c = _one_casualty("شهدت المدينة سقوط 6 قتلى")
    assert (c.outcome, c.count, span) == ("killed", 6, _n("سقوط 6 قتلى"))


def test_arrests_are_summed() -> None:
    span, c = _one_casualty("ألقت الشرطة القبض على ثلاثة رجال وخمسة أطفال وامرأتين")
    assert (c.outcome, c.count) == ("arrested", 10)
    assert span.endswith(_n("وامرأتين"))


def test_abduction() -> None:
    _, c = _one_casualty("اختطف مسلحون 4 صحفيين")
    assert (c.outcome, c.count, c.victims) == ("abducted", 4, "civilian")


def test_subset_is_not_added() -> None:
    span, c = _one_casualty("أكد المرصد مقتل 31 مدنيا، بينهم 6 أطفال")
    assert c.count == 31 and span == _n("مقتل 31 مدنيا")
    span2, c2 = _one_casualty("خلف القصف 62 قتيلا بينهم 20 مدنيا")
    assert c2.count == 62


def test_killed_or_injured() -> None:
    _, c = _one_casualty("أدت الحرب إلى قتل وجرح 30 ألف شخص")
    assert (c.outcome, c.count) == ("killed_or_injured", 30000)


def test_executions_kill() -> None:
    _, c = _one_casualty("أعدم التنظيم 11 من عناصره")
    assert (c.outcome, c.count, c.victims) == ("killed", 11, "fighter")


def test_dual_after_cue() -> None:
    _, c = _one_casualty("أسفر الهجوم عن مقتل عنصرين من الشرطة")
    assert c.count == 2


def test_vague_counts_are_not_exact() -> None:
    _, c = _one_casualty("أدى القصف إلى مقتل عشرات المدنيين")
    assert (c.count, c.exact) == (10, False)
    _, c2 = _one_casualty("أدى القصف إلى مقتل عدد من المدنيين")
    assert (c2.count, c2.exact) == (3, False)  # dead without a number: 3 (CODEBOOK §7)
    _, c2b = _one_casualty("اعتقلت الشرطة عدد من المدنيين")
    assert (c2b.outcome, c2b.count) == ("arrested", 0)
    _, c3 = _one_casualty("أدى القصف إلى سقوط عدد من القتلى")
    assert (c3.count, c3.exact) == (3, False)


def test_bare_dead_plural_is_three() -> None:
    span, c = _one_casualty("وقع قتلى وجرحى في السوق")
    assert (c.count, c.exact, span) == (3, False, _n("قتلى"))


@pytest.mark.parametrize(
    "phrase",
    ["لم يسفر عن وقوع أي ضحايا", "دون وقوع إصابات", "لم تحدث أضرار بشرية", "لم يسفر الانفجار عن سقوط قتلى"],
)
def test_stated_zero(phrase: str) -> None:
    span, c = _one_casualty(f"سقطت قذيفة على الحي {phrase}")
    assert (c.outcome, c.count, c.exact) == ("killed", 0, True)
    assert span == _n(phrase)


def test_approximate_and_range_casualties_are_conservative() -> None:
    assert _one_casualty("أعلن مقتل أكثر من 20 شخصا")[1].count == 20
    assert _one_casualty("أعلن مقتل بين 40 و50 شخصا")[1].count == 40


def test_unrelated_numbers_are_not_casualties() -> None:
    assert _casualties("قتل في 12 أيلول من عام 2017") == []
    assert _casualties("شارك 300 شخص في المؤتمر") == []


def test_plural_of_relation_counts_people() -> None:
    span, c = _one_casualty("قتل ستة سودانيين في الاشتباك")
    assert (c.count, c.victims, span) == (6, "person", _n("قتل ستة سودانيين"))


def test_lone_thing_is_not_a_casualty() -> None:
    assert _casualties("أعلنت السلطات احتجاز سفينة") == []
    assert _casualties("أعلنت السلطات احتجاز سيارة") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("نصف مليون", 500_000),
        ("ربع مليون", 250_000),
        ("مليون ونصف", 1_500_000),
        ("ثلاثة ملايين ونصف", 3_500_000),
        ("3 آلاف ونصف", 3_500),
        ("ثلاثة ونصف", 3),
    ],
)
def test_fractions_and_compound_numbers(text, value):
    """CODEBOOK §12: "نصف مليون" is 500,000 and "مليون ونصف" 1,500,000; a half after a plain number is
    dropped (the conservative figure)."""
    assert number_value(normalize(text).text)[0] == value


def test_half_a_million_is_a_quantity_of_its_own():
    norm = normalize("قتل أكثر من نصف مليون شخص").text
    assert [q.value for q in find_quantities(norm)] == [500_000]


def test_a_bare_fraction_is_no_number():
    assert find_quantities(normalize("قتل نصف السكان").text) == []


# ------------------------------------------------------------------------------- tolls as news types them


def test_vague_plural_with_the_article() -> None:
    found = _casualties("خلف القصف مقتل العشرات وإصابة المئات")
    found_values = [(c.outcome, c.count, c.exact) for _, c in found]
    assert found_values == [("killed", 10, False), ("injured", 100, False)]


def test_figure_glued_to_its_cue() -> None:
    span, c = _one_casualty("وأعلنت الوزارة مقتل17 شخصا في القصف")
    assert (c.outcome, c.count, span) == ("killed", 17, _n("مقتل17 شخصا"))
    assert _one_casualty("قتل43 مدنيا على الأقل أمس")[1].count == 43


def test_accusative_relation_counts_people_after_eleven_to_ninety_nine() -> None:
    span, c = _one_casualty("تحدثت الوزارة عن مقتل 22 عراقيا في الهجوم")
    assert (c.count, c.victims, span) == (22, "person", _n("مقتل 22 عراقيا"))
    _, c2 = _one_casualty("قالت المصادر إن 12 أو 14 يمنيا قتلوا في الغارة")
    assert (c2.outcome, c2.count) == ("killed", 12)


def test_accusative_adverb_or_country_is_not_a_person() -> None:
    assert _casualties("أطلق الجيش 12 صاروخا يوميا") == []
    span, q = _one_quantity("زار 2011 سوريا")
    assert (q.value, q.category, span) == (2011, "", "2011")


def test_words_after_a_plain_two_are_not_counted() -> None:
    span, q = _one_quantity("أصيب مسلحين اثنين بشظايا القذيفة")
    assert span == _n("مسلحين اثنين") and q.category == "fighter"


def test_one_fell_dead() -> None:
    span, c = _one_casualty("أطلق الحارس النار على المهاجم فأرداه قتيلا مساء السبت")
    assert (c.outcome, c.count, c.exact, span) == ("killed", 1, True, _n("قتيلا"))


def test_leaders_are_counted() -> None:
    _, c = _one_casualty("أكدت الجماعة أن الغارة قتلت قائدين من قواتها")
    assert (c.outcome, c.count) == ("killed", 2)


def test_dead_and_wounded_together_mean_deaths_without_a_number() -> None:
    from rasd.recognize.quantities import deaths

    span, c = _one_casualty("تقدمت القوات وسقط عدد كبير من المسلحين (لم يعرف عددهم)، بين قتيل وجريح")
    assert (c.outcome, span, deaths(c)) == ("killed_or_injured", _n("بين قتيل وجريح"), (3, False))
    _, c2 = _one_casualty("أسفر الانفجار عن مقتل وجرح العشرات")
    assert deaths(c2) == (3, False)
    _, c3 = _one_casualty("أسفر الانفجار عن مقتل وجرح شخصين")
    assert deaths(c3) == (2, False)
    _, c4 = _one_casualty("أعلن مقتل 12 شخصا")
    assert deaths(c4) == (12, True)


def test_dead_and_wounded_figures_are_not_summed() -> None:
    found = _casualties("خلفت المواجهات عشرات القتلى ومئات الجرحى")
    assert [(c.outcome, c.count) for _, c in found] == [("killed", 10), ("injured", 100)]


def test_the_dual_of_a_nationality_counts_two_people():
    text = "قتل فلسطينيان وأصيب آخر بجروح في قصف إسرائيلي على خان يونس صباح الأحد."
    events = rasd.extract(text, published="2018-05-27")
    assert [e.fatalities for e in events] == [2]
