#!/usr/bin/env python3
"""Benchmark fairhac's O(n d)-memory linkages against fastcluster.linkage_vector and scipy.

Default mode: for ward, centroid, median and single at n = 20,000, d = 10
(``numpy.random.default_rng(0).standard_normal((n, 10))``), each tool runs in
its own fresh process, --repeats times, in turn (fairhac, fastcluster, scipy,
fairhac, ...), so that all three see the same machine load:

* fairhac: ``BINARY cluster data.csv --linkage L -k 2 --scale none
  --no-quality --out DIR`` (``--hac-form auto``); "end-to-end" is the wall time
  of the whole process (CSV parsing and writing every output included),
  "cluster" is ``cluster_seconds`` from summary.json's timings or timings.json;
  "algorithm" is summary.json's "algorithm";
* fastcluster: ``fastcluster.linkage_vector(X, method=L, metric="euclidean")``
  timed inside a Python child with ``time.perf_counter`` (loading and imports
  excluded);
* scipy: ``scipy.cluster.hierarchy.linkage(X, method=L, metric="euclidean")``
  likewise.

Ratios are medians of the other tool over fairhac's median end-to-end time
(the stricter comparison: fairhac pays for parsing and output, the Python tools
do not).  Peak memory is each child's ru_maxrss.  "Z = scipy" compares
fairhac's linkage.npy of the first repeat with scipy's Z (columns 0, 1, 3
exactly, heights to 1e-9 relative).

--crossover mode: for each n in --sizes and d in --dims, time fairhac's matrix and vector forms
(``--hac-form matrix`` / ``vectors``; cluster_seconds, medians of --repeats) for
ward, centroid and median; this is how HierarchicalClustering.vectorMaxDimension
was set.

Usage (from the repository root)::

    python3 scripts/bench_vector_forms.py [--binary .build/release/fairhac]
        [--n 20000] [--linkages ward,centroid,median,single] [--repeats 3]
    python3 scripts/bench_vector_forms.py --crossover [--sizes 500,1000,2000,3000] [--dims 10,50]

Shares the launcher and helpers of scripts/bench_vanilla.py.  Requires numpy;
scipy and fastcluster are optional (skipped with a message when missing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_vanilla as bv  # noqa: E402

DIM = 10
SEED = 0

PY_CHILD = r"""
import sys, time
import numpy as np
tool, method, data, zout = sys.argv[1:5]
X = np.load(data)
if tool == "scipy":
    from scipy.cluster.hierarchy import linkage
    run = lambda: linkage(X, method=method, metric="euclidean")
else:
    from fastcluster import linkage_vector
    run = lambda: linkage_vector(X, method=method, metric="euclidean")
t0 = time.perf_counter()
Z = run()
t = time.perf_counter() - t0
if zout != "-":
    np.save(zout, Z)
print(repr(t))
"""


def write_data(work: str, n: int, dim: int = DIM) -> tuple[str, str]:
    X = np.random.default_rng(SEED).standard_normal((n, dim))
    npy, csv = os.path.join(work, f"X{n}.npy"), os.path.join(work, f"X{n}.csv")
    np.save(npy, X)
    with open(csv, "w") as f:
        f.write(",".join(f"f{j}" for j in range(dim)) + "\n")
        for row in X:
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    return npy, csv


def run_fairhac(binary: str, csv: str, method: str, form: str, timeout: float, work: str):
    out_dir = os.path.join(work, "fairhac-out")
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [binary, "cluster", csv, "--linkage", method, "-k", "2", "--scale", "none",
           "--no-quality", "--hac-form", form, "--quiet", "--out", out_dir]
    status, rss, wall, out, err = bv.run_measured(cmd, timeout, work)
    if status != "ok":
        return bv.Result(status, detail=bv.tail(err or out)), None
    secs = bv.cluster_seconds(out_dir)
    try:
        with open(os.path.join(out_dir, "summary.json")) as f:
            algorithm = json.load(f).get("algorithm")
    except (OSError, ValueError):
        algorithm = None
    return bv.Result("ok", secs, wall, rss), algorithm


def run_python(tool: str, npy: str, method: str, timeout: float, work: str, zout: str = "-"):
    cmd = [sys.executable, "-c", PY_CHILD, tool, method, npy, zout]
    status, rss, wall, out, err = bv.run_measured(cmd, timeout, work)
    if status != "ok":
        return bv.Result(status, detail=bv.tail(err or out))
    return bv.Result("ok", float(out.strip().splitlines()[-1]), wall, rss)


def med(results, attr):
    vals = [getattr(r, attr) for r in results if r.status == "ok" and getattr(r, attr) is not None]
    return statistics.median(vals) if vals else None


def main_compare(args, tools, binary, work) -> list[str]:
    n = args.n
    npy, csv = write_data(work, n)
    head = ("| linkage | fairhac algorithm | fairhac s (end-to-end) | fairhac s (cluster) "
            "| fastcluster.linkage_vector s | scipy s | fastcluster/fairhac | scipy/fairhac "
            "| fairhac peak MiB | fastcluster peak MiB | scipy peak MiB | Z = scipy |")
    lines = [f"### n = {n}, d = {DIM}", "", head, "|" + "---|" * head.count(" | ") + "---|"]
    for m in args.linkages:
        runs = {t: [] for t in tools}
        algorithm = None
        for rep in range(args.repeats):
            for tool in tools:
                print(f"n={n} {m} {tool} rep {rep + 1}/{args.repeats} ...", end="", file=sys.stderr, flush=True)
                if tool == "fairhac":
                    r, algo = run_fairhac(binary, csv, m, "auto", args.timeout, work)
                    algorithm = algorithm or algo
                    if rep == 0 and r.status == "ok":
                        shutil.copy(os.path.join(work, "fairhac-out", "linkage.npy"), os.path.join(work, "Zf.npy"))
                else:
                    zout = os.path.join(work, "Zs.npy") if tool == "scipy" and rep == 0 else "-"
                    r = run_python(tool, npy, m, args.timeout, work, zout)
                runs[tool].append(r)
                print(f" {r.status} {bv.fmt_s(r.seconds)} s (wall {bv.fmt_s(r.wall)} s, "
                      f"{bv.fmt_mib(r.rss_kib)} MiB) {r.detail}", file=sys.stderr, flush=True)
        zf, zs = os.path.join(work, "Zf.npy"), os.path.join(work, "Zs.npy")
        match = bv.z_matches(zf, zs) if os.path.exists(zf) and os.path.exists(zs) else "n/a"
        for p in (zf, zs):
            if os.path.exists(p):
                os.remove(p)
        f, c, s = (runs.get(t, []) for t in ("fairhac", "fastcluster", "scipy"))
        fw = med(f, "wall")
        lines.append("| " + " | ".join([
            m, algorithm or "-", bv.fmt_s(fw), bv.fmt_s(med(f, "seconds")),
            bv.fmt_s(med(c, "seconds")), bv.fmt_s(med(s, "seconds")),
            bv.fmt_ratio(med(c, "seconds"), fw), bv.fmt_ratio(med(s, "seconds"), fw),
            bv.fmt_mib(med(f, "rss_kib")), bv.fmt_mib(med(c, "rss_kib")), bv.fmt_mib(med(s, "rss_kib")),
            match]) + " |")
    return lines


def main_crossover(args, binary, work) -> list[str]:
    head = "| n | d | linkage | matrix s (cluster) | vectors s (cluster) | matrix/vectors | faster |"
    lines = ["### matrix vs vector form", "", head, "|---|---|---|---|---|---|---|"]
    for n, dim in [(n, dim) for dim in args.dims for n in args.sizes]:
        _, csv = write_data(work, n, dim)
        for m in [x for x in args.linkages if x != "single"]:
            runs = {"matrix": [], "vectors": []}
            for rep in range(args.repeats):
                for form in ("matrix", "vectors"):
                    r, _ = run_fairhac(binary, csv, m, form, args.timeout, work)
                    runs[form].append(r)
            a, b = med(runs["matrix"], "seconds"), med(runs["vectors"], "seconds")
            faster = "-" if a is None or b is None else ("vectors" if b < a else "matrix")
            line = f"| {n} | {dim} | {m} | {bv.fmt_s(a)} | {bv.fmt_s(b)} | {bv.fmt_ratio(a, b)} | {faster} |"
            print(line, file=sys.stderr, flush=True)
            lines.append(line)
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=".build/release/fairhac")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--linkages", default="ward,centroid,median,single")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--crossover", action="store_true", help="time matrix vs vector form instead")
    ap.add_argument("--sizes", default="500,1000,1500,2000,3000,5000", help="n values for --crossover")
    ap.add_argument("--dims", default="10", help="d values for --crossover")
    args = ap.parse_args()
    args.linkages = [m.strip() for m in args.linkages.split(",") if m.strip()]
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.dims = [int(s) for s in args.dims.split(",") if s.strip()]
    binary = os.path.abspath(args.binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"bench: {args.binary} not found or not executable", file=sys.stderr)
        return 1
    tools = ["fairhac"]
    for mod in ("fastcluster", "scipy"):
        if importlib.util.find_spec(mod) is not None:
            tools.append(mod)
        else:
            print(f"bench: skipping {mod}: not installed", file=sys.stderr)
    command = shlex.join([os.path.basename(sys.executable)] + sys.argv)
    with tempfile.TemporaryDirectory(prefix="fairhac-vbench-") as work:
        lines = main_crossover(args, binary, work) if args.crossover else main_compare(args, tools, binary, work)
    print("\n".join([f"- command: `{command}`", *bv.machine_info(),
                     f"- medians of {args.repeats} run(s), each in a fresh process", ""] + lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
