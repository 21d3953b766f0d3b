"""Spark's side of the input: reading a table, checking its columns and rows (as the CLI checks a
CSV), numbering the rows as the leaves of Z, and counting the protected groups' label combinations."""

import os

import numpy as np
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .. import _input

LEAF, MICRO, CELL = "__fairhac_leaf", "__fairhac_mc", "__fairhac_cell"
_NUMERIC = ("double", "float", "int", "bigint", "smallint", "tinyint")


def read_table(spark, path):
    """A Parquet file or folder, or a CSV file with a header (`.csv`), as a DataFrame; a local path
    that does not exist is an error naming it (before Spark is asked)."""
    if "://" not in path and not os.path.exists(path):
        raise ValueError(f"--input {path}: no such file or folder")
    from pyspark.errors import AnalysisException

    try:
        if path.lower().endswith(".csv"):
            return spark.read.option("header", True).option("inferSchema", True).csv(path)
        return spark.read.parquet(path)
    except AnalysisException as error:
        raise ValueError(f"--input {path}: {str(error).splitlines()[0]}") from None


def check_columns(df, features, groups, id_col):
    """Every named column exists once, no column is both a feature and a group or the id, and the
    features are numeric (the CLI's rules for --features and --group)."""
    columns = list(df.columns)
    for name, values in (("features", features), ("groups", groups)):
        twice = next((c for c in values if values.count(c) > 1), None)
        if twice is not None:
            raise ValueError(f"{name} names {twice!r} more than once; name each column once")
    if not features:
        raise ValueError("features: name at least one numeric column")
    for c in [id_col, *features, *groups]:
        if c not in columns:
            raise ValueError(f"column {c!r} is not in the DataFrame (columns: {', '.join(columns)})")
        if columns.count(c) > 1:
            raise ValueError(f"the DataFrame has {columns.count(c)} columns named {c!r}; rename them")
    both = next((c for c in features if c in groups), None)
    if both is not None:
        raise ValueError(f"column {both!r} is both a feature and a group column")
    if id_col in features or id_col in groups:
        raise ValueError(f"column {id_col!r} is the id column (id_col) and also a {'feature' if id_col in features else 'group'}; "
                         "the id only numbers the rows")
    types = dict(df.dtypes)
    for c in features:
        if types[c] not in _NUMERIC and not types[c].startswith("decimal"):
            raise ValueError(f"feature column {c!r} has type {types[c]}; features must be numeric")


def check_rows(df, features, groups, id_col, drop_missing):
    """Missing and infinite values and the ids, in one pass: (the rows kept, n, rows dropped,
    whether the ids are 0..n-1)."""
    missing_feature = {c: (F.col(c).isNull() | F.isnan(F.col(c).cast("double"))) for c in features}
    missing_group = {c: F.col(c).isNull() for c in groups}
    aggs = [F.count(F.lit(1)).alias("__rows"), F.sum(F.col(id_col).isNull().cast("long")).alias("__id_null")]
    for i, c in enumerate(features):
        aggs.append(F.sum(missing_feature[c].cast("long")).alias(f"__mf{i}"))
        aggs.append(F.sum(F.col(c).cast("double").isin(float("inf"), float("-inf")).cast("long")).alias(f"__inf{i}"))
    for i, c in enumerate(groups):
        aggs.append(F.sum(missing_group[c].cast("long")).alias(f"__mg{i}"))
    row = df.agg(*aggs).collect()[0]
    rows = int(row["__rows"])
    if row["__id_null"]:
        raise ValueError(f"id column {id_col!r} has {row['__id_null']} null values; every row needs a unique id")
    bad = [(c, int(row[f"__inf{i}"])) for i, c in enumerate(features) if row[f"__inf{i}"]]
    if bad:
        raise ValueError("infinite feature values: " + ", ".join(f"column {c!r}: {k} rows" for c, k in bad))
    missing = [(c, int(row[f"__mf{i}"] or 0)) for i, c in enumerate(features)] + \
              [(c, int(row[f"__mg{i}"] or 0)) for i, c in enumerate(groups)]
    missing = [(c, k) for c, k in missing if k]
    if missing:
        text = ", ".join(f"column {c!r}: {k} rows" for c, k in missing)
        if not drop_missing:
            raise ValueError(f"missing values (null or NaN): {text}; pass drop_missing=True (--drop-missing) to drop "
                             "those rows (counted in the summary)")
        keep = F.lit(True)
        for c in features:
            keep = keep & ~missing_feature[c]
        for c in groups:
            keep = keep & ~missing_group[c]
        df = df.filter(keep)
    stats = df.agg(F.count(F.lit(1)).alias("rows"), F.countDistinct(id_col).alias("distinct"),
                   F.min(id_col).alias("lo"), F.max(id_col).alias("hi")).collect()[0]
    kept = int(stats["rows"])
    if stats["distinct"] != kept:
        raise ValueError(f"id column {id_col!r} has {kept - stats['distinct']} repeated values among {kept} rows; ids must be unique")
    if kept < 2:
        raise ValueError(f"clustering needs at least 2 rows; got {kept}")
    dense = dict(df.dtypes)[id_col] in ("int", "bigint", "smallint", "tinyint") and stats["lo"] == 0 and stats["hi"] == kept - 1
    return df, kept, rows - kept, dense


def leaf_index(df, id_col, dense):
    """Adds the leaf column: the row's rank in ascending id order (the id itself when the ids are
    0..n-1), from a range-partitioned sort, per-partition counts and their prefix sums."""
    if dense:
        return df.withColumn(LEAF, F.col(id_col).cast("long"))
    part = "__fairhac_part"
    ordered = df.orderBy(id_col).withColumn(part, F.spark_partition_id()).persist()
    counts = dict(ordered.groupBy(part).count().collect())
    starts, at = {}, 0
    for p in sorted(counts):
        starts[p] = at
        at += counts[p]
    schema = T.StructType(ordered.schema.fields + [T.StructField(LEAF, T.LongType(), False)])

    def number(batches):
        position = None
        for pdf in batches:
            if len(pdf) == 0:
                continue
            if position is None:
                position = starts[int(pdf[part].iloc[0])]
            pdf[LEAF] = np.arange(position, position + len(pdf), dtype=np.int64)
            position += len(pdf)
            yield pdf

    return ordered.mapInPandas(number, schema).drop(part)


def label_text(value):
    """A group label as the text the core reads (the estimator's and the CLI's: 1.0 -> "1")."""
    return _input._label(value)


def label_combinations(df, groups, limit):
    """The distinct combinations of the group columns' labels (as text) and their rows:
    (combinations, counts). More than `limit` combinations is an error naming the columns."""
    rows = df.groupBy(*groups).count().limit(limit + 1).collect()
    if len(rows) > limit:
        raise ValueError(f"groups {', '.join(map(repr, groups))}: more than {limit} distinct label combinations; "
                         "a protected attribute has a few groups (is a feature named as a group?)")
    totals = {}
    for r in rows:
        key = tuple(label_text(r[c]) for c in groups)
        totals[key] = totals.get(key, 0) + int(r["count"])
    combinations = sorted(totals)
    return [list(c) for c in combinations], [totals[c] for c in combinations]
