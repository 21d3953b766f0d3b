#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Status lines for long work: on stderr, only when stderr is a terminal and not `--quiet`,
/// so nothing of it ever lands in files or pipes.
struct StatusLine {
    let enabled: Bool

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) != 0
    }

    func say(_ text: String) {
        guard enabled else { return }
        writeToStandardError("\u{1B}[2K\r\(text)")
    }

    func done() {
        guard enabled else { return }
        writeToStandardError("\u{1B}[2K\r")
    }
}

/// Writes text to file descriptor 2 without going through the C `stderr` global.
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
