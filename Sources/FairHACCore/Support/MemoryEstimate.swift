/// An estimate of the peak memory of a clustering job, made before anything large is allocated.
public struct MemoryEstimate: Sendable, Equatable {
    public enum Input: Sendable { case features, precomputed }

    public var observations: Int
    public var dimension: Int
    public var linkage: Linkage
    public var input: Input
    /// Whether the fair merge loop runs (it always needs the matrix).
    public var fair: Bool
    /// The form vanilla HAC on features would use (see ``HierarchicalClustering/Form``).
    public var form: HierarchicalClustering.Form
    /// The width of the matrix's values (``Precision``): 8 or 4 bytes each.
    public var precision: Precision

    public init(
        observations: Int, dimension: Int, linkage: Linkage, input: Input, fair: Bool = false,
        form: HierarchicalClustering.Form = .automatic, precision: Precision = .double
    ) {
        self.observations = observations
        self.dimension = dimension
        self.linkage = linkage
        self.input = input
        self.fair = fair
        self.form = form
        self.precision = precision
    }

    /// Whether the job keeps the condensed distance matrix: fair HAC and precomputed input
    /// always do; vanilla single linkage never does, nor do ward, centroid and median in their
    /// vector form.
    public var needsMatrix: Bool {
        fair || input == .precomputed
            || !HierarchicalClustering.usesVectors(linkage: linkage, count: observations, dimension: dimension, form: form)
    }

    /// Whether the job keeps a copy of the features as cluster centroids.
    var needsCentroids: Bool { !needsMatrix && linkage.requiresEuclidean }

    /// Estimated peak bytes: the matrix (if any), the features (twice for centroids), the fair
    /// loop's near lists at their most (``NearLists``: 16 KiB per row), and O(n) bookkeeping.
    public var bytes: Int {
        Self.bytes(
            n: observations, d: dimension, matrix: needsMatrix, centroids: needsCentroids, nearLists: fair,
            bytesPerValue: precision.bytesPerValue)
    }

    /// Saturates at `Int.max` instead of overflowing.
    static func bytes(n: Int, d: Int, matrix: Bool, centroids: Bool = false, nearLists: Bool = false, bytesPerValue: Int = 8) -> Int {
        func times(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? Int.max : r
        }
        func plus(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? Int.max : r
        }
        let condensed = matrix ? times(bytesPerValue, times(n, max(0, n - 1)) / 2) : 0
        let lists = nearLists ? times(n, 16 * NearLists.defaultCapacity) : 0
        return plus(plus(condensed, times(times(centroids ? 16 : 8, n), d)), plus(plus(times(160, n), lists), 1 << 20))
    }

    /// The largest number of observations whose estimate fits in `budget` bytes.
    public func largestFittingCount(budget: Int) -> Int {
        var lo = 1, hi = max(2, observations)
        func fits(_ count: Int) -> Bool {
            var e = self
            e.observations = count
            return e.bytes <= budget
        }
        while fits(hi), hi < Int(Int32.max) { hi *= 2 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if fits(mid) { lo = mid } else { hi = mid - 1 }
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

extension MemoryEstimate {
    /// Estimated peak bytes of the summarised form (spec section 10) on n observations of d
    /// features with m micro-clusters: the features and the O(n) tables of the summary and the
    /// assembled tree (about 120 bytes a row), the top level as a job on m points (its matrix
    /// when it keeps one, the fair loop's near lists), and one exact problem of `belowSize`
    /// points per thread below (the summarised form caps it to what the budget leaves, see
    /// ``SummarisedClustering/belowLimit``).
    public static func summarisedBytes(
        observations n: Int, dimension d: Int, microClusters m: Int, linkage: Linkage, fair: Bool, belowSize: Int, threads: Int,
        form: HierarchicalClustering.Form = .automatic
    ) -> Int {
        let top = MemoryEstimate(
            observations: max(2, m), dimension: d, linkage: linkage, input: .features, fair: fair, form: form)
        let belowSize = min(max(2, belowSize), max(2, n))
        let below = MemoryEstimate(observations: belowSize, dimension: d, linkage: linkage, input: .features, form: form)
        let perRow = bytes(n: n, d: d, matrix: false)
        let (belowAll, o1) = below.bytes.multipliedReportingOverflow(by: max(1, threads))
        let (sum1, o2) = top.bytes.addingReportingOverflow(perRow)
        let (sum2, o3) = sum1.addingReportingOverflow(o1 ? Int.max : belowAll)
        return o1 || o2 || o3 ? Int.max : sum2
    }

    /// Throws when a summarised job of `bytes` exceeds `budget`, naming the largest number of
    /// micro-clusters whose job (`estimate(m)`) would fit, or saying that none would, or that
    /// fewer than the `clusters` a fair top must make would.
    static func check(bytes: Int, budget: Int?, microClusters: Int, clusters: Int = 2, estimate: (Int) -> Int) throws {
        guard let budget, bytes > budget else { return }
        var lo = 1, hi = max(2, microClusters)
        if estimate(2) > budget {
            throw ClusteringError.summaryTooLarge(requiredBytes: bytes, availableBytes: budget, largestFittingMicroClusters: nil)
        }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if estimate(mid) <= budget { lo = mid } else { hi = mid - 1 }
        }
        if max(2, lo) < clusters {
            throw ClusteringError.summaryTooSmallForClusters(
                requiredBytes: bytes, availableBytes: budget, clusters: clusters, largestFittingMicroClusters: max(2, lo))
        }
        throw ClusteringError.summaryTooLarge(requiredBytes: bytes, availableBytes: budget, largestFittingMicroClusters: max(2, lo))
    }
}
