"""Event types that depend on who fought and how (CODEBOOK §3, §12), end to end through rasd.extract.

Each article is written for these tests.
"""

from __future__ import annotations

import rasd


def _types(text: str, published: str = "2018-07-15") -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in rasd.extract(text, published=published)]


def test_clash_between_police_and_protesters_is_a_riot() -> None:
    text = "اندلعت اشتباكات عنيفة بين الشرطة ومحتجين غاضبين في مدينة البصرة اليوم وقتل شخصان."
    assert ("Riots", "Violent demonstration") in _types(text)
    assert all(kind != "Battles" for kind, _ in _types(text))


def test_later_clash_sentence_takes_the_crowd_from_the_lead() -> None:
    text = (
        "اندلعت اشتباكات بين قوات الأمن ومحتجين غاضبين في مدينة الناصرية اليوم.\n"
        "وقال مسؤول إن شخصا قتل في الاشتباكات مع الشرطة في الناصرية."
    )
    assert all(kind != "Battles" for kind, _ in _types(text))


def test_clash_between_army_and_armed_group_stays_a_battle() -> None:
    text = "اندلعت اشتباكات عنيفة بين الجيش العراقي وتنظيم داعش في مدينة الموصل اليوم وقتل خمسة مسلحين."
    assert ("Battles", "Armed clash") in _types(text)


def test_attack_by_a_suicide_bomber_is_a_suicide_bomb() -> None:
    text = "هاجم انتحاري مركزا للشرطة في مدينة جلال آباد اليوم مما أسفر عن مقتل عشرة أشخاص."
    assert _types(text, "2018-04-22") == [("Explosions/Remote violence", "Suicide bomb")]


def test_headline_attack_takes_the_means_the_text_tells() -> None:
    events = rasd.extract(
        "قتل ثلاثة أشخاص اليوم بانفجار عبوة ناسفة في مدينة جلال آباد شرقي أفغانستان.",
        published="2018-03-17",
        title="ثلاثة قتلى بهجوم في جلال آباد",
    )
    assert {(e.event_type, e.sub_event_type) for e in events} == {
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    }


def test_attack_with_no_means_told_stays_a_clash() -> None:
    text = "هاجم مسلحون من حركة طالبان مركزا للشرطة في مدينة جلال آباد اليوم وقتلوا خمسة من رجال الشرطة."
    assert [kind for kind, _ in _types(text, "2018-04-22")] == ["Battles"]


def test_protests_that_erupted_are_not_an_explosion() -> None:
    text = "وانفجرت الاحتجاجات في مدينة البصرة اليوم عندما خرج السكان إلى الشوارع."
    kinds = [kind for kind, _ in _types(text)]
    assert "Explosions/Remote violence" not in kinds
    assert "Protests" in kinds


def test_tear_gas_grenades_are_crowd_control_not_explosives() -> None:
    text = "أطلقت الشرطة قنابل الغاز على المتظاهرين في مدينة البصرة اليوم."
    assert _types(text) == [("Protests", "Protest with intervention")]


def test_a_quoted_absolute_date_dates_the_event() -> None:
    text = (
        'أعرب مدير المنظمة، الاثنين، في بيان نشره موقعها عن '
        '"قلقه من الهجوم الكيماوي في 7 أبريل على مدينة دوما".'
    )
    events = rasd.extract(text, published="2018-04-09")
    assert [str(e.event_date) for e in events] == ["2018-04-07"]


def test_protesters_who_tried_to_storm_a_building_rioted() -> None:
    text = "أصيب عشرة أشخاص اليوم عندما أطلق الأمن النار على متظاهرين حاولوا اقتحام مبنى محافظة الديوانية."
    assert ("Riots", "Violent demonstration") in _types(text)


def test_a_campaign_of_abductions_is_an_abduction() -> None:
    text = "شنت الميليشيات اليوم حملة اختطافات واسعة في قرى مديرية عتمة بمحافظة ذمار."
    assert ("Violence against civilians", "Abduction/forced disappearance") in _types(text, "2018-06-23")


_CLAIM = "\nولم تعلن أي جهة مسؤوليتها، لكن مسلحي حركة طالبان نفذوا هجمات كثيرة في الإقليم."


def test_gunmen_attack_on_a_clinic_killing_persons_is_violence_against_civilians() -> None:
    # an attack word, an armed group the only side, plain "persons" dead: an attack on people (CODEBOOK §3)
    text = "شن مسلحون هجوما على عيادة طبية في مدينة قندوز اليوم، وقتل في الهجوم أربعة أشخاص." + _CLAIM
    assert [kind for kind, _ in _types(text, "2018-05-20")] == ["Violence against civilians"]


def test_attack_killing_police_stays_a_clash() -> None:
    # the same attack with the dead named as police is an attack on armed forces: a battle
    text = "شن مسلحون هجوما على مخفر في مدينة قندوز اليوم، وقتل في الهجوم أربعة من رجال الشرطة." + _CLAIM
    assert [kind for kind, _ in _types(text, "2018-05-20")] == ["Battles"]


def test_leader_son_killed_in_his_own_attack_is_not_civilian_violence() -> None:
    # told by its killing word, the "person" dead may be a fighter: no violence against civilians
    events = rasd.extract(
        "قتل نجل زعيم تنظيم داعش في هجوم نفذه مع مقاتلين آخرين في محافظة حمص اليوم الثلاثاء.",
        published="2018-07-03",
        title="داعش يعلن مقتل نجل زعيمه في حمص",
    )
    assert [e.event_type for e in events] == ["Battles"]


def test_cause_answered_by_a_strike_is_not_a_battle_of_its_own() -> None:
    # "the shelling was a response to an infiltration": the infiltration is the strike's reason, so it does
    # not fold into the strike and turn it into a battle
    text = (
        "قصفت دبابة إسرائيلية اليوم موقعا لحركة الجهاد الإسلامي في مدينة رفح.\n"
        "وقال الجيش الإسرائيلي إن القصف جاء ردا على تسلل مسلحين عبر السياج."
    )
    kinds = [kind for kind, _ in _types(text, "2018-05-27")]
    assert "Battles" not in kinds
    assert "Explosions/Remote violence" in kinds


def test_shooting_told_after_a_lead_set_at_a_protest_is_excessive_force() -> None:
    # the lead puts the shooting at a protest (itself no event: a death days after); the later sentence
    # tells the day's deaths without naming the protest: the dead were protesters (CODEBOOK §3)
    text = (
        "ذكرت مصادر طبية أن شابا توفي بعد أيام من إصابته بنيران القوات الإسرائيلية خلال احتجاجات قرب السياج"
        " في غزة.\n"
        "وأطلقت القوات الإسرائيلية النار يوم الاثنين على الشبان في مدينة غزة وقتلت خمسة فلسطينيين."
    )
    kinds = _types(text, "2018-05-17")
    assert ("Protests", "Excessive force against protesters") in kinds
    assert all(kind != "Violence against civilians" for kind, _ in kinds)


def test_shooting_with_no_protest_in_the_lead_stays_violence_against_civilians() -> None:
    # the same day's shooting after a lead about a death of wounds from an air strike: no protest scene
    text = (
        "ذكرت مصادر طبية أن شابا توفي بعد أيام من إصابته في غارة إسرائيلية على موقع في غزة.\n"
        "وأطلقت القوات الإسرائيلية النار يوم الاثنين على الشبان في مدينة غزة وقتلت خمسة فلسطينيين."
    )
    assert ("Violence against civilians", "Attack") in _types(text, "2018-05-17")


def test_youths_confronting_a_raid_are_mob_violence() -> None:
    text = (
        "اقتحم الجيش الإسرائيلي فجر اليوم مخيم الدهيشة قرب بيت لحم واعتقل ثلاثة شبان.\n"
        "واندلعت مواجهات بين الشبان وجيش الاحتلال خلال اقتحامه مخيم الدهيشة قرب بيت لحم فجر اليوم."
    )
    assert ("Riots", "Mob violence") in _types(text, "2018-04-16")


def test_youths_clashing_in_an_article_about_protests_are_a_violent_demonstration() -> None:
    text = (
        "خرج آلاف الفلسطينيين في مظاهرات قرب الحدود شرق مدينة غزة اليوم الجمعة.\n"
        "واندلعت مواجهات بين الشبان وجيش الاحتلال شرق مدينة غزة اليوم."
    )
    assert ("Riots", "Mob violence") not in _types(text, "2018-05-11")


def test_shooting_during_the_march_of_return_is_excessive_force() -> None:
    text = "قتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي اليوم الجمعة خلال مسيرة العودة الكبرى شرق مدينة غزة."
    assert _types(text, "2018-04-20") == [("Protests", "Excessive force against protesters")]


def test_march_committee_announcing_a_voyage_is_no_protest() -> None:
    text = "أعلنت الهيئة الوطنية العليا لمسيرات العودة اليوم أنها ستسير رحلة بحرية من مدينة غزة الثلاثاء."
    assert _types(text, "2018-05-27") == []


def test_undated_headline_shooting_joins_the_protest_the_text_dates() -> None:
    events = rasd.extract(
        "أفادت مصادر طبية أن أربعة فلسطينيين قتلوا برصاص الجيش الإسرائيلي الجمعة "
        "خلال احتجاجات شرق مدينة غزة.",
        published="2018-04-21",
        title="أربعة قتلى برصاص الجيش الإسرائيلي في غزة",
    )
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]


def test_attack_on_people_with_no_armed_side_named_is_violence_against_civilians() -> None:
    text = (
        "قتل 15 شخصا في هجمات متفرقة نفذها متشددون على طريق رئيسي قرب مدينة كركوك مساء الأحد.\n"
        "وأكد ضابط في الشرطة العراقية أن بين الضحايا نساء وأطفالا."
    )
    assert [kind for kind, _ in _types(text, "2018-03-12")] == ["Violence against civilians"]


def test_attack_that_killed_soldiers_the_army_reports_stays_a_battle() -> None:
    text = (
        "وجاء ذلك بعد هجوم يوم الجمعة في الضفة الغربية، إذ قال الجيش الإسرائيلي إن فلسطينيا "
        "دهس جنودا بسيارة فقتل اثنين منهم."
    )
    assert [kind for kind, _ in _types(text, "2018-03-17")] == ["Battles"]


def test_an_attack_whose_chemical_means_follow_its_launch_verb_is_a_chemical_attack():
    text = (
        "وقالت منظمة طبية إن الهجوم الذي يشتبه أن النظام شنه بأسلحة كيماوية مساء السبت في دوما أسفر عن مقتل "
        "60 شخصا."
    )
    events = rasd.extract(text, published="2018-04-09")
    assert [e.sub_event_type for e in events] == ["Chemical weapon"]
