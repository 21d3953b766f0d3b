"""FairAgglomerativeClustering: a scikit-learn estimator over the Swift core."""

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

import warnings

from . import _core, _input, _summarised
from ._linkage import DEFAULT_FAIR_MICRO_CLUSTERS, DEFAULT_MICRO_CLUSTERS, summarise_by_default
from ._tune import tune as _tune

METHODS = ("fhac", "hac", "afhac-v", "afhac-r")
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
    method : {"fhac", "hac", "afhac-v", "afhac-r"}, default "fhac"
        FHAC, vanilla HAC (groups optional), or the fairlet baselines of Ahmadian et al. (average linkage).
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

    Attributes
    ----------
    labels_ : ndarray (n,) — cluster 0..k-1 of each observation, numbered by first appearance.
    linkage_matrix_ : ndarray (n - 1, 4) — scipy's Z, in merge order (fair heights may go down).
    children_ : ndarray (n - 1, 2); distances_ : ndarray (n - 1,); n_leaves_, n_clusters_, n_features_in_.
    fairness_ : dict or None — with groups: mfc, mfc_sum, balance, groups, ideal, clusters (size,
        counts, shares, deviations, balance per cluster), profile (k, mfc, mfc_sum, balance for
        k = 2..max(20, 2k)), fair_cut (alpha, k).
    quality_ : dict or None — silhouette, dasgupta_cost, revenue, value, normalized_revenue,
        normalized_value (as the CLI's summary.json).
    auto_ : dict or None — with auto=True: the recommendation and whether vanilla was kept.
    form_ : "exact" or "summarised"; micro_cluster_labels_ : ndarray (n,) or None — each row's
        micro-cluster (dense 0..m-1) in the summarised form; summary_ : dict or None — m, the member
        sample size (0 when exact), the largest micro-cluster and each level's seconds.
    """

    def __init__(self, n_clusters=2, *, linkage="average", metric="euclidean", method="fhac", rule="gain", b=0.0,
                 d=0.0, schedule="exp", schedule_arg="progress", schedule_a=1.0, schedule_c=1.0, ideal="data",
                 paper_variant="literal", auto=False, auto_objective="mfc", auto_rules=("gain", "window", "gain-penalised"),
                 max_quality_loss=0.05, min_cluster_size=None, alpha=None, ratio=None, eps=0.1, fairlet_seed=0,
                 scale=None, compute_quality=True, force=False, memory_limit=None, n_jobs=None, group_mode="separate",
                 merge_rare=False, rare_floor=0.01, form="exact", micro_clusters=None, summary_seed=0):
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
        summarised form's top and below on a given summary. `y` is ignored."""
        self._check_parameters()
        precomputed = self.metric == "precomputed"
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
            if self.scale == "zscore":
                x = _input.zscore(x)
            data = x
        k = self.n_clusters
        if not 1 <= k <= n:
            raise ValueError(f"n_clusters = {k} must be between 1 and the number of observations ({n})")
        ids, names, spec = (None, None, None) if groups is None and self.method == "hac" else _input.groups(
            groups, n, self.group_mode, self.merge_rare, self.rare_floor)
        budget, threads = _input.memory_budget(self.memory_limit), _input.threads(self.n_jobs)
        linkage, metric = self.linkage, None if precomputed else self.metric
        self.auto_ = None
        ideal_shares = None
        method, rule, b, dd = self.method, self.rule, float(self.b), float(self.d)
        summarise = micro_cluster_labels is not None or self.form == "summarised" or (
            self.form == "auto" and not precomputed and not method.startswith("afhac")
            and summarise_by_default(n, d, linkage, fair=method == "fhac", budget=budget))
        if method == "fhac" and self.auto:
            if summarise:
                raise ValueError("auto=True runs the tuning grid on the exact form; the summarised form does not offer it yet: "
                                 "choose rule, b and d, or tune a subsample")
            if precomputed:
                raise ValueError("auto=True weighs each setting's silhouette, which needs features; it does not run on a distance matrix")
            method, rule, b, dd = self._auto_choice(x, groups, k)
        self.form_, self.micro_cluster_labels_, self.summary_ = "exact", None, None
        if summarise:
            if precomputed:
                raise ValueError("the summarised form needs features: a distance matrix is the exact form's input")
            if method.startswith("afhac"):
                raise ValueError("AFHAC has no summarised form (its fairlets need the whole matrix); use method='fhac' or a subsample")
            if self.form == "auto" and micro_cluster_labels is None:
                warnings.warn(f"n = {n}: the exact form exceeds the memory or time budget; fairhac summarises "
                              "(form='exact' to insist)", stacklevel=2)
            if ids is None:
                g_names = None
                kind, given = 0, None
            else:
                g_names = names
                kind, given = _input.ideal(self.ideal, len(names)) if method == "fhac" else (0, None)
            z, shares, assignment, info = _summarised.summarised(
                x, method=method, linkage=linkage, metric=metric, k=k, ids=ids, group_names=g_names, spec=spec, rule=rule,
                paper_variant=self.paper_variant, schedule=self.schedule, schedule_arg=self.schedule_arg,
                abcd=[self.schedule_a, b, self.schedule_c, dd], ideal_kind=kind, ideal_given=given,
                micro_clusters=self.micro_clusters or (DEFAULT_FAIR_MICRO_CLUSTERS if method == "fhac" else DEFAULT_MICRO_CLUSTERS), summary_seed=self.summary_seed,
                labels=micro_cluster_labels, force=self.force, budget=budget, threads=threads)
            if method == "fhac":
                ideal_shares = shares
            self.form_ = "summarised"
            self.micro_cluster_labels_ = assignment.astype(np.intp)
            self.summary_ = {"micro_clusters": int(info[0]), "member_sample_size": int(info[1]),
                             "largest_micro_cluster": int(info[2]),
                             "seconds": {"summary": float(info[3]), "top": float(info[4]), "below": float(info[5])}}
        elif method == "hac":
            z = _core.linkage(data, n, d, precomputed, linkage, metric, budget, threads)
        else:
            kind, given = _input.ideal(self.ideal, len(names)) if method == "fhac" else (0, None)
            z, ideal_shares, info = _core.fit(
                data, n, d, precomputed, method=method, linkage=linkage, metric=metric, k=k, ids=ids,
                group_names=names, rule=rule, paper_variant=self.paper_variant, schedule=self.schedule,
                schedule_arg=self.schedule_arg, abcd=[self.schedule_a, b, self.schedule_c, dd], ideal_kind=kind,
                ideal_given=given, alpha=self.alpha, ratio=self.ratio, eps=self.eps, fairlet_seed=self.fairlet_seed,
                force=self.force, budget=budget, threads=threads, spec=spec)
            if method.startswith("afhac"):
                self.fairlets_ = {"count": int(info[0]), "largest_size": int(info[1]), "cap_alpha": float(info[2])}
        self.linkage_matrix_ = z
        self.children_ = z[:, :2].astype(np.intp)
        self.distances_ = z[:, 2].copy()
        self.n_leaves_ = n
        self.n_clusters_ = k
        self.n_connected_components_ = 1
        self.labels_ = _core.labels(z, n, k).astype(np.intp)
        self.fairness_ = None
        if ids is not None:
            if ideal_shares is None:
                columns = ids.reshape(n, -1)
                sizes = [len(ns) for _, ns in _input.attribute_names(spec, names)]
                ideal_shares = np.concatenate(
                    [np.bincount(columns[:, a], minlength=m) / n for a, m in enumerate(sizes)])
            self.fairness_ = self._fairness(z, n, k, ids, names, ideal_shares, spec)
        self.quality_ = None
        if self.compute_quality and x is not None and 2 <= n <= QUALITY_LIMIT:
            q = _core.quality(z, x, k, threads)
            keys = ("silhouette", "dasgupta_cost", "revenue", "value", "normalized_revenue", "normalized_value")
            self.quality_ = {key: (None if np.isnan(v) else float(v)) for key, v in zip(keys, q)}
        return self

    def fit_predict(self, X, y=None, groups=None):
        """Fits and returns labels_."""
        return self.fit(X, y, groups=groups).labels_

    # -- helpers -------------------------------------------------------------------------------

    def _check_parameters(self):
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}; got {self.method!r}")
        if not isinstance(self.n_clusters, (int, np.integer)) or isinstance(self.n_clusters, bool):
            raise ValueError(f"n_clusters must be an integer; got {self.n_clusters!r}")
        if self.scale not in (None, "none", "zscore"):
            raise ValueError(f"scale must be None or 'zscore'; got {self.scale!r}")
        if self.metric != "precomputed" and self.metric not in _input.METRICS:
            raise ValueError(f"metric must be one of {', '.join(_input.METRICS + ('precomputed',))}; got {self.metric!r}")
        if self.form not in _summarised.FORMS:
            raise ValueError(f"form must be one of {', '.join(_summarised.FORMS)}; got {self.form!r}")
        if self.micro_clusters is not None and (not isinstance(self.micro_clusters, (int, np.integer)) or self.micro_clusters < 2):
            raise ValueError(f"micro_clusters must be an integer >= 2; got {self.micro_clusters!r}")
        if self.method.startswith("afhac") and self.linkage != "average":
            raise ValueError(f"AFHAC is average linkage over fairlets; linkage {self.linkage!r} does not apply to method {self.method!r}")
        if self.alpha is not None and self.ratio is not None:
            raise ValueError("give alpha or ratio, not both")
        if self.auto and (self.b or self.d or self.schedule_a != 1 or self.schedule_c != 1):
            raise ValueError("auto=True chooses b and d by a grid search (with schedule_a = schedule_c = 1); leave b and d at 0")

    def _set_feature_names(self, X):
        columns = getattr(X, "columns", None)
        if columns is not None and all(isinstance(c, str) for c in columns):
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def _auto_choice(self, x, groups, k):
        grid = "paper" if self.schedule_arg == "merges" else None
        result = _tune(
            x, groups, n_clusters=k, linkage=self.linkage, metric=self.metric, rules=tuple(self.auto_rules),
            grid_b=grid, grid_d=grid, schedule=self.schedule, schedule_arg=self.schedule_arg, ideal=self.ideal,
            objective=self.auto_objective, max_quality_loss=self.max_quality_loss,
            min_cluster_size=self.min_cluster_size, paper_variant=self.paper_variant, force=self.force,
            memory_limit=self.memory_limit, n_jobs=self.n_jobs, as_frame=False, group_mode=self.group_mode,
            merge_rare=self.merge_rare, rare_floor=self.rare_floor)
        r = result.recommendation
        self.auto_ = {"objective": self.auto_objective, "rules": list(self.auto_rules), "recommendation": r,
                      "vanilla": result.vanilla, "used": "fhac" if r["improved"] else "vanilla"}
        if r["improved"]:
            return "fhac", r["rule"], r["b"], r["d"]
        return "hac", self.rule, 0.0, 0.0

    @staticmethod
    def _fairness(z, n, k, ids, names, ideal, spec=None):
        depth = min(max(20, 2 * k), n)
        counts, shares, deviations, balance, summary, profile, per_attribute = _core.fairness(
            z, n, k, ids, names, ideal, depth, spec)
        clusters = [
            {"size": int(counts[c].sum()), "counts": dict(zip(names, counts[c].tolist())),
             "shares": dict(zip(names, shares[c].tolist())), "deviations": dict(zip(names, deviations[c].tolist())),
             "balance": float(balance[c])}
            for c in range(k)
        ]
        return {
            "mfc": float(summary[0]), "mfc_sum": float(summary[1]), "balance": float(summary[2]),
            "groups": list(names), "ideal": dict(zip(names, np.asarray(ideal, dtype=float).tolist())),
            "clusters": clusters,
            "profile": [{"k": int(r[0]), "mfc": float(r[1]), "mfc_sum": float(r[2]), "balance": float(r[3])} for r in profile],
            "fair_cut": None if np.isnan(summary[3]) else {"alpha": float(summary[3]), "k": int(summary[4])},
            # Each protected attribute's own MFC and balance (several attributes: mfc and balance above are combined).
            "attributes": {
                name: {"groups": groups, "mfc": float(per_attribute[a, 0]), "balance": float(per_attribute[a, 1])}
                for a, (name, groups) in enumerate(_input.attribute_names(spec, names))
            },
        }
