"""The installed package: its version is the checkout's VERSION (library, metadata and
`fairhac.__version__` alike), and `import fairhac` stays light (scikit-learn, scipy and pandas are
imported only when a feature needs them)."""

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import fairhac

VERSION_FILE = Path(__file__).resolve().parents[2] / "VERSION"


def test_version_is_the_checkouts_everywhere():
    expected = VERSION_FILE.read_text(encoding="utf-8").strip()
    assert fairhac.__version__ == expected  # as the library reports it (fairhac_version)
    assert importlib.metadata.version("fairhac") == expected


def test_the_metadata_carries_the_licence_and_the_readme():
    meta = importlib.metadata.metadata("fairhac")
    assert meta["License-Expression"] == "Apache-2.0"
    files = [str(f) for f in importlib.metadata.files("fairhac") or []]
    assert any(f.endswith("licenses/LICENSE") for f in files), files
    assert "FairAgglomerativeClustering" in (meta.get_payload() or "")


def test_import_leaves_heavy_modules_for_later():
    probe = ("import sys, json, fairhac; heavy = {'sklearn', 'scipy', 'pandas'}; "
             "before = sorted(heavy & {m.split('.')[0] for m in sys.modules}); "
             "fairhac.FairAgglomerativeClustering; "
             "after = sorted(heavy & {m.split('.')[0] for m in sys.modules}); print(json.dumps([before, after]))")
    before, after = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                              check=True).stdout)
    assert before == []
    assert "sklearn" in after  # the estimator is a scikit-learn one, loaded on first use


def test_the_estimator_is_part_of_the_public_names():
    assert "FairAgglomerativeClustering" in dir(fairhac)
    namespace = {}
    exec("from fairhac import *", namespace)
    assert set(fairhac.__all__) <= set(namespace)
    assert namespace["FairAgglomerativeClustering"] is fairhac.FairAgglomerativeClustering
    from fairhac._estimator import FairAgglomerativeClustering

    assert fairhac.FairAgglomerativeClustering is FairAgglomerativeClustering


def test_an_unknown_name_is_an_attribute_error():
    try:
        fairhac.NoSuchThing
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("fairhac.NoSuchThing did not raise AttributeError")
