"""Writing a Spark run's results into a results folder that loses nothing (the CLI's rules, see
``fairhac._results_folder``): Parquet folders written by Spark into the staging folder, then
summary.json as the core wrote it and timings.json, then the commit."""

import json
import os
import time

from .._results_folder import ResultsFolder


def open_folder(destination, inputs):
    """The results folder, checked before any work is done (a folder the run may not write is
    refused at once); `inputs` are the run's input paths, never replaced or removed."""
    local = [p[len("file://"):] if p.startswith("file://") else p for p in inputs if "://" not in p or p.startswith("file://")]
    return ResultsFolder(destination, inputs=local)


def write(result, folder):
    """Writes the results into the folder's staging area and commits them."""
    clock = time.perf_counter()
    staging = folder.path
    result.write_linkage(os.path.join(staging, "linkage.parquet"))
    result.labels.write.mode("errorifexists").parquet(os.path.join(staging, "labels.parquet"))
    result.micro_clusters.write.mode("errorifexists").parquet(os.path.join(staging, "micro_clusters.parquet"))
    with open(os.path.join(staging, "summary.json"), "w", encoding="utf-8") as f:
        f.write(result.summary_text)
    timings = {**{f"{key}_seconds": value for key, value in result.timings.items()},
               "write_seconds": time.perf_counter() - clock}
    with open(os.path.join(staging, "timings.json"), "w", encoding="utf-8") as f:
        json.dump(timings, f, indent=2, sort_keys=True)
        f.write("\n")
    folder.commit()
