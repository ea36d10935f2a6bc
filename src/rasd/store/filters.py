"""Every event filter, declared once: its name, how a value is written and checked, what it selects.

``rasd events/export/stats`` build their options from ``FILTERS``, the web API its query parameters
(``rasd.api.deps``), and the dashboard reads the list from ``GET /api/filters``: a filter added here is
there in all three. Values are parsed by the same ``parse`` everywhere, so ``--until`` before ``--since``
or a bad date is the same mistake on the command line (exit 2) and in the API (422).

Multi-value filters take several values, comma-separated (``country=Syria,Yemen``) or repeated
(``--country Syria --country Yemen``): an event matches when it matches any of them. Different filters
combine with AND.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd import data_cache
from rasd.taxonomy import ARMED_CLASH, BATTLES

CIVILIAN_TARGETING = "Civilian targeting"
MAX_VALUES = 50  # values of one filter: a longer list is a mistake (or an attack), not a question


class FilterError(ValueError):
    """A filter value that cannot be right: the message names the filter and says what would be."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Filter:
    """One filter: ``name`` is the field of ``Filters``; ``param`` the API's query parameter; ``flag``
    the CLI option; ``kind`` says how values are read and matched (see ``_PARSERS`` and ``clause``)."""

    name: str
    kind: str  # names | ints | contains | date | min | bool | bbox | search | since_time
    help: str
    example: str
    multi: bool = False
    param: str = ""
    flag: str = ""
    columns: tuple[str, ...] = ()  # the Event columns it reads
    vocabulary: str = ""  # column whose stored values are the known ones (for "did you mean")

    @property
    def api_name(self) -> str:
        return self.param or self.name

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    def describe(self) -> dict[str, Any]:
        """The filter as ``GET /api/filters`` lists it for the dashboard and scripts."""
        return {
            "name": self.name,
            "param": self.api_name,
            "flag": self.cli_flag,
            "kind": self.kind,
            "multi": self.multi,
            "help": self.help,
            "example": self.example,
        }


FILTERS: tuple[Filter, ...] = (
    Filter("country", "names", "country: ACLED name or ISO alpha-3", "Syria,Yemen", True,
           columns=("country",), vocabulary="country"),
    Filter("iso", "ints", "ISO 3166 numeric country code", "760", True, columns=("iso",)),
    Filter("region", "names", "ACLED region", "Middle East", True, columns=("region",), vocabulary="region"),
    Filter("admin1", "names", "province (ACLED spelling)", "Deir-ez-Zor", True, columns=("admin1",),
           vocabulary="admin1"),
    Filter("admin2", "names", "district (ACLED spelling)", "Abu Kamal", True, columns=("admin2",),
           vocabulary="admin2"),
    Filter("location", "names", "place name as the event gives it", "Baghuz", True, columns=("location",),
           vocabulary="location"),
    Filter("event_type", "names", "ACLED event type", BATTLES, True, flag="--type",
           columns=("event_type",), vocabulary="event_type"),
    Filter("sub_event_type", "names", "ACLED sub-event type", ARMED_CLASH, True, flag="--sub-type",
           columns=("sub_event_type",), vocabulary="sub_event_type"),
    Filter("disorder_type", "names", "ACLED disorder type", "Political violence", True,
           columns=("disorder_type",), vocabulary="disorder_type"),
    Filter("actor", "contains", "part of any actor's name, or a common name of it (Houthi, داعش)",
           "Islamic State", True, columns=("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")),
    Filter("interaction", "ints", "ACLED interaction code", "17", True, columns=("interaction",)),
    Filter("civilian_targeting", "bool", "only events targeting civilians (yes) or only others (no)", "yes",
           columns=("civilian_targeting",)),
    Filter("year", "ints", "event year", "2018", True, columns=("year",)),
    Filter("since", "date", "first event date, YYYY-MM-DD", "2018-03-01", columns=("event_date",)),
    Filter("until", "date", "last event date, YYYY-MM-DD", "2018-03-31", columns=("event_date",)),
    Filter("min_fatalities", "min", "at least this many deaths", "1", columns=("fatalities",)),
    Filter("min_confidence", "min_float", "at least this extraction confidence (0 to 1)", "0.5",
           columns=("confidence",)),
    Filter("changed_since", "since_time", "Unix time: events changed (and ids retired) at or after it",
           "1700000000", columns=("timestamp",)),
    Filter("text", "search", "words in the notes, place, actors or evidence, Arabic or English "
           "(spelling-tolerant: الحديده = الحديدة, Hodeidah = Hudaydah)", "الحديدة", param="q", flag="--q"),
    Filter("bbox", "bbox", "minlon,minlat,maxlon,maxlat", "35.5,32,42.5,37.5",
           columns=("longitude", "latitude")),
)  # fmt: skip
BY_NAME = {f.name: f for f in FILTERS}
AT_LEAST = frozenset({"min", "min_float", "since_time"})  # filter kinds that are a lower bound


def _filters_post_init(self: Any) -> None:
    """Single values of multi-value filters become 1-tuples, so callers may write ``country="Syria"``."""
    for spec in FILTERS:
        value = getattr(self, spec.name)
        if spec.multi and value is not None and not isinstance(value, tuple):
            items = (value,) if isinstance(value, str | int) else tuple(value)
            object.__setattr__(self, spec.name, items or None)


Filters = dataclasses.make_dataclass(
    "Filters",
    [(spec.name, Any, dataclasses.field(default=None)) for spec in FILTERS]
    + [("include_rejected", bool, dataclasses.field(default=False))],
    frozen=True,
    namespace={
        "__post_init__": _filters_post_init,
        "__doc__": "What the filters of ``FILTERS`` select (None = any); ``include_rejected`` also lists "
        "events analysts rejected.",
    },
)
Filters.__module__ = __name__  # pickling and reprs name this module


# ------------------------------------------------------------------------ parsing


def _split(raw: str | Sequence[str]) -> list[str]:
    """Values of a multi-value filter: comma-separated and/or repeated, blanks dropped."""
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [item.strip() for part in parts for item in str(part).split(",") if item.strip()]


def _int(name: str, text: str, low: int = 0, high: int = 10**12) -> int:
    try:
        number = int(text)
    except ValueError:
        raise FilterError(name, f"not a whole number: {text!r}") from None
    if not low <= number <= high:
        raise FilterError(name, f"must be between {low} and {high}: {text!r}")
    return number


def _float(name: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise FilterError(name, f"not a number: {text!r}") from None
    if not 0 <= number <= 1:
        raise FilterError(name, f"must be between 0 and 1: {text!r}")
    return number


def _day(name: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FilterError(name, f"not a date (YYYY-MM-DD): {text!r}") from None


def _bool(name: str, text: str) -> bool:
    word = text.strip().lower()
    if word in ("yes", "true", "1", "y"):
        return True
    if word in ("no", "false", "0", "n"):
        return False
    raise FilterError(name, f"yes or no, not {text!r}")


def _bbox(name: str, text: str) -> tuple[float, float, float, float]:
    problem = "bbox is minlon,minlat,maxlon,maxlat (four numbers, degrees)"
    parts = text.split(",")
    if len(parts) != 4:
        raise FilterError(name, problem)
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise FilterError(name, problem) from None
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        ranges = "-180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90"
        raise FilterError(name, f"{problem}, with {ranges}")
    return min_lon, min_lat, max_lon, max_lat


def _text(name: str, text: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise FilterError(name, "control characters are not allowed")
    return text.strip()


_SINGLE: dict[str, Callable[[str, str], Any]] = {
    "names": _text,
    "contains": _text,
    "search": _text,
    "ints": lambda name, text: _int(name, text, 0, 10**6),
    "date": _day,
    "min": lambda name, text: _int(name, text, 0, 10**9),
    "min_float": _float,
    "since_time": _int,
    "bool": _bool,
    "bbox": _bbox,
}


def parse_value(spec: Filter, raw: str | Sequence[str] | None) -> Any:
    """The value of one filter from what a user typed (CLI) or sent (API); None when not given.
    FilterError when it cannot be right."""
    if raw is None:
        return None
    parse = _SINGLE[spec.kind]
    if spec.multi:
        values = tuple(dict.fromkeys(parse(spec.name, item) for item in _split(raw)))
        if len(values) > MAX_VALUES:
            raise FilterError(spec.name, f"at most {MAX_VALUES} values")
        return values or None
    if not isinstance(raw, str):
        if len(raw) > 1:
            raise FilterError(spec.name, "give this filter once")
        raw = raw[0] if raw else ""
    if spec.kind in ("names", "contains", "search") or raw.strip():
        value = parse(spec.name, raw)
        return value if value != "" else None
    return None


def _check_interactions(codes: Sequence[int]) -> None:
    """An interaction code ACLED does not have (``99``, ``71``) is a mistake, not a filter that matches
    nothing: FilterError naming it and where the codes are listed."""
    from rasd import taxonomy

    known = taxonomy.interaction_codes()
    for code in codes:
        if code not in known:
            raise FilterError(
                "interaction",
                f"{code} is not an ACLED interaction code (e.g. 17, {taxonomy.interaction_label(17)}; "
                "all of them: GET /api/meta)",
            )


def parse_filters(raw: dict[str, Any], include_rejected: bool = False) -> Any:
    """``Filters`` from raw values by filter name (what the CLI and the API received); FilterError on the
    first bad value, or when ``since`` is after ``until``."""
    values = {spec.name: parse_value(spec, raw.get(spec.name)) for spec in FILTERS}
    _check_interactions(values.get("interaction") or ())
    first, last = values.get("since"), values.get("until")
    if first and last and first > last:
        raise FilterError("since", f"since ({first}) is after until ({last})")
    return Filters(**values, include_rejected=include_rejected)


def given(filters: Any) -> dict[str, Any]:
    """The filters that are set, by name (a blank text, e.g. ``Filters(text=" ")``, is not set)."""
    out = {}
    for spec in FILTERS:
        value = getattr(filters, spec.name)
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, (), ""):
            out[spec.name] = value
    return out


# ------------------------------------------------------------------------ actors' common names


@cache
def _english_aliases() -> dict[str, tuple[str, ...]]:
    """Lowercased English common name → registry keys (``data/actor_names_en.toml``)."""
    raw = data_cache.read_toml("actor_names_en.toml")
    out: dict[str, list[str]] = {}
    for key, names in raw.get("aliases", {}).items():
        for name in names:
            out.setdefault(name.strip().lower(), []).append(key)
    return {name: tuple(keys) for name, keys in out.items()}


def _registry_keys(value: str) -> list[str]:
    """Registry keys a value names: an English common name, or Arabic text that is an alias."""
    keys = list(_english_aliases().get(value.strip().lower(), ()))
    if not value.isascii():
        from rasd.pipeline import actor_keys_named

        keys += actor_keys_named(value)
    return list(dict.fromkeys(keys))


def actor_needles(value: str) -> list[str]:
    """What to look for in the actor columns: the value itself (as part of a name), and for a common name
    of a registry actor the distinctive part of the name ACLED gives it (its suffix, else its name)."""
    from rasd.pipeline import actor_name_parts

    keys = _registry_keys(value)
    if not keys:
        return [value]
    needles = [value] if value.isascii() else []
    for key in keys:
        needles += actor_name_parts(key)
    return list(dict.fromkeys(needles))


# ------------------------------------------------------------------------ "did you mean"


def static_vocabulary(name: str) -> list[str]:
    from rasd import taxonomy
    from rasd.store import review

    if name == "event_type":
        return list(taxonomy.EVENT_TYPES)
    if name == "sub_event_type":
        return list(taxonomy.SUB_EVENT_TYPES)
    if name == "country":
        return [acled for acled, _, _ in review.countries().values()]
    if name == "region":
        return sorted({region for _, _, region in review.countries().values() if region})
    if name == "disorder_type":
        return list(taxonomy.DISORDER_TYPES)
    return []


def suggestion(value: str, known: Sequence[str]) -> str:
    """ " — did you mean X?" for the closest known value, or "" when none is close."""
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return f" — did you mean {by_lower[close[0]]}?" if close else ""
