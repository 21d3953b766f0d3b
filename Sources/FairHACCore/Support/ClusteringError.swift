/// Errors raised by the algorithms.
///
/// Every case carries what a front end needs to word its own message (which parameter, which
/// row or feature, which value); ``description`` words it for a library user, naming parameters
/// as the API does. The `fairhac` tool maps ``Parameter`` to its flag names.
public enum ClusteringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input data or a parameter is not acceptable (a message for a person).
    case invalidInput(String)
    /// A request's parameter, or a combination of them, that cannot run (on any data, or on these
    /// data: k above n, a method needing groups): the caller's usage, not the data's fault.
    case invalidRequest(String)
    /// A parameter's value is outside its domain: `value` as given, `expected` what would do
    /// (a phrase such as "a number >= 1").
    case invalidParameter(Parameter, value: String, expected: String)
    /// The job needs more memory than the given budget allows.
    case insufficientMemory(requiredBytes: Int, availableBytes: Int, largestFittingCount: Int)
    /// Feature `feature` (0-based) spans `low...high`, so wide that distances could overflow a
    /// Double; the features' ranges must add up to at most `limit`.
    case featureOutOfRange(feature: Int, low: Double, high: Double, limit: Double)
    /// The dissimilarity between `row` and `column` (0-based) is above `limit`, the largest the
    /// linkage updates can take without overflowing.
    case distanceOutOfRange(row: Int, column: Int, value: Double, limit: Double)
    /// No fairlet decomposition can meet `requested`: group `group` has `count` of `total`
    /// points; `smallest` is the tightest cap the data can meet.
    case infeasibleCap(requested: FairnessCap, group: String, count: Int, total: Int, smallest: FairnessCap, twoGroups: Bool)
    /// A rule slow enough to be guarded (`paper`) would take about `estimatedSeconds` on `n`
    /// points with this schedule, above `thresholdSeconds`; `force: true` runs it anyway.
    case tooSlow(rule: String, n: Int, estimatedSeconds: Double, thresholdSeconds: Double)
    /// The computation was stopped on request (``Cancellation``).
    case cancelled
    /// Even the summarised form (spec section 10) needs more memory than the budget allows with
    /// the micro-clusters asked for; `largestFittingMicroClusters` would fit (`nil`: none would,
    /// the features and the tree over every point alone are too large).
    case summaryTooLarge(requiredBytes: Int, availableBytes: Int, largestFittingMicroClusters: Int?)
    /// The summarised form fits the budget only with `largestFittingMicroClusters` micro-clusters,
    /// fewer than the `clusters` (k) asked for: a cut into k clusters needs k micro-clusters.
    case summaryTooSmallForClusters(requiredBytes: Int, availableBytes: Int, clusters: Int, largestFittingMicroClusters: Int)
    /// The exact form asked for (`form` exact) needs more memory than the budget, and the
    /// summarised form would run this job: `summarise` says how to ask for it, in the front
    /// end's words (`form='auto' or form='summarised'`, `--form auto or --form summarised`).
    case exactFormTooLarge(requiredBytes: Int, availableBytes: Int, largestFittingCount: Int, summarise: String)
    /// A memory estimate above the budget, worded by the check that made it (a grid's results):
    /// what is needed, what is available and what would fit.
    case memoryRefused(String)

    /// The parameters that ``invalidParameter(_:value:expected:)`` can name, by their request keys
    /// (``ClusteringRequest/Key``); the CLI names them by its options.
    public enum Parameter: String, Sendable, CaseIterable {
        /// ``FairnessCap/init(alpha:)``.
        case alpha
        /// ``FairnessCap/init(ratio:_:)``.
        case ratio
        /// The fairlet local search's epsilon.
        case epsilon = "eps"
        /// ``IdealShares/given(_:)``.
        case idealShares = "ideal"
        /// ``MakeFair/h``: children per split (makefair) or levels abstracted (fairhc).
        case makeFairH = "makefair_h"
        /// ``MakeFair/k``: children per fold (makefair) or number of folds (fairhc).
        case makeFairK = "makefair_k"
        /// ``MakeFair/epsilon``: the split or refine-rebalance size tolerance.
        case makeFairEpsilon = "makefair_eps"
        /// ``LevelFairness/tolerance``: the bounds rho_l +- tolerance of fairness at every level.
        case levelTolerance = "level_tolerance"
    }

    public var description: String {
        switch self {
        case .invalidInput(let message), .invalidRequest(let message):
            return message
        case let .invalidParameter(parameter, value, expected):
            return "\(parameter.rawValue) must be \(expected); got \(value)"
        case let .insufficientMemory(required, available, largest):
            return "this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available; "
                + "the largest number of observations that would fit is about \(largest) (cluster a random subsample)"
        case let .featureOutOfRange(feature, low, high, limit):
            return "feature \(feature) spans \(low) to \(high): distances between observations could overflow "
                + "(the features' ranges must add up to at most \(limit)); rescale it, e.g. z-score it"
        case let .distanceOutOfRange(row, column, value, limit):
            return "dissimilarity (\(row), \(column)) is \(value), above the largest accepted (\(limit)), "
                + "where the linkage updates could overflow; divide the matrix by a constant"
        case let .exactFormTooLarge(required, available, largest, summarise):
            return "the exact form of this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available; "
                + "the largest number of observations that would fit is about \(largest); \(summarise) runs it in the summarised "
                + "form (micro-clusters, exact HAC over them and inside each)"
        case let .memoryRefused(message):
            return message
        case .cancelled:
            return "the computation was cancelled"
        case let .summaryTooLarge(required, available, fitting?):
            return "this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available; the summarised form "
                + "fits with at most about \(fitting) micro-clusters (ask for that many or fewer)"
        case let .summaryTooLarge(required, available, nil):
            return "this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available, and even the summarised "
                + "form with 2 micro-clusters does not fit (the features and the tree over every point); cluster a random subsample"
        case let .summaryTooSmallForClusters(required, available, k, fitting):
            return "this job needs about \(ByteCount(required)) but only \(ByteCount(available)) is available: a cut into k = \(k) clusters "
                + "needs at least \(k) micro-clusters, and the summarised form fits with at most about \(fitting) "
                + "(ask for at most \(fitting) clusters, or cluster a random subsample)"
        case let .tooSlow(rule, n, seconds, threshold):
            return "the \(rule) rule scans the pairs in order at every merge; at n = \(n) with this schedule that takes about "
                + "\(Self.seconds(seconds)) (estimated; refused above \(Int(threshold)) s unless forced). Use the window or gain rule, "
                + "a subsample, a smaller d, or force"
        case let .infeasibleCap(requested, group, count, total, smallest, _):
            return "no fairlet decomposition can meet the cap \(requested.maxShare) (alpha = \(requested.alpha)): group '\(group)' "
                + "has \(count) of \(total) points (share \(Double(count) / Double(max(1, total)))), and the clusters of any "
                + "partition cannot all hold it below its share of the data; the smallest feasible cap is \(smallest) = "
                + "\(smallest.maxShare), i.e. alpha " + (smallest.alpha > 1 ? "\(smallest.alpha) or less" : "1 (no cap)")
        }
    }
}

extension ClusteringError {
    /// "123 s", or "more than 10^9 s" for estimates past any wait.
    public static func seconds(_ s: Double) -> String { s < 1e9 ? "\(Int(s.rounded())) s" : "more than 10^9 s" }
}

/// A byte count printed in binary units, for messages.
public struct ByteCount: CustomStringConvertible, Sendable {
    public var bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }
    public var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        return unit == 0 ? "\(bytes) B" : "\(rounded) \(units[unit])"
    }
}
