#!/usr/bin/env python3
"""End to end at 10^6 and 10^7 rows (issue 30): `fairhac cluster` on 10-d blobs, from a CSV and from
a .npy feature matrix with a groups file, one run at a time, with the wall time, timings.json's
read / cluster / write seconds and the peak resident memory (GNU time).

Data (written once into --data, default /tmp/fairhac-scale; about 1.2 GB of CSV and 0.8 GB of .npy at
10^7): 20 unit Gaussian blobs in 10-d (centres uniform in [-10, 10]^10, seed 0), groups a/b at
0.7/0.3 independent of the blobs (as scripts/bench_summarised.py), the CSV written with 9
significant digits (pandas' float_format="%.9g").

Runs (the issue's targets, on 2 cores: 10^7 fair ward <= 4 min, 10^6 fair average <= 60 s):
  fair ward,    10^7 rows: --linkage ward -k 10 --fair --rule gain -d 1 (--form auto summarises)
  fair average, 10^6 rows: --linkage average -k 10 --fair --rule gain -d 1
each with `--group grp --scale none --quiet --out DIR` (CSV) or `--group-file groups.txt` (.npy).

    python3 scripts/bench_scale.py --binary .build/release/fairhac [--before /tmp/fairhac-before/.build/release/fairhac]
        [--only "fair ward"] [--inputs csv,npy] [--data /tmp/fairhac-scale]

The "before" binary reads only the CSV. Never run in tests or CI: minutes per run and GBs of data.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

import numpy as np

RUNS = [
    ("fair ward", 10_000_000, ["--linkage", "ward", "-k", "10", "--fair", "--rule", "gain", "-d", "1"]),
    ("fair average", 1_000_000, ["--linkage", "average", "-k", "10", "--fair", "--rule", "gain", "-d", "1"]),
]


def blobs(n, d=10, centres=20, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.uniform(-10, 10, size=(centres, d))
    X = c[rng.integers(0, centres, n)] + rng.standard_normal((n, d))
    g = np.where(np.random.default_rng(seed + 5).random(n) < 0.7, "a", "b")
    return X, g


def data(folder, n):
    os.makedirs(folder, exist_ok=True)
    csv, npy, groups = (os.path.join(folder, f"blobs-{n}{ext}") for ext in (".csv", ".npy", "-groups.txt"))
    if not all(os.path.exists(p) for p in (csv, npy, groups)):
        print(f"writing {n} rows into {folder}…", file=sys.stderr, flush=True)
        X, g = blobs(n)
        np.save(npy, np.ascontiguousarray(X))
        with open(groups, "w") as f:
            f.write("\n".join(g) + "\n")
        try:
            import pandas as pd
            frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
            frame["grp"] = g
            frame.to_csv(csv, index=False, float_format="%.9g")
        except ImportError:
            with open(csv, "w") as f:
                f.write(",".join(f"f{i}" for i in range(X.shape[1])) + ",grp\n")
                for start in range(0, n, 100_000):
                    rows = X[start:start + 100_000]
                    f.writelines(",".join(f"{v:.9g}" for v in r) + "," + grp + "\n" for r, grp in zip(rows, g[start:start + 100_000]))
    return csv, npy, groups


def run(binary, args, out):
    cmd = ["/usr/bin/time", "-v", binary, "cluster"] + args + ["--scale", "none", "--quiet", "--out", out]
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024 / 1024
    with open(os.path.join(out, "timings.json")) as f:
        t = json.load(f)
    written = sorted(f for f in os.listdir(out) if not f.startswith("."))
    notes = [line for line in p.stderr.splitlines() if line.startswith("note:")]
    return wall, t, peak, written, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/release/fairhac")
    ap.add_argument("--before")
    ap.add_argument("--data", default="/tmp/fairhac-scale")
    ap.add_argument("--only")
    ap.add_argument("--inputs", default="csv,npy")
    args = ap.parse_args()
    rows = ["| run | rows | binary | input | wall s | read s | cluster s (summary / top / below) | write s | peak GiB | files written |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for name, n, flags in RUNS:
        if args.only and args.only not in name:
            continue
        csv, npy, groups = data(args.data, n)
        plan = [("after", args.binary, "csv"), ("after", args.binary, "npy")]
        if args.before:
            plan.insert(0, ("before", args.before, "csv"))
        for label, binary, kind in plan:
            if kind not in args.inputs.split(","):
                continue
            inp = [csv, "--group", "grp"] if kind == "csv" else [npy, "--group-file", groups]
            out = os.path.join(args.data, f"out-{label}-{kind}-{n}")
            wall, t, peak, written, notes = run(binary, inp + flags, out)
            levels = "/".join(f"{t.get(k, 0):.1f}" for k in ("summary_seconds", "top_seconds", "below_seconds"))
            line = (f"| {name} | {n:,} | {label} | {kind} | {wall:.1f} | {t['read_seconds']:.1f} | "
                    f"{t['cluster_seconds']:.1f} ({levels}) | {t['write_seconds']:.1f} | {peak:.2f} | {', '.join(written)} |")
            rows.append(line)
            print(line + ("  " + " ".join(notes) if notes else ""), file=sys.stderr, flush=True)
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, load average at the end {load}\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
