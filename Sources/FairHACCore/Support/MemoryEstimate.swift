/// An estimate of the peak memory of a clustering job, made before anything large is allocated.
public struct MemoryEstimate: Sendable, Equatable {
    public enum Input: Sendable { case features, precomputed }

    public var observations: Int
    public var dimension: Int
    public var linkage: Linkage
    public var input: Input
    /// Whether the fair merge loop runs (it always needs the matrix).
    public var fair: Bool

    public init(observations: Int, dimension: Int, linkage: Linkage, input: Input, fair: Bool = false) {
        self.observations = observations
        self.dimension = dimension
        self.linkage = linkage
        self.input = input
        self.fair = fair
    }

    /// Whether the job keeps the condensed distance matrix.
    public var needsMatrix: Bool { fair || linkage != .single || input == .precomputed }

    /// Estimated peak bytes: the matrix (if any), the features, and O(n) bookkeeping.
    public var bytes: Int { Self.bytes(n: observations, d: dimension, matrix: needsMatrix) }

    /// Saturates at `Int.max` instead of overflowing.
    static func bytes(n: Int, d: Int, matrix: Bool) -> Int {
        func times(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? Int.max : r
        }
        func plus(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? Int.max : r
        }
        let condensed = matrix ? times(8, times(n, max(0, n - 1)) / 2) : 0
        return plus(plus(condensed, times(times(8, n), d)), plus(times(160, n), 1 << 20))
    }

    /// The largest number of observations whose estimate fits in `budget` bytes.
    public func largestFittingCount(budget: Int) -> Int {
        var lo = 1, hi = max(2, observations)
        while Self.bytes(n: hi, d: dimension, matrix: needsMatrix) <= budget, hi < Int(Int32.max) { hi *= 2 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Self.bytes(n: mid, d: dimension, matrix: needsMatrix) <= budget { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Throws ``ClusteringError/insufficientMemory(requiredBytes:availableBytes:largestFittingCount:)``
    /// when `estimate` exceeds `budget`.
    public static func check(_ estimate: MemoryEstimate, budget: Int?) throws {
        guard let budget, estimate.bytes > budget else { return }
        throw ClusteringError.insufficientMemory(
            requiredBytes: estimate.bytes, availableBytes: budget,
            largestFittingCount: estimate.largestFittingCount(budget: budget))
    }
}
