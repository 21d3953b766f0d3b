/// Pairwise dissimilarities in scipy's condensed layout: the upper triangle, row by row.
///
/// The entry for `i < j` is at `n*i - i*(i+1)/2 + (j - i - 1)`, exactly as in
/// `scipy.spatial.distance.pdist` and `squareform`.
public struct DistanceMatrix: Sendable, Equatable {
    /// Number of observations `n`.
    public let count: Int
    /// `n(n-1)/2` values.
    public internal(set) var condensed: [Double]

    /// Index of the pair `(i, j)`, `i < j`, in ``condensed``.
    @inline(__always)
    public static func index(_ i: Int, _ j: Int, count n: Int) -> Int {
        CondensedLayout.rowBase(i, count: n) &+ j
    }

    /// Number of stored values for `n` observations.
    public static func storageCount(_ n: Int) -> Int { n * (n - 1) / 2 }

    /// The dissimilarity between `i` and `j` (0 when `i == j`).
    public subscript(i: Int, j: Int) -> Double {
        if i == j { return 0 }
        return i < j ? condensed[Self.index(i, j, count: count)] : condensed[Self.index(j, i, count: count)]
    }

    /// Wraps condensed values, checking that they are finite and non-negative.
    public init(condensed: [Double], count: Int) throws {
        guard count >= 1, condensed.count == Self.storageCount(count) else {
            throw ClusteringError.invalidInput(
                "a condensed matrix for \(count) observations has \(Self.storageCount(count)) values, got \(condensed.count)")
        }
        if let bad = condensed.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw ClusteringError.invalidInput("dissimilarity \(condensed[bad]) at condensed index \(bad) is not a finite, non-negative number")
        }
        if let bad = condensed.firstIndex(where: { $0 > Self.largestDistance }) {
            let (i, j) = Self.pair(at: bad, count: count)
            throw ClusteringError.distanceOutOfRange(row: i, column: j, value: condensed[bad], limit: Self.largestDistance)
        }
        self.count = count
        self.condensed = condensed
    }

    /// The largest dissimilarity accepted, ``Observations/largestRangeSum`` (1e100): its square
    /// (ward, centroid and median work on squared distances) and the linkage updates' sums
    /// weighted by cluster sizes then stay far from overflowing.
    public static let largestDistance: Double = Observations.largestRangeSum

    /// The pair `(i, j)`, `i < j`, stored at condensed index `k`.
    static func pair(at k: Int, count n: Int) -> (Int, Int) {
        var i = 0, rowStart = 0
        while i < n - 1, k >= rowStart + (n - 1 - i) {
            rowStart += n - 1 - i
            i += 1
        }
        return (i, i + 1 + (k - rowStart))
    }

    /// Builds the matrix from a square, symmetric matrix with a zero diagonal.
    public init(square rows: [[Double]]) throws {
        let n = rows.count
        guard n >= 1 else { throw ClusteringError.invalidInput("empty distance matrix") }
        var c = [Double]()
        c.reserveCapacity(Self.storageCount(n))
        for i in 0..<n {
            guard rows[i].count == n else {
                throw ClusteringError.invalidInput("distance matrix row \(i) has \(rows[i].count) values; expected \(n) (a square matrix)")
            }
            guard rows[i][i] == 0 else {
                throw ClusteringError.invalidInput("distance matrix diagonal entry (\(i), \(i)) is \(rows[i][i]); expected 0")
            }
            for j in (i + 1)..<max(n, i + 1) {
                let a = rows[i][j], b = rows[j][i]
                let tol = 1e-12 * max(abs(a), abs(b))
                guard abs(a - b) <= tol else {
                    throw ClusteringError.invalidInput("distance matrix is not symmetric: (\(i), \(j)) = \(a) but (\(j), \(i)) = \(b)")
                }
                c.append(a)
            }
        }
        try self.init(condensed: c, count: n)
    }

    /// Computes all pairwise distances, in parallel over rows.
    ///
    /// - Parameter squaringEuclidean: store squared Euclidean distances (the working values of
    ///   ward, centroid and median linkage) instead of `metric`'s values; requires `.euclidean`.
    /// - Complexity: O(n^2 d) time, `n(n-1)/2` doubles of memory.
    public init(
        observations x: Observations, metric: Metric, squaringEuclidean: Bool = false,
        parallelism: Parallelism = .allCores
    ) throws {
        let m = try CondensedMatrix<Double>(observations: x, metric: metric, squaringEuclidean: squaringEuclidean, parallelism: parallelism)
        count = m.count
        condensed = m.values
    }

    /// Squares every value in place (when a precomputed Euclidean matrix feeds ward, centroid
    /// or median linkage, whose working values are squared distances).
    mutating func squareInPlace() {
        condensed.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] *= b[i] }
        }
    }
}
