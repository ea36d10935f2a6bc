"""A date coded at precision 2 is looked up article-wide without reading every sentence's time words
(issue 12): only the sentences the few week-precise recognizers point at are read, and the span found is
the one the plain pass over every sentence finds. All texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

from rasd.assemble.context import FieldContext, recognizer_work
from rasd.assemble.provenance import _dating, _week_first
from rasd.recognize.times import find_times, resolve, week_mentions
from rasd.text.document import Document

STRIKE = "وقصفت طائرات حربية أمس بلدة خان شيخون ما أسفر عن مقتل 7 مدنيين."
FILLER = "وكان تقرير سابق قد ذكر أن الأوضاع الإنسانية في المنطقة تدهورت كثيرا خلال عام 2016."
WEEKS = [
    "وأعلنت الشرطة الأسبوع الماضي اعتقال خمسة مشتبه بهم في المدينة.",
    "وشهدت المنطقة خلال الأيام الماضية هدوءا حذرا بعد أشهر من التوتر.",
    "وكان الجيش قد بدأ مطلع الأسبوع عملية تمشيط واسعة في الريف.",
    "وعقد الطرفان هذا الأسبوع جولة مفاوضات جديدة في العاصمة.",
    "ووقع انفجار مماثل قبل عشرة أيام في السوق نفسه.",
    "واستمرت الاشتباكات حتى نهاية الأسبوع في الأحياء الشرقية.",
    "وغادر مئات السكان بيوتهم منذ أيام هربا من القتال.",
]
DAYS = [dt.date(2018, 5, 1) + dt.timedelta(days=n) for n in range(7)]  # every weekday


def _plain_first(ctx: FieldContext, wanted: tuple[dt.date, int], day: dt.date) -> tuple[int, int] | None:
    """The pass the lookup replaces: the first time word of the field, in reading order, giving ``wanted``."""
    for index in sorted(ctx.times):
        for mention in ctx.times[index]:
            if wanted in _dating(day).values(mention):
                return mention.start, mention.end
    return None


def test_week_mentions_hold_every_time_word_that_resolves_at_precision_two() -> None:
    text = Document(" ".join(WEEKS + [STRIKE, FILLER])).norm
    found = find_times(text)
    cheap = {(m.start, m.end, m.kind, m.offset_days) for m in week_mentions(text)}
    for day in DAYS:
        weekly = [m for m in found if m.kind != "future" and resolve(m, day)[1] == 2]
        assert len(weekly) >= 6
        assert {(m.start, m.end, m.kind, m.offset_days) for m in weekly} <= cheap
    assert not week_mentions(Document(STRIKE + " " + FILLER).norm)  # days and years only


def test_the_week_date_lookup_finds_what_the_plain_pass_finds() -> None:
    title = "\n".join([STRIKE, WEEKS[3]])
    body = "\n".join([STRIKE] + [FILLER, *WEEKS, FILLER, WEEKS[0]] * 3)
    for day in DAYS:
        full = {"title": FieldContext.build(Document(title)), "text": FieldContext.build(Document(body))}
        values = {resolve(m, day) for ctx in full.values() for ms in ctx.times.values() for m in ms}
        asked = {v for v in values if v[1] == 2} | {(day - dt.timedelta(days=n), 2) for n in range(15)}
        assert len({v for v in values if v[1] == 2}) >= 4
        for wanted in sorted(asked):
            fresh = {name: FieldContext.around_triggers(ctx.doc) for name, ctx in full.items()}
            expected = next(
                ((name, *where) for name, ctx in full.items() if (where := _plain_first(ctx, wanted, day))),
                None,
            )
            assert _week_first(fresh, day, wanted) == expected


def test_a_week_date_no_time_word_gives_reads_no_more_time_words() -> None:
    day = dt.date(2018, 5, 3)
    body = "\n".join([STRIKE] + [FILLER] * 40 + [WEEKS[0]])
    ctx = FieldContext.around_triggers(Document(body))
    ctx.times.get(0, [])  # the trigger sentence's, read at the first question (the filters')
    before = recognizer_work["times"]
    assert _week_first({"text": ctx}, day, (day - dt.timedelta(days=1), 2)) is None  # yesterday, as a week
    assert recognizer_work["times"] == before  # the 40 sentences' time words were not read
    where = _week_first({"text": ctx}, day, (day - dt.timedelta(days=7), 2))  # "الأسبوع الماضي"
    assert where is not None and ctx.doc.norm[where[1] : where[2]].endswith("الماضي")
    assert recognizer_work["times"] - before < len(body) / 4  # that sentence alone, not the field
