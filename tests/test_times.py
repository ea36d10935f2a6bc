"""Tests for the time recognizer and date resolution (CODEBOOK §2 time window, §5 dates).

All sentences are written for these tests. D = 2019-02-13 is a Wednesday unless a test says otherwise.
"""

from __future__ import annotations

import datetime

import pytest

from rasd.recognize.times import TimeMention, find_times, is_background, resolve
from rasd.text.normalize import normalize

WED = datetime.date(2019, 2, 13)
SAT = datetime.date(2019, 2, 16)


def only(text: str) -> tuple[TimeMention, str]:
    """The single time mention of ``text`` and the normalized text it spans."""
    norm = normalize(text).text
    mentions = find_times(norm)
    assert len(mentions) == 1, [(norm[m.start:m.end], m.kind) for m in mentions]
    mention = mentions[0]
    return mention, norm[mention.start:mention.end]


def spans(text: str) -> list[tuple[str, str]]:
    """(span text, kind) of every mention of ``text``."""
    norm = normalize(text).text
    return [(norm[m.start:m.end], m.kind) for m in find_times(norm)]


# ------------------------------------------------------------------------------------- relative words


def test_yesterday_with_weekday() -> None:
    mention, span = only("قصفت الطائرات أمس الثلاثاء مواقع قرب البلدة")
    assert span == "امس الثلاثاء"
    assert (mention.kind, mention.weekday, mention.offset_days) == ("yesterday", 1, -1)
    assert resolve(mention, WED) == (datetime.date(2019, 2, 12), 1)


def test_day_before_yesterday_with_weekday() -> None:
    mention, span = only("وجرت المواجهات أمس الأول الإثنين في الحي")
    assert span == "امس الاول الاثنين"
    assert mention.kind == "day_before_yesterday" and mention.weekday == 0
    assert resolve(mention, WED) == (datetime.date(2019, 2, 11), 1)


@pytest.mark.parametrize("phrase", ["أول أمس", "أول من أمس", "أمس الأول"])
def test_day_before_yesterday_spellings(phrase: str) -> None:
    mention, span = only(f"وصل الرتل {phrase} إلى المعسكر")
    assert span == normalize(phrase).text
    assert resolve(mention, WED) == (datetime.date(2019, 2, 11), 1)


def test_last_night() -> None:
    mention, span = only("دوت انفجارات الليلة الماضية في المدينة")
    assert (span, mention.kind) == ("الليله الماضيه", "last_night")
    assert resolve(mention, WED) == (datetime.date(2019, 2, 12), 1)


def test_night_part_of_day_with_yesterday_is_last_night() -> None:
    mention, span = only("سمع دوي ليلة أمس")
    assert (span, mention.kind) == ("ليله امس", "last_night")


@pytest.mark.parametrize("phrase", ["مساء أمس", "فجر أمس", "صباح أمس", "ظهر أمس", "البارحة"])
def test_yesterday_parts_of_day(phrase: str) -> None:
    mention, span = only(f"هاجم مسلحون {phrase} حاجزا")
    assert span == normalize(phrase).text
    assert resolve(mention, WED) == (datetime.date(2019, 2, 12), 1)


def test_proclitics_are_not_part_of_the_span() -> None:
    assert spans("وأمس سقطت قذائف") == [("امس", "yesterday")]
    assert spans("وقعت بالأمس اشتباكات") == [("الامس", "yesterday")]
    assert spans("والثلاثاء تجددت المعارك") == [("الثلاثاء", "weekday")]


def test_today_forms() -> None:
    for phrase in ("اليوم", "الآن", "صباح اليوم", "فجر اليوم", "مساء اليوم"):
        mention, span = only(f"قال المتحدث {phrase} إن القوات تقدمت")
        assert span == normalize(phrase).text
        assert resolve(mention, WED) == (WED, 1)


def test_tonight_is_publication_day() -> None:
    mention, span = only("تعقد اللجنة الليلة اجتماعا")
    assert (span, mention.kind) == ("الليله", "tonight")
    assert resolve(mention, WED) == (WED, 1)


def test_today_that_is_not_a_date() -> None:
    assert spans("لم تعلن أي جهة حتى الآن مسؤوليتها") == []
    assert spans("وفي اليوم التالي انسحبت القوات") == []
    assert spans("وفي ذلك اليوم عاد الأهالي") == []


# ------------------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("phrase", "weekday", "expected"),
    [
        ("الثلاثاء", 1, datetime.date(2019, 2, 12)),
        ("يوم الإثنين", 0, datetime.date(2019, 2, 11)),
        ("الاثنين", 0, datetime.date(2019, 2, 11)),
        ("مساء السبت", 5, datetime.date(2019, 2, 9)),
        ("فجر الجمعة", 4, datetime.date(2019, 2, 8)),
        ("ليلة الخميس", 3, datetime.date(2019, 2, 7)),
        ("الأربعاء", 2, WED),
    ],
)
def test_weekdays(phrase: str, weekday: int, expected: datetime.date) -> None:
    mention, span = only(f"أعلنت الشرطة {phrase} اعتقال خلية")
    assert span == normalize(phrase).text
    assert (mention.kind, mention.weekday) == ("weekday", weekday)
    assert resolve(mention, WED) == (expected, 1)


def test_friday_read_on_saturday() -> None:
    mention, _ = only("اندلعت مظاهرة الجمعة في الساحة")
    assert resolve(mention, SAT) == (datetime.date(2019, 2, 15), 1)


def test_weekday_named_past_is_strictly_before_publication_day() -> None:
    mention, span = only("جرى التبادل الأربعاء الماضي")
    assert span == "الاربعاء الماضي"
    assert resolve(mention, WED) == (datetime.date(2019, 2, 6), 1)


def test_weekday_wins_over_relative_word() -> None:
    # article written a day later than the word implies: "أمس" says Tuesday, the weekday says Monday
    mention, _ = only("انفجرت عبوة أمس الإثنين")
    assert resolve(mention, WED) == (datetime.date(2019, 2, 11), 1)


def test_today_with_next_weekday_takes_next_day() -> None:
    mention, _ = only("قال الوزير اليوم الخميس")
    assert resolve(mention, WED) == (datetime.date(2019, 2, 14), 1)


def test_eleven_is_not_sunday() -> None:
    assert spans("قتل الأحد عشر جنديا") == []


# ------------------------------------------------------------------------------------- absolute dates


def test_levantine_month_day_without_year() -> None:
    mention, span = only("وقع الهجوم في 10 أيلول وسط المدينة")
    assert span == "10 ايلول"
    assert (mention.kind, mention.day, mention.month, mention.year) == ("absolute", 10, 9, None)
    assert resolve(mention, WED) == (datetime.date(2018, 9, 10), 1)


def test_paired_month_names_with_year() -> None:
    mention, span = only("في 10 سبتمبر/أيلول 2018 بدأ الهجوم")
    assert span == "10 سبتمبر/ايلول 2018"
    assert resolve(mention, None) == (datetime.date(2018, 9, 10), 1)


def test_bracketed_month_and_article_prefix() -> None:
    assert spans("صباح 10 سبتمبر (أيلول) وقعت الغارة") == [("10 سبتمبر (ايلول)", "absolute")]
    mention, span = only("في الـ 10 من شهر سبتمبر عام 2018")
    assert (span, mention.year) == ("ال 10 من شهر سبتمبر عام 2018", 2018)
    mention, span = only("تحاصر القوات البلدة منذ الـ10 من سبتمبر")
    assert (span, mention.kind, mention.day) == ("منذ ال10 من سبتمبر", "since", 10)


def test_ordinal_day() -> None:
    mention, span = only("اغتيل القيادي في الحادي والعشرين من كانون الثاني")
    assert span == "الحادي والعشرين من كانون الثاني"
    assert (mention.day, mention.month) == (21, 1)


def test_slashed_numeric_date_from_arabic_indic_digits() -> None:
    mention, span = only("بتاريخ ١٠/٩/٢٠١٨ أعلنت الوزارة")
    assert span == "10/9/2018"
    assert resolve(mention, WED) == (datetime.date(2018, 9, 10), 1)


def test_iso_date() -> None:
    mention, _ = only("نشر البيان 2018-09-10")
    assert (mention.day, mention.month, mention.year) == (10, 9, 2018)


def test_december_read_in_january_is_previous_year() -> None:
    mention, _ = only("قتل في 28 ديسمبر مدنيان")
    assert resolve(mention, datetime.date(2019, 1, 3)) == (datetime.date(2018, 12, 28), 1)


def test_invalid_day_is_not_a_date() -> None:
    assert all(kind != "absolute" for _, kind in spans("سجل 31 فبراير"))


def test_ambiguous_ab_needs_day_or_year() -> None:
    assert spans("قال الأب إن ابنه خطف") == []
    assert spans("زار آب المدينة") == []
    mention, span = only("وقع الانفجار في 4 آب")
    assert (span, mention.month) == ("4 اب", 8)
    assert spans("في آب 2018 تجدد القتال") == [("اب 2018", "month")]


# ------------------------------------------------------------------------------------- months, weeks, periods


def test_month_only_precision_three() -> None:
    mention, span = only("بدأت الحملة أواخر نوفمبر")
    assert (span, mention.kind, mention.month) == ("اواخر نوفمبر", "month", 11)
    assert resolve(mention, WED) == (datetime.date(2018, 11, 15), 3)


def test_last_week_is_seven_days_before_publication() -> None:
    mention, span = only("وصلت التعزيزات الأسبوع الماضي")
    assert (span, mention.kind) == ("الاسبوع الماضي", "last_week")
    # CODEBOOK §12: D − 7 with precision 2, whatever the weekday of D
    assert resolve(mention, WED) == (datetime.date(2019, 2, 6), 2)
    assert resolve(mention, datetime.date(2019, 2, 17)) == (datetime.date(2019, 2, 10), 2)  # a Sunday
    assert resolve(mention, datetime.date(2019, 2, 16)) == (datetime.date(2019, 2, 9), 2)  # a Saturday
    assert not is_background(mention, WED)


def test_recent_hours_and_days() -> None:
    hours, span = only("قتل خلال الساعات الـ24 الماضية عشرة")
    assert (span, hours.kind) == ("خلال الساعات ال24 الماضيه", "recent_hours")
    assert resolve(hours, WED) == (WED, 1)
    assert spans("خلال الـ24 ساعة الماضية") == [("خلال ال24 ساعه الماضيه", "recent_hours")]
    days, _ = only("تصاعد القصف خلال الأيام الأخيرة")
    assert days.kind == "recent_days"
    assert resolve(days, WED) == (WED, 2)


def test_days_ago() -> None:
    mention, span = only("سيطرت القوات على التلة قبل ثلاثة أيام")
    assert span == "قبل ثلاثه ايام"
    assert resolve(mention, WED) == (datetime.date(2019, 2, 10), 1)
    two, _ = only("أفرج عنه قبل يومين")
    assert spans("وصل قبل أيام على موعد الاقتراع") == []  # days before another event, not before D
    assert resolve(two, WED) == (datetime.date(2019, 2, 11), 1)


def test_this_week() -> None:
    mention, _ = only("تجري المحادثات هذا الأسبوع")
    assert mention.kind == "this_week"
    assert resolve(mention, WED) == (WED, 2)


def test_future_markers() -> None:
    for phrase in ("غدا", "الأسبوع المقبل", "الشهر المقبل", "في وقت لاحق"):
        mention, _ = only(f"ستبدأ العملية {phrase}")
        assert mention.kind == "future"
        assert resolve(mention, WED) == (None, 0)


# ------------------------------------------------------------------------------------- background


def test_background_month_of_last_year() -> None:
    mention, span = only("انطلقت العملية في سبتمبر الماضي")
    assert span == "سبتمبر الماضي"
    assert is_background(mention, datetime.date(2019, 5, 20))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("سيطر التنظيم على المدينة عام 2014", "year"),
        ("يسيطر عليها منذ 2015", "since"),
        ("قتل في 2017 المئات", "year"),
        ("قتل خلال الأشهر السابقة المئات", "past_period"),
        ("قتل العام الماضي المئات", "past_period"),
        ("تعرضت البلدة منذ سنوات للقصف", "past_period"),
    ],
)
def test_background_mentions(text: str, kind: str) -> None:
    mention, _ = only(text)
    assert mention.kind == kind
    assert is_background(mention, WED)


def test_last_month_depends_on_distance() -> None:
    mention, _ = only("جرت الانتخابات الشهر الماضي")
    assert is_background(mention, datetime.date(2019, 2, 20))
    assert not is_background(mention, datetime.date(2019, 2, 3))


def test_recent_dates_are_not_background() -> None:
    for text in ("قصفت الطائرات أمس الثلاثاء", "وقع الهجوم في 10 فبراير", "اندلعت الاشتباكات الجمعة"):
        mention, _ = only(text)
        assert not is_background(mention, WED)


def test_since_recent_date_is_not_background() -> None:
    mention, _ = only("تستمر المعارك منذ 11 فبراير")
    assert mention.kind == "since"
    assert not is_background(mention, WED)


# ------------------------------------------------------------------------------ without publication date


def test_relative_without_published_has_no_date() -> None:
    assert resolve(only("قتل أمس جنديان")[0], None) == (None, 1)
    assert resolve(only("اندلعت مواجهات الجمعة")[0], None) == (None, 1)
    assert resolve(only("وصلت التعزيزات الأسبوع الماضي")[0], None) == (None, 2)
    assert resolve(only("وقع الهجوم في 10 فبراير")[0], None) == (None, 1)


def test_several_mentions_in_order() -> None:
    text = "قال المرصد اليوم الأربعاء إن غارات أمس أصابت مواقع سيطر عليها التنظيم منذ 2014"
    assert spans(text) == [("اليوم الاربعاء", "today"), ("امس", "yesterday"), ("منذ 2014", "since")]


def test_start_and_end_of_the_week() -> None:
    # CODEBOOK §12: the start of the week is the Sunday on or before D, its end the Friday on or before D
    start, span = only("تظاهر المئات مطلع الأسبوع")
    assert (span, start.kind) == ("مطلع الاسبوع", "week_start")
    assert resolve(start, WED) == (datetime.date(2019, 2, 10), 2)
    end, _ = only("نفذ الجيش غارات نهاية الأسبوع الماضي")
    assert resolve(end, WED) == (datetime.date(2019, 2, 8), 2)
    assert not is_background(end, WED)
    assert only("تبدأ القمة نهاية الأسبوع المقبل")[0].kind == "future"


# ------------------------------------------------------------------- nights spanning two days (§12)


@pytest.mark.parametrize(
    "phrase",
    [
        "ليل الثلاثاء الأربعاء", "ليلة الثلاثاء/الأربعاء", "ليل الثلاثاء - الأربعاء",
        "ليل الثلاثاء إلى الأربعاء", "ليلة الثلاثاء على الأربعاء", "ليلة الثلاثاء والأربعاء",
    ],
)
def test_a_night_spanning_two_days_is_one_mention_of_the_earlier_day(phrase: str) -> None:
    mention, _ = only(f"قصفت المدفعية مواقع المسلحين {phrase} قرب البلدة")
    assert (mention.kind, mention.weekday) == ("weekday", 1)
    assert resolve(mention, WED) == (datetime.date(2019, 2, 12), 1)


def test_two_weekdays_that_are_no_night_stay_two_mentions() -> None:
    # not consecutive, and without a night word: each weekday is its own day
    assert [kind for _, kind in spans("ليل الخميس الثلاثاء الماضي")] == ["weekday", "weekday"]
    assert [kind for _, kind in spans("اجتمع الوفد الثلاثاء الأربعاء")] == ["weekday", "weekday"]


# ------------------------------------------------------------------- a day of this month / last month


@pytest.mark.parametrize(
    ("phrase", "day"),
    [("في التاسع من الشهر الجاري", 9), ("يوم 11 من الشهر الحالي", 11), ("في الـ12 من الشهر الجاري", 12)],
)
def test_a_day_of_the_current_month_is_a_day_of_ds_month(phrase: str, day: int) -> None:
    mention, _ = only(f"قتل القائد في غارة {phrase}")
    assert mention.kind == "absolute"
    assert resolve(mention, WED) == (datetime.date(2019, 2, day), 1)


def test_a_day_of_last_month_is_in_the_month_before_d() -> None:
    mention, _ = only("وقعت المجزرة في الثلاثين من الشهر الماضي")
    assert resolve(mention, WED) == (datetime.date(2019, 1, 30), 1)
    assert is_background(mention, WED)
    # a day the month before does not have is its last day (February has no 30th)
    assert resolve(mention, datetime.date(2019, 3, 5)) == (datetime.date(2019, 2, 28), 1)


def test_a_day_of_this_month_before_the_window_is_background() -> None:
    mention, _ = only("قتل القائد في غارة في الثاني من الشهر الجاري")
    assert is_background(mention, WED)  # 2 February, eleven days before D
    fresh, _ = only("قتل القائد في غارة في 12 من الشهر الجاري")
    assert not is_background(fresh, WED)


def test_since_a_day_of_this_month() -> None:
    mention, _ = only("تتواصل الاشتباكات منذ العاشر من الشهر الجاري")
    assert mention.kind == "since"
    assert resolve(mention, WED) == (datetime.date(2019, 2, 10), 1)


def test_a_day_of_this_month_needs_a_publication_day() -> None:
    mention, _ = only("قتل القائد في غارة في التاسع من الشهر الجاري")
    assert resolve(mention, None) == (None, 1)
