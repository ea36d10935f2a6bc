"""Assembly rules, one per test, through ``rasd.extract`` on short reports written for these tests.

The rules are those of ``rasd/assemble/candidates.py`` (arguments by role, filters), ``aggregate.py``
(one event per day × place × type × actor pair, CODEBOOK §2) and ``topic.py`` (the topic gate).
Published day D = 2019-03-10, a Sunday: "أمس" is 2019-03-09, "أمس الأول" 2019-03-08, "يوم الخميس"
2019-03-07. Where a rule could pass for another reason, a control case shows the rule is what decides.
"""

from __future__ import annotations

import datetime as dt

import pytest

import rasd
from rasd.assemble.candidates import candidates_for_field
from rasd.assemble.context import FieldContext
from rasd.assemble.model import ArticleState
from rasd.assemble.scene import names_a_place
from rasd.assemble.topic import off_topic
from rasd.recognize.triggers import find_triggers
from rasd.text.document import Document

D = "2019-03-10"
YESTERDAY = "2019-03-09"

SYRIA = "Military Forces of Syria (2000-2024)"
REBELS = "Opposition Rebels (Syria)"
ISIS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"
COALITION = "Global Coalition Against Daesh"
RUSSIA = "Military Forces of Russia (2000-)"


def extract(text: str, title: str | None = None):
    events = rasd.extract(text, published=D, title=title, article_id="a")
    for event in events:
        for span in event.evidence:
            source = title if span.field == "title" else text
            assert source is not None and source[span.start : span.end] == span.text
    return events


def one(events):
    assert len(events) == 1, [(e.event_type, e.location, e.event_date) for e in events]
    return events[0]


def sides(event) -> set[str]:
    return {event.actor1, event.actor2}


# ---------------------------------------------------------------- the same incident told twice


def test_title_and_body_are_one_event_with_two_spans():
    title = "قوات النظام تشتبك مع داعش في السخنة"
    text = "اشتبكت قوات النظام أمس مع تنظيم داعش في بلدة السخنة بريف حمص."
    event = one(extract(text, title=title))
    assert event.event_type == "Battles"
    assert event.location == "Al Sukhnah"
    assert sorted(span.field for span in event.evidence) == ["text", "title"]


def test_two_sentences_telling_one_battle_are_one_event():
    text = (
        "اشتبكت قوات النظام أمس مع تنظيم داعش في بلدة السخنة. "
        "واشتبكت قوات النظام مع تنظيم داعش في السخنة وسط البادية أمس."
    )
    event = one(extract(text))
    assert len(event.evidence) == 2
    assert str(event.event_date) == YESTERDAY


def test_undated_mention_joins_the_dated_one():
    text = "قصفت قوات النظام أمس بلدة كفرزيتا بقذائف المدفعية. وقصفت قوات النظام بلدة كفرزيتا مجددا."
    event = one(extract(text))
    assert (str(event.event_date), event.time_precision) == (YESTERDAY, 1)
    assert len(event.evidence) == 2


def test_province_level_mention_joins_the_town_in_that_province():
    text = (
        "قصفت قوات النظام أمس بلدة كفرزيتا بقذائف المدفعية. وقصفت قوات النظام أمس مناطق في ريف حماة الشمالي."
    )
    event = one(extract(text))
    assert (event.location, event.admin1, event.geo_precision) == ("Kafr Zeita", "Hama", 1)
    assert len(event.evidence) == 2


def test_province_level_mention_of_another_province_stays_separate():
    text = (
        "قصفت قوات النظام أمس بلدة كفرزيتا بقذائف المدفعية. وقصفت قوات النظام أمس مناطق في ريف إدلب الجنوبي."
    )
    events = extract(text)
    assert sorted((e.admin1, e.geo_precision) for e in events) == [("Hama", 1), ("Idleb", 3)]


# ---------------------------------------------------------------- battles absorb support fire


def test_air_strike_at_the_battle_folds_into_it():
    text = (
        "اشتبكت قوات النظام أمس مع فصائل المعارضة في بلدة كفرزيتا. "
        "وشن الطيران الروسي أمس غارات على بلدة كفرزيتا."
    )
    event = one(extract(text))
    assert event.event_type == "Battles"
    assert sides(event) == {SYRIA, REBELS}
    assert event.assoc_actor_1 == RUSSIA
    assert len(event.evidence) == 2


def test_air_strike_on_another_town_is_its_own_event():
    text = (
        "اشتبكت قوات النظام أمس مع فصائل المعارضة في بلدة كفرزيتا. "
        "وشن الطيران الروسي أمس غارات على مدينة الميادين."
    )
    events = extract(text)
    assert sorted(e.event_type for e in events) == ["Battles", "Explosions/Remote violence"]


# ---------------------------------------------------------------- what keeps events apart


def test_battles_in_two_towns_stay_separate():
    text = (
        "اشتبكت قوات النظام أمس مع فصائل المعارضة في بلدة كفرزيتا. "
        "واشتبكت قوات النظام أمس مع فصائل المعارضة في بلدة اللطامنة."
    )
    events = extract(text)
    assert sorted(e.location for e in events) == ["Al Latamneh", "Kafr Zeita"]


def test_battles_on_two_days_stay_separate():
    text = (
        "اشتبكت قوات النظام أمس مع فصائل المعارضة في بلدة كفرزيتا. "
        "واشتبكت قوات النظام أمس الأول مع فصائل المعارضة في بلدة كفرزيتا."
    )
    events = extract(text)
    assert sorted(str(e.event_date) for e in events) == ["2019-03-08", YESTERDAY]
    assert {e.location for e in events} == {"Kafr Zeita"}


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("word", ["الليلة", "أمس"])
def test_time_word_inside_quoted_speech_does_not_date_the_event(word):
    text = f'اشتبكت قوات النظام مع فصائل المعارضة في بلدة كفرزيتا، وقال القائد إن "المعركة بدأت {word}".'
    event = one(extract(text))
    assert (str(event.event_date), event.time_precision) == (D, 2)  # undated: the publication day, week known


@pytest.mark.parametrize(("word", "date"), [("الليلة", D), ("أمس", YESTERDAY)])
def test_same_time_word_outside_quotes_dates_the_event(word, date):
    text = f"اشتبكت قوات النظام مع فصائل المعارضة في بلدة كفرزيتا، وقال القائد إن المعركة بدأت {word}."
    event = one(extract(text))
    assert (str(event.event_date), event.time_precision) == (date, 1)


# ---------------------------------------------------------------- casualties


@pytest.mark.parametrize(
    "bomb_first",
    [False, True],
    ids=["bomb-second", "bomb-first"],
)
def test_casualties_go_to_the_nearest_trigger(bomb_first):
    shelling = "قصفت قوات النظام أمس بلدة كفرزيتا بالمدفعية"
    bomb = "انفجرت عبوة ناسفة أمس في مدينة الميادين ما أدى إلى مقتل أربعة مدنيين"
    text = f"{bomb}، فيما {shelling}." if bomb_first else f"{shelling}، فيما {bomb}."
    events = {e.location: e for e in extract(text)}
    assert set(events) == {"Kafr Zeita", "Al Mayadin"}
    assert events["Al Mayadin"].fatalities == 4
    assert events["Al Mayadin"].sub_event_type == "Remote explosive/landmine/IED"
    assert events["Kafr Zeita"].fatalities == 0


def test_bomb_in_a_second_clause_does_not_borrow_the_first_clause_actor():
    text = (
        "قصفت قوات النظام أمس بلدة كفرزيتا بالمدفعية، فيما انفجرت عبوة ناسفة أمس في مدينة الميادين ما أدى "
        "إلى مقتل أربعة مدنيين."
    )
    bomb = next(e for e in extract(text) if e.location == "Al Mayadin")
    assert bomb.actor1 == "Unidentified Armed Group (Syria)"


# ---------------------------------------------------------------- actors by role


def test_partitive_victims_go_to_assoc_actor_2():
    event = one(extract("أعدم تنظيم داعش أمس عنصرين من قوات سوريا الديمقراطية في بلدة هجين."))
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.actor1 == ISIS
    assert event.actor2 == "Civilians (Syria)"
    assert event.assoc_actor_2 == SDF
    assert event.fatalities == 2


def test_between_x_and_y_gives_both_battle_sides():
    event = one(extract("دارت أمس معارك بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة هجين."))
    assert event.event_type == "Battles"
    assert sides(event) == {SDF, ISIS}


@pytest.mark.parametrize("support", ["بدعم من", "المدعومة من"])
def test_support_cue_makes_an_associate_not_a_side(support):
    text = f"هاجمت قوات سوريا الديمقراطية {support} التحالف الدولي أمس مواقع تنظيم داعش في بلدة هجين."
    event = one(extract(text))
    assert event.event_type == "Battles"
    assert sides(event) == {SDF, ISIS}
    assert event.assoc_actor_1 == COALITION


# ---------------------------------------------------------------- what is not an event


def test_reported_shelling_is_an_event():
    """The control for the filters below: the same report, stated as done."""
    event = one(extract("قصفت قوات سوريا الديمقراطية أمس بلدة هجين."))
    assert event.location == "Hajin"


@pytest.mark.parametrize(
    "text",
    [
        "لم تقصف قوات سوريا الديمقراطية أمس بلدة هجين.",
        "نفت قوات سوريا الديمقراطية أنها قصفت أمس بلدة هجين.",
        "هددت قوات سوريا الديمقراطية أمس بقصف بلدة هجين.",
    ],
    ids=["negation", "denial", "threat"],
)
def test_negated_denied_or_threatened_shelling_is_not_an_event(text):
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "تقدمت قوات النظام أمس نحو بلدة كفرزيتا لقصف مواقع المعارضة.",
        "تقدمت قوات النظام أمس نحو بلدة كفرزيتا للسيطرة على المدينة.",
    ],
    ids=["to-shell", "to-take"],
)
def test_purpose_clause_is_not_an_event(text):
    assert find_triggers(Document(text)), "the purpose clause holds a trigger; the filter must drop it"
    assert extract(text) == []


def test_liberation_as_an_aim_is_not_an_event():
    assert extract("تقدمت قوات النظام أمس نحو بلدة كفرزيتا لتحرير المدينة من فصائل المعارضة.") == []


def test_liberation_as_a_deed_is_an_event():
    event = one(extract("حررت قوات النظام أمس بلدة كفرزيتا من فصائل المعارضة."))
    assert (event.event_type, event.sub_event_type) == ("Battles", "Government regains territory")


# ---------------------------------------------------------------- the topic gate

FOOTBALL = (
    "هاجم فريق الجيش مرمى الشرطة بقوة في المباراة التي أقيمت أمس على ملعب مدينة حلب ضمن الدوري، وسجل "
    "مهاجم النادي هدفا في الدقيقة العاشرة من الشوط الأول. وأشاد مدرب الفريق بأداء اللاعبين بعد الفوز، "
    "وقال إن المنتخب يستعد للبطولة وإن الجماهير ساندت اللاعبين في الملعب حتى نهاية المباراة، وإن حارس "
    "المرمى تألق في الشوط الثاني."
)


def _candidates(text: str):
    ctx = FieldContext.build(Document(text))
    state = ArticleState(dt.date.fromisoformat(D), "SY")
    state.names_a_place = names_a_place(ctx, "SY")
    return ctx, candidates_for_field(ctx, state)


def test_football_report_is_off_topic_and_its_war_words_are_dropped():
    ctx, candidates = _candidates(FOOTBALL)
    assert candidates, "without the gate, 'هاجم فريق الجيش' reads as an attack"
    assert off_topic([ctx])
    assert extract(FOOTBALL) == []


def test_named_killing_survives_the_topic_gate():
    text = FOOTBALL + " وفي خبر آخر قتل تنظيم داعش أمس مدنيين اثنين في بلدة السخنة."
    event = one(extract(text))
    assert (event.event_type, event.actor1, event.fatalities) == ("Violence against civilians", ISIS, 2)
    assert event.location == "Al Sukhnah"


def test_conflict_report_is_not_off_topic():
    ctx, _ = _candidates("اشتبكت قوات النظام أمس مع تنظيم داعش في بلدة السخنة.")
    assert not off_topic([ctx])


# ---------------------------------------------------------------- arrests


def test_arrested_foreigners_are_civilians_of_their_nationality():
    text = "ألقت الشرطة العراقية أمس القبض على خمسة أشخاص يحملون الجنسية الروسية في مدينة كركوك."
    event = one(extract(text))
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Arrests")
    assert event.actor1.startswith("Police Forces of Iraq")
    assert event.actor2 == "Civilians (Russia)"
    assert event.inter2 == 7


def test_arresting_force_nationality_is_not_the_detainees():
    text = "اعتقلت الشرطة العراقية أمس خمسة أشخاص يحملون الجنسية الروسية في مدينة كركوك."
    assert one(extract(text)).actor2 == "Civilians (Russia)"
