"""fairhac.tune: the grid search of `fairhac tune`, its Pareto front and its recommendation."""

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core, _input, _native, _params
from ._results import Recommendation

#: The rules searched unless told (the core's ClusteringRequest.defaultAutoRules).
DEFAULT_RULES = tuple(_native.DEFAULTS["auto_rules"])


@dataclass
class TuneResult:
    """What `fairhac tune` reports, as Python/numpy structures.

    grid : pandas DataFrame (when pandas is installed and as_frame is not False) or a dict of
        numpy arrays, one row per setting: rule, b, d, mfc, balance, silhouette, min_cluster_size,
        dasgupta_cost, seconds, quality_loss, tree_cost_ratio, degenerate, on_front, cluster_sizes.
    pareto_front : the rows of `grid` on the Pareto front of `objective` (non-degenerate points).
    recommendation : Recommendation (a dict) — the recommended setting (rule, b, d, mfc, balance,
        silhouette, ...) with `improved` (False: nothing fairer keeps the clustering; keep vanilla
        HAC), `index` (row of grid, or None) and `qualifying_count`; ``print()`` gives the CLI's line.
    vanilla : dict — vanilla HAC's mfc, balance, silhouette, min_cluster_size, dasgupta_cost, cluster_sizes.
    """

    grid: Any
    pareto_front: Any
    recommendation: Recommendation
    vanilla: dict
    objective: str
    min_cluster_size: int
    max_quality_loss: float


def tune(X, groups, n_clusters=4, *, linkage="average", metric="euclidean", rules=DEFAULT_RULES, grid_b=None,
         grid_d=None, schedule="exp", schedule_arg="progress", ideal="data", objective="mfc", max_quality_loss=0.05,
         min_cluster_size=None, paper_variant="literal", scale=None, force=False, memory_limit=None, n_jobs=None,
         as_frame=None, group_mode="separate", merge_rare=False, rare_floor=0.01):
    """Grid-searches FHAC's rule x b x d on features X with protected groups, as `fairhac tune`.

    grid_b / grid_d: sequences of values; None for the CLI's default grids (the paper's grid with
    schedule_arg="merges", also selected by grid_b="paper"). Returns a TuneResult; `grid` is a
    pandas DataFrame when pandas is installed (as_frame=None or True), else a dict of arrays.
    """
    P = _params
    linkage = P.choice(linkage, "linkage", P.LINKAGES)
    metric = P.choice(metric, "metric", P.METRICS)
    rules = P.rules(rules, "rules")
    schedule = P.choice(schedule, "schedule", P.SCHEDULES)
    schedule_arg = P.choice(schedule_arg, "schedule_arg", P.SCHEDULE_ARGS)
    objective = P.choice(objective, "objective", P.OBJECTIVES)
    paper_variant = P.choice(paper_variant, "paper_variant", P.PAPER_VARIANTS)
    max_quality_loss = P.finite(max_quality_loss, "max_quality_loss", low=0)
    if min_cluster_size is not None:
        min_cluster_size = P.integer(min_cluster_size, "min_cluster_size", 1, P.INT64_MAX)
    k = P.integer(n_clusters, "n_clusters", 2, None, "n_clusters must be at least 2 (tune compares partitions); got {}")
    force = P.flag(force, "force")
    if as_frame is not None:
        as_frame = P.flag(as_frame, "as_frame")
    if scale is not None:
        scale = P.choice(scale, "scale", ("none", "zscore"))
    if isinstance(ideal, str) and "\x00" in ideal:
        P.fail(f"ideal must be 'data', 'uniform' or shares such as [0.6, 0.4] or '0.6,0.4'; got {ideal!r}")
    paper = schedule_arg == "merges"
    grid_b = _grid(grid_b, 2 if paper else 0, "grid_b")
    grid_d = _grid(grid_d, 2 if paper else 1, "grid_d")
    # The rule's parameter as the core names it (paper:strict).
    rules = tuple(f"paper:{paper_variant}" if r == "paper" and paper_variant != "literal" else r for r in rules)
    rare_floor = P.real(rare_floor, "rare_floor")
    if not (0 <= rare_floor < 1):
        P.fail(f"rare_floor must be a share of the rows in [0, 1); got {rare_floor!r}")
    threads = _input.threads(n_jobs)  # n_jobs above the cores: clamped here, with the warning
    x = _input.features(X)
    if scale == "zscore":
        x = _input.zscore(x)
    n = x.shape[0]
    if k > n:
        raise ValueError(f"n_clusters = {k} must be between 2 and the number of observations ({n})")
    request = {
        "n_clusters": k, "method": "fhac", "linkage": linkage, "metric": metric, "auto_rules": list(rules),
        "schedule": schedule, "schedule_arg": schedule_arg, "ideal": _input.ideal_text(ideal), "auto_objective": objective,
        "max_quality_loss": max_quality_loss, "min_cluster_size": min_cluster_size, "force": force,
        "memory_limit": P.memory_limit_value(memory_limit), "n_jobs": threads or None,
        "group_mode": P.choice(group_mode, "group_mode", P.GROUP_MODES), "merge_rare": P.flag(merge_rare, "merge_rare"),
        "rare_floor": rare_floor,
    }
    _core.check_request(request)
    # The result buffers (a row and k cluster sizes per grid point) are allocated here, before
    # the core estimates its own memory: they are checked against the same budget.
    capacity = len(rules) * len(grid_b) * len(grid_d)
    needed = capacity * (len(_core.TUNE_COLUMNS) + k + 1) * 8
    budget = _input.memory_budget(memory_limit)
    available = budget if budget > 0 else _input.available_memory()
    if available > 0 and needed > available // 2:
        raise MemoryError(
            f"the grid's {capacity} points with {k} cluster sizes each need about {_params.size_text(needed)} for the "
            f"results alone, more than half the {_params.size_text(available)} available; give fewer values in grid_b or grid_d")
    points, sizes, vanilla, vanilla_sizes, front, recommendation, minimum = _core.tune(
        request, x, _input.label_columns(groups, n), grid_b, grid_d)
    columns = {name: points[:, i] for i, name in enumerate(_core.TUNE_COLUMNS)}
    columns["rule"] = np.array([rules[int(i)].split(":")[0] for i in points[:, 0]], dtype=object)
    columns["min_cluster_size"] = points[:, 6].astype(np.int64)
    columns["degenerate"] = columns["min_cluster_size"] < minimum
    columns["on_front"] = front
    columns["cluster_sizes"] = np.empty(len(points), dtype=object)
    for i in range(len(points)):
        columns["cluster_sizes"][i] = sizes[i].tolist()
    index = int(recommendation[0])
    chosen = {key: _scalar(values[index]) for key, values in columns.items()} if index >= 0 else {}
    vanilla_dict = {"mfc": float(vanilla[3]), "balance": float(vanilla[4]), "silhouette": _scalar(vanilla[5]),
                    "min_cluster_size": int(vanilla[6]), "dasgupta_cost": _scalar(vanilla[7]),
                    "degenerate": int(vanilla[6]) < minimum, "cluster_sizes": vanilla_sizes.tolist()}
    rec = Recommendation(
        {"rule": None, "b": None, "d": None, **chosen, "index": index if index >= 0 else None,
         "improved": bool(recommendation[1]), "qualifying_count": int(recommendation[2])},
        objective=objective, vanilla=vanilla_dict, max_quality_loss=float(max_quality_loss), min_cluster_size=minimum,
        points=len(points))
    grid, front_rows = _frame(columns, front, as_frame)
    return TuneResult(grid=grid, pareto_front=front_rows, recommendation=rec, vanilla=vanilla_dict,
                      objective=objective, min_cluster_size=minimum, max_quality_loss=float(max_quality_loss))


def _grid(values, which, name):
    """A grid of b or d values: None for the CLI's default, "paper" for the paper's grid, a
    sequence or a comma-separated string (as --grid-b) of finite numbers >= 0."""
    if values is None:
        return _native.default_grid(which)
    if isinstance(values, str) and values == "paper":
        return _native.default_grid(2)
    expected = f"{name} must be 'paper', or finite numbers >= 0 (a sequence, or comma-separated text such as '0,0.5,1')"
    if isinstance(values, str):
        parts = values.split(",")
        if not all(re.fullmatch(r"\s*" + _params._NUMBER + r"\s*", part) for part in parts):
            _params.fail(f"{expected}; got {values!r}")
        values = [float(part) for part in parts]
    if isinstance(values, (bytes, dict, set)) or isinstance(values, (bool, np.bool_)):
        _params.fail(f"{expected}; got {values!r}")
    try:
        array = np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError, OverflowError):
        _params.fail(f"{expected}; got {_params._show(values)}")
    if array.size == 0:
        _params.fail(f"{name} is empty")
    if not np.all(np.isfinite(array) & (array >= 0)):
        _params.fail(f"{expected}; got {_params._show(values)}")
    return np.ascontiguousarray(array)


def _scalar(v):
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _frame(columns, front, as_frame):
    if as_frame is not False:
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise
        else:
            grid = pd.DataFrame(columns)
            return grid, grid[front].reset_index(drop=True)
    return columns, {key: values[front] for key, values in columns.items()}
