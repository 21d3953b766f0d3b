/// A dense table of numeric observations: `count` rows of `dimension` features, row-major.
///
/// This is the input of every clustering method that works on feature vectors. Values must be
/// finite; the I/O layer reports missing or invalid cells before an `Observations` is built.
public struct Observations: Sendable, Equatable {
    /// Number of observations (rows), `n`.
    public let count: Int
    /// Number of features (columns), `d`.
    public let dimension: Int
    /// Row-major values: feature `j` of row `i` is `values[i * dimension + j]`.
    public private(set) var values: [Double]

    /// Creates observations from row-major storage.
    /// - Throws: ``ClusteringError/invalidInput(_:)`` when the sizes disagree or a value is not finite.
    public init(count: Int, dimension: Int, values: [Double]) throws {
        guard count >= 0, dimension >= 1 else {
            throw ClusteringError.invalidInput("observations need at least one feature (got \(dimension))")
        }
        guard values.count == count * dimension else {
            throw ClusteringError.invalidInput(
                "expected \(count) x \(dimension) = \(count * dimension) values, got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ClusteringError.invalidInput(
                "value at row \(bad / dimension), feature \(bad % dimension) is \(values[bad]); values must be finite")
        }
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// Storage already known to be finite and of the right size.
    private init(unchecked values: [Double], count: Int, dimension: Int) {
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// Creates observations from an array of rows of equal length.
    public init(rows: [[Double]]) throws {
        guard let first = rows.first else {
            throw ClusteringError.invalidInput("no observations")
        }
        if let bad = rows.firstIndex(where: { $0.count != first.count }) {
            throw ClusteringError.invalidInput(
                "row \(bad) has \(rows[bad].count) features, row 0 has \(first.count)")
        }
        try self.init(count: rows.count, dimension: first.count, values: rows.flatMap { $0 })
    }

    /// The features of row `i`.
    public func row(_ i: Int) -> ArraySlice<Double> {
        values[(i * dimension)..<((i + 1) * dimension)]
    }

    /// The observations at the given row indices, in that order.
    public func selecting(rows indices: [Int]) -> Observations {
        var out = [Double]()
        out.reserveCapacity(indices.count * dimension)
        for i in indices { out.append(contentsOf: row(i)) }
        // Values were validated when `self` was built; the fallback is never taken.
        return (try? Observations(count: indices.count, dimension: dimension, values: out))
            ?? Observations(unchecked: out, count: indices.count, dimension: dimension)
    }
}

extension Observations {
    /// The largest sum, over the features, of `max(high - low, |low|, |high|)` that the
    /// algorithms accept (see ``checkDistanceRange()``).
    ///
    /// Every metric's distance is at most the sum of the features' ranges (cityblock is the
    /// largest), so distances stay below 1e100 and their squares below 1e200: the linkage
    /// updates (sums weighted by cluster sizes), ward's squared working values, the cosine norms,
    /// the silhouette and the tree objectives then stay far from a Double's 1.8e308.
    public static let largestRangeSum: Double = 1e100

    /// Checks that no distance computed from these observations can overflow.
    /// - Throws: ``ClusteringError/featureOutOfRange(feature:low:high:limit:)`` naming the widest
    ///   feature when the features' ranges and magnitudes add up to more than ``largestRangeSum``.
    /// - Complexity: O(n d).
    public func checkDistanceRange() throws {
        guard count > 0 else { return }
        var total = 0.0
        var widest = (feature: 0, low: 0.0, high: 0.0, span: -Double.infinity)
        for j in 0..<dimension {
            var low = values[j], high = values[j]
            for i in 1..<count {
                let v = values[i * dimension + j]
                low = min(low, v)
                high = max(high, v)
            }
            // Halved first so that the subtraction cannot overflow; infinite when it would.
            let span = 2 * max(high / 2 - low / 2, abs(low) / 2, abs(high) / 2)
            total += span
            if span > widest.span { widest = (j, low, high, span) }
        }
        guard total <= Self.largestRangeSum else {
            throw ClusteringError.featureOutOfRange(
                feature: widest.feature, low: widest.low, high: widest.high, limit: Self.largestRangeSum)
        }
    }
}
