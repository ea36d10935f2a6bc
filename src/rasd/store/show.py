"""``rasd show ID``: one event of the store, with its reports and the passages they were read from.

An analyst meets ids everywhere (``rasd events``, ``rasd audit``'s examples, exports, ``--deleted``) and
needs to look one up without starting the web server: what ``GET /api/events/{id}`` answers, as text
(or JSON). An id that a merge retired says which event it went into; one that was never given says so.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

EVENT_ID = re.compile(r"^[A-Za-z]{3}[0-9]{1,12}$")  # ISO alpha-3 and the store's number, e.g. SYR12

_HELP = """\
Show events of the store by id (event_id_cnty): every ACLED column, the reports merged into each (outlet,
date, title) with the passages of the articles they were read from, and analysts' corrections. An id a
merge retired names the event it went into. Exit status 1 when an id names no event.

examples:
  rasd show SYR12
  rasd show SYR12 YEM3 --format json
"""

# the columns shown as text, in the order an analyst reads an event
_TEXT_FIELDS = (
    ("date", "event_date"),
    ("actor 1", "actor1"),
    ("with", "assoc_actor_1"),
    ("actor 2", "actor2"),
    ("with", "assoc_actor_2"),
    ("interaction", "interaction"),
    ("place", None),
    ("fatalities", "fatalities"),
    ("sources", "source"),
    ("confidence", "confidence"),
    ("notes", "notes"),
)


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register ``show`` on the ``rasd`` parser."""
    show = commands.add_parser(
        "show",
        help="one event by id, with its reports and evidence",
        description=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("ids", nargs="+", metavar="ID", help="event ids (event_id_cnty), e.g. SYR12")
    show.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $RASD_DB, else sqlite:///rasd.db); e.g. postgresql://user@host/rasd",
    )
    show.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    show.set_defaults(handler=_command)


def _command(args: argparse.Namespace) -> int:
    from rasd.store.cli import with_session

    bad = [value for value in args.ids if not EVENT_ID.match(value)]
    if bad:
        print(f"rasd: not an event id: {bad[0]!r} (ISO alpha-3 and a number, e.g. SYR12)", file=sys.stderr)
        return 2

    def work(session) -> int:
        missing = 0
        for number, value in enumerate(args.ids):
            found = lookup(session, value.upper())
            if isinstance(found, str):
                missing += 1
                print(f"rasd: {found}", file=sys.stderr)
                continue
            if args.format == "json":
                sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(("\n" if number else "") + as_text(found))
        return 1 if missing else 0

    return with_session(args, work, must_exist=True)


def lookup(session, event_id: str) -> dict[str, Any] | str:
    """The event as a dict (its columns, reports with their evidence, corrections), or why there is none."""
    from rasd.records import ACLED_COLUMNS
    from rasd.store import query, review

    event = query.event_by_id(session, event_id)
    if event is None:
        retired = query.retired_event(session, event_id)
        if retired is not None and retired.merged_into:
            return f"event {event_id} was merged into {retired.merged_into}: rasd show {retired.merged_into}"
        if retired is not None:
            return f"event {event_id} was withdrawn (its articles changed and no longer tell it)"
        return f"no event {event_id} in this store"
    out: dict[str, Any] = {name: _plain(getattr(event, name)) for name in ACLED_COLUMNS}
    out["confidence"] = event.confidence
    out["status"] = event.status
    titles = query.article_titles(session, list(dict.fromkeys(r.article_id for r in event.reports)))
    out["reports"] = [
        {
            "article_id": report.article_id,
            "outlet": report.outlet,
            "published": _plain(report.published),
            "title": titles.get(report.article_id),
            "evidence": [dict(span) for span in report.evidence or ()],
        }
        for report in event.reports
    ]
    out["corrections"] = [
        {"field": c.field, "before": c.before, "after": c.after, "reason": c.reason, "author": c.author}
        for c in review.history(session, event_id)
    ]
    return out


def as_text(event: dict[str, Any]) -> str:
    """An event as lines an analyst reads in a terminal."""
    from rasd.taxonomy import interaction_label

    status = "" if event["status"] == "active" else f"   [{event['status']}]"
    lines = [f"{event['event_id_cnty']}  {event['event_type']} · {event['sub_event_type']}{status}"]
    for label, name in _TEXT_FIELDS:
        value = _place(event) if name is None else event.get(name)
        if name == "interaction" and value:
            value = f"{value} ({interaction_label(value)})"
        if value in (None, ""):
            continue
        lines.append(f"  {label:<12}{value}")
    lines.append(f"  reports ({len(event['reports'])}):")
    for report in event["reports"]:
        head = " · ".join(str(v) for v in (report["outlet"], report["published"], report["title"]) if v)
        lines.append(f"    {report['article_id']}  {head}")
        for span in report["evidence"]:
            where = " (headline)" if span.get("field") == "title" else ""
            lines.append(f"      «{span.get('text', '')}»{where} [{span.get('start')}:{span.get('end')}]")
    for correction in event["corrections"]:
        lines.append(
            f"  corrected {correction['field']}: {correction['before']!r} → {correction['after']!r}"
            f" by {correction['author']}" + (f" ({correction['reason']})" if correction["reason"] else "")
        )
    return "\n".join(lines) + "\n"


def _place(event: dict[str, Any]) -> str:
    names = [event.get(k) for k in ("location", "admin2", "admin1", "country")]
    place = ", ".join(dict.fromkeys(n for n in names if n))
    if event.get("latitude") is None:
        return place
    return f"{place} ({event['latitude']}, {event['longitude']}; geo precision {event['geo_precision']})"


def _plain(value: Any) -> Any:
    """A column's value as JSON has it (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value
