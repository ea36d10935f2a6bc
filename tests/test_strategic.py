"""Strategic developments told as done (issue 9, recall): agreements reached, places handed over, forces
that entered a place or were sent as reinforcements, looting carried out. Each kind is coded only with its
completed-act cue; the same words told as a plan, a call or a scene are not events.

Every sentence is written for these tests.
"""

from __future__ import annotations

import rasd
from rasd.taxonomy import (
    AGREEMENT,
    BATTLES,
    CHANGE_TO_GROUP,
    CHEMICAL_WEAPON,
    EXPLOSIONS,
    GOVERNMENT_REGAINS,
    HEADQUARTERS,
    LOOTING,
    NON_VIOLENT_TRANSFER,
    STRATEGIC_DEVELOPMENTS,
)

D = "2018-07-06"


def _kinds(text: str) -> list[tuple[str, str]]:
    events = rasd.extract(text, published=D, outlet="Test Outlet", article_id="t")
    return [(e.event_type, e.sub_event_type) for e in events]


def _one(text: str):
    events = rasd.extract(text, published=D, outlet="Test Outlet", article_id="t")
    assert len(events) == 1, [(e.sub_event_type, e.location) for e in events]
    return events[0]


# ------------------------------------------------------------------ agreements


def test_an_agreement_reached_on_a_day_is_an_agreement():
    text = "أعلنت وحدات حماية الشعب الكردية، الاثنين، أنها توصلت إلى اتفاق مع الحكومة السورية في عفرين."
    event = _one(text)
    assert (event.event_type, event.sub_event_type) == (STRATEGIC_DEVELOPMENTS, AGREEMENT)
    assert event.location == "Afrin"
    assert str(event.event_date) == "2018-07-02"


def test_an_agreement_signed_between_two_sides_is_an_agreement():
    text = "أبرمت الشرطة العسكرية الروسية اتفاقا مع فصيل جيش الإسلام في مدينة دوما يقضي بخروج مقاتليه."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, AGREEMENT)]


def test_a_call_to_reach_an_agreement_is_no_event():
    text = "دعا المبعوث الأممي الأطراف في مدينة عفرين إلى التوصل إلى اتفاق مع الحكومة السورية."
    assert _kinds(text) == []


def test_talks_held_to_reach_an_agreement_are_no_event():
    text = "وعقد الطرفان جولة مفاوضات جديدة في مدينة درعا، الأحد، للتوصل لاتفاق ينهي القتال."
    assert (STRATEGIC_DEVELOPMENTS, AGREEMENT) not in _kinds(text)


def test_one_deal_covering_several_places_is_one_agreement():
    text = (
        "وأكدت مصادر محلية التوصل لاتفاق، الأحد، بين الجيش السوري وتنظيم داعش يقضي بخروج مسلحيه "
        "من مخيم اليرموك ومن بلدتي كفريا والفوعة."
    )
    assert _kinds(text).count((STRATEGIC_DEVELOPMENTS, AGREEMENT)) == 1


# ------------------------------------------------------------------ territory changing hands


def test_a_takeover_under_a_deal_is_a_non_violent_transfer():
    text = "سيطرت قوات النظام السوري، الجمعة، على بلدة بصرى الشام كجزء من الاتفاق مع المعارضة السورية."
    event = _one(text)
    assert (event.event_type, event.sub_event_type) == (STRATEGIC_DEVELOPMENTS, NON_VIOLENT_TRANSFER)
    assert event.location == "Busra al Sham"


def test_a_takeover_after_fighting_stays_a_battle():
    text = "سيطرت قوات النظام السوري، الجمعة، على بلدة بصرى الشام بعد معارك عنيفة مع فصائل المعارضة."
    assert _kinds(text) == [(BATTLES, GOVERNMENT_REGAINS)]


def test_forces_that_entered_and_raised_their_flag_took_the_place_over():
    text = "دخلت قوات النظام السوري الخميس إلى أحياء مدينة درعا ورفعت العلم في الساحة العامة."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, NON_VIOLENT_TRANSFER)]


def test_forces_that_entered_under_a_deal_took_the_place_over():
    text = "دخلت القوات الحكومية السورية مساء الخميس إلى بلدة الضمير بموجب اتفاق مع فصائل المعارضة."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, NON_VIOLENT_TRANSFER)]


def test_forces_that_entered_a_place_changed_their_activity():
    text = "دخلت قوات النظام السوري الخميس إلى مدينة درعا."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, CHANGE_TO_GROUP)]


def test_an_entry_years_ago_is_background():
    text = "وكانت قوات النظام السوري قد دخلت مدينة درعا عام 2011 لقمع الاحتجاجات."
    assert _kinds(text) == []


# ------------------------------------------------------------------ reinforcements


def test_reinforcements_sent_by_a_named_force_are_a_change_to_group():
    text = "أرسلت قوات الجيش اليمني تعزيزات جديدة إلى مديرية حيس في محافظة الحديدة."
    event = _one(text)
    assert (event.event_type, event.sub_event_type) == (STRATEGIC_DEVELOPMENTS, CHANGE_TO_GROUP)
    assert event.location == "Hays"


def test_reinforcements_beside_another_event_are_an_event_of_their_own():
    text = (
        "خطفت ميليشيات الحوثي مسؤولا حكوميا في محافظة حجة، الثلاثاء، في وقت أرسلت قوات الجيش اليمني "
        "تعزيزات إلى مديرية حيس."
    )
    assert (STRATEGIC_DEVELOPMENTS, CHANGE_TO_GROUP) in _kinds(text)


def test_reinforcements_named_as_a_scene_are_no_event():
    text = "تواصل القوات تمشيط المزارع في مديرية حيس بمحافظة الحديدة وسط وصول تعزيزات للقوات."
    assert _kinds(text) == []


def test_reinforcements_pushed_in_spite_of_which_protests_went_on_are_no_event():
    text = "استمرت المظاهرات الليلية في مدينة الأهواز رغم دفع النظام بتعزيزات من الحرس الثوري إلى المنطقة."
    assert (STRATEGIC_DEVELOPMENTS, CHANGE_TO_GROUP) not in _kinds(text)


# ------------------------------------------------------------------ looting


def test_looting_carried_out_is_an_event():
    text = "قامت ميليشيات الحوثي بتنفيذ عمليات نهب للمحال التجارية في محافظة حجة، السبت."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, LOOTING)]


def test_looting_as_a_habit_is_no_event():
    text = "يقوم عناصر الميليشيات بتنفيذ عمليات نهب للمحال التجارية في محافظة حجة."
    assert _kinds(text) == []


# ------------------------------------------------------------------ the incident a response answers


def test_the_attack_a_response_answers_takes_no_day_from_the_response():
    text = (
        "ووجهت الولايات المتحدة وبريطانيا وفرنسا، فجر السبت، ضربة لمواقع تابعة للنظام السوري ردا على هجوم "
        "كيماوي مزعوم في مدينة دوما."
    )
    assert (EXPLOSIONS, CHEMICAL_WEAPON) not in _kinds(text)


def test_the_attack_a_response_answers_is_coded_with_its_own_day():
    text = (
        "ووجهت الولايات المتحدة ضربة لمواقع تابعة للنظام السوري ردا على هجوم كيماوي في مدينة دوما "
        "السبت الماضي."
    )
    events = rasd.extract(text, published="2018-04-10", outlet="Test Outlet", article_id="t")
    chemical = [e for e in events if e.sub_event_type == CHEMICAL_WEAPON]
    assert [str(e.event_date) for e in chemical] == ["2018-04-07"]


# ------------------------------------------------------------------ bases, and who looting hurt


def test_a_place_turned_into_barracks_is_a_base_established():
    text = "وحولت ميليشيات الحوثي السجن المركزي بالحديدة إلى ثكنة عسكرية بعد نقل السجناء إليه."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, HEADQUARTERS)]


def test_a_place_turned_into_barracks_at_a_time_not_told_is_background():
    text = "كما قصفت الطائرات مبنى البنك المركزي في صعدة، بعد أن حولته الميليشيات إلى ثكنة عسكرية."
    assert (STRATEGIC_DEVELOPMENTS, HEADQUARTERS) not in _kinds(text)


def test_looted_shops_were_civilians():
    event = _one("قامت ميليشيات الحوثي بتنفيذ عمليات نهب للمحال التجارية في محافظة حجة، السبت.")
    assert event.actor2 == "Civilians (Yemen)"


def test_looted_barriers_name_no_civilian_victim():
    event = _one("نهبت ميليشيات الحوثي الحواجز الخرسانية في محيط السفارات الأجنبية في صنعاء، السبت.")
    assert event.sub_event_type == LOOTING
    assert event.actor2 == ""


def test_the_attack_a_threatened_response_is_for_is_no_event_of_the_statement_day():
    text = "وقالت السفيرة الأمريكية، الاثنين، إن واشنطن سترد على الهجوم الكيماوي على مدينة دوما."
    assert _kinds(text) == []


def test_men_described_by_attacks_they_once_made_report_no_attack():
    text = (
        "نشر التنظيم صورا لثلاثة من أعضائه، نفذوا عمليات انتحارية ضد أهداف مدنية شرق مدينة الموصل سقط فيها "
        "أكثر من 60 شخصا."
    )
    assert _kinds(text) == []


def test_a_deal_made_on_a_day_and_followed_is_an_agreement():
    text = "ويستمر خروج مقاتلي المعارضة من مدينة دوما وفقا لاتفاقية عقدت الأحد مع الجيش السوري."
    events = rasd.extract(text, published="2018-04-10", outlet="Test Outlet", article_id="t")
    assert [(e.sub_event_type, str(e.event_date)) for e in events] == [(AGREEMENT, "2018-04-08")]


def test_a_deal_sought_is_no_agreement():
    text = "وتسعى الأطراف في مدينة دوما، الأحد، لاتفاقية عقدت جولات كثيرة من أجلها."
    assert (STRATEGIC_DEVELOPMENTS, AGREEMENT) not in _kinds(text)


def test_a_business_deal_approved_is_no_agreement():
    text = (
        "قال وزير البترول المصري، الأربعاء، إن مصر وافقت على اتفاق تنقيب مع شركة إيني للبحث عن النفط "
        "قرب مدينة العريش."
    )
    assert _kinds(text) == []


def test_a_takeover_according_to_a_deal_is_a_non_violent_transfer():
    text = "وسيطرت قوات النظام السوري، الجمعة، على بلدة بصرى الشام وفقا لاتفاق مع فصائل المعارضة."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, NON_VIOLENT_TRANSFER)]


def test_reinforcements_that_arrived_are_a_change_to_group():
    text = "وصلت إلى قوات سوريا الديمقراطية تعزيزات عسكرية جديدة في بلدة الشدادي."
    assert _kinds(text) == [(STRATEGIC_DEVELOPMENTS, CHANGE_TO_GROUP)]


def test_a_deal_signed_with_a_verb_that_starts_with_waw_is_an_agreement():
    text = "وقعت هيئة تحرير الشام اتفاقا مع فيلق الرحمن في بلدة عربين لوقف الاقتتال بينهما."
    assert (STRATEGIC_DEVELOPMENTS, AGREEMENT) in _kinds(text)
