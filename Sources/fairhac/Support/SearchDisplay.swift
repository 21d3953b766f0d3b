import ArgumentParser
import FairHACCore
import Foundation

/// How the search for the recommended setting shows itself on stderr: on a terminal a bar with
/// the points done, the best setting so far and the time left; otherwise one line per tenth of
/// the work (a search silent for minutes looks hung); nothing with `--quiet`.
final class SearchDisplay: @unchecked Sendable {
    private let status: StatusLine
    private let quiet: Bool
    private let label: String
    private let lock = NSLock()
    private var tenthsShown = 0

    init(_ status: StatusLine, quiet: Bool, label: String) {
        self.status = status
        self.quiet = quiet
        self.label = label
    }

    func update(_ p: SearchProgress) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        if status.enabled {
            status.say(Self.bar(label: label, p))
            return
        }
        let tenths = Int((p.fraction * 10).rounded(.down))
        guard tenths > tenthsShown, tenths < 10 else { return }
        tenthsShown = tenths
        writeToStandardError("\(label): \(tenths * 10)% of the work, \(p.text)\(Self.eta(p).map { ", \($0)" } ?? "")\n")
    }

    /// `tuning [#####-------------------]  21%  65/318 settings, best so far MFC 0.412 (...), ETA 12 s`.
    static func bar(label: String, _ p: SearchProgress, width: Int = 24) -> String {
        let fraction = min(1, max(0, p.fraction))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = String(format: "%3.0f", (fraction * 100).rounded(.down))
        return "\(label) [\(bar)] \(percent)%  \(p.text), " + (eta(p) ?? "ETA -")
    }

    /// "about 12 s left", or `nil` before anything was measured.
    static func eta(_ p: SearchProgress) -> String? {
        guard let r = p.remaining, r.isFinite else { return nil }
        return r < 90 ? String(format: "ETA %.0f s", r) : String(format: "ETA %.1f min", r / 60)
    }
}

extension SearchStrategy: ExpressibleByArgument {}

/// A notice as stderr shows it: `warning: ...` for what may not be what was wanted, else `note: ...`.
func noticeLine(_ notice: ClusteringOutcome.Notice) -> String {
    switch notice.kind {
    case .degenerate, .lessFair, .qualityLoss, .autoFallback: return "warning: \(notice.text)\n"
    case .summarised, .threadsClamped, .note: return "note: \(notice.text)\n"
    }
}
