"""Every entry goes through the core's request (issue 27): linkage's form decided by the core,
make_fair and summarised_top as runs of the pipeline, and what used to be wrong or unclear on
those paths now named."""

import warnings

import numpy as np
import pytest
from scipy.cluster.hierarchy import is_valid_linkage

import fairhac
from fairhac import FairAgglomerativeClustering, InvalidParameterError, _native


def blobs(rng, n=300, d=2):
    centres = rng.normal(size=(4, d)) * 5
    return centres[rng.integers(0, 4, n)] + rng.normal(size=(n, d))


def test_the_abi_has_one_protocol_and_no_positional_entries():
    assert _native.ABI_VERSION == 8 and _native.LIB.fairhac_abi_version() == 8
    for retired in ("fairhac_linkage", "fairhac_make_fair", "fairhac_summarised", "fairhac_summarised_top"):
        assert not hasattr(_native.LIB, retired), retired
    defaults = _native.DEFAULTS
    assert defaults["quality_sample_size"] == 10_000 and defaults["micro_clusters"] == {"hac": 20000, "fhac": 10000}


def test_linkage_form_is_the_cores_decision(rng):
    x = blobs(rng, 3000)
    # The exact form needs about 36 MB for its matrix: under a 16 MB limit the core summarises, and says so.
    with pytest.warns(fairhac.FairHACWarning, match="so FairHAC summarises"):
        z = fairhac.linkage(x, "average", form="auto", memory_limit="16M")
    assert is_valid_linkage(z) and z.shape == (2999, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.array_equal(fairhac.linkage(x[:300], "average", form="auto"), fairhac.linkage(x[:300], "average"))
    with pytest.raises(InvalidParameterError, match="micro_clusters configures the summarised form"):
        fairhac.linkage(x, "average", form="exact", micro_clusters=10)
    with pytest.raises(InvalidParameterError, match=r"micro_clusters must be an integer from 2 to 9223372036854775807; "
                                                    r"got 1180591620717411303424"):
        fairhac.linkage(x, "average", form="summarised", micro_clusters=2**70)
    with pytest.raises(InvalidParameterError, match="needs features"):
        fairhac.linkage(np.ones(3), "average", form="summarised")


def test_nan_parameters_are_named(rng):
    x, g = blobs(rng, 40), np.array(["a", "b"] * 20)
    with pytest.raises(InvalidParameterError, match="level_tolerance must be a finite number; got nan"):
        FairAgglomerativeClustering(2, level_tolerance=float("nan")).fit(x, groups=g)
    with pytest.raises(InvalidParameterError, match="makefair_eps must be a finite number; got nan"):
        FairAgglomerativeClustering(2, method="makefair", makefair_eps=float("nan")).fit(x, groups=g)
    z = fairhac.linkage(x, "average")
    with pytest.raises(InvalidParameterError, match="level_tolerance"):
        fairhac.make_fair(z, g, level_tolerance=float("nan"))
    with pytest.raises(InvalidParameterError, match="eps must be a positive, finite number"):
        fairhac.make_fair(z, g, eps=float("nan"))
    with pytest.raises(InvalidParameterError, match="eps must be a positive number; got nan"):
        FairAgglomerativeClustering(2, method="afhac-v", eps=float("nan")).fit(x, groups=g)


def test_distinct_labels_stay_distinct_groups(rng):
    x = blobs(rng, 40)
    with pytest.raises(ValueError, match=r"the labels 1 \(int\) and '1' \(str\) are different values written the same way"):
        FairAgglomerativeClustering(2).fit(x, groups=[1, "1"] * 20)
    # Equal values written alike are one group (1 and 1.0), as the CLI reads "1" and "1.0" from a CSV.
    est = FairAgglomerativeClustering(2, d=1).fit(x, groups=[1, 1.0, 2, 2] * 10)
    assert est.fairness_["groups"] == ["1", "2"]


def test_make_fair_is_the_pipelines_makefair(rng):
    x, g = blobs(rng, 200), rng.choice(["a", "b"], 200)
    z = fairhac.linkage(x, "average")
    alone = fairhac.make_fair(z, g, k=2)
    est = FairAgglomerativeClustering(4, method="makefair", makefair_k=2, compute_quality=False).fit(x, groups=g)
    assert np.array_equal(alone.Z, est.linkage_matrix_)
    assert alone.fair_at_every_level == est.makefair_.fair_at_every_level
    assert alone.input_fair_at_every_level == est.makefair_.input_fair_at_every_level
    with pytest.raises(InvalidParameterError, match="only a given tree can be post-processed alone"):
        fairhac._core.run({"n_clusters": 1, "method": "hac"}, None, 5, 0, fairhac._core.TREE_ONLY)


def _top_inputs(x, labels, groups, m, q=None, seed=0):
    sizes = np.bincount(labels, minlength=m)
    centroids = np.stack([x[labels == c].mean(axis=0) for c in range(m)])
    counts = np.stack([np.bincount((groups[labels == c] == "b").astype(int), minlength=2) for c in range(m)])
    rows = [fairhac.member_sample(np.flatnonzero(labels == c), q or len(x), seed=seed) for c in range(m)]
    samples = x[np.concatenate(rows)]
    offsets = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    return sizes, centroids, counts, samples, offsets


def test_summarised_top_with_given_ideal_shares(rng):
    """fair={"ideal": shares} raised AttributeError; now the core's shares, equal to the in-process top."""
    x, g = blobs(rng, 600), rng.choice(["a", "b"], 600, p=[0.3, 0.7])
    m, labels = 30, np.arange(600) % 30
    whole = FairAgglomerativeClustering(3, linkage="average", d=1.0, ideal=[0.5, 0.5], compute_quality=False).fit(
        x, groups=g, micro_cluster_labels=labels)
    sizes, centroids, counts, samples, offsets = _top_inputs(x, labels, g, m)
    top = fairhac.summarised_top(sizes, centroids, method="average", k=3, group_counts=counts, member_samples=samples,
                                 member_offsets=offsets, fair={"d": 1.0, "ideal": [0.5, 0.5]})
    local = [fairhac.linkage(x[labels == c], "average") for c in range(m)]
    assert np.array_equal(fairhac.assemble_linkage(labels, local, top), whole.linkage_matrix_)


def test_summarised_top_refuses_what_does_not_add_up(rng):
    x, g = blobs(rng, 120), rng.choice(["a", "b"], 120)
    m, labels = 6, np.arange(120) % 6
    sizes, centroids, counts, samples, offsets = _top_inputs(x, labels, g, m)
    kw = dict(method="average", k=2, group_counts=counts, member_samples=samples, member_offsets=offsets, fair={"d": 1})
    with pytest.raises(ValueError, match="member_samples has 3 features per row; the centroids have 2"):
        fairhac.summarised_top(sizes, centroids, **{**kw, "member_samples": np.hstack([samples, samples[:, :1]])})
    above = counts.copy()
    above[0, 0] = sizes[0] + 1
    with pytest.raises(ValueError, match=r"micro-cluster 0: 21 rows of group = '0'; expected 0 to its size 20"):
        fairhac.summarised_top(sizes, centroids, **{**kw, "group_counts": above})
    short = counts.copy()
    short[1, 1] -= 1
    with pytest.raises(ValueError, match="micro-cluster 1: its counts add up to 19 rows; its size is 20"):
        fairhac.summarised_top(sizes, centroids, **{**kw, "group_counts": short})
    with pytest.raises(ValueError, match=r"micro-cluster 0: 2147483647 rows of group"):
        fairhac.summarised_top(sizes, centroids, **{**kw, "group_counts": np.where(above > 20, 2**31 - 1, above)})
    huge = sizes.copy()
    huge[0] = 2**62
    with pytest.raises(ValueError, match="takes 1 to 2147483647 rows; got 4611686018427388004"):
        fairhac.summarised_top(huge, centroids, **kw)
    with pytest.raises(ValueError, match="sizes: a value does not fit in 64 bits"):
        fairhac.summarised_top([2**70] + list(sizes[1:]), centroids, **kw)
    with pytest.raises(ValueError, match="micro-cluster 0: 19 member sample rows; expected 20"):
        fairhac.summarised_top(sizes, centroids, **{**kw, "member_samples": np.delete(samples, 0, axis=0),
                                                    "member_offsets": np.concatenate([[0], offsets[1:] - 1])})
