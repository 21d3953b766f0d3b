#!/usr/bin/env python3
"""Benchmark FairHAC's fast fair rules against FairHAC's own vanilla HAC, in one run.

For each linkage (default average, complete, single) at n = 20000, d = 10 (standard normal data,
seed 0) with three groups of shares 0.6/0.3/0.1 (seed 5), times `fairhac cluster` with
  - vanilla (no --fair),
  - --fair --rule window -b B -d D,
  - --fair --rule gain -d D,
reading the clustering time (`cluster_seconds` in timings.json), and reports medians of
--repeats runs and the ratios fair / vanilla, with the MFC and balance at k.

Run from the repository root after `swift build -c release`:
    python3 scripts/bench_fair.py [--binary .build/release/fairhac] [--n 20000] [--repeats 3]
        [--linkages average,complete,single] [-b 1] [-d 0.05] [--markdown FILE]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/release/fairhac")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--linkages", default="average,complete,single")
    ap.add_argument("-b", type=float, default=1.0)
    ap.add_argument("-d", type=float, default=0.05)
    ap.add_argument("--markdown")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="fairhac-bench-fair-")
    X = np.random.default_rng(0).standard_normal((args.n, 10))
    groups = np.random.default_rng(5).choice(["a", "b", "c"], size=args.n, p=[0.6, 0.3, 0.1])
    path = os.path.join(tmp, "data.csv")
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(10)) + ",grp\n")
        for row, g in zip(X, groups):
            f.write(",".join(repr(float(v)) for v in row) + "," + g + "\n")

    variants = [
        ("vanilla", []),
        ("window", ["--fair", "--rule", "window", "-b", str(args.b), "-d", str(args.d)]),
        ("gain", ["--fair", "--rule", "gain", "-d", str(args.d)]),
    ]
    rows = []
    for linkage in args.linkages.split(","):
        result = {}
        for name, extra in variants:
            times = []
            for r in range(args.repeats):
                out = os.path.join(tmp, f"{linkage}-{name}-{r}")
                print(f"  {linkage} {name} run {r + 1}/{args.repeats} ...", file=sys.stderr, flush=True)
                subprocess.run([args.binary, "cluster", path, "--group", "grp", "-k", str(args.k), "--scale", "none",
                                "--linkage", linkage, "--out", out, "--quiet"] + extra, check=True)
                times.append(json.load(open(os.path.join(out, "timings.json")))["cluster_seconds"])
            summary = json.load(open(os.path.join(out, "summary.json")))
            result[name] = (statistics.median(times), summary["mfc"], summary["balance"])
        rows.append((linkage, result))

    lines = [f"n = {args.n}, d = 10, k = {args.k}, groups 0.6/0.3/0.1; window -b {args.b} -d {args.d}; "
             f"gain -d {args.d}; schedule exp, argument progress; medians of {args.repeats} runs (clustering time)", "",
             "| linkage | vanilla s | window s | gain s | window/vanilla | gain/vanilla | MFC vanilla / window / gain | balance vanilla / window / gain |",
             "|---|---|---|---|---|---|---|---|"]
    for linkage, r in rows:
        v, w, g = r["vanilla"], r["window"], r["gain"]
        lines.append(f"| {linkage} | {v[0]:.2f} | {w[0]:.2f} | {g[0]:.2f} | {w[0] / v[0]:.2f}x | {g[0] / v[0]:.2f}x | "
                     f"{v[1]:.3f} / {w[1]:.3f} / {g[1]:.3f} | {v[2]:.3f} / {w[2]:.3f} / {g[2]:.3f} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"Command: `python3 scripts/bench_fair.py {' '.join(sys.argv[1:])}` ({time.strftime('%Y-%m-%d')})\n\n")
            f.write(text + "\n")


if __name__ == "__main__":
    main()
