"""The same requests through the CLI and the Python estimator give the same numbers.

Both front ends only adapt the core's one pipeline (ClusteringRequest -> ClusteringPipeline ->
ClusteringOutcome), so summary.json written by `fairhac cluster` and the estimator's
``summary_json_`` (the core's result for the Python request) must agree on every key and every
number, whatever the method, rule, form or group mode. (The Swift API side of the same comparison
is Tests/fairhacCLITests/FrontEndsTests.swift.)
"""

import json
import os
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

from fairhac import FairAgglomerativeClustering

CLI = os.environ.get("FAIRHAC_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="FAIRHAC_CLI (the fairhac binary) is not set")

# (name, CLI arguments, estimator parameters, group columns)
REQUESTS = [
    ("vanilla average", ["--linkage", "average"], dict(method="hac", linkage="average"), ["sex"]),
    ("vanilla ward vectors", ["--linkage", "ward", "--hac-form", "vectors"], dict(method="hac", linkage="ward"), ["sex"]),
    ("fhac gain", ["--fair", "-d", "1"], dict(d=1.0), ["sex"]),
    ("fhac window b d", ["--fair", "--rule", "window", "-b", "2", "-d", "0.5", "--linkage", "complete"],
     dict(rule="window", b=2.0, d=0.5, linkage="complete"), ["sex"]),
    ("fhac paper:strict", ["--fair", "--rule", "paper:strict", "-b", "1", "-d", "1"],
     dict(rule="paper", paper_variant="strict", b=1.0, d=1.0), ["sex"]),
    ("fhac gain-penalised uniform", ["--fair", "--rule", "gain-penalised", "-b", "1", "-d", "1", "--ideal", "uniform"],
     dict(rule="gain-penalised", b=1.0, d=1.0, ideal="uniform"), ["sex"]),
    ("fhac given ideal", ["--fair", "-d", "1", "--ideal", "0.5,0.25,0.25"], dict(d=1.0, ideal=[0.5, 0.25, 0.25]), ["race"]),
    ("auto", ["--fair", "--auto", "--rule", "gain"], dict(auto=True, auto_rules=["gain"]), ["sex"]),
    ("afhac-v", ["--method", "afhac-v", "--alpha", "1.5"], dict(method="afhac-v", alpha=1.5), ["sex"]),
    ("makefair", ["--method", "makefair"], dict(method="makefair"), ["sex"]),
    ("two attributes separate", ["--fair", "-d", "1"], dict(d=1.0), ["sex", "race"]),
    ("two attributes intersectional", ["--fair", "-d", "1", "--group-mode", "intersectional", "--merge-rare"],
     dict(d=1.0, group_mode="intersectional", merge_rare=True), ["sex", "race"]),
    ("summarised fair", ["--fair", "-d", "1", "--form", "summarised", "--micro-clusters", "40"],
     dict(d=1.0, form="summarised", micro_clusters=40), ["sex"]),
    ("summarised vanilla ward", ["--linkage", "ward", "--form", "summarised", "--micro-clusters", "30"],
     dict(method="hac", linkage="ward", form="summarised", micro_clusters=30), ["sex"]),
]


def table(rng, n=160):
    x = np.vstack([rng.normal(0, 1, (n // 2, 3)), rng.normal(3, 1, (n - n // 2, 3))])
    sex = rng.choice(["female", "male"], n, p=[0.35, 0.65])
    race = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
    return pd.DataFrame({"f0": x[:, 0], "f1": x[:, 1], "f2": x[:, 2], "sex": sex, "race": race})


def comparable(summary):
    """summary.json without what names the input (the file, the group column) rather than the result."""
    s = dict(summary)
    s.pop("input", None)
    if s.get("groups"):
        s["groups"] = {k: v for k, v in s["groups"].items() if k != "column"}
    return s


@pytest.mark.parametrize("name, cli_args, params, group_columns", REQUESTS, ids=[r[0] for r in REQUESTS])
def test_cli_and_python_agree_on_every_number(tmp_path, name, cli_args, params, group_columns):
    rng = np.random.default_rng(7)
    df = table(rng)
    path = tmp_path / "data.csv"
    # repr() of every float: the CLI reads back exactly the values Python clusters.
    with open(path, "w") as f:
        f.write("f0,f1,f2,sex,race\n")
        for row in df.itertuples(index=False):
            f.write(f"{row.f0!r},{row.f1!r},{row.f2!r},{row.sex},{row.race}\n")
    out = tmp_path / "out"
    done = subprocess.run(
        [CLI, "cluster", str(path), "--features", "f0,f1,f2", "--group", ",".join(group_columns), "--scale", "none",
         "-k", "3", "--out", str(out), "--quiet"] + cli_args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    cli = json.loads((out / "summary.json").read_text())
    groups = df[group_columns] if len(group_columns) > 1 else df[group_columns[0]].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A DataFrame: its column names are summary.json's feature names (the clusters' feature_means).
        est = FairAgglomerativeClustering(3, **params).fit(df[["f0", "f1", "f2"]], groups=groups)
    python = comparable(est.summary_json_)
    cli = comparable(cli)
    assert python == cli
    labels = np.loadtxt(out / "labels.csv", delimiter=",", skiprows=1, usecols=1, dtype=np.int64)
    assert np.array_equal(est.labels_, labels)
    z = np.load(out / "linkage.npy")
    assert np.array_equal(est.linkage_matrix_, z)
