"""The per-micro-cluster pass (levels 2 and 3 of the summarised form, where the rows are): one
``groupBy(micro-cluster).applyInPandas`` task per micro-cluster hands its rows to the core
(``fairhac_micro_cluster``), which returns its merges with global ids, its summary for the top
(size, centroid, rows per label combination, member sample) and its part of fairness at every
level. Spark only moves the rows and the results."""

import json

import numpy as np
import pandas as pd
from pyspark.sql import types as T

from .. import _core
from .reading import LEAF, MICRO, label_text

MERGE, SUMMARY = 0, 1

SCHEMA = T.StructType([
    T.StructField("kind", T.IntegerType(), False),
    T.StructField("mc", T.LongType(), False),
    T.StructField("step", T.LongType(), False),
    T.StructField("a", T.LongType(), False),
    T.StructField("b", T.LongType(), False),
    T.StructField("height", T.DoubleType(), False),
    T.StructField("size", T.LongType(), False),
    T.StructField("first_leaf", T.LongType(), False),
    T.StructField("centroid", T.ArrayType(T.DoubleType()), True),
    T.StructField("counts", T.ArrayType(T.LongType()), True),
    T.StructField("sample", T.ArrayType(T.DoubleType()), True),
    T.StructField("level", T.ArrayType(T.LongType()), True),
    T.StructField("heights", T.ArrayType(T.DoubleType()), True),
])


def per_micro_cluster(request, plan, features, groups, combinations, dense_of, offsets):
    """The function each micro-cluster's rows go through on an executor. `dense_of` maps the raw
    labels to 0..m-1, `offsets[c]` is micro-cluster c's first global merge step, `combinations`
    the label combinations (as text) in the plan's order."""
    request_json = json.dumps(request).encode("utf-8")
    # The executors need no quality sample.
    plan_json = json.dumps({key: value for key, value in plan.items() if key != "quality_rows"}).encode("utf-8")
    index = {tuple(c): j for j, c in enumerate(combinations)}
    count = len(combinations)
    feats = list(features)

    def run(pdf):
        pdf = pdf.sort_values(LEAF, kind="stable")
        rows = np.ascontiguousarray(pdf[LEAF].to_numpy(dtype=np.int64))
        s = rows.shape[0]
        c = int(dense_of[int(pdf[MICRO].iloc[0])])
        x = np.ascontiguousarray(pdf[feats].to_numpy(dtype=np.float64))
        combos = None
        if groups:
            texts = zip(*(pdf[g].map(label_text).tolist() for g in groups))
            combos = np.fromiter((index[t] for t in texts), dtype=np.int64, count=s)
        merges, centroid, counts, sample, level, heights = _core.micro_cluster(
            request_json, plan_json, c, int(offsets[c]), rows, x, combos, count)
        summary = pd.DataFrame({
            "kind": np.full(1, SUMMARY, dtype=np.int32), "mc": [c], "step": [-1], "a": [-1], "b": [-1], "height": [0.0],
            "size": [s], "first_leaf": [int(rows[0])], "centroid": [centroid.tolist()], "counts": [counts.tolist()],
            "sample": [x[sample].ravel().tolist()], "level": [level.ravel().tolist()], "heights": [heights.tolist()]})
        if s == 1:
            return summary
        local = pd.DataFrame({
            "kind": np.full(s - 1, MERGE, dtype=np.int32), "mc": np.full(s - 1, c, dtype=np.int64),
            "step": np.arange(offsets[c], offsets[c] + s - 1, dtype=np.int64), "a": merges[:, 0].astype(np.int64),
            "b": merges[:, 1].astype(np.int64), "height": merges[:, 2], "size": merges[:, 3].astype(np.int64),
            "first_leaf": np.full(s - 1, -1, dtype=np.int64), "centroid": None, "counts": None, "sample": None,
            "level": None, "heights": None})
        return pd.concat([local, summary], ignore_index=True)

    return run


def collect_summaries(parts, m, d, plan):
    """The m summary rows on the driver, in micro-cluster order, as the run over summaries takes them."""
    summ = (parts.filter(parts["kind"] == SUMMARY)
            .select("mc", "size", "first_leaf", "centroid", "counts", "sample", "level", "heights")
            .toPandas().sort_values("mc").reset_index(drop=True))
    if len(summ) != m or not np.array_equal(summ["mc"].to_numpy(), np.arange(m)):
        raise RuntimeError("fairhac.spark: the per-micro-cluster pass returned the wrong micro-clusters")
    out = {
        "sizes": np.ascontiguousarray(summ["size"].to_numpy(dtype=np.int64)),
        "first_rows": np.ascontiguousarray(summ["first_leaf"].to_numpy(dtype=np.int64)),
        "centroids": np.ascontiguousarray(np.stack([np.asarray(v, dtype=np.float64) for v in summ["centroid"]]).reshape(m, d)),
        "heights": np.ascontiguousarray(np.stack([np.asarray(v, dtype=np.float64) for v in summ["heights"]]).reshape(m, 3)),
    }
    # Each micro-cluster's rows (min size, clusters, fair); the core checks that the sizes agree.
    level = np.stack([np.asarray(v, dtype=np.int64) for v in summ["level"]]).reshape(m, 3, 3)
    out["level"] = np.column_stack([level[0, :, 0], level[:, :, 1].sum(axis=0), level[:, :, 2].sum(axis=0)])
    if plan.get("columns") is not None:
        out["counts"] = np.ascontiguousarray(np.stack([np.asarray(v, dtype=np.int64) for v in summ["counts"]]))
    if plan.get("needs_members"):
        parts_ = [np.asarray(v, dtype=np.float64).reshape(-1, d) for v in summ["sample"]]
        out["member_offsets"] = np.ascontiguousarray(np.concatenate([[0], np.cumsum([p.shape[0] for p in parts_])]), dtype=np.int64)
        out["samples"] = np.ascontiguousarray(np.concatenate(parts_))
    return out
