"""``rasd.extract`` end to end on short reports written for these tests (CODEBOOK §2–§8).

Every sentence is chosen so that the codebook decides the expected record without doubt. Published day
D = 2019-03-10, a Sunday: "أمس" is 2019-03-09, "أمس الأول" 2019-03-08, "يوم الخميس" 2019-03-07.
"""

from __future__ import annotations

import pytest

import rasd
from rasd.records import interaction_code

D = "2019-03-10"


def _extract(text: str, title: str | None = None, published: str | None = D, outlet: str = "Test Outlet"):
    events = rasd.extract(text, published=published, title=title, outlet=outlet, article_id="t1")
    for event in events:
        _check_evidence(event, text, title)
        _check_codes(event)
    return events


def _check_evidence(event, text: str, title: str | None) -> None:
    """Every span is exact: ``text[start:end] == evidence.text`` (or the title for field=title)."""
    assert event.evidence, "an event carries the passages that support it"
    for span in event.evidence:
        source = title if span.field == "title" else text
        assert span.field in ("text", "title")
        assert source is not None
        assert 0 <= span.start < span.end <= len(source)
        assert source[span.start : span.end] == span.text


def _check_codes(event) -> None:
    record = event.to_dict()
    assert record["article_id"] == "t1"
    assert record["interaction"] == interaction_code(record["inter1"], record["inter2"])
    assert (record["actor2"] == "") == (record["inter2"] == 0)


def _one(events):
    assert len(events) == 1, [(e.event_type, e.location) for e in events]
    return events[0]


# ---------------------------------------------------------------- events that happened


def test_air_strike_named_perpetrator_town_yesterday():
    text = "قصف الطيران الحربي السوري أمس بلدة خان شيخون في ريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين اثنين."
    event = _one(_extract(text))
    assert event.event_type == "Explosions/Remote violence"
    assert event.sub_event_type == "Air/drone strike"
    assert event.actor1 == "Military Forces of Syria (2000-2024)"
    assert event.inter1 == 1
    assert str(event.event_date) == "2019-03-09"
    assert event.time_precision == 1
    assert event.location == "Khan Shaykhun"
    assert event.admin1 == "Idleb"
    assert event.geo_precision == 1
    assert (event.country, event.iso) == ("Syria", 760)
    assert event.latitude == pytest.approx(35.44, abs=0.1)
    assert event.longitude == pytest.approx(36.65, abs=0.1)
    assert event.fatalities == 2
    assert event.source.startswith("Test Outlet")


def test_coalition_air_strike_in_yemen():
    text = "شن طيران التحالف العربي أمس غارات على مديرية صرواح غربي محافظة مأرب."
    event = _one(_extract(text))
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.actor1 == "Operation Restoring Hope"
    assert event.inter1 == 8
    assert (str(event.event_date), event.time_precision) == ("2019-03-09", 1)
    assert (event.country, event.iso) == ("Yemen", 887)
    assert event.admin1 == "Marib"
    assert event.fatalities == 0


def test_clash_between_two_named_actors():
    text = (
        "اندلعت اشتباكات عنيفة أمس بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الباغوز بريف دير الزور "
        "الشرقي، أسفرت عن مقتل سبعة عناصر من التنظيم."
    )
    event = _one(_extract(text))
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert sorted([event.actor1, event.actor2]) == ["Islamic State (Syria)", "QSD: Syrian Democratic Forces"]
    assert (event.inter1, event.inter2, event.interaction) == (2, 2, 22)
    assert (str(event.event_date), event.time_precision) == ("2019-03-09", 1)
    assert event.location == "Baghuz"
    assert event.admin1 == "Deir-ez-Zor"
    assert event.geo_precision == 1
    assert event.fatalities == 7
    assert event.civilian_targeting == ""


def test_protest_today():
    text = (
        "تظاهر مئات المواطنين اليوم في مدينة البصرة جنوبي العراق للمطالبة بتوفير الكهرباء والماء وفرص العمل."
    )
    event = _one(_extract(text))
    assert (event.event_type, event.sub_event_type) == ("Protests", "Peaceful protest")
    assert event.actor1 == "Protesters (Iraq)"
    assert (event.inter1, event.actor2, event.interaction) == (6, "", 60)
    assert (str(event.event_date), event.time_precision) == (D, 1)
    assert event.location == "Basrah"
    assert event.admin1 == "Basrah"
    assert event.geo_precision == 1
    assert (event.country, event.iso) == ("Iraq", 368)
    assert event.fatalities == 0


def test_protest_on_a_weekday():
    text = "تظاهر عشرات المحتجين يوم الخميس في مدينة السويداء للمطالبة بالإفراج عن المعتقلين."
    event = _one(_extract(text))
    assert event.event_type == "Protests"
    assert event.actor1 == "Protesters (Syria)"
    assert (str(event.event_date), event.time_precision) == ("2019-03-07", 1)
    assert (event.location, event.admin1, event.geo_precision) == ("As-Sweida", "As-Sweida", 1)


def test_explosive_device_with_unnamed_perpetrator():
    text = (
        "انفجرت عبوة ناسفة أمس بسيارة مدنية في مدينة الرمادي غربي العراق، ما أدى إلى مقتل شخصين وإصابة "
        "ثلاثة آخرين."
    )
    event = _one(_extract(text))
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert event.actor1 == "Unidentified Armed Group (Iraq)"
    assert (str(event.event_date), event.time_precision) == ("2019-03-09", 1)
    assert (event.location, event.admin1, event.geo_precision) == ("Ramadi", "Anbar", 1)
    assert event.fatalities == 2  # the three injured do not count


# ---------------------------------------------------------------- dates (CODEBOOK §5)

SHELLING = "قصفت قوات النظام السوري {when} بقذائف المدفعية بلدة كفرزيتا في ريف حماة الشمالي."


@pytest.mark.parametrize(
    ("when", "date", "precision"),
    [
        ("أمس", "2019-03-09", 1),
        ("أمس الأول", "2019-03-08", 1),
        ("يوم 8 مارس", "2019-03-08", 1),
        ("", D, 2),  # no date given: the publication day, precision 2
    ],
)
def test_shelling_dates(when, date, precision):
    text = " ".join(SHELLING.format(when=when).split())
    event = _one(_extract(text))
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert event.actor1 == "Military Forces of Syria (2000-2024)"
    assert (str(event.event_date), event.time_precision) == (date, precision)
    assert (event.location, event.admin1, event.geo_precision) == ("Kafr Zeita", "Hama", 1)


def test_relative_date_without_publication_day_is_null():
    event = _one(_extract(SHELLING.format(when="أمس"), published=None))
    assert event.event_date is None


def test_event_older_than_a_week_is_not_coded():
    assert _extract(SHELLING.format(when="في 3 يناير 2019"), published=D) == []


def test_province_only_is_precision_3():
    text = "قصفت قوات النظام أمس بقذائف الهاون مناطق في ريف دير الزور الشرقي."
    event = _one(_extract(text))
    assert (event.admin1, event.geo_precision) == ("Deir-ez-Zor", 3)


def test_title_and_body_tell_one_event_with_title_evidence():
    title = "قوات النظام قصفت بلدة كفرزيتا بريف حماة أمس"
    text = (
        "وأفاد المرصد السوري لحقوق الإنسان بأن قوات النظام قصفت أمس بقذائف المدفعية بلدة كفرزيتا في ريف "
        "حماة الشمالي."
    )
    event = _one(_extract(text, title=title, outlet="Sky News Arabia"))
    assert event.location == "Kafr Zeita"
    assert str(event.event_date) == "2019-03-09"
    assert {span.field for span in event.evidence} == {"title", "text"}
    assert event.source == "Sky News Arabia; SOHR"


# ---------------------------------------------------------------- no event


def test_sports_results_are_not_an_event():
    text = (
        "فاز فريق الزمالك على الأهلي بثلاثة أهداف مقابل هدف في مباراة أقيمت أمس في القاهرة ضمن الدوري المصري."
    )
    assert _extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "هددت جماعة الحوثي بشن هجوم على مدينة مأرب خلال الأيام المقبلة إذا لم تنسحب القوات الحكومية.",
        "هدد تنظيم داعش بشن هجمات جديدة في مدينة كركوك.",
        "توعد قائد ميليشيا الحوثي بقصف مدينة الرياض بالصواريخ الباليستية.",
        "لم تقصف الطائرات الحربية مدينة إدلب أمس.",
    ],
    ids=["threat-marib", "threat-kirkuk", "vow-riyadh", "negated-strike"],
)
def test_threatened_or_negated_attack_is_not_an_event(text):
    assert _extract(text) == []


def test_denied_air_strike_is_not_an_event():
    assert _extract("نفت وزارة الدفاع الروسية شن غارات جوية على مدينة إدلب أمس.") == []


def test_denied_shelling_is_not_an_event():
    assert _extract("نفت وزارة الدفاع الروسية أمس أن تكون طائراتها قد قصفت مدينة إدلب.") == []


# ---------------------------------------------------------------- known gaps (kept, marked)


def test_fatalities_after_several_strikes_phrase():
    text = (
        "قصف الطيران الحربي السوري أمس بلدة خان شيخون في ريف إدلب الجنوبي بعدة غارات، ما أدى إلى مقتل "
        "ثلاثة مدنيين."
    )
    event = _one(_extract(text))
    assert event.sub_event_type == "Air/drone strike"
    assert event.fatalities == 3


def test_protest_at_a_building_in_a_named_city():
    text = "تظاهر عشرات المحتجين يوم الخميس أمام مبنى المحافظة في مدينة السويداء."
    event = _one(_extract(text))
    assert event.location == "As-Sweida"
    assert event.geo_precision in (1, 2)
