"""``fairhac.spark.fit``: the summarised form of a Spark DataFrame. Spark reads and checks the
table, summarises it, runs one task per micro-cluster and assembles the results as DataFrames;
the core plans the run (``fairhac_summarised_plan``), does each micro-cluster's work
(``fairhac_micro_cluster``) and runs the top with every figure of summary.json
(``fairhac_run_summaries``), as for the in-process form."""

import time

import numpy as np
import pandas as pd
from pyspark.sql import functions as F

from .. import _core, _input, _native, _params
from .._warnings import warn_notices
from . import reading, tasks
from .reading import LEAF, MICRO
from .result import SparkResult
from .summariser import summarise

#: The core's defaults (fairhac_defaults).
QUALITY_SAMPLE = _native.DEFAULTS["quality_sample_size"]
MAX_LABEL_COMBINATIONS = _native.DEFAULTS["max_label_combinations"]
SUMMARISERS = ("two-level", "kmeans")


def _names(value, name, allow_none=False):
    if value is None and allow_none:
        return []
    if isinstance(value, str):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        _params.fail(f"{name} must be a column name or a list of them; got {_params._show(value)}")
    if not all(isinstance(v, str) and v for v in items):
        _params.fail(f"{name} must be column names (non-empty strings); got {_params._show(value)}")
    return items


def _request(p):
    """The checked parameters as the core's request (ClusteringRequest's keys, as the estimator's)."""
    P = _params
    method = P.choice(p["method"], "method", ("hac", "fhac"))
    rule = None if p["rule"] is None else P.rule_text(p["rule"], "rule")
    variant = P.choice(p["paper_variant"], "paper_variant", P.PAPER_VARIANTS)
    r = {"n_clusters": P.integer(p["n_clusters"], "n_clusters", 1, P.INT64_MAX), "method": method,
         "linkage": P.choice(p["linkage"], "linkage", P.LINKAGES), "metric": P.choice(p["metric"], "metric", P.METRICS),
         "rule": f"paper:{variant}" if rule == "paper" and variant != "literal" else rule,
         "b": None if p["b"] is None else P.finite(p["b"], "b", low=0), "d": None if p["d"] is None else P.finite(p["d"], "d", low=0),
         "schedule": P.choice(p["schedule"], "schedule", P.SCHEDULES),
         "schedule_arg": P.choice(p["schedule_arg"], "schedule_arg", P.SCHEDULE_ARGS),
         "schedule_a": P.finite(p["schedule_a"], "schedule_a", low=0, strict=True, words="a positive, finite number"),
         "schedule_c": P.finite(p["schedule_c"], "schedule_c", low=0, strict=True, words="a positive, finite number"),
         "ideal": _input.ideal_text(p["ideal"]),
         "force": P.flag(p["force"], "force"), "summary_seed": P.integer(p["seed"], "seed", 0, P.UINT64_MAX),
         "micro_clusters": None if p["micro_clusters"] is None else P.integer(p["micro_clusters"], "micro_clusters", 2, P.INT64_MAX),
         "group_mode": P.choice(p["group_mode"], "group_mode", P.GROUP_MODES), "merge_rare": P.flag(p["merge_rare"], "merge_rare"),
         "rare_floor": P.real(p["rare_floor"], "rare_floor"), "level_tolerance": P.real(p["level_tolerance"], "level_tolerance"),
         "min_cluster_size": None if p["min_cluster_size"] is None else P.integer(p["min_cluster_size"], "min_cluster_size", 1, P.INT64_MAX),
         "compute_quality": p["quality_sample"] > 0, "memory_limit": P.memory_limit_value(p["memory_limit"]),
         "n_jobs": P.n_jobs_request(p["n_jobs"])}
    # The core decides "given" by presence (as the estimator sends them): schedule_a, schedule_c and
    # ideal at the core's defaults are not given; rule, b and d default to None.
    defaults = _native.DEFAULTS["parameter_defaults"]
    r = {key: v for key, v in r.items() if not (key in ("schedule_a", "schedule_c", "ideal") and v == defaults[key])}
    _core.check_request(r)
    return r


_PARAMETERS = ("features", "groups", "id_col", "n_clusters", "linkage", "method", "metric", "rule", "b", "d", "schedule",
               "schedule_arg", "schedule_a", "schedule_c", "ideal", "paper_variant", "force", "micro_clusters",
               "micro_cluster_col", "summariser", "seed", "drop_missing", "quality_sample", "coarse_iterations",
               "memory_limit", "n_jobs", "group_mode", "merge_rare", "rare_floor", "level_tolerance", "min_cluster_size")


def check_parameters(**p):
    """``fit``'s parameters checked (InvalidParameterError naming each), before any data is read:
    the command line calls it before it starts Spark. Returns them checked, with the core's request."""
    P = _params
    out = {"features": _names(p["features"], "features"), "groups": _names(p.get("groups"), "groups", allow_none=True)}
    id_col = p.get("id_col", "id")
    if not isinstance(id_col, str) or not id_col:
        P.fail(f"id_col must be a column name; got {P._show(id_col)}")
    column = p.get("micro_cluster_col")
    if column is not None and (not isinstance(column, str) or not column):
        P.fail(f"micro_cluster_col must be a column name; got {P._show(column)}")
    out.update(id_col=id_col, micro_cluster_col=column,
               quality_sample=P.integer(p["quality_sample"], "quality_sample", 0, P.INT64_MAX),
               coarse_iterations=P.integer(p["coarse_iterations"], "coarse_iterations", 1, 10_000),
               summariser=P.choice(p["summariser"], "summariser", SUMMARISERS),
               drop_missing=P.flag(p["drop_missing"], "drop_missing"))
    out["request"] = _request({**p, "quality_sample": out["quality_sample"]})
    return out


def fit(df, features, groups=None, *, id_col="id", n_clusters=2, linkage="ward", method="fhac", metric="euclidean",
        rule=None, b=None, d=None, schedule="exp", schedule_arg="progress", schedule_a=1.0, schedule_c=1.0,
        ideal="data", paper_variant="literal", force=False, micro_clusters=None, micro_cluster_col=None,
        summariser="two-level", seed=0, drop_missing=False, quality_sample=QUALITY_SAMPLE, coarse_iterations=8,
        memory_limit=None, n_jobs=None, storage_level=None, group_mode="separate", merge_rare=False, rare_floor=0.01,
        level_tolerance=0.1, min_cluster_size=None, source="spark", results_place=None):
    """The summarised fair HAC of a Spark DataFrame (see ``fairhac.spark``).

    Parameters
    ----------
    df : pyspark.sql.DataFrame; features : numeric column names; groups : protected attribute
        columns (one or more; required for method="fhac"; group_mode, merge_rare, rare_floor as the estimator's).
    id_col : a unique id per row; the leaves of Z are the rows in ascending id order.
    n_clusters : k (at most m); linkage, metric, method ("fhac" or "hac"), rule, b, d (fhac: at least
        one of them, since the distributed form cannot search for the recommended setting; fairhac.tune
        on a sample suggests one), schedule,
        schedule_arg, schedule_a, schedule_c, ideal, paper_variant, force, level_tolerance,
        min_cluster_size: as ``FairAgglomerativeClustering``.
    micro_clusters : m (default the core's: 10000 for fhac, 20000 for hac; at most n);
        micro_cluster_col : a column of given micro-cluster labels (integers >= 0; renumbered densely
        in increasing order) instead of the summariser.
    summariser : "two-level" (a seeded two-level k-means) or "kmeans" (Spark ML KMeans with k = m);
        seed : the summariser's and the member samples' seed (the in-process ``summary_seed``).
    drop_missing : drop rows with a null/NaN feature or a null group (counted), instead of an error.
    quality_sample : rows of the seeded sample the silhouette is computed on (0: no quality figures).
    coarse_iterations : Lloyd passes of the coarse k-means (two-level), or KMeans' maxIter ("kmeans").
    memory_limit, n_jobs : the driver's top (as the estimator's).
    storage_level : how the rows and the per-micro-cluster results are persisted (default
        MEMORY_AND_DISK); ``result.unpersist()`` releases them.
    source : how summary.json's input block names the table; results_place : where the results
        go, for the console text's last line.

    Returns
    -------
    SparkResult

    Raises
    ------
    InvalidParameterError (a ValueError) naming the parameter; ValueError for bad columns or rows;
    MemoryError when the top does not fit the driver's budget.
    """
    from pyspark import StorageLevel

    timings, clock = {}, time.perf_counter()
    started = clock
    c = check_parameters(**{key: value for key, value in locals().items() if key in _PARAMETERS})
    features, group_cols, id_col, request = c["features"], c["groups"], c["id_col"], c["request"]
    quality_sample, coarse_iterations, summariser = c["quality_sample"], c["coarse_iterations"], c["summariser"]
    drop_missing, micro_cluster_col = c["drop_missing"], c["micro_cluster_col"]
    level = storage_level or StorageLevel.MEMORY_AND_DISK
    persisted = []
    describe = _describer(df)
    describe("fairhac: input checks")
    reading.check_columns(df, features, group_cols, id_col)
    if micro_cluster_col is not None and micro_cluster_col not in df.columns:
        raise ValueError(f"micro_cluster_col {micro_cluster_col!r} is not in the DataFrame")
    df, n, dropped, dense = reading.check_rows(df, features, group_cols, id_col, drop_missing)
    groups_json = None
    if group_cols:
        combinations, counts = reading.label_combinations(df, group_cols, MAX_LABEL_COMBINATIONS)
        groups_json = {"names": group_cols, "combinations": combinations, "counts": counts}
    plan_input = {"n": n, "d": len(features), "groups": groups_json, "sizes": None, "quality_sample": quality_sample}
    plan = _core.summarised_plan(request, plan_input)
    extra = [F.col(micro_cluster_col).alias(MICRO)] if micro_cluster_col is not None else []
    data = reading.leaf_index(df.select(id_col, *features, *group_cols, *extra), id_col, dense)
    timings["checks"] = time.perf_counter() - clock

    # Level 1: each row's micro-cluster.
    clock = time.perf_counter()
    describe("fairhac: level 1 (summary)")
    if micro_cluster_col is not None:
        labelled = _given_labels(data, micro_cluster_col)
        settings = {"method": "given"}
    else:
        m_target = int(plan["micro_clusters"])
        labelled = summarise(data, features, n, m_target, request["summary_seed"], summariser, coarse_iterations)
        settings = {"method": f"spark-{summariser}", "target_micro_clusters": str(m_target), "seed": str(request["summary_seed"]),
                    "coarse_iterations": str(coarse_iterations)}
    labelled = labelled.persist(level)
    persisted.append(labelled)
    raw_sizes = sorted((int(r[0]), int(r[1])) for r in labelled.groupBy(MICRO).count().collect())
    timings["level1_summary"] = time.perf_counter() - clock

    # Dense numbering and the second plan (the member sample, the below level, the quality sample).
    clock = time.perf_counter()
    m = len(raw_sizes)
    dense_of = {label: c for c, (label, _) in enumerate(raw_sizes)}
    sizes = np.array([s for _, s in raw_sizes], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes - 1)[:-1]]).astype(np.int64)
    plan = _core.summarised_plan(request, {**plan_input, "sizes": sizes.tolist()})
    describe("fairhac: levels 2 and 3 (each micro-cluster's tree and summary)")
    task = tasks.per_micro_cluster(request, plan, features, group_cols, (groups_json or {}).get("combinations", []),
                                   dense_of, offsets)
    parts = labelled.groupBy(MICRO).applyInPandas(task, tasks.SCHEMA).persist(level)
    persisted.append(parts)
    collected = tasks.collect_summaries(parts, m, len(features), plan)
    timings["micro_clusters"] = time.perf_counter() - clock

    # The top and every figure, by the core on the driver.
    clock = time.perf_counter()
    describe("fairhac: quality sample")
    quality_x, quality_micro = _quality_rows(labelled, features, plan.get("quality_rows"), dense_of)
    describe("fairhac: the top")
    content = {"n": n, "m": m, "d": len(features), "groups": groups_json, "summariser": settings,
               "sample_rows": int(collected["samples"].shape[0]) if "samples" in collected else 0,
               "quality_rows": 0 if quality_x is None else int(quality_x.shape[0]),
               "level_rows": collected["level"].tolist() if group_cols else None,
               "input": {"source": str(source), "kind": "features", "rows_in_file": n + dropped, "rows_dropped": dropped,
                         "features": features, "scaling": "none"},
               "group_column": ",".join(group_cols), "place": results_place, "seconds": time.perf_counter() - started}
    top, top_local, micro_labels, result = _core.run_summaries(
        request, content, collected["sizes"], collected["centroids"], collected["first_rows"], collected.get("counts"),
        collected.get("samples"), collected.get("member_offsets"), collected["heights"], quality_x, quality_micro)
    warn_notices(result["notices"], stacklevel=3)
    timings["top"] = time.perf_counter() - clock

    # The results as DataFrames (Z with global ids, the labels), assembled by Spark.
    spark = df.sparkSession
    top_df = spark.createDataFrame(pd.DataFrame({
        "step": np.arange(n - m, n - 1, dtype=np.int64), "a": top[:, 0].astype(np.int64), "b": top[:, 1].astype(np.int64),
        "height": top[:, 2], "size": top[:, 3].astype(np.int64)}), "step long, a long, b long, height double, size long")
    z_df = parts.filter(F.col("kind") == tasks.MERGE).select("step", "a", "b", "height", "size").unionByName(top_df)
    mapping = F.broadcast(spark.createDataFrame(pd.DataFrame({
        "__raw": np.array([r for r, _ in raw_sizes], dtype=np.int64), "micro_cluster": np.arange(m, dtype=np.int64),
        "cluster": micro_labels}), "__raw long, micro_cluster long, cluster long"))
    assigned = labelled.join(mapping, labelled[MICRO] == mapping["__raw"])
    describe(None)
    return SparkResult(
        labels=assigned.select(F.col(id_col), F.col("cluster")), micro_clusters=assigned.select(F.col(id_col), F.col("micro_cluster")),
        linkage=z_df, leaves=None if dense else labelled.select(F.col(LEAF).alias("leaf"), F.col(id_col)), top_linkage=top_local,
        result=result, n=n, m=m, timings=timings, persisted=persisted)


def _given_labels(data, column):
    """The given micro-cluster labels: whole numbers >= 0 (a fractional, negative or missing label is an error naming the column)."""
    bad = data.filter(F.col(MICRO).isNull() | (F.col(MICRO) < 0)
                      | (F.col(MICRO).cast("double") != F.floor(F.col(MICRO).cast("double")))).count()
    if bad:
        raise ValueError(f"micro_cluster_col {column!r}: {bad} rows without a whole-number label >= 0")
    return data.withColumn(MICRO, F.col(MICRO).cast("long"))


def _quality_rows(labelled, features, rows, dense_of):
    """The quality sample's rows (features in leaf order) and their micro-clusters, or (None, None)."""
    if not rows:
        return None, None
    spark = labelled.sparkSession
    wanted = F.broadcast(spark.createDataFrame(pd.DataFrame({"__q": np.asarray(rows, dtype=np.int64)}), "__q long"))
    pdf = (labelled.join(wanted, labelled[LEAF] == wanted["__q"]).select(LEAF, MICRO, *features).toPandas()
           .sort_values(LEAF, kind="stable"))
    if len(pdf) != len(rows):
        raise RuntimeError("fairhac.spark: the quality sample's rows were not all found")
    x = np.ascontiguousarray(pdf[features].to_numpy(dtype=np.float64))
    micro = np.fromiter((dense_of[int(v)] for v in pdf[MICRO]), dtype=np.int64, count=len(pdf))
    return x, micro


def _describer(df):
    """Sets the Spark job description (shown in the UI and the status API) for each stage."""
    try:
        context = df.sparkSession.sparkContext
    except Exception:  # Spark Connect has no SparkContext
        return lambda text: None
    return lambda text: context.setJobDescription(text)
