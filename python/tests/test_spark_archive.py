"""The wheel reaches Spark's executors as a packed virtual environment (`spark.archives`, as Spark's
Python packaging guide describes): executors that run `./environment/bin/python` from the archive
import fairhac from it and compute the same tree as the driver's in-process form.

Runs when FAIRHAC_SPARK_ARCHIVE names such an archive (.ci/run packs one from the wheel with
venv-pack, and runs this with the Swift toolchain hidden); skipped otherwise. The session is a
`local-cluster[2,1,1024]` one, in a child process: two executor JVMs with working folders of their
own, where Spark unpacks the archive (in plain local mode the Python workers do not start there).
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

ARCHIVE = os.environ.get("FAIRHAC_SPARK_ARCHIVE")
pytestmark = pytest.mark.skipif(not ARCHIVE, reason="FAIRHAC_SPARK_ARCHIVE (a packed virtual environment) is not set")

JOB = textwrap.dedent("""
    import json, sys
    import numpy as np, pandas as pd
    from pyspark.sql import SparkSession
    import fairhac, fairhac.spark as fspark

    spark = (SparkSession.builder.master("local-cluster[2,1,1024]").appName("fairhac-archive")
             .config("spark.archives", sys.argv[1] + "#environment")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    def where(_):
        import sys, fairhac
        yield sys.prefix, fairhac.__file__, fairhac.__version__

    workers = sorted(set(spark.sparkContext.parallelize(range(4), 4).mapPartitions(where).collect()))
    rng = np.random.default_rng(7)
    n, k, m = 2000, 4, 40
    x = rng.normal(size=(n, 3)) + np.repeat(rng.normal(size=(4, 3)) * 4, n // 4, axis=0)
    sex = rng.choice(["f", "m"], size=n, p=[0.3, 0.7])
    micro = fairhac.FairAgglomerativeClustering(n_clusters=k, method="hac", linkage="ward", form="summarised",
                                                micro_clusters=m, summary_seed=3, compute_quality=False
                                                ).fit(x).micro_cluster_labels_
    pdf = pd.DataFrame({"id": np.arange(n), "x0": x[:, 0], "x1": x[:, 1], "x2": x[:, 2], "sex": sex, "mc": micro})
    result = fspark.fit(spark.createDataFrame(pdf), ["x0", "x1", "x2"], ["sex"], n_clusters=k, linkage="ward",
                        method="fhac", d=1.0, micro_cluster_col="mc", seed=5, quality_sample=0)
    expected = fairhac.FairAgglomerativeClustering(n_clusters=k, linkage="ward", method="fhac", d=1.0,
                                                   form="summarised", micro_clusters=m, summary_seed=5,
                                                   compute_quality=False
                                                   ).fit(x, groups=sex, micro_cluster_labels=micro)
    print(json.dumps({"workers": workers, "driver": [sys.prefix, fairhac.__file__, fairhac.__version__],
                      "same_z": bool(np.array_equal(result.linkage_matrix(), expected.linkage_matrix_)),
                      "sizes": result.summary["cluster_sizes"], "mfc": result.summary["mfc"],
                      "expected_mfc": expected.fairness_["mfc"]}))
    spark.stop()
""")


def test_executors_run_the_packed_environment(tmp_path):
    env = dict(os.environ, PYSPARK_PYTHON="./environment/bin/python", PYSPARK_DRIVER_PYTHON=sys.executable)
    run = subprocess.run([sys.executable, "-c", JOB, ARCHIVE], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    driver_prefix, _, version = out["driver"]
    assert out["workers"], "no executor reported"
    applications = set()
    for prefix, module, worker_version in out["workers"]:
        # Unpacked by Spark into the executor's working folder (<SPARK_HOME>/work/app-.../<executor>/),
        # not the driver's environment.
        prefix, module = Path(prefix).resolve(), Path(module).resolve()
        assert prefix.name == "environment" and prefix.parent.parent.name.startswith("app-"), prefix
        assert prefix != Path(driver_prefix).resolve() and prefix in module.parents, module
        assert worker_version == version
        applications.add(prefix.parent.parent)
    for application in applications:  # the executors' working folders (the unpacked archive: hundreds of MB)
        shutil.rmtree(application, ignore_errors=True)
    assert out["same_z"], "the executors' tree differs from the in-process one"
    assert sum(out["sizes"]) == 2000 and len(out["sizes"]) == 4
    assert out["mfc"] == pytest.approx(out["expected_mfc"], abs=1e-12)
