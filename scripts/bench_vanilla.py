#!/usr/bin/env python3
"""Benchmark fairhac against scipy and fastcluster on plain (unfair) HAC.

For every n in --sizes the data is ``numpy.random.default_rng(0)
.standard_normal((n, 10))``, saved once as .npy (for the Python tools) and as
CSV (for fairhac).  For every linkage and repeat, each tool runs in its own
fresh process:

* fairhac: ``BINARY cluster data.csv --linkage L --metric euclidean -k 2
  --scale none --out DIR``; "cluster" time is ``cluster_seconds`` (from
  summary.json's "timings" object, or from timings.json), "end-to-end" is
  the wall time of the whole process (CSV parsing and output writing
  included);
* scipy / fastcluster: ``python -c`` children that load the .npy, then time
  only ``linkage(X, method=L, metric="euclidean")`` (pdist included) with
  ``time.perf_counter``.

Peak memory is the child's ``ru_maxrss`` from ``os.wait4``.  Linux charges a
process with the high-water RSS of the process it was forked from, so every
command is started through a tiny stdlib-only Python launcher (``python -I
-S``) that forks, execs and reports the child's rusage; its own footprint (the
"launcher floor", a few MiB) is included in every peak and printed.  Nothing
is subtracted from the Python children's peaks; instead the peak of a child
that only imports numpy + the tool and loads the data is reported as a
baseline under each table.  Times and peaks are medians over --repeats.

The "Z = scipy" column says whether fairhac's linkage.npy (first repeat)
equals scipy's (columns 0, 1, 3 exactly, heights to 1e-9 relative); at large n
a "no" can come from genuine near-ties in the data rather than a bug.

Usage (from the repository root)::

    python3 scripts/bench_vanilla.py [--binary .build/release/fairhac]
        [--sizes 2000,5000,10000,20000] [--linkages single,complete,...]
        [--repeats 3] [--timeout 900] [--markdown docs/bench.md]

Tables go to stdout (markdown), progress to stderr.  A tool that is not
installed (or a binary that does not exist) is skipped with a message.  After
a timeout a tool/linkage pair is not run again at that or any larger n; its
cells then read "timeout".
Requires numpy; scipy and fastcluster are optional.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile

import numpy as np

ALL_LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]
TOOLS = ["fairhac", "scipy", "fastcluster"]
DIM = 10
SEED = 0

# Forks, execs argv[2:], waits with wait4 and writes "maxrss_kib wall_seconds" to argv[1].
LAUNCHER = r"""
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
kib = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
with open(out, "w") as f:
    f.write("%d %r\n" % (kib, wall))
sys.exit(os.waitstatus_to_exitcode(status))
"""

PY_CHILD = r"""
import sys, time
import numpy as np
tool, method, data, zout = sys.argv[1:5]
X = np.load(data)
if tool == "scipy":
    from scipy.cluster.hierarchy import linkage
else:
    from fastcluster import linkage
if method == "-":
    print("0.0")
    sys.exit(0)
t0 = time.perf_counter()
Z = linkage(X, method=method, metric="euclidean")
t = time.perf_counter() - t0
if zout != "-":
    np.save(zout, Z)
print(repr(t))
"""


class Result:
    """One child run: status is "ok", "timeout" or "error"."""

    def __init__(self, status: str, seconds: float | None = None, wall: float | None = None,
                 rss_kib: int | None = None, detail: str = ""):
        self.status, self.seconds, self.wall, self.rss_kib, self.detail = (
            status, seconds, wall, rss_kib, detail)


def run_measured(cmd: list[str], timeout: float, scratch: str) -> tuple[str, int | None,
                                                                         float | None, str, str]:
    """Run cmd via the launcher; return (status, maxrss KiB, wall s, stdout, stderr)."""
    info = os.path.join(scratch, "rusage.txt")
    if os.path.exists(info):
        os.remove(info)
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, info] + cmd
    proc = subprocess.Popen(launcher, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        return "timeout", None, None, out, err
    rss = wall = None
    try:
        with open(info) as f:
            kib, secs = f.read().split()
            rss, wall = int(kib), float(secs)
    except (OSError, ValueError):
        pass
    status = "ok" if proc.returncode == 0 and rss is not None else "error"
    return status, rss, wall, out, err


def tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def run_fairhac(binary: str, csv_path: str, method: str, timeout: float, scratch: str) -> Result:
    out_dir = os.path.join(scratch, "fairhac-out")
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [binary, "cluster", csv_path, "--linkage", method, "--metric", "euclidean",
           "-k", "2", "--scale", "none", "--out", out_dir]
    status, rss, wall, out, err = run_measured(cmd, timeout, scratch)
    if status != "ok":
        return Result(status, detail=tail(err or out))
    secs = cluster_seconds(out_dir)
    if secs is None:
        return Result("error", detail="no cluster_seconds in summary.json or timings.json")
    return Result("ok", secs, wall, rss)


def cluster_seconds(out_dir: str) -> float | None:
    """timings.cluster_seconds from summary.json, else cluster_seconds from timings.json."""
    for name, path in (("summary.json", ("timings", "cluster_seconds")),
                       ("timings.json", ("cluster_seconds",))):
        try:
            with open(os.path.join(out_dir, name)) as f:
                value = json.load(f)
        except (OSError, ValueError):
            continue
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def run_python_tool(tool: str, npy_path: str, method: str, timeout: float, scratch: str,
                    z_out: str = "-") -> Result:
    cmd = [sys.executable, "-c", PY_CHILD, tool, method, npy_path, z_out]
    status, rss, wall, out, err = run_measured(cmd, timeout, scratch)
    if status != "ok":
        return Result(status, detail=tail(err or out))
    try:
        secs = float(out.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return Result("error", detail=f"unexpected output {out!r}")
    return Result("ok", secs, wall, rss)


def z_matches(ours_path: str, ref_path: str) -> str:
    try:
        Z, Zs = np.load(ours_path), np.load(ref_path)
    except OSError:
        return "n/a"
    if Z.shape != Zs.shape:
        return "no (shape)"
    bad_struct = np.any(Z[:, [0, 1, 3]] != Zs[:, [0, 1, 3]], axis=1)
    bad_height = np.abs(Z[:, 2] - Zs[:, 2]) > np.maximum(1e-9 * np.abs(Zs[:, 2]), 1e-12)
    bad = np.flatnonzero(bad_struct | bad_height)
    return "yes" if bad.size == 0 else f"no (row {bad[0]})"


# --------------------------------------------------------------------------- formatting

def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_ratio(num: float | None, den: float | None) -> str:
    if num is None or den is None or den <= 0:
        return "-"
    return f"{num / den:.2f}x"


def fmt_mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f}"


def summarize(results: list[Result]) -> dict:
    """Medians of the ok runs; a status string if there were none."""
    ok = [r for r in results if r.status == "ok"]
    if not ok:
        status = results[0].status if results else "skipped"
        return {"status": status}

    def med(attr):
        vals = [getattr(r, attr) for r in ok if getattr(r, attr) is not None]
        return statistics.median(vals) if vals else None

    return {"status": "ok", "seconds": med("seconds"), "wall": med("wall"), "rss": med("rss_kib")}


def cell(summary: dict | None, key: str, fmt) -> str:
    if summary is None:
        return "skipped"
    if summary["status"] != "ok":
        return summary["status"]
    return fmt(summary.get(key))


def table(n: int, linkages: list[str], stats: dict, match: dict, baseline: dict,
          floor_kib: int | None) -> str:
    head = ("| linkage | fairhac s (cluster) | fairhac s (end-to-end) | scipy s | fastcluster s "
            "| scipy/fairhac | fastcluster/fairhac | fairhac peak MiB | scipy peak MiB "
            "| fastcluster peak MiB | fairhac/scipy mem | Z = scipy |")
    lines = [f"### n = {n}, d = {DIM}", "", head, "|" + "---|" * head.count(" | ") + "---|"]
    for m in linkages:
        f, s, c = (stats.get((t, n, m)) for t in TOOLS)

        def val(smry, key):
            return smry.get(key) if smry and smry["status"] == "ok" else None

        fs, ss, cs = val(f, "seconds"), val(s, "seconds"), val(c, "seconds")
        fr, sr = val(f, "rss"), val(s, "rss")
        lines.append("| " + " | ".join([
            m, cell(f, "seconds", fmt_s), cell(f, "wall", fmt_s), cell(s, "seconds", fmt_s),
            cell(c, "seconds", fmt_s), fmt_ratio(ss, fs), fmt_ratio(cs, fs),
            cell(f, "rss", fmt_mib), cell(s, "rss", fmt_mib), cell(c, "rss", fmt_mib),
            fmt_ratio(fr, sr), match.get((n, m), "n/a")]) + " |")
    notes = []
    for tool in ("scipy", "fastcluster"):
        if tool in baseline.get(n, {}):
            notes.append(f"{tool} {fmt_mib(baseline[n][tool])} MiB")
    lines.append("")
    if notes:
        lines.append("Baseline peak of a Python child that only imports numpy + the tool and "
                     "loads the data (included in the Python peaks above): " + ", ".join(notes)
                     + ".")
    if floor_kib is not None:
        lines.append(f"Launcher floor included in every peak: {fmt_mib(floor_kib)} MiB.")
    return "\n".join(lines) + "\n"


def machine_info() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    versions = [f"python {platform.python_version()}", f"numpy {np.__version__}"]
    for mod in ("scipy", "fastcluster"):
        if importlib.util.find_spec(mod) is not None:
            versions.append(f"{mod} {__import__(mod).__version__}")
    return [f"- machine: {platform.system()} {platform.machine()}, nproc {os.cpu_count()}, "
            f"CPU {cpu}, memory {mem}",
            f"- software: {', '.join(versions)}"]


# --------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark fairhac vs scipy vs fastcluster.")
    ap.add_argument("--binary", default=".build/release/fairhac", help="fairhac executable")
    ap.add_argument("--sizes", default="2000,5000,10000,20000", help="comma-separated n values")
    ap.add_argument("--linkages", default=",".join(ALL_LINKAGES), help="comma-separated linkages")
    ap.add_argument("--repeats", type=int, default=3, help="runs per measurement (median)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per run (default 900)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    linkages = [m.strip() for m in args.linkages.split(",") if m.strip()]
    unknown = [m for m in linkages if m not in ALL_LINKAGES]
    if unknown or not sizes or args.repeats < 1 or min(sizes) < 2:
        ap.error(f"bad --linkages/--sizes/--repeats (unknown linkages: {unknown})")

    tools = []
    binary = os.path.abspath(args.binary)
    if os.path.isfile(binary) and os.access(binary, os.X_OK):
        tools.append("fairhac")
    else:
        print(f"bench: skipping fairhac: {args.binary} not found or not executable",
              file=sys.stderr)
    for mod in ("scipy", "fastcluster"):
        if importlib.util.find_spec(mod) is not None:
            tools.append(mod)
        else:
            print(f"bench: skipping {mod}: not installed", file=sys.stderr)
    if not tools:
        print("bench: nothing to run", file=sys.stderr)
        return 1

    started = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    command = shlex.join([os.path.basename(sys.executable)] + sys.argv)
    total = len(sizes) * len(linkages) * args.repeats * len(tools)
    done = 0
    stats: dict = {}
    match: dict = {}
    baseline: dict = {}
    timed_out: set = set()
    tables = []

    with tempfile.TemporaryDirectory(prefix="fairhac-bench-") as work:
        status, floor_kib, _, _, _ = run_measured(["true"], 60, work)
        if status != "ok":
            floor_kib = None
        for n in sizes:
            X = np.random.default_rng(SEED).standard_normal((n, DIM))
            npy_path = os.path.join(work, f"X{n}.npy")
            csv_path = os.path.join(work, f"X{n}.csv")
            np.save(npy_path, X)
            with open(csv_path, "w") as f:
                f.write(",".join(f"f{j}" for j in range(DIM)) + "\n")
                for row in X:
                    f.write(",".join(repr(float(v)) for v in row) + "\n")
            baseline[n] = {}
            for tool in ("scipy", "fastcluster"):
                if tool in tools:
                    r = run_python_tool(tool, npy_path, "-", args.timeout, work)
                    if r.status == "ok":
                        baseline[n][tool] = r.rss_kib
                        print(f"[baseline] n={n} {tool}: {fmt_mib(r.rss_kib)} MiB", file=sys.stderr)
            for m in linkages:
                runs: dict[str, list[Result]] = {t: [] for t in tools}
                for rep in range(args.repeats):
                    for tool in tools:
                        done += 1
                        prefix = f"[{done}/{total}] n={n} {m} {tool} rep {rep + 1}/{args.repeats}"
                        if (tool, m) in timed_out:
                            print(f"{prefix}: skipped (timed out before)", file=sys.stderr)
                            runs[tool].append(Result("timeout"))
                            continue
                        print(f"{prefix} ...", end="", file=sys.stderr, flush=True)
                        if tool == "fairhac":
                            r = run_fairhac(binary, csv_path, m, args.timeout, work)
                            if rep == 0 and r.status == "ok":
                                shutil.copy(os.path.join(work, "fairhac-out", "linkage.npy"),
                                            os.path.join(work, "Z_fairhac.npy"))
                        else:
                            z_out = os.path.join(work, "Z_scipy.npy") if (
                                tool == "scipy" and rep == 0) else "-"
                            r = run_python_tool(tool, npy_path, m, args.timeout, work, z_out)
                        runs[tool].append(r)
                        if r.status == "ok":
                            extra = f" (end-to-end {fmt_s(r.wall)} s)" if tool == "fairhac" else ""
                            print(f" {fmt_s(r.seconds)} s{extra}, {fmt_mib(r.rss_kib)} MiB",
                                  file=sys.stderr, flush=True)
                        else:
                            print(f" {r.status} {r.detail}", file=sys.stderr, flush=True)
                            if r.status == "timeout":
                                timed_out.add((tool, m))
                for tool in tools:
                    stats[(tool, n, m)] = (summarize(runs[tool]) if runs[tool]
                                           else {"status": "skipped"})
                if "fairhac" in tools and "scipy" in tools:
                    zf, zs = (os.path.join(work, p) for p in ("Z_fairhac.npy", "Z_scipy.npy"))
                    if os.path.exists(zf) and os.path.exists(zs):
                        match[(n, m)] = z_matches(zf, zs)
                    for p in (zf, zs):
                        if os.path.exists(p):
                            os.remove(p)
            text = table(n, linkages, stats, match, baseline, floor_kib)
            tables.append(text)
            print(text, flush=True)
            os.remove(csv_path)
            os.remove(npy_path)

    if args.markdown:
        report = [
            "# FairHAC vanilla HAC benchmark",
            "",
            f"- command: `{command}`",
            f"- date: {started.isoformat()}",
            *machine_info(),
            f"- data: `numpy.random.default_rng({SEED}).standard_normal((n, {DIM}))`, "
            f"metric euclidean, medians of {args.repeats} run(s), each in a fresh process",
            "- fairhac cluster = `cluster_seconds` (summary.json timings or timings.json); "
            "end-to-end = wall time of the CLI process (CSV parse and output included); "
            "scipy/fastcluster = `linkage(X, method, metric='euclidean')` only (pdist "
            "included), timed inside the child; ratios use fairhac's cluster time",
            "- peak MiB = child ru_maxrss (launched via a minimal Python launcher whose floor is "
            "included); Python peaks include the interpreter and imports, see each baseline",
            f"- tools skipped: {', '.join(t for t in TOOLS if t not in tools) or 'none'}",
            "",
        ] + tables
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write("\n".join(report))
        print(f"bench: wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
