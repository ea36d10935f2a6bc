"""``rasd spark merge``: the store's merge rule over a whole Parquet file of reports, in parallel.

Every decision is made by ``rasd.store.merge``, the functions the store itself runs; this module only
decides which reports meet on which executor. Two reports can be one incident only if they share
``merge.block_key`` (event type, actor pair, country) and their days are at most one apart, so:

1. *Versions*: reports are grouped by article id and only the last version of an article read (input
   file, line) is kept, as re-ingesting a changed article replaces its reports in the store.
2. *Day links* (``day_links``): each dated report goes to the bucket (block, its day) and, as a
   neighbour, to (block, next day). In each bucket ``merge.same_incident`` tells whether any report of
   the day before is the same incident as one of the day (a ±1-day link). Same-day links need no
   search: a day's reports of one block always end up in the same batch.
3. *Runs* (``runs``): per block, consecutive days joined by a ±1-day link form one run (a window over a
   block's days: one small row per day, never its reports). A run holds whole connected groups of the
   store's relation, since links only join reports of one block on the same or adjacent days.
4. *Clusters* (``merge_run``): each run's reports meet on one executor, and ``merge.clusters`` groups
   them exactly as the store does (same-day links first, then ±1-day links strongest first, never an
   event spanning more than two days); ``merge.merged_fields`` computes each event's fields.
Undated reports are events of their own, as in the store. Nothing is collected to the driver.

Blocking is by the rule's own key, not by admin1: a report located at a country (admin1 empty) links to
one at its capital 0 km away, and a homonym in another province links by name; on the shared corpus, 9
of the store's 3,133 links cross admin1, so admin1 would lose them. The day is part of the bucket; the
run is as long as a chain of ±1-day links in one block (days, not the whole history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rasd.store import merge, rows
from rasd.store.query import field_evidence_spans

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

BlockKey = tuple
HOME, PREVIOUS = 0, 1  # a report in its own day's bucket, and in the next day's as that day's neighbour


def run(
    spark: SparkSession, input_path: str, output: str, partitions: int | None = None, overwrite: bool = False
) -> None:
    """Merge the reports of ``input_path`` (``rasd spark extract`` output) into ``output``."""
    from rasd.spark import schema

    partitions = partitions or 4 * spark.sparkContext.defaultParallelism
    names = schema.merged_schema().names  # the output columns, in order (executors need no pyarrow)
    frame = spark.read.schema(schema.reports_schema()).parquet(input_path)
    reports = (
        frame.rdd.map(lambda row: rows.report_of(row.asDict(recursive=True)))
        .keyBy(lambda report: report["article_id"])
        .groupByKey(partitions)
        .flatMap(lambda item: latest_version(item[1]))
    )
    dated = reports.filter(lambda report: merge.event_day(report) is not None)
    undated = reports.filter(lambda report: merge.event_day(report) is None)

    by_day = dated.keyBy(lambda report: (merge.block_key(report), merge.event_day(report)))
    buckets = dated.flatMap(to_buckets).groupByKey(partitions)
    day_runs = (
        buckets.flatMap(lambda item: day_links(item[0], item[1]))
        .groupByKey(partitions)
        .flatMap(lambda item: runs(item[0], item[1]))
    )
    merged = (
        by_day.join(day_runs, partitions)
        .map(lambda item: ((item[0][0], item[1][1]), item[1][0]))
        .groupByKey(partitions)
        .flatMap(lambda item: merge_run(item[1], names))
    )
    events = merged.union(undated.map(lambda report: event_row([report], names)))
    mode = "overwrite" if overwrite else "errorifexists"
    spark.createDataFrame(events, schema.merged_schema()).write.mode(mode).parquet(output)


# ------------------------------------------------------------------------ the steps, as plain functions


def latest_version(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reports of the article version read last (highest ``(input_file, input_line)``)."""
    reports = list(reports)
    last = max((r.get("input_file") or "", r.get("input_line") or 0) for r in reports)
    return [r for r in reports if (r.get("input_file") or "", r.get("input_line") or 0) == last]


def to_buckets(report: dict[str, Any]) -> list[tuple[tuple[BlockKey, dt.date], tuple[int, dict]]]:
    """A dated report in its own day's bucket and, as a neighbour, in the next day's."""
    key, day = merge.block_key(report), merge.event_day(report)
    assert day is not None
    return [((key, day), (HOME, report)), ((key, day + dt.timedelta(days=1)), (PREVIOUS, report))]


def day_links(
    bucket: tuple[BlockKey, dt.date], members: Iterable[tuple[int, Mapping[str, Any]]]
) -> Iterator[tuple[BlockKey, tuple[dt.date, bool]]]:
    """For a day that has reports in a block: whether one of them is the same incident as one of the
    day before (``merge.same_incident``, the store's rule). Days with no report of their own say nothing."""
    key, day = bucket
    members = list(members)
    home = [r for side, r in members if side == HOME]
    if not home:
        return
    before = [r for side, r in members if side == PREVIOUS]
    linked = any(merge.same_incident(a, b) for a in before for b in home)
    yield key, (day, linked)


def runs(
    key: BlockKey, days: Iterable[tuple[dt.date, bool]]
) -> Iterator[tuple[tuple[BlockKey, dt.date], int]]:
    """Each day of a block with the number of its run: a new run starts at every day that no ±1-day link
    joins to the day before."""
    run = -1
    for day, linked in sorted(days):
        if not linked:
            run += 1
        yield (key, day), run


def merge_run(reports: Iterable[Mapping[str, Any]], names: Sequence[str]) -> Iterator[tuple]:
    """The events of one run: ``merge.clusters`` over its reports (in a fixed order, so the result never
    depends on how Spark shuffled them), each group's fields by ``merge.merged_fields``."""
    ordered = sorted(reports, key=merge.report_order)
    for group in merge.clusters(ordered):
        yield event_row([ordered[i] for i in group], names)


def event_row(reports: Sequence[Mapping[str, Any]], names: Sequence[str]) -> tuple:
    """One merged event as a row of ``schema.merged_schema()`` (whose column ``names`` are given): the
    store export's columns, then the reports' keys and the reports themselves."""
    ordered = sorted(reports, key=merge.report_order)
    values = merge.merged_fields(ordered)
    values["event_id_cnty"] = None  # given by the store when the event is ingested
    values["timestamp"] = None
    values["rasd_article_id"] = list(dict.fromkeys(str(r["article_id"]) for r in ordered))
    values["rasd_evidence"] = [
        {"article_id": str(r["article_id"]), "field": "text", **span}
        for r in ordered
        for span in r.get("evidence") or ()
    ]
    values["rasd_confidence"] = values["confidence"]
    values["rasd_reports"] = len(ordered)
    values["rasd_field_evidence"] = [
        span for r in ordered for span in field_evidence_spans(str(r["article_id"]), r.get("field_evidence"))
    ]
    values["rasd_report_keys"] = [rows.report_key(r) for r in ordered]
    values["reports"] = [_report_row(r) for r in ordered]
    return tuple(values.get(name) for name in names)


def _report_row(report: Mapping[str, Any]) -> tuple:
    values = dict(report)
    values["evidence"] = [rows.span_tuple(span) for span in report.get("evidence") or ()]
    return tuple(values.get(name) for name in rows.REPORT_COLUMNS)
