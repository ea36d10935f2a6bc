"""From a place mention to an ACLED location (rasd.resolve.locations, CODEBOOK §4 geo_precision and §8).

- the town itself → the town, precision 1;
- near a town, or a small site (oil field, camp, airport) → the town (the site's nearest town), precision 2;
- the countryside of a province, or the province itself → its capital, precision 3, with ACLED's admin1;
- a bare country → its capital's coordinates, empty admin1, precision 3.
Sentences are written for these tests; the expected towns and sites are those of ``data/places.tsv``.
"""

from __future__ import annotations

import pytest

from rasd.geo.gazetteer import load_gazetteer
from rasd.recognize.places import PlaceMention, find_places
from rasd.resolve.locations import Location, resolve_location
from rasd.text.document import Document
from rasd.text.normalize import normalize_term


def mention_of(text: str, name: str) -> PlaceMention:
    wanted = normalize_term(name)
    found = [m for m in find_places(Document(text)) if m.name == wanted]
    assert len(found) == 1, [(m.name, m.cue) for m in find_places(Document(text))]
    return found[0]


def locate(text: str, name: str, hint: str = "SY") -> Location:
    location = resolve_location(mention_of(text, name), hint)
    assert location is not None
    return location


def curated(english: str, country: str = "SY"):
    """A curated place of the gazetteer by its English name, to compare coordinates with."""
    for name in load_gazetteer().written_names():
        for place in load_gazetteer().places_named(name):
            if place.name == english and place.country == country and place.source == "curated":
                return place
    raise AssertionError(f"{english} not in the curated gazetteer")


# ---------------------------------------------------------------- precision 1


def test_town_itself_is_precision_1():
    loc = locate("اندلعت اشتباكات عنيفة في بلدة الشحيل فجر اليوم.", "الشحيل")
    assert (loc.name, loc.country, loc.admin1, loc.precision) == ("Al Shuhayl", "SY", "Deir-ez-Zor", 1)
    assert loc.admin2 == "Al Mayadin"


def test_bare_town_name_is_precision_1():
    loc = locate("هاجم المسلحون هجين من ثلاثة محاور.", "هجين")
    assert (loc.name, loc.precision) == ("Hajin", 1)


def test_city_of_a_province_capital_is_the_city():
    """``مدينة السويداء``: the city itself, not the province of the same name."""
    loc = locate("انفجرت عبوة ناسفة في مدينة السويداء مساء أمس.", "السويداء")
    assert (loc.name, loc.admin1, loc.precision) == ("As-Sweida", "As-Sweida", 1)


# ---------------------------------------------------------------- precision 2


def test_near_a_town_is_the_town_at_precision_2():
    loc = locate("قتل راع بانفجار لغم قرب هجين.", "هجين")
    assert (loc.name, loc.admin1, loc.precision) == ("Hajin", "Deir-ez-Zor", 2)
    hajin = curated("Hajin")
    assert (loc.latitude, loc.longitude) == (hajin.lat, hajin.lon)


def test_compass_direction_from_a_town_is_precision_2():
    loc = locate("سقطت قذائف جنوب مدينة الميادين.", "الميادين")
    assert (loc.name, loc.precision) == ("Al Mayadin", 2)


@pytest.mark.parametrize(
    ("text", "name", "town", "admin1"),
    [
        ("قتل عنصران قرب حقل العمر النفطي.", "حقل العمر النفطي", "Dhiban", "Deir-ez-Zor"),
        ("وقعت مشاجرة داخل مخيم الهول.", "مخيم الهول", "Al Hol", "Al-Hasakeh"),
        ("استهدفت طائرات مسيرة مطار الطبقة العسكري.", "مطار الطبقة العسكري", "Al Tabqa", "Ar-Raqqa"),
        ("وصلت قافلة مساعدات إلى مخيم الركبان.", "مخيم الركبان", "At Tanf", "Homs"),
    ],
    ids=["oil-field", "camp", "airport", "desert-camp"],
)
def test_site_is_coded_to_its_nearest_town_at_precision_2(text, name, town, admin1):
    loc = locate(text, name)
    assert (loc.name, loc.admin1, loc.precision) == (town, admin1, 2)
    site = mention_of(text, name).places[0]
    assert (loc.latitude, loc.longitude) != (site.lat, site.lon)  # the town's coordinates, not the site's


def test_area_of_a_town_is_precision_2():
    loc = locate("دارت معارك في منطقة ذيبان.", "ذيبان")
    assert (loc.name, loc.precision) == ("Dhiban", 2)


# ---------------------------------------------------------------- precision 3


@pytest.mark.parametrize(
    "text",
    [
        "قصفت المدفعية قرى بريف دير الزور الشرقي.",
        "تحطمت طائرة استطلاع شرقي دير الزور.",
    ],
    ids=["countryside", "east-of"],
)
def test_countryside_or_direction_from_province_capital_is_precision_3(text):
    loc = locate(text, "دير الزور")
    assert (loc.name, loc.admin1, loc.precision) == ("Deir-ez-Zor", "Deir-ez-Zor", 3)


def test_countryside_of_aleppo_uses_acled_admin1():
    loc = locate("سقطت قذائف بريف حلب الشرقي.", "حلب")
    assert (loc.name, loc.admin1, loc.precision) == ("Aleppo", "Aleppo", 3)


def test_named_countryside_region_is_coded_to_the_province_capital():
    (mention,) = find_places(Document("سقطت قذائف بريف حلب الشمالي."))
    loc = resolve_location(mention, "SY")
    assert loc is not None
    assert (loc.admin1, loc.precision) == ("Aleppo", 3)
    assert loc.name == "Aleppo"


def test_province_named_with_muhafaza_is_its_capital_at_precision_3():
    loc = locate("تشهد محافظة إدلب تصعيدا عسكريا.", "محافظة إدلب")
    assert (loc.name, loc.admin1, loc.precision) == ("Idleb", "Idleb", 3)


def test_iraqi_province_after_wilaya_is_its_capital():
    loc = locate("شن التنظيم هجمات في ولاية نينوى.", "نينوى", hint="IQ")
    assert (loc.name, loc.country, loc.admin1, loc.precision) == ("Mosul", "IQ", "Ninewa", 3)


@pytest.mark.parametrize(
    ("text", "name", "iso2"),
    [
        ("تتواصل الحرب في اليمن.", "اليمن", "YE"),
        ("قتل جنود في ليبيا.", "ليبيا", "LY"),
    ],
)
def test_bare_country_is_its_capital_with_empty_admin1(text, name, iso2):
    loc = locate(text, name, hint="")
    country = load_gazetteer().country(iso2)
    assert country is not None
    assert (loc.name, loc.country, loc.admin1, loc.admin2, loc.precision) == (country.name, iso2, "", "", 3)
    assert (loc.latitude, loc.longitude) == (country.lat, country.lon)


# ---------------------------------------------------------------- admin1 and country hint


def test_admin1_of_a_geonames_town_comes_from_the_gazetteer():
    """صحنايا is a GeoNames town only; its ACLED admin1 comes from the GeoNames admin1 code."""
    text = "سقطت قذيفة على بلدة صحنايا."
    assert all(p.source == "geonames" for p in mention_of(text, "صحنايا").places)
    loc = locate(text, "صحنايا")
    assert (loc.country, loc.admin1, loc.precision) == ("SY", "Rural Damascus", 1)


@pytest.mark.parametrize(
    ("hint", "country", "admin1"),
    [("YE", "YE", "Al Bayda"), ("LY", "LY", "Al Jabal al Akhdar")],
)
def test_country_hint_picks_the_homonym(hint, country, admin1):
    loc = locate("انفجرت سيارة مفخخة في البيضاء.", "البيضاء", hint=hint)
    assert (loc.country, loc.admin1, loc.precision) == (country, admin1, 1)


def test_province_of_the_article_country_beats_a_town_abroad():
    """"الجوف" in a report on Yemen is the province Al Jawf, not a GeoNames town of that name in Libya."""
    (mention,) = [m for m in find_places(Document("اندلعت معارك في الجوف.")) if m.provinces]
    location = resolve_location(mention, "YE")
    assert location is not None and location.country == "YE" and location.admin1 == "Al Jawf"
