"""Fair HAC where the data lives: the summarised form (spec section 10) on Apache Spark.

``fairhac.spark.fit(df, features=[...], groups=[...], id_col="id", n_clusters=k, ...)`` runs the
three levels of the summarised form on a Spark DataFrame:

1. Summary (distributed): every row gets a micro-cluster, by a seeded two-level k-means (Spark ML
   ``KMeans`` for ``round(sqrt(m))`` coarse cells, then a seeded k-means per cell in
   ``applyInPandas``), by Spark ML ``KMeans`` with k = m (``summariser="kmeans"``), or from a given
   column (``micro_cluster_col``). Labels are renumbered densely in increasing label order, as the
   in-process form does with a given assignment.
2. Top (driver): sizes, centroids (members' mean, summed in row order), group counts and the
   documented member samples (docs/algorithm.md, "The member sample") of the m micro-clusters are
   computed on the executors, one ``groupBy(micro_cluster).applyInPandas`` task per micro-cluster;
   only those m summaries reach the driver, where ``fairhac.summarised_top`` runs the exact HAC or
   FHAC over them.
3. Below (executors): the same ``applyInPandas`` pass runs the exact HAC of each micro-cluster
   (``fairhac.linkage``) and writes its merges with global ids straight away (offsets from the
   prefix sums of the m sizes, computed on the driver before the pass), following the assembly
   contract of docs/algorithm.md: the micro-clusters' merges first, micro-cluster-major, then the
   top's.

Rows are the leaves 0..n-1 of Z in ascending ``id_col`` order (ids 0..n-1 are used as they are),
so given the same micro-cluster assignment, Z and the labels equal those of the in-process
``FairAgglomerativeClustering(form="summarised").fit(X, groups=g, micro_cluster_labels=...)`` on the
rows in id order. No raw rows are collected: the driver sees the m summaries, the member samples,
the top and (for the quality figure) a seeded sample of at most ``quality_sample`` rows.

Command line: ``python -m fairhac.spark --input data.parquet --features x1 x2 --group sex --fair
--out results/`` writes linkage.parquet, labels.parquet, micro_clusters.parquet and summary.json.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

try:
    import pyspark  # noqa: F401
    from pyspark.sql import DataFrame, SparkSession, Window  # noqa: F401
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError('fairhac.spark needs pyspark and pyarrow: pip install "fairhac[spark]" '
                      '(or pip install pyspark pyarrow)') from error

from . import _core, _input
from ._linkage import DEFAULT_MICRO_CLUSTERS

try:
    from ._linkage import DEFAULT_FAIR_MICRO_CLUSTERS
except ImportError:  # pragma: no cover
    DEFAULT_FAIR_MICRO_CLUSTERS = DEFAULT_MICRO_CLUSTERS
from ._summarised import GOLDEN, _MASK, _mix, summarised_top

__all__ = ["SparkResult", "fit", "member_keys", "main"]

#: The in-process form's limits, mirrored so that the Spark port chooses the same member sample.
EXACT_PAIR_LIMIT = 3e8
SAMPLE_PAIR_LIMIT = 1e9
#: The in-process form summarises a micro-cluster above this many rows again (vanilla, with
#: min(10000, s / 2) micro-clusters, seed mix(seed ^ (c + 1))); so does the Spark port, through
#: fairhac.linkage(form="summarised"), which seeds its member samples with that seed too (the
#: in-process recursion keeps the outer sample seed): equal for ward, centroid and median.
BELOW_LIMIT = 10_000
#: Rows in the seeded sample the silhouette is computed on (as the CLI above n = 20000).
QUALITY_SAMPLE = 10_000

_LEAF, _MC, _CELL = "__fairhac_leaf", "__fairhac_mc", "__fairhac_cell"


# --------------------------------------------------------------------------------------------
# The documented member key, vectorised


def member_keys(rows, seed=0):
    """``fairhac.member_key`` over an array of rows (numpy uint64, wrapping arithmetic)."""
    z = np.asarray(rows, dtype=np.int64).astype(np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64((int(seed) * GOLDEN) & _MASK) + z
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _members(sizes):
    """How the in-process form chooses the top's members (SummarisedClustering.members(for:)):
    None for every member, else q."""
    n = float(sum(sizes))
    squares = 0.0
    for s in sizes:
        squares += float(s) * float(s)
    if (n * n - squares) / 2 <= EXACT_PAIR_LIMIT:
        return None
    q = math.floor(math.sqrt(2 * SAMPLE_PAIR_LIMIT) / len(sizes))
    return min(32, max(1, q))


def _bytes(text):
    """A Spark size setting ("2m", "1g", "512k", "0") in bytes; 0 means unlimited."""
    text = str(text).strip().lower().rstrip("b")
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if text and text[-1] in scale:
        return int(float(text[:-1]) * scale[text[-1]])
    return int(float(text or 0))


def _label(value):
    return _input._label(value)


# --------------------------------------------------------------------------------------------
# The result


class SparkResult:
    """What ``fit`` returns.

    labels : DataFrame (id, cluster) — the k-partition (clusters numbered by first appearance in id order).
    micro_clusters : DataFrame (id, micro_cluster) — 0..m-1.
    linkage : DataFrame (step, a, b, height, size) — Z with global ids, one row per merge (step = row of Z).
    top_linkage : ndarray (m - 1, 4) — the top's Z over the micro-clusters (leaf c = micro-cluster c).
    summary : dict — summary.json's fields where they apply.
    n, m : ints.
    """

    def __init__(self, *, labels, micro_clusters, linkage, top_linkage, summary, n, m, timings, leaves):
        self.labels = labels
        self.micro_clusters = micro_clusters
        self.linkage = linkage
        self.top_linkage = top_linkage
        self.summary = summary
        self.n = n
        self.m = m
        self.timings = timings
        self.leaves = leaves

    def linkage_matrix(self):
        """Z as scipy's (n - 1) x 4 float64 array, collected to the driver (it must fit in the
        driver's memory: 32 bytes a row). Collected in slices of steps, each one job, so that no
        single result exceeds spark.driver.maxResultSize."""
        z = np.empty((self.n - 1, 4))
        spark = self.linkage.sparkSession
        limit = _bytes(spark.conf.get("spark.driver.maxResultSize", "1g"))
        chunk = max(1000, limit // 200) if limit > 0 else self.n
        for lo in range(0, self.n - 1, chunk):
            pdf = self.linkage.filter((F.col("step") >= lo) & (F.col("step") < lo + chunk)).toPandas()
            steps = pdf["step"].to_numpy(dtype=np.int64)
            z[steps, 0] = pdf["a"].to_numpy(dtype=np.float64)
            z[steps, 1] = pdf["b"].to_numpy(dtype=np.float64)
            z[steps, 2] = pdf["height"].to_numpy(dtype=np.float64)
            z[steps, 3] = pdf["size"].to_numpy(dtype=np.float64)
        return z

    def write_linkage(self, path, mode="overwrite"):
        """Writes Z as Parquet (a, b, height, size), rows in merge order, without collecting it."""
        (self.linkage.orderBy("step").select("a", "b", "height", "size").write.mode(mode).parquet(path))

    def unpersist(self):
        for df in self._persisted:
            df.unpersist()

    _persisted = ()


# --------------------------------------------------------------------------------------------
# Input checks


def _check_input(df, features, group_cols, id_col, drop_missing):
    columns = set(df.columns)
    for c in [id_col, *features, *group_cols]:
        if c not in columns:
            raise ValueError(f"column {c!r} is not in the DataFrame (columns: {', '.join(df.columns)})")
    if not features:
        raise ValueError("features: name at least one numeric column")
    types = dict(df.dtypes)
    for c in features:
        if types[c] not in ("double", "float", "int", "bigint", "smallint", "tinyint") and not types[c].startswith("decimal"):
            raise ValueError(f"feature column {c!r} has type {types[c]}; features must be numeric")
    missing_feature = {c: (F.col(c).isNull() | F.isnan(F.col(c).cast("double"))) for c in features}
    missing_group = {c: F.col(c).isNull() for c in group_cols}
    infinite = {c: F.col(c).cast("double").isin(float("inf"), float("-inf")) for c in features}
    aggs = [F.count(F.lit(1)).alias("__rows"), F.sum(F.col(id_col).isNull().cast("long")).alias("__id_null"),
            F.countDistinct(id_col).alias("distinct"), F.min(id_col).alias("lo"), F.max(id_col).alias("hi")]
    for i, c in enumerate(features):
        aggs.append(F.sum(missing_feature[c].cast("long")).alias(f"__mf{i}"))
        aggs.append(F.sum(infinite[c].cast("long")).alias(f"__inf{i}"))
    for i, c in enumerate(group_cols):
        aggs.append(F.sum(missing_group[c].cast("long")).alias(f"__mg{i}"))
    row = df.agg(*aggs).collect()[0]
    rows = int(row["__rows"])
    if row["__id_null"]:
        raise ValueError(f"id column {id_col!r} has {row['__id_null']} null values; every row needs a unique id")
    bad = [(c, int(row[f"__inf{i}"])) for i, c in enumerate(features) if row[f"__inf{i}"]]
    if bad:
        raise ValueError("infinite feature values: " + ", ".join(f"column {c!r}: {k} rows" for c, k in bad))
    missing = [(c, int(row[f"__mf{i}"] or 0)) for i, c in enumerate(features)] + \
              [(c, int(row[f"__mg{i}"] or 0)) for i, c in enumerate(group_cols)]
    missing = [(c, k) for c, k in missing if k]
    dropped = 0
    if missing:
        text = ", ".join(f"column {c!r}: {k} rows" for c, k in missing)
        if not drop_missing:
            raise ValueError(f"missing values (null or NaN): {text}; pass drop_missing=True (--drop-missing) to drop "
                             "those rows (counted in the summary)")
        keep = None
        for c in features:
            keep = ~missing_feature[c] if keep is None else keep & ~missing_feature[c]
        for c in group_cols:
            keep = keep & ~missing_group[c]
        df = df.filter(keep)
        row = df.agg(F.count(F.lit(1)).alias("__rows"), F.countDistinct(id_col).alias("distinct"),
                     F.min(id_col).alias("lo"), F.max(id_col).alias("hi")).collect()[0]
        dropped = rows - int(row["__rows"])
        rows = int(row["__rows"])
    stats = row
    if stats["distinct"] != rows:
        raise ValueError(f"id column {id_col!r} has {rows - stats['distinct']} repeated values among {rows} rows; "
                         "ids must be unique")
    if rows < 2:
        raise ValueError(f"clustering needs at least 2 rows; got {rows}")
    dense = types[id_col] in ("int", "bigint", "smallint", "tinyint") and stats["lo"] == 0 and stats["hi"] == rows - 1
    return df, rows, dropped, dense


def _leaf_index(df, id_col, dense):
    """Adds the leaf column: the row's rank in ascending id order (the id itself when the ids are
    0..n-1). Ranks come from a range-partitioned sort, per-partition counts and their prefix sums."""
    if dense:
        return df.withColumn(_LEAF, F.col(id_col).cast("long"))
    part = "__fairhac_part"
    sorted_df = df.orderBy(id_col).withColumn(part, F.spark_partition_id()).persist()
    counts = dict(sorted_df.groupBy(part).count().collect())
    starts, at = {}, 0
    for p in sorted(counts):
        starts[p] = at
        at += counts[p]
    schema = T.StructType(sorted_df.schema.fields + [T.StructField(_LEAF, T.LongType(), False)])

    def number(batches):
        position = None
        for pdf in batches:
            if len(pdf) == 0:
                continue
            if position is None:
                position = starts[int(pdf[part].iloc[0])]
            pdf[_LEAF] = np.arange(position, position + len(pdf), dtype=np.int64)
            position += len(pdf)
            yield pdf

    return sorted_df.mapInPandas(number, schema).drop(part)


def _group_names(df, group_cols):
    """Each attribute's group names (sorted as text, as the package numbers them) and a map from
    the column's values to group ids."""
    out = []
    for c in group_cols:
        values = [r[0] for r in df.select(c).distinct().limit(10_001).collect()]
        if len(values) > 10_000:
            raise ValueError(f"group column {c!r} has more than 10000 distinct values: not a protected attribute")
        names = sorted({_label(v) for v in values})
        index = {name: i for i, name in enumerate(names)}
        out.append((c, names, {v: index[_label(v)] for v in values}))
    return out


# --------------------------------------------------------------------------------------------
# Level 1: the summariser


def _kmeans_pp(x, k, rng):
    n = x.shape[0]
    centres = np.empty((k, x.shape[1]))
    centres[0] = x[rng.integers(n)]
    closest = ((x - centres[0]) ** 2).sum(axis=1)
    for j in range(1, k):
        total = closest.sum()
        if total <= 0:
            centres[j:] = centres[0]
            break
        i = int(np.searchsorted(np.cumsum(closest), rng.random() * total, side="right"))
        centres[j] = x[min(i, n - 1)]
        closest = np.minimum(closest, ((x - centres[j]) ** 2).sum(axis=1))
    return centres


def _nearest(x, centres, chunk=32_768):
    out = np.empty(x.shape[0], dtype=np.int64)
    cc = (centres ** 2).sum(axis=1)
    for s in range(0, x.shape[0], chunk):
        block = x[s:s + chunk]
        dist = cc[None, :] - 2.0 * block @ centres.T
        out[s:s + chunk] = np.argmin(dist, axis=1)
    return out


def _fine_kmeans(x, k, rng, passes=3, sample=None):
    """k-means++ on a sample of min(n, 16 k) rows (or `sample` rows), `passes` Lloyd passes over all rows."""
    n = x.shape[0]
    if k >= n:
        return np.arange(n, dtype=np.int64)
    if k <= 1:
        return np.zeros(n, dtype=np.int64)
    size = min(n, sample or 16 * k)
    sample = x if size == n else x[np.sort(rng.choice(n, size=size, replace=False))]
    centres = _kmeans_pp(sample, k, rng)
    labels = _nearest(x, centres)
    for _ in range(passes):
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, x)
        counts = np.bincount(labels, minlength=k)
        full = counts > 0
        centres[full] = sums[full] / counts[full, None]
        labels = _nearest(x, centres)
    return labels


def _summarise(df, features, n, m, seed, summariser, coarse_iterations):
    """Adds the raw micro-cluster label column (not yet dense)."""
    from pyspark.ml.clustering import KMeans
    from pyspark.ml.feature import VectorAssembler

    vec = "__fairhac_vec"
    if summariser == "kmeans":
        assembled = VectorAssembler(inputCols=list(features), outputCol=vec).transform(df)
        model = KMeans(k=m, seed=seed, featuresCol=vec, predictionCol=_MC, maxIter=coarse_iterations).fit(assembled)
        return model.transform(assembled).drop(vec).withColumn(_MC, F.col(_MC).cast("long"))
    # Two levels. Coarse: k1 = round(sqrt(m)) centres by k-means++ and `coarse_iterations` Lloyd
    # passes on a seeded sample of about max(64 k1, 4096) rows (chosen by a hash of the leaf, the
    # only rows besides the member samples that reach the driver), as the in-process summariser.
    k1 = max(1, min(m, int(round(math.sqrt(m)))))
    sample_rows = min(n, max(64 * k1, 4096))
    fraction = min(1.0, 1.2 * sample_rows / n)
    threshold = int(fraction * 1_000_000_007)
    hashed = F.pmod(F.xxhash64(F.col(_LEAF), F.lit(int(seed) ^ 0xC0A25E)), F.lit(1_000_000_007))
    sample = df.filter(hashed < F.lit(threshold)).select(_LEAF, *features).toPandas().sort_values(_LEAF)
    xs = np.ascontiguousarray(sample[list(features)].to_numpy(dtype=np.float64))
    rng = np.random.default_rng([int(seed) & _MASK, 0xC0A25E])
    coarse = _fine_kmeans(xs, min(k1, xs.shape[0]), rng, passes=coarse_iterations, sample=xs.shape[0])
    centres = np.stack([xs[coarse == c].mean(axis=0) for c in np.unique(coarse)])
    feats = list(features)
    cell_schema = T.StructType(df.schema.fields + [T.StructField(_CELL, T.LongType(), False)])

    def cells(batches):
        for pdf in batches:
            x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
            pdf[_CELL] = _nearest(x, centres)
            yield pdf

    # Fine, per cell of n_c rows: m_c = min(n_c, max(1, round(m n_c / n))) centres by k-means++ on
    # a sample of min(n_c, 16 m_c) rows and 3 Lloyd passes over the cell, seeded by (seed, cell).
    # Raw label cell * m + centre: dense renumbering numbers them cell by cell, centre by centre.
    schema = T.StructType(cell_schema.fields + [T.StructField(_MC, T.LongType(), False)])

    def fine(pdf):
        pdf = pdf.sort_values(_LEAF, kind="stable").reset_index(drop=True)
        c = int(pdf[_CELL].iloc[0])
        x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
        nc = x.shape[0]
        mc = min(nc, max(1, int(round(m * nc / n))))
        rng = np.random.default_rng([int(seed) & _MASK, c + 1])
        pdf[_MC] = c * m + _fine_kmeans(x, mc, rng)
        return pdf

    return df.mapInPandas(cells, cell_schema).groupBy(_CELL).applyInPandas(fine, schema).drop(_CELL)


# --------------------------------------------------------------------------------------------
# Levels 2 and 3


def _summary_schema():
    return T.StructType([
        T.StructField("kind", T.IntegerType(), False),
        T.StructField("mc", T.LongType(), False),
        T.StructField("step", T.LongType(), False),
        T.StructField("a", T.LongType(), False),
        T.StructField("b", T.LongType(), False),
        T.StructField("height", T.DoubleType(), False),
        T.StructField("size", T.LongType(), False),
        T.StructField("min_leaf", T.LongType(), False),
        T.StructField("centroid", T.ArrayType(T.DoubleType()), True),
        T.StructField("counts", T.ArrayType(T.LongType()), True),
        T.StructField("sample", T.ArrayType(T.DoubleType()), True),
    ])


def _per_micro_cluster(features, group_maps, n, dense_of, offsets, linkage, metric, q, sample_all, seed):
    """The function each micro-cluster's rows go through on an executor: its summary row (kind 1)
    and its own merges with global ids (kind 0)."""
    import pandas as pd

    from . import _linkage

    feats = list(features)
    needs_members = linkage not in ("ward", "centroid", "median")

    def run(pdf):
        pdf = pdf.sort_values(_LEAF, kind="stable")
        leaves = pdf[_LEAF].to_numpy(dtype=np.int64)
        s = leaves.shape[0]
        c = int(dense_of[int(pdf[_MC].iloc[0])])
        x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
        # The centroid exactly as the core: summed in row order from 0, then divided by the size.
        acc = np.add.accumulate(np.vstack([np.zeros((1, x.shape[1])), x]), axis=0)[-1]
        centroid = acc / float(s)
        counts = []
        for column, names, index in group_maps:
            ids = np.fromiter((index[v] for v in pdf[column].tolist()), dtype=np.int64, count=s)
            counts.extend(np.bincount(ids, minlength=len(names)).tolist())
        sample = None
        if needs_members:
            if sample_all or s <= q:
                chosen = x
            else:
                keys = member_keys(leaves, seed)
                pick = np.sort(np.argsort(keys, kind="stable")[:q])
                chosen = x[pick]
            sample = chosen.ravel().tolist()
        summary = pd.DataFrame({
            "kind": np.ones(1, dtype=np.int32), "mc": [c], "step": [-1], "a": [-1], "b": [-1], "height": [0.0], "size": [s],
            "min_leaf": [int(leaves[0])], "centroid": [centroid.tolist()], "counts": [counts], "sample": [sample]})
        if s == 1:
            return summary
        if s <= BELOW_LIMIT:
            z = _linkage.linkage(x, linkage, metric, n_jobs=1)
        else:
            # As the in-process below level: summarised again (vanilla, serial) with
            # min(10000, s / 2) micro-clusters and the seed mix(seed ^ (c + 1)).
            z = _linkage.linkage(x, linkage, metric, n_jobs=1, form="summarised",
                                 micro_clusters=min(BELOW_LIMIT, max(2, s // 2)),
                                 summary_seed=_mix((int(seed) & _MASK) ^ (c + 1)))
        off = int(offsets[c])
        base = n + off - s

        def glob(ids):
            ids = ids.astype(np.int64)
            return np.where(ids < s, leaves[np.minimum(ids, s - 1)], ids + base)

        a, b = glob(z[:, 0]), glob(z[:, 1])
        merges = pd.DataFrame({
            "kind": np.zeros(s - 1, dtype=np.int32), "mc": np.full(s - 1, c, dtype=np.int64),
            "step": np.arange(off, off + s - 1, dtype=np.int64), "a": np.minimum(a, b), "b": np.maximum(a, b),
            "height": z[:, 2], "size": z[:, 3].astype(np.int64), "min_leaf": np.full(s - 1, -1, dtype=np.int64),
            "centroid": None, "counts": None,
            "sample": None})
        return pd.concat([merges, summary], ignore_index=True)

    return run


def _unit_sizes(top, m):
    """The top's Z with its size column counting micro-clusters (as a Z over m leaves)."""
    unit = np.array(top, dtype=np.float64, copy=True)
    size = np.ones(2 * m - 1)
    for j in range(m - 1):
        size[m + j] = size[int(unit[j, 0])] + size[int(unit[j, 1])]
        unit[j, 3] = size[m + j]
    return unit


def _top_rows(top, sizes, min_leaf, offsets, n):
    """The top's merges with global ids (the contract's second part)."""
    m = len(sizes)
    root = np.where(sizes == 1, min_leaf, n + offsets + sizes - 2)
    base = n + (n - m)
    ids = top[:, :2].astype(np.int64)
    glob = np.where(ids < m, root[np.minimum(ids, m - 1)], base + ids - m)
    a, b = glob.min(axis=1), glob.max(axis=1)
    return {"step": np.arange(n - m, n - 1, dtype=np.int64), "a": a, "b": b, "height": top[:, 2],
            "size": top[:, 3].astype(np.int64)}


# --------------------------------------------------------------------------------------------
# Fairness of the k-partition from the micro-clusters' counts


def _fairness(cluster_counts, attributes, ideal):
    """MFC, MFC-sum, balance (combined over attributes as spec section 9) and per attribute,
    from per-cluster counts (k x g)."""
    k = cluster_counts.shape[0]
    cost = np.zeros(k)
    cost_sum = np.zeros(k)
    balance = np.ones(k)
    each = []
    start = 0
    for name, names in attributes:
        g = len(names)
        counts = cluster_counts[:, start:start + g].astype(np.float64)
        rho = ideal[start:start + g]
        sizes = counts.sum(axis=1, keepdims=True)
        shares = np.divide(counts, sizes, out=np.zeros_like(counts), where=sizes > 0)
        dev = np.abs(shares - rho)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(shares > 0, np.minimum(shares / rho, rho / shares), 0.0)
        bal = ratio.min(axis=1)
        each.append({"name": name, "names": list(names), "counts": counts.sum(axis=0).astype(int).tolist(),
                     "ideal": rho.tolist(), "mfc": float(dev.max(axis=1).sum()), "balance": float(bal.min())})
        cost = np.maximum(cost, dev.max(axis=1))
        cost_sum += dev.sum(axis=1)
        balance = np.minimum(balance, bal)
        start += g
    return float(cost.sum()), float(cost_sum.sum()), float(balance.min()), balance, cost, each


# --------------------------------------------------------------------------------------------
# fit


def fit(df, features, groups=None, *, id_col="id", n_clusters=2, linkage="ward", method="fhac", metric="euclidean",
        rule="gain", b=0.0, d=0.0, schedule="exp", schedule_arg="progress", schedule_a=1.0, schedule_c=1.0,
        ideal="data", paper_variant="literal", force=False, micro_clusters=None, micro_cluster_col=None,
        summariser="two-level", seed=0, drop_missing=False, quality_sample=QUALITY_SAMPLE, coarse_iterations=8,
        memory_limit=None, n_jobs=None, storage_level=None):
    """The summarised fair HAC of a Spark DataFrame (see the module's documentation).

    Parameters
    ----------
    df : pyspark.sql.DataFrame; features : list of numeric column names; groups : list of protected
        attribute columns (one or more; required for method="fhac").
    id_col : a unique id per row; the leaves of Z are the rows in ascending id order.
    n_clusters : k (at most m); linkage, metric, method ("fhac" or "hac"), rule, b, d, schedule,
        schedule_arg, schedule_a, schedule_c, ideal, paper_variant, force: as
        ``FairAgglomerativeClustering``.
    micro_clusters : m (default as the in-process form: 10000 for fhac, 20000 for hac; at most n); micro_cluster_col : a column of given
        micro-cluster labels (integers; renumbered densely in increasing order) instead of the summariser.
    summariser : "two-level" (Spark ML KMeans coarse cells + seeded k-means per cell) or "kmeans"
        (Spark ML KMeans with k = m); seed : the summariser's and the member samples' seed (the
        in-process ``summary_seed``).
    drop_missing : drop rows with a null/NaN feature or a null group (counted), instead of an error.
    quality_sample : rows of the seeded sample the silhouette is computed on (0: none).
    coarse_iterations : Lloyd passes of the coarse k-means (two-level), or Spark ML KMeans' maxIter
        (summariser="kmeans").
    memory_limit, n_jobs : the driver's top (as the estimator's).
    storage_level : how the labelled rows and the per-micro-cluster results are persisted
        (default MEMORY_AND_DISK); ``result.unpersist()`` releases them.

    Returns
    -------
    SparkResult
    """
    from pyspark import StorageLevel

    timings = {}
    clock = time.perf_counter()
    features = [features] if isinstance(features, str) else list(features)
    group_cols = [] if groups is None else ([groups] if isinstance(groups, str) else list(groups))
    if method not in ("fhac", "hac"):
        raise ValueError(f"method must be 'fhac' or 'hac' on Spark; got {method!r}")
    if linkage not in _input.LINKAGES:
        raise ValueError(f"linkage must be one of {', '.join(_input.LINKAGES)}; got {linkage!r}")
    if linkage in ("ward", "centroid", "median") and metric != "euclidean":
        raise ValueError(f"{linkage} linkage requires the euclidean metric (got {metric}), as in scipy")
    if metric not in _input.METRICS:
        raise ValueError(f"metric must be one of {', '.join(_input.METRICS)}; got {metric!r}")
    if method == "fhac" and not group_cols:
        raise ValueError("fair clustering needs protected groups: pass groups=[column, ...]")
    if summariser not in ("two-level", "kmeans"):
        raise ValueError(f"summariser must be 'two-level' or 'kmeans'; got {summariser!r}")
    level = storage_level or StorageLevel.MEMORY_AND_DISK
    persisted = []
    describe = _describer(df)
    describe("fairhac: input checks")

    df, n, dropped, dense = _check_input(df, features, group_cols, id_col, drop_missing)
    group_maps = _group_names(df, group_cols)
    data = _leaf_index(df.select(id_col, *features, *group_cols), id_col, dense)
    default_m = DEFAULT_FAIR_MICRO_CLUSTERS if method == "fhac" else DEFAULT_MICRO_CLUSTERS
    m_wanted = min(n, int(micro_clusters or default_m))
    timings["checks"] = time.perf_counter() - clock

    # Level 1: each row's micro-cluster.
    clock = time.perf_counter()
    describe("fairhac: level 1 (summary)")
    if micro_cluster_col is not None:
        if micro_cluster_col not in df.columns:
            raise ValueError(f"micro_cluster_col {micro_cluster_col!r} is not in the DataFrame")
        labelled = _leaf_index(df.select(id_col, *features, *group_cols, F.col(micro_cluster_col).cast("long").alias(_MC)),
                               id_col, dense)
        nulls = labelled.filter(F.col(_MC).isNull() | (F.col(_MC) < 0)).count()
        if nulls:
            raise ValueError(f"micro_cluster_col {micro_cluster_col!r}: {nulls} rows without a label >= 0")
        summariser_settings = {"method": "given", "column": micro_cluster_col}
    else:
        if m_wanted < 2:
            raise ValueError(f"micro_clusters must be at least 2; got {micro_clusters}")
        labelled = _summarise(data, features, n, m_wanted, seed, summariser, coarse_iterations)
        summariser_settings = {"method": f"spark-{summariser}", "micro_clusters": str(m_wanted), "seed": str(seed),
                               "coarse_iterations": str(coarse_iterations)}
    labelled = labelled.persist(level)
    persisted.append(labelled)
    raw_sizes = sorted((int(r[0]), int(r[1])) for r in labelled.groupBy(_MC).count().collect())
    timings["level1_summary"] = time.perf_counter() - clock

    # Dense numbering, sizes, offsets and the member sample, all from the m sizes.
    clock = time.perf_counter()
    m = len(raw_sizes)
    if m < 1:
        raise ValueError("no micro-clusters")
    dense_of = {label: c for c, (label, _) in enumerate(raw_sizes)}
    sizes = np.array([s for _, s in raw_sizes], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes - 1)[:-1]]).astype(np.int64)
    k = int(n_clusters)
    if not 1 <= k <= m:
        raise ValueError(f"n_clusters = {k} must be between 1 and the number of micro-clusters m = {m} "
                         "(cuts into k <= m clusters never split a micro-cluster)")
    needs_members = linkage not in ("ward", "centroid", "median")
    q = _members(sizes.tolist()) if needs_members else None
    sample_all = needs_members and q is None

    describe("fairhac: level 3 (below) and the micro-cluster summaries")
    fn = _per_micro_cluster(features, group_maps, n, dense_of, offsets, linkage, metric, q or 0, sample_all, seed)
    parts = labelled.groupBy(_MC).applyInPandas(fn, _summary_schema()).persist(level)
    persisted.append(parts)
    summ = parts.filter(F.col("kind") == 1).select("mc", "size", "min_leaf", "centroid", "counts", "sample").toPandas()
    timings["level3_below_and_summaries"] = time.perf_counter() - clock

    # Level 2 on the driver.
    clock = time.perf_counter()
    summ = summ.sort_values("mc").reset_index(drop=True)
    if len(summ) != m or not np.array_equal(summ["size"].to_numpy(dtype=np.int64), sizes):
        raise RuntimeError("the per-micro-cluster pass disagrees with the micro-cluster sizes")
    centroids = np.stack([np.asarray(v, dtype=np.float64) for v in summ["centroid"]])
    min_leaf = summ["min_leaf"].to_numpy(dtype=np.int64)
    g = sum(len(names) for _, names, _ in group_maps)
    counts = np.stack([np.asarray(v, dtype=np.int64) for v in summ["counts"]]) if g else None
    samples, member_offsets = None, None
    if needs_members:
        parts_ = [np.asarray(v, dtype=np.float64).reshape(-1, len(features)) for v in summ["sample"]]
        member_offsets = np.concatenate([[0], np.cumsum([p.shape[0] for p in parts_])]).astype(np.int64)
        samples = np.concatenate(parts_)
    fair = None
    if method == "fhac":
        fair = {"rule": rule, "b": b, "d": d, "schedule": schedule, "schedule_arg": schedule_arg,
                "schedule_a": schedule_a, "schedule_c": schedule_c, "paper_variant": paper_variant, "ideal": ideal,
                "force": force}
    top = summarised_top(sizes, centroids, method=linkage, k=k if fair else None, group_counts=counts,
                         attribute_sizes=[len(names) for _, names, _ in group_maps] if g else None,
                         member_samples=samples, member_offsets=member_offsets, metric=metric, fair=fair,
                         memory_limit=memory_limit, n_jobs=n_jobs)
    top_labels = _core.labels(_unit_sizes(top, m), m, k)
    # Clusters numbered by first appearance in row order (as the in-process labels_).
    first = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first, top_labels, min_leaf)
    renumber = np.empty(k, dtype=np.int64)
    renumber[np.argsort(first, kind="stable")] = np.arange(k)
    cluster_of = renumber[top_labels]
    timings["level2_top"] = time.perf_counter() - clock

    # The global Z and the labels, assembled by Spark.
    clock = time.perf_counter()
    spark = df.sparkSession
    top_pdf = _top_rows(top, sizes, min_leaf, offsets, n)
    import pandas as pd
    top_df = spark.createDataFrame(pd.DataFrame(top_pdf), "step long, a long, b long, height double, size long")
    z_df = parts.filter(F.col("kind") == 0).select("step", "a", "b", "height", "size").unionByName(top_df)
    map_pdf = pd.DataFrame({"__raw": np.array([r for r, _ in raw_sizes], dtype=np.int64),
                            "micro_cluster": np.arange(m, dtype=np.int64), "cluster": cluster_of.astype(np.int64)})
    mapping = F.broadcast(spark.createDataFrame(map_pdf, "__raw long, micro_cluster long, cluster long"))
    assigned = labelled.join(mapping, labelled[_MC] == mapping["__raw"])
    micro_df = assigned.select(F.col(id_col), F.col("micro_cluster"))
    labels_df = assigned.select(F.col(id_col), F.col("cluster"))
    leaves_df = None if dense else labelled.select(F.col(_LEAF).alias("leaf"), F.col(id_col))

    # Summary (summary.json's fields where they apply).
    cluster_sizes = np.bincount(cluster_of, weights=sizes, minlength=k).astype(np.int64)
    summary = {
        "tool": "fairhac", "version": _version(), "engine": "spark", "n": n, "k": k, "method": method,
        "linkage": linkage, "metric": metric,
        "input": {"features": features, "rows_used": n, "rows_dropped": dropped, "id_column": id_col,
                  "leaves": "ids 0..n-1" if dense else "rank in ascending id order"},
        "options": ({"rule": rule, "b": b, "d": d, "schedule": schedule, "schedule_arg": schedule_arg,
                     "schedule_a": schedule_a, "schedule_c": schedule_c, "ideal": ideal if isinstance(ideal, str) else list(ideal),
                     "paper_variant": paper_variant} if method == "fhac" else {}),
        "cluster_sizes": cluster_sizes.tolist(), "min_cluster_size": int(cluster_sizes.min()),
        "form": {
            "kind": "summarised", "micro_clusters": m, "largest_micro_cluster": int(sizes.max()),
            "summariser": summariser_settings,
            "top_dissimilarities": ("micro-cluster centroids and sizes (exact)" if not needs_members
                                    else "every member pair (exact)" if sample_all
                                    else f"member samples: the {q} members with the smallest key per micro-cluster (seed {seed})"),
            "note": "the first n - m merges join points inside micro-clusters, the last m - 1 join micro-clusters: "
                    "cuts into k <= m clusters never split a micro-cluster",
        },
    }
    if sizes.max() > BELOW_LIMIT:
        summary["form"]["below"] = (f"micro-clusters above {BELOW_LIMIT} rows were summarised again on their executor "
                                    "(vanilla, min(10000, s / 2) micro-clusters), as the in-process form does")
    if g:
        attributes = [(column, names) for column, names, _ in group_maps]
        cluster_counts = np.zeros((k, g), dtype=np.int64)
        np.add.at(cluster_counts, cluster_of, counts)
        shares = _ideal_shares(ideal, counts, attributes)
        mfc, mfc_sum, balance, per_balance, cost, each = _fairness(cluster_counts, attributes, shares)
        all_names = [f"{column}={name}" if len(attributes) > 1 else name for column, names in attributes for name in names]
        summary.update({
            "mfc": mfc, "mfc_sum": mfc_sum, "balance": balance,
            "attributes": {"mode": "separate", "each": each} if len(attributes) > 1 else None,
            "groups": {"column": ",".join(group_cols), "names": all_names,
                       "counts": counts.sum(axis=0).astype(int).tolist(), "ideal": shares.tolist(),
                       "ideal_rule": ideal if isinstance(ideal, str) else "given"},
            "clusters": [{"label": j, "size": int(cluster_sizes[j]),
                          "group_counts": dict(zip(all_names, cluster_counts[j].tolist())),
                          "shares": dict(zip(all_names, (cluster_counts[j] / max(1, cluster_sizes[j] * 1.0)).tolist())),
                          "max_deviation": float(cost[j]), "balance": float(per_balance[j])} for j in range(k)],
        })
    else:
        summary["clusters"] = [{"label": j, "size": int(cluster_sizes[j])} for j in range(k)]
    timings["assembly_plan"] = time.perf_counter() - clock

    clock = time.perf_counter()
    describe("fairhac: quality sample")
    if quality_sample and k >= 2:
        cluster_of_raw = {raw: int(cluster_of[c]) for raw, c in dense_of.items()}
        summary["quality_sample"] = _silhouette(labelled, features, int(quality_sample), seed, metric, n, cluster_of_raw)
    timings["quality_sample"] = time.perf_counter() - clock
    summary["timings_seconds"] = {key: round(v, 3) for key, v in timings.items()}
    describe(None)

    result = SparkResult(labels=labels_df, micro_clusters=micro_df, linkage=z_df, top_linkage=top, summary=summary,
                         n=n, m=m, timings=timings, leaves=leaves_df)
    result._persisted = tuple(persisted)
    return result


def _describer(df):
    """Sets the Spark job description (shown in the UI and the status API) for each level."""
    try:
        context = df.sparkSession.sparkContext
    except Exception:  # Spark Connect has no SparkContext
        return lambda text: None
    return lambda text: context.setJobDescription(text)


def _ideal_shares(ideal, counts, attributes):
    if isinstance(ideal, str) and ideal in ("data", "uniform"):
        out = []
        start = 0
        for _, names in attributes:
            g = len(names)
            if ideal == "uniform":
                out.extend([1.0 / g] * g)
            else:
                totals = counts[:, start:start + g].sum(axis=0).astype(np.float64)
                out.extend((totals / totals.sum()).tolist())
            start += g
        return np.asarray(out)
    kind, given = _input.ideal(ideal, counts.shape[1])
    return np.asarray(given, dtype=np.float64)


def _silhouette(labelled, features, size, seed, metric, n, cluster_of_raw):
    """The silhouette of the k-partition on a seeded sample of at most `size` rows: the rows with
    the smallest xxhash64(leaf, seed) among those under a hash threshold (about 1.25 size rows
    reach the driver), as scikit-learn's silhouette_score(sample_size=...)."""
    from sklearn.metrics import silhouette_score

    metric = "euclidean" if metric == "sqeuclidean" else metric
    fraction = min(1.0, 1.25 * size / max(1, n) + 1e-3)
    hashed = labelled.withColumn("__h", F.xxhash64(F.col(_LEAF), F.lit(int(seed))))
    kept = hashed.filter(F.pmod(F.col("__h"), F.lit(1_000_000_007)) < F.lit(int(fraction * 1_000_000_007)))
    rows = kept.select("__h", _MC, *features).toPandas().sort_values("__h", kind="stable").head(size)
    labels = np.array([cluster_of_raw[int(v)] for v in rows[_MC]], dtype=np.int64)
    value = None
    if 2 <= len(set(labels.tolist())) <= len(labels) - 1:
        value = float(silhouette_score(rows[features].to_numpy(dtype=np.float64), labels, metric=metric))
    return {"silhouette": value, "sample_size": int(len(rows)), "seed": int(seed),
            "note": f"silhouette of the k-partition on {len(rows)} rows chosen by xxhash64(leaf, seed) "
                    "(seeded, without replacement); the tree objectives are skipped on Spark"}


def _version():
    from . import __version__
    return __version__


# --------------------------------------------------------------------------------------------
# Command line


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fairhac.spark", description=(
        "Fair hierarchical clustering of a Parquet/CSV table on Spark (the summarised form): writes "
        "linkage.parquet (a, b, height, size), labels.parquet (id, cluster), micro_clusters.parquet and summary.json."))
    parser.add_argument("--input", required=True, help="Parquet file or folder (or .csv with a header)")
    parser.add_argument("--features", nargs="+", required=True, help="feature columns (space or comma separated)")
    parser.add_argument("--group", nargs="+", default=[], help="protected attribute column(s)")
    parser.add_argument("--id", dest="id_col", default="id", help="unique id column (default id)")
    parser.add_argument("-k", "--clusters", type=int, default=4)
    parser.add_argument("--linkage", default="ward")
    parser.add_argument("--metric", default="euclidean")
    parser.add_argument("--fair", action="store_true", help="FHAC at the top (else vanilla HAC)")
    parser.add_argument("--rule", default="gain")
    parser.add_argument("-b", type=float, default=0.0)
    parser.add_argument("-d", type=float, default=0.0)
    parser.add_argument("--ideal", default="data")
    parser.add_argument("--micro-clusters", type=int, default=None)
    parser.add_argument("--micro-cluster-column", default=None)
    parser.add_argument("--summariser", default="two-level", choices=["two-level", "kmeans"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drop-missing", action="store_true")
    parser.add_argument("--quality-sample", type=int, default=QUALITY_SAMPLE)
    parser.add_argument("--master", default=None, help="Spark master (default: the session's, or local[*])")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args(argv)

    def split(values):
        return [v for part in values for v in part.split(",") if v]

    builder = SparkSession.builder.appName("fairhac")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    reader = spark.read
    df = (reader.option("header", True).option("inferSchema", True).csv(args.input)
          if args.input.endswith(".csv") else reader.parquet(args.input))
    result = fit(df, split(args.features), split(args.group) or None, id_col=args.id_col, n_clusters=args.clusters,
                 linkage=args.linkage, metric=args.metric, method="fhac" if args.fair else "hac", rule=args.rule,
                 b=args.b, d=args.d, ideal=args.ideal, micro_clusters=args.micro_clusters,
                 micro_cluster_col=args.micro_cluster_column, summariser=args.summariser, seed=args.seed,
                 drop_missing=args.drop_missing, quality_sample=args.quality_sample)
    os.makedirs(args.out, exist_ok=True)
    clock = time.perf_counter()
    result.write_linkage(os.path.join(args.out, "linkage.parquet"))
    result.labels.write.mode("overwrite").parquet(os.path.join(args.out, "labels.parquet"))
    result.micro_clusters.write.mode("overwrite").parquet(os.path.join(args.out, "micro_clusters.parquet"))
    result.summary["timings_seconds"]["write"] = round(time.perf_counter() - clock, 3)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(result.summary, f, indent=2, sort_keys=True)
    print(f"fairhac.spark: n = {result.n}, m = {result.m}, k = {args.clusters}; wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
