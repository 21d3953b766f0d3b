"""Builds the Swift library (the C ABI product FairHACC, release mode) and ships it in the package.

`pip install ./python` runs this from the repository's python/ folder: `swift build -c release
--product FairHACC` in the folder above (the Swift package), then the library is copied into the
fairhac package, which loads it with ctypes (no C extension is compiled, so the wheel is tagged
py3-none-<platform>: any Python 3, this platform only).
Set FAIRHAC_SWIFT_PACKAGE to build from another checkout, FAIRHAC_LIBRARY to ship a library
built beforehand instead of building (scripts/build_wheel.sh ships one with the Swift runtime
linked in, and makes the wheel a manylinux one).

The version is the Swift package's: the file VERSION at the checkout's root, which the Swift
constant FairHACVersion.string must equal (checked here and by the Swift tests).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
PACKAGE = Path(os.environ.get("FAIRHAC_SWIFT_PACKAGE", HERE.parent))
LIBRARY = "libFairHACC.dylib" if sys.platform == "darwin" else "libFairHACC.so"
SWIFT_VERSION = Path("Sources/FairHACCore/Support/FairHACVersion.swift")


def version():
    """VERSION at the checkout's root, after checking that the Swift constant says the same."""
    file = PACKAGE / "VERSION"
    if not file.exists():
        raise SystemExit(
            f"fairhac: no VERSION file in {PACKAGE}; build from a FairHAC checkout (pip install ./python, "
            "scripts/build_wheel.sh) or set FAIRHAC_SWIFT_PACKAGE")
    text = file.read_text(encoding="utf-8").strip()
    if not re.fullmatch(r"\d+\.\d+\.\d+", text):
        raise SystemExit(f"fairhac: {file} holds {text!r}; expected MAJOR.MINOR.PATCH")
    swift = PACKAGE / SWIFT_VERSION
    found = re.search(r'static let string = "([^"]*)"', swift.read_text(encoding="utf-8")) if swift.exists() else None
    if found is None or found.group(1) != text:
        said = found.group(1) if found else "nothing"
        raise SystemExit(f"fairhac: {file} says {text} but {swift} says {said}; set both to the same version")
    return text


class BuildSwiftLibrary(build_py):
    def run(self):
        super().run()
        built = os.environ.get("FAIRHAC_LIBRARY")
        if built:
            source = Path(built)
        else:
            if not (PACKAGE / "Package.swift").exists():
                raise SystemExit(
                    f"fairhac: no Package.swift in {PACKAGE}; install from a FairHAC checkout "
                    "(pip install ./python) or set FAIRHAC_SWIFT_PACKAGE / FAIRHAC_LIBRARY, or install the wheel "
                    "that scripts/build_wheel.sh builds")
            if shutil.which("swift") is None:
                raise SystemExit(
                    "fairhac: the Swift toolchain (swift) is needed to build the library; install the wheel that "
                    "scripts/build_wheel.sh builds instead, or see README.md")
            command = ["swift", "build", "-c", "release", "--product", "FairHACC"]
            print("fairhac: " + " ".join(command) + f"  (in {PACKAGE})", flush=True)
            subprocess.run(command, cwd=PACKAGE, check=True)
            source = PACKAGE / ".build" / "release" / LIBRARY
        if not source.exists():
            raise SystemExit(f"fairhac: the built library {source} is missing")
        target = Path(self.build_lib) / "fairhac" / LIBRARY
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


class PlatformWheel(bdist_wheel):
    """py3-none-<platform>: ctypes loads the library, so any Python 3 on this platform can use it,
    and no other platform can install it."""

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


class BinaryDistribution(Distribution):
    """The package ships a native library: wheels are platform-specific."""

    def has_ext_modules(self):
        return True


setup(
    version=version(),
    cmdclass={"build_py": BuildSwiftLibrary, "bdist_wheel": PlatformWheel},
    distclass=BinaryDistribution,
)
