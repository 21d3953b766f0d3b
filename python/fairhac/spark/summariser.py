"""Spark's summariser (level 1 of the summarised form): every row gets a micro-cluster label, by
a seeded two-level k-means (coarse: k-means++ and Lloyd passes on a hashed sample of the rows on
the driver; fine: a seeded k-means per coarse cell in ``applyInPandas``), or by Spark ML ``KMeans``
with k = m (``summariser="kmeans"``). The labels are not dense; the driver numbers them."""

import math

import numpy as np
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .reading import CELL, LEAF, MICRO

_MASK = (1 << 64) - 1


def java_long(value):
    """A 64-bit unsigned seed as the signed long Spark takes (the same bits)."""
    value = int(value) & _MASK
    return value - (1 << 64) if value >= 1 << 63 else value


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


def summarise(df, features, n, m, seed, summariser, coarse_iterations):
    """Adds the raw micro-cluster label column (not yet dense)."""
    from pyspark.ml.clustering import KMeans
    from pyspark.ml.feature import VectorAssembler

    vec = "__fairhac_vec"
    if summariser == "kmeans":
        assembled = VectorAssembler(inputCols=list(features), outputCol=vec).transform(df)
        model = KMeans(k=m, seed=java_long(seed), featuresCol=vec, predictionCol=MICRO, maxIter=coarse_iterations).fit(assembled)
        return model.transform(assembled).drop(vec).withColumn(MICRO, F.col(MICRO).cast("long"))
    # Two levels. Coarse: k1 = round(sqrt(m)) centres by k-means++ and `coarse_iterations` Lloyd
    # passes on a seeded sample of about max(64 k1, 4096) rows (chosen by a hash of the leaf, the
    # only rows besides the member samples that reach the driver), as the in-process summariser.
    k1 = max(1, min(m, int(round(math.sqrt(m)))))
    sample_rows = min(n, max(64 * k1, 4096))
    fraction = min(1.0, 1.2 * sample_rows / n)
    threshold = int(fraction * 1_000_000_007)
    hashed = F.pmod(F.xxhash64(F.col(LEAF), F.lit(java_long(int(seed) ^ 0xC0A25E))), F.lit(1_000_000_007))
    sample = df.filter(hashed < F.lit(threshold)).select(LEAF, *features).toPandas().sort_values(LEAF)
    xs = np.ascontiguousarray(sample[list(features)].to_numpy(dtype=np.float64))
    rng = np.random.default_rng([int(seed) & _MASK, 0xC0A25E])
    coarse = _fine_kmeans(xs, min(k1, xs.shape[0]), rng, passes=coarse_iterations, sample=xs.shape[0])
    centres = np.stack([xs[coarse == c].mean(axis=0) for c in np.unique(coarse)])
    feats = list(features)
    cell_schema = T.StructType(df.schema.fields + [T.StructField(CELL, T.LongType(), False)])

    def cells(batches):
        for pdf in batches:
            x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
            pdf[CELL] = _nearest(x, centres)
            yield pdf

    # Fine, per cell of n_c rows: m_c = min(n_c, max(1, round(m n_c / n))) centres by k-means++ on
    # a sample of min(n_c, 16 m_c) rows and 3 Lloyd passes over the cell, seeded by (seed, cell).
    # Raw label cell * m + centre: dense renumbering numbers them cell by cell, centre by centre.
    schema = T.StructType(cell_schema.fields + [T.StructField(MICRO, T.LongType(), False)])

    def fine(pdf):
        pdf = pdf.sort_values(LEAF, kind="stable").reset_index(drop=True)
        c = int(pdf[CELL].iloc[0])
        x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
        nc = x.shape[0]
        mc = min(nc, max(1, int(round(m * nc / n))))
        rng = np.random.default_rng([int(seed) & _MASK, c + 1])
        pdf[MICRO] = c * m + _fine_kmeans(x, mc, rng)
        return pdf

    return df.mapInPandas(cells, cell_schema).groupBy(CELL).applyInPandas(fine, schema).drop(CELL)
