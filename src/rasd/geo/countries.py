"""The country table (``data/countries.toml``): every country rasd can code, read once.

One place for a country's English name as ACLED spells it, its ISO 3166-1 codes (alpha-2, alpha-3,
numeric), ACLED's region, its Arabic names and nationality adjectives, and its capital. The gazetteer,
the actor registry (``Civilians (Morocco)``), records, event ids and review all read it, so a country
named anywhere in rasd has all of these, and no record carries a bare ISO2 code or iso 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd import data_cache
from rasd.text.clitics import clitics
from rasd.text.normalize import normalize_term

# ACLED's regions (its API guide's list); every country of the table is in one of them
ACLED_REGIONS = (
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "South Asia",
    "Southeast Asia",
    "Middle East",
    "Europe",
    "Caucasus and Central Asia",
    "Central America",
    "South America",
    "Caribbean",
    "East Asia",
    "North America",
    "Oceania",
    "Antarctica",
)


@dataclass(frozen=True, slots=True)
class Country:
    """A country as ACLED names it, with its codes, region, Arabic names and capital's coordinates."""

    iso2: str
    iso3: str
    iso: int
    name: str
    region: str
    capital: str
    lat: float
    lon: float
    names_ar: tuple[str, ...] = ()
    adjectives_ar: tuple[str, ...] = ()


class CountryTable:
    """Lookups by ISO2, ISO3, ISO numeric or English name (any case)."""

    def __init__(self, countries: list[Country]):
        self._rows = tuple(countries)
        self._by_iso2 = {c.iso2: c for c in countries}
        self._by_iso3 = {c.iso3: c for c in countries}
        self._by_number = {c.iso: c for c in countries}
        self._by_name = {c.name.casefold(): c for c in countries}

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def by_iso2(self, iso2: str | None) -> Country | None:
        return self._by_iso2.get(iso2 or "")

    def by_iso3(self, iso3: str | None) -> Country | None:
        return self._by_iso3.get((iso3 or "").upper())

    def by_number(self, iso: int | None) -> Country | None:
        return self._by_number.get(iso or 0)

    def by_name(self, name: str | None) -> Country | None:
        """The country of an English name as ACLED spells it (any case)."""
        return self._by_name.get((name or "").casefold())

    def find(self, name_or_code: str | None) -> Country | None:
        """A country by its name, ISO3 or ISO2 code (what a user types after ``--country``)."""
        text = (name_or_code or "").strip()
        return self.by_name(text) or self.by_iso3(text) or self.by_iso2(text.upper())


def _country(raw: dict, nisba: dict | None = None) -> Country:
    adjectives = list(raw.get("adjectives_ar", ()))
    return Country(
        iso2=raw["iso2"],
        iso3=raw["iso3"],
        iso=int(raw["iso"]),
        name=raw["name"],
        region=raw["region"],
        capital=raw["capital"],
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        names_ar=tuple(raw.get("names_ar", ())),
        adjectives_ar=tuple(adjectives + _accusatives(adjectives, nisba or {})),
    )


def _accusatives(adjectives: list[str], nisba: dict) -> list[str]:
    """The indefinite accusative of each masculine adjective ("عشرين فلسطينيا" after a number): the
    table lists the nominative; ``[nisba]`` says how it ends and what it takes."""
    ending, suffix = nisba.get("masculine_ending", ""), nisba.get("accusative_suffix", "")
    if not (ending and suffix):
        return []
    article = clitics().article
    return [
        a + suffix
        for a in adjectives
        if a.endswith(ending) and not a.startswith(article) and a + suffix not in adjectives
    ]


@cache
def _table_data() -> dict:
    """``data/countries.toml``, parsed once per process (the table and the nationality words share it),
    or read from the data cache (parsing it was the largest TOML cost of start-up)."""
    return data_cache.read_toml("countries.toml")


@cache
def country_table() -> CountryTable:
    """The table, parsed once per process."""
    data = _table_data()
    nisba = data.get("nisba", {})
    return CountryTable([_country(raw, nisba) for raw in data.get("country", [])])


def nationality_duals() -> list[str]:
    """The nominative duals of the masculine nationality adjectives (``فلسطينيان``، ``يمنيان``): each
    names two people, so a toll may count them like ``جنديان``."""
    suffix = _table_data().get("nisba", {}).get("dual_suffix", "")
    return sorted({a + suffix for a in _masculine_adjectives()}) if suffix else []


def nationality_adjectives() -> frozenset[str]:
    """The masculine nationality adjectives without article, normalized (``مصري``، ``يمني``): a plural
    of one (``مصريين``) names people, what an arrest verb takes."""
    return frozenset(normalize_term(a) for a in _masculine_adjectives())


def _masculine_adjectives() -> list[str]:
    """The table's masculine nationality adjectives without the article, as written (``فلسطيني``)."""
    data = _table_data()
    ending = data.get("nisba", {}).get("masculine_ending", "")
    article = clitics().article
    return [
        a
        for raw in data.get("country", [])
        for a in raw.get("adjectives_ar", ())
        if ending and a.endswith(ending) and not a.startswith(article)
    ]

