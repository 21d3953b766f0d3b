"""Issue 31: Python takes tables as they come and says what the CLI says.

Bad cells named by column and row (text, NaN with counts per column), drop_missing as the CLI's
--drop-missing, form="auto" by default, feature means per cluster, readable recommendations and
fairness at every level, repeated column names renamed as pandas renames them.
"""

import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest

import fairhac
from fairhac import FairAgglomerativeClustering

pd = pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("FAIRHAC_CLI", REPO / ".build" / "release" / "fairhac"))
needs_cli = pytest.mark.skipif("FAIRHAC_CLI" not in os.environ and not CLI.exists(), reason=f"no CLI binary at {CLI}")


def frame(rng, n=120):
    age = np.where(np.arange(n) % 3 == 0, rng.integers(18, 30, n), rng.integers(35, 70, n)).astype(float)
    priors = np.where(np.arange(n) % 3 == 0, rng.integers(4, 9, n), rng.integers(0, 2, n)).astype(float)
    sex = np.where(rng.random(n) < 0.3, "Female", "Male")
    return pd.DataFrame({"age": age, "priors": priors, "sex": sex})


def test_text_column_is_named_with_its_first_row_and_value(rng):
    df = frame(rng)
    with pytest.raises(ValueError) as error:
        FairAgglomerativeClustering(3, method="hac").fit(df)
    message = str(error.value)
    assert message.startswith(f"X: {len(df)} rows with missing or invalid values in the selected columns")
    assert "column 'sex': 120 invalid (a text column: no cell is a number; a protected attribute goes in groups=)" in message
    assert f"first: row 0, column 'sex': '{df['sex'][0]}' is not a finite number" in message
    assert message.endswith("Fix the data, choose other columns, or pass drop_missing=True to drop these rows.")
    # A numpy array of text is read the same way.
    with pytest.raises(ValueError, match=r"column 'x2': 120 invalid"):
        FairAgglomerativeClustering(3, method="hac").fit(df.to_numpy())


def test_nan_is_counted_per_column(rng):
    df = frame(rng)[["age", "priors"]]
    df.loc[[3, 7, 9], "age"] = np.nan
    df.loc[[7], "priors"] = np.nan
    df.loc[[11], "priors"] = np.inf
    with pytest.raises(ValueError) as error:
        FairAgglomerativeClustering(3, method="hac").fit(df)
    message = str(error.value)
    assert message.startswith("X: 4 rows with missing or invalid values")
    assert "(column 'age': 3 missing; column 'priors': 1 missing, 1 invalid)" in message
    assert "first: row 3, column 'age': 'NaN' is missing; row 7, column 'age': 'NaN' is missing; row 7, column 'priors'" in message
    assert "row 11, column 'priors': 'inf' is not a finite number" in message
    # The CLI's missing tokens in text cells are missing too; hexadecimal is not a number.
    text = pd.DataFrame({"a": ["1", "?", "NA", "0x10", "2.5", " 3 "]})
    with pytest.raises(ValueError, match=r"column 'a': 2 missing, 1 invalid.*'0x10' is hexadecimal"):
        FairAgglomerativeClustering(2, method="hac").fit(text)


def test_drop_missing_drops_and_counts_as_the_cli(rng):
    df = frame(rng)
    X = df[["age", "priors"]].copy()
    X.loc[[2, 5], "age"] = np.nan
    groups = df["sex"].astype(object).copy()
    groups[8] = None
    est = FairAgglomerativeClustering(3, d=1, drop_missing=True).fit(X, groups=groups)
    kept = np.setdiff1d(np.arange(len(df)), [2, 5, 8])
    np.testing.assert_array_equal(est.row_indices_, kept)
    assert est.n_dropped_ == 3 and len(est.labels_) == len(df)
    assert np.all(est.labels_[[2, 5, 8]] == -1) and np.all(est.labels_[kept] >= 0)
    assert est.n_leaves_ == len(kept) and est.linkage_matrix_.shape == (len(kept) - 1, 4)
    same = FairAgglomerativeClustering(3, d=1).fit(X.iloc[kept], groups=groups.iloc[kept])
    np.testing.assert_array_equal(est.labels_[kept], same.labels_)
    s = est.summary_json_["input"]
    assert (s["rows_in_file"], s["rows_used"], s["rows_dropped"]) == (len(df), len(kept), 3)
    with pytest.raises(fairhac.InvalidParameterError, match="drop_missing"):
        FairAgglomerativeClustering(3, drop_missing="yes").fit(X, groups=groups)


@needs_cli
def test_python_accepts_what_the_cli_accepts(tmp_path):
    # examples/credit.csv has NA cells: --drop-missing and drop_missing=True cluster the same rows alike.
    out = tmp_path / "cli"
    args = ["--group", "EDUCATION", "--group-bins", "<=1,2,3,>=4", "-k", "4", "--linkage", "ward", "--fair",
            "--rule", "gain-penalised", "-b", "0.5", "-d", "1"]
    subprocess.run([str(CLI), "cluster", str(REPO / "examples/credit.csv"), *args, "--drop-missing", "--out", str(out), "--quiet"],
                   check=True)
    table = pd.read_csv(REPO / "examples/credit.csv")
    features = ["LIMIT_BAL", "AGE", "BILL_AMT1", "PAY_AMT1"]
    education = pd.cut(table["EDUCATION"], [-np.inf, 1, 2, 3, np.inf], labels=["<=1", "2", "3", ">=4"]).astype(object)
    est = FairAgglomerativeClustering(4, linkage="ward", rule="gain-penalised", b=0.5, d=1, scale="zscore",
                                      drop_missing=True).fit(table[features], groups=education)
    cli = pd.read_csv(out / "labels.csv")
    np.testing.assert_array_equal(est.row_indices_, cli["row"].to_numpy())
    np.testing.assert_array_equal(est.labels_[est.row_indices_], cli["cluster"].to_numpy())
    import json

    summary = json.loads((out / "summary.json").read_text())
    assert est.fairness_["mfc"] == pytest.approx(summary["mfc"], abs=1e-12)
    assert est.summary_json_["input"]["rows_dropped"] == summary["input"]["rows_dropped"] > 0
    for c, cluster in enumerate(summary["clusters"]):
        for j, name in enumerate(features):
            assert est.feature_means_[c, j] == pytest.approx(cluster["feature_means"][name], rel=1e-12)


def test_feature_means_are_in_the_input_units(rng):
    df = frame(rng)
    X = df[["age", "priors"]]
    for scale in (None, "zscore"):
        est = FairAgglomerativeClustering(3, d=1, scale=scale).fit(X, groups=df["sex"])
        expected = np.array([X.to_numpy()[est.labels_ == c].mean(axis=0) for c in range(3)])
        # Scaled means mapped back to the input's units: equal up to rounding at the features' scale
        # (a mean of exactly 0 comes back as about 1e-16).
        np.testing.assert_allclose(est.feature_means_, expected, rtol=1e-12, atol=1e-12 * np.abs(X.to_numpy()).max())
        assert set(est.summary_json_["clusters"][0]["feature_means"]) == {"age", "priors"}
        assert est.summary_json_["input"]["features"] == ["age", "priors"]
        assert est.summary_json_["input"]["scaling"] == (scale or "none")
    plain = FairAgglomerativeClustering(2, method="hac").fit(X.to_numpy())
    assert set(plain.summary_json_["clusters"][0]["feature_means"]) == {"x0", "x1"}


def test_repeated_column_names_are_renamed_as_pandas_renames_them(tmp_path):
    # pandas' own reading of a CSV header with repeats is the reference; the CLI and Python agree with it.
    header = ["a", "a", "b", "a.1", "b", "a"]
    path = tmp_path / "dup.csv"
    path.write_text(",".join(header) + "\n" + "\n".join(",".join(str(i * 7 + j) for j in range(6)) for i in range(6)) + "\n")
    expected = list(pd.read_csv(path).columns)
    from fairhac import _table

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _table.unique_names(header) == expected
    assert any("renamed as pandas renames them" in str(w.message) for w in caught)
    if CLI.exists() or "FAIRHAC_CLI" in os.environ:
        out = tmp_path / "out"
        subprocess.run([str(CLI), "cluster", str(path), "-k", "2", "--out", str(out), "--quiet"], check=True)
        import json

        assert json.loads((out / "summary.json").read_text())["input"]["features"] == expected
    # A DataFrame with repeated names: the core's summary names the copies apart.
    X = pd.DataFrame(np.arange(24, dtype=float).reshape(8, 3) ** 1.5, columns=["p", "p", "q"])
    with pytest.warns(fairhac.FairHACWarning, match="'p' -> 'p.1'"):
        est = FairAgglomerativeClustering(2, method="hac").fit(X)
    assert est.summary_json_["input"]["features"] == ["p", "p.1", "q"]


def test_form_auto_by_default_and_a_refusal_names_the_summarised_form(rng):
    assert FairAgglomerativeClustering().form == "auto"
    X = rng.normal(size=(3000, 2))
    groups = np.arange(3000) % 2
    with pytest.raises(MemoryError, match=r"form='auto' or form='summarised' runs it in the summarised form"):
        FairAgglomerativeClustering(4, d=1, form="exact", memory_limit="16M").fit(X, groups=groups)
    with pytest.warns(fairhac.FairHACWarning, match="summarises"):
        est = FairAgglomerativeClustering(4, d=1, memory_limit="16M").fit(X, groups=groups)
    assert est.form_ == "summarised" and len(est.labels_) == 3000


@needs_cli
def test_recommendation_prints_the_cli_line(tmp_path):
    data = np.random.default_rng(3).normal(size=(150, 3))
    data[:50] += 3
    groups = np.where(np.arange(150) < 50, "a", np.where(np.arange(150) % 3 == 0, "a", "b"))
    result = fairhac.tune(data, groups, 3, linkage="ward", rules=["gain", "window"])
    path = tmp_path / "d.csv"
    pd.DataFrame({"x0": data[:, 0], "x1": data[:, 1], "x2": data[:, 2], "grp": groups}).to_csv(path, index=False,
                                                                                           float_format="%.17g")
    run = subprocess.run([str(CLI), "tune", str(path), "--group", "grp", "-k", "3", "--linkage", "ward", "--scale", "none",
                          "--rule", "gain", "window", "--out", str(tmp_path / "t")], capture_output=True, text=True, check=True)
    line = next(l for l in run.stdout.splitlines() if l.startswith("recommended for mfc: "))
    assert str(result.recommendation) == line
    assert isinstance(result.recommendation, dict) and "rule" in result.recommendation
    assert repr(result.recommendation).startswith("<Recommendation ")


def test_fair_at_every_level_is_a_verdict_with_details(rng):
    X = rng.normal(size=(200, 2))
    groups = np.where(rng.random(200) < 0.4, "a", "b")
    fair = fairhac.make_fair(fairhac.linkage(X, "average"), groups)
    levels = fair.fair_at_every_level
    assert isinstance(levels.fair, bool) and bool(levels) == levels.fair
    last = levels.levels[-1]
    assert levels.fair == (last["fair"] == last["clusters"]) and levels.min_size == last["min_size"]
    assert [r["min_size"] for r in levels] == [2, 10, 2] and levels[0] == levels.levels[0] and len(levels) == 3
    text = str(levels)
    assert text.startswith("fair at every level: " + ("yes" if levels.fair else "no"))
    assert "within 0.1 of the data's shares" in text and ">= 10:" in text
    est = FairAgglomerativeClustering(3, method="makefair").fit(X, groups=groups)
    assert est.makefair_.fair_at_every_level.levels == est.summary_json_["fair_at_every_level"]["levels"]


def test_nullable_and_text_numbers_are_read_as_the_cli_reads_them(rng):
    df = pd.DataFrame({"a": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
                       "b": pd.array([0.5, 1.5, None, 2.0, 1.0, 0.0], dtype="Float64"),
                       "c": ["1", "2", "3.5", " 4 ", "5e0", "6"]})
    with pytest.raises(ValueError, match=r"\(column 'a': 1 missing; column 'b': 1 missing\)"):
        FairAgglomerativeClustering(2, method="hac").fit(df)
    est = FairAgglomerativeClustering(2, method="hac", drop_missing=True).fit(df)
    np.testing.assert_array_equal(est.row_indices_, [0, 3, 4, 5])
    kept = np.array([[1, 0.5, 1], [4, 2.0, 4], [5, 1.0, 5], [6, 0.0, 6]])
    plain = FairAgglomerativeClustering(2, method="hac").fit(kept)
    np.testing.assert_array_equal(est.linkage_matrix_, plain.linkage_matrix_)
    with pytest.raises(ValueError, match="no rows left to cluster"):
        FairAgglomerativeClustering(2, method="hac", drop_missing=True).fit(pd.DataFrame({"a": [None, "x", "?"]}))
