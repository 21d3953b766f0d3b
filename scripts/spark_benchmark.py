#!/usr/bin/env python3
"""Benchmark of fairhac.spark (the summarised form on Spark) against the in-process summarised form.

    PYSPARK_PYTHON=$VENV/bin/python $VENV/bin/python scripts/spark_benchmark.py --rows 1000000 \
        --micro-clusters 10000 --master 'local[2]' --out bench/1e6

Writes 10-d Gaussian blobs with two protected groups (id 0..n-1) as Parquet (in chunks, so the
generator never holds the data), runs fairhac.spark.fit (FHAC, ward, gain rule, d = 1, k = 4) and
writes Z and the labels as Parquet, then reads Spark's status API for the shuffle read/write of
every stage, by level (the job descriptions fit() sets). With --in-process it also runs
FairAgglomerativeClustering(form="summarised") on the same rows in this process. Prints and writes
a JSON record (results.json in --out).
"""

import argparse
import json
import os
import sys
import time
import urllib.request

import numpy as np


def write_data(path, n, d, seed, chunk=1_000_000):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, d)) * 4
    writer = None
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        which = rng.integers(0, 50, size)
        x = centres[which] + rng.normal(size=(size, d))
        sex = np.where(rng.random(size) < 0.3 + 0.4 * (which % 2), "f", "m")
        columns = {"id": np.arange(start, start + size, dtype=np.int64)}
        columns.update({f"x{j}": x[:, j] for j in range(d)})
        columns["sex"] = sex
        table = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=250_000)
    writer.close()


def stages(spark):
    """Every completed stage's description, name, tasks, run time and shuffle bytes (status API)."""
    url = spark.sparkContext.uiWebUrl
    if not url:
        return []
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages?status=complete") as r:
        data = json.load(r)
    return [{"stage": s["stageId"], "description": s.get("description") or "", "name": s.get("name", ""),
             "tasks": s.get("numTasks"), "executor_run_s": s.get("executorRunTime", 0) / 1000,
             "shuffle_read_bytes": s.get("shuffleReadBytes", 0), "shuffle_write_bytes": s.get("shuffleWriteBytes", 0),
             "input_bytes": s.get("inputBytes", 0)} for s in data]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--dim", type=int, default=10)
    parser.add_argument("--micro-clusters", type=int, default=10_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=0, help="spark.sql.shuffle.partitions (default: n / 250k, >= 4)")
    parser.add_argument("--driver-memory", default="6g")
    parser.add_argument("--linkage", default="ward")
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--data", default=None, help="Parquet path (written when missing)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    data = args.data or os.path.join(args.out, "data.parquet")
    record = {"rows": args.rows, "dim": args.dim, "micro_clusters": args.micro_clusters, "master": args.master,
              "linkage": args.linkage, "method": "fhac", "rule": "gain", "d": 1.0, "k": 4}
    if not os.path.exists(data):
        clock = time.perf_counter()
        write_data(data, args.rows, args.dim, seed=1)
        record["generate_s"] = round(time.perf_counter() - clock, 1)
    features = [f"x{j}" for j in range(args.dim)]

    if not args.skip_spark:
        from pyspark.sql import SparkSession

        import fairhac.spark as fspark

        partitions = args.partitions or max(4, args.rows // 250_000)
        spark = (SparkSession.builder.master(args.master).appName("fairhac-benchmark")
                 .config("spark.ui.enabled", "true").config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", str(partitions))
                 .config("spark.driver.memory", args.driver_memory)
                 .config("spark.driver.maxResultSize", "256m")
                 .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(data)
        clock = time.perf_counter()
        result = fspark.fit(df, features, ["sex"], id_col="id", n_clusters=4, linkage=args.linkage, method="fhac",
                            rule="gain", d=1.0, micro_clusters=args.micro_clusters, seed=0)
        fit_s = time.perf_counter() - clock
        clock = time.perf_counter()
        spark.sparkContext.setJobDescription("write Z and labels")
        result.write_linkage(os.path.join(args.out, "linkage.parquet"))
        result.labels.write.mode("overwrite").parquet(os.path.join(args.out, "labels.parquet"))
        write_s = time.perf_counter() - clock
        total = fit_s + write_s
        st = stages(spark)
        by_level = {}
        for s in st:
            key = s["description"] or "other"
            level = by_level.setdefault(key, {"stages": 0, "executor_run_s": 0.0, "shuffle_read_bytes": 0,
                                              "shuffle_write_bytes": 0, "input_bytes": 0})
            level["stages"] += 1
            for f in ("executor_run_s", "shuffle_read_bytes", "shuffle_write_bytes", "input_bytes"):
                level[f] += s[f]
        record["spark"] = {
            "fit_s": round(fit_s, 1), "write_s": round(write_s, 1), "total_s": round(total, 1),
            "rows_per_s": round(args.rows / total), "timings_s": {key: round(value, 3) for key, value in result.timings.items()},
            "m": result.m, "largest_micro_cluster": result.summary["form"]["largest_micro_cluster"],
            "partitions": partitions, "mfc": result.summary.get("mfc"), "balance": result.summary.get("balance"),
            "silhouette": (result.summary.get("quality_sample") or {}).get("silhouette"),
            "shuffle_by_level": by_level,
            "shuffle_read_total_bytes": sum(s["shuffle_read_bytes"] for s in st),
            "shuffle_write_total_bytes": sum(s["shuffle_write_bytes"] for s in st),
        }
        with open(os.path.join(args.out, "stages.json"), "w") as f:
            json.dump(st, f, indent=1)
        spark.stop()

    if args.in_process:
        import pyarrow.parquet as pq

        import fairhac

        table = pq.read_table(data)
        x = np.ascontiguousarray(np.stack([table[c].to_numpy() for c in features], axis=1))
        sex = table["sex"].to_numpy(zero_copy_only=False)
        del table
        clock = time.perf_counter()
        est = fairhac.FairAgglomerativeClustering(n_clusters=4, linkage=args.linkage, rule="gain", d=1.0,
                                                  form="summarised", micro_clusters=args.micro_clusters,
                                                  compute_quality=False).fit(x, groups=sex)
        seconds = time.perf_counter() - clock
        record["in_process"] = {"fit_s": round(seconds, 1), "rows_per_s": round(args.rows / seconds),
                                "m": est.summary_["micro_clusters"], "mfc": est.fairness_["mfc"],
                                "balance": est.fairness_["balance"], "threads": os.cpu_count()}
    print(json.dumps(record, indent=1))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(record, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
