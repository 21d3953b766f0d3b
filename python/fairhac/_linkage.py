"""fairhac.linkage: scipy.cluster.hierarchy.linkage's contract, computed by the Swift core."""

from . import _core, _input, _params
from ._warnings import warn_notices


def linkage(X, method="average", metric="euclidean", *, memory_limit=None, n_jobs=None, form="exact",
            micro_clusters=None, summary_seed=0, precision=None):
    """Vanilla hierarchical clustering, returning scipy's linkage matrix Z.

    Parameters
    ----------
    X : array-like
        An (n, d) array of observations (features), or a 1-D condensed distance vector of n (n - 1) / 2
        values, as scipy.cluster.hierarchy.linkage takes (then `metric` is not used). A 2-D input is
        always features: pass a square distance matrix through scipy.spatial.distance.squareform.
    method : {"single", "complete", "average", "weighted", "ward", "centroid", "median"}
        The linkage, with scipy's definitions (ward, centroid and median need Euclidean distances).
        Default "average" (scipy's default is "single").
    metric : {"euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"}
    memory_limit : int or str, optional
        Bytes the job may use ("8G" works). Default: the available memory, as the CLI. The job's
        memory is estimated before the distance matrix is allocated; a job that would not fit raises
        MemoryError with the estimate and the largest n that would fit.
    n_jobs : int, optional
        Threads (None or -1: all cores).
    form : {"exact", "summarised", "auto"}, default "exact"
        "summarised" (features only): the rows become `micro_clusters` micro-clusters (seeded two-level
        k-means), exact HAC runs over them and inside each (docs/algorithm.md); Z still covers every
        row, and cuts into k <= m clusters never split a micro-cluster. micro_clusters=n gives the
        exact Z. "auto": the core's choice, as the CLI's --form auto: exact unless its memory
        estimate (under the memory limit and the cgroup's) or its time estimate (about 300 s) is
        exceeded, then summarised with a warning (FairHACWarning).
    micro_clusters : int, optional
        m for the summarised form (default: the core's, 20000, as many as the memory allows; at most n).
    summary_seed : int, default 0
        Seed of the summariser and of the member samples.
    precision : {"double", "single"}, optional
        The width of the distance matrix's values (the exact matrix forms: complete, average, weighted,
        and ward, centroid, median above 32 features). "single" takes half the memory; heights agree
        with double precision to about 1e-6 relative and the merges are the same except at near-ties.
        Default: "single" for float32 X (kept in float32, as scikit-learn keeps it), else "double".

    Returns
    -------
    Z : ndarray of shape (n - 1, 4), float64
        Rows [a, b, height, size], leaves 0..n-1, the cluster made at step i is n + i, smaller id
        first: the array scipy returns on tie-free data.

    Raises
    ------
    ValueError
        Bad input (NaN or infinite values, a wrong shape, an unknown method or metric), with the
        message the CLI gives.
    MemoryError
        The memory estimate exceeds the budget.
    """
    P = _params
    request = {"n_clusters": 1, "method": "hac", "linkage": P.choice(method, "method", P.LINKAGES),
               "form": P.choice(form, "form", P.FORMS), "compute_quality": False,
               "memory_limit": P.memory_limit_value(memory_limit), "n_jobs": P.n_jobs_request(n_jobs),
               "summary_seed": P.integer(summary_seed, "summary_seed", 0, P.UINT64_MAX)}
    precision = P.precision(precision, X)
    if precision != "double":
        request["precision"] = precision
    if micro_clusters is not None:
        request["micro_clusters"] = P.integer(micro_clusters, "micro_clusters", 2, P.INT64_MAX)
    condensed = getattr(X, "ndim", None) == 1 or (not hasattr(X, "shape") and _is_flat(X))
    if not condensed:
        request["metric"] = P.choice(metric, "metric", P.METRICS)
    # The form, the memory policy and every check are the core's (the same request as the estimator's).
    _core.check_request(request)
    if condensed:
        y, n = _input.condensed(X)
        z, _, _, result = _core.run(request, y, n, 0, _core.DISTANCES)
    else:
        x = _input.features(X)
        z, _, _, result = _core.run(request, x, x.shape[0], x.shape[1], _core.FEATURES)
    warn_notices(result["notices"], stacklevel=3)
    return z


def _is_flat(X):
    try:
        return all(not hasattr(v, "__len__") for v in X)
    except TypeError:
        return False
