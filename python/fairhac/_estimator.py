"""FairAgglomerativeClustering: a scikit-learn estimator over the Swift core."""

from types import SimpleNamespace

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from . import _core, _input, _native, _params, _table
from ._make_fair import MakeFairResult
from ._results import Recommendation, fairness
from ._warnings import warn_notices

METHODS = _params.METHODS


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
    method : {"hac", "fhac", "afhac-v", "afhac-r", "makefair"}, default "fhac"
        FHAC, vanilla HAC (groups optional), the fairlet baselines of Ahmadian et al. (average linkage),
        or makefair: vanilla HAC of ``linkage`` post-processed to be fair at every level (Knittel et
        al.; see ``fairhac.make_fair``). Its tree is n-ary, so labels_ is the finest cut into real
        nodes with at most n_clusters clusters (n_clusters_ says how many).
    rule : str, optional
        FHAC's selection rule: gain, window, paper or gain-penalised (gain when b or d is given alone).
    b, d : float, optional
        Fairness tightening and distance loosening rates of the schedule (0 when the other is given;
        b = d = 0 is vanilla HAC's schedule, and the result says so). With none of rule, b and d
        given, method="fhac" runs the recommended setting, as auto=True: fair by default.
    schedule : {"exp", "power", "linear"}; schedule_arg : {"progress", "merges"};
    schedule_a, schedule_c : float, default 1 (the scales of f and g).
    ideal : "data", "uniform" or a sequence of shares (in sorted order of the group labels).
    paper_variant : {"literal", "strict", "additive"} (rule="paper").
    auto : bool, optional
        Run the search's recommendation (``fairhac cluster --auto``): the rules in ``auto_rules``
        over the default grids, or vanilla HAC's tree when no setting is fairer within
        ``max_quality_loss`` and ``min_cluster_size`` (``auto_`` says which). None (the default):
        the recommendation unless rule, b or d is given; False: the given setting (b = d = 0 when none).
    search : {"fast", "grid"}, default "fast"
        How the recommendation is searched: screen every setting over a coarse summary and confirm
        the best on the data, or every setting on the data (the full grid).
    auto_objective : {"mfc", "balance"}; auto_rules : sequence of rule names (None: the core's, gain, window and gain-penalised);
    max_quality_loss : float, default 0.05; min_cluster_size : int, default max(2, ceil(n / 100)).
    alpha, ratio, eps, fairlet_seed :
        AFHAC: the cap (no group above 1/alpha of a fairlet; default the data's largest share) or
        the two-group ratio (b, r); the local search's eps; its seed.
    scale : {None, "zscore"}, default None
        "zscore": each feature minus its mean over its population standard deviation, as the CLI's
        default --scale zscore (applied by the core; feature_means_ stay in X's units).
    drop_missing : bool, default False
        Rows of X with a missing cell (None, NaN, pandas' NA, or text the CLI reads as missing: "",
        "?", "NA", ...) or an invalid one (other text, inf), or without a group label, are an error
        naming the columns with their counts and the first cells (the CLI's message), unless
        dropped: then labels_ is -1 for them, row_indices_ lists the rows clustered (the leaves of
        linkage_matrix_, in order), and n_dropped_ counts the others (as --drop-missing).
    compute_quality : bool, default True
        Silhouette and tree objectives in ``quality_`` (features only, skipped above n = 20000).
    force : bool, default False
        Run the paper rule above its estimated 120 s.
    memory_limit : int or str, optional; n_jobs : int, optional
    form : {"auto", "exact", "summarised"}, default "auto"
        As the CLI's --form: "auto" runs the exact form unless it exceeds its memory or time
        estimate, and then the summarised form (methods fhac and hac, features), with a warning:
        micro-clusters by a seeded two-level k-means, exact HAC/FHAC over them, exact HAC inside
        each; the tree covers every row and cuts into k <= m clusters never split a micro-cluster.
        "exact" insists on the exact form (a refused memory estimate names form="auto"/"summarised"),
        "summarised" always summarises. ``fit(..., micro_cluster_labels=...)`` runs the top and below
        on a given assignment instead of the summariser.
    micro_clusters : int, optional (default 10000 for fhac, 20000 for hac, at most n); summary_seed : int, default 0.
    makefair_variant, makefair_h, makefair_k, makefair_eps, level_tolerance :
        method="makefair": as ``fairhac.make_fair``'s variant, h, k, eps and level_tolerance.
    precision : {"double", "single"}, optional
        The exact form's distance matrix: "single" takes half the memory (heights within about 1e-6
        relative of double's, the same merges except at near-ties). Default: "single" for float32 X
        unless the recommendation is searched (in double), else "double"; summary_json_["precision"].

    Attributes
    ----------
    labels_ : ndarray (n,) — cluster 0..k-1 of each observation, numbered by first appearance
        (-1 for rows dropped by drop_missing=True).
    feature_means_ : ndarray (k, d) — each cluster's mean of each feature, in X's units (before
        scaling), columns in X's order (summary.json's per-cluster feature_means): what each cluster is.
    row_indices_ : ndarray or None — with rows dropped (drop_missing=True), the rows clustered, in
        order (leaf i of linkage_matrix_ is row row_indices_[i]); None when every row was clustered.
    n_dropped_ : int — rows dropped by drop_missing=True.
    linkage_matrix_ : ndarray (n - 1, 4) — scipy's Z, in merge order (fair heights may go down).
    children_ : ndarray (n - 1, 2); distances_ : ndarray (n - 1,); n_leaves_, n_clusters_, n_features_in_.
    fairness_ : dict or None — with groups: mfc, mfc_sum, balance, groups, ideal, clusters (size,
        counts, shares, deviations, balance per cluster), profile (k, mfc, mfc_sum, balance for
        k = 2..max(20, 2k)), fair_cut (alpha, k), attributes (each attribute's groups, mfc and
        balance). With several attributes in separate mode the groups are named "attribute=group"
        (as the CLI's summary.json), so that attributes sharing value names stay apart.
    quality_ : dict or None — silhouette, dasgupta_cost, revenue, value, normalized_revenue,
        normalized_value (as the CLI's summary.json).
    auto_ : dict or None — when the recommendation ran: the choice, whether vanilla was kept, and
        the search (strategy, points evaluated and screened).
    makefair_ : MakeFairResult or None — method="makefair": settings, helper rows, fairness at every
        level of the output and of the vanilla input. quality_'s tree objectives are on its real
        (n-ary) nodes, as the CLI's summary.json.
    form_ : "exact" or "summarised"; micro_cluster_labels_ : ndarray (n,) or None — each row's
        micro-cluster (dense 0..m-1) in the summarised form; summary_ : dict or None — m, the member
        sample size (0 when exact), the largest micro-cluster and each level's seconds.

    Every parameter is checked in fit with the CLI's bounds (InvalidParameterError, a ValueError
    and a TypeError). fit warns, as the CLI, with DegeneratePartitionWarning (a cluster under
    min_cluster_size points), AutoFallbackWarning (the recommendation kept vanilla HAC),
    LessFairWarning (a fair result less fair than vanilla HAC's) and QualityLossWarning (a fair
    result losing more than max_quality_loss of vanilla's silhouette); n_jobs above the machine's
    cores is clamped to them with a ThreadsClampedWarning.
    """

    def __init__(self, n_clusters=2, *, linkage="average", metric="euclidean", method="fhac", rule=None, b=None,
                 d=None, schedule="exp", schedule_arg="progress", schedule_a=1.0, schedule_c=1.0, ideal="data",
                 paper_variant="literal", auto=None, auto_objective="mfc", auto_rules=None, search="fast",
                 max_quality_loss=0.05, min_cluster_size=None, alpha=None, ratio=None, eps=0.1, fairlet_seed=0,
                 scale=None, compute_quality=True, force=False, memory_limit=None, n_jobs=None, group_mode="separate",
                 merge_rare=False, rare_floor=0.01, form="auto", micro_clusters=None, summary_seed=0,
                 makefair_variant="makefair", makefair_h=None, makefair_k=None, makefair_eps=None, level_tolerance=0.1,
                 drop_missing=False, precision=None):
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
        self.search = search
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
        self.drop_missing = drop_missing
        self.precision = precision

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.positive_only = self.metric == "precomputed"  # distances
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"pairwise": self.metric == "precomputed"}

    def fit(self, X, y=None, groups=None, micro_cluster_labels=None):
        """Builds the tree and the k clusters. `groups`: one protected-group label per row (a list,
        ndarray or pandas Series; a DataFrame for several attributes; required except for
        method="hac"). `micro_cluster_labels`: each row's micro-cluster (integers >= 0, renumbered
        densely in increasing order) to run the summarised form's top and below on a given
        summary. `y` is ignored.

        The run is the core's (the same pipeline as ``fairhac cluster``): every parameter is checked
        first (InvalidParameterError, a ValueError and a TypeError, naming it). Warns
        (DegeneratePartitionWarning) when a cluster has fewer than min_cluster_size points, (AutoFallbackWarning)
        when the recommendation keeps vanilla HAC, and when form="auto" summarises."""
        p = self._check_parameters()
        request = self._request(p)
        request["precision"] = _params.precision(self.precision, X, searches=_params.searches(request))
        _core.check_request(request)  # the core's checks of the parameters, before any data is read
        precomputed = p.metric == "precomputed"
        self._set_feature_names(X)
        table = None
        if precomputed:
            if getattr(X, "ndim", None) == 1:
                data, n = _input.condensed(X, "X")
            else:
                data, n = _input.square_to_condensed(_input.checked_features(X))
            d = 0
            self.n_features_in_ = n
        else:
            # Every cell read as the CLI reads a file's; bad rows named, or dropped on request.
            table = _table.features(X, drop_missing=p.drop_missing, groups=groups)
            data = table.data
            n, d = data.shape
            self.n_features_in_ = d
            groups = _table.subset(groups, table.kept)
            micro_cluster_labels = _table.subset(micro_cluster_labels, table.kept)
        g = None if groups is None else _input.label_columns(groups, n)
        micro = None
        if micro_cluster_labels is not None:
            micro = np.ascontiguousarray(np.asarray(micro_cluster_labels).ravel(), dtype=np.int64)
            if micro.shape[0] != n:
                raise ValueError(f"micro_cluster_labels has {micro.shape[0]} labels for {n} observations")
            if n and micro.min() < 0:
                raise ValueError("micro_cluster_labels must be integers >= 0")
        if table is not None:
            # What the data are, for summary.json: names, scaling (applied by the core), rows dropped.
            request = dict(request, input={"source": "X", "feature_names": table.names, "scale": p.scale or "none",
                                           "rows_total": table.total, "rows_dropped": table.dropped})
        z, labels, micro_out, result = _core.run(request, data, n, d, precomputed, g, micro_labels=micro)
        self._read_result(z, labels, micro_out, result)
        self.row_indices_ = None if table is None or table.kept is None else table.kept.astype(np.intp)
        self.n_dropped_ = 0 if table is None else table.dropped
        if self.row_indices_ is not None:
            full = np.full(table.total, -1, dtype=np.intp)
            full[self.row_indices_] = self.labels_
            self.labels_ = full
        return self

    def _request(self, p):
        """The checked parameters as the core's request (ClusteringRequest's keys): the estimator
        maps scikit-learn's conventions onto it (n_jobs=-1, scale, metric="precomputed") and decides
        nothing else."""
        afhac = p.method.startswith("afhac")
        r = {"n_clusters": p.n_clusters, "method": p.method, "linkage": p.linkage, "rule": p.rule,
             "schedule": p.schedule, "schedule_arg": p.schedule_arg, "schedule_a": p.schedule_a, "b": p.b,
             "schedule_c": p.schedule_c, "d": p.d, "ideal": _input.ideal_text(p.ideal), "force": p.force,
             "auto": p.auto, "auto_objective": p.auto_objective, "search": p.search,
             "auto_rules": None if p.auto_rules is None else list(p.auto_rules),
             "max_quality_loss": p.max_quality_loss, "min_cluster_size": p.min_cluster_size,
             "level_tolerance": self.level_tolerance, "form": p.form, "micro_clusters": p.micro_clusters,
             "summary_seed": p.summary_seed, "group_mode": p.group_mode, "merge_rare": p.merge_rare,
             "rare_floor": p.rare_floor, "compute_quality": p.compute_quality, "memory_limit": p.memory_limit,
             "n_jobs": p.n_jobs}
        if p.metric != "precomputed":
            r["metric"] = p.metric
        if p.rule == "paper" and p.paper_variant != "literal":
            r["rule"] = f"paper:{p.paper_variant}"  # the rule's parameter, as --rule paper:strict
        if afhac or p.alpha is not None or p.ratio is not None:
            r.update(alpha=p.alpha, ratio=None if p.ratio is None else f"{p.ratio[0]}:{p.ratio[1]}")
        if afhac:
            r.update(eps=p.eps, fairlet_seed=p.fairlet_seed)
        if p.method == "makefair":
            r.update(makefair_variant=self.makefair_variant, makefair_h=self.makefair_h, makefair_k=self.makefair_k,
                     makefair_eps=self.makefair_eps)
        # The core decides "given" by presence; a scikit-learn parameter always holds a value, so
        # schedule_a, schedule_c or ideal equal to the core's default (fairhac_defaults) is sent as
        # not given. rule, b and d default to None (not given: the recommendation); an explicit
        # b = 0 or d = 0 is a fixed setting and is sent.
        defaults = _native.DEFAULTS["parameter_defaults"]
        return {key: v for key, v in r.items() if not (key in ("schedule_a", "schedule_c", "ideal") and v == defaults[key])}

    def _read_result(self, z, labels, micro, result):
        """The fitted attributes, read from the core's result (its "summary" is summary.json's)."""
        s = result["summary"]
        n = int(s["n"])
        self.linkage_matrix_ = z
        self.children_ = z[:, :2].astype(np.intp)
        self.distances_ = z[:, 2].copy()
        self.n_leaves_ = n
        self.n_clusters_ = int(s["k"])
        self.n_connected_components_ = 1
        self.labels_ = labels.astype(np.intp)
        self.summary_json_ = s
        self.notes_ = list(result["notes"])
        self.fairness_ = fairness(s)
        names = s["input"]["features"] or [f"x{j}" for j in range(len((s["clusters"][0].get("feature_means") or {})))]
        self.feature_means_ = None if not s["clusters"] or s["clusters"][0].get("feature_means") is None else np.array(
            [[c["feature_means"][name] for name in names] for c in s["clusters"]])
        quality, sample = s.get("quality"), s.get("quality_sample")
        if quality is not None:
            keys = ("silhouette", "dasgupta_cost", "revenue", "value", "normalized_revenue", "normalized_value")
            self.quality_ = {key: quality.get(key) for key in keys}
        elif sample is not None:
            self.quality_ = {"silhouette": sample.get("silhouette"), "sample_size": sample["sample_size"], "seed": sample["seed"]}
        else:
            self.quality_ = None
        self.auto_ = None
        if s.get("auto") is not None:
            a = s["auto"]
            details = a["details"]
            self.auto_ = {"objective": a["objective"], "rules": a["rules"],
                          "recommendation": Recommendation(
                              {**a["recommended"], "qualifying_count": details["qualifying_points"]}, objective=a["objective"],
                              vanilla=a["vanilla"], max_quality_loss=details["max_quality_loss"],
                              min_cluster_size=details["min_cluster_size"], points=details["grid_points"]),
                          "details": a["details"], "vanilla": a["vanilla"], "search": a.get("search"),
                          "balance_note": a.get("balance_note"),
                          "used": "vanilla" if s["method"] == "vanilla" else "fhac"}
        self.vanilla_ = s.get("vanilla")
        options = s.get("options") or {}
        self.fairlets_ = None
        if s["method"].startswith("afhac"):
            self.fairlets_ = {"count": int(options["fairlets"]), "largest_size": int(options["largest_fairlet"]),
                              "cap_alpha": float(options["alpha"])}
        self.form_ = "summarised" if result.get("summarised") else "exact"
        self.micro_cluster_labels_ = None if micro is None or not result.get("summarised") else micro.astype(np.intp)
        self.summary_ = None
        if result.get("summarised"):
            m, seconds = result["summarised"], result["seconds"]
            self.summary_ = {"micro_clusters": m["micro_clusters"], "member_sample_size": m["member_sample_size"],
                             "largest_micro_cluster": m["largest_micro_cluster"],
                             "seconds": {"summary": seconds.get("summary_seconds", 0.0), "top": seconds.get("top_seconds", 0.0),
                                         "below": seconds.get("below_seconds", 0.0)}}
        self.makefair_ = None
        post = s.get("post_processing")
        if post is not None:
            completes = np.zeros(max(n - 1, 0), dtype=bool)
            completes[result["post_processing"]["completing_rows"]] = True
            self.makefair_ = MakeFairResult(
                Z=z, completes_node=completes, variant=post["variant"], h=post["h"], k=post["k"], eps=post["eps"],
                recursion_threshold=post["recursion_threshold"], nodes=post["nodes"],
                level_tolerance=float(s["fair_at_every_level"]["tolerance"]) if s.get("fair_at_every_level") else self.level_tolerance,
                fair_at_every_level=(s.get("fair_at_every_level") or {}).get("levels", []),
                input_fair_at_every_level=(post.get("input_fair_at_every_level") or {}).get("levels", []))
        warn_notices(result["notices"], stacklevel=3)

    def fit_predict(self, X, y=None, groups=None):
        """Fits and returns labels_."""
        return self.fit(X, y, groups=groups).labels_

    # -- helpers -------------------------------------------------------------------------------

    def _check_parameters(self):
        """Every parameter's Python type and range checked (InvalidParameterError naming it, in
        scikit-learn's manner), so that what reaches the core's JSON request is what the user meant
        (no NaN, no integer past 64 bits); which combinations run, and everything that depends on
        the data, are the core's checks (ClusteringRequest.validate, the CLI's too)."""
        P = _params
        p = SimpleNamespace()
        p.method = P.choice(self.method, "method", METHODS)
        p.n_clusters = P.integer(self.n_clusters, "n_clusters")  # 1 <= k <= n is the core's check
        if p.n_clusters > P.INT64_MAX:
            P.fail(f"n_clusters must be an integer of at most {P.INT64_MAX}; got {p.n_clusters}")
        p.scale = None if self.scale is None else P.choice(self.scale, "scale", ("none", "zscore"))
        p.scale = None if p.scale == "none" else p.scale
        p.metric = P.choice(self.metric, "metric", P.METRICS + ("precomputed",))
        p.linkage = P.choice(self.linkage, "linkage", P.LINKAGES)
        p.rule = None if self.rule is None else P.rule_text(self.rule, "rule")
        p.b = None if self.b is None else P.finite(self.b, "b", low=0)
        p.d = None if self.d is None else P.finite(self.d, "d", low=0)
        p.schedule = P.choice(self.schedule, "schedule", P.SCHEDULES)
        p.schedule_arg = P.choice(self.schedule_arg, "schedule_arg", P.SCHEDULE_ARGS)
        p.schedule_a = P.finite(self.schedule_a, "schedule_a", low=0, strict=True, words="a positive, finite number")
        p.schedule_c = P.finite(self.schedule_c, "schedule_c", low=0, strict=True, words="a positive, finite number")
        p.ideal = self.ideal  # converted by _input.ideal_text, checked against the groups by the core
        p.paper_variant = P.choice(self.paper_variant, "paper_variant", P.PAPER_VARIANTS)
        p.auto = None if self.auto is None else P.flag(self.auto, "auto")
        p.search = P.choice(self.search, "search", P.SEARCHES)
        p.auto_objective = P.choice(self.auto_objective, "auto_objective", P.OBJECTIVES)
        p.auto_rules = None if self.auto_rules is None else P.rules(self.auto_rules, "auto_rules")
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
        p.form = P.choice(self.form, "form", P.FORMS)
        p.drop_missing = P.flag(self.drop_missing, "drop_missing")
        p.micro_clusters = None if self.micro_clusters is None else P.integer(
            self.micro_clusters, "micro_clusters", 2, P.INT64_MAX)
        p.summary_seed = P.integer(self.summary_seed, "summary_seed", 0, P.UINT64_MAX)
        p.memory_limit = P.memory_limit_value(self.memory_limit)
        p.n_jobs = P.n_jobs_request(self.n_jobs)
        return p

    def _set_feature_names(self, X):
        columns = getattr(X, "columns", None)
        if columns is not None and all(isinstance(c, str) for c in columns):
            self.feature_names_in_ = np.asarray(columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
