/// The summarised form's run from its micro-clusters' summaries alone (``MicroClusterContent``):
/// what a distributed front end (the Spark port) calls on its driver once every micro-cluster's
/// task (``MicroClusterTask``) has run. Here, as in ``ClusteringPipeline`` for the in-process
/// form: the request's checks, the top (vanilla HAC or FHAC over the micro-clusters as weighted
/// leaves), the k-partition numbered by first appearance, its fairness (the same figures the
/// in-process run reads from the whole tree), fairness at every level, vanilla HAC's top for
/// reference, the silhouette on the quality sample, and the notes and warnings.
public struct SummarisedTopRun: Sendable {
    public var request: ClusteringRequest

    public init(_ request: ClusteringRequest) { self.request = request }

    /// Runs the top over `content`.
    /// - Throws: ``ClusteringError`` for a request the distributed form does not run, summaries
    ///   that do not add up (sizes, counts above sizes, member samples of the wrong size), k above
    ///   m, ideal shares that do not fit the groups, a top that does not fit the budget, or a cancellation.
    public func run(on content: MicroClusterContent, observer: PipelineObserver = .silent) throws -> SummarisedTopOutcome {
        let n = content.observationCount, m = content.count, d = content.centroids.dimension, k = request.nClusters
        try request.checkDistributed(observationCount: n, dimension: d)
        try content.check()
        try request.checkTop(microClusters: m, dimension: d)
        var notices: [ClusteringOutcome.Notice] = []
        let (parallelism, clamped) = request.parallelism
        if clamped, let asked = request.nJobs {
            notices.append(.init(.threadsClamped, ParameterSpelling.api.threadsClampedNote(asked: asked, threads: parallelism.threads)))
        }
        if request.method == .fhac && content.groups == nil {
            throw ClusteringError.invalidRequest("method 'fhac' needs the protected groups: pass groups=[column, ...]")
        }
        // The groups, named and combined as from one label per row, counted per micro-cluster.
        if let counted = content.groups, case .combinations(let combinations) = counted, combinations.observationCount != n {
            throw ClusteringError.invalidInput("groups: the label combinations count \(combinations.observationCount) rows; the data have \(n)")
        }
        let groups = try content.groups?.columns(content.groupCounts, microClusters: m, request: request)
        let ideal = try groups.map { try request.topIdeal(for: $0.layout) }
        let configuration = request.summarisedConfiguration(microClusters: m)
        let members = configuration.members(sizes: content.sizes)
        let summaries = try self.summaries(content, counts: groups?.counts ?? [], groupCount: groups?.layout.groupCount ?? 0, members: members)

        // The top.
        observer.stage("the top over \(m) micro-clusters (\(request.method == .hac ? "" : "fhac, ")\(request.linkage.rawValue) linkage)…")
        let clock = ContinuousClock()
        let started = clock.now
        var hac = HierarchicalClustering(
            linkage: request.linkage, parallelism: parallelism, memoryBudget: request.memoryBudget,
            progress: observer.progress("top merges", "merges"), form: request.hacForm)
        hac.cancellation = observer.cancellation
        var methodName = "vanilla", options: [String: OptionValue] = [:]
        let top: Dendrogram
        if request.method == .fhac, let ideal {
            let rule = try request.selectedRule(.api), schedule = request.scheduleValue
            var fhac = FairHierarchicalClustering(
                linkage: request.linkage, clusterCount: k, rule: rule, schedule: schedule, ideal: try request.idealShares(.api),
                implementation: request.implementation, parallelism: parallelism, memoryBudget: request.memoryBudget)
            fhac.cancellation = observer.cancellation
            let progress = observer.progress("fair merges", "merges") ?? { _, _ in }
            top = try fhac.fitTop(summaries, ideal: ideal, metric: request.metric, force: request.force, progress: progress).dendrogram
            methodName = "fhac"
            options = request.fairOptions(rule: rule, schedule: schedule)
        } else {
            top = try hac.fitTop(summaries, metric: request.metric)
        }
        let seconds = ["cluster_seconds": (clock.now - started).seconds, "top_seconds": (clock.now - started).seconds]
        try observer.cancellation?.check()

        // The k-partition and its figures.
        let labels = try partition(top, k: k, firstRows: content.firstRows)
        let sizes = weightedSizes(labels, k: k, sizes: content.sizes)
        var fairness: ResultFairness?, levels: LevelFairnessRecord?
        if let groups, let ideal {
            let f = ResultFairness(
                top: top, leafSizes: content.sizes, leafCounts: groups.counts,
                sourceLeafCounts: groups.layout.combinesSources ? groups.sourceCounts : nil, labels: labels, clusterCount: k,
                layout: groups.layout, ideal: ideal)
            fairness = f
            if let below = content.levelRows {
                let topRows = try LevelFairness.partialRows(f.composition, leaves: m, leafCount: n, ideal: ideal, tolerance: request.levelTolerance)
                levels = LevelFairnessRecord(
                    try LevelFairness(summing: [below, topRows], leafCount: n, ideal: ideal, tolerance: request.levelTolerance),
                    clustersCounted: "merges")
            }
        }
        var notes = [
            "summarised form: \(m) micro-clusters (largest \(content.sizes.max() ?? 0) points); the first n - m merges are "
                + "inside micro-clusters, so cuts into k <= m clusters keep each whole (\"form\" in summary.json)"
        ]
        let quality = try qualitySample(content, labels: labels, parallelism: parallelism)
        if let quality {
            notes.append(
                "quality: the silhouette on a seeded sample of \(quality.sampleSize) rows (quality_sample in summary.json); "
                    + "the tree objectives need every pair of rows and are skipped on the distributed form")
        }
        var vanilla: ClusteringOutcome.VanillaReference?
        if methodName == "fhac", let groups, let ideal {
            observer.stage("vanilla HAC's top for reference…")
            let v = try hac.fitTop(summaries, metric: request.metric)
            let vl = try partition(v, k: k, firstRows: content.firstRows)
            let p = PartitionFairness(clusterCounts: clusterCounts(vl, k: k, counts: groups.counts, g: groups.layout.groupCount), ideal: ideal, offsets: groups.layout.offsets)
            vanilla = .init(
                mfc: p.mfc, balance: p.balance, silhouette: try qualitySample(content, labels: vl, parallelism: parallelism)?.silhouette,
                minClusterSize: weightedSizes(vl, k: k, sizes: content.sizes).min() ?? 0, tree: v, labels: vl, profile: nil)
        }
        if let vanilla, let fairness {
            for notice in request.fairnessChecks(fairness.partition, labels: labels, silhouette: quality?.silhouette, vanilla: vanilla, spelling: .api) {
                notices.append(notice)
                observer.notice(notice)
            }
        }
        let degenerateBelow = request.minimumClusterSize(n: n)
        if let warning = ParameterSpelling.api.degenerateWarning(sizes: sizes, minimumSize: degenerateBelow, what: "the k = \(k) partition (\(methodName))") {
            let notice = ClusteringOutcome.Notice(.degenerate, warning)
            notices.append(notice)
            observer.notice(notice)
        }
        let globalTop = SummarisedAssembly.topMerges(top, sizes: content.sizes, firstRows: content.firstRows, observationCount: n)
        let monotone = content.heights.isEmpty ? nil : LocalHeights.joined(content.heights.compactMap { $0 } + (LocalHeights(top).map { [$0] } ?? []))
        var sampled: Int?
        if case .sample(let q, _) = members, summaries.representatives != nil { sampled = q }
        return SummarisedTopOutcome(
            request: request, observationCount: n, top: top, topMerges: globalTop, microClusterLabels: labels, clusterSizes: sizes,
            methodName: methodName, options: options,
            algorithm: methodName == "vanilla" ? hac.summarisedAlgorithm(microClusters: m, dimension: d) : nil,
            fairness: fairness, idealRule: request.method == .fhac ? request.idealRule : ClusteringRequest.defaultIdeal, fairAtEveryLevel: levels, vanilla: vanilla,
            qualitySample: quality,
            featureMeans: try ClusterFeatureMeans(centroids: content.centroids, sizes: content.sizes, labels: labels, clusterCount: k),
            monotoneHeights: monotone, microClusters: m, largestMicroCluster: content.sizes.max() ?? 0,
            summariser: content.summariser, memberSampleSize: sampled, degenerateBelow: degenerateBelow, notes: notes,
            notices: notices, seconds: seconds)
    }

    /// The top's summaries, with the member samples checked against the member policy of the in-process form.
    private func summaries(
        _ content: MicroClusterContent, counts: [Int], groupCount g: Int, members: TopDissimilarities.Members
    ) throws -> MicroClusterSummaries {
        var representatives: Observations?, start: [Int] = []
        if !request.linkage.worksOnSquaredDistances {
            guard let given = content.representatives else {
                throw ClusteringError.invalidInput(
                    "\(request.linkage.rawValue) linkage reads member samples at the top: give each micro-cluster's members (member_samples)")
            }
            guard given.dimension == content.centroids.dimension else {
                throw ClusteringError.invalidInput("member samples have \(given.dimension) features; the centroids have \(content.centroids.dimension)")
            }
            start = content.representativeStart
            for (c, s) in content.sizes.enumerated() {
                let expected: Int
                switch members {
                case .all: expected = s
                case .sample(let q, _): expected = min(q, s)
                }
                guard start.count == content.count + 1, start[c + 1] - start[c] == expected else {
                    throw ClusteringError.invalidInput(
                        "micro-cluster \(c): \(start.count == content.count + 1 ? start[c + 1] - start[c] : -1) member sample rows; expected \(expected) "
                            + "(the member sample of the summarised form, docs/algorithm.md)")
                }
            }
            representatives = given
        }
        guard counts.allSatisfy({ $0 <= Int(Int32.max) }) else { throw ClusteringError.invalidInput("group counts above 2^31 - 1") }
        return try MicroClusterSummaries(
            sizes: content.sizes, centroids: content.centroids, groupCounts: counts.map { Int32($0) }, groupCount: g,
            representatives: representatives, representativeStart: start)
    }

    /// The cluster of each micro-cluster in the top's k-partition, numbered by first appearance in row order.
    private func partition(_ top: Dendrogram, k: Int, firstRows: [Int]) throws -> [Int] {
        let raw = try top.labels(clusterCount: k)
        var first = [Int](repeating: Int.max, count: k)
        for (c, l) in raw.enumerated() { first[l] = min(first[l], firstRows[c]) }
        let order = (0..<k).sorted { first[$0] < first[$1] }
        var renumber = [Int](repeating: 0, count: k)
        for (new, old) in order.enumerated() { renumber[old] = new }
        return raw.map { renumber[$0] }
    }

    private func weightedSizes(_ labels: [Int], k: Int, sizes: [Int]) -> [Int] {
        var out = [Int](repeating: 0, count: k)
        for (c, l) in labels.enumerated() { out[l] += sizes[c] }
        return out
    }

    private func clusterCounts(_ labels: [Int], k: Int, counts: [Int], g: Int) -> [[Int]] {
        var out = [[Int]](repeating: [Int](repeating: 0, count: g), count: k)
        for (c, l) in labels.enumerated() { for j in 0..<g { out[l][j] += counts[c * g + j] } }
        return out
    }

    /// The silhouette of the partition on the quality sample, as the in-process form measures it above n = 20,000.
    private func qualitySample(_ content: MicroClusterContent, labels: [Int], parallelism: Parallelism) throws -> ClusteringOutcome.QualitySample? {
        guard request.computeQuality, let rows = content.qualityRows, rows.count > 0 else { return nil }
        let silhouette = try? Silhouette.score(rows, labels: content.qualityMicroClusters.map { labels[$0] }, parallelism: parallelism)
        return .init(silhouette: silhouette, sampleSize: rows.count, seed: request.summarySeed)
    }
}

/// What a run over summaries produced: the top, the k-partition of the micro-clusters and every
/// figure summary.json and the console report of it (``ClusteringOutcome``'s, without the rows).
public struct SummarisedTopOutcome: Sendable {
    public var request: ClusteringRequest
    public var observationCount: Int
    /// The top over the m micro-clusters (leaf c = micro-cluster c).
    public var top: Dendrogram
    /// The top's merges with global ids and true sizes: the last m - 1 rows of the global Z.
    public var topMerges: [Merge]
    /// The cluster of each micro-cluster, numbered by first appearance in row order.
    public var microClusterLabels: [Int]
    public var clusterSizes: [Int]
    public var methodName: String
    public var options: [String: OptionValue]
    public var algorithm: String?
    public var fairness: ResultFairness?
    public var idealRule: String
    public var fairAtEveryLevel: LevelFairnessRecord?
    public var vanilla: ClusteringOutcome.VanillaReference?
    public var qualitySample: ClusteringOutcome.QualitySample?
    /// Every feature's mean per cluster, from the micro-clusters' centroids and sizes.
    public var featureMeans: ClusterFeatureMeans?
    /// Whether the global tree's heights never decrease; `nil` when the micro-clusters' heights were not given.
    public var monotoneHeights: Bool?
    public var microClusters: Int
    public var largestMicroCluster: Int
    public var summariser: [String: String]
    public var memberSampleSize: Int?
    public var degenerateBelow: Int
    public var notes: [String]
    public var notices: [ClusteringOutcome.Notice]
    public var seconds: [String: Double]
}
