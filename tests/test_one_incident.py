"""One incident, one record (issue 9): what a sentence tells as part of a bigger incident is not an event
of its own — a foiled attack and arrests in the sentence of a battle (CODEBOOK §12), arrests told with an
abduction by the same hand. Every sentence is written for these tests."""

from __future__ import annotations

import rasd


def kinds(text: str, published: str = "2018-05-04") -> list[str]:
    return sorted(e.sub_event_type for e in rasd.extract(text, published=published))


def test_an_attack_foiled_by_fighting_is_a_battle_only():
    text = (
        "أحبطت قوات الجيش هجوما على حاجز أمني في مدينة الشيخ زويد، الجمعة، "
        "مما أسفر عن مقتل مسلحين اثنين في اشتباكات."
    )
    assert kinds(text) == ["Armed clash"]


def test_arrests_made_during_a_clash_belong_to_it():
    text = "اشتبكت قوات الجيش اليمني مع مسلحي الحوثي في مدينة التحيتا يوم الاثنين وألقت القبض على عشرة منهم."
    assert kinds(text, "2018-07-09") == ["Armed clash"]


def test_a_raid_of_abductions_and_arrests_is_one_abduction():
    text = "شنت ميليشيات الحوثي حملة اعتقالات واختطفت عددا من المدنيين في مدينة زبيد يوم الأحد."
    assert kinds(text, "2018-07-15") == ["Abduction/forced disappearance"]


def test_arrests_told_apart_from_a_battle_stay_their_own_event():
    text = (
        "اشتبكت قوات الجيش مع مسلحين في مدينة العريش يوم الخميس وقتل خمسة منهم. "
        "وفي بيان آخر، ألقت قوات الأمن القبض على عشرين مطلوبا في مدينة العريش يوم الخميس."
    )
    assert kinds(text, "2018-05-17") == ["Armed clash", "Arrests"]


def test_the_attackers_arrest_ends_the_attack():
    text = (
        "قتل ثلاثة مدنيين بإطلاق نار نفذه مسلحون من تنظيم داعش في مدينة كركوك يوم السبت. "
        "وتمكنت قوات الأمن من إلقاء القبض على منفذ الهجوم."
    )
    assert kinds(text, "2018-05-19") == ["Attack"]


def test_an_arrest_of_others_after_an_attack_stays_its_own_event():
    text = (
        "قتل ثلاثة مدنيين بإطلاق نار نفذه مسلحون من تنظيم داعش في مدينة كركوك يوم السبت. "
        "واعتقلت قوات الأمن عشرة صحفيين في مدينة كركوك يوم السبت."
    )
    assert kinds(text, "2018-05-19") == ["Arrests", "Attack"]


def test_an_interception_with_a_borrowed_place_joins_the_one_placed_by_its_own_words():
    text = (
        "أعلنت السعودية أن دفاعاتها الجوية اعترضت صاروخا باليستيا أطلقه الحوثيون "
        "باتجاه مدينة جيزان يوم السبت. "
        "ويأتي ذلك بعد أيام من غارة للتحالف على مدينة الحديدة الساحلية قتلت قياديا حوثيا. "
        "واعترضت الدفاعات الجوية السعودية السبت صاروخا باليستيا أطلقه الحوثيون "
        "كما أعلن التحالف."
    )
    events = rasd.extract(text, published="2018-04-28")
    assert [(e.sub_event_type, e.location) for e in events] == [("Disrupted weapons use", "Jizan")]


def test_interceptions_placed_by_their_own_words_stay_apart():
    text = (
        "اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلقه الحوثيون "
        "باتجاه مدينة جيزان يوم السبت. "
        "واعترضت الدفاعات الجوية السعودية السبت صاروخا آخر أطلقه الحوثيون باتجاه مدينة نجران."
    )
    events = rasd.extract(text, published="2018-04-28")
    assert sorted(e.location for e in events) == ["Jizan", "Najran"]


def test_fire_bombs_thrown_at_a_protest_are_the_crowds_not_an_explosion():
    text = (
        "فرقت الشرطة الفرنسية مئات المحتجين الملثمين في مدينة نانت ليل الثلاثاء "
        "بعدما حطموا واجهات المحال وألقوا القنابل الحارقة على عناصرها."
    )
    events = rasd.extract(text, published="2018-07-04")
    assert [e.event_type for e in events] == ["Riots"]


def test_a_bomb_set_off_by_a_named_group_beside_a_protest_stays_an_explosion():
    text = (
        "تظاهر مئات الأشخاص في مدينة بنغازي يوم الخميس، وانفجرت سيارة مفخخة "
        "زرعها مسلحون من تنظيم داعش قرب التظاهرة مما أدى إلى مقتل 3 أشخاص."
    )
    kinds_ = {e.event_type for e in rasd.extract(text, published="2018-05-24")}
    assert "Explosions/Remote violence" in kinds_


def test_a_toll_since_the_protests_began_is_no_days_toll():
    text = (
        "شن الطيران الإسرائيلي غارات على مواقع في مدينة غزة يوم السبت. "
        "وقتل أكثر من 130 فلسطينيا، معظمهم غير مسلحين، بنيران إسرائيلية منذ بدء الاحتجاجات في 30 مارس."
    )
    events = rasd.extract(text, published="2018-07-14")
    assert events and all(e.fatalities == 0 for e in events)


def test_an_incident_dated_in_its_own_clause_survives_a_threat_opening_the_sentence():
    text = (
        "وزعت واشنطن مشروع قرار وسط تحذير من الرئيس الأمريكي من أن ثمنا باهظا سيدفع لما يشتبه "
        "بأنه هجوم دام بغاز كيماوي استهدف بلدة دوما يوم السبت الماضي."
    )
    events = rasd.extract(text, published="2018-04-10")
    assert [(e.sub_event_type, str(e.event_date)) for e in events] == [("Chemical weapon", "2018-04-07")]


def test_a_threatened_attack_and_a_called_protest_stay_dropped():
    threat = "هدد الجيش بشن هجوم على مدينة دوما يوم السبت."
    call = "دعت لجان التنسيق المواطنين إلى الخروج في مظاهرة في ساحة التحرير ببغداد مساء الجمعة."
    assert rasd.extract(threat, published="2018-04-10") == []
    assert rasd.extract(call, published="2018-07-20") == []


def test_protesters_shot_dead_are_excessive_force_not_an_attack():
    text = "قتل متظاهر برصاص قوات الأمن في مدينة البصرة يوم الأحد."
    events = rasd.extract(text, published="2018-07-15")
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Excessive force against protesters", "Protesters (Iraq)")
    ]


def test_civilians_shot_dead_stay_an_attack():
    text = "قتل مدني برصاص مسلحين مجهولين في مدينة البصرة يوم الأحد."
    assert [e.sub_event_type for e in rasd.extract(text, published="2018-07-15")] == ["Attack"]


def test_a_nuclear_bomb_programme_is_no_explosion():
    text = (
        "قال وزير الخارجية الأمريكي الأربعاء إن كوريا الشمالية تواصل إنتاج المادة التي "
        "تستخدم في صنع قنابل نووية في منشأة يونغبيون."
    )
    assert rasd.extract(text, published="2018-07-25") == []


def test_sound_grenades_fired_at_a_crowd_are_its_dispersal_not_an_explosion():
    text = (
        "أصيب عشرات المصلين في القدس الجمعة من جراء إطلاق الشرطة الإسرائيلية "
        "الرصاص المعدني وقنابل الصوت والغاز المسيل للدموع تجاههم."
    )
    kinds_ = {e.event_type for e in rasd.extract(text, published="2018-07-27")}
    assert "Explosions/Remote violence" not in kinds_


def test_an_attack_launched_with_chemical_weapons_is_a_chemical_attack():
    text = (
        "توعد الرئيس بالرد إثر اتهام دولي لاستخدام النظام السوري الأسلحة الكيماوية "
        "لشن هجوم في مدينة دوما، بالغوطة الشرقية، السبت."
    )
    events = rasd.extract(text, published="2018-04-12")
    assert [(e.sub_event_type, str(e.event_date)) for e in events] == [("Chemical weapon", "2018-04-07")]


def test_chemical_weapons_named_with_no_attack_make_no_event():
    text = (
        "قال نائب وزير الخارجية الروسي يوم الخميس إن مقاتلي المعارضة يمنعون مفتشي منظمة حظر "
        "الأسلحة الكيماوية من الوصول إلى مدينة دوما."
    )
    kinds_ = [e.sub_event_type for e in rasd.extract(text, published="2018-04-19")]
    assert "Chemical weapon" not in kinds_


def test_a_condemned_incident_with_its_day_told_far_after_stays_a_reaction():
    text = (
        "واستنكر رئيس الوزراء السابق في بيان صحافي له أمس تلقت الصحيفة نسخة منه، "
        "تفجيرات مدينة الصدر ببغداد الخميس الماضي، وحمل السياسيين المسؤولية."
    )
    assert rasd.extract(text, published="2018-05-10") == []


def test_a_strike_told_with_its_district_keeps_it_when_a_borrowed_telling_joins():
    text = (
        "قتل 12 عنصرا من الحوثيين في غارات لطيران التحالف على أطراف مديرية صرواح يوم الثلاثاء. "
        "وفي مديرية نهم شرق العاصمة صنعاء، قصفت مدفعية الجيش اليمني تجمعا للحوثيين يوم الثلاثاء. "
        "يأتي ذلك فيما شنت مقاتلات التحالف عدة غارات استهدفت تجمعات للحوثيين يوم الثلاثاء."
    )
    events = rasd.extract(text, published="2018-02-20")
    assert [e.location for e in events if e.sub_event_type == "Air/drone strike"] == ["Sirwah"]


def test_air_defence_meeting_missiles_is_the_interception_not_a_battle():
    text = (
        "قال الجيش السوري إن منظومات الدفاع الجوي تصدت لصواريخ العدوان "
        "وأسقطت معظمها فوق منطقة برزة فجر السبت."
    )
    events = rasd.extract(text, published="2018-04-14")
    assert [e.sub_event_type for e in events] == ["Disrupted weapons use"]
