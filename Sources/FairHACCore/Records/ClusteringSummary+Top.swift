extension ClusteringSummary {
    /// The summary of a run over micro-cluster summaries (the Spark port's driver): the same
    /// keys, read from the outcome as ``init(_:input:groupColumn:)`` reads the in-process run's.
    public init(_ o: SummarisedTopOutcome, input: Input, groupColumn: String?) {
        self.init(
            input: input, n: o.observationCount, request: o.request, metric: o.request.metric.rawValue, method: o.methodName,
            options: o.options, algorithm: o.algorithm, monotoneHeights: o.monotoneHeights ?? true, clusterSizes: o.clusterSizes,
            degenerateBelow: o.degenerateBelow, fairness: o.fairness, groupColumn: groupColumn, idealRule: o.idealRule,
            levels: o.fairAtEveryLevel, vanilla: o.vanilla, tolerance: o.request.levelTolerance)
        setFeatureMeans(o.featureMeans)
        let flagged = o.notices.filter { $0.kind == .lessFair || $0.kind == .qualityLoss }
        warnings = flagged.isEmpty ? nil : flagged.map { Warning(kind: $0.kind.rawValue, text: $0.text) }
        form = Form(
            microClusters: o.microClusters, largest: o.largestMicroCluster, summariser: o.summariser, linkage: o.request.linkage,
            memberSampleSize: o.memberSampleSize, sampleSeed: o.request.summarySeed)
        qualitySample = o.qualitySample.map {
            QualitySample(
                silhouette: $0.silhouette, sampleSize: $0.sampleSize, seed: $0.seed,
                note: "silhouette of the k-partition on \($0.sampleSize) rows drawn without replacement (seeded); "
                    + "the tree objectives need every pair of rows and are skipped on the distributed form")
        }
    }
}
