"""The same numbers as the CLI: labels, Z, fairness and quality of `fairhac cluster` and `fairhac tune`.

Needs the release CLI: FAIRHAC_CLI (path) or .build/release/fairhac in the repository (.ci/run
builds it). Without it these tests are skipped, unless FAIRHAC_CLI is set (then it must exist).
"""

import csv
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import fairhac
from fairhac import FairAgglomerativeClustering, tune

REPO = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("FAIRHAC_CLI", REPO / ".build" / "release" / "fairhac"))
if "FAIRHAC_CLI" not in os.environ and not CLI.exists():
    pytest.skip(f"no CLI binary at {CLI} (build it with swift build -c release --product fairhac)", allow_module_level=True)


def write_csv(path, X, groups):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{j}" for j in range(X.shape[1])] + ["grp"])
        for row, g in zip(X, groups):
            w.writerow([repr(float(v)) for v in row] + [g])  # repr: exact round trip


def run_cli(tmp_path, X, groups, *args, command="cluster"):
    data = tmp_path / "data.csv"
    write_csv(data, X, groups)
    out = tmp_path / "out"
    subprocess.run([str(CLI), command, str(data), "--group", "grp", "--out", str(out), "--quiet", *args], check=True)
    return out


def cli_labels(out):
    with open(out / "labels.csv") as f:
        return np.array([int(r["cluster"]) for r in csv.DictReader(f)])


def sample(rng, n=160):
    X = rng.normal(size=(n, 3))
    X[: n // 4] += 2.5
    groups = np.where(np.arange(n) < n // 4, "b", rng.choice(["a", "b", "c"], n, p=[0.6, 0.25, 0.15]))
    return X, groups


SETTINGS = [
    dict(linkage="average", rule="gain", d=1.0),
    dict(linkage="ward", rule="window", b=2.0, d=0.5),
    dict(linkage="complete", rule="gain-penalised", b=1.0, d=2.0),
    dict(linkage="single", rule="paper", d=0.3, ideal="uniform"),
    dict(linkage="centroid", rule="gain", d=0.75, schedule="power"),
]


def cli_flags(s):
    flags = ["--linkage", s["linkage"], "--fair", "--rule", s["rule"], "-b", str(s.get("b", 0)), "-d", str(s["d"])]
    if "ideal" in s:
        flags += ["--ideal", s["ideal"]]
    if "schedule" in s:
        flags += ["--schedule", s["schedule"]]
    return flags


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: f"{s['linkage']}-{s['rule']}")
@pytest.mark.parametrize("scale", [None, "zscore"])
def test_fair_labels_equal_the_cli(tmp_path, rng, setting, scale):
    X, groups = sample(rng)
    out = run_cli(tmp_path, X, groups, "-k", "4", "--scale", scale or "none", *cli_flags(setting))
    est = FairAgglomerativeClustering(4, scale=scale, **setting).fit(X, groups=groups)
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    np.testing.assert_array_equal(est.linkage_matrix_, np.load(out / "linkage.npy"))
    summary = json.load(open(out / "summary.json"))
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], rel=1e-12)
    assert est.fairness_["balance"] == pytest.approx(summary["balance"], rel=1e-12)
    assert est.quality_["silhouette"] == pytest.approx(summary["quality"]["silhouette"], rel=1e-12)
    assert est.quality_["dasgupta_cost"] == pytest.approx(summary["quality"]["dasgupta_cost"], rel=1e-12)
    assert [lv["mfc"] for lv in est.fairness_["profile"]] == pytest.approx(
        [lv["mfc"] for lv in summary["fairness_profile"]], rel=1e-12)


def test_afhac_equals_the_cli(tmp_path, rng):
    X, groups = sample(rng, 120)
    out = run_cli(tmp_path, X, groups, "-k", "4", "--scale", "none", "--method", "afhac-v", "--alpha", "1.2")
    est = FairAgglomerativeClustering(4, method="afhac-v", alpha=1.2).fit(X, groups=groups)
    np.testing.assert_array_equal(est.labels_, cli_labels(out))


def test_auto_equals_the_cli(tmp_path, rng):
    X, groups = sample(rng, 100)
    out = run_cli(tmp_path, X, groups, "-k", "3", "--scale", "none", "--linkage", "ward", "--fair", "--auto")
    est = FairAgglomerativeClustering(3, linkage="ward", auto=True).fit(X, groups=groups)
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    summary = json.load(open(out / "summary.json"))
    assert (est.auto_["used"] == "vanilla") == (summary["method"] == "vanilla")


def test_tune_equals_the_cli(tmp_path, rng):
    X, groups = sample(rng, 100)
    out = run_cli(tmp_path, X, groups, "-k", "3", "--scale", "none", "--rule", "gain", "window", command="tune")
    result = tune(X, groups, 3, rules=["gain", "window"], as_frame=False)
    with open(out / "grid.csv") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(result.grid["mfc"])
    np.testing.assert_allclose([float(r["mfc"]) for r in rows], result.grid["mfc"], rtol=1e-9)
    assert [r["rule"] for r in rows] == list(result.grid["rule"])
    with open(out / "pareto.csv") as f:
        front = list(csv.DictReader(f))
    assert len(front) == len(result.pareto_front["mfc"])
    np.testing.assert_allclose([float(r["mfc"]) for r in front], result.pareto_front["mfc"], rtol=1e-9)


@pytest.mark.parametrize("mode", ["separate", "intersectional"])
def test_several_attributes_equal_the_cli(tmp_path, rng, mode):
    pd = pytest.importorskip("pandas")
    X, groups = sample(rng, 150)
    band = np.where(X[:, 1] > 0.3, "hi", "lo")
    data = tmp_path / "data.csv"
    with open(data, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{j}" for j in range(X.shape[1])] + ["grp", "band"])
        for row, g, b in zip(X, groups, band):
            w.writerow([repr(float(v)) for v in row] + [g, b])
    out = tmp_path / "out"
    subprocess.run([str(CLI), "cluster", str(data), "--group", "grp,band", "--group-mode", mode, "--merge-rare",
                    "--features", "x0,x1,x2", "--scale", "none", "-k", "4", "--fair", "--rule", "gain", "-d", "1",
                    "--out", str(out), "--quiet"], check=True)
    frame = pd.DataFrame({"grp": groups, "band": band})
    est = FairAgglomerativeClustering(4, rule="gain", d=1.0, group_mode=mode, merge_rare=True).fit(X, groups=frame)
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    summary = json.loads((out / "summary.json").read_text())
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)
    assert est.fairness_["balance"] == pytest.approx(summary["balance"], abs=1e-12)


def write_table(path, X, columns):
    """X's columns x0.. and the given group columns (name -> labels) as a CSV file."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{j}" for j in range(X.shape[1])] + list(columns))
        for i, row in enumerate(X):
            w.writerow([repr(float(v)) for v in row] + [labels[i] for labels in columns.values()])


def run_table(tmp_path, X, columns, *args):
    data = tmp_path / "data.csv"
    write_table(data, X, columns)
    out = tmp_path / "out"
    done = subprocess.run([str(CLI), "cluster", str(data), "--group", ",".join(columns), "--out", str(out),
                           "--features", ",".join(f"x{j}" for j in range(X.shape[1])), "--scale", "none", *args],
                          capture_output=True, text=True, check=True)
    return out, json.loads((out / "summary.json").read_text()), done


def test_separate_mode_with_shared_value_names_equals_the_cli(tmp_path, rng):
    # Issue 22: two attributes whose groups share names (no/yes) were merged into one no/yes pair,
    # and each cluster's size was counted once per attribute.
    X, _ = sample(rng, 120)
    smoker = np.where(rng.random(120) < 0.4, "yes", "no")
    insured = np.where(X[:, 0] > 1, "yes", "no")
    out, summary, _ = run_table(tmp_path, X, {"smoker": smoker, "insured": insured}, "-k", "4", "--fair", "-d", "1", "--quiet")
    frame = pd_frame({"smoker": smoker, "insured": insured})
    est = FairAgglomerativeClustering(4, d=1.0).fit(X, groups=frame)
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    f = est.fairness_
    assert f["groups"] == summary["groups"]["names"] == ["smoker=no", "smoker=yes", "insured=no", "insured=yes"]
    assert list(f["ideal"].values()) == pytest.approx(summary["groups"]["ideal"], abs=1e-15)
    assert [c["size"] for c in f["clusters"]] == summary["cluster_sizes"] == np.bincount(est.labels_).tolist()
    for mine, theirs in zip(f["clusters"], summary["clusters"]):
        assert mine["size"] == theirs["size"]
        assert mine["counts"] == theirs["group_counts"]
        assert mine["shares"] == pytest.approx(theirs["shares"], abs=1e-15)
        assert mine["balance"] == pytest.approx(theirs["balance"], abs=1e-15)
        # Each attribute's counts cover the cluster once.
        assert sum(v for key, v in mine["counts"].items() if key.startswith("smoker=")) == mine["size"]
        assert sum(v for key, v in mine["counts"].items() if key.startswith("insured=")) == mine["size"]
    for each in summary["attributes"]["each"]:
        mine = f["attributes"][each["name"]]
        assert mine["groups"] == each["names"]
        assert mine["mfc"] == pytest.approx(each["mfc"], abs=1e-12)
        assert mine["balance"] == pytest.approx(each["balance"], abs=1e-12)
    assert f["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)


def test_intersectional_groups_in_the_cli_order(tmp_path, rng):
    # The combinations are ordered by the attributes' groups (as the core), not as text: "a b×x"
    # sorts before "a×x" as text, after it by attribute.
    X, _ = sample(rng, 120)
    p = rng.choice(["a", "a b"], 120)
    q = np.where(X[:, 0] > 1, "x", "y")
    out, summary, _ = run_table(tmp_path, X, {"p": p, "q": q}, "-k", "3", "--fair", "-d", "1", "--group-mode",
                                "intersectional", "--ideal", "0.1,0.2,0.3,0.4", "--quiet")
    est = FairAgglomerativeClustering(3, d=1.0, group_mode="intersectional", ideal=[0.1, 0.2, 0.3, 0.4]).fit(
        X, groups=pd_frame({"p": p, "q": q}))
    assert est.fairness_["groups"] == summary["groups"]["names"] == ["a×x", "a×y", "a b×x", "a b×y"]
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)


def test_degenerate_partition_warns_as_the_cli(tmp_path, rng):
    X, groups = sample(rng, 100)
    X[0] += 50  # an outlier: a cluster of one point
    out, summary, done = run_table(tmp_path, X, {"grp": groups}, "-k", "3", "--min-cluster-size", "3")
    assert summary["degenerate"]
    cli_line = next(line for line in done.stderr.splitlines() if line.startswith("warning:"))
    with pytest.warns(fairhac.DegeneratePartitionWarning) as caught:
        FairAgglomerativeClustering(3, method="hac", min_cluster_size=3).fit(X, groups=groups)
    message = str(caught[0].message)
    # The same sentence, the option named as the parameter.
    assert "warning: " + message == cli_line.replace("--min-cluster-size", "min_cluster_size")
    assert message.startswith("the k = 3 partition (vanilla) is degenerate: its smallest cluster has 1 point, under 3")


def test_auto_fallback_warns_as_the_cli(tmp_path):
    # Two far blobs, each half a, half b: vanilla is already fair, nothing is fairer.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 2))
    X[:40] += 6
    groups = np.array(list("ab") * 40)
    out, summary, done = run_table(tmp_path, X, {"grp": groups}, "-k", "2", "--fair", "--auto", "--rule", "gain",
                                   "--max-quality-loss", "0")
    assert summary["method"] == "vanilla"
    cli_line = next(line for line in done.stdout.splitlines() if "--auto (mfc): " in line)
    with pytest.warns(fairhac.AutoFallbackWarning) as caught:
        est = FairAgglomerativeClustering(2, auto=True, auto_rules="gain", max_quality_loss=0).fit(X, groups=groups)
    assert est.auto_["used"] == "vanilla"
    message = str(caught[0].message)
    said = cli_line.split("--auto (mfc): ", 1)[1].split("; the result is", 1)[0]
    assert message.startswith("auto=True (mfc): " + said + "; the result is vanilla HAC's")
    np.testing.assert_array_equal(est.labels_, cli_labels(out))


def pd_frame(columns):
    pd = pytest.importorskip("pandas")
    return pd.DataFrame(columns)


def test_colliding_intersectional_labels_equal_the_cli(tmp_path, rng):
    # Issue 21: values a×b, c and a, b×c both read a×b×c; the CLI trapped, Python merged them.
    # Both now name them as the core's GroupNaming (a×b\×c, a\×b×c): two groups, the same numbers.
    X, _ = sample(rng, 80)
    p, q = ["a×b", "a"] * 40, ["c", "b×c"] * 40
    out, summary, _ = run_table(tmp_path, X, {"p": p, "q": q}, "-k", "3", "--fair", "-d", "1", "--group-mode",
                                "intersectional", "--quiet")
    est = FairAgglomerativeClustering(3, d=1.0, group_mode="intersectional").fit(X, groups=pd_frame({"p": p, "q": q}))
    assert est.fairness_["groups"] == summary["groups"]["names"] == ["a×b\\×c", "a\\×b×c"]
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)
    for mine, theirs in zip(est.fairness_["clusters"], summary["clusters"]):
        assert mine["counts"] == theirs["group_counts"]


def test_attribute_named_with_an_equals_sign_equals_the_cli(tmp_path, rng):
    # Separate mode: the attribute s=x with the group y and the attribute s with the group x=y
    # both read s=x=y; named s\=x=y and s=x=y, as the CLI.
    X, _ = sample(rng, 80)
    columns = {"s=x": ["y", "z"] * 40, "s": ["x=y", "w", "w", "x=y"] * 20}
    out, summary, _ = run_table(tmp_path, X, columns, "-k", "3", "--fair", "-d", "1", "--quiet")
    est = FairAgglomerativeClustering(3, d=1.0).fit(X, groups=pd_frame(columns))
    assert est.fairness_["groups"] == summary["groups"]["names"] == ["s\\=x=y", "s\\=x=z", "s=w", "s=x=y"]
    np.testing.assert_array_equal(est.labels_, cli_labels(out))
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)
    for mine, theirs in zip(est.fairness_["clusters"], summary["clusters"]):
        assert mine["counts"] == theirs["group_counts"] and mine["size"] == theirs["size"]
