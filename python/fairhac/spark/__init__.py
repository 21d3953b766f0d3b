"""Fair HAC where the data lives: the summarised form (spec section 10) on Apache Spark.

``fairhac.spark.fit(df, features=[...], groups=[...], id_col="id", n_clusters=k, ...)`` runs the
three levels of the summarised form on a Spark DataFrame. Spark does what is Spark's; the core
(the same code as ``fairhac cluster`` and the estimator) decides and computes everything else:

1. Summary (Spark): every row gets a micro-cluster, by a seeded two-level k-means, by Spark ML
   ``KMeans`` with k = m (``summariser="kmeans"``), or from a given column (``micro_cluster_col``).
   Labels are renumbered densely in increasing label order, as the in-process form does.
2. Each micro-cluster (one ``applyInPandas`` task each, where its rows are): the core builds its
   tree (exact HAC, or summarised again above the below level's limit) with global ids, and its
   summary for the top: size, centroid (summed in row order), rows per label combination, the
   documented member sample (docs/algorithm.md), and its part of fairness at every level.
3. Top (driver): the core runs vanilla HAC or FHAC over the m summaries and computes the
   k-partition, its fairness, fairness at every level, vanilla HAC's top for reference, the
   silhouette on the seeded quality sample, the notes and summary.json.

The core plans the run first (the checks, m, the groups named and combined from their label
combinations, the ideal shares, the member sample, the quality sample's rows). Rows are the leaves
0..n-1 of Z in ascending ``id_col`` order (ids 0..n-1 are used as they are), so given the same
micro-clusters, Z, the labels and summary.json equal the in-process
``FairAgglomerativeClustering(form="summarised").fit(X, groups=g, micro_cluster_labels=...)`` on
the rows in id order (summary.json's input block and group column name the table). No raw rows are
collected: the driver sees the label combinations, the m summaries with their member samples, and
the quality sample of at most ``quality_sample`` rows.

Command line: ``python -m fairhac.spark --input data.parquet --features x1 x2 --group sex --fair
--out results/`` writes linkage.parquet, labels.parquet, micro_clusters.parquet, summary.json and
timings.json into a results folder that never loses a file (the CLI's rules), and prints what
``fairhac cluster`` prints about the result.
"""

try:
    import pyspark  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError('fairhac.spark needs pyspark and pyarrow: pip install "fairhac[spark]" '
                      '(or pip install pyspark pyarrow)') from error

from .cli import main
from .fit import QUALITY_SAMPLE, fit
from .result import SparkResult

__all__ = ["QUALITY_SAMPLE", "SparkResult", "fit", "main"]
