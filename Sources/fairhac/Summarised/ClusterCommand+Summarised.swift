import FairHACCore
import FairHACIO

extension ClusterCommand {
    /// The summarised form's run configuration for `m` micro-clusters (`fhac`: FHAC at the top).
    func summarisedRun(
        microClusters m: Int, fhac: FairHierarchicalClustering?, parallelism: Parallelism, budget: Int?, status: StatusLine
    ) -> SummarisedClustering {
        let bar = ProgressBar(status, label: "top merges", unit: "merges")
        var progress: MergeProgress?
        if status.enabled { progress = { done, total in bar.update(done, total) } }
        let hac = HierarchicalClustering(linkage: linkage, parallelism: parallelism, memoryBudget: budget, progress: progress, form: hacForm)
        var run = SummarisedClustering(clustering: hac, fair: fhac, microClusters: m, seed: summaryOptions.summarySeed)
        run.sampleSeed = summaryOptions.summarySeed
        return run
    }

    /// Runs the summarised form on features.
    func summarisedFit(
        _ run: SummarisedClustering, _ x: Observations, metric: Metric, groups: ProtectedAttributes?, status: StatusLine,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> SummarisedClustering.Result {
        status.say("summarising \(x.count) observations into about \(min(x.count, run.summariser.microClusters)) micro-clusters…")
        return try run.fit(x, groups: groups, metric: metric, force: fairness.force, progress: progress)
    }

    /// Rows of the seeded quality sample above n = 20,000.
    static let qualitySampleSize = 10_000

    /// The silhouette of the k-partition on a seeded sample of rows (`nil` when fewer than two
    /// clusters are in the sample).
    func sampledQuality(_ x: Observations, labels: [Int], parallelism: Parallelism) -> ClusteringSummary.QualitySample {
        let size = min(x.count, Self.qualitySampleSize)
        let seed = summaryOptions.summarySeed
        let rows = Subsample.indices(population: x.count, size: size, seed: seed)
        let silhouette = try? Silhouette.score(x.selecting(rows: rows), labels: rows.map { labels[$0] }, parallelism: parallelism)
        return ClusteringSummary.QualitySample(silhouette: silhouette, sampleSize: size, seed: seed)
    }
}
