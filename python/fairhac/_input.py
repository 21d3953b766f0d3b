"""Turning what users pass (numpy arrays, lists, pandas objects) into the core's buffers."""

import math

import numpy as np

from . import _native, _params

METRICS = _params.METRICS
LINKAGES = _params.LINKAGES


def features(X, name="X"):
    """X as a C-contiguous float64 (n, d) array: returned as is when it already is one (no copy).

    Finiteness is checked by the core, which names the row and feature at fault, as the CLI does.
    """
    if hasattr(X, "to_numpy") and hasattr(X, "columns"):  # a pandas DataFrame
        X = X.to_numpy(dtype=np.float64)
    try:
        array = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a 2-D array of numbers: {error}") from None
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (n observations x d features); got {array.ndim}-D with shape {array.shape}. "
            "Reshape with X.reshape(-1, 1) for one feature, or pass a condensed distance vector to fairhac.linkage")
    if array.shape[1] < 1:
        raise ValueError(f"{name} has no features (shape {array.shape})")
    return np.ascontiguousarray(array)


def checked_features(X):
    """X for the estimator: scikit-learn's check_array (its messages for sparse, complex, object,
    NaN/inf, empty inputs, as estimators are expected to give), C-contiguous float64, no copy
    when X already is one."""
    from sklearn.utils import check_array

    options = dict(dtype=np.float64, order="C", accept_sparse=False, ensure_min_samples=2, ensure_min_features=1)
    try:
        return check_array(X, ensure_all_finite=True, **options)
    except TypeError as error:  # scikit-learn < 1.6 names it force_all_finite
        if "ensure_all_finite" not in str(error):
            raise
        return check_array(X, force_all_finite=True, **options)


def condensed(y, name="y"):
    """A condensed distance vector (scipy's form) as float64, with its number of observations."""
    array = np.ascontiguousarray(np.asarray(y, dtype=np.float64))
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D condensed distance vector; got shape {array.shape}")
    m = array.shape[0]
    n = int(round((1 + math.sqrt(1 + 8 * m)) / 2))
    if n * (n - 1) // 2 != m:
        raise ValueError(
            f"{name} has {m} values, which is not n (n - 1) / 2 for any n: not a condensed distance vector")
    return array, n


def square_to_condensed(D, name="X"):
    """A square, symmetric distance matrix with a zero diagonal, as its condensed vector."""
    array = np.asarray(D, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"with metric='precomputed', {name} must be a square distance matrix; got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite distances; distances must be finite")
    if np.any(array < 0):
        raise ValueError(f"Negative values in data passed as {name}: distances must be non-negative")
    if np.any(np.diag(array) != 0):
        raise ValueError(f"{name} must have a zero diagonal to be a distance matrix")
    if not np.allclose(array, array.T, rtol=1e-12, atol=0):
        raise ValueError(f"{name} is not symmetric, so it is not a distance matrix")
    rows, cols = np.triu_indices(array.shape[0], k=1)
    return np.ascontiguousarray(array[rows, cols]), array.shape[0]


def label_columns(g, n):
    """Group labels as the core takes them (fairhac_run): (codes (n, A) int64, each attribute's
    values as text, the attribute names). One attribute (a list, array, Series or one-column
    DataFrame) is named "group"; a DataFrame with several columns is several protected attributes.
    The core numbers, names, orders and combines the groups (group_mode, rare_floor, merge_rare),
    exactly as the CLI does; only the conversion of Python values to text happens here."""
    if hasattr(g, "columns") and len(g.columns) == 0:
        raise ValueError("groups is a DataFrame without columns; give one column per protected attribute")
    if hasattr(g, "columns") and len(g.columns) > 1:
        names = [str(c) for c in g.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"groups has repeated column names: {names}")
        columns = [g.iloc[:, j] for j in range(len(names))]
    else:
        names, columns = ["group"], [g]
    for c in names:
        if not c.strip():
            raise ValueError(f"groups: a column name is empty ({names}); name each protected attribute's column")
        if "\x00" in c:
            raise ValueError(f"groups: the column name {c!r} contains a NUL character; rename the column")
    codes, values = [], []
    for column in columns:
        ids, labels = _one_attribute(column, n)
        codes.append(ids)
        values.append(labels)
    return np.ascontiguousarray(np.stack(codes, axis=1), dtype=np.int64), values, names


def ideal_text(value):
    """ideal= as the core's request takes it: "data", "uniform", "ATTRIBUTE=data,...", or shares
    (a sequence, or text such as "0.6,0.4") as comma-separated text that keeps every digit."""
    expected = "ideal must be 'data', 'uniform' or shares such as [0.6, 0.4] or '0.6,0.4'"
    if isinstance(value, str):
        if "\x00" in value:
            raise _params.InvalidParameterError(f"{expected}; got {value!r}")
        return value
    if isinstance(value, (dict, set, bytes)) or not hasattr(value, "__len__") and not hasattr(value, "__array__"):
        raise _params.InvalidParameterError(f"{expected}; got {value!r}")
    try:
        shares = np.asarray(value, dtype=np.float64).ravel()
    except (TypeError, ValueError, OverflowError):
        raise _params.InvalidParameterError(f"{expected}; got {value!r}") from None
    if not np.all(np.isfinite(shares)):
        raise ValueError(f"ideal shares must be positive, finite numbers; got {value!r}")
    return ",".join(repr(float(v)) for v in shares)


def _one_attribute(g, n):
    if g is None:
        raise ValueError("groups is required: one protected-group label per observation")
    if isinstance(g, (str, bytes)):
        raise ValueError("groups must be one label per observation (a list, array or pandas Series), not a string")
    if hasattr(g, "columns"):  # a one-column pandas DataFrame
        g = g.iloc[:, 0]
    if hasattr(g, "to_numpy"):
        g = g.to_numpy()
    try:
        array = np.asarray(g, dtype=object)
    except (TypeError, ValueError) as error:
        raise ValueError(f"groups must be one label per observation: {error}") from None
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"groups must be one label per observation (1-D); got shape {array.shape}")
    if array.shape[0] != n:
        raise ValueError(f"{array.shape[0]} group labels for {n} observations")
    missing = [i for i, v in enumerate(array) if v is None or (isinstance(v, (float, np.floating)) and math.isnan(v))]
    if missing:
        raise ValueError(f"groups has missing labels (None or NaN) at rows {missing[:10]}")
    return _numbered(_texts(array), n)


def _texts(values):
    """Each label as text; two different values with the same text (1 and "1") are refused, naming
    them, since the core tells groups apart by their text."""
    texts, first = [], {}
    for v in values:
        t = _label(v)
        seen = first.setdefault(t, v)
        if seen is not v and not _same(seen, v):
            raise ValueError(f"groups: the labels {seen!r} ({type(seen).__name__}) and {v!r} ({type(v).__name__}) are "
                             f"different values written the same way ({t!r}), so they would be one group; "
                             "give every group one spelling (e.g. convert the column with .astype(str))")
        texts.append(t)
    return texts


def _same(a, b):
    try:
        return bool(a == b)
    except Exception:
        return False


def _numbered(labels, n):
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    return np.fromiter((index[v] for v in labels), dtype=np.int64, count=n), names


def _label(value):
    """A label as the text the CLI would read from a CSV cell (1.0 -> "1")."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"groups: the label {value!r} is not UTF-8 text") from None
    return str(value)


def memory_budget(limit):
    """The budget for the core: memory_limit as bytes (a size such as "8G", at most 4 EiB), or 0
    for the core's own (MemoryBudget: the memory available, under the process's and the memory
    cgroup's limits, as the CLI)."""
    checked = _params.memory_limit(limit)
    return 0 if checked is None else checked


def available_memory():
    """MemAvailable in bytes, or -1 when unknown: for the checks made before the core is called."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return -1


def threads(n_jobs):
    """n_jobs as scikit-learn reads it (None or -1 all cores, k > 0 k threads, clamped to the
    cores with a warning), as the core's thread count (0 = all cores)."""
    return _params.n_jobs(n_jobs, stacklevel=4)


def zscore(x):
    """The CLI's --scale zscore, computed by the core (bit-identical to the CLI)."""
    out = np.empty_like(x)
    constant = np.empty(x.shape[1], dtype=np.int64)
    count = np.zeros(1, dtype=np.int64)
    _native.call("fairhac_zscore", _native.ptr(x), x.shape[0], x.shape[1], _native.ptr(out),
                 _native.ptr(constant), _native.ptr(count))
    return out
