"""The store's commands catch mistakes (exit status 2 with a suggestion, never an empty answer with 0),
aggregate (``rasd stats --by``), and take several values per filter. Real processes on a real store;
the store is filled with records built for these tests (``test_api.populate``)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_api import populate


def rasd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'store.db'}"
    populate(url)
    return url


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "--country", "Syira"), "unknown country 'Syira' — did you mean Syria?"),
        (("events", "--type", "Battle"), "unknown type 'Battle' — did you mean Battles?"),
        (("export", "--format", "jsonl", "-o", "-", "--admin1", "Basra"), "did you mean Basrah?"),
        (("stats", "--actor", "Hezbolah"), "no actor named like 'Hezbolah'"),
        (("events", "--since", "2018-04-01", "--until", "2018-03-01"), "since (2018-04-01) is after until"),
        (("events", "--since", "2018-02-30"), "--since: not a date"),
        (("events", "--min-fatalities", "many"), "--min-fatalities: not a whole number"),
        (("stats", "--by", "month,galaxy"), "cannot group by 'galaxy'"),
    ],
)
def test_mistakes_exit_2_with_a_suggestion(store, args, message):
    result = rasd(*args, "--db", store)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and result.stdout == ""


def test_a_missing_store_is_not_created(tmp_path):
    missing = tmp_path / "nonexistent.db"
    result = rasd("stats", "--db", f"sqlite:///{missing}")
    assert result.returncode == 2 and "no store at" in result.stderr and not missing.exists()
    relative = rasd("events", "--db", f"sqlite://{tmp_path}/store.db".replace("sqlite://", "sqlite:///"[:-1]))
    assert relative.returncode == 2 and not (tmp_path / "store.db").exists()


def test_three_slashes_for_an_absolute_path_get_a_hint(store, tmp_path):
    path = store.removeprefix("sqlite:///")  # /tmp/…/store.db
    result = rasd("events", "--db", f"sqlite:///{path.lstrip('/')}", cwd=tmp_path)
    assert result.returncode == 2 and "four slashes" in result.stderr
    garbage = rasd("events", "--db", "not a url")
    assert garbage.returncode == 2 and "not a database URL" in garbage.stderr


def test_version_help_and_bad_workers():
    assert rasd("--version").stdout.startswith("rasd ")
    for command in ("events", "export", "stats"):
        text = " ".join(rasd(command, "--help").stdout.split())
        assert "examples:" in text and "Violence against civilians" in text
    workers = rasd("ingest", "x.jsonl", "--workers", "abc")
    assert workers.returncode == 2 and "not a whole number: 'abc'" in workers.stderr


def test_an_empty_folder_is_not_a_successful_ingest(tmp_path):
    (tmp_path / "empty").mkdir()
    result = rasd("ingest", str(tmp_path / "empty"), "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert result.returncode == 2 and "no articles found" in result.stderr  # a path of no article file


def test_nothing_to_ingest_creates_no_store_and_leaves_one_untouched(tmp_path):
    """An empty folder, one of no article files, or empty records files: the store was created empty
    (or an existing one migrated) as if something had been ingested; now nothing is opened."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.md").write_text("ملاحظات", encoding="utf-8")
    (tmp_path / "blank").mkdir()
    (tmp_path / "blank" / "a.jsonl").write_text("\n \n", encoding="utf-8")
    new = tmp_path / "new.db"
    for folder, why, status in (
        ("empty", "no article files", 2),  # the command names no article file: fix the command
        ("notes", ".jsonl", 2),
        ("blank", "every file is empty", 1),  # article files with no article: look at the data
    ):
        result = rasd("ingest", str(tmp_path / folder), "--db", f"sqlite:///{new}")
        assert result.returncode == status, result.stderr
        assert "nothing to ingest" in result.stderr and why in result.stderr, result.stderr
        assert list(tmp_path.glob("new.db*")) == [], folder
    piped = subprocess.run(
        [sys.executable, "-m", "rasd.cli", "ingest", "-", "--db", f"sqlite:///{new}"],
        input="", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 1 and "nothing to ingest" in piped.stderr, piped.stderr
    assert list(tmp_path.glob("new.db*")) == []
    old = tmp_path / "old.db"
    old.write_bytes(b"")  # an existing file: opening it as a store would have written a schema into it
    result = rasd("ingest", str(tmp_path / "empty"), "--db", f"sqlite:///{old}")
    assert result.returncode == 2 and old.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.glob("old.db*")) == ["old.db"]


def test_stats_by_month_and_country_as_csv(store):
    result = rasd("stats", "--by", "month,country", "--format", "csv", "--db", store)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["month", "country", "events", "fatalities"]
    assert rows[1:] == [["2018-03", "Syria", "2", "10"], ["2018-07", "Iraq", "1", "0"]]
    weekly = json.loads(rasd("stats", "--by", "week,actor", "--format", "json", "--db", store).stdout)
    monday = {"week": "2018-03-12", "actor": "Civilians (Syria)", "events": 1, "fatalities": 3}
    saturday = {"week": "2018-03-05", "actor": "Opposition Rebels (Syria)", "events": 1, "fatalities": 7}
    assert monday in weekly and saturday in weekly
    table = rasd("stats", "--db", store).stdout
    assert "fatalities" in table and "by event type" in table


def test_several_values_aliases_and_new_filters(store):
    def listed(*args: str) -> set[str]:
        result = rasd("events", "--format", "jsonl", "--db", store, *args)
        assert result.returncode == 0, result.stderr
        return {json.loads(line)["event_id_cnty"] for line in result.stdout.splitlines()}

    assert listed("--country", "Syria,Iraq") == listed("--country", "SYR", "--country", "Iraq")
    assert listed("--country", "Syria,Iraq") == {"SYR1", "SYR2", "IRQ1"}
    assert listed("--min-fatalities", "5") == {"SYR1"}
    assert listed("--civilian-targeting", "yes") == {"SYR2"}
    assert listed("--year", "2018", "--type", "Protests") == {"IRQ1"}
    assert rasd("events", "--actor", "داعش", "--db", store).returncode == 2  # no Islamic State event here


def test_the_progress_bar_knows_its_total(tmp_path):
    import gzip

    from rasd.io import count_records as _count  # what ingest's bar reads

    (tmp_path / "a.jsonl").write_text('{"id": "1"}\n\n{"id": "2"}\n', encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "3"}\n{"id": "4"}\n{"id": "5"}\n')
    (tmp_path / "c.txt").write_text("نص", encoding="utf-8")
    files = [str(tmp_path / name) for name in ("a.jsonl", "b.jsonl.gz", "c.txt")]
    assert _count(files) == 6
    assert _count([*files, "-"]) is None


def test_closing_counts_add_up(tmp_path):
    """On a new store the events counted new, less those retired, are the events it holds; an event made
    and changed in one run is new, not also updated."""
    from sqlalchemy import func, select
    from test_store_cli import generated_articles, write_jsonl

    from rasd.store.db import open_store, session_scope
    from rasd.store.ingest import ingest
    from rasd.store.models import Event

    url = f"sqlite:///{tmp_path / 'counts.db'}"
    source = write_jsonl(tmp_path / "many.jsonl", generated_articles(80))
    tally = ingest([str(source)], url=url, workers=1).tally
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            held = session.scalar(select(func.count()).select_from(Event))
    finally:
        engine.dispose()
    assert held > 0 and tally.events_new - tally.events_retired == held
    assert tally.events_updated == 0  # nothing existed before the run


@pytest.mark.parametrize(
    "command",
    [
        ("events",),
        ("export", "--format", "acled-csv", "-o", "-"),
        ("stats",),
        ("audit",),
        ("show", "SYR1"),
        ("token", "list"),
        ("token", "revoke", "layla"),
        ("serve", "--port", "0"),
    ],
)
def test_every_command_that_does_not_add_articles_refuses_a_missing_store_alike(tmp_path, command):
    """One rule (store.cli.check_url) for every command that reads a store: a missing SQLite file is an
    error naming the path and the command that makes a store with that --db, and none is created
    (``rasd serve`` made an empty store and served it)."""
    missing = tmp_path / "typo.db"
    result = rasd(*command, "--db", f"sqlite:///{missing}")
    assert result.returncode == 2, result.stderr
    said = (
        f"rasd: no store at {missing}; create one with: rasd ingest ARTICLES.jsonl --db sqlite:///{missing}"
    )
    assert result.stderr.startswith(said), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_for_excel_writes_a_byte_order_mark_only_when_asked(store, tmp_path):
    """``rasd export --format acled-csv --bom``: a UTF-8 BOM first (Excel shows Arabic as mojibake
    without one), in the retired ids' CSV too; the default is unchanged; other formats refuse it."""
    from rasd.store import cli, export

    assert cli.CSV_FORMATS == export.CSV_FORMATS  # spelled out in the CLI so that extract never loads SQL
    plain, marked, deleted = tmp_path / "plain.csv", tmp_path / "excel.csv", tmp_path / "deleted.csv"
    assert rasd("export", "--format", "acled-csv", "-o", str(plain), "--db", store).returncode == 0
    result = rasd("export", "--format", "acled-csv", "--bom", "-o", str(marked), "--deleted", str(deleted),
                  "--db", store)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert deleted.read_bytes().startswith(b"\xef\xbb\xbfevent_id_cnty,")
    rows = list(csv.DictReader(io.StringIO(marked.read_text(encoding="utf-8-sig"))))
    assert rows and all(row["event_id_cnty"] for row in rows)
    refused = rasd("export", "--format", "geojson", "--bom", "-o", str(tmp_path / "x.geojson"), "--db", store)
    assert refused.returncode == 2 and "--bom: only for --format acled-csv" in refused.stderr
    assert not (tmp_path / "x.geojson").exists()


def test_no_article_exits_by_one_scheme_in_extract_explain_and_ingest(tmp_path):
    """``rasd --help``'s exit statuses, the same for the three commands that read articles: 2 when the
    command line names no article file (a path that is not there, an empty folder, one of no article
    files; extract and explain take no folder), 1 when article files hold no article (blank lines only,
    every record an error). ``rasd ingest`` of an empty folder said 1 while a missing path said 2."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.md").write_text("قراءة التقارير", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"id": "a1", "text": "no Arabic here"}\n', encoding="utf-8")
    cases = {"nowhere.jsonl": 2, "empty": 2, "notes": 2, "blank.jsonl": 1, "bad.jsonl": 1}
    db = f"sqlite:///{tmp_path / 'store.db'}"
    for name, status in cases.items():
        for command in (("extract",), ("explain",), ("ingest", "--db", db)):
            result = rasd(*command, str(tmp_path / name))
            assert result.returncode == status, (command, name, result.stderr)
            assert "Traceback" not in result.stderr and result.stdout == ""
    text = " ".join(rasd("--help").stdout.split())
    assert "exit status (every command): 0 done 1 done, but nothing came of it" in text
    assert "2 the command cannot run as given" in text and "a store that is not there" in text


def test_ingest_parquet_of_a_missing_file_says_so_and_leaves_no_store(tmp_path):
    """`rasd ingest-parquet typo.parquet` opened (so created) the store first, then said "cannot read
    typo.parquet: typo.parquet"; now the path is checked first and named with the reason."""
    missing = tmp_path / "typo.parquet"
    db = tmp_path / "new.db"
    result = rasd("ingest-parquet", str(missing), "--db", f"sqlite:///{db}")
    assert result.returncode == 2
    assert result.stderr.strip() == f"rasd: {missing}: no such file or directory"
    assert not db.exists()
    (tmp_path / "merged.parquet").mkdir()
    articles = rasd("ingest-parquet", str(tmp_path / "merged.parquet"), "--articles", str(tmp_path / "a"),
                    "--db", f"sqlite:///{db}")  # fmt: skip
    assert articles.returncode == 2 and f"{tmp_path / 'a'}: no such file or directory" in articles.stderr
    assert not db.exists()
    bad = rasd("ingest-parquet", str(tmp_path / "merged.parquet"), "--db", "not a url")
    assert bad.returncode == 2 and "not a database URL" in bad.stderr
