"""fairhac.make_fair: fair post-processing of any finished tree (Knittel et al.; spec section 11)."""

from dataclasses import dataclass

import numpy as np

from . import _core, _input, _params
from ._results import LevelFairness

VARIANTS = _params.MAKEFAIR_VARIANTS


@dataclass
class MakeFairResult:
    """What ``make_fair`` returns.

    Z : ndarray (n - 1, 4) — the binarised tree: a node with c children is c - 1 merges at the
        node's height (the input's cophenetic height of its leaves); a valid scipy linkage matrix.
    completes_node : ndarray (n - 1,) of bool — whether each row completes a real (n-ary) node;
        the other rows are helper merges, never clusters of the tree.
    variant, h, k, eps, recursion_threshold : the settings used (defaults filled in).
    nodes : int — the number of real nodes.
    fair_at_every_level, input_fair_at_every_level : LevelFairness — ``.fair`` (and ``bool()``):
        whether every cluster of at least 1% of n points keeps each group's share within
        level_tolerance of the data's; ``.levels``: per size threshold s (2, 10, 1% of n), clusters
        of size >= s, how many are within the bounds, and the share (iterating gives these);
        ``print()`` says it in words. The output's real nodes, and the input's merges.
    """

    Z: np.ndarray
    completes_node: np.ndarray
    variant: str
    h: int
    k: int
    eps: float
    recursion_threshold: int
    nodes: int
    level_tolerance: float
    fair_at_every_level: LevelFairness = None
    input_fair_at_every_level: LevelFairness = None

    def __post_init__(self):
        # Lists of level rows (summary.json's "levels") become LevelFairness values.
        for name in ("fair_at_every_level", "input_fair_at_every_level"):
            value = getattr(self, name)
            if not isinstance(value, LevelFairness):
                setattr(self, name, LevelFairness(value or [], self.level_tolerance))

    def real_cluster_count(self, n_clusters):
        """The number of clusters of the finest cut into real nodes with at most n_clusters
        (a node with c children splits into c at once, so not every count is reachable)."""
        n = self.Z.shape[0] + 1
        applied = [0] + [i + 1 for i in np.flatnonzero(self.completes_node)]
        return n - min(a for a in applied if a >= n - max(1, int(n_clusters)))

    def labels(self, n_clusters):
        """Cluster of each observation in that cut (``real_cluster_count(n_clusters)`` clusters,
        numbered by first appearance)."""
        n = self.Z.shape[0] + 1
        return _core.labels(self.Z, n, self.real_cluster_count(n_clusters)).astype(np.intp)


def make_fair(Z, groups, *, variant="makefair", h=None, k=None, eps=None, level_tolerance=0.1, group_mode="separate",
              merge_rare=False, rare_floor=0.01):
    """Restructures the tree Z so that its clusters at every level keep each group's share near the
    data's (spec section 11).

    Parameters
    ----------
    Z : array-like (n - 1, 4)
        A scipy linkage matrix (any tree: vanilla, FHAC, AFHAC, or from scipy itself).
    groups : array-like (n,) or DataFrame
        The protected group of each observation (several columns: several attributes, one fold
        pass per (attribute, group); ``group_mode="intersectional"`` makes their combinations one).
    variant : {"makefair", "fairhc"}
        NeurIPS 2023 MakeFair (SplitRoot and fold passes; default) or ICML 2023 (rebalance, refine,
        FairHC).
    h, k, eps : optional
        makefair: children per split (default 2 k^G in [8, 64], G the number of (attribute, group)
        pairs), children per fold (default 4, at most h/2), split tolerance (default 1/(4h), below
        1/h). fairhc: levels abstracted (default 3), folds (default 2, at most 2^h / 2), refine
        tolerance (default 1/16, at most 1/6).
    level_tolerance : float
        The bounds of fairness at every level: each share within this of the data's share.

    Returns
    -------
    MakeFairResult

    Raises
    ------
    ValueError
        An invalid Z, groups of the wrong length, or parameters out of range (with the constraint).
    """
    P = _params
    variant = P.choice(variant, "variant", VARIANTS)
    z = np.ascontiguousarray(Z, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] != 4:
        raise ValueError(f"Z must be an (n - 1) x 4 linkage matrix; got shape {z.shape}")
    n = z.shape[0] + 1
    request = {
        "n_clusters": 1, "method": "makefair", "makefair_variant": variant,
        "makefair_h": None if h is None else P.integer(h, "h"), "makefair_k": None if k is None else P.integer(k, "k"),
        "makefair_eps": None if eps is None else P.finite(eps, "eps", low=0, strict=True, words="a positive, finite number"),
        "level_tolerance": P.finite(level_tolerance, "level_tolerance", low=0, strict=True, words="in (0, 1] (a share)"),
        "group_mode": P.choice(group_mode, "group_mode", P.GROUP_MODES),
        "merge_rare": P.flag(merge_rare, "merge_rare"), "rare_floor": P.real(rare_floor, "rare_floor"),
        "compute_quality": False,
    }
    _core.check_request(request)
    # The tree alone, post-processed by the core's pipeline (the same run as the estimator's
    # method="makefair" and the CLI's --method makefair --tree).
    out, _, _, result = _core.run(request, None, n, 0, _core.TREE_ONLY, _input.label_columns(groups, n), tree=z)
    s = result["summary"]
    post = s["post_processing"]
    completes = np.zeros(max(n - 1, 0), dtype=bool)
    completes[result["post_processing"]["completing_rows"]] = True
    return MakeFairResult(
        Z=out, completes_node=completes, variant=post["variant"], h=int(post["h"]), k=int(post["k"]), eps=float(post["eps"]),
        recursion_threshold=int(post["recursion_threshold"]), nodes=int(post["nodes"]),
        level_tolerance=float(s["fair_at_every_level"]["tolerance"]),
        fair_at_every_level=_levels(s["fair_at_every_level"]),
        input_fair_at_every_level=_levels(post.get("input_fair_at_every_level")))


def _levels(record):
    """summary.json's levels, with the share as a float (or None)."""
    return [{**level, "share": None if level.get("share") is None else float(level["share"])}
            for level in (record or {}).get("levels", [])]
