"""The event store: articles, the reports extracted from them, and the merged events they describe.

A living dataset in ACLED's sense: ``ingest`` adds and updates articles, ``merge`` folds reports of one
incident into one event with a stable ``event_id_cnty``, ``query`` and ``export`` read it back. SQLite by
default, PostgreSQL through the same code (SQLAlchemy, schema by Alembic migrations).
"""
