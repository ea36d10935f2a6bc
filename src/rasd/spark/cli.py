"""``rasd spark extract`` and ``rasd spark merge``. PySpark is imported only when one of them runs; without
it they say how to install it (exit 2), and every other command works as before."""

from __future__ import annotations

import argparse
import sys

from rasd.spark import SparkUnavailable

_HELP = """\
Run rasd's extraction and merge jobs on Apache Spark (needs: pip install 'rasd[spark]', and Java 17+).

examples:
  rasd spark extract --input 'corpus/*.jsonl.gz' --output events.parquet --master 'local[*]'
  rasd spark merge --input events.parquet --output merged.parquet
  rasd ingest-parquet merged.parquet --db postgresql://rasd@localhost/rasd
  rasd spark extract --master spark://head:7077 --input 'hdfs:///news/*.jsonl.gz' --output hdfs:///rasd/events
"""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``spark`` (with ``extract`` and ``merge``) on the ``rasd`` parser."""
    spark = commands.add_parser(
        "spark",
        help="the extraction and merge jobs on Apache Spark (rasd[spark])",
        description=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    jobs = spark.add_subparsers(dest="job")
    spark.set_defaults(handler=lambda args: _usage(spark))

    ex = jobs.add_parser("extract", help="articles → event records (Parquet), one partition at a time")
    ex.add_argument(
        "--input",
        action="append",
        required=True,
        help=".jsonl / .jsonl.gz / .txt files: paths, globs (quoted), directories or URLs Spark reads "
        "(hdfs://, s3a://); repeat or separate with commas",
    )
    ex.add_argument("--output", required=True, help="Parquet output (a directory, as Spark writes it)")
    ex.add_argument(
        "--articles",
        metavar="PATH",
        help="also write every article read (with its text) as Parquet, for rasd ingest-parquet --articles",
    )
    _common(ex)
    ex.set_defaults(handler=_extract)

    me = jobs.add_parser("merge", help="merge event records into incidents with the store's rule")
    me.add_argument("--input", required=True, help="the output of rasd spark extract")
    me.add_argument("--output", required=True, help="Parquet output: merged events with their reports")
    _common(me)
    me.set_defaults(handler=_merge)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--master",
        help="Spark master: local[N], local[*], spark://host:7077, yarn … "
        "(default: what spark-submit set, else local[*])",
    )
    parser.add_argument("--partitions", type=int, help="partitions to work in (default: 4 per core)")
    parser.add_argument("--overwrite", action="store_true", help="replace the output if it exists")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _session(args: argparse.Namespace):
    from rasd.spark.session import start

    return start(args.master, app=f"rasd spark {args.job}")


def _extract(args: argparse.Namespace) -> int:
    try:
        spark = _session(args)
    except SparkUnavailable as error:
        return _unavailable(error)
    from rasd.spark import extract

    try:
        result = extract.run(spark, args.input, args.output, args.articles, args.partitions, args.overwrite)
    except Exception as error:  # Spark's errors (no such path, output exists) come as Py4J/analysis errors
        print(f"rasd: spark extract failed: {_first_line(error)}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    if not args.quiet:
        extract.print_result(result, args.output)
    return 1 if result.errors and not result.articles else 0


def _merge(args: argparse.Namespace) -> int:
    try:
        spark = _session(args)
    except SparkUnavailable as error:
        return _unavailable(error)
    from rasd.spark import merge

    try:
        merge.run(spark, args.input, args.output, args.partitions, args.overwrite)
        events = spark.read.parquet(args.output)
        counts = events.selectExpr("count(*)", "sum(rasd_reports)").first()
    except Exception as error:
        print(f"rasd: spark merge failed: {_first_line(error)}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    if not args.quiet:
        print(
            f"rasd: {counts[1] or 0} reports merged into {counts[0]} events; written to {args.output}",
            file=sys.stderr,
        )
    return 0


def _unavailable(error: Exception) -> int:
    print(f"rasd: {error}", file=sys.stderr)
    return 2


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
