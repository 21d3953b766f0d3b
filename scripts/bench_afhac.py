#!/usr/bin/env python3
"""Benchmark the AFHAC baselines end to end: `fairhac cluster --method afhac-v|afhac-r`.

Data: n points (default 5000) in d = 10 dimensions (standard normal, seed 0) with m = 4 groups of
shares 0.4/0.3/0.2/0.1 (seed 5). For each method and cap it runs the whole command (reading the
CSV, distances, fairlets, the tree, quality metrics, writing every output) --repeats times and
reports the median wall time, the clustering time (`cluster_seconds`), the number of fairlets and
the local search's swaps, plus plain average linkage (`fairhac cluster`, no method) for scale.

Caps: the spec's default (the largest group's share of the data, so every fairlet has exactly
that share of group a) and --alpha 2 (no group above 1/2).

Run from the repository root after `swift build -c release`:
    python3 scripts/bench_afhac.py [--binary .build/release/fairhac] [--n 5000] [--repeats 3] [--markdown FILE]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/release/fairhac")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--markdown")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="fairhac-bench-afhac-")
    X = np.random.default_rng(0).standard_normal((args.n, 10))
    groups = np.random.default_rng(5).choice(["a", "b", "c", "d"], size=args.n, p=[0.4, 0.3, 0.2, 0.1])
    path = os.path.join(tmp, "data.csv")
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(10)) + ",grp\n")
        for row, g in zip(X, groups):
            f.write(",".join(repr(float(v)) for v in row) + "," + g + "\n")

    variants = [
        ("average (plain)", []),
        ("afhac-v, default cap", ["--method", "afhac-v"]),
        ("afhac-r, default cap", ["--method", "afhac-r"]),
        ("afhac-v, --alpha 2", ["--method", "afhac-v", "--alpha", "2"]),
        ("afhac-r, --alpha 2", ["--method", "afhac-r", "--alpha", "2"]),
    ]
    rows = []
    for name, extra in variants:
        walls, clusters = [], []
        for r in range(args.repeats):
            out = os.path.join(tmp, f"{len(rows)}-{r}")
            print(f"  {name} run {r + 1}/{args.repeats} ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            subprocess.run([args.binary, "cluster", path, "--group", "grp", "-k", str(args.k), "--scale", "none",
                            "--out", out, "--quiet"] + extra, check=True)
            walls.append(time.perf_counter() - start)
            clusters.append(json.load(open(os.path.join(out, "timings.json")))["cluster_seconds"])
        s = json.load(open(os.path.join(out, "summary.json")))
        o = s["options"]
        rows.append((name, statistics.median(walls), statistics.median(clusters), o.get("cap", ""),
                     o.get("fairlets", ""), o.get("local_search_swaps", ""), s["mfc"], s["balance"]))

    counts = {g: int((groups == g).sum()) for g in "abcd"}
    lines = [f"n = {args.n}, d = 10, m = 4 groups {counts}, k = {args.k}, medians of {args.repeats} runs, "
             f"{os.cpu_count()} cores", "",
             "| method | end to end (s) | clustering (s) | cap | fairlets | swaps | MFC | balance |",
             "|---|---|---|---|---|---|---|---|"]
    for name, wall, cl, cap, f, sw, mfc, bal in rows:
        lines.append(f"| {name} | {wall:.2f} | {cl:.2f} | {cap} | {f} | {sw} | {mfc:.4f} | {bal:.4f} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
