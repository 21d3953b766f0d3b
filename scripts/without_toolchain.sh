#!/usr/bin/env bash
# Runs a command as if no Swift toolchain were installed: the toolchain's folder (found from `swift`
# on PATH, e.g. /opt/swift) is hidden under an empty tmpfs in a private mount namespace, so neither
# `swift` nor the Swift runtime's libraries can be found; the rest of the machine is unchanged.
#
#   scripts/without_toolchain.sh COMMAND [ARGS...]
#
# As root it uses `unshare -m`; otherwise `unshare -rm` (an unprivileged user namespace, where the
# kernel allows it). .ci/run runs the installed wheel's checks this way.
set -euo pipefail

fail() { echo "without_toolchain.sh: $*" >&2; exit 1; }
[ $# -ge 1 ] || fail "usage: scripts/without_toolchain.sh COMMAND [ARGS...]"
command -v unshare >/dev/null || fail "unshare (util-linux) is needed"

swift="$(command -v swift || true)"
[ -n "$swift" ] || fail "no swift on PATH: nothing to hide (run the command directly)"
# .../usr/bin/swift -> the toolchain's folder, the one above usr/.
toolchain="$(dirname "$(dirname "$(dirname "$(readlink -f "$swift")")")")"
case "$toolchain" in
    / | /usr | /usr/local | "$HOME") fail "the toolchain is installed into $toolchain with the rest of the system; hiding it would hide everything. Install it in a folder of its own (e.g. /opt/swift) to run this check" ;;
esac

if [ "$(id -u)" -eq 0 ]; then namespace=(unshare -m); else namespace=(unshare -rm); fi
# shellcheck disable=SC2016
exec "${namespace[@]}" sh -c '
    hidden="$1"; shift
    mount -t tmpfs -o size=1m,mode=755 no-swift-toolchain "$hidden" || exit 1
    if command -v swift >/dev/null 2>&1 || [ -n "$(ls -A "$hidden")" ]; then
        echo "without_toolchain.sh: $hidden is still visible" >&2; exit 1
    fi
    echo "without_toolchain.sh: $hidden hidden (an empty tmpfs); no swift on PATH" >&2
    exec "$@"
' without_toolchain "$toolchain" "$@"
