"""The summarised form from Python (spec section 10): the whole pipeline, and its two driver steps
for a distributed implementation (the Spark port): the top level over given micro-cluster
summaries, and the assembly of the global Z from per-micro-cluster local Zs and the top's Z.

The member sample of a micro-cluster is an exact, documented function (docs/algorithm.md):
``member_sample`` reproduces it in Python, so a distributed summariser sends the same rows.
"""

import ctypes

import numpy as np

from . import _input, _params
from ._native import LIB, _d, _err, _f64, _i, _i32, _i64, _s, _u64, _cancel, call, names, ptr, text

FORMS = _params.FORMS

_SIGNATURES = {
    "fairhac_summarised": [_d, _i64, _i64, _s, _s, _s, _i64, _i, _i64, _s, _s, _s, _s, _s, _s, _d, _i32, _d,
                           _i64, _u64, _i, _i32, _i64, _i32, _d, _d, _i, _d, _cancel] + _err,
    "fairhac_summarised_top": [_i64, _i64, _i, _d, _i, _i64, _i, _i64, _d, _i64, _i, _s, _s, _s, _i64, _s, _s, _s, _s, _d,
                               _i32, _d, _i32, _i64, _i32, _d, _d, _cancel] + _err,
    "fairhac_assemble": [_i64, _i64, _i, _d, _d, _d] + _err,
}
for _name, _argtypes in _SIGNATURES.items():
    _fn = getattr(LIB, _name)
    _fn.argtypes = _argtypes
    _fn.restype = ctypes.c_int32

_MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def _mix(z):
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _MASK
    return z ^ (z >> 31)


def member_key(row, seed=0):
    """The sampling key of a row: SplitMix64's finaliser of (seed * 0x9E3779B97F4A7C15 + row) mod 2^64."""
    return _mix((int(seed) * GOLDEN + int(row)) & _MASK)


def member_sample(rows, q, seed=0):
    """The q rows (of one micro-cluster) with the smallest keys, in increasing row order; all rows when
    there are at most q. This is the sample the summarised form's average, complete, single and
    weighted top uses."""
    rows = [int(r) for r in rows]
    if len(rows) <= q:
        return sorted(rows)
    return sorted(sorted(rows, key=lambda r: (member_key(r, seed), r))[:q])


def _schedule(fair):
    fair = dict(fair or {})
    known = {"rule", "b", "d", "schedule", "schedule_arg", "schedule_a", "schedule_c", "paper_variant", "ideal", "force"}
    unknown = set(fair) - known
    if unknown:
        raise ValueError(f"fair: unknown settings {sorted(unknown)}; expected some of {sorted(known)}")
    abcd = np.ascontiguousarray([fair.get("schedule_a", 1.0), fair.get("b", 0.0), fair.get("schedule_c", 1.0),
                                 fair.get("d", 0.0)], dtype=np.float64)
    return fair, abcd


def summarised(x, *, method, linkage, metric, k, ids, group_names, spec, rule, paper_variant, schedule, schedule_arg,
               abcd, ideal_kind, ideal_given, micro_clusters, summary_seed, labels, force, budget, threads):
    """The C entry point fairhac_summarised: (Z, ideal shares, dense micro-cluster of each row, info)."""
    n, d = x.shape
    z = np.empty((max(n - 1, 0), 4))
    g = 0 if group_names is None else len(group_names)
    ideal_out = np.empty(max(g, 1))
    assignment = np.empty(n, dtype=np.int64)
    info = np.zeros(6)
    if labels is not None:
        labels = np.ascontiguousarray(labels, dtype=np.int64)
        if labels.shape != (n,):
            raise ValueError(f"micro_cluster_labels has shape {labels.shape}; expected ({n},), one label per row")
    call("fairhac_summarised", ptr(x), n, d, text(method), text(linkage), text(metric), int(k), ptr(ids), g,
         None if group_names is None else names(group_names), text(spec), text(rule), text(paper_variant), text(schedule),
         text(schedule_arg), ptr(np.ascontiguousarray(abcd, dtype=np.float64)), ideal_kind, ptr(ideal_given),
         int(micro_clusters or 0), int(summary_seed) & _MASK, ptr(labels), int(bool(force)), budget, threads,
         ptr(z), ptr(ideal_out), ptr(assignment), ptr(info))
    return z, ideal_out[:g], assignment, info


def summarised_top(sizes, centroids, *, method="average", k=None, group_counts=None, attribute_sizes=None,
                   member_samples=None, member_offsets=None, metric="euclidean", fair=None, memory_limit=None,
                   n_jobs=None):
    """The top level of the summarised form alone, over m given micro-cluster summaries.

    Parameters
    ----------
    sizes : (m,) ints >= 1; centroids : (m, d) floats.
    method : the linkage (ward, centroid, median from centroids and sizes; average, complete, single
        and weighted from `member_samples`).
    k : int, the number of clusters where fair merging stops (fair runs only).
    group_counts : (m, g) non-negative ints, per (attribute, group), attributes one after another;
        required with `fair`. attribute_sizes : the number of groups of each attribute (default: one
        attribute of g groups).
    member_samples : (r, d) floats, each micro-cluster's sample rows (``member_sample``), micro-cluster
        by micro-cluster; member_offsets : (m + 1,) ints, micro-cluster c's samples are rows
        member_offsets[c]:member_offsets[c + 1].
    fair : None for vanilla HAC, else a dict of FHAC settings: rule, b, d, schedule, schedule_arg,
        schedule_a, schedule_c, paper_variant, ideal ("data": the counts' own shares, "uniform", or
        shares), force.

    Returns
    -------
    Z : ndarray (m - 1, 4): the top's scipy linkage over the micro-clusters (leaf c = micro-cluster c),
        the size column counting observations.
    """
    sizes = np.ascontiguousarray(sizes, dtype=np.int64).ravel()
    centroids = _input.features(centroids)
    m, d = centroids.shape
    if sizes.shape[0] != m:
        raise ValueError(f"{sizes.shape[0]} sizes for {m} centroids")
    counts, g = None, 0
    if group_counts is not None:
        counts = np.ascontiguousarray(group_counts, dtype=np.int64)
        if counts.ndim != 2 or counts.shape[0] != m:
            raise ValueError(f"group_counts has shape {counts.shape}; expected ({m}, g)")
        g = counts.shape[1]
    offsets = None
    if attribute_sizes is not None:
        offsets = np.ascontiguousarray(np.concatenate([[0], np.cumsum(attribute_sizes)]), dtype=np.int64)
    samples, starts, r = None, None, 0
    if member_samples is not None:
        samples = _input.features(member_samples)
        r = samples.shape[0]
        if member_offsets is None:
            raise ValueError("member_offsets is required with member_samples")
        starts = np.ascontiguousarray(member_offsets, dtype=np.int64).ravel()
        if starts.shape[0] != m + 1:
            raise ValueError(f"member_offsets has {starts.shape[0]} entries; expected m + 1 = {m + 1}")
    fair_settings, abcd = _schedule(fair)
    ideal_kind, ideal_given = (0, None)
    if fair is not None:
        if counts is None:
            raise ValueError("a fair top needs group_counts")
        ideal_kind, ideal_given = _input.ideal(fair_settings.get("ideal", "data"), g)
        if k is None:
            raise ValueError("a fair top needs k")
    z = np.empty((max(m - 1, 0), 4))
    ideal_out = np.empty(max(g, 1))
    call("fairhac_summarised_top", m, d, ptr(sizes), ptr(centroids), ptr(counts), g, ptr(offsets),
         0 if offsets is None else offsets.shape[0] - 1, ptr(samples), r, ptr(starts),
         text("hac" if fair is None else "fhac"), text(method), text(metric), int(k or 1),
         text(fair_settings.get("rule", "gain")), text(fair_settings.get("paper_variant", "literal")),
         text(fair_settings.get("schedule", "exp")), text(fair_settings.get("schedule_arg", "progress")), ptr(abcd),
         ideal_kind, ptr(ideal_given), int(bool(fair_settings.get("force", False))),
         _input.memory_budget(memory_limit), _input.threads(n_jobs), ptr(z), ptr(ideal_out))
    return z


def assemble_linkage(micro_cluster_labels, local_linkages, top_linkage):
    """The global Z over all n rows from each row's micro-cluster (0..m-1, every one used), the
    micro-clusters' own Zs (a list of m arrays; micro-cluster c's is (s_c - 1) x 4 over its members in
    ascending row order, an empty array for a single row) and the top's Z ((m - 1) x 4), by the
    contract of docs/algorithm.md: the micro-clusters' merges first (micro-cluster-major), then the
    top's."""
    labels = np.ascontiguousarray(micro_cluster_labels, dtype=np.int64).ravel()
    n = labels.shape[0]
    m = len(local_linkages)
    parts = [np.asarray(z, dtype=np.float64).reshape(-1, 4) for z in local_linkages]
    local = np.ascontiguousarray(np.concatenate(parts) if parts else np.empty((0, 4)), dtype=np.float64)
    if local.shape[0] != n - m:
        raise ValueError(f"the local linkages have {local.shape[0]} rows in all; n - m = {n - m} expected")
    top = np.ascontiguousarray(top_linkage, dtype=np.float64).reshape(-1, 4)
    if top.shape[0] != m - 1:
        raise ValueError(f"the top linkage has {top.shape[0]} rows; m - 1 = {m - 1} expected")
    z = np.empty((max(n - 1, 0), 4))
    call("fairhac_assemble", n, m, ptr(labels), ptr(local), ptr(top), ptr(z))
    return z
