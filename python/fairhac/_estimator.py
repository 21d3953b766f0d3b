"""FairAgglomerativeClustering: a scikit-learn estimator over the Swift core."""

import warnings
from types import SimpleNamespace

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

import warnings

from . import _core, _input, _params, _summarised
from ._linkage import DEFAULT_FAIR_MICRO_CLUSTERS, DEFAULT_MICRO_CLUSTERS, summarise_by_default
from ._make_fair import make_fair
from ._tune import tune as _tune
from ._warnings import AutoFallbackWarning, DegeneratePartitionWarning, ThreadsClampedWarning

METHODS = _params.METHODS
#: Above this n the quality metrics (O(n^2) each) are skipped, as in the CLI.
QUALITY_LIMIT = 20000


class FairAgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Fair hierarchical agglomerative clustering (FHAC, Chhabra & Mohapatra 2022; AFHAC baselines).

    The tree is built by the FairHAC core (the same code as the `fairhac cluster` CLI); the k
    clusters are its first n - k merges (never a cut at a height). X is used as given, as
    scikit-learn's estimators do; ``scale="zscore"`` opts in to the CLI's default scaling.

    Parameters
    ----------
    n_clusters : int, default 2
        k: the number of clusters; fair merging runs until k clusters are left.
    linkage : str, default "average"
        single, complete, average, weighted, ward, centroid or median (scipy's definitions).
    metric : str, default "euclidean"
        euclidean, sqeuclidean, cityblock, chebyshev, cosine, or "precomputed" (X is then a square
        distance matrix, or a condensed distance vector).
    method : {"fhac", "hac", "afhac-v", "afhac-r", "makefair"}, default "fhac"
        FHAC, vanilla HAC (groups optional), the fairlet baselines of Ahmadian et al. (average linkage),
        or makefair: vanilla HAC of ``linkage`` post-processed to be fair at every level (Knittel et
        al.; see ``fairhac.make_fair``). Its tree is n-ary, so labels_ is the finest cut into real
        nodes with at most n_clusters clusters (n_clusters_ says how many).
    rule : str, default "gain"
        FHAC's selection rule: gain, window, paper or gain-penalised.
    b, d : float, default 0
        Fairness tightening and distance loosening rates of the schedule (b = d = 0 is vanilla).
    schedule : {"exp", "power", "linear"}; schedule_arg : {"progress", "merges"};
    schedule_a, schedule_c : float, default 1 (the scales of f and g).
    ideal : "data", "uniform" or a sequence of shares (in sorted order of the group labels).
    paper_variant : {"literal", "strict", "additive"} (rule="paper").
    auto : bool, default False
        Choose rule, b and d by the grid search's recommendation (as ``fairhac cluster --auto``):
        the rules in ``auto_rules`` over the default grids; when no setting is fairer without
        losing more than ``max_quality_loss`` of vanilla's silhouette (or with a cluster under
        ``min_cluster_size``), vanilla HAC's tree is the result. The choice is in ``auto_``.
    auto_objective : {"mfc", "balance"}; auto_rules : sequence of rule names;
    max_quality_loss : float, default 0.05; min_cluster_size : int, default max(2, ceil(n / 100)).
    alpha, ratio, eps, fairlet_seed :
        AFHAC: the cap (no group above 1/alpha of a fairlet; default the data's largest share) or
        the two-group ratio (b, r); the local search's eps; its seed.
    scale : {None, "zscore"}, default None
    compute_quality : bool, default True
        Silhouette and tree objectives in ``quality_`` (features only, skipped above n = 20000).
    force : bool, default False
        Run the paper rule above its estimated 120 s.
    memory_limit : int or str, optional; n_jobs : int, optional
    form : {"exact", "summarised", "auto"}, default "exact"
        The summarised form (methods fhac and hac, features): micro-clusters by a seeded two-level
        k-means, exact HAC/FHAC over them, exact HAC inside each; the tree covers every row and cuts
        into k <= m clusters never split a micro-cluster. "auto" summarises only when the exact form
        exceeds its memory or time estimate (with a warning). ``fit(..., micro_cluster_labels=...)``
        runs the top and below on a given assignment instead of the summariser.
    micro_clusters : int, optional (default 10000 for fhac, 20000 for hac, at most n); summary_seed : int, default 0.
    makefair_variant, makefair_h, makefair_k, makefair_eps, level_tolerance :
        method="makefair": as ``fairhac.make_fair``'s variant, h, k, eps and level_tolerance.

    Attributes
    ----------
    labels_ : ndarray (n,) — cluster 0..k-1 of each observation, numbered by first appearance.
    linkage_matrix_ : ndarray (n - 1, 4) — scipy's Z, in merge order (fair heights may go down).
    children_ : ndarray (n - 1, 2); distances_ : ndarray (n - 1,); n_leaves_, n_clusters_, n_features_in_.
    fairness_ : dict or None — with groups: mfc, mfc_sum, balance, groups, ideal, clusters (size,
        counts, shares, deviations, balance per cluster), profile (k, mfc, mfc_sum, balance for
        k = 2..max(20, 2k)), fair_cut (alpha, k), attributes (each attribute's groups, mfc and
        balance). With several attributes in separate mode the groups are named "attribute=group"
        (as the CLI's summary.json), so that attributes sharing value names stay apart.
    quality_ : dict or None — silhouette, dasgupta_cost, revenue, value, normalized_revenue,
        normalized_value (as the CLI's summary.json).
    auto_ : dict or None — with auto=True: the recommendation and whether vanilla was kept.
    makefair_ : MakeFairResult or None — method="makefair": settings, helper rows, fairness at every
        level of the output and of the vanilla input. Its quality_ has the silhouette only (the tree
        objectives of an n-ary tree are on its real nodes: the CLI's summary.json has them).

    form_ : "exact" or "summarised"; micro_cluster_labels_ : ndarray (n,) or None — each row's
        micro-cluster (dense 0..m-1) in the summarised form; summary_ : dict or None — m, the member
        sample size (0 when exact), the largest micro-cluster and each level's seconds.

    Every parameter is checked in fit with the CLI's bounds (InvalidParameterError, a ValueError
    and a TypeError). fit warns, as the CLI, with DegeneratePartitionWarning (a cluster under
    min_cluster_size points) and AutoFallbackWarning (auto=True kept vanilla HAC); n_jobs above
    the machine's cores is clamped to them with a ThreadsClampedWarning.
    """

    def __init__(self, n_clusters=2, *, linkage="average", metric="euclidean", method="fhac", rule="gain", b=0.0,
                 d=0.0, schedule="exp", schedule_arg="progress", schedule_a=1.0, schedule_c=1.0, ideal="data",
                 paper_variant="literal", auto=False, auto_objective="mfc", auto_rules=("gain", "window", "gain-penalised"),
                 max_quality_loss=0.05, min_cluster_size=None, alpha=None, ratio=None, eps=0.1, fairlet_seed=0,
                 scale=None, compute_quality=True, force=False, memory_limit=None, n_jobs=None, group_mode="separate",
                 merge_rare=False, rare_floor=0.01, form="exact", micro_clusters=None, summary_seed=0,
                 makefair_variant="makefair", makefair_h=None, makefair_k=None, makefair_eps=None, level_tolerance=0.1):
        self.n_clusters = n_clusters
        self.linkage = linkage
        self.metric = metric
        self.method = method
        self.rule = rule
        self.b = b
        self.d = d
        self.schedule = schedule
        self.schedule_arg = schedule_arg
        self.schedule_a = schedule_a
        self.schedule_c = schedule_c
        self.ideal = ideal
        self.paper_variant = paper_variant
        self.auto = auto
        self.auto_objective = auto_objective
        self.auto_rules = auto_rules
        self.max_quality_loss = max_quality_loss
        self.min_cluster_size = min_cluster_size
        self.alpha = alpha
        self.ratio = ratio
        self.eps = eps
        self.fairlet_seed = fairlet_seed
        self.scale = scale
        self.compute_quality = compute_quality
        self.force = force
        self.group_mode = group_mode
        self.merge_rare = merge_rare
        self.rare_floor = rare_floor
        self.memory_limit = memory_limit
        self.n_jobs = n_jobs
        self.form = form
        self.micro_clusters = micro_clusters
        self.summary_seed = summary_seed
        self.makefair_variant = makefair_variant
        self.makefair_h = makefair_h
        self.makefair_k = makefair_k
        self.makefair_eps = makefair_eps
        self.level_tolerance = level_tolerance

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.positive_only = self.metric == "precomputed"  # distances
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"pairwise": self.metric == "precomputed"}

    # -- fitting -------------------------------------------------------------------------------

    def fit(self, X, y=None, groups=None, micro_cluster_labels=None):
        """Builds the tree and the k clusters. `groups`: one protected-group label per row (a list,
        ndarray or pandas Series; required except for method="hac"). `micro_cluster_labels`: each
        row's micro-cluster (integers >= 0, renumbered densely in increasing order) to run the
        summarised form's top and below on a given summary. `y` is ignored.

        Every parameter is checked first (InvalidParameterError, a ValueError and a TypeError,
        naming it). Warns (DegeneratePartitionWarning) when a cluster has fewer than
        min_cluster_size points, and (AutoFallbackWarning) when auto=True keeps vanilla HAC."""
        p = self._check_parameters()
        precomputed = p.metric == "precomputed"
        self._set_feature_names(X)
        if precomputed:
            if getattr(X, "ndim", None) == 1:
                data, n = _input.condensed(X, "X")
            else:
                data, n = _input.square_to_condensed(_input.checked_features(X))
            d, x = 0, None
            self.n_features_in_ = n
        else:
            x = _input.checked_features(X)
            n, d = x.shape
            self.n_features_in_ = d
            if p.scale == "zscore":
                x = _input.zscore(x)
            data = x
        k = p.n_clusters
        if not 1 <= k <= n:
            raise ValueError(f"n_clusters = {k} must be between 1 and the number of observations ({n})")
        g = None if groups is None and p.method == "hac" else _input.groups(
            groups, n, p.group_mode, p.merge_rare, p.rare_floor)
        if p.ratio is not None:
            _params.ratio(p.ratio, sum(g.sizes) if g.spec is None else None)
        budget, threads = _input.memory_budget(p.memory_limit), _input.threads(p.n_jobs)
        linkage, metric = p.linkage, None if precomputed else p.metric
        self.auto_ = None
        ideal_shares = None
        method, rule, b, dd = p.method, p.rule, p.b, p.d
        summarise = micro_cluster_labels is not None or p.form == "summarised" or (
            p.form == "auto" and not precomputed and not method.startswith("afhac") and method != "makefair"
            and summarise_by_default(n, d, linkage, fair=method == "fhac", budget=budget))
        if method == "fhac" and p.auto:
            if summarise:
                raise ValueError("auto=True runs the tuning grid on the exact form; the summarised form does not offer it yet: "
                                 "choose rule, b and d, or tune a subsample")
            if precomputed:
                raise ValueError("auto=True weighs each setting's silhouette, which needs features; it does not run on a distance matrix")
            method, rule, b, dd = self._auto_choice(x, groups, k, p)
        self.form_, self.micro_cluster_labels_, self.summary_ = "exact", None, None
        self.makefair_ = None
        if summarise:
            if precomputed:
                raise ValueError("the summarised form needs features: a distance matrix is the exact form's input")
            if method == "makefair":
                raise ValueError("method='makefair' post-processes the exact vanilla tree; it has no summarised form yet "
                                 "(use form='exact', or make_fair on the linkage matrix of a summarised vanilla fit)")
            if method.startswith("afhac"):
                raise ValueError("AFHAC has no summarised form (its fairlets need the whole matrix); use method='fhac' or a subsample")
            if p.form == "auto" and micro_cluster_labels is None:
                warnings.warn(f"n = {n}: the exact form exceeds the memory or time budget; fairhac summarises "
                              "(form='exact' to insist)", stacklevel=2)
            kind, given = _input.ideal(p.ideal, g) if (g is not None and method == "fhac") else (0, None)
            z, shares, assignment, info = _summarised.summarised(
                x, method=method, linkage=linkage, metric=metric, k=k, ids=None if g is None else g.ids,
                group_names=None if g is None else g.names, spec=None if g is None else g.spec, rule=rule,
                paper_variant=p.paper_variant, schedule=p.schedule, schedule_arg=p.schedule_arg,
                abcd=[p.schedule_a, b, p.schedule_c, dd], ideal_kind=kind, ideal_given=given,
                micro_clusters=p.micro_clusters or (DEFAULT_FAIR_MICRO_CLUSTERS if method == "fhac" else DEFAULT_MICRO_CLUSTERS),
                summary_seed=p.summary_seed,
                labels=micro_cluster_labels, force=p.force, budget=budget, threads=threads)
            if method == "fhac":
                ideal_shares = shares
            self.form_ = "summarised"
            self.micro_cluster_labels_ = assignment.astype(np.intp)
            self.summary_ = {"micro_clusters": int(info[0]), "member_sample_size": int(info[1]),
                             "largest_micro_cluster": int(info[2]),
                             "seconds": {"summary": float(info[3]), "top": float(info[4]), "below": float(info[5])}}
        elif method == "hac":
            z = _core.linkage(data, n, d, precomputed, linkage, metric, budget, threads)
        elif method == "makefair":
            vanilla = _core.linkage(data, n, d, precomputed, linkage, metric, budget, threads)
            self.makefair_ = make_fair(
                vanilla, groups, variant=self.makefair_variant, h=self.makefair_h, k=self.makefair_k, eps=self.makefair_eps,
                level_tolerance=self.level_tolerance, group_mode=self.group_mode, merge_rare=self.merge_rare,
                rare_floor=self.rare_floor)
            z = self.makefair_.Z
            k = self.makefair_.real_cluster_count(k)
        else:
            kind, given = _input.ideal(p.ideal, g) if method == "fhac" else (0, None)
            z, ideal_shares, info = _core.fit(
                data, n, d, precomputed, method=method, linkage=linkage, metric=metric, k=k, ids=g.ids,
                group_names=g.names, rule=rule, paper_variant=p.paper_variant, schedule=p.schedule,
                schedule_arg=p.schedule_arg, abcd=[p.schedule_a, b, p.schedule_c, dd], ideal_kind=kind,
                ideal_given=given, alpha=p.alpha, ratio=p.ratio, eps=p.eps, fairlet_seed=p.fairlet_seed,
                force=p.force, budget=budget, threads=threads, spec=g.spec)
            if method.startswith("afhac"):
                self.fairlets_ = {"count": int(info[0]), "largest_size": int(info[1]), "cap_alpha": float(info[2])}
        self.linkage_matrix_ = z
        self.children_ = z[:, :2].astype(np.intp)
        self.distances_ = z[:, 2].copy()
        self.n_leaves_ = n
        self.n_clusters_ = k
        self.n_connected_components_ = 1
        self.labels_ = _core.labels(z, n, k).astype(np.intp)
        sizes = np.bincount(self.labels_, minlength=k)
        self.fairness_ = None
        if g is not None:
            if ideal_shares is None:
                columns = g.ids.reshape(n, -1)
                ideal_shares = np.concatenate(
                    [np.bincount(columns[:, a], minlength=m) / n for a, m in enumerate(g.sizes)])
            self.fairness_ = self._fairness(z, n, k, g, ideal_shares, sizes)
        self.quality_ = None
        if p.compute_quality and x is not None and 2 <= n <= QUALITY_LIMIT:
            q = _core.quality(z, x, k, threads)
            keys = ("silhouette", "dasgupta_cost", "revenue", "value", "normalized_revenue", "normalized_value")
            self.quality_ = {key: (None if np.isnan(v) else float(v)) for key, v in zip(keys, q)}
            if method == "makefair":  # the binarised tree's helper merges are not clusters: silhouette only
                self.quality_ = {key: (value if key == "silhouette" else None) for key, value in self.quality_.items()}
        used = "vanilla" if method == "hac" else method
        minimum = p.min_cluster_size or default_min_cluster_size(n)
        warning = degenerate_warning(sizes.tolist(), minimum, f"the k = {k} partition ({used})")
        if warning:
            warnings.warn(warning, DegeneratePartitionWarning, stacklevel=2)
        return self

    def fit_predict(self, X, y=None, groups=None):
        """Fits and returns labels_."""
        return self.fit(X, y, groups=groups).labels_

    # -- helpers -------------------------------------------------------------------------------

    def _check_parameters(self):
        """Every parameter checked as the CLI checks its options; returns the checked values."""
        P = _params
        p = SimpleNamespace()
        p.method = P.choice(self.method, "method", METHODS)
        p.n_clusters = P.integer(self.n_clusters, "n_clusters")  # 1 <= k <= n is checked in fit
        p.scale = None if self.scale is None else P.choice(self.scale, "scale", ("none", "zscore"))
        p.scale = None if p.scale == "none" else p.scale
        p.metric = P.choice(self.metric, "metric", P.METRICS + ("precomputed",))
        p.linkage = P.choice(self.linkage, "linkage", P.LINKAGES)
        p.rule = P.choice(self.rule, "rule", P.RULES)
        p.b = P.finite(self.b, "b", low=0)
        p.d = P.finite(self.d, "d", low=0)
        p.schedule = P.choice(self.schedule, "schedule", P.SCHEDULES)
        p.schedule_arg = P.choice(self.schedule_arg, "schedule_arg", P.SCHEDULE_ARGS)
        p.schedule_a = P.finite(self.schedule_a, "schedule_a", low=0, strict=True, words="a positive, finite number")
        p.schedule_c = P.finite(self.schedule_c, "schedule_c", low=0, strict=True, words="a positive, finite number")
        p.ideal = self.ideal  # checked against the groups in fit (_input.ideal)
        if isinstance(p.ideal, str) and "\x00" in p.ideal:
            P.fail(f"ideal must be 'data', 'uniform' or shares such as [0.6, 0.4] or '0.6,0.4'; got {p.ideal!r}")
        p.paper_variant = P.choice(self.paper_variant, "paper_variant", P.PAPER_VARIANTS)
        p.auto = P.flag(self.auto, "auto")
        p.auto_objective = P.choice(self.auto_objective, "auto_objective", P.OBJECTIVES)
        p.auto_rules = P.rules(self.auto_rules, "auto_rules")
        p.max_quality_loss = P.finite(self.max_quality_loss, "max_quality_loss", low=0)
        p.min_cluster_size = None if self.min_cluster_size is None else P.integer(
            self.min_cluster_size, "min_cluster_size", 1, P.INT64_MAX)
        p.alpha = None if self.alpha is None else P.finite(
            self.alpha, "alpha", low=1, words=">= 1 (the cap on any group's share is 1/alpha)")
        p.ratio = P.ratio(self.ratio)
        p.eps = P.finite(self.eps, "eps", low=0, strict=True, words="a positive number")
        p.fairlet_seed = P.integer(self.fairlet_seed, "fairlet_seed", 0, P.UINT64_MAX)
        p.compute_quality = P.flag(self.compute_quality, "compute_quality")
        p.force = P.flag(self.force, "force")
        p.group_mode = P.choice(self.group_mode, "group_mode", P.GROUP_MODES)
        p.merge_rare = P.flag(self.merge_rare, "merge_rare")
        p.rare_floor = P.real(self.rare_floor, "rare_floor")
        if not (0 <= p.rare_floor < 1):
            P.fail(f"rare_floor must be a share of the rows in [0, 1); got {self.rare_floor!r}")
        p.form = P.choice(self.form, "form", _summarised.FORMS)
        p.micro_clusters = None if self.micro_clusters is None else P.integer(
            self.micro_clusters, "micro_clusters", 2, P.INT64_MAX)
        p.summary_seed = P.integer(self.summary_seed, "summary_seed", 0, P.UINT64_MAX)
        p.memory_limit = P.memory_limit(self.memory_limit)
        if self.n_jobs is not None and (not P.is_integer(self.n_jobs) or int(self.n_jobs) == 0):
            P.n_jobs(self.n_jobs)  # raises
        p.n_jobs = self.n_jobs
        # Combinations the CLI refuses (FairOptions, AFHACOptions, ClusterCommand.validate).
        afhac = p.method.startswith("afhac")
        if afhac and p.linkage != "average":
            P.fail(f"AFHAC is average linkage over fairlets; linkage {p.linkage!r} does not apply to method {p.method!r}")
        if p.alpha is not None and p.ratio is not None:
            P.fail("give alpha or ratio, not both")
        if not afhac and (p.alpha is not None or p.ratio is not None):
            P.fail(f"alpha and ratio configure the AFHAC baselines (method 'afhac-v' or 'afhac-r'); got method {p.method!r}")
        ideal_default = isinstance(p.ideal, str) and p.ideal == "data"
        if p.method != "fhac" and (p.b or p.d or p.auto or p.force or not ideal_default):
            P.fail(f"b, d, ideal, auto and force configure fair merging (method 'fhac'); got method {p.method!r}")
        if p.auto and (p.b or p.d or p.schedule_a != 1 or p.schedule_c != 1):
            P.fail("auto=True chooses b and d by a grid search (with schedule_a = schedule_c = 1); leave b and d at 0")
        return p

    def _set_feature_names(self, X):
        columns = getattr(X, "columns", None)
        if columns is not None and all(isinstance(c, str) for c in columns):
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def _auto_choice(self, x, groups, k, p):
        grid = "paper" if p.schedule_arg == "merges" else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ThreadsClampedWarning)  # said once, by fit
            result = _tune(
                x, groups, n_clusters=k, linkage=p.linkage, metric=p.metric, rules=p.auto_rules,
                grid_b=grid, grid_d=grid, schedule=p.schedule, schedule_arg=p.schedule_arg, ideal=p.ideal,
                objective=p.auto_objective, max_quality_loss=p.max_quality_loss,
                min_cluster_size=p.min_cluster_size, paper_variant=p.paper_variant, force=p.force,
                memory_limit=p.memory_limit, n_jobs=p.n_jobs, as_frame=False, group_mode=p.group_mode,
                merge_rare=p.merge_rare, rare_floor=p.rare_floor)
        r = result.recommendation
        self.auto_ = {"objective": p.auto_objective, "rules": list(p.auto_rules), "recommendation": r,
                      "vanilla": result.vanilla, "used": "fhac" if r["improved"] else "vanilla"}
        if r["improved"]:
            return "fhac", r["rule"], r["b"], r["d"]
        warnings.warn(f"auto=True ({p.auto_objective}): " + no_improvement_line(result)
                      + "; the result is vanilla HAC's (auto_['used'] == 'vanilla')", AutoFallbackWarning, stacklevel=3)
        return "hac", p.rule, 0.0, 0.0

    @staticmethod
    def _fairness(z, n, k, g, ideal, sizes):
        depth = min(max(20, 2 * k), n)
        counts, shares, deviations, balance, summary, profile, per_attribute = _core.fairness(
            z, n, k, g.ids, g.names, ideal, depth, g.spec)
        labels = g.labels  # unique: "attribute=group" with several attributes
        clusters = [
            {"size": int(sizes[c]), "counts": dict(zip(labels, counts[c].tolist())),
             "shares": dict(zip(labels, shares[c].tolist())), "deviations": dict(zip(labels, deviations[c].tolist())),
             "balance": float(balance[c])}
            for c in range(k)
        ]
        return {
            "mfc": float(summary[0]), "mfc_sum": float(summary[1]), "balance": float(summary[2]),
            "groups": list(labels), "ideal": dict(zip(labels, np.asarray(ideal, dtype=float).tolist())),
            "clusters": clusters,
            "profile": [{"k": int(r[0]), "mfc": float(r[1]), "mfc_sum": float(r[2]), "balance": float(r[3])} for r in profile],
            "fair_cut": None if np.isnan(summary[3]) else {"alpha": float(summary[3]), "k": int(summary[4])},
            # Each protected attribute's own MFC and balance (several attributes: mfc and balance above are combined).
            "attributes": {
                name: {"groups": list(groups), "mfc": float(per_attribute[a, 0]), "balance": float(per_attribute[a, 1])}
                for a, (name, groups) in enumerate(g.attributes)
            },
        }


def default_min_cluster_size(n):
    """PartitionEvaluation.defaultMinimumClusterSize: max(2, ceil(n / 100))."""
    return max(2, (n + 99) // 100)


def degenerate_warning(sizes, minimum, what):
    """The CLI's degenerateWarning: one line when the smallest cluster is under `minimum`, else None."""
    if not sizes or min(sizes) >= minimum:
        return None
    smallest = min(sizes)
    shown = ", ".join(str(s) for s in sizes[:8]) + (", ..." if len(sizes) > 8 else "")
    return (f"{what} is degenerate: its smallest cluster has {smallest} point{'' if smallest == 1 else 's'}, "
            f"under {minimum} (sizes {shown}); set the threshold with min_cluster_size")


def no_improvement_line(result):
    """The CLI's Recommendation.line when nothing is fairer than vanilla (RecommendationLine.swift)."""
    r, v = result.recommendation, result.vanilla
    name, value = ("MFC", v["mfc"]) if result.objective == "mfc" else ("balance", v["balance"])
    points, qualifying = len(result.grid["mfc"]), r["qualifying_count"]
    return (f"no improvement on vanilla HAC's {name} {value:.3f} within a silhouette loss of {result.max_quality_loss:.3f} "
            f"and clusters of at least {result.min_cluster_size} points ({qualifying} of {points} grid points qualify"
            + (", none fairer than vanilla)" if qualifying > 0 else ")"))
