"""One Python function per C entry point: numpy buffers in, numpy results out."""

import json

import numpy as np

from ._native import LIB, call, default_grid, ptr, text


def linkage(data, n, d, precomputed, method, metric, budget, threads, precision="double"):
    z = np.empty((max(n - 1, 0), 4))
    call("fairhac_linkage", ptr(data), n, d, int(precomputed), text(method), text(metric), budget, threads, text(precision), ptr(z))
    return z


def run(request, data, n, d, precomputed, groups=None, tree=None, micro_labels=None):
    """The whole run in the core (fairhac_run): `request` a dict of the estimator's parameters (the
    core's ClusteringRequest keys), `groups` (codes (n, A) int64, values per attribute, attribute
    names) or None, `tree` a Z for makefair. Returns (Z, labels, micro-cluster labels or None, the
    result dict: "summary" is what `fairhac cluster` writes to summary.json)."""
    import ctypes

    z = np.empty((max(n - 1, 0), 4))
    labels = np.empty(n, dtype=np.int64)
    micro = np.full(n, -1, dtype=np.int64)
    result = ctypes.c_void_p()
    codes, groups_json = _groups(groups)
    call("fairhac_run", _json(request), ptr(data), n, d, int(precomputed), ptr(codes), groups_json,
         ptr(None if tree is None else _z(tree)), ptr(micro_labels), ptr(z), ptr(labels), ptr(micro), ctypes.byref(result))
    try:
        payload = json.loads(ctypes.string_at(result.value).decode("utf-8"))
    finally:
        LIB.fairhac_free(result)
    return z, labels, (micro if micro[0] >= 0 else None) if n else None, payload


def _groups(groups):
    """(codes, the groups' JSON) as fairhac_run takes them, or Nones."""
    if groups is None:
        return None, None
    codes, value_lists, names_ = groups
    return codes, json.dumps({"names": list(names_), "values": [list(v) for v in value_lists]}).encode("utf-8")


def _json(request):
    return text(json.dumps(request, allow_nan=False))


def check_request(request):
    """The core's checks of a request's parameters alone (InvalidParameterError naming them)."""
    call("fairhac_check_request", _json(request))


def make_fair(request, z, n, groups):
    """Fair post-processing (fairhac_make_fair): `request` holds makefair_variant, makefair_h,
    makefair_k, makefair_eps, level_tolerance and the group options. Returns (binarised Z,
    completes (n - 1) 0/1, info (h, k, eps, threshold, nodes), levels 6 x 3 (min size, clusters,
    fair): the output's 3 rows, then the input's)."""
    out = np.empty((max(n - 1, 0), 4))
    completes = np.zeros(max(n - 1, 0), dtype=np.int64)
    info = np.empty(5)
    levels = np.empty((6, 3))
    codes, groups_json = _groups(groups)
    call("fairhac_make_fair", _json(request), ptr(_z(z)), n, ptr(codes), groups_json, ptr(out), ptr(completes), ptr(info),
         ptr(levels))
    return out, completes, info, levels


def labels(z, n, k):
    out = np.empty(n, dtype=np.int64)
    call("fairhac_labels", ptr(_z(z)), n, int(k), ptr(out))
    return out


TUNE_COLUMNS = ("rule", "b", "d", "mfc", "balance", "silhouette", "min_cluster_size", "dasgupta_cost", "seconds",
                "quality_loss", "tree_cost_ratio")


def tune(request, x, groups, grid_b, grid_d):
    """The grid search (fairhac_tune) of `request` (its auto_rules, linkage, schedule, ideal, ...);
    grid_b / grid_d None: the core's default grids for the request's schedule argument."""
    n, d = x.shape
    rules = request["auto_rules"]
    # None: the core's default grid for the request's schedule argument (a count of -1).
    grid_b = None if grid_b is None else np.ascontiguousarray(grid_b, dtype=np.float64)
    grid_d = None if grid_d is None else np.ascontiguousarray(grid_d, dtype=np.float64)
    k = int(request["n_clusters"])
    merges = request.get("schedule_arg") == "merges"
    size_b = len(default_grid(2 if merges else 0)) if grid_b is None else len(grid_b)
    size_d = len(default_grid(2 if merges else 1)) if grid_d is None else len(grid_d)
    capacity = len(rules) * max(size_b, 1) * max(size_d, 1)
    points = np.empty((capacity, len(TUNE_COLUMNS)))
    sizes = np.empty((capacity, k))
    count = np.zeros(1, dtype=np.int64)
    vanilla = np.empty(len(TUNE_COLUMNS))
    vanilla_sizes = np.empty(k)
    front = np.zeros(capacity, dtype=np.int64)
    recommendation = np.zeros(3, dtype=np.int64)
    minimum = np.zeros(1, dtype=np.int64)
    codes, groups_json = _groups(groups)
    call("fairhac_tune", _json(request), ptr(x), n, d, ptr(codes), groups_json, ptr(grid_b), -1 if grid_b is None else len(grid_b),
         ptr(grid_d), -1 if grid_d is None else len(grid_d), capacity, ptr(points), ptr(sizes), ptr(count), ptr(vanilla), ptr(vanilla_sizes), ptr(front),
         ptr(recommendation), ptr(minimum))
    c = int(count[0])
    return (points[:c], sizes[:c].astype(np.int64), vanilla, vanilla_sizes.astype(np.int64), front[:c].astype(bool),
            recommendation, int(minimum[0]))


def _z(z):
    z = np.ascontiguousarray(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] != 4:
        raise ValueError(f"Z must be an (n - 1) x 4 linkage matrix; got shape {z.shape}")
    return z
