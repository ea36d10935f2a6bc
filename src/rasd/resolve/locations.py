"""From a place mention to an ACLED location: name, admin units, coordinates and geo_precision (CODEBOOK §8).

- a town or village named as the scene → itself, precision 1;
- near / outskirts / a direction from a town, or a small site (field, camp, base) → the town, precision 2;
- the countryside of a province, a direction from a city that names its province, or the province
  itself → the province capital, precision 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from rasd.geo.gazetteer import Place, Province, load_gazetteer
from rasd.recognize.places import COMPASS, PlaceMention

_SITE_KINDS = frozenset(
    {"camp", "oil_field", "base", "airport", "crossing", "dam", "mountain", "site", "port"}
)


T = TypeVar("T", Place, Province)


@dataclass(frozen=True)
class Location:
    """A resolved event location."""

    name: str
    country: str  # iso2
    admin1: str
    admin2: str
    latitude: float
    longitude: float
    precision: int


def resolve_location(mention: PlaceMention, country_hint: str = "") -> Location | None:
    """The location an event at ``mention`` is coded to; a bare country (only used when an article
    names nothing finer) is coded to its capital's coordinates with an empty admin1, precision 3."""
    province = _pick(mention.provinces, country_hint)
    if province is not None and _means_province(mention, province, country_hint):
        return _at_province(province)
    place = _pick(mention.places, country_hint)
    if place is not None:
        return _at_place(place, mention)
    if province is not None:
        if mention.cue == "settlement":  # "مدينة السويداء": the capital city itself, not the province
            return Location(
                province.capital,
                province.country,
                province.name,
                province.capital_admin2,
                province.lat,
                province.lon,
                1,
            )
        return _at_province(province)
    if mention.country is not None:
        country = mention.country
        return Location(country.name, country.iso2, "", "", country.lat, country.lon, 3)
    return None


def _means_province(mention: PlaceMention, province: Province, country_hint: str = "") -> bool:
    """Whether the mention names the province rather than the town of the same name (also when the
    province is in the article's country and no town of that name is: "معارك الجوف" in a report on
    Yemen is the province Al Jawf, not a town in Libya)."""
    if mention.explicit_province or not mention.places:
        return True
    if province.country == country_hint and all(p.country != country_hint for p in mention.places):
        return True
    if mention.cue == "countryside" and mention.cue_word not in ("منطقه",):
        return True
    return mention.cue == "near" and mention.cue_word in COMPASS


def _pick(candidates: tuple[T, ...], country_hint: str) -> T | None:
    """The first candidate in the article's country, else the first (best-ranked) one."""
    for candidate in candidates:
        if candidate.country == country_hint:
            return candidate
    return candidates[0] if candidates else None


def _at_province(province: Province) -> Location:
    return Location(
        province.capital,
        province.country,
        province.name,
        province.capital_admin2,
        province.lat,
        province.lon,
        3,
    )


def _at_place(place: Place, mention: PlaceMention) -> Location:
    gaz = load_gazetteer()
    precision = 1
    if place.kind in _SITE_KINDS or place.nearest:
        town = gaz.nearest_town(place)
        if town is not None:
            place = town
        precision = 2
    elif place.kind == "region":
        province = gaz.province(place.country, gaz.admin1_of(place))
        if province is not None:  # "بريف حلب الشمالي": a province's countryside is coded to its capital
            return _at_province(province)
        precision = 3
    elif mention.cue in ("near", "countryside"):
        precision = 2
    return Location(
        place.name, place.country, gaz.admin1_of(place), place.admin2, place.lat, place.lon, precision
    )
