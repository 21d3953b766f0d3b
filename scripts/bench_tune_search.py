#!/usr/bin/env python3
"""Issue 28: the search for the recommended setting, before and after, and the fast search
against the full grid.

Two parts, each a table in markdown on stdout (and CSV rows under --out):

  timing   `fairhac cluster ... --fair --auto` (the recommended fair run) with the binary before
           the change (--before: the full grid of 300 points) and after (--after: the fast search),
           interleaved in the same run, whole process wall time, peak memory and the choice:
           the 7,000-row stand-in (a seeded sample of the bundled UCI Adult, 6 numeric features,
           race as the group, ward, k = 4), census 5k and 20k, and summarised 10^5 and 10^6 cases.
  compare  `fairhac tune --search fast` against `fairhac tune --search grid` (the after binary)
           on every reproduce cell (census, creditcard, bank x average, complete, single, ward,
           n = 1000, seeds 0-4, z-scored, k = 4) and on the bundled datasets at n = 1000, 5000 and
           20000: both recommendations per objective, and how much worse the fast one is
           (MFC higher / balance lower; the bar is 0.02).

Usage (after `swift build -c release --product fairhac`; for --before a release build of main,
e.g. `git archive main | tar -x -C /tmp/fairhac-before && (cd /tmp/fairhac-before && swift build -c
release --product fairhac)`):

  python3 scripts/bench_tune_search.py timing --before /tmp/fairhac-before/.build/release/fairhac \\
      --after .build/release/fairhac --out /tmp/bench28
  python3 scripts/bench_tune_search.py compare --after .build/release/fairhac --out /tmp/bench28
  python3 scripts/bench_tune_search.py compare --after .build/release/fairhac --sizes 5000 --linkages ward average

Full grids at n = 20,000 take about an hour each on 2 cores; --sizes and --linkages choose cells,
and --timeout stops a run (reported as "> T s").
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADULT = ROOT / "Sources/FairHACIO/Datasets/Data/adult.csv"
ADULT_FEATURES = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def adult_sample(path, n=7000, seed=28):
    """The 7,000-row stand-in for the issue's table: a seeded sample of the bundled Adult data."""
    if path.exists():
        return path
    with open(ADULT, newline="") as f:
        rows = list(csv.DictReader(f))
    random.Random(seed).shuffle(rows)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(ADULT_FEATURES + ["race", "sex"])
        for r in rows[:n]:
            w.writerow([r[c].strip() for c in ADULT_FEATURES + ["race", "sex"]])
    return path


def blobs(path, n, seed=0):
    """10-d Gaussian blobs (20 centres uniform in [-10, 10]^10) with groups a/b at 0.7/0.3,
    as docs/benchmarks.md's summarised rows."""
    if path.exists():
        return path
    import numpy as np
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, (20, 10))
    x = centres[rng.integers(0, 20, n)] + rng.standard_normal((n, 10))
    groups = np.where(rng.random(n) < 0.7, "a", "b")
    with open(path, "w") as f:
        f.write(",".join(f"x{i}" for i in range(10)) + ",grp\n")
        for row, g in zip(x, groups):
            f.write(",".join(f"{v:.6f}" for v in row) + f",{g}\n")
    return path


def run(cmd, timeout):
    """Runs cmd under GNU time; returns (wall s or None when stopped, peak MiB, stdout, stderr)."""
    t0 = time.time()
    try:
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "", "stopped"
    wall = time.time() - t0
    lines = p.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return wall, peak, p.stdout, p.stderr


def timing_cases(data):
    adult = adult_sample(data / "adult7k.csv")
    common = ["-k", "4", "--fair", "--auto", "--quiet"]
    return [
        ("adult 7k (race), ward", [str(adult), "--features", ",".join(ADULT_FEATURES), "--group", "race", "--linkage", "ward"] + common),
        ("census 5k, ward", ["--dataset", "census", "--sample", "5000", "--seed", "0", "--linkage", "ward"] + common),
        ("census 5k, average", ["--dataset", "census", "--sample", "5000", "--seed", "0", "--linkage", "average"] + common),
        ("census 20k, ward", ["--dataset", "census", "--sample", "20000", "--seed", "0", "--linkage", "ward"] + common),
        ("blobs 10^5 (summarised), ward", [str(blobs(data / "blobs100k.csv", 100_000)), "--group", "grp", "--scale", "none",
                                           "--linkage", "ward"] + common),
        ("blobs 10^6 (summarised), ward", [str(blobs(data / "blobs1m.csv", 1_000_000)), "--group", "grp", "--scale", "none",
                                           "--linkage", "ward", "-k", "10"] + common[2:]),
    ]


def choice(out):
    s = json.load(open(Path(out) / "summary.json"))
    a = s.get("auto") or {}
    r = a.get("recommended", {})
    setting = f"{r.get('rule')} b {r.get('b')} d {r.get('d')}" if r.get("improved") else "vanilla kept"
    return f"{setting}; MFC {s.get('mfc', float('nan')):.3f}, balance {s.get('balance', float('nan')):.3f}"


def timing(args):
    data = Path(args.out) / "data"
    data.mkdir(parents=True, exist_ok=True)
    print("| case | before: wall s / peak MiB | after: wall s / peak MiB | speed-up | before: choice | after: choice |")
    print("|---|---|---|---|---|---|")
    for name, argv in timing_cases(data):
        if args.only and not any(o in name for o in args.only):
            continue
        row = {}
        for side in ("before", "after"):  # interleaved: one case at a time, both binaries
            binary = getattr(args, side)
            if binary is None:
                continue
            out = Path(args.out) / f"{side}-{name.split(',')[0].replace(' ', '_')}-{name.split(',')[-1].strip()}"
            wall, peak, _, _ = run([binary, "cluster"] + argv + ["--out", str(out)], args.timeout)
            row[side] = (wall, peak, choice(out) if wall is not None else "(stopped)")
        def cell(side):
            if side not in row:
                return "-"
            wall, peak, _ = row[side]
            return f"> {args.timeout} (stopped)" if wall is None else f"{wall:.1f} / {peak:.0f}"
        b, a = row.get("before"), row.get("after")
        speed = f"{b[0] / a[0]:.1f}x" if b and a and b[0] and a[0] else "-"
        print(f"| {name} | {cell('before')} | {cell('after')} | {speed} | {b[2] if b else '-'} | {a[2] if a else '-'} |", flush=True)


def compare_cells(args):
    cells = []
    for n in args.sizes:
        for ds in args.datasets:
            if ds == "bank" and n > 4521:
                continue  # the bundled bank.csv has 4,521 rows
            for linkage in args.linkages:
                for seed in (range(5) if n == 1000 and args.reproduce else [0]):
                    cells.append((ds, linkage, n, seed))
    return cells


def recommended(out):
    b = json.load(open(Path(out) / "best.json"))
    res = {}
    for o in ("mfc", "balance"):
        r = b["recommended"][o]
        value = r.get(o) if r.get("improved") else b["vanilla"][o]
        res[o] = (value, f"{r['rule']} b {r['b']} d {r['d']}" if r.get("improved") else "none", r.get("improved", False))
    return res, b["search"]


def compare(args):
    print("| dataset | linkage | n | seed | objective | grid: setting, value | fast: setting, value | fast worse by | points (fast / grid) | seconds (fast / grid) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for ds, linkage, n, seed in compare_cells(args):
        base = ["tune", "--dataset", ds, "--sample", str(n), "--seed", str(seed), "-k", "4", "--linkage", linkage, "--quiet"]
        res = {}
        for search in ("fast", "grid"):
            out = Path(args.out) / f"cmp-{ds}-{linkage}-{n}-{seed}-{search}"
            if not (out / "best.json").exists():
                wall, _, _, _ = run([args.after] + base + ["--search", search, "--out", str(out)], args.timeout)
                if wall is None:
                    break
                (out / "wall.txt").write_text(f"{wall}\n")
            res[search] = (recommended(out), float((out / "wall.txt").read_text()))
        if len(res) < 2:
            print(f"| {ds} | {linkage} | {n} | {seed} | - | stopped | | | | |", flush=True)
            continue
        (fast, fs), fw = res["fast"]
        (grid, gs), gw = res["grid"]
        for o in ("mfc", "balance"):
            worse = (fast[o][0] - grid[o][0]) if o == "mfc" else (grid[o][0] - fast[o][0])
            mark = "" if worse <= 0.02 + 1e-12 else " **over 0.02**"
            print(f"| {ds} | {linkage} | {n} | {seed} | {o} | {grid[o][1]}, {grid[o][0]:.4f} | {fast[o][1]}, {fast[o][0]:.4f} | "
                  f"{worse:+.4f}{mark} | {fs['points_evaluated']} / {gs['points_evaluated']} | {fw:.1f} / {gw:.1f} |", flush=True)
            rows.append([ds, linkage, n, seed, o, grid[o][1], grid[o][0], fast[o][1], fast[o][0], worse,
                         fs["points_evaluated"], gs["points_evaluated"], fw, gw])
    with open(Path(args.out) / "compare.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["dataset", "linkage", "n", "seed", "objective", "grid_setting", "grid_value", "fast_setting", "fast_value",
                    "fast_worse_by", "fast_points", "grid_points", "fast_seconds", "grid_seconds"])
        w.writerows(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("part", choices=("timing", "compare"))
    p.add_argument("--before", help="fairhac binary before the change (timing)")
    p.add_argument("--after", default=str(ROOT / ".build/release/fairhac"))
    p.add_argument("--out", default="/tmp/bench28")
    p.add_argument("--timeout", type=int, default=3600, help="seconds before a run is stopped")
    p.add_argument("--only", nargs="*", help="timing: cases whose name contains one of these")
    p.add_argument("--sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    p.add_argument("--datasets", nargs="*", default=["census", "creditcard", "bank"])
    p.add_argument("--linkages", nargs="*", default=["average", "complete", "single", "ward"])
    p.add_argument("--no-reproduce", dest="reproduce", action="store_false",
                   help="n = 1000: seed 0 only (default: seeds 0-4, the reproduce cells)")
    args = p.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("LC_ALL", "C")
    timing(args) if args.part == "timing" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
