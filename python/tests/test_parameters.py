"""Python says what the CLI says (issue 21): every parameter is checked before it reaches the core,
with an InvalidParameterError (a ValueError and a TypeError) or a ValueError naming it and what
was expected, never a wrapped value through ctypes or an internal message (numpy's, the C ABI's)."""

import math
import warnings

import numpy as np
import pytest

import fairhac
from fairhac import FairAgglomerativeClustering as FAC
from fairhac import InvalidParameterError, ThreadsClampedWarning

pd = pytest.importorskip("pandas")

# Wording that must never reach the user: numpy's, ctypes', the C ABI's attribute spec, Python internals.
LEAKS = ("negative dimensions", "not enough values to unpack", "expected name=groups", "index 0 is out of bounds",
         "single positional indexer", "could not convert", "invalid literal", "unhashable", "object of type",
         "idealShares", "internal")


def data(n=40):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2))
    X[: n // 2] += 4
    return X, np.array(list("ab") * (n // 2))


X, G = data()


def refused(call, message, kind=ValueError):
    with pytest.raises(kind, match=message) as info:
        call()
    text = str(info.value)
    assert not any(leak in text for leak in LEAKS), text
    return info.value


# (call, regex of the message). Each names the parameter and what was expected.
ESTIMATOR_CASES = {
    "rare_floor nan": (dict(rare_floor=math.nan), r"rare_floor must be a share of the rows in \[0, 1\); got nan"),
    "rare_floor -1": (dict(rare_floor=-1), r"rare_floor must be a share of the rows in \[0, 1\); got -1"),
    "rare_floor 2": (dict(rare_floor=2), r"rare_floor must be a share of the rows in \[0, 1\); got 2"),
    "rare_floor text": (dict(rare_floor="0.1"), r"rare_floor must be a number; got '0.1'"),
    "max_quality_loss nan": (dict(max_quality_loss=math.nan), r"max_quality_loss must be a finite number >= 0; got nan"),
    "max_quality_loss -1": (dict(max_quality_loss=-1), r"max_quality_loss must be a finite number >= 0; got -1"),
    "min_cluster_size -3": (dict(min_cluster_size=-3), r"min_cluster_size must be an integer from 1 to 9223372036854775807; got -3"),
    "min_cluster_size 2**70": (dict(min_cluster_size=2**70), r"min_cluster_size must be an integer from 1 to \d+; got 1180591620717411303424"),
    "min_cluster_size 2.5": (dict(min_cluster_size=2.5), r"min_cluster_size must be an integer"),
    "alpha nan": (dict(method="afhac-v", alpha=math.nan), r"alpha must be >= 1 \(the cap on any group's share is 1/alpha\); got nan"),
    "alpha -2": (dict(method="afhac-v", alpha=-2), r"alpha must be >= 1 .*; got -2"),
    "alpha 0": (dict(method="afhac-v", alpha=0), r"alpha must be >= 1 .*; got 0"),
    "ratio (0, 0)": (dict(method="afhac-v", ratio=(0, 0)), r"ratio must be two integers \(b, r\) from 1 to 2147483647.*; got \(0, 0\)"),
    "ratio (-1, 2)": (dict(method="afhac-v", ratio=(-1, 2)), r"ratio must be two integers .*; got \(-1, 2\)"),
    "ratio (1,)": (dict(method="afhac-v", ratio=(1,)), r"ratio must be two integers .*; got \(1,\)"),
    "ratio 2**40": (dict(method="afhac-v", ratio=(1, 2**40)), r"ratio must be two integers"),
    "ratio text": (dict(method="afhac-v", ratio="1:x"), r"ratio must be two integers"),
    "ratio and alpha": (dict(method="afhac-v", ratio=(1, 2), alpha=2), r"give alpha or ratio, not both"),
    "alpha without afhac": (dict(alpha=2), r"alpha, ratio, eps and fairlet_seed configure the AFHAC baselines; use method='afhac-v'"),
    "eps 0": (dict(method="afhac-v", eps=0), r"eps must be a positive number; got 0"),
    "eps nan": (dict(method="afhac-v", eps=math.nan), r"eps must be a positive number; got nan"),
    "fairlet_seed -1": (dict(method="afhac-v", fairlet_seed=-1), r"fairlet_seed must be an integer from 0 to 18446744073709551615; got -1"),
    "fairlet_seed 2**70": (dict(method="afhac-v", fairlet_seed=2**70), r"fairlet_seed must be an integer from 0 to 18446744073709551615; got 1180591620717411303424"),
    "fairlet_seed 2**64": (dict(method="afhac-v", fairlet_seed=2**64), r"fairlet_seed must be an integer from 0"),
    "n_clusters 2.5": (dict(n_clusters=2.5), r"n_clusters must be an integer; got 2.5 \(float\)"),
    "n_clusters '4'": (dict(n_clusters="4"), r"n_clusters must be an integer; got '4' \(str\)"),
    "n_clusters True": (dict(n_clusters=True), r"n_clusters must be an integer; got True \(bool\)"),
    "n_clusters 2**70": (dict(n_clusters=2**70), r"n_clusters must be an integer of at most 9223372036854775807; got 1180591620717411303424"),
    "n_clusters 41": (dict(n_clusters=41), r"n_clusters 41 is larger than the number of observations \(40\)"),
    "linkage NUL": (dict(linkage="ward\x00x"), r"linkage must be one of single, complete, average, weighted, ward, centroid, median; got 'ward\\x00x'"),
    "method NUL": (dict(method="hac\x00"), r"method must be one of hac, fhac, afhac-v, afhac-r, makefair; got 'hac\\x00'"),
    "metric NUL": (dict(metric="euclidean\x00"), r"metric must be one of euclidean"),
    "rule NUL": (dict(rule="gain\x00x", d=1), r"rule must be one of gain, window, paper, gain-penalised; got 'gain\\x00x'"),
    "schedule NUL": (dict(schedule="exp\x00", d=1), r"schedule must be one of exp, power, linear"),
    "schedule_arg": (dict(schedule_arg="steps"), r"schedule_arg must be one of progress, merges"),
    "paper_variant": (dict(paper_variant=3), r"paper_variant must be one of literal, strict, additive; got 3"),
    "auto_objective": (dict(auto=True, auto_objective="fair"), r"auto_objective must be one of mfc, balance"),
    "auto_rules letters": (dict(auto=True, auto_rules="gian"), r"auto_rules: each rule must be one of gain, window, paper\[:literal\|strict\|additive\], gain-penalised; got 'gian'"),
    "auto_rules empty": (dict(auto=True, auto_rules=()), r"auto_rules is empty"),
    "auto_rules comma": (dict(auto=True, auto_rules="gain,window"), r"auto_rules: each rule must be one of"),
    "b nan": (dict(b=math.nan), r"b must be a finite number >= 0; got nan"),
    "d -1": (dict(d=-1), r"d must be a finite number >= 0; got -1"),
    "d inf": (dict(d=math.inf), r"d must be a finite number >= 0; got inf"),
    "d text": (dict(d="1"), r"d must be a number; got '1'"),
    "schedule_a 0": (dict(schedule_a=0), r"schedule_a must be a positive, finite number; got 0"),
    "schedule_c nan": (dict(schedule_c=math.nan), r"schedule_c must be a positive, finite number; got nan"),
    "scale": (dict(scale="minmax"), r"scale must be one of none, zscore; got 'minmax'"),
    "group_mode": (dict(group_mode="both"), r"group_mode must be one of separate, intersectional"),
    "auto flag": (dict(auto="yes"), r"auto must be True or False; got 'yes'"),
    "force flag": (dict(force=2), r"force must be True or False; got 2"),
    "compute_quality": (dict(compute_quality=None), r"compute_quality must be True or False"),
    "merge_rare": (dict(merge_rare="no"), r"merge_rare must be True or False"),
    "ideal NUL": (dict(ideal="data\x00", d=1), r"ideal must be 'data', 'uniform' or shares"),
    "ideal words": (dict(ideal="fair", d=1), r"ideal: expected data, uniform, or numbers like 0.6,0.4; got 'fair'"),
    "ideal letters": (dict(ideal=["x", "y"], d=1), r"ideal must be 'data', 'uniform' or shares"),
    "ideal nan": (dict(ideal=[math.nan, 1], d=1), r"ideal shares must be positive, finite numbers; got \[nan, 1\]"),
    "ideal negative": (dict(ideal=[-1, 2], d=1), r"ideal must be positive for every group; got -1.0 for group 'a'"),
    "ideal sum": (dict(ideal=[0.5, 0.6], d=1), r"ideal must be shares summing to 1 \(within 1e-9\)"),
    "ideal count": (dict(ideal=[1.0], d=1), r"ideal must be 2 shares, one per group \(a, b\)"),
    "b with hac": (dict(method="hac", d=1), r"b, d, ideal, auto and force configure fair merging; use method='fhac'"),
    "auto with afhac": (dict(method="afhac-v", auto=True), r"configure fair merging"),
    "auto with b": (dict(auto=True, b=1), r"auto=True chooses b and d by a grid search"),
    "memory_limit 2**70": (dict(memory_limit=2**70), r"memory_limit must be a positive size of at most 4 EiB"),
    "memory_limit 5000000T": (dict(memory_limit="5000000T"), r"memory_limit: '5000000T' is not a size; expected a positive size of at most 4 EiB"),
    "n_jobs 0": (dict(n_jobs=0), r"n_jobs must be None, -1 or a positive integer \(threads\); got 0"),
    "n_jobs True": (dict(n_jobs=True), r"n_jobs must be None, -1 or a positive integer"),
    "n_jobs 2.0": (dict(n_jobs=2.0), r"n_jobs must be None, -1 or a positive integer"),
    "n_jobs '4'": (dict(n_jobs="4"), r"n_jobs must be None, -1 or a positive integer"),
    "fairlet_seed None": (dict(method="afhac-v", fairlet_seed=None), r"fairlet_seed must be an integer from 0 to \d+; got None$"),
}


@pytest.mark.parametrize("case", list(ESTIMATOR_CASES))
def test_estimator_parameters_are_checked(case):
    params, message = ESTIMATOR_CASES[case]
    params = dict(params)
    k = params.pop("n_clusters", 2)
    refused(lambda: FAC(k, **params).fit(X, groups=G), message)


def test_wrong_types_are_type_errors_too():
    error = refused(lambda: FAC("4").fit(X, groups=G), "n_clusters must be an integer", TypeError)
    assert isinstance(error, ValueError) and isinstance(error, InvalidParameterError)


def test_ratio_needs_two_groups():
    three = np.array(list("abc") * 13 + ["a"])
    refused(lambda: FAC(2, method="afhac-v", ratio=(1, 2)).fit(X, groups=three),
            r"ratio b:r is the two-group form, but the data has 3 groups; use alpha")
    # As the CLI's --ratio b:r, a string works too, and (b, r) as a list or with numpy integers.
    for ratio in ("1:1", [1, 1], (np.int64(1), np.int32(1))):
        est = FAC(2, method="afhac-v", ratio=ratio, compute_quality=False).fit(X, groups=G)
        assert est.fairlets_["count"] >= 1


def test_fairlet_seed_takes_the_whole_uint64_range():
    a = FAC(2, method="afhac-v", fairlet_seed=2**64 - 1, compute_quality=False).fit(X, groups=G)
    assert a.labels_.shape == (40,)


def test_auto_rules_string_is_one_rule():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = FAC(2, auto=True, auto_rules="gain").fit(X, groups=G)
    assert est.auto_["rules"] == ["gain"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = FAC(2, auto=True, auto_rules=["window", "gain", "window"]).fit(X, groups=G)
    assert est.auto_["rules"] == ["window", "gain"]  # repeated names kept once, as `fairhac tune --rule`


def test_numpy_scalars_are_accepted():
    est = FAC(np.int64(3), d=np.float32(1.0), min_cluster_size=np.int16(1), max_quality_loss=np.float64(0.1),
              n_jobs=np.int64(1), compute_quality=np.bool_(False)).fit(X, groups=G)
    assert est.n_clusters_ == 3


# -- groups --------------------------------------------------------------------------------------


def test_separate_mode_keeps_column_names_with_separators_apart():
    # As the core's GroupNaming: "attribute=group" with the attribute's "=" and "\\" escaped, so the
    # attribute "s=x" with the group "y" (s\\=x=y) and the attribute "s" with the group "x=y" (s=x=y)
    # stay two groups; ";" and "=" reach the C ABI's attribute spec escaped.
    frame = pd.DataFrame({"s=x": ["y", "z"] * 20, "s": ["x=y", "w", "w", "x=y"] * 10, "a;b\\": G})
    est = FAC(2, d=1).fit(X, groups=frame)
    f = est.fairness_
    assert f["groups"] == ["s\\=x=y", "s\\=x=z", "s=w", "s=x=y", "a;b\\\\=a", "a;b\\\\=b"]
    assert list(f["attributes"]) == ["s=x", "s", "a;b\\"]
    assert [c["size"] for c in f["clusters"]] == np.bincount(est.labels_).tolist()
    for c in f["clusters"]:
        assert c["counts"]["s\\=x=y"] + c["counts"]["s\\=x=z"] == c["size"] == c["counts"]["s=w"] + c["counts"]["s=x=y"]
    r = fairhac.tune(X, frame, 2, rules="gain", grid_d=[0, 1], as_frame=False)
    assert len(r.grid["mfc"]) == 2


def test_separate_mode_refuses_a_nul_in_a_column_name():
    frame = pd.DataFrame({"s\x00": G, "other": G[::-1]})
    refused(lambda: FAC(2, d=1).fit(X, groups=frame), r"groups: the column name 's\\x00' contains a NUL character")


def test_separate_mode_refuses_an_empty_column_name():
    frame = pd.DataFrame({"": G, "other": G[::-1]})
    refused(lambda: FAC(2, d=1).fit(X, groups=frame), r"groups: a column name is empty")


def test_intersectional_mode_takes_any_column_name():
    frame = pd.DataFrame({"a;b": G, "s=x": np.where(X[:, 0] > 2, "hi", "lo")})
    est = FAC(2, d=1, group_mode="intersectional", merge_rare=True).fit(X, groups=frame)
    assert est.fairness_["groups"]


def test_a_dataframe_without_columns_is_refused():
    refused(lambda: FAC(2, d=1).fit(X, groups=pd.DataFrame(index=range(40))),
            r"groups is a DataFrame without columns; give one column per protected attribute")
    refused(lambda: fairhac.tune(X, pd.DataFrame(index=range(40)), 2), r"groups is a DataFrame without columns")


def test_group_labels_with_control_characters_stay_distinct():
    # The core's messages get the names with control characters escaped (the 0x1F separator, NUL).
    labels = ["a\x00", "a\x1f", "a "] * 13 + ["a\x00"]
    est = FAC(2, d=1).fit(X, groups=labels)
    assert est.fairness_["groups"] == ["a\x00", "a\x1f", "a "]
    assert sum(est.fairness_["clusters"][0]["counts"].values()) == est.fairness_["clusters"][0]["size"]


# -- fairhac.tune and fairhac.linkage --------------------------------------------------------------

TUNE_CASES = {
    "n_clusters -1": (dict(n_clusters=-1), r"n_clusters must be at least 2 \(tune compares partitions\); got -1"),
    "n_clusters 1": (dict(n_clusters=1), r"n_clusters must be at least 2"),
    "n_clusters 2.5": (dict(n_clusters=2.5), r"n_clusters must be an integer"),
    "n_clusters 2**70": (dict(n_clusters=2**70), r"between 2 and the number of observations \(40\)"),
    "rules letters": (dict(rules="gian"), r"rules: each rule must be one of"),
    "rules empty": (dict(rules=[]), r"rules is empty"),
    "rules NUL": (dict(rules=["gain\x00"]), r"rules: each rule must be one of"),
    "grid_b nan": (dict(grid_b=[math.nan]), r"grid_b must be 'paper', or finite numbers >= 0"),
    "grid_d -1": (dict(grid_d=[0, -1]), r"grid_d must be 'paper', or finite numbers >= 0"),
    "grid_d inf": (dict(grid_d=[math.inf]), r"grid_d must be 'paper', or finite numbers >= 0"),
    "grid_d words": (dict(grid_d="zero,one"), r"grid_d must be 'paper', or finite numbers >= 0"),
    "grid_d empty": (dict(grid_d=[]), r"grid_d is empty"),
    "objective": (dict(objective="fair"), r"objective must be one of mfc, balance"),
    "max_quality_loss": (dict(max_quality_loss=math.nan), r"max_quality_loss must be a finite number >= 0"),
    "min_cluster_size": (dict(min_cluster_size=0), r"min_cluster_size must be an integer from 1"),
    "linkage": (dict(linkage="ward\x00"), r"linkage must be one of"),
    "metric": (dict(metric="hamming"), r"metric must be one of euclidean"),
    "rare_floor": (dict(rare_floor=math.nan), r"rare_floor must be a share of the rows in \[0, 1\)"),
    "memory_limit": (dict(memory_limit="5E"), r"memory_limit: '5E' is not a size"),
    "n_jobs": (dict(n_jobs=0), r"n_jobs must be None, -1 or a positive integer"),
    "as_frame": (dict(as_frame="yes"), r"as_frame must be True or False"),
}


@pytest.mark.parametrize("case", list(TUNE_CASES))
def test_tune_parameters_are_checked(case):
    params, message = TUNE_CASES[case]
    params = dict(params)
    k = params.pop("n_clusters", 2)
    refused(lambda: fairhac.tune(X, G, k, **params), message)


def test_tune_grid_as_text_as_the_cli():
    r = fairhac.tune(X, G, 2, rules="gain", grid_d="0, 0.5,1", as_frame=False)
    assert list(r.grid["d"]) == [0, 0.5, 1] and list(r.grid["rule"]) == ["gain"] * 3


@pytest.mark.parametrize("call, message", [
    (lambda: fairhac.linkage(X, "ward\x00x"), r"method must be one of single, .*; got 'ward\\x00x'"),
    (lambda: fairhac.linkage(X, metric="cosine\x00"), r"metric must be one of euclidean"),
    (lambda: fairhac.linkage(X, method=None), r"method must be one of single"),
    (lambda: fairhac.linkage(X, memory_limit=2**70), r"memory_limit must be a positive size of at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit=2**63), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit=2**62 + 1), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit="5000000T"), r"'5000000T' is not a size; expected a positive size of at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit="5E"), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit="4.1EiB"), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit="0"), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit=0), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit=-1), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit=math.nan), r"at most 4 EiB"),
    (lambda: fairhac.linkage(X, memory_limit="inf"), r"is not a size"),
    (lambda: fairhac.linkage(X, memory_limit="8X"), r"is not a size"),
    (lambda: fairhac.linkage(X, memory_limit="1_000"), r"is not a size"),
    (lambda: fairhac.linkage(X, memory_limit=True), r"memory_limit must be a number of bytes or a positive size"),
    (lambda: fairhac.linkage(X, n_jobs=0), r"n_jobs must be None, -1 or a positive integer"),
    (lambda: fairhac.linkage(X, n_jobs=1.5), r"n_jobs must be None, -1 or a positive integer"),
])
def test_linkage_parameters_are_checked(call, message):
    refused(call, message)


@pytest.mark.parametrize("size, expected", [
    ("4E", 2**62), ("4EiB", 2**62), ("4eb", 2**62), ("1P", 2**50), ("2PiB", 2**51), ("1e3G", 1000 * 2**30),
    ("512M", 512 * 2**20), ("1.5GiB", 3 * 2**29), (" 8 g ", 8 * 2**30), ("1000000", 10**6), ("1K", 1024), ("7B", 7),
    (2**62, 2**62), (1e9, 10**9),
])
def test_memory_limit_accepts_the_cli_sizes_up_to_4_eib(size, expected):
    from fairhac import _params

    assert _params.memory_limit(size) == expected
    if expected >= 2**30:
        assert fairhac.linkage(X, memory_limit=size).shape == (39, 4)


def test_memory_limit_is_enforced_not_wrapped():
    # 2**70 used to wrap to 0 (no check); a small limit is a MemoryError, not a crash.
    big = np.random.default_rng(1).normal(size=(3000, 2))
    with pytest.raises(MemoryError, match="this job needs about"):
        fairhac.linkage(big, memory_limit="1M")


def test_n_jobs_above_the_cores_is_clamped_with_a_warning():
    import os

    cores = os.cpu_count()
    with pytest.warns(ThreadsClampedWarning, match=rf"n_jobs 1000000000 is more than the {cores} cores available; using {cores}"):
        Z = fairhac.linkage(X, n_jobs=10**9)
    np.testing.assert_array_equal(Z, fairhac.linkage(X, n_jobs=1))
    with pytest.warns(ThreadsClampedWarning):
        FAC(2, d=1, n_jobs=2**63).fit(X, groups=G)
    with pytest.warns(ThreadsClampedWarning):
        fairhac.tune(X, G, 2, rules="gain", grid_d=[0], n_jobs=2**70)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThreadsClampedWarning)
        fairhac.linkage(X, n_jobs=-1)
        fairhac.linkage(X, n_jobs=-(2**70))  # all but |k| - 1 cores: at least one
        fairhac.linkage(X, n_jobs=1)


def test_tune_result_buffers_are_checked_against_the_budget():
    # 10**5 grid points with k = 40: the results alone are checked against the budget before any work.
    with pytest.raises(MemoryError, match=r"the grid has 100000 points \(gain: 100000 d\); their results alone need more than the 64.0 MiB"):
        fairhac.tune(X, G, 40, rules="gain", grid_b=[0], grid_d=np.linspace(0, 1, 10**5), memory_limit="64M")
