"""Event dates over a whole article (CODEBOOK §5, §12 dates): a weekday told in quoted speech, a night
spanning two days, the day of a statement against the day of the event, and the lead's day for an
event the body tells with no time word of its own.

All sentences are written for these tests. D = 2019-03-10 is a Sunday.
"""

from __future__ import annotations

import pytest

import rasd

D = "2019-03-10"


def dates(text: str) -> dict[str, tuple[str, int]]:
    """(event date, time precision) of each record of ``text``, by event type."""
    events = rasd.extract(text, published=D, article_id="a")
    assert len({e.event_type for e in events}) == len(events), [(e.event_type, e.location) for e in events]
    return {e.event_type: (str(e.event_date), e.time_precision) for e in events}


def test_a_weekday_in_quoted_speech_dates_the_event() -> None:
    text = 'وقال المتحدث باسم الدفاع المدني إن "مسلحين هاجموا مساء السبت حاجزا للشرطة في بلدة كفرزيتا".'
    assert dates(text) == {"Battles": ("2019-03-09", 1)}


def test_yesterday_in_quoted_speech_still_counts_from_when_it_was_said() -> None:
    text = 'اشتبكت قوات النظام مع فصائل المعارضة في بلدة كفرزيتا، وقال القائد إن "المعركة بدأت أمس".'
    assert dates(text) == {"Battles": (D, 2)}


@pytest.mark.parametrize("night", ["ليل الجمعة السبت", "ليلة الجمعة/السبت", "ليل الجمعة إلى السبت"])
def test_a_night_spanning_two_days_dates_by_the_earlier_day(night: str) -> None:
    text = f"شنت طائرات حربية {night} غارات على بلدة كفرزيتا في ريف حماة."
    assert dates(text) == {"Explosions/Remote violence": ("2019-03-08", 1)}


def test_the_day_of_a_statement_yields_to_the_day_of_the_event() -> None:
    text = (
        "أكد الجيش السبت في بيان أن طائراته قصفت مواقع للمسلحين في بلدة كفرزيتا بريف حماة "
        "في السادس من الشهر الجاري."
    )
    assert dates(text) == {"Explosions/Remote violence": ("2019-03-06", 1)}


def test_the_day_of_a_statement_alone_dates_the_event_with_precision_two() -> None:
    assert dates("قال الجيش السبت إن طائراته قصفت بلدة كفرزيتا.") == {
        "Explosions/Remote violence": ("2019-03-09", 2)
    }


def dates_at(text: str) -> dict[str, tuple[str, int]]:
    """(event date, time precision) of each record of ``text``, by place."""
    events = rasd.extract(text, published=D, article_id="a")
    assert len({e.location for e in events}) == len(events), [(e.event_type, e.location) for e in events]
    return {e.location: (str(e.event_date), e.time_precision) for e in events}


LEAD = "قتل خمسة مدنيين مساء الجمعة في هجمات شنها مسلحون على قرى في ريف حماة، حسبما أعلنت مصادر محلية السبت."


def test_an_undated_event_of_the_body_takes_the_day_of_the_lead() -> None:
    text = f"{LEAD}\nوفي بلدة كفرزيتا، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم."
    # the day of the lead's event, not of its statement
    assert dates_at(text)["Kafr Zeita"] == ("2019-03-08", 2)


def test_a_day_taken_from_the_lead_shows_the_leads_time_word_as_evidence() -> None:
    text = f"{LEAD}\nوفي بلدة كفرزيتا، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم."
    body = next(e for e in rasd.extract(text, published=D, article_id="a") if e.location == "Kafr Zeita")
    assert body.field_evidence["event_date"].text == "مساء الجمعة"


def test_a_body_turning_to_another_story_keeps_the_publication_day() -> None:
    text = f"{LEAD}\nإلى ذلك، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم في بلدة كفرزيتا."
    assert dates_at(text)["Kafr Zeita"] == (D, 2)


def test_a_lead_with_no_day_leaves_the_body_at_the_publication_day() -> None:
    text = (
        "تتواصل المعارك في ريف حماة بين قوات النظام وفصائل المعارضة.\n"
        "وفي بلدة كفرزيتا، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم."
    )
    assert dates(text)["Violence against civilians"] == (D, 2)


def test_a_lead_day_before_the_window_is_not_inherited() -> None:
    text = (
        "أعلن الجيش نتائج التحقيق في هجوم وقع في الثاني من الشهر الماضي على قرى في ريف حماة.\n"
        "وفي بلدة كفرزيتا، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم."
    )
    assert dates(text).get("Violence against civilians") == (D, 2)


def test_a_body_gone_back_before_the_window_keeps_the_publication_day() -> None:
    text = (
        f"{LEAD}\n"
        "وفي الثالث من كانون الثاني الماضي، شهدت المنطقة هجمات مماثلة.\n"
        "وفي بلدة كفرزيتا، قتل مسلحون مجهولون ثلاثة مدنيين داخل منزلهم."
    )
    assert dates_at(text)["Kafr Zeita"] == (D, 2)


def test_a_statements_day_beats_a_coarser_time_word_of_the_event() -> None:
    text = "قال الجيش السبت إن طائراته قصفت خلال الشهر الجاري بلدة كفرزيتا."
    assert dates(text) == {"Explosions/Remote violence": ("2019-03-09", 2)}


def test_a_statements_day_yields_to_the_events_own_past() -> None:
    # the abductions go back years: the day UNICEF spoke does not make them news (§2, §12)
    text = "أعلنت منظمة الطفولة الجمعة أن مسلحين خطفوا أكثر من مئة طفل في ريف حماة منذ عام 2013."
    assert dates(text) == {}


def test_a_past_of_a_relative_clause_leaves_the_statements_day() -> None:
    # "قبل أشهر" dates the checkpoint ("الذي أقاموه"), not the abduction
    text = (
        "وأكدت مصادر محلية الخميس أن مسلحين خطفوا ثلاثة أطفال عند الحاجز الذي أقاموه قبل أشهر "
        "قرب بلدة كفرزيتا."
    )
    assert dates(text) == {"Violence against civilians": ("2019-03-07", 2)}


@pytest.mark.parametrize(
    "retold",
    ["ووقع الهجوم مساء الجمعة بحسب مصادر محلية.", "وأوضحت المصادر أن الهجوم وقع فجر الجمعة."],
)
def test_the_next_sentence_naming_the_incident_again_gives_its_day(retold: str) -> None:
    text = f"قتل خمسة مدنيين في هجوم شنه مسلحون على حاجز للشرطة في بلدة كفرزيتا بريف حماة.\n{retold}"
    assert dates(text) == {"Battles": ("2019-03-08", 1)}


def test_an_incident_named_again_further_on_may_be_another() -> None:
    text = (
        "قتل خمسة مدنيين في هجوم شنه مسلحون على حاجز للشرطة في بلدة كفرزيتا بريف حماة.\n"
        "وتشهد المنطقة توترا أمنيا منذ أشهر.\n"
        "وأدان المحافظ بشدة ما جرى.\n"
        "وكان الهجوم الأربعاء قد استهدف قافلة إغاثة."
    )
    assert dates(text)["Battles"] == (D, 2)
