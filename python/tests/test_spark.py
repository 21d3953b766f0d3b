"""fairhac.spark: the summarised form on Spark (local[2]) equals the in-process form on the same
micro-cluster assignment, and no raw rows reach the driver.

Skipped when pyspark is not installed (.ci/run installs it and runs these). The session's
spark.driver.maxResultSize (2m) is below the raw data's size (about 3.4 MB), so a collect of the
raw rows fails the test; the 300,000-row run (maxResultSize 16m, raw data 24 MB) is a separate
process and runs with FAIRHAC_SPARK_SLOW=1.
"""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

pyspark = pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

import fairhac  # noqa: E402
import fairhac.spark as fspark  # noqa: E402

N, D, M, K = 25_000, 16, 100, 4
MAX_RESULT = "2m"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("fairhac-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.maxResultSize", MAX_RESULT)
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.default.parallelism", "4")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.execution.pythonUDF.arrow.enabled", "true")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _data(seed=11, n=N, d=D):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, d)) * 5
    x = centres[rng.integers(0, 8, n)] + rng.normal(size=(n, d))
    sex = rng.choice(["f", "m"], size=n, p=[0.35, 0.65])
    race = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
    return x, sex, race


@pytest.fixture(scope="module")
def data(spark):
    x, sex, race = _data()
    pdf = pd.DataFrame(x, columns=[f"x{j}" for j in range(D)])
    pdf.insert(0, "id", np.arange(N, dtype=np.int64))
    pdf["sex"] = sex
    pdf["race"] = race
    # Micro-clusters from the in-process summariser, given to both sides.
    labels = fairhac.FairAgglomerativeClustering(n_clusters=K, method="hac", linkage="ward", form="summarised",
                                                 micro_clusters=M, summary_seed=3, compute_quality=False
                                                 ).fit(x).micro_cluster_labels_
    pdf["mc"] = labels.astype(np.int64)
    df = spark.createDataFrame(pdf).repartition(4).persist()
    df.count()
    return x, sex, race, labels, df


FEATURES = [f"x{j}" for j in range(D)]


def test_a_raw_collect_fails(data):
    """The guard: under this session a collect of the raw rows is refused, so the tests below
    prove that fit() collects none."""
    *_, df = data
    with pytest.raises(Exception, match="maxResultSize|bigger than"):
        df.select("id", *FEATURES).collect()


def _in_process(x, sex, race, labels, *, linkage, method, seed, **kw):
    groups = pd.DataFrame({"sex": sex, "race": race})
    return fairhac.FairAgglomerativeClustering(n_clusters=K, linkage=linkage, method=method, form="summarised",
                                               micro_clusters=M, summary_seed=seed, **kw
                                               ).fit(x, groups=groups, micro_cluster_labels=labels)


def _labels(result):
    pdf = result.labels.toPandas().sort_values("id")
    return pdf["cluster"].to_numpy()


def _comparable(summary):
    """summary.json without what names the table (its input block and group columns) and the
    quality sample's note (the in-process one says why it sampled); the clusters' feature means
    (from the micro-clusters' centroids weighted by size on Spark, from the rows in process: equal
    up to rounding) are compared by ``_feature_means``."""
    s = json.loads(json.dumps(summary))
    del s["input"]
    s["groups"]["column"] = ""
    if s.get("quality_sample"):
        del s["quality_sample"]["note"]
    for c in s.get("clusters", []):
        c.pop("feature_means", None)
    return s


def _feature_means(summary):
    return np.array([[c["feature_means"][f] for f in sorted(c["feature_means"])] for c in summary["clusters"]])


@pytest.mark.parametrize("linkage", ["ward", "average"])
@pytest.mark.parametrize("method", ["hac", "fhac"])
def test_equals_in_process_on_the_same_micro_clusters(data, linkage, method):
    """Z, the labels, the micro-clusters and summary.json (every key and figure: fairness, the
    profile, the fair cut, fairness at every level, vanilla's reference, the quality sample) equal
    the in-process estimator's on the same micro-clusters."""
    x, sex, race, labels, df = data
    seed = 5
    kw = dict(rule="gain", b=0.5, d=1.0) if method == "fhac" else {}
    result = fspark.fit(df, FEATURES, ["sex", "race"], id_col="id", n_clusters=K, linkage=linkage, method=method,
                        micro_cluster_col="mc", seed=seed, **kw)
    expected = _in_process(x, sex, race, labels, linkage=linkage, method=method, seed=seed, **kw)
    z = result.linkage_matrix()
    assert z.shape == (N - 1, 4)
    assert np.array_equal(z, expected.linkage_matrix_)
    assert np.array_equal(_labels(result), expected.labels_)
    assert result.m == M
    mc = result.micro_clusters.toPandas().sort_values("id")["micro_cluster"].to_numpy()
    assert np.array_equal(mc, expected.micro_cluster_labels_)
    assert _comparable(result.summary) == _comparable(expected.summary_json_)
    np.testing.assert_allclose(_feature_means(result.summary), _feature_means(expected.summary_json_), rtol=1e-9, atol=1e-9)
    s = result.summary
    assert s["form"]["kind"] == "summarised" and s["form"]["micro_clusters"] == M
    assert s["quality_sample"]["sample_size"] == fspark.QUALITY_SAMPLE
    assert s["input"]["features"] == FEATURES and s["groups"]["column"] == "sex,race"
    if linkage == "average":
        assert "member samples" in s["form"]["top_dissimilarities"]
    if method == "fhac":
        assert s["vanilla"]["mfc"] > 0 and s["fair_at_every_level"]["levels"][0]["clusters"] == N - 1
        assert "against vanilla HAC" in result.console
    assert json.loads(result.summary_text) == s
    result.unpersist()


def test_given_ideal_shares(data):
    """Given ideal shares reach the core on Spark as in process (they raised AttributeError)."""
    x, sex, race, labels, df = data
    result = fspark.fit(df, FEATURES, ["sex"], n_clusters=K, linkage="ward", method="fhac", d=1.0, ideal=[0.5, 0.5],
                        micro_cluster_col="mc", quality_sample=0)
    expected = fairhac.FairAgglomerativeClustering(n_clusters=K, linkage="ward", d=1.0, ideal=[0.5, 0.5], form="summarised",
                                                   compute_quality=False).fit(x, groups=sex, micro_cluster_labels=labels)
    assert result.summary["groups"]["ideal"] == [0.5, 0.5] and result.summary["groups"]["ideal_rule"] == "0.5,0.5"
    assert np.array_equal(result.linkage_matrix(), expected.linkage_matrix_)
    assert result.summary["mfc"] == expected.summary_json_["mfc"]
    with pytest.raises(ValueError, match="ideal must be 2 shares, one per group"):
        fspark.fit(df, FEATURES, ["sex"], n_clusters=K, method="fhac", d=1.0, ideal=[0.2, 0.3, 0.5], micro_cluster_col="mc",
                   quality_sample=0)
    result.unpersist()


def test_a_micro_cluster_above_10000_rows_is_summarised_again(data):
    """As the in-process below level: a micro-cluster of more than 10,000 rows is summarised again
    (vanilla, seed mix(seed ^ (c + 1))) on its executor; Z is still the in-process one (ward)."""
    from pyspark.sql import functions as F

    x, sex, race, _, df = data
    big = df.withColumn("big", F.when(F.col("id") < 10_500, F.lit(0)).otherwise(1 + F.col("id") % 40))
    labels = np.where(np.arange(N) < 10_500, 0, 1 + np.arange(N) % 40)
    result = fspark.fit(big, FEATURES, ["sex"], n_clusters=K, linkage="ward", method="fhac", d=1.0,
                        micro_cluster_col="big", seed=9, quality_sample=0)
    expected = fairhac.FairAgglomerativeClustering(n_clusters=K, linkage="ward", d=1.0, summary_seed=9,
                                                   compute_quality=False).fit(x, groups=sex, micro_cluster_labels=labels)
    assert result.summary["form"]["largest_micro_cluster"] == 10_500
    assert np.array_equal(result.linkage_matrix(), expected.linkage_matrix_)
    result.unpersist()


def test_spark_summariser_then_in_process_on_its_micro_clusters(data, tmp_path):
    """Spark's own two-level summariser; the in-process form on Spark's assignment gives the same
    Z, written as Parquet without collecting it."""
    x, sex, race, _, df = data
    result = fspark.fit(df, FEATURES, ["sex"], n_clusters=K, linkage="ward", method="fhac", rule="gain", d=1.0,
                        micro_clusters=M, seed=2, quality_sample=0)
    mc = result.micro_clusters.toPandas().sort_values("id")["micro_cluster"].to_numpy()
    assert mc.min() == 0 and mc.max() == result.m - 1 and result.m >= M // 2
    expected = fairhac.FairAgglomerativeClustering(n_clusters=K, linkage="ward", rule="gain", d=1.0, form="summarised",
                                                   compute_quality=False).fit(x, groups=sex, micro_cluster_labels=mc)
    path = str(tmp_path / "z.parquet")
    result.write_linkage(path)
    table = pd.read_parquet(path)
    assert list(table.columns) == ["a", "b", "height", "size"]
    assert np.array_equal(table.to_numpy(dtype=np.float64), expected.linkage_matrix_)
    assert np.array_equal(_labels(result), expected.labels_)
    result.unpersist()


def test_ids_not_row_numbers_are_ranked(spark):
    """Ids other than 0..n-1: the leaves are the rows in ascending id order."""
    x, sex, _ = _data(seed=3, n=600, d=3)
    order = np.random.default_rng(0).permutation(600)
    pdf = pd.DataFrame(x[order], columns=["p", "q", "r"])
    pdf["id"] = (order * 7 + 100).astype(np.int64)
    pdf["sex"] = sex[order]
    pdf["mc"] = (order % 30).astype(np.int64)
    df = spark.createDataFrame(pdf).repartition(3)
    result = fspark.fit(df, ["p", "q", "r"], ["sex"], n_clusters=3, linkage="average", method="fhac", d=1.0,
                        micro_cluster_col="mc", quality_sample=0)
    expected = fairhac.FairAgglomerativeClustering(n_clusters=3, linkage="average", d=1.0, compute_quality=False).fit(
        x, groups=sex, micro_cluster_labels=np.arange(600) % 30)
    assert np.array_equal(result.linkage_matrix(), expected.linkage_matrix_)
    got = result.labels.toPandas().sort_values("id")
    assert np.array_equal(got["id"].to_numpy(), np.arange(600) * 7 + 100)
    assert np.array_equal(got["cluster"].to_numpy(), expected.labels_)
    leaves = result.leaves.toPandas().sort_values("leaf")
    assert np.array_equal(leaves["id"].to_numpy(), np.arange(600) * 7 + 100)


def test_missing_values_and_ids(spark):
    pdf = pd.DataFrame({"id": np.arange(40), "u": np.linspace(0, 1, 40), "v": np.cos(np.arange(40.0)),
                        "g": ["a", "b"] * 20})
    pdf.loc[3, "u"] = np.nan
    pdf.loc[[5, 6], "g"] = None
    df = spark.createDataFrame(pdf)
    with pytest.raises(ValueError, match=r"column 'u': 1 rows.*column 'g': 2 rows"):
        fspark.fit(df, ["u", "v"], ["g"], d=1.0, n_clusters=2, micro_clusters=10, quality_sample=0)
    result = fspark.fit(df, ["u", "v"], ["g"], d=1.0, n_clusters=2, micro_clusters=10, quality_sample=0, drop_missing=True)
    assert result.n == 37 and result.summary["input"]["rows_dropped"] == 3
    assert result.linkage_matrix().shape == (36, 4)
    twice = spark.createDataFrame(pd.DataFrame({"id": [1, 1, 2], "u": [0.0, 1.0, 2.0], "g": ["a", "b", "a"]}))
    with pytest.raises(ValueError, match="1 repeated values"):
        fspark.fit(twice, ["u"], ["g"], d=1.0, n_clusters=2, quality_sample=0)
    with pytest.raises(ValueError, match="not in the DataFrame"):
        fspark.fit(df, ["nope"], ["g"], d=1.0, quality_sample=0)
    with pytest.raises(ValueError, match="number of micro-clusters"):
        fspark.fit(df.dropna(), ["u", "v"], ["g"], d=1.0, n_clusters=12, micro_clusters=10, quality_sample=0)


def test_fhac_without_a_setting_is_refused_with_what_to_give(spark):
    """The distributed form cannot search for the recommended setting: fhac with none of rule, b
    and d is refused before Spark reads anything, naming what to give."""
    df = spark.createDataFrame(pd.DataFrame({"id": np.arange(10), "u": np.linspace(0, 1, 10), "g": ["a", "b"] * 5}))
    with pytest.raises(ValueError, match="cannot search for the recommended setting.*choose rule, b and d"):
        fspark.fit(df, ["u"], ["g"], n_clusters=2, micro_clusters=4, quality_sample=0)


def test_parameters_and_columns_are_named(spark):
    pdf = pd.DataFrame({"id": np.arange(40), "u": np.linspace(0, 1, 40), "v": np.cos(np.arange(40.0)),
                        "g": ["a", "b"] * 20})
    df = spark.createDataFrame(pdf)
    cases = [
        (dict(seed=2**70), r"seed must be an integer from 0 to 18446744073709551615; got 1180591620717411303424"),
        (dict(micro_clusters=0), r"micro_clusters must be an integer from 2 to"),
        (dict(n_clusters=2.7), r"n_clusters must be an integer .*got 2.7 \(float\)"),
        (dict(quality_sample=-5), r"quality_sample must be an integer from 0 to"),
        (dict(level_tolerance=float("nan")), r"level_tolerance must be a finite number; got nan"),
        (dict(method="afhac-v"), r"method must be one of hac, fhac"),
    ]
    for kw, message in cases:
        with pytest.raises(ValueError, match=message):
            fspark.fit(df, ["u", "v"], ["g"], **{"d": 1.0, "n_clusters": 2, "micro_clusters": 10, **kw})
    with pytest.raises(ValueError, match="column 'u' is both a feature and a group column"):
        fspark.fit(df, ["u", "v"], ["g", "u"], d=1.0, n_clusters=2, micro_clusters=10)
    with pytest.raises(ValueError, match="column 'id' is the id column"):
        fspark.fit(df, ["id", "u"], ["g"], d=1.0, n_clusters=2, micro_clusters=10)
    with pytest.raises(ValueError, match="features names 'u' more than once"):
        fspark.fit(df, ["u", "u"], ["g"], d=1.0, n_clusters=2, micro_clusters=10)
    # A large seed is a seed (the summariser and Spark ML KMeans take its 64 bits).
    result = fspark.fit(df, ["u", "v"], ["g"], d=1.0, n_clusters=2, micro_clusters=10, seed=2**64 - 1, quality_sample=0)
    assert result.summary["form"]["summariser"]["seed"] == str(2**64 - 1)
    result = fspark.fit(df, ["u", "v"], ["g"], d=1.0, n_clusters=2, micro_clusters=10, seed=2**63 + 5, summariser="kmeans",
                        quality_sample=0)
    assert result.n == 40


def _write_parquet(path, n, d, seed):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, d)) * 4
    x = centres[rng.integers(0, 20, n)] + rng.normal(size=(n, d))
    columns = {"id": np.arange(n, dtype=np.int64)}
    columns.update({f"x{j}": x[:, j] for j in range(d)})
    columns["sex"] = rng.choice(["f", "m"], size=n, p=[0.4, 0.6])
    pq.write_table(pa.table(columns), path, row_group_size=50_000)


def _run_cli(args, env_extra=None):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "fairhac.spark", *args], env=env, capture_output=True, text=True,
                          timeout=1500)


def _manifest(folder):
    lines = (folder / ".fairhac-results").read_text().splitlines()
    assert lines[0] == "fairhac-results 2"
    return {line.split(" ", 2)[2]: line.split(" ", 2)[:2] for line in lines[1:]}


def test_command_line(tmp_path):
    """The command line writes a results folder with the CLI's manifest, prints the CLI's report
    (fairness, the comparison with vanilla HAC), replaces its own results (keeping a file the user
    added), and refuses (exit 1, nothing touched) a user's files, its own input and a missing input."""
    data = str(tmp_path / "small.parquet")
    _write_parquet(data, 3000, 4, seed=1)
    out = tmp_path / "out"
    args = ["--features", "x0,x1,x2,x3", "--group", "sex", "--fair", "-d", "1", "-k", "4", "--micro-clusters", "60",
            "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4"]
    run = _run_cli(["--input", data, *args, "--out", str(out)])
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n"] == 3000 and summary["form"]["kind"] == "summarised" and summary["k"] == 4
    assert sum(summary["cluster_sizes"]) == 3000 and "mfc" in summary and "deviations" in summary["clusters"][0]
    assert "max_deviation" in summary["clusters"][0] and summary["vanilla"]["mfc"] >= 0
    # The CLI's report of the result, from the core.
    assert f"MFC {summary['mfc']:.4f}, balance {summary['balance']:.4f}" in run.stdout
    assert "against vanilla HAC (ward linkage, same k): MFC" in run.stdout and f"results in {out}" in run.stdout
    z = pd.read_parquet(out / "linkage.parquet")
    assert list(z.columns) == ["a", "b", "height", "size"] and len(z) == 2999
    assert z["size"].iloc[-1] == 3000
    labels = pd.read_parquet(out / "labels.parquet")
    assert len(labels) == 3000 and set(labels["cluster"]) == {0, 1, 2, 3}
    listed = _manifest(out)
    assert "summary.json" in listed and "timings.json" in listed
    assert any(name.startswith("labels.parquet/") and name.endswith(".parquet") for name in listed)
    assert not [p for p in os.listdir(tmp_path) if ".partial-" in p] and not [p for p in os.listdir(out) if "staging" in p]

    # Its own input, inside the results folder: refused before any work, nothing touched.
    before = sorted(os.listdir(out / "labels.parquet"))
    run = _run_cli(["--input", str(out / "labels.parquet"), *args, "--out", str(out)])
    assert run.returncode == 1 and "'labels.parquet' there is this run's input" in run.stderr, run.stderr[-2000:]
    assert sorted(os.listdir(out / "labels.parquet")) == before and len(run.stderr.splitlines()) <= 2

    # A second run replaces what the first wrote (a Parquet folder included), keeps a file the user
    # added, and lists only its own files.
    (out / "notes.txt").write_text("my notes")
    first = _manifest(out)
    run = _run_cli(["--input", data, *args, "--out", str(out), "--seed", "3", "--quiet"])
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == "" and (out / "notes.txt").read_text() == "my notes"
    second = _manifest(out)
    assert "notes.txt" not in second and second["summary.json"] != first["summary.json"]
    assert json.loads((out / "summary.json").read_text())["form"]["summariser"]["seed"] == "3"
    assert len(pd.read_parquet(out / "labels.parquet")) == 3000

    # A user's files: a changed summary.json, a folder named as an output, a folder without a manifest.
    (out / "summary.json").write_text("mine\n")
    run = _run_cli(["--input", data, *args, "--out", str(out)])
    assert run.returncode == 1 and "'summary.json' there was not written by FairHAC" in run.stderr
    assert (out / "summary.json").read_text() == "mine\n"
    user = tmp_path / "user"
    (user / "labels.parquet").mkdir(parents=True)
    (user / "labels.parquet" / "part-0.parquet").write_text("keep")
    run = _run_cli(["--input", data, *args, "--out", str(user)])
    assert run.returncode == 1 and "holds files FairHAC did not write" in run.stderr
    assert (user / "labels.parquet" / "part-0.parquet").read_text() == "keep"

    # A missing input: one line, no traceback.
    run = _run_cli(["--input", str(tmp_path / "nope.parquet"), *args, "--out", str(tmp_path / "new")])
    assert run.returncode == 1 and "no such file or folder" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_command_line_interrupted_leaves_nothing(tmp_path, sig, code):
    """SIGTERM or Ctrl-C while the run is under way (its staging folder exists): exit 143 or 130,
    the staging folder removed, no results folder made."""
    data = str(tmp_path / "small.parquet")
    _write_parquet(data, 500, 2, seed=5)
    out = tmp_path / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    child = subprocess.Popen([sys.executable, "-m", "fairhac.spark", "--input", data, "--features", "x0,x1", "--group", "sex",
                              "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--out", str(out)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # not ignored, as in a background job
    try:
        while child.poll() is None and not [p for p in os.listdir(tmp_path) if p.startswith(".out.partial-")]:
            time.sleep(0.05)
        child.send_signal(sig)
        _, stderr = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == code, stderr[-2000:]
    assert "the results folder is as it was" in stderr and "Traceback" not in stderr
    assert not out.exists() and not [p for p in os.listdir(tmp_path) if ".partial-" in p]


@pytest.mark.skipif(os.environ.get("FAIRHAC_SPARK_SLOW") != "1", reason="the 300,000-row run: FAIRHAC_SPARK_SLOW=1")
def test_300k_rows_with_max_result_size_16m(tmp_path):
    """300,000 x 10 rows (24 MB of features) in local[2] with spark.driver.maxResultSize=16m."""
    data = str(tmp_path / "big.parquet")
    _write_parquet(data, 300_000, 10, seed=2)
    out = tmp_path / "out"
    run = _run_cli(["--input", data, "--features", *[f"x{j}" for j in range(10)], "--group", "sex", "--fair",
                    "-d", "1", "-k", "6", "--linkage", "ward", "--micro-clusters", "2000", "--master", "local[2]",
                    "--conf", "spark.driver.maxResultSize=16m", "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.sql.shuffle.partitions=8", "--out", str(out)])
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n"] == 300_000 and sum(summary["cluster_sizes"]) == 300_000
    assert summary["form"]["micro_clusters"] > 1000
    z = pd.read_parquet(out / "linkage.parquet")
    assert len(z) == 299_999 and z["size"].iloc[-1] == 300_000
    from scipy.cluster.hierarchy import is_valid_linkage
    assert is_valid_linkage(z.to_numpy(dtype=np.float64))
