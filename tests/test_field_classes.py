"""Field accuracy of matched events, by class of error (CODEBOOK §5–§8, §12): the toll, the date and
the actors a record carries once the event itself is found. Sentences written for these tests."""

from __future__ import annotations

import rasd
from rasd.taxonomy import EXPLOSIONS

PUBLISHED = "2018-05-10"


def _records(text: str, published: str = PUBLISHED) -> list[rasd.EventRecord]:
    return rasd.extract(text, published=published, article_id="t")


def test_a_place_named_again_after_a_comma_does_not_split_the_toll() -> None:
    # "the Afghan capital, Kabul" is one place: the toll is not halved between two scenes of a list
    text = "لقي سبعة مدنيين حتفهم، الأربعاء، إثر تفجير انتحاري في العاصمة الأفغانية، كابل."
    bombs = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    # 7 civilians and the bomber, whom a toll of civilians cannot count (CODEBOOK §7): not halved either way
    assert [(r.location, r.fatalities) for r in bombs] == [("Kabul", 8)]


def test_two_places_listed_after_a_comma_still_share_the_toll() -> None:
    text = "قتل 10 مسلحين الأربعاء في غارات جوية على قرية الباغوز، وهجين بريف دير الزور."
    strikes = sorted((r.location, r.fatalities) for r in _records(text) if r.event_type == EXPLOSIONS)
    assert [f for _, f in strikes] == [5, 5], strikes


def test_one_person_named_with_a_title_is_one_dead() -> None:
    text = "أعلنت الشرطة مقتل الملا عبد الرحيم في غارة جوية على قرية في ولاية كنر يوم الثلاثاء."
    strikes = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [r.fatalities for r in strikes] == [1]


def test_a_name_then_a_title_in_apposition_is_one_dead() -> None:
    text = "قتل سعيد ناصر، أحد قادة الجماعة، بغارة جوية على بلدة ميران شاه الأربعاء."
    strikes = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [r.fatalities for r in strikes] == [1]


def test_an_attempted_killing_of_a_named_person_counts_no_dead() -> None:
    from rasd.recognize.quantities import find_casualties
    from rasd.text.normalize import normalize

    text = "وشهدت المدينة محاولة اغتيال نائب الرئيس فؤاد سالم الشهر الماضي."
    assert find_casualties(normalize(text).text) == []


def test_a_toll_sentence_naming_the_striker_country_still_gives_the_toll() -> None:
    # the lead names the drone's owner (the country of a side of the record), not another scene
    text = (
        "قتل خالد سليم، أحد قادة حركة طالبان باكستان، بطائرة بلا طيار تابعة للولايات المتحدة، بحسب الحركة.\n"
        "وكان سليم من أبرز قادة الحركة في السنوات الأخيرة.\n"
        "وشنت القوات الأمريكية الغارة الخميس على منطقة شمال وزيرستان، قرب الحدود مع أفغانستان."
    )
    strikes = [r for r in _records(text, published="2018-05-12") if r.event_type == EXPLOSIONS]
    assert [(r.location, r.fatalities) for r in strikes] == [("Miranshah", 1)]


def test_a_strike_said_on_one_day_and_confirmed_the_next_is_one_record() -> None:
    text = (
        "أوضح الجيش الأمريكي الخميس أنه نفذ ضربة جوية استهدفت قائدا للمتشددين في ولاية كنر.\n"
        "وأكدت وزارة الدفاع الأفغانية الجمعة مقتل القيادي إثر ضربة جوية نفذتها طائرة أمريكية في ولاية كنر."
    )
    strikes = [r for r in _records(text, published="2018-05-11") if r.event_type == EXPLOSIONS]
    assert len(strikes) == 1, [(r.event_date, r.location) for r in strikes]
    assert strikes[0].event_date.isoformat() == "2018-05-10"


def test_the_transliterated_name_of_the_pakistani_taliban_is_ttp() -> None:
    from rasd.recognize.actors import load_registry
    from rasd.text.normalize import normalize

    text = "وقال متحدث باسم تحريك طالبان إن الجماعة خسرت أحد قادتها."
    keys = {m.key for m in load_registry().find(normalize(text).text)}
    assert "ttp" in keys, keys


def test_a_day_right_after_the_trigger_dates_it_despite_a_saying_word_before() -> None:
    # "وفقا" (in accordance with) is also a word of attribution; the day right after the deal dates the deal
    text = (
        "وبدأ خروج مقاتلي المعارضة من مدينة دوما وفقا لاتفاقية عقدت الأحد، في وقت تعرضت فيه قاعدة جوية"
        " في حمص لهجوم صباح الإثنين."
    )
    deals = [r for r in _records(text, published="2018-04-10") if r.sub_event_type == "Agreement"]
    assert [r.event_date.isoformat() for r in deals] == ["2018-04-08"]


def test_an_agreement_with_one_party_named_has_the_side_it_faces() -> None:
    text = "وقعت فصائل المعارضة المسلحة الأربعاء اتفاقا يقضي بخروج مقاتليها من بلدة الرستن في ريف حمص."
    deals = [r for r in _records(text) if r.sub_event_type == "Agreement"]
    pairs = [(r.actor1, r.actor2) for r in deals]
    assert pairs == [("Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)")], pairs


def test_the_owner_of_an_outlet_a_report_is_credited_to_is_no_party() -> None:
    # the war media of Hezbollah told of the deal; Hezbollah was not a party to it
    text = (
        "قبلت فصائل المعارضة الأربعاء اتفاقا للخروج من بلدة الرستن في ريف حمص، بحسب الإعلام الحربي،"
        " التابع لحزب الله."
    )
    deals = [r for r in _records(text) if r.sub_event_type == "Agreement"]
    assert deals and all("Hezbollah" not in (r.actor1, r.actor2) for r in deals), [
        (r.actor1, r.actor2) for r in deals
    ]


def test_a_suicide_bombing_with_no_stated_toll_counts_its_bomber() -> None:
    text = "فجر انتحاري نفسه الأربعاء عند مدخل مقر الشرطة في مدينة جلال آباد، ما أدى إلى سقوط قتلى."
    bombs = [r for r in _records(text) if r.event_type == EXPLOSIONS]
    assert [(r.sub_event_type, r.fatalities) for r in bombs] == [("Suicide bomb", 4)]


def test_two_bombers_told_are_both_counted_and_a_stated_toll_is_left_as_it_is() -> None:
    two = "فجر انتحاريان نفسيهما الأربعاء عند مدخل مقر الشرطة في مدينة جلال آباد، ما أدى إلى سقوط قتلى."
    stated = "فجر انتحاري نفسه الأربعاء عند مدخل مقر الشرطة في مدينة جلال آباد، ما أدى إلى مقتل 6 أشخاص."
    assert [r.fatalities for r in _records(two) if r.event_type == EXPLOSIONS] == [5]
    assert [r.fatalities for r in _records(stated) if r.event_type == EXPLOSIONS] == [6]


def test_a_force_named_after_the_next_incident_of_the_sentence_is_no_party_to_the_deal() -> None:
    text = (
        "وتواصل خروج مقاتلي المعارضة من مدينة دوما وفقا لاتفاقية عقدت الأحد، وسط هجوم على قاعدة جوية في حمص"
        " اتهمت دمشق الجيش الإسرائيلي بتنفيذه."
    )
    deals = [r for r in _records(text, published="2018-04-09") if r.sub_event_type == "Agreement"]
    pairs = [(r.actor1, r.actor2) for r in deals]
    assert pairs == [("Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)")], pairs


def test_the_fighting_a_ceasefire_stops_still_names_its_parties() -> None:
    text = "عاد النازحون الجمعة إلى درعا إثر التوصل لاتفاق لوقف القتال بين قوات النظام والفصائل المعارضة."
    deals = [r for r in _records(text) if r.sub_event_type == "Agreement"]
    assert [{r.actor1, r.actor2} for r in deals] == [
        {"Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"}
    ]


def test_a_death_named_by_a_title_does_not_make_a_noun_trigger_an_incident() -> None:
    # "النقيب" is a family name here; the strike named after it is one told as background
    text = "وجاء مقتل النقيب بعد أسبوع على سقوط قائد آخر في غارة للتحالف استهدفته في محافظة الحديدة."
    assert [r for r in _records(text) if r.event_type == EXPLOSIONS] == []


def test_an_undated_interception_of_the_missile_takes_the_day_the_launch_was_told() -> None:
    text = (
        "شنت طائرات التحالف غارات على مواقع للحوثيين في صنعاء، وفق وسائل إعلام سعودية.\n"
        "وقال التحالف إن الصاروخ الذي أطلق من صعدة عصر الخميس كان يستهدف أحياء سكنية في مدينة جازان.\n"
        "وتمكنت الدفاعات الجوية السعودية من اعتراض الصاروخ دون وقوع إصابات."
    )
    stops = [r for r in _records(text, published="2018-05-12") if r.sub_event_type == "Disrupted weapons use"]
    assert [r.event_date.isoformat() for r in stops] == ["2018-05-10"]
