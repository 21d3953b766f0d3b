"""Turning what users pass (numpy arrays, lists, pandas objects) into the core's buffers."""

import math
import os
import re

import numpy as np

from . import _native

METRICS = ("euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine")
LINKAGES = ("single", "complete", "average", "weighted", "ward", "centroid", "median")


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


def groups(g, n, mode="separate", merge_rare=False, rare_floor=0.01):
    """Group labels -> (ids int64, names, spec). One attribute (a list, array, Series or one-column
    DataFrame): ids (n,) in 0..m-1, numbered in sorted order of the labels as text (as the CLI's
    GroupAssignment(labels:)), spec None. A DataFrame with several columns is several protected
    attributes (spec section 9): in "separate" mode ids is (n, A), names all attributes' groups one
    attribute after another, spec "col1=m1;col2=m2"; in "intersectional" mode the columns' value
    combinations become one attribute ("a×b" labels), combinations under rare_floor * n points
    an error naming them unless merge_rare pools them into "other"."""
    if mode not in ("separate", "intersectional"):
        raise ValueError(f"group_mode must be 'separate' or 'intersectional'; got {mode!r}")
    if hasattr(g, "columns") and len(g.columns) > 1:
        columns = [str(c) for c in g.columns]
        if len(set(columns)) != len(columns):
            raise ValueError(f"groups has repeated column names: {columns}")
        per = [_one_attribute(g.iloc[:, j], n) for j in range(len(columns))]
        if mode == "intersectional":
            labels = ["×".join(parts) for parts in zip(*[[names[i] for i in ids] for ids, names in per])]
            counts = {}
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
            rare = sorted(label for label, c in counts.items() if c < rare_floor * n)
            if rare and not merge_rare:
                raise ValueError(
                    "combinations rarer than " + f"{rare_floor:g} of n: "
                    + ", ".join(f"{label} ({counts[label]})" for label in rare)
                    + "; pass merge_rare=True to pool them into 'other', or lower rare_floor")
            labels = ["other" if label in rare else label for label in labels]
            return (*_numbered(labels, n), None)
        ids = np.ascontiguousarray(np.stack([ids for ids, _ in per], axis=1), dtype=np.int64)
        names = [name for _, ns in per for name in ns]
        spec = ";".join(f"{c}={len(ns)}" for c, (_, ns) in zip(columns, per))
        return ids, names, spec
    return (*_one_attribute(g, n), None)


def _one_attribute(g, n):
    if g is None:
        raise ValueError("groups is required: one protected-group label per observation")
    if isinstance(g, (str, bytes)):
        raise ValueError("groups must be one label per observation (a list, array or pandas Series), not a string")
    if hasattr(g, "columns"):  # a one-column pandas DataFrame
        g = g.iloc[:, 0]
    if hasattr(g, "to_numpy"):
        g = g.to_numpy()
    array = np.asarray(g, dtype=object)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"groups must be one label per observation (1-D); got shape {array.shape}")
    if array.shape[0] != n:
        raise ValueError(f"{array.shape[0]} group labels for {n} observations")
    missing = [i for i, v in enumerate(array) if v is None or (isinstance(v, float) and math.isnan(v))]
    if missing:
        raise ValueError(f"groups has missing labels (None or NaN) at rows {missing[:10]}")
    return _numbered([_label(v) for v in array], n)


def _numbered(labels, n):
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    return np.fromiter((index[v] for v in labels), dtype=np.int64, count=n), names


def attribute_names(spec, names):
    """The attributes' names and group-name slices of a spec ("" for one attribute)."""
    if spec is None:
        return [("group", list(names))]
    out, start = [], 0
    for part in spec.split(";"):
        name, m = part.rsplit("=", 1)
        out.append((name, list(names[start:start + int(m)])))
        start += int(m)
    return out


def _label(value):
    """A label as the text the CLI would read from a CSV cell (1.0 -> "1")."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def ideal(value, group_count):
    """ideal= "data" | "uniform" | shares (sequence or "0.6,0.4") -> (kind, buffer)."""
    if isinstance(value, str) and value in ("data", "uniform"):
        return (0 if value == "data" else 1), None
    if isinstance(value, str):
        try:
            value = [float(part) for part in value.split(",")]
        except ValueError:
            raise ValueError(f"ideal must be 'data', 'uniform' or shares such as '0.6,0.4'; got {value!r}") from None
    shares = np.ascontiguousarray(np.asarray(value, dtype=np.float64).ravel())
    if shares.shape[0] != group_count:
        raise ValueError(f"ideal has {shares.shape[0]} shares for {group_count} groups")
    return 2, shares


_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([KMGT]?)(I?B)?\s*$", re.IGNORECASE)


def memory_budget(limit):
    """Bytes the job may use: `limit` (bytes or "8G"), else MemAvailable as the CLI; -1 = no check."""
    if limit is None:
        try:
            with open("/proc/meminfo") as f:
                for line in f:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return -1
    if isinstance(limit, str):
        match = _SIZE.match(limit)
        if not match:
            raise ValueError(f"memory_limit: expected a size such as 512M or 8G; got {limit!r}")
        scale = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}[match.group(2).upper()]
        return int(float(match.group(1)) * scale)
    if isinstance(limit, (int, np.integer)) and limit > 0:
        return int(limit)
    raise ValueError(f"memory_limit: expected a positive number of bytes or a size such as 8G; got {limit!r}")


def threads(n_jobs):
    """n_jobs as scikit-learn: None or -1 = all cores, k > 0 = k threads."""
    if n_jobs is None or n_jobs == -1:
        return 0
    if isinstance(n_jobs, (int, np.integer)) and n_jobs > 0:
        return int(n_jobs)
    if isinstance(n_jobs, (int, np.integer)) and n_jobs < -1:
        return max(1, (os.cpu_count() or 1) + 1 + int(n_jobs))
    raise ValueError(f"n_jobs must be None, -1 or a positive integer; got {n_jobs!r}")


def zscore(x):
    """The CLI's --scale zscore, computed by the core (bit-identical to the CLI)."""
    out = np.empty_like(x)
    constant = np.empty(x.shape[1], dtype=np.int64)
    count = np.zeros(1, dtype=np.int64)
    _native.call("fairhac_zscore", _native.ptr(x), x.shape[0], x.shape[1], _native.ptr(out),
                 _native.ptr(constant), _native.ptr(count))
    return out
