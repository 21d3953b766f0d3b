#!/usr/bin/env python3
"""Time the clustering kernels of one or two `fairhac` binaries, interleaved (issue 22).

The data is ``numpy.random.default_rng(0).standard_normal((n, 10))`` with a column ``grp`` of
three groups (shares 0.6/0.3/0.1, seed 5), written once per n as CSV. Each configuration runs
``BINARY cluster data.csv --group grp -k 4 --form exact --no-quality --quiet --out DIR`` plus its
own flags, and the time is ``cluster_seconds`` from DIR/timings.json. With two binaries every
repeat runs both, alternating which goes first, so that a machine shared with other work slows
both alike; the table gives the medians and after / before.

Run from the repository root after `swift build -c release`:
    python3 scripts/bench_kernels.py --before /tmp/fairhac-before --after .build/release/fairhac
        [--vanilla-sizes 5000,20000] [--fair-sizes 2000,5000] [--repeats 3] [--only SUBSTRING]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

import numpy as np

VANILLA = [
    ("average", ["--linkage", "average"]),
    ("ward, matrix", ["--linkage", "ward", "--hac-form", "matrix"]),
    ("ward, vectors", ["--linkage", "ward", "--hac-form", "vectors"]),
    ("single", ["--linkage", "single"]),
    ("centroid, vectors", ["--linkage", "centroid", "--hac-form", "vectors"]),
]
FAIR = [
    ("fair gain, average", ["--linkage", "average", "--fair", "--rule", "gain", "-d", "1"]),
    ("fair window, average", ["--linkage", "average", "--fair", "--rule", "window", "-d", "1"]),
    ("fair gain, ward", ["--linkage", "ward", "--fair", "--rule", "gain", "-d", "1"]),
    ("fair window, ward", ["--linkage", "ward", "--fair", "--rule", "window", "-d", "1"]),
]


def write_data(tmp, n):
    path = os.path.join(tmp, f"data{n}.csv")
    X = np.random.default_rng(0).standard_normal((n, 10))
    groups = np.random.default_rng(5).choice(["a", "b", "c"], size=n, p=[0.6, 0.3, 0.1])
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(10)) + ",grp\n")
        for row, g in zip(X, groups):
            f.write(",".join(repr(float(v)) for v in row) + "," + g + "\n")
    return path


def run(binary, data, flags, out):
    cmd = [binary, "cluster", data, "--group", "grp", "-k", "4", "--form", "exact",
           "--no-quality", "--quiet", "--out", out] + flags
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "timings.json")) as f:
        return float(json.load(f)["cluster_seconds"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True)
    ap.add_argument("--after")
    ap.add_argument("--vanilla-sizes", default="5000,20000")
    ap.add_argument("--fair-sizes", default="2000,5000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", help="run only the configurations whose name contains this")
    args = ap.parse_args()
    binaries = [("before", args.before)] + ([("after", args.after)] if args.after else [])
    tmp = tempfile.mkdtemp(prefix="fairhac-bench-kernels-")
    plan = [(n, name, flags) for n in map(int, args.vanilla_sizes.split(",")) for name, flags in VANILLA]
    plan += [(n, name, flags) for n in map(int, args.fair_sizes.split(",")) for name, flags in FAIR]
    if args.only:
        plan = [p for p in plan if args.only in p[1]]
    data = {}
    rows = []
    for n, name, flags in plan:
        if n not in data:
            data[n] = write_data(tmp, n)
        times = {label: [] for label, _ in binaries}
        for r in range(args.repeats):
            order = binaries if r % 2 == 0 else binaries[::-1]
            for label, binary in order:
                times[label].append(run(binary, data[n], flags, os.path.join(tmp, "out")))
        med = {label: statistics.median(t) for label, t in times.items()}
        row = f"| {name} | {n} | " + " | ".join(f"{med[label]:.3f}" for label, _ in binaries)
        if args.after:
            row += f" | {med['after'] / med['before']:.3f}"
        rows.append(row + " |")
        print(row + " |  runs: " + "; ".join(f"{l} " + ", ".join(f"{t:.3f}" for t in times[l]) for l, _ in binaries),
              file=sys.stderr, flush=True)
    header = "| configuration | n | " + " | ".join(f"{label} (s)" for label, _ in binaries)
    header += " | after / before |" if args.after else " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
