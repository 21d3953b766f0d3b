"""Errors: ValueError for bad input, MemoryError for a refused estimate, with the CLI's message;
nothing crashes the interpreter; Ctrl-C returns control at once."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import fairhac
from fairhac import FairAgglomerativeClustering


def test_nan_and_inf_are_value_errors():
    X = np.ones((5, 2)) * np.arange(5)[:, None]
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"row 3, feature 1 is nan; values must be finite"):
        fairhac.linkage(X)
    X[3, 1] = np.inf
    with pytest.raises(ValueError, match="is inf"):
        fairhac.linkage(X)
    # The estimator reads X as the CLI reads a file: the column, its count and the cell (issue 31).
    with pytest.raises(ValueError, match=r"\(column 'x1': 1 invalid\); first: row 3, column 'x1': 'inf' is not a finite number"):
        FairAgglomerativeClustering(2, method="hac").fit(X)
    with pytest.raises(ValueError, match="not a finite, non-negative number"):
        fairhac.linkage(np.array([1.0, np.nan, 2.0]))


@pytest.mark.parametrize("bad, message", [
    (lambda: fairhac.linkage(np.ones((2, 2, 2))), "2-D array"),
    (lambda: fairhac.linkage(np.ones(5)), "not a condensed distance vector"),
    (lambda: fairhac.linkage(np.ones((1, 3))), "at least 2 observations"),
    (lambda: fairhac.linkage(np.zeros((4, 0))), "no features"),
    (lambda: fairhac.linkage(np.eye(4), method="nope"), "method must be one of single"),
    (lambda: fairhac.linkage(np.eye(4), metric="hamming"), "metric must be one of euclidean"),
    (lambda: fairhac.linkage(np.eye(4), "ward", "cityblock"), "linkage='ward' requires metric='euclidean'"),
    (lambda: FairAgglomerativeClustering(9).fit(np.eye(4), groups=[0, 1, 0, 1]), "n_clusters 9 is larger than the number of observations"),
    (lambda: FairAgglomerativeClustering(0).fit(np.eye(4), groups=[0, 1, 0, 1]), "n_clusters must be at least 1"),
    (lambda: FairAgglomerativeClustering(2).fit(np.eye(4), groups=[0, 1, 0]), "3 group labels for 4 observations"),
    (lambda: FairAgglomerativeClustering(2).fit(np.eye(4)), "method='fhac' needs the protected groups"),
    (lambda: FairAgglomerativeClustering(2, rule="best").fit(np.eye(4), groups=list("abab")), "rule must be one of gain"),
    (lambda: FairAgglomerativeClustering(2).fit(np.eye(4), groups="abab"), "not a string"),
    (lambda: FairAgglomerativeClustering(2, d=-1).fit(np.eye(4), groups=list("abab")), "d must be a finite number >= 0; got -1"),
    (lambda: FairAgglomerativeClustering(2, ideal=[1.0]).fit(np.eye(4), groups=list("abab")), "ideal must be 2 shares, one per group"),
    (lambda: FairAgglomerativeClustering(2, method="afhac-v", linkage="ward").fit(np.eye(4), groups=list("abab")), "AFHAC is average linkage"),
    (lambda: FairAgglomerativeClustering(2, method="afhac-v", alpha=3).fit(np.eye(4), groups=list("aaab")), "no fairlet decomposition can meet the cap"),
    (lambda: FairAgglomerativeClustering(2, method="magic").fit(np.eye(4)), "method must be one of hac, fhac"),
    (lambda: fairhac.tune(np.eye(4), list("abab"), 9), r"between 2 and the number of observations \(4\)"),
])
def test_bad_input_is_a_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        bad()


def test_memory_estimate_refused_is_a_memory_error():
    X = np.random.default_rng(0).normal(size=(3000, 2))
    with pytest.raises(MemoryError, match=r"this job needs about 3[0-9.]+ MiB but only 1.0 MiB is available; the largest number"):
        fairhac.linkage(X, memory_limit="1M")
    with pytest.raises(MemoryError, match="largest number of observations.*form='auto' or form='summarised'"):
        FairAgglomerativeClustering(4, d=1, form="exact", memory_limit=2**20).fit(X, groups=np.arange(3000) % 2)


def test_bad_calls_never_crash_the_interpreter():
    # In a child interpreter: every call must raise, and the process must reach its end.
    code = textwrap.dedent("""
        import numpy as np, fairhac
        bad = [
            lambda: fairhac.linkage(np.full((3, 2), np.nan)),
            lambda: fairhac.linkage(np.empty((0, 3))),
            lambda: fairhac.linkage(np.empty(0)),
            lambda: fairhac.linkage([[1, 2], [3]]),
            lambda: fairhac.linkage(np.ones((3, 2)), memory_limit="1B"),
            lambda: fairhac.FairAgglomerativeClustering(-3).fit(np.eye(3), groups=[1, 2, 3]),
            lambda: fairhac.FairAgglomerativeClustering(2).fit(np.eye(3), groups=[1, None, 3]),
            lambda: fairhac.FairAgglomerativeClustering(2, metric="precomputed").fit(np.ones((3, 3)), groups=[1, 2, 3]),
        ]
        for f in bad:
            try:
                f()
                print("no error")
            except (ValueError, MemoryError):
                print("raised")
        print("alive")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["raised"] * 8 + ["alive"]


def test_ctrl_c_cancels_the_run():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4000, 4))
    groups = np.arange(4000) % 2
    # A fit that runs for many seconds on any machine: the paper rule at n = 4000 with d = 2 scans
    # most pairs at every merge (about 14 s of CPU measured on 2 cores).
    model = FairAgglomerativeClustering(4, rule="paper", b=4, d=2, force=True, compute_quality=False, n_jobs=1)
    # A shell that starts jobs in the background (CI) makes them ignore SIGINT, and Python then keeps
    # it ignored: install the interpreter's own Ctrl-C handler, as an interactive session has.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            model.fit(X, groups=groups)
        waited = time.monotonic() - start
    finally:
        signal.signal(signal.SIGINT, previous)
    # The interrupt is honoured within moments of the signal (the core stops at its next look at
    # the cancel flag), not when the fit would end (many seconds).
    assert waited < 1.5
    # The core run stopped: no worker is left running in the background.
    assert not [t for t in threading.enumerate() if t.name.startswith("fairhac:") and t.is_alive()]
    # The interpreter is usable afterwards.
    assert fairhac.linkage(X[:10]).shape == (9, 4)
