#!/usr/bin/env python3
"""fairhac.linkage against fastcluster, side by side from Python (issue 30).

For every case (linkage, n) the data is ``numpy.random.default_rng(0).standard_normal((n, d))``
(d = 10), saved once as .npy. Every repeat runs, each in a fresh child process, in an order that
rotates from repeat to repeat (so that a machine shared with other work slows all alike):

* fastcluster: ``fastcluster.linkage(X, method)`` for the matrix linkages (pdist included, as
  scipy's ``linkage`` on features), ``fastcluster.linkage_vector(X, "ward")`` for ward;
* fairhac "after": ``fairhac.linkage(X, method)`` with the package of this checkout (python/) and
  its library (.build/release/libFairHACC.so, or --after-library);
* fairhac "before" (with --before DIR: a checkout with its own python/ and built library, e.g.
  ``git archive main | tar -x -C /tmp/fairhac-before`` then ``swift build -c release --product
  FairHACC`` there).

Each child loads X, then times only the call (``time.perf_counter``) and its own CPU seconds
(user + system, both cores counted), and saves Z. The table gives medians, fairhac / fastcluster
ratios of the medians, and whether fairhac's Z equals the reference: ids and sizes exactly,
heights within 1e-9 relative. The reference is ``scipy.cluster.hierarchy.linkage`` where its
matrix fits (--scipy-max-n, default 20,000), else fastcluster's Z (which equals scipy's there by
the same definition).

Run from the repository root in an environment with numpy, scipy and fastcluster, after
``swift build -c release --product FairHACC``:

    python3 scripts/bench_fastcluster.py --before /tmp/fairhac-before \\
        [--cases average:20000,complete:20000,ward:50000,ward:100000] [--repeats 3] [--threads 2]

Progress (every run's seconds) goes to stderr, the markdown table to stdout.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY = "libFairHACC.dylib" if sys.platform == "darwin" else "libFairHACC.so"

CHILD = r"""
import json, resource, sys, time
import numpy as np
tool, method, data, zout, threads = sys.argv[1:6]
X = np.load(data)
if tool == "fastcluster":
    import fastcluster
    call = (lambda: fastcluster.linkage_vector(X, method="ward")) if method == "ward" else (lambda: fastcluster.linkage(X, method=method))
elif tool == "scipy":
    from scipy.cluster.hierarchy import linkage
    call = lambda: linkage(X, method=method)
else:
    import fairhac
    call = lambda: fairhac.linkage(X, method=method, n_jobs=int(threads) if threads != "-" else None)
r0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
Z = call()
wall = time.perf_counter() - t0
r1 = resource.getrusage(resource.RUSAGE_SELF)
np.save(zout, Z)
print(json.dumps({"wall": wall, "cpu": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)}))
"""


def run(tool, method, data, zout, threads, env):
    out = subprocess.run([sys.executable, "-c", CHILD, tool, method, data, zout, threads],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{tool} {method} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def same(z, ref):
    return bool(np.array_equal(z[:, [0, 1, 3]], ref[:, [0, 1, 3]])
                and np.allclose(z[:, 2], ref[:, 2], rtol=1e-9, atol=0))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default="average:20000,complete:20000,ward:50000,ward:100000")
    ap.add_argument("--d", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", default="-", help="fairhac's n_jobs (default: all cores)")
    ap.add_argument("--before", help="a FairHAC checkout with python/ and a built .build/release library")
    ap.add_argument("--after-library", default=os.path.join(ROOT, ".build", "release", LIBRARY))
    ap.add_argument("--scipy-max-n", type=int, default=20000)
    args = ap.parse_args()

    tools = [("fastcluster", None)]
    after_env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), FAIRHAC_LIBRARY=args.after_library)
    tools.append(("after", after_env))
    if args.before:
        tools.append(("before", dict(os.environ, PYTHONPATH=os.path.join(args.before, "python"),
                                     FAIRHAC_LIBRARY=os.path.join(args.before, ".build", "release", LIBRARY))))
    tmp = tempfile.mkdtemp(prefix="fairhac-bench-fastcluster-")
    rows = []
    for case in args.cases.split(","):
        method, n = case.split(":")
        n = int(n)
        data = os.path.join(tmp, f"X{n}.npy")
        if not os.path.exists(data):
            np.save(data, np.random.default_rng(0).standard_normal((n, args.d)))
        times = {t: [] for t, _ in tools}
        cpus = {t: [] for t, _ in tools}
        zs = {}
        for r in range(args.repeats):
            order = tools[r % len(tools):] + tools[:r % len(tools)]
            for tool, env in order:
                zout = os.path.join(tmp, f"Z-{tool}.npy")
                child = run("fastcluster" if tool == "fastcluster" else "fairhac", method, data, zout, args.threads,
                            env if env is not None else os.environ)
                times[tool].append(child["wall"])
                cpus[tool].append(child["cpu"])
                if r == 0:
                    zs[tool] = np.load(zout)
                print(f"{method} n={n} repeat {r} {tool}: {child['wall']:.3f} s wall, {child['cpu']:.3f} s CPU", file=sys.stderr, flush=True)
        if n <= args.scipy_max_n:
            run("scipy", method, data, os.path.join(tmp, "Z-scipy.npy"), "-", os.environ)
            ref, ref_name = np.load(os.path.join(tmp, "Z-scipy.npy")), "scipy"
        else:
            ref, ref_name = zs["fastcluster"], "fastcluster"
        med = {t: statistics.median(v) for t, v in times.items()}
        cpu = {t: statistics.median(v) for t, v in cpus.items()}
        row = [method if method != "ward" else "ward (vectors)", f"{n:,}", f"{med['fastcluster']:.2f}", f"{med['after']:.2f}"]
        if args.before:
            row.append(f"{med['before']:.2f}")
        row.append(f"{med['after'] / med['fastcluster']:.2f}")
        if args.before:
            row.append(f"{med['before'] / med['fastcluster']:.2f}")
        row.append(" / ".join(f"{cpu[t]:.1f}" for t, _ in tools))
        row.append(f"{'yes' if same(zs['after'], ref) else 'NO'} ({ref_name})")
        rows.append("| " + " | ".join(row) + " |")
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    header = ["linkage", "n", "fastcluster s", "fairhac s"] + (["fairhac before s"] if args.before else [])
    header += ["fairhac / fastcluster"] + (["before / fastcluster"] if args.before else [])
    header += ["CPU s (" + " / ".join(t for t, _ in tools) + ")", "Z equal"]
    print(f"d = {args.d}, standard normal (seed 0); medians of {args.repeats} runs, each in a fresh process, "
          f"order rotating; fairhac threads: {args.threads if args.threads != '-' else 'all cores'}; "
          f"load average at the end: {' '.join(f'{v:.1f}' for v in load)}; {time.strftime('%Y-%m-%d %H:%M')}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
