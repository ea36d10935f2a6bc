"""Actor roles an ACLED coder settles from the whole article (CODEBOOK §6, §12): both sides of a battle,
the only party that can have struck, claims, the force in control, inter codes at home and abroad.

Sentences are written for these tests; each is a class of error seen in the corpus, not a gold string.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import rasd
from rasd.recognize.actors import load_registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DAY = "2018-06-17"


def _one(text: str, **kwargs) -> dict:
    events = [e.to_dict() for e in rasd.extract(text, published=DAY, **kwargs)]
    assert len(events) == 1, events
    return events[0]


def test_yemeni_pro_government_force_is_coded_as_the_army_with_the_force_associated():
    event = _one(
        "اندلعت اشتباكات عنيفة، اليوم الأحد، بين ألوية العمالقة وميليشيا الحوثي في مديرية حيس جنوب الحديدة."
    )
    assert event["actor1"] == "Military Forces of Yemen (2012-)"
    assert event["assoc_actor_1"] == "Giants Brigades"
    assert event["actor2"] == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert event["interaction"] == 11


def test_battle_naming_one_side_gets_the_usual_opponent():
    event = _one(
        "شنت حركة طالبان هجوما على مواقع عسكرية في مدينة قلعة نو بولاية بادغيس، اليوم الأحد، وقتل 9 جنود."
    )
    assert event["event_type"] == "Battles"
    assert {event["actor1"], event["actor2"]} == {"Taliban", "Military Forces of Afghanistan (2014-2021)"}


def test_battle_opponent_comes_from_the_article_when_it_names_one():
    text = (
        "قال مسؤول عسكري إن عناصر تنظيم داعش تسللوا إلى مواقع في ريف حمص الشرقي.\n"
        "واندلعت اشتباكات عنيفة اليوم الأحد مع قوات النظام السوري قرب مدينة تدمر."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    battles = [e for e in events if e["event_type"] == "Battles"]
    assert battles
    for event in battles:
        sides = {event["actor1"], event["actor2"]}
        assert sides == {"Islamic State (Syria)", "Military Forces of Syria (2000-2024)"}


def test_a_group_without_aircraft_is_the_target_of_an_air_strike():
    event = _one("شنت طائرات حربية غارات على مواقع لحركة حماس في مدينة رفح جنوب قطاع غزة، فجر اليوم.")
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Hamas Movement"
    assert (event["inter1"], event["inter2"], event["interaction"]) == (8, 2, 28)


def test_air_strike_in_yemen_told_by_the_houthis_is_the_coalitions():
    event = _one(
        "قتل 5 مدنيين في غارة جوية استهدفت سوقا في مديرية زبيد بمحافظة الحديدة اليوم، "
        "بحسب ما أفادت جماعة الحوثي."
    )
    assert event["actor1"] == "Operation Restoring Hope"
    assert event["actor2"] == "Civilians (Yemen)"


def test_arrests_with_no_named_arrester_are_by_the_authority_not_an_unidentified_group():
    event = _one("اعتقلت السلطات 12 شخصا في مدينة الإسماعيلية المصرية، اليوم الأحد.")
    assert event["sub_event_type"] == "Arrests"
    assert event["actor1"] == "Police Forces of Egypt (2014-)"
    assert event["actor2"] == "Civilians (Egypt)"


def test_arrested_peoples_nationality_is_not_the_arresting_forces():
    event = _one("اعتقل الجيش الإسرائيلي، فجر اليوم، عشرين فلسطينيا في مدينة نابلس.")
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Civilians (Palestine)"


def test_a_claim_of_responsibility_names_the_perpetrator():
    text = (
        "قتل 10 أشخاص في تفجير انتحاري استهدف سوقا في مدينة جلال آباد الأفغانية اليوم.\n"
        "وأعلن تنظيم داعش مسؤوليته عن الهجوم."
    )
    event = _one(text)
    assert event["actor1"] == "Islamic State (Afghanistan)"
    assert event["actor2"] == "Civilians (Afghanistan)"


def test_a_denied_claim_names_nobody():
    text = (
        "قتل 10 أشخاص في تفجير انتحاري استهدف سوقا في مدينة جلال آباد الأفغانية اليوم.\n"
        "ونفت حركة طالبان مسؤوليتها عن الهجوم."
    )
    event = _one(text)
    assert event["actor1"] == "Unidentified Armed Group (Afghanistan)"


def test_victim_groups_go_to_assoc_actor_2():
    event = _one("قتل مسلحون مجهولون صحفيين اثنين في مدينة قندهار الأفغانية اليوم الأحد.")
    assert event["event_type"] == "Violence against civilians"
    assert event["actor2"] == "Civilians (Afghanistan)"
    assert event["assoc_actor_2"] == "Journalists (Afghanistan)"


def test_state_forces_are_1_at_home_and_8_abroad():
    reg = load_registry()
    on = dt.date(2018, 6, 1)
    assert reg.canonical("saudi_military", "SA", on)[1] == 1
    assert reg.canonical("saudi_military", "YE", on)[1] == 8
    assert reg.canonical("houthis", "YE", on)[1] == 1
    assert reg.canonical("houthis", "SA", on)[1] == 8
    assert reg.canonical("israel_military", "PS", on)[1] == 8
    assert reg.canonical("hamas", "PS", on)[1] == 2


def test_countries_without_their_own_entry_get_template_state_forces():
    reg = load_registry()
    assert reg.canonical("national_police", "BE", None) == ("Police Forces of Belgium", 1)
    assert reg.is_state("national_military")
    assert reg.police_forces("EG") == "egypt_police"


# ---------------------------------------------------------------- over the shared development articles


def _shared_records() -> list[dict]:
    if not SHARED.is_dir():
        pytest.skip("../shared (development articles) is not available")
    out = []
    for name in ("dev", "dev2", "dev3"):
        for line in (SHARED / "data" / name / "articles.jsonl").open(encoding="utf-8"):
            article = json.loads(line)
            for event in rasd.extract(
                article["text"], published=article.get("published"), title=article.get("title"),
                article_id=article["id"],
            ):
                out.append(event.to_dict())
    return out


def test_every_record_has_a_distinct_actor1_and_every_battle_two_sides():
    records = _shared_records()
    assert records
    for record in records:
        assert record["actor1"], record
        assert record["actor1"] != record["actor2"], record
        if record["event_type"] == "Battles":
            assert record["actor2"], record
        arrest_by_nobody = record["sub_event_type"] == "Arrests" and "Unidentified" in record["actor1"]
        assert not arrest_by_nobody, record


def test_a_state_force_named_with_a_suicide_bomb_was_its_target():
    event = _one("قتل جنديان من الجيش الليبي بتفجير انتحاري استهدف بوابة أمنية في مدينة أجدابيا اليوم.")
    assert event["actor1"] == "Unidentified Armed Group (Libya)"
    assert event["actor2"] == "Military Forces of Libya (2014-) Haftar Faction"


def test_the_group_the_sentence_names_set_off_the_car_bomb():
    event = _one(
        "استهدف تنظيم داعش تجمعا لقوات النظام السوري في ريف حمص الشرقي بسيارة مفخخة اليوم، "
        "مما أسفر عن مقتل 26 عنصرا."
    )
    assert event["actor1"] == "Islamic State (Syria)"
    assert event["actor2"] == "Military Forces of Syria (2000-2024)"


def test_live_fire_on_a_protest_is_excessive_force_and_not_a_second_event():
    event = _one(
        "تظاهر آلاف الفلسطينيين قرب السياج الحدودي شرق مدينة خان يونس اليوم، "
        "وأصيب العشرات برصاص الجيش الإسرائيلي."
    )
    assert event["sub_event_type"] == "Excessive force against protesters"
    assert event["actor1"] == "Protesters (Palestine)"
    assert event["actor2"] == "Military Forces of Israel (2009-)"


def test_a_peaceful_protest_has_no_second_actor():
    event = _one("تظاهر آلاف العراقيين في ساحة التحرير وسط بغداد اليوم للمطالبة بتحسين الخدمات.")
    assert event["sub_event_type"] == "Peaceful protest"
    assert (event["actor2"], event["interaction"]) == ("", 60)


def test_a_claim_credits_the_attack_it_is_told_with_not_another():
    text = (
        "قتل 10 أشخاص في تفجير انتحاري استهدف سوقا في مدينة جلال آباد الأفغانية اليوم.\n"
        "وأعلن تنظيم داعش مسؤوليته عن الهجوم.\n"
        "وفي سياق منفصل قالت الشرطة إن الوضع هادئ في المدينة.\n"
        "وقال مسؤولون إن الأسواق أغلقت أبوابها.\n"
        "وأضافوا أن التحقيقات جارية.\n"
        "وفي ولاية خوست قتل 4 أشخاص في انفجار عبوة ناسفة في سوق شعبي اليوم."
    )
    events = {e.location: e.actor1 for e in rasd.extract(text, published=DAY)}
    assert events["Jalalabad"] == "Islamic State (Afghanistan)"
    assert events["Khost"] == "Unidentified Armed Group (Afghanistan)"


def test_putschists_are_the_houthis_only_in_yemens_war():
    reg = load_registry()
    (mention,) = reg.find("الانقلابيين")
    assert reg.resolve_context(mention, "YE") == "houthis"
    assert reg.resolve_context(mention, "TR") == ""


def test_an_armed_group_holding_ground_arrests_but_a_foreign_police_does_not():
    event = _one("اعتقلت هيئة تحرير الشام 5 أشخاص في مدينة إدلب اليوم.")
    assert event["actor1"] == "HTS: Hayat Tahrir al Sham"
    event = _one("اعتقلت الشرطة السورية رجلا في مدينة لوبيك الألمانية اليوم.")
    assert event["actor1"].startswith("Police Forces of Germany")


def test_the_owner_of_what_was_hit_is_the_target_and_a_weapons_nationality_its_user():
    event = _one(
        'قتل فلسطينيان اليوم إثر قصف دبابة إسرائيلية موقع مراقبة تابعا لحركة "الجهاد الإسلامي" في مدينة رفح.'
    )
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "PIJ: Palestinian Islamic Jihad"


def test_the_agent_of_a_passive_is_the_perpetrator():
    event = _one("قتل خمسة مدنيين على يد مسلحي داعش في قرية قرب مدينة كركوك اليوم.")
    assert event["actor1"] == "Islamic State (Iraq)"
    assert event["actor2"] == "Civilians (Iraq)"


def test_an_air_strike_by_a_nationality_hits_the_group_the_sentence_names():
    event = _one("قتل قيادي في حركة طالبان في غارة أمريكية بطائرة مسيرة في ولاية كونار اليوم.")
    assert event["actor1"] == "Military Forces of the United States (2017-2021)"
    assert event["actor2"] == "Taliban"


def test_a_place_inside_a_groups_name_is_not_the_scene_and_the_strikes_nationality_did_it():
    event = _one(
        'واستهدف القصف الإسرائيلي "نقطة مراقبة" تابعة لسرايا القدس الجناح العسكري لحركة الجهاد الإسلامي '
        "شرقي رفح اليوم."
    )
    assert event["country"] == "Palestine" and event["location"] != "Jerusalem"
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "PIJ: Palestinian Islamic Jihad"


def test_the_regime_is_not_the_unnamed_striker_of_its_allies_depots():
    event = _one("استهدفت غارة جوية اليوم مستودعات صواريخ تابعة للحرس الثوري الإيراني قرب مدينة الكسوة.")
    assert event["actor1"] == "Unidentified Armed Group (Syria)"
    event = _one("قتل 5 مدنيين في غارة جوية على مدينة دوما اليوم.")
    assert event["actor1"] == "Military Forces of Syria (2000-2024)"


def test_a_missile_falling_on_saudi_arabia_was_fired_by_its_enemy_not_the_coalition():
    event = _one("شنت قوات التحالف العربي غارة على حي سكني في مدينة نجران السعودية اليوم.")
    assert event["actor1"] == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert event["inter1"] == 8


def test_a_protest_where_the_article_tells_live_fire_by_the_force_in_control_is_excessive_force():
    text = (
        "خرج آلاف الفلسطينيين اليوم في مسيرات قرب السياج الحدودي شرق مدينة غزة.\n"
        "ورفع المتظاهرون الأعلام الفلسطينية.\n"
        "وطالب المنظمون بحق العودة.\n"
        "وقتل فلسطيني برصاص الجيش الإسرائيلي خلال المسيرات."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    protests = [e for e in events if e["event_type"] == "Protests"]
    assert protests and all(e["sub_event_type"] == "Excessive force against protesters" for e in protests)


def test_a_cue_before_the_trigger_governs_the_trigger_not_its_agent():
    event = _one(
        "وتزامن ذلك مع قصف مقاتلات التحالف العربي مواقع لميليشيات الحوثي في الساحل الغربي بمحافظة الحديدة "
        "اليوم موقعة قتلى وجرحى في صفوفهم."
    )
    assert event["actor1"] == "Operation Restoring Hope"
    assert event["actor2"] == "Military Forces of Yemen (2016-) Supreme Political Council"


def test_a_group_named_after_an_arrest_is_who_the_detainees_were():
    event = _one(
        "أفاد مسؤولون أمنيون أفغان باعتقال شخصين يشتبه بأنهما قياديان في تنظيم الدولة الإسلامية "
        "في العاصمة الأفغانية كابول اليوم."
    )
    assert event["actor1"] == "Police Forces of Afghanistan (2014-2021)"
    assert event["actor2"] == "Civilians (Afghanistan)"
    assert event["assoc_actor_2"] == "Islamic State (Afghanistan)"


def test_a_group_without_aircraft_told_as_striking_the_coalition_was_struck_by_it():
    """The sentence reader made the Houthis the doer and the coalition the target of an air strike."""
    from types import SimpleNamespace

    from rasd.assemble.roles import _air_striker

    event = SimpleNamespace(
        perpetrator="houthis", target="operation_restoring_hope", sub_event_type="Air/drone strike"
    )
    _air_striker(event, "YE")
    assert (event.perpetrator, event.target) == ("operation_restoring_hope", "houthis")


def test_an_attack_that_killed_civilians_with_no_armed_side_against_it_is_not_a_battle():
    event = _one("قتل مسلحون مجهولون ثلاثة مدنيين في هجوم على قرية قرب مدينة كركوك يوم الأحد.")
    assert event["event_type"] == "Violence against civilians"
    assert (event["actor1"], event["actor2"]) == ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")


def test_a_state_strike_with_no_target_in_its_sentence_hit_the_group_whose_sites_the_next_sentence_names():
    event = _one(
        "قصف الجيش الإسرائيلي فجر اليوم الأحد مبنى خاليا في مدينة خان يونس جنوب قطاع غزة. "
        "وأوضح متحدث باسمه أن المبنى يستخدمه عناصر حماس لتخزين السلاح."
    )
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Hamas Movement"


def test_the_armed_wing_of_hamas_is_coded_as_hamas():
    event = _one(
        "قصفت مدفعية الجيش الإسرائيلي اليوم الأحد موقع رصد تابعا لكتائب القسام شرق مدينة غزة."
    )
    assert event["actor2"] == "Hamas Movement"


def test_the_group_that_owns_the_bomber_made_the_attack_and_was_not_its_target():
    event = _one(
        "فجر انتحاري تابع لتنظيم داعش نفسه صباح الأحد قرب مسجد في مدينة كابل، ما أدى إلى مقتل 12 شخصا."
    )
    assert event["actor1"] == "Islamic State (Afghanistan)"
    assert event["actor2"] == "Civilians (Afghanistan)"


def test_iranian_forces_fighting_in_syria_are_the_revolutionary_guard():
    event = _one("قصف الجيش الإسرائيلي اليوم الأحد مواقع عسكرية للقوات الإيرانية قرب مطار دمشق الدولي.")
    assert event["actor1"] == "Military Forces of Israel (2009-)"
    assert event["actor2"] == "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"


def test_iranian_forces_at_home_stay_the_army():
    event = _one("قصف الجيش الإيراني اليوم الأحد مواقع لمسلحين أكراد في منطقة سردشت شمال غرب إيران.")
    assert event["actor1"] == "Military Forces of Iran (1989-)"


def test_aircraft_told_with_a_nationality_are_that_countrys_military():
    event = _one("قصفت طائرة أمريكية مسيرة اليوم الأحد سيارة في ولاية كونار شرق أفغانستان.")
    assert event["actor1"] == "Military Forces of the United States (2017-2021)"


def test_an_air_strike_in_sinai_with_no_named_striker_was_the_egyptian_armys():
    event = _one("أسفر قصف جوي استهدف وكرا للإرهابيين جنوب مدينة رفح المصرية، اليوم الأحد، عن مقتل 4 مسلحين.")
    assert event["actor1"] == "Military Forces of Egypt (2014-)"
    assert event["actor2"] == "Unidentified Armed Group (Egypt)"


def test_territory_regained_late_in_a_report_was_taken_from_the_group_its_lead_names():
    event = _one(
        "قال آمر غرفة العمليات في الجيش الوطني الليبي إن قواته تتقدم نحو آخر معاقل تنظيم القاعدة "
        "في مدينة درنة. "
        "وقال متحدث عسكري إن المعارك كانت عنيفة طوال الأسبوع. "
        "وأضاف أن الوحدات تلقت تعزيزات كبيرة من بنغازي. "
        "وأوضح أن الألغام أبطأت التقدم في الأزقة الضيقة. "
        "وأكد المتحدث، الأحد، أن القوات المسلحة بسطت سيطرتها على حي المغار في مدينة درنة بالكامل."
    )
    assert event["sub_event_type"] == "Government regains territory"
    assert event["actor2"] == "Al Qaeda"


def test_houthi_missiles_on_a_saudi_city_with_no_named_target_hit_its_civilians():
    event = _one("أطلقت ميليشيا الحوثي اليوم الأحد صاروخا باليستيا على مدينة جازان السعودية دون إصابات.")
    assert event["actor1"] == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert event["actor2"] == "Civilians (Saudi Arabia)"


def test_egypts_security_services_are_its_police():
    event = _one("ضبطت الأجهزة الأمنية اليوم الأحد حزاما ناسفا وكمية من الذخيرة في مدينة العريش بشمال سيناء.")
    assert event["actor1"] == "Police Forces of Egypt (2014-)"


def test_a_stabbing_ended_by_police_fire_is_the_attackers_event_not_the_polices():
    event = _one(
        "قالت الشرطة الإسرائيلية إن أحد عناصرها أطلق النار على شاب بعد أن طعن مستوطنا في البلدة القديمة "
        "بالقدس، الأحد، فأرداه قتيلا."
    )
    assert event["actor1"].startswith("Unidentified Armed Group")


def test_police_shooting_with_no_lone_attack_told_stays_the_polices():
    event = _one("قتلت الشرطة الإسرائيلية شابا فلسطينيا بالرصاص في البلدة القديمة بالقدس، الأحد.")
    assert event["actor1"] == "Police Forces of Israel (2009-)"


def test_an_anaphor_means_in_the_events_country_what_its_antecedent_means_there():
    text = (
        "أعلنت حركة طالبان في باكستان مقتل أحد قادتها.\n"
        "وقتل القيادي في غارة بطائرة بلا طيار يوم الخميس في منطقة شمال وزيرستان، "
        "بحسب ما ذكرته الحركة في بيان."
    )
    event = _one(text)
    assert event["actor2"] == "TTP: Tehreek-i-Taliban Pakistan"


def test_a_drone_told_as_a_countrys_flew_the_strike_its_sentence_names_nobody_for():
    text = (
        "قتل قيادي في حركة طالبان باكستان في هجوم شنته طائرة بلا طيار تابعة للولايات المتحدة.\n"
        "وقتل القيادي في غارة بطائرة بلا طيار يوم الخميس في منطقة شمال وزيرستان، بحسب ما ذكرته الحركة."
    )
    event = _one(text)
    assert event["actor1"] == "Military Forces of the United States (2017-2021)"
    assert event["actor2"] == "TTP: Tehreek-i-Taliban Pakistan"


def test_an_unattributed_strike_is_by_the_air_force_the_article_names_near_it_not_unidentified():
    text = (
        "نفذت القوات الخاصة الأميركية عملية في ولاية جوزجان الأفغانية.\n"
        "وأسفرت غارة يوم الخميس عن مقتل أربعة من مقاتلي داعش خراسان في منطقة درزاب."
    )
    event = _one(text)
    assert event["actor1"] == "Military Forces of the United States (2017-2021)"
    assert event["actor2"] == "Islamic State (Afghanistan)"


def test_a_coalition_strike_with_no_named_target_hit_the_group_named_near_it():
    text = (
        "قال التحالف الدولي إنه نفذ ضربة جوية في شرق سوريا.\n"
        "وقال مقاتلو تنظيم الدولة إن مواقعهم في المنطقة تعرضت للقصف.\n"
        "وقال المتحدث إن التحالف نفذ غارات جوية في قرية السوسة يوم الخميس."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    sousa = [e for e in events if e["location"] == "Sousa"]
    assert sousa, events
    assert sousa[0]["actor1"] == "Global Coalition Against Daesh"
    assert sousa[0]["actor2"] == "Islamic State (Syria)"


def test_a_telling_that_names_both_sides_gives_the_pair_of_the_incident():
    text = (
        "قالت وزارة الدفاع الروسية إن مستشارين عسكريين قتلا عندما تعرضت وحدة تعمل بالتعاون مع الجيش "
        "الحكومي في دير الزور إلى هجوم اليوم.\n"
        "وأكد المرصد أن تنظيم الدولة الإسلامية شن هجوما على موقع للجيش الحكومي في دير الزور اليوم "
        "وقتل 35 شخصا."
    )
    battles = [e.to_dict() for e in rasd.extract(text, published=DAY) if e.event_type == "Battles"]
    assert len(battles) == 1, battles
    assert battles[0]["actor1"] == "Islamic State (Syria)"
    assert battles[0]["actor2"] == "Military Forces of Syria (2000-2024)"


def test_fighters_killed_unnamed_by_state_forces_were_an_unidentified_group_not_the_background_group():
    text = (
        "أعلنت وزارة الداخلية المصرية، الخميس، مقتل 3 إرهابيين في تبادل لإطلاق النار مع الشرطة في مدينة "
        "الإسماعيلية.\n"
        "وتقاتل مصر منذ سنوات جماعة ولاية سيناء الموالية لتنظيم داعش في شمال سيناء."
    )
    battles = [e.to_dict() for e in rasd.extract(text, published=DAY) if e.event_type == "Battles"]
    assert len(battles) == 1, battles
    assert battles[0]["actor1"] == "Police Forces of Egypt (2014-)"
    assert battles[0]["actor2"] == "Unidentified Armed Group (Egypt)"


def test_air_defences_told_as_the_coalitions_are_the_coalitions_and_a_dateline_is_no_doer():
    text = (
        "دبي، الإمارات العربية المتحدة (CNN) – اعترضت الدفاعات الجوية التابعة للتحالف العربي صاروخا باليستيا "
        "أطلقه الحوثيون باتجاه مدينة خميس مشيط السعودية، مساء السبت.\n"
        "وقال المتحدث باسم التحالف إن الدفاعات الجوية اعترضت صاروخا كان يستهدف المناطق السكنية في خميس مشيط."
    )
    event = _one(text)
    assert event["sub_event_type"] == "Disrupted weapons use"
    assert event["actor1"] == "Operation Restoring Hope"
    assert event["actor2"] == "Military Forces of Yemen (2016-) Supreme Political Council"


def test_unnamed_gunmen_who_killed_people_are_an_unidentified_group_not_a_group_named_later():
    text = (
        "شن مسلحون هجوما على مركز لتدريب الممرضات في مدينة جلال آباد، وقتل في الهجوم ثلاثة أشخاص على الأقل.\n"
        "وقال المتحدث باسم الولاية إن قوات الأمن طوقت المبنى.\n"
        "وأضاف أن الهجوم بدأ في الساعة الحادية عشرة صباحا.\n"
        "ولم تعلن أي جماعة مسؤوليتها، لكن تنظيم الدولة تبنى هجمات أخرى في الإقليم مؤخرا."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    attack = [e for e in events if e["location"] == "Jalalabad"]
    assert attack, events
    assert attack[0]["actor1"] == "Unidentified Armed Group (Afghanistan)"
    assert attack[0]["actor2"] == "Civilians (Afghanistan)"


def test_gunmen_counted_among_the_dead_did_not_do_it():
    event = _one("قالت مصادر أمنية إن ثلاثة مسلحين قتلوا اليوم في قصف جوي استهدف وكرا في مدينة العريش.")
    assert event["actor1"] == "Military Forces of Egypt (2014-)"
    assert event["actor2"] == "Unidentified Armed Group (Egypt)"


@pytest.mark.parametrize(
    ("alias", "country", "key"),
    [
        ("القيادة العامة للقوات المسلحة", "LY", "lna"),
        ("القيادة العامة للقوات المسلحة", "YE", ""),
        ("قوات الجيش الوطني", "YE", "yemen_military"),
        ("قوات الجيش الوطني", "LY", "lna"),
        ("قوات الاحتلال", "PS", "israel_military"),
        ("قوات الاحتلال", "SY", ""),
        ("المقاومة الشعبية", "PS", ""),
    ],
)
def test_generic_force_names_mean_one_countrys_force_only_in_that_country(alias, country, key):
    registry = load_registry()
    from rasd.text.normalize import normalize_term

    mentions = registry.find(normalize_term(alias))
    assert len(mentions) == 1
    assert registry.resolve_context(mentions[0], country) == key


def test_names_an_event_abroad_takes_from_the_article_are_read_for_the_events_country():
    text = (
        "قال ناشطون سوريون إن قوات الأمن اعتقلت عشرات الشبان في مدينة دمشق وريف دمشق خلال الأسبوع الماضي "
        "بعد مظاهرات في سوريا.\n"
        "وفي مدينة جلال آباد الأفغانية، اندلعت اليوم معركة بالأسلحة بين الشرطة ومجموعة من المتطرفين بعد "
        "تفجير انتحاري."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    battles = [e for e in events if e["event_type"] == "Battles"]
    assert len(battles) == 1, events
    assert battles[0]["actor1"] == "Police Forces of Afghanistan (2014-2021)"
    assert battles[0]["actor2"] == "Unidentified Armed Group (Afghanistan)"


def test_a_strike_whose_accused_perpetrator_denies_it_stays_unattributed():
    text = (
        "قال مسؤولون عراقيون إن ضربة جوية أميركية استهدفت مواقع للحشد الشعبي في بلدة البوكمال السورية "
        "يوم الاثنين.\n"
        "ونفت الولايات المتحدة ضلوعها في الهجوم."
    )
    event = _one(text)
    assert event["sub_event_type"] == "Air/drone strike"
    assert event["actor1"] == "Unidentified Armed Group (Syria)"
    assert event["actor2"] == "Military Forces of Iraq (2014-2018) Popular Mobilization Forces"


def test_a_denial_by_the_target_leaves_the_striker_named():
    text = (
        "شنت الطائرات الأميركية والبريطانية غارات جوية على مواقع للجيش السوري قرب دمشق يوم السبت.\n"
        "وأصر الجيش السوري على نفي أي ضلوع له في الهجوم الكيميائي."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    events = [e for e in events if e["sub_event_type"] == "Air/drone strike"]
    assert events, events
    assert "Unidentified" not in events[0]["actor1"]


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        (
            "هاجمت جبهة البوليساريو الانفصالية",
            "EH",
            "POLISARIO: Popular Front for the Liberation of Saguia el Hamra and Rio de Oro",
        ),
        ("حوكم عدد من عناصر تنظيم الإخوان الإرهابي", "EG", "Muslim Brotherhood"),
        ("تقدمت قوات المقاومة اليمنية في الساحل الغربي", "YE", "Military Forces of Yemen (2012-)"),
        ("قتل جندي من الحرس الوطني", "US", ""),
    ],
)
def test_the_registry_names_the_groups_the_corpus_names_often(text, country, name):
    registry = load_registry()
    from rasd.text.normalize import normalize_term

    keys = [registry.resolve_context(m, country) for m in registry.find(normalize_term(text))]
    keys = [registry.coded_as(k) or k for k in keys if k]
    names = [registry.canonical(k, country, dt.date(2018, 5, 1))[0] for k in keys]
    assert names == ([name] if name else []), names


def test_a_group_only_a_teaser_names_is_not_the_bomber_when_nobody_claimed_the_bombing():
    text = (
        "قتل 18 شخصا على الأقل في تفجير انتحاري استهدف الأحد مدينة جلال آباد الأفغانية.\n"
        "وقال مسؤول أفغاني إن أي جهة لم تعلن مسؤوليتها، دون إعلان أي جهة عن مسؤوليتها عن الحادث.\n"
        "للمزيد: الرئيس الأفغاني يدعو طالبان لتمديد الهدنة بعد مقتل العشرات في هجوم انتحاري"
    )
    bombs = [e.to_dict() for e in rasd.extract(text, published=DAY) if e.sub_event_type == "Suicide bomb"]
    assert bombs, bombs
    assert all(b["actor1"] == "Unidentified Armed Group (Afghanistan)" for b in bombs), bombs


def test_a_bomb_in_a_crowd_of_fighters_and_civilians_hit_civilians():
    event = _one(
        "فجر انتحاري من تنظيم داعش نفسه اليوم في حشد يضم عناصر من طالبان وقوات الأمن ومدنيين في مدينة "
        "جلال آباد، مما أسفر عن مقتل 20 شخصا على الأقل."
    )
    assert event["actor1"] == "Islamic State (Afghanistan)"
    assert event["actor2"] == "Civilians (Afghanistan)"


def test_shelling_told_without_its_launcher_was_fired_by_the_one_the_article_names():
    text = (
        "سقطت قذيفة صاروخية اليوم على سوق شعبية في مدينة جرمانا قرب دمشق وأصابت 23 مدنيا بجروح.\n"
        "وقالت الوكالة إن القذيفة أطلقتها التنظيمات الإرهابية من الغوطة الشرقية."
    )
    shelling = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    shelling = [e for e in shelling if e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert shelling, shelling
    assert all(e["actor1"] == "Opposition Rebels (Syria)" for e in shelling), shelling


def test_a_weapons_nationality_names_who_shelled_abroad_but_not_a_state_shelling_its_own_ground():
    text = (
        "قال الجيش الإسرائيلي إن نحو 20 مقذوفا إيرانيا أطلقت من سوريا على هضبة الجولان فجر اليوم.\n"
        "وقال متحدث عسكري إن القصف على الجولان لم يسفر عن ضحايا."
    )
    events = [e.to_dict() for e in rasd.extract(text, published=DAY)]
    shelling = [e for e in events if e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert shelling, events
    assert all("Iran" in e["actor1"] for e in shelling), shelling


def test_an_unarmed_man_is_no_gunman():
    registry = load_registry()
    from rasd.text.normalize import normalize_term

    keys = [m.key for m in registry.find(normalize_term("قتلت الشرطة رجلا غير مسلح"))]
    assert "generic:unidentified" not in keys
    gunmen = registry.find(normalize_term("هاجم مسلحون نقطة تفتيش"))
    assert [m.key for m in gunmen] == ["generic:unidentified"]


def test_unnamed_gunmen_are_compatible_with_the_named_side_of_the_same_incident():
    from rasd.assemble.aggregate import _actors_compatible
    from rasd.assemble.model import Candidate

    def battle(perpetrator: str, target: str) -> Candidate:
        event = Candidate("Battles", "Armed clash", "text", None, None)  # type: ignore[arg-type]
        event.perpetrator, event.target = perpetrator, target
        return event

    named = battle("pkk", "turkey_military")
    assert _actors_compatible(named, battle("generic:unidentified", ""))
    assert _actors_compatible(battle("generic:unidentified", "turkey_military"), named)
    assert not _actors_compatible(named, battle("islamic_state", ""))


def test_a_group_that_fights_elsewhere_is_no_side_of_a_battle_taken_from_the_article():
    text = (
        "قال مسؤولون إن الحشد الشعبي العراقي أرسل خبراء لدعم ميليشيات الحوثي في اليمن.\n"
        "واندلعت اشتباكات عنيفة اليوم بين قوات الجيش اليمني ومسلحين في مديرية حيس جنوب الحديدة."
    )
    battles = [e.to_dict() for e in rasd.extract(text, published=DAY) if e.event_type == "Battles"]
    assert battles, battles
    for battle in battles:
        assert "Popular Mobilization" not in battle["actor1"] + battle["actor2"], battle


def test_the_usual_opponent_of_a_side_is_taken_only_where_it_fights():
    from rasd.assemble.roles import _usual_opponent

    assert _usual_opponent("us_military", "SY") != "houthis"
    assert _usual_opponent("yemen_military", "YE") == "houthis"


def test_bare_gunmen_are_the_group_the_headline_names_unknown_gunmen_stay_unknown():
    title = "داعش يقتل ويحرق 12 شخصا بهجمات متفرقة في كركوك"
    text = "قام مسلحون بمهاجمة سيارة مدنية ليل الأحد وقتلوا 3 أشخاص على طريق رئيسي قرب بلدة داقوق."
    events = [e.to_dict() for e in rasd.extract(text, published=DAY, title=title)]
    daquq = [e for e in events if e["location"] == "Daquq"]
    assert daquq, events
    assert (daquq[0]["actor1"], daquq[0]["actor2"]) == ("Islamic State (Iraq)", "Civilians (Iraq)")
    text = "قام مسلحون مجهولون بمهاجمة سيارة مدنية ليل الأحد وقتلوا 3 أشخاص على طريق رئيسي قرب بلدة داقوق."
    events = [e.to_dict() for e in rasd.extract(text, published=DAY, title=title)]
    daquq = [e for e in events if e["location"] == "Daquq"]
    assert daquq, events
    assert daquq[0]["actor1"] == "Unidentified Armed Group (Iraq)"


@pytest.mark.parametrize("country", ["AF", "EG", "YE", "SO"])
def test_the_armys_units_are_the_army_of_the_events_country(country):
    registry = load_registry()
    from rasd.text.normalize import normalize_term

    mentions = registry.find(normalize_term("هاجم المتمردون وحدات الجيش"))
    keys = [registry.resolve_context(m, country) for m in mentions]
    assert registry.state_forces(country) in keys, keys
