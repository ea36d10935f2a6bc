"""What the README says the first command shows is what it shows: the sample's events and countries
(`make demo` prints them by country; an analyst following the README compares)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rasd.io import read_input
from rasd.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]


def test_the_sample_gives_the_events_and_countries_the_readme_says():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    claim = re.search(r"give (\d+) events in (\d+) countries \(([^)]*)\)", readme.replace("\n", " "))
    assert claim, "the README no longer says what the sample gives"
    events, count, names = int(claim[1]), int(claim[2]), {n.strip() for n in claim[3].split(",")}
    countries: list[str] = []
    for article in read_input(str(ROOT / "examples" / "sample_articles.jsonl")):
        records = extract(article.text, article.published, article.title, article.outlet, article.id)
        countries += [json.loads(record.to_json())["country"] for record in records]
    assert (len(countries), len(set(countries))) == (events, count), (
        f"README: {events} events in {count} countries; extraction gives {len(countries)} in "
        f"{len(set(countries))}: update the README's 'The sample is …' paragraph"
    )
    assert set(countries) == names
