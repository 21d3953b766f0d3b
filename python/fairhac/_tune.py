"""fairhac.tune: the search of `fairhac tune` (the core's TuningPipeline), its Pareto front and its recommendation."""

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core, _input, _native, _params
from ._results import Recommendation
from ._warnings import warn_notices

#: The rules searched unless told (the core's ClusteringRequest.defaultAutoRules).
DEFAULT_RULES = tuple(_native.DEFAULTS["auto_rules"])


@dataclass
class TuneResult:
    """What `fairhac tune` reports, as Python/numpy structures.

    grid : pandas DataFrame (when pandas is installed and as_frame is not False) or a dict of
        numpy arrays, one row per setting measured on the data (every setting with
        search="grid"; the ones the fast search confirmed otherwise): rule, b, d, mfc, balance,
        silhouette, min_cluster_size, dasgupta_cost, seconds, quality_loss, tree_cost_ratio,
        degenerate, on_front, cluster_sizes. The recommendation is chosen among these rows.
    pareto_front : the rows of `grid` on the Pareto front of `objective` (non-degenerate points).
    recommendation : Recommendation (a dict) — the recommended setting (rule, b, d, mfc, balance,
        silhouette, ...) with `improved` (False: nothing fairer keeps the clustering; keep vanilla
        HAC), `index` (row of grid, or None) and `qualifying_count`; ``print()`` gives the CLI's line.
    vanilla : dict — vanilla HAC's mfc, balance, silhouette, min_cluster_size, dasgupta_cost, cluster_sizes.
    screen : the fast search's screen (every setting over a coarse summary, as `grid`), or None.
    search : dict — strategy, description, grid_points, points_evaluated, points_screened,
        screen_micro_clusters; best : dict — exactly `fairhac tune`'s best.json.
    """

    grid: Any
    pareto_front: Any
    recommendation: Recommendation
    vanilla: dict
    objective: str
    min_cluster_size: int
    max_quality_loss: float
    screen: Any = None
    search: dict = None
    best: dict = None
    seconds: float = 0.0


def tune(X, groups, n_clusters=4, *, linkage="average", metric="euclidean", rules=DEFAULT_RULES, grid_b=None,
         grid_d=None, schedule="exp", schedule_arg="progress", ideal="data", objective="mfc", max_quality_loss=0.05,
         min_cluster_size=None, paper_variant="literal", scale=None, force=False, memory_limit=None, n_jobs=None,
         as_frame=None, group_mode="separate", merge_rare=False, rare_floor=0.01, search="fast", form="exact",
         micro_clusters=None, summary_seed=0):
    """Searches FHAC's rule x b x d on features X with protected groups, as `fairhac tune`.

    grid_b / grid_d: sequences of values; None for the CLI's default grids (the paper's grid with
    schedule_arg="merges", also selected by grid_b="paper"). search: "fast" (screen every setting
    over a coarse summary, confirm the best on the data) or "grid" (every setting on the data).
    form: "exact", "summarised" (micro_clusters, summary_seed) or "auto", as the estimator's.
    Returns a TuneResult; `grid` is a pandas DataFrame when pandas is installed (as_frame=None or
    True), else a dict of arrays. The core's notices are warnings (ThreadsClampedWarning, ...).
    """
    P = _params
    linkage = P.choice(linkage, "linkage", P.LINKAGES)
    metric = P.choice(metric, "metric", P.METRICS)
    rules = P.rules(rules, "rules")
    schedule = P.choice(schedule, "schedule", P.SCHEDULES)
    schedule_arg = P.choice(schedule_arg, "schedule_arg", P.SCHEDULE_ARGS)
    objective = P.choice(objective, "objective", P.OBJECTIVES)
    paper_variant = P.choice(paper_variant, "paper_variant", P.PAPER_VARIANTS)
    search = P.choice(search, "search", P.SEARCHES)
    form = P.choice(form, "form", P.FORMS)
    max_quality_loss = P.finite(max_quality_loss, "max_quality_loss", low=0)
    if min_cluster_size is not None:
        min_cluster_size = P.integer(min_cluster_size, "min_cluster_size", 1, P.INT64_MAX)
    if micro_clusters is not None:
        micro_clusters = P.integer(micro_clusters, "micro_clusters", 2, P.INT64_MAX)
    summary_seed = P.integer(summary_seed, "summary_seed", 0, P.UINT64_MAX)
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
    x = _input.features(X)
    if scale == "zscore":
        x = _input.zscore(x)
    n = x.shape[0]
    if k > n:
        raise ValueError(f"n_clusters = {k} must be between 2 and the number of observations ({n})")
    request = {
        "n_clusters": k, "method": "fhac", "auto": True, "linkage": linkage, "metric": metric, "auto_rules": list(rules),
        "grid_b": grid_b, "grid_d": grid_d, "search": search, "form": form, "micro_clusters": micro_clusters,
        "summary_seed": summary_seed, "schedule": schedule, "schedule_arg": schedule_arg, "ideal": _input.ideal_text(ideal),
        "auto_objective": objective, "max_quality_loss": max_quality_loss, "min_cluster_size": min_cluster_size,
        "force": force, "memory_limit": P.memory_limit_value(memory_limit), "n_jobs": P.n_jobs_request(n_jobs),
        "group_mode": P.choice(group_mode, "group_mode", P.GROUP_MODES), "merge_rare": P.flag(merge_rare, "merge_rare"),
        "rare_floor": rare_floor,
    }
    _core.check_request(request)
    result = _core.tune(request, x, _input.label_columns(groups, n))
    warn_notices(result["notices"], stacklevel=2)
    minimum = int(result["min_cluster_size"])
    columns = _columns(result["points"])
    index = result["recommendation"].get("index")  # absent when nothing is recommended
    chosen = {key: _scalar(values[index]) for key, values in columns.items()} if index is not None else {}
    v = result["vanilla"]
    vanilla_dict = {"mfc": v["mfc"], "balance": v["balance"], "silhouette": v.get("silhouette"),
                    "min_cluster_size": v["min_cluster_size"], "dasgupta_cost": v.get("dasgupta_cost"),
                    "degenerate": v["degenerate"], "cluster_sizes": v["cluster_sizes"]}
    rec = Recommendation(
        {"rule": None, "b": None, "d": None, **chosen, "index": index,
         "improved": bool(result["recommendation"]["improved"]),
         "qualifying_count": int(result["recommendation"]["qualifying_count"])},
        objective=objective, vanilla=vanilla_dict, max_quality_loss=float(max_quality_loss), min_cluster_size=minimum,
        points=len(result["points"]))
    grid, front_rows = _frame(columns, columns["on_front"], as_frame)
    screen = None
    if result.get("screen") is not None:
        screen_columns = _columns(result["screen"])
        screen, _ = _frame(screen_columns, screen_columns["on_front"], as_frame)
    best = result["best"]
    return TuneResult(grid=grid, pareto_front=front_rows, recommendation=rec, vanilla=vanilla_dict,
                      objective=objective, min_cluster_size=minimum, max_quality_loss=float(max_quality_loss),
                      screen=screen, search=best["search"], best=best, seconds=float(result["seconds"]))


_COLUMNS = ("rule", "b", "d", "mfc", "balance", "silhouette", "min_cluster_size", "dasgupta_cost", "seconds",
            "quality_loss", "tree_cost_ratio", "degenerate", "on_front")


def _columns(points):
    """The core's point rows as numpy columns (undefined values as NaN)."""
    def floats(key):
        # The core leaves out an undefined figure (a silhouette of one cluster, no tree cost).
        return np.array([np.nan if p.get(key) is None else float(p[key]) for p in points], dtype=np.float64)
    columns = {}
    for key in _COLUMNS:
        if key == "rule":
            columns[key] = np.array([p["rule"] for p in points], dtype=object)
        elif key == "min_cluster_size":
            columns[key] = np.array([p[key] for p in points], dtype=np.int64)
        elif key in ("degenerate", "on_front"):
            columns[key] = np.array([bool(p[key]) for p in points], dtype=bool)
        else:
            columns[key] = floats(key)
    columns["cluster_sizes"] = np.empty(len(points), dtype=object)
    for i, p in enumerate(points):
        columns["cluster_sizes"][i] = list(p["cluster_sizes"])
    return columns


def _grid(values, which, name):
    """A grid of b or d values: None for the CLI's default, "paper" for the paper's grid, a
    sequence or a comma-separated string (as --grid-b) of finite numbers >= 0."""
    if values is None:
        return None  # the core's default for the schedule argument
    if isinstance(values, str) and values == "paper":
        return [float(v) for v in _native.default_grid(2)]
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
    return [float(v) for v in array]


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
