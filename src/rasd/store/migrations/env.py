"""Alembic environment for the store's migrations.

``rasd.store.db.migrate`` hands over an open connection in ``config.attributes["connection"]``; the
``alembic`` command line (for writing new migrations) gets one from ``-x url=...`` or ``$RASD_DB``.
SQLite cannot alter most columns in place, so migrations run in batch mode (copy-and-move) there.
"""

from __future__ import annotations

from alembic import context

from rasd.store.db import database_url, make_engine
from rasd.store.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    engine = make_engine(database_url(url))
    with engine.begin() as connection:
        run(connection)


if context.is_offline_mode():
    raise SystemExit("rasd's migrations run online only: give a database with -x url=... or RASD_DB")
main()
