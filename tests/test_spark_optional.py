"""The Spark jobs' plain-Python parts, and the promise that the core never needs PySpark.

Nothing here starts Spark or needs PySpark installed: the job steps are ordinary functions over report
mappings (``rasd.spark.merge``, ``rasd.store.rows``), and the core is run in a child process in which
``import pyspark`` fails, as on a machine without the extra. The jobs themselves run in ``test_spark.py``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
import textwrap

from test_store_merge import rep

from rasd.io import RecordError, read_input
from rasd.spark import merge as spark_merge
from rasd.store import merge, rows

CLASH = (
    "اندلعت اشتباكات عنيفة أمس بين قوات سوريا الديمقراطية وتنظيم داعش في بلدة الباغوز بريف دير الزور "
    "الشرقي، أسفرت عن مقتل سبعة عناصر من التنظيم."
)

# ------------------------------------------------------------------------ the core without PySpark

_NO_PYSPARK = """
import sys

class NoPySpark:
    def find_spec(self, name, path=None, target=None):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ModuleNotFoundError("No module named 'pyspark'", name="pyspark")
        return None

sys.meta_path.insert(0, NoPySpark())
"""


def _without_pyspark(code: str, *args: str) -> subprocess.CompletedProcess:
    script = _NO_PYSPARK + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300)


def test_core_and_extract_never_import_pyspark(tmp_path):
    article = tmp_path / "a.jsonl"
    article.write_text(json.dumps({"id": "a1", "text": CLASH, "published": "2019-02-10"}) + "\n", "utf-8")
    done = _without_pyspark(
        """
        import rasd, rasd.cli, rasd.spark, rasd.store.rows, rasd.spark.load, rasd.spark.merge
        events = rasd.extract(sys.argv[2], published="2019-02-10")
        assert events and events[0].location == "Baghuz", events
        code = rasd.cli.main(["extract", sys.argv[1], "-o", sys.argv[1] + ".out", "-q"])
        assert code == 0, code
        print(sorted(name for name in sys.modules if name.split(".")[0] == "pyspark"))
        """,
        str(article),
        CLASH,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert json.loads((tmp_path / "a.jsonl.out").read_text("utf-8"))["article_id"] == "a1"


def test_spark_commands_say_how_to_install_the_extra(tmp_path):
    done = _without_pyspark(
        """
        import rasd.cli
        sys.exit(rasd.cli.main(["spark", "extract", "--input", "x.jsonl", "--output", "y.parquet"]))
        """
    )
    assert done.returncode == 2
    assert "pip install 'rasd[spark]'" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------------ reading, as rasd.io reads


def test_read_bytes_gives_what_read_input_gives(tmp_path):
    lines = [
        json.dumps({"id": "ok", "text": CLASH, "published": "2019-02-10"}, ensure_ascii=False).encode(),
        b"",
        b"{not json",
        b"[1, 2]",
        json.dumps({"id": "empty", "text": "  "}).encode(),
        json.dumps({"id": "latin", "text": "no Arabic here"}).encode(),
        b'{"id": "bytes", "text": "\xff\xfe"}',
        json.dumps({"id": "ok2", "text": CLASH}, ensure_ascii=False).encode(),
    ]
    data = b"\n".join(lines) + b"\n"
    path = tmp_path / "mixed.jsonl.gz"
    path.write_bytes(gzip.compress(data))

    expected = list(read_input(str(path)))
    got = [item for _, item in rows.read_bytes(str(path), path.read_bytes())]
    assert [type(item) for item in got] == [type(item) for item in expected]
    for mine, theirs in zip(got, expected, strict=True):
        if isinstance(theirs, RecordError):
            assert (mine.id, mine.message) == (theirs.id, theirs.message)
            assert mine.where == f"{path}, {theirs.where}"
        else:
            assert mine == theirs
    positions = [position for position, _ in rows.read_bytes(str(path), path.read_bytes())]
    assert positions == [(str(path), i) for i in range(len(got))]  # blank lines are not records

    truncated = gzip.compress(data)[:-20]
    *_, (_, last) = rows.read_bytes("cut.jsonl.gz", truncated)
    assert isinstance(last, RecordError) and "cannot read" in last.message

    ((_, plain),) = rows.read_bytes("dir/report-7.txt", CLASH.encode())
    assert (plain.id, plain.text) == ("report-7", CLASH)


def test_report_rows_give_back_the_record():
    from rasd.io import Article
    from rasd.pipeline import extract

    article = Article("a1", CLASH, published="2019-02-10", title="الباغوز", outlet="Outlet", url="u")
    events = extract(article.text, article.published, article.title, article.outlet, article.id)
    assert events
    for ordinal, event in enumerate(events):
        record = event.to_dict()
        row = dict(
            zip(rows.REPORT_COLUMNS, rows.report_row(article, "h", ("f", 3), ordinal, record), strict=True)
        )
        assert isinstance(row["event_date"], dt.date)
        assert rows.record_of(row) == record
        report = rows.report_of(row)
        assert (report["ordinal"], report["outlet"], report["published"]) == (ordinal, "Outlet", "2019-02-10")
        assert rows.report_key(report) == ("a1", ordinal)


# ------------------------------------------------------------------------ the merge job's steps


def test_latest_version_of_an_article_wins():
    old = [dict(rep("a", 0), input_file="x", input_line=5), dict(rep("a", 1), input_file="x", input_line=5)]
    new = [dict(rep("a", 0), input_file="y", input_line=0)]
    assert spark_merge.latest_version(old + new) == new
    assert spark_merge.latest_version(old) == old


def test_runs_split_a_block_where_no_link_joins_two_days():
    day = dt.date(2018, 3, 1)
    days = [
        (day + dt.timedelta(days=n), linked)
        for n, linked in [(3, True), (0, False), (1, True), (2, False), (5, False), (6, True)]
    ]
    got = dict(spark_merge.runs("k", days))
    assert [got[("k", day + dt.timedelta(days=n))] for n in (0, 1, 2, 3, 5, 6)] == [0, 0, 1, 1, 2, 2]


def test_day_links_use_the_store_rule():
    story = "قتل سبعة عشر مدنيا في قصف على حرستا"
    a = rep("a", date="2018-03-10", fatalities=17, evidence=story)
    b = rep("b", date="2018-03-11", fatalities=17, evidence=story)
    c = rep("c", date="2018-03-11", evidence="معارك عنيفة على أطراف المدينة الشرقية")
    key = merge.block_key(b)
    members = [(spark_merge.PREVIOUS, a), (spark_merge.HOME, c)]
    assert list(spark_merge.day_links((key, dt.date(2018, 3, 11)), members)) == [
        (key, (dt.date(2018, 3, 11), False))
    ]
    members.append((spark_merge.HOME, b))
    assert list(spark_merge.day_links((key, dt.date(2018, 3, 11)), members))[0][1][1] is True
    assert list(spark_merge.day_links((key, dt.date(2018, 3, 12)), [(spark_merge.PREVIOUS, b)])) == []


def test_blocked_merge_equals_the_store_merge_on_a_long_battle():
    """Daily reports of one battle for two weeks, two outlets a day, ±1-day retellings: the buckets, runs
    and per-run clusters give the groups ``merge.clusters`` gives on everything at once."""
    reports = []
    start = dt.date(2018, 3, 1)
    for n in range(14):
        day = (start + dt.timedelta(days=n)).isoformat()
        toll = 11 + n
        story = f"قتل {toll} في اشتباكات حرستا اليوم"
        reports.append(rep(f"a{n}", date=day, fatalities=toll, evidence=story, outlet="A", published=day))
        later = (start + dt.timedelta(days=n + 1)).isoformat()
        reports.append(
            rep(
                f"b{n}",
                date=later if n % 3 else day,
                fatalities=toll,
                evidence=story,
                outlet="B",
                published=later,
            )
        )
        reports.append(
            rep(f"c{n}", date=day, location="Elsewhere", lat=None, lon=None, outlet="C", published=day)
        )
    for report in reports:
        report.update(input_file="f", input_line=0)
    expected = {frozenset(rows.report_key(reports[i]) for i in group) for group in merge.clusters(reports)}

    buckets: dict = {}
    for report in reports:
        for key, value in spark_merge.to_buckets(report):
            buckets.setdefault(key, []).append(value)
    links: dict = {}
    for key, members in buckets.items():
        for block, flag in spark_merge.day_links(key, members):
            links.setdefault(block, []).append(flag)
    run_of = {}
    for block, days in links.items():
        run_of.update(spark_merge.runs(block, days))
    by_run: dict = {}
    for report in reports:
        by_run.setdefault(
            (merge.block_key(report), run_of[(merge.block_key(report), merge.event_day(report))]), []
        ).append(report)
    names = ("rasd_report_keys",)
    got = {
        frozenset(row[0])
        for members in by_run.values()
        for row in spark_merge.merge_run(reversed(members), names)
    }
    assert got == expected
    assert len(expected) < len(reports) and max(len(g) for g in expected) >= 3
