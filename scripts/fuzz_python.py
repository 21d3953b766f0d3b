#!/usr/bin/env python3
"""Fuzz the Python package: fairhac.FairAgglomerativeClustering, fairhac.linkage, fairhac.tune and
fairhac.summarised_top with mutated parameters, groups, data and micro-cluster summaries, each case
run in a child interpreter, seeded, for a fixed time budget (issue 21: "a Python mode that runs
the estimator with mutated parameters in a child interpreter"); and with --spark-cli, a fixed set
of hostile command lines of `python -m fairhac.spark` (when pyspark is installed), each checked
for its exit code, a message without a traceback, and the files it must not touch.

A case fails when
  - the child interpreter dies (a signal, an abort in the core, a non-zero exit: the case that was
    running is named),
  - it hangs (runs past --timeout seconds),
  - the call raises anything but ValueError, TypeError or MemoryError (and their subclasses, such
    as fairhac.InvalidParameterError): an IndexError, a ctypes ArgumentError, a RuntimeError from
    the core's internal-error status, an OverflowError...,
  - or a ValueError/TypeError carries wording that is not meant for users (numpy's "negative
    dimensions", an unpacking error, the C ABI's attribute spec, ...).
Warnings are never failures. Results that succeed are not checked further here (the tests do).

Run it with the interpreter that has fairhac installed (a child is started with the same one):
CI:           "$venv/bin/python" scripts/fuzz_python.py --seconds 60 --seed 1
Longer:       python scripts/fuzz_python.py --seconds 1800 --seed 7
Replay:       python scripts/fuzz_python.py --seed 1 --case 17     (prints the call and its outcome)
Spark CLI:    python scripts/fuzz_python.py --spark-cli            (about a minute: two runs start Spark)
By default every case gets its own child interpreter (--batch 1); --batch 20 runs 20 cases per
child (about 20 times as many cases in the same time: a child that dies names the case it was
running, and the next child starts at the case after it).
"""

import argparse
import json
import math
import os
import queue
import random
import resource
import signal
import subprocess
import sys
import threading
import time

ALLOWED = (ValueError, TypeError, MemoryError)
# Wording that must not reach a user from a ValueError or TypeError.
LEAKS = ("negative dimensions", "not enough values to unpack", "too many values to unpack", "expected name=groups",
         "attributes: ", "is out of bounds", "single positional indexer", "unhashable type", "idealShares",
         "group names for", "internal", "NoneType", "object is not iterable", "object cannot be interpreted")

NAN, INF = float("nan"), float("inf")
HOSTILE = [NAN, INF, -INF, -1, 0, 1, 2**31, 2**63, 2**64, 2**70, -(2**63), 1e308, -1e-300, 2.5, "4", "", "ward\x00x",
           "gain\x00", None, True, False, [], (1,), (0, 0), {}, b"gain", "a;b=c", "\x1f", "×"]
LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]
METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"]
RULES = ["gain", "window", "paper", "gain-penalised"]

ESTIMATOR = {
    "n_clusters": [2, 2, 3, 4],
    "linkage": LINKAGES,
    "metric": METRICS + ["precomputed"],
    "method": ["fhac", "fhac", "hac", "afhac-v", "afhac-r"],
    "rule": RULES,
    "b": [0, 0.5, 1, 2],
    "d": [0, 0.5, 1, 2],
    "schedule": ["exp", "power", "linear"],
    "schedule_arg": ["progress", "merges"],
    "schedule_a": [1, 0.5, 2],
    "schedule_c": [1, 0.5, 2],
    "ideal": ["data", "uniform", [0.5, 0.5], "0.6,0.4", [0.2, 0.3, 0.5], "sex=uniform", [NAN, 1]],
    "paper_variant": ["literal", "strict", "additive"],
    "auto": [False, True],
    "auto_objective": ["mfc", "balance"],
    "auto_rules": ["gain", ("gain", "window"), ["window"], "gain,window", ("gain", "gain")],
    "max_quality_loss": [0.05, 0, 1],
    "min_cluster_size": [None, 1, 2, 10],
    "alpha": [None, 1, 1.5, 2],
    "ratio": [None, (1, 1), (1, 2), "1:2", "2:x", (1, 2, 3)],
    "eps": [0.1, 0.5],
    "fairlet_seed": [0, 1, 2**64 - 1],
    "scale": [None, "zscore", "none"],
    "compute_quality": [True, False],
    "force": [False, True],
    "memory_limit": [None, "1G", "512M", 2**30, "4E", "5E", "4EiB", "1P", "1e3G", 0, 2**70, "5000000T", "1K", "inf"],
    "n_jobs": [None, 1, 2, -1, -2, 10**9, 0, -(2**70), 2**63, 1.0],
    "group_mode": ["separate", "intersectional"],
    "merge_rare": [False, True],
    "rare_floor": [0.01, 0, 0.5, 0.99, NAN, -1, 2],
}
TUNE = {
    "n_clusters": [2, 3, 4, -1, 1],
    "linkage": LINKAGES,
    "metric": METRICS,
    "rules": ["gain", ("gain", "window"), ["window", "gain-penalised"], "gian", [], ("paper",)],
    "grid_b": [None, [0, 1], "paper", "0,2", [NAN], [-1], [1e308], list(range(40)), []],
    "grid_d": [None, [0, 1], "paper", "0,0.5", [INF], [0, -1], list(range(40)), "x"],
    "schedule": ["exp", "power", "linear"],
    "schedule_arg": ["progress", "merges"],
    "ideal": ["data", "uniform", [0.5, 0.5]],
    "objective": ["mfc", "balance"],
    "max_quality_loss": [0.05, 0, NAN, -1],
    "min_cluster_size": [None, 1, 3, 2**70, -3],
    "paper_variant": ["literal", "strict"],
    "scale": [None, "zscore"],
    "force": [False, True],
    "memory_limit": ESTIMATOR["memory_limit"],
    "n_jobs": ESTIMATOR["n_jobs"],
    "as_frame": [None, False, True],
    "group_mode": ["separate", "intersectional"],
    "merge_rare": [False, True],
    "rare_floor": [0.01, 0.5, NAN],
}
SUMMARISED_TOP = {
    "method": LINKAGES,
    "metric": METRICS,
    "memory_limit": [None, "1G", "1K"],
    "n_jobs": [None, 1, 10**9],
}
LINKAGE = {
    "method": LINKAGES,
    "metric": METRICS,
    "memory_limit": ESTIMATOR["memory_limit"],
    "n_jobs": ESTIMATOR["n_jobs"],
}


# -- the child: builds case N of a seed and runs it ------------------------------------------------


def pick(rng, values, hostile=0.15):
    if rng.random() < hostile:
        return rng.choice(HOSTILE)
    return rng.choice(values)


def features(rng):
    import numpy as np

    n = rng.choice([2, 3, 5, 12, 24, 40, 40])
    d = rng.choice([1, 2, 3])
    X = np.random.default_rng(rng.randrange(2**32)).normal(size=(n, d))
    X[: n // 2] += rng.choice([0, 3, 1e6])
    kind = rng.random()
    if kind < 0.05:
        X[rng.randrange(n), rng.randrange(d)] = rng.choice([NAN, INF, -INF])
    elif kind < 0.08:
        X = X * 1e300
    elif kind < 0.10:
        X = X[:, 0]  # 1-D: a condensed vector for linkage, an error for the estimator
    elif kind < 0.12:
        X = X.reshape(1, n, d)
    elif kind < 0.14:
        X = X.tolist()
    elif kind < 0.15:
        X = np.empty((0, d))
    elif kind < 0.16:
        X = X.astype(object)
        X[0, 0] = "a"
    return X, n


def labels(rng, n):
    import numpy as np

    pool = rng.choice([["a", "b"], ["no", "yes"], [0, 1, 2], ["a×b", "a"], ["x=y", "w"], ["a\x1f", "a\x00", "a "], [1.0, 2.5]])
    values = [pool[i % len(pool)] if rng.random() < 0.7 else rng.choice(pool) for i in range(n)]
    kind = rng.random()
    if kind < 0.04:
        values[rng.randrange(n)] = rng.choice([None, NAN])
    elif kind < 0.07:
        values = values[:-1]
    elif kind < 0.09:
        return "ab" * n
    elif kind < 0.10:
        return {"a": 1}
    elif kind < 0.12:
        return np.array(values, dtype=object).reshape(-1, 1) if n else values
    return values


def groups(rng, n):
    if rng.random() < 0.6:
        return labels(rng, n)
    try:
        import pandas as pd
    except ImportError:
        return labels(rng, n)
    kind = rng.random()
    if kind < 0.05:
        return pd.DataFrame(index=range(n))
    names = rng.sample(["sex", "race", "s", "s=x", "a;b", "", "band", "x×y", "s\x00"], rng.choice([1, 2, 2, 3]))
    if kind < 0.10:
        names = [names[0]] * len(names)  # repeated column names
    columns = {}
    for name in names:
        columns[name] = labels(rng, n)
    try:
        frame = pd.DataFrame({i: v for i, v in enumerate(columns.values())})
        frame.columns = names
        return frame
    except (ValueError, TypeError):
        return labels(rng, n)


def mutated(rng, table, count):
    params = {}
    for name in rng.sample(sorted(table), min(count, len(table))):
        params[name] = pick(rng, table[name])
    return params


def summarised_top_case(rng):
    """fairhac.summarised_top over m summaries, mostly coherent (the documented member sample, counts
    that add up), with one or two of them mutated: sizes, centroids, counts above the sizes or past
    32 bits, member samples of the wrong width or count, a fair top's k and ideal shares."""
    import numpy as np

    import fairhac

    m, d, g = rng.choice([1, 2, 3, 8, 20]), rng.choice([1, 2, 3]), rng.choice([1, 2, 3])
    gen = np.random.default_rng(rng.randrange(2**32))
    sizes = [rng.choice([1, 2, 3, 10, 40]) for _ in range(m)]
    centroids = gen.normal(size=(m, d))
    counts = np.array([np.bincount(gen.integers(0, g, s), minlength=g) for s in sizes]).reshape(m, g)
    params = mutated(rng, SUMMARISED_TOP, rng.choice([0, 1, 2]))
    method = params.get("method", rng.choice(LINKAGES))
    samples = offsets = None
    if method in ("single", "complete", "average", "weighted"):
        parts = [gen.normal(size=(s, d)) for s in sizes]
        samples = np.concatenate(parts)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
    kw = dict(params, group_counts=counts, member_samples=samples, member_offsets=offsets)
    if rng.random() < 0.6:
        kw["fair"] = {"rule": rng.choice(RULES), "d": rng.choice([0, 1]), "ideal": rng.choice(["data", "uniform", [1 / g] * g])}
        kw["k"] = rng.choice([1, 2, m])
    for _ in range(rng.choice([0, 1, 1, 2])):
        what = rng.randrange(9)
        if what == 0:
            sizes[rng.randrange(m)] = rng.choice([0, -1, 2**31, 2**62, 2**63, 2**70, 2.5, NAN])
        elif what == 1:
            kw["group_counts"] = counts.astype(object)
            kw["group_counts"][rng.randrange(m), rng.randrange(g)] = rng.choice([-1, 2**31 - 1, 2**31, 2**63, 2**70, 10**6, 1.5])
        elif what == 2 and samples is not None:
            kw["member_samples"] = gen.normal(size=(samples.shape[0], d + rng.choice([1, -1 if d > 1 else 1])))
        elif what == 3 and samples is not None:
            kw["member_offsets"] = offsets[:-1] if rng.random() < 0.5 else np.concatenate([[0], np.cumsum(sizes)[:-1], [samples.shape[0] - 1]])
        elif what == 4 and centroids.ndim == 2 and len(centroids):
            centroids[rng.randrange(len(centroids)), rng.randrange(d)] = rng.choice([NAN, INF, 1e308])
        elif what == 5:
            kw["attribute_sizes"] = rng.choice([[g], [1, g - 1], [0], [g + 1], [1] * g, [-1, g + 1]])
        elif what == 6:
            kw["k"] = rng.choice(HOSTILE)
            kw.setdefault("fair", {"d": 1})
        elif what == 7:
            kw["fair"] = {"ideal": rng.choice([[0.5, 0.5], [NAN, 1], "0.6,0.4", [0.2, 0.3, 0.5], "x"]), "d": 1}
            kw.setdefault("k", 1)
        else:
            centroids = centroids[: max(0, m - 1)] if rng.random() < 0.5 else centroids.reshape(-1)
    return (f"fairhac.summarised_top(sizes={sizes!r}, centroids {describe(centroids)}, **{ {k: describe(v) for k, v in kw.items()} })",
            lambda: fairhac.summarised_top(sizes, centroids, **kw))


def make_case(seed, case):
    """Case `case` of `seed`: (description, callable)."""
    import numpy as np

    import fairhac

    rng = random.Random(seed * 1_000_003 + case)
    target = rng.choices(["estimator", "linkage", "tune", "summarised_top"], weights=[50, 15, 15, 20])[0]
    if target == "summarised_top":
        return summarised_top_case(rng)
    X, n = features(rng)
    if target == "linkage":
        params = mutated(rng, LINKAGE, rng.choice([0, 1, 2, 3]))
        if rng.random() < 0.2:
            X = np.random.default_rng(case).random(n * (n - 1) // 2 + rng.choice([0, 0, 1]))
        return f"fairhac.linkage(X {describe(X)}, **{params!r})", lambda: fairhac.linkage(X, **params)
    g = groups(rng, n)
    if target == "tune":
        params = mutated(rng, TUNE, rng.choice([1, 2, 3, 4]))
        params.setdefault("rules", rng.choice(["gain", ("gain", "window")]))
        params.setdefault("grid_d", [0, 1])
        params.setdefault("n_clusters", 2)
        return (f"fairhac.tune(X {describe(X)}, groups {describe(g)}, **{params!r})",
                lambda: fairhac.tune(X, g, **params))
    params = mutated(rng, ESTIMATOR, rng.choice([0, 1, 2, 3, 4, 6]))
    # Mostly coherent, so that most cases reach the core.
    if rng.random() < 0.7:
        if params.get("method") in ("hac", "afhac-v", "afhac-r") and any(k in params for k in ("b", "d", "ideal", "auto", "force")):
            params["method"] = "fhac"
        if params.get("auto") is True:
            params.pop("b", None), params.pop("d", None)
            params.setdefault("auto_rules", "gain")
        if any(k in params for k in ("alpha", "ratio", "eps", "fairlet_seed")) and "method" not in params:
            params["method"] = "afhac-v"
    if params.get("metric") == "precomputed" and rng.random() < 0.8 and getattr(X, "ndim", 0) == 2:
        from scipy.spatial.distance import pdist, squareform

        try:
            X = squareform(pdist(X))
        except Exception:
            pass
    est = fairhac.FairAgglomerativeClustering(**params)
    return (f"FairAgglomerativeClustering(**{params!r}).fit(X {describe(X)}, groups={describe(g)})",
            lambda: est.fit(X, groups=g))


def describe(value):
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"{type(value).__name__}{tuple(shape)}"
    text = repr(value)
    return text if len(text) < 120 else text[:117] + "..."


def child(seed, first, count):
    import warnings

    warnings.simplefilter("ignore")
    for case in range(first, first + count):
        try:
            what, call = make_case(seed, case)
        except Exception as error:  # a bug of the harness, not of fairhac
            what, call = f"(case could not be built: {error!r})", None
        print(json.dumps({"start": case, "what": what}), flush=True)
        outcome = {"case": case, "outcome": "ok"}
        if call is not None:
            try:
                call()
            except BaseException as error:  # noqa: B036 — every kind is reported to the parent
                outcome = {"case": case, "outcome": "raised", "type": type(error).__name__,
                           "allowed": isinstance(error, ALLOWED), "message": str(error)[:500]}
        print(json.dumps(outcome), flush=True)


# -- the parent ------------------------------------------------------------------------------------


def verdict(result):
    if result["outcome"] == "ok":
        return None
    if not result["allowed"]:
        return f"raised {result['type']}: {result['message']}"
    leak = next((w for w in LEAKS if w in result["message"]), None)
    if leak:
        return f"{result['type']} with internal wording ({leak!r}): {result['message']}"
    return None


def limit_child(address_space):
    def apply():
        os.setsid()
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    return apply


def run_batch(python, seed, first, count, timeout, deadline, address_space, report):
    """Runs cases first.. in one child; returns the next case to run (or None when time is up)."""
    command = [python, os.path.abspath(__file__), "--child", "--seed", str(seed), "--first", str(first), "--count", str(count)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limit_child(address_space))
    lines = queue.Queue()
    errors = []
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] + [lines.put(None)], daemon=True).start()
    threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True).start()
    current, what, started = None, None, time.monotonic()

    def stop():
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    while True:
        wait = timeout - (time.monotonic() - started) if current is not None else max(timeout, 60)
        try:
            line = lines.get(timeout=max(wait, 0.01))
        except queue.Empty:
            stop()
            if current is None:
                report(first, "(starting the child)", f"the child did not start within {max(timeout, 60):.0f} s")
                return None
            report(current, what, f"hang (over {timeout:.0f} s)")
            return current + 1
        if line is None:  # the child ended
            proc.wait()
            if current is not None:
                tail = "".join(errors)[-600:].strip().replace("\n", " | ")
                code = proc.returncode
                how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
                report(current, what, f"the interpreter died ({how}): {tail}")
                return current + 1
            if proc.returncode != 0:
                report(first, "(starting the child)", "the child failed: " + "".join(errors)[-600:].strip())
                return None
            return first + count
        message = json.loads(line)
        if "start" in message:
            current, what, started = message["start"], message["what"], time.monotonic()
            continue
        report(current, what, verdict(message), message)
        current = None
        if time.monotonic() > deadline:
            stop()
            return None


SPARK_DATA = r"""
import sys
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
rng = np.random.default_rng(3)
n = 600
x = rng.normal(size=(n, 2)) + rng.integers(0, 3, n)[:, None] * 4
pq.write_table(pa.table({"id": np.arange(n), "x0": x[:, 0], "x1": x[:, 1], "sex": rng.choice(["f", "m"], n)}), sys.argv[1])
"""


def spark_cli(python):
    """The fixed scenarios of `python -m fairhac.spark`: each must end with its exit code, print
    a message of a few lines without a traceback when it fails, and leave the files it must not
    touch as they were. Returns the number of failures."""
    import shutil
    import tempfile

    if subprocess.run([python, "-c", "import pyspark, pyarrow, pandas"], capture_output=True).returncode != 0:
        print("fuzz_python --spark-cli: pyspark, pyarrow or pandas is not installed; skipped")
        return 0
    work = tempfile.mkdtemp(prefix="fairhac-spark-cli-")
    data, out, user = (os.path.join(work, name) for name in ("data.parquet", "out", "user"))
    subprocess.run([python, "-c", SPARK_DATA, data], check=True)
    os.makedirs(user)
    with open(os.path.join(user, "summary.json"), "w") as f:
        f.write("mine")
    with open(os.path.join(work, "file"), "w") as f:
        f.write("x")
    base = ["--features", "x0,x1", "--group", "sex", "-k", "3", "--micro-clusters", "20", "--master", "local[2]",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2", "--quiet"]

    def listing(path):
        return sorted((root, tuple(sorted(files))) for root, _, files in os.walk(path))

    scenarios = [
        ("a fair run with given ideal shares", ["--input", data, "--out", out, "--fair", "-d", "1", "--ideal", "0.5,0.5"], {0},
         None, lambda: json.load(open(os.path.join(out, "summary.json")))["groups"]["ideal"] == [0.5, 0.5]),
        ("a missing input", ["--input", os.path.join(work, "nope.parquet"), "--out", os.path.join(work, "new")], {1},
         "no such file or folder", lambda: not os.path.exists(os.path.join(work, "new"))),
        ("k not an integer", ["--input", data, "--out", os.path.join(work, "new"), "-k", "2.7"], {2}, "invalid int", None),
        ("a seed past 64 bits", ["--input", data, "--out", os.path.join(work, "new"), "--seed", str(2**70)], {1}, "seed must be", None),
        ("no micro-clusters", ["--input", data, "--out", os.path.join(work, "new"), "--micro-clusters", "0"], {1}, "micro_clusters must be", None),
        ("a negative quality sample", ["--input", data, "--out", os.path.join(work, "new"), "--quality-sample", "-5"], {1},
         "quality_sample must be", None),
        ("a Spark setting without =", ["--input", data, "--out", os.path.join(work, "new"), "--conf", "spark.x"], {1}, "KEY=VALUE", None),
        ("a user's summary.json in --out", ["--input", data, "--out", user], {1}, "FairHAC did not write",
         lambda: open(os.path.join(user, "summary.json")).read() == "mine"),
        ("--out is a file", ["--input", data, "--out", os.path.join(work, "file")], {1}, "a file is already there", None),
        ("its own input in --out", ["--input", os.path.join(out, "labels.parquet"), "--out", out], {1}, "this run's input", "same"),
        ("a feature that is also a group", ["--input", data, "--out", os.path.join(work, "new"), "--features", "x0,sex"], {1},
         "both a feature and a group column", lambda: not os.path.exists(os.path.join(work, "new"))),
        ("ideal shares of the wrong count", ["--input", data, "--out", os.path.join(work, "new"), "--fair", "-d", "1", "--ideal", "0.2,0.3,0.5"],
         {1}, "ideal must be 2 shares", lambda: not os.path.exists(os.path.join(work, "new"))),
        ("--fair without a setting (the distributed form cannot search)", ["--input", data, "--out", os.path.join(work, "new"), "--fair"],
         {1}, "cannot search for the recommended setting", lambda: not os.path.exists(os.path.join(work, "new"))),
    ]
    failures = 0
    for name, args, codes, words, check in scenarios:
        before = listing(out)
        command = [python, "-m", "fairhac.spark", *base, *args]
        run = subprocess.run(command, capture_output=True, text=True, timeout=900)
        problems = []
        if run.returncode not in codes:
            problems.append(f"exit code {run.returncode}, expected {sorted(codes)}")
        if "Traceback" in run.stderr:
            problems.append("a traceback")
        ours = [line for line in run.stderr.splitlines() if line.startswith(("fairhac.spark:", "usage:", "python -m fairhac.spark:"))]
        if run.returncode == 1 and [line for line in ours if line.startswith("fairhac.spark: error:")] != ours[-1:]:
            problems.append("not one line 'fairhac.spark: error: ...'")
        if run.returncode == 2 and not (ours and ours[-1].startswith("python -m fairhac.spark: error:")):
            problems.append("no usage error line")
        if isinstance(words, str) and words not in run.stderr:
            problems.append(f"no {words!r} in the message")
        if check == "same":
            if listing(out) != before:
                problems.append("the results folder changed")
        elif check is not None and not check():
            problems.append("the files are not as they must be")
        status = "FAIL" if problems else "ok"
        failures += bool(problems)
        print(f"{status}: {name}" + (f": {'; '.join(problems)}\n  {' '.join(command)}\n  {run.stderr.strip()[-800:]}" if problems else ""),
              flush=True)
    shutil.rmtree(work, ignore_errors=True)
    print(f"fuzz_python --spark-cli: {len(scenarios)} scenarios, {failures} failing")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30, help="seconds one case may take (default 30)")
    parser.add_argument("--batch", type=int, default=1, help="cases per child interpreter (default 1: one child per case)")
    parser.add_argument("--case", type=int, help="replay one case of --seed in a child and print its outcome")
    parser.add_argument("--python", default=sys.executable, help="the interpreter with fairhac installed (default: this one)")
    parser.add_argument("--address-space-limit", type=float, default=8, help="GiB of address space per child (0: none)")
    parser.add_argument("--spark-cli", action="store_true", help="run the fixed scenarios of python -m fairhac.spark instead")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.seed, options.first, options.count)
        return 0
    if options.spark_cli:
        return 1 if spark_cli(options.python) else 0
    probe = subprocess.run([options.python, "-c", "import fairhac"], capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"fuzz_python.py: {options.python} cannot import fairhac (pip install ./python): {probe.stderr.strip()[-300:]}")
    address_space = int(options.address_space_limit * 2**30)
    failures, cases, kinds = [], 0, {}

    def report(case, what, problem, message=None):
        nonlocal cases
        cases += 1
        if message is not None:
            key = "ok" if message["outcome"] == "ok" else message["type"]
            kinds[key] = kinds.get(key, 0) + 1
        if options.case is not None:
            print("call:", what)
            print("outcome:", json.dumps(message) if message else "-")
        if problem:
            failures.append(case)
            print(f"FAIL seed {options.seed} case {case}: {problem}", flush=True)
            print(f"  {what}", flush=True)

    if options.case is not None:
        run_batch(options.python, options.seed, options.case, 1, options.timeout, math.inf, address_space, report)
        print("verdict:", "fail" if failures else "pass")
        return 1 if failures else 0
    deadline = time.monotonic() + options.seconds
    case = 0
    while case is not None and time.monotonic() < deadline:
        case = run_batch(options.python, options.seed, case, max(1, options.batch), options.timeout, deadline,
                         address_space, report)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
    print(f"fuzz_python: {cases} cases in {options.seconds:.0f} s (seed {options.seed}), {len(failures)} failing; {summary}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
