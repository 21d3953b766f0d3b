#!/usr/bin/env python3
"""Instructions of two `fairhac` binaries, side by side (valgrind --tool=callgrind, one thread):
deterministic whatever else the machine runs, so it decides between kernels on a shared machine.

Data: ``numpy.random.default_rng(0).standard_normal((n, 10))`` with a group column ``grp``
(a/b/c at 0.6/0.3/0.1, seed 5), written once per n as CSV (as scripts/bench_kernels.py). Each
configuration runs

    SWIFT_BACKTRACE=enable=no valgrind --tool=callgrind BINARY cluster dataN.csv --group grp -k 4
        --form exact --no-quality --quiet --threads 1 --out DIR FLAGS

and the table gives the instructions of the whole process (10^9), after / before, and whether the
two linkage.npy have the same merges and sizes and heights within 1e-9 relative. The "read" rows
run `--form summarised --micro-clusters 50` on a larger file, where reading dominates.

    python3 scripts/bench_instructions.py --before /tmp/fairhac-before/.build/release/fairhac \\
        --after .build/release/fairhac [--n 5000] [--read-n 100000] [--only SUBSTRING]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from bench_kernels import write_data  # the same data files as the timed benchmark

CONFIGS = [
    ("average", ["--linkage", "average"]),
    ("complete", ["--linkage", "complete"]),
    ("weighted", ["--linkage", "weighted"]),
    ("ward, matrix", ["--linkage", "ward", "--hac-form", "matrix"]),
    ("ward, vectors", ["--linkage", "ward", "--hac-form", "vectors"]),
    ("centroid, vectors", ["--linkage", "centroid", "--hac-form", "vectors"]),
    ("single", ["--linkage", "single"]),
    ("fair gain, average", ["--linkage", "average", "--fair", "--rule", "gain", "-d", "1"]),
    ("fair window, ward", ["--linkage", "ward", "--fair", "--rule", "window", "-d", "1"]),
]


def instructions(binary, data, flags, out):
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, "cluster", data, "--group", "grp",
           "-k", "4", "--no-quality", "--quiet", "--threads", "1", "--out", out] + flags
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return int(re.search(r"Collected : (\d+)", p.stderr).group(1))


def same(a, b):
    za, zb = np.load(os.path.join(a, "linkage.npy")), np.load(os.path.join(b, "linkage.npy"))
    return np.array_equal(za[:, [0, 1, 3]], zb[:, [0, 1, 3]]) and np.allclose(za[:, 2], zb[:, 2], rtol=1e-9, atol=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", default=".build/release/fairhac")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--read-n", type=int, default=100_000)
    ap.add_argument("--only")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="fairhac-bench-instructions-")
    plan = [(name, args.n, ["--form", "exact"] + flags) for name, flags in CONFIGS]
    plan.append(("read and write (summarised, m = 50)", args.read_n, ["--linkage", "ward", "--form", "summarised", "--micro-clusters", "50"]))
    files = {}
    rows = ["| configuration | n | before (10^9 instructions) | after | after / before | Z equal |", "|---|---|---|---|---|---|"]
    for name, n, flags in plan:
        if args.only and args.only not in name:
            continue
        if n not in files:
            files[n] = write_data(tmp, n)
        data = files[n]
        counts = {}
        for label, binary in (("before", args.before), ("after", args.after)):
            counts[label] = instructions(binary, data, flags, os.path.join(tmp, label))
        eq = same(os.path.join(tmp, "before"), os.path.join(tmp, "after"))
        line = (f"| {name} | {n} | {counts['before'] / 1e9:.3f} | {counts['after'] / 1e9:.3f} | "
                f"{counts['after'] / counts['before']:.3f} | {'yes' if eq else 'NO'} |")
        rows.append(line)
        print(line, file=sys.stderr, flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
