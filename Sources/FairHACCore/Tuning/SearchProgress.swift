import Dispatch

/// Where a search for the recommended setting stands, for a progress display: the points done,
/// the best setting so far, and the estimated time left.
public struct SearchProgress: Sendable {
    public enum Phase: String, Sendable {
        /// Every setting over the coarse summary (the fast search).
        case screening
        /// The chosen settings on the requested form (the fast search).
        case confirming
        /// Every setting on the requested form (the full grid).
        case grid
    }

    public var phase: Phase
    /// Points finished in the whole search (screened and confirmed).
    public var done: Int
    /// Points the search plans to run (screen and confirmations planned so far).
    public var total: Int
    /// The estimated share of the work done, 0...1.
    public var fraction: Double
    public var elapsed: Double
    /// Estimated seconds left; `nil` until something was measured.
    public var remaining: Double?
    /// The best setting confirmed so far for the objective, with its figure.
    public var best: String?

    /// "screening 120/300 settings, best so far MFC 0.412 (gain-penalised, b 4, d 1)".
    public var text: String {
        let what: String
        switch phase {
        case .screening: what = "screening"
        case .confirming: what = "confirming"
        case .grid: what = "grid"
        }
        return "\(what) \(done)/\(total) settings" + (best.map { ", best so far \($0)" } ?? "")
    }
}

/// Keeps the search's progress and its time estimate. Work is counted in the screen's units: a
/// screened point weighs its own measured seconds, a confirmed point weighs its screened
/// seconds times the ratio of the two forms' costs, which is measured as soon as confirmations
/// finish and assumed ``priorScale`` times `(leaves / screen leaves)^2` before. Safe to call
/// from the search's workers (calls are serialised by a lock).
final class SearchTracker: @unchecked Sendable {
    private let report: @Sendable (SearchProgress) -> Void
    private let lock = DispatchSemaphore(value: 1)
    private let start = ContinuousClock().now
    private var phase: SearchProgress.Phase
    private var screenTotal = 0, screenDone = 0
    private var screenSeconds: [GridSearch.Setting: Double] = [:]
    private var screenElapsed = 0.0
    private var confirmPlanned: [GridSearch.Setting] = []
    private var confirmDone = 0
    private var confirmWeightDone = 0.0
    private var confirmStarted: Double?
    /// Points the refinement is expected to add beyond those planned.
    private var expectedMore = 0
    private var best: String?
    /// Wall seconds per unit of screen-point seconds on the requested form, before it is measured.
    private let priorScale: Double
    private var lastReport = -1.0

    /// Multiplies `(leaves / screen leaves)^2` for the prior scale: the requested form's fair
    /// loop and scoring per point, relative to the screen's, beyond the size ratio (measured on
    /// the 7,000-row benchmark of docs/benchmarks.md).
    static let priorCostRatio = 1.0

    init(phase: SearchProgress.Phase, total: Int, leaves: Int, screenLeaves: Int, report: @escaping @Sendable (SearchProgress) -> Void) {
        self.phase = phase
        screenTotal = total
        let ratio = Double(leaves) / Double(max(1, screenLeaves))
        priorScale = Self.priorCostRatio * ratio * ratio
        self.report = report
    }

    /// A screened (or, for the grid, evaluated) point finished.
    func screened(_ p: GridSearch.Point) {
        locked {
            screenDone += 1
            screenSeconds[p.setting] = p.seconds
            screenElapsed = now
            emit(force: screenDone == screenTotal)
        }
    }

    /// A round of confirmations starts: `settings` will run, and about `more` may follow.
    func confirming(_ settings: [GridSearch.Setting], more: Int) {
        locked {
            phase = .confirming
            if confirmStarted == nil { confirmStarted = now }
            confirmPlanned += settings
            expectedMore = more
            emit(force: true)
        }
    }

    /// A confirmed point finished; `best` describes the recommendation so far.
    func confirmed(_ p: GridSearch.Point, best: String?) {
        locked {
            confirmDone += 1
            confirmWeightDone += screenSeconds[p.setting] ?? meanScreenSeconds
            if let best { self.best = best }
            emit(force: false)
        }
    }

    /// The best so far (grid strategy).
    func setBest(_ text: String?) { locked { best = text } }

    private var now: Double { seconds(since: start) }
    private var meanScreenSeconds: Double {
        screenSeconds.isEmpty ? 1 : screenSeconds.values.reduce(0, +) / Double(screenSeconds.count)
    }

    /// Wall seconds of the screen per point so far.
    private var screenRate: Double? { screenDone > 0 ? screenElapsed / Double(screenDone) : nil }

    /// Wall seconds per unit of screened seconds on the requested form.
    private var confirmScale: Double? {
        guard let started = confirmStarted, confirmDone > 0, confirmWeightDone > 0 else { return nil }
        return (now - started) / confirmWeightDone
    }

    private func estimate() -> (fraction: Double, remaining: Double?) {
        guard let rate = screenRate else { return (0, nil) }
        let screenLeft = Double(screenTotal - screenDone) * rate
        let screenWork = Double(screenTotal) * rate
        guard phase != .grid else {
            return (Double(screenDone) / Double(max(1, screenTotal)), screenLeft)
        }
        // Screened seconds are CPU time of one point; the screen's wall rate spreads them over threads.
        let perScreenSecond = rate / max(meanScreenSeconds, 1e-9)
        let scale = confirmScale ?? priorScale * perScreenSecond
        let plannedLeft = confirmPlanned.dropFirst(confirmDone).reduce(0) { $0 + (screenSeconds[$1] ?? meanScreenSeconds) }
        let plannedMean = confirmPlanned.isEmpty ? meanScreenSeconds
            : confirmPlanned.reduce(0) { $0 + (screenSeconds[$1] ?? meanScreenSeconds) } / Double(confirmPlanned.count)
        let confirmLeft = (plannedLeft + Double(expectedMore) * plannedMean) * scale
        let confirmDoneWork = confirmWeightDone * scale
        let total = screenWork + confirmDoneWork + confirmLeft
        let left = screenLeft + confirmLeft
        return (total > 0 ? (total - left) / total : 0, left)
    }

    private func emit(force: Bool) {
        let t = now
        guard force || t - lastReport >= 0.1 else { return }
        lastReport = t
        let (fraction, remaining) = estimate()
        report(SearchProgress(
            phase: phase, done: screenDone + confirmDone, total: screenTotal + confirmPlanned.count, fraction: fraction,
            elapsed: t, remaining: remaining, best: best))
    }

    private func locked(_ body: () -> Void) {
        lock.wait()
        body()
        lock.signal()
    }
}
