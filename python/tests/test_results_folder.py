"""The results folder of Python's writers (the Spark command line) follows the CLI's rules and
reads and writes the CLI's manifest: nothing a run cannot prove it wrote is replaced or removed."""

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from fairhac._results_folder import MARKER, ResultsFolder, ResultsFolderError

REPO = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("FAIRHAC_CLI", REPO / ".build" / "release" / "fairhac"))


def _write(folder, name, text):
    path = Path(folder.path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _run(destination, files, inputs=()):
    """One run writing `files` ({relative path: text})."""
    folder = ResultsFolder(str(destination), inputs=inputs)
    with folder:
        for name, text in files.items():
            _write(folder, name, text)
        folder.commit()


def test_a_new_folder_then_its_own_results_replaced(tmp_path):
    out = tmp_path / "out"
    _run(out, {"summary.json": "{}\n", "labels.parquet/part-0.parquet": "a", "labels.parquet/_SUCCESS": ""})
    manifest = (out / MARKER).read_text().splitlines()
    assert manifest[0] == "fairhac-results 2" and len(manifest) == 4
    assert manifest[1].endswith(" labels.parquet/_SUCCESS") and manifest[-1].endswith(" summary.json")
    (out / "mine.txt").write_text("keep")
    # Its own files are replaced, a stale folder of the earlier run removed, the user's file kept.
    _run(out, {"summary.json": '{"k": 2}\n', "linkage.parquet/part-0.parquet": "z"})
    assert (out / "summary.json").read_text() == '{"k": 2}\n'
    assert not (out / "labels.parquet").exists() and (out / "linkage.parquet" / "part-0.parquet").read_text() == "z"
    assert (out / "mine.txt").read_text() == "keep"
    assert "mine.txt" not in (out / MARKER).read_text()
    assert sorted(os.listdir(out)) == [MARKER, "linkage.parquet", "mine.txt", "summary.json"]


def test_a_users_files_are_never_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("mine")
    with pytest.raises(ResultsFolderError, match="holds files FairHAC did not write"):
        ResultsFolder(str(out))
    assert (out / "summary.json").read_text() == "mine" and os.listdir(out) == ["summary.json"]
    # In a results folder: a changed output, and a file added inside an output folder, are the user's.
    res = tmp_path / "res"
    _run(res, {"summary.json": "{}\n", "labels.parquet/part-0.parquet": "a"})
    (res / "summary.json").write_text("edited")
    with pytest.raises(ResultsFolderError, match="'summary.json' there was not written by FairHAC"):
        ResultsFolder(str(res))
    (res / "summary.json").unlink()
    (res / "labels.parquet" / "notes.txt").write_text("mine")
    with pytest.raises(ResultsFolderError, match="'labels.parquet' there was not written by FairHAC"):
        ResultsFolder(str(res))
    assert (res / "labels.parquet" / "notes.txt").read_text() == "mine"
    # A file where the folder would go.
    (tmp_path / "file").write_text("x")
    with pytest.raises(ResultsFolderError, match="a file is already there"):
        ResultsFolder(str(tmp_path / "file"))


def test_its_own_input_is_refused(tmp_path):
    out = tmp_path / "out"
    _run(out, {"labels.parquet/part-0.parquet": "a", "summary.json": "{}\n"})
    with pytest.raises(ResultsFolderError, match="'labels.parquet' there is this run's input, which the run would replace"):
        ResultsFolder(str(out), inputs=[str(out / "labels.parquet")])
    with pytest.raises(ResultsFolderError, match="'summary.json' there is this run's input"):
        ResultsFolder(str(out), inputs=[str(out / "summary.json")])
    assert (out / "labels.parquet" / "part-0.parquet").read_text() == "a"


def test_a_failed_run_leaves_the_earlier_results(tmp_path):
    out = tmp_path / "out"
    _run(out, {"summary.json": "{}\n"})
    before = (out / MARKER).read_text()
    with pytest.raises(RuntimeError):
        with ResultsFolder(str(out)) as folder:
            _write(folder, "summary.json", "half")
            raise RuntimeError("the run failed")
    assert (out / "summary.json").read_text() == "{}\n" and (out / MARKER).read_text() == before
    assert sorted(os.listdir(out)) == [MARKER, "summary.json"]
    new = tmp_path / "new"
    with pytest.raises(KeyboardInterrupt):
        with ResultsFolder(str(new)):
            raise KeyboardInterrupt
    assert not new.exists() and not [p for p in os.listdir(tmp_path) if p.startswith(".new.partial-")]


def test_only_staging_folders_with_proof_are_cleaned_up(tmp_path):
    """A hidden folder of a staging name is removed only when it carries this tool's proof and its process is gone."""
    dead = 2**22 + 12345  # above the usual pid range
    out = tmp_path / "out"
    _run(out, {"summary.json": "{}\n"})
    users = out / f".fairhac-staging-{dead}"
    users.mkdir()
    (users / "data.csv").write_text("mine")
    ours = out / f".fairhac-staging-{dead + 1}"
    ours.mkdir()
    (ours / ".fairhac-staging").write_text(f"fairhac-staging {dead + 1}\n")
    _run(out, {"summary.json": '{"k": 1}\n'})
    assert (users / "data.csv").read_text() == "mine" and not ours.exists()


@pytest.mark.skipif(not CLI.exists(), reason="needs the CLI binary (FAIRHAC_CLI or .build/release/fairhac)")
def test_the_cli_and_python_agree_on_the_manifest(tmp_path):
    """A folder the CLI wrote is proven to Python (the same digest), and Python replaces its files."""
    rng = np.random.default_rng(0)
    data = tmp_path / "data.csv"
    data.write_text("x,y,g\n" + "".join(f"{float(a)!r},{float(b)!r},{'ab'[i % 2]}\n" for i, (a, b) in enumerate(rng.normal(size=(40, 2)))))
    out = tmp_path / "out"
    subprocess.run([str(CLI), "cluster", str(data), "--group", "g", "-k", "2", "--out", str(out), "--quiet"], check=True)
    cli_files = sorted(os.listdir(out))
    assert "summary.json" in cli_files and MARKER in cli_files
    # Python proves every CLI file: it replaces summary.json and removes the CLI's other outputs as stale.
    _run(out, {"summary.json": "{}\n", "labels.parquet/part-0.parquet": "a"})
    assert sorted(os.listdir(out)) == [MARKER, "labels.parquet", "summary.json"]
    # ... and refuses one the user changed, as the CLI does.
    (out / "summary.json").write_text("edited")
    result = subprocess.run([str(CLI), "cluster", str(data), "--group", "g", "-k", "2", "--out", str(out), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "summary.json" in result.stderr
    with pytest.raises(ResultsFolderError, match="summary.json"):
        ResultsFolder(str(out))
