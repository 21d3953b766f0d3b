"""Checks of every parameter before it reaches the core, with the CLI's bounds and wording.

Everything that crosses the C ABI is a fixed-width number or a NUL-terminated string, and ctypes
converts without complaint: 2**70 becomes 0 in an int64, -1 becomes 2**64 - 1 in a uint64,
'ward\\x00x' reaches the core as 'ward'. So every value is checked here, named as the Python
parameter, with the bounds the CLI's options have (Sources/fairhac/Options), before any buffer
is allocated or any core call is made.

A parameter that is wrong raises InvalidParameterError, which is both a ValueError and a
TypeError (as scikit-learn's InvalidParameterError): `except ValueError` catches every
parameter problem, `except TypeError` the ones of the wrong type as well.
"""

import math
import numbers
import os
import re
import warnings

import numpy as np

from . import _native
from ._warnings import ThreadsClampedWarning

# The values each named parameter takes, as the core lists them (fairhac_defaults): a method, rule
# or form added to the core is taken here without a change.
_D = _native.DEFAULTS
LINKAGES = tuple(_D["linkages"])
METRICS = tuple(_D["metrics"])
#: SelectionRule.names of the core (gain, window, paper, gain-penalised).
RULES = tuple(_D["rules"])
METHODS = tuple(_D["methods"])
SCHEDULES = tuple(_D["schedules"])
SCHEDULE_ARGS = tuple(_D["schedule_args"])
PAPER_VARIANTS = tuple(_D["paper_variants"])
OBJECTIVES = tuple(_D["objectives"])
GROUP_MODES = tuple(_D["group_modes"])
FORMS = tuple(_D["forms"])
SEARCHES = tuple(_D["searches"])
MAKEFAIR_VARIANTS = tuple(_D["makefair_variants"])
PRECISIONS = tuple(_D["precisions"])

INT64_MAX = 2**63 - 1
UINT64_MAX = 2**64 - 1
#: FairnessCap.maxRatioTerm: each term of ratio=(b, r) is at most Int32.max.
MAX_RATIO_TERM = 2**31 - 1
#: SystemMemory.largestSize: memory_limit is at most 2**62 bytes (4 EiB).
LARGEST_SIZE = 2**62


class InvalidParameterError(ValueError, TypeError):
    """A parameter of fairhac's functions or estimator is of the wrong type or out of range.

    Both a ValueError and a TypeError, as scikit-learn's InvalidParameterError."""


def fail(message):
    raise InvalidParameterError(message)


def _show(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _typed(value):
    """The value and its type, for a value of the wrong type: "'4' (str)"."""
    return _show(value) if value is None else f"{_show(value)} ({type(value).__name__})"


def is_integer(value):
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def integer(value, name, low=None, high=None, expected=None):
    """An int (numpy integers too; never a bool or a float such as 2.0) within [low, high]."""
    if not is_integer(value):
        fail(f"{name} must be an integer{_range_words(low, high)}; got {_typed(value)}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        fail(expected.format(v) if expected else f"{name} must be an integer{_range_words(low, high)}; got {v}")
    return v


def _range_words(low, high):
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    return ""


def real(value, name):
    """A real number (int or float, numpy's too; never a bool or a string) as a float; huge ints are inf."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        fail(f"{name} must be a number; got {_typed(value)}")
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def finite(value, name, *, low, strict=False, words=None):
    """A finite real number >= low (> low when strict)."""
    v = real(value, name)
    if not (math.isfinite(v) and (v > low if strict else v >= low)):
        fail(f"{name} must be {words or ('a finite number ' + ('> ' if strict else '>= ') + f'{low:g}')}; got {_show(value)}")
    return v


def flag(value, name):
    """A boolean (True/False, numpy's bool, or the integers 0 and 1)."""
    if isinstance(value, (bool, np.bool_)) or (is_integer(value) and int(value) in (0, 1)):
        return bool(value)
    fail(f"{name} must be True or False; got {_show(value)}")


def choice(value, name, choices):
    """One of `choices` (a str: a NUL byte or any other text never reaches the core)."""
    if not isinstance(value, str) or value not in choices:
        fail(f"{name} must be one of {', '.join(choices)}; got {_show(value)}")
    return str(value)


def rule_text(value, name):
    """A rule name, with its parameter if any (`paper:strict`): a string without NUL bytes (which
    names exist is the core's to check)."""
    if not isinstance(value, str) or "\x00" in value:
        fail(f"{name} must be one of {', '.join(RULES)}; got {_show(value)}")
    return str(value)


def rules(value, name):
    """Rule names (`paper:strict` with a parameter): one name (a str is one rule, never split into
    letters) or a non-empty sequence of strings; repeated names are kept once, in order (as
    `fairhac tune --rule`). Which names exist is the core's to check."""
    if isinstance(value, str):
        value = (value,)
    try:
        items = list(value)
    except TypeError:
        fail(f"{name} must be a rule name or a sequence of them ({', '.join(RULES)}); got {_show(value)}")
    if not items:
        fail(f"{name} is empty: give at least one of {', '.join(RULES)}")
    out = []
    for item in items:
        if not isinstance(item, str) or "\x00" in item:
            fail(f"{name}: each rule must be one of {', '.join(RULES)}; got {_show(item)}")
        if item not in out:
            out.append(str(item))
    return tuple(out)


def ratio(value, group_count=None):
    """AFHAC's two-group ratio (b, r), or "b:r" as the CLI's --ratio: two integers from 1 to 2**31 - 1."""
    if value is None:
        return None
    expected = f"ratio must be two integers (b, r) from 1 to {MAX_RATIO_TERM}, such as (1, 2) or '1:2'; got {_show(value)}"
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) != 2 or not all(re.fullmatch(r"\s*[0-9]+\s*", p) for p in parts):
            fail(expected)
        parts = [int(p) for p in parts]
    else:
        try:
            parts = list(value)
        except TypeError:
            fail(expected)
        if len(parts) != 2 or not all(is_integer(p) for p in parts):
            fail(expected)
        parts = [int(p) for p in parts]
    if not all(1 <= p <= MAX_RATIO_TERM for p in parts):
        fail(expected)
    if group_count is not None and group_count != 2:
        fail(f"ratio (b, r) is the two-group form, but the data has {group_count} group{'' if group_count == 1 else 's'}; use alpha")
    return parts[0], parts[1]


# -- memory and threads -------------------------------------------------------------------------

_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_SIZE_WORDS = "a positive size of at most 4 EiB such as 512M or 8G"


def parse_size(text):
    """Bytes of a size such as 512M, 8G, 1.5GiB, 4E or 1000000, parsed by the core (the CLI's
    --memory-limit parser), or None."""
    bytes_ = _native.LIB.fairhac_parse_size(str(text).encode("utf-8", "backslashreplace"))
    return bytes_ if bytes_ > 0 else None


def memory_limit_value(limit):
    """memory_limit for the core's request: None, a size as text ("8G"; the core parses it, as the
    CLI's --memory-limit), or a whole number of bytes; checked here so that the message names it."""
    if limit is None:
        return None
    if isinstance(limit, str):
        if "\x00" in limit or parse_size(limit) is None:
            fail(f"memory_limit: {_show(limit)} is not a size; expected {_SIZE_WORDS} (or a number of bytes)")
        return limit
    if is_integer(limit) or isinstance(limit, (float, np.floating)):
        v = int(limit) if is_integer(limit) else float(limit)
        if not (math.isfinite(v) and 1 <= v <= LARGEST_SIZE):
            fail(f"memory_limit must be {_SIZE_WORDS}: from 1 to {LARGEST_SIZE} bytes; got {_show(limit)}")
        return int(v)
    fail(f"memory_limit must be a number of bytes or {_SIZE_WORDS}; got {_typed(limit)}")


def memory_limit(limit):
    """memory_limit as bytes (1 to 2**62), or None when not given: for the entry points that take bytes."""
    value = memory_limit_value(limit)
    return parse_size(value) if isinstance(value, str) else value


def n_jobs_request(value):
    """n_jobs as scikit-learn reads it, for the core's request: None or -1 all cores (None), k > 0
    k threads (the core lowers more than the cores, with a ThreadsClampedWarning), k < -1 all but
    |k| - 1. 0, bools and non-integers are refused."""
    if value is None:
        return None
    if not is_integer(value) or int(value) == 0:
        fail(f"n_jobs must be None, -1 or a positive integer (threads); got {_show(value)}")
    v = int(value)
    if v == -1:
        return None
    if v < -1:
        return max(1, available_cores() + 1 + v)
    return min(v, INT64_MAX)


def size_text(bytes_):
    """Bytes as people read them: 512 B, 1.5 KiB, 40.0 MiB, 8.0 GiB."""
    for unit, scale in (("EiB", 2**60), ("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if bytes_ >= scale:
            return f"{bytes_ / scale:.1f} {unit}"
    return f"{int(bytes_)} B"


def available_cores():
    return max(1, os.cpu_count() or 1)


def n_jobs(value, stacklevel=3):
    """n_jobs as scikit-learn reads it, as a thread count for the core (0 = all cores): None or -1
    all cores, k > 0 k threads (more than the machine has: its cores, with a warning), k < -1 all
    but |k| - 1. 0, bools and non-integers are refused."""
    if value is None:
        return 0
    if not is_integer(value) or int(value) == 0:
        fail(f"n_jobs must be None, -1 or a positive integer (threads); got {_show(value)}")
    v, cores = int(value), available_cores()
    if v == -1:
        return 0
    if v < -1:
        return max(1, cores + 1 + v)
    if v > cores:
        warnings.warn(f"n_jobs = {v} is more than the {cores} cores available; using {cores} threads",
                      ThreadsClampedWarning, stacklevel=stacklevel)
        return cores
    return v


def searches(request):
    """Whether `request` runs the search for the recommended setting (the core's
    runsRecommendation): auto, or fhac with none of rule, b, d, schedule_a, schedule_c given."""
    if request.get("method", "fhac") != "fhac":
        return False
    auto = request.get("auto")
    return bool(auto) if auto is not None else all(request.get(k) is None for k in ("rule", "b", "d", "schedule_a", "schedule_c"))


def precision(value, X, searches=False):
    """The distance matrix's precision: as given ("double" or "single"), or None: "single" when the
    data are float32 (kept in float32, as scikit-learn keeps them) and the run does not search for
    the recommended setting (the search works in double precision), else "double"."""
    if value is None:
        return "single" if getattr(X, "dtype", None) == np.float32 and not searches else "double"
    return choice(value, "precision", PRECISIONS)
