/// The size of a grid search, estimated and checked before any work: a grid is a job like any
/// other, and a 15,000 x 15,000 grid must be refused with the sizes that would fit, not run
/// for days or abort allocating its results.
extension GridSearch {
    /// Estimated seconds of one grid point at `n` observations on one thread: the fair loop and
    /// the point's evaluation (silhouette, Dasgupta cost), both O(n^2). A deliberately high
    /// figure (measured about 1-2e-8 n^2 s for the gain and window rules on 2 cores, release
    /// build), so that the estimate errs towards refusing.
    public static func secondsPerPoint(n: Int) -> Double { 3e-8 * Double(n) * Double(n) }

    /// Estimated seconds above which a grid is refused without `force`.
    public static let forceThresholdSeconds = 3600.0

    /// Number of grid points, without building the list (saturating: a grid too large to count
    /// is `Int.max`).
    public var pointCount: Int {
        var total = 0
        for rule in rules {
            let (perRule, o1) = (rule.readsB ? gridB.count : 1).multipliedReportingOverflow(by: gridD.count)
            let (sum, o2) = total.addingReportingOverflow(perRule)
            if o1 || o2 { return .max }
            total = sum
        }
        return total
    }

    /// Bytes the results of `points` grid points take: the setting, its evaluation (cluster
    /// sizes, per-attribute figures) and its row in the outputs.
    public static func resultBytes(points: Int, clusterCount k: Int, groupCount m: Int) -> Int {
        // Saturating: k and m come from the caller (k = 2^62 must be refused, not trap).
        let (terms, o1) = k.addingReportingOverflow(m.multipliedReportingOverflow(by: 2).partialValue)
        let (scaled, o2) = terms.multipliedReportingOverflow(by: 8)
        let (perPoint, o3) = scaled.addingReportingOverflow(512)
        let (bytes, o4) = points.multipliedReportingOverflow(by: perPoint)
        return o1 || o2 || o3 || o4 || m > Int.max / 2 ? .max : bytes
    }

    /// Checks the grid's size before any work.
    /// - Throws: ``ClusteringError/memoryRefused(_:)`` when the results would not fit `budget`
    ///   (always); ``ClusteringError/invalidInput(_:)`` when the estimated time is above ``forceThresholdSeconds`` and `force` is
    ///   off; the message gives the estimate and the number of points that would fit.
    public func checkSize(n: Int, groupCount m: Int, budget: Int?) throws {
        let points = pointCount
        let shape = rules.map { "\($0.name): \($0.readsB ? "\(gridB.count) b x " : "")\(gridD.count) d" }.joined(separator: ", ")
        let perPointBytes = Self.resultBytes(points: 1, clusterCount: clusterCount, groupCount: m)
        if let budget, Self.resultBytes(points: points, clusterCount: clusterCount, groupCount: m) > budget {
            throw ClusteringError.memoryRefused(
                "the grid has \(points == .max ? "too many" : "\(points)") points (\(shape)); their results alone need more than the "
                    + "\(ByteCount(budget)) available. At most about \(budget / perPointBytes) points would fit: use fewer b or d values")
        }
        let threads = Double(max(1, min(parallelism.threads, points)))
        let seconds = Double(points) * Self.secondsPerPoint(n: n) / threads
        if !force && seconds > Self.forceThresholdSeconds {
            let fitting = Int(Self.forceThresholdSeconds * threads / max(Self.secondsPerPoint(n: n), 1e-12))
            throw ClusteringError.invalidInput(
                "the grid has \(points) points (\(shape)); at n = \(n) that takes about \(ClusteringError.seconds(seconds)) "
                    + "(estimated; refused above \(Int(Self.forceThresholdSeconds)) s unless forced). About \(max(1, fitting)) points "
                    + "fit in that time: use fewer b or d values, a subsample, or force it (--force; force=True in Python)")
        }
    }
}

extension GridSearch {
    /// Checks that a grid over `n` points of `dimension` features fits `budget`: every thread
    /// runs its own fair loop on a copy of the matrix, beside the shared one and the Euclidean
    /// one of the evaluation, so each gets `budget / (threads + 2)`.
    public static func checkMemory(n: Int, dimension: Int, linkage: Linkage, budget: Int?, threads: Int) throws {
        try MemoryEstimate.check(
            MemoryEstimate(observations: n, dimension: dimension, linkage: linkage, input: .features, fair: true),
            budget: budget.map { $0 / (max(1, threads) + 2) })
    }
}
