/// HAC and FHAC past the distance matrix: the summarised form (spec section 10).
///
/// 1. Summary: the n points become m micro-clusters (``Summariser``, or a given ``MicroClusters``).
/// 2. Top: exact HAC (``clustering``) or FHAC (``fair``) over the micro-clusters as weighted
///    leaves (``TopLevel``); fair rules, schedules and metrics unchanged, ideal shares from the
///    whole data, the schedule's progress counting the top's merges.
/// 3. Below: the exact vanilla HAC of each micro-cluster (``BelowLevel``).
///
/// The result is one full dendrogram over the n points (``SummarisedAssembly``): the
/// micro-clusters' merges first, then the top's. Cuts into k <= m clusters never split a
/// micro-cluster; with m = n (every point its own micro-cluster) the result equals the exact
/// form's, for every linkage and fair rule.
///
/// ```swift
/// var run = SummarisedClustering(clustering: HierarchicalClustering(linkage: .ward), microClusters: 20_000)
/// let result = try run.fit(x)
/// let labels = try result.dendrogram.labels(clusterCount: 4)
/// ```
public struct SummarisedClustering: Sendable {
    /// The vanilla configuration: its linkage, form, parallelism, memory budget and cancellation
    /// serve every level; the top runs it unless ``fair`` is set.
    public var clustering: HierarchicalClustering
    /// FHAC at the top (its linkage must be ``clustering``'s); `nil` for vanilla HAC.
    public var fair: FairHierarchicalClustering?
    public var summariser: Summariser
    /// Members per micro-cluster for the top's average, complete, single and weighted
    /// dissimilarities when not every member pair is affordable; `nil`: chosen by
    /// ``samplePairLimit``.
    public var memberSampleSize: Int?
    /// Member-pair distance evaluations the top may spend on exact dissimilarities (about 1 s of
    /// work per 10^8 on one core at d = 10).
    public var exactPairLimit: Double = 3e8
    /// With samples: q is the largest with `m^2 q^2 / 2 <= samplePairLimit` (at least 1, at most 32).
    public var samplePairLimit: Double = 1e9
    /// The seed of the member samples (``MemberSample``).
    public var sampleSeed: UInt64 = 0
    /// The largest micro-cluster clustered exactly below the top; larger ones are summarised again.
    public var belowLimit: Int = 10_000

    public var linkage: Linkage { clustering.linkage }
    public var parallelism: Parallelism {
        get { clustering.parallelism }
        set { clustering.parallelism = newValue }
    }
    public var cancellation: Cancellation? {
        get { clustering.cancellation }
        set {
            clustering.cancellation = newValue
            fair?.cancellation = newValue
        }
    }

    public init(
        clustering: HierarchicalClustering, fair: FairHierarchicalClustering? = nil, microClusters: Int, seed: UInt64 = 0
    ) {
        self.clustering = clustering
        self.fair = fair
        summariser = Summariser(microClusters: microClusters, seed: seed, parallelism: clustering.parallelism)
    }

    /// The result of a summarised run.
    public struct Result: Sendable {
        /// The full tree over all n points (micro-cluster merges first, then the top's).
        public var dendrogram: Dendrogram
        /// The top's tree over the m micro-clusters (leaf c = micro-cluster c; unit sizes in its
        /// size column, see ``TopLevel/weightedMerges(_:sizes:)``).
        public var top: Dendrogram
        public var summary: MicroClusters
        /// `nil` when the top's dissimilarities were exact (or centroid-based); else the members
        /// per micro-cluster sampled.
        public var memberSampleSize: Int?
        /// The fair top's ideal shares (concatenated per attribute); empty for vanilla.
        public var ideal: [Double]
        /// Fair merges in the global tree: every micro-cluster merge and the top's `m - k` fair
        /// merges, `n - k` in all; 0 for vanilla.
        public var fairMergeCount: Int
        /// Seconds spent in each level: summary, top, below (with the assembly).
        public var seconds: (summary: Double, top: Double, below: Double) = (0, 0, 0)
    }

    /// Which members the top's member-pair linkages use for `summary`.
    func members(for summary: MicroClusters) -> TopDissimilarities.Members {
        members(sizes: (0..<summary.count).map(summary.size))
    }

    /// Which members the top's member-pair linkages use for micro-clusters of these sizes.
    func members(sizes: [Int]) -> TopDissimilarities.Members {
        if let q = memberSampleSize { return .sample(q: max(1, q), seed: sampleSeed) }
        if TopDissimilarities.exactPairCount(sizes: sizes) <= exactPairLimit { return .all }
        let m = Double(sizes.count)
        let q = Int(((2 * samplePairLimit).squareRoot() / m).rounded(.down))
        return .sample(q: min(32, max(1, q)), seed: sampleSeed)
    }

    /// Estimated peak bytes of a summarised run
    /// (``MemoryEstimate/summarisedBytes(observations:dimension:microClusters:linkage:fair:belowSize:threads:form:)``),
    /// with below-level problems of `min(belowLimit, 4 n / m)` points (four times the mean
    /// micro-cluster; larger ones are summarised again within what the budget leaves).
    public func estimatedBytes(observations n: Int, dimension d: Int) -> Int {
        let m = max(1, min(n, summariser.microClusters))
        return MemoryEstimate.summarisedBytes(
            observations: n, dimension: d, microClusters: m, linkage: linkage, fair: fair != nil,
            belowSize: min(belowLimit, max(2, 4 * n / m)), threads: parallelism.threads, form: clustering.form)
    }

    /// The least a summarised run on n points with m micro-clusters can run in: below-level
    /// problems of 64 points (``effectiveBelowLimit(observations:dimension:microClusters:)``'s floor).
    func leastBytes(observations n: Int, dimension d: Int, microClusters m: Int) -> Int {
        MemoryEstimate.summarisedBytes(
            observations: n, dimension: d, microClusters: max(1, min(n, m)), linkage: linkage, fair: fair != nil,
            belowSize: min(belowLimit, 64), threads: parallelism.threads, form: clustering.form)
    }

    /// The largest micro-cluster clustered exactly below the top: ``belowLimit``, lowered so that
    /// one problem per thread fits in what the budget leaves after the rest of the job (at least 64).
    public func effectiveBelowLimit(observations n: Int, dimension d: Int, microClusters m: Int) -> Int {
        guard let budget = clustering.memoryBudget else { return belowLimit }
        let rest = MemoryEstimate.summarisedBytes(
            observations: n, dimension: d, microClusters: m, linkage: linkage, fair: fair != nil, belowSize: 2,
            threads: parallelism.threads, form: clustering.form)
        let perThread = max(0, budget - rest) / max(1, parallelism.threads)
        let one = MemoryEstimate(observations: 2, dimension: d, linkage: linkage, input: .features, form: clustering.form)
        return max(64, min(belowLimit, one.largestFittingCount(budget: perThread)))
    }

    /// Vanilla HAC over the micro-clusters of `result` (a run with a fair top): the vanilla top,
    /// with `result`'s trees below reused (the level below is vanilla HAC whatever the top), so only
    /// the top is clustered again. Cuts into k <= m clusters are those of a vanilla run over the
    /// same micro-clusters.
    public func vanillaTree(sharingBelowWith result: Result, observations x: Observations, metric: Metric) throws -> Dendrogram {
        let summaries = try MicroClusterSummaries(result.summary, observations: x, linkage: linkage, members: members(for: result.summary))
        let top = try clustering.fitTop(summaries, metric: metric)
        try cancellation?.check()
        return try SummarisedAssembly.replacingTop(of: result.dendrogram, summary: result.summary, top: top)
    }

    /// Runs the three levels on `x`; `groups` are required with ``fair`` (and counted in the
    /// summary either way); `summary`: micro-clusters to use instead of the summariser's.
    /// - Throws: ``ClusteringError`` for bad input, a mismatched summary, a job that does not fit
    ///   the memory budget (before anything large is allocated), or a cancellation.
    /// - Complexity: the summariser's O(n sqrt(m) d) passes, the top's O(m^2) (fair: as FHAC with
    ///   n = m) plus its dissimilarities, and O(sum s_c^2 d) below.
    public func fit(
        _ x: Observations, groups: ProtectedAttributes? = nil, metric: Metric = .euclidean, summary given: MicroClusters? = nil,
        force: Bool = false, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Result {
        let n = x.count
        if linkage.requiresEuclidean && metric != .euclidean {
            throw ClusteringError.invalidInput(
                "\(linkage.rawValue) linkage requires the euclidean metric (got \(metric.rawValue)), as in scipy")
        }
        guard n >= 2 else { throw ClusteringError.invalidInput("clustering needs at least 2 observations; got \(n)") }
        if let fair, fair.linkage != linkage {
            throw ClusteringError.invalidInput("the fair top's linkage (\(fair.linkage.rawValue)) differs from \(linkage.rawValue)")
        }
        if fair != nil && groups == nil {
            throw ClusteringError.invalidInput("fair clustering needs protected groups")
        }
        if let groups, groups.count != n {
            throw ClusteringError.invalidInput("\(groups.count) group labels for \(n) observations")
        }
        if given == nil {
            try MemoryEstimate.check(
                bytes: leastBytes(observations: n, dimension: x.dimension, microClusters: summariser.microClusters),
                budget: clustering.memoryBudget, microClusters: summariser.microClusters, clusters: fair?.clusterCount ?? 2
            ) { m in leastBytes(observations: n, dimension: x.dimension, microClusters: m) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        func since(_ t: ContinuousClock.Instant) -> Double {
            let (s, atto) = (clock.now - t).components
            return Double(s) + Double(atto) * 1e-18
        }
        let summary = try given ?? summariser.summarise(x, groups: groups, cancellation: cancellation)
        let summarySeconds = since(started)
        let topStarted = clock.now
        guard summary.observationCount == n, summary.dimension == x.dimension,
            summary.groupCount == (groups?.groupCount ?? 0)
        else {
            throw ClusteringError.invalidInput(
                "the micro-clusters summarise \(summary.observationCount) rows of \(summary.dimension) features with "
                    + "\(summary.groupCount) group counts; the data have \(n) rows of \(x.dimension) with \(groups?.groupCount ?? 0)")
        }
        if let fair, summary.count < max(2, fair.clusterCount) {
            throw Self.tooFewMicroClusters(
                summary.count, k: fair.clusterCount, asked: given == nil ? summariser.microClusters : nil, observations: x)
        }
        try cancellation?.check()
        let members = members(for: summary)
        let sampled: Int? = {
            if case .sample(let q, _) = members, !linkage.worksOnSquaredDistances { return q }
            return nil
        }()
        let top: Dendrogram
        var ideal: [Double] = []
        var fairMerges = 0
        let summaries = try MicroClusterSummaries(summary, observations: x, linkage: linkage, members: members)
        if let fair, let groups {
            var f = fair
            f.cancellation = cancellation
            guard groups.groupCount == summary.groupCount else {
                throw ClusteringError.invalidInput("the micro-clusters' group counts do not match the protected attributes")
            }
            ideal = try fair.ideal.resolve(for: groups)
            let r = try f.fitTop(summaries, ideal: ideal, metric: metric, force: force, progress: progress)
            top = r.dendrogram
            fairMerges = n - min(fair.clusterCount, summary.count)
        } else {
            top = try clustering.fitTop(summaries, metric: metric)
        }
        try cancellation?.check()
        let topSeconds = since(topStarted)
        let belowStarted = clock.now
        var below = self
        below.belowLimit = effectiveBelowLimit(observations: n, dimension: x.dimension, microClusters: summary.count)
        let local = try BelowLevel.trees(summary, observations: x, metric: metric, configuration: below)
        let tree = try SummarisedAssembly.assemble(summary: summary, local: local, top: top)
        var result = Result(
            dendrogram: tree, top: top, summary: summary, memberSampleSize: sampled, ideal: ideal, fairMergeCount: fairMerges)
        result.seconds = (summarySeconds, topSeconds, since(belowStarted))
        return result
    }
}

extension SummarisedClustering {
    /// Why a fair top level cannot cut `m` micro-clusters into k clusters, in words that say
    /// what would help: the data's few distinct points (identical rows always share a
    /// micro-cluster, so more micro-clusters cannot help), or the micro-clusters given.
    /// - Parameter asked: the summariser's target (`nil`: the micro-clusters were given).
    static func tooFewMicroClusters(_ m: Int, k: Int, asked: Int?, observations x: Observations) -> ClusteringError {
        let n = x.count
        let need = "the fair top level merges whole micro-clusters until k are left, so it needs at least \(max(2, k)) (k = \(k))"
        guard let asked else {
            return .invalidInput("the micro-cluster labels name \(m) micro-cluster\(m == 1 ? "" : "s"); " + need)
        }
        if m >= min(asked, n) {
            return .invalidInput("the summarised form has \(m) micro-clusters as asked; " + need + ": ask for at least that many")
        }
        let distinct = x.distinctRowCount()
        if distinct == 1 {
            return .invalidInput(
                "all \(n) rows are the same point: there is nothing to cluster, and no number of micro-clusters changes that")
        }
        if distinct < k {
            return .invalidInput(
                "the data have only \(distinct) distinct points among \(n) rows (identical rows always share a micro-cluster), "
                    + "so the summarised form makes at most \(distinct) micro-clusters and cuts into at most \(distinct) clusters; "
                    + "k must be at most \(distinct); got \(k)")
        }
        return .invalidInput(
            "the summariser made only \(m) micro-clusters of the \(distinct) distinct points among \(n) rows (rows repeat heavily), "
                + "fewer than the k = \(k) clusters asked for; use the exact form, or a smaller k")
    }
}
