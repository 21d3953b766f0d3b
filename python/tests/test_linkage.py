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
