"""FairAgglomerativeClustering: scikit-learn's conventions and the fitted attributes."""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import check_estimator

import fairhac
from fairhac import FairAgglomerativeClustering


def data(rng, n=150):
    X = rng.normal(size=(n, 3))
    X[: n // 3] += 3  # a group-skewed blob, so fair merging has something to change
    groups = np.where(np.arange(n) < n // 3, "f", rng.choice(["f", "m"], n))
    return X, groups


def test_params_round_trip_and_clone():
    est = FairAgglomerativeClustering(4, linkage="ward", rule="window", b=2, d=0.5, ideal=[0.5, 0.5])
    params = est.get_params()
    assert params["n_clusters"] == 4 and params["linkage"] == "ward" and params["ideal"] == [0.5, 0.5]
    twin = clone(est)
    assert twin is not est and twin.get_params() == params
    est.set_params(n_clusters=3, method="hac")
    assert est.n_clusters == 3 and est.method == "hac"
    with pytest.raises(ValueError):
        est.set_params(no_such_parameter=1)


def test_fitted_attributes(rng):
    X, groups = data(rng)
    est = FairAgglomerativeClustering(4, d=1).fit(X, groups=groups)
    n = len(X)
    Z = est.linkage_matrix_
    assert Z.shape == (n - 1, 4) and est.n_leaves_ == n and est.n_clusters_ == 4 and est.n_features_in_ == 3
    np.testing.assert_array_equal(est.children_, Z[:, :2].astype(int))
    np.testing.assert_array_equal(est.distances_, Z[:, 2])
    assert sorted(set(est.labels_)) == [0, 1, 2, 3]
    # labels are the first n - k merges, numbered by first appearance
    assert est.labels_[0] == 0
    np.testing.assert_array_equal(est.fit_predict(X, groups=groups), est.labels_)
    f = est.fairness_
    assert f["groups"] == ["f", "m"]
    assert sum(c["size"] for c in f["clusters"]) == n
    assert f["mfc"] == pytest.approx(sum(max(c["deviations"].values()) for c in f["clusters"]))
    assert f["balance"] == pytest.approx(min(c["balance"] for c in f["clusters"]))
    for c in f["clusters"]:
        assert sum(c["shares"].values()) == pytest.approx(1)
    assert [level["k"] for level in f["profile"]] == list(range(2, 21))
    assert f["fair_cut"]["k"] >= 4
    assert -1 <= est.quality_["silhouette"] <= 1 and est.quality_["dasgupta_cost"] > 0


def test_fair_merging_lowers_the_mfc(rng):
    X, groups = data(rng, 200)
    vanilla = FairAgglomerativeClustering(4, method="hac").fit(X, groups=groups)
    fair = FairAgglomerativeClustering(4, rule="gain", d=2).fit(X, groups=groups)
    assert fair.fairness_["mfc"] <= vanilla.fairness_["mfc"]
    # b = d = 0 is vanilla HAC's schedule, and the result says so
    with pytest.warns(fairhac.FairHACWarning, match="b = d = 0 makes f = g = 1"):
        same = FairAgglomerativeClustering(4, method="fhac", b=0, d=0).fit(X, groups=groups)
    np.testing.assert_array_equal(same.labels_, vanilla.labels_)


def test_fair_by_default_runs_the_recommendation(rng):
    X, groups = data(rng, 200)
    est = FairAgglomerativeClustering(4, linkage="ward").fit(X, groups=groups)
    assert est.auto_ is not None and est.auto_["search"]["strategy"] == "fast"
    assert est.auto_["search"]["points_evaluated"] >= 1
    assert est.get_params()["rule"] is None and est.get_params()["auto"] is None
    fixed = FairAgglomerativeClustering(4, linkage="ward", rule="gain", d=1).fit(X, groups=groups)
    assert fixed.auto_ is None


def test_hac_equals_linkage_and_precomputed(rng):
    from scipy.spatial.distance import pdist, squareform

    X = rng.normal(size=(60, 2))
    est = FairAgglomerativeClustering(3, method="hac", linkage="complete").fit(X)
    np.testing.assert_array_equal(est.linkage_matrix_, fairhac.linkage(X, "complete"))
    assert est.fairness_ is None
    D = squareform(pdist(X))
    pre = FairAgglomerativeClustering(3, method="hac", linkage="complete", metric="precomputed").fit(D)
    np.testing.assert_array_equal(pre.labels_, est.labels_)
    assert pre.quality_ is None


def test_afhac_and_auto(rng):
    X, groups = data(rng, 120)
    share = max(np.mean(groups == "f"), np.mean(groups == "m"))
    est = FairAgglomerativeClustering(4, method="afhac-v", alpha=1 / share - 1e-9).fit(X, groups=groups)
    assert est.fairlets_["count"] >= 1 and est.labels_.shape == (120,)
    auto = FairAgglomerativeClustering(4, auto=True, auto_rules=["gain"]).fit(X, groups=groups)
    assert auto.auto_["used"] in ("fhac", "vanilla")
    r = auto.auto_["recommendation"]
    if auto.auto_["used"] == "fhac":
        assert auto.fairness_["mfc"] == pytest.approx(r["mfc"])
    else:
        assert auto.fairness_["mfc"] == pytest.approx(auto.auto_["vanilla"]["mfc"])


def test_zscore_opt_in(rng):
    X = rng.normal(size=(50, 2)) * [1, 1000]
    raw = FairAgglomerativeClustering(3, method="hac").fit(X)
    scaled = FairAgglomerativeClustering(3, method="hac", scale="zscore").fit(X)
    Xs = (X - X.mean(0)) / X.std(0)
    np.testing.assert_allclose(scaled.linkage_matrix_, FairAgglomerativeClustering(3, method="hac").fit(Xs).linkage_matrix_, rtol=1e-12)
    assert not np.allclose(raw.linkage_matrix_[:, 2], scaled.linkage_matrix_[:, 2])


# scikit-learn's estimator checks, where they apply. They call fit(X, y) without groups, so they
# run on method="hac" (groups optional); the fair methods need groups and are covered above.
# With metric="precomputed" the checks that feed feature matrices (not square distance matrices)
# cannot apply; they are listed with the reason.
PRECOMPUTED_CANNOT = {
    "check_clustering": "feeds a 50 x 2 feature matrix; with metric='precomputed' X must be a square distance matrix",
}


@pytest.mark.parametrize("metric", ["euclidean", "precomputed"])
def test_sklearn_estimator_checks(metric):
    est = FairAgglomerativeClustering(method="hac", metric=metric)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(est, on_fail=None, on_skip=None)
    failed = {r["check_name"]: str(r["exception"]) for r in results if r["status"] == "failed"}
    expected = PRECOMPUTED_CANNOT if metric == "precomputed" else {}
    assert set(failed) == set(expected), failed
    assert sum(r["status"] == "passed" for r in results) >= 40


def test_dataframe_round_trip(rng):
    pd = pytest.importorskip("pandas")
    X, groups = data(rng, 90)
    frame = pd.DataFrame(X, columns=["age", "income", "score"])
    frame["sex"] = groups
    est = FairAgglomerativeClustering(3, d=1).fit(frame[["age", "income", "score"]], groups=frame["sex"])
    plain = FairAgglomerativeClustering(3, d=1).fit(X, groups=list(groups))
    np.testing.assert_array_equal(est.labels_, plain.labels_)
    assert list(est.feature_names_in_) == ["age", "income", "score"]
    out = frame.assign(cluster=est.labels_)
    assert out.groupby("cluster").size().sum() == 90
    shares = out.groupby("cluster")["sex"].value_counts(normalize=True).unstack(fill_value=0)
    for c, row in shares.iterrows():
        assert row["f"] == pytest.approx(est.fairness_["clusters"][c]["shares"]["f"])
    one_column = FairAgglomerativeClustering(3, d=1).fit(X, groups=frame[["sex"]])
    np.testing.assert_array_equal(one_column.labels_, est.labels_)
    # Several columns are several protected attributes (separate mode by default).
    two = frame[["sex"]].assign(band=np.where(X[:, 0] > 0, "hi", "lo"))
    several = FairAgglomerativeClustering(3, d=1).fit(X, groups=two)
    attrs = several.fairness_["attributes"]
    assert list(attrs) == ["sex", "band"] and attrs["sex"]["groups"] == ["f", "m"]
    # The combined cost takes the larger deviation of the two: at least each attribute's own.
    assert several.fairness_["mfc"] >= max(attrs["sex"]["mfc"], attrs["band"]["mfc"]) - 1e-12
    assert several.fairness_["balance"] == pytest.approx(min(attrs["sex"]["balance"], attrs["band"]["balance"]))


def test_separate_mode_sizes_and_shared_value_names(rng):
    # Issue 22: sizes were counted once per attribute; groups of different attributes with the same
    # value names (no/yes) were merged. Names are "attribute=group" with several attributes, as the CLI.
    pd = pytest.importorskip("pandas")
    X, _ = data(rng, 400)
    frame = pd.DataFrame({"smoker": rng.choice(["no", "yes"], 400, p=[0.7, 0.3]),
                          "insured": np.where(X[:, 0] > 2, "yes", "no")})
    est = FairAgglomerativeClustering(4, d=1).fit(X, groups=frame)
    f = est.fairness_
    assert [c["size"] for c in f["clusters"]] == np.bincount(est.labels_, minlength=4).tolist()
    assert f["groups"] == ["smoker=no", "smoker=yes", "insured=no", "insured=yes"]
    for name in ("smoker", "insured"):
        shares = frame[name].value_counts(normalize=True)
        assert f["ideal"][f"{name}=no"] == pytest.approx(shares["no"]) and f["ideal"][f"{name}=yes"] == pytest.approx(shares["yes"])
        assert f["attributes"][name]["groups"] == ["no", "yes"]
    for c, cluster in enumerate(f["clusters"]):
        members = frame[est.labels_ == c]
        for name in ("smoker", "insured"):
            for value in ("no", "yes"):
                assert cluster["counts"][f"{name}={value}"] == int((members[name] == value).sum())
    # One attribute (a Series, or a one-column frame): plain group names, as before.
    one = FairAgglomerativeClustering(4, d=1).fit(X, groups=frame[["smoker"]])
    assert one.fairness_["groups"] == ["no", "yes"]
    assert [c["size"] for c in one.fairness_["clusters"]] == np.bincount(one.labels_, minlength=4).tolist()


def test_intersectional_labels_never_collide(rng):
    # Issue 21: values "a×b", "c" and "a", "b×c" both combined to "a×b×c" and were merged into one
    # group. Named as the core's GroupNaming: each value's "×" (and "\\") escaped.
    pd = pytest.importorskip("pandas")
    X, _ = data(rng, 40)
    frame = pd.DataFrame({"p": ["a×b", "a"] * 20, "q": ["c", "b×c"] * 20})
    est = FairAgglomerativeClustering(2, d=1, group_mode="intersectional").fit(X, groups=frame)
    assert est.fairness_["groups"] == ["a×b\\×c", "a\\×b×c"]
    assert sum(est.fairness_["clusters"][c]["counts"]["a×b\\×c"] for c in range(2)) == 20
    r = fairhac.tune(X, frame, 2, rules="gain", grid_d=[0], group_mode="intersectional", as_frame=False)
    assert len(r.grid["mfc"]) == 1
    # Without those characters, names are as before.
    plain = pd.DataFrame({"p": ["f", "m"] * 20, "q": ["x", "x", "y", "y"] * 10})
    est = FairAgglomerativeClustering(2, d=1, group_mode="intersectional").fit(X, groups=plain)
    assert est.fairness_["groups"] == ["f×x", "f×y", "m×x", "m×y"]


def test_intersectional_rare_combinations_pool_into_other_last(rng):
    pd = pytest.importorskip("pandas")
    X, _ = data(rng, 100)
    p = np.array(["a"] * 50 + ["b"] * 50)
    q = np.array(["x"] * 49 + ["y"] + ["x"] * 25 + ["y"] * 25)  # a×y: 1 point, under 0.02 n
    frame = pd.DataFrame({"p": p, "q": q})
    with pytest.raises(ValueError, match=r"1 combination has fewer than 2.0% of the 100 points: a×y \(1\); pool them into one group .other."):
        FairAgglomerativeClustering(2, d=1, group_mode="intersectional", rare_floor=0.02).fit(X, groups=frame)
    est = FairAgglomerativeClustering(2, d=1, group_mode="intersectional", rare_floor=0.02, merge_rare=True).fit(X, groups=frame)
    assert est.fairness_["groups"] == ["a×x", "b×x", "b×y", "other"]
