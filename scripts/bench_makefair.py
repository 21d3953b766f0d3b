"""Times `fairhac cluster --method makefair --tree Z.npy` at n = 50,000 (docs/benchmarks.md).

Makes data.csv (x, y, group a/b following x with noise) and three trees over it: uniformly random
merges, a chain in x order (single linkage's worst shape), a balanced tree in x order (the groups
separated); runs each variant 3 times (release build) and prints the medians of timings.json's
cluster_seconds (reading Z, post-processing, the input's fairness at every level) and the whole
process, with the fairness at every level before and after.

    swift build -c release --product fairhac && python3 scripts/bench_makefair.py [workdir]
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".build" / "release" / "fairhac"
n = 50_000
work = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/mf50k")
work.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(0)
X = rng.normal(size=(n, 2))
g = np.where(X[:, 0] + 0.5 * rng.normal(size=n) > 0, "a", "b")
with open(work / "data.csv", "w") as f:
    f.write("x,y,g\n")
    for i in range(n):
        f.write(f"{X[i, 0]:.6f},{X[i, 1]:.6f},{g[i]}\n")
sizes = {i: 1 for i in range(n)}
Z, active = np.empty((n - 1, 4)), list(range(n))
for s in range(n - 1):
    pair = []
    for _ in range(2):
        i = int(rng.integers(len(active)))
        pair.append(active[i])
        active[i] = active[-1]
        active.pop()
    a, b = pair
    sizes[n + s] = sizes[a] + sizes[b]
    Z[s] = [min(a, b), max(a, b), s + 1, sizes[n + s]]
    active.append(n + s)
np.save(work / "random.npy", Z)
order = np.argsort(X[:, 0])
Z, cur = np.empty((n - 1, 4)), order[0]
for s in range(n - 1):
    b = order[s + 1]
    Z[s] = [min(cur, b), max(cur, b), s + 1, s + 2]
    cur = n + s
np.save(work / "chain.npy", Z)
level, rows, h = list(order), [], 1
sizes = {i: 1 for i in range(n)}
while len(level) > 1:
    nxt = []
    for p in range(0, len(level) - 1, 2):
        a, b = level[p], level[p + 1]
        idx = n + len(rows)
        sizes[idx] = sizes[a] + sizes[b]
        rows.append([min(a, b), max(a, b), h, sizes[idx]])
        nxt.append(idx)
    if len(level) % 2:
        nxt.append(level[-1])
    level, h = nxt, h + 1
np.save(work / "balanced.npy", np.array(rows, dtype=float))

print("| tree | variant | post-processing s (median of 3) | whole process s | nodes | fair >= 2 / 10 / 500 before | after |")
print("|---|---|---|---|---|---|---|")
for tree in ("random", "chain", "balanced"):
    for variant in ("makefair", "fairhc"):
        cluster, total = [], []
        for _ in range(3):
            out = work / f"out-{tree}-{variant}"
            start = time.perf_counter()
            subprocess.run([str(BIN), "cluster", str(work / "data.csv"), "--features", "x,y", "--group", "g", "-k", "4",
                            "--method", "makefair", "--makefair-variant", variant, "--tree", str(work / f"{tree}.npy"),
                            "--out", str(out), "--quiet"], check=True)
            total.append(time.perf_counter() - start)
            cluster.append(json.loads((out / "timings.json").read_text())["cluster_seconds"])
        s = json.loads((out / "summary.json").read_text())
        share = lambda levels: " / ".join(f"{l['share']:.2f}" for l in levels)
        print(f"| {tree} | {variant} | {statistics.median(cluster):.2f} | {statistics.median(total):.2f} | "
              f"{s['post_processing']['nodes']} | {share(s['post_processing']['input_fair_at_every_level']['levels'])} | "
              f"{share(s['fair_at_every_level']['levels'])} |")
