"""Opening a store: an engine from a URL, SQLite pragmas, and the schema brought to the newest migration.

One code path serves SQLite (the default, a file next to the user) and PostgreSQL. The schema is never
created with ``create_all``: every open runs Alembic's ``upgrade head`` on the migrations shipped in this
package, so a fresh file and a store written by an older rasd both end up on the current schema.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///rasd.db"
ENV_VAR = "RASD_DB"
SQLITE_BUSY_MS = 60_000  # a second writer waits for the first instead of failing at once
SCHEMA_LOCK = 0x72617364 + 1  # PostgreSQL advisory lock of schema upgrades (the writers' lock + 1)


class StoreError(Exception):
    """The store cannot be used as asked: a database driver or an optional package is missing."""


def database_url(given: str | None = None) -> str:
    """The URL to use: the one given (``--db``), else ``$RASD_DB``, else ``sqlite:///rasd.db``."""
    url = given or os.environ.get(ENV_VAR) or DEFAULT_URL
    return normalize_url(url)


def normalize_url(url: str) -> str:
    """Plain ``postgresql://`` URLs use psycopg 3, the driver rasd pins (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite with WAL (readers never block the writer) and foreign keys on."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        raise StoreError(
            f"no driver for {make_url(url).drivername} ({error.name} is not installed); "
            "for PostgreSQL: pip install 'rasd[postgresql]'"
        ) from error


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL keeps every committed transaction through a killed process; NORMAL sync is safe under WAL
    against process crashes (only a power cut can lose the last commits) and much faster than FULL."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the migrations shipped in ``rasd/store/migrations``.

    The whole upgrade is one transaction taken under a lock (SQLite: ``BEGIN IMMEDIATE``, its write
    lock; PostgreSQL: an advisory lock), and both databases roll DDL back: a process killed at any
    moment leaves the old schema or the new one, never half of it, and two first runs at once wait for
    each other instead of both creating the tables. A store already current is only read."""
    if revision == "head" and _at_head_quick(engine):
        return  # the usual open: Alembic (a third of a second to import) is not needed
    from alembic import command

    config = alembic_config()
    if revision == "head" and _at_head(engine, config):
        return
    with engine.begin() as connection:
        lock_schema(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def lock_schema(connection: Connection) -> None:
    """Take the store's write lock for this transaction (see ``migrate``)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
    elif connection.dialect.name == "sqlite":
        begin_immediate(connection)


def begin_immediate(connection: Connection) -> None:
    """Start the SQLite transaction now, holding the write lock (waiting up to the busy timeout for
    it). Python's sqlite3 otherwise opens a transaction only at the first INSERT/UPDATE/DELETE: DDL
    and the reads before the first write would run outside it, unprotected."""
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _at_head(engine: Engine, config: Any) -> bool:
    """Whether the schema is already at the newest migration (a read, no lock)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


_REVISION_LINE = re.compile(r'^(revision|down_revision)\b[^=\n]*=\s*(?:"([^"\n]*)"|None)\s*$', re.MULTILINE)


def script_heads() -> set[str] | None:
    """The newest migrations, read from the ``revision`` and ``down_revision`` lines of the version
    files without importing Alembic; None when a file does not spell them that simply (a merge of two
    branches: Alembic decides then)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (files("rasd.store") / "migrations" / "versions").iterdir():
        if not path.name.endswith(".py") or path.name.startswith("__"):
            continue
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if not found.get("revision") or "down_revision" not in found:
            return None
        revisions.add(found["revision"])
        parents.add(found["down_revision"])
    return revisions - parents or None


def _at_head_quick(engine: Engine) -> bool:
    """Whether the store is at the newest migration, by one query of ``alembic_version`` (False when
    that cannot tell: no such table yet, or heads that need Alembic to read)."""
    heads = script_heads()
    if heads is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            current = {row[0] for row in rows}
    except DBAPIError:
        return False
    return current == heads


def alembic_config():  # -> alembic.config.Config, imported lazily: `rasd extract` never needs it
    """An Alembic configuration that needs no ``alembic.ini``: the script folder is package data."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("rasd.store") / "migrations"))
    return config


def open_store(url: str | None = None) -> Engine:
    """The engine of the store at ``url`` (or ``$RASD_DB``, or ``sqlite:///rasd.db``), schema up to date."""
    engine = make_engine(database_url(url))
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is one transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
