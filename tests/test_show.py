"""``rasd show ID`` on a real SQLite store (``test_api.populate``: articles written for these tests, a
merged event, a retired id): an analyst looks up the ids that ``rasd events``, ``rasd audit`` and the
exports print, without starting the web server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_api import HARASTA_B, populate


def rasd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('show') / 'store.db'}"
    populate(url)
    return url


def test_an_event_shows_its_columns_reports_and_evidence(store):
    result = rasd("show", "SYR1", "--db", store)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SYR1  Battles · Armed clash")
    assert any(line.strip().startswith("place") and "Harasta" in line for line in lines)
    assert "reports (2):" in result.stdout  # told by two outlets, merged
    passage = "معارك دارت أمس في حرستا"  # the evidence span of the second outlet's report
    assert passage in HARASTA_B and f"«{passage}» [22:45]" in result.stdout  # the article's own words


def test_json_is_one_object_per_id_any_case(store):
    result = rasd("show", "syr1", "IRQ1", "--format", "json", "--db", store)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["event_id_cnty"] for e in events] == ["SYR1", "IRQ1"]
    first = events[0]["reports"][0]
    assert {"article_id", "outlet", "published", "title", "evidence"} <= set(first)
    assert all(span["text"] for span in first["evidence"])


@pytest.mark.parametrize(
    ("event_id", "message"),
    [
        ("SYR99", "event SYR99 was merged into SYR1: rasd show SYR1"),
        ("SYR98", "event SYR98 was withdrawn"),
        ("YEM4242", "no event YEM4242 in this store"),
    ],
)
def test_an_id_that_names_no_event_says_why_and_exits_1(store, event_id, message):
    result = rasd("show", "SYR1", event_id, "--db", store)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout.startswith("SYR1  ")  # the others are still shown


def test_mistakes_exit_2(store, tmp_path):
    result = rasd("show", "Syria-1", "--db", store)
    assert result.returncode == 2 and "not an event id: 'Syria-1'" in result.stderr
    missing = tmp_path / "none.db"
    result = rasd("show", "SYR1", "--db", f"sqlite:///{missing}")
    assert result.returncode == 2 and "no store at" in result.stderr
    assert not missing.exists()  # a lookup never creates an empty store


def test_an_export_to_a_place_it_cannot_write_names_it_plainly(store, tmp_path):
    result = rasd("export", "--format", "acled-csv", "-o", str(tmp_path), "--db", store)
    assert result.returncode == 2
    assert result.stderr.strip() == f"rasd: cannot write {tmp_path}: is a directory"  # was "[Errno 21] …"
    missing = tmp_path / "no" / "such" / "x.csv"
    result = rasd("export", "--format", "geojson", "-o", str(missing), "--db", store)
    assert result.returncode == 2
    assert result.stderr.strip() == f"rasd: cannot write {missing}: no such file or directory"


def test_serving_a_store_that_is_not_there_is_an_error_unless_asked_for(tmp_path):
    """A mistyped --db must not pass for an empty dataset: serve refused nothing, created an empty store
    and only warned. Now it refuses as every reading command does (naming the path and how to make a
    store), and creates an empty one only with --new-store, saying so."""
    import os
    import socket

    missing = tmp_path / "typo.db"
    command = [sys.executable, "-m", "rasd.cli", "serve", "--db", f"sqlite:///{missing}",
               "--web-dir", str(tmp_path / "none"), "--log-level", "warning"]  # fmt: skip
    env = {**os.environ, "RASD_DB": ""}
    refused = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 2, refused.stderr
    assert f"rasd: no store at {missing}; create one with: rasd ingest" in refused.stderr
    assert f"--db sqlite:///{missing}" in refused.stderr and "--new-store" in refused.stderr
    assert not missing.exists()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*command, "--new-store", "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        first = server.stderr.readline()  # printed before the server starts
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert first.startswith(f"rasd: no store at {missing}: serving a new, empty one")
    assert f"rasd ingest ARTICLES.jsonl --db sqlite:///{missing}" in first
    assert missing.exists()


def test_events_sorted_deadliest_or_newest_and_limited(store):
    listed = rasd("events", "--format", "jsonl", "--db", store).stdout.splitlines()
    every = [json.loads(line) for line in listed]
    assert len(every) == 3
    result = rasd("events", "--sort", "deadliest", "--limit", "1", "--format", "jsonl", "--db", store)
    assert result.returncode == 0, result.stderr
    (top,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert top["fatalities"] == max(e["fatalities"] for e in every)
    newest = rasd("events", "--sort", "newest", "--format", "jsonl", "--db", store).stdout.splitlines()
    days = [json.loads(line)["event_date"] for line in newest]
    assert days == sorted(days, reverse=True)
    table = rasd("events", "--limit", "2", "--db", store).stdout
    assert table.rstrip().endswith("(2 events)")
    bad = rasd("events", "--limit", "0", "--db", store)
    assert bad.returncode == 2 and "--limit: must be 1 or more" in bad.stderr


@pytest.mark.parametrize("action", [("list",), ("revoke", "layla")])
def test_token_list_and_revoke_refuse_a_store_that_is_not_there(tmp_path, action):
    missing = tmp_path / "typo.db"
    result = rasd("token", *action, "--db", f"sqlite:///{missing}")
    assert result.returncode == 2 and f"no store at {missing}" in result.stderr
    assert not missing.exists()  # was created empty, and the list said nothing
