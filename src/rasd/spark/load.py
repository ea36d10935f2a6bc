"""Moved: the Parquet loader needs no Spark and lives in the store, ``rasd.store.parquet``. This name
stays so that code importing ``rasd.spark.load`` keeps working."""

from rasd.store.parquet import BATCH_EVENTS, LoadResult, batches, ingest_parquet

__all__ = ["BATCH_EVENTS", "LoadResult", "batches", "ingest_parquet"]
