"""fairhac.spark: the summarised form on Spark (local[2]) equals the in-process form on the same
micro-cluster assignment, and no raw rows reach the driver.

Skipped when pyspark is not installed (.ci/run installs it and runs these). The session's
spark.driver.maxResultSize (2m) is below the raw data's size (about 3.4 MB), so a collect of the
raw rows fails the test; the 300,000-row run (maxResultSize 16m, raw data 24 MB) is a separate
process and runs with FAIRHAC_SPARK_SLOW=1.
"""

import json
import os
import subprocess
import sys

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


def _in_process(x, sex, race, labels, *, linkage, method, seed):
    groups = pd.DataFrame({"sex": sex, "race": race}) if method == "fhac" else None
    kw = dict(rule="gain", b=0.5, d=1.0) if method == "fhac" else {}
    return fairhac.FairAgglomerativeClustering(n_clusters=K, linkage=linkage, method=method, form="summarised",
                                               micro_clusters=M, summary_seed=seed, compute_quality=False, **kw
                                               ).fit(x, groups=groups, micro_cluster_labels=labels)


def _labels(result):
    pdf = result.labels.toPandas().sort_values("id")
    return pdf["cluster"].to_numpy()


@pytest.mark.parametrize("linkage", ["ward", "average"])
@pytest.mark.parametrize("method", ["hac", "fhac"])
def test_equals_in_process_on_the_same_micro_clusters(data, linkage, method):
    x, sex, race, labels, df = data
    seed = 5
    kw = dict(rule="gain", b=0.5, d=1.0) if method == "fhac" else {}
    result = fspark.fit(df, FEATURES, ["sex", "race"], id_col="id", n_clusters=K, linkage=linkage, method=method,
                        micro_cluster_col="mc", seed=seed, quality_sample=2000, **kw)
    expected = _in_process(x, sex, race, labels, linkage=linkage, method=method, seed=seed)
    z = result.linkage_matrix()
    assert z.shape == (N - 1, 4)
    assert np.array_equal(z, expected.linkage_matrix_)
    assert np.array_equal(_labels(result), expected.labels_)
    assert result.m == M
    mc = result.micro_clusters.toPandas().sort_values("id")["micro_cluster"].to_numpy()
    assert np.array_equal(mc, expected.micro_cluster_labels_)
    s = result.summary
    assert s["form"]["kind"] == "summarised" and s["form"]["micro_clusters"] == M
    assert s["cluster_sizes"] == np.bincount(expected.labels_).tolist()
    if linkage == "average":
        assert "member samples" in s["form"]["top_dissimilarities"]
        assert expected.summary_["member_sample_size"] == 32
    if method == "fhac":
        assert s["mfc"] == pytest.approx(expected.fairness_["mfc"], abs=1e-12)
        assert s["balance"] == pytest.approx(expected.fairness_["balance"], abs=1e-12)
        for name in ("sex", "race"):
            each = {a["name"]: a for a in s["attributes"]["each"]}[name]
            assert each["mfc"] == pytest.approx(expected.fairness_["attributes"][name]["mfc"], abs=1e-12)
            assert each["balance"] == pytest.approx(expected.fairness_["attributes"][name]["balance"], abs=1e-12)
    assert s["quality_sample"]["sample_size"] == 2000
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
    assert result.summary["form"]["largest_micro_cluster"] == 10_500 and "below" in result.summary["form"]
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
        fspark.fit(df, ["u", "v"], ["g"], n_clusters=2, micro_clusters=10, quality_sample=0)
    result = fspark.fit(df, ["u", "v"], ["g"], n_clusters=2, micro_clusters=10, quality_sample=0, drop_missing=True)
    assert result.n == 37 and result.summary["input"]["rows_dropped"] == 3
    assert result.linkage_matrix().shape == (36, 4)
    twice = spark.createDataFrame(pd.DataFrame({"id": [1, 1, 2], "u": [0.0, 1.0, 2.0], "g": ["a", "b", "a"]}))
    with pytest.raises(ValueError, match="1 repeated values"):
        fspark.fit(twice, ["u"], ["g"], n_clusters=2, quality_sample=0)
    with pytest.raises(ValueError, match="not in the DataFrame"):
        fspark.fit(df, ["nope"], ["g"], quality_sample=0)
    with pytest.raises(ValueError, match="number of micro-clusters"):
        fspark.fit(df.dropna(), ["u", "v"], ["g"], n_clusters=12, micro_clusters=10, quality_sample=0)


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


def test_command_line(tmp_path):
    data = str(tmp_path / "small.parquet")
    _write_parquet(data, 3000, 4, seed=1)
    out = tmp_path / "out"
    run = _run_cli(["--input", data, "--features", "x0,x1,x2,x3", "--group", "sex", "--fair", "-d", "1", "-k", "4",
                    "--micro-clusters", "60", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.sql.shuffle.partitions=4", "--out", str(out)])
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n"] == 3000 and summary["form"]["kind"] == "summarised" and summary["k"] == 4
    assert sum(summary["cluster_sizes"]) == 3000 and "mfc" in summary
    z = pd.read_parquet(out / "linkage.parquet")
    assert list(z.columns) == ["a", "b", "height", "size"] and len(z) == 2999
    assert z["size"].iloc[-1] == 3000
    labels = pd.read_parquet(out / "labels.parquet")
    assert len(labels) == 3000 and set(labels["cluster"]) == {0, 1, 2, 3}


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
