"""Alembic migrations of the event store (a package so that it ships with rasd)."""
