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

/// Keeps the search's progress and its time estimate: the screen's points at the rate measured
/// so far; the confirmations, before the first one ends, at the screen's rate times
/// ``priorCostRatio`` times `(leaves / screen leaves)^2`, then at the rate measured on them; the
/// refinement's points by ``expected`` (the count is known only as it goes). Safe to call from the
/// search's workers (calls are serialised by a lock).
final class SearchTracker: @unchecked Sendable {
    private let report: @Sendable (SearchProgress) -> Void
    private let lock = DispatchSemaphore(value: 1)
    private let start = ContinuousClock().now
    private var phase: SearchProgress.Phase
    private let screenTotal: Int
    private var screenDone = 0
    private var screenElapsed = 0.0
    private var confirmPlanned = 0
    private var confirmDone = 0
    private var confirmStarted: Double?
    /// Points the refinement is expected to add beyond those planned.
    private var expectedMore = 0
    private var best: String?
    private let sizeRatio: Double
    private var lastReport = -1.0

    /// A confirmed point costs about this many times a screened one beyond the size ratio
    /// squared (the exact form's near lists and scoring; measured on the 7,000-row benchmark of
    /// docs/benchmarks.md: 1-10 times, about 1.5 in the median).
    static let priorCostRatio = 1.5

    /// `expected`: the confirmations the search is expected to make (0 for the grid).
    init(
        phase: SearchProgress.Phase, total: Int, leaves: Int, screenLeaves: Int, expected: Int = 0,
        report: @escaping @Sendable (SearchProgress) -> Void
    ) {
        self.phase = phase
        screenTotal = total
        expectedMore = expected
        let ratio = Double(leaves) / Double(max(1, screenLeaves))
        sizeRatio = ratio * ratio
        self.report = report
    }

    /// A screened (or, for the grid, evaluated) point finished.
    func screened(_ p: GridSearch.Point) {
        locked {
            screenDone += 1
            screenElapsed = now
            emit(force: screenDone == screenTotal)
        }
    }

    /// A round of confirmations starts: `count` points will run, and about `more` may follow.
    func confirming(_ count: Int, more: Int) {
        locked {
            phase = .confirming
            if confirmStarted == nil { confirmStarted = now }
            confirmPlanned += count
            expectedMore = more
            emit(force: true)
        }
    }

    /// A confirmed point finished; `best` describes the recommendation so far.
    func confirmed(_ p: GridSearch.Point, best: String?) {
        locked {
            confirmDone += 1
            if let best { self.best = best }
            emit(force: false)
        }
    }

    /// The best so far (grid strategy).
    func setBest(_ text: String?) { locked { best = text } }

    private var now: Double { seconds(since: start) }

    private func estimate(at t: Double) -> (fraction: Double, remaining: Double?) {
        guard screenDone > 0 else { return (0, nil) }
        let rate = screenElapsed / Double(screenDone)
        var left = Double(screenTotal - screenDone) * rate
        if phase != .grid {
            let perConfirmation: Double
            if let started = confirmStarted, confirmDone > 0 {
                perConfirmation = (t - started) / Double(confirmDone)
            } else {
                perConfirmation = rate * sizeRatio * Self.priorCostRatio
            }
            left += Double(max(0, confirmPlanned - confirmDone) + expectedMore) * perConfirmation
        }
        return (t / (t + left), left)
    }

    private func emit(force: Bool) {
        let t = now
        guard force || t - lastReport >= 0.1 else { return }
        lastReport = t
        let (fraction, remaining) = estimate(at: t)
        report(SearchProgress(
            phase: phase, done: screenDone + confirmDone, total: screenTotal + confirmPlanned, fraction: fraction,
            elapsed: t, remaining: remaining, best: best))
    }

    private func locked(_ body: () -> Void) {
        lock.wait()
        body()
        lock.signal()
    }
}
