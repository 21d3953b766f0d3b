extension GridSearch {
    /// Rows of the seeded sample the summarised grid's silhouettes are measured on.
    public static let summarisedSilhouetteSample = 4000

    /// The grid search on the summarised form's top level (spec sections 5, 8 and 10): every
    /// setting runs FHAC over the micro-clusters of `summary` (one shared working matrix, the
    /// sizes and group counts as leaves, the whole data's ideal shares); each k-partition is
    /// mapped to the rows and scored by its exact MFC and balance and its silhouette on a seeded
    /// sample of ``summarisedSilhouetteSample`` rows (`sampleSeed`). The tree cost is not computed
    /// (O(n^2)). The vanilla reference and ``Outcome/vanillaTree`` are the summarised vanilla tree
    /// over the same micro-clusters.
    /// - Complexity: per setting the fair loop over m micro-clusters and O(n) to map the
    ///   partition, plus O(s^2 d) once for the sample's distances.
    public func run(
        summarised x: Observations, attributes groups: ProtectedAttributes, metric: Metric = .euclidean,
        configuration: SummarisedClustering, summary: MicroClusters, sampleSeed: UInt64 = 0,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> Outcome {
        let settings = self.settings
        guard !settings.isEmpty else { throw ClusteringError.invalidInput("the grid is empty") }
        let evaluator = try SummarisedGridEvaluator(
            search: self, x, attributes: groups, metric: metric, configuration: configuration, summary: summary,
            sampleSeed: sampleSeed, settings: settings, fullVanilla: true)
        progress(0, settings.count)
        nonisolated(unsafe) var done = 0
        let points = try evaluate(settings, on: evaluator) { _, _ in
            done += 1
            progress(done, settings.count)
        }
        return Outcome(n: x.count, k: clusterCount, vanilla: evaluator.vanilla, points: points, vanillaTree: evaluator.vanillaTree)
    }
}

/// Grid points on the top of a summary: every setting runs FHAC over the micro-clusters (one
/// shared working matrix; their sizes and group counts as leaves; the whole data's ideal shares),
/// and its k-partition, mapped to the rows, is scored by its exact MFC, balance and cluster sizes
/// and its silhouette on a seeded sample of rows. No tree cost (O(n^2)).
///
/// This serves twice: as the summarised form's own grid, and as the fast search's screen (a
/// coarse summary of the data, whatever form was requested).
struct SummarisedGridEvaluator: GridPointEvaluator {
    let search: GridSearch
    let groups: ProtectedAttributes
    let ideal: [Double]
    let matrix: DistanceMatrix
    let leaves: WeightedLeaves
    let assignment: [Int32]
    let sample: [Int]
    let sampleDistances: DistanceMatrix
    let vanilla: PartitionEvaluation
    let vanillaTree: Dendrogram?
    let n: Int
    var leafCount: Int { leaves.sizes.count }

    /// - Parameter fullVanilla: build vanilla HAC's whole summarised tree over the rows (the
    ///   reference a run falls back to); otherwise only its top, which is all the scores need.
    init(
        search: GridSearch, _ x: Observations, attributes groups: ProtectedAttributes, metric: Metric,
        configuration: SummarisedClustering, summary: MicroClusters, sampleSeed: UInt64, settings: [GridSearch.Setting],
        fullVanilla: Bool, silhouetteSample: Int = GridSearch.summarisedSilhouetteSample
    ) throws {
        let m = summary.count, k = search.clusterCount
        guard k >= 2 else {
            throw ClusteringError.invalidInput("the number of clusters k must be at least 2; got \(k)")
        }
        guard k <= m else {
            throw SummarisedClustering.tooFewMicroClusters(m, k: k, asked: configuration.summariser.microClusters, observations: x)
        }
        for s in settings {
            let model = search.model(s)
            try model.schedule.validate()
            if !search.force, let seconds = s.rule.estimatedSeconds(n: m, k: k, schedule: model.schedule),
                seconds > FairHierarchicalClustering.forceThresholdSeconds
            {
                throw ClusteringError.tooSlow(
                    rule: s.rule.name, n: m, estimatedSeconds: seconds, thresholdSeconds: FairHierarchicalClustering.forceThresholdSeconds)
            }
        }
        self.search = search
        self.groups = groups
        n = x.count
        ideal = try search.ideal.resolve(for: groups)
        let summaries = try MicroClusterSummaries(
            summary, observations: x, linkage: search.linkage, members: configuration.members(for: summary))
        let top: Dendrogram
        if fullVanilla {
            var vanillaRun = configuration
            vanillaRun.fair = nil
            vanillaRun.cancellation = search.cancellation
            let result = try vanillaRun.fit(x, groups: groups, metric: metric, summary: summary)
            (top, vanillaTree) = (result.top, result.dendrogram)
        } else {
            var hac = configuration.clustering
            hac.cancellation = search.cancellation
            hac.progress = nil
            (top, vanillaTree) = (try hac.fitTop(summaries, metric: metric), nil)
        }
        matrix = try TopDissimilarities.matrix(
            summaries, linkage: search.linkage, metric: metric, parallelism: search.parallelism, cancellation: search.cancellation)
        leaves = summaries.leaves
        // The silhouette sample and its Euclidean distances, shared by every point.
        sample = Subsample.indices(population: n, size: min(n, silhouetteSample), seed: sampleSeed)
        sampleDistances = try DistanceMatrix(observations: x.selecting(rows: sample), metric: .euclidean, parallelism: search.parallelism)
        assignment = summary.assignment
        vanilla = try Self.score(
            top: top, k: k, assignment: assignment, sample: sample, sampleDistances: sampleDistances, groups: groups, ideal: ideal)
    }

    func evaluate(_ setting: GridSearch.Setting, keepTree: Bool) throws -> GridSearch.Point {
        let start = ContinuousClock().now
        let fit = try search.model(setting).run(
            workingMatrix: matrix, groups: nil, leaves: leaves, idealShares: ideal, progress: { _, _ in })
        let evaluation = try Self.score(
            top: fit.dendrogram, k: search.clusterCount, assignment: assignment, sample: sample, sampleDistances: sampleDistances,
            groups: groups, ideal: ideal)
        return GridSearch.Point(rule: setting.rule, b: setting.b, d: setting.d, evaluation: evaluation, seconds: seconds(since: start))
    }

    /// The figures of the top's k-partition, mapped to the rows.
    static func score(
        top: Dendrogram, k: Int, assignment: [Int32], sample: [Int], sampleDistances: DistanceMatrix, groups: ProtectedAttributes,
        ideal: [Double]
    ) throws -> PartitionEvaluation {
        let topLabels = try top.labels(clusterCount: k)
        let labels = assignment.map { topLabels[Int($0)] }
        let silhouette = try? Silhouette.score(distances: sampleDistances, labels: sample.map { labels[$0] })
        return try PartitionEvaluation(labels: labels, clusterCount: k, attributes: groups, ideal: ideal, silhouette: silhouette, dasguptaCost: nil)
    }
}
