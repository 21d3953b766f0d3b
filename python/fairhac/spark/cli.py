"""``python -m fairhac.spark``: the summarised fair HAC of a Parquet or CSV table on Spark, written
into a results folder by the CLI's rules, with the CLI's report of the result on the console.

Exit codes: 0 done, 1 an error (the message names the option or column), 2 a usage error,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM); an interrupted or failed run leaves the
earlier results as they were and removes its staging folder."""

import argparse
import os
import signal
import sys
import warnings

from .._results_folder import ResultsFolderError, discard_pending
from . import output
import inspect

from .fit import QUALITY_SAMPLE, check_parameters, fit

#: fit's defaults, for the parameters the command line has no option for.
_DEFAULTS = {name: p.default for name, p in inspect.signature(fit).parameters.items() if p.default is not inspect.Parameter.empty}


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the staging folder is removed on the way out."""


def _parser():
    parser = argparse.ArgumentParser(prog="python -m fairhac.spark", description=(
        "Fair hierarchical clustering of a Parquet/CSV table on Spark (the summarised form): writes linkage.parquet "
        "(a, b, height, size), labels.parquet (id, cluster), micro_clusters.parquet, summary.json and timings.json "
        "into --out, and prints the fairness figures and the comparison with vanilla HAC."))
    parser.add_argument("--input", required=True, help="Parquet file or folder (or .csv with a header)")
    parser.add_argument("--features", nargs="+", required=True, help="feature columns (space or comma separated)")
    parser.add_argument("--group", nargs="+", default=[], help="protected attribute column(s)")
    parser.add_argument("--group-mode", default="separate", help="several attributes: separate or intersectional")
    parser.add_argument("--merge-rare", action="store_true", help="intersectional: pool rare combinations into 'other'")
    parser.add_argument("--rare-floor", type=float, default=0.01)
    parser.add_argument("--id", dest="id_col", default="id", help="unique id column (default id)")
    parser.add_argument("-k", "--clusters", type=int, default=4)
    parser.add_argument("--linkage", default="ward")
    parser.add_argument("--metric", default="euclidean")
    parser.add_argument("--fair", action="store_true", help="FHAC at the top (else vanilla HAC)")
    parser.add_argument("--rule", default=None, help="the fair rule (gain for a fixed setting); --fair needs --rule, -b or -d")
    parser.add_argument("-b", type=float, default=None)
    parser.add_argument("-d", type=float, default=None)
    parser.add_argument("--ideal", default="data")
    parser.add_argument("--micro-clusters", type=int, default=None)
    parser.add_argument("--micro-cluster-column", default=None)
    parser.add_argument("--summariser", default="two-level", choices=["two-level", "kmeans"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drop-missing", action="store_true")
    parser.add_argument("--quality-sample", type=int, default=QUALITY_SAMPLE,
                        help=f"rows of the silhouette's seeded sample (0: none; default {QUALITY_SAMPLE})")
    parser.add_argument("--memory-limit", default=None, help="the driver's budget for the top, e.g. 8G")
    parser.add_argument("--master", default=None, help="Spark master (default: the session's, or local[*])")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    parser.add_argument("--out", required=True, help="results folder (a new one, an empty one, or earlier results)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return parser


def _split(values):
    return [v for part in values for v in part.split(",") if v]


def main(argv=None):
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _guarded(args)
    except KeyboardInterrupt:
        print("fairhac.spark: interrupted; the results folder is as it was", file=sys.stderr)
        return 130
    except _Terminated:
        print("fairhac.spark: terminated; the results folder is as it was", file=sys.stderr)
        return 143
    except (ValueError, MemoryError, ResultsFolderError) as error:
        print(f"fairhac.spark: error: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def _guarded(args):
    try:
        return _run(args)
    finally:
        # Whatever stopped the run, at whatever moment: no staging folder is left behind.
        discard_pending()


def _terminate(signum, frame):
    raise _Terminated()


def _run(args):
    for setting in args.conf:
        if "=" not in setting:
            raise ValueError(f"--conf {setting!r}: expected KEY=VALUE")
    if "://" not in args.input and not os.path.exists(args.input):
        raise ValueError(f"--input {args.input}: no such file or folder")
    parameters = dict(
        features=_split(args.features), groups=_split(args.group) or None, id_col=args.id_col, n_clusters=args.clusters,
        linkage=args.linkage, metric=args.metric, method="fhac" if args.fair else "hac", rule=args.rule, b=args.b, d=args.d,
        ideal=args.ideal, micro_clusters=args.micro_clusters, micro_cluster_col=args.micro_cluster_column,
        summariser=args.summariser, seed=args.seed, drop_missing=args.drop_missing, quality_sample=args.quality_sample,
        memory_limit=args.memory_limit, group_mode=args.group_mode, merge_rare=args.merge_rare, rare_floor=args.rare_floor)
    # Everything that can be checked before Spark starts: the parameters, then the results folder.
    check_parameters(**parameters, **{k: v for k, v in _DEFAULTS.items() if k not in parameters})
    with output.open_folder(args.out, [args.input]) as folder:
        spark, deferred = _session(args)
        try:
            if deferred:  # a signal while Spark started: now that it can be stopped
                raise KeyboardInterrupt if signal.SIGINT in deferred else _Terminated()
            from .reading import read_table

            result = fit(read_table(spark, args.input), **parameters, source=args.input, results_place=args.out)
            output.write(result, folder)
        finally:
            try:
                spark.stop()
            except Exception:  # an interrupted session may not stop cleanly; the process ends anyway
                pass
    if not args.quiet:
        print(result.console)
    return 0


def _session(args):
    """The Spark session, and the signals that arrived while it started: they are held until it
    exists (a Ctrl-C or SIGTERM in the middle of the JVM's start would leave it running, orphaned)."""
    from pyspark.sql import SparkSession

    deferred = []

    def hold(signum, frame):
        deferred.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # The command line's output is its report; Spark's progress bars and pandas' version warnings are not.
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        builder = SparkSession.builder.appName("fairhac").config("spark.ui.showConsoleProgress", "false")
        if args.master:
            builder = builder.master(args.master)
        for setting in args.conf:
            key, _, value = setting.partition("=")
            builder = builder.config(key, value)
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
    finally:
        for sig, handler in previous.items():
            # Spark installs its own SIGINT handler (it cancels the running jobs, then raises
            # KeyboardInterrupt): keep it; otherwise put back what was there.
            if signal.getsignal(sig) is hold:
                signal.signal(sig, handler)
    return spark, deferred
