/// Fair hierarchical agglomerative clustering: FHAC (Chhabra & Mohapatra, ICMLA 2022).
///
/// Until `k` clusters are left, each merge trades a little distance for keeping every group
/// near its ideal share, as chosen by a ``SelectionRule`` under a ``FairnessSchedule``. Above
/// `k`, merging goes on by plain linkage, so the result is a full dendrogram whose first `n - k`
/// merges are the fair ones; cutting it at `k` (``Dendrogram/labels(clusterCount:)``) gives the
/// fair partition exactly. Merges are kept in merge order (heights may go down).
///
/// ```swift
/// let groups = try GroupAssignment(labels: ["m", "f", "m", "f", "m", "f"])
/// let fhac = FairHierarchicalClustering(
///     linkage: .average, clusterCount: 2, rule: .gain,
///     schedule: FairnessSchedule(d: 0.5))
/// let result = try fhac.fit(x, groups: groups)
/// let labels = try result.dendrogram.labels(clusterCount: 2)
/// ```
public struct FairHierarchicalClustering: Sendable {
    /// Which implementation runs the loop; both give the same merges.
    public enum Implementation: String, Sendable, CaseIterable {
        /// The fast loop (default).
        case fast
        /// The O(m n^3) reference that follows the spec line by line.
        case reference
    }

    public var linkage: Linkage
    /// `k`: the number of clusters at which fair merging stops.
    public var clusterCount: Int
    /// The selection rule, with its parameters (the paper variant).
    public var rule: SelectionRule
    public var schedule: FairnessSchedule
    public var ideal: IdealShares
    public var implementation: Implementation
    public var parallelism: Parallelism
    /// Bytes the job may allocate; `nil` for no check.
    public var memoryBudget: Int?
    /// A stop request the fair loop looks at every 64 merges; a fit that sees it throws
    /// ``ClusteringError/cancelled``.
    public var cancellation: Cancellation?
    /// The width of the working matrix (single: half the memory; see ``Precision``). The grid
    /// search (`tune`, `--auto`) and the reference implementation work in double precision.
    public var precision: Precision = .double

    public init(
        linkage: Linkage, clusterCount: Int, rule: SelectionRule = .gain,
        schedule: FairnessSchedule = .vanilla, ideal: IdealShares = .data, implementation: Implementation = .fast,
        parallelism: Parallelism = .allCores, memoryBudget: Int? = nil
    ) {
        self.linkage = linkage
        self.clusterCount = clusterCount
        self.rule = rule
        self.schedule = schedule
        self.ideal = ideal
        self.implementation = implementation
        self.parallelism = parallelism
        self.memoryBudget = memoryBudget
    }

    /// The result of a fair clustering.
    public struct Result: Sendable {
        /// The full dendrogram, in merge order; its first `n - k` merges are the fair ones.
        public var dendrogram: Dendrogram
        /// The ideal shares used, by group id (several attributes: by (attribute, group), concatenated).
        public var ideal: [Double]
        /// Number of fair merges, `n - k`.
        public var fairMergeCount: Int

        public init(dendrogram: Dendrogram, ideal: [Double], fairMergeCount: Int) {
            self.dendrogram = dendrogram
            self.ideal = ideal
            self.fairMergeCount = fairMergeCount
        }
    }

    /// Estimated seconds above which a guarded rule (`paper`) is refused without `force`.
    public static let forceThresholdSeconds = 120.0

    /// Clusters feature vectors.
    /// - Complexity: fast `window`/`gain`: O(n^2) for the matrix plus, per fair merge, O(r n)
    ///   where r is the number of rows within the relaxed distance of the closest pair; `paper`:
    ///   O(n^3); reference: O(m n^3).
    /// - Parameter progress: called after each fair merge with (merges done, n - k), on the
    ///   calling thread.
    public func fit(
        _ x: Observations, groups: GroupAssignment, metric: Metric = .euclidean, force: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        try fit(x, attributes: ProtectedAttributes(groups), metric: metric, force: force, progress: progress)
    }

    /// Clusters feature vectors, fair for several protected attributes at once (spec section 9):
    /// the rules work on the combined cost and `S` over every (attribute, group) pair; the
    /// result's ideal shares are concatenated in that order.
    /// - Complexity: as ``fit(_:groups:metric:force:progress:)`` with m the total number of
    ///   (attribute, group) pairs.
    public func fit(
        _ x: Observations, attributes groups: ProtectedAttributes, metric: Metric = .euclidean, force: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        try check(n: x.count, groups: groups, force: force)
        try MemoryEstimate.check(
            MemoryEstimate(observations: x.count, dimension: x.dimension, linkage: linkage, input: .features, fair: true, precision: effectivePrecision),
            budget: memoryBudget)
        func go<S: MatrixScalar>(_: S.Type) throws -> Result {
            let matrix = try CondensedMatrix<S>(
                observations: x, metric: metric, squaringEuclidean: linkage.worksOnSquaredDistances, parallelism: parallelism)
            return try run(working: consume matrix, groups: groups, progress: progress)
        }
        return try effectivePrecision == .single ? go(Float.self) : go(Double.self)
    }

    /// ``precision``, except that the reference implementation always works in double.
    var effectivePrecision: Precision { implementation == .reference ? .double : precision }

    /// Clusters a precomputed dissimilarity matrix (Euclidean distances for ward, centroid, median).
    public func fit(
        distances: consuming DistanceMatrix, groups: GroupAssignment, force: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        try fit(distances: distances, attributes: ProtectedAttributes(groups), force: force, progress: progress)
    }

    /// Clusters a precomputed dissimilarity matrix, fair for several protected attributes.
    public func fit(
        distances: consuming DistanceMatrix, attributes groups: ProtectedAttributes, force: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        try check(n: distances.count, groups: groups, force: force)
        var matrix = consume distances
        if linkage.worksOnSquaredDistances { matrix.squareInPlace() }
        if effectivePrecision == .single {
            return try run(working: CondensedMatrix<Float>(consume matrix), groups: groups, progress: progress)
        }
        return try run(workingMatrix: consume matrix, groups: groups, progress: progress)
    }

    /// Clusters from a working matrix that other fits share (the grid search): the same checks
    /// and the same loop as ``fit(_:groups:metric:force:progress:)``, on a copy of the matrix.
    func fit(sharedWorkingMatrix matrix: DistanceMatrix, groups: ProtectedAttributes, force: Bool) throws -> Result {
        try check(n: matrix.count, groups: groups, force: force)
        return try run(workingMatrix: matrix, groups: groups, progress: { _, _ in })
    }

    /// The checks every fit makes before any work: sizes, k, the schedule, the rule's size limit.
    func check(n: Int, groups: ProtectedAttributes, force: Bool) throws {
        guard n >= 2 else { throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(n)") }
        guard groups.count == n else {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(n) observations")
        }
        guard clusterCount >= 1, clusterCount <= n else {
            throw ClusteringError.invalidInput("the number of clusters k must be between 1 and n = \(n); got \(clusterCount)")
        }
        try schedule.validate()
        if implementation == .fast, !force, let s = rule.estimatedSeconds(n: n, k: clusterCount, schedule: schedule),
            s > Self.forceThresholdSeconds
        {
            throw ClusteringError.tooSlow(rule: rule.name, n: n, estimatedSeconds: s, thresholdSeconds: Self.forceThresholdSeconds)
        }
    }

    /// The fair loop on a double-precision working matrix (see ``run(working:groups:leaves:idealShares:progress:)``).
    func run(
        workingMatrix: consuming DistanceMatrix, groups: ProtectedAttributes?, leaves: WeightedLeaves? = nil,
        idealShares given: [Double]? = nil, progress: (Int, Int) -> Void
    ) throws -> Result {
        var matrix = consume workingMatrix
        let working = CondensedMatrix<Double>(count: matrix.count, values: matrix.takeCondensed())
        return try run(working: working, groups: groups, leaves: leaves, idealShares: given, progress: progress)
    }

    /// The fair loop on a working matrix. `leaves`: the rows are already clusters (the
    /// summarised form's micro-clusters), with these sizes and group counts; `idealShares`: the
    /// shares to aim for (default: ``ideal`` resolved on `groups`).
    func run<S: MatrixScalar>(
        working workingMatrix: consuming CondensedMatrix<S>, groups: ProtectedAttributes?, leaves: WeightedLeaves? = nil,
        idealShares given: [Double]? = nil, progress: (Int, Int) -> Void
    ) throws -> Result {
        guard let idealShares = try given ?? groups.map({ try ideal.resolve(for: $0) }) else {
            throw ClusteringError.invalidInput("fair clustering needs protected groups or ideal shares")
        }
        let n = workingMatrix.count
        var configuration = FairMergeLoop.Configuration(
            k: clusterCount, rule: rule, schedule: schedule,
            scorer: PairScorer(ideal: idealShares, linkage: linkage))
        configuration.cancellation = cancellation
        let pairs: [(Int, Int, Double)]
        switch implementation {
        case .reference:
            // Reference runs are made in double precision (effectivePrecision).
            let double = try DistanceMatrix(condensed: workingMatrix.values.map(\.widened), count: n)
            pairs = FairMergeReference.run(
                linkage: linkage, matrix: double, groups: groups, configuration: configuration, leaves: leaves)
        case .fast:
            // Moved out first: the matrix must have exactly one owner when it is updated in place.
            var owned: CondensedMatrix<S>? = consume workingMatrix
            pairs = withoutActuallyEscaping(progress) { progress in
                let total = max(0, n - clusterCount)
                var visitor = FairLoopRun<S>(
                    matrix: owned.take(), groups: groups, configuration: configuration, parallelism: parallelism,
                    leaves: leaves, progress: { progress($0, total) })
                return self.linkage.dispatch(&visitor)
            }
        }
        try cancellation?.check()
        let linkage = self.linkage
        let tree = Dendrogram(
            leafCount: n, memberPairs: pairs.map { ($0.0, $0.1, linkage.height(fromWorking: $0.2)) },
            sortedByHeight: false)
        return Result(dendrogram: tree, ideal: idealShares, fairMergeCount: max(0, n - clusterCount))
    }
}

/// The fast fair loop with the linkage's update rule known at compile time.
private struct FairLoopRun<S: MatrixScalar>: LinkageVisitor {
    var matrix: CondensedMatrix<S>?
    var groups: ProtectedAttributes?
    var configuration: FairMergeLoop.Configuration
    var parallelism: Parallelism
    var leaves: WeightedLeaves?
    var progress: (Int) -> Void
    mutating func visit<U: LinkageUpdate>(_ u: U.Type) -> [(Int, Int, Double)] {
        // Taken out of the optional so that exactly one reference to the storage exists.
        let m = matrix.take()!
        return FairMergeLoop.run(
            u, matrix: m, groups: groups, configuration: configuration, parallelism: parallelism, leaves: leaves, progress: progress)
    }
}
