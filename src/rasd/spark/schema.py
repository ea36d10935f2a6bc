"""Spark schemas of the jobs' Parquet files, typed as the store's own Parquet export types them.

The types come from ``rasd.store.export.parquet_schema`` (pyarrow) translated to Spark's, so a column the
two share (``event_date`` a date, ``iso`` a 16-bit integer, ``fatalities`` a 32-bit one, evidence spans
as a list of structs …) has one type wherever rasd writes it:

- ``REPORTS``: one row per event record, ``rasd.store.rows.REPORT_COLUMNS`` (``rasd spark extract``).
- ``ARTICLES``: one row per article read (``--articles`` of ``rasd spark extract``).
- ``MERGED``: one row per merged event: the store export's columns (``event_id_cnty`` and ``timestamp``
  empty: the store gives them), then ``rasd_report_keys`` and every report, nested (``rasd spark merge``).
"""

from __future__ import annotations

from functools import cache

from pyspark.sql import types as T

from rasd.store.rows import ARTICLE_COLUMNS, REPORT_COLUMNS, SPAN_FIELDS


def from_arrow(arrow_type) -> T.DataType:
    """The Spark type of a pyarrow type (the kinds the store's Parquet schema uses)."""
    import pyarrow as pa

    simple = {
        pa.string(): T.StringType(),
        pa.date32(): T.DateType(),
        pa.int8(): T.ByteType(),
        pa.int16(): T.ShortType(),
        pa.int32(): T.IntegerType(),
        pa.int64(): T.LongType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
    }
    if arrow_type in simple:
        return simple[arrow_type]
    if pa.types.is_list(arrow_type):
        return T.ArrayType(from_arrow(arrow_type.value_type))
    if pa.types.is_struct(arrow_type):
        return T.StructType([T.StructField(f.name, from_arrow(f.type)) for f in arrow_type])
    raise TypeError(f"no Spark type for {arrow_type}")


@cache
def store_schema() -> T.StructType:
    """The store's Parquet export schema (``rasd export --format parquet``), in Spark's types."""
    from rasd.store.export import parquet_schema

    return T.StructType([T.StructField(f.name, from_arrow(f.type)) for f in parquet_schema()])


def _typed(names, types: dict[str, T.DataType]) -> T.StructType:
    return T.StructType([T.StructField(name, types.get(name, T.StringType())) for name in names])


@cache
def span_type() -> T.StructType:
    """An evidence span of one report: the store's span struct without ``article_id``."""
    spans = store_schema()["rasd_evidence"].dataType.elementType  # type: ignore[attr-defined]
    return T.StructType([spans[name] for name in SPAN_FIELDS])


@cache
def reports_schema() -> T.StructType:
    types = {field.name: field.dataType for field in store_schema()}
    types.update(
        ordinal=T.IntegerType(),
        evidence=T.ArrayType(span_type()),
        field_evidence=T.MapType(T.StringType(), span_type()),
        confidence=T.DoubleType(),
        input_line=T.LongType(),
    )
    return _typed(REPORT_COLUMNS, types)


@cache
def articles_schema() -> T.StructType:
    return _typed(ARTICLE_COLUMNS, {"events": T.IntegerType(), "input_line": T.LongType()})


KEY = T.StructType([T.StructField("article_id", T.StringType()), T.StructField("ordinal", T.IntegerType())])


@cache
def merged_schema() -> T.StructType:
    fields = list(store_schema().fields)
    fields.append(T.StructField("rasd_report_keys", T.ArrayType(KEY)))
    fields.append(T.StructField("reports", T.ArrayType(reports_schema())))
    return T.StructType(fields)
