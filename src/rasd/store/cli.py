"""The store's subcommands of ``rasd``: ``ingest``, ``events``, ``export``, ``stats``.

Every one takes ``--db URL`` (default ``$RASD_DB``, else ``sqlite:///rasd.db``). SQLAlchemy, Alembic and
pyarrow are imported only when one of these commands runs, so ``rasd extract`` starts as fast as before.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import sys
from typing import Any

from rasd.io import InputError
from rasd.taxonomy import EVENT_TYPES

# rasd.store.export.FORMATS, spelled out here so that `rasd extract` never imports SQLAlchemy
EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
CSV_FORMATS = ("acled-csv",)  # rasd.store.export.CSV_FORMATS: those --bom applies to
_DB_HELP = "database URL (default: $RASD_DB, else sqlite:///rasd.db); e.g. postgresql://user@host/rasd"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the store's subcommands on the ``rasd`` parser."""
    _add_ingest(commands)
    _add_events(commands)
    _add_export(commands)
    _add_stats(commands)
    _add_ingest_parquet(commands)


def _add_ingest(commands: argparse._SubParsersAction) -> None:
    ing = commands.add_parser(
        "ingest",
        help="add articles to the event store (extract, merge, keep)",
        description=_INGEST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ing.add_argument("paths", nargs="+", help=".jsonl / .jsonl.gz / .txt files, directories of them, or -")
    ing.add_argument("--db", metavar="URL", help=_DB_HELP)
    ing.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="extraction processes (default: all cores)",
    )
    ing.add_argument("--force", action="store_true", help="re-extract unchanged articles too")
    ing.add_argument(
        "--time-limit",
        type=_positive,
        default=30,
        metavar="SECONDS",
        help="time budget of one article's extraction; an article over it is an error (default: 30)",
    )
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ing.set_defaults(handler=_ingest)


_INGEST_HELP = """\
Extract events from articles and merge them into the store. Re-ingesting an unchanged article does
nothing; an article whose text changed is re-extracted and its reports replaced. Each small batch of
articles is one transaction: an interrupted ingest loses no committed article; run it again to finish.
A directory gives its article files at any depth (.jsonl, .json, .ndjson, gzipped or not; .txt).
Exit status 1 when the files hold no article (empty, or every record an error), 2 when a path is not
there or names no article file (see rasd --help: exit status).

examples:
  rasd ingest corpus.jsonl.gz ./reports/
  rasd ingest new.jsonl --db postgresql://rasd@localhost/rasd --workers 4
"""


def _add_ingest_parquet(commands: argparse._SubParsersAction) -> None:
    ip = commands.add_parser(
        "ingest-parquet",
        help="load the merged events of `rasd spark merge` into the store",
        description="Load merged events (rasd spark merge) into the store, merging them with what it holds; "
        "reports already stored are skipped, so a load can be re-run. See rasd.store.parquet.",
    )
    ip.add_argument("merged", help="the Parquet output of rasd spark merge (a file or a directory)")
    ip.add_argument("--db", metavar="URL", help=_DB_HELP)
    ip.add_argument(
        "--articles",
        metavar="PATH",
        help="the --articles output of rasd spark extract: article texts, and the articles with no event",
    )
    ip.add_argument("-q", "--quiet", action="store_true", help="no summary")
    ip.set_defaults(handler=_ingest_parquet)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    """The options of every filter of ``rasd.store.filters.FILTERS`` (one declaration for the CLI, the
    API and the dashboard)."""
    from rasd.store.filters import FILTERS

    parser.add_argument("--db", metavar="URL", help=_DB_HELP)
    group = parser.add_argument_group("filters (several values: comma-separated or repeated)")
    for spec in FILTERS:
        text = f"{spec.help}; e.g. {spec.example}"
        if spec.name == "event_type":
            text = f"{spec.help}, one of: " + ", ".join(EVENT_TYPES)
        group.add_argument(
            spec.cli_flag,
            dest=spec.name,
            action="append" if spec.multi else "store",
            metavar=spec.name.upper(),
            help=text,
        )


def _subparser(commands: argparse._SubParsersAction, name: str, summary: str, text: str):
    return commands.add_parser(
        name, help=summary, description=text, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def _add_events(commands: argparse._SubParsersAction) -> None:
    ev = _subparser(commands, "events", "list merged events from the store", _EVENTS_HELP)
    _add_filters(ev)
    ev.add_argument("--format", choices=("table", "jsonl"), default="table", help="table (default) or jsonl")
    ev.add_argument(
        "--sort",
        choices=tuple(SORTS),
        default="date",
        help="order: date (default, oldest first), newest (first), deadliest (first)",
    )
    ev.add_argument("--limit", type=_positive, metavar="N", help="only the first N events (after --sort)")
    ev.set_defaults(handler=_events)


# ``rasd events --sort``: the orders an analyst asks a terminal for (ties keep the date order); words, not
# the API's "-date", which argparse would read as an option in ``--sort -date``
SORTS: dict[str, tuple[str, bool]] = {
    "date": ("event_date", False),
    "newest": ("event_date", True),
    "deadliest": ("fatalities", True),
}


_EVENTS_HELP = """\
List the store's events that match the filters, by date. A filter value the store has never seen is
an error with a suggestion (exit 2), not an empty list.

examples:
  rasd events --country Syria --type Battles --since 2018-03-01
  rasd events --country Syria,Yemen --actor Houthi --format jsonl
  rasd events --q الحديدة --min-fatalities 1
  rasd events --country Yemen --sort deadliest --limit 10      # the ten deadliest
"""


def _add_export(commands: argparse._SubParsersAction) -> None:
    ex = _subparser(commands, "export", "write the store's events as ACLED CSV, GeoJSON, JSONL, Parquet",
                    _EXPORT_HELP)  # fmt: skip
    _add_filters(ex)
    ex.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="the file's form (see above)")
    ex.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file to write; - for standard output"
    )
    ex.add_argument(
        "--deleted",
        metavar="FILE",
        help="also write retired event ids (event_id_cnty, deleted_timestamp, merged_into) as CSV",
    )
    ex.add_argument(
        "--inter-numeric",
        action="store_true",
        help="inter1, inter2 and interaction as ACLED's numeric codes instead of their text labels",
    )
    ex.add_argument(
        "--bom",
        action="store_true",
        help="start the CSV (and --deleted's) with a UTF-8 byte-order mark, so that Excel shows Arabic "
        "right (acled-csv only)",
    )
    ex.set_defaults(handler=_export)


_EXPORT_HELP = """\
Write the store's events that match the filters as a file: acled-csv (ACLED's columns, in ACLED's
order), geojson (points), jsonl (one event per line, reports nested) or parquet (typed columns).

examples:
  rasd export --format acled-csv -o events.csv --country Syria --since 2018-01-01
  rasd export --format acled-csv -o - | head
  rasd export --format geojson -o events.geojson --type Battles,"Explosions/Remote violence"
  rasd export --format acled-csv -o update.csv --changed-since 1700000000 --deleted deleted.csv
  rasd export --format acled-csv --bom -o for-excel.csv   # Excel reads Arabic UTF-8 right only with a BOM
"""


def _add_stats(commands: argparse._SubParsersAction) -> None:
    st = _subparser(
        commands, "stats", "counts: events and fatalities by period, country, type, …", _STATS_HELP
    )
    _add_filters(st)
    st.add_argument(
        "--by",
        metavar="DIMS",
        help="group events and fatalities by a period (day, week, month, year) and/or country, admin1, "
        "admin2, location, region, event_type, sub_event_type, disorder_type, actor, interaction, "
        "civilian_targeting; comma-separated, e.g. month,country",
    )
    st.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default), csv or json; csv without --by: events and fatalities by event type",
    )
    st.add_argument("--json", action="store_true", help="same as --format json")
    st.set_defaults(handler=_stats)


_STATS_HELP = """\
Count the store: articles, reports, events and their fatalities, by country, type and day; or, with
--by, events and fatalities grouped as asked (weeks start on Monday and are named by that day).

examples:
  rasd stats
  rasd stats --by month,country --format csv
  rasd stats --by week,event_type --country Yemen --since 2018-01-01
  rasd stats --by actor --type Battles --format json
"""


def _database_problem(error: Exception) -> str:
    """What to tell the user; a store another process keeps locked is busy, not broken."""
    if "database is locked" in str(error):
        return (
            "the store is busy: another rasd has been writing to it for over a minute; "
            "nothing was lost, run this again when it is done"
        )
    return f"database error: {error}"


def _probability(value: str) -> float:
    """A --min-confidence value of ``rasd extract``: a number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("a probability, from 0 to 1")
    return number


def _positive(value: str) -> int:
    """A count of 1 or more (argparse names this function in its message: "invalid count value")."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


# ------------------------------------------------------------------------ handlers


def _ingest(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError
    from rasd.store.ingest import NoArticleFiles, NothingToIngest, ingest

    try:
        url = check_url(args.db, must_exist=False)
        result = ingest(
            args.paths,
            url=url,
            workers=args.workers,
            force=args.force,
            progress=not args.quiet and sys.stderr.isatty(),
            time_limit=args.time_limit,
        )
    except NoArticleFiles as error:  # a command-line mistake, as a path that is not there (exit 2)
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except NothingToIngest as error:  # exit 1 as for a file of no article; no store opened or created
        print(f"rasd: {error}", file=sys.stderr)
        return 1
    except (InputError, UsageError) as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except StoreError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"rasd: {_database_problem(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rasd: interrupted; committed articles are kept: run it again to finish", file=sys.stderr)
        return 130
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    if not result.read and not result.errors:
        print(f"rasd: no articles found in {' '.join(args.paths)}", file=sys.stderr)
        return 1
    return 1 if result.errors and not result.read else 0


def _ingest_parquet(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError
    from rasd.store.parquet import ingest_parquet

    missing = [path for path in (args.merged, args.articles) if path and not os.path.exists(path)]
    if missing:  # said before the store is opened: a mistyped path left an empty store behind
        print(f"rasd: {missing[0]}: no such file or directory", file=sys.stderr)
        return 2
    try:
        result = ingest_parquet(args.merged, url=check_url(args.db, must_exist=False), articles=args.articles)
    except UsageError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, StoreError) as error:
        print(f"rasd: {_database_problem(error)}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:  # no such file, not Parquet
        print(f"rasd: cannot read {args.merged}: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 0


class UsageError(Exception):
    """A mistake in the command line (a filter value, a store that is not there): exit status 2."""


def _filters(args: argparse.Namespace):
    """The filters of the command line, parsed as the API parses them."""
    from rasd.store.filters import FILTERS, FilterError, parse_filters

    try:
        return parse_filters({spec.name: getattr(args, spec.name, None) for spec in FILTERS})
    except FilterError as error:
        from rasd.store.filters import BY_NAME

        raise UsageError(f"{BY_NAME[error.name].cli_flag}: {error}") from None


def check_url(given: str | None, must_exist: bool, new_store_option: str = "") -> str:
    """The store's URL, checked before anything opens it: a URL SQLAlchemy can read, and for a command
    that does not add articles (``must_exist``), a SQLite file that exists: opening a missing one would
    create an empty store, and a mistyped path would pass for an empty dataset. The one rule of every
    command that takes ``--db``; ``new_store_option`` names the option with which a command may create
    an empty store all the same (``rasd serve --new-store``), said in the error."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from rasd.store.db import database_url

    try:
        url = database_url(given)
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(
            f"not a database URL: {given!r}; e.g. sqlite:///rasd.db (a file here), "
            "sqlite:////abs/path/rasd.db (four slashes for an absolute path), postgresql://user@host/rasd"
        ) from None
    if must_exist and parsed.drivername.startswith("sqlite"):
        path = parsed.database or ""
        if path in ("", ":memory:") or not os.path.exists(path):
            raise UsageError(_no_store(path or url, given, new_store_option))
    return url


def _no_store(path: str, given: str | None, new_store_option: str) -> str:
    """The missing store's path, a likely slip (two slashes short of an absolute path), and how to make
    one: the ingest command with the same ``--db`` (none when the default store was meant)."""
    hint = ""
    if path and not path.startswith("/") and os.path.exists("/" + path):
        hint = f"; did you mean sqlite:////{path} (four slashes for an absolute path)?"
    db = f" --db {given}" if given else ""
    how = f"create one with: rasd ingest ARTICLES.jsonl{db}"
    if new_store_option:
        how += f" (or add {new_store_option} to start from an empty one)"
    return f"no store at {path}{hint}; {how}"


def with_session(args: argparse.Namespace, work, must_exist: bool = False) -> int:
    """Run ``work(session)`` on the store, with database errors reported, not raised; usage errors
    (``UsageError``) exit 2 with their message."""
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError, open_store, session_scope

    try:
        engine = open_store(check_url(getattr(args, "db", None), must_exist))
        try:
            with session_scope(engine) as session:
                return work(session)
        finally:
            engine.dispose()
    except UsageError as error:
        for line in str(error).splitlines():
            print(f"rasd: {line}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `rasd events | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except StoreError as error:  # a missing driver or optional package: its message says what to install
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"rasd: {_database_problem(error)}", file=sys.stderr)
        return 2


def _read(args: argparse.Namespace, work) -> int:
    """A read command: the store must exist, the filters must parse and name things the store knows."""

    def checked(session) -> int:
        from rasd.store.query import unknown_values

        filters = _filters(args)
        problems = unknown_values(session, filters)
        if problems:
            raise UsageError("\n".join(problems))
        return work(session, filters)

    try:
        _filters(args)  # a bad value is reported before the store is opened
    except UsageError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    return with_session(args, checked, must_exist=True)


def _events(args: argparse.Namespace) -> int:
    from rasd.store.export import write_jsonl
    from rasd.store.query import find_events

    def work(session, filters) -> int:
        events = find_events(session, filters)
        if args.sort != "date":
            column, newest_first = SORTS[args.sort]
            events = sorted(events, key=lambda e: getattr(e, column) or 0, reverse=newest_first)
        if args.limit:
            events = itertools.islice(events, args.limit)
        if args.format == "jsonl":
            write_jsonl(events, sys.stdout)
        else:
            _print_table(events)
        return 0

    return _read(args, work)


_TABLE = (
    ("event_id_cnty", 13),
    ("event_date", 10),
    ("event_type", 26),
    ("actor1", 32),
    ("actor2", 32),
    ("location", 20),
    ("admin1", 14),
    ("fatalities", 10),
    ("reports", 7),
)


def _print_table(events) -> None:
    print("  ".join(name.ljust(width) for name, width in _TABLE).rstrip())
    count = 0
    for event in events:
        values = {name: getattr(event, name, "") for name, _ in _TABLE}
        values["reports"] = len(event.reports)
        cells = [_cell(values[name], width) for name, width in _TABLE]
        print("  ".join(cells).rstrip())
        count += 1
    print(f"({count} events)")


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if isinstance(value, int) else text.ljust(width)


def _export(args: argparse.Namespace) -> int:
    from rasd.store.export import ExportOptions, export, export_deleted

    if args.bom and args.format not in CSV_FORMATS:  # a byte-order mark would break a JSON reader
        print(f"rasd: --bom: only for --format {' or '.join(CSV_FORMATS)}", file=sys.stderr)
        return 2

    def work(session, filters) -> int:
        options = ExportOptions(inter_numeric=args.inter_numeric, bom=args.bom)
        # the retired ids first: `-o - --deleted FILE | head` ends the export at the pipe, and FILE was
        # then never written
        retired = export_deleted(session, args.deleted, filters, args.bom) if args.deleted else 0
        written = export(session, args.format, args.output, filters, options)
        where = "standard output" if args.output == "-" else args.output
        message = f"rasd: {written} events written to {where}"
        if args.deleted:
            message += f"; {retired} retired ids to {args.deleted}"
        print(message, file=sys.stderr)
        return 0

    try:
        return _read(args, work)
    except OSError as error:  # the file and the system's reason, not Python's "[Errno 21]"
        reason = (error.strerror or str(error)).lower()
        print(f"rasd: cannot write {error.filename or args.output}: {reason}", file=sys.stderr)
        return 2


def _stats(args: argparse.Namespace) -> int:
    from rasd.store.query import grouped_counts, parse_by, stats

    fmt = "json" if args.json else args.format
    try:
        by = parse_by(args.by)
    except ValueError as error:
        print(f"rasd: --by: {error}", file=sys.stderr)
        return 2

    def work(session, filters) -> int:
        if by:
            _print_groups(grouped_counts(session, filters, by), by, fmt)
            return 0
        counts = stats(session, filters)
        if fmt == "json":
            print(json.dumps(counts, ensure_ascii=False, indent=1))
        elif fmt == "csv":
            _print_groups(grouped_counts(session, filters, ("event_type",)), ("event_type",), "csv")
        else:
            _print_stats(counts)
        return 0

    return _read(args, work)


def _print_groups(rows: list[dict[str, Any]], by: tuple[str, ...], fmt: str) -> None:
    """Grouped counts as CSV (``month,country,events,fatalities``), JSON lines' array, or a table."""
    columns = (*by, "events", "fatalities")
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([row[c] for c in columns] for row in rows)
    else:
        widths = [max([len(c), *(len(str(row[c])) for row in rows)]) for c in columns]
        print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
        for row in rows:
            cells = [
                _cell(row[c], w) if c in by else str(row[c]).rjust(w)
                for c, w in zip(columns, widths, strict=True)
            ]
            print("  ".join(cells).rstrip())


def _print_stats(counts: dict[str, Any]) -> None:
    for name in ("articles", "reports", "events", "fatalities", "retired", "rejected"):
        print(f"{name:<12}{counts[name]:>10}")
    for title, key in (
        ("by country", "by_country"),
        ("by event type", "by_event_type"),
        ("by day", "by_day"),
    ):
        print(f"\n{title}")
        for label, number in counts[key].items():
            print(f"  {label or '(none)':<40}{number:>8}")
