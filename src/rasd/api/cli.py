"""``rasd serve`` (the web API and dashboard) and ``rasd token create|list|revoke`` (who may write).

FastAPI and uvicorn are imported only when ``serve`` runs, so the other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import time

_DB_HELP = "database URL (default: $RASD_DB, else sqlite:///rasd.db); e.g. postgresql://user@host/rasd"

_SERVE_HELP = """\
Serve the store's events over HTTP: the JSON API under /api (OpenAPI at /docs) and the dashboard at /.
Reading is open (to anyone who can reach the port: keep the default loopback host, or add
--read-token-required); writing (ingest, corrections, rejections) needs a token from `rasd token create`.
The store must exist (`rasd ingest` makes one); --new-store starts from an empty one instead.

examples:
  rasd serve                                   # http://127.0.0.1:8000/ over ./rasd.db
  rasd serve --db postgresql://rasd@localhost/rasd --port 8080
  rasd serve --db sqlite:///new.db --new-store  # an empty store, to fill through POST /api/ingest
  curl 'http://127.0.0.1:8000/api/events?country=Syria&since=2019-02-01&limit=5'
"""


_TOKEN_HELP = """\
Tokens let a client of `rasd serve` write: POST /api/ingest, corrections, rejections (and reading, with
--read-token-required). A client sends one as `Authorization: Bearer <token>`; its name is recorded as
the author of each correction. The store keeps only a hash: a lost token is revoked and made anew.

examples:
  rasd token create layla --db sqlite:///mine.db     # prints the token once
  rasd token list --db sqlite:///mine.db
  rasd token revoke layla --db sqlite:///mine.db
"""


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``serve`` and ``token`` on the ``rasd`` parser."""
    serve = commands.add_parser(
        "serve",
        help="serve the web API and dashboard over the event store",
        description=_SERVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--db", metavar="URL", help=_DB_HELP)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--web-dir",
        metavar="DIR",
        help="the built dashboard (default: $RASD_WEB_DIR, else web/dist of the source tree)",
    )
    serve.add_argument(
        "--read-token-required", action="store_true", help="reading needs a token too (for non-loopback use)"
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser pages from ORIGIN (e.g. http://localhost:5173) to call the API; repeatable",
    )
    serve.add_argument(
        "--max-body-mb",
        type=_megabytes,
        default=2.0,
        metavar="MB",
        help="largest request body, in MB (default: 2)",
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the server answers to (Host header); repeatable; '*' for any "
        "(default: 127.0.0.1, localhost, ::1 and the --host address)",
    )
    serve.add_argument(
        "--extract-token-required", action="store_true", help="POST /api/extract needs a token too"
    )
    serve.add_argument(
        "--extract-concurrency",
        type=_workers,
        default=2,
        metavar="N",
        help="extractions POST /api/extract runs at once per server process; more get 429 (default: 2)",
    )
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="server processes (default: 1); more use more cores, each with its own connections",
    )
    serve.add_argument(
        "--new-store",
        action="store_true",
        help="when no SQLite store is at --db, create an empty one (to fill through the API) instead "
        "of refusing: a mistyped path would otherwise pass for an empty dataset",
    )
    serve.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help="how much the server logs: info (the default) logs every request",
    )
    serve.set_defaults(handler=_serve)

    token = commands.add_parser(
        "token",
        help="tokens that let the web API write (ingest, review)",
        description=_TOKEN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = token.add_subparsers(dest="action", required=True, metavar="ACTION", title="actions")
    create = actions.add_parser("create", help="make a token for NAME and print it (once)")
    create.add_argument("name", help="who uses it: shown as the author of their corrections")
    create.add_argument("--db", metavar="URL", help=_DB_HELP)
    create.set_defaults(handler=_token_create)
    listing = actions.add_parser("list", help="names of the tokens and when they were made")
    listing.add_argument("--db", metavar="URL", help=_DB_HELP)
    listing.set_defaults(handler=_token_list)
    revoke = actions.add_parser("revoke", help="delete NAME's token")
    revoke.add_argument("name", help="the name the token was made for (rasd token list names them)")
    revoke.add_argument("--db", metavar="URL", help=_DB_HELP)
    revoke.set_defaults(handler=_token_revoke)


def _whole(value: str) -> int:
    """A whole number, or the message argparse prints (a bare ``int`` error names this function:
    "invalid _port value")."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def _workers(value: str) -> int:
    number = _whole(value)
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError("1 to 64 processes")
    return number


def _port(value: str) -> int:
    number = _whole(value)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("a port is 0 to 65535")
    return number


def _megabytes(value: str) -> float:
    """``--max-body-mb``: a positive number (0 or less would refuse every request body)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(listen: str, given: list[str]) -> list[str]:
    """The ``Host`` names to answer: those given, else the loopback names and the address listened on
    (a wildcard address names no host: give --allowed-host for the names clients use)."""
    from rasd.api.app import LOOPBACK_HOSTS

    if given:
        return given
    extra = [] if listen in ("0.0.0.0", "::", "") else [listen]
    return [*LOOPBACK_HOSTS, *extra]


def _serve(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store.db import StoreError

    try:
        import uvicorn

        from rasd.api import create_app
    except ImportError as error:
        print(f"rasd: serve needs the web packages ({error.name}): pip install rasd", file=sys.stderr)
        return 2
    if not is_loopback(args.host) and not args.read_token_required:
        print(
            f"rasd: warning: listening on {args.host} with reading open to anyone who reaches it; "
            "add --read-token-required to ask for a token",
            file=sys.stderr,
        )
    options = {
        "db_url": args.db,
        "web_dir": args.web_dir,
        "read_token_required": args.read_token_required,
        "max_body": int(args.max_body_mb * 1024 * 1024),
        "cors_origins": args.cors_origin,
        "allowed_hosts": allowed_hosts(args.host, args.allowed_host),
        "extract_token_required": args.extract_token_required,
        "extract_concurrency": args.extract_concurrency,
    }
    from rasd.store.cli import UsageError, check_url

    fresh = _new_sqlite_file(args.db)
    try:
        check_url(args.db, must_exist=not args.new_store, new_store_option="--new-store")
        app = create_app(**options)  # the schema is brought up to date here, once, before any worker starts
    except UsageError as error:  # no store there, or not a database URL: as every command with --db
        print(f"rasd: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, StoreError) as error:
        print(f"rasd: database error: {error}", file=sys.stderr)
        return 2
    if fresh:  # asked for with --new-store: said all the same, the dashboard starts empty
        print(
            f"rasd: no store at {fresh}: serving a new, empty one "
            f"(fill it: rasd ingest ARTICLES.jsonl --db {args.db or 'sqlite:///' + fresh})",
            file=sys.stderr,
        )
    web_dir = app.state.settings.web_dir
    print(
        f"rasd: serving http://{args.host}:{args.port}/ (API docs at /docs; dashboard "
        + (f"from {web_dir})" if web_dir else "not built: make web)"),
        file=sys.stderr,
    )
    run = {"host": args.host, "port": args.port, "log_level": args.log_level, "server_header": False}
    if args.workers == 1:
        from rasd.api.app import ready_to_serve

        ready_to_serve()
        uvicorn.run(app, **run)
        return 0
    import json
    import os

    from rasd.api.app import CONFIG_ENV

    app.state.engine.dispose()  # each worker opens its own
    os.environ[CONFIG_ENV] = json.dumps({**options, "web_dir": str(web_dir) if web_dir else None})
    uvicorn.run("rasd.api.app:create_app_from_env", factory=True, workers=args.workers, **run)
    return 0


def _new_sqlite_file(given: str | None) -> str | None:
    """The path of the SQLite file that serving ``given`` would create (it does not exist yet), else None."""
    import os

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from rasd.store.db import database_url

    try:
        parsed = make_url(database_url(given))
    except ArgumentError:
        return None  # create_app reports it
    path = parsed.database or ""
    if not parsed.drivername.startswith("sqlite") or path in ("", ":memory:") or os.path.exists(path):
        return None
    return path


def _with_store(args: argparse.Namespace, work, must_exist: bool = False) -> int:
    """The store's session runner (database errors reported, not raised), with token errors as well;
    ``must_exist``: a command that only reads or removes refuses a SQLite file that is not there (it
    would create an empty store and report nothing)."""
    from rasd.store.cli import with_session
    from rasd.store.tokens import TokenError

    def guarded(session) -> int:
        try:
            return work(session)
        except TokenError as error:
            print(f"rasd: {error}", file=sys.stderr)
            return 1

    return with_session(args, guarded, must_exist=must_exist)


def _token_create(args: argparse.Namespace) -> int:
    from rasd.store.tokens import create_token

    def work(session) -> int:
        token = create_token(session, args.name, int(time.time()))
        print(token)
        print(
            f"rasd: token for {args.name!r} made; it is shown only this once (the store keeps its hash). "
            "Send it as: Authorization: Bearer <token>",
            file=sys.stderr,
        )
        return 0

    return _with_store(args, work)


def _token_list(args: argparse.Namespace) -> int:
    from rasd.store.tokens import list_tokens

    def work(session) -> int:
        for name, created in list_tokens(session):
            made = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(created))
            print(f"{name}\t{made}")
        return 0

    return _with_store(args, work, must_exist=True)


def _token_revoke(args: argparse.Namespace) -> int:
    from rasd.store.tokens import revoke_token

    def work(session) -> int:
        if not revoke_token(session, args.name):
            print(f"rasd: no token named {args.name!r}", file=sys.stderr)
            return 1
        print(f"rasd: token {args.name!r} revoked", file=sys.stderr)
        return 0

    return _with_store(args, work, must_exist=True)
