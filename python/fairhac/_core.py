"""One Python function per C entry point: numpy buffers in, numpy results out."""

import numpy as np

from ._native import call, names, ptr, text


def linkage(data, n, d, precomputed, method, metric, budget, threads):
    z = np.empty((max(n - 1, 0), 4))
    call("fairhac_linkage", ptr(data), n, d, int(precomputed), text(method), text(metric), budget, threads, ptr(z))
    return z


def fit(data, n, d, precomputed, *, method, linkage, metric, k, ids, group_names, rule, paper_variant, schedule,
        schedule_arg, abcd, ideal_kind, ideal_given, alpha, ratio, eps, fairlet_seed, force, budget, threads, spec=None):
    z = np.empty((max(n - 1, 0), 4))
    ideal_out = np.empty(len(group_names))
    info = np.full(3, np.nan)
    abcd = np.ascontiguousarray(abcd, dtype=np.float64)
    ratio_b, ratio_r = ratio if ratio is not None else (0, 0)
    call("fairhac_fit", ptr(data), n, d, int(precomputed), text(method), text(linkage), text(metric), k,
         ptr(ids), len(group_names), names(group_names), text(spec), text(rule), text(paper_variant), text(schedule), text(schedule_arg), ptr(abcd),
         ideal_kind, ptr(ideal_given), float(alpha or 0), int(ratio_b), int(ratio_r), float(eps), int(fairlet_seed),
         int(bool(force)), budget, threads, ptr(z), ptr(ideal_out), ptr(info))
    return z, ideal_out, info


def make_fair(z, n, ids, group_names, spec, variant, h, k, eps, tolerance):
    """Fair post-processing: (binarised Z, completes (n - 1) 0/1, info (h, k, eps, threshold, nodes),
    levels 6 x 3 (min size, clusters, fair): the output's 3 rows, then the input's)."""
    out = np.empty((max(n - 1, 0), 4))
    completes = np.zeros(max(n - 1, 0), dtype=np.int64)
    info = np.empty(5)
    levels = np.empty((6, 3))
    call("fairhac_make_fair", ptr(_z(z)), n, ptr(ids), len(group_names), names(group_names), text(spec), text(variant),
         int(h or 0), int(k or 0), float(eps or 0), float(tolerance), ptr(out), ptr(completes), ptr(info), ptr(levels))
    return out, completes, info, levels


def labels(z, n, k):
    out = np.empty(n, dtype=np.int64)
    call("fairhac_labels", ptr(_z(z)), n, int(k), ptr(out))
    return out


def fairness(z, n, k, ids, group_names, ideal, profile_max_k, spec=None):
    k, m = int(k), len(group_names)
    counts, shares, deviations = (np.empty((k, m)) for _ in range(3))
    balance = np.empty(k)
    summary = np.empty(5)
    profile = np.empty((max(profile_max_k, 0), 4))
    profile_count = np.zeros(1, dtype=np.int64)
    attributes = np.empty((1 if spec is None else len(spec.split(";")), 2))
    call("fairhac_fairness", ptr(_z(z)), n, k, ptr(ids), m, names(group_names), text(spec),
         ptr(np.ascontiguousarray(ideal, dtype=np.float64)),
         int(profile_max_k), ptr(counts), ptr(shares), ptr(deviations), ptr(balance), ptr(summary), ptr(profile),
         ptr(profile_count), ptr(attributes))
    return counts.astype(np.int64), shares, deviations, balance, summary, profile[: int(profile_count[0])], attributes


def quality(z, x, k, threads):
    out = np.empty(6)
    call("fairhac_quality", ptr(_z(z)), ptr(x), x.shape[0], x.shape[1], int(k), threads, ptr(out))
    return out


TUNE_COLUMNS = ("rule", "b", "d", "mfc", "balance", "silhouette", "min_cluster_size", "dasgupta_cost", "seconds",
                "quality_loss", "tree_cost_ratio")


def tune(x, *, metric, linkage, k, ids, group_names, rules, paper_variant, grid_b, grid_d, schedule, schedule_arg,
         ideal_kind, ideal_given, objective, max_quality_loss, min_cluster_size, force, budget, threads, spec=None):
    n, d = x.shape
    grid_b = np.ascontiguousarray(grid_b, dtype=np.float64)
    grid_d = np.ascontiguousarray(grid_d, dtype=np.float64)
    capacity = len(rules) * max(len(grid_b), 1) * max(len(grid_d), 1)
    points = np.empty((capacity, len(TUNE_COLUMNS)))
    sizes = np.empty((capacity, int(k)))
    count = np.zeros(1, dtype=np.int64)
    vanilla = np.empty(len(TUNE_COLUMNS))
    vanilla_sizes = np.empty(int(k))
    front = np.zeros(capacity, dtype=np.int64)
    recommendation = np.zeros(3, dtype=np.int64)
    minimum = np.zeros(1, dtype=np.int64)
    call("fairhac_tune", ptr(x), n, d, text(metric), text(linkage), int(k), ptr(ids), len(group_names), names(group_names),
         text(spec), text(",".join(rules)), text(paper_variant), ptr(grid_b), len(grid_b), ptr(grid_d), len(grid_d),
         text(schedule), text(schedule_arg), ideal_kind, ptr(ideal_given), text(objective), float(max_quality_loss),
         int(min_cluster_size or 0), int(bool(force)), budget, threads, capacity, ptr(points), ptr(sizes), ptr(count),
         ptr(vanilla), ptr(vanilla_sizes), ptr(front), ptr(recommendation), ptr(minimum))
    c = int(count[0])
    return (points[:c], sizes[:c].astype(np.int64), vanilla, vanilla_sizes.astype(np.int64), front[:c].astype(bool),
            recommendation, int(minimum[0]))


def _z(z):
    z = np.ascontiguousarray(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] != 4:
        raise ValueError(f"Z must be an (n - 1) x 4 linkage matrix; got shape {z.shape}")
    return z
