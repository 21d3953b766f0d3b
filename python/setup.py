"""Builds the Swift library (the C ABI product FairHACC, release mode) and ships it in the package.

`pip install ./python` runs this from the repository's python/ folder: `swift build -c release
--product FairHACC` in the folder above (the Swift package), then the library is copied into the
fairhac package, which loads it with ctypes (no C extension is compiled).
Set FAIRHAC_SWIFT_PACKAGE to build from another checkout, FAIRHAC_LIBRARY to ship a library
built beforehand instead of building.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
LIBRARY = "libFairHACC.dylib" if sys.platform == "darwin" else "libFairHACC.so"


class BuildSwiftLibrary(build_py):
    def run(self):
        super().run()
        built = os.environ.get("FAIRHAC_LIBRARY")
        if built:
            source = Path(built)
        else:
            package = Path(os.environ.get("FAIRHAC_SWIFT_PACKAGE", HERE.parent))
            if not (package / "Package.swift").exists():
                raise SystemExit(
                    f"fairhac: no Package.swift in {package}; install from a FairHAC checkout "
                    "(pip install ./python) or set FAIRHAC_SWIFT_PACKAGE / FAIRHAC_LIBRARY")
            if shutil.which("swift") is None:
                raise SystemExit("fairhac: the Swift toolchain (swift) is needed to build the library; see README.md")
            command = ["swift", "build", "-c", "release", "--product", "FairHACC"]
            print("fairhac: " + " ".join(command) + f"  (in {package})", flush=True)
            subprocess.run(command, cwd=package, check=True)
            source = package / ".build" / "release" / LIBRARY
        if not source.exists():
            raise SystemExit(f"fairhac: the built library {source} is missing")
        target = Path(self.build_lib) / "fairhac" / LIBRARY
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


class BinaryDistribution(Distribution):
    """The package ships a native library: wheels are platform-specific."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildSwiftLibrary}, distclass=BinaryDistribution)
