"""``rasd spark extract``: articles → event records, one Spark partition at a time.

1. ``binaryFiles`` hands each input file to an executor, which reads it as ``rasd extract`` would
   (``rows.read_bytes``: ``rasd.io``'s record reader and ``validate``); bad records are counted, reported
   (the first few) and skipped, never fatal.
2. The articles are spread over ``partitions`` partitions (one gzip file is one split, so without this one
   executor would extract a whole file alone) and each partition is extracted by ``mapPartitions``
   (``extract_partition``): the same ``extract_records`` as ``rasd ingest``'s workers, i.e.
   ``rasd.extract`` per article, a failure costing only that article.
3. The event records are written as Parquet (``schema.reports_schema``), and with ``articles_output``
   every article read as well, for ``rasd ingest-parquet --articles``.

Lexicons, gazetteer and actor registry are ``functools.cache``\\ d module-level objects: the first article a
Python worker extracts loads them (``_warm_up``), every later article and partition of that worker reuses
them (PySpark reuses its Python workers; ``spark.python.worker.reuse`` is on by default). The job counts
the loads of the gazetteer and the actor registry per worker process (``ExtractResult.loads``), so a
test can check that nothing loads per row or per partition.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspark import AccumulatorParam, StorageLevel
from pyspark.sql import SparkSession

from rasd.io import Article, RecordError
from rasd.spark import schema
from rasd.store import rows

MAX_MESSAGES = 20  # bad records reported by name; the rest are only counted


@dataclass
class ExtractResult:
    """What one run read and wrote."""

    articles: int = 0
    events: int = 0
    errors: int = 0
    messages: list[str] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)  # Python worker pid → times its data loaded

    def summary(self) -> str:
        return f"rasd: {self.articles} articles, {self.events} events, {self.errors} errors"


class _Messages(AccumulatorParam):
    """The first ``MAX_MESSAGES`` error messages."""

    def zero(self, value: list[str]) -> list[str]:
        return []

    def addInPlace(self, first: list[str], second: list[str]) -> list[str]:  # noqa: N802 - PySpark's name
        return (first + second)[:MAX_MESSAGES]


class _Loads(AccumulatorParam):
    """Per Python worker process, how many times it built the gazetteer or the actor registry (the
    highest count seen)."""

    def zero(self, value: dict[int, int]) -> dict[int, int]:
        return {}

    def addInPlace(self, first: dict[int, int], second: dict[int, int]) -> dict[int, int]:  # noqa: N802
        for pid, count in second.items():
            first[pid] = max(first.get(pid, 0), count)
        return first


def input_paths(spark: SparkSession, inputs: Sequence[str]) -> str:
    """The ``binaryFiles`` path list: each input as given (globs and ``hdfs://``/``s3a://`` URLs are
    Spark's to expand); a local directory stands for the article files in it, as for ``rasd ingest``."""
    paths: list[str] = []
    for given in inputs:
        for part in (p for p in given.split(",") if p):
            if os.path.isdir(part):
                found = sorted(
                    os.path.join(root, name)
                    for root, _, names in os.walk(part)
                    for name in names
                    if rows.is_article_file(name)
                )
                paths.extend(found)
            else:
                paths.append(part)
    if not paths:
        raise ValueError("no input files")
    return ",".join(paths)


def run(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    articles_output: str | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
) -> ExtractResult:
    """Extract every article of ``inputs`` into ``output`` (Parquet); see the module docstring."""
    sc = spark.sparkContext
    counts = {name: sc.accumulator(0) for name in ("articles", "events", "errors")}
    messages = sc.accumulator([], _Messages())
    loads = sc.accumulator({}, _Loads())
    partitions = partitions or 4 * sc.defaultParallelism

    files = sc.binaryFiles(input_paths(spark, inputs))
    articles = files.flatMap(lambda item: _read(item, counts["errors"], messages)).repartition(partitions)
    extracted = articles.mapPartitions(
        lambda items: extract_partition(items, counts, messages, loads, with_articles=bool(articles_output))
    )
    mode = "overwrite" if overwrite else "errorifexists"
    if articles_output:
        extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        reports = extracted.filter(lambda kind_row: kind_row[0] == "r").map(lambda kind_row: kind_row[1])
        spark.createDataFrame(reports, schema.reports_schema()).write.mode(mode).parquet(output)
        if articles_output:
            read = extracted.filter(lambda kind_row: kind_row[0] == "a").map(lambda kind_row: kind_row[1])
            frame = spark.createDataFrame(read, schema.articles_schema())
            frame.write.mode(mode).parquet(articles_output)
    finally:
        extracted.unpersist()
    return ExtractResult(
        articles=counts["articles"].value,
        events=counts["events"].value,
        errors=counts["errors"].value,
        messages=list(messages.value),
        loads=dict(loads.value),
    )


def _read(item: tuple[str, bytes], errors, messages) -> Iterator[tuple[rows.Position, Article]]:
    """The articles of one input file; its bad records go to the error count (and the first few by name)."""
    path, data = item
    for position, read in rows.read_bytes(path, data):
        if isinstance(read, RecordError):
            errors.add(1)
            messages.add([f"skipped {read}"])
            continue
        yield position, read


def extract_partition(
    items: Iterable[tuple[rows.Position, Article]],
    counts: dict[str, Any],
    messages,
    loads,
    with_articles: bool = False,
) -> Iterator[tuple[str, tuple]]:
    """Extract one partition: ``("r", report row)`` per event record, and ``("a", article row)`` per
    article when ``with_articles``. Runs on an executor."""
    from rasd.geo.gazetteer import load_gazetteer
    from rasd.recognize.actors import load_registry
    from rasd.store.ingest import extract_records
    from rasd.store.update import content_hash

    _warm_up()
    loaded = max(load_gazetteer.cache_info().misses, load_registry.cache_info().misses)
    loads.add({os.getpid(): loaded})
    for position, article in items:
        (records,) = extract_records([article])
        if isinstance(records, str):
            counts["errors"].add(1)
            messages.add([f"skipped record {article.id!r} ({position[0]}): {records}"])
            continue
        counts["articles"].add(1)
        counts["events"].add(len(records))
        digest = content_hash(article)
        for ordinal, record in enumerate(records):
            yield "r", rows.report_row(article, digest, position, ordinal, record)
        if with_articles:
            yield "a", rows.article_row(article, digest, position, len(records))


def _warm_up() -> None:
    """Load what extraction needs before the first article (a no-op once this worker has it)."""
    from rasd.store.ingest import extract_records

    extract_records([Article("warm-up", "اشتباكات في دمشق أمس.", published="2018-01-01")])


def print_result(result: ExtractResult, output: str, out=sys.stderr) -> None:
    for message in result.messages:
        print(f"rasd: {message}", file=out)
    if result.errors > len(result.messages):
        print(f"rasd: … and {result.errors - len(result.messages)} more bad records", file=out)
    print(f"{result.summary()}; written to {output}", file=out)
