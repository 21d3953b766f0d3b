/// One micro-cluster's share of a distributed summarised run, computed where its rows are (the
/// Spark port's executors), exactly as the in-process form computes it: its own tree (the below
/// level, ``BelowLevel``) with global ids, what the top reads of it (size, centroid, rows per
/// label combination, member sample) and its merges' part of fairness at every level.
public enum MicroClusterTask {
    public struct Output: Sendable {
        /// The micro-cluster's `s - 1` merges with global ids (``SummarisedAssembly/localMerges(_:rows:offset:observationCount:)``).
        public var merges: [Merge]
        /// The mean of its rows, summed in row order (as ``MicroClusters``).
        public var centroid: [Double]
        /// Its rows of each label combination (empty without groups).
        public var combinationCounts: [Int]
        /// The rows (indices into the given rows) that stand for it at the top: its ``MemberSample``,
        /// all rows, or none for the centroid linkages.
        public var sample: [Int]
        /// Its merges' part of fairness at every level (empty without groups).
        public var levelRows: [LevelFairness.Row]
        /// The heights of its first and last merge and whether they never decrease (`nil` for one row).
        public var heights: LocalHeights?
    }

    /// Micro-cluster `c`'s work.
    /// - Parameters:
    ///   - rows: its rows' leaves (global row numbers), ascending; `points` their features in that order.
    ///   - offset: the global step of its first merge (the sum of `s - 1` over the micro-clusters before it).
    ///   - combinations: each row's label combination (indices into the plan's `columns`), or `nil` without groups.
    /// - Throws: ``ClusteringError`` for rows out of order, a combination out of range, features
    ///   that cannot be clustered, or a cancellation.
    public static func run(
        request: ClusteringRequest, plan: SummarisedPlan, index c: Int, offset: Int, rows: [Int], points: Observations,
        combinations: [Int]?, cancellation: Cancellation? = nil
    ) throws -> Output {
        let s = rows.count, n = plan.observationCount, d = points.dimension
        guard s >= 1, points.count == s, d == plan.dimension else {
            throw ClusteringError.invalidInput("micro-cluster \(c): \(s) rows and \(points.count) x \(d) features; expected one row of \(plan.dimension) features per row")
        }
        guard zip(rows, rows.dropFirst()).allSatisfy({ $0 < $1 }), let first = rows.first, let last = rows.last, first >= 0, last < n else {
            throw ClusteringError.invalidInput("micro-cluster \(c): its rows must be distinct leaves in 0..<\(n), ascending")
        }
        guard offset >= 0, offset + s - 1 <= n - 1 else {
            throw ClusteringError.invalidInput("micro-cluster \(c): its merges start at step \(offset); a tree over \(n) rows has \(n - 1)")
        }
        var configuration = request.summarisedConfiguration(microClusters: 1)
        configuration.belowLimit = plan.belowLimit ?? configuration.belowLimit
        configuration.cancellation = cancellation
        let local = try BelowLevel.tree(points: points, index: c, metric: request.metric, configuration: configuration)
        var centroid = [Double](repeating: 0, count: d)
        points.values.withUnsafeBufferPointer { xs in
            for i in 0..<s { for k in 0..<d { centroid[k] += xs[i * d + k] } }
        }
        for k in 0..<d { centroid[k] /= Double(s) }
        var output = Output(
            merges: SummarisedAssembly.localMerges(local, rows: rows, offset: offset, observationCount: n), centroid: centroid,
            combinationCounts: [], sample: [], levelRows: [], heights: LocalHeights(local))
        if plan.needsMembers {
            let chosen = plan.memberSampleSize.map { MemberSample.sample(rows, q: $0, seed: request.summarySeed) } ?? rows
            var at = 0
            output.sample = chosen.map { row in
                while rows[at] != row { at += 1 }
                return at
            }
        }
        if let combinations {
            guard let columns = plan.columns, let ideal = plan.ideal, combinations.count == s else {
                throw ClusteringError.invalidInput("micro-cluster \(c): label combinations need a plan made with the groups, one per row")
            }
            var counts = [Int](repeating: 0, count: columns.count)
            let g = ideal.count
            var leafCounts = [Int](repeating: 0, count: s * g)
            for (i, j) in combinations.enumerated() {
                guard j >= 0, j < columns.count else {
                    throw ClusteringError.invalidInput("micro-cluster \(c): row \(rows[i]) has label combination \(j); expected 0..<\(columns.count)")
                }
                counts[j] += 1
                for column in columns[j] { leafCounts[i * g + column] = 1 }
            }
            output.combinationCounts = counts
            let composition = TreeComposition(tree: local, leafSizes: [Int](repeating: 1, count: s), leafCounts: leafCounts, groupCount: g)
            output.levelRows = try LevelFairness.partialRows(composition, leaves: s, leafCount: n, ideal: ideal, tolerance: plan.levelTolerance)
        }
        return output
    }
}

/// The heights of a tree's first and last merge and whether they never decrease along the merges:
/// what the order of a whole tree's heights needs of each part.
public struct LocalHeights: Sendable, Equatable {
    public var first: Double
    public var last: Double
    public var monotone: Bool

    public init(first: Double, last: Double, monotone: Bool) {
        self.first = first
        self.last = last
        self.monotone = monotone
    }

    /// `nil` for a tree without merges.
    public init?(_ tree: Dendrogram) {
        guard let a = tree.merges.first, let b = tree.merges.last else { return nil }
        self.init(first: a.height, last: b.height, monotone: tree.isMonotone)
    }

    /// Whether parts in merge order, each monotone, join into a sequence whose heights never decrease.
    public static func joined(_ parts: [LocalHeights]) -> Bool {
        var previous = -Double.infinity
        for p in parts {
            guard p.monotone, previous <= p.first else { return false }
            previous = p.last
        }
        return true
    }
}
