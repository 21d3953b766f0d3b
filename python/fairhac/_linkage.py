"""fairhac.linkage: scipy.cluster.hierarchy.linkage's contract, computed by the Swift core."""

import warnings

from . import _core, _input, _params, _summarised

#: The summarised form's default number of micro-clusters (as the CLI's): vanilla HAC, FHAC.
DEFAULT_MICRO_CLUSTERS = 20000
DEFAULT_FAIR_MICRO_CLUSTERS = 10000


def summarise_by_default(n, d, method, *, fair, budget):
    """form="auto": whether the exact form exceeds its memory estimate or about 300 s (the CLI's rule)."""
    vectors = not fair and (method == "single" or (method in ("ward", "centroid", "median") and (d <= 32 or n >= 20000)))
    matrix_bytes = 0 if vectors else 8 * n * (n - 1) // 2
    seconds = (7e-9 * max(1.0, d / 10) if vectors else 5.2e-8) * float(n) * n
    if budget <= 0:
        budget = _input.available_memory()  # no limit given: the memory available, as the core reads it
    return (budget > 0 and matrix_bytes + 16 * n * d > budget) or seconds > 300



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
        exact Z. "auto": exact unless its memory estimate or time estimate (about 300 s) is exceeded,
        then summarised with a warning.
    micro_clusters : int, optional
        m for the summarised form (default 20000, at most n).
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
    method = _params.choice(method, "method", _params.LINKAGES)
    precision = _params.precision(precision, X)
    budget, threads = _input.memory_budget(memory_limit), _input.threads(n_jobs)
    if form not in _summarised.FORMS:
        raise ValueError(f"form must be one of {', '.join(_summarised.FORMS)}; got {form!r}")
    if form != "exact":
        if getattr(X, "ndim", None) == 1 or (not hasattr(X, "shape") and _is_flat(X)):
            if form == "summarised":
                raise ValueError("form='summarised' needs features: a condensed distance vector is the exact form's input")
        else:
            x = _input.features(X)
            if form == "summarised" or summarise_by_default(x.shape[0], x.shape[1], method, fair=False, budget=budget):
                if form == "auto":
                    warnings.warn(f"n = {x.shape[0]}: the exact form exceeds the memory or time budget; "
                                  "fairhac summarises (form='exact' to insist)", stacklevel=2)
                return _summarised.summarised(
                    x, method="hac", linkage=method, metric=metric, k=1, ids=None, group_names=None, spec=None, rule="gain",
                    paper_variant="literal", schedule="exp", schedule_arg="progress", abcd=[1, 0, 1, 0], ideal_kind=0,
                    ideal_given=None, micro_clusters=micro_clusters or DEFAULT_MICRO_CLUSTERS, summary_seed=summary_seed,
                    labels=None, force=False, budget=budget, threads=threads)[0]
    if getattr(X, "ndim", None) == 1 or (not hasattr(X, "shape") and _is_flat(X)):
        y, n = _input.condensed(X)
        return _core.linkage(y, n, 0, True, method, None, budget, threads, precision)
    metric = _params.choice(metric, "metric", _params.METRICS)
    x = _input.features(X)
    return _core.linkage(x, x.shape[0], x.shape[1], False, method, metric, budget, threads, precision)


def _is_flat(X):
    try:
        return all(not hasattr(v, "__len__") for v in X)
    except TypeError:
        return False
