"""The store's subcommands of ``rasd``: ``ingest``, ``events``, ``export``, ``stats``.

Every one takes ``--db URL`` (default ``$RASD_DB``, else ``sqlite:///rasd.db``). SQLAlchemy, Alembic and
pyarrow are imported only when one of these commands runs, so ``rasd extract`` starts as fast as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any

from rasd.io import InputError

# rasd.store.export.FORMATS, spelled out here so that `rasd extract` never imports SQLAlchemy
EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
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
    ing.add_argument("--db", help=_DB_HELP)
    ing.add_argument(
        "--workers", type=_positive, default=None, help="extraction processes (default: all cores)"
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
    ip.add_argument("--db", help=_DB_HELP)
    ip.add_argument(
        "--articles",
        metavar="PATH",
        help="the --articles output of rasd spark extract: article texts, and the articles with no event",
    )
    ip.add_argument("-q", "--quiet", action="store_true", help="no summary")
    ip.set_defaults(handler=_ingest_parquet)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help=_DB_HELP)
    parser.add_argument("--country", help="country name (Syria) or ISO alpha-3 code (SYR)")
    parser.add_argument("--type", dest="event_type", help="event type, e.g. Battles")
    parser.add_argument("--since", type=_date, help="first event date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="last event date (YYYY-MM-DD)")
    parser.add_argument("--admin1", help="province (ACLED spelling), e.g. Deir-ez-Zor")
    parser.add_argument("--actor", help="part of an actor's name, e.g. 'Islamic State'")
    parser.add_argument(
        "--changed-since", type=int, metavar="UNIX_TIME", help="only events changed at or after this time"
    )
    parser.add_argument(
        "--min-confidence", type=_probability, metavar="P", help="only events with confidence >= P"
    )


def _add_events(commands: argparse._SubParsersAction) -> None:
    ev = commands.add_parser("events", help="list merged events from the store")
    _add_filters(ev)
    ev.add_argument("--format", choices=("table", "jsonl"), default="table", help="table (default) or jsonl")
    ev.set_defaults(handler=_events)


def _add_export(commands: argparse._SubParsersAction) -> None:
    ex = commands.add_parser("export", help="write the store's events as ACLED CSV, GeoJSON, JSONL, Parquet")
    _add_filters(ex)
    ex.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    ex.add_argument("-o", "--output", required=True, help="the file to write")
    ex.add_argument(
        "--deleted",
        metavar="FILE",
        help="also write retired event ids (event_id_cnty, deleted_timestamp, merged_into) as CSV",
    )
    ex.set_defaults(handler=_export)


def _add_stats(commands: argparse._SubParsersAction) -> None:
    st = commands.add_parser("stats", help="counts: articles, reports, events by country, type and day")
    _add_filters(st)
    st.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    st.set_defaults(handler=_stats)


def _database_problem(error: Exception) -> str:
    """What to tell the user; a store another process keeps locked is busy, not broken."""
    if "database is locked" in str(error):
        return (
            "the store is busy: another rasd has been writing to it for over a minute; "
            "nothing was lost, run this again when it is done"
        )
    return f"database error: {error}"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _probability(value: str) -> float:
    """A --min-confidence value: a number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("a probability, from 0 to 1")
    return number


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


# ------------------------------------------------------------------------ handlers


def _ingest(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError
    from rasd.store.ingest import ingest

    try:
        result = ingest(
            args.paths,
            url=args.db,
            workers=args.workers,
            force=args.force,
            progress=not args.quiet and sys.stderr.isatty(),
            time_limit=args.time_limit,
        )
    except InputError as error:
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, StoreError) as error:
        print(f"rasd: {_database_problem(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rasd: interrupted; committed articles are kept: run it again to finish", file=sys.stderr)
        return 130
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 1 if result.errors and not result.read else 0


def _ingest_parquet(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError
    from rasd.store.parquet import ingest_parquet

    try:
        result = ingest_parquet(args.merged, url=args.db, articles=args.articles)
    except (SQLAlchemyError, StoreError) as error:
        print(f"rasd: database error: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:  # no such file, not Parquet
        print(f"rasd: cannot read {args.merged}: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 0


def _filters(args: argparse.Namespace):
    from rasd.store.query import Filters

    return Filters(
        country=args.country,
        event_type=args.event_type,
        since=args.since,
        until=args.until,
        admin1=args.admin1,
        actor=args.actor,
        changed_since=args.changed_since,
        min_confidence=args.min_confidence,
    )


def with_session(args: argparse.Namespace, work) -> int:
    """Run ``work(session)`` on the store, with database errors reported, not raised."""
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError, open_store, session_scope

    try:
        engine = open_store(args.db)
        try:
            with session_scope(engine) as session:
                return work(session)
        finally:
            engine.dispose()
    except BrokenPipeError:  # `rasd events | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (SQLAlchemyError, StoreError) as error:
        print(f"rasd: database error: {error}", file=sys.stderr)
        return 2


def _events(args: argparse.Namespace) -> int:
    from rasd.store.query import event_record, find_events

    def work(session) -> int:
        events = find_events(session, _filters(args))
        if args.format == "jsonl":
            for event in events:
                sys.stdout.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
        else:
            _print_table(events)
        return 0

    return with_session(args, work)


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
    from rasd.store.export import export, export_deleted

    def work(session) -> int:
        written = export(session, args.format, args.output, _filters(args))
        message = f"rasd: {written} events written to {args.output}"
        if args.deleted:
            retired = export_deleted(session, args.deleted, _filters(args))
            message += f"; {retired} retired ids to {args.deleted}"
        print(message, file=sys.stderr)
        return 0

    try:
        return with_session(args, work)
    except OSError as error:
        print(f"rasd: cannot write: {error}", file=sys.stderr)
        return 2


def _stats(args: argparse.Namespace) -> int:
    from rasd.store.query import stats

    def work(session) -> int:
        counts = stats(session, _filters(args))
        if args.json:
            print(json.dumps(counts, ensure_ascii=False, indent=1))
        else:
            _print_stats(counts)
        return 0

    return with_session(args, work)


def _print_stats(counts: dict[str, Any]) -> None:
    for name in ("articles", "reports", "events", "retired"):
        print(f"{name:<10}{counts[name]:>10}")
    for title, key in (("by country", "by_country"), ("by type", "by_type"), ("by day", "by_day")):
        print(f"\n{title}")
        for label, number in counts[key].items():
            print(f"  {label or '(none)':<40}{number:>8}")
