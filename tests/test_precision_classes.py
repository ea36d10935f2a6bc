"""Classes of spurious records (issue 9, precision): place names that are something else here (a verb,
a person's name, a treaty, a mountain, a homonym its container puts in another country: records in a
country the article never names), origins, roads and landmarks, expected events and reactions, dates
of the statement rather than the incident, the start of a month. Every sentence is written for these
tests."""

from __future__ import annotations

import rasd
from rasd.recognize.places import PlaceMention, find_places
from rasd.text.document import Document
from rasd.text.normalize import normalize_term


def names_in(text: str) -> list[str]:
    return [m.name for m in find_places(Document(text))]


def scene_names(text: str) -> list[str]:
    """Names of the mentions that may be a scene (not framed as an origin or an affiliation)."""
    mentions: list[PlaceMention] = find_places(Document(text))
    return [m.name for m in mentions if not m.is_frame]


TADMOR = normalize_term("تدمر")


def test_a_verb_homograph_is_no_place_without_a_locative_word():
    assert TADMOR not in names_in("ضربة جوية إسرائيلية تدمر قاربا للصيادين قبالة الساحل.")
    assert TADMOR not in names_in("قالت الحكومة إن الطائرات وتدمر المخازن كلها.")


def test_a_verb_homograph_after_a_preposition_or_a_place_cue_is_the_place():
    assert TADMOR in names_in("دارت اشتباكات عنيفة في تدمر صباح الأحد.")
    assert TADMOR in names_in("قصفت الطائرات مواقع قرب مدينة تدمر.")
    assert TADMOR in names_in("قتل جنديان بتدمر أمس.")


def test_the_verb_reading_gives_no_record_in_syria():
    events = rasd.extract("ضربة جوية إسرائيلية تدمر قاربا في غزة يوم الأحد.", published="2018-05-23")
    assert events and all(e.country != "Syria" for e in events)


def test_a_homonym_inside_a_container_of_another_country_yields_to_the_container():
    text = "شنت طائرات التحالف غارات على مواقع الحوثيين في منطقة العريش بمديرية موزع يوم الاثنين."
    assert normalize_term("العريش") not in names_in(text)
    events = rasd.extract(text, published="2018-05-07")
    assert [e.country for e in events] == ["Yemen"]


def test_a_place_inside_a_container_of_its_own_country_stays():
    assert normalize_term("دوما") in names_in("قتل خمسة مدنيين بقصف على دوما بريف دمشق.")


def test_a_place_name_in_a_persons_name_or_a_treaty_is_no_scene():
    assert normalize_term("بصير") not in scene_names("وقال الحاكم عبد البصير إن الهجوم فشل.")
    assert normalize_term("عمران") not in scene_names("أطلق النار على رجل يدعى عمران في السوق.")
    assert normalize_term("جنيف") not in scene_names("وصف القصف بأنه خرق لاتفاقية جنيف الرابعة.")
    assert normalize_term("القاهرة") not in scene_names("تقدمت القوات نحو جبل القاهرة وسط اشتباكات.")


def test_a_lone_curated_name_abroad_does_not_vouch_for_its_own_country():
    """A report on Yemen naming "منطقة العريش" once: Egypt is not named, so the village is no Arish."""
    text = (
        "تقدمت قوات الجيش اليمني في محافظة تعز وسيطرت على منطقة العريش يوم الأحد بعد معارك مع الحوثيين "
        "في صنعاء."
    )
    assert all(e.country == "Yemen" for e in rasd.extract(text, published="2018-05-06"))


def test_two_curated_places_of_a_country_name_it():
    from rasd.assemble.context import FieldContext
    from rasd.assemble.scene import named_countries
    from rasd.recognize.triggers import find_triggers

    doc = Document("زار الوفد العريش والشيخ زويد أمس.")
    assert "EG" in named_countries([FieldContext.build(doc, find_triggers(doc))])
    one = Document("زار الوفد العريش أمس.")
    assert "EG" not in named_countries([FieldContext.build(one, find_triggers(one))])


def test_an_origin_stays_an_origin_through_a_settlement_word():
    """ "صاروخ أطلق من مدينة صعدة": where the missile came from, not where it was intercepted."""
    text = "اعترضت الدفاعات الجوية صاروخا أطلق من مدينة صعدة باتجاه جازان."
    sadah = [m for m in find_places(Document(text)) if m.name == normalize_term("صعدة")]
    assert sadah and all(m.cue == "origin" for m in sadah)
    plane = "كانت الطائرة في طريقها من مدينة امستردام إلى كوالالمبور."
    amsterdam = [m for m in find_places(Document(plane)) if m.name == normalize_term("امستردام")]
    assert amsterdam and all(m.is_frame for m in amsterdam)
    here = "قتل ثلاثة مدنيين في مدينة صعدة."
    assert all(m.cue == "settlement" for m in find_places(Document(here)))


def test_a_scheduled_or_expected_protest_is_no_event():
    """ "ومن المتوقع خروج مظاهرة": expected, not reported as having happened (CODEBOOK §2)."""
    expected = "ومن المتوقع خروج مظاهرة حاشدة أمام مقر الحكومة في بغداد يوم الجمعة."
    assert not [e for e in rasd.extract(expected, published="2018-03-07") if e.event_type == "Protests"]
    held = "خرجت مظاهرة حاشدة أمام مقر الحكومة في بغداد يوم الجمعة."
    assert [e for e in rasd.extract(held, published="2018-03-10") if e.event_type == "Protests"]


def test_an_absolute_date_after_the_incident_word_dates_it_not_the_statement_weekday():
    """ "أعرب المدير، الإثنين، عن قلقه تجاه الهجوم الكيماوي في 7 أبريل في دوما": the attack is of 7 April."""
    text = "أعرب المدير العام للمنظمة، الإثنين، عن قلقه تجاه الهجوم الكيماوي في 7 أبريل في دوما بريف دمشق."
    events = rasd.extract(text, published="2018-04-09")
    assert events and {str(e.event_date) for e in events} == {"2018-04-07"}
    earlier = "قتل خمسة مدنيين في قصف على دوما الإثنين، بعد هجوم مماثل في 2 أبريل."
    dated = {str(e.event_date) for e in rasd.extract(earlier, published="2018-04-09")}
    assert "2018-04-09" in dated


def test_a_present_tense_condemnation_is_a_reaction_not_an_incident():
    """ "يدين بشدة الانفجار": the sentence reports the condemnation (as "أدان" already does)."""
    text = "قال الرئيس إنه يدين بشدة الانفجار الذي استهدف فندقا في كابول."
    assert not rasd.extract(text, published="2008-09-22")


def test_a_road_is_coded_near_its_first_end_and_its_other_ends_are_landmarks():
    text = "قصفت الطائرات الطريق الواصل بين الحديدة من جهة، وصنعاء وتعز من جهة أخرى."
    ends = [m.cue for m in find_places(Document(text))]
    assert ends == ["near", "landmark", "landmark"]
    scene = "قصفت الطائرات مواقع في الحديدة."
    assert [m.cue for m in find_places(Document(scene))] == [""]


def test_a_town_hundreds_of_kilometres_away_is_a_landmark():
    far = "نفذ سلاح الجو غارات على حاجز على بعد أكثر من 400 كلم جنوب شرقي سبها."
    assert [m.cue for m in find_places(Document(far))] == ["landmark"]
    near = "انفجرت عبوة على بعد 12 كيلومترا من سبها."
    assert [m.cue for m in find_places(Document(near))] == ["near"]


def test_the_start_of_a_month_read_past_the_window_is_background():
    """ "وكانت الطائرات قد قصفت مطلع يونيو": read on 20 June, the start of June is before the window."""
    text = "وكانت طائرات حربية قد قصفت مطلع حزيران/يونيو الجاري مواقع في غزة."
    assert not rasd.extract(text, published="2018-06-20")
    late = "قصفت طائرات حربية في حزيران/يونيو الجاري مواقع في غزة."
    assert rasd.extract(late, published="2018-06-20")


def test_the_start_of_the_current_month_read_late_in_it_is_background():
    text = "قتل خمسة جنود في اشتباكات مع مسلحين جنوب مدينة كركوك مطلع الشهر الجاري."
    assert not rasd.extract(text, published="2018-02-19")
    assert rasd.extract(text.replace("مطلع ", ""), published="2018-02-19")


def test_a_take_off_point_and_a_restaurant_named_for_a_city_are_no_scenes():
    plane = "وصل الصحفيون على متن طائرة مستأجرة أقلعت، الثلاثاء، من بكين."
    assert all(m.is_frame for m in find_places(Document(plane)))
    restaurant = "وقع الانفجار في مطعم بومباي بيل مساء الخميس."
    assert normalize_term("بومباي") not in scene_names(restaurant)


def test_a_bare_foreign_capital_names_its_government_not_a_scene():
    """ "هاجم المحتجون مصالح طهران في البصرة": Iran's interests, in Basra; Tehran is no scene."""
    text = (
        "تتواصل الاحتجاجات في محافظات العراق الجنوبية منذ أسبوع. "
        "وهاجم المحتجون العراقيون مصالح طهران في مدينة البصرة يوم الأحد."
    )
    events = rasd.extract(text, published="2018-07-17")
    assert events and all(e.country == "Iraq" for e in events)
    here = "تظاهر آلاف الإيرانيين في طهران يوم الأحد احتجاجا على الغلاء."
    assert [e.location for e in rasd.extract(here, published="2018-07-17")] == ["Tehran"]


def test_a_capital_spelt_with_an_accent_abroad_is_a_government_not_a_scene_to_borrow():
    """``قبل توقيع بوغوتا اتفاق سلام``: Colombia's government signs, in a report on Afghanistan; a
    placeless crosshead strike on the Taliban after it must not borrow Bogotá (it did while the
    country table spelt the capital "Bogota" and so never knew Bogotá for one)."""
    text = (
        "قال قائد القوات الأمريكية في أفغانستان إن حركة طالبان تجري محادثات سرية مع الحكومة الأفغانية.\n"
        "وصعدت الحركة هجماتها في كابول منذ مطلع العام.\n"
        "وقارن القائد الوضع في أفغانستان بما جرى في كولومبيا قبل توقيع بوغوتا اتفاق سلام مع المتمردين.\n"
        "مقتل 30 مسلحا من طالبان بغارة أمريكية\n"
        "وينتشر في البلاد نحو عشرة آلاف جندي أمريكي."
    )
    events = rasd.extract(text, published="2018-05-30")
    assert [(e.location, e.country) for e in events] == [("Kabul", "Afghanistan")]
    here = "أصيب خمسة أشخاص في انفجار عبوة ناسفة وسط بوغوتا يوم الأحد."
    assert [e.location for e in rasd.extract(here, published="2018-05-30")] == ["Bogotá"]


def test_a_borrowed_foreign_capital_named_as_a_government_yields_to_the_actors_home():
    """``وأشادت أنقرة``: Ankara names Turkey's government; a placeless clash of the Taliban told next,
    in a report on Afghanistan, happened at the report's own scene, not in Turkey."""
    text = (
        "قال مسؤولون أفغان إن حركة طالبان كثفت هجماتها في ولاية هلمند خلال الشهر الجاري.\n"
        "وزار وفد أفغاني تركيا الأسبوع الماضي، وأشادت أنقرة بجهود الحكومة الأفغانية.\n"
        "مقتل 20 مسلحا من طالبان في اشتباكات\n"
        "ويأمل المسؤولون في بدء محادثات سلام قريبا."
    )
    assert [e.country for e in rasd.extract(text, published="2018-05-30")] == ["Afghanistan"]


def test_a_city_abroad_named_as_a_scene_is_still_borrowed_across_a_border():
    """A missile of the Houthis (home: Yemen, the report's country) after "في الرياض": Riyadh is a scene
    there (a preposition before it), so the placeless launch keeps it."""
    text = (
        "تتواصل المعارك بين القوات اليمنية والحوثيين في محافظة الحديدة منذ أسابيع.\n"
        "ودوت صفارات الإنذار في الرياض مساء الأحد.\n"
        "وأطلقت ميليشيات الحوثي صاروخا باليستيا مساء الأحد\n"
        "ولم ترد تقارير عن إصابات."
    )
    assert [e.location for e in rasd.extract(text, published="2018-05-30")] == ["Riyadh"]


def test_arrests_at_a_protest_are_its_intervention_not_an_arrest_event():
    text = "اعتقلت الشرطة عشرات المحتجين خلال مظاهرة حاشدة في مدينة الديوانية يوم الجمعة."
    kinds = {e.sub_event_type for e in rasd.extract(text, published="2018-07-20")}
    assert kinds and "Arrests" not in kinds
    plain = "اعتقلت الشرطة ثلاثة مطلوبين في مدينة الديوانية يوم الجمعة."
    assert "Arrests" in {e.sub_event_type for e in rasd.extract(plain, published="2018-07-20")}


def test_a_city_that_a_compass_direction_locates_another_place_by_is_a_landmark():
    located = "خطفت ميليشيات الحوثي مسؤولا حكوميا في محافظة حجة، شمال غربي صنعاء، الثلاثاء."
    assert [m.cue for m in find_places(Document(located))] == ["", "landmark"]
    alone = "قتل ثلاثة مدنيين في قصف شرق دمشق."
    assert [m.cue for m in find_places(Document(alone))] == ["near"]


def test_a_place_in_a_clause_of_another_incident_is_not_the_scene():
    text = (
        "خطفت ميليشيات الحوثي مسؤولا حكوميا في محافظة حجة، الثلاثاء، في وقت أرسلت القوات تعزيزات "
        "إلى جبهات القتال في الساحل الغربي."
    )
    events = rasd.extract(text, published="2018-04-10")
    assert [e.admin1 for e in events if e.sub_event_type.startswith("Abduction")] == ["Hajjah"]


def test_common_nouns_that_name_towns_abroad_stay_nouns():
    """ "إلقاء اللوم" (blame, not Lomé), "المشهد السياسي" (the scene, not Mashhad), "المفرق" (a junction)."""
    assert not names_in("دعت الحملة إلى وقف إلقاء اللوم على الضحايا.")
    assert not names_in("يبقى الحزب لاعبا نافذا في المشهد السياسي.")
    assert not names_in("أحكمت القوات سيطرتها على المفرق الاستراتيجي.")
    assert names_in("اندلعت اشتباكات في محافظة المفرق.")


def test_an_article_country_named_by_an_actor_alone_does_not_strand_a_town_abroad():
    """ "طائرات التحالف ... في قرية الباغوز": the coalition names Saudi Arabia in the registry, but that is
    no evidence that the article is about Saudi Arabia; Baghuz stays a place."""
    text = "وقال متحدث إن طائرات التحالف نفذت غارات جوية في قرية الباغوز الأربعاء."
    assert [e.location for e in rasd.extract(text, published="2018-05-10")] == ["Baghuz"]


def test_a_force_abroad_does_not_name_its_home_country():
    """ "طيران التحالف" in a report on Yemen is the Saudi-led coalition, an external force: its home
    country is not thereby named, so a small Saudi homonym town stays out; "السعودية" still names it."""
    from rasd.assemble.context import FieldContext
    from rasd.assemble.scene import named_countries
    from rasd.recognize.triggers import find_triggers

    doc = Document("شن طيران التحالف غارات على مواقع الحوثيين في محافظة الحديدة اليمنية.")
    assert "SA" not in named_countries([FieldContext.build(doc, find_triggers(doc))])
    said = Document("شن طيران التحالف بقيادة السعودية غارات في محافظة الحديدة اليمنية.")
    assert "SA" in named_countries([FieldContext.build(said, find_triggers(said))])


def test_towns_abroad_vouch_by_one_rule():
    """Two towns of one country name it (``SELF_VOUCH_PLACES``): curated towns anywhere in the article,
    GeoNames-only towns (likelier chance homonyms) only beside each other in one sentence."""
    from rasd.assemble.context import FieldContext
    from rasd.assemble.scene import named_countries
    from rasd.recognize.triggers import find_triggers

    def named(text: str) -> frozenset[str]:
        doc = Document(text)
        return named_countries([FieldContext.build(doc, find_triggers(doc))])

    assert "SS" in named("تظاهر المئات في مدن واو وملكال أمس.")
    assert "SS" not in named("تظاهر المئات في مدينة واو أمس. وانتشرت الشرطة في مدينة ملكال.")
    assert "SS" not in named("تظاهر المئات في مدينة واو أمس.")
    assert "EG" in named("زار الوفد العريش أمس. ثم توجه الوفد إلى الشيخ زويد.")


def test_what_burst_is_no_weapon_when_a_machine_or_a_figure_of_speech():
    engine = "هبطت طائرة ركاب اضطراريا في مطار دنفر يوم الثلاثاء بعد انفجار محركها الأيمن."
    assert rasd.extract(engine, published="2018-04-17") == []
    figure = "فجر الحادث أزمة سياسية في بغداد يوم الجمعة."
    assert rasd.extract(figure, published="2018-04-20") == []


def test_a_bomb_that_burst_is_still_an_explosion():
    bomb = "قتل ثلاثة أشخاص في انفجار عبوة ناسفة في سوق ببغداد يوم الثلاثاء."
    events = rasd.extract(bomb, published="2018-04-17")
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]


MAYADIN = normalize_term("الميادين")


def test_a_bare_noun_governing_the_next_word_is_not_the_town_written_with_the_article():
    assert MAYADIN not in names_in("احتشد المئات في أكبر ميادين العاصمة مساء السبت.")
    assert MAYADIN not in names_in("رفعت الأعلام في ميادين دمشق.")
    assert MAYADIN in names_in("قصفت الطائرات مواقع في الميادين بريف دير الزور.")


MASHHAD = normalize_term("مشهد")


def test_a_word_of_prose_closing_a_list_of_places_is_the_place():
    assert MASHHAD in names_in("امتدت الاحتجاجات إلى أصفهان ورشت ومشهد، وفق ناشطين.")
    assert MASHHAD not in names_in("وقف الناس في مشهد مؤثر أمام المستشفى.")
    assert normalize_term("كان") not in names_in("قتل ثلاثة في دوما وكان القصف عنيفا.")


def test_a_toll_over_two_weeks_is_a_periods_total_like_a_weeks():
    text = "قتل 29 فلسطينيا برصاص القوات الإسرائيلية في غزة خلال الأسبوعين الأخيرين."
    assert rasd.extract(text, published="2018-04-08") == []


def test_a_storm_that_killed_is_no_violence():
    """A country after ``ل`` once stood in as the killer: the storm is the cause, nobody's violence."""
    storm = (
        "ضرب الإعصار مساء الأربعاء جزيرة سقطرى التي تبعد 350 كلم عن السواحل الجنوبية لليمن، وتسبب بمقتل سبعة "
        "أشخاص."
    )
    assert rasd.extract(storm, published="2018-05-25") == []


def test_violence_beside_a_storm_is_still_violence():
    text = "قتل ثلاثة مدنيين في قصف على مدينة تعز يوم الخميس رغم العاصفة التي ضربت المدينة."
    assert [e.sub_event_type for e in rasd.extract(text, published="2018-05-25")] == [
        "Shelling/artillery/missile attack"
    ]


def test_an_event_so_many_years_ago_in_the_accusative_is_background():
    text = "وقال رئيس الوزراء إن هناك من اغتال والده في بيروت قبل 13 عاما."
    assert rasd.extract(text, published="2018-05-02") == []


def test_what_an_army_readies_itself_for_has_not_happened():
    text = "أكد الجيش الإسرائيلي يوم الأحد أنه يتهيأ لمواجهة إمكان شن هجمات صاروخية على مواقعه في الجولان."
    assert rasd.extract(text, published="2018-05-07") == []


def test_the_city_an_organisation_sits_in_is_no_scene():
    text = "وقال المرصد السوري ومقره لندن إن الغارات الجوية قتلت 40 شخصا يوم الجمعة في ريف إدلب."
    assert [e.location for e in rasd.extract(text, published="2018-04-08")] == ["Idleb"]


def test_one_who_shot_himself_did_no_political_violence():
    wounded = "أصيب شخص بجراح السبت نتيجة إطلاق النار على نفسه قرب السياج الشمالي لمقر رئاسة الوزراء في عمان."
    assert rasd.extract(wounded, published="2018-05-12") == []
    told = "قال مصدر أمني إن رجلا أطلق النار على نفسه السبت قرب مقر رئاسة الوزراء في عمان."
    assert rasd.extract(told, published="2018-05-12") == []


def test_an_attack_before_the_gunman_killed_himself_and_a_suicide_bombing_stay_events():
    gunman = "أطلق مسلح النار على حراس مبنى البرلمان، الأربعاء، في عمان، فقتل اثنين منهم قبل أن يقتل نفسه."
    assert [(e.sub_event_type, e.fatalities) for e in rasd.extract(gunman, published="2018-05-10")] == [
        ("Attack", 2)
    ]
    bomber = "فجر انتحاري نفسه، الأربعاء، قرب مركز للشرطة في كابل، ما أسفر عن مقتل خمسة أشخاص."
    assert [e.sub_event_type for e in rasd.extract(bomber, published="2018-05-10")] == ["Suicide bomb"]
