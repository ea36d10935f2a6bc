"""The ``rasd`` command, run as a real process on files written here (README "Command line")."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.records import ACLED_COLUMNS, RASD_COLUMNS

STRIKE = "قصف الطيران الحربي السوري أمس بلدة خان شيخون في ريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين اثنين."
CLASH = (
    "اندلعت اشتباكات عنيفة أمس بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الباغوز بريف دير الزور "
    "الشرقي، أسفرت عن مقتل سبعة عناصر من التنظيم."
)
SPORTS = (
    "فاز فريق الزمالك على الأهلي بثلاثة أهداف مقابل هدف في مباراة أقيمت أمس في القاهرة ضمن الدوري المصري."
)
COUNT_LINE = re.compile(r"^rasd: (\d+) articles, (\d+) events, (\d+) errors$", re.MULTILINE)


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )


def counts(stderr: bytes) -> tuple[int, int, int]:
    found = COUNT_LINE.findall(stderr.decode("utf-8"))
    assert len(found) == 1, stderr.decode("utf-8")
    return tuple(int(n) for n in found[0])


def events_of(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line.strip()]


def record(article_id: str, text: str, **extra) -> bytes:
    return json.dumps({"id": article_id, "text": text, **extra}, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- plain-text article


def test_txt_article_with_published(tmp_path):
    path = tmp_path / "report_1.txt"
    path.write_text(STRIKE, encoding="utf-8")
    result = run("extract", str(path), "--published", "2019-03-10")
    assert result.returncode == 0, result.stderr.decode()
    events = events_of(result.stdout)
    assert len(events) == 1
    event = events[0]
    assert event["article_id"] == "report_1"  # the file name is the id
    assert event["event_date"] == "2019-03-09"
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["location"] == "Khan Shaykhun"
    for span in event["evidence"]:
        assert STRIKE[span["start"] : span["end"]] == span["text"]
    assert counts(result.stderr) == (1, 1, 0)


def test_txt_article_id_title_and_outlet_options(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(STRIKE, encoding="utf-8")
    result = run(
        "extract",
        str(path),
        "--published",
        "2019-03-10",
        "--id",
        "my-id",
        "--outlet",
        "BBC Arabic",
        "--title",
        "غارة على خان شيخون",
    )
    assert result.returncode == 0
    (event,) = events_of(result.stdout)
    assert event["article_id"] == "my-id"
    assert event["source"].startswith("BBC Arabic")


# ---------------------------------------------------------------- a batch with bad records


def test_jsonl_batch_with_good_and_bad_records(tmp_path):
    lines = [
        record("good-strike", STRIKE, published="2019-03-10"),  # line 1
        record("empty", "   \n  "),  # line 2
        b'{"id": "broken", "text": ',  # line 3: invalid JSON
        b'[{"id": "in-array", "text": "x"}]',  # line 4: a JSON array, not an object
        b'{"id": "latin1", "text": "\xe9t\xe9 \xff"}',  # line 5: not UTF-8
        record("huge", "قصف " * 750_000),  # line 6: about 5 MB of text (3M characters)
        record("english", "Only English words in this article, no Arabic at all."),  # line 7
        record("good-clash", CLASH, published="2019-03-10"),  # line 8
        record("good-quiet", SPORTS, published="2019-03-10"),  # line 9: good, but no event
    ]
    assert len(lines[5]) > 5_000_000
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")

    result = run("extract", str(path))
    assert result.returncode == 0
    stderr = result.stderr.decode("utf-8")

    events = events_of(result.stdout)
    assert sorted({e["article_id"] for e in events}) == ["good-clash", "good-strike"]
    assert len(events) == 2

    messages = [line for line in stderr.splitlines() if "skipped" in line]
    assert len(messages) == 6, stderr
    expected = {
        2: "empty",
        3: "JSON",
        4: "list",
        5: "UTF-8",
        6: "too long",
        7: "Arabic",
    }
    for number, reason in expected.items():
        hits = [m for m in messages if f"line {number}" in m]
        assert len(hits) == 1, (number, stderr)
        assert reason in hits[0], hits[0]
    # records whose id could be read are named by it
    for number, article_id in ((2, "empty"), (6, "huge"), (7, "english")):
        assert any(f"line {number}" in m and article_id in m for m in messages), stderr
    assert counts(result.stderr) == (3, 2, 6)


def test_batch_with_only_bad_records_exits_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"{nope\n[1]\n")
    result = run("extract", str(path))
    assert result.returncode == 1
    assert counts(result.stderr) == (0, 0, 2)


# ---------------------------------------------------------------- standard input


def _stdin_batch() -> bytes:
    return (
        b"\n".join(
            [
                record("s1", STRIKE, published="2019-03-10"),
                record("s2", CLASH, published="2019-03-10"),
                b"not json at all",
            ]
        )
        + b"\n"
    )


def test_stdin_jsonl(tmp_path):
    result = run("extract", "-", "--format", "jsonl", stdin=_stdin_batch())
    assert result.returncode == 0
    events = events_of(result.stdout)
    assert [e["article_id"] for e in events] == ["s1", "s2"]
    assert counts(result.stderr) == (2, 2, 1)
    assert "line 3" in result.stderr.decode("utf-8")


def test_stdin_csv():
    result = run("extract", "-", "--format", "csv", stdin=_stdin_batch())
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert [row["rasd_article_id"] for row in rows] == ["s1", "s2"]
    assert rows[0]["event_type"] == "Explosions/Remote violence"
    assert rows[1]["disorder_type"] == "Political violence"
    assert rows[1]["year"] == "2019"
    assert counts(result.stderr) == (2, 2, 1)


def test_stdin_plain_text_with_published():
    result = run("extract", "-", "--published", "2019-03-10", stdin=STRIKE.encode("utf-8"))
    assert result.returncode == 0
    (event,) = events_of(result.stdout)
    assert event["article_id"] == "stdin"
    assert event["event_date"] == "2019-03-09"


# ---------------------------------------------------------------- CSV, output file, errors


def test_csv_header(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STRIKE, encoding="utf-8")
    result = run("extract", str(path), "--published", "2019-03-10", "--format", "csv")
    assert result.returncode == 0
    lines = result.stdout.decode("utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert header[0] == "event_id_cnty" and header[len(ACLED_COLUMNS) - 1] == "timestamp"
    assert header[len(ACLED_COLUMNS) :] == list(RASD_COLUMNS)
    assert len(lines) == 2


def test_csv_header_written_even_without_events(tmp_path):
    path = tmp_path / "sports.txt"
    path.write_text(SPORTS, encoding="utf-8")
    result = run("extract", str(path), "--published", "2019-03-10", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").splitlines() == [",".join(ACLED_COLUMNS + RASD_COLUMNS)]
    assert counts(result.stderr) == (1, 0, 0)


def test_missing_input_file_exits_2(tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    result = run("extract", str(missing))
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert str(missing) in stderr
    assert "no such file" in stderr
    assert "Traceback" not in stderr
    assert result.stdout == b""


def test_directory_as_input_exits_2(tmp_path):
    result = run("extract", str(tmp_path))
    assert result.returncode == 2
    assert "directory" in result.stderr.decode("utf-8")
    assert "Traceback" not in result.stderr.decode("utf-8")


def test_output_option_writes_the_file(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(_stdin_batch())
    target = tmp_path / "out.jsonl"
    result = run("extract", str(source), "-o", str(target))
    assert result.returncode == 0
    assert result.stdout == b""
    events = events_of(target.read_bytes())
    assert [e["article_id"] for e in events] == ["s1", "s2"]
    assert counts(result.stderr) == (2, 2, 1)


def test_output_option_csv(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(_stdin_batch())
    target = tmp_path / "out.csv"
    result = run("extract", str(source), "--format", "csv", "--output", str(target))
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 2


def test_quiet_has_no_count_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STRIKE, encoding="utf-8")
    result = run("extract", str(path), "--published", "2019-03-10", "-q")
    assert result.returncode == 0
    assert COUNT_LINE.search(result.stderr.decode("utf-8")) is None
    assert len(events_of(result.stdout)) == 1


def test_no_command_prints_help_and_exits_2():
    result = run()
    assert result.returncode == 2
    assert b"extract" in result.stdout


# ---------------------------------------------------------------- published dates out of range


def test_published_out_of_range_is_a_record_error_in_one_place():
    """A ``published`` of 9999-12-31 or before 1900 was read silently, and every relative date of the
    article resolved against it. One rule (io.published_problem): from 1900 to tomorrow (UTC)."""
    from rasd.io import published_problem, validate

    today = dt.date(2026, 12, 6)
    assert published_problem("2018-05-01", today) == ""
    assert published_problem("2026-12-07T01:00:00+03:00", today) == ""  # tomorrow: a zone east of UTC
    assert published_problem("1900-01-01", today) == ""
    assert "in the future" in published_problem("2026-12-08", today)
    assert "in the future" in published_problem("9999-12-31", today)
    assert "before 1900" in published_problem("1899-12-31", today)
    assert "not an ISO 8601 date" in published_problem("yesterday", today)
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    assert not hasattr(validate({"id": "a", "text": STRIKE, "published": tomorrow}, "line 1"), "message")
    error = validate({"id": "a", "text": STRIKE, "published": "9999-12-31"}, "line 3")
    assert str(error) == "record 'a' (line 3): `published` is in the future " + (
        f"(after {tomorrow}): '9999-12-31'"
    )


def test_extract_and_ingest_name_the_line_of_a_published_date_out_of_range(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                record("good", STRIKE, published="2019-03-10"),
                record("far", CLASH, published="9999-12-31"),
                record("old", CLASH, published="1899-12-31T10:00:00Z"),
            ]
        )
        + b"\n"
    )
    result = run("extract", str(path))
    assert result.returncode == 0
    assert counts(result.stderr) == (1, 1, 2)
    stderr = result.stderr.decode()
    assert "record 'far' (line 2): `published` is in the future" in stderr
    assert "record 'old' (line 3): `published` is before 1900" in stderr
    db = tmp_path / "store.db"
    ingest = subprocess.run(
        [sys.executable, "-m", "rasd.cli", "ingest", str(path), "--db", f"sqlite:///{db}", "--workers", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "line 2" in ingest.stderr and "`published` is in the future" in ingest.stderr
    assert "line 3" in ingest.stderr and "`published` is before 1900" in ingest.stderr
    assert "1 articles" in ingest.stderr and "2 errors" in ingest.stderr


def test_a_published_option_out_of_range_is_a_usage_error(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(STRIKE, encoding="utf-8")
    result = run("extract", str(path), "--published", "9999-12-31")
    assert result.returncode == 2 and b"--published: the date is in the future" in result.stderr
    assert result.stdout == b""


# ---------------------------------------------------------------- --help


def _options_without_help(parser: argparse.ArgumentParser, path: str):
    """(command, option) for every argument of every subcommand that --help lists with no words."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options_without_help(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction) and not action.help:
            yield path, action.option_strings[0] if action.option_strings else action.dest


def test_every_option_of_every_command_says_what_it_does():
    """`rasd export --help` listed --format with no words, `rasd serve --help` --log-level, `rasd token
    revoke --help` its NAME, `rasd audit --help` its --format."""
    from rasd.cli import _parser

    assert list(_options_without_help(_parser(), "rasd")) == []
    text = run("stats", "--help").stdout.decode()
    assert "table (default), csv or json" in " ".join(text.split())
    from rasd.audit import EXAMPLES

    text = run("audit", "--help").stdout.decode()  # the default it uses, which the help did not say
    assert f"example ids per check (default: {EXAMPLES})" in " ".join(text.split())


def test_audit_of_a_store_that_is_not_there_says_so_and_creates_none(tmp_path):
    """`rasd audit --db sqlite:///typo.db` created an empty store and reported "0 records … passed"
    (exit 0), as if a checked dataset were clean; the other reading commands say there is no store."""
    missing = tmp_path / "typo.db"
    result = run("audit", "--db", f"sqlite:///{missing}")
    assert result.returncode == 2
    assert f"no store at {missing}" in result.stderr.decode()
    assert not missing.exists()


def test_export_to_a_reader_that_left_still_writes_the_deleted_file(tmp_path):
    """`rasd export -o - --deleted FILE | head`: the export stopped at the closed pipe (quietly, as
    other filters do) before FILE was written, so the retired ids were lost with exit status 0."""
    from test_api import populate

    url = f"sqlite:///{tmp_path / 'store.db'}"
    populate(url)  # holds a retired id
    deleted = tmp_path / "deleted.csv"
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has left before the first byte
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rasd.cli", "export", "--db", url, "--format", "acled-csv", "-o", "-",
             "--deleted", str(deleted)],
            stdout=write_end, stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(deleted.open(encoding="utf-8")))
    assert rows[0] == ["event_id_cnty", "deleted_timestamp", "merged_into"] and len(rows) >= 2


def test_a_json_array_file_is_one_error_that_says_how_to_convert_it(tmp_path):
    """A .json file holding one array of articles (what many tools write) gave an error per line of it
    ("Expecting value", "Extra data" …, 12 for two articles) and no hint that rasd reads JSON Lines."""
    articles = [{"id": "a1", "text": STRIKE, "published": "2019-03-10"}, {"id": "a2", "text": CLASH}]
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(articles, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run("extract", str(pretty))
    assert result.returncode == 1 and counts(result.stderr) == (0, 0, 1)
    stderr = result.stderr.decode()
    assert "the file is a JSON array" in stderr and "JSON Lines" in stderr and "jq -c" in stderr
    one_line = tmp_path / "one.json"
    one_line.write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
    result = run("extract", str(one_line))
    assert result.returncode == 1 and counts(result.stderr) == (0, 0, 1)
    assert "a JSON list of 2 objects" in result.stderr.decode() and "jq -c" in result.stderr.decode()
    lines = tmp_path / "lines.jsonl"  # a JSON Lines file whose first record is a list: that line only
    lines.write_bytes(b"[1, 2]\n" + record("a1", STRIKE, published="2019-03-10") + b"\n")
    result = run("extract", str(lines))
    assert result.returncode == 0 and counts(result.stderr) == (1, 1, 1)
    assert "a JSON list, not an article object" in result.stderr.decode()


def test_published_option_tells_its_two_errors_apart_by_reason_not_wording():
    """``--published`` answers "not a date" and "out of range" differently; it used to tell them apart
    by the message's first words, so rewording the message would have mislabelled the error."""
    from rasd.cli import _day
    from rasd.io import DateProblem, date_problem

    today = dt.date(2026, 12, 6)
    assert date_problem("2018-05-01", today) is None
    assert date_problem("yesterday", today)[0] is DateProblem.NOT_A_DATE
    assert date_problem("1899-12-31", today)[0] is DateProblem.TOO_EARLY
    assert date_problem("9999-12-31", today)[0] is DateProblem.FUTURE
    assert _day("2018-05-01") == "2018-05-01"
    for value, said in (("yesterday", "not a date (YYYY-MM-DD)"), ("1899-12-31", "the date is before 1900"),
                        ("9999-12-31", "the date is in the future")):  # fmt: skip
        try:
            _day(value)
        except argparse.ArgumentTypeError as error:
            assert str(error).startswith(said), error
        else:
            raise AssertionError(f"{value} accepted")


def test_csv_for_excel_starts_with_a_byte_order_mark_only_when_asked(tmp_path):
    """Excel reads a UTF-8 CSV without a BOM in the system's code page: Arabic actors and places came
    out as mojibake. ``--bom`` writes one; the default output is unchanged; JSON Lines refuse it."""
    path = tmp_path / "report.txt"
    path.write_text(STRIKE, encoding="utf-8")
    plain = run("extract", str(path), "--published", "2019-03-10", "--format", "csv")
    marked = run("extract", str(path), "--published", "2019-03-10", "--format", "csv", "--bom")
    assert plain.returncode == 0 and marked.returncode == 0, marked.stderr.decode()
    assert not plain.stdout.startswith(b"\xef\xbb\xbf")
    assert marked.stdout == b"\xef\xbb\xbf" + plain.stdout
    rows = list(csv.DictReader(io.StringIO(marked.stdout.decode("utf-8-sig"))))
    assert rows and rows[0]["admin1"] == "Idleb"
    refused = run("extract", str(path), "--bom")
    assert refused.returncode == 2 and b"--bom: only for --format csv" in refused.stderr
    assert refused.stdout == b""


def _typed_options(parser: argparse.ArgumentParser, path: str):
    """(command, action) for every option of every subcommand that converts its value."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _typed_options(sub, f"{path} {name}")
        elif action.option_strings and callable(action.type):
            yield path, action


def test_a_bad_value_of_any_option_is_named_in_words_not_by_a_function_name(capsys):
    """`rasd serve --port abc` said "invalid _port value: 'abc'" (argparse names the converting function
    when it raises ValueError); every converting option now says what it wanted."""
    from rasd.cli import _parser

    checked = 0
    for path, action in _typed_options(_parser(), "rasd"):
        try:
            action.type("not-a-value")
        except argparse.ArgumentTypeError:
            checked += 1
            continue
        except ValueError:
            name = getattr(action.type, "__name__", "")
            assert not name.startswith("_"), f"{path} {action.option_strings[0]}: 'invalid {name} value'"
        else:
            continue  # a free-text option
    assert checked >= 8  # --published, --min-confidence, --workers, --port, --max-body-mb, …
    with pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--port", "abc"])
    said = capsys.readouterr().err
    assert "argument --port: not a whole number: 'abc'" in said and "_port" not in said


def test_help_names_values_by_what_they_are():
    """`--db DB`, `--published PUBLISHED`, `-o OUTPUT` and a brace list of twelve commands in the usage
    line told a new user nothing; the placeholders now say what to give."""
    from rasd.cli import _parser

    top = _parser().format_help()
    assert top.startswith("usage: rasd [-h] [--version] COMMAND ...")
    for command in ("ingest", "events", "export", "stats", "audit", "show", "serve", "ingest-parquet"):
        usage = " ".join(run(command, "--help").stdout.decode().split())
        assert "[--db URL]" in usage, command
    usage = " ".join(run("extract", "--help").stdout.decode().split())
    assert "[--published YYYY-MM-DD]" in usage and "[-o FILE]" in usage


def test_a_reader_that_leaves_early_ends_extract_with_0_as_it_ends_events(tmp_path):
    """`rasd extract … | head` exited 141 where `rasd events | head` exits 0: under `set -o pipefail`
    the one failed a script the other passed. One rule now (rasd --help says it): quietly, with 0."""
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(record(f"a{i}", STRIKE, published="2019-03-10") for i in range(3)) + b"\n")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has left before the first byte
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rasd.cli", "extract", str(path), "-q"],
            stdout=write_end, stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr


def test_outlet_option_fills_records_without_one_as_its_help_says(tmp_path):
    """`--outlet`'s help said "for a plain-text input", yet it fills every record that has none (the
    README said only `--published` did): the help and README now say what it does."""
    path = tmp_path / "batch.jsonl"
    path.write_bytes(record("a1", STRIKE, published="2019-03-10") + b"\n"
                     + record("a2", STRIKE, published="2019-03-10", outlet="Own Outlet") + b"\n")  # fmt: skip
    result = run("extract", str(path), "--outlet", "Given Outlet", "-q")
    assert result.returncode == 0, result.stderr.decode()
    sources = {event["article_id"]: event["source"] for event in events_of(result.stdout)}
    assert sources == {"a1": "Given Outlet", "a2": "Own Outlet"}
    text = " ".join(run("extract", "--help").stdout.decode().split())
    assert "--outlet OUTLET outlet name for articles that carry none" in text
