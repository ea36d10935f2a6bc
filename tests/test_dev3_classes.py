"""Classes of wrong records found on held-out-like data (Libya, the Sahel, Afghanistan, Iran; session 5,
quality): the quarters of Derna fought over in 2018 unknown to the gazetteer, so a capture went to the next
place named; the Tamanhint air base coded to Sabha, 30 km away, instead of the town beside it; "an attack
it was subjected to" (هجوم تعرضت له X) read with X as the attacker; Abadan in Iran unknown in the spelling
"عبدان"; a suicide bombing's toll of journalists or soldiers, which cannot count the bomber, used without
him; Afghan provinces in spellings the gazetteer lacked (ننكرهار, لوغر, غوزغان ...); the regions of Mali,
Burkina Faso and Niger missing, so Sahel records had no admin1; "انفجارا"/"تفجيرين" (accusative, dual) no
trigger. Every sentence is written for these tests."""

from __future__ import annotations

import rasd


def test_a_capture_of_a_derna_quarter_is_placed_in_derna():
    text = (
        "أعلن الجيش الوطني الليبي يوم الثلاثاء أن قواته فرضت سيطرتها على حي شيحا بعد معارك مع مجلس شورى"
        " مجاهدي درنة، فيما تتواصل الاشتباكات في محور مرتوبة."
    )
    events = [e for e in rasd.extract(text, published="2018-05-22") if e.event_type == "Battles"]
    assert events, "the capture is an event"
    assert events[0].admin1 == "Darnah"
    assert events[0].location != "Martuba"
    assert abs(events[0].latitude - 32.767) < 0.1 and abs(events[0].longitude - 22.637) < 0.1


def test_the_quarter_south_of_derna_is_known_by_its_two_spellings():
    for name in ("الظهر الحمر", "الظهر الأحمر"):
        text = f"سيطرت قوات الجيش الليبي يوم الأحد على منطقة {name} بعد اشتباكات عنيفة مع المسلحين."
        events = rasd.extract(text, published="2018-05-20")
        assert [e.admin1 for e in events] == ["Darnah"], name


def test_an_attack_on_the_tamanhint_base_is_coded_to_tamanhint():
    text = "صدت قوات الجيش الليبي يوم الخميس هجوما شنه مسلحون على قاعدة تمنهنت الجوية جنوب البلاد."
    events = rasd.extract(text, published="2018-05-31")
    assert [(e.location, e.geo_precision) for e in events] == [("Tamanhint", 2)]


def test_the_side_an_attack_was_inflicted_on_is_its_target():
    # without the cue the French force is a second doer beside the claimant, and the victims civilians
    text = (
        "أعلن تنظيم القاعدة مسؤوليته عن هجوم تعرضت له القوات الفرنسية في بلدة غاو يوم السبت. وقال متحدث إن"
        " الهجوم نفذ بسيارة مفخخة."
    )
    events = rasd.extract(text, published="2018-07-01")
    assert [(e.actor1, e.actor2) for e in events] == [("Al Qaeda", "Military Forces of France (2017-)")]


def test_abadan_is_known_by_the_spelling_arabic_news_gives_it():
    # "عبدان" (as well as "عبادان"): without it the protest had no place and was lost
    text = "خرج مئات المتظاهرين يوم الأحد في مدينة عبدان جنوب غربي إيران احتجاجا على تلوث مياه الشرب."
    events = rasd.extract(text, published="2018-07-01")
    assert [(e.location, e.admin1) for e in events] == [("Abadan", "Khuzestan")]


def test_a_bombing_toll_of_victims_alone_adds_the_bombers():
    # eight journalists are not the two bombers of a double suicide bombing: both are added (CODEBOOK §7)
    text = "لقي ثمانية صحفيين حتفهم يوم الاثنين إثر تفجير انتحاري مزدوج في العاصمة الأفغانية كابل."
    assert [e.fatalities for e in rasd.extract(text, published="2018-04-30")] == [10]
    text = "قتل خمسة جنود يوم الاثنين في تفجير انتحاري استهدف دورية للجيش في مدينة قندهار."
    assert [e.fatalities for e in rasd.extract(text, published="2018-04-30")] == [6]


def test_a_bombing_toll_of_persons_is_used_as_it_is():
    # "persons" may count the bomber: the stated toll stands (CODEBOOK §12)
    text = "قتل عشرون شخصا يوم الاثنين في تفجير انتحاري استهدف مركزا للشرطة في مدينة قندهار."
    assert [e.fatalities for e in rasd.extract(text, published="2018-04-30")] == [20]


def test_afghan_provinces_are_known_by_the_spellings_news_gives_them():
    spellings = (("ننكرهار", "Nangarhar"), ("لوغر", "Logar"), ("غوزغان", "Jowzjan"), ("زابول", "Zabul"))
    for name, province in spellings:
        text = f"قتل خمسة جنود أفغان يوم الاثنين في هجوم شنه مسلحو طالبان على نقطة تفتيش في ولاية {name}."
        events = rasd.extract(text, published="2018-06-18")
        assert [(e.admin1, e.geo_precision) for e in events] == [(province, 3)], name


def test_sahel_towns_get_their_region():
    # the regions of Mali, Burkina Faso and Niger by their common English names (CODEBOOK §11 "elsewhere")
    cases = (
        ("كيدال", "مالي", "Kidal"),
        ("ميناكا", "مالي", "Menaka"),
        ("جيبو", "بوركينا فاسو", "Sahel"),
        ("واغادوغو", "بوركينا فاسو", "Centre"),
        ("تيلابيري", "النيجر", "Tillaberi"),
    )
    for town, country, region in cases:
        text = f"قتل خمسة جنود يوم الاثنين في هجوم شنه مسلحون على نقطة تفتيش في مدينة {town} في {country}."
        events = rasd.extract(text, published="2018-06-18")
        assert [(e.admin1, e.geo_precision) for e in events] == [(region, 1)], town


def test_a_sahel_region_named_as_such_is_coded_to_its_capital():
    text = "قتل خمسة جنود يوم الاثنين في هجوم شنه مسلحون على نقطة تفتيش في منطقة كيدال شمال مالي."
    events = rasd.extract(text, published="2018-06-18")
    assert [(e.location, e.admin1, e.geo_precision) for e in events] == [("Kidal", "Kidal", 3)]


def test_an_explosion_in_the_accusative_is_a_trigger():
    # "إن انفجارا وقع": the indefinite accusative after "إن" (and the dual) was no trigger form
    text = "قال مسؤول إن انفجارا وقع قرب مكتب الحاكم في مدينة جلال آباد اليوم الأحد وأدى إلى مقتل 10 أشخاص."
    events = rasd.extract(text, published="2018-06-17")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Remote explosive/landmine/IED", 10)]
    text = "هز تفجيران سوقا شعبية في مدينة قندهار يوم الأحد وأسفرا عن مقتل سبعة مدنيين."
    events = rasd.extract(text, published="2018-06-17")
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]


def test_lashkar_gah_is_known_in_the_spelling_with_kaf():
    # "لشكر كاه": without it the town fell back to its province (precision 3)
    text = "قتل عشرة أشخاص يوم الجمعة في انفجار سيارة مفخخة قرب ملعب رياضي في مدينة لشكر كاه بأفغانستان."
    events = rasd.extract(text, published="2018-03-23")
    assert [(e.location, e.geo_precision) for e in events] == [("Lashkar Gah", 1)]
