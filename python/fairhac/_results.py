"""Results a person prints: the recommendation of a grid search and fairness at every level,
each a plain value (a dict, a bool) that also reads as a sentence."""

import math


def fixed(x, decimals):
    """ReportNumber.fixed: x rounded half away from zero to exactly `decimals` digits (locale-free)."""
    if x is None:
        return "undefined"
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    scale = 10 ** decimals
    scaled = abs(x) * scale
    if scaled >= 9e15:
        return repr(float(x))
    whole = math.floor(scaled)
    units = whole + 1 if scaled - whole >= 0.5 else whole  # half away from zero, as Swift's rounded()
    sign = "-" if x < 0 and units != 0 else ""
    if decimals == 0:
        return sign + str(units)
    return f"{sign}{units // scale}.{units % scale:0{decimals}d}"


def compact(x, max_decimals=6):
    """ReportNumber.compact: fixed without trailing zeros (grid values: 0.1, 4, 0.00005)."""
    s = fixed(x, max_decimals)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


class Recommendation(dict):
    """The recommended setting of a grid search (a dict: rule, b, d, mfc, balance, silhouette,
    min_cluster_size, ..., improved, index, qualifying_count) that prints as the CLI's line:
    ``recommended for mfc: MFC 0.529 -> 0.065 at silhouette 0.335 -> 0.437 (window, b 3, d 2;
    smallest cluster 20)``, or "no improvement ..." with why."""

    def __init__(self, values, *, objective, vanilla, max_quality_loss, min_cluster_size, points):
        super().__init__(values)
        self.objective = objective
        self._vanilla = vanilla
        self._criteria = (max_quality_loss, min_cluster_size, points)

    def line(self):
        """The core's line (Recommendation.line), word for word."""
        name = "MFC" if self.objective == "mfc" else "balance"
        key = "mfc" if self.objective == "mfc" else "balance"
        v = self._vanilla
        tau, minimum, points = self._criteria
        if not self.get("improved") or self.get("rule") is None:
            qualifying = self.get("qualifying_count", 0)
            return (f"no improvement on vanilla HAC's {name} {fixed(v[key], 3)} within a silhouette loss of {fixed(tau, 3)} "
                    f"and clusters of at least {minimum} points ({qualifying} of {points} grid points qualify"
                    + (", none fairer than vanilla)" if qualifying > 0 else ")"))
        return (f"{name} {fixed(v[key], 3)} -> {fixed(self[key], 3)} at silhouette {fixed(v.get('silhouette'), 3)} -> "
                f"{fixed(self.get('silhouette'), 3)} ({self['rule']}, b {compact(self['b'])}, d {compact(self['d'])}; "
                f"smallest cluster {self['min_cluster_size']})")

    def __str__(self):
        return f"recommended for {self.objective}: {self.line()}"

    def __repr__(self):
        return f"<Recommendation {self.line()}; {dict.__repr__(self)}>"


class LevelFairness:
    """Fairness at every level of a tree (summary.json's ``fair_at_every_level``): ``fair`` (also
    ``bool(...)``) says whether every cluster of the tree with at least ``min_size`` points (1% of
    n, at least 2: clusters too small to hold every group near its share are not counted) keeps
    each group's share within ``tolerance`` of the data's; ``levels`` gives, per size threshold
    (2, 10, 1% of n), the clusters counted, how many are fair, and the share. Iterating gives the
    levels, as the list this used to be."""

    def __init__(self, levels, tolerance):
        self.levels = list(levels)
        self.tolerance = float(tolerance)
        last = self.levels[-1] if self.levels else {"min_size": 2, "clusters": 0, "fair": 0}
        self.min_size = int(last["min_size"])
        self.fair = last["fair"] == last["clusters"]

    def __bool__(self):
        return self.fair

    def __iter__(self):
        return iter(self.levels)

    def __len__(self):
        return len(self.levels)

    def __getitem__(self, i):
        return self.levels[i]

    def __eq__(self, other):
        if isinstance(other, LevelFairness):
            return self.levels == other.levels and self.tolerance == other.tolerance
        return self.levels == other

    def __str__(self):
        def share(r):
            return f"{r['fair']} of {r['clusters']}" + (f" ({100 * r['share']:.1f}%)" if r.get("share") is not None else "")
        verdict = "yes" if self.fair else "no"
        return (f"fair at every level: {verdict} (every cluster of at least {self.min_size} points within "
                f"{compact(self.tolerance, 4)} of the data's shares); fair clusters by size: "
                + ", ".join(f">= {r['min_size']}: {share(r)}" for r in self.levels))

    def __repr__(self):
        return f"<LevelFairness fair={self.fair} min_size={self.min_size} tolerance={self.tolerance} levels={self.levels!r}>"


def fairness(s):
    """fairness_ from summary.json's blocks: nothing computed here."""
    groups = s.get("groups")
    if groups is None:
        return None
    names = groups["names"]
    clusters = [{"size": c["size"], "counts": c["group_counts"], "shares": c["shares"], "deviations": c["deviations"],
                 "balance": c["balance"]} for c in s["clusters"]]
    attributes = s.get("attributes")
    if attributes is None:
        each = {"group": {"groups": list(names), "mfc": s["mfc"], "balance": s["balance"]}}
    elif attributes.get("combined"):
        each = {attributes["combined"][0]: {"groups": list(names), "mfc": s["mfc"], "balance": s["balance"]}}
    else:
        each = {a["name"]: {"groups": a["names"], "mfc": a["mfc"], "balance": a["balance"]} for a in attributes["each"]}
    return {
        "mfc": s["mfc"], "mfc_sum": s["mfc_sum"], "balance": s["balance"], "groups": list(names),
        "ideal": dict(zip(names, groups["ideal"])), "clusters": clusters,
        "profile": [{"k": r["k"], "mfc": r["mfc"], "mfc_sum": r["mfc_sum"], "balance": r["balance"]}
                    for r in s.get("fairness_profile") or []],
        "fair_cut": s.get("fair_cut"),
        "attributes": each,
    }
