"""Python warns where the CLI warns (issue 22): degenerate partitions and auto=True keeping vanilla
HAC, with dedicated warning classes (test_cli.py compares the wording with the CLI's)."""

import warnings

import numpy as np
import pytest

import fairhac
from fairhac import AutoFallbackWarning, DegeneratePartitionWarning, FairAgglomerativeClustering, FairHACWarning


def blobs(n=80, outlier=False):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2))
    X[: n // 2] += 6
    if outlier:
        X[0] += 60
    return X, np.array(list("ab") * (n // 2))


def test_the_classes():
    for cls in (DegeneratePartitionWarning, AutoFallbackWarning, fairhac.ThreadsClampedWarning):
        assert issubclass(cls, FairHACWarning) and issubclass(cls, UserWarning)


@pytest.mark.parametrize("method, params, name", [
    ("hac", {}, "vanilla"), ("fhac", {"d": 1.0}, "fhac"),
])
def test_degenerate_partition_warns(method, params, name):
    X, groups = blobs(outlier=True)
    with pytest.warns(DegeneratePartitionWarning) as caught:
        est = FairAgglomerativeClustering(3, method=method, **params).fit(X, groups=groups)
    sizes = np.bincount(est.labels_).tolist()
    assert min(sizes) < 2
    shown = ", ".join(map(str, sizes))
    assert str(caught[0].message) == (
        f"the k = 3 partition ({name}) is degenerate: its smallest cluster has {min(sizes)} point{'s' if min(sizes) != 1 else ''}, "
        f"under 2 (sizes {shown}); set the threshold with min_cluster_size")


def test_min_cluster_size_sets_the_threshold():
    X, groups = blobs()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FairHACWarning)
        FairAgglomerativeClustering(2, method="hac").fit(X, groups=groups)  # 40 + 40: no warning
    with pytest.warns(DegeneratePartitionWarning, match=r"smallest cluster has 40 points, under 41 \(sizes 40, 40\)"):
        FairAgglomerativeClustering(2, method="hac", min_cluster_size=41).fit(X, groups=groups)
    # The default is max(2, ceil(n / 100)): 3 at n = 201.
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(199, 2)), [[80, 80], [81, 81]]])
    with pytest.warns(DegeneratePartitionWarning, match=r"has 2 points, under 3"):
        FairAgglomerativeClustering(2, method="hac").fit(X)


def test_many_clusters_are_shown_as_the_first_eight():
    X, groups = blobs(outlier=True)
    with pytest.warns(DegeneratePartitionWarning, match=r"\(sizes (\d+, ){8}\.\.\.\)"):
        FairAgglomerativeClustering(10, method="hac").fit(X, groups=groups)


def test_auto_fallback_warns_and_keeps_vanilla():
    X, groups = blobs()
    with pytest.warns(AutoFallbackWarning, match=(
            r"auto=True \(mfc\): no improvement on vanilla HAC's MFC 0\.000 within a silhouette loss of 0\.000 and clusters of "
            r"at least 2 points \(\d+ of \d+ grid points qualify(, none fairer than vanilla)?\); the result is vanilla HAC's")):
        est = FairAgglomerativeClustering(2, auto=True, auto_rules="gain", max_quality_loss=0).fit(X, groups=groups)
    assert est.auto_["used"] == "vanilla"
    vanilla = FairAgglomerativeClustering(2, method="hac").fit(X, groups=groups)
    np.testing.assert_array_equal(est.labels_, vanilla.labels_)


def test_warnings_can_be_silenced():
    X, groups = blobs(outlier=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", FairHACWarning)
        FairAgglomerativeClustering(3, method="hac").fit(X, groups=groups)
