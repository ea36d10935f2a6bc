"""rasd on Apache Spark: the extraction and merge jobs for corpora one machine cannot hold.

```
rasd spark extract --input 'corpus/*.jsonl.gz' --output events.parquet [--master local[*] | spark://...]
rasd spark merge --input events.parquet --output merged.parquet
rasd ingest-parquet merged.parquet --db postgresql://...
```

- ``extract`` (``rasd.spark.extract``): articles are read and checked by ``rasd.io`` on the executors, and
  each partition runs ``rasd.extract`` (``mapPartitions``); lexicons, gazetteer and actor registry are
  module-level caches, so a Python worker loads them once, before its first article, and keeps them for
  every later partition it runs. Output: one row per event record (``rasd.store.rows``).
- ``merge`` (``rasd.spark.merge``): the store's merge rule (``rasd.store.merge``), blocked and run in
  parallel; nothing is collected to the driver.
- ``ingest-parquet`` (``rasd.store.parquet``): the merged result into the store (no Spark needed).

``pyspark`` is the optional extra ``rasd[spark]``: nothing outside the jobs' own modules imports it, and
this package's ``__init__``, ``rows`` and ``load`` never do, so ``import rasd`` and ``rasd extract`` work
without it.
"""

from __future__ import annotations

INSTALL_HINT = "pip install 'rasd[spark]' (PySpark, with a Java 17 or 21 runtime on the PATH)"


class SparkUnavailable(Exception):
    """PySpark (or the Java runtime it drives) is not installed."""


def require_pyspark() -> None:
    """Raise ``SparkUnavailable`` with how to install it when PySpark cannot be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise SparkUnavailable(f"the Spark jobs need PySpark: {INSTALL_HINT}") from error
