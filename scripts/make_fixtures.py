#!/usr/bin/env python3
"""Generate the scipy reference fixtures used by the Swift unit tests.

Writes ``Tests/FairHACCoreTests/Fixtures/scipy_linkage.json``: small, tie-free
datasets (fixed seeds, values rounded to 6 decimals so the JSON is exact) and
the linkage matrix ``scipy.cluster.hierarchy.linkage`` returns for every valid
(metric, linkage) pair, plus the k=3 cut of each tree.  One extra case feeds a
precomputed square Euclidean distance matrix through
``linkage(squareform(D), method)`` for all seven linkages.

A dataset is rejected (and regenerated from the next seed attempt) when

* two pairwise distances under any metric are within 1e-9 relative of each
  other, or a distance is zero;
* two heights of any linkage matrix are within 1e-9 relative of each other;
* the merge structure (Z columns 0, 1, 3) changes when the condensed distances
  are perturbed by random relative noise of 1e-10 (i.e. the tree would depend
  on rounding-level differences between implementations).

Usage (from the repository root)::

    python3 scripts/make_fixtures.py            # (re)write the fixture file
    python3 scripts/make_fixtures.py --check    # exit 1 if the file is stale
    python3 scripts/make_fixtures.py --out /tmp/x.json

Output is deterministic for a given numpy/scipy version.  Requires numpy and
scipy only.

JSON schema::

    {"generator": "scripts/make_fixtures.py", "scipy": "<version>",
     "numpy": "<version>",
     "cases": [{"name": str, "n": int, "d": int, "metric": str,
                "input": "features" | "distances",
                "X": [[float]*d]*n   (n x n distance matrix for "distances"),
                "linkages": {"<method>": [[a, b, height, size]]*(n-1)},
                "labels_k3": {"<method>": [int]*n}}]}

Z rows follow scipy: a < b, the cluster formed by row i has id n+i, a, b and
size are written as JSON integers, heights with ``repr`` (shortest
round-trip).  ``labels_k3`` is the partition made by the first n-3 rows of Z
(union-find in row order, never by height), clusters numbered 0, 1, 2 by first
appearance in data-row order.  For "distances" cases ``d`` equals ``n`` (the
width of X).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import scipy
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist, squareform

GENERATOR = "scripts/make_fixtures.py"
DEFAULT_OUT = os.path.join("Tests", "FairHACCoreTests", "Fixtures", "scipy_linkage.json")

METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"]
GENERAL_METHODS = ["single", "complete", "average", "weighted"]
EUCLIDEAN_ONLY = ["ward", "centroid", "median"]
ALL_METHODS = GENERAL_METHODS + EUCLIDEAN_ONLY

PAIR_RTOL = 1e-9      # minimum relative gap between any two pairwise distances
HEIGHT_RTOL = 1e-9    # minimum relative gap between any two heights of one Z
PERTURB_RTOL = 1e-10  # relative noise used for the structural-stability check
PERTURB_TRIALS = 3
MAX_ATTEMPTS = 200
K_CUT = 3

# (name, n, d, kind, seed)
DATASETS = [
    ("uniform_n12_d2", 12, 2, "uniform", 1201),
    ("gauss_n30_d3", 30, 3, "gauss", 3003),
    ("uniform_n60_d5", 60, 5, "uniform", 6005),
    ("blobs_n45_d4", 45, 4, "blobs", 4504),
]
PRECOMPUTED = ("precomputed_n25", 25, 3, "blobs", 2503)


def methods_for(metric: str) -> list[str]:
    return ALL_METHODS if metric == "euclidean" else GENERAL_METHODS


def round6(a: np.ndarray) -> np.ndarray:
    """Round to 6 decimals via the decimal string, so repr() is short and exact."""
    out = np.array([[float(f"{v:.6f}") for v in row] for row in a], dtype=np.float64)
    return out + 0.0  # turn -0.0 into 0.0


def draw(kind: str, n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "uniform":
        x = rng.uniform(-1.0, 1.0, size=(n, d))
    elif kind == "gauss":
        x = rng.normal(size=(n, d))
    elif kind == "blobs":
        centers = rng.uniform(-6.0, 6.0, size=(3, d))
        x = centers[np.arange(n) % 3] + rng.normal(scale=0.8, size=(n, d))
        x = x[rng.permutation(n)]
    else:
        raise ValueError(kind)
    return round6(x)


def min_relative_gap(values: np.ndarray) -> float:
    """Smallest |v[i+1]-v[i]| / |v[i+1]| over the sorted values (inf if < 2 values)."""
    s = np.sort(np.asarray(values, dtype=np.float64))
    if s.size < 2:
        return float("inf")
    scale = np.maximum(np.abs(s[1:]), np.finfo(np.float64).tiny)
    return float(np.min(np.diff(s) / scale))


def structure(Z: np.ndarray) -> np.ndarray:
    return Z[:, [0, 1, 3]]


def problems_with_condensed(y: np.ndarray, methods: list[str], rng: np.random.Generator,
                            label: str) -> tuple[list[str], dict[str, np.ndarray]]:
    """Tie / stability checks on one condensed distance vector; returns (problems, Zs)."""
    problems = []
    if not np.all(np.isfinite(y)) or np.min(y) <= 0.0:
        problems.append(f"{label}: zero or non-finite distance")
        return problems, {}
    gap = min_relative_gap(y)
    if gap <= PAIR_RTOL:
        problems.append(f"{label}: pairwise distances tie (relative gap {gap:.3g})")
    zs = {}
    for method in methods:
        Z = linkage(y, method)
        zs[method] = Z
        if not np.all(np.isfinite(Z)):
            problems.append(f"{label}/{method}: non-finite height")
            continue
        hgap = min_relative_gap(Z[:, 2])
        if hgap <= HEIGHT_RTOL:
            problems.append(f"{label}/{method}: heights tie (relative gap {hgap:.3g})")
        for _ in range(PERTURB_TRIALS):
            noisy = y * (1.0 + PERTURB_RTOL * rng.uniform(-1.0, 1.0, size=y.shape))
            if not np.array_equal(structure(linkage(noisy, method)), structure(Z)):
                problems.append(f"{label}/{method}: structure unstable under 1e-10 noise")
                break
    return problems, zs


def cut_labels(Z: np.ndarray, n: int, k: int) -> list[int]:
    """Partition after the first n-k merges of Z (row order), numbered by first appearance."""
    parent = list(range(2 * n - 1))

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i in range(n - k):
        parent[find(int(Z[i, 0]))] = n + i
        parent[find(int(Z[i, 1]))] = n + i
    ids: dict[int, int] = {}
    return [ids.setdefault(find(i), len(ids)) for i in range(n)]


def z_rows(Z: np.ndarray) -> list[list]:
    return [[int(r[0]), int(r[1]), float(r[2]), int(r[3])] for r in Z]


def make_feature_cases(name: str, n: int, d: int, kind: str, seed: int) -> list[dict]:
    for attempt in range(MAX_ATTEMPTS):
        rng = np.random.default_rng([seed, attempt])
        X = draw(kind, n, d, rng)
        check_rng = np.random.default_rng([seed, attempt, 1])
        problems, cases = [], []
        for metric in METRICS:
            methods = methods_for(metric)
            y = pdist(X, metric)
            p, zs = problems_with_condensed(y, methods, check_rng, f"{name}/{metric}")
            problems += p
            if p:
                break
            # linkage(X, ...) must be what the CLI reproduces; it equals linkage(pdist(X)).
            for method in methods:
                Zx = linkage(X, method, metric)
                if not np.array_equal(Zx, zs[method]):
                    problems.append(f"{name}/{metric}/{method}: linkage(X) != linkage(pdist(X))")
            cases.append(case_dict(f"{name}_{metric}", n, d, metric, "features", X, zs))
        if not problems:
            print(f"{name}: ok (attempt {attempt})", file=sys.stderr)
            return cases
        print(f"{name}: attempt {attempt} rejected: {problems[0]}", file=sys.stderr)
    raise SystemExit(f"{name}: no tie-free dataset after {MAX_ATTEMPTS} attempts")


def make_precomputed_case(name: str, n: int, d: int, kind: str, seed: int) -> dict:
    for attempt in range(MAX_ATTEMPTS):
        rng = np.random.default_rng([seed, attempt])
        X = draw(kind, n, d, rng)
        D = squareform(pdist(X, "euclidean"))
        y = squareform(D, checks=True)
        check_rng = np.random.default_rng([seed, attempt, 1])
        problems, zs = problems_with_condensed(y, ALL_METHODS, check_rng, name)
        if not problems:
            print(f"{name}: ok (attempt {attempt})", file=sys.stderr)
            return case_dict(f"{name}_euclidean", n, n, "euclidean", "distances", D, zs)
        print(f"{name}: attempt {attempt} rejected: {problems[0]}", file=sys.stderr)
    raise SystemExit(f"{name}: no tie-free dataset after {MAX_ATTEMPTS} attempts")


def case_dict(name, n, d, metric, kind, X, zs) -> dict:
    return {
        "name": name,
        "n": n,
        "d": d,
        "metric": metric,
        "input": kind,
        "X": [[float(v) for v in row] for row in X],
        "linkages": {m: z_rows(Z) for m, Z in zs.items()},
        "labels_k3": {m: cut_labels(Z, n, K_CUT) for m, Z in zs.items()},
    }


def dump(value, indent: int = 0) -> str:
    """JSON with lists of scalars on one line; floats via repr (exact round trip)."""
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{inner}{dump_scalar(k)}: {dump(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return "[" + ", ".join(dump_scalar(v) for v in value) + "]"
        return "[\n" + ",\n".join(inner + dump(v, indent + 1) for v in value) + "\n" + pad + "]"
    return dump_scalar(value)


def dump_scalar(v) -> str:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not np.isfinite(v):
            raise ValueError("non-finite float in fixture")
        return repr(v)
    raise TypeError(type(v))


def build() -> tuple[str, int]:
    cases = []
    for spec in DATASETS:
        cases += make_feature_cases(*spec)
    cases.append(make_precomputed_case(*PRECOMPUTED))
    doc = {
        "generator": GENERATOR,
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    return dump(doc) + "\n", len(cases)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help=f"output path (default {DEFAULT_OUT})")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the existing file differs from a fresh build")
    args = ap.parse_args()

    text, ncases = build()
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            print(f"{args.out}: missing", file=sys.stderr)
            return 1
        if current != text:
            print(f"{args.out}: stale (regenerate with scripts/make_fixtures.py)", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date")
        return 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out} ({len(text.encode())} bytes, {ncases} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
