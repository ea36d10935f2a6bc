"""``rasd export --format acled-csv`` as ACLED's own files: a pandas script written for an ACLED export runs
on it unchanged and finds rows. Also the other formats' ACLED-faithful fields (labels or codes, nulls,
URLs, one naming) and a CSV cell that a spreadsheet would run as a formula.

The articles are written for these tests (not taken from any corpus)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from test_api import put, rec, span

from rasd.store.db import open_store, session_scope
from rasd.store.export import ExportOptions, export
from rasd.store.filters import Filters

pd = pytest.importorskip("pandas", reason="pandas is in the dev extra (make setup-dev)")

CLASH = "اشتبكت قوات الجيش السوري مع فصائل المعارضة المسلحة أمس في بلدة حرستا وقتل أربعة مقاتلين."
SHELLING = "قتل ثلاثة مدنيين أمس في قصف مدفعي استهدف حيا سكنيا في مدينة دوما."
PROTEST = "خرج مئات المتظاهرين اليوم في وسط مدينة البصرة احتجاجا على انقطاع الكهرباء."
CLASH_OTHER = "قالت مصادر محلية إن اشتباكات عنيفة دارت أمس في حرستا بين الجيش والمعارضة."

SYRIA = {"country": "Syria", "iso": 760, "admin1": "Rural Damascus", "admin2": "Duma"}
IRAQ = {"country": "Iraq", "iso": 368, "admin1": "Basrah", "admin2": "Basrah"}

# Written the way an analyst writes against ACLED's export (text actor types, as ACLED's files and acledR
# give them); nothing in it knows about rasd.
ACLED_SCRIPT = textwrap.dedent(
    """
    import sys
    import pandas as pd

    df = pd.read_csv(sys.argv[1], parse_dates=["event_date"])
    state = df[df["inter1"] == "State forces"]
    crowds = df[df["tags"].str.contains("crowd size", na=False)]
    targeted = df["civilian_targeting"] == "Civilian targeting"
    on_civilians = df[df["interaction"].str.endswith("Civilians") | targeted]
    international = df[df["source_scale"].str.contains("International", na=False)]
    monthly = df.groupby(["country", df["event_date"].dt.to_period("M")])["fatalities"].sum()
    assert df["event_date"].dt.year.eq(df["year"]).all()
    print(len(state), len(crowds), len(on_civilians), len(international), int(monthly.sum()))
    """
)


def populate(url: str) -> None:
    """A clash told by two outlets (one international, one regional), shelling that kills civilians, and a
    protest of hundreds: the cases an ACLED script filters on."""
    engine = open_store(url)
    try:
        clash = {"fatalities": 4, "source": "Sky News Arabia", **SYRIA}
        put(engine, "a-clash", CLASH, [rec([span(CLASH, "اشتبكت قوات الجيش السوري")], **clash)],
            "Sky News Arabia", "2018-03-11T08:00:00Z")  # fmt: skip
        other = {"fatalities": 4, "source": "Al Arabiya", **SYRIA}
        put(engine, "a-clash-2", CLASH_OTHER, [rec([span(CLASH_OTHER, "اشتباكات عنيفة دارت أمس")], **other)],
            "Al Arabiya", "2018-03-11T09:00:00Z")  # fmt: skip
        shelling = rec(
            [span(SHELLING, "قصف مدفعي استهدف حيا سكنيا")],
            date="2018-03-12", event_type="Explosions/Remote violence",
            actor1="Military Forces of Syria (2000-2024)", actor2="Civilians (Syria)", location="Duma",
            lat=33.57, lon=36.40, fatalities=3, source="BBC Arabic", **SYRIA,
        )  # fmt: skip
        shelling["sub_event_type"] = "Shelling/artillery/missile attack"
        put(engine, "a-shelling", SHELLING, [shelling], "BBC Arabic", "2018-03-12T10:00:00Z")
        protest = rec(
            [span(PROTEST, "خرج مئات المتظاهرين اليوم")],
            date="2018-07-02", event_type="Protests", actor1="Protesters (Iraq)", actor2="",
            location="Basrah", lat=30.508, lon=47.783, source="France 24 Arabic", **IRAQ,
        )  # fmt: skip
        protest.update(sub_event_type="Peaceful protest", inter1=0, inter2=0, interaction=0)
        put(engine, "a-protest", PROTEST, [protest], "France 24 Arabic", "2018-07-02T12:00:00Z")
    finally:
        engine.dispose()


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'acled.db'}"
    populate(url)
    return url


def rasd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_an_acled_pandas_script_runs_unchanged_and_finds_rows(store_url, tmp_path):
    out = tmp_path / "events.csv"
    exported = rasd("export", "--format", "acled-csv", "-o", str(out), "--db", store_url)
    assert exported.returncode == 0, exported.stderr
    script = tmp_path / "acled_script.py"
    script.write_text(ACLED_SCRIPT, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    state, crowds, on_civilians, international, deaths = (int(n) for n in run.stdout.split())
    assert (state, crowds, on_civilians, international, deaths) == (2, 1, 1, 3, 7)


def test_labels_codes_scale_tags_and_targeting(store_url, tmp_path):
    rows = _csv(store_url, tmp_path, ExportOptions())
    clash, shelling, protest = (rows[k] for k in ("SYR1", "SYR2", "IRQ1"))
    labels = ("State forces", "Rebel groups", "State forces-Rebel groups")
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == labels
    assert clash["source_scale"] == "Regional-International" and clash["tags"] == ""
    assert (
        shelling["civilian_targeting"] == "Civilian targeting"
        and shelling["interaction"] == "State forces-Civilians"
    )
    assert protest["tags"] == "crowd size=hundreds" and protest["interaction"] == "Protesters only"
    numeric = _csv(store_url, tmp_path, ExportOptions(inter_numeric=True))
    assert (numeric["SYR1"]["interaction"], numeric["IRQ1"]["interaction"]) == ("12", "60")  # never 0
    assert all(row["interaction"] not in ("", "0") for row in numeric.values())


def _csv(url: str, tmp_path: Path, options: ExportOptions) -> dict[str, dict[str, str]]:
    path = tmp_path / f"out-{options.inter_numeric}.csv"
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            export(session, "acled-csv", str(path), Filters(), options)
    finally:
        engine.dispose()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["event_id_cnty"]: row for row in csv.DictReader(handle)}


def test_jsonl_and_parquet_use_nulls_urls_and_one_naming(store_url, tmp_path):
    import pyarrow.parquet as pq

    engine = open_store(store_url)
    try:
        with session_scope(engine) as session:
            session.execute(sql("UPDATE articles SET url = 'https://example.org/a' WHERE id = 'a-clash'"))
        with session_scope(engine) as session:
            export(session, "jsonl", str(tmp_path / "e.jsonl"), Filters())
            export(session, "parquet", str(tmp_path / "e.parquet"), Filters())
    finally:
        engine.dispose()
    text = (tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert "اشتبكت قوات الجيش السوري" in text and "\\u" not in text
    lines = {json.loads(line)["event_id_cnty"]: json.loads(line) for line in text.splitlines()}
    assert lines["IRQ1"]["actor2"] is None and lines["SYR1"]["rasd_urls"] == ["https://example.org/a"]
    assert {"rasd_confidence", "rasd_reports", "rasd_article_id", "rasd_evidence"} <= lines["SYR1"].keys()
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    by_id = {row["event_id_cnty"]: row for row in table}
    assert by_id["IRQ1"]["actor2"] is None and by_id["IRQ1"]["admin3"] is None
    assert by_id["SYR1"]["inter1"] == "State forces" and by_id["SYR1"]["rasd_urls"] == [
        "https://example.org/a"
    ]
    assert set(lines["SYR1"]) - {"rasd_report_details"} == set(by_id["SYR1"])


def test_a_formula_in_a_cell_is_made_inert(tmp_path):
    url = f"sqlite:///{tmp_path / 'formula.db'}"
    engine = open_store(url)
    try:
        bad = rec([span(CLASH, "اشتبكت قوات الجيش السوري")], location='=HYPERLINK("http://x")', **SYRIA)
        put(engine, "a-formula", CLASH, [bad], "Sky News Arabia", "2018-03-11T08:00:00Z")
    finally:
        engine.dispose()
    row = next(iter(_csv(url, tmp_path, ExportOptions()).values()))
    assert row["location"] == '\'=HYPERLINK("http://x")'


def test_export_to_standard_output(store_url):
    result = rasd("export", "--format", "acled-csv", "-o", "-", "--db", store_url, "--country", "Iraq")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("event_id_cnty,") and "IRQ1" in result.stdout
    assert not os.path.exists("-")
