#!/usr/bin/env python3
"""Issue 23's benchmarks of the summarised form (spec section 10), in one run.

Sections (--only, comma-separated):
- scale: `fairhac cluster` with no special flags (the default --form auto summarises) on
  n = 100,000 (census rows drawn with replacement and jittered; 10-d blobs) fair average and fair
  ward, k = 4; and n = 1,000,000 10-d blobs fair ward and fair average, k = 10 (--big to include).
  Wall seconds and peak RSS (GNU time), timings.json's per-level seconds, MFC, balance.
- summariser: FairHAC's summariser (Python API, `summary_["seconds"]["summary"]`) against
  scikit-learn's MiniBatchKMeans and Birch on the same 10-d blobs: seconds and the within-cluster
  sum of squares (WSS) of the micro-clusters.
- fidelity: at n = 20,000 (census bootstrap and blobs), the summarised form (default m) against the
  exact form: ward WSS at k = 4, 10, 50; average and complete silhouette (sklearn, Euclidean) and
  ARI against the exact partition.

Run from the repository root after `swift build -c release --product fairhac` and
`swift build -c release --product FairHACC` (the Python package loads .build/release/libFairHACC.so):
    python3 scripts/bench_summarised.py [--only scale,summariser,fidelity] [--big]
Markdown goes to stdout, progress to stderr.
"""
import argparse, json, os, subprocess, sys, tempfile, time

import numpy as np

BIN = ".build/release/fairhac"
os.environ.setdefault("FAIRHAC_LIBRARY", os.path.abspath(".build/release/libFairHACC.so"))
sys.path.insert(0, os.path.abspath("python"))


def blobs(n, d=10, centres=20, seed=0):
    """`centres` Gaussian blobs (unit spread, centres uniform in [-10, 10]^d) and two groups of
    shares 0.7/0.3 (independent of the blobs)."""
    rng = np.random.default_rng(seed)
    c = rng.uniform(-10, 10, size=(centres, d))
    X = c[rng.integers(0, centres, n)] + rng.standard_normal((n, d))
    g = np.where(np.random.default_rng(seed + 5).random(n) < 0.7, "a", "b")
    return X, g


def census(n):
    """n rows of the bundled census features drawn with replacement (seed 0), each feature
    jittered by 1e-3 of its standard deviation (seed 1), z-scored; groups: sex."""
    import csv
    src = os.path.join("Sources", "FairHACIO", "Datasets", "Data", "adult.csv")
    cols = ["age", "fnlwgt", "education-num", "capital-gain", "hours-per-week"]
    with open(src) as f:
        rows = [r for r in csv.DictReader(f, skipinitialspace=True)
                if all(r[c].strip() not in ("", "?") for c in cols) and r["sex"].strip() not in ("", "?")]
    X = np.array([[float(r[c]) for c in cols] for r in rows])
    sex = np.array([r["sex"].strip() for r in rows])
    pick = np.random.default_rng(0).integers(0, len(rows), size=n)
    Y = X[pick] + np.random.default_rng(1).standard_normal((n, len(cols))) * X.std(axis=0) * 1e-3
    return (Y - Y.mean(axis=0)) / Y.std(axis=0), sex[pick]


def write_csv(path, X, g):
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(X.shape[1])) + ",grp\n")
        for row, grp in zip(X, g):
            f.write(",".join(repr(float(v)) for v in row) + "," + grp + "\n")
    return path


def cli(args, out):
    cmd = ["/usr/bin/time", "-f", "%e %M", BIN, "cluster"] + args + ["--out", out, "--quiet"]
    print("  " + " ".join(cmd[3:]), file=sys.stderr, flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-2:] if p.stderr else ["failed"]
    wall, peak = p.stderr.strip().splitlines()[-1].split()
    timings = json.load(open(os.path.join(out, "timings.json")))
    summary = json.load(open(os.path.join(out, "summary.json")))
    notes = [l for l in p.stderr.splitlines() if l.startswith("note:")]
    return dict(wall=float(wall), peak=int(peak) / 1024, timings=timings, summary=summary, notes=notes), None


def scale(tmp, big):
    lines = ["### Scale: `fairhac cluster` with no special flags (default `--form auto`)", "",
             "| data | n | linkage | k | form, m | wall s | summary / top / below s | peak MiB | MFC | balance | sampled silhouette |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    cases = [("census bootstrap", census(100_000), 4), ("10-d blobs", blobs(100_000), 4)]
    if big:
        cases.append(("10-d blobs", blobs(1_000_000), 10))
    for label, (X, g), k in cases:
        path = write_csv(os.path.join(tmp, f"{label[:6]}-{len(X)}.csv"), X, g)
        for linkage in ["average", "ward"]:
            r, err = cli([path, "--group", "grp", "--scale", "none", "--linkage", linkage, "-k", str(k), "--fair", "--rule", "gain",
                          "-d", "1"], os.path.join(tmp, f"o-{label[:6]}-{len(X)}-{linkage}"))
            if r is None:
                lines.append(f"| {label} | {len(X):,} | {linkage} | {k} | failed: {' '.join(err)} | | | | | | |")
                continue
            s, t = r["summary"], r["timings"]
            form = s.get("form", {})
            levels = "/".join(f"{t.get(key, 0):.1f}" for key in ("summary_seconds", "top_seconds", "below_seconds"))
            sil = (s.get("quality_sample") or {}).get("silhouette")
            lines.append(f"| {label} | {len(X):,} | {linkage} | {k} | {form.get('kind')}, {form.get('micro_clusters', '')} | "
                         f"{r['wall']:.1f} | {levels} | {r['peak']:.0f} | {s['mfc']:.3f} | {s['balance']:.3f} | "
                         f"{'' if sil is None else f'{sil:.3f}'} |")
            print("\n".join(lines[-1:]), file=sys.stderr, flush=True)
    return lines


def wss(X, labels):
    total = 0.0
    order = np.argsort(labels, kind="stable")
    Xs, ls = X[order], labels[order]
    cuts = np.flatnonzero(np.diff(ls)) + 1
    for part in np.split(np.arange(len(ls)), cuts):
        P = Xs[part]
        total += float(((P - P.mean(axis=0)) ** 2).sum())
    return total


def summariser(sizes):
    import fairhac
    from sklearn.cluster import Birch, MiniBatchKMeans
    lines = ["### The summariser against scikit-learn (10-d blobs, one run each)", "",
             "| n | method | micro-clusters | seconds | WSS of the micro-clusters |", "|---|---|---|---|---|"]
    for n in sizes:
        X, _ = blobs(n)
        m = 20_000
        for target in (20_000, 2_000):
            est = fairhac.FairAgglomerativeClustering(2, method="hac", linkage="ward", form="summarised", micro_clusters=target,
                                                      compute_quality=False)
            est.fit(X)
            labels = est.micro_cluster_labels_
            lines.append(f"| {n:,} | FairHAC two-level k-means | {labels.max() + 1} | {est.summary_['seconds']['summary']:.2f} | "
                         f"{wss(X, labels):.4g} |")
            print(lines[-1], file=sys.stderr, flush=True)
        if n <= 100_000:
            t = time.perf_counter()
            mb = MiniBatchKMeans(n_clusters=m, random_state=0, n_init=1, batch_size=4096).fit(X)
            lines.append(f"| {n:,} | MiniBatchKMeans (k-means++, batch 4096) | {m} | {time.perf_counter() - t:.2f} | "
                         f"{wss(X, mb.labels_):.4g} |")
            print(lines[-1], file=sys.stderr, flush=True)
        for threshold in (4.0, 8.0):
            t = time.perf_counter()
            b = Birch(threshold=threshold, n_clusters=None).fit(X)
            lines.append(f"| {n:,} | Birch (threshold {threshold}) | {len(b.subcluster_centers_)} | {time.perf_counter() - t:.2f} | "
                         f"{wss(X, b.labels_):.4g} |")
            print(lines[-1], file=sys.stderr, flush=True)
    return lines


def fidelity():
    import fairhac
    from sklearn.metrics import adjusted_rand_score, silhouette_score
    lines = ["### Fidelity at n = 20,000: summarised (m = 2,000, seed 0) against exact", "",
             "| data | linkage | k | exact | summarised | relative / difference | ARI vs exact |",
             "|---|---|---|---|---|---|---|"]
    data = [("blobs", blobs(20_000)), ("census bootstrap", census(20_000))]
    for label, (X, _) in data:
        for linkage in ["ward", "average", "complete"]:
            exact = fairhac.linkage(X, linkage)
            t = time.perf_counter()
            summ = fairhac.linkage(X, linkage, form="summarised", micro_clusters=2000)
            seconds = time.perf_counter() - t
            for k in (4, 10, 50):
                le = fairhac.FairAgglomerativeClustering  # labels through the core's cut (first n - k merges)
                from fairhac import _core
                a = _core.labels(exact, len(X), k)
                b = _core.labels(summ, len(X), k)
                ari = adjusted_rand_score(a, b)
                if linkage == "ward":
                    we, ws = wss(X, a), wss(X, b)
                    lines.append(f"| {label} | ward | {k} | WSS {we:.5g} | {ws:.5g} | {100 * (ws / we - 1):+.2f} % | {ari:.3f} |")
                else:
                    rows = np.random.default_rng(0).choice(len(X), 10_000, replace=False)
                    se = silhouette_score(X[rows], a[rows]) if len(set(a[rows])) > 1 else float("nan")
                    ss = silhouette_score(X[rows], b[rows]) if len(set(b[rows])) > 1 else float("nan")
                    lines.append(f"| {label} | {linkage} | {k} | silhouette {se:.4f} | {ss:.4f} | {ss - se:+.4f} | {ari:.3f} |")
                print(lines[-1], file=sys.stderr, flush=True)
            print(f"  ({label} {linkage}: summarised in {seconds:.1f} s)", file=sys.stderr, flush=True)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="scale,summariser,fidelity")
    ap.add_argument("--big", action="store_true", help="include n = 1,000,000 in scale and summariser")
    args = ap.parse_args()
    only = set(args.only.split(","))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        if "scale" in only:
            out += scale(tmp, args.big) + [""]
        if "summariser" in only:
            out += summariser([100_000] + ([1_000_000] if args.big else [])) + [""]
        if "fidelity" in only:
            out += fidelity() + [""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
