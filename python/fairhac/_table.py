"""X and groups as tables come, read as the CLI reads a file.

Every cell of X is checked the way `fairhac cluster` checks a CSV file's: a number (a float, an
int, or text such as "12" or "-1.5e3"), or missing (None, NaN, pandas' NA, or the CLI's missing
tokens such as "", "?", "NA"), or invalid (other text, inf, hexadecimal). Rows with missing or
invalid cells are an error that names the columns with their counts and the first cells with
their row and value -- the CLI's message, from the core -- or, with drop_missing=True, dropped
and counted. Repeated column names are renamed as pandas renames them (name, name.1, ...).
"""

import ctypes
import json
import math
import warnings

import numpy as np

from . import _native
from ._warnings import FairHACWarning

#: The CLI's missing tokens (DataPreparation.missingTokens), as the core lists them.
MISSING_TOKENS = frozenset(_native.DEFAULTS["missing_tokens"])
_SHOWN = 5


class Table:
    """X as the core takes it: `data` (the kept rows, C-contiguous float64), `names` (the column
    names, unique, or None), `kept` (the kept rows' indices, or None when every row is kept) and
    `total` (the rows given)."""

    def __init__(self, data, names, kept, total):
        self.data, self.names, self.kept, self.total = data, names, kept, total

    @property
    def dropped(self):
        return 0 if self.kept is None else self.total - len(self.kept)


def features(X, *, drop_missing=False, groups=None, name="X"):
    """X checked cell by cell (see the module), with the rows `groups` leaves without a label
    dropped too when drop_missing. Returns a Table; raises ValueError naming the bad cells, or
    TypeError for a cell that is neither text nor a number (as scikit-learn's checks expect)."""
    from ._input import checked_features

    if isinstance(X, np.ndarray) and X.ndim == 2 and X.size and X.dtype.kind in "biuf" and (
            X.dtype.kind != "f" or np.isfinite(X).all()):
        # Numbers only, all finite (the usual case): read in place, no copy, as before.
        return Table(checked_features(X), None, None, X.shape[0])
    names = _column_names(X)
    cells = _cells(X)
    if cells is None:  # sparse, complex, 1-D, empty...: scikit-learn's own messages
        return Table(checked_features(X), names, None, _length(X))
    values, bad, missing, why = cells
    n, d = values.shape
    names_or_default = names or [f"x{j}" for j in range(d)]
    bad_rows = bad.any(axis=1)
    if bad_rows.any() and not drop_missing:
        raise ValueError(_message(name, values, bad, missing, why, names_or_default))
    keep = ~bad_rows
    without_group = _missing_group_rows(groups, n) if drop_missing else None
    if without_group is not None:
        keep &= ~without_group
    if keep.all():
        return Table(checked_features(values), names, None, n)
    kept = np.flatnonzero(keep)
    if kept.size == 0:
        raise ValueError(f"{name}: no rows left to cluster: each of the {n} rows has a missing or invalid value or no "
                         "group label (drop_missing=True dropped them all)")
    return Table(checked_features(np.ascontiguousarray(values[kept])), names, kept, n)


def subset(values, kept):
    """`values` (groups: a list, array, Series or DataFrame; micro-cluster labels) at the kept rows."""
    if kept is None or values is None:
        return values
    if hasattr(values, "iloc"):
        return values.iloc[kept]
    return np.asarray(values, dtype=object)[kept] if not isinstance(values, np.ndarray) else values[kept]


def unique_names(names, what="X"):
    """Column names made unique as pandas' read_csv makes them (pandas.io.common.mangle_dupe_names,
    as the CLI's HeaderNames): `a, a` -> `a, a.1`, skipping names already present (`a, a, a.1` ->
    `a, a.2, a.1`), with a warning naming the renamed copies."""
    out = list(names)
    present = {}
    for name in out:
        present[name] = present.get(name, 0) + 1
    counts = {}
    for i, old in enumerate(names):
        col, count = old, counts.get(old, 0)
        while count > 0:
            counts[old] = count + 1
            col = f"{old}.{count}"
            count = count + 1 if present.get(col, 0) > 0 else counts.get(col, 0)
        present[old] -= 1
        present[col] = present.get(col, 0) + 1
        out[i] = col
        counts[col] = count + 1
    if out != list(names):
        renamed = [f"{a!r} -> {b!r}" for a, b in zip(names, out) if a != b]
        warnings.warn(f"{what} repeats column names; renamed as pandas renames them: " + ", ".join(renamed),
                      FairHACWarning, stacklevel=4)
    return out


# -- reading cells ------------------------------------------------------------------------------


def _column_names(X):
    columns = getattr(X, "columns", None)
    if columns is None or not hasattr(X, "iloc"):
        return None
    return unique_names([str(c) for c in columns])


def _length(X):
    try:
        return len(X)
    except TypeError:
        return 0


def _cells(X):
    """(values float64 (n, d) with NaN at bad cells, bad, missing, why) or None when X is not a
    2-D table of cells (sparse, complex, 1-D, ...: left to scikit-learn's checks)."""
    if hasattr(X, "iloc") and hasattr(X, "columns"):  # a pandas DataFrame: column by column
        if len(X.columns) == 0 or len(X) == 0:
            return None
        columns = [_column(X.iloc[:, j]) for j in range(X.shape[1])]
        return (np.column_stack([c[0] for c in columns]), np.column_stack([c[1] for c in columns]),
                np.column_stack([c[2] for c in columns]), [c[3] for c in columns])
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):  # scipy.sparse
        return None
    try:
        array = np.asarray(X)
    except (TypeError, ValueError):
        return None
    if array.ndim != 2 or array.size == 0 or array.dtype.kind in "cV":
        return None
    columns = [_column(array[:, j]) for j in range(array.shape[1])]
    return (np.column_stack([c[0] for c in columns]), np.column_stack([c[1] for c in columns]),
            np.column_stack([c[2] for c in columns]), [c[3] for c in columns])


def _column(column):
    """(values, bad, missing, why) of one column; `why` maps a bad row of a text column to
    (reason, the cell as given)."""
    if hasattr(column, "to_numpy") and _numeric_extension(column):
        # pandas' nullable numbers (Int64, Float64): NA as NaN, no loop over cells.
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return values, ~np.isfinite(values), np.isnan(values), {}
    data = column.to_numpy() if hasattr(column, "to_numpy") else np.asarray(column)
    if data.dtype.kind in "biuf":
        values = data.astype(np.float64)
        return values, ~np.isfinite(values), np.isnan(values), {}
    values = np.empty(len(data))
    bad = np.zeros(len(data), dtype=bool)
    missing = np.zeros(len(data), dtype=bool)
    why = {}
    for i, cell in enumerate(data):
        v, reason = _number(cell)
        values[i] = v
        if reason is not None:
            bad[i] = True
            missing[i] = reason == "missing"
            why[i] = (reason, _shown(cell))
    return values, bad, missing, why


def _numeric_extension(column):
    try:
        from pandas.api.types import is_bool_dtype, is_numeric_dtype
    except ImportError:
        return False
    dtype = column.dtype
    return not isinstance(dtype, np.dtype) and is_numeric_dtype(dtype) and not is_bool_dtype(dtype)


def _number(cell):
    """(value, None) for a number; (NaN, reason) for a missing or invalid cell."""
    if cell is None:
        return math.nan, "missing"
    if isinstance(cell, (bool, np.bool_)):
        return float(cell), None
    if isinstance(cell, (int, float, np.integer, np.floating)):
        v = float(cell)
        if math.isnan(v):
            return v, "missing"
        return (v, None) if math.isfinite(v) else (math.nan, "not a finite number")
    if isinstance(cell, bytes):
        try:
            cell = cell.decode("utf-8")
        except UnicodeDecodeError:
            return math.nan, "not UTF-8 text"
    if isinstance(cell, str):
        text = cell.strip()
        if text in MISSING_TOKENS:
            return math.nan, "missing"
        if "x" in text or "X" in text:  # hexadecimal is not a number, as in pandas and the CLI
            try:
                float.fromhex(text)
                return math.nan, "hexadecimal, which FairHAC does not read as a number (write it in decimal)"
            except ValueError:
                return math.nan, "not a finite number"
        try:
            v = float(text)
        except ValueError:
            return math.nan, "not a finite number"
        return (v, None) if math.isfinite(v) else (math.nan, "not a finite number")
    if _is_na(cell):
        return math.nan, "missing"
    try:
        v = float(cell)  # numbers of other kinds (Decimal, Fraction); others raise TypeError
    except TypeError as error:
        raise TypeError(f"X: a cell holds {type(cell).__name__} {cell!r}; a cell must be a number or text "
                        f"({error})") from None
    except ValueError:
        return math.nan, "not a finite number"
    return (v, None) if math.isfinite(v) else (math.nan, "not a finite number")


def _is_na(cell):
    try:
        import pandas as pd
    except ImportError:
        return False
    try:
        return bool(pd.isna(cell))
    except (TypeError, ValueError):
        return False


def _shown(value):
    if isinstance(value, (float, np.floating)):
        return "NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(float(value))
    if value is None:
        return "None"
    return str(value)


def _message(name, values, bad, missing, why, names):
    """The CLI's message for rows with bad cells, worded by the core (fairhac_invalid_cells_message)."""
    n, d = bad.shape
    columns = []
    for j in range(d):
        count = int(bad[:, j].sum())
        if count:
            m = int(missing[:, j].sum())
            columns.append({"name": names[j], "count": count, "missing": m, "text": bool(count == n and m < n)})
    first = []
    for i, j in zip(*np.nonzero(bad)):
        if len(first) == _SHOWN:
            break
        reason, shown = why[j].get(int(i)) or ("missing" if missing[i, j] else "not a finite number", _shown(values[i, j]))
        first.append({"position": f"row {int(i)}", "column": names[j], "value": shown, "why": reason})
    payload = {"source": name, "rows": int(bad.any(axis=1).sum()), "columns": columns, "first": first,
               "drop_option": "drop_missing=True", "fix": "the data", "other_columns": "choose other columns",
               "group_option": "groups="}
    out = ctypes.c_void_p()
    _native.call("fairhac_invalid_cells_message", _native.text(json.dumps(payload)), ctypes.byref(out))
    try:
        return ctypes.string_at(out.value).decode("utf-8")
    finally:
        _native.LIB.fairhac_free(out)


def _missing_group_rows(groups, n):
    """Rows whose group label is missing (None, NaN, pandas' NA) in any attribute, or None."""
    if groups is None or isinstance(groups, (str, bytes)):
        return None
    columns = [groups.iloc[:, j] for j in range(groups.shape[1])] if hasattr(groups, "columns") else [groups]
    mask = np.zeros(n, dtype=bool)
    for column in columns:
        data = column.to_numpy() if hasattr(column, "to_numpy") else np.asarray(column, dtype=object)
        if data.ndim != 1 or len(data) != n:
            return None  # the length is label_columns' error to name
        for i, v in enumerate(data):
            if v is None or (isinstance(v, (float, np.floating)) and math.isnan(v)) or _is_na(v):
                mask[i] = True
    return mask
