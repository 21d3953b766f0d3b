"""What ``fairhac.spark.fit`` returns: the results as DataFrames (never collected unless asked) and
the core's summary."""

import numpy as np
from pyspark.sql import functions as F


def _bytes(text):
    """A Spark size setting ("2m", "1g", "512k", "0") in bytes; 0 means unlimited."""
    text = str(text).strip().lower().rstrip("b")
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if text and text[-1] in scale:
        return int(float(text[:-1]) * scale[text[-1]])
    return int(float(text or 0))


class SparkResult:
    """What ``fit`` returns.

    labels : DataFrame (id, cluster) — the k-partition (clusters numbered by first appearance in id order).
    micro_clusters : DataFrame (id, micro_cluster) — 0..m-1.
    linkage : DataFrame (step, a, b, height, size) — Z with global ids, one row per merge (step = row of Z).
    leaves : DataFrame (leaf, id) or None when the ids are 0..n-1 — the leaf of Z of each id.
    top_linkage : ndarray (m - 1, 4) — the top's Z over the micro-clusters (leaf c = micro-cluster c).
    summary : dict — summary.json, computed by the core: the same keys and figures as the
        in-process estimator's ``summary_json_`` on the same micro-clusters.
    summary_text : str — summary.json as the CLI writes it (byte for byte).
    console : str — what ``fairhac cluster`` prints about a result: sizes, groups, MFC and balance,
        the fair cut, and the comparison with vanilla HAC.
    notes : list of str; n, m : ints; timings : dict of seconds per stage.
    """

    def __init__(self, *, labels, micro_clusters, linkage, leaves, top_linkage, result, n, m, timings, persisted):
        self.labels = labels
        self.micro_clusters = micro_clusters
        self.linkage = linkage
        self.leaves = leaves
        self.top_linkage = top_linkage
        self.summary = result["summary"]
        self.summary_text = result["summary_text"]
        self.console = result.get("console") or ""
        self.notes = list(result["notes"])
        self.n = n
        self.m = m
        self.timings = timings
        self._persisted = tuple(persisted)

    def linkage_matrix(self):
        """Z as scipy's (n - 1) x 4 float64 array, collected to the driver (it must fit in the
        driver's memory: 32 bytes a row). Collected in slices of steps, each one job, so that no
        single result exceeds spark.driver.maxResultSize."""
        z = np.empty((self.n - 1, 4))
        spark = self.linkage.sparkSession
        limit = _bytes(spark.conf.get("spark.driver.maxResultSize", "1g"))
        chunk = max(1000, limit // 200) if limit > 0 else self.n
        for lo in range(0, self.n - 1, chunk):
            pdf = self.linkage.filter((F.col("step") >= lo) & (F.col("step") < lo + chunk)).toPandas()
            steps = pdf["step"].to_numpy(dtype=np.int64)
            z[steps, 0] = pdf["a"].to_numpy(dtype=np.float64)
            z[steps, 1] = pdf["b"].to_numpy(dtype=np.float64)
            z[steps, 2] = pdf["height"].to_numpy(dtype=np.float64)
            z[steps, 3] = pdf["size"].to_numpy(dtype=np.float64)
        return z

    def write_linkage(self, path, mode="errorifexists"):
        """Writes Z as Parquet (a, b, height, size), rows in merge order, without collecting it. By
        default a path that exists is refused (Spark's "errorifexists"); the command line writes
        through a results folder that never replaces what it did not write."""
        self.linkage.orderBy("step").select("a", "b", "height", "size").write.mode(mode).parquet(path)

    def unpersist(self):
        """Releases the cached rows and per-micro-cluster results."""
        for df in self._persisted:
            df.unpersist()
