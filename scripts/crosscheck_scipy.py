#!/usr/bin/env python3
"""Cross-check the fairhac CLI against scipy on fresh random data.

Each round draws a random dataset (n in [40, 400], d in [2, 8], gaussian blobs
mixed with uniform noise, random overall scale), writes it as CSV, runs

    fairhac cluster FILE --linkage L --metric M -k K --out DIR --scale none

for every valid (linkage, metric) pair, ward/centroid/median once more with
``--hac-form matrix`` (the default runs them on the cluster centroids), plus
every linkage on the square Euclidean distance matrix of the same data
(``--input-kind distances``), and
compares the outputs with ``scipy.cluster.hierarchy.linkage``:

* linkage.npy is float64 with shape (n-1, 4); linkage.csv holds exactly the
  same values;
* Z columns 0, 1, 3 (children, size) equal scipy's exactly, heights agree to
  ``|h - h_scipy| <= max(1e-9 * |h_scipy|, 1e-12)``;
* ``scipy.cluster.hierarchy.is_valid_linkage`` accepts our Z;
* labels.csv (header ``row,cluster,group``) has n rows in input order and its
  partition equals the cut made by the first n-k rows of scipy's Z
  (union-find in row order), up to renaming of the clusters;
* summary.json has n, k, linkage and metric; cluster_seconds is found in
  summary.json's "timings" object or in timings.json.

Ties.  A dataset is redrawn unless scipy's answer is unambiguous: no two
pairwise distances within ``--pair-rtol`` (default 1e-12) of each other, no
two heights of any scipy Z within 1e-9 relative, and scipy's merge structure
unchanged when the condensed distances get random relative noise of 1e-10.
(The 1e-9 pairwise rule used for the small fixtures is not usable here: with
n = 400 there are ~80k distances and some two of them are almost always within
1e-9 of each other, harmlessly.)

Usage (from the repository root)::

    python3 scripts/crosscheck_scipy.py --binary .build/release/fairhac \\
        [--seed S] [--rounds 3] [--timeout 300] [--keep] [-v]

The seed (default: derived from the clock) is always printed; rerun with
``--seed S --rounds R`` to reproduce.  The last line is
``crosscheck: P passed, F failed``; the exit status is 1 if anything failed,
2 on a usage error.  Requires numpy and scipy.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.cluster.hierarchy import is_valid_linkage, linkage
from scipy.spatial.distance import pdist, squareform

METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"]
GENERAL_METHODS = ["single", "complete", "average", "weighted"]
EUCLIDEAN_ONLY = ["ward", "centroid", "median"]
ALL_METHODS = GENERAL_METHODS + EUCLIDEAN_ONLY

HEIGHT_RTOL = 1e-9     # comparison tolerance, relative
HEIGHT_ATOL = 1e-12    # comparison tolerance, absolute floor
HEIGHT_GAP = 1e-9      # scipy heights must be at least this far apart (relative)
PERTURB_RTOL = 1e-10   # noise for the structural-stability check
PERTURB_TRIALS = 2
MAX_ATTEMPTS = 100


def methods_for(metric: str) -> list[str]:
    return ALL_METHODS if metric == "euclidean" else GENERAL_METHODS


# --------------------------------------------------------------------------- data

def draw_dataset(rng: np.random.Generator) -> np.ndarray:
    """Gaussian blobs plus uniform background noise, random scale."""
    n = int(rng.integers(40, 401))
    d = int(rng.integers(2, 9))
    n_noise = int(round(n * rng.uniform(0.05, 0.3)))
    n_blob = n - n_noise
    c = int(rng.integers(2, 7))
    centers = rng.uniform(-10.0, 10.0, size=(c, d))
    spread = rng.uniform(0.3, 2.5, size=c)
    which = rng.integers(0, c, size=n_blob)
    blobs = centers[which] + rng.normal(size=(n_blob, d)) * spread[which, None]
    lo, hi = centers.min(axis=0) - 5.0, centers.max(axis=0) + 5.0
    noise = rng.uniform(lo, hi, size=(n_noise, d))
    X = np.vstack([blobs, noise])[rng.permutation(n)]
    return X * 10.0 ** rng.uniform(-1.0, 2.0)


def min_relative_gap(values: np.ndarray) -> float:
    s = np.sort(np.asarray(values, dtype=np.float64))
    if s.size < 2:
        return math.inf
    scale = np.maximum(np.abs(s[1:]), np.finfo(np.float64).tiny)
    return float(np.min(np.diff(s) / scale))


def ambiguity(X: np.ndarray, pair_rtol: float, rng: np.random.Generator) -> str | None:
    """Return why scipy's trees for X could depend on rounding, or None if they cannot."""
    for metric in METRICS:
        y = pdist(X, metric)
        if not np.all(np.isfinite(y)) or y.min() <= 0.0:
            return f"{metric}: zero or non-finite distance"
        gap = min_relative_gap(y)
        if gap <= pair_rtol:
            return f"{metric}: pairwise distances within {gap:.2g} relative"
        for method in methods_for(metric):
            Z = linkage(y, method)
            if not np.all(np.isfinite(Z)):
                return f"{metric}/{method}: non-finite height"
            hgap = min_relative_gap(Z[:, 2])
            if hgap <= HEIGHT_GAP:
                return f"{metric}/{method}: heights within {hgap:.2g} relative"
            for _ in range(PERTURB_TRIALS):
                noisy = y * (1.0 + PERTURB_RTOL * rng.uniform(-1.0, 1.0, size=y.shape))
                if not np.array_equal(linkage(noisy, method)[:, [0, 1, 3]], Z[:, [0, 1, 3]]):
                    return f"{metric}/{method}: structure changes under 1e-10 noise"
    return None


def write_csv(path: str, rows: np.ndarray, header: list[str] | None) -> None:
    with open(path, "w", encoding="utf-8") as f:
        if header is not None:
            f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


# --------------------------------------------------------------------------- checks

class Mismatch(Exception):
    pass


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


def fmt_row(row) -> str:
    return "[" + ", ".join(repr(float(v)) for v in row) + "]"


def compare_z(Z: np.ndarray, Zs: np.ndarray) -> None:
    if Z.shape != Zs.shape:
        raise Mismatch(f"linkage shape {Z.shape}, scipy {Zs.shape}")
    for i in range(Zs.shape[0]):
        same_struct = np.array_equal(Z[i, [0, 1, 3]], Zs[i, [0, 1, 3]])
        tol = max(HEIGHT_RTOL * abs(Zs[i, 2]), HEIGHT_ATOL)
        ok_height = abs(Z[i, 2] - Zs[i, 2]) <= tol
        if not (same_struct and ok_height):
            diff = abs(Z[i, 2] - Zs[i, 2])
            what = "merge" if not same_struct else f"height (|diff| {diff:.3g} > {tol:.3g})"
            raise Mismatch(f"first differing Z row {i} ({what}): ours {fmt_row(Z[i])}, "
                           f"scipy {fmt_row(Zs[i])}")


def read_linkage_csv(path: str, n: int) -> np.ndarray:
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            fields = line.split(",")
            if len(fields) != 4:
                raise Mismatch(f"linkage.csv line {lineno}: {len(fields)} fields")
            try:
                rows.append([float(v) for v in fields])
            except ValueError:
                raise Mismatch(f"linkage.csv line {lineno}: not numeric: {line!r}") from None
    if len(rows) != n - 1:
        raise Mismatch(f"linkage.csv has {len(rows)} rows, expected {n - 1}")
    return np.array(rows, dtype=np.float64)


def read_labels_csv(path: str, n: int) -> list[int]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != ["row", "cluster", "group"]:
            raise Mismatch(f"labels.csv header {header!r}, expected ['row', 'cluster', 'group']")
        labels = []
        for i, rec in enumerate(reader):
            if not rec:
                continue
            if len(rec) != 3:
                raise Mismatch(f"labels.csv data line {i + 1}: {len(rec)} fields")
            try:
                row, cluster = int(rec[0]), int(rec[1])
            except ValueError:
                raise Mismatch(f"labels.csv data line {i + 1}: {rec!r}") from None
            if row != len(labels):
                raise Mismatch(f"labels.csv data line {i + 1}: row {row}, expected {len(labels)}")
            labels.append(cluster)
    if len(labels) != n:
        raise Mismatch(f"labels.csv has {len(labels)} rows, expected {n}")
    return labels


def same_partition(a: list[int], b: list[int]) -> int | None:
    """None if a and b are the same partition up to renaming, else the first bad row."""
    fwd: dict[int, int] = {}
    bwd: dict[int, int] = {}
    for i, (x, y) in enumerate(zip(a, b)):
        if fwd.setdefault(x, y) != y or bwd.setdefault(y, x) != x:
            return i
    return None


def check_run(out: str, n: int, k: int, method: str, metric: str | None,
              Zs: np.ndarray, notes: list[str]) -> None:
    """Raise Mismatch describing the first problem with one CLI run's outputs."""
    for name in ("linkage.csv", "linkage.npy", "labels.csv", "summary.json"):
        if not os.path.isfile(os.path.join(out, name)):
            raise Mismatch(f"missing {name}")

    Z = np.load(os.path.join(out, "linkage.npy"), allow_pickle=False)
    if Z.dtype != np.float64 or Z.shape != (n - 1, 4):
        raise Mismatch(f"linkage.npy is {Z.dtype} {Z.shape}, expected float64 {(n - 1, 4)}")
    Zcsv = read_linkage_csv(os.path.join(out, "linkage.csv"), n)
    if not np.array_equal(Zcsv, Z):
        i = int(np.argmax(np.any(Zcsv != Z, axis=1)))
        raise Mismatch(f"linkage.csv differs from linkage.npy at row {i}: "
                       f"csv {fmt_row(Zcsv[i])}, npy {fmt_row(Z[i])}")

    compare_z(Z, Zs)
    try:
        is_valid_linkage(Z, throw=True, name="Z")
    except (ValueError, TypeError) as e:
        raise Mismatch(f"is_valid_linkage: {e}") from None

    labels = read_labels_csv(os.path.join(out, "labels.csv"), n)
    expected = cut_labels(Zs, n, k)
    bad = same_partition(labels, expected)
    if bad is not None:
        raise Mismatch(f"labels.csv partition differs from scipy's k={k} cut (first at row {bad})")
    if len(set(labels)) != k:
        raise Mismatch(f"labels.csv has {len(set(labels))} clusters, expected {k}")
    if labels != expected:
        notes.append("labels.csv clusters are not numbered by first appearance")

    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    for key in ("n", "k", "linkage", "metric"):
        if key not in summary:
            raise Mismatch(f"summary.json lacks {key!r}")
    if summary["n"] != n or summary["k"] != k or summary["linkage"] != method:
        raise Mismatch(f"summary.json n/k/linkage = {summary['n']}/{summary['k']}/"
                       f"{summary['linkage']}, expected {n}/{k}/{method}")
    if metric is not None and summary["metric"] != metric:
        raise Mismatch(f"summary.json metric {summary['metric']!r}, expected {metric!r}")
    if cluster_seconds(out) is None:
        raise Mismatch("no cluster_seconds in summary.json timings or timings.json")


def cluster_seconds(out: str) -> float | None:
    """timings.cluster_seconds from summary.json, else cluster_seconds from timings.json."""
    for name, path in (("summary.json", ("timings", "cluster_seconds")),
                       ("timings.json", ("cluster_seconds",))):
        try:
            with open(os.path.join(out, name), encoding="utf-8") as f:
                value = json.load(f)
        except (OSError, ValueError):
            continue
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


# --------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description="Cross-check fairhac against scipy on random data.")
    ap.add_argument("--binary", default=".build/release/fairhac", help="fairhac executable")
    ap.add_argument("--seed", type=int, default=None, help="master seed (default: from the clock)")
    ap.add_argument("--rounds", type=int, default=3, help="random datasets to try (default 3)")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds per CLI run (default 300)")
    ap.add_argument("--pair-rtol", type=float, default=1e-12,
                    help="redraw data if two pairwise distances are this close (default 1e-12)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every passing run")
    args = ap.parse_args()

    binary = os.path.abspath(args.binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"crosscheck: binary not found or not executable: {args.binary}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else time.time_ns() % (2 ** 32)
    print(f"crosscheck: seed {seed} (reproduce: python3 scripts/crosscheck_scipy.py "
          f"--binary {args.binary} --seed {seed} --rounds {args.rounds})", flush=True)

    work = tempfile.mkdtemp(prefix="fairhac-crosscheck-")
    passed = failed = 0
    notes_seen: set[str] = set()
    try:
        for r in range(args.rounds):
            rng = np.random.default_rng([seed, r])
            for attempt in range(MAX_ATTEMPTS):
                X = draw_dataset(rng)
                why = ambiguity(X, args.pair_rtol, rng)
                if why is None:
                    break
                if args.verbose:
                    print(f"  round {r}: redraw ({why})")
            else:
                print(f"FAIL seed={seed} round={r}: no unambiguous dataset after "
                      f"{MAX_ATTEMPTS} draws", flush=True)
                failed += 1
                continue
            n, d = X.shape
            k = int(rng.integers(2, 11))
            rdir = os.path.join(work, f"round{r}")
            os.makedirs(rdir)
            feat = os.path.join(rdir, "features.csv")
            dist = os.path.join(rdir, "distances.csv")
            write_csv(feat, X, [f"f{j}" for j in range(d)])
            D = squareform(pdist(X, "euclidean"))
            write_csv(dist, D, None)
            print(f"round {r + 1}/{args.rounds}: n={n} d={d} k={k} (draw {attempt + 1})",
                  flush=True)

            jobs = [(feat, "features", m, metric)
                    for metric in METRICS for m in methods_for(metric)]
            # Ward, centroid and median on features run on the centroids by default
            # (--hac-form auto); the matrix form of the same runs is checked too.
            jobs += [(feat, "features-matrix", m, "euclidean") for m in EUCLIDEAN_ONLY]
            jobs += [(dist, "distances", m, None) for m in ALL_METHODS]
            for path, kind, method, metric in jobs:
                case = f"{kind}/{metric or 'precomputed'}/{method}"
                out = os.path.join(rdir, case.replace("/", "_"))
                if kind.startswith("features"):
                    Zs = linkage(X, method, metric)
                    cmd = [binary, "cluster", path, "--linkage", method, "--metric", metric]
                    if kind == "features-matrix":
                        cmd += ["--hac-form", "matrix"]
                else:
                    Zs = linkage(squareform(D), method)
                    cmd = [binary, "cluster", path, "--linkage", method, "--metric", "euclidean"]
                cmd += ["-k", str(k), "--out", out, "--scale", "none"]
                if kind == "distances":
                    cmd += ["--input-kind", "distances"]
                notes: list[str] = []
                try:
                    try:
                        proc = subprocess.run(cmd, capture_output=True, text=True,
                                              timeout=args.timeout)
                    except subprocess.TimeoutExpired:
                        raise Mismatch(f"timed out after {args.timeout:g} s") from None
                    if proc.returncode != 0:
                        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                        raise Mismatch(f"exit status {proc.returncode}: {' | '.join(tail)}")
                    check_run(out, n, k, method, metric, Zs, notes)
                except Mismatch as e:
                    failed += 1
                    print(f"FAIL seed={seed} round={r} case={case} n={n} d={d} k={k}: {e}",
                          flush=True)
                    continue
                passed += 1
                for note in notes:
                    if note not in notes_seen:
                        notes_seen.add(note)
                        print(f"note: {case}: {note}", flush=True)
                if args.verbose:
                    print(f"  ok {case}", flush=True)
    finally:
        if args.keep:
            print(f"crosscheck: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"crosscheck: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
