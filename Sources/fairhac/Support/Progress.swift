import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Status lines for long work: on stderr, only when stderr is a terminal and not `--quiet`,
/// so nothing of it ever lands in files or pipes.
struct StatusLine {
    let enabled: Bool
    /// The terminal's width when known: longer lines would wrap, and the erase before the next
    /// line clears only the last row, so lines are cut to fit.
    private let columns: Int?

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) != 0
        var size = winsize()
        columns = enabled && ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 1 ? Int(size.ws_col) : nil
    }

    func say(_ text: String) {
        guard enabled else { return }
        let fitted = columns.map { text.count < $0 ? text : String(text.prefix($0 - 1)) } ?? text
        writeToStandardError("\u{1B}[2K\r\(fitted)")
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

/// A progress bar with rate and ETA, drawn through a ``StatusLine`` (so only on a terminal):
/// `clustering [#########-----------]  45%  4500/9999 merges, 1234/s, ETA 4 s`.
/// Updates are throttled to ten a second; safe to call from any thread.
final class ProgressBar: @unchecked Sendable {
    private let status: StatusLine
    private let label: String
    private let unit: String
    private let lock = NSLock()
    private let clock = ContinuousClock()
    /// When and at what count the first update came: the rate is measured from there, so work
    /// done before it (reading, distances) does not skew it. Callers whose units are coarse
    /// report `update(0, total)` when the work starts.
    private var origin: (time: ContinuousClock.Instant, done: Int)?
    private var lastShown: ContinuousClock.Instant?

    init(_ status: StatusLine, label: String, unit: String) {
        self.status = status
        self.label = label
        self.unit = unit
    }

    func update(_ done: Int, _ total: Int) {
        guard status.enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        if let lastShown, done < total, now - lastShown < .milliseconds(100) { return }
        lastShown = now
        let start = origin ?? (now, done)
        origin = start
        status.say(Self.line(label: label, done: done, total: total, elapsed: (now - start.time).seconds,
                             unit: unit, counted: done - start.done))
    }

    /// The text of one update (a pure function, for tests).
    /// `counted` units were done in `elapsed` seconds (the rate); `done` of `total` overall.
    static func line(
        label: String, done: Int, total: Int, elapsed: Double, unit: String, counted: Int? = nil, width: Int = 24
    ) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
        // Rounded down, so 100% means done.
        let percent = (fraction * 100).rounded(.down)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = elapsed > 0 ? Double(counted ?? done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : .infinity
        let etaText = eta.isFinite ? String(format: "ETA %.0f s", eta) : "ETA -"
        let rateText = rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.2f", rate)
        return "\(label) [\(bar)] \(String(format: "%3.0f", percent))%  \(done)/\(total) \(unit), \(rateText)/s, \(etaText)"
    }
}
