"""One Python function per C entry point: numpy buffers in, numpy results out."""

import json
import math

import numpy as np

from ._native import call, call_json, ptr, text

#: fairhac_run's data kinds.
FEATURES, DISTANCES, TREE_ONLY = 0, 1, 2


def run(request, data, n, d, kind, groups=None, tree=None, micro_labels=None):
    """The whole run in the core (fairhac_run): `request` a dict of the estimator's parameters (the
    core's ClusteringRequest keys), `data` features (kind FEATURES), a condensed distance vector
    (DISTANCES) or None (TREE_ONLY: `tree` post-processed alone), `groups` (codes (n, A) int64,
    values per attribute, attribute names) or None, `tree` a Z for makefair. Returns (Z, labels,
    micro-cluster labels or None, the result dict: "summary" is what `fairhac cluster` writes to
    summary.json)."""
    z = np.empty((max(n - 1, 0), 4))
    labels = np.empty(n, dtype=np.int64)
    micro = np.full(n, -1, dtype=np.int64)
    codes, groups_json = _groups(groups)
    payload = call_json("fairhac_run", _json(request), ptr(data), n, d, int(kind), ptr(codes), groups_json,
                        ptr(None if tree is None else _z(tree)), ptr(micro_labels), ptr(z), ptr(labels), ptr(micro))
    return z, labels, (micro if micro[0] >= 0 else None) if n else None, payload


def _groups(groups):
    """(codes, the groups' JSON) as fairhac_run takes them, or Nones."""
    if groups is None:
        return None, None
    codes, value_lists, names_ = groups
    return codes, json.dumps({"names": list(names_), "values": [list(v) for v in value_lists]}).encode("utf-8")


def _json(value):
    """A request or content as JSON text for the core; a value that JSON cannot carry (NaN,
    infinity) is refused naming its key, as a parameter."""
    _check_finite(value, None)
    return text(json.dumps(value, allow_nan=False))


def _check_finite(value, key):
    if isinstance(value, float) and not math.isfinite(value):
        from ._params import InvalidParameterError

        raise InvalidParameterError(f"{key or 'a parameter'} must be a finite number; got {value!r}")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_finite(v, k)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_finite(v, key)


def check_request(request):
    """The core's checks of a request's parameters alone (InvalidParameterError naming them)."""
    call("fairhac_check_request", _json(request))


def summarised_plan(request, plan_input):
    """The distributed summarised form's plan (fairhac_summarised_plan) as a dict."""
    return call_json("fairhac_summarised_plan", _json(request), _json(plan_input))


def micro_cluster(request_json, plan_json, index, offset, rows, x, combinations, combination_count):
    """One micro-cluster's task (fairhac_micro_cluster) on its rows (leaves, ascending) and
    features; `request_json` and `plan_json` as bytes (made once per pass). Returns (merges
    (s - 1, 4) with global ids, centroid (d,), counts per combination, sample (indices into
    rows), level rows (3, 3), heights (3,))."""
    s, d = x.shape
    merges = np.empty((max(s - 1, 0), 4))
    centroid = np.empty(d)
    counts = np.zeros(max(combination_count, 1), dtype=np.int64)
    sample = np.empty(s, dtype=np.int64)
    sample_count = np.zeros(1, dtype=np.int64)
    level = np.zeros((3, 3), dtype=np.int64)
    heights = np.empty(3)
    call("fairhac_micro_cluster", request_json, plan_json, int(index), int(offset), ptr(rows), s, d, ptr(x),
         ptr(combinations), ptr(merges), ptr(centroid), ptr(counts), ptr(sample), ptr(sample_count), ptr(level),
         ptr(heights))
    return merges, centroid, counts[:combination_count], sample[:int(sample_count[0])], level, heights


def run_summaries(request, content, sizes, centroids, first_rows, group_counts=None, samples=None,
                  sample_offsets=None, heights=None, quality_x=None, quality_micro=None):
    """The run over micro-cluster summaries (fairhac_run_summaries). Returns (the top's merges
    with global ids (m - 1, 4), the top's Z over the micro-clusters (m - 1, 4), each
    micro-cluster's cluster (m,), the result dict)."""
    m = sizes.shape[0]
    top = np.empty((max(m - 1, 0), 4))
    top_local = np.empty((max(m - 1, 0), 4))
    labels = np.empty(m, dtype=np.int64)
    result = call_json("fairhac_run_summaries", _json(request), _json(content), ptr(sizes), ptr(centroids),
                       ptr(first_rows), ptr(group_counts), ptr(samples), ptr(sample_offsets), ptr(heights),
                       ptr(quality_x), ptr(quality_micro), ptr(top), ptr(top_local), ptr(labels))
    return top, top_local, labels, result


def labels(z, n, k):
    out = np.empty(n, dtype=np.int64)
    call("fairhac_labels", ptr(_z(z)), n, int(k), ptr(out))
    return out


def tune(request, x, groups):
    """The search for the recommended setting (fairhac_tune) of `request` (the core's
    ClusteringRequest keys: auto_rules, grid_b, grid_d, search, linkage, schedule, ideal, ...).
    Returns the core's result dict: "best" (best.json), "points" (grid.csv's rows with cluster
    sizes and front membership), "screen" (the fast search's screen, or None), "vanilla",
    "recommendation", "min_cluster_size", "notices", "seconds"."""
    n, d = x.shape
    codes, groups_json = _groups(groups)
    return call_json("fairhac_tune", _json(request), ptr(x), n, d, ptr(codes), groups_json)


def _z(z):
    z = np.ascontiguousarray(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] != 4:
        raise ValueError(f"Z must be an (n - 1) x 4 linkage matrix; got shape {z.shape}")
    return z
