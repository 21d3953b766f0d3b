"""fairhac.tune: the grid, its Pareto front and the recommendation."""

import numpy as np
import pytest

import fairhac


def sample(rng, n=100):
    X = rng.normal(size=(n, 2))
    X[: n // 3] += 3
    return X, np.where(np.arange(n) < n // 3, 1, rng.integers(0, 2, n))


def test_grid_front_and_recommendation(rng):
    X, groups = sample(rng)
    r = fairhac.tune(X, groups, 3, rules=["gain", "window"], grid_b=[0, 2], grid_d=[0, 0.5, 1], as_frame=False)
    # window reads b (2 x 3 settings); gain does not, so it runs at b = 0 only (3 settings)
    assert len(r.grid["mfc"]) == 9
    assert set(r.grid["b"][r.grid["rule"] == "gain"]) == {0}
    assert set(r.grid["rule"]) == {"gain", "window"}
    front = r.pareto_front
    assert len(front["mfc"]) == r.grid["on_front"].sum() >= 1
    assert not front["degenerate"].any()
    # no front point is dominated by another front point
    for i in range(len(front["mfc"])):
        for j in range(len(front["mfc"])):
            assert not (front["mfc"][j] < front["mfc"][i] and front["silhouette"][j] > front["silhouette"][i])
    rec = r.recommendation
    if rec["index"] is not None:
        assert rec["mfc"] == r.grid["mfc"][rec["index"]]
    if rec["improved"]:
        assert rec["mfc"] < r.vanilla["mfc"] and rec["quality_loss"] <= 0.05 + 1e-12
    assert r.min_cluster_size == 2


def test_dataframe_when_pandas_is_installed(rng):
    pd = pytest.importorskip("pandas")
    X, groups = sample(rng, 60)
    r = fairhac.tune(pd.DataFrame(X), pd.Series(groups), 2, rules="gain", grid_b=[0], grid_d=[0, 1])
    assert isinstance(r.grid, pd.DataFrame) and list(r.grid["d"]) == [0, 1]
    assert isinstance(r.pareto_front, pd.DataFrame)
    # d = 0 is vanilla HAC
    assert r.grid["mfc"][0] == pytest.approx(r.vanilla["mfc"])


def test_default_grids_are_the_cli_ones():
    from fairhac import _native

    assert list(_native.default_grid(0)) == [0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 32]
    assert len(_native.default_grid(1)) == 12 and _native.default_grid(2)[-1] == 1.0


def test_several_attributes_as_a_dataframe():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    X = rng.normal(size=(150, 3))
    groups = pd.DataFrame({"sex": rng.choice(["f", "m"], 150, p=[0.3, 0.7]), "band": np.where(X[:, 0] > 0, "hi", "lo")})
    result = fairhac.tune(X, groups, 4, rules=["gain"], grid_d=[0, 1], as_frame=False)
    # Each grid point is the estimator's fit with the same setting, on the combined (separate-mode) cost.
    for d, mfc in zip(result.grid["d"], result.grid["mfc"]):
        est = fairhac.FairAgglomerativeClustering(4, rule="gain", d=float(d), compute_quality=False).fit(X, groups=groups)
        assert mfc == pytest.approx(est.fairness_["mfc"], abs=1e-12)
        assert set(est.fairness_["attributes"]) == {"sex", "band"}


def test_search_strategies_and_notices(rng):
    X, groups = sample(rng, 90)
    fast = fairhac.tune(X, groups, 3, rules=["gain"], grid_d=[0, 0.5, 1], as_frame=False)
    grid = fairhac.tune(X, groups, 3, rules=["gain"], grid_d=[0, 0.5, 1], search="grid", as_frame=False)
    # Below 1,500 rows the full grid is cheap: the fast search runs it, and says so.
    assert fast.search["strategy"] == "fast" and fast.search["description"].startswith("grid")
    assert grid.search["strategy"] == "grid" and fast.screen is None
    np.testing.assert_array_equal(fast.grid["mfc"], grid.grid["mfc"])
    assert fast.best["form"] == {"kind": "exact"} and fast.best["search"]["points_evaluated"] == 3
    # The core lowers a thread count above the cores, and Python warns with its notice.
    with pytest.warns(fairhac.ThreadsClampedWarning, match="more than the"):
        fairhac.tune(X, groups, 3, rules=["gain"], grid_d=[0, 1], n_jobs=10_000, as_frame=False)
    with pytest.raises(fairhac.InvalidParameterError, match="search"):
        fairhac.tune(X, groups, 3, search="quick")


def test_nothing_recommended_reads_as_no_improvement(rng):
    # Clusters of at least 30 of 60 points into 3 clusters: no setting qualifies, so the core's
    # result has no recommended index (the key is left out), which reads as "no improvement".
    X, groups = sample(rng, 60)
    result = fairhac.tune(X, groups, 3, rules=["gain"], grid_d=[0, 1], min_cluster_size=30, as_frame=False)
    assert result.recommendation["index"] is None and not result.recommendation["improved"]
    assert "no improvement" in str(result.recommendation)
