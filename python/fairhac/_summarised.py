"""The summarised form's driver steps for a distributed implementation (spec section 10): the top
level over given micro-cluster summaries, and the assembly of the global Z from per-micro-cluster
local Zs and the top's Z. (The whole form in process is ``linkage(form="summarised")`` and the
estimator's ``form="summarised"``; on Spark, ``fairhac.spark``.)

The member sample of a micro-cluster is an exact, documented function (docs/algorithm.md):
``member_sample`` reproduces it in Python, so a distributed summariser sends the same rows.
"""

import numpy as np

from . import _core, _input, _params
from ._native import call, ptr
from ._warnings import warn_notices

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


_FAIR_SETTINGS = ("rule", "b", "d", "schedule", "schedule_arg", "schedule_a", "schedule_c", "paper_variant", "ideal", "force")


def summarised_top(sizes, centroids, *, method="average", k=None, group_counts=None, attribute_sizes=None,
                   member_samples=None, member_offsets=None, metric="euclidean", fair=None, memory_limit=None,
                   n_jobs=None):
    """The top level of the summarised form alone, over m given micro-cluster summaries, run by the
    core's run over summaries (the Spark port's): the same checks, ideal shares and member policy
    as the in-process form.

    Parameters
    ----------
    sizes : (m,) ints >= 1; centroids : (m, d) floats.
    method : the linkage (ward, centroid, median from centroids and sizes; average, complete, single
        and weighted from `member_samples`).
    k : int, the number of clusters where fair merging stops (fair runs only).
    group_counts : (m, g) non-negative ints, per (attribute, group), attributes one after another;
        each attribute's counts of a micro-cluster add up to its size. Required with `fair`.
        attribute_sizes : the number of groups of each attribute (default: one attribute of g groups).
    member_samples : (r, d) floats, each micro-cluster's ``member_sample`` rows (all its rows when
        the form takes every member), micro-cluster by micro-cluster; member_offsets : (m + 1,)
        ints, micro-cluster c's samples are rows member_offsets[c]:member_offsets[c + 1].
    fair : None for vanilla HAC, else a dict of FHAC settings: rule, b, d, schedule, schedule_arg,
        schedule_a, schedule_c, paper_variant, ideal ("data": the counts' own shares, "uniform", or
        shares in column order), force.

    Returns
    -------
    Z : ndarray (m - 1, 4): the top's scipy linkage over the micro-clusters (leaf c = micro-cluster c),
        the size column counting observations.
    """
    P = _params
    sizes = _integers(sizes, "sizes")
    m = sizes.shape[0]
    centroids = _input.features(centroids, "centroids")
    if centroids.shape[0] != m:
        raise ValueError(f"{m} sizes for {centroids.shape[0]} centroids; expected one centroid per micro-cluster")
    d = centroids.shape[1]
    n = sum(int(v) for v in sizes)
    if n > P.INT64_MAX:
        raise ValueError(f"the sizes add up to {n} rows, more than a 64-bit count")
    fair = None if fair is None else dict(fair)
    unknown = set(fair or {}) - set(_FAIR_SETTINGS)
    if unknown:
        raise ValueError(f"fair: unknown settings {sorted(unknown)}; expected some of {sorted(_FAIR_SETTINGS)}")
    request = {"n_clusters": 1, "method": "hac", "linkage": P.choice(method, "method", P.LINKAGES),
               "metric": P.choice(metric, "metric", P.METRICS), "compute_quality": False,
               "memory_limit": P.memory_limit_value(memory_limit), "n_jobs": P.n_jobs_request(n_jobs)}
    if fair is not None:
        if k is None:
            raise ValueError("a fair top needs k (the number of clusters where fair merging stops)")
        if group_counts is None:
            raise ValueError("a fair top needs group_counts")
        rule = P.rule_text(fair.get("rule", "gain"), "rule")
        variant = P.choice(fair.get("paper_variant", "literal"), "paper_variant", P.PAPER_VARIANTS)
        request.update(
            method="fhac", rule=f"paper:{variant}" if rule == "paper" and variant != "literal" else rule,
            b=P.finite(fair.get("b", 0.0), "b", low=0), d=P.finite(fair.get("d", 0.0), "d", low=0),
            schedule=P.choice(fair.get("schedule", "exp"), "schedule", P.SCHEDULES),
            schedule_arg=P.choice(fair.get("schedule_arg", "progress"), "schedule_arg", P.SCHEDULE_ARGS),
            schedule_a=P.finite(fair.get("schedule_a", 1.0), "schedule_a", low=0, strict=True),
            schedule_c=P.finite(fair.get("schedule_c", 1.0), "schedule_c", low=0, strict=True),
            ideal=_input.ideal_text(fair.get("ideal", "data")), force=P.flag(fair.get("force", False), "force"))
    if k is not None:
        request["n_clusters"] = P.integer(k, "k", 1, P.INT64_MAX)
    content = {"n": n, "m": m, "d": d}
    counts = None
    if group_counts is not None:
        counts = _integers(group_counts, "group_counts", ndim=2)
        if counts.shape[0] != m:
            raise ValueError(f"group_counts has {counts.shape[0]} rows for {m} micro-clusters; expected ({m}, g)")
        g = counts.shape[1]
        widths = [g] if attribute_sizes is None else [P.integer(w, "attribute_sizes", 1, g) for w in attribute_sizes]
        if sum(widths) != g:
            raise ValueError(f"attribute_sizes {list(widths)} add up to {sum(widths)}; group_counts has {g} columns")
        names = ["group"] if len(widths) == 1 else [f"attribute {a}" for a in range(len(widths))]
        content["groups"] = {"names": names, "values": [[str(j).zfill(len(str(w - 1))) for j in range(w)] for w in widths]}
    samples = offsets = None
    if member_samples is not None:
        samples = _input.features(member_samples, "member_samples")
        if samples.shape[1] != d:
            raise ValueError(f"member_samples has {samples.shape[1]} features per row; the centroids have {d}")
        if member_offsets is None:
            raise ValueError("member_offsets is required with member_samples")
        offsets = _integers(member_offsets, "member_offsets")
        if offsets.shape[0] != m + 1 or offsets[0] != 0 or offsets[-1] != samples.shape[0] or np.any(np.diff(offsets) < 1):
            raise ValueError(f"member_offsets must rise from 0 to the {samples.shape[0]} sample rows, m + 1 = {m + 1} "
                             "entries, every micro-cluster at least one row")
        content["sample_rows"] = samples.shape[0]
    _core.check_request(request)
    first_rows = np.ascontiguousarray(np.concatenate([[0], np.cumsum(sizes)[:-1]]), dtype=np.int64)
    _, top, _, result = _core.run_summaries(request, content, sizes, centroids, first_rows, counts, samples, offsets)
    warn_notices([x for x in result["notices"] if x["kind"] != "degenerate"], stacklevel=3)
    return top


def _integers(values, name, ndim=1):
    """Whole numbers as a C-contiguous int64 array of `ndim` dimensions (1-D: flattened), naming the parameter."""
    try:
        array = np.asarray(values)
        if array.dtype.kind == "O":
            array = np.asarray(values, dtype=np.int64)
        if array.dtype.kind == "f" and not np.all(np.isfinite(array) & (array == np.round(array))):
            raise ValueError
        if array.dtype.kind not in "iuf" and array.size:
            raise ValueError
        if array.dtype.kind == "u" and array.size and array.max() > _params.INT64_MAX:
            raise OverflowError
        if array.dtype.kind == "f" and array.size and np.abs(array).max() >= 2.0**63:
            raise OverflowError
        array = np.ascontiguousarray(array, dtype=np.int64)
    except OverflowError:
        raise ValueError(f"{name}: a value does not fit in 64 bits") from None
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be whole numbers") from None
    if ndim == 1:
        return array.ravel()
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {array.shape}")
    return array


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
