"""fairhac.linkage: scipy.cluster.hierarchy.linkage's contract, computed by the Swift core."""

from . import _core, _input, _params


def linkage(X, method="average", metric="euclidean", *, memory_limit=None, n_jobs=None):
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
    budget, threads = _input.memory_budget(memory_limit), _input.threads(n_jobs)
    if getattr(X, "ndim", None) == 1 or (not hasattr(X, "shape") and _is_flat(X)):
        y, n = _input.condensed(X)
        return _core.linkage(y, n, 0, True, method, None, budget, threads)
    metric = _params.choice(metric, "metric", _params.METRICS)
    x = _input.features(X)
    return _core.linkage(x, x.shape[0], x.shape[1], False, method, metric, budget, threads)


def _is_flat(X):
    try:
        return all(not hasattr(v, "__len__") for v in X)
    except TypeError:
        return False
