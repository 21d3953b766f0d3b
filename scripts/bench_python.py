#!/usr/bin/env python3
"""fairhac.linkage (the Swift core in-process, via ctypes) against scipy and fastcluster, in one
Python process, and against the CLI's own clustering time (`cluster_seconds`) when --binary is given.

    python3 scripts/bench_python.py --sizes 5000,10000 --repeats 3 [--binary .build/release/fairhac]

Prints a markdown table: medians of the repeats, in seconds, and fairhac's speed-up.
"""

import argparse
import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.cluster.hierarchy import linkage as scipy_linkage

import fairhac

try:
    import fastcluster
except ImportError:
    fastcluster = None

LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]


def median_time(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cli_seconds(binary, X, method):
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "x.csv"
        np.savetxt(data, X, delimiter=",", header=",".join(f"x{j}" for j in range(X.shape[1])), comments="", fmt="%.17g")
        subprocess.run([binary, "cluster", str(data), "--linkage", method, "-k", "2", "--scale", "none", "--no-quality",
                        "--out", tmp + "/out", "--quiet"], check=True)
        return json.load(open(Path(tmp) / "out" / "timings.json"))["cluster_seconds"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5000,10000")
    parser.add_argument("--dimension", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--linkages", default=",".join(LINKAGES))
    parser.add_argument("--binary", help="the fairhac CLI, for its cluster_seconds")
    args = parser.parse_args()
    print(f"- machine: {platform.system()} {platform.machine()}, python {platform.python_version()}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}, fastcluster {getattr(fastcluster, '__version__', 'absent')}")
    print(f"- data: numpy.random.default_rng(0).standard_normal((n, {args.dimension})), metric euclidean, "
          f"medians of {args.repeats} runs in one Python process (pdist included for scipy and fastcluster)")
    print()
    print("| n | linkage | fairhac.linkage s | scipy s | fastcluster s | CLI cluster_seconds | vs scipy | vs fastcluster | Z equal to scipy |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in map(int, args.sizes.split(",")):
        X = np.random.default_rng(0).standard_normal((n, args.dimension))
        for method in args.linkages.split(","):
            ours, Z = median_time(lambda: fairhac.linkage(X, method), args.repeats)
            theirs, S = median_time(lambda: scipy_linkage(X, method), args.repeats)
            fast = median_time(lambda: fastcluster.linkage(X, method), args.repeats)[0] if fastcluster else float("nan")
            cli = cli_seconds(args.binary, X, method) if args.binary else float("nan")
            equal = np.array_equal(Z[:, [0, 1, 3]], S[:, [0, 1, 3]]) and np.allclose(Z[:, 2], S[:, 2], rtol=1e-9)
            print(f"| {n} | {method} | {ours:.3f} | {theirs:.3f} | {fast:.3f} | {cli:.3f} | {theirs / ours:.2f}x | "
                  f"{fast / ours:.2f}x | {'yes' if equal else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
