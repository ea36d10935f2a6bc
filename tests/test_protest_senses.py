"""Senses of protest words that are no demonstration, met on the tuning months (March and May 2018) while
reading the GSR PROTEST half's errors: authorities objecting in a letter, thousands leaving a besieged town or
welcoming a visitor, protests only intended, and a militia's gathering point read as a crowd. Each test has
its control: the demonstration told plainly still gives its record. Every sentence is written for these tests.
"""

from __future__ import annotations

import rasd

_DAY = "2018-05-15"


def _demonstrations(text: str) -> list[tuple[str, str]]:
    return [
        (e.event_type, e.location)
        for e in rasd.extract(text, published=_DAY)
        if e.event_type in ("Protests", "Riots")
    ]


def test_authorities_that_protested_in_a_letter_held_no_demonstration() -> None:
    text = "واحتجت السلطات العراقية على القصف التركي لقرى دهوك في رسالة إلى مجلس الأمن أمس."
    assert not _demonstrations(text)
    control = "واحتج مئات من أهالي دهوك أمس أمام مبنى المحافظة على القصف التركي."
    assert _demonstrations(control) == [("Protests", "Dahuk")]


def test_a_letter_of_protest_handed_to_an_envoy_is_diplomacy() -> None:
    text = "واستدعت الخارجية الإيرانية السفير الألماني في طهران أمس وسلمته خطاب احتجاج على تصريحات وزيره."
    assert not _demonstrations(text)


def test_thousands_leaving_a_town_or_welcoming_a_guest_did_not_demonstrate() -> None:
    assert not _demonstrations("خرج آلاف المدنيين أمس من بلدة كفربطنا عبر ممر آمن نحو ريف حماة.")
    assert not _demonstrations("خرج آلاف الإريتريين أمس في أسمرة للترحيب بالضيف.")


def test_thousands_who_went_out_into_the_streets_or_with_demands_demonstrated() -> None:
    assert _demonstrations("خرج آلاف الأشخاص أمس إلى الشوارع في الخرطوم.") == [("Protests", "Khartoum")]
    assert _demonstrations("خرج آلاف العمال أمس في عمان مطالبين برفع الأجور.") == [("Protests", "Amman")]


def test_a_crowd_standing_in_the_streets_to_watch_is_no_protest() -> None:
    assert not _demonstrations("احتشد آلاف الأشخاص أمس في شوارع لندن لمشاهدة موكب الزفاف الملكي.")


def test_protests_people_intend_to_hold_are_not_held() -> None:
    text = (
        "قتل فلسطيني أمس بقصف إسرائيلي شرق خان يونس قبيل احتجاجات يعتزم الفلسطينيون تنظيمها على امتداد "
        "الحدود."
    )
    events = rasd.extract(text, published=_DAY)
    assert [e.event_type for e in events] == ["Explosions/Remote violence"]
    control = "وتظاهر آلاف الفلسطينيين أمس شرق خان يونس قرب الحدود."
    assert _demonstrations(control) == [("Protests", "Khan Yunis")]


def test_a_militia_gathering_point_makes_no_riot_of_a_battle() -> None:
    text = (
        "وحررت قوات الجيش أمس معسكر الكمب مركز تجمع الميليشيات الحوثية، فيما تخوض معارك ضارية مع الحوثيين "
        "في مديرية الملاحيط."
    )
    assert not _demonstrations(text)
    assert {e.event_type for e in rasd.extract(text, published=_DAY)} == {"Battles"}


def test_a_counted_crowd_that_gathered_and_threw_stones_rioted() -> None:
    text = (
        "شهدت الحدود الشرقية لقطاع غزة أمس مواجهات بين الجنود الإسرائيليين وفلسطينيين، حيث تجمع الآلاف منهم "
        "قرب السياج وألقوا الحجارة."
    )
    assert _demonstrations(text) == [("Riots", "Gaza City")]


def test_a_crowd_that_went_out_to_celebrate_did_not_demonstrate() -> None:
    assert not _demonstrations("خرج آلاف الفرنسيين أمس إلى شوارع باريس للاحتفال بفوز المنتخب.")
    welcome = "تجمع آلاف الأشخاص أمس في ساحة المدينة في عمان لاستقبال الفريق رافعين الأعلام."
    assert not _demonstrations(welcome)


# an article dense in technology words, about an app banned: off-topic for the topic gate
_APP_BAN = (
    "وقالت الشركة إن التطبيق يضم ملايين المستخدمين وإن حجب التطبيق على الإنترنت أضر بمستخدمي الهواتف الذكية. "
    "ويرى خبراء التكنولوجيا أن التقنية المستخدمة في التطبيق تحمي البيانات الرقمية للمستخدمين على الهاتف. "
)


def test_a_counted_crowd_demonstrating_stands_in_an_article_about_technology() -> None:
    text = _APP_BAN + "تظاهر آلاف الأشخاص أمس في موسكو للمطالبة برفع الحجب عن التطبيق."
    assert _demonstrations(text) == [("Protests", "Moscow")]


def test_a_strike_or_one_activist_in_an_article_about_technology_stays_gated() -> None:
    assert not _demonstrations(_APP_BAN + "وأضرب عمال الشركة أمس في موسكو احتجاجا على حجب التطبيق.")
    assert not _demonstrations(_APP_BAN + "وتظاهرت ناشطة أمس في موسكو ضد حجب التطبيق.")
    # told alone, each is a protest: the gate, not the sentence, set them aside
    assert _demonstrations("وتظاهرت ناشطة أمس في موسكو ضد حجب التطبيق.") == [("Protests", "Moscow")]


def test_fans_in_an_article_about_sport_stay_gated() -> None:
    match = (
        "وفاز الفريق في المباراة على ملعب المدينة بهدفين، وسجل المهاجم هدف الفوز في الدقيقة الأخيرة من الشوط "
        "الثاني، ليتأهل النادي إلى نهائي البطولة بعد موسم صعب للمدرب واللاعبين. "
    )
    text = match + "وخرج آلاف المشجعين أمس إلى شوارع روما للتعبير عن فرحتهم بفوز الفريق."
    assert not _demonstrations(text)


def test_a_protest_noun_after_its_leader_kind_or_likeness_names_no_protest() -> None:
    for text in (
        "وقال قائد الاحتجاجات أمس في يريفان إنه تلقى تطمينات من موسكو.",
        "وكنوع من الاحتجاج على مقتل الشابة، نشرت نساء أمس صفحاتهن في بكين.",
        "وقدمت الدار أمس في باريس عرضا أشبه بمظاهرة نسائية.",
    ):
        assert not _demonstrations(text), text
    assert _demonstrations("وشهدت يريفان أمس احتجاجات واسعة ضد الحكومة.") == [("Protests", "Yerevan")]


def test_a_killing_beside_a_named_protest_keeps_its_record() -> None:
    text = "وفي البصرة، مهد الاحتجاجات، قتل أمس متظاهر خلال اشتباكات مع قوات الأمن."
    events = rasd.extract(text, published=_DAY)
    assert [e.location for e in events] == ["Basrah"]


def test_a_city_preparing_for_protests_has_not_held_them() -> None:
    assert not _demonstrations("وتتحضر العاصمة باريس أمس ليوم من الإضرابات والاحتجاجات ضد الإصلاحات.")


def test_a_massed_or_organized_march_is_a_protest_and_a_drone_is_not() -> None:
    assert _demonstrations("وشهدت العاصمة عمان أمس مسيرة حاشدة ضد قانون الضريبة.") == [("Protests", "Amman")]
    text = "وكان المعلمون قد نظموا مسيرة أمس إلى مقر الحكومة في الرباط للمطالبة برفع الأجور."
    assert _demonstrations(text) == [("Protests", "Rabat")]
    assert not _demonstrations("وحلقت طائرة مسيرة أمس فوق مدينة غزة.")


def test_the_place_of_what_a_crowd_protested_is_not_the_scene() -> None:
    text = "وتظاهر الآلاف أمس في برلين احتجاجا على الهجوم التركي على مدينة عفرين."
    assert _demonstrations(text) == [("Protests", "Berlin")]
    text = "وأغلقت محطة قطار في لندن أبوابها أمس جراء احتجاجات غاضبة ضد العملية التركية في منطقة عفرين."
    assert _demonstrations(text) == [("Protests", "London")]
    # the place protested stays the scene when the sentence names no other
    assert _demonstrations("وتظاهر المئات أمس في عفرين احتجاجا على الهجوم التركي.") == [("Protests", "Afrin")]


def test_an_arrest_protested_is_no_dispersal_of_the_protest() -> None:
    text = "تجمع آلاف الكتالونيين أمس وسط مدينة برشلونة احتجاجا على اعتقال زعيمهم في ألمانيا."
    events = rasd.extract(text, published=_DAY)
    assert [(e.event_type, e.sub_event_type, e.location) for e in events] == [
        ("Protests", "Peaceful protest", "Barcelona")
    ]


def test_the_start_of_a_protest_wave_told_as_news_is_a_demonstration() -> None:
    text = "واندلعت أمس موجة من الاحتجاجات في البصرة ضد نقص الخدمات."
    assert _demonstrations(text) == [("Protests", "Basrah")]
    # a wave named with no start told stays a kind of incident
    assert not _demonstrations("وتحدث المحافظ أمس في البصرة عن موجة الاحتجاجات وأسبابها.")


def test_a_month_of_protests_and_its_toll_are_background() -> None:
    text = "اتفقت الحكومة مع المعارضة أمس على هدنة في ماناغوا بعد شهر من التظاهرات ضد السلطات أوقعت 63 قتيلا."
    events = rasd.extract(text, published=_DAY)
    assert [(e.event_type, e.fatalities) for e in events] == [("Strategic developments", 0)]


def test_a_mass_march_is_a_protest_and_support_is_no_province() -> None:
    text = "شهدت محافظة سقطرى اليمنية أمس مسيرة جماهيرية تحت شعار الإمارات سند سقطرى."
    assert _demonstrations(text) == [("Protests", "Hadibu")]


def test_a_protest_against_a_speech_is_no_letter_of_protest() -> None:
    text = "وخرج مئات الموظفين اليوم في احتجاج على خطاب الوزير أمام مبنى البلدية في أم درمان."
    assert _demonstrations(text) == [("Protests", "Omdurman")]
    letter = "وسلمت الخارجية السودانية اليوم السفير المصري خطاب احتجاج على تصريحات وزيره في أم درمان."
    assert not _demonstrations(letter)


def test_a_demand_outweighs_a_celebration_but_a_street_does_not() -> None:
    text = "وخرج آلاف الشبان اليوم إلى شوارع أم درمان للاحتفال بالعيد الوطني مطالبين برحيل الحكومة."
    assert _demonstrations(text) == [("Protests", "Omdurman")]
    feast = "وخرج آلاف الشبان اليوم إلى شوارع أم درمان للاحتفال بالعيد الوطني."
    assert not _demonstrations(feast)


def test_a_protester_killed_after_a_span_of_protests_met_force() -> None:
    text = "وقتل متظاهر في الناصرية اليوم بعد شهر من الاحتجاجات."
    events = rasd.extract(text, published=_DAY)
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Excessive force against protesters")
    ]
    assert not rasd.extract("وقتل رجل في الناصرية اليوم بعد شهر من الاحتجاجات.", published=_DAY)
