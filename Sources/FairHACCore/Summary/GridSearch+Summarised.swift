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
        let m = summary.count, n = x.count, k = clusterCount
        guard clusterCount >= 2 else {
            throw ClusteringError.invalidInput("the number of clusters k must be at least 2; got \(clusterCount)")
        }
        guard clusterCount <= m else {
            throw SummarisedClustering.tooFewMicroClusters(m, k: k, asked: configuration.summariser.microClusters, observations: x)
        }
        for (rule, b, d) in settings {
            let model = model(rule: rule, b: b, d: d)
            try model.schedule.validate()
            if !force, let s = rule.estimatedSeconds(n: m, k: k, schedule: model.schedule), s > FairHierarchicalClustering.forceThresholdSeconds {
                throw ClusteringError.tooSlow(
                    rule: rule.name, n: m, estimatedSeconds: s, thresholdSeconds: FairHierarchicalClustering.forceThresholdSeconds)
            }
        }
        let ideal = try self.ideal.resolve(for: groups)
        var vanillaRun = configuration
        vanillaRun.fair = nil
        vanillaRun.cancellation = cancellation
        let vanillaResult = try vanillaRun.fit(x, groups: groups, metric: metric, summary: summary)
        let summaries = try MicroClusterSummaries(
            summary, observations: x, linkage: linkage, members: configuration.members(for: summary))
        let matrix = try TopDissimilarities.matrix(
            summaries, linkage: linkage, metric: metric, parallelism: parallelism, cancellation: cancellation)
        let leaves = summaries.leaves
        // The silhouette sample and its Euclidean distances, shared by every point.
        let sample = Subsample.indices(population: n, size: min(n, Self.summarisedSilhouetteSample), seed: sampleSeed)
        let sampleDistances = try DistanceMatrix(
            observations: x.selecting(rows: sample), metric: .euclidean, parallelism: parallelism)
        let assignment = summary.assignment
        func evaluate(top: Dendrogram) throws -> PartitionEvaluation {
            let topLabels = try top.labels(clusterCount: k)
            let labels = assignment.map { topLabels[Int($0)] }
            let silhouette = try? Silhouette.score(distances: sampleDistances, labels: sample.map { labels[$0] })
            return try PartitionEvaluation(
                labels: labels, clusterCount: k, attributes: groups, ideal: ideal, silhouette: silhouette, dasguptaCost: nil)
        }
        let vanilla = try evaluate(top: vanillaResult.top)
        var points = [Point?](repeating: nil, count: settings.count)
        var failures = [(any Error)?](repeating: nil, count: settings.count)
        let total = settings.count
        let workers = min(parallelism.threads, total)
        progress(0, total)
        // Points are dealt round-robin to the workers; each writes only its own entries.
        points.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { failed in
                Parallelism(threads: workers).run { t in
                    var i = t
                    while i < total {
                        defer { i += workers }
                        if cancellation.stopRequested { return }
                        let (rule, b, d) = settings[i]
                        let clock = ContinuousClock()
                        let start = clock.now
                        do {
                            let fit = try model(rule: rule, b: b, d: d).run(
                                workingMatrix: matrix, groups: nil, leaves: leaves, idealShares: ideal, progress: { _, _ in })
                            let (s, atto) = (clock.now - start).components
                            out[i] = Point(
                                rule: rule, b: b, d: d, evaluation: try evaluate(top: fit.dendrogram),
                                seconds: Double(s) + Double(atto) * 1e-18)
                        } catch {
                            failed[i] = error
                        }
                        if t == 0 { progress(min(total, i + 1), total) }
                    }
                }
            }
        }
        progress(total, total)
        try cancellation?.check()
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return Outcome(n: n, k: k, vanilla: vanilla, points: points.compactMap { $0 }, vanillaTree: vanillaResult.dendrogram)
    }
}
