"""The gazetteer: countries, provinces and places with their Arabic names, loaded once.

Four data files feed it (see ``rasd/data/README.md``): ``countries.toml`` (through
``rasd.geo.countries``), ``admin.toml`` (ACLED provinces, districts), ``places.tsv`` (hand-curated places
GeoNames lacks or spells badly) and ``gazetteer.tsv.gz`` (GeoNames places with an Arabic name, built by
``scripts/build_gazetteer.py``); a place in a country the table lacks is left out. Every Arabic name is
indexed in its normalized form (``normalize_term``), both with and without a leading "ال", because news
writes "الباغوز" and "باغوز" for the same village. Where a curated place and a GeoNames place are the same
place (same country, a shared name or English name, within ``SAME_PLACE_KM``), the curated one wins and
inherits the GeoNames names and population, so a lookup never returns two copies of one town.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import chain

from rasd import data_cache, tuning
from rasd.geo.countries import Country, country_table
from rasd.geo.distance import distance_km
from rasd.text.clitics import clitics
from rasd.text.normalize import normalize_term

__all__ = ["Country", "Gazetteer", "Place", "Province", "distance_km", "load_gazetteer", "name_forms"]

SAME_PLACE_KM = tuning.CURATED_SAME_PLACE_KM
_ARTICLE = clitics().article


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: English name as ACLED writes it, ACLED admin1/admin2 where known."""

    name: str
    kind: str
    country: str  # iso2
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int
    nearest: str  # for small sites: English name of the town ACLED codes them to
    source: str  # "curated" | "geonames"

    def __reduce__(self) -> tuple[type[Place], tuple]:
        """Pickled as its constructor's arguments: the data cache reads back ~11,000 places, and the
        dataclass's own ``__setstate__`` (for slots) costs twice as much per place."""
        return Place, tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Province:
    """An ACLED admin1 unit; events known only to the province are coded at its capital."""

    country: str
    name: str
    capital: str
    lat: float
    lon: float
    capital_admin2: str

    def __reduce__(self) -> tuple[type[Province], tuple]:
        """Pickled as its constructor's arguments (see ``Place.__reduce__``)."""
        return Province, tuple(getattr(self, name) for name in self.__slots__)


def name_forms(normalized: str) -> tuple[str, ...]:
    """The name itself and its twin with or without the leading article ("الباغوز" <-> "باغوز")."""
    if normalized.startswith(_ARTICLE) and len(normalized) > len(_ARTICLE) + 1:
        return normalized, normalized[len(_ARTICLE) :]
    return normalized, _ARTICLE + normalized


@dataclass
class _Row:
    """A place being assembled before it is frozen (curated rows absorb matching GeoNames rows)."""

    names: list[str]
    name: str
    kind: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int
    nearest: str
    source: str
    absorbed: list[str] = field(default_factory=list)

    def freeze(self) -> Place:
        return Place(
            self.name,
            self.kind,
            self.country,
            self.admin1,
            self.admin2,
            self.lat,
            self.lon,
            self.population,
            self.nearest,
            self.source,
        )


def _read_data(name: str) -> bytes:
    return data_cache.data_path(name).read_bytes()


def _tsv_rows(text: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV with a header line; lines starting with '#' are comments."""
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        yield dict(zip(header, cells, strict=False))


def _parse_row(cells: dict[str, str], source: str) -> _Row:
    """A TSV row as a place being assembled; its few-valued columns interned, so that the data cache
    pickles one string per value, not one per place (~25,000 fewer objects to make at start-up)."""
    names = [normalize_term(n) for n in cells["names_ar"].split("|") if n.strip()]
    return _Row(
        names=list(dict.fromkeys(n for n in names if n)),
        name=cells["name"],
        kind=sys.intern(cells["kind"]),
        country=sys.intern(cells["country"]),
        admin1=sys.intern(cells.get("admin1", "")),
        admin2=sys.intern(cells.get("admin2", "")),
        lat=float(cells["lat"]),
        lon=float(cells["lon"]),
        population=int(cells.get("population") or 0),
        nearest=cells.get("nearest", ""),
        source=source,
    )


def _same_place(curated: _Row, geo: _Row) -> bool:
    return (
        curated.country == geo.country
        and distance_km(curated.lat, curated.lon, geo.lat, geo.lon) <= SAME_PLACE_KM
    )


def _merge(curated: list[_Row], geonames: list[_Row]) -> list[_Row]:
    """Curated rows absorb the GeoNames rows that are the same place; the rest stay as they are."""
    by_key: dict[str, list[_Row]] = {}
    for row in curated:
        for key in [*row.names, row.name.lower()]:
            by_key.setdefault(key, []).append(row)
    kept: list[_Row] = []
    for geo in geonames:
        twin = next(
            (c for key in [*geo.names, geo.name.lower()] for c in by_key.get(key, ()) if _same_place(c, geo)),
            None,
        )
        if twin is None:
            kept.append(geo)
            continue
        twin.absorbed.extend(n for n in geo.names if n not in twin.names)
        twin.population = max(twin.population, geo.population)
        if not twin.admin1:
            twin.admin1 = geo.admin1
    return curated + kept


class Gazetteer:
    """Lookups by normalized Arabic name; built once by ``load_gazetteer``."""

    def __init__(self, admin: dict, curated: list[_Row], geonames: list[_Row], stoplist: Iterable[str]):
        countries = list(country_table())
        self._countries = {c.iso2: c for c in countries}
        self._country_names = _country_name_index(countries)
        self._country_place_names = _country_name_index(countries, adjectives=False)
        self._provinces = {(p["country"], p["name"]): _province(p) for p in admin.get("province", [])}
        self._province_names = _province_name_index(admin.get("province", []), self._provinces)
        self._capitals: dict[str, list[Province]] = {}
        for province in self._provinces.values():
            self._capitals.setdefault(province.country, []).append(province)
        self._index: dict[str, list[Place]] = {}
        self._written: set[str] = set()
        self._by_english: dict[tuple[str, str], list[Place]] = {}
        for row in _merge(curated, geonames):
            if row.country in self._countries:  # a place of a country rasd cannot code is no place to code
                self._add(row)
        for places in self._index.values():
            places.sort(key=lambda p: (p.source != "curated", -p.population, p.name))
        self._stop = frozenset(normalize_term(w) for w in stoplist if w.strip())

    def _add(self, row: _Row) -> None:
        place = row.freeze()
        for name in dict.fromkeys([*row.names, *row.absorbed]):
            self._written.add(name)
            for form in name_forms(name):
                bucket = self._index.setdefault(form, [])
                if place not in bucket:
                    bucket.append(place)
        self._by_english.setdefault((place.country, place.name.lower()), []).append(place)

    def shared_objects(self) -> list[object]:
        """Every country, province and place the gazetteer holds, in an order that is the same in every
        process with the same data: a structure built on them (the place lexicon) is cached with
        references to these, so loaded it points to this gazetteer's own objects."""
        return [
            *self._countries.values(),
            *self._provinces.values(),
            *chain.from_iterable(self._index.values()),  # every place, as a generator gave them, in C
        ]

    def capital_place(self, iso2: str) -> Place | None:
        """The gazetteer's place for a country's capital (the country table names it), if it has one."""
        country = self._countries.get(iso2)
        if country is None:
            return None
        found = self._by_english.get((iso2, country.capital.lower()), [])
        return min(found, key=lambda p: (p.source != "curated", -p.population)) if found else None

    def places_named(self, normalized_name: str) -> list[Place]:
        """Candidate places for a name: curated first, then by population, largest first."""
        return list(self._index.get(normalized_name, ()))

    def written_names(self) -> Iterable[str]:
        """Place names exactly as the data writes them (normalized), without article twins: a matcher
        built from these does not take the bare word "عبر" for the place "العبر"."""
        return self._written

    def names(self) -> Iterable[str]:
        """Every normalized place name (with and without the article), to build a matcher from."""
        return self._index.keys()

    def country(self, iso2: str) -> Country | None:
        return self._countries.get(iso2)

    def country_by_name(self, normalized_name_or_adjective: str) -> Country | None:
        """The country a name or nationality adjective refers to: "سوريا", "السوري", "الروسيه"."""
        iso2 = self._country_names.get(normalized_name_or_adjective)
        return self._countries.get(iso2) if iso2 else None

    def country_names(self) -> dict[str, str]:
        """Normalized Arabic country name or adjective -> iso2 (a copy, for a matcher)."""
        return dict(self._country_names)

    def country_place_names(self) -> dict[str, str]:
        """Normalized Arabic country names only (no nationality adjectives) -> iso2: "سوريا" names a
        place, "السورية" in "وكالة الأنباء السورية" does not."""
        return dict(self._country_place_names)

    def province(self, iso2: str, admin1: str) -> Province | None:
        return self._provinces.get((iso2, admin1))

    def province_names(self) -> dict[str, list[Province]]:
        """Normalized Arabic province name -> provinces of that name (one name can be in two countries)."""
        return {name: list(provinces) for name, provinces in self._province_names.items()}

    def admin1_of(self, place: Place) -> str:
        """The place's admin1, or else the province whose capital is nearest (same country)."""
        if place.admin1:
            return place.admin1
        capitals = self._capitals.get(place.country)
        if not capitals:
            return ""
        return min(capitals, key=lambda p: distance_km(place.lat, place.lon, p.lat, p.lon)).name

    def nearest_town(self, place: Place) -> Place | None:
        """For a small site (field, camp, base …) the town it is coded to, per its ``nearest`` column."""
        if not place.nearest:
            return None
        towns = self._by_english.get((place.country, place.nearest.lower()), [])
        towns = [t for t in towns if t is not place]
        if not towns:
            return None
        return min(towns, key=lambda t: distance_km(place.lat, place.lon, t.lat, t.lon))

    def is_stopword(self, normalized_name: str) -> bool:
        """True for a place name that is mostly a common word in news prose ("الحكومه", "عبر").

        Exact match only: the stoplist lists each article form that is a common word, and the two forms can
        differ ("الدوما", the Russian parliament, is listed; "دوما", the Syrian city, is not).
        """
        return normalized_name in self._stop


def _province(p: dict) -> Province:
    return Province(
        p["country"], p["name"], p["capital"], float(p["lat"]), float(p["lon"]), p.get("capital_admin2", "")
    )


def _country_name_index(countries: list[Country], adjectives: bool = True) -> dict[str, str]:
    """Names and adjectives as written first; then article variants where they collide with nothing.

    Place names (``adjectives=False``) get no article variants: "سورية" is Syria, but "السورية" is the
    adjective of "وكالة الأنباء السورية", not a place.
    """
    index: dict[str, str] = {}
    variants: list[tuple[str, str]] = []
    for c in countries:
        for text in [*c.names_ar, *(c.adjectives_ar if adjectives else ())]:
            key = normalize_term(text)
            index.setdefault(key, c.iso2)
            if adjectives:
                variants.extend((form, c.iso2) for form in name_forms(key)[1:])
    for form, iso2 in variants:
        index.setdefault(form, iso2)
    return index


def _province_name_index(provinces: list[dict], by_key: dict[tuple[str, str], Province]) -> dict:
    index: dict[str, list[Province]] = {}
    for p in provinces:
        province = by_key[(p["country"], p["name"])]
        for text in p.get("names_ar", []):
            for form in name_forms(normalize_term(text)):
                bucket = index.setdefault(form, [])
                if province not in bucket:
                    bucket.append(province)
    return index


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read from the package data once per process (from the data cache when it holds one
    built from the same data and code: building it takes ten times as long)."""
    return data_cache.cached("gazetteer", _build_gazetteer, refs=lambda: list(country_table()))


def _build_gazetteer() -> Gazetteer:
    """The gazetteer, built from the data files."""
    admin = data_cache.parse_toml(data_cache.data_path("admin.toml"))
    curated = [_parse_row(r, "curated") for r in _tsv_rows(_read_data("places.tsv").decode("utf-8"))]
    geo_text = gzip.decompress(_read_data("gazetteer.tsv.gz")).decode("utf-8")
    geonames = [_parse_row(r, "geonames") for r in _tsv_rows(geo_text)]
    stop_text = _read_data("place_stoplist.txt").decode("utf-8")
    stoplist = [line.strip() for line in stop_text.splitlines() if line.strip() and not line.startswith("#")]
    return Gazetteer(admin, curated, geonames, stoplist)
