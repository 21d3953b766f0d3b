#!/usr/bin/env python3
"""Fair fidelity of the summarised form (issue 23): the same fair settings run in the exact form
and in the summarised form (m = 2,000 micro-clusters of n = 20,000), compared on the k-partition's
MFC, balance, silhouette and smallest cluster. Data as scripts/bench_summarised.py makes them
(census bootstrap, 10-d blobs). One run per row.

    swift build -c release --product fairhac
    python3 scripts/bench_fair_fidelity.py [--n 20000] [--m 2000]
"""
import argparse, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_summarised import blobs, census, write_csv  # noqa: E402

BIN = ".build/release/fairhac"


def run(path, form, linkage, k, m, out, d):
    args = [BIN, "cluster", path, "--group", "grp", "--scale", "none", "--linkage", linkage, "-k", str(k), "--fair",
            "--rule", "gain", "-d", str(d), "--out", out, "--quiet", "--form", form]
    if form == "summarised":
        args += ["--micro-clusters", str(m)]
    p = subprocess.run(["/usr/bin/time", "-f", "%e"] + args, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(p.stderr)
    s = json.load(open(os.path.join(out, "summary.json")))
    sil = (s.get("quality") or {}).get("silhouette")
    if sil is None:
        sil = (s.get("quality_sample") or {}).get("silhouette")
    return dict(mfc=s["mfc"], balance=s["balance"], silhouette=sil, smallest=min(s["cluster_sizes"]),
                seconds=float(p.stderr.strip().splitlines()[-1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--m", type=int, default=2000)
    ap.add_argument("--d", type=float, default=1.0)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    print(f"| data | linkage | k | exact MFC / balance / silhouette / smallest | summarised (m = {args.m}) | MFC difference |")
    print("|---|---|---|---|---|---|")
    for label, (X, g) in [("census bootstrap", census(args.n)), ("10-d blobs", blobs(args.n))]:
        path = write_csv(os.path.join(tmp, label[:6] + ".csv"), X, g)
        for linkage in ["ward", "average"]:
            for k in [4, 10]:
                e = run(path, "exact", linkage, k, args.m, os.path.join(tmp, "e"), args.d)
                s = run(path, "summarised", linkage, k, args.m, os.path.join(tmp, "s"), args.d)
                fmt = lambda r: (f"{r['mfc']:.3f} / {r['balance']:.3f} / "
                                 f"{'-' if r['silhouette'] is None else format(r['silhouette'], '.3f')} / {r['smallest']}")
                print(f"| {label} | {linkage} | {k} | {fmt(e)} ({e['seconds']:.0f} s) | {fmt(s)} ({s['seconds']:.0f} s) | "
                      f"{s['mfc'] - e['mfc']:+.3f} |", flush=True)


if __name__ == "__main__":
    main()
