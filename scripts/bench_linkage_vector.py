#!/usr/bin/env python3
"""fairhac.linkage against fastcluster.linkage_vector, in one Python process on the same NumPy
array: the in-memory comparison for ward, centroid, median and single (both from the features,
O(n d) memory). Medians of --repeats calls, alternating the two tools; Z compared exactly (ids,
sizes) and to 1e-9 relative (heights).

    python scripts/bench_linkage_vector.py [--n 20000] [--d 10] [--repeats 3]

Run it in the environment of `pip install ./python` plus `pip install fastcluster`.
"""
import argparse
import statistics
import time

import fastcluster
import numpy as np

import fairhac


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--d", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    X = np.random.default_rng(0).standard_normal((args.n, args.d))
    print(f"n = {args.n}, d = {args.d}, standard normal (seed 0); medians of {args.repeats} calls in one process\n")
    print("| linkage | fairhac.linkage s | fastcluster.linkage_vector s | fastcluster / fairhac | Z equal |")
    print("|---|---|---|---|---|")
    for method in ["ward", "centroid", "median", "single"]:
        ours, theirs = [], []
        for _ in range(args.repeats):
            t = time.perf_counter()
            Zf = fairhac.linkage(X, method=method)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            Zc = fastcluster.linkage_vector(X, method=method)
            theirs.append(time.perf_counter() - t)
        same = np.array_equal(Zf[:, [0, 1, 3]], Zc[:, [0, 1, 3]]) and np.allclose(Zf[:, 2], Zc[:, 2], rtol=1e-9, atol=0)
        f, c = statistics.median(ours), statistics.median(theirs)
        print(f"| {method} | {f:.3f} | {c:.3f} | {c / f:.2f}x | {'yes' if same else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
