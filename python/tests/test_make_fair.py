"""fairhac.make_fair and method="makefair": the post-processed tree is a valid scipy Z whose cuts are real nodes."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import is_valid_linkage, linkage as scipy_linkage

import fairhac


def blobs(rng, n=400):
    """Four blobs; the group follows the blob, so the vanilla tree separates the groups."""
    centres = np.array([[0, 0], [6, 0], [0, 6], [6, 6]])
    blob = rng.integers(0, 4, n)
    X = centres[blob] + rng.normal(scale=0.7, size=(n, 2))
    groups = np.where((blob < 2) ^ (rng.random(n) < 0.15), "a", "b")
    return X, groups


@pytest.mark.parametrize("variant", ["makefair", "fairhc"])
def test_make_fair_on_a_scipy_tree(variant, rng):
    X, groups = blobs(rng)
    Z = scipy_linkage(X, method="average")
    result = fairhac.make_fair(Z, groups, variant=variant)
    assert is_valid_linkage(result.Z, throw=True)
    assert result.Z.shape == Z.shape
    assert result.variant == variant and result.nodes == int(result.completes_node.sum())
    # Heights never go down from a node to its parent (the input is monotone).
    assert np.all(np.diff(result.Z[:, 2]) >= 0)
    # Fairer at every level than the input.
    for after, before in zip(result.fair_at_every_level, result.input_fair_at_every_level):
        assert after["share"] > before["share"]
    # The cut into at most k real clusters: every cluster is a node of the tree (a completed row).
    n = len(groups)
    members = {i: {i} for i in range(n)}
    real = set()
    for i, (a, b, _, _) in enumerate(result.Z):
        members[n + i] = members[int(a)] | members[int(b)]
        if result.completes_node[i]:
            real.add(frozenset(members[n + i]))
    for k in range(1, 12):
        labels = result.labels(k)
        count = result.real_cluster_count(k)
        assert 1 <= count <= k and labels.max() + 1 == count
        for c in range(count):
            cluster = frozenset(np.flatnonzero(labels == c).tolist())
            assert len(cluster) == 1 or cluster in real


def test_make_fair_errors(rng):
    X, groups = blobs(rng, 60)
    Z = scipy_linkage(X)
    with pytest.raises(ValueError, match="variant"):
        fairhac.make_fair(Z, groups, variant="nope")
    with pytest.raises(ValueError, match="at most h/2"):
        fairhac.make_fair(Z, groups, h=6, k=4)
    with pytest.raises(ValueError, match="linkage matrix"):
        fairhac.make_fair(Z[:, :3], groups)
    bad = Z.copy()
    bad[0, 3] = 7
    with pytest.raises(ValueError):
        fairhac.make_fair(bad, groups)


def test_estimator_method_makefair(rng):
    X, groups = blobs(rng)
    model = fairhac.FairAgglomerativeClustering(n_clusters=4, method="makefair", makefair_k=2).fit(X, groups=groups)
    assert model.makefair_ is not None and model.makefair_.h == 8
    assert is_valid_linkage(model.linkage_matrix_)
    assert model.n_clusters_ == len(set(model.labels_.tolist())) <= 4
    # The tree objectives on the real (n-ary) nodes, as the CLI's summary.json.
    assert model.quality_["dasgupta_cost"] is not None and model.quality_["silhouette"] is not None
    assert model.fairness_ is not None
