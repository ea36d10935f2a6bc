"""Classes of error met on the sentence-level event gold standard (issue 9, GSR ASSAULT / PROTEST): an
incident told "more than a year ago", explosives that were found or carried rather than set off, an
"explosion" of violence or of a crisis, charges read out in a verdict. Each test has its control: the
incident told plainly still gives its record. Every sentence is written for these tests."""

from __future__ import annotations

import rasd

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def violent(text: str, published: str = "2008-10-01") -> list[rasd.EventRecord]:
    return [e for e in rasd.extract(text, published=published) if e.event_type in VIOLENT]


def test_more_than_a_year_ago_is_background():
    assert not violent("وذكر الضابط تفجيرا انتحاريا وقع قبل أكثر من عام في منطقة الأعظمية ببغداد.")
    assert not violent("وانفجرت سيارة مفخخة في الموصل منذ نحو شهرين.")


def test_a_recent_ago_still_dates_the_incident():
    events = violent("وانفجرت سيارة مفخخة في الموصل قبل يومين.")
    assert [e.event_date.isoformat() for e in events] == ["2008-09-29"]


def test_explosives_found_or_seized_did_not_go_off():
    assert not violent("وكشفت قوات الأمن أمس مخزنا يضم عشرات الصواريخ والعبوات والقذائف في مدينة صيدا.")
    assert not violent("وعثرت الشرطة أمس على عبوات ناسفة وقذائف هاون في بيت مهجور في الموصل.")


def test_explosives_carried_by_men_arrested_did_not_go_off():
    events = rasd.extract(
        "واعتقلت الشرطة أمس أربعة مسلحين كانوا يستقلون سيارة مفخخة عند مدخل كربلاء.", published="2008-10-01"
    )
    assert [e.event_type for e in events] == ["Strategic developments"]


def test_a_bomb_that_went_off_stays_beside_the_words_of_carrying():
    events = violent("وانفجرت أمس سيارة مفخخة كان يستقلها مسلحون في الموصل.")
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_an_explosion_of_violence_or_of_a_crisis_is_a_figure_of_speech():
    assert not violent("وقال المتحدث إن انفجار عمليات العنف في غزة يهدف إلى ضرب الوفاق الوطني.")
    assert not violent("وأدى انفجار الأزمة السياسية في مدينة طرابلس إلى استقالة الحكومة أمس.")


def test_an_explosion_of_a_device_is_one():
    events = violent("وقتل شرطي أمس في انفجار عبوة ناسفة وسط مدينة الموصل.")
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_a_time_word_in_a_relative_clause_far_from_the_trigger_dates_another_noun():
    events = rasd.extract(
        "وتظاهر الآلاف في مدينة مشهد رغم محاولات الأمن قمع الحراك الشعبي الذي انطلق قبل أكثر من 3 أشهر.",
        published="2018-04-11",
    )
    assert [(e.event_type, e.event_date.isoformat()) for e in events] == [("Protests", "2018-04-11")]


def test_a_guess_or_the_charges_of_a_verdict_report_no_incident():
    assert not violent("ربما تتواصل التفجيرات في بيروت خلال الأسابيع المقبلة.")
    assert not violent("وقالت النيابة في طهران إن الرجال الذين أعدموا أدينوا بالاغتيال والاغتصاب.")


def test_the_reporting_verb_kashf_tells_explosions_that_went_off():
    events = violent("وكشف المرصد أمس أن انفجارات عنيفة هزت مدينة حماة.")
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_earlier_incidents_are_background():
    assert not violent("وقال إن الحركة نفذت عمليات انتحارية سابقة في لاهور وكراتشي.")
    assert not violent("وقتل شرطي في هجوم سابق على سوق في بغداد.")


def test_the_killing_of_a_former_official_is_an_incident():
    events = violent("واغتال مسلحون الوزير السابق في بغداد أمس.")
    assert [e.event_type for e in events] == ["Violence against civilians"]


def test_khartoum_written_with_its_article_is_the_city():
    text = "تظاهر مئات من سكان أحياء وسط الخرطوم أمس احتجاجا على قرار السلطات."
    events = rasd.extract(text, published="2007-02-27")
    assert [(e.event_type, e.location) for e in events] == [("Protests", "Khartoum")]
