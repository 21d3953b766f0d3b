#!/usr/bin/env python3
"""Checks an installed fairhac wheel where no Swift toolchain is: .ci/run runs it with the wheel's
virtual environment, under scripts/without_toolchain.sh.

- No Swift toolchain is visible (no `swift` on PATH, and --hidden, when given, is empty), and the
  package's library needs no Swift library from outside the wheel (only the C and C++ runtimes).
- With --control, a library linked against the toolchain (the development build's) fails to load:
  the toolchain is really hidden.
- The package is the wheel's (its metadata names the version that `fairhac.__version__` reports,
  and the one in the checkout's VERSION file when --version-file is given).
- `import fairhac` takes at most --max-import-seconds of CPU time (median of --runs fresh interpreters;
  the wall-clock time is printed beside it) and does not import scikit-learn, scipy or pandas.
- `fairhac.linkage` equals scipy's linkage (merges exactly, heights within 1e-9 relative) on fresh
  random data without ties, for each method.
- A fair fit (FairAgglomerativeClustering, FHAC) runs, and its reported MFC and balance equal
  their definition (spec: MFC = sum_j max_l |p_l(C_j) - rho_l|) recomputed here from its labels.

Usage: python scripts/check_wheel.py [--hidden /opt/swift] [--version-file VERSION] [--seed N]
"""

import argparse
import importlib.metadata
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys, time
wall, cpu = time.perf_counter(), time.process_time()
import fairhac
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'pandas'})
print(wall, cpu, ','.join(heavy) or '-')
"""


def check(condition, message):
    if not condition:
        sys.exit(f"check_wheel.py: FAILED: {message}")
    print(f"  ok  {message}")


def toolchain_absent(hidden):
    check(shutil.which("swift") is None, "no swift on PATH")
    if hidden:
        check(not Path(hidden).exists() or not any(Path(hidden).iterdir()), f"{hidden} is empty (hidden)")


def library_self_contained():
    import fairhac

    library = Path(fairhac.__file__).parent / "libFairHACC.so"
    check(library.exists(), f"the wheel's library {library} is installed")
    # The loaded process's maps: which shared objects the library pulled in.
    maps = Path("/proc/self/maps").read_text().split("\n")
    loaded = sorted({line.split()[-1] for line in maps if ".so" in line and line.split()[-1].startswith("/")})
    swift = [p for p in loaded if "swift" in p.lower() or "Foundation" in p or "dispatch" in p.lower()]
    check(swift == [], f"no Swift runtime library loaded from outside the wheel ({len(loaded)} shared objects loaded)")


def control(library):
    """A library linked against the toolchain (the development build's) must not load here: the
    toolchain is really hidden."""
    import ctypes

    check(Path(library).is_file(), f"the control {library} exists")
    try:
        ctypes.CDLL(str(Path(library).resolve()))
        loaded = True
    except OSError as error:
        loaded = False
        print(f"  (control) {error}")
    check(not loaded, f"the control {library}, linked against the toolchain, cannot load")


def version(version_file):
    import fairhac

    installed = importlib.metadata.version("fairhac")
    check(installed == fairhac.__version__, f"fairhac.__version__ {fairhac.__version__} is the wheel's metadata version")
    if version_file:
        expected = Path(version_file).read_text(encoding="utf-8").strip()
        check(installed == expected, f"the version is VERSION's ({expected})")
    meta = importlib.metadata.metadata("fairhac")
    check(meta.get("License-Expression") or meta.get("License"), "the metadata names the licence")
    check(len(meta.get_payload() or "") > 100, "the metadata carries the README")


def import_time(runs, limit):
    """The import's CPU time is checked (the wall-clock time is printed too): on a loaded machine the
    wall clock measures the load; on an idle one the two agree within the files' reading."""
    walls, cpus, heavy = [], [], set()
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
        heavy |= set(out[2].split(",")) - {"-"}
    check(not heavy, f"import fairhac imports none of scikit-learn, scipy, pandas (found: {', '.join(sorted(heavy)) or 'none'})")
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  import fairhac, median of {runs} fresh interpreters: {wall:.3f} s wall-clock ({', '.join(f'{t:.3f}' for t in walls)}), "
          f"{cpu:.3f} s CPU; load average {load:.1f} on {os.cpu_count()} CPUs")
    check(cpu <= limit, f"import fairhac takes at most {limit} s (median CPU time {cpu:.3f} s)")
    return {"wall_seconds": wall, "cpu_seconds": cpu, "load_average": load, "cpus": os.cpu_count()}


def linkage_against_scipy(seed):
    import numpy as np
    import scipy.cluster.hierarchy as hierarchy
    from scipy.spatial.distance import pdist

    import fairhac

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(300, 4))
    for method in ("single", "complete", "average", "weighted", "ward", "centroid", "median"):
        ours, theirs = fairhac.linkage(x, method), hierarchy.linkage(x, method)
        same = np.array_equal(ours[:, [0, 1, 3]], theirs[:, [0, 1, 3]])
        close = np.allclose(ours[:, 2], theirs[:, 2], rtol=1e-9, atol=0)
        check(same and close, f"linkage(X, {method!r}) equals scipy's (merges exactly, heights within 1e-9)")
    d = pdist(x, "cityblock")
    ours, theirs = fairhac.linkage(d, "average"), hierarchy.linkage(d, "average")
    check(np.array_equal(ours[:, [0, 1, 3]], theirs[:, [0, 1, 3]]) and np.allclose(ours[:, 2], theirs[:, 2], rtol=1e-9),
          "linkage(condensed cityblock distances, 'average') equals scipy's")


def fair_fit(seed):
    import numpy as np

    import fairhac

    rng = np.random.default_rng(seed)
    n, k = 400, 4
    x = rng.normal(size=(n, 3)) + np.repeat(rng.normal(size=(4, 3)) * 4, n // 4, axis=0)
    groups = np.where(rng.random(n) < 0.3, "f", "m")
    model = fairhac.FairAgglomerativeClustering(n_clusters=k, linkage="average", method="fhac", rule="gain", d=1.0)
    labels = model.fit(x, groups=groups).labels_
    check(labels.shape == (n,) and set(labels.tolist()) == set(range(k)), f"a fair fit gives {k} clusters of {n} rows")
    names = sorted(set(groups.tolist()))
    ideal = np.array([np.mean(groups == g) for g in names])
    counts = np.array([[np.sum((labels == j) & (groups == g)) for g in names] for j in range(k)], dtype=float)
    shares = counts / counts.sum(axis=1, keepdims=True)
    mfc = float(np.abs(shares - ideal).max(axis=1).sum())
    mfc_sum = float(np.abs(shares - ideal).sum())
    reported = model.fairness_
    check(abs(reported["mfc"] - mfc) <= 1e-12 * max(1.0, mfc), f"its MFC ({reported['mfc']:.6f}) is the definition's ({mfc:.6f})")
    check(abs(reported["mfc_sum"] - mfc_sum) <= 1e-12 * max(1.0, mfc_sum), "its MFC-sum is the definition's")
    print(f"  fair fit: MFC {mfc:.4f}, cluster sizes {np.bincount(labels).tolist()}")
    vanilla = fairhac.FairAgglomerativeClustering(n_clusters=k, linkage="average", method="hac").fit(x, groups=groups)
    print(f"  vanilla HAC on the same data: MFC {vanilla.fairness_['mfc']:.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", help="the toolchain's folder, which must be hidden (empty)")
    parser.add_argument("--version-file", help="the checkout's VERSION file")
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters timed for the import (median)")
    parser.add_argument("--max-import-seconds", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(4), "little"))
    parser.add_argument("--control", help="a library linked against the toolchain, which must then fail to load")
    parser.add_argument("--json", help="write the measurements here")
    args = parser.parse_args()
    print(f"check_wheel.py: seed {args.seed}, Python {sys.version.split()[0]} at {sys.executable}")
    toolchain_absent(args.hidden)
    if args.control:
        control(args.control)
    timing = import_time(args.runs, args.max_import_seconds)
    library_self_contained()
    version(args.version_file)
    linkage_against_scipy(args.seed)
    fair_fit(args.seed)
    if args.json:
        Path(args.json).write_text(json.dumps({"import": timing, "seed": args.seed}) + "\n")
    print("check_wheel.py: all checks passed")


if __name__ == "__main__":
    main()
