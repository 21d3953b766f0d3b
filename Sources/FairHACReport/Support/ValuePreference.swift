import FairHACCore

/// Which values of a measure are better.
public enum ValuePreference: Sendable, Equatable {
    case lower, higher

    /// MFC prefers lower values, balance higher ones.
    public init(_ objective: GridSearch.Objective) {
        self = objective == .mfc ? .lower : .higher
    }

    /// Whether `a` is strictly better than `b`.
    func isBetter(_ a: Double, than b: Double) -> Bool { self == .lower ? a < b : a > b }
}
