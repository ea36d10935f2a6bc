"""Invariants of the data files (``src/rasd/data/``), checked together, on the packaged files or a copy.

Each loader checks its own file when it reads it (``CueClass`` for cues.toml, ``check_triggers``,
``parse_clitics``, ``parse_rule_words``); this module runs those same checks on any directory and adds
the ones across files: ACLED's taxonomy for trigger types, actor keys named by defaults.toml, and a
data README that documents every class. ``python -m rasd.datafiles [DIR]`` prints the problems.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from rasd.recognize.cues import load_cue_tables
from rasd.recognize.triggers import load_triggers
from rasd.taxonomy import TAXONOMY
from rasd.text.clitics import load_clitics
from rasd.text.rule_words import load_rule_words

TOML_FILES = (
    "actors.toml", "admin.toml", "clitics.toml", "count_nouns.toml", "countries.toml", "cues.toml",
    "defaults.toml", "rule_words.toml", "sources.toml", "time_words.toml", "topics.toml", "triggers.toml",
)
PLACES_COLUMNS = ("names_ar", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "nearest")


def packaged_dir() -> Path:
    """The directory of the data files shipped with rasd."""
    return Path(__file__).resolve().parent / "data"


def check_data_files(directory: Path | None = None) -> list[str]:
    """Every broken invariant of the data files in ``directory`` (the packaged ones by default), as
    messages; an empty list when all hold."""
    directory = directory or packaged_dir()
    problems: list[str] = []
    for check in _CHECKS:
        try:
            problems.extend(check(directory))
        except (OSError, ValueError, KeyError, TypeError) as error:  # tomllib errors are ValueErrors
            problems.append(f"{check.__name__}: {type(error).__name__}: {error}")
    return problems


def _toml(directory: Path, name: str) -> dict:
    return tomllib.loads((directory / name).read_text(encoding="utf-8"))


def _parse_all(directory: Path) -> list[str]:
    """Every TOML file parses; places.tsv has its columns and numeric coordinates; the rest reads."""
    for name in TOML_FILES:
        _toml(directory, name)
    with (directory / "places.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    problems = []
    if tuple(rows[0]) != PLACES_COLUMNS:
        problems.append(f"places.tsv: header {rows[0]} is not {list(PLACES_COLUMNS)}")
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(PLACES_COLUMNS):
            problems.append(f"places.tsv line {number}: {len(row)} columns")
            continue
        try:
            float(row[6]), float(row[7])
        except ValueError:
            problems.append(f"places.tsv line {number}: lat/lon are not numbers")
    (directory / "place_stoplist.txt").read_text(encoding="utf-8")
    with gzip.open(directory / "gazetteer.tsv.gz", "rt", encoding="utf-8") as handle:
        handle.readline()
    return problems


def _loaders(directory: Path) -> list[str]:
    """The checks each loader makes at run time: cue classes, triggers, clitics, rule words."""
    load_cue_tables(directory / "cues.toml")
    load_triggers(directory / "triggers.toml")
    load_clitics(directory / "clitics.toml")
    load_rule_words(directory / "rule_words.toml")
    return []


def _taxonomy(directory: Path) -> list[str]:
    """Every trigger group names an ACLED event type and one of its sub-types."""
    problems = []
    for number, group in enumerate(_toml(directory, "triggers.toml")["trigger"], 1):
        if group["sub"] not in TAXONOMY.get(group["type"], ()):
            kind = f"{group['type']!r} / {group['sub']!r}"
            problems.append(f"triggers.toml group {number}: {kind} is not ACLED's")
    return problems


def _default_actors(directory: Path) -> list[str]:
    """Every actor key defaults.toml names exists in actors.toml."""
    actors = _toml(directory, "actors.toml")
    keys = {a["key"] for a in actors.get("actor", [])}
    keys |= {f"generic:{g['key']}" for g in actors.get("generic", [])}
    problems = []
    for table_name, table in _toml(directory, "defaults.toml").items():
        for country, key in table.items():
            if key not in keys:
                problems.append(f"defaults.toml [{table_name}] {country}: no actor {key!r} in actors.toml")
    return problems


def _unique_actor_keys(directory: Path) -> list[str]:
    """Actor keys are unique (code and defaults.toml name actors by key)."""
    seen: set[str] = set()
    problems = []
    for actor in _toml(directory, "actors.toml").get("actor", []):
        if actor["key"] in seen:
            problems.append(f"actors.toml: key {actor['key']!r} is used twice")
        seen.add(actor["key"])
    return problems


def _documented(directory: Path) -> list[str]:
    """The data README documents every cue class, rule-word class, clitic subset and pattern-word class
    of the time and quantity lexicons (as `name`)."""
    readme = (directory / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", readme))
    classes = {
        "cues.toml": _class_names(directory, "cues.toml"),
        "rule_words.toml": _class_names(directory, "rule_words.toml"),
        "clitics.toml": set(_toml(directory, "clitics.toml").get("subsets", {})),
        "time_words.toml": set(_toml(directory, "time_words.toml").get("pattern_words", {})),
        "count_nouns.toml": set(_toml(directory, "count_nouns.toml").get("pattern_words", {})),
    }
    return [
        f"{file}: class {name!r} is not documented in README.md"
        for file, names in classes.items()
        for name in sorted(names - named)
    ]


def _class_names(directory: Path, name: str) -> set[str]:
    """The class names of a file whose tables group classes (cues.toml, rule_words.toml)."""
    return {key for table in _toml(directory, name).values() if isinstance(table, dict) for key in table}


_CHECKS: tuple[Callable[[Path], list[str]], ...] = (
    _parse_all, _loaders, _taxonomy, _default_actors, _unique_actor_keys, _documented,
)


def main(argv: list[str] | None = None) -> int:
    """Print the problems of a data directory; exit status 1 when there are any."""
    args = sys.argv[1:] if argv is None else argv
    problems = check_data_files(Path(args[0]) if args else None)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
