"""fairhac.linkage against scipy.cluster.hierarchy.linkage."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import is_valid_linkage, linkage as scipy_linkage
from scipy.spatial.distance import pdist

import fairhac
from fairhac import _input

LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]


def assert_same_tree(Z, S):
    assert Z.dtype == np.float64 and Z.shape == S.shape
    np.testing.assert_array_equal(Z[:, [0, 1, 3]], S[:, [0, 1, 3]])
    np.testing.assert_allclose(Z[:, 2], S[:, 2], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", LINKAGES)
def test_equals_scipy_on_features(method, rng):
    X = rng.normal(size=(rng.integers(30, 200), int(rng.integers(1, 6))))
    Z = fairhac.linkage(X, method=method)
    assert is_valid_linkage(Z)
    assert_same_tree(Z, scipy_linkage(X, method=method))


@pytest.mark.parametrize("metric", ["sqeuclidean", "cityblock", "chebyshev", "cosine"])
@pytest.mark.parametrize("method", ["single", "complete", "average", "weighted"])
def test_equals_scipy_for_other_metrics(method, metric, rng):
    X = rng.normal(size=(80, 3))
    assert_same_tree(fairhac.linkage(X, method, metric), scipy_linkage(X, method, metric))


@pytest.mark.parametrize("method", LINKAGES)
def test_condensed_distance_vector(method, rng):
    y = pdist(rng.normal(size=(60, 4)))
    assert_same_tree(fairhac.linkage(y, method=method), scipy_linkage(y, method=method))
    assert_same_tree(fairhac.linkage(list(y), method=method), scipy_linkage(y, method=method))


def test_features_are_passed_without_a_copy(rng):
    X = rng.normal(size=(20, 3))
    assert _input.features(X) is X
    # A Fortran-ordered or integer array has to be converted: the conversion is a new array.
    assert _input.features(np.asfortranarray(X)) is not X
    np.testing.assert_array_equal(_input.features(np.asfortranarray(X)), X)


def test_dataframe_input(rng):
    pd = pytest.importorskip("pandas")
    X = rng.normal(size=(40, 3))
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    np.testing.assert_array_equal(fairhac.linkage(frame, "ward"), fairhac.linkage(X, "ward"))


def test_n_jobs_does_not_change_the_tree(rng):
    X = rng.normal(size=(300, 3))
    np.testing.assert_array_equal(fairhac.linkage(X, "average", n_jobs=1), fairhac.linkage(X, "average", n_jobs=2))


def _spread(n, d, seed):
    """Points on a coarse lattice plus a small spread: candidate distances well apart (no near-ties
    at float32's resolution), the case single precision's guarantee covers."""
    g = np.random.default_rng(seed)
    return g.integers(0, 1000, size=(n, d)).astype(np.float64) + 0.001 * g.random((n, d))


@pytest.mark.parametrize("method", ["complete", "average", "weighted", "ward", "centroid", "median"])
def test_float32_input_is_single_precision(method):
    # float32 X keeps the matrix in float32 (as scikit-learn keeps float32): the same merges as
    # double precision on the same values, heights within about 1e-6 relative.
    X = _spread(150, 40, 7).astype(np.float32)  # 40 features: ward, centroid, median keep a matrix too
    single = fairhac.linkage(X, method=method)
    double = fairhac.linkage(X, method=method, precision="double")
    assert single.dtype == np.float64
    np.testing.assert_array_equal(single[:, [0, 1, 3]], double[:, [0, 1, 3]])
    np.testing.assert_allclose(single[:, 2], double[:, 2], rtol=1e-6)
    assert not np.array_equal(single[:, 2], double[:, 2])  # really rounded
    # precision="double" on float32 input: the float64 values, exactly widened.
    np.testing.assert_array_equal(double, fairhac.linkage(X.astype(np.float64), method=method))


def test_precision_parameter_checked():
    X = _spread(20, 2, 1)
    with pytest.raises(ValueError, match="precision"):
        fairhac.linkage(X, precision="half")
    est = fairhac.FairAgglomerativeClustering(n_clusters=3, method="afhac-v", precision="single")
    with pytest.raises(ValueError, match="precision"):
        est.fit(X, groups=["a", "b"] * 10)


def test_estimator_records_the_precision():
    X = _spread(120, 3, 2)
    groups = np.array(["a", "b", "c"])[np.random.default_rng(3).integers(0, 3, 120)]
    double = fairhac.FairAgglomerativeClustering(n_clusters=4, linkage="average", d=0.5).fit(X, groups=groups)
    single = fairhac.FairAgglomerativeClustering(n_clusters=4, linkage="average", d=0.5).fit(X.astype(np.float32), groups=groups)
    assert double.summary_json_["precision"] == "double" and single.summary_json_["precision"] == "single"
    np.testing.assert_array_equal(single.labels_, double.labels_)
    np.testing.assert_allclose(single.linkage_matrix_[:, 2], double.linkage_matrix_[:, 2], rtol=1e-6)


def test_float32_fair_fit_keeps_single_precision_unless_the_recommendation_is_searched():
    # A fixed setting keeps float32 X in single precision; fair by default (no rule, b or d) searches
    # for the recommended setting, which works in double precision, so the whole run is double.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 3)).astype(np.float32)
    groups = rng.choice(["a", "b"], size=120)
    fixed = fairhac.FairAgglomerativeClustering(3, d=1.0, compute_quality=False).fit(X, groups=groups)
    assert fixed.summary_json_["precision"] == "single"
    searched = fairhac.FairAgglomerativeClustering(3, compute_quality=False).fit(X, groups=groups)
    assert searched.summary_json_["precision"] == "double" and searched.auto_ is not None
    with pytest.raises(ValueError, match="works in double precision: give a fixed setting"):
        fairhac.FairAgglomerativeClustering(3, precision="single").fit(X, groups=groups)
