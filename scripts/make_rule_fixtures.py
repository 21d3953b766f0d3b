#!/usr/bin/env python3
"""Independent fixtures for the FHAC selection rules (window, gain, paper/literal|strict|additive).

Writes ``Tests/FairHACCoreTests/Fixtures/naive_rules.json``.  Regenerate from the repository root:

    python3 scripts/make_rule_fixtures.py            # (re)write the fixture file
    python3 scripts/make_rule_fixtures.py --check    # exit 1 if the committed file is stale
    python3 scripts/make_rule_fixtures.py --out /tmp/x.json

This is a deliberately naive, O(m n^3) implementation of Algorithm 1 written from
the project's FHAC spec (fhac-spec.md, sections 1-4; summarised in docs/algorithm.md), sharing no code with the Swift
package.  It uses numpy only to draw the random data; everything else is plain Python floats.

Conventions (the project's contract):

* Cluster slots 0..n-1; merging slots a < b puts the union in slot b and retires slot a.
  Pairs are scanned in increasing (a, b) order with a < b.
* Z is in scipy format, in merge order (not sorted by height): [min id, max id, height, size],
  leaf i has id i, the cluster made at step s has id n + s.
* Base metric Euclidean; ward, centroid and median work on squared Euclidean distances with
  scipy's Lance-Williams updates, and report sqrt(working value) as the height.  For those, the
  distance relaxation applies to heights: D <= dlt * X becomes D <= dlt^2 * X on working values;
  the additive test sqrt(D) <= sqrt(d_min) + (dlt - 1) is done on heights (see ``additive_ok``).
* Schedule argument x before each merge: progress (n - |C|) / (n - k), merges n - |C|;
  eps = 1 / f(x), dlt = g(x); exp a e^(b x), power a (1 + x)^b, linear a + b x (same with c, d).
* Above k clusters: plain linkage, the closest pair, the first in slot order on exact ties.

Every case is checked for *fragile* decisions, i.e. floating-point comparisons whose outcome
could depend on rounding differences between implementations (two different values within
1e-9 relative of each other, |p - rho| within 1e-9 of eps, a gain whose 9-decimal rounding is
within 1e-6 of a half).  A case with any fragile decision is redrawn with the next seed, so the
expected trees do not depend on the order of floating-point operations.

The script also runs vanilla HAC (plain closest pair throughout) on each case and records
whether the fair tree differs (``differs_from_vanilla``).
"""

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

OUT = Path("Tests/FairHACCoreTests/Fixtures/naive_rules.json")
SQUARED = {"ward", "centroid", "median"}
LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]
TOL = 1e-9


# ----------------------------------------------------------------------------------------------
# Small numeric helpers


def round_half_away(v):
    """C's round() / Swift's .rounded(): halves go away from zero (not Python's banker's round)."""
    a = abs(v)
    r = math.floor(a)
    if a - r >= 0.5:
        r += 1.0
    return math.copysign(r, v)


class Fragility(Exception):
    """Raised when a decision depends on rounding-level differences."""


def close_but_different(x, y):
    if x == y or math.isinf(x) or math.isinf(y):
        return False
    return abs(x - y) <= TOL * max(abs(x), abs(y))


def le(x, y, what):
    """x <= y, refusing rounding-level near-ties between different values."""
    if close_but_different(x, y):
        raise Fragility(f"{what}: {x!r} vs {y!r}")
    return x <= y


def lt(x, y, what):
    if close_but_different(x, y):
        raise Fragility(f"{what}: {x!r} vs {y!r}")
    return x < y


# ----------------------------------------------------------------------------------------------
# Linkage (Lance-Williams, scipy conventions) and schedules


def lance_williams(linkage, dak, dbk, dab, na, nb, nk):
    if linkage == "single":
        return min(dak, dbk)
    if linkage == "complete":
        return max(dak, dbk)
    if linkage == "average":
        return (na * dak + nb * dbk) / (na + nb)
    if linkage == "weighted":
        return (dak + dbk) / 2
    if linkage == "ward":
        return ((nk + na) * dak + (nk + nb) * dbk - nk * dab) / (na + nb + nk)
    if linkage == "centroid":
        return (na * dak + nb * dbk) / (na + nb) - na * nb * dab / ((na + nb) ** 2)
    if linkage == "median":
        return dak / 2 + dbk / 2 - dab / 4
    raise ValueError(linkage)


def schedule_value(family, scale, rate, x):
    if family == "exp":
        return scale if rate == 0 else scale * math.exp(rate * x)
    if family == "power":
        return scale if rate == 0 else scale * math.pow(1 + x, rate)
    if family == "linear":
        return scale + rate * x
    raise ValueError(family)


def schedule_argument(argument, n, clusters, k):
    if argument == "progress":
        return (n - clusters) / (n - k) if n > k else 0.0
    return float(n - clusters)


# ----------------------------------------------------------------------------------------------
# Algorithm 1, naively


def naive_fhac(X, groups, m, k, linkage, rule, variant, sched, ideal):
    """Returns the full linkage matrix Z (list of [a, b, height, size]) in merge order.

    rule is "window", "gain", "gain-penalised", "paper" or "vanilla" (plain closest pair at every step).
    """
    n = len(X)
    squared = linkage in SQUARED

    # Working dissimilarities (squared Euclidean for ward/centroid/median).
    D = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            s = 0.0
            for t in range(len(X[i])):
                diff = X[i][t] - X[j][t]
                s += diff * diff
            D[i][j] = D[j][i] = s if squared else math.sqrt(s)

    def height(w):
        return math.sqrt(w) if squared else w

    if ideal == "data":
        rho = [sum(1 for g in groups if g == l) / n for l in range(m)]
    elif ideal == "uniform":
        rho = [1 / m] * m
    else:
        raise ValueError(ideal)

    size = [1] * n
    counts = [[1 if groups[i] == l else 0 for l in range(m)] for i in range(n)]
    alive = [True] * n
    node = list(range(n))  # scipy id of the cluster held by each slot

    def kept_fair(a, b, eps):
        """S(a, b): number of groups whose share in a u b is within eps of the ideal."""
        s = 0
        for l in range(m):
            p = (counts[a][l] + counts[b][l]) / (size[a] + size[b])
            if le(abs(p - rho[l]), eps, "|p - rho| <= eps"):
                s += 1
        return s

    def cost_of(cnt, sz):
        return max(abs(c / sz - r) for c, r in zip(cnt, rho))

    def gain(a, b):
        union = [counts[a][l] + counts[b][l] for l in range(m)]
        g = (cost_of(counts[a], size[a]) + cost_of(counts[b], size[b])) - cost_of(union, size[a] + size[b])
        if g <= 0:
            return 0.0
        scaled = g * 1e9
        frac = scaled - math.floor(scaled)
        if abs(frac - 0.5) <= 1e-6:
            raise Fragility(f"gain {g!r} rounds at a half")
        return round_half_away(scaled) / 1e9

    def penalised_gain(a, b, d_star, rate):
        """gain-penalised (the research rule docs/algorithm.md describes): the gain minus
        rate * (h - h*) / h*, h the pair's height and h* the closest pair's; rate = the schedule's b."""
        g = gain(a, b)
        if rate <= 0:
            return g
        h = height(D[a][b])
        h_star = height(d_star)
        if h_star > 0:
            excess = (h - h_star) / h_star
        else:
            excess = math.inf if h > h_star else 0.0
        return g - rate * excess

    def mult_limit(ref, dlt):
        # D <= dlt * ref on heights; on squared working values D <= dlt^2 * ref.
        return dlt * dlt * ref if squared else dlt * ref

    def additive_ok(dist, ref, dlt):
        # On heights: h(D) <= h(d_min) + (dlt - 1).
        if math.isinf(ref):
            return True
        if squared:
            h = math.sqrt(ref) + (dlt - 1)
            if h < 0:
                return False  # no height is negative
            return le(dist, h * h, "additive limit")
        return le(dist, ref + (dlt - 1), "additive limit")

    Z = []
    for step in range(n - 1):
        clusters = n - step
        active = [(a, b) for a in range(n) if alive[a] for b in range(a + 1, n) if alive[b]]

        if rule == "vanilla" or clusters <= k:
            best = None
            for a, b in active:
                if best is None or lt(D[a][b], D[best[0]][best[1]], "closest pair"):
                    best = (a, b)
            a, b = best
        else:
            x = schedule_argument(sched["argument"], n, clusters, k)
            eps = 1 / schedule_value(sched["family"], sched["a"], sched["b"], x)
            dlt = schedule_value(sched["family"], sched["c"], sched["d"], x)
            if rule in ("window", "gain", "gain-penalised"):
                d_star = min(D[a][b] for a, b in active)
                limit = mult_limit(d_star, dlt)
                best = None  # (score, D, a, b)
                for a, b in active:
                    if not le(D[a][b], limit, "window limit"):
                        continue
                    if rule == "window":
                        score = float(kept_fair(a, b, eps))
                    elif rule == "gain":
                        score = gain(a, b)
                    else:
                        score = penalised_gain(a, b, d_star, sched["b"])
                    key = (score, D[a][b], a, b)
                    if best is None:
                        best = key
                    elif key[0] != best[0]:
                        if rule == "gain-penalised" and close_but_different(key[0], best[0]):
                            raise Fragility(f"penalised scores {key[0]!r} vs {best[0]!r}")
                        if key[0] > best[0]:
                            best = key
                    elif lt(key[1], best[1], "score tie broken by D"):
                        best = key
                    # equal score and larger D: keep; (a, b) order is the scan order.
                if best is None:
                    raise RuntimeError("no candidate within the window (dlt < 1?)")
                a, b = best[2], best[3]
            elif rule == "paper":
                sum_t, d_min, best = 0, math.inf, None
                for a, b in active:
                    s = kept_fair(a, b, eps)
                    dist = D[a][b]
                    if variant == "literal":
                        ok = s >= sum_t and le(dist, mult_limit(d_min, dlt), "paper limit")
                    elif variant == "strict":
                        ok = (s > sum_t and le(dist, mult_limit(d_min, dlt), "paper limit")) or (
                            s == sum_t and lt(dist, d_min, "paper d_min"))
                    elif variant == "additive":
                        ok = s >= sum_t and additive_ok(dist, d_min, dlt)
                    else:
                        raise ValueError(variant)
                    if ok:
                        sum_t, d_min, best = s, dist, (a, b)
                a, b = best
            else:
                raise ValueError(rule)

        # Merge slots a < b: the union goes to slot b, slot a retires.
        dab = D[a][b]
        Z.append([min(node[a], node[b]), max(node[a], node[b]), height(dab), size[a] + size[b]])
        for z in range(n):
            if alive[z] and z != a and z != b:
                v = lance_williams(linkage, D[a][z], D[b][z], dab, size[a], size[b], size[z])
                D[b][z] = D[z][b] = v
        size[b] += size[a]
        for l in range(m):
            counts[b][l] += counts[a][l]
        alive[a] = False
        node[b] = n + step
    return Z


# ----------------------------------------------------------------------------------------------
# Cases


def draw_data(seed, n, dim, m, scale=1.0):
    """Blobs whose members mostly share a group, so vanilla clusters are unfair."""
    rng = np.random.default_rng(seed)
    blobs = int(rng.integers(2, 5))
    centres = rng.uniform(-3, 3, size=(blobs, dim))
    blob_group = rng.integers(0, m, size=blobs)
    blob = rng.integers(0, blobs, size=n)
    X = centres[blob] + rng.normal(0, 1, size=(n, dim))
    X = np.round(X * scale, 6)
    groups = np.where(rng.uniform(size=n) < 0.7, blob_group[blob], rng.integers(0, m, size=n))
    # Every group present, at least twice.
    for l in range(m):
        while int(np.sum(groups == l)) < 2:
            groups[int(rng.integers(0, n))] = l
    return [[float(v) for v in row] for row in X], [int(g) for g in groups]


def distances_tie_free(X):
    d = sorted(math.dist(X[i], X[j]) for i in range(len(X)) for j in range(i + 1, len(X)))
    return d[0] > 0 and all(not close_but_different(u, v) and u != v for u, v in zip(d, d[1:]))


RULES = [("window", None), ("gain", None), ("paper", "literal"), ("paper", "strict"), ("paper", "additive"),
         ("gain-penalised", None)]

# (b, d) per family and argument: f, g grow to a few units over the fair merges.
RATES = {
    ("exp", "progress"): [(2.0, 0.5), (3.0, 1.0), (4.0, 1.5)],
    ("power", "progress"): [(3.0, 1.0), (4.0, 1.5), (5.0, 2.0)],
    ("linear", "progress"): [(4.0, 1.0), (8.0, 1.5), (12.0, 2.5)],
    ("exp", "merges"): [(0.1, 0.03), (0.15, 0.05), (0.2, 0.08)],
    ("power", "merges"): [(0.6, 0.2), (0.9, 0.3), (1.2, 0.45)],
    ("linear", "merges"): [(0.3, 0.05), (0.6, 0.1), (1.0, 0.2)],
}
SIZES = [12, 16, 20, 24, 28, 32, 40]


def plan():
    """One case per (rule, linkage): 42 cases, parameters cycled with coprime periods."""
    cases = []
    i = 0
    for rule, variant in RULES:
        for j, linkage in enumerate(LINKAGES):
            family = ["exp", "power", "linear"][i % 3]
            argument = ["progress", "merges"][(i // 3) % 2]
            cases.append({
                "index": i,
                "rule": rule,
                "variant": variant,
                "linkage": linkage,
                "n": SIZES[(i * 3) % len(SIZES)],
                "dim": 2 + i % 2,
                "m": 2 + (i // 2) % 2,
                "k": 2 + i % 4,
                "family": family,
                "argument": argument,
                # a few runs with scales other than 1 (c >= 1 so that the first window is not empty)
                "a": 1.25 if i % 5 == 3 else 1.0,
                "c": 1.1 if i % 7 == 5 else 1.0,
                "ideal": "uniform" if i % 3 == 1 else "data",
            })
            i += 1
    return cases


def build_case(p, max_attempts=200):
    """Draws data until the case has no fragile decision; prefers settings that differ from vanilla."""
    fallback = None
    rates = RATES[(p["family"], p["argument"])]
    for attempt in range(max_attempts):
        seed = 1000 * p["index"] + attempt
        X, groups = draw_data(seed, p["n"], p["dim"], p["m"])
        if not distances_tie_free(X):
            continue
        b, d = rates[(p["index"] + attempt) % len(rates)]
        sched = {"family": p["family"], "argument": p["argument"], "a": p["a"], "b": b, "c": p["c"], "d": d}
        try:
            Z = naive_fhac(X, groups, p["m"], p["k"], p["linkage"], p["rule"], p["variant"], sched, p["ideal"])
            V = naive_fhac(X, groups, p["m"], p["k"], p["linkage"], "vanilla", None, sched, p["ideal"])
        except Fragility:
            continue
        differs = [r[:2] + r[3:] for r in Z] != [r[:2] + r[3:] for r in V]
        rule_name = p["rule"] if p["variant"] is None else f"paper-{p['variant']}"
        case = {
            "name": f"{p['index']:02d}-{rule_name}-{p['linkage']}-{p['family']}-{p['argument']}",
            "n": p["n"], "d": p["dim"], "m": p["m"], "k": p["k"],
            "linkage": p["linkage"],
            "rule": p["rule"],
            "variant": p["variant"] or "literal",
            "schedule": sched,
            "ideal": p["ideal"],
            "seed": seed,
            "differs_from_vanilla": differs,
            "X": X,
            "groups": groups,
            "Z": [[int(r[0]), int(r[1]), r[2], int(r[3])] for r in Z],
        }
        if differs:
            return case
        if fallback is None:
            fallback = case
    if fallback is None:
        raise RuntimeError(f"no robust data for case {p}")
    return fallback


def build_known_issue():
    """paper/additive with c < 1 on a squared-distance linkage (ward): dlt < 1, so once the first
    pair is accepted the height limit sqrt(d_min) + (dlt - 1) is negative when d_min is small, and
    the spec accepts no further pair.  Squaring a negative height limit (as an implementation that
    tests (sqrt(d_min) + dlt - 1)^2 on working values does) turns it into a positive one."""
    sched = {"family": "exp", "argument": "progress", "a": 1.0, "b": 1.0, "c": 0.5, "d": 0.2}
    n, dim, m, k = 10, 2, 2, 3
    for attempt in range(200):
        seed = 99000 + attempt
        X, groups = draw_data(seed, n, dim, m, scale=0.1)
        if not distances_tie_free(X):
            continue
        try:
            Z = naive_fhac(X, groups, m, k, "ward", "paper", "additive", sched, "data")
            V = naive_fhac(X, groups, m, k, "ward", "vanilla", None, sched, "data")
        except Fragility:
            continue
        return {
            "name": "known-issue-paper-additive-ward-c-below-1",
            "issue": "additive limit on heights is negative (dlt < 1); squaring it accepts pairs",
            "n": n, "d": dim, "m": m, "k": k, "linkage": "ward", "rule": "paper", "variant": "additive",
            "schedule": sched, "ideal": "data", "seed": seed,
            "differs_from_vanilla": [r[:2] + r[3:] for r in Z] != [r[:2] + r[3:] for r in V],
            "X": X, "groups": groups, "Z": [[int(r[0]), int(r[1]), r[2], int(r[3])] for r in Z],
        }
    raise RuntimeError("no robust data for the known-issue case")


def generate():
    cases = [build_case(p) for p in plan()]
    return {
        "generator": {
            "script": "scripts/make_rule_fixtures.py",
            "command": "python3 scripts/make_rule_fixtures.py",
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "note": "naive Algorithm 1 from the FHAC spec (fhac-spec.md) sections 1-4; no code shared with the Swift package",
        },
        "conventions": (
            "Z in scipy format, merge order: [min id, max id, height, size], leaf i = id i, step s makes id n+s; "
            "slots a<b, the union takes slot b; after k clusters the merging continues by plain linkage; "
            "variant is only meaningful for rule paper"
        ),
        "cases": cases,
        # Settings where the spec and the Swift package are known to disagree (see the test).
        "known_issues": [build_known_issue()],
    }


def dump(data):
    return json.dumps(data, indent=None, separators=(",", ":")).replace('{"name"', '\n{"name"') + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file differs")
    args = ap.parse_args()
    text = dump(generate())
    if args.check:
        same = args.out.exists() and args.out.read_text() == text
        print("up to date" if same else f"{args.out} is stale")
        sys.exit(0 if same else 1)
    args.out.write_text(text)
    data = json.loads(text)
    differ = sum(c["differs_from_vanilla"] for c in data["cases"])
    print(f"wrote {args.out}: {len(data['cases'])} cases, {differ} differ from vanilla, {len(text)} bytes")


if __name__ == "__main__":
    main()
