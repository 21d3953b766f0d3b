"""The summarised form from Python (spec section 10)."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import is_valid_linkage

import fairhac


def blobs(rng, n, d=3, centres=5):
    c = rng.normal(size=(centres, d)) * 6
    return c[rng.integers(0, centres, n)] + rng.normal(size=(n, d))


@pytest.mark.parametrize("method", ["single", "complete", "average", "weighted", "ward", "centroid", "median"])
def test_micro_clusters_n_equals_exact(rng, method):
    x = rng.normal(size=(120, 3))
    exact = fairhac.linkage(x, method)
    same = fairhac.linkage(x, method, form="summarised", micro_clusters=120)
    assert np.array_equal(exact, same)


@pytest.mark.parametrize("method", ["average", "ward", "complete", "single"])
def test_summarised_is_valid(rng, method):
    x = blobs(rng, 3000)
    z = fairhac.linkage(x, method, form="summarised", micro_clusters=150, summary_seed=3)
    assert z.shape == (2999, 4)
    assert is_valid_linkage(z)
    assert z[-1, 3] == 3000
    assert np.array_equal(z, fairhac.linkage(x, method, form="summarised", micro_clusters=150, summary_seed=3, n_jobs=1))


@pytest.mark.parametrize("rule", ["gain", "window", "paper"])
def test_fair_micro_clusters_n_equals_exact(rng, rule):
    x = rng.normal(size=(80, 2))
    groups = rng.choice(["a", "b"], size=80)
    kw = dict(n_clusters=4, linkage="ward", rule=rule, b=1.0, d=1.0, compute_quality=False)
    exact = fairhac.FairAgglomerativeClustering(form="exact", **kw).fit(x, groups=groups)
    summarised = fairhac.FairAgglomerativeClustering(form="summarised", micro_clusters=80, **kw).fit(x, groups=groups)
    assert np.array_equal(exact.linkage_matrix_, summarised.linkage_matrix_)
    assert summarised.form_ == "summarised"
    given = fairhac.FairAgglomerativeClustering(**kw).fit(x, groups=groups, micro_cluster_labels=np.arange(80))
    assert np.array_equal(exact.linkage_matrix_, given.linkage_matrix_)


def test_given_labels_reproduce(rng):
    x = blobs(rng, 2000)
    groups = rng.choice(["a", "b", "c"], size=2000)
    kw = dict(n_clusters=4, linkage="average", rule="gain", d=1.0, compute_quality=False)
    first = fairhac.FairAgglomerativeClustering(form="summarised", micro_clusters=100, summary_seed=7, **kw).fit(x, groups=groups)
    labels = first.micro_cluster_labels_
    assert labels.min() == 0 and labels.max() == first.summary_["micro_clusters"] - 1
    again = fairhac.FairAgglomerativeClustering(**kw).fit(x, groups=groups, micro_cluster_labels=labels)
    assert np.array_equal(first.linkage_matrix_, again.linkage_matrix_)
    assert is_valid_linkage(again.linkage_matrix_)
    # Every micro-cluster stays whole in the k-partition.
    for c in range(labels.max() + 1):
        assert len(set(again.labels_[labels == c])) == 1


def test_member_sample_matches_the_documented_function():
    assert fairhac.member_key(0, 0) == 0
    # SplitMix64's first output for state 0 is mix(0x9E3779B97F4A7C15).
    assert fairhac.member_key(1, 1) == fairhac.member_key(0x9E3779B97F4A7C15 + 1, 0)
    s = fairhac.member_sample(range(100, 200), 5, seed=3)
    assert s == sorted(s) and len(s) == 5
    assert fairhac.member_sample([9, 4, 7], 5) == [4, 7, 9]


@pytest.mark.parametrize("method", ["average", "ward"])
def test_top_and_assembly_reproduce_the_pipeline(rng, method):
    """What the Spark port does: micro-cluster labels, summaries with member samples, the top alone,
    local trees per micro-cluster, and the assembly; equal to the in-process run."""
    x = blobs(rng, 1500, d=2)
    groups = rng.choice(["a", "b"], size=1500)
    m = 60
    labels = np.arange(1500) % m
    kw = dict(n_clusters=3, linkage=method, rule="gain", d=1.0, compute_quality=False, summary_seed=5)
    whole = fairhac.FairAgglomerativeClustering(**kw).fit(x, groups=groups, micro_cluster_labels=labels)
    sizes = np.bincount(labels, minlength=m)
    centroids = np.stack([x[labels == c].mean(axis=0) for c in range(m)])
    ids = (groups == "b").astype(int)
    counts = np.stack([np.bincount(ids[labels == c], minlength=2) for c in range(m)])
    q = whole.summary_["member_sample_size"] or None
    samples, offsets = None, None
    if method == "average":
        rows = [fairhac.member_sample(np.flatnonzero(labels == c), q or len(x), seed=5) for c in range(m)]
        samples = x[np.concatenate(rows)]
        offsets = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    top = fairhac.summarised_top(sizes, centroids, method=method, k=3, group_counts=counts, member_samples=samples,
                                 member_offsets=offsets, fair={"rule": "gain", "d": 1.0})
    assert top.shape == (m - 1, 4) and top[-1, 3] == 1500
    local = [fairhac.linkage(x[labels == c], method) for c in range(m)]
    z = fairhac.assemble_linkage(labels, local, top)
    assert is_valid_linkage(z)
    np.testing.assert_allclose(z, whole.linkage_matrix_, rtol=1e-12, atol=0)


def test_bad_input():
    x = np.zeros((10, 2))
    with pytest.raises(ValueError, match="form"):
        fairhac.linkage(x, "average", form="fast")
    with pytest.raises(ValueError):
        fairhac.FairAgglomerativeClustering(n_clusters=2, method="hac").fit(x, micro_cluster_labels=[0, 1])
    with pytest.raises(ValueError, match="summarised form"):
        fairhac.FairAgglomerativeClustering(n_clusters=2, method="afhac-v", form="summarised").fit(x, groups=[0, 1] * 5)
    with pytest.raises(ValueError):
        fairhac.assemble_linkage([0, 0, 2], [np.empty((0, 4))] * 3, np.zeros((2, 4)))
