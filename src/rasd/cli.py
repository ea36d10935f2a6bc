"""The ``rasd`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import nullcontext
from typing import TextIO

from rasd import __version__
from rasd.api.cli import add_commands as add_api_commands
from rasd.audit import add_command as add_audit_command
from rasd.io import (
    Article,
    DateProblem,
    InputError,
    RecordError,
    count_records,
    date_problem,
    read_input,
)
from rasd.records import BOM, csv_header, csv_row
from rasd.spark.cli import add_commands as add_spark_commands
from rasd.store.cli import _probability
from rasd.store.cli import add_commands as add_store_commands
from rasd.store.show import add_command as add_show_command


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:  # "rasd extract … | head": the reader has what it wanted; stop quietly, and
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # with 0 as `rasd events | head`
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasd",
        description="Arabic conflict news → ACLED-style event records with evidence.",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rasd {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    ex = commands.add_parser(
        "extract",
        help="extract events from articles",
        description=_EXTRACT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "input", help="a .jsonl / .jsonl.gz file of article records, a .txt article, or - (standard input)"
    )
    ex.add_argument("-o", "--output", metavar="FILE", help="write events here instead of standard output")
    ex.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="jsonl (default) or ACLED csv"
    )
    ex.add_argument(
        "--published",
        type=_day,
        metavar="YYYY-MM-DD",
        help="publication date for articles that carry none",
    )
    ex.add_argument(
        "--id", dest="article_id", metavar="ID", help="article id for a plain-text input (default: file name)"
    )
    ex.add_argument("--outlet", help="outlet name for articles that carry none (a plain-text input)")
    ex.add_argument("--title", help="headline for articles that carry none (a plain-text input)")
    ex.add_argument(
        "--bom",
        action="store_true",
        help="start the CSV with a UTF-8 byte-order mark, so that Excel shows Arabic right (--format csv)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ex.add_argument(
        "--min-confidence", type=_probability, metavar="P", help="only events with confidence >= P"
    )
    ex.set_defaults(handler=_extract)
    _add_explain(commands)
    add_store_commands(commands)
    add_audit_command(commands)  # rasd audit: checks before publishing
    add_show_command(commands)  # rasd show ID: one event, its reports and evidence
    add_api_commands(commands)  # serve, token: imports FastAPI only when the server starts
    add_spark_commands(commands)  # imports PySpark only when a Spark job runs
    return parser


# One scheme for every subcommand: 2 says "fix the command line", 1 "look at the data"
EXIT_STATUSES = """\
start with `rasd COMMAND --help`; the README explains the pipeline, the store and the API.

exit status (every command):
  0    done
  1    done, but nothing came of it: the input held no article (empty files, blank lines, empty
       standard input) or every record was an error; an id or token not found; audit checks failed
  2    the command cannot run as given: a bad option or value, a path that is not there or names no
       article file (an empty folder, one with no .jsonl/.txt), a store that is not there, a database
       error
  130  interrupted (Ctrl-C)
a reader of standard output that leaves early (`rasd extract … | head`) ends the command quietly, with 0.
"""

_EXTRACT_HELP = """\
Read Arabic articles and write one JSON object (or CSV row) per event.

examples:
  rasd extract report.txt --published 2019-02-13
  rasd extract articles.jsonl.gz -o events.jsonl
  cat report.txt | rasd extract - --format csv
  rasd extract articles.jsonl --format csv --bom -o events.csv   # for Excel (Arabic needs the BOM)
"""


def _day(value: str) -> str:
    """``--published`` checked as the command line is read: a bad date is a usage error (exit 2), not an
    error on every record it would fill."""
    found = date_problem(value)
    if found is None:
        return value
    reason, message = found
    if reason is DateProblem.NOT_A_DATE:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")
    raise argparse.ArgumentTypeError(f"the date {message}")


def _extract(args: argparse.Namespace) -> int:
    if args.bom and args.format != "csv":  # a byte-order mark would break a JSON Lines reader
        print("rasd: --bom: only for --format csv", file=sys.stderr)
        return 2
    try:
        records = read_input(args.input, args.published, args.article_id)
        from rasd.pipeline import batch_gc  # here, as ``extract``: only extraction loads the lexicons

        batch_gc()
        with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout) as out:
            counts = _run(records, out, args)
    except InputError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"rasd: {counts['articles']} articles, {counts['events']} events, {counts['errors']} errors",
            file=sys.stderr,
        )
    if not counts["articles"] and not counts["errors"]:  # an empty file, or blank lines only
        print(f"rasd: no articles found in {args.input}", file=sys.stderr)
        return 1
    return 1 if counts["errors"] and not counts["articles"] else 0


def _run(records, out: TextIO, args: argparse.Namespace) -> dict[str, int]:
    counts = {"articles": 0, "events": 0, "errors": 0}
    first: dict[str, str] = {}  # where each id was first read: an id names one article's records
    if args.format == "csv":
        out.write((BOM if args.bom else "") + csv_header())
    for item in _progress(records, args.quiet, args.input):
        if isinstance(item, Article) and item.id in first:
            item = RecordError(item.where or "", item.id, f"`id` already given on {first[item.id]}")
        if isinstance(item, RecordError):
            counts["errors"] += 1
            print(f"rasd: skipped {item}", file=sys.stderr)
            continue
        first[item.id] = item.where or "an earlier record"
        events = _extract_one(item, args, counts)
        if events is None:
            continue
        if args.min_confidence is not None:
            events = [e for e in events if e.confidence >= args.min_confidence]
        counts["articles"] += 1
        for event in events:
            out.write(csv_row(event) if args.format == "csv" else event.to_json() + "\n")
        counts["events"] += len(events)
    return counts


def _extract_one(article: Article, args: argparse.Namespace, counts: dict[str, int]):
    from rasd.pipeline import extract  # here: commands that read the store never load the lexicons

    try:
        return extract(
            article.text,
            published=article.published,
            title=article.title or args.title,
            outlet=article.outlet or args.outlet,
            article_id=article.id,
        )
    except ValueError as error:
        counts["errors"] += 1
        print(f"rasd: skipped {RecordError(article.where or '', article.id, str(error))}", file=sys.stderr)
        return None
    except Exception as error:  # a defect must not cost the rest of the batch
        counts["errors"] += 1
        print(
            f"rasd: skipped record {article.id!r}: internal error ({type(error).__name__}: {error})",
            file=sys.stderr,
        )
        return None


_EXPLAIN_HELP = """\
Show why each sentence did or did not become an event: the triggers found, every candidate event kept or
dropped (with the rule and the words that fired it), roles and alternatives, the place chosen and why,
the date and toll with their phrases, and the within-article merges. The records are rasd extract's.

examples:
  rasd explain report.txt --published 2019-02-13
  rasd explain articles.jsonl --format json > why.jsonl     # one explanation per article per line
"""


def _add_explain(commands) -> None:
    ex = commands.add_parser(
        "explain",
        help="explain extraction decisions",
        description=_EXPLAIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "input", help="a .jsonl / .jsonl.gz file of article records, a .txt article, or - (standard input)"
    )
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    ex.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json lines")
    ex.add_argument(
        "--published",
        type=_day,
        metavar="YYYY-MM-DD",
        help="publication date for articles that carry none",
    )
    ex.add_argument(
        "--id", dest="article_id", metavar="ID", help="article id for a plain-text input (default: file name)"
    )
    ex.add_argument("--outlet", help="outlet name for articles that carry none (a plain-text input)")
    ex.add_argument("--title", help="headline for articles that carry none (a plain-text input)")
    ex.set_defaults(handler=_explain)


def _explain(args: argparse.Namespace) -> int:
    """``rasd explain``: one explanation per article; bad records are reported and skipped."""
    from rasd.explanation import explain, explain_text

    read = errors = 0
    try:
        records = read_input(args.input, args.published, args.article_id)
        with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout) as out:
            isolate = out.isatty()
            for item in records:
                if isinstance(item, RecordError):
                    errors += 1
                    print(f"rasd: skipped {item}", file=sys.stderr)
                    continue
                title, outlet = item.title or args.title, item.outlet or args.outlet
                try:
                    found = explain(item.text, item.published, title, outlet, item.id)
                except ValueError as error:  # a `published` that is no date, as in rasd extract
                    errors += 1
                    print(f"rasd: skipped record {item.id!r}: {error}", file=sys.stderr)
                    continue
                read += 1
                if args.format == "json":
                    out.write(json.dumps(found, ensure_ascii=False) + "\n")
                else:
                    out.write(("\n" if read > 1 else "") + explain_text(found, isolate=isolate))
    except InputError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    if not read and not errors:  # as rasd extract: an empty input is no success
        print(f"rasd: no articles found in {args.input}", file=sys.stderr)
        return 1
    return 1 if errors and not read else 0


def _progress(records, quiet: bool, source: str | None = None):
    """A progress bar on an interactive terminal, with a total and the time left when the input's records
    can be counted first (as ``rasd ingest`` shows); plain iteration otherwise."""
    if quiet or not sys.stderr.isatty():
        return records
    from tqdm import tqdm

    total = count_records([source]) if source else None
    return tqdm(records, total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True)


if __name__ == "__main__":
    sys.exit(main())
